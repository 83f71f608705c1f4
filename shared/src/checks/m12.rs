//! # M12 — 联合体成员又单独或参加其他联合体投标 (Consortium member also bidding alone or in another consortium)
//!
//! **What it checks.** Flags the same supplier in two bids of the same lot (alone or as a consortium member).
//!
//! **Why it matters.** A consortium member bidding again in the same lot competes against itself, a form of collusion. 联合体成员在同一合同项下另行投标构成自我竞争、变相串通。
//!
//! **Legal basis.** 《政府采购法实施条例》 第22条第2款 [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M12",
    stage: Stage::During,
    subject: Subject::Bid,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第22条第2款")],
    valid_from: None,
    valid_to: None,
    title: Text::new("联合体成员又单独或参加其他联合体投标", "Consortium member also bidding alone or in another consortium"),
    message: Text::new(
        "供应商{supplier}在同一包中出现在{bid_count}份投标中",
        "Supplier {supplier} appears in {bid_count} bids of the same lot",
    ),
    why: Text::new(
        "联合体成员在同一合同项下另行投标构成自我竞争、变相串通。",
        "A consortium member bidding again in the same lot competes against itself, a form of collusion.",
    ),
};

pub static M12: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
