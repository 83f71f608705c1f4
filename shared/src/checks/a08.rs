//! # A08 — 有中标无合同或有合同无程序 (Award without contract, or contract without procedure)
//!
//! **What it checks.** Two ways the procedure is bypassed:
//! 1. **award without contract**: an award (one per lot) whose lot still has no contract once
//!    the 30 calendar days of B.2 T20 after the award notice are over, judged at "now"
//!    (`ctx.as_of`). The last day is `calendar.period_end_calendar_days(notified, 30)` (start
//!    day not counted, a rest day moves the end). Before the end: "insufficient data" (the answer
//!    can only become a flag). A01 judges the *date* of signing; this check the *absence*.
//! 2. **contract or payment without procedure**: the record holds contracts or payments but no
//!    trace of a procurement procedure (no award, bid, activity or result notice, or issued
//!    documents), and the amount (the larger of Σ contract amounts and Σ payments) is at or above
//!    the 分散采购限额标准 (`procurement_limit` of the threshold table, by the purchaser's level,
//!    the object type and the date of the first contract or payment). Below the limit the GP Law
//!    procedures need not apply → clear.
//!
//! **Why it matters.** An award that never becomes a contract, or a contract/payment without a
//! procedure, means the process was bypassed. 授标后长期无合同，或合同、付款找不到采购程序，都意味着程序被绕开。
//!
//! **Legal basis.** 《政府采购法》 第71条(五) [V]; OCP Red Flags (2024) R063 [L];
//! Prozorro SASU RISK1-6, RISK1-10 [L].
//!
//! **Data.** `awards[].notified_at`, `contracts[]` (`lot_id`, `amount`, `signed_at`),
//! `payments[]`, `notices[]`, `bids[]`, `documents.issued_from`, `project.gov_level` (else the
//! purchaser organisation's `gov_level`), `project.object_type`. A project with no award, no
//! contract and no payment is clear when `failed` / `cancelled`, otherwise insufficient data.
//!
//! **Example.** Award notice 2026-03-02, no contract on 2026-04-02 → flagged: "中标（成交）通知书
//! 于2026-03-02 10:00发出，至2026-04-02已过31天仍无合同（期满日2026-04-01）".

use super::prelude::*;
use crate::i18n::Lang;

pub static META: CheckMeta = CheckMeta {
    id: "A08",
    stage: Stage::Post,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第71条(五)"), LegalBasis::l(law::OCP, "R063"), LegalBasis::l(law::SASU, "RISK1-6, RISK1-10")],
    valid_from: None,
    valid_to: None,
    title: Text::new("有中标无合同或有合同无程序", "Award without contract, or contract without procedure"),
    message: Text::new("{issue}", "{issue}"),
    why: Text::new(
        "授标后长期无合同，或合同、付款找不到采购程序，都意味着程序被绕开。",
        "An award that never becomes a contract, or a contract/payment without a procedure, means the process was bypassed.",
    ),
};

pub static A08: Check = Check { meta: &META, run };

const NO_CONTRACT: Text = Text::new("有中标无合同", "award without contract");
const NO_PROCEDURE: Text = Text::new(
    "有合同或付款无采购程序",
    "contract or payment without procedure",
);

/// The detailed message of each issue (META.message names the issue only).
const NO_CONTRACT_MSG: Text = Text::new(
    "中标（成交）通知书于{notified_at}发出，至{until}已过{days}仍无合同（期满日{period_end}）",
    "The award notice went out on {notified_at}; {days} later, on {until}, there is still no contract (last day {period_end})",
);
const NO_PROCEDURE_MSG: Text = Text::new(
    "合同或付款金额{amount}达到分散采购限额标准{limit}，但无任何采购程序记录",
    "Contracts or payments of {amount}, at or above the procurement limit {limit}, have no procurement procedure on record",
);

/// A flag whose message is `template` filled from the evidence.
fn flag(template: Text, evidence: Evidence) -> Outcome {
    Outcome::Flagged(Finding {
        message_zh: evidence.fill(template.zh, Lang::Zh),
        message_en: evidence.fill(template.en, Lang::En),
        evidence,
    })
}

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    if !p.awards.is_empty() {
        let parts: Vec<Outcome> = p.awards.iter().map(|a| award(p, a, ctx)).collect();
        return Outcome::combine(parts, Outcome::missing(&["awards[]"]));
    }
    if !p.contracts.is_empty() || !p.payments.is_empty() {
        return without_procedure(p, ctx);
    }
    match p.project.status {
        Some(s @ (ProjectStatus::Failed | ProjectStatus::Cancelled)) => {
            Outcome::clear(Evidence::new().text("status", format!("{s:?}")))
        }
        _ => Outcome::missing(&["awards[]"]),
    }
}

fn award(p: &ProjectRecord, a: &Award, ctx: &CheckContext) -> Outcome {
    if let Some(c) = p.contract_for_lot(a.lot_id.as_deref()) {
        return Outcome::clear(Evidence::new().text("contract", c.id.clone()));
    }
    let Some(notified) = a.notified_at else {
        return Outcome::missing(&["awards[].notified_at"]);
    };
    let start = notified.china_date();
    let Some(limit) = ctx.thresholds.time_limit(TimeLimitId::T20, start) else {
        return Outcome::missing(&["thresholds: T20"]);
    };
    let Ok(period_end) = ctx
        .calendar
        .period_end_calendar_days(start, limit.value.amount)
    else {
        return Outcome::missing(&["calendar: holiday data for the period"]);
    };
    let until = ctx.as_of.china_date();
    if until <= period_end {
        return Outcome::missing(&["contracts[] (the signing period is still running)"]);
    }
    let mut evidence = Evidence::new()
        .label("issue", NO_CONTRACT)
        .instant("notified_at", notified)
        .date("until", until)
        .days("days", days_between_exclusive(start, until))
        .date("period_end", period_end)
        .text("supplier", a.supplier_id.clone());
    if let Some(lot) = &a.lot_id {
        evidence.push("lot", Value::Text(lot.clone()));
    }
    flag(NO_CONTRACT_MSG, evidence)
}

/// Whether the record holds any trace of a procurement procedure.
fn has_procedure(p: &ProjectRecord) -> bool {
    !p.awards.is_empty()
        || !p.bids.is_empty()
        || p.notices
            .iter()
            .any(|n| n.kind.starts_activity() || n.kind == NoticeKind::Result)
        || p.documents
            .as_ref()
            .is_some_and(|d| d.issued_from.is_some())
}

fn without_procedure(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    if has_procedure(p) {
        return Outcome::clear(Evidence::new().bool("procedure_on_record", true));
    }
    let mut need = Need::new();
    let contracted = p
        .contracts
        .iter()
        .try_fold(Fen::ZERO, |s, c| c.amount.map(|a| s.saturating_add(a)));
    let paid = p
        .payments
        .iter()
        .fold(Fen::ZERO, |s, x| s.saturating_add(x.amount));
    // Unknown contract amounts only matter when the payments alone stay below the limit.
    let amount = contracted.map_or(paid, |c| c.max(paid));
    let level = p.project.gov_level.or_else(|| {
        p.organisation(&p.project.purchaser_id)
            .and_then(|o| o.gov_level)
    });
    let level = need.get(level, "project.gov_level");
    let first = p
        .contracts
        .iter()
        .filter_map(|c| c.signed_at)
        .chain(p.payments.iter().map(|x| x.paid_at))
        .min()
        .map(Instant::china_date);
    let date = need.get(first, "contracts[].signed_at");
    let (Some(level), Some(date)) = (level, date) else {
        return need.outcome();
    };
    let object = p.project.object_type;
    let Some(limit) = ctx.thresholds.procurement_limit(level, object, date) else {
        return Outcome::missing(&["thresholds: procurement_limit"]);
    };
    let evidence = Evidence::new()
        .label("issue", NO_PROCEDURE)
        .money("amount", amount)
        .money("limit", limit.value)
        .label("object_type", object.name())
        .date("first_contract_or_payment", date)
        .text("source", limit.source);
    if amount >= limit.value {
        flag(NO_PROCEDURE_MSG, evidence)
    } else if contracted.is_none() {
        Outcome::missing(&["contracts[].amount"])
    } else {
        Outcome::clear(evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn contract(lot: Option<&str>, amount: Option<Fen>) -> Contract {
        let mut c: Contract =
            serde_json::from_value(serde_json::json!({"id": "C1", "supplier_id": "S1"}))
                .expect("contract");
        c.lot_id = lot.map(str::to_owned);
        c.amount = amount;
        c.signed_at = Some(at("2026-03-20 10:00"));
        c
    }

    fn awarded(contract_lot: Option<Option<&str>>) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        let mut a: Award =
            serde_json::from_value(serde_json::json!({"supplier_id": "S1"})).expect("award");
        a.notified_at = Some(at("2026-03-02 10:00"));
        p.awards.push(a);
        if let Some(lot) = contract_lot {
            p.contracts.push(contract(lot, Some(Fen::wan(90))));
        }
        p
    }

    fn unprocured(level: Option<GovLevel>, amount: Option<Fen>) -> ProjectRecord {
        let mut p = record(Method::SingleSource);
        p.project.gov_level = level;
        p.contracts.push(contract(None, amount));
        p
    }

    #[test]
    fn award_without_contract() {
        // 2026-03-02 + 30 days = Wed 04-01.
        #[rustfmt::skip]
        let cases: &[(&str, Option<Option<&str>>, &str, &str)] = &[
            ("contract signed", Some(None), "2026-11-26", "clear"),
            ("no contract, day 31", None, "2026-04-02 08:00", "flag"),
            ("no contract, last day today", None, "2026-04-01 22:00", "missing"),
            ("a contract for another lot only", Some(Some("2")), "2026-11-26", "flag"),
        ];
        for (name, lot, now, expected) in cases {
            let out = A08.run(&awarded(*lot), &ctx(now));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn contract_without_procedure() {
        use GovLevel::*;
        // City/county goods and services: 30万元 from 2021.
        #[rustfmt::skip]
        let cases: &[(&str, Option<GovLevel>, Option<Fen>, &str)] = &[
            ("at the limit", Some(CityCounty), Some(Fen::wan(30)), "flag"),
            ("one fen below the limit", Some(CityCounty), Some(Fen(Fen::wan(30).fen() - 1)), "clear"),
            ("level unknown", None, Some(Fen::wan(300)), "missing"),
            ("amount unknown", Some(CityCounty), None, "missing"),
        ];
        for (name, level, amount, expected) in cases {
            let out = A08.run(&unprocured(*level, *amount), &ctx("2026-11-26"));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
        // A result notice is a procedure on record.
        let mut p = unprocured(Some(CityCounty), Some(Fen::wan(300)));
        p.notices.push(
            serde_json::from_value(
                serde_json::json!({"kind": "result", "published_at": at("2026-03-01 09:00")}),
            )
            .expect("notice"),
        );
        assert!(A08.run(&p, &ctx("2026-11-26")).is_clear());
        // Payments above the limit with an unknown contract amount still flag.
        let mut p = unprocured(Some(CityCounty), None);
        p.payments.push(
            serde_json::from_value(serde_json::json!({
                "paid_at": at("2026-04-01 09:00"), "amount": Fen::wan(40), "payee_id": "S1"
            }))
            .expect("payment"),
        );
        assert!(A08.run(&p, &ctx("2026-11-26")).is_flagged());
    }

    #[test]
    fn nothing_happened() {
        let mut p = record(Method::PublicTender);
        assert!(A08.run(&p, &ctx("2026-11-26")).is_insufficient());
        p.project.status = Some(ProjectStatus::Failed);
        assert!(A08.run(&p, &ctx("2026-11-26")).is_clear());
    }

    #[test]
    fn message() {
        let out = A08.run(&awarded(None), &ctx("2026-04-02 08:00"));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "中标（成交）通知书于2026-03-02 10:00发出，至2026-04-02已过31天仍无合同（期满日2026-04-01）");
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
