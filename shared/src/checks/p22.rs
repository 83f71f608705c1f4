//! # P22 — 未在指定媒体发布 (Not published in a designated medium)
//!
//! **What it checks.** Flags notice media outside 中国政府采购网, its provincial branches and the designated list.
//!
//! **Why it matters.** Procurement information must appear in the media designated by the finance department, so it is complete and searchable. 采购信息须在财政部门指定的媒体发布，确保统一、可查。
//!
//! **Legal basis.** 《政府采购法实施条例》 第8条 [V]; 财政部令第101号 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P22",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::NoticeInvitation],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第8条"), LegalBasis::k(law::ORDER_101, "")],
    valid_from: None,
    valid_to: None,
    title: Text::new("未在指定媒体发布", "Not published in a designated medium"),
    message: Text::new(
        "{notice_kind}发布媒体{media}不在指定媒体之列",
        "The {notice_kind} was published in {media}, not a designated medium",
    ),
    why: Text::new(
        "采购信息须在财政部门指定的媒体发布，确保统一、可查。",
        "Procurement information must appear in the media designated by the finance department, so it is complete and searchable.",
    ),
};

pub static P22: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
