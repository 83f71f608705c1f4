//! # M06 — 缺少法律专家 (Legal expert missing)
//!
//! **What it checks.** Flags a complex / specialised negotiation or consultation without a legal expert.
//!
//! **Why it matters.** Complex negotiations and consultations need a legal expert to review the terms. 技术复杂的谈判、磋商项目应有法律专家把关合同条款。
//!
//! **Legal basis.** 财政部令第74号 第7条 [K]; 财库〔2014〕214号 第14条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M06",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::NEGOTIATION_CONSULTATION,
    nodes: &[Node::ExpertDraw],
    severity: Severity::Low,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::k(law::ORDER_74, "第7条"),
        LegalBasis::k(law::CK_2014_214, "第14条"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("缺少法律专家", "Legal expert missing"),
    message: Text::new(
        "技术复杂项目的{method}小组中无法律专家",
        "The {method} panel of a complex project has no legal expert",
    ),
    why: Text::new(
        "技术复杂的谈判、磋商项目应有法律专家把关合同条款。",
        "Complex negotiations and consultations need a legal expert to review the terms.",
    ),
};

pub static M06: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
