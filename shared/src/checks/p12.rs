//! # P12 — 金额聚集在限额标准之下 (Near-threshold clustering)
//!
//! **What it checks.** Flags ≥ k purchases (default 2) of one unit and category within a rolling window (default 90 days) with amount in [0.9·T, T) for a threshold T.
//!
//! **Why it matters.** Several purchases just under a threshold often indicate splitting to avoid a procedure. 多笔采购金额刚好低于数额标准，常是拆分规避程序的迹象。
//!
//! **Legal basis.** OCP Red Flags (2024) R011/R049/R055 [L]; Prozorro SASU RISK2-5_1, RISK2-6_1 [L]; World Bank red flags flag 2 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P12",
    stage: Stage::Pre,
    subject: Subject::Purchaser,
    methods: methods::SIX,
    nodes: &[Node::BudgetPlan],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[LegalBasis::l(law::OCP, "R011/R049/R055"), LegalBasis::l(law::SASU, "RISK2-5_1, RISK2-6_1"), LegalBasis::l(law::WORLD_BANK, "flag 2")],
    valid_from: None,
    valid_to: None,
    title: Text::new("金额聚集在限额标准之下", "Near-threshold clustering"),
    message: Text::new(
        "{unit}在{window_days}天内有{count}笔{category}采购金额介于限额标准{threshold}的{near}以内",
        "{unit} made {count} purchases of {category} within {window_days} days with amounts just below the threshold {threshold} (within {near})",
    ),
    why: Text::new(
        "多笔采购金额刚好低于数额标准，常是拆分规避程序的迹象。",
        "Several purchases just under a threshold often indicate splitting to avoid a procedure.",
    ),
};

/// A portfolio check (fold / merge / finalize over many projects); not written yet.
pub static P12: PortfolioStub = PortfolioStub { meta: &META };
