//! # M02 — 最后报价供应商不足3家 (Fewer than 3 final quotes)
//!
//! **What it checks.** Count of final-round quotes < 3 outside the exceptions (74号令 Art 27 ¶2 with approval; 214号 Art 3(4) projects; government-purchased services).
//!
//! **Why it matters.** Competitive methods need at least three quotes; with fewer the price is not disciplined by competition. 竞争性方式要求至少三家报价，少于三家时成交价缺乏竞争约束。
//!
//! **Legal basis.** 《政府采购法》 第38条、第40条 [V]; 财政部令第74号 第33条、第37条、第49条 [K]; 财库〔2014〕214号 第21条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M02",
    stage: Stage::During,
    subject: Subject::Lot,
    methods: methods::NON_TENDER_COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第38条、第40条"), LegalBasis::k(law::ORDER_74, "第33条、第37条、第49条"), LegalBasis::k(law::CK_2014_214, "第21条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("最后报价供应商不足3家", "Fewer than 3 final quotes"),
    message: Text::new(
        "最后报价的供应商仅{final_quotes}家，且不属于法定例外",
        "Only {final_quotes} suppliers gave a final quote, outside the legal exceptions",
    ),
    why: Text::new(
        "竞争性方式要求至少三家报价，少于三家时成交价缺乏竞争约束。",
        "Competitive methods need at least three quotes; with fewer the price is not disciplined by competition.",
    ),
};

pub static M02: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
