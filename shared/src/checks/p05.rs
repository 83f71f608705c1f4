//! # P05 — 采购方式变更审批晚于采购活动开始 (Method-change approval obtained after activity began)
//!
//! **What it checks.** Flags an approval decided after the first activity notice, or a result other than approved.
//!
//! **Why it matters.** The law requires approval before the procurement activity begins; approval after the fact is no approval. 法律要求"在采购活动开始前"获得批准，事后补批等于未批。
//!
//! **Legal basis.** 《政府采购法》 第27条 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P05",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::MethodApproval],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第27条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("采购方式变更审批晚于采购活动开始", "Method-change approval obtained after activity began"),
    message: Text::new(
        "变更采购方式审批时间{decided_at}晚于首次公告时间{first_notice_at}（或审批未通过）",
        "The method change was decided ({decided_at}) after the first notice ({first_notice_at}), or was not approved",
    ),
    why: Text::new(
        "法律要求\"在采购活动开始前\"获得批准，事后补批等于未批。",
        "The law requires approval before the procurement activity begins; approval after the fact is no approval.",
    ),
};

pub static P05: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
