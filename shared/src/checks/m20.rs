//! # M20 — 同品牌投标人按多家计算 (Same-brand bidders counted as separate competitors)
//!
//! **What it checks.** In a tender, bidders offering the same brand of the core product count as
//! one bidder for the "at least 3 bidders" rule (87号令 Art 31). Per lot: flagged when at least 3
//! bids (not withdrawn) were received, fewer than 3 distinct core-product brands were offered, and
//! the tender went on to evaluation or an award — i.e. the same-brand bidders were counted
//! separately. Brands are compared after trimming, case-insensitively.
//!
//! **Why it matters.** Bidders of the same brand count as one; otherwise the three-bidder rule is
//! hollow. 提供相同品牌产品的投标人只能按一家计算，否则"三家以上"的竞争要求被虚化。
//!
//! **Legal basis.** 财政部令第87号 第31条 [K]. The minimum of 3 is
//! [`MIN_BIDDERS`](super::m01::MIN_BIDDERS).
//!
//! **Data.** `bids[]` (`brand`, `status`, `lot_id`), `panel.started_at` / `score_sheets` /
//! `reports` (evaluation held), `awards`. Insufficient data when no bid is known, or when a
//! missing brand could decide the count. Fewer than 3 bids is M01's concern (clear here).
//!
//! **Example.** Three bidders, two offering brand "华为" and one "联想", evaluation held →
//! flagged: "2家投标人提供同一核心产品品牌华为，却按多家计算".

use super::prelude::*;
use crate::checks::m01::MIN_BIDDERS;

pub static META: CheckMeta = CheckMeta {
    id: "M20",
    stage: Stage::During,
    subject: Subject::Lot,
    methods: methods::TENDER,
    nodes: &[Node::DeadlineOpening],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::ORDER_87, "第31条")],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "同品牌投标人按多家计算",
        "Same-brand bidders counted separately",
    ),
    message: Text::new(
        "{count}家投标人提供同一核心产品品牌{brand}，却按多家计算",
        "{count} bidders offer the same core brand {brand} and were counted separately",
    ),
    why: Text::new(
        "提供相同品牌产品的投标人只能按一家计算，否则\"三家以上\"的竞争要求被虚化。",
        "Bidders of the same brand count as one; otherwise the three-bidder rule is hollow.",
    ),
};
pub static M20: Check = Check { meta: &META, run };

fn lot_outcome(p: &ProjectRecord, lot: Option<&str>) -> Outcome {
    let bids: Vec<&Bid> = p
        .bids_in_lot(lot)
        .filter(|b| b.status != BidStatus::Withdrawn)
        .collect();
    let n = bids.len() as i64;
    let continued = p.panel.as_ref().is_some_and(|x| x.started_at.is_some())
        || !p.score_sheets.is_empty()
        || !p.reports.is_empty()
        || p.awards.iter().any(|a| a.lot_id.as_deref() == lot);
    let mut brands: Vec<(String, String, i64)> = Vec::new(); // (key, as written, count)
    let mut unknown = 0i64;
    for b in &bids {
        match b.brand.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => {
                let key = s.to_lowercase();
                match brands.iter_mut().find(|(k, _, _)| *k == key) {
                    Some(e) => e.2 += 1,
                    None => brands.push((key, s.to_owned(), 1)),
                }
            }
            None => unknown += 1,
        }
    }
    let distinct = brands.len() as i64;
    let mut evidence = Evidence::new()
        .count("bids", n)
        .count("distinct_brands", distinct)
        .bool("continued", continued);
    if let Some(l) = lot {
        evidence = evidence.text("lot", l);
    }
    if n < MIN_BIDDERS || !continued {
        return Outcome::clear(evidence);
    }
    if distinct + unknown < MIN_BIDDERS {
        let Some((_, brand, count)) = brands.iter().max_by_key(|(_, _, c)| *c) else {
            return Outcome::missing(&["bids[].brand"]);
        };
        return Outcome::flag(
            &META,
            evidence.count("count", *count).text("brand", brand.clone()),
        );
    }
    if distinct < MIN_BIDDERS {
        return Outcome::missing(&["bids[].brand"]);
    }
    Outcome::clear(evidence)
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
    use crate::checks::testing::{at, ctx, kind, record};
    use serde_json::json;

    fn project(brands: &[Option<&str>], evaluated: bool) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        for (i, b) in brands.iter().enumerate() {
            p.bids.push(
                serde_json::from_value(json!({"id": format!("B{i}"), "supplier_id": format!("S{i}"), "status": "valid", "brand": b}))
                    .expect("bid"),
            );
        }
        if evaluated {
            p.panel = Some(Panel {
                started_at: Some(at("2026-03-10 09:00")),
                ..Panel::default()
            });
        }
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        let (h, l, d) = (Some("华为"), Some("联想"), Some("戴尔"));
        let cases: &[(&str, &[Option<&str>], bool, &str)] = &[
            ("three brands", &[h, l, d], true, "clear"),
            (
                "two of one brand, evaluated",
                &[h, Some(" 华为 "), l],
                true,
                "flag",
            ),
            (
                "case-insensitive",
                &[Some("Dell"), Some("DELL"), l],
                true,
                "flag",
            ),
            (
                "two of one brand, not evaluated",
                &[h, h, l],
                false,
                "clear",
            ),
            ("four bids, three brands", &[h, h, l, d], true, "clear"),
            ("brand unknown could decide", &[h, l, None], true, "missing"),
            ("unknown cannot save it", &[h, h, h, None], true, "flag"),
            ("only two bids", &[h, h], true, "clear"),
            ("no bids", &[], true, "missing"),
        ];
        for (name, brands, evaluated, expected) in cases {
            let out = M20.run(&project(brands, *evaluated), &ctx("2026-11-26"));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let out = M20.run(
            &project(&[Some("华为"), Some("华为"), Some("联想")], true),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "2家投标人提供同一核心产品品牌华为，却按多家计算"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
