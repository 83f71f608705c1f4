//! # M09 — 代理机构人员参加本机构代理项目评审 (Agency staff evaluating own agency's project)
//!
//! **What it checks.** Flags a member employed by the project's agency.
//!
//! **Why it matters.** Staff of the agency may not evaluate projects their agency runs. 代理机构工作人员不得参加本机构代理项目的评审。
//!
//! **Legal basis.** 财政部令第87号 第47条 [K]; 财政部令第74号 第7条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M09",
    stage: Stage::During,
    subject: Subject::Expert,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ExpertDraw],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::k(law::ORDER_87, "第47条"),
        LegalBasis::k(law::ORDER_74, "第7条"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "代理机构人员参加本机构代理项目评审",
        "Agency staff evaluating own agency's project",
    ),
    message: Text::new(
        "{person}受雇于本项目代理机构{agency}，却参加评审",
        "{person} works for the project's agency {agency} but sits on the panel",
    ),
    why: Text::new(
        "代理机构工作人员不得参加本机构代理项目的评审。",
        "Staff of the agency may not evaluate projects their agency runs.",
    ),
};

pub static M09: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
