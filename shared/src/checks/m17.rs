//! # M17 — 最低价被否或仅中标人有效 (Lowest bid rejected, or all but the winner disqualified)
//!
//! **What it checks.** Two patterns per awarded lot of a tender: (1) under the lowest-evaluated-
//! price method (最低评标价法) the lowest submitted bid was disqualified (no valid bid at the same
//! price); (2) every bid other than the winner's was disqualified, with at least one other bid.
//! Withdrawn bids are not counted. A risk indicator: a flag asks a reviewer to read the
//! disqualification reasons.
//!
//! **Why it matters.** Disqualifying the cheapest bid, or every competitor, is a classic way to
//! steer an award to a chosen supplier. 否决最低价或除中标人外全部否决，是定向授标的常见手法。
//!
//! **Legal basis.** Cardinal R035, R036 [L]; Prozorro SASU RISK2-13 [L];
//! 《政府采购法实施条例》 第34条 [V].
//!
//! **Data.** `project.scoring.method`, `awards[]`, `bids[]` (`status`, `price`, `lot_id`,
//! `disqualification_reason`). Insufficient data without awards, when a submitted bid has no price
//! (pattern 1), or when the scoring method is unknown (and pattern 2 did not flag).
//!
//! **Example.** Lowest-price method, bids 90, 95, 100 万元; the 90 万元 bid B1 disqualified →
//! flagged: "最低评标价法下最低报价被否决：B1 900,000.00".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M17",
    stage: Stage::During,
    subject: Subject::Lot,
    methods: methods::TENDER,
    nodes: &[Node::Evaluation],
    severity: Severity::High,
    nature: Nature::RiskIndicator,
    legal_basis: &[LegalBasis::l(law::CARDINAL, "R035, R036"), LegalBasis::l(law::SASU, "RISK2-13"), LegalBasis::v(law::GP_REGS, "第34条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("最低价被否或仅中标人有效", "Lowest bid rejected, or all but the winner disqualified"),
    message: Text::new(
        "{pattern}：{detail}",
        "{pattern}: {detail}",
    ),
    why: Text::new(
        "最低价法下最低报价被否决，或除中标人外全部无效，提示资格/符合性审查被用来排除竞争者。",
        "Rejecting the lowest bid under lowest-price evaluation, or disqualifying all but the winner, suggests the review was used to remove competitors.",
    ),
};
pub static M17: Check = Check { meta: &META, run };

fn judge(p: &ProjectRecord, a: &Award) -> Outcome {
    let lot = a.lot_id.as_deref();
    let bids: Vec<&Bid> = p
        .bids_in_lot(lot)
        .filter(|b| b.status != BidStatus::Withdrawn)
        .collect();
    let is_winner = |b: &Bid| match &a.bid_id {
        Some(id) => b.id == *id,
        None => b.supplier_id == a.supplier_id,
    };
    let others: Vec<&&Bid> = bids.iter().filter(|b| !is_winner(b)).collect();
    let evidence = |pattern: Text, detail: String| {
        let e = Evidence::new()
            .label("pattern", pattern)
            .text("detail", detail)
            .text("winner", a.supplier_id.clone())
            .count("bids", bids.len() as i64);
        match lot {
            Some(l) => e.text("lot", l),
            None => e,
        }
    };
    if !others.is_empty() && others.iter().all(|b| b.status == BidStatus::Disqualified) {
        let ids: Vec<&str> = others.iter().map(|b| b.id.as_str()).collect();
        return Outcome::flag(
            &META,
            evidence(
                Text::new(
                    "除中标人外的投标全部被否决",
                    "Every bid but the winner's disqualified",
                ),
                ids.join(", "),
            ),
        );
    }
    let Some(scoring) = p.project.scoring.as_ref() else {
        return Outcome::missing(&["project.scoring"]);
    };
    if scoring.method == ScoringMethod::LowestPrice {
        let mut priced: Vec<(&Bid, Fen)> = Vec::new();
        for b in &bids {
            match b.price {
                Some(x) => priced.push((b, x)),
                None => return Outcome::missing(&["bids[].price"]),
            }
        }
        if let Some(min) = priced.iter().map(|(_, x)| *x).min() {
            let at_min: Vec<&(&Bid, Fen)> = priced.iter().filter(|(_, x)| *x == min).collect();
            if at_min
                .iter()
                .all(|(b, _)| b.status == BidStatus::Disqualified)
            {
                let (b, x) = at_min[0];
                let mut e = evidence(
                    Text::new(
                        "最低评标价法下最低报价被否决",
                        "Lowest bid disqualified under the lowest-price method",
                    ),
                    format!("{} {}", b.id, x),
                );
                if let Some(r) = &b.disqualification_reason {
                    e = e.text("reason", r.clone());
                }
                return Outcome::flag(&META, e);
            }
        }
    }
    Outcome::clear(evidence(Text::new("无", "none"), String::new()))
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    if p.bids.is_empty() {
        return Outcome::missing(&["bids"]);
    }
    Outcome::combine(
        p.awards.iter().map(|a| judge(p, a)),
        Outcome::missing(&["awards"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    /// Bids (id, price, status); the winner is `S1` (bid B1).
    fn project(scoring: Option<&str>, bids: &[(&str, Option<i64>, &str)]) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.scoring =
            scoring.map(|m| serde_json::from_value(json!({"method": m})).expect("scoring"));
        for (id, price, status) in bids {
            p.bids.push(
                serde_json::from_value(json!({"id": id, "supplier_id": id.replace('B', "S"), "price": price, "status": status}))
                    .expect("bid"),
            );
        }
        p.awards
            .push(serde_json::from_value(json!({"supplier_id": "S1"})).expect("award"));
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        let lp = Some("lowest_price");
        let cs = Some("comprehensive");
        let cases: &[(&str, Option<&str>, &[(&str, Option<i64>, &str)], &str)] = &[
            (
                "lowest wins",
                lp,
                &[
                    ("B1", Some(90), "valid"),
                    ("B2", Some(95), "valid"),
                    ("B3", Some(100), "disqualified"),
                ],
                "clear",
            ),
            (
                "lowest disqualified",
                lp,
                &[
                    ("B1", Some(95), "valid"),
                    ("B2", Some(90), "disqualified"),
                    ("B3", Some(100), "valid"),
                ],
                "flag",
            ),
            (
                "tie at the lowest, one valid",
                lp,
                &[
                    ("B1", Some(90), "valid"),
                    ("B2", Some(90), "disqualified"),
                    ("B3", Some(100), "valid"),
                ],
                "clear",
            ),
            (
                "lowest withdrawn is not a rejection",
                lp,
                &[
                    ("B1", Some(95), "valid"),
                    ("B2", Some(90), "withdrawn"),
                    ("B3", Some(100), "valid"),
                ],
                "clear",
            ),
            (
                "comprehensive: lowest may lose",
                cs,
                &[
                    ("B1", Some(95), "valid"),
                    ("B2", Some(90), "disqualified"),
                    ("B3", Some(100), "valid"),
                ],
                "clear",
            ),
            (
                "all but the winner disqualified",
                cs,
                &[
                    ("B1", Some(95), "valid"),
                    ("B2", Some(90), "disqualified"),
                    ("B3", Some(100), "disqualified"),
                ],
                "flag",
            ),
            (
                "only the winner bid",
                cs,
                &[("B1", Some(95), "valid")],
                "clear",
            ),
            (
                "scoring unknown",
                None,
                &[("B1", Some(95), "valid"), ("B2", Some(90), "valid")],
                "missing",
            ),
            (
                "all disqualified flags even without scoring",
                None,
                &[("B1", Some(95), "valid"), ("B2", Some(90), "disqualified")],
                "flag",
            ),
            (
                "price unknown",
                lp,
                &[
                    ("B1", Some(95), "valid"),
                    ("B2", None, "disqualified"),
                    ("B3", Some(100), "valid"),
                ],
                "missing",
            ),
        ];
        for (name, scoring, bids, expected) in cases {
            let out = M17.run(&project(*scoring, bids), &ctx("2026-11-26"));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let out = M17.run(
            &project(
                Some("lowest_price"),
                &[
                    ("B1", Some(95_000_000), "valid"),
                    ("B2", Some(90_000_000), "disqualified"),
                    ("B3", Some(1), "withdrawn"),
                    ("B4", Some(100_000_000), "valid"),
                ],
            ),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "最低评标价法下最低报价被否决：B2 900,000.00");
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
