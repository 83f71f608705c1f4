//! # M14 — 报价相同或呈规律性排列 (Identical or regularly spaced prices)
//!
//! **What it checks.** Per lot, over the bids that are not withdrawn (the final quotation when
//! there is one, else the opened price): (1) two or more different suppliers quoting exactly the
//! same price; (2) three or more consecutive prices (in ascending order, distinct) with a constant
//! difference (exact in fen), or (3) with a constant ratio (`p₁·p₃ = p₂²` within one fen of
//! rounding, e.g. steps of 1 %, 3 % or 10 %). The longest such run is reported. A risk indicator
//! (87号令 Art 37(四) names "报价呈规律性差异" as deemed collusion). The repetition of a pattern
//! across lots is not judged.
//!
//! **Why it matters.** Identical or regularly spaced prices suggest bidders coordinated their
//! prices. 报价完全相同或按固定比例排列，提示投标人之间可能协调报价。
//!
//! **Legal basis.** 财政部令第87号 第37条(四) [K]; Cardinal R028 [L]; OCP R023 [L].
//!
//! **Data.** `bids[]` (`price`, `final_price`, `supplier_id`, `lot_id`, `status`). Insufficient
//! data when no bid is known, or when a bid has no price (and nothing was flagged).
//!
//! **Example.** Prices 1,000,000.00, 1,010,000.00 and 1,020,000.00 元 → flagged: "3份投标报价等差排列".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M14",
    stage: Stage::During,
    subject: Subject::Lot,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::k(law::ORDER_87, "第37条(四)"),
        LegalBasis::l(law::CARDINAL, "R028"),
        LegalBasis::l(law::OCP, "R023"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "报价相同或呈规律性差异",
        "Identical or regularly spaced prices",
    ),
    message: Text::new(
        "{count}份投标报价{pattern}",
        "{count} bids have {pattern} prices",
    ),
    why: Text::new(
        "报价完全相同或按固定比例排列，提示投标人之间可能协调报价。",
        "Identical or regularly spaced prices suggest bidders coordinated their prices.",
    ),
};
pub static M14: Check = Check { meta: &META, run };

/// The longest run (length ≥ 3) of consecutive sorted distinct prices satisfying `step`.
fn longest_run(prices: &[i64], step: impl Fn(i64, i64, i64) -> bool) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut start = 0;
    for i in 2..prices.len() {
        if !step(prices[i - 2], prices[i - 1], prices[i]) {
            start = i - 1;
            continue;
        }
        let len = i + 1 - start;
        if best.is_none_or(|(_, l)| len > l) {
            best = Some((start, len));
        }
    }
    best
}

fn lot_outcome(p: &ProjectRecord, lot: Option<&str>) -> Outcome {
    let mut priced: Vec<(&Bid, i64)> = Vec::new();
    let mut unknown = false;
    for b in p
        .bids_in_lot(lot)
        .filter(|b| b.status != BidStatus::Withdrawn)
    {
        match b.final_price.or(b.price) {
            Some(x) => priced.push((b, x.0)),
            None => unknown = true,
        }
    }
    let base = |count: usize, pattern: Text, prices: &[i64]| {
        let list: Vec<String> = prices.iter().map(|x| Fen(*x).to_string()).collect();
        let e = Evidence::new()
            .count("count", count as i64)
            .label("pattern", pattern)
            .text("prices", list.join(", "));
        match lot {
            Some(l) => e.text("lot", l),
            None => e,
        }
    };
    // (1) identical prices from different suppliers.
    for (i, (b, x)) in priced.iter().enumerate() {
        let mut suppliers: Vec<&str> = vec![b.supplier_id.as_str()];
        for (o, y) in &priced[i + 1..] {
            if y == x && !suppliers.contains(&o.supplier_id.as_str()) {
                suppliers.push(o.supplier_id.as_str());
            }
        }
        if suppliers.len() >= 2 {
            let e = base(suppliers.len(), Text::new("完全相同", "identical"), &[*x])
                .text("suppliers", suppliers.join(", "));
            return Outcome::flag(&META, e);
        }
    }
    let mut prices: Vec<i64> = priced.iter().map(|(_, x)| *x).collect();
    prices.sort_unstable();
    prices.dedup();
    // In 128 bits: a project file may carry any i64 amount, and `b - a` overflows i64.
    let diff = longest_run(&prices, |a, b, c| {
        i128::from(b) - i128::from(a) == i128::from(c) - i128::from(b)
    });
    let ratio = longest_run(&prices, |a, b, c| {
        (i128::from(a) * i128::from(c) - i128::from(b) * i128::from(b)).abs() <= i128::from(c)
    });
    let pick = match (diff, ratio) {
        (Some(d), Some(r)) if r.1 > d.1 => Some((r, Text::new("等比排列", "constant-ratio"))),
        (Some(d), _) => Some((d, Text::new("等差排列", "evenly spaced"))),
        (None, Some(r)) => Some((r, Text::new("等比排列", "constant-ratio"))),
        (None, None) => None,
    };
    if let Some(((start, len), pattern)) = pick {
        return Outcome::flag(&META, base(len, pattern, &prices[start..start + len]));
    }
    if unknown {
        return Outcome::missing(&["bids[].price"]);
    }
    Outcome::clear(base(
        priced.len(),
        Text::new("无规律", "irregular"),
        &prices,
    ))
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::combine(
        p.bid_lots().into_iter().map(|l| lot_outcome(p, l)),
        Outcome::missing(&["bids"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    /// Bids by suppliers S0, S1, … with these prices (fen).
    fn project(prices: &[Option<i64>]) -> ProjectRecord {
        let mut p = record(Method::CompetitiveNegotiation);
        for (i, x) in prices.iter().enumerate() {
            p.bids.push(
                serde_json::from_value(json!({"id": format!("B{i}"), "supplier_id": format!("S{i}"), "status": "valid", "final_price": x}))
                    .expect("bid"),
            );
        }
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        let cases: &[(&str, &[Option<i64>], &str)] = &[
            (
                "irregular",
                &[Some(100_000_000), Some(103_700_000), Some(109_900_000)],
                "clear",
            ),
            (
                "two identical",
                &[Some(100_000_000), Some(100_000_000), Some(109_900_000)],
                "flag",
            ),
            (
                "constant difference",
                &[Some(100_000_000), Some(101_000_000), Some(102_000_000)],
                "flag",
            ),
            (
                "difference off by one fen",
                &[Some(100_000_000), Some(101_000_000), Some(102_000_001)],
                "clear",
            ),
            (
                "constant 1 % ratio",
                &[Some(100_000_000), Some(101_000_000), Some(102_010_000)],
                "flag",
            ),
            (
                "constant 10 % ratio, rounded to the fen",
                &[Some(123_457), Some(135_803), Some(149_383)],
                "flag",
            ),
            (
                "only two bids, different",
                &[Some(100_000_000), Some(101_000_000)],
                "clear",
            ),
            (
                "pattern hidden among others: consecutive only",
                &[
                    Some(100_000_000),
                    Some(100_500_000),
                    Some(101_000_000),
                    Some(150_000_000),
                ],
                "flag",
            ),
            (
                "price unknown",
                &[Some(100_000_000), None, Some(109_900_000)],
                "missing",
            ),
            ("no bids", &[], "missing"),
        ];
        for (name, prices, expected) in cases {
            let out = M14.run(&project(prices), &ctx("2026-11-26"));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn same_supplier_twice_is_not_identical_pricing_and_message() {
        let mut p = project(&[Some(100), Some(100)]);
        p.bids[1].supplier_id = "S0".to_owned();
        assert!(M14.run(&p, &ctx("2026-11-26")).is_clear());
        let out = M14.run(
            &project(&[Some(100_000_000), Some(101_000_000), Some(102_000_000)]),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "3份投标报价等差排列");
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }

    /// Found by fuzzing (issue 8): extreme amounts from a project file overflowed the
    /// difference of neighbouring prices.
    #[test]
    fn extreme_prices_do_not_overflow() {
        let cases: &[(&[Option<i64>], &str)] = &[
            (&[Some(-5), Some(i64::MAX - 1), Some(i64::MAX)], "clear"),
            (&[Some(i64::MIN), Some(0), Some(i64::MAX)], "clear"),
            (&[Some(i64::MIN), Some(-1), Some(i64::MAX - 1)], "flag"),
        ];
        for (prices, expected) in cases {
            let out = M14.run(&project(prices), &ctx("2026-11-26"));
            assert_eq!(kind(&out), *expected, "{prices:?}: {out:?}");
        }
    }
}
