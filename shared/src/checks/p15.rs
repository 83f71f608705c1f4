//! # P15 — 最高限价超预算或设定最低限价 (Ceiling above budget, or a floor price set)
//!
//! **What it checks.** Flags max_price > budget_amount, or any min_price.
//!
//! **Why it matters.** The ceiling may not exceed the budget and no floor price may be set; otherwise price competition is restricted. 最高限价不得超过预算，且不得设定最低限价，否则限制价格竞争。
//!
//! **Legal basis.** 财政部令第87号 第12条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P15",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::TENDER,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::ORDER_87, "第12条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("最高限价超预算或设定最低限价", "Ceiling above budget, or a floor price set"),
    message: Text::new(
        "最高限价{max_price}超过采购预算{budget}，或设置了最低限价{min_price}",
        "The ceiling {max_price} exceeds the budget {budget}, or a floor price {min_price} is set",
    ),
    why: Text::new(
        "最高限价不得超过预算，且不得设定最低限价，否则限制价格竞争。",
        "The ceiling may not exceed the budget and no floor price may be set; otherwise price competition is restricted.",
    ),
};

pub static P15: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
