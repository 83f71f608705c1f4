//! # A17 — 无效投标比例过高 (Excessive disqualifications)
//!
//! **What it checks.** Disqualified ÷ submitted ≥ Q3 + 1.5·IQR, with ≥ 2 bids over ≥ 2 processes.
//!
//! **Why it matters.** Frequent disqualifications may mean the review is used to remove competitors. 频繁否决投标可能是借审查排除竞争者。
//!
//! **Legal basis.** Cardinal R038 [L]; Prozorro SASU RISK-2-19 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A17",
    stage: Stage::Post,
    subject: Subject::Purchaser,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::l(law::CARDINAL, "R038"),
        LegalBasis::l(law::SASU, "RISK-2-19"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("无效投标比例过高", "Excessive disqualifications"),
    message: Text::new(
        "{subject}的投标被否决比例{ratio}，高于同类上界{fence}",
        "{subject}: disqualification rate {ratio}, above the peer fence {fence}",
    ),
    why: Text::new(
        "频繁否决投标可能是借审查排除竞争者。",
        "Frequent disqualifications may mean the review is used to remove competitors.",
    ),
};

/// A portfolio check (fold / merge / finalize over many projects); not written yet.
pub static A17: PortfolioStub = PortfolioStub { meta: &META };
