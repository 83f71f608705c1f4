//! # P16 — 投标保证金超过预算2%或只收现金 (Bid security over 2 % of the budget, or cash only)
//!
//! **What it checks.** Flags bid security > 2 % × budget (exactly 2 % passes), or guarantees (保函) not accepted.
//!
//! **Why it matters.** A high or cash-only bid security raises the entry barrier and keeps smaller suppliers out. 过高或只收现金的保证金抬高参与门槛，排斥中小供应商。
//!
//! **Legal basis.** 《政府采购法实施条例》 第33条 [V]; 财政部令第74号 第14条 [K]; 财库〔2014〕214号 第12条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P16",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第33条"), LegalBasis::k(law::ORDER_74, "第14条"), LegalBasis::k(law::CK_2014_214, "第12条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("投标保证金超过预算2%或只收现金", "Bid security over 2 % of the budget, or cash only"),
    message: Text::new(
        "投标保证金{bid_security}超过采购预算{budget}的{limit_rate}（上限{limit}），或不接受保函等非现金形式",
        "The bid security {bid_security} exceeds {limit_rate} of the budget {budget} (limit {limit}), or non-cash forms are refused",
    ),
    why: Text::new(
        "过高或只收现金的保证金抬高参与门槛，排斥中小供应商。",
        "A high or cash-only bid security raises the entry barrier and keeps smaller suppliers out.",
    ),
};

pub static P16: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
