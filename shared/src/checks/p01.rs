//! # P01 — 无预算或超预算采购 (No budget or over budget)
//!
//! **What it checks.** The procurement plan must be charged to a budget line (预算指标), and the
//! amounts committed on that line (all plans and projects charged to it, this one included) must
//! not exceed the amount available (the adjusted amount after a budget adjustment, else the
//! approved amount). Committed exactly equal to available passes; one fen more fails. When the
//! committed total is unknown, the larger of this plan's amount and this project's budget is a
//! lower bound of it: if even that exceeds the line, the check flags; otherwise it needs the total.
//!
//! **Why it matters.** Government procurement must be budgeted and stay within budget; unbudgeted
//! purchases lead to unpaid suppliers and irregular spending. 政府采购必须有预算、不得超预算。
//!
//! **Legal basis.** 《政府采购法》 第6条 [V]; 《保障中小企业款项支付条例》(2025) 第8条 [V]
//! (no procurement "无预算、超预算").
//!
//! **Data.** `plan.budget_line_id`, `budget_line.{id, approved_amount, adjusted_amount,
//! committed_amount}`, `plan.amount`, `project.budget_amount`. A plan with no budget line id is
//! flagged. Insufficient data when neither plan nor budget line is known, when the plan names a
//! line that is not in the record, or when the committed total is needed and unknown.
//!
//! **Example.** Line approved 1,000,000.00 元, adjusted to 800,000.00 元, committed 800,000.01 元 →
//! flagged: "超预算：预算指标已承诺金额800,000.01元超过可用金额800,000.00元".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P01",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::ALL,
    nodes: &[Node::BudgetPlan],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第6条"), LegalBasis::v(law::SME_PAYMENT_2025, "第8条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("无预算或超预算采购", "No budget or over budget"),
    message: Text::new(
        "{issue}：预算指标已承诺金额{committed}，可用金额{available}",
        "{issue}: amount committed on the budget line {committed}, amount available {available}",
    ),
    why: Text::new(
        "政府采购必须有预算、不得超预算；无预算采购是付款拖欠和违规支出的源头。",
        "Government procurement must be budgeted and stay within budget; unbudgeted purchases lead to unpaid suppliers and irregular spending.",
    ),
};

pub static P01: Check = Check { meta: &META, run };

const NO_LINE: Text = Text::new(
    "采购计划未关联预算指标（无预算）",
    "The plan has no budget line (no budget)",
);
const OVER: Text = Text::new("超预算", "Over budget");
const WITHIN: Text = Text::new("在预算内", "Within budget");
const NONE: Text = Text::new("无", "none");

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    if let Some(plan) = &p.plan {
        if plan.budget_line_id.is_none() {
            let evidence = Evidence::new()
                .label("issue", NO_LINE)
                .text("plan", plan.id.clone())
                .money("plan_amount", plan.amount)
                .money("committed", plan.amount)
                .label("available", NONE);
            return Outcome::flag(&META, evidence);
        }
    }
    let Some(line) = &p.budget_line else {
        return match &p.plan {
            None => Outcome::missing(&["plan", "budget_line"]),
            Some(_) => Outcome::missing(&["budget_line"]),
        };
    };
    if let Some(id) = p.plan.as_ref().and_then(|pl| pl.budget_line_id.as_deref()) {
        if id != line.id {
            return Outcome::missing(&["budget_line (the line named by plan.budget_line_id)"]);
        }
    }
    let available = line.available();
    // A lower bound of the committed total when it is not given.
    let lower_bound = [p.plan.as_ref().map(|pl| pl.amount), p.project.budget_amount]
        .into_iter()
        .flatten()
        .max();
    let (committed, exact) = match (line.committed_amount, lower_bound) {
        (Some(c), _) => (c, true),
        (None, Some(b)) => (b, false),
        (None, None) => return Outcome::missing(&["budget_line.committed_amount"]),
    };
    let mut evidence = Evidence::new()
        .text("budget_line", line.id.clone())
        .money("approved_amount", line.approved_amount);
    if let Some(adj) = line.adjusted_amount {
        evidence = evidence.money("adjusted_amount", adj);
    }
    let evidence = evidence
        .money("available", available)
        .money("committed", committed)
        .bool("committed_is_lower_bound", !exact);
    if committed > available {
        Outcome::flag(&META, evidence.label("issue", OVER))
    } else if exact {
        Outcome::clear(evidence.label("issue", WITHIN))
    } else {
        Outcome::missing(&["budget_line.committed_amount"])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};

    fn plan(line: Option<&str>, amount: i64) -> Plan {
        Plan {
            id: "PL1".to_owned(),
            unit_id: "ORG-P".to_owned(),
            budget_line_id: line.map(str::to_owned),
            category_code: None,
            object_type: ObjectType::Goods,
            amount: Fen(amount),
            planned_method: None,
            filed_at: None,
        }
    }

    fn line(approved: i64, adjusted: Option<i64>, committed: Option<i64>) -> BudgetLine {
        BudgetLine {
            id: "BL1".to_owned(),
            unit_id: "ORG-P".to_owned(),
            fiscal_year: 2026,
            approved_amount: Fen(approved),
            adjusted_amount: adjusted.map(Fen),
            committed_amount: committed.map(Fen),
        }
    }

    #[test]
    fn table() {
        let cases: Vec<(&str, Option<Plan>, Option<BudgetLine>, &str)> = vec![
            ("plan without a line", Some(plan(None, 100)), None, "flag"),
            (
                "committed = available",
                Some(plan(Some("BL1"), 100)),
                Some(line(1000, None, Some(1000))),
                "clear",
            ),
            (
                "committed one fen over",
                Some(plan(Some("BL1"), 100)),
                Some(line(1000, None, Some(1001))),
                "flag",
            ),
            (
                "adjusted down, now over",
                Some(plan(Some("BL1"), 100)),
                Some(line(1000, Some(800), Some(801))),
                "flag",
            ),
            (
                "adjusted up, within",
                Some(plan(Some("BL1"), 100)),
                Some(line(1000, Some(1200), Some(1100))),
                "clear",
            ),
            (
                "total unknown, plan alone over",
                Some(plan(Some("BL1"), 1001)),
                Some(line(1000, None, None)),
                "flag",
            ),
            (
                "total unknown, plan within",
                Some(plan(Some("BL1"), 900)),
                Some(line(1000, None, None)),
                "missing",
            ),
            (
                "plan names another line",
                Some(plan(Some("BL9"), 100)),
                Some(line(1000, None, Some(100))),
                "missing",
            ),
            (
                "line known, plan not",
                None,
                Some(line(1000, None, Some(999))),
                "clear",
            ),
            (
                "plan with line id, line missing",
                Some(plan(Some("BL1"), 100)),
                None,
                "missing",
            ),
            ("nothing known", None, None, "missing"),
        ];
        let c = ctx("2026-11-26");
        for (name, pl, bl, expected) in cases {
            let mut p = record(Method::PublicTender);
            p.plan = pl;
            p.budget_line = bl;
            let out = P01.run(&p, &c);
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let mut p = record(Method::PublicTender);
        p.plan = Some(plan(Some("BL1"), 100));
        p.budget_line = Some(line(100_000_000, Some(80_000_000), Some(80_000_001)));
        let out = P01.run(&p, &ctx("2026-11-26"));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "超预算：预算指标已承诺金额800,000.01元，可用金额800,000.00元"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
        p.budget_line = None;
        p.plan = Some(plan(None, 100));
        let Outcome::Flagged(f) = P01.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert!(
            !f.message_zh.contains('{') && !f.message_en.contains('{'),
            "{}",
            f.message_zh
        );
    }
}
