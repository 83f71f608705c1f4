//! # M17 — 最低价被否或仅中标人有效 (Lowest bid rejected, or all but the winner disqualified)
//!
//! **What it checks.** Lowest-evaluated-price method and the lowest submitted bid disqualified; or every bid except the winner's disqualified (≥ 1 other).
//!
//! **Why it matters.** Rejecting the lowest bid under lowest-price evaluation, or disqualifying all but the winner, suggests the review was used to remove competitors. 最低价法下最低报价被否决，或除中标人外全部无效，提示资格/符合性审查被用来排除竞争者。
//!
//! **Legal basis.** Cardinal R035, R036 [L]; Prozorro SASU RISK2-13 [L]; 《政府采购法实施条例》 第34条 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M17",
    stage: Stage::During,
    subject: Subject::Lot,
    methods: methods::TENDER,
    nodes: &[Node::Evaluation],
    severity: Severity::High,
    nature: Nature::RiskIndicator,
    legal_basis: &[LegalBasis::l(law::CARDINAL, "R035, R036"), LegalBasis::l(law::SASU, "RISK2-13"), LegalBasis::v(law::GP_REGS, "第34条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("最低价被否或仅中标人有效", "Lowest bid rejected, or all but the winner disqualified"),
    message: Text::new(
        "{pattern}：{detail}",
        "{pattern}: {detail}",
    ),
    why: Text::new(
        "最低价法下最低报价被否决，或除中标人外全部无效，提示资格/符合性审查被用来排除竞争者。",
        "Rejecting the lowest bid under lowest-price evaluation, or disqualifying all but the winner, suggests the review was used to remove competitors.",
    ),
};

pub static M17: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
