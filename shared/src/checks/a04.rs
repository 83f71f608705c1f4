//! # A04 — 合同与中标结果或采购文件不一致 (Contract deviates from the award or the documents)
//!
//! **What it checks.** Flags contract amount ≠ award amount, or material terms (delivery, payment, quantity) changed.
//!
//! **Why it matters.** The contract must follow the documents and the winning bid; changing the substance undoes the competition. 合同须按采购文件和中标人投标文件订立，改变实质内容即架空竞争结果。
//!
//! **Legal basis.** 《政府采购法》 第46条 [V]; 《政府采购法实施条例》 第67条(四)、第72条(三) [V]; 财政部令第87号 第71条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A04",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第46条"), LegalBasis::v(law::GP_REGS, "第67条(四)、第72条(三)"), LegalBasis::k(law::ORDER_87, "第71条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("合同与中标结果或采购文件不一致", "Contract deviates from the award or the documents"),
    message: Text::new(
        "合同金额{contract_amount}与成交金额{award_amount}不一致，或实质性条款被改变",
        "The contract amount {contract_amount} differs from the award {award_amount}, or material terms were changed",
    ),
    why: Text::new(
        "合同须按采购文件和中标人投标文件订立，改变实质内容即架空竞争结果。",
        "The contract must follow the documents and the winning bid; changing the substance undoes the competition.",
    ),
};

pub static A04: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
