//! # M01 — 投标人不足3家仍继续招标 (Fewer than 3 bidders, yet the tender continued)
//!
//! **What it checks.** Tender: count(bids) < 3 and opening/evaluation held; count(qualified) < 3 and evaluation held; count(responsive) < 3 and award made (except an approved switch).
//!
//! **Why it matters.** With fewer than three bidders the tender must fail; going on means the legally required competition is missing. 投标人不足三家应废标；继续评审或授标意味着缺乏法定竞争。
//!
//! **Legal basis.** 《政府采购法》 第36条(一) [V]; 财政部令第87号 第41条、第43条、第44条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M01",
    stage: Stage::During,
    subject: Subject::Lot,
    methods: methods::TENDER,
    nodes: &[Node::DeadlineOpening],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第36条(一)"), LegalBasis::k(law::ORDER_87, "第41条、第43条、第44条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("投标人不足3家仍继续招标", "Fewer than 3 bidders, yet the tender continued"),
    message: Text::new(
        "截止时投标人{bids}家（合格{qualified}家），不足3家仍继续{next_step}",
        "{bids} bids ({qualified} qualified) at the deadline, fewer than 3, yet the tender went on to {next_step}",
    ),
    why: Text::new(
        "投标人不足三家应废标；继续评审或授标意味着缺乏法定竞争。",
        "With fewer than three bidders the tender must fail; going on means the legally required competition is missing.",
    ),
};

pub static M01: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
