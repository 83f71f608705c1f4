//! # M09 — 代理机构人员参加本机构代理项目评审 (Agency staff evaluating own agency's project)
//!
//! **What it checks.** Staff of the procurement agency (集中采购机构 or 社会代理机构) running the
//! project may not sit on its panel, in any role. Flagged: a panel member whose employment history
//! shows the project's agency (by organisation id, or by its registered name) as employer on the
//! day of the evaluation. A self-run procurement (no agency) passes.
//!
//! **Why it matters.** Staff of the agency may not evaluate projects their agency runs.
//! 代理机构工作人员不得参加本机构代理项目的评审。
//!
//! **Legal basis.** 财政部令第87号 第47条 [K]; 财政部令第74号 第7条 [K].
//!
//! **Data.** `project.agency` (`kind`, `org_id`), `panel.members[].person_id`,
//! `experts[].employment_history`, `organisations[]` (the agency's name), the evaluation date
//! (`panel.started_at`, else the reference date). Insufficient data when the agency is unknown, or
//! when a member has no registry entry or an empty employment history (and nobody is flagged).
//!
//! **Example.** Member E1 (李四) works for the agency ORG-A (某招标代理有限公司) → flagged:
//! "评审委员会成员（编号E1）受雇于本项目代理机构某招标代理有限公司，却参加评审".

use super::prelude::*;
use crate::checks::m08::employed_on;
use crate::checks::REFERENCE_DATE;

pub static META: CheckMeta = CheckMeta {
    id: "M09",
    stage: Stage::During,
    subject: Subject::Expert,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ExpertDraw],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::k(law::ORDER_87, "第47条"),
        LegalBasis::k(law::ORDER_74, "第7条"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "代理机构人员参加本机构代理项目评审",
        "Agency staff evaluating own agency's project",
    ),
    message: Text::new(
        "评审委员会成员（编号{person_id}）受雇于本项目代理机构{agency}，却参加评审",
        "Panel member no. {person_id} works for the project's agency {agency} but sits on the panel",
    ),
    why: Text::new(
        "代理机构工作人员不得参加本机构代理项目的评审。",
        "Staff of the agency may not evaluate projects their agency runs.",
    ),
};
pub static M09: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let mut need = Need::new();
    let agency = need.get(p.project.agency.as_ref(), "project.agency");
    let members = need.get(
        p.panel
            .as_ref()
            .filter(|x| !x.members.is_empty())
            .map(|x| &x.members),
        "panel.members",
    );
    let (Some(agency), Some(members)) = (agency, members) else {
        return need.outcome();
    };
    let agency_id = match (agency.kind, &agency.org_id) {
        (AgencyKind::SelfProcurement, _) => {
            return Outcome::clear(Evidence::new().bool("agency", false));
        }
        (_, Some(id)) => id.as_str(),
        (_, None) => return Outcome::missing(&["project.agency.org_id"]),
    };
    let Some(date) = p
        .panel
        .as_ref()
        .and_then(|x| x.started_at)
        .map(Instant::china_date)
        .or_else(|| p.reference_date())
    else {
        return Outcome::missing(&[REFERENCE_DATE]);
    };
    let name = p.organisation(agency_id).map(|o| o.name.as_str());
    let mut unknown = Need::new();
    for m in members {
        let Some(e) = unknown.get(p.expert(&m.person_id), "experts[]") else {
            continue;
        };
        if let Some(true) = unknown.get(
            employed_on(e, agency_id, name, date),
            "experts[].employment_history",
        ) {
            // By number, never by name: the panel is secret until the result notice.
            let evidence = Evidence::new()
                .text("person_id", e.id.clone())
                .text("agency", name.unwrap_or(agency_id))
                .date("evaluation_date", date);
            return Outcome::flag(&META, evidence);
        }
    }
    if !unknown.is_complete() {
        return unknown.outcome();
    }
    Outcome::clear(
        Evidence::new()
            .count("members", members.len() as i64)
            .text("agency", name.unwrap_or(agency_id))
            .date("evaluation_date", date),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};
    use serde_json::json;

    fn project(
        agency: Option<serde_json::Value>,
        role: &str,
        jobs: serde_json::Value,
    ) -> ProjectRecord {
        let mut p = record(Method::CompetitiveConsultation);
        p.project.agency = agency.map(|a| serde_json::from_value(a).expect("agency"));
        let mut panel: Panel = serde_json::from_value(
            json!({"members": [{"person_id": "E1", "role": role, "source": "random"}]}),
        )
        .expect("panel");
        panel.started_at = Some(at("2026-03-10 09:00"));
        p.panel = Some(panel);
        p.organisations.push(
            serde_json::from_value(
                json!({"id": "ORG-A", "name": "某招标代理有限公司", "kind": "private_agency"}),
            )
            .expect("org"),
        );
        p.experts.push(
            serde_json::from_value(json!({"id": "E1", "name": "李四", "employment_history": jobs}))
                .expect("expert"),
        );
        p
    }

    #[test]
    fn table() {
        let a = || Some(json!({"kind": "private_agency", "org_id": "ORG-A"}));
        let cases: Vec<(
            &str,
            Option<serde_json::Value>,
            &str,
            serde_json::Value,
            &str,
        )> = vec![
            (
                "expert works for the agency",
                a(),
                "expert",
                json!([{"org_id": "ORG-A", "org_name": "x"}]),
                "flag",
            ),
            (
                "representative works for the agency",
                a(),
                "purchaser_rep",
                json!([{"org_name": "某招标代理有限公司"}]),
                "flag",
            ),
            (
                "left before",
                a(),
                "expert",
                json!([{"org_id": "ORG-A", "org_name": "x", "until": "2025-12-31"}]),
                "clear",
            ),
            (
                "other employer",
                a(),
                "expert",
                json!([{"org_id": "ORG-U", "org_name": "某大学"}]),
                "clear",
            ),
            (
                "self-procurement",
                Some(json!({"kind": "self_procurement"})),
                "expert",
                json!([]),
                "clear",
            ),
            (
                "agency unknown",
                None,
                "expert",
                json!([{"org_id": "ORG-A", "org_name": "x"}]),
                "missing",
            ),
            ("history unknown", a(), "expert", json!([]), "missing"),
        ];
        for (name, agency, role, jobs, expected) in cases {
            let out = M09.run(&project(agency, role, jobs), &ctx("2026-11-26"));
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let out = M09.run(
            &project(
                Some(json!({"kind": "private_agency", "org_id": "ORG-A"})),
                "expert",
                json!([{"org_id": "ORG-A", "org_name": "x"}]),
            ),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "评审委员会成员（编号E1）受雇于本项目代理机构某招标代理有限公司，却参加评审"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
