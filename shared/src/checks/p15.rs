//! # P15 — 最高限价超预算或设定最低限价 (Ceiling above budget, or a floor price set)
//!
//! **What it checks.** In a tender, the ceiling price (最高限价) may not exceed the budget, and no
//! floor price (最低限价) may be set (87号令 Art 12). Checked for the project and for each lot
//! with its own budget and ceiling. A ceiling equal to the budget passes; one fen more fails. No
//! ceiling at all is lawful.
//!
//! **Why it matters.** The ceiling may not exceed the budget and no floor price may be set;
//! otherwise price competition is restricted. 最高限价不得超过预算，且不得设定最低限价。
//!
//! **Legal basis.** 财政部令第87号 第12条 [K].
//!
//! **Data.** `project.max_price`, `project.budget_amount`, `project.min_price`,
//! `lots[].{max_price, budget_amount}`. An empty `min_price` means no floor price in the
//! documents. Insufficient data when a ceiling is set and its budget is unknown.
//!
//! **Example.** Budget 1,000,000.00 元, ceiling 1,000,000.01 元 → flagged: "最高限价1,000,000.01元
//! 超过采购预算1,000,000.00元，或设置了最低限价（最低限价：无）".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P15",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::TENDER,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::ORDER_87, "第12条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("最高限价超预算或设定最低限价", "Ceiling above budget, or a floor price set"),
    message: Text::new(
        "最高限价{max_price}超过采购预算{budget}，或设置了最低限价（最低限价：{min_price}）",
        "The ceiling {max_price} exceeds the budget {budget}, or a floor price is set (floor price: {min_price})",
    ),
    why: Text::new(
        "最高限价不得超过预算，且不得设定最低限价，否则限制价格竞争。",
        "The ceiling may not exceed the budget and no floor price may be set; otherwise price competition is restricted.",
    ),
};

pub static P15: Check = Check { meta: &META, run };

const NONE: Text = Text::new("无", "none");
const UNKNOWN: Text = Text::new("未知", "unknown");

/// One ceiling against one budget (`lot` = `None` for the project).
fn ceiling(
    lot: Option<&str>,
    max: Option<Fen>,
    budget: Option<Fen>,
    min_price: Option<Fen>,
    field: &'static str,
) -> Outcome {
    let mut e = Evidence::new();
    if let Some(l) = lot {
        e = e.text("lot", l.to_owned());
    }
    e = match max {
        Some(m) => e.money("max_price", m),
        None => e.label("max_price", NONE),
    };
    e = match budget {
        Some(b) => e.money("budget", b),
        None => e.label("budget", UNKNOWN),
    };
    e = match min_price {
        Some(m) => e.money("min_price", m),
        None => e.label("min_price", NONE),
    };
    match (max, budget) {
        (Some(m), Some(b)) if m > b => Outcome::flag(&META, e),
        (Some(_), None) => Outcome::missing(&[field]),
        _ => Outcome::clear(e),
    }
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let pr = &p.project;
    let project_part = ceiling(
        None,
        pr.max_price,
        pr.budget_amount,
        pr.min_price,
        "project.budget_amount",
    );
    if let Some(min) = pr.min_price {
        // A floor price is unlawful whatever the ceiling.
        let mut e = Evidence::new().money("min_price", min);
        e = match pr.max_price {
            Some(m) => e.money("max_price", m),
            None => e.label("max_price", NONE),
        };
        e = match pr.budget_amount {
            Some(b) => e.money("budget", b),
            None => e.label("budget", UNKNOWN),
        };
        return Outcome::flag(&META, e);
    }
    let lots = p.lots.iter().map(|l| {
        ceiling(
            Some(&l.id),
            l.max_price,
            l.budget_amount,
            None,
            "lots[].budget_amount",
        )
    });
    Outcome::combine(
        std::iter::once(project_part).chain(lots),
        Outcome::missing(&["project.budget_amount"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};

    type Case<'a> = (
        &'a str,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<(i64, i64)>,
        &'a str,
    );

    #[test]
    fn table() {
        let b = Some(100_000_000);
        let cases: &[Case] = &[
            (
                "ceiling = budget",
                b,
                Some(100_000_000),
                None,
                None,
                "clear",
            ),
            (
                "ceiling one fen over",
                b,
                Some(100_000_001),
                None,
                None,
                "flag",
            ),
            ("no ceiling", b, None, None, None, "clear"),
            (
                "floor price set",
                b,
                Some(90_000_000),
                Some(50_000_000),
                None,
                "flag",
            ),
            (
                "floor price, nothing else known",
                None,
                None,
                Some(1),
                None,
                "flag",
            ),
            (
                "ceiling, budget unknown",
                None,
                Some(100_000_000),
                None,
                None,
                "missing",
            ),
            (
                "lot ceiling over its budget",
                b,
                None,
                None,
                Some((50_000_000, 50_000_001)),
                "flag",
            ),
            (
                "lot ceiling = its budget",
                b,
                None,
                None,
                Some((50_000_000, 50_000_000)),
                "clear",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, budget, max, min, lot, expected) in cases {
            let mut p = record(Method::PublicTender);
            p.project.budget_amount = budget.map(Fen);
            p.project.max_price = max.map(Fen);
            p.project.min_price = min.map(Fen);
            if let Some((lb, lm)) = lot {
                p.lots.push(Lot {
                    failed: None,
                    id: "1".to_owned(),
                    name: "包1".to_owned(),
                    budget_amount: Some(Fen(*lb)),
                    max_price: Some(Fen(*lm)),
                });
            }
            let out = P15.run(&p, &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let mut p = record(Method::PublicTender);
        p.project.budget_amount = Some(Fen(100_000_000));
        p.project.max_price = Some(Fen(100_000_001));
        let Outcome::Flagged(f) = P15.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "最高限价1,000,000.01元超过采购预算1,000,000.00元，或设置了最低限价（最低限价：无）"
        );
        assert!(!f.message_en.contains('{'));
    }
}
