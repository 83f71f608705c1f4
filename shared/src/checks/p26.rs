//! # P26 — 大额项目缺需求调查/重点审查 (Demand survey or key review missing for a large project)
//!
//! **What it checks.** Goods/services ≥ 1000万 or works ≥ 3000万 without 需求调查 and 重点审查 records.
//!
//! **Why it matters.** Large projects whose needs are not surveyed and reviewed are easily tailored or out of touch with the market. 大额项目需求不经调查和审查，容易量身定制或脱离市场。
//!
//! **Legal basis.** 财库〔2021〕22号 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P26",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::TENDER,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::Low,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::CK_2021_22, "")],
    valid_from: Some(LawDate::ymd(2021, 7, 1)),
    valid_to: None,
    title: Text::new("大额项目缺需求调查/重点审查", "Demand survey or key review missing for a large project"),
    message: Text::new(
        "采购预算{budget}（{object_type}）达到需求调查标准，但缺少需求调查或重点审查记录",
        "Budget {budget} ({object_type}) requires a demand survey and key review, but the records are missing",
    ),
    why: Text::new(
        "大额项目需求不经调查和审查，容易量身定制或脱离市场。",
        "Large projects whose needs are not surveyed and reviewed are easily tailored or out of touch with the market.",
    ),
};

pub static P26: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
