//! # A02 — 合同未在2个工作日内公告 (Contract not published within 2 working days)
//!
//! **What it checks.** Flags > 2 working days from signing to publication, or never published.
//!
//! **Why it matters.** Publishing contracts lets the public compare them with the award. 合同公告让公众核对合同与采购结果是否一致。
//!
//! **Legal basis.** 《政府采购法实施条例》 第50条、第67条(七) [V].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A02",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第50条、第67条(七)")],
    valid_from: None,
    valid_to: None,
    title: Text::new("合同未在2个工作日内公告", "Contract not published within 2 working days"),
    message: Text::new(
        "合同于{signed_at}签订，{working_days}后公告（要求2个工作日内）",
        "The contract signed on {signed_at} was published after {working_days} (2 working days allowed)",
    ),
    why: Text::new(
        "合同公告让公众核对合同与采购结果是否一致。",
        "Publishing contracts lets the public compare them with the award.",
    ),
};

pub static A02: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
