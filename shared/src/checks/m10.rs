//! # M10 — 关联供应商参加同一合同项下投标 (Affiliated suppliers in the same lot)
//!
//! **What it checks.** Suppliers whose 单位负责人 (responsible person) is the same person, or
//! between which there is a direct controlling relation, may not bid for the same lot. For every
//! pair of bids in a lot (different suppliers, not withdrawn): flagged when the responsible person
//! (or, when none is recorded, the legal representative) has the same person id, or when one
//! supplier is a controlling shareholder of the other (`shareholders[].holder_id` with
//! `controlling = true`). The evidence names the pair.
//!
//! **Why it matters.** Suppliers with the same responsible person or a control relation may not
//! bid for the same contract. 单位负责人为同一人或存在控股、管理关系的供应商不得参加同一合同项下的
//! 采购活动。
//!
//! **Legal basis.** 《政府采购法实施条例》 第18条第1款 [V].
//!
//! **Data.** `bids[]` (`supplier_id`, `lot_id`, `status`), `suppliers[]` (`responsible_person`,
//! `legal_rep`, `shareholders`). Management relations other than control are not judged.
//! Insufficient data when no bid is known, or (when nothing is flagged) a bidder has no registry
//! entry or no person id for its responsible person.
//!
//! **Example.** S1 and S2 both headed by person P-1 → flagged: "供应商甲公司与乙公司单位负责人为同一人，
//! 却参加同一包投标".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M10",
    stage: Stage::During,
    subject: Subject::Pair,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第18条第1款")],
    valid_from: None,
    valid_to: None,
    title: Text::new("关联供应商参加同一合同项下投标", "Affiliated suppliers in the same lot"),
    message: Text::new(
        "供应商{supplier_a}与{supplier_b}{relation}，却参加同一包投标",
        "Suppliers {supplier_a} and {supplier_b} bid in the same lot although {relation}",
    ),
    why: Text::new(
        "单位负责人为同一人或存在控股、管理关系的供应商不得参加同一合同项下的采购活动。",
        "Suppliers with the same responsible person or a control relation may not bid for the same contract.",
    ),
};
pub static M10: Check = Check { meta: &META, run };

fn head(s: &Supplier) -> Option<&str> {
    s.responsible_person
        .as_ref()
        .or(s.legal_rep.as_ref())
        .and_then(|x| x.id.as_deref())
}

fn controls(owner: &Supplier, owned: &Supplier) -> bool {
    owned
        .shareholders
        .iter()
        .any(|h| h.holder_id.as_deref() == Some(owner.id.as_str()) && h.controlling == Some(true))
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    if p.bids.is_empty() {
        return Outcome::missing(&["bids"]);
    }
    let mut need = Need::new();
    for lot in p.bid_lots() {
        let mut ids: Vec<&str> = Vec::new();
        for b in p
            .bids_in_lot(lot)
            .filter(|b| b.status != BidStatus::Withdrawn)
        {
            if !ids.contains(&b.supplier_id.as_str()) {
                ids.push(b.supplier_id.as_str());
            }
        }
        let entries: Vec<Option<&Supplier>> = ids.iter().map(|id| p.supplier(id)).collect();
        for (i, a) in entries.iter().enumerate() {
            let Some(a) = need.get(*a, "suppliers[]") else {
                continue;
            };
            for b in entries[i + 1..].iter().flatten() {
                let relation = if head(a).is_some() && head(a) == head(b) {
                    Some(Text::new(
                        "单位负责人为同一人",
                        "they have the same responsible person",
                    ))
                } else if controls(a, b) || controls(b, a) {
                    Some(Text::new("存在直接控股关系", "one controls the other"))
                } else {
                    None
                };
                if let Some(relation) = relation {
                    let mut evidence = Evidence::new()
                        .text("supplier_a", a.name.clone())
                        .text("supplier_b", b.name.clone())
                        .text("supplier_a_id", a.id.clone())
                        .text("supplier_b_id", b.id.clone())
                        .label("relation", relation);
                    if let Some(l) = lot {
                        evidence = evidence.text("lot", l);
                    }
                    return Outcome::flag(&META, evidence);
                }
            }
            need.get(head(a), "suppliers[].responsible_person.id");
        }
    }
    if !need.is_complete() {
        return need.outcome();
    }
    Outcome::clear(Evidence::new().count("bids", p.bids.len() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    fn project(
        s1: serde_json::Value,
        s2: Option<serde_json::Value>,
        same_lot: bool,
    ) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.bids = serde_json::from_value(json!([
            {"id": "B1", "supplier_id": "S1", "status": "valid", "lot_id": "L1"},
            {"id": "B2", "supplier_id": "S2", "status": "valid", "lot_id": if same_lot { "L1" } else { "L2" }},
        ]))
        .expect("bids");
        let mut base1 = json!({"id": "S1", "name": "甲公司"});
        for (k, v) in s1.as_object().expect("o") {
            base1[k] = v.clone();
        }
        p.suppliers.push(serde_json::from_value(base1).expect("s1"));
        if let Some(s2) = s2 {
            let mut base2 = json!({"id": "S2", "name": "乙公司"});
            for (k, v) in s2.as_object().expect("o") {
                base2[k] = v.clone();
            }
            p.suppliers.push(serde_json::from_value(base2).expect("s2"));
        }
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        let head = |id: &str| json!({"responsible_person": {"id": id, "name": "某"}});
        let rep = |id: &str| json!({"legal_rep": {"id": id, "name": "某"}});
        let cases: Vec<(
            &str,
            serde_json::Value,
            Option<serde_json::Value>,
            bool,
            &str,
        )> = vec![
            (
                "same responsible person",
                head("P1"),
                Some(head("P1")),
                true,
                "flag",
            ),
            (
                "same legal rep, no responsible person",
                rep("P1"),
                Some(rep("P1")),
                true,
                "flag",
            ),
            (
                "different people",
                head("P1"),
                Some(head("P2")),
                true,
                "clear",
            ),
            (
                "same person, different lots",
                head("P1"),
                Some(head("P1")),
                false,
                "clear",
            ),
            (
                "S1 controls S2",
                head("P1"),
                Some(
                    json!({"responsible_person": {"id": "P2", "name": "x"}, "shareholders": [{"holder_id": "S1", "name": "甲公司", "controlling": true}]}),
                ),
                true,
                "flag",
            ),
            (
                "S1 a minority holder of S2",
                head("P1"),
                Some(
                    json!({"responsible_person": {"id": "P2", "name": "x"}, "shareholders": [{"holder_id": "S1", "name": "甲公司", "controlling": false}]}),
                ),
                true,
                "clear",
            ),
            ("registry entry missing", head("P1"), None, true, "missing"),
            (
                "person id unknown",
                json!({"responsible_person": {"name": "某"}}),
                Some(head("P2")),
                true,
                "missing",
            ),
        ];
        for (name, s1, s2, same_lot, expected) in cases {
            let out = M10.run(&project(s1, s2, same_lot), &ctx("2026-11-26"));
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let h = json!({"responsible_person": {"id": "P1", "name": "某"}});
        let out = M10.run(&project(h.clone(), Some(h), true), &ctx("2026-11-26"));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "供应商甲公司与乙公司单位负责人为同一人，却参加同一包投标"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
