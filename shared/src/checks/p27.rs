//! # P27 — 邀请/非招标方式供应商产生不合规 (Supplier sourcing for invitation / non-tender methods)
//!
//! **What it checks.** Flags < 3 invited; purchaser-recommended > 50 % of recommended; invitation-tender pool < 2 × the number drawn.
//!
//! **Why it matters.** Few invited suppliers, or mostly the purchaser's choices, make competition a formality. 被邀请供应商过少或主要由采购人推荐，竞争只是形式。
//!
//! **Legal basis.** 《政府采购法》 第34条、第38条(三)、第40条(二) [V]; 财政部令第87号 第14条 [K]; 财政部令第74号 第12条 [K]; 财库〔2014〕214号 第6条 [K].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P27",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::INVITING,
    nodes: &[Node::NoticeInvitation],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第34条、第38条(三)、第40条(二)"), LegalBasis::k(law::ORDER_87, "第14条"), LegalBasis::k(law::ORDER_74, "第12条"), LegalBasis::k(law::CK_2014_214, "第6条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("邀请/非招标方式供应商产生不合规", "Supplier sourcing for invitation / non-tender methods"),
    message: Text::new(
        "邀请供应商{invited}家，采购人推荐占比{purchaser_share}，抽取库规模{pool}",
        "{invited} suppliers invited, purchaser-recommended share {purchaser_share}, pool size {pool}",
    ),
    why: Text::new(
        "被邀请供应商过少或主要由采购人推荐，竞争只是形式。",
        "Few invited suppliers, or mostly the purchaser's choices, make competition a formality.",
    ),
};

pub static P27: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
