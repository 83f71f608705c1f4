//! # P09 — 采购进口产品未经批准 (Imported products without approval)
//!
//! **What it checks.** Flags any imported item or documents allowing imports without an approved import approval dated before the first notice.
//!
//! **Why it matters.** Government procurement must buy domestic goods; imports need prior approval by the finance department. 政府采购应当采购本国货物，采购进口产品须事先经财政部门核准。
//!
//! **Legal basis.** 《政府采购法》 第10条 [V]; 财库〔2007〕119号 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P09",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::ImportApproval],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第10条"), LegalBasis::k(law::CK_2007_119, "")],
    valid_from: None,
    valid_to: None,
    title: Text::new("采购进口产品未经批准", "Imported products without approval"),
    message: Text::new(
        "项目允许或包含进口产品，但无在公告{first_notice_at}前获批的进口产品审批",
        "The project allows or includes imported products without an import approval granted before the notice ({first_notice_at})",
    ),
    why: Text::new(
        "政府采购应当采购本国货物，采购进口产品须事先经财政部门核准。",
        "Government procurement must buy domestic goods; imports need prior approval by the finance department.",
    ),
};

pub static P09: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
