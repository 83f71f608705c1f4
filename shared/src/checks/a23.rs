//! # A23 — 授标给禁入或有重大违法记录的供应商 (Debarred or sanctioned supplier awarded)
//!
//! **What it checks.** Award during a ban period, or a major-violation record in the prior 3 years.
//!
//! **Why it matters.** Banned suppliers, or those with a major violation in three years, may not take part. 禁入期内或三年内有重大违法记录的供应商不具备参加政府采购的资格。
//!
//! **Legal basis.** 《政府采购法》 第22条(五)、第77条 [V]; 《政府采购法实施条例》 第19条 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A23",
    stage: Stage::Post,
    subject: Subject::Supplier,
    methods: methods::ALL,
    nodes: &[Node::Portfolio],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第22条(五)、第77条"), LegalBasis::v(law::GP_REGS, "第19条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("授标给禁入或有重大违法记录的供应商", "Debarred or sanctioned supplier awarded"),
    message: Text::new(
        "供应商{supplier}于{confirmed_at}中标，处于禁止参加期{ban}内或三年内有重大违法记录",
        "Supplier {supplier} was awarded on {confirmed_at} while banned ({ban}) or with a major violation in the prior 3 years",
    ),
    why: Text::new(
        "禁入期内或三年内有重大违法记录的供应商不具备参加政府采购的资格。",
        "Banned suppliers, or those with a major violation in three years, may not take part.",
    ),
};

pub static A23: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
