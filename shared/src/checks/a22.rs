//! # A22 — 合同频繁变更 (Frequent contract amendments)
//!
//! **What it checks.** Flags ≥ 3 amendments, or ≥ 2 "quality improvement" changes, or a price change with an extension.
//!
//! **Why it matters.** Frequent amendments often rewrite the deal after the award. 频繁变更合同往往是在授标后调整条件，使竞争结果失去意义。
//!
//! **Legal basis.** prozorro-risks ari-1-1, ari-1-2, sas24-3-4 [L]; World Bank red flags flags 8–9 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A22",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Low,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::l(law::PROZORRO_RISKS, "ari-1-1, ari-1-2, sas24-3-4"),
        LegalBasis::l(law::WORLD_BANK, "flags 8–9"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("合同频繁变更", "Frequent contract amendments"),
    message: Text::new(
        "合同{contract}共变更{amendments}次{detail}",
        "Contract {contract} was amended {amendments} times{detail}",
    ),
    why: Text::new(
        "频繁变更合同往往是在授标后调整条件，使竞争结果失去意义。",
        "Frequent amendments often rewrite the deal after the award.",
    ),
};

pub static A22: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
