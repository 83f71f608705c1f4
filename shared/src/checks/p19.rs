//! # P19 — 等标期/响应准备期不足 (Bid or response preparation period too short)
//!
//! **What it checks.** Tender < 20 calendar days; consultation < 10 calendar days; negotiation / RFQ < 3 working days (B.2 T1, T7, T8, T10).
//!
//! **Why it matters.** A short preparation period lets only forewarned suppliers bid; it directly restricts competition. 准备期过短让只有事先知情的供应商来得及投标，直接限制竞争。
//!
//! **Legal basis.** 《政府采购法》 第35条 [V]; 财政部令第74号 第29条、第45条 [K]; 财库〔2014〕214号 第10条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P19",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::DocumentIssue],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第35条"), LegalBasis::k(law::ORDER_74, "第29条、第45条"), LegalBasis::k(law::CK_2014_214, "第10条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("等标期/响应准备期不足", "Bid or response preparation period too short"),
    message: Text::new(
        "{method}自文件发出{issued_from}至截止{deadline}仅{period}，少于法定{required}",
        "{method}: from issue ({issued_from}) to deadline ({deadline}) only {period}, less than the required {required}",
    ),
    why: Text::new(
        "准备期过短让只有事先知情的供应商来得及投标，直接限制竞争。",
        "A short preparation period lets only forewarned suppliers bid; it directly restricts competition.",
    ),
};

pub static P19: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
