//! # P08 — 单一来源添购超过原合同金额10% (Single-source add-on exceeds 10 %)
//!
//! **What it checks.** Ground = add-on and Σ add-ons > 10 % × original contract amount.
//!
//! **Why it matters.** The add-on ground allows at most 10 % of the original contract; beyond that the purchase must be competed. 添购理由只允许不超过原合同10%的补充采购，超过即应重新竞争。
//!
//! **Legal basis.** 《政府采购法》 第31条(三) [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P08",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SINGLE_SOURCE,
    nodes: &[Node::MethodApproval],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第31条(三)")],
    valid_from: None,
    valid_to: None,
    title: Text::new("单一来源添购超过原合同金额10%", "Single-source add-on exceeds 10 %"),
    message: Text::new(
        "添购累计{add_on_total}超过原合同金额{original_amount}的10%",
        "Add-ons total {add_on_total}, more than 10 % of the original contract {original_amount}",
    ),
    why: Text::new(
        "添购理由只允许不超过原合同10%的补充采购，超过即应重新竞争。",
        "The add-on ground allows at most 10 % of the original contract; beyond that the purchase must be competed.",
    ),
};

pub static P08: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
