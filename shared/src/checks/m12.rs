//! # M12 — 联合体成员又单独或参加其他联合体投标 (Consortium member also bidding alone or in another consortium)
//!
//! **What it checks.** A supplier that is a member of a consortium may not bid in the same lot
//! alone or as a member of another consortium. Flagged: a supplier appearing (as bidder or
//! consortium member) in two or more bids of the same lot that are not withdrawn.
//!
//! **Why it matters.** A consortium member bidding again in the same lot competes against itself,
//! a form of collusion. 联合体成员在同一合同项下另行投标构成自我竞争、变相串通。
//!
//! **Legal basis.** 《政府采购法实施条例》 第22条第2款 [V].
//!
//! **Data.** `bids[]` (`supplier_id`, `consortium_members`, `lot_id`, `status`). Insufficient
//! data when no bid is known.
//!
//! **Example.** Bid B1 by S1 alone, bid B2 by the consortium S2 + S1 in the same lot → flagged:
//! "供应商S1在同一包中出现在2份投标中".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M12",
    stage: Stage::During,
    subject: Subject::Bid,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第22条第2款")],
    valid_from: None,
    valid_to: None,
    title: Text::new("联合体成员又单独或参加其他联合体投标", "Consortium member also bidding alone or in another consortium"),
    message: Text::new(
        "供应商{supplier}在同一包中出现在{bid_count}份投标中",
        "Supplier {supplier} appears in {bid_count} bids of the same lot",
    ),
    why: Text::new(
        "联合体成员在同一合同项下另行投标构成自我竞争、变相串通。",
        "A consortium member bidding again in the same lot competes against itself, a form of collusion.",
    ),
};
pub static M12: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    if p.bids.is_empty() {
        return Outcome::missing(&["bids"]);
    }
    for lot in p.bid_lots() {
        let bids: Vec<&Bid> = p
            .bids_in_lot(lot)
            .filter(|b| b.status != BidStatus::Withdrawn)
            .collect();
        // Each supplier once per bid, then count bids per supplier.
        let mut seen: Vec<(&str, Vec<&str>)> = Vec::new();
        for b in &bids {
            let mut parties: Vec<&str> = std::iter::once(b.supplier_id.as_str())
                .chain(b.consortium_members.iter().map(String::as_str))
                .collect();
            parties.sort_unstable();
            parties.dedup();
            for s in parties {
                match seen.iter_mut().find(|(x, _)| *x == s) {
                    Some((_, ids)) => ids.push(b.id.as_str()),
                    None => seen.push((s, vec![b.id.as_str()])),
                }
            }
        }
        if let Some((s, ids)) = seen.iter().find(|(_, ids)| ids.len() >= 2) {
            let name = p.supplier(s).map_or(*s, |x| x.name.as_str());
            let mut evidence = Evidence::new()
                .text("supplier", name)
                .text("supplier_id", *s)
                .count("bid_count", ids.len() as i64)
                .text("bids", ids.join(", "));
            if let Some(l) = lot {
                evidence = evidence.text("lot", l);
            }
            return Outcome::flag(&META, evidence);
        }
    }
    Outcome::clear(Evidence::new().count("bids", p.bids.len() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    fn project(bids: serde_json::Value) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.bids = serde_json::from_value(bids).expect("bids");
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        let cases: Vec<(&str, serde_json::Value, &str)> = vec![
            (
                "member also alone",
                json!([{"id": "B1", "supplier_id": "S1", "status": "valid"}, {"id": "B2", "supplier_id": "S2", "status": "valid", "consortium_members": ["S1"]}]),
                "flag",
            ),
            (
                "member of two consortia",
                json!([{"id": "B1", "supplier_id": "S3", "status": "valid", "consortium_members": ["S1"]}, {"id": "B2", "supplier_id": "S2", "status": "disqualified", "consortium_members": ["S1"]}]),
                "flag",
            ),
            (
                "different lots",
                json!([{"id": "B1", "supplier_id": "S1", "status": "valid", "lot_id": "L1"}, {"id": "B2", "supplier_id": "S2", "status": "valid", "lot_id": "L2", "consortium_members": ["S1"]}]),
                "clear",
            ),
            (
                "one bid withdrawn",
                json!([{"id": "B1", "supplier_id": "S1", "status": "withdrawn"}, {"id": "B2", "supplier_id": "S2", "status": "valid", "consortium_members": ["S1"]}]),
                "clear",
            ),
            (
                "lead listed as its own member counts once",
                json!([{"id": "B1", "supplier_id": "S1", "status": "valid", "consortium_members": ["S1", "S2"]}]),
                "clear",
            ),
            (
                "no overlap",
                json!([{"id": "B1", "supplier_id": "S1", "status": "valid"}, {"id": "B2", "supplier_id": "S2", "status": "valid"}]),
                "clear",
            ),
            ("no bids", json!([]), "missing"),
        ];
        for (name, bids, expected) in cases {
            let out = M12.run(&project(bids), &ctx("2026-11-26"));
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let out = M12.run(
            &project(json!([{"id": "B1", "supplier_id": "S1", "status": "valid"}, {"id": "B2", "supplier_id": "S2", "status": "valid", "consortium_members": ["S1"]}])),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "供应商S1在同一包中出现在2份投标中");
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
