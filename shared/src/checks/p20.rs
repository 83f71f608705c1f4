//! # P20 — 公告期不足 (Notice publication period too short)
//!
//! **What it checks.** Flags a tender / pre-qualification notice period < 5 working days, or a pre-qualification application window < 5 working days.
//!
//! **Why it matters.** The publication period gives potential suppliers the chance to learn of the procurement. 公告期保证潜在供应商有机会知悉采购信息。
//!
//! **Legal basis.** 财政部令第87号 第16条 [K]; 《政府采购法实施条例》 第21条 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P20",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::TENDER,
    nodes: &[Node::NoticeInvitation],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::k(law::ORDER_87, "第16条"),
        LegalBasis::v(law::GP_REGS, "第21条"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("公告期不足", "Notice publication period too short"),
    message: Text::new(
        "{notice_kind}公告期仅{working_days}（要求5个工作日）",
        "The {notice_kind} was published for only {working_days} (5 working days required)",
    ),
    why: Text::new(
        "公告期保证潜在供应商有机会知悉采购信息。",
        "The publication period gives potential suppliers the chance to learn of the procurement.",
    ),
};

pub static P20: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
