//! # A14 — 低竞争画像 (Low-competition profile)
//!
//! **What it checks.** Per unit / agency / category: share of single-bid or < 3-bid processes > peer Q3 + 1.5·IQR.
//!
//! **Why it matters.** Units or categories with persistently weak competition are more likely to restrict it. 长期竞争不足的单位或品类更可能存在限制竞争。
//!
//! **Legal basis.** Cardinal R018 [L]; OCP Red Flags (2024) R018/R019 [L]; DIGIWHIST / opentender single bidding [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A14",
    stage: Stage::Post,
    subject: Subject::Purchaser,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[LegalBasis::l(law::CARDINAL, "R018"), LegalBasis::l(law::OCP, "R018/R019"), LegalBasis::l(law::DIGIWHIST, "single bidding")],
    valid_from: None,
    valid_to: None,
    title: Text::new("低竞争画像", "Low-competition profile"),
    message: Text::new(
        "{subject}的少于3家投标项目占比{share}，高于同类上界{fence}",
        "{subject}: share of processes with fewer than 3 bids is {share}, above the peer fence {fence}",
    ),
    why: Text::new(
        "长期竞争不足的单位或品类更可能存在限制竞争。",
        "Units or categories with persistently weak competition are more likely to restrict it.",
    ),
};

/// A portfolio check (fold / merge / finalize over many projects); not written yet.
pub static A14: PortfolioStub = PortfolioStub { meta: &META };
