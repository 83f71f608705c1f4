//! # M14 — 报价相同或呈规律性差异 (Identical or regularly spaced prices)
//!
//! **What it checks.** ≥ 2 suppliers with an equal price; or constant price ratios/differences across ≥ 3 bids; or the same pattern across lots.
//!
//! **Why it matters.** Identical or regularly spaced prices suggest bidders coordinated their prices. 报价完全相同或按固定比例排列，提示投标人之间可能协调报价。
//!
//! **Legal basis.** 财政部令第87号 第37条(四) [K]; Cardinal R028 [L]; OCP Red Flags (2024) R023 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M14",
    stage: Stage::During,
    subject: Subject::Lot,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::k(law::ORDER_87, "第37条(四)"),
        LegalBasis::l(law::CARDINAL, "R028"),
        LegalBasis::l(law::OCP, "R023"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "报价相同或呈规律性差异",
        "Identical or regularly spaced prices",
    ),
    message: Text::new(
        "{count}份投标报价{pattern}",
        "{count} bids have {pattern} prices",
    ),
    why: Text::new(
        "报价完全相同或按固定比例排列，提示投标人之间可能协调报价。",
        "Identical or regularly spaced prices suggest bidders coordinated their prices.",
    ),
};

pub static M14: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
