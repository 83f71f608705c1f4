//! # A03 — 合同未在7个工作日内备案 (Contract not filed within 7 working days)
//!
//! **What it checks.** Flags > 7 working days from signing to filing with the finance department, or never filed.
//!
//! **Why it matters.** Filing lets the finance department supervise performance. 合同备案是财政部门监督合同执行的依据。
//!
//! **Legal basis.** 《政府采购法》 第47条 [V]; 《政府采购法实施条例》 第67条(八) [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A03",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第47条"), LegalBasis::v(law::GP_REGS, "第67条(八)")],
    valid_from: None,
    valid_to: None,
    title: Text::new("合同未在7个工作日内备案", "Contract not filed within 7 working days"),
    message: Text::new(
        "合同于{signed_at}签订，{working_days}后备案（要求7个工作日内）",
        "The contract signed on {signed_at} was filed after {working_days} (7 working days allowed)",
    ),
    why: Text::new(
        "合同备案是财政部门监督合同执行的依据。",
        "Filing lets the finance department supervise performance.",
    ),
};

pub static A03: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
