//! # P02 — 采购未纳入已备案的实施计划 (Procurement not in a filed implementation plan)
//!
//! **What it checks.** Flags a project with no plan, or `plan.filed_at` later than the first activity notice.
//!
//! **Why it matters.** Purchasers must procure under a filed implementation plan; filing after the fact defeats plan control. 采购人应按已备案的实施计划开展采购；先采购后备案使计划管控失效。
//!
//! **Legal basis.** 《政府采购法实施条例》 第29条、第67条(一) [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P02",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::BudgetPlan],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第29条、第67条(一)")],
    valid_from: None,
    valid_to: None,
    title: Text::new("采购未纳入已备案的实施计划", "Procurement not in a filed implementation plan"),
    message: Text::new(
        "项目无采购计划，或计划备案时间{plan_filed_at}晚于首次公告时间{first_notice_at}",
        "The project has no plan, or the plan was filed ({plan_filed_at}) after the first notice ({first_notice_at})",
    ),
    why: Text::new(
        "采购人应按已备案的实施计划开展采购；先采购后备案使计划管控失效。",
        "Purchasers must procure under a filed implementation plan; filing after the fact defeats plan control.",
    ),
};

pub static P02: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
