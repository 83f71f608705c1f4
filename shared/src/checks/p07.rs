//! # P07 — 单一来源公示缺失、过短或顺序错误 (Single-source public notice missing, too short or out of order)
//!
//! **What it checks.** Budget ≥ threshold and ground = only one supplier: flags no notice, a period < 5 working days, a notice after the approval request, or a notice lacking supplier name, reason, experts.
//!
//! **Why it matters.** The "only one supplier" claim must be exposed to public objection; a short or missing notice silences other suppliers. 唯一供应商理由须经公示接受社会监督，公示不足使其他供应商无法提出异议。
//!
//! **Legal basis.** 《政府采购法实施条例》 第38条 [V]; 财政部令第74号 第38条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P07",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SINGLE_SOURCE,
    nodes: &[Node::NoticeInvitation, Node::ExpertDraw],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第38条"), LegalBasis::k(law::ORDER_74, "第38条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("单一来源公示缺失、过短或顺序错误", "Single-source public notice missing, too short or out of order"),
    message: Text::new(
        "单一来源公示期{period}（要求不少于5个工作日），或公示晚于审批申请{submitted_at}，或公示内容不全",
        "The single-source notice period is {period} (at least 5 working days required), or it followed the approval request ({submitted_at}), or it is incomplete",
    ),
    why: Text::new(
        "唯一供应商理由须经公示接受社会监督，公示不足使其他供应商无法提出异议。",
        "The \"only one supplier\" claim must be exposed to public objection; a short or missing notice silences other suppliers.",
    ),
};

pub static P07: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
