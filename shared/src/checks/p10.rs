//! # P10 — 获准进口但排斥国内产品 (Approved import but domestic products excluded)
//!
//! **What it checks.** Flags an approved import approval together with documents that exclude domestic products.
//!
//! **Why it matters.** An import approval lets imported products compete; it does not allow excluding domestic ones. 进口核准只是允许进口产品参与，不得限制或排斥国内产品。
//!
//! **Legal basis.** 财办库〔2008〕248号 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P10",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ImportApproval],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::CBK_2008_248, "")],
    valid_from: None,
    valid_to: None,
    title: Text::new("获准进口但排斥国内产品", "Approved import but domestic products excluded"),
    message: Text::new(
        "已获进口产品审批，但采购文件排斥国内产品",
        "Imports are approved, but the documents exclude domestic products",
    ),
    why: Text::new(
        "进口核准只是允许进口产品参与，不得限制或排斥国内产品。",
        "An import approval lets imported products compete; it does not allow excluding domestic ones.",
    ),
};

pub static P10: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
