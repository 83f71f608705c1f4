//! # M05 — 专家抽取时间过早 (Expert draw too early)
//!
//! **What it checks.** Flags drawn_at earlier than 2 working days before started_at (tender / RFQ, not off-site).
//!
//! **Why it matters.** An early draw increases the risk that the list leaks and experts are approached. 过早抽取增加专家名单泄露和被"打招呼"的风险。
//!
//! **Legal basis.** 财库〔2016〕198号 第14条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M05",
    stage: Stage::During,
    subject: Subject::Expert,
    methods: methods::TENDER_RFQ,
    nodes: &[Node::ExpertDraw],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::CK_2016_198, "第14条")],
    valid_from: Some(LawDate::ymd(2017, 1, 1)),
    valid_to: None,
    title: Text::new("专家抽取时间过早", "Expert draw too early"),
    message: Text::new(
        "专家抽取{drawn_at}早于评审开始{started_at}前2个工作日",
        "Experts were drawn ({drawn_at}) earlier than 2 working days before the evaluation ({started_at})",
    ),
    why: Text::new(
        "过早抽取增加专家名单泄露和被\"打招呼\"的风险。",
        "An early draw increases the risk that the list leaks and experts are approached.",
    ),
};

pub static M05: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
