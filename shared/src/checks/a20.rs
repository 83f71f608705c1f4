//! # A20 — 评审专家行为异常 (Expert behaviour)
//!
//! **What it checks.** Expert on > n panels of the same unit/agency per year; systematic score deviation in favour of the eventual winner.
//!
//! **Why it matters.** An expert who often sits for one unit or systematically favours winners may be captured. 同一专家频繁评审同一单位项目或系统性偏向中标人，提示可能被"固定"。
//!
//! **Legal basis.** 《政府采购法实施条例》 第62条第2款 [V]; 财库〔2016〕198号 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A20",
    stage: Stage::Post,
    subject: Subject::Expert,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::v(law::GP_REGS, "第62条第2款"),
        LegalBasis::k(law::CK_2016_198, ""),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("评审专家行为异常", "Expert behaviour"),
    message: Text::new("专家{expert}{issue}", "Expert {expert}: {issue}"),
    why: Text::new(
        "同一专家频繁评审同一单位项目或系统性偏向中标人，提示可能被\"固定\"。",
        "An expert who often sits for one unit or systematically favours winners may be captured.",
    ),
};

/// A portfolio check (fold / merge / finalize over many projects); not written yet.
pub static A20: PortfolioStub = PortfolioStub { meta: &META };
