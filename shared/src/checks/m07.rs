//! # M07 — 专家/采购人员与供应商存在利害关系 (Conflict of interest of experts or procurement staff)
//!
//! **What it checks.** Any relation of 条例 Art 9: labour relation, director/supervisor, controlling shareholder or actual controller within 3 years; spouse, lineal, collateral within 3 generations, close in-laws of the legal rep / responsible person.
//!
//! **Why it matters.** People with an interest in a supplier must recuse themselves; otherwise the evaluation is not impartial. 与供应商有利害关系者必须回避，否则评审结果不公正。
//!
//! **Legal basis.** 《政府采购法》 第12条 [V]; 《政府采购法实施条例》 第9条、第70条、第75条第2款 [V]; 财库〔2016〕198号 第16条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M07",
    stage: Stage::During,
    subject: Subject::Expert,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ExpertDraw],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第12条"), LegalBasis::v(law::GP_REGS, "第9条、第70条、第75条第2款"), LegalBasis::k(law::CK_2016_198, "第16条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("专家/采购人员与供应商存在利害关系", "Conflict of interest of experts or procurement staff"),
    message: Text::new(
        "{person}与供应商{supplier}存在利害关系：{relation}",
        "{person} is related to supplier {supplier}: {relation}",
    ),
    why: Text::new(
        "与供应商有利害关系者必须回避，否则评审结果不公正。",
        "People with an interest in a supplier must recuse themselves; otherwise the evaluation is not impartial.",
    ),
};

pub static M07: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
