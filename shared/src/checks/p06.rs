//! # P06 — 非招标方式适用情形不符 (Non-tender method used outside its legal grounds)
//!
//! **What it checks.** Flags invited tender without an Art 29 ground, negotiation without Art 30, single source without Art 31, RFQ for non-standard goods, consultation outside 214号 Art 3.
//!
//! **Why it matters.** Each method is lawful only in its listed cases; a wrong ground is a common way to avoid competition. 每种采购方式只能在法定情形下使用；理由不符是规避竞争的常见手段。
//!
//! **Legal basis.** 《政府采购法》 第29条—第32条 [V]; 《政府采购法实施条例》 第26条、第27条 [V]; 财库〔2014〕214号 第3条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P06",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::NOT_OPEN_TENDER,
    nodes: &[Node::MethodApproval],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第29条—第32条"), LegalBasis::v(law::GP_REGS, "第26条、第27条"), LegalBasis::k(law::CK_2014_214, "第3条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("非招标方式适用情形不符", "Non-tender method used outside its legal grounds"),
    message: Text::new(
        "采用{method}，所述理由{ground}不属于法定适用情形",
        "{method} was used on a ground ({ground}) outside its legal cases",
    ),
    why: Text::new(
        "每种采购方式只能在法定情形下使用；理由不符是规避竞争的常见手段。",
        "Each method is lawful only in its listed cases; a wrong ground is a common way to avoid competition.",
    ),
};

pub static P06: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
