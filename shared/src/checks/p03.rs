//! # P03 — 集中采购目录项目未委托集中采购机构 (Centralized-catalogue item not entrusted to the centralized center)
//!
//! **What it checks.** A project whose items fall under the centralized-procurement catalogue
//! (集中采购目录) must be run by the centralized procurement center (集中采购机构), unless it is
//! covered by 部门集中采购 or an approved self-procurement (`agency.self_procurement_approved`).
//! A catalogue item run by a private agency or by the purchaser itself without that cover is
//! flagged.
//!
//! **Why it matters.** Items of the centralized catalogue must be procured through the
//! centralized procurement center; self-procurement or a private agency is unlawful.
//! 纳入集中采购目录的项目必须委托集中采购机构代理采购。
//!
//! **Legal basis.** 《政府采购法》 第7条、第18条、第74条 [V].
//!
//! **Data.** `project.centralized_catalogue_item` (set by the import step from the catalogue of
//! the year and jurisdiction — no catalogue table is held here), `project.agency.{kind,
//! self_procurement_approved}`.
//!
//! **Example.** Catalogue item, private agency, no approval → flagged: "项目属于集中采购目录，但由
//! 社会代理机构组织采购".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P03",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::BudgetPlan],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第7条、第18条、第74条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("集中采购目录项目未委托集中采购机构", "Centralized-catalogue item not entrusted to the centralized center"),
    message: Text::new(
        "项目属于集中采购目录，但由{agency_kind}组织采购",
        "The project is a centralized-catalogue item but is run by {agency_kind}",
    ),
    why: Text::new(
        "纳入集中采购目录的项目必须委托集中采购机构代理采购，擅自自行采购或委托社会代理机构属违法。",
        "Items of the centralized catalogue must be procured through the centralized procurement center; self-procurement or a private agency is unlawful.",
    ),
};

pub static P03: Check = Check { meta: &META, run };

fn agency_name(kind: AgencyKind) -> Text {
    match kind {
        AgencyKind::CentralizedCenter => {
            Text::new("集中采购机构", "the centralized procurement center")
        }
        AgencyKind::PrivateAgency => Text::new("社会代理机构", "a private agency"),
        AgencyKind::SelfProcurement => Text::new("采购人自行", "the purchaser itself"),
    }
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let Some(catalogue) = p.project.centralized_catalogue_item else {
        return Outcome::missing(&["project.centralized_catalogue_item"]);
    };
    if !catalogue {
        return Outcome::clear(Evidence::new().bool("centralized_catalogue_item", false));
    }
    let Some(agency) = &p.project.agency else {
        return Outcome::missing(&["project.agency"]);
    };
    let evidence = Evidence::new()
        .bool("centralized_catalogue_item", true)
        .label("agency_kind", agency_name(agency.kind));
    if agency.kind == AgencyKind::CentralizedCenter {
        return Outcome::clear(evidence);
    }
    match agency.self_procurement_approved {
        Some(true) => Outcome::clear(evidence.bool("self_procurement_approved", true)),
        Some(false) => Outcome::flag(&META, evidence.bool("self_procurement_approved", false)),
        None => Outcome::missing(&["project.agency.self_procurement_approved"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};

    type Case<'a> = (
        &'a str,
        Option<bool>,
        Option<(AgencyKind, Option<bool>)>,
        &'a str,
    );

    #[test]
    fn table() {
        use AgencyKind::*;
        let cases: &[Case] = &[
            (
                "catalogue, center",
                Some(true),
                Some((CentralizedCenter, None)),
                "clear",
            ),
            (
                "catalogue, private agency",
                Some(true),
                Some((PrivateAgency, Some(false))),
                "flag",
            ),
            (
                "catalogue, self, approved",
                Some(true),
                Some((SelfProcurement, Some(true))),
                "clear",
            ),
            (
                "catalogue, self, approval unknown",
                Some(true),
                Some((SelfProcurement, None)),
                "missing",
            ),
            ("catalogue, agency unknown", Some(true), None, "missing"),
            (
                "not a catalogue item",
                Some(false),
                Some((PrivateAgency, Some(false))),
                "clear",
            ),
            (
                "catalogue unknown",
                None,
                Some((PrivateAgency, Some(false))),
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, cat, agency, expected) in cases {
            let mut p = record(Method::PublicTender);
            p.project.centralized_catalogue_item = *cat;
            p.project.agency = agency.map(|(kind, approved)| AgencyRef {
                kind,
                org_id: None,
                self_procurement_approved: approved,
            });
            let out = P03.run(&p, &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let mut p = record(Method::PublicTender);
        p.project.centralized_catalogue_item = Some(true);
        p.project.agency = Some(AgencyRef {
            kind: AgencyKind::PrivateAgency,
            org_id: None,
            self_procurement_approved: Some(false),
        });
        let Outcome::Flagged(f) = P03.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "项目属于集中采购目录，但由社会代理机构组织采购"
        );
        assert!(!f.message_en.contains('{'));
    }
}
