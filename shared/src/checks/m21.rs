//! # M21 — 违规重新评审或未报告 (Re-evaluation outside the permitted cases or unreported)
//!
//! **What it checks.** Result changed after signing for a reason not in {sum error, item score out of range, inconsistent objective scores, abnormal score}, or no written report.
//!
//! **Why it matters.** After signing, results may only be corrected in the listed cases and must be reported. 评审结果签字后只能在法定情形下复核纠正，并须报告财政部门。
//!
//! **Legal basis.** 《政府采购法实施条例》 第44条 [V]; 财政部令第87号 第64条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M21",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::TENDER,
    nodes: &[Node::Evaluation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第44条"), LegalBasis::k(law::ORDER_87, "第64条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("违规重新评审或未报告", "Re-evaluation outside the permitted cases or unreported"),
    message: Text::new(
        "评审报告第{version}版改变了结果，理由{reason}不属于法定情形或未书面报告财政部门",
        "Report version {version} changed the result for a reason ({reason}) outside the permitted cases, or was not reported to the finance department",
    ),
    why: Text::new(
        "评审结果签字后只能在法定情形下复核纠正，并须报告财政部门。",
        "After signing, results may only be corrected in the listed cases and must be reported.",
    ),
};

pub static M21: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
