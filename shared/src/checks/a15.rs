//! # A15 — 供应商集中度过高 (Supplier concentration)
//!
//! **What it checks.** Top supplier share > x (default 50 %) with ≥ n (default 5) contracts; HHI above the peer fence.
//!
//! **Why it matters.** One supplier holding most of a unit's business may indicate favouritism. 单一供应商长期占据大部分份额，提示可能存在利益输送。
//!
//! **Legal basis.** OCP Red Flags (2024) R040, R050, R051 [L]; DIGIWHIST / opentender WINNER_CA_SHARE [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A15",
    stage: Stage::Post,
    subject: Subject::Purchaser,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::l(law::OCP, "R040, R050, R051"),
        LegalBasis::l(law::DIGIWHIST, "WINNER_CA_SHARE"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("供应商集中度过高", "Supplier concentration"),
    message: Text::new(
        "{subject}的合同金额中{supplier}占{share}（{contracts}份合同）",
        "{supplier} holds {share} of {subject}'s contract value ({contracts} contracts)",
    ),
    why: Text::new(
        "单一供应商长期占据大部分份额，提示可能存在利益输送。",
        "One supplier holding most of a unit's business may indicate favouritism.",
    ),
};

/// A portfolio check (fold / merge / finalize over many projects); not written yet.
pub static A15: PortfolioStub = PortfolioStub { meta: &META };
