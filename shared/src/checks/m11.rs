//! # M11 — 为项目提供设计等服务的供应商参加投标 (Consultant or designer of the project bidding)
//!
//! **What it checks.** Bidder provided overall design / specifications / PM / supervision / testing for this project (not single source).
//!
//! **Why it matters.** A supplier that designed, specified or managed the project has an information advantage and may not bid. 为项目提供整体设计、规范编制或项目管理等服务的供应商掌握信息优势，不得再参加该项目采购。
//!
//! **Legal basis.** 《政府采购法实施条例》 第18条第2款 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M11",
    stage: Stage::During,
    subject: Subject::Bid,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第18条第2款")],
    valid_from: None,
    valid_to: None,
    title: Text::new("为项目提供设计等服务的供应商参加投标", "Consultant or designer of the project bidding"),
    message: Text::new(
        "供应商{supplier}曾为本项目提供{role}服务，又参加本项目投标",
        "Supplier {supplier} provided {role} for this project and also bid",
    ),
    why: Text::new(
        "为项目提供整体设计、规范编制或项目管理等服务的供应商掌握信息优势，不得再参加该项目采购。",
        "A supplier that designed, specified or managed the project has an information advantage and may not bid.",
    ),
};

pub static M11: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
