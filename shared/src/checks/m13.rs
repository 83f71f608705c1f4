//! # M13 — 视为串通投标的技术特征 ("Deemed collusion" technical signals)
//!
//! **What it checks.** Any pair of bids in a lot sharing a preparer/agent, device/IP/CA lock, project-management member or contact, identical documents, or the deposit payer account.
//!
//! **Why it matters.** Bids made on the same device, by the same person, or paid from the same account are deemed collusive by law. 不同投标人的文件出自同一设备、同一人或保证金来自同一账户，依法视为串通投标。
//!
//! **Legal basis.** 财政部令第87号 第37条 [K]; 《招标投标法实施条例》 第40条 [V]; 《政府采购法实施条例》 第74条 [V]; OECD bid-rigging guidelines BR-10/11/17 [L]; Prozorro SASU RISK2-8 [L].
//!
//! **Example.** Not written yet: this check is a stub that answers "insufficient data: not
//! implemented". See `README.md` beside this file for how to write it.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M13",
    stage: Stage::During,
    subject: Subject::Pair,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::ORDER_87, "第37条"), LegalBasis::v(law::BIDDING_REGS, "第40条"), LegalBasis::v(law::GP_REGS, "第74条"), LegalBasis::l(law::OECD, "BR-10/11/17"), LegalBasis::l(law::SASU, "RISK2-8")],
    valid_from: None,
    valid_to: None,
    title: Text::new("视为串通投标的技术特征", "\"Deemed collusion\" technical signals"),
    message: Text::new(
        "投标{bid_a}与{bid_b}存在相同{signal}：{value}",
        "Bids {bid_a} and {bid_b} share the same {signal}: {value}",
    ),
    why: Text::new(
        "不同投标人的文件出自同一设备、同一人或保证金来自同一账户，依法视为串通投标。",
        "Bids made on the same device, by the same person, or paid from the same account are deemed collusive by law.",
    ),
};

pub static M13: Check = Check { meta: &META, run };

fn run(_project: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    Outcome::not_implemented()
}
