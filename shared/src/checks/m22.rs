//! # M22 — 评审报告送交过晚 (Evaluation report delivered late)
//!
//! **What it checks.** Flags more than 2 working days from the end of evaluation to delivery to the purchaser.
//!
//! **Why it matters.** A late report delays the award and leaves time for outside interference. 报告迟交拖延定标，也为场外干预留出时间。
//!
//! **Legal basis.** 《政府采购法实施条例》 第43条 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M22",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ReportAward],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第43条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("评审报告送交过晚", "Evaluation report delivered late"),
    message: Text::new(
        "评审结束{ended_at}后{working_days}才送交评审报告（要求2个工作日内）",
        "The report was delivered {working_days} after the evaluation ended ({ended_at}); within 2 working days required",
    ),
    why: Text::new(
        "报告迟交拖延定标，也为场外干预留出时间。",
        "A late report delays the award and leaves time for outside interference.",
    ),
};

pub static M22: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
