//! # M26 — 质疑未决即签订合同 (Contract signed while a challenge is pending)
//!
//! **What it checks.** Open inquiry / challenge that may affect the result and contract signed (or performance continued).
//!
//! **Why it matters.** When a challenge may affect the result, the contract must wait. 质疑可能影响中标结果时，采购人应暂停签订合同。
//!
//! **Legal basis.** 《政府采购法实施条例》 第54条 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M26",
    stage: Stage::During,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Challenge],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第54条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("质疑未决即签订合同", "Contract signed while a challenge is pending"),
    message: Text::new(
        "可能影响结果的{kind}（{filed_at}提出）尚未处理完毕，合同已于{signed_at}签订",
        "A {kind} that may affect the result (filed {filed_at}) was still open when the contract was signed on {signed_at}",
    ),
    why: Text::new(
        "质疑可能影响中标结果时，采购人应暂停签订合同。",
        "When a challenge may affect the result, the contract must wait.",
    ),
};

pub static M26: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
