//! # A18 — 长期陪标者 (Serial loser)
//!
//! **What it checks.** Cardinal R025. Each supplier's ratio of wins to valid bids across all
//! processes; a process is a lot (a project without lots is one process) with exactly one award,
//! and a supplier with a valid bid in it is counted once per process. A supplier is flagged when
//! its number of valid bids is **above** the `a18.percentile` (75th) percentile of all suppliers'
//! counts (a "top tenderer") and its win ratio is **below** the lower fence Q1 − 1.5·IQR of all
//! ratios. The comparisons are strict, as in Cardinal's code (its documentation says "greater
//! than or equal" / "less than or equal"; the strict form keeps a degenerate sample, where every
//! supplier sits on the fences, from flagging everyone). Quantiles are type 7 ([`stats`]). The
//! statistics need ≥ `a18.min_subjects` (5) suppliers; below that every supplier answers
//! insufficient data. Like Cardinal, a process is skipped when its award goes to a consortium, or
//! the lot has several awards, and consortium bids are not counted; cancelled projects are skipped.
//!
//! **Why it matters.** A supplier that bids often but almost never wins may be a cover bidder.
//! 大量投标却几乎从不中标的供应商可能是陪标者。
//!
//! **Legal basis.** Cardinal R025 [L]. A risk indicator.
//!
//! **Data.** `bids[].status`, `bids[].supplier_id`, `bids[].lot_id`, `awards[].supplier_id`,
//! `awards[].lot_id`. Evidence: bids, wins, the ratio, the bid-count percentile and the fences.
//!
//! **Example.** Six suppliers win 2 or 3 of 4 bids; S-X wins 1 of 16: the bid-count percentile
//! is 4, the ratio fence 31.25 % → flagged: "供应商S-X投标16次，中标率6.3%，低于下界31.3%".

use std::collections::BTreeMap;

use super::a17::{merge_tallies, tally, to_permille, Tally};
use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A18",
    stage: Stage::Post,
    subject: Subject::Supplier,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Low,
    nature: Nature::RiskIndicator,
    legal_basis: &[LegalBasis::l(law::CARDINAL, "R025")],
    valid_from: None,
    valid_to: None,
    title: Text::new("长期陪标者", "Serial loser"),
    message: Text::new(
        "供应商{supplier}投标{bids}次，中标率{ratio}，低于下界{fence}",
        "Supplier {supplier} bid {bids} times with a win ratio of {ratio}, below the fence {fence}",
    ),
    why: Text::new(
        "大量投标却几乎从不中标的供应商可能是陪标者。",
        "A supplier that bids often but almost never wins may be a cover bidder.",
    ),
};

/// The portfolio check.
pub static A18: SerialLoserCheck = SerialLoserCheck;

/// Supplier id → wins (`hits`) of valid bids (`total`).
#[derive(Debug, Default)]
pub struct Acc {
    suppliers: BTreeMap<String, Tally>,
}

pub struct SerialLoserCheck;

/// The lots of a project that are processes: every lot with bids or an award.
fn lots(p: &ProjectRecord) -> Vec<Option<&str>> {
    let mut lots = p.bid_lots();
    for a in &p.awards {
        if !lots.contains(&a.lot_id.as_deref()) {
            lots.push(a.lot_id.as_deref());
        }
    }
    lots
}

/// The single winner of a lot, unless the lot has several awards or a consortium won.
pub(crate) fn sole_winner<'a>(p: &'a ProjectRecord, lot: Option<&str>) -> Option<&'a str> {
    let mut awards = p.awards.iter().filter(|a| a.lot_id.as_deref() == lot);
    let a = awards.next()?;
    if awards.next().is_some() {
        return None;
    }
    let consortium = a
        .bid_id
        .as_deref()
        .and_then(|id| p.bids.iter().find(|b| b.id == id))
        .or_else(|| p.bids_in_lot(lot).find(|b| b.supplier_id == a.supplier_id))
        .is_some_and(|b| !b.consortium_members.is_empty());
    (!consortium).then_some(a.supplier_id.as_str())
}

impl PortfolioCheck for SerialLoserCheck {
    type Acc = Acc;
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn fold(&self, acc: &mut Acc, p: &ProjectRecord, _ctx: &CheckContext) {
        if p.project.status == Some(ProjectStatus::Cancelled) {
            return;
        }
        for lot in lots(p) {
            let Some(winner) = sole_winner(p, lot) else {
                continue;
            };
            let mut valid: Vec<&str> = p
                .bids_in_lot(lot)
                .filter(|b| b.status == BidStatus::Valid && b.consortium_members.is_empty())
                .map(|b| b.supplier_id.as_str())
                .collect();
            valid.sort_unstable();
            valid.dedup();
            for s in valid {
                tally(
                    &mut acc.suppliers,
                    s,
                    Tally {
                        hits: i64::from(s == winner),
                        total: 1,
                        processes: 1,
                    },
                );
            }
        }
    }

    fn merge(&self, mut a: Acc, b: Acc) -> Acc {
        merge_tallies(&mut a.suppliers, b.suppliers);
        a
    }

    fn finalize(&self, acc: Acc, ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)> {
        let s = ctx.settings.a18();
        let counts: Vec<f64> = acc.suppliers.values().map(|t| t.total as f64).collect();
        let ratios: Vec<f64> = acc.suppliers.values().map(Tally::ratio).collect();
        let enough = acc.suppliers.len() >= (s.min_subjects as usize).max(1);
        let top = stats::quantile(&counts, f64::from(s.percentile.min(100)) / 100.0);
        let fences = stats::iqr_fences(&ratios, 1);
        let mut out = Vec::new();
        for (id, t) in &acc.suppliers {
            let subject = SubjectRef::new(Subject::Supplier, id.clone());
            let (true, Some(top), Some(f)) = (enough, top, fences) else {
                out.push((
                    subject,
                    Outcome::missing(&["bids[] of more suppliers (a18.min_subjects)"]),
                ));
                continue;
            };
            let r = t.ratio();
            let evidence = Evidence::new()
                .text("supplier", id.as_str())
                .count("bids", t.total)
                .count("wins", t.hits)
                .permille("ratio", to_permille(r))
                .permille("fence", to_permille(f.lower))
                .number("ratio_exact", r)
                .number("bids_percentile", top)
                .number("q1", f.quartiles.q1)
                .number("q3", f.quartiles.q3)
                .number("lower_fence", f.lower)
                .count("peers", f.quartiles.n as i64);
            if (t.total as f64) > top && r < f.lower {
                out.push((subject, Outcome::flag(&META, evidence)));
            } else {
                out.push((subject, Outcome::clear(evidence)));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::a13::split::{of, pieces, sorted, whole};
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use proptest::prelude::*;

    fn bid(supplier: &str, status: BidStatus) -> Bid {
        Bid {
            id: format!("B-{supplier}"),
            supplier_id: supplier.to_owned(),
            lot_id: None,
            received_at: None,
            price: None,
            final_price: None,
            status,
            disqualification_reason: None,
            qualified: None,
            responsive: None,
            brand: None,
            device: None,
            consortium_members: Vec::new(),
            deposit_payer_account: None,
            deposit_refunded_at: None,
            low_price_explanation: None,
            contacts: Vec::new(),
        }
    }

    /// One process: `supplier` bids (valid), and wins or loses to Z (whose bid is not valid).
    fn process(i: usize, supplier: &str, won: bool) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.id = format!("P{i}");
        p.bids.push(bid(supplier, BidStatus::Valid));
        p.awards.push(Award {
            lot_id: None,
            supplier_id: if won {
                supplier.to_owned()
            } else {
                "Z".to_owned()
            },
            bid_id: None,
            amount: None,
            confirmed_at: None,
            notified_at: None,
            published_at: None,
            deviation_reason: None,
        });
        p
    }

    /// Suppliers A–F with 4 bids (A–D win 2, E–F win 3) and X with `bids`, `wins`.
    fn portfolio(bids: usize, wins: usize) -> Vec<ProjectRecord> {
        let mut ps = Vec::new();
        let mut i = 0;
        let mut add = |s: &str, n: usize, w: usize, ps: &mut Vec<ProjectRecord>| {
            for k in 0..n {
                ps.push(process(i, s, k < w));
                i += 1;
            }
        };
        for (s, w) in [("A", 2), ("B", 2), ("C", 2), ("D", 2), ("E", 3), ("F", 3)] {
            add(s, 4, w, &mut ps);
        }
        add("X", bids, wins, &mut ps);
        ps
    }

    #[test]
    fn table() {
        // Ratios: X, ½ ×4, ¾ ×2 → Q1 ½, Q3 ⅝, lower fence 5/16. Bid counts: 4 ×6 and X → P75 = 4.
        let cases: &[(&str, usize, usize, &str)] = &[
            ("16 bids, 1 win", 16, 1, "flag"),
            ("16 bids, 4 wins (¼ < 5/16)", 16, 4, "flag"),
            (
                "16 bids, 5 wins: exactly the fence is not below it",
                16,
                5,
                "clear",
            ),
            ("5 bids, 0 wins: a top tenderer", 5, 0, "flag"),
            (
                "4 bids, 0 wins: exactly the percentile is not above it",
                4,
                0,
                "clear",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, bids, wins, expected) in cases {
            let out = whole(&A18, &portfolio(*bids, *wins), &c);
            let o = of(&out, "X").unwrap();
            assert_eq!(kind(o), *expected, "{name}: {o:?}");
        }
        let out = whole(&A18, &portfolio(16, 1), &c);
        let Some(Outcome::Flagged(f)) = of(&out, "X") else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "供应商X投标16次，中标率6.3%，低于下界31.3%");
        assert!(of(&out, "A").unwrap().is_clear());
    }

    #[test]
    fn insufficient_and_exclusions() {
        let c = ctx("2026-11-26");
        let ps: Vec<ProjectRecord> = (0..8)
            .map(|i| process(i, ["A", "B", "C", "D"][i % 4], i < 4))
            .collect();
        assert!(of(&whole(&A18, &ps, &c), "A").unwrap().is_insufficient());
        // A consortium award is skipped.
        let mut p = process(0, "A", true);
        p.bids[0].consortium_members.push("M".to_owned());
        assert!(whole(&A18, &[p], &c).is_empty());
    }

    proptest! {
        #[test]
        fn fold_merge_in_any_split_equals_one_fold(
            spec in proptest::collection::vec((0u8..8, any::<bool>()), 0..40),
            cuts in proptest::collection::vec(0usize..45, 0..5),
            rot in 0usize..6,
        ) {
            let ps: Vec<ProjectRecord> = spec.iter().enumerate().map(|(i, (s, w))| process(i, &format!("S{s}"), *w)).collect();
            let c = ctx("2026-11-26");
            prop_assert_eq!(sorted(whole(&A18, &ps, &c)), sorted(pieces(&A18, &ps, &cuts, rot, &c)));
        }
    }
}
