//! # A06 — 擅自变更、中止或终止合同 (Unauthorised change, suspension or termination)
//!
//! **What it checks.** Flags a change / suspension / termination without a recorded legal ground.
//!
//! **Why it matters.** Parties may not change, suspend or end the contract at will; the public-interest exception must be recorded. 合同双方不得擅自变更、中止或终止合同，公共利益例外须有记录。
//!
//! **Legal basis.** 《政府采购法》 第50条 [V]; 《政府采购法实施条例》 第67条(六)、第72条(六) [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A06",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第50条"), LegalBasis::v(law::GP_REGS, "第67条(六)、第72条(六)")],
    valid_from: None,
    valid_to: None,
    title: Text::new("擅自变更、中止或终止合同", "Unauthorised change, suspension or termination"),
    message: Text::new(
        "合同{kind}（{signed_at}）无法定理由",
        "Contract {kind} on {signed_at} without a legal ground",
    ),
    why: Text::new(
        "合同双方不得擅自变更、中止或终止合同，公共利益例外须有记录。",
        "Parties may not change, suspend or end the contract at will; the public-interest exception must be recorded.",
    ),
};

pub static A06: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
