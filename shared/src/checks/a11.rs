//! # A11 — 拖欠中小企业款项 (Late payment to an SME)
//!
//! **What it checks.** For each contract with a small or medium supplier (registry `size` ≠
//! `large`): the purchaser (机关、事业单位) must pay within 30 days of delivery, or of acceptance
//! when the contract makes payment conditional on acceptance; a contract may agree another term,
//! but never more than 60 days. Both numbers come from the dated threshold table by the day the
//! clock starts (`sme_payment_days`, `sme_payment_max_days`): 国务院令第728号 (2020) Art 8–9 up to
//! 2025-05-31, 国务院令第802号 (2025) Art 9–10 from 2025-06-01. Days are calendar days, the
//! start day not counted and a last day on a rest day moved to the next working day (民法典
//! Art 201/203), so the last allowed day is `calendar.period_end_calendar_days(start, limit)`.
//!
//! The limit is the agreed term capped at the maximum (a term over 60 days is void beyond it).
//! A contract that records that no term was agreed (`payment_term_agreed: false`) has the law's
//! term, 30 days (2025 text Art 9; 2020 text Art 8), and the evidence says so (`term_basis`).
//! When the term was simply not captured the limit lies between 30 and 60 days: a payment within
//! 30 days is clear, after 60 days a flag, in between "insufficient data" naming
//! `contracts[].payment_term_days`.
//!
//! **When is it paid.** The contract is paid when a payment marked final is made or the
//! payments reach the contract amount. Paid after the last day → flag. Not fully paid: flagged
//! once "now" (`ctx.as_of`) is past the last day (still unpaid), insufficient data before
//! (stability rule of A01). Retention money (质量保证金) that the contract lawfully keeps back
//! is not modelled: a reviewer confirms a flag on a contract that is paid except for it.
//!
//! **Why it matters.** Public bodies must pay SMEs within 30 days (at most 60 by contract);
//! arrears hurt small firms. 机关、事业单位须在30日（约定最长60日）内向中小企业付款，拖欠损害中小企业生存。
//!
//! **Legal basis.** 《保障中小企业款项支付条例》(2025) 第9条、第10条 [V];
//! 《保障中小企业款项支付条例》(2020) 第8条、第9条 [V].
//!
//! **Data.** `suppliers[].size` of the contracted supplier, `contracts[]` (`amount`,
//! `payment_term_days`, `payment_after_acceptance`), `acceptances[]` (`delivered_at`,
//! `done_at`), `payments[]` of the contract. A large supplier is clear.
//!
//! **Example.** Delivered 2026-03-02, no acceptance condition, term 30 days, paid in full on
//! 2026-04-02 → last day 2026-04-01 → flagged: "向中小企业S1的合同C1款项，自交付（2026-03-02）
//! 至2026-04-02已过31天，付款过晚，超过期限30天（期满日2026-04-01）".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A11",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::ALL,
    nodes: &[Node::Performance],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::SME_PAYMENT_2025, "第9条、第10条"), LegalBasis::v(law::SME_PAYMENT_2020, "第8条、第9条")],
    valid_from: Some(LawDate::ymd(2020, 9, 1)),
    valid_to: None,
    title: Text::new("拖欠中小企业款项", "Late payment to an SME"),
    message: Text::new(
        "向中小企业{supplier}的合同{contract}款项，自{start_event}（{start}）至{until}已过{days}，{state}，超过期限{limit}（期满日{period_end}）",
        "Contract {contract} with SME {supplier}: {days} from {start_event} ({start}) to {until}, {state}, beyond the limit of {limit} (last day {period_end})",
    ),
    why: Text::new(
        "机关、事业单位须在30日（约定最长60日）内向中小企业付款，拖欠损害中小企业生存。",
        "Public bodies must pay SMEs within 30 days (at most 60 by contract); arrears hurt small firms.",
    ),
};

pub static A11: Check = Check { meta: &META, run };

const DELIVERY: Text = Text::new("交付", "delivery");
const ACCEPTANCE: Text = Text::new("验收", "acceptance");
const PAID_LATE: Text = Text::new("付款过晚", "paid late");
const UNPAID: Text = Text::new("仍未付清", "still not paid in full");
const PAID: Text = Text::new("已按期付清", "paid in time");
const STATUTORY: Text = Text::new(
    "合同未约定付款期限，适用法定期限",
    "no payment term was agreed: the statutory term applies",
);

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let parts: Vec<Outcome> = p.contracts.iter().map(|c| contract(p, c, ctx)).collect();
    Outcome::combine(parts, Outcome::missing(&["contracts[]"]))
}

fn contract(p: &ProjectRecord, c: &Contract, ctx: &CheckContext) -> Outcome {
    let Some(supplier) = p.supplier(&c.supplier_id) else {
        return Outcome::missing(&["suppliers[] (the contracted supplier)"]);
    };
    let Some(size) = supplier.size else {
        return Outcome::missing(&["suppliers[].size"]);
    };
    let evidence = Evidence::new()
        .text("supplier", c.supplier_id.clone())
        .text("contract", c.id.clone());
    if !size.is_sme() {
        return Outcome::clear(evidence.bool("sme", false));
    }
    let Some(after_acceptance) = c.payment_after_acceptance else {
        return Outcome::missing(&["contracts[].payment_after_acceptance"]);
    };
    let acceptance = p.acceptances.iter().find(|a| a.contract_id == c.id);
    let (start, event, field) = if after_acceptance {
        (
            acceptance.and_then(|a| a.done_at),
            ACCEPTANCE,
            "acceptances[].done_at",
        )
    } else {
        (
            acceptance.and_then(|a| a.delivered_at),
            DELIVERY,
            "acceptances[].delivered_at",
        )
    };
    let Some(start) = start else {
        return Outcome::missing(&[field]);
    };
    let start = start.china_date();
    let (Some(default), Some(max)) = (
        ctx.thresholds.sme_payment_days(start),
        ctx.thresholds.sme_payment_max_days(start),
    ) else {
        return Outcome::missing(&["thresholds: sme_payment_days, sme_payment_max_days"]);
    };
    // The limit, or the range it lies in when the agreed term is unknown.
    let statutory = c.payment_term_days.is_none() && c.payment_term_agreed == Some(false);
    let (low, high) = match c.payment_term_days {
        Some(t) => (t.min(max.value), t.min(max.value)),
        None if statutory => (default.value, default.value),
        None => (default.value, max.value),
    };
    let paid_on = paid_in_full(p, c);
    let until = paid_on.unwrap_or(ctx.as_of.china_date());
    let (Ok(end_low), Ok(end_high)) = (
        ctx.calendar.period_end_calendar_days(start, low),
        ctx.calendar.period_end_calendar_days(start, high),
    ) else {
        return Outcome::missing(&["calendar: holiday data for the period"]);
    };
    let late = until > end_high;
    let state = match (paid_on.is_some(), late) {
        (true, true) => PAID_LATE,
        (true, false) => PAID,
        (false, _) => UNPAID,
    };
    let mut evidence = evidence
        .label("start_event", event)
        .date("start", start)
        .date("until", until)
        .days("days", days_between_exclusive(start, until))
        .days("limit", high)
        .date("period_end", end_high)
        .label("state", state)
        .text("source", max.source);
    if let Some(t) = c.payment_term_days {
        evidence.push("agreed_term", Value::Days(t));
    }
    if statutory {
        evidence.push("term_basis", Value::Label(STATUTORY));
    }
    if late {
        Outcome::flag(&META, evidence)
    } else if until > end_low {
        Outcome::missing(&["contracts[].payment_term_days"])
    } else if paid_on.is_some() {
        Outcome::clear(evidence)
    } else {
        Outcome::missing(&["payments[] (not paid in full yet, the period is still running)"])
    }
}

/// The day the contract was paid in full: the first payment marked final, or the payment with
/// which the total reaches the contract amount.
fn paid_in_full(p: &ProjectRecord, c: &Contract) -> Option<Date> {
    let mut payments: Vec<&Payment> = p
        .payments
        .iter()
        .filter(|x| x.contract_id.as_deref() == Some(c.id.as_str()))
        .collect();
    payments.sort_by_key(|x| x.paid_at);
    let mut total = Fen::ZERO;
    for x in payments {
        total = total.saturating_add(x.amount);
        if x.is_final == Some(true) || c.amount.is_some_and(|a| total >= a) {
            return Some(x.paid_at.china_date());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    struct Case {
        name: &'static str,
        size: Option<EnterpriseSize>,
        after_acceptance: Option<bool>,
        term: Option<i64>,
        /// `Some(false)`: the contract records that no term was agreed.
        agreed: Option<bool>,
        /// (when, amount in yuan)
        payments: &'static [(&'static str, i64)],
        now: &'static str,
        expected: &'static str,
    }

    fn project(c: &Case) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        let mut s: Supplier =
            serde_json::from_value(serde_json::json!({"id": "S1", "name": "供应商"}))
                .expect("supplier");
        s.size = c.size;
        p.suppliers.push(s);
        let mut k: Contract =
            serde_json::from_value(serde_json::json!({"id": "C1", "supplier_id": "S1"}))
                .expect("contract");
        k.amount = Some(Fen::yuan(100_000));
        k.payment_term_days = c.term;
        k.payment_term_agreed = c.agreed;
        k.payment_after_acceptance = c.after_acceptance;
        p.contracts.push(k);
        let mut a: Acceptance =
            serde_json::from_value(serde_json::json!({"contract_id": "C1"})).expect("acceptance");
        a.delivered_at = Some(at("2026-03-02 10:00"));
        a.done_at = Some(at("2026-03-16 10:00"));
        p.acceptances.push(a);
        for (when, yuan) in c.payments {
            let mut x: Payment = serde_json::from_value(serde_json::json!({
                "paid_at": at(when), "amount": Fen::yuan(*yuan), "payee_id": "S1"
            }))
            .expect("payment");
            x.contract_id = Some("C1".to_owned());
            p.payments.push(x);
        }
        p
    }

    #[test]
    fn table() {
        use EnterpriseSize::*;
        let small = Some(Small);
        let now = "2026-11-26";
        // Delivered Mon 2026-03-02: + 30 days = Wed 04-01, + 60 days = Fri 05-01 (Labour Day,
        // off 1–5 May 2026) → moved to the next working day. Accepted Mon 03-16: + 30 = Wed 04-15.
        #[rustfmt::skip]
        let cases = [
            Case { name: "paid on day 30", size: small, after_acceptance: Some(false), term: Some(30), agreed: None, payments: &[("2026-04-01", 100_000)], now, expected: "clear" },
            Case { name: "paid on day 31", size: small, after_acceptance: Some(false), term: Some(30), agreed: None, payments: &[("2026-04-02", 100_000)], now, expected: "flag" },
            Case { name: "two payments, the second late", size: small, after_acceptance: Some(false), term: Some(30), agreed: None, payments: &[("2026-03-10", 50_000), ("2026-04-02", 50_000)], now, expected: "flag" },
            Case { name: "agreed 45 days, paid on day 45", size: small, after_acceptance: Some(false), term: Some(45), agreed: None, payments: &[("2026-04-16", 100_000)], now, expected: "clear" },
            Case { name: "agreed 90 days is capped at 60", size: small, after_acceptance: Some(false), term: Some(90), agreed: None, payments: &[("2026-05-07", 100_000)], now, expected: "flag" },
            Case { name: "agreed 90, paid on the moved 60th day", size: small, after_acceptance: Some(false), term: Some(90), agreed: None, payments: &[("2026-05-06", 100_000)], now, expected: "clear" },
            Case { name: "from acceptance, day 30", size: small, after_acceptance: Some(true), term: Some(30), agreed: None, payments: &[("2026-04-15", 100_000)], now, expected: "clear" },
            Case { name: "from acceptance, day 31", size: small, after_acceptance: Some(true), term: Some(30), agreed: None, payments: &[("2026-04-16", 100_000)], now, expected: "flag" },
            Case { name: "term unknown, within 30", size: small, after_acceptance: Some(false), term: None, agreed: None, payments: &[("2026-04-01", 100_000)], now, expected: "clear" },
            Case { name: "term unknown, day 40", size: small, after_acceptance: Some(false), term: None, agreed: None, payments: &[("2026-04-11", 100_000)], now, expected: "missing" },
            Case { name: "term unknown, after 60", size: small, after_acceptance: Some(false), term: None, agreed: None, payments: &[("2026-05-07", 100_000)], now, expected: "flag" },
            Case { name: "no term agreed, day 30", size: small, after_acceptance: Some(false), term: None, agreed: Some(false), payments: &[("2026-04-01", 100_000)], now, expected: "clear" },
            Case { name: "no term agreed, day 31", size: small, after_acceptance: Some(false), term: None, agreed: Some(false), payments: &[("2026-04-02", 100_000)], now, expected: "flag" },
            Case { name: "agreed 60 days, paid on the moved 60th day", size: small, after_acceptance: Some(false), term: Some(60), agreed: Some(true), payments: &[("2026-05-06", 100_000)], now, expected: "clear" },
            Case { name: "agreed 60 days, a day late", size: small, after_acceptance: Some(false), term: Some(60), agreed: Some(true), payments: &[("2026-05-07", 100_000)], now, expected: "flag" },
            Case { name: "agreed 45 days, day 46", size: small, after_acceptance: Some(false), term: Some(45), agreed: Some(true), payments: &[("2026-04-17", 100_000)], now, expected: "flag" },
            Case { name: "unpaid, period over", size: small, after_acceptance: Some(false), term: Some(30), agreed: None, payments: &[("2026-03-10", 50_000)], now: "2026-04-02", expected: "flag" },
            Case { name: "unpaid, period running", size: small, after_acceptance: Some(false), term: Some(30), agreed: None, payments: &[], now: "2026-04-01 20:00", expected: "missing" },
            Case { name: "large supplier", size: Some(Large), after_acceptance: Some(false), term: Some(30), agreed: None, payments: &[("2026-09-01", 100_000)], now, expected: "clear" },
            Case { name: "size unknown", size: None, after_acceptance: Some(false), term: Some(30), agreed: None, payments: &[("2026-09-01", 100_000)], now, expected: "missing" },
            Case { name: "acceptance condition unknown", size: small, after_acceptance: None, term: Some(30), agreed: None, payments: &[("2026-09-01", 100_000)], now, expected: "missing" },
        ];
        for c in &cases {
            let out = A11.run(&project(c), &ctx(c.now));
            assert_eq!(kind(&out), c.expected, "{}: {out:?}", c.name);
        }
    }

    /// No term agreed and the 30th day a holiday: the period ends on the next working day
    /// (民法典 Art 203). Delivered Wed 2026-04-01: + 30 = Fri 05-01 (Labour Day, off 1–5 May) →
    /// Wed 05-06.
    #[test]
    fn the_statutory_term_ends_after_a_holiday() {
        let case = |when: &'static [(&'static str, i64)]| Case {
            name: "holiday",
            size: Some(EnterpriseSize::Small),
            after_acceptance: Some(false),
            term: None,
            agreed: Some(false),
            payments: when,
            now: "2026-11-26",
            expected: "",
        };
        let run = |c: &Case| {
            let mut p = project(c);
            p.acceptances[0].delivered_at = Some(at("2026-04-01 10:00"));
            A11.run(&p, &ctx(c.now))
        };
        let out = run(&case(&[("2026-05-06", 100_000)]));
        assert_eq!(kind(&out), "clear", "{out:?}");
        let out = run(&case(&[("2026-05-07", 100_000)]));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.evidence.get("term_basis"), Some(&Value::Label(STATUTORY)));
        assert!(
            f.message_zh.contains("超过期限30天（期满日2026-05-06）"),
            "{}",
            f.message_zh
        );
    }

    #[test]
    fn message_and_version() {
        let c = Case {
            name: "late",
            size: Some(EnterpriseSize::Micro),
            after_acceptance: Some(false),
            term: Some(30),
            agreed: None,
            payments: &[("2026-04-02", 100_000)],
            now: "2026-11-26",
            expected: "flag",
        };
        let out = A11.run(&project(&c), &ctx(c.now));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "向中小企业S1的合同C1款项，自交付（2026-03-02）至2026-04-02已过31天，付款过晚，超过期限30天（期满日2026-04-01）"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
        assert_eq!(
            f.evidence.get("source"),
            Some(&Value::Text("国务院令第802号 第九条".to_owned()))
        );
    }
}
