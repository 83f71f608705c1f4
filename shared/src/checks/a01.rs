//! # A01 — 未在中标通知书发出后30日内签订合同 (Contract not signed within 30 days of the award notice)
//!
//! **What it checks.** For each award (one per lot): the contract must be signed within 30
//! calendar days of the day the award notice (中标 / 成交通知书) went out (B.2 T20). The start day
//! is not counted (民法典 Art 201) and a period ending on a rest day ends on the next working day
//! (Art 203), so the last allowed day is `calendar.period_end_calendar_days(notified, 30)`.
//! Notice on 1 March → signing on 31 March passes, 1 April fails (unless 31 March is a rest day).
//! With no signed contract, the check flags once "now" (`ctx.as_of`) is past the last day, and
//! answers "insufficient data" before that (the outcome is not decided yet; it can only become a
//! flag, never stop being one — Cardinal's stability rule).
//!
//! **Why it matters.** A long delay before signing may mean the terms are being renegotiated or
//! the award is being undone. 迟迟不签合同可能意味着在谈判改变实质内容，或拖延采购以另作安排。
//!
//! **Legal basis.** 《政府采购法》 第46条 [V]; 财政部令第87号 第71条 [K].
//!
//! **Data.** `awards[].notified_at`, `contracts[].signed_at` (matched by `lot_id`). A project
//! with status `failed` or `cancelled` and no award is clear.
//!
//! **Example.** Notice 2026-03-02, contract signed 2026-04-03: 32 days, last day 2026-04-01 →
//! flagged: "中标（成交）通知书于2026-03-02 10:00发出，至2026-04-03已过32天，合同签订过晚…".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A01",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第46条"), LegalBasis::k(law::ORDER_87, "第71条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("未在中标通知书发出后30日内签订合同", "Contract not signed within 30 days of the award notice"),
    message: Text::new(
        "中标（成交）通知书于{notified_at}发出，至{until}已过{days}，合同{contract_state}（法定30日，期满日{period_end}）",
        "The award notice went out on {notified_at}; {days} later, on {until}, the contract {contract_state} (30 days allowed, last day {period_end})",
    ),
    why: Text::new(
        "迟迟不签合同可能意味着在谈判改变实质内容，或拖延采购以另作安排。",
        "A long delay before signing may mean the terms are being renegotiated or the award is being undone.",
    ),
};

pub static A01: Check = Check { meta: &META, run };

const SIGNED_LATE: Text = Text::new("签订过晚", "was signed late");
const NOT_SIGNED: Text = Text::new("仍未签订", "is still not signed");
const SIGNED: Text = Text::new("已按期签订", "was signed in time");
const NOT_YET_DUE: Text = Text::new(
    "尚未签订，期限未满",
    "is not signed yet, the period is still running",
);

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    if p.awards.is_empty() {
        return match p.project.status {
            Some(s @ (ProjectStatus::Failed | ProjectStatus::Cancelled)) => {
                Outcome::clear(Evidence::new().text("status", format!("{s:?}")))
            }
            _ => Outcome::missing(&["awards[]"]),
        };
    }
    let parts: Vec<Outcome> = p.awards.iter().map(|a| award(p, a, ctx)).collect();
    Outcome::combine(parts, Outcome::missing(&["awards[]"]))
}

fn award(p: &ProjectRecord, a: &Award, ctx: &CheckContext) -> Outcome {
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
    let signed = p
        .contract_for_lot(a.lot_id.as_deref())
        .and_then(|c| c.signed_at);
    let until = signed.map_or(ctx.as_of.china_date(), Instant::china_date);
    let late = until > period_end;
    let state = match (signed.is_some(), late) {
        (true, true) => SIGNED_LATE,
        (true, false) => SIGNED,
        (false, true) => NOT_SIGNED,
        (false, false) => NOT_YET_DUE,
    };
    let evidence = Evidence::new()
        .instant("notified_at", notified)
        .date("until", until)
        .days("days", days_between_exclusive(start, until))
        .date("period_end", period_end)
        .label("contract_state", state);
    let evidence = match &a.lot_id {
        Some(lot) => evidence.text("lot", lot.clone()),
        None => evidence,
    };
    match (signed.is_some(), late) {
        (_, true) => Outcome::flag(&META, evidence),
        (true, false) => Outcome::clear(evidence),
        (false, false) => Outcome::missing(&["contracts[].signed_at"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn project(notified: Option<&str>, signed: Option<&str>) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.awards.push(Award {
            lot_id: None,
            supplier_id: "S1".to_owned(),
            bid_id: None,
            amount: Some(Fen::yuan(900_000)),
            confirmed_at: None,
            notified_at: notified.map(at),
            published_at: None,
            deviation_reason: None,
        });
        if let Some(s) = signed {
            p.contracts.push(Contract {
                id: "C1".to_owned(),
                lot_id: None,
                supplier_id: "S1".to_owned(),
                amount: Some(Fen::yuan(900_000)),
                signed_at: Some(at(s)),
                published_at: None,
                filed_at: None,
                terms_match_award: None,
                payment_term_days: None,
                payment_after_acceptance: None,
                payment_term_agreed: None,
                amendments: Vec::new(),
                subcontracts: Vec::new(),
            });
        }
        p
    }

    /// (name, inputs…, expected outcome kind)
    type Case = (
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        &'static str,
        &'static str,
    );

    #[test]
    fn table() {
        let cases: &[Case] = &[
            // 2026-03-02 (Mon) + 30 = 2026-04-01 (Wed, a working day).
            (
                "signed on day 30",
                Some("2026-03-02 10:00"),
                Some("2026-04-01 15:00"),
                "2026-11-26",
                "clear",
            ),
            (
                "signed on day 31",
                Some("2026-03-02 10:00"),
                Some("2026-04-02 09:00"),
                "2026-11-26",
                "flag",
            ),
            (
                "signed the same day",
                Some("2026-03-02 10:00"),
                Some("2026-03-02 16:00"),
                "2026-11-26",
                "clear",
            ),
            // 2026-09-01 + 30 = 2026-10-01, National Day (off 1–7 October): the period ends on the
            // next working day, 2026-10-08.
            (
                "day 30 in the holiday, signed after it",
                Some("2026-09-01 10:00"),
                Some("2026-10-08 10:00"),
                "2026-11-26",
                "clear",
            ),
            (
                "signed after the extended end",
                Some("2026-09-01 10:00"),
                Some("2026-10-09 10:00"),
                "2026-11-26",
                "flag",
            ),
            (
                "no contract, period over",
                Some("2026-03-02 10:00"),
                None,
                "2026-04-02 08:00",
                "flag",
            ),
            (
                "no contract, last day today",
                Some("2026-03-02 10:00"),
                None,
                "2026-04-01 23:00",
                "missing",
            ),
            (
                "notice date unknown",
                None,
                Some("2026-04-01 15:00"),
                "2026-11-26",
                "missing",
            ),
        ];
        for (name, notified, signed, now, expected) in cases {
            let out = A01.run(&project(*notified, *signed), &ctx(now));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn no_award() {
        let mut p = record(Method::PublicTender);
        assert_eq!(
            A01.run(&p, &ctx("2026-11-26")),
            Outcome::missing(&["awards[]"])
        );
        p.project.status = Some(ProjectStatus::Failed);
        assert!(A01.run(&p, &ctx("2026-11-26")).is_clear());
    }

    #[test]
    fn message() {
        let out = A01.run(
            &project(Some("2026-03-02 10:00"), Some("2026-04-03 09:00")),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "中标（成交）通知书于2026-03-02 10:00发出，至2026-04-03已过32天，合同签订过晚（法定30日，期满日2026-04-01）"
        );
        assert_eq!(
            f.message_en,
            "The award notice went out on 2026-03-02 10:00; 32 days later, on 2026-04-03, the contract was signed late (30 days allowed, last day 2026-04-01)"
        );
    }

    #[test]
    fn the_worst_lot_decides() {
        let mut p = project(Some("2026-03-02 10:00"), Some("2026-03-10 10:00"));
        let mut second = p.awards[0].clone();
        second.lot_id = Some("2".to_owned());
        p.awards.push(second);
        // Lot 2 has no contract and its period is over.
        assert!(A01.run(&p, &ctx("2026-11-26")).is_flagged());
    }
}
