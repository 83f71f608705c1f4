//! # A10 — 未验收即付款或验收不规范 (Payment before or without acceptance)
//!
//! **What it checks.** Final payment without an acceptance record; large/complex project without a third-party inspector; public service without recipients involved.
//!
//! **Why it matters.** Paying in full without acceptance leaves quality problems without recourse. 未经验收付清款项，质量问题将无从追究。
//!
//! **Legal basis.** 《政府采购法》 第41条 [V]; 《政府采购法实施条例》 第45条、第68条(十) [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A10",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Performance],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::v(law::GP_LAW, "第41条"),
        LegalBasis::v(law::GP_REGS, "第45条、第68条(十)"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "未验收即付款或验收不规范",
        "Payment before or without acceptance",
    ),
    message: Text::new("合同{contract}{issue}", "Contract {contract}: {issue}"),
    why: Text::new(
        "未经验收付清款项，质量问题将无从追究。",
        "Paying in full without acceptance leaves quality problems without recourse.",
    ),
};

pub static A10: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
