//! # P13 — 采购意向未提前30日公开 (Procurement intention not published 30 days ahead)
//!
//! **What it checks.** Flags no intention, or fewer than 30 days from intention to the first notice (secret / urgent projects excepted).
//!
//! **Why it matters.** Publishing the intention early gives suppliers time to prepare; it is a condition of fair competition. 提前公开采购意向让供应商有时间准备，是公平竞争的前提。
//!
//! **Legal basis.** 财库〔2020〕10号 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P13",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::BudgetPlan],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::CK_2020_10, "")],
    valid_from: Some(LawDate::ymd(2021, 1, 1)),
    valid_to: None,
    title: Text::new("采购意向未提前30日公开", "Procurement intention not published 30 days ahead"),
    message: Text::new(
        "采购意向公开{intention_at}至采购公告{first_notice_at}仅{days}（要求不少于30日）",
        "The intention ({intention_at}) preceded the notice ({first_notice_at}) by only {days} (at least 30 required)",
    ),
    why: Text::new(
        "提前公开采购意向让供应商有时间准备，是公平竞争的前提。",
        "Publishing the intention early gives suppliers time to prepare; it is a condition of fair competition.",
    ),
};

pub static P13: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
