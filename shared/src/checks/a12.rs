//! # A12 — 支付异常 (Payment anomalies)
//!
//! **What it checks.** Σ payments > contract amount (+ approved amendments); payee ≠ contracted supplier; payment before signing; payment with no contract.
//!
//! **Why it matters.** Paying more than the contract, paying someone else, or paying before signing are direct signs of leakage. 超合同付款、付给非合同供应商或先付款后签约，都是资金流失的直接信号。
//!
//! **Legal basis.** 《政府采购法》 第6条 [V]; 《政府采购法实施条例》 第51条 [V]; OCP Red Flags (2024) R068 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A12",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::ALL,
    nodes: &[Node::Performance],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第6条"), LegalBasis::v(law::GP_REGS, "第51条"), LegalBasis::l(law::OCP, "R068")],
    valid_from: None,
    valid_to: None,
    title: Text::new("支付异常", "Payment anomalies"),
    message: Text::new(
        "{issue}",
        "{issue}",
    ),
    why: Text::new(
        "超合同付款、付给非合同供应商或先付款后签约，都是资金流失的直接信号。",
        "Paying more than the contract, paying someone else, or paying before signing are direct signs of leakage.",
    ),
};

pub static A12: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
