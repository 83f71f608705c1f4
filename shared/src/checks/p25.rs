//! # P25 — 未落实中小企业扶持政策 (SME policy not applied)
//!
//! **What it checks.** Budget ≤ 200万 (goods/services) / ≤ 400万 (works) and suitable, but not reserved; above: reservation share below the required; deduction outside the statutory range.
//!
//! **Why it matters.** Government procurement must reserve shares or apply price deductions for SMEs. 政府采购须按规定预留份额或给予价格扣除，支持中小企业。
//!
//! **Legal basis.** 财库〔2020〕46号 第8条、第9条 [K]; 财库〔2022〕19号 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P25",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::CK_2020_46, "第8条、第9条"), LegalBasis::k(law::CK_2022_19, "")],
    valid_from: Some(LawDate::ymd(2021, 1, 1)),
    valid_to: None,
    title: Text::new("未落实中小企业扶持政策", "SME policy not applied"),
    message: Text::new(
        "采购预算{budget}，{object_type}，中小企业预留/价格扣除不符合要求：{issue}",
        "Budget {budget}, {object_type}: SME reservation or price deduction not as required: {issue}",
    ),
    why: Text::new(
        "政府采购须按规定预留份额或给予价格扣除，支持中小企业。",
        "Government procurement must reserve shares or apply price deductions for SMEs.",
    ),
};

pub static P25: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
