//! # M03 — 评审小组人数或构成不合规 (Panel size or composition)
//!
//! **What it checks.** Size even; tender < 5 (< 7 when budget ≥ 1000万 / complex / high impact); negotiation/RFQ < 3 (< 5 when budget ≥ open-tender threshold); experts < ⌈2/3·size⌉.
//!
//! **Why it matters.** A small panel or few experts lets the purchaser steer the evaluation. 人数不足或专家比例过低使评审易被采购人左右。
//!
//! **Legal basis.** 财政部令第87号 第47条 [K]; 财政部令第74号 第7条 [K]; 财库〔2014〕214号 第14条 [K]; 《政府采购法》 第38条、第40条 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M03",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ExpertDraw],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::ORDER_87, "第47条"), LegalBasis::k(law::ORDER_74, "第7条"), LegalBasis::k(law::CK_2014_214, "第14条"), LegalBasis::v(law::GP_LAW, "第38条、第40条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("评审小组人数或构成不合规", "Panel size or composition"),
    message: Text::new(
        "评审小组{size}人、其中专家{experts}人，不符合{method}的要求（至少{required}人且为单数，专家不少于三分之二）",
        "The panel has {size} members, {experts} experts: not as required for {method} (at least {required}, odd, experts ≥ 2/3)",
    ),
    why: Text::new(
        "人数不足或专家比例过低使评审易被采购人左右。",
        "A small panel or few experts lets the purchaser steer the evaluation.",
    ),
};

pub static M03: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
