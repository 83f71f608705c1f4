//! # A07 — 未经同意分包或转包 (Subcontracting without consent, or transfer of the whole contract)
//!
//! **What it checks.** Flags a subcontract without consent, or the whole contract transferred (转包).
//!
//! **Why it matters.** Subcontracting needs the purchaser's consent and the whole contract may not be passed on. 分包须经采购人同意，且不得转包整个合同，否则中标供应商名不副实。
//!
//! **Legal basis.** 《政府采购法》 第48条 [V]; 《政府采购法实施条例》 第72条(四) [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A07",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::v(law::GP_LAW, "第48条"),
        LegalBasis::v(law::GP_REGS, "第72条(四)"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "未经同意分包或转包",
        "Subcontracting without consent, or transfer of the whole contract",
    ),
    message: Text::new(
        "合同分包给{subcontractor}{issue}",
        "Subcontract to {subcontractor}: {issue}",
    ),
    why: Text::new(
        "分包须经采购人同意，且不得转包整个合同，否则中标供应商名不副实。",
        "Subcontracting needs the purchaser's consent and the whole contract may not be passed on.",
    ),
};

pub static A07: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
