//! # M23 — 定标过晚或未按排序确定 (Winner confirmed late or not in ranking order)
//!
//! **What it checks.** Flags > 5 working days; or supplier ≠ ranking[0] without a recorded lawful reason.
//!
//! **Why it matters.** The purchaser must confirm the first-ranked supplier within 5 working days; otherwise the result is unlawfully changed. 采购人应在5个工作日内按排序确定中标人，否则构成违法改变结果。
//!
//! **Legal basis.** 《政府采购法实施条例》 第43条、第49条、第67条(三) [V]; 财政部令第87号 第68条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M23",
    stage: Stage::During,
    subject: Subject::Lot,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ReportAward],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第43条、第49条、第67条(三)"), LegalBasis::k(law::ORDER_87, "第68条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("定标过晚或未按排序确定", "Winner confirmed late or not in ranking order"),
    message: Text::new(
        "采购人收到报告后{working_days}确定成交人{winner}（排序第一为{first}）",
        "The purchaser confirmed {winner} {working_days} after receiving the report (ranked first: {first})",
    ),
    why: Text::new(
        "采购人应在5个工作日内按排序确定中标人，否则构成违法改变结果。",
        "The purchaser must confirm the first-ranked supplier within 5 working days; otherwise the result is unlawfully changed.",
    ),
};

pub static M23: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
