//! # P03 — 集中采购目录项目未委托集中采购机构 (Centralized-catalogue item not entrusted to the centralized center)
//!
//! **What it checks.** Flags a catalogue item (`centralized_catalogue_item`) whose agency kind is not the centralized center, without approved departmental/self procurement.
//!
//! **Why it matters.** Items of the centralized catalogue must be procured through the centralized procurement center; self-procurement or a private agency is unlawful. 纳入集中采购目录的项目必须委托集中采购机构代理采购，擅自自行采购或委托社会代理机构属违法。
//!
//! **Legal basis.** 《政府采购法》 第7条、第18条、第74条 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P03",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::BudgetPlan],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第7条、第18条、第74条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("集中采购目录项目未委托集中采购机构", "Centralized-catalogue item not entrusted to the centralized center"),
    message: Text::new(
        "项目属于集中采购目录，但由{agency_kind}组织采购",
        "The project is a centralized-catalogue item but is run by {agency_kind}",
    ),
    why: Text::new(
        "纳入集中采购目录的项目必须委托集中采购机构代理采购，擅自自行采购或委托社会代理机构属违法。",
        "Items of the centralized catalogue must be procured through the centralized procurement center; self-procurement or a private agency is unlawful.",
    ),
};

pub static P03: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
