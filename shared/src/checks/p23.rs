//! # P23 — 价格分值比重不合法 (Price weight out of legal range)
//!
//! **What it checks.** Tender: goods < 30 % or services < 10 %; consultation: goods ∉ [30, 60] % or services ∉ [10, 30] % (no approval); price scored for unified-price items.
//!
//! **Why it matters.** A low price weight lets subjective scores decide; it is a common way to steer evaluation. 价格权重过低让主观分决定结果，是倾向性评审的常见手段。
//!
//! **Legal basis.** 财政部令第87号 第55条 [K]; 财库〔2014〕214号 第24条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P23",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::TENDER_CONSULTATION,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::ORDER_87, "第55条"), LegalBasis::k(law::CK_2014_214, "第24条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("价格分值比重不合法", "Price weight out of legal range"),
    message: Text::new(
        "{method}综合评分法{object_type}价格权重{price_weight}不在法定范围{range}",
        "{method}, comprehensive scoring, {object_type}: price weight {price_weight} outside the legal range {range}",
    ),
    why: Text::new(
        "价格权重过低让主观分决定结果，是倾向性评审的常见手段。",
        "A low price weight lets subjective scores decide; it is a common way to steer evaluation.",
    ),
};

pub static P23: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
