//! # A12 — 支付异常 (Payment anomalies)
//!
//! **What it checks.** Four anomalies of the treasury payments (国库支付) of a project:
//! 1. **over-payment**: per contract, Σ payments > contract amount + Σ amendment deltas
//!    (补充协议; additions positive, reductions negative). Exact in fen: paying exactly the
//!    ceiling passes, one fen more fails;
//! 2. **wrong payee**: a payment's payee ≠ the contracted supplier;
//! 3. **paid before signing**: a payment dated (China date) before the day the contract was signed
//!    (a payment on the signing day passes);
//! 4. **no contract**: a payment no contract is known for (`contract_id` absent).
//!
//! The first anomaly found is the flag (the evidence names the contract and the amounts / dates
//! that decided it). An amendment whose amount change is unknown makes the total
//! undecidable only when it could change the answer: an add-on of unknown amount when the
//! payments exceed the known ceiling, a change of unknown amount in any case.
//!
//! **Why it matters.** Paying more than the contract, paying someone else, or paying before
//! signing are direct signs of leakage. 超合同付款、付给非合同供应商或先付款后签约，都是资金流失的直接信号。
//! A payee that differs may still be lawful (a factoring assignee, a consortium member): a
//! reviewer confirms.
//!
//! **Legal basis.** 《政府采购法》 第6条 [V] (procurement strictly within the budget);
//! 《政府采购法实施条例》 第51条 [V] (payment per the contract); OCP Red Flags (2024) R068 [L].
//!
//! **Data.** `payments[]` (`contract_id`, `paid_at`, `amount`, `payee_id`), `contracts[]`
//! (`id`, `supplier_id`, `amount`, `signed_at`, `amendments[].delta_amount`). No payments
//! known → insufficient data (`payments[]`); a payment referring to a contract the record does
//! not hold → insufficient data (`contracts[]`).
//!
//! **Example.** Contract C1 of 900,000.00 元 with no amendment; payments of 500,000.00 元 and
//! 400,000.01 元 → flagged: "合同C1累计支付900,000.01元，超过合同金额（含补充协议）900,000.00元".

use super::prelude::*;
use crate::i18n::Lang;

pub static META: CheckMeta = CheckMeta {
    id: "A12",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::ALL,
    nodes: &[Node::Performance],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第6条"), LegalBasis::v(law::GP_REGS, "第51条"), LegalBasis::l(law::OCP, "R068")],
    valid_from: None,
    valid_to: None,
    title: Text::new("支付异常", "Payment anomalies"),
    message: Text::new("支付异常：{issue}", "Payment anomaly: {issue}"),
    why: Text::new(
        "超合同付款、付给非合同供应商或先付款后签约，都是资金流失的直接信号。",
        "Paying more than the contract, paying someone else, or paying before signing are direct signs of leakage.",
    ),
};

pub static A12: Check = Check { meta: &META, run };

const OVERPAID: Text = Text::new(
    "累计支付超过合同金额",
    "payments exceed the contract amount",
);
const WRONG_PAYEE: Text = Text::new(
    "收款人不是合同供应商",
    "the payee is not the contracted supplier",
);
const BEFORE_SIGNING: Text =
    Text::new("付款早于合同签订", "payment before the contract was signed");
const NO_CONTRACT: Text = Text::new("付款无对应合同", "payment without a contract");

/// The detailed message of each anomaly (META.message names the anomaly only).
const OVERPAID_MSG: Text = Text::new(
    "合同{contract}累计支付{paid_total}，超过合同金额（含补充协议）{ceiling}",
    "Payments under contract {contract} total {paid_total}, more than the contract amount with amendments, {ceiling}",
);
const WRONG_PAYEE_MSG: Text = Text::new(
    "合同{contract}的款项{amount}于{paid_at}支付给{payee}，而合同供应商为{supplier}",
    "A payment of {amount} under contract {contract} on {paid_at} went to {payee}, but the contracted supplier is {supplier}",
);
const BEFORE_SIGNING_MSG: Text = Text::new(
    "合同{contract}的款项{amount}于{paid_at}支付，早于合同签订时间{signed_at}",
    "A payment of {amount} under contract {contract} was made on {paid_at}, before the contract was signed on {signed_at}",
);
const NO_CONTRACT_MSG: Text = Text::new(
    "{paid_at}向{payee}支付{amount}，无对应合同",
    "A payment of {amount} to {payee} on {paid_at} has no contract",
);

/// A flag whose message is `template` filled from the evidence.
fn flag(template: Text, evidence: Evidence) -> Outcome {
    Outcome::Flagged(Finding {
        message_zh: evidence.fill(template.zh, Lang::Zh),
        message_en: evidence.fill(template.en, Lang::En),
        evidence,
    })
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    if p.payments.is_empty() {
        return Outcome::missing(&["payments[]"]);
    }
    let mut parts: Vec<Outcome> = p.payments.iter().map(|pay| payment(p, pay)).collect();
    for c in &p.contracts {
        if p.payments
            .iter()
            .any(|pay| pay.contract_id.as_deref() == Some(c.id.as_str()))
        {
            parts.push(total(c, p));
        }
    }
    Outcome::combine(parts, Outcome::missing(&["payments[]"]))
}

/// The anomalies of one payment: no contract, wrong payee, paid before signing.
fn payment(p: &ProjectRecord, pay: &Payment) -> Outcome {
    let evidence = Evidence::new()
        .instant("paid_at", pay.paid_at)
        .money("amount", pay.amount)
        .text("payee", pay.payee_id.clone());
    let Some(id) = pay.contract_id.as_deref() else {
        return flag(NO_CONTRACT_MSG, evidence.label("issue", NO_CONTRACT));
    };
    let Some(c) = p.contract(id) else {
        return Outcome::missing(&["contracts[] (the contract a payment refers to)"]);
    };
    let evidence = evidence
        .text("contract", c.id.clone())
        .text("supplier", c.supplier_id.clone());
    if pay.payee_id != c.supplier_id {
        return flag(WRONG_PAYEE_MSG, evidence.label("issue", WRONG_PAYEE));
    }
    let Some(signed) = c.signed_at else {
        return Outcome::missing(&["contracts[].signed_at"]);
    };
    let evidence = evidence.instant("signed_at", signed);
    if pay.paid_at.china_date() < signed.china_date() {
        flag(BEFORE_SIGNING_MSG, evidence.label("issue", BEFORE_SIGNING))
    } else {
        Outcome::clear(evidence)
    }
}

/// Σ payments of one contract against its amount plus the amendments.
fn total(c: &Contract, p: &ProjectRecord) -> Outcome {
    let Some(amount) = c.amount else {
        return Outcome::missing(&["contracts[].amount"]);
    };
    let paid = p
        .payments
        .iter()
        .filter(|pay| pay.contract_id.as_deref() == Some(c.id.as_str()))
        .fold(Fen::ZERO, |s, pay| s.saturating_add(pay.amount));
    let mut ceiling = amount;
    let (mut unknown_add, mut unknown_change) = (false, false);
    for a in &c.amendments {
        match (a.kind, a.delta_amount) {
            (_, Some(d)) => ceiling = ceiling.saturating_add(d),
            (AmendmentKind::AddOn, None) => unknown_add = true,
            (AmendmentKind::Change, None) => unknown_change = true,
            _ => {}
        }
    }
    let evidence = Evidence::new()
        .text("contract", c.id.clone())
        .money("contract_amount", amount)
        .money("ceiling", ceiling)
        .money("paid_total", paid);
    if unknown_change || (unknown_add && paid > ceiling) {
        return Outcome::missing(&["contracts[].amendments[].delta_amount"]);
    }
    if paid > ceiling {
        flag(OVERPAID_MSG, evidence.label("issue", OVERPAID))
    } else {
        Outcome::clear(evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn contract(amount: Option<i64>, signed: Option<&str>) -> Contract {
        let mut c: Contract =
            serde_json::from_value(serde_json::json!({"id": "C1", "supplier_id": "S1"}))
                .expect("contract");
        c.amount = amount.map(Fen);
        c.signed_at = signed.map(at);
        c
    }

    fn pay(contract: Option<&str>, when: &str, amount: i64, payee: &str) -> Payment {
        let mut p: Payment = serde_json::from_value(serde_json::json!({
            "paid_at": at(when), "amount": amount, "payee_id": payee
        }))
        .expect("payment");
        p.contract_id = contract.map(str::to_owned);
        p
    }

    fn add_on(delta: Option<i64>, kind: AmendmentKind) -> Amendment {
        let mut a: Amendment =
            serde_json::from_value(serde_json::json!({"kind": kind})).expect("amendment");
        a.signed_at = Some(at("2026-05-01 10:00"));
        a.delta_amount = delta.map(Fen);
        a
    }

    fn project(c: Option<Contract>, payments: Vec<Payment>) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.contracts.extend(c);
        p.payments = payments;
        p
    }

    #[test]
    fn table() {
        let amount = Some(90_000_000); // 900,000.00 元
        let signed = Some("2026-04-01 10:00");
        let c = || Some(contract(amount, signed));
        let with = |amendments: Vec<Amendment>| {
            let mut k = contract(amount, signed);
            k.amendments = amendments;
            Some(k)
        };
        let half = 45_000_000;
        #[rustfmt::skip]
        let cases: Vec<(&str, Option<Contract>, Vec<Payment>, &str)> = vec![
            ("paid exactly the contract amount", c(), vec![pay(Some("C1"), "2026-05-01", half, "S1"), pay(Some("C1"), "2026-06-01", half, "S1")], "clear"),
            ("one fen over the contract amount", c(), vec![pay(Some("C1"), "2026-05-01", half, "S1"), pay(Some("C1"), "2026-06-01", half + 1, "S1")], "flag"),
            ("over, but an add-on covers it", with(vec![add_on(Some(1), AmendmentKind::AddOn)]), vec![pay(Some("C1"), "2026-05-01", 90_000_001, "S1")], "clear"),
            ("over, even with a reduction", with(vec![add_on(Some(-100), AmendmentKind::Change)]), vec![pay(Some("C1"), "2026-05-01", 89_999_901, "S1")], "flag"),
            ("over, add-on amount unknown", with(vec![add_on(None, AmendmentKind::AddOn)]), vec![pay(Some("C1"), "2026-05-01", 90_000_001, "S1")], "missing"),
            ("under, add-on amount unknown", with(vec![add_on(None, AmendmentKind::AddOn)]), vec![pay(Some("C1"), "2026-05-01", half, "S1")], "clear"),
            ("under, change amount unknown", with(vec![add_on(None, AmendmentKind::Change)]), vec![pay(Some("C1"), "2026-05-01", half, "S1")], "missing"),
            ("paid to someone else", c(), vec![pay(Some("C1"), "2026-05-01", half, "S9")], "flag"),
            ("paid on the signing day", c(), vec![pay(Some("C1"), "2026-04-01 08:00", half, "S1")], "clear"),
            ("paid the day before signing", c(), vec![pay(Some("C1"), "2026-03-31 16:00", half, "S1")], "flag"),
            ("payment without a contract", c(), vec![pay(None, "2026-05-01", half, "S1")], "flag"),
            ("payment to an unknown contract", None, vec![pay(Some("C1"), "2026-05-01", half, "S1")], "missing"),
            ("no payments known", c(), vec![], "missing"),
            ("contract amount unknown", Some(contract(None, signed)), vec![pay(Some("C1"), "2026-05-01", half, "S1")], "missing"),
            ("signing date unknown", Some(contract(amount, None)), vec![pay(Some("C1"), "2026-05-01", half, "S1")], "missing"),
        ];
        let now = ctx("2026-11-26");
        for (name, c, payments, expected) in cases {
            let out = A12.run(&project(c, payments), &now);
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn messages() {
        let p = project(
            Some(contract(Some(90_000_000), Some("2026-04-01 10:00"))),
            vec![
                pay(Some("C1"), "2026-05-01 10:00", 50_000_000, "S1"),
                pay(Some("C1"), "2026-06-01 10:00", 40_000_001, "S1"),
            ],
        );
        let Outcome::Flagged(f) = A12.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "合同C1累计支付900,000.01元，超过合同金额（含补充协议）900,000.00元"
        );
        assert_eq!(
            f.evidence.get("paid_total"),
            Some(&Value::Money(Fen(90_000_001)))
        );
        let p = project(
            Some(contract(Some(90_000_000), Some("2026-04-01 10:00"))),
            vec![pay(Some("C1"), "2026-03-31 10:00", 100, "S1")],
        );
        let Outcome::Flagged(f) = A12.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(
            f.message_en,
            "A payment of CNY 1.00 under contract C1 was made on 2026-03-31 10:00, before the contract was signed on 2026-04-01 10:00"
        );
        assert!(!f.message_zh.contains('{'));
    }
}
