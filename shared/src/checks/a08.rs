//! # A08 — 有中标无合同或有合同无程序 (Award without contract, or contract without procedure)
//!
//! **What it checks.** Flags awards without contracts after 30 days; contracts or payments with no procurement record above the limit.
//!
//! **Why it matters.** An award that never becomes a contract, or a contract/payment without a procedure, means the process was bypassed. 授标后长期无合同，或合同、付款找不到采购程序，都意味着程序被绕开。
//!
//! **Legal basis.** 《政府采购法》 第71条(五) [V]; OCP Red Flags (2024) R063 [L]; Prozorro SASU RISK1-6, RISK1-10 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A08",
    stage: Stage::Post,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第71条(五)"), LegalBasis::l(law::OCP, "R063"), LegalBasis::l(law::SASU, "RISK1-6, RISK1-10")],
    valid_from: None,
    valid_to: None,
    title: Text::new("有中标无合同或有合同无程序", "Award without contract, or contract without procedure"),
    message: Text::new(
        "{issue}",
        "{issue}",
    ),
    why: Text::new(
        "授标后长期无合同，或合同、付款找不到采购程序，都意味着程序被绕开。",
        "An award that never becomes a contract, or a contract/payment without a procedure, means the process was bypassed.",
    ),
};

pub static A08: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
