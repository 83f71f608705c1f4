//! # P17 — 履约保证金超过10%或只收现金 (Performance bond over 10 %, or cash only)
//!
//! **What it checks.** Flags perf_rate > 10 %, or cash only.
//!
//! **Why it matters.** The performance bond is capped at 10 % and must accept non-cash forms. 履约保证金上限为合同金额10%，并须允许非现金形式。
//!
//! **Legal basis.** 《政府采购法实施条例》 第48条 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P17",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第48条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("履约保证金超过10%或只收现金", "Performance bond over 10 %, or cash only"),
    message: Text::new(
        "履约保证金比例{rate}超过合同金额的10%，或不接受非现金形式",
        "The performance bond rate {rate} exceeds 10 % of the contract amount, or non-cash forms are refused",
    ),
    why: Text::new(
        "履约保证金上限为合同金额10%，并须允许非现金形式。",
        "The performance bond is capped at 10 % and must accept non-cash forms.",
    ),
};

pub static P17: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
