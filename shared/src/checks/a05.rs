//! # A05 — 追加采购超过原合同金额10% (Additional purchases exceed 10 %)
//!
//! **What it checks.** Flags Σ add-on amendments > 10 % of the original contract amount.
//!
//! **Why it matters.** Additions above 10 % need a new procurement; large add-ons are the classic "win low, add later". 追加超过10%应重新采购；大额追加是"低价中标、追加找补"的典型表现。
//!
//! **Legal basis.** 《政府采购法》 第49条 [V]; 《政府采购法实施条例》 第67条(五) [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A05",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第49条"), LegalBasis::v(law::GP_REGS, "第67条(五)")],
    valid_from: None,
    valid_to: None,
    title: Text::new("追加采购超过原合同金额10%", "Additional purchases exceed 10 %"),
    message: Text::new(
        "追加金额合计{added}超过原合同金额{original}的10%",
        "Additions total {added}, more than 10 % of the original contract {original}",
    ),
    why: Text::new(
        "追加超过10%应重新采购；大额追加是\"低价中标、追加找补\"的典型表现。",
        "Additions above 10 % need a new procurement; large add-ons are the classic \"win low, add later\".",
    ),
};

pub static A05: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
