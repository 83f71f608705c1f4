//! # M27 — 评审定标周期异常 (Decision period anomalous)
//!
//! **What it checks.** Duration from deadline to award confirmation < p5 or > p95 of the peer group (same method and category).
//!
//! **Why it matters.** A decision much faster or slower than peers may mean a formality or behind-the-scenes coordination. 定标过快或过慢都偏离常态，可能意味着走过场或场外协调。
//!
//! **Legal basis.** DIGIWHIST / opentender INTEGRITY_DECISION_PERIOD [L]; OCP Red Flags (2024) R061/R062 [L]; Prozorro SASU RISK1-4 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M27",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ReportAward],
    severity: Severity::Low,
    nature: Nature::RiskIndicator,
    legal_basis: &[LegalBasis::l(law::DIGIWHIST, "INTEGRITY_DECISION_PERIOD"), LegalBasis::l(law::OCP, "R061/R062"), LegalBasis::l(law::SASU, "RISK1-4")],
    valid_from: None,
    valid_to: None,
    title: Text::new("评审定标周期异常", "Decision period anomalous"),
    message: Text::new(
        "截止至定标用时{days}，超出同类项目{percentile_range}区间（{low}—{high}）",
        "Deadline to award took {days}, outside the peer range {percentile_range} ({low}–{high})",
    ),
    why: Text::new(
        "定标过快或过慢都偏离常态，可能意味着走过场或场外协调。",
        "A decision much faster or slower than peers may mean a formality or behind-the-scenes coordination.",
    ),
};

/// A portfolio check (fold / merge / finalize over many projects); not written yet.
pub static M27: PortfolioStub = PortfolioStub { meta: &META };
