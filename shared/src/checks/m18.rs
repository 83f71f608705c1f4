//! # M18 — 接收逾期投标 (Late bid accepted)
//!
//! **What it checks.** received_at > deadline and status not disqualified (especially if awarded).
//!
//! **Why it matters.** Late bids must be refused; accepting one is unfair to the other bidders. 逾期送达的投标文件必须拒收；接收即对其他投标人不公平。
//!
//! **Legal basis.** 财政部令第87号 第33条 [K]; Cardinal R030 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M18",
    stage: Stage::During,
    subject: Subject::Bid,
    methods: methods::COMPETITIVE,
    nodes: &[Node::DeadlineOpening],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::k(law::ORDER_87, "第33条"),
        LegalBasis::l(law::CARDINAL, "R030"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("接收逾期投标", "Late bid accepted"),
    message: Text::new(
        "投标{bid}于{received_at}送达，晚于截止时间{deadline}，却未被拒收",
        "Bid {bid} arrived at {received_at}, after the deadline {deadline}, and was not rejected",
    ),
    why: Text::new(
        "逾期送达的投标文件必须拒收；接收即对其他投标人不公平。",
        "Late bids must be refused; accepting one is unfair to the other bidders.",
    ),
};

pub static M18: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
