//! # A24 — 采购文件记录不完整或保存期不足 (Records incomplete or retention too short)
//!
//! **What it checks.** Missing 采购活动记录 items (method reason, supplier selection reason, evaluation criteria, award / cancellation reasons); retention < 15 years.
//!
//! **Why it matters.** A complete record is the basis of any later review or liability. 完整的采购记录是事后监督和追责的基础。
//!
//! **Legal basis.** 《政府采购法》 第42条 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A24",
    stage: Stage::Post,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Low,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第42条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("采购文件记录不完整或保存期不足", "Records incomplete or retention too short"),
    message: Text::new(
        "采购活动记录缺少{missing_item}，或保存期限{retained_until}不足15年",
        "The procurement record lacks {missing_item}, or is kept only until {retained_until} (< 15 years)",
    ),
    why: Text::new(
        "完整的采购记录是事后监督和追责的基础。",
        "A complete record is the basis of any later review or liability.",
    ),
};

pub static A24: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
