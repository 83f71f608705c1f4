//! # P01 — 无预算或超预算采购 (No budget or over budget)
//!
//! **What it checks.** Flags a plan without `budget_line_id`, or Σ(plans + projects on the line) above the available amount (adjusted, else approved).
//!
//! **Why it matters.** Government procurement must be budgeted and stay within budget; unbudgeted purchases lead to unpaid suppliers and irregular spending. 政府采购必须有预算、不得超预算；无预算采购是付款拖欠和违规支出的源头。
//!
//! **Legal basis.** 《政府采购法》 第6条 [V]; 《保障中小企业款项支付条例》(2025) 第8条 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

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
        "采购计划未关联预算指标，或预算指标已承诺金额{committed}超过可用金额{available}",
        "The plan has no budget line, or the amount committed on the line ({committed}) exceeds the amount available ({available})",
    ),
    why: Text::new(
        "政府采购必须有预算、不得超预算；无预算采购是付款拖欠和违规支出的源头。",
        "Government procurement must be budgeted and stay within budget; unbudgeted purchases lead to unpaid suppliers and irregular spending.",
    ),
};

pub static P01: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
