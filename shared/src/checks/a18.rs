//! # A18 — 长期陪标者 (Serial loser)
//!
//! **What it checks.** Cardinal R025: valid bids ≥ the 75th percentile and win ratio ≤ Q1 − 1.5·IQR.
//!
//! **Why it matters.** A supplier that bids often but almost never wins may be a cover bidder. 大量投标却几乎从不中标的供应商可能是陪标者。
//!
//! **Legal basis.** Cardinal R025 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A18",
    stage: Stage::Post,
    subject: Subject::Supplier,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Low,
    nature: Nature::RiskIndicator,
    legal_basis: &[LegalBasis::l(law::CARDINAL, "R025")],
    valid_from: None,
    valid_to: None,
    title: Text::new("长期陪标者", "Serial loser"),
    message: Text::new(
        "供应商{supplier}投标{bids}次，中标率{ratio}，低于下界{fence}",
        "Supplier {supplier} bid {bids} times with a win ratio of {ratio}, below the fence {fence}",
    ),
    why: Text::new(
        "大量投标却几乎从不中标的供应商可能是陪标者。",
        "A supplier that bids often but almost never wins may be a cover bidder.",
    ),
};

/// A portfolio check (fold / merge / finalize over many projects); not written yet.
pub static A18: PortfolioStub = PortfolioStub { meta: &META };
