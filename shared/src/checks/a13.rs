//! # A13 — 节支率分析 (Savings-rate analytics)
//!
//! **What it checks.** Reports savings = (Σbudget − Σactual)/Σbudget; flags projects with award/budget ≥ 0.99 or ≤ 0.5.
//!
//! **Why it matters.** An award almost equal to the budget suggests little competition; far below suggests an inflated budget or a dumping bid. 成交价几乎等于预算提示缺乏竞争，远低于预算提示预算虚高或低价抢标。
//!
//! **Legal basis.** OCP Red Flags (2024) R031, R016 [L]; Prozorro SASU sas-3-6 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A13",
    stage: Stage::Post,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Low,
    nature: Nature::RiskIndicator,
    legal_basis: &[LegalBasis::l(law::OCP, "R031, R016"), LegalBasis::l(law::SASU, "sas-3-6")],
    valid_from: None,
    valid_to: None,
    title: Text::new("节支率分析", "Savings-rate analytics"),
    message: Text::new(
        "成交金额/预算为{ratio}，{issue}",
        "Award / budget = {ratio}: {issue}",
    ),
    why: Text::new(
        "成交价几乎等于预算提示缺乏竞争，远低于预算提示预算虚高或低价抢标。",
        "An award almost equal to the budget suggests little competition; far below suggests an inflated budget or a dumping bid.",
    ),
};

/// A portfolio check (fold / merge / finalize over many projects); not written yet.
pub static A13: PortfolioStub = PortfolioStub { meta: &META };
