//! # A16 — 轮流中标/陪标 (Repeat awards and rotation)
//!
//! **What it checks.** Same pair co-bids ≥ k times with alternating winners; same recurrent winner in a co-bidding group.
//!
//! **Why it matters.** A fixed group taking turns to win is the classic bid-rotation pattern. 固定组合轮流中标是围标串标的典型模式。
//!
//! **Legal basis.** OCP Red Flags (2024) R053, R057 [L]; World Bank red flags flag 7 [L]; OECD bid-rigging guidelines BR-06 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A16",
    stage: Stage::Post,
    subject: Subject::Pair,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::l(law::OCP, "R053, R057"),
        LegalBasis::l(law::WORLD_BANK, "flag 7"),
        LegalBasis::l(law::OECD, "BR-06"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("轮流中标/陪标", "Repeat awards and rotation"),
    message: Text::new(
        "{supplier_a}与{supplier_b}共同投标{co_bids}次，中标交替出现",
        "{supplier_a} and {supplier_b} bid together {co_bids} times with alternating wins",
    ),
    why: Text::new(
        "固定组合轮流中标是围标串标的典型模式。",
        "A fixed group taking turns to win is the classic bid-rotation pattern.",
    ),
};

/// A portfolio check (fold / merge / finalize over many projects); not written yet.
pub static A16: PortfolioStub = PortfolioStub { meta: &META };
