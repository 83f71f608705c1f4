//! # M25 — 询问、质疑、投诉处理超期 (Challenges and complaints not handled in time)
//!
//! **What it checks.** Inquiry answer > 3 working days; challenge answer > 7 working days; complaint decision > 30 working days (net of excluded time); suspension > 30 days.
//!
//! **Why it matters.** Statutory answer periods protect suppliers' remedies; late answers defeat them. 法定答复时限保障供应商救济权利，超期处理使救济落空。
//!
//! **Legal basis.** 《政府采购法实施条例》 第52条、第58条 [V]; 《政府采购法》 第53条、第56条、第57条 [V]; 财政部令第94号 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M25",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::Challenge],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::v(law::GP_REGS, "第52条、第58条"),
        LegalBasis::v(law::GP_LAW, "第53条、第56条、第57条"),
        LegalBasis::k(law::ORDER_94, ""),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "询问、质疑、投诉处理超期",
        "Challenges and complaints not handled in time",
    ),
    message: Text::new(
        "{kind}于{filed_at}提出，{elapsed}后才答复/处理（时限{limit}）",
        "The {kind} filed on {filed_at} was answered after {elapsed} (limit {limit})",
    ),
    why: Text::new(
        "法定答复时限保障供应商救济权利，超期处理使救济落空。",
        "Statutory answer periods protect suppliers' remedies; late answers defeat them.",
    ),
};

pub static M25: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
