//! # P14 — 采购文件未公开预算金额 (Budget amount not disclosed)
//!
//! **What it checks.** Flags a tender / negotiation / RFQ / consultation notice with no budget amount.
//!
//! **Why it matters.** Disclosing the budget is required and prevents price manipulation through unequal information. 公开预算金额是条例的要求，也防止以预算信息不对称操纵报价。
//!
//! **Legal basis.** 《政府采购法实施条例》 第30条 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P14",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第30条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("采购文件未公开预算金额", "Budget amount not disclosed"),
    message: Text::new(
        "{notice_kind}未载明采购预算金额",
        "The {notice_kind} does not state the budget amount",
    ),
    why: Text::new(
        "公开预算金额是条例的要求，也防止以预算信息不对称操纵报价。",
        "Disclosing the budget is required and prevents price manipulation through unequal information.",
    ),
};

pub static P14: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
