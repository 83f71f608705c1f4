//! # A21 — 非竞争性方式使用比例过高 (High use of non-competitive methods)
//!
//! **What it checks.** Per unit: share of 单一来源 / 谈判 by value and count > peer fence, or above a set ceiling.
//!
//! **Why it matters.** Heavy use of non-competitive methods erodes open competition. 过度使用非竞争方式削弱公开竞争。
//!
//! **Legal basis.** OCP Red Flags (2024) R013 [L]; DIGIWHIST / opentender INTEGRITY_PROCEDURE_TYPE [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A21",
    stage: Stage::Post,
    subject: Subject::Purchaser,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::l(law::OCP, "R013"),
        LegalBasis::l(law::DIGIWHIST, "INTEGRITY_PROCEDURE_TYPE"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "非竞争性方式使用比例过高",
        "High use of non-competitive methods",
    ),
    message: Text::new(
        "{subject}的单一来源/竞争性谈判占比{share}，高于{fence}",
        "{subject}: share of single source / negotiation is {share}, above {fence}",
    ),
    why: Text::new(
        "过度使用非竞争方式削弱公开竞争。",
        "Heavy use of non-competitive methods erodes open competition.",
    ),
};

/// A portfolio check (fold / merge / finalize over many projects); not written yet.
pub static A21: PortfolioStub = PortfolioStub { meta: &META };
