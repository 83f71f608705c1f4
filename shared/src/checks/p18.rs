//! # P18 — 文件提供/发售期少于5个工作日 (Document provision or sale period too short)
//!
//! **What it checks.** Flags a provision/sale period of tender, pre-qualification or consultation documents below 5 working days.
//!
//! **Why it matters.** A short provision period keeps suppliers from obtaining the documents. 文件提供期过短使部分供应商无法获取文件。
//!
//! **Legal basis.** 《政府采购法实施条例》 第31条 [V]; 财政部令第87号 第24条 [K]; 财库〔2014〕214号 第10条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P18",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::TENDER_CONSULTATION,
    nodes: &[Node::DocumentIssue],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第31条"), LegalBasis::k(law::ORDER_87, "第24条"), LegalBasis::k(law::CK_2014_214, "第10条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("文件提供/发售期少于5个工作日", "Document provision or sale period too short"),
    message: Text::new(
        "文件提供期{issued_from}至{issued_until}仅{working_days}（要求不少于5个工作日）",
        "Documents were available from {issued_from} to {issued_until}, only {working_days} (at least 5 required)",
    ),
    why: Text::new(
        "文件提供期过短使部分供应商无法获取文件。",
        "A short provision period keeps suppliers from obtaining the documents.",
    ),
};

pub static P18: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
