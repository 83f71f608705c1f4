//! # M16 — 异常低价未要求书面说明 (Abnormally low price accepted without justification)
//!
//! **What it checks.** For each award: the winning price (final quotation when there is one,
//! else the opened price) is compared with the median of the other valid bids of the same lot.
//! Flagged when `winner < (1 − x) × median` and no written justification of the low price is on
//! file (`bids[].low_price_explanation = false`). `x` is the setting `m16.discount_permille`
//! (default 200 = 20 %): national law sets no number, so this is a risk indicator. The comparison
//! is exact in fen (an even number of other bids takes the mean of the two middle prices without
//! rounding): exactly 80 % of the median passes, one fen less fails.
//!
//! **Why it matters.** An abnormally low price may hide collusion, a planned variation or poor
//! performance; 87号令 Art 60 requires the panel to ask for a written justification.
//!
//! **Legal basis.** 财政部令第87号 第60条 [K]; Cardinal R058 [L].
//!
//! **Data.** `awards[]` (`bid_id` or `supplier_id`, `lot_id`), `bids[]` (`price`, `final_price`,
//! `status`, `low_price_explanation`). Insufficient data when the winning bid or a price is
//! unknown, or when the price is abnormally low and whether a justification is on file is unknown.
//! An award with no other valid bid is clear (nothing to compare).
//!
//! **Example.** Others 100, 110, 120 万元 (median 110), winner 87.99 万元 < 88 万元, no
//! justification → flagged: "成交报价879,900.00元低于其他有效报价中位数1,100,000.00元的80%，且无书面说明".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M16",
    stage: Stage::During,
    subject: Subject::Bid,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[LegalBasis::k(law::ORDER_87, "第60条"), LegalBasis::l(law::CARDINAL, "R058")],
    valid_from: None,
    valid_to: None,
    title: Text::new("异常低价未要求书面说明", "Abnormally low price accepted without justification"),
    message: Text::new(
        "成交报价{winner_price}低于其他有效报价中位数{median}的{threshold_rate}，且无书面说明",
        "The winning price {winner_price} is below {threshold_rate} of the median of the other valid bids ({median}) with no written justification",
    ),
    why: Text::new(
        "明显低于其他报价可能影响履约或存在不正当竞争，应要求供应商书面说明。",
        "A price far below the others may endanger performance or hide unfair competition; a written justification is required.",
    ),
};
pub static M16: Check = Check { meta: &META, run };

fn price(b: &Bid) -> Option<Fen> {
    b.final_price.or(b.price)
}

fn judge(p: &ProjectRecord, a: &Award, ctx: &CheckContext) -> Outcome {
    let lot = a.lot_id.as_deref();
    let winner = match &a.bid_id {
        Some(id) => p.bids.iter().find(|b| b.id == *id),
        None => p.bids_in_lot(lot).find(|b| b.supplier_id == a.supplier_id),
    };
    let Some(winner) = winner else {
        return Outcome::missing(&["awards[].bid_id"]);
    };
    let Some(win) = price(winner) else {
        return Outcome::missing(&["bids[].price"]);
    };
    let mut others: Vec<i64> = Vec::new();
    for b in p.bids_in_lot(lot) {
        if b.id == winner.id || b.status != BidStatus::Valid {
            continue;
        }
        match price(b) {
            Some(x) => others.push(x.0),
            None => return Outcome::missing(&["bids[].price"]),
        }
    }
    if others.is_empty() {
        return Outcome::clear(
            Evidence::new()
                .money("winner_price", win)
                .count("other_valid_bids", 0),
        );
    }
    others.sort_unstable();
    let n = others.len();
    // Twice the median, exact in fen.
    let twice = if n % 2 == 1 {
        i128::from(others[n / 2]) * 2
    } else {
        i128::from(others[n / 2 - 1]) + i128::from(others[n / 2])
    };
    let discount = ctx.settings.m16().discount_permille.clamp(0, 1000);
    let rate = 1000 - discount;
    let low = i128::from(win.0) * 2000 < twice * i128::from(rate);
    let median = Fen(i64::try_from(twice / 2).unwrap_or(i64::MAX));
    let threshold = Fen(i64::try_from(twice * i128::from(rate) / 2000).unwrap_or(i64::MAX));
    let mut evidence = Evidence::new()
        .money("winner_price", win)
        .money("median", median)
        .permille("threshold_rate", rate)
        .money("threshold", threshold)
        .count("other_valid_bids", n as i64)
        .text("bid", winner.id.clone());
    if let Some(l) = lot {
        evidence = evidence.text("lot", l);
    }
    if !low {
        return Outcome::clear(evidence);
    }
    match winner.low_price_explanation {
        Some(true) => Outcome::clear(evidence.bool("explanation", true)),
        Some(false) => Outcome::flag(&META, evidence.bool("explanation", false)),
        None => Outcome::missing(&["bids[].low_price_explanation"]),
    }
}

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    Outcome::combine(
        p.awards.iter().map(|a| judge(p, a, ctx)),
        Outcome::missing(&["awards"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::settings::{CheckSettings, M16Settings};
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    fn project(
        winner: Option<i64>,
        others: &[Option<i64>],
        explanation: Option<bool>,
    ) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.bids.push(
            serde_json::from_value(
                json!({"id": "W", "supplier_id": "SW", "status": "valid", "price": winner,
                "low_price_explanation": explanation}),
            )
            .expect("bid"),
        );
        for (i, o) in others.iter().enumerate() {
            p.bids.push(serde_json::from_value(json!({"id": format!("B{i}"), "supplier_id": format!("S{i}"), "status": "valid", "price": o})).expect("bid"));
        }
        p.bids.push(
            serde_json::from_value(
                json!({"id": "X", "supplier_id": "SX", "status": "disqualified", "price": 1}),
            )
            .expect("bid"),
        );
        p.awards
            .push(serde_json::from_value(json!({"supplier_id": "SW"})).expect("award"));
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        let three = [Some(1_000_000), Some(1_100_000), Some(1_200_000)]; // median 1,100,000 → 80 % = 880,000
        let four = [
            Some(1_000_000),
            Some(1_100_000),
            Some(1_200_000),
            Some(1_300_000),
        ]; // median 1,150,000 → 920,000
        let no = Some(false);
        let cases: &[(&str, Option<i64>, &[Option<i64>], Option<bool>, &str)] = &[
            (
                "exactly 80 % of the median",
                Some(880_000),
                &three,
                no,
                "clear",
            ),
            ("one fen under 80 %", Some(879_999), &three, no, "flag"),
            (
                "low but justified",
                Some(700_000),
                &three,
                Some(true),
                "clear",
            ),
            (
                "low, justification unknown",
                Some(700_000),
                &three,
                None,
                "missing",
            ),
            (
                "even count: mean of the middle two",
                Some(920_000),
                &four,
                no,
                "clear",
            ),
            (
                "even count, one fen under",
                Some(919_999),
                &four,
                no,
                "flag",
            ),
            ("no other valid bid", Some(1), &[], no, "clear"),
            ("winner price unknown", None, &three, no, "missing"),
            (
                "other price unknown",
                Some(880_000),
                &[Some(1_000_000), None],
                no,
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, winner, others, explanation, expected) in cases {
            let out = M16.run(&project(*winner, others, *explanation), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn setting_changes_the_threshold_and_message() {
        let p = project(
            Some(879_999),
            &[Some(1_000_000), Some(1_100_000), Some(1_200_000)],
            Some(false),
        );
        let out = M16.run(&p, &ctx("2026-11-26"));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "成交报价8,799.99元低于其他有效报价中位数11,000.00元的80%，且无书面说明"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
        let settings = CheckSettings {
            m16: Some(M16Settings {
                discount_permille: 300,
            }),
            ..CheckSettings::default()
        };
        let base = ctx("2026-11-26");
        let c = CheckContext {
            settings: &settings,
            ..base
        };
        assert!(M16.run(&p, &c).is_clear());
    }
}
