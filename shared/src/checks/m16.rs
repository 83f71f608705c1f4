//! # M16 — 异常低价未要求书面说明 (Abnormally low price accepted without justification)
//!
//! **What it checks.** Winner price < (1 − x) × median of the other valid bids (x = 20 % by default, setting `m16.discount_permille`) and no explanation record.
//!
//! **Why it matters.** A price far below the others may endanger performance or hide unfair competition; a written justification is required. 明显低于其他报价可能影响履约或存在不正当竞争，应要求供应商书面说明。
//!
//! **Legal basis.** 财政部令第87号 第60条 [K]; Cardinal R058 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M16",
    stage: Stage::During,
    subject: Subject::Bid,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[LegalBasis::k(law::ORDER_87, "第60条"), LegalBasis::l(law::CARDINAL, "R058")],
    valid_from: None,
    valid_to: None,
    title: Text::new("异常低价未要求书面说明", "Abnormally low price accepted without justification"),
    message: Text::new(
        "成交报价{winner_price}低于其他有效报价中位数{median}的{threshold_rate}，且无书面说明",
        "The winning price {winner_price} is below {threshold_rate} of the median of the other valid bids ({median}) with no written justification",
    ),
    why: Text::new(
        "明显低于其他报价可能影响履约或存在不正当竞争，应要求供应商书面说明。",
        "A price far below the others may endanger performance or hide unfair competition; a written justification is required.",
    ),
};

pub static M16: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
