//! # M11 — 为项目提供设计等服务的供应商参加投标 (Consultant or designer of the project bidding)
//!
//! **What it checks.** A supplier that provided the overall design, the specifications, project
//! management, supervision or testing for this project (`project.consultants`) may not bid for it
//! (except in single source, to which this check does not apply). Flagged: a bid (not withdrawn)
//! whose bidder or one of whose consortium members is such a consultant.
//!
//! **Why it matters.** A supplier that designed, specified or managed the project has an
//! information advantage and may not bid. 为项目提供整体设计、规范编制或项目管理等服务的供应商掌握
//! 信息优势，不得再参加该项目采购。
//!
//! **Legal basis.** 《政府采购法实施条例》 第18条第2款 [V].
//!
//! **Data.** `project.consultants[]` (`supplier_id`, `role`), `bids[]` (`supplier_id`,
//! `consortium_members`, `status`). An empty consultant list means none is recorded: the check is
//! then clear. Insufficient data when no bid is known.
//!
//! **Example.** S3 wrote the specifications and bids → flagged: "供应商S3曾为本项目提供
//! specification服务，又参加本项目投标".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M11",
    stage: Stage::During,
    subject: Subject::Bid,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第18条第2款")],
    valid_from: None,
    valid_to: None,
    title: Text::new("为项目提供设计等服务的供应商参加投标", "Consultant or designer of the project bidding"),
    message: Text::new(
        "供应商{supplier}曾为本项目提供{role}服务，又参加本项目投标",
        "Supplier {supplier} provided {role} for this project and also bid",
    ),
    why: Text::new(
        "为项目提供整体设计、规范编制或项目管理等服务的供应商掌握信息优势，不得再参加该项目采购。",
        "A supplier that designed, specified or managed the project has an information advantage and may not bid.",
    ),
};
pub static M11: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    if p.bids.is_empty() {
        return Outcome::missing(&["bids"]);
    }
    for b in p.bids.iter().filter(|b| b.status != BidStatus::Withdrawn) {
        let parties = std::iter::once(&b.supplier_id).chain(b.consortium_members.iter());
        for s in parties {
            if let Some(c) = p.project.consultants.iter().find(|c| c.supplier_id == *s) {
                let name = p.supplier(s).map_or(s.as_str(), |x| x.name.as_str());
                let evidence = Evidence::new()
                    .text("supplier", name)
                    .text("supplier_id", s.clone())
                    .text("role", c.role.clone())
                    .text("bid", b.id.clone());
                return Outcome::flag(&META, evidence);
            }
        }
    }
    Outcome::clear(
        Evidence::new()
            .count("consultants", p.project.consultants.len() as i64)
            .count("bids", p.bids.len() as i64),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    fn project(consultant: Option<&str>, bids: serde_json::Value) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        if let Some(c) = consultant {
            p.project.consultants.push(
                serde_json::from_value(json!({"supplier_id": c, "role": "specification"}))
                    .expect("c"),
            );
        }
        p.bids = serde_json::from_value(bids).expect("bids");
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        let bids = || json!([{"id": "B1", "supplier_id": "S1", "status": "valid"}, {"id": "B3", "supplier_id": "S3", "status": "valid", "consortium_members": ["S4"]}]);
        let cases: Vec<(&str, Option<&str>, serde_json::Value, &str)> = vec![
            ("consultant bids", Some("S1"), bids(), "flag"),
            ("consultant in a consortium", Some("S4"), bids(), "flag"),
            ("consultant does not bid", Some("S9"), bids(), "clear"),
            (
                "consultant's bid withdrawn",
                Some("S1"),
                json!([{"id": "B1", "supplier_id": "S1", "status": "withdrawn"}]),
                "clear",
            ),
            ("no consultant recorded", None, bids(), "clear"),
            ("no bids", Some("S1"), json!([]), "missing"),
        ];
        for (name, consultant, bids, expected) in cases {
            let out = M11.run(&project(consultant, bids), &ctx("2026-11-26"));
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let out = M11.run(
            &project(
                Some("S3"),
                json!([{"id": "B3", "supplier_id": "S3", "status": "valid"}]),
            ),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "供应商S3曾为本项目提供specification服务，又参加本项目投标"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
