//! # A09 — 投标保证金退还超期 (Bid-security refund late)
//!
//! **What it checks.** Loser refund > 5 working days after the award notice; winner refund > 5 working days after signing.
//!
//! **Why it matters.** Late refunds tie up suppliers' money and carry statutory interest. 迟退保证金占用供应商资金，并须按规定支付利息。
//!
//! **Legal basis.** 《政府采购法实施条例》 第33条 [V]; 财政部令第87号 第38条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A09",
    stage: Stage::Post,
    subject: Subject::Bid,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第33条"), LegalBasis::k(law::ORDER_87, "第38条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("投标保证金退还超期", "Bid-security refund late"),
    message: Text::new(
        "供应商{supplier}的保证金于{refunded_at}退还，距{from_event}{working_days}（要求5个工作日内）",
        "Supplier {supplier}'s bid security was refunded on {refunded_at}, {working_days} after {from_event} (5 allowed)",
    ),
    why: Text::new(
        "迟退保证金占用供应商资金，并须按规定支付利息。",
        "Late refunds tie up suppliers' money and carry statutory interest.",
    ),
};

pub static A09: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
