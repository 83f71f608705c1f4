//! # A25 — 关键字段缺失 (Missing-data / transparency indicators)
//!
//! **What it checks.** Counts each null key field (budget, method, bidder count, award date, supplier id, amounts).
//!
//! **Why it matters.** Missing key data harms transparency and blinds the other checks. 关键信息缺失既影响透明度，也让其他检查无法进行。
//!
//! **Legal basis.** DIGIWHIST / opentender TRANSPARENCY_* [L]; OCP Red Flags (2024) R001/R005/R063 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A25",
    stage: Stage::Post,
    subject: Subject::Project,
    methods: methods::ALL,
    nodes: &[Node::Portfolio],
    severity: Severity::Low,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::l(law::DIGIWHIST, "TRANSPARENCY_*"),
        LegalBasis::l(law::OCP, "R001/R005/R063"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("关键字段缺失", "Missing-data / transparency indicators"),
    message: Text::new("缺少关键字段：{fields}", "Key fields missing: {fields}"),
    why: Text::new(
        "关键信息缺失既影响透明度，也让其他检查无法进行。",
        "Missing key data harms transparency and blinds the other checks.",
    ),
};

pub static A25: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
