//! # M15 — 报价或成交金额超预算/最高限价 (Bid or award above budget or ceiling)
//!
//! **What it checks.** A bid above budget/ceiling not rejected; award amount > budget or > max price.
//!
//! **Why it matters.** Bids above the budget or ceiling are invalid; awarding one means buying over budget. 超过预算或最高限价的报价应作无效处理，据此授标即超预算采购。
//!
//! **Legal basis.** 财政部令第87号 第63条(四) [K]; 《政府采购法》 第36条(三) [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M15",
    stage: Stage::During,
    subject: Subject::Bid,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::k(law::ORDER_87, "第63条(四)"),
        LegalBasis::v(law::GP_LAW, "第36条(三)"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "报价或成交金额超预算/最高限价",
        "Bid or award above budget or ceiling",
    ),
    message: Text::new(
        "{what}金额{amount}超过{limit_name}{limit}",
        "{what} amount {amount} exceeds the {limit_name} {limit}",
    ),
    why: Text::new(
        "超过预算或最高限价的报价应作无效处理，据此授标即超预算采购。",
        "Bids above the budget or ceiling are invalid; awarding one means buying over budget.",
    ),
};

pub static M15: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
