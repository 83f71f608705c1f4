//! # M19 — 开标时间与投标截止时间不一致 (Opening time differs from the deadline)
//!
//! **What it checks.** Flags opening_at ≠ deadline.
//!
//! **Why it matters.** Bids must be opened at the deadline; a gap leaves room for tampering. 开标应在投标截止时间的同一时间公开进行，间隔期间文件存在被调换的风险。
//!
//! **Legal basis.** 财政部令第87号 第39条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M19",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::TENDER,
    nodes: &[Node::DeadlineOpening],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::ORDER_87, "第39条")],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "开标时间与投标截止时间不一致",
        "Opening time differs from the deadline",
    ),
    message: Text::new(
        "开标时间{opening_at}与投标截止时间{deadline}不一致",
        "The opening ({opening_at}) differs from the deadline ({deadline})",
    ),
    why: Text::new(
        "开标应在投标截止时间的同一时间公开进行，间隔期间文件存在被调换的风险。",
        "Bids must be opened at the deadline; a gap leaves room for tampering.",
    ),
};

pub static M19: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
