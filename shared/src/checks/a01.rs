//! # A01 — 未在中标通知书发出后30日内签订合同 (Contract not signed within 30 days of the award notice)
//!
//! **What it checks.** Flags signed_at − notified_at > 30 days, or no contract 30 days after the notice (as of today). Exactly 30 days passes; the period ends on the next working day when day 30 is a holiday (民法典 Art 203).
//!
//! **Why it matters.** A long delay before signing may mean the terms are being renegotiated or the award is being undone. 迟迟不签合同可能意味着在谈判改变实质内容，或拖延采购以另作安排。
//!
//! **Legal basis.** 《政府采购法》 第46条 [V]; 财政部令第87号 第71条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A01",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第46条"), LegalBasis::k(law::ORDER_87, "第71条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("未在中标通知书发出后30日内签订合同", "Contract not signed within 30 days of the award notice"),
    message: Text::new(
        "中标（成交）通知书{notified_at}发出后{days}{signed}，超过30日",
        "{days} passed between the award notice ({notified_at}) and {signed}, more than 30 days",
    ),
    why: Text::new(
        "迟迟不签合同可能意味着在谈判改变实质内容，或拖延采购以另作安排。",
        "A long delay before signing may mean the terms are being renegotiated or the award is being undone.",
    ),
};

pub static A01: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
