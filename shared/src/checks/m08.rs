//! # M08 — 采购人人员以专家身份参加本单位项目评审 (Purchaser staff sitting as expert on own project)
//!
//! **What it checks.** Flags a member employed by the purchaser with role = expert.
//!
//! **Why it matters.** Purchaser representatives are limited; sitting as an "expert" evades that limit. 采购人代表名额有限，以专家名义参加评审会突破比例限制。
//!
//! **Legal basis.** 财政部令第87号 第47条 [K]; 财政部令第74号 第7条 [K]; 财库〔2014〕214号 第14条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M08",
    stage: Stage::During,
    subject: Subject::Expert,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ExpertDraw],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::k(law::ORDER_87, "第47条"),
        LegalBasis::k(law::ORDER_74, "第7条"),
        LegalBasis::k(law::CK_2014_214, "第14条"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "采购人人员以专家身份参加本单位项目评审",
        "Purchaser staff sitting as expert on own project",
    ),
    message: Text::new(
        "{person}受雇于采购人，却以评审专家身份参加评审",
        "{person} works for the purchaser but sits as an expert",
    ),
    why: Text::new(
        "采购人代表名额有限，以专家名义参加评审会突破比例限制。",
        "Purchaser representatives are limited; sitting as an \"expert\" evades that limit.",
    ),
};

pub static M08: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
