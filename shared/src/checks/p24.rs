//! # P24 — 歧视性或限制性条款 (Discriminatory or restrictive terms)
//!
//! **What it checks.** Text rules over qualification, scoring and specifications: regional/industry awards, named brands or suppliers, ownership or location, size conditions (注册资本 …), specs pointing at one product. Human confirmation required.
//!
//! **Why it matters.** Treating suppliers differently through unreasonable conditions is expressly forbidden. 以不合理条件对供应商实行差别或歧视待遇为条例明令禁止。
//!
//! **Legal basis.** 《政府采购法实施条例》 第20条 [V]; 《政府采购法》 第22条第2款 [V]; 财政部令第87号 第17条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P24",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::v(law::GP_REGS, "第20条"),
        LegalBasis::v(law::GP_LAW, "第22条第2款"),
        LegalBasis::k(law::ORDER_87, "第17条"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("歧视性或限制性条款", "Discriminatory or restrictive terms"),
    message: Text::new(
        "采购文件含疑似限制性条款：{term}",
        "The documents contain a suspected restrictive term: {term}",
    ),
    why: Text::new(
        "以不合理条件对供应商实行差别或歧视待遇为条例明令禁止。",
        "Treating suppliers differently through unreasonable conditions is expressly forbidden.",
    ),
};

pub static P24: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
