//! # P11 — 化整为零规避公开招标 (Splitting to avoid open tender)
//!
//! **What it checks.** Per unit, budget project, category and fiscal year: Σ non-open-tender amounts > open-tender threshold, unless the budget was adjusted or the method approved.
//!
//! **Why it matters.** Repeated purchases of one item in a year that together reach the open-tender threshold without an open tender are splitting. 同一预算项目同一品目一年内多次采购累计达到公开招标标准而未公开招标，属化整为零规避公开招标。
//!
//! **Legal basis.** 《政府采购法实施条例》 第28条、第67条(二) [V]; 《政府采购法》 第28条 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P11",
    stage: Stage::Pre,
    subject: Subject::Purchaser,
    methods: methods::SIX,
    nodes: &[Node::BudgetPlan],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第28条、第67条(二)"), LegalBasis::v(law::GP_LAW, "第28条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("化整为零规避公开招标", "Splitting to avoid open tender"),
    message: Text::new(
        "{unit}在{fiscal_year}年度同一品目{category}以非公开招标方式采购合计{total}，超过公开招标数额标准{threshold}",
        "{unit} bought {total} of category {category} in {fiscal_year} by methods other than open tender, above the open-tender threshold {threshold}",
    ),
    why: Text::new(
        "同一预算项目同一品目一年内多次采购累计达到公开招标标准而未公开招标，属化整为零规避公开招标。",
        "Repeated purchases of one item in a year that together reach the open-tender threshold without an open tender are splitting.",
    ),
};

/// A portfolio check (fold / merge / finalize over many projects); not written yet.
pub static P11: PortfolioStub = PortfolioStub { meta: &META };
