//! # M10 — 关联供应商参加同一合同项下投标 (Affiliated suppliers in the same lot)
//!
//! **What it checks.** Two bidders in one lot with the same 单位负责人, or a direct control / management relation.
//!
//! **Why it matters.** Suppliers with the same responsible person or a control relation may not bid for the same contract. 单位负责人为同一人或存在控股、管理关系的供应商不得参加同一合同项下的采购活动。
//!
//! **Legal basis.** 《政府采购法实施条例》 第18条第1款 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M10",
    stage: Stage::During,
    subject: Subject::Pair,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第18条第1款")],
    valid_from: None,
    valid_to: None,
    title: Text::new("关联供应商参加同一合同项下投标", "Affiliated suppliers in the same lot"),
    message: Text::new(
        "供应商{supplier_a}与{supplier_b}{relation}，却参加同一包投标",
        "Suppliers {supplier_a} and {supplier_b} bid in the same lot although {relation}",
    ),
    why: Text::new(
        "单位负责人为同一人或存在控股、管理关系的供应商不得参加同一合同项下的采购活动。",
        "Suppliers with the same responsible person or a control relation may not bid for the same contract.",
    ),
};

pub static M10: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
