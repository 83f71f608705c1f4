//! # M20 — 同品牌投标人按多家计算 (Same-brand bidders counted separately)
//!
//! **What it checks.** ≥ 2 bidders with the same core-product brand counted as separate bidders for the ≥ 3 rule.
//!
//! **Why it matters.** Bidders of the same brand count as one; otherwise the three-bidder rule is hollow. 提供相同品牌产品的投标人只能按一家计算，否则"三家以上"的竞争要求被虚化。
//!
//! **Legal basis.** 财政部令第87号 第31条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M20",
    stage: Stage::During,
    subject: Subject::Lot,
    methods: methods::TENDER,
    nodes: &[Node::DeadlineOpening],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::ORDER_87, "第31条")],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "同品牌投标人按多家计算",
        "Same-brand bidders counted separately",
    ),
    message: Text::new(
        "{count}家投标人提供同一核心产品品牌{brand}，却按多家计算",
        "{count} bidders offer the same core brand {brand} and were counted separately",
    ),
    why: Text::new(
        "提供相同品牌产品的投标人只能按一家计算，否则\"三家以上\"的竞争要求被虚化。",
        "Bidders of the same brand count as one; otherwise the three-bidder rule is hollow.",
    ),
};

pub static M20: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
