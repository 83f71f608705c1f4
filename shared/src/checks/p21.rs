//! # P21 — 澄清修改过晚且未顺延截止时间 (Late clarification without extending the deadline)
//!
//! **What it checks.** Tender: < 15 days before the deadline; pre-qualification: < 3 days; negotiation / RFQ: < 3 working days; consultation: < 5 days — and the deadline not extended.
//!
//! **Why it matters.** A clarification affecting bid preparation must leave enough time, otherwise the deadline must move. 影响投标文件编制的澄清须留足时间，否则应顺延截止时间。
//!
//! **Legal basis.** 《政府采购法实施条例》 第31条 [V]; 财政部令第87号 第27条 [K]; 财政部令第74号 第10条 [K]; 财库〔2014〕214号 第10条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P21",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Clarification],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第31条"), LegalBasis::k(law::ORDER_87, "第27条"), LegalBasis::k(law::ORDER_74, "第10条"), LegalBasis::k(law::CK_2014_214, "第10条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("澄清修改过晚且未顺延截止时间", "Late clarification without extending the deadline"),
    message: Text::new(
        "澄清{issued_at}距截止{deadline}仅{period}（要求{required}），截止时间未顺延",
        "The clarification ({issued_at}) came only {period} before the deadline ({deadline}); {required} required and the deadline was not extended",
    ),
    why: Text::new(
        "影响投标文件编制的澄清须留足时间，否则应顺延截止时间。",
        "A clarification affecting bid preparation must leave enough time, otherwise the deadline must move.",
    ),
};

pub static P21: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
