//! # A19 — 中标品目异常分散 (Heterogeneous supplier)
//!
//! **What it checks.** Distinct first-level 品目 won ≥ Q3 + 1.5·IQR among suppliers with ≥ 20 awards.
//!
//! **Why it matters.** A supplier winning across many unrelated categories may be a shell or a pass-through. 横跨大量不相关品类中标的供应商可能是皮包公司或转包平台。
//!
//! **Legal basis.** Cardinal R048 [L]; Prozorro SASU sas-3-3 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A19",
    stage: Stage::Post,
    subject: Subject::Supplier,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Low,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::l(law::CARDINAL, "R048"),
        LegalBasis::l(law::SASU, "sas-3-3"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("中标品目异常分散", "Heterogeneous supplier"),
    message: Text::new(
        "供应商{supplier}中标的一级品目有{categories}类，高于上界{fence}",
        "Supplier {supplier} won in {categories} first-level categories, above the fence {fence}",
    ),
    why: Text::new(
        "横跨大量不相关品类中标的供应商可能是皮包公司或转包平台。",
        "A supplier winning across many unrelated categories may be a shell or a pass-through.",
    ),
};

/// A portfolio check (fold / merge / finalize over many projects); not written yet.
pub static A19: PortfolioStub = PortfolioStub { meta: &META };
