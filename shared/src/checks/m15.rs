//! # M15 — 报价或成交金额超预算/最高限价 (Bid or award above budget or ceiling)
//!
//! **What it checks.** A bid whose price exceeds the budget or the ceiling price (最高限价) of
//! its lot must be rejected (投标无效); and the award amount must not exceed the budget or the
//! ceiling. Flagged: a bid still `valid` above a limit, or an award amount above a limit. The
//! price judged is the final quotation when there is one (negotiation, consultation, RFQ), else
//! the opened price. Limits are the lot's `budget_amount` / `max_price` for a bid or award in a
//! lot, the project's for one without a lot. Amounts are compared exactly in fen: a price equal
//! to the budget passes, one fen more fails.
//!
//! **Why it matters.** Bids above the budget or ceiling are invalid; awarding one means buying
//! over budget. 超过预算或最高限价的报价应作无效处理，据此授标即超预算采购。
//!
//! **Legal basis.** 财政部令第87号 第63条(四) [K]; 《政府采购法》 第36条(三) [V].
//!
//! **Data.** `project.budget_amount` / `project.max_price` (or `lots[].budget_amount` /
//! `lots[].max_price`), `bids[].price` / `final_price`, `bids[].status`, `awards[].amount`.
//! Insufficient data when no limit is known for a lot, when a valid bid has no price or an award no
//! amount (and nothing was flagged), or when there are neither bids nor awards.
//!
//! **Example.** Budget 1,000,000.00 元, award 1,000,000.01 元 → flagged:
//! "成交金额1,000,000.01元超过采购预算1,000,000.00元".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M15",
    stage: Stage::During,
    subject: Subject::Bid,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::k(law::ORDER_87, "第63条(四)"),
        LegalBasis::v(law::GP_LAW, "第36条(三)"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "报价或成交金额超预算/最高限价",
        "Bid or award above budget or ceiling",
    ),
    message: Text::new(
        "{what}金额{amount}超过{limit_name}{limit}",
        "{what} amount {amount} exceeds the {limit_name} {limit}",
    ),
    why: Text::new(
        "超过预算或最高限价的报价应作无效处理，据此授标即超预算采购。",
        "Bids above the budget or ceiling are invalid; awarding one means buying over budget.",
    ),
};

pub static M15: Check = Check { meta: &META, run };

const BUDGET: Text = Text::new("采购预算", "budget");
const CEILING: Text = Text::new("最高限价", "ceiling price");

/// The budget and the ceiling of a lot (`None` = the project), or the missing field.
fn limits(p: &ProjectRecord, lot: Option<&str>) -> Result<[(Text, Option<Fen>); 2], &'static str> {
    let (budget, ceiling, field) = match lot {
        None => (
            p.project.budget_amount,
            p.project.max_price,
            "project.budget_amount",
        ),
        Some(id) => match p.lots.iter().find(|l| l.id == id) {
            Some(l) => (l.budget_amount, l.max_price, "lots[].budget_amount"),
            None => (None, None, "lots[]"),
        },
    };
    if budget.is_none() && ceiling.is_none() {
        return Err(field);
    }
    Ok([(BUDGET, budget), (CEILING, ceiling)])
}

/// The first limit `amount` exceeds.
fn exceeded(amount: Fen, limits: &[(Text, Option<Fen>); 2]) -> Option<(Text, Fen)> {
    limits
        .iter()
        .find_map(|(name, l)| l.filter(|l| amount > *l).map(|l| (*name, l)))
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    if p.bids.is_empty() && p.awards.is_empty() {
        return Outcome::missing(&["bids", "awards"]);
    }
    let mut need = Need::new();
    let mut judged = 0i64;
    // The award first: buying over budget is the graver fact.
    for a in &p.awards {
        let lims = match limits(p, a.lot_id.as_deref()) {
            Ok(l) => l,
            Err(f) => {
                need.get(None::<()>, f);
                continue;
            }
        };
        let Some(amount) = need.get(a.amount, "awards[].amount") else {
            continue;
        };
        judged += 1;
        if let Some((name, limit)) = exceeded(amount, &lims) {
            let evidence = Evidence::new()
                .label("what", Text::new("成交", "Award"))
                .text("supplier", a.supplier_id.clone())
                .money("amount", amount)
                .label("limit_name", name)
                .money("limit", limit);
            return Outcome::flag(&META, evidence);
        }
    }
    for b in p.bids.iter().filter(|b| b.status == BidStatus::Valid) {
        let lims = match limits(p, b.lot_id.as_deref()) {
            Ok(l) => l,
            Err(f) => {
                need.get(None::<()>, f);
                continue;
            }
        };
        let Some(price) = need.get(b.final_price.or(b.price), "bids[].price") else {
            continue;
        };
        judged += 1;
        if let Some((name, limit)) = exceeded(price, &lims) {
            let evidence = Evidence::new()
                .label("what", Text::new("有效投标报价", "Valid bid"))
                .text("bid", b.id.clone())
                .text("supplier", b.supplier_id.clone())
                .money("amount", price)
                .label("limit_name", name)
                .money("limit", limit);
            return Outcome::flag(&META, evidence);
        }
    }
    if !need.is_complete() {
        return need.outcome();
    }
    let mut evidence = Evidence::new().count("amounts_checked", judged);
    if let Some(b) = p.project.budget_amount {
        evidence = evidence.money("budget", b);
    }
    if let Some(m) = p.project.max_price {
        evidence = evidence.money("max_price", m);
    }
    Outcome::clear(evidence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    fn bid(id: &str, price: Option<i64>, final_price: Option<i64>, status: &str) -> Bid {
        serde_json::from_value(json!({
            "id": id, "supplier_id": format!("S-{id}"), "status": status,
            "price": price, "final_price": final_price,
        }))
        .expect("bid")
    }

    fn award(amount: Option<i64>) -> Award {
        serde_json::from_value(json!({"supplier_id": "S-B1", "amount": amount})).expect("award")
    }

    const B: i64 = 100_000_000; // 1,000,000.00 元

    fn project(
        budget: Option<i64>,
        ceiling: Option<i64>,
        bids: Vec<Bid>,
        awards: Vec<Award>,
    ) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.budget_amount = budget.map(Fen);
        p.project.max_price = ceiling.map(Fen);
        p.bids = bids;
        p.awards = awards;
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        let cases: Vec<(&str, Option<i64>, Option<i64>, Vec<Bid>, Vec<Award>, &str)> = vec![
            (
                "bid equal to budget passes",
                Some(B),
                None,
                vec![bid("B1", Some(B), None, "valid")],
                vec![],
                "clear",
            ),
            (
                "bid one fen over budget, valid",
                Some(B),
                None,
                vec![bid("B1", Some(B + 1), None, "valid")],
                vec![],
                "flag",
            ),
            (
                "bid over budget but rejected",
                Some(B),
                None,
                vec![bid("B1", Some(B + 1), None, "disqualified")],
                vec![],
                "clear",
            ),
            (
                "bid over the ceiling",
                Some(B),
                Some(B - 100),
                vec![bid("B1", Some(B - 99), None, "valid")],
                vec![],
                "flag",
            ),
            (
                "final quote under budget counts",
                Some(B),
                None,
                vec![bid("B1", Some(B + 5), Some(B), "valid")],
                vec![],
                "clear",
            ),
            (
                "award equal to budget",
                Some(B),
                None,
                vec![],
                vec![award(Some(B))],
                "clear",
            ),
            (
                "award one fen over budget",
                Some(B),
                None,
                vec![],
                vec![award(Some(B + 1))],
                "flag",
            ),
            (
                "award over ceiling only",
                None,
                Some(B),
                vec![],
                vec![award(Some(B + 1))],
                "flag",
            ),
            (
                "award amount unknown",
                Some(B),
                None,
                vec![],
                vec![award(None)],
                "missing",
            ),
            (
                "no limit known",
                None,
                None,
                vec![bid("B1", Some(B), None, "valid")],
                vec![],
                "missing",
            ),
            (
                "valid bid without price",
                Some(B),
                None,
                vec![bid("B1", None, None, "valid")],
                vec![],
                "missing",
            ),
            ("nothing known", Some(B), None, vec![], vec![], "missing"),
        ];
        let c = ctx("2026-11-26");
        for (name, budget, ceiling, bids, awards, expected) in cases {
            let out = M15.run(&project(budget, ceiling, bids, awards), &c);
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn lots_use_their_own_limits() {
        let mut p = project(Some(B), None, vec![], vec![]);
        p.lots.push(
            serde_json::from_value(json!({"id": "L1", "name": "包1", "budget_amount": 1000}))
                .expect("lot"),
        );
        let mut b = bid("B1", Some(1001), None, "valid");
        b.lot_id = Some("L1".to_owned());
        p.bids.push(b);
        let out = M15.run(&p, &ctx("2026-11-26"));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "有效投标报价金额10.01元超过采购预算10.00元");
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
        p.bids[0].lot_id = Some("L2".to_owned());
        assert_eq!(
            M15.run(&p, &ctx("2026-11-26")),
            Outcome::missing(&["lots[]"])
        );
    }
}
