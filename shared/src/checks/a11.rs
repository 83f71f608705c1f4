//! # A11 — 拖欠中小企业款项 (Late payment to an SME)
//!
//! **What it checks.** Flags paid_at − start > 30 days (no contract term), > the contract term, or > 60 days in any case.
//!
//! **Why it matters.** Public bodies must pay SMEs within 30 days (at most 60 by contract); arrears hurt small firms. 机关、事业单位须在30日（约定最长60日）内向中小企业付款，拖欠损害中小企业生存。
//!
//! **Legal basis.** 《保障中小企业款项支付条例》(2025) 第9条、第10条 [V]; 《保障中小企业款项支付条例》(2020) 第8条、第9条 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A11",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::ALL,
    nodes: &[Node::Performance],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::SME_PAYMENT_2025, "第9条、第10条"), LegalBasis::v(law::SME_PAYMENT_2020, "第8条、第9条")],
    valid_from: Some(LawDate::ymd(2020, 9, 1)),
    valid_to: None,
    title: Text::new("拖欠中小企业款项", "Late payment to an SME"),
    message: Text::new(
        "向中小企业{supplier}付款距{start_event}{days}，超过期限{limit}",
        "Payment to SME {supplier} came {days} after {start_event}, beyond the limit {limit}",
    ),
    why: Text::new(
        "机关、事业单位须在30日（约定最长60日）内向中小企业付款，拖欠损害中小企业生存。",
        "Public bodies must pay SMEs within 30 days (at most 60 by contract); arrears hurt small firms.",
    ),
};

pub static A11: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
