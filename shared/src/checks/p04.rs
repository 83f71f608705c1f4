//! # P04 — 达到公开招标数额标准未经批准采用其他方式 (Open-tender threshold reached, other method used without approval)
//!
//! **What it checks.** Flags budget ≥ threshold(year, jurisdiction, object type) with method ≠ open tender and no approved method change.
//!
//! **Why it matters.** Goods and services at or above the open-tender threshold must be openly tendered; another method needs prior approval by the finance department. 达到公开招标数额标准的货物、服务应当公开招标，采用其他方式须在采购活动开始前获得财政部门批准。
//!
//! **Legal basis.** 《政府采购法》 第27条 [V]; 《政府采购法实施条例》 第23条 [V]; 财政部令第74号 第4条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P04",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::MethodApproval],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第27条"), LegalBasis::v(law::GP_REGS, "第23条"), LegalBasis::k(law::ORDER_74, "第4条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("达到公开招标数额标准未经批准采用其他方式", "Open-tender threshold reached, other method used without approval"),
    message: Text::new(
        "采购预算{budget}达到公开招标数额标准{threshold}，采用{method}但无经批准的变更采购方式审批",
        "The budget {budget} reaches the open-tender threshold {threshold}, yet {method} was used without an approved method change",
    ),
    why: Text::new(
        "达到公开招标数额标准的货物、服务应当公开招标，采用其他方式须在采购活动开始前获得财政部门批准。",
        "Goods and services at or above the open-tender threshold must be openly tendered; another method needs prior approval by the finance department.",
    ),
};

pub static P04: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
