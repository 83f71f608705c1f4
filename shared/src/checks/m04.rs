//! # M04 — 评审专家未随机抽取 (Experts not drawn at random)
//!
//! **What it checks.** Flags member source ≠ random without approval for a complex / specialised project.
//!
//! **Why it matters.** The random draw is the basic guard against purchasers choosing friendly evaluators. 随机抽取是防止采购人安排"自己人"评审的基本保障。
//!
//! **Legal basis.** 《政府采购法实施条例》 第39条、第68条(五) [V]; 财政部令第87号 第48条 [K]; 财库〔2016〕198号 第12条、第13条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M04",
    stage: Stage::During,
    subject: Subject::Expert,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ExpertDraw],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第39条、第68条(五)"), LegalBasis::k(law::ORDER_87, "第48条"), LegalBasis::k(law::CK_2016_198, "第12条、第13条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("评审专家未随机抽取", "Experts not drawn at random"),
    message: Text::new(
        "评审专家{expert}为自行选定，且无主管预算单位同意",
        "Expert {expert} was selected by the purchaser without approval of the supervising budget unit",
    ),
    why: Text::new(
        "随机抽取是防止采购人安排\"自己人\"评审的基本保障。",
        "The random draw is the basic guard against purchasers choosing friendly evaluators.",
    ),
};

pub static M04: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
