//! # M24 — 结果公告迟延或内容不全 (Result notice late or incomplete)
//!
//! **What it checks.** Flags > 2 working days from confirmation to publication; or a notice lacking supplier name/address, amount, main items, or the expert list.
//!
//! **Why it matters.** The result notice must be prompt and name the supplier, amount, main items and experts, so it can be scrutinised. 结果公告须及时并载明供应商、金额、主要标的和评审专家名单，以接受监督。
//!
//! **Legal basis.** 《政府采购法实施条例》 第43条第2—3款 [V]; 财政部令第87号 第69条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M24",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::ReportAward],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第43条第2—3款"), LegalBasis::k(law::ORDER_87, "第69条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("结果公告迟延或内容不全", "Result notice late or incomplete"),
    message: Text::new(
        "确定成交人{confirmed_at}后{working_days}才公告结果，或公告缺少{missing_item}",
        "The result was published {working_days} after confirmation ({confirmed_at}), or the notice lacks {missing_item}",
    ),
    why: Text::new(
        "结果公告须及时并载明供应商、金额、主要标的和评审专家名单，以接受监督。",
        "The result notice must be prompt and name the supplier, amount, main items and experts, so it can be scrutinised.",
    ),
};

pub static M24: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
