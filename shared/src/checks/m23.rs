//! # M23 — 定标过晚或未按排序确定 (Winner confirmed late or not in ranking order)
//!
//! **What it checks.** For each award: the purchaser must confirm the winner within 5 working
//! days of receiving the evaluation report (B.2 T17; start day not counted), and must confirm the
//! first of the report's ranking unless a lawful reason for a deviation is recorded (the
//! first-ranked supplier refused, could not perform, …: `awards[].deviation_reason`; a blank reason
//! is no reason). The report
//! judged is the latest version of the award's lot (a re-evaluation replaces the ranking). An award
//! not confirmed yet is flagged once "now" is past the limit. The limit comes from the dated
//! threshold table by the delivery date.
//!
//! **Why it matters.** The purchaser must confirm the first-ranked supplier within 5 working days;
//! otherwise the result is unlawfully changed. 采购人应在5个工作日内按排序确定中标人，否则构成违法
//! 改变结果。
//!
//! **Legal basis.** 《政府采购法实施条例》 第43条、第49条、第67条(三) [V]; 财政部令第87号 第68条 [K].
//!
//! **Data.** `reports[].delivered_at`, `reports[].ranking`, `awards[].confirmed_at`,
//! `awards[].supplier_id`, `awards[].deviation_reason`. Insufficient data when there is no award
//! or no delivered report for its lot, when the ranking is empty (and the timing passed), or when
//! the calendar does not cover the dates.
//!
//! **Example.** Report delivered 2026-03-10 (Tue), winner S2 confirmed 2026-03-18 (Wed) with S1
//! ranked first → flagged: "采购人收到报告后6个工作日确定成交人S2（排序第一为S1）".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M23",
    stage: Stage::During,
    subject: Subject::Lot,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ReportAward],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第43条、第49条、第67条(三)"), LegalBasis::k(law::ORDER_87, "第68条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("定标过晚或未按排序确定", "Winner confirmed late or not in ranking order"),
    message: Text::new(
        "采购人收到报告后{working_days}确定成交人{winner}（排序第一为{first}）",
        "The purchaser confirmed {winner} {working_days} after receiving the report (ranked first: {first})",
    ),
    why: Text::new(
        "采购人应在5个工作日内按排序确定中标人，否则构成违法改变结果。",
        "The purchaser must confirm the first-ranked supplier within 5 working days; otherwise the result is unlawfully changed.",
    ),
};

pub static M23: Check = Check { meta: &META, run };

/// The latest report version of a lot (a report without a lot serves every lot).
fn report_for<'a>(p: &'a ProjectRecord, lot: Option<&str>) -> Option<&'a EvaluationReport> {
    p.reports
        .iter()
        .filter(|r| r.lot_id.as_deref() == lot || r.lot_id.is_none())
        .filter(|r| r.delivered_at.is_some())
        .max_by_key(|r| (r.lot_id.is_some(), r.version))
}

/// Whether confirming `winner` follows a ranking whose first is `first`: the first-ranked, or
/// another supplier with a deviation reason recorded (a blank reason is no reason). An unknown
/// first (`None`) is not a deviation. Also the yes/no of `crate::award::award_follows_ranking`.
pub(crate) fn follows_ranking(first: Option<&str>, winner: &str, reason: Option<&str>) -> bool {
    first.is_none_or(|f| f == winner) || reason.is_some_and(|r| !r.trim().is_empty())
}

fn judge(p: &ProjectRecord, a: &Award, ctx: &CheckContext) -> Outcome {
    let Some(report) = report_for(p, a.lot_id.as_deref()) else {
        return Outcome::missing(&["reports[].delivered_at"]);
    };
    let Some(delivered) = report.delivered_at else {
        return Outcome::missing(&["reports[].delivered_at"]);
    };
    let start = delivered.china_date();
    let Some(limit) = ctx.thresholds.time_limit(TimeLimitId::T17, start) else {
        return Outcome::missing(&["thresholds: T17"]);
    };
    let until = a
        .confirmed_at
        .map_or(ctx.as_of.china_date(), Instant::china_date);
    let Ok(n) = ctx.calendar.workdays_between(start, until) else {
        return Outcome::missing(&["calendar: holiday data for the period"]);
    };
    let late = !limit.value.admits(n);
    let first = report.ranking.first();
    let out_of_order = !follows_ranking(
        first.map(String::as_str),
        &a.supplier_id,
        a.deviation_reason.as_deref(),
    );
    let mut evidence = Evidence::new()
        .instant("delivered_at", delivered)
        .working_days("working_days", n)
        .working_days("limit", limit.value.amount)
        .text("winner", a.supplier_id.clone())
        .bool("confirmed", a.confirmed_at.is_some());
    evidence = match first {
        Some(f) => evidence.text("first", f.clone()),
        None => evidence.label("first", Text::new("未知", "unknown")),
    };
    if let Some(c) = a.confirmed_at {
        evidence = evidence.instant("confirmed_at", c);
    }
    if let Some(l) = &a.lot_id {
        evidence = evidence.text("lot", l.clone());
    }
    if let Some(r) = &a.deviation_reason {
        evidence = evidence.text("deviation_reason", r.clone());
    }
    if late || out_of_order {
        return Outcome::flag(
            &META,
            evidence
                .bool("late", late)
                .bool("out_of_order", out_of_order),
        );
    }
    if a.confirmed_at.is_none() {
        return Outcome::missing(&["awards[].confirmed_at"]);
    }
    if first.is_none() {
        return Outcome::missing(&["reports[].ranking"]);
    }
    Outcome::clear(evidence)
}

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    Outcome::combine(
        p.awards.iter().map(|a| judge(p, a, ctx)),
        Outcome::missing(&["awards"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    fn project(
        delivered: Option<&str>,
        ranking: &[&str],
        winner: &str,
        confirmed: Option<&str>,
        reason: Option<&str>,
    ) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.reports.push(
            serde_json::from_value(
                json!({"version": 1, "delivered_at": delivered, "ranking": ranking}),
            )
            .expect("report"),
        );
        p.awards.push(
            serde_json::from_value(json!({"supplier_id": winner, "confirmed_at": confirmed, "deviation_reason": reason}))
                .expect("award"),
        );
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        let d = Some("2026-03-10 10:00"); // Tuesday
        let r: &[&str] = &["S1", "S2"];
        let cases: &[(
            &str,
            Option<&str>,
            &[&str],
            &str,
            Option<&str>,
            Option<&str>,
            &str,
            &str,
        )] = &[
            (
                "first-ranked, 5 working days",
                d,
                r,
                "S1",
                Some("2026-03-17 10:00"),
                None,
                "2026-11-26",
                "clear",
            ),
            (
                "first-ranked, 6 working days",
                d,
                r,
                "S1",
                Some("2026-03-18 10:00"),
                None,
                "2026-11-26",
                "flag",
            ),
            (
                "second-ranked without reason",
                d,
                r,
                "S2",
                Some("2026-03-11 10:00"),
                None,
                "2026-11-26",
                "flag",
            ),
            (
                "second-ranked with a recorded reason",
                d,
                r,
                "S2",
                Some("2026-03-11 10:00"),
                Some("第一名放弃"),
                "2026-11-26",
                "clear",
            ),
            (
                "not confirmed, long overdue",
                d,
                r,
                "S1",
                None,
                None,
                "2026-11-26",
                "flag",
            ),
            (
                "not confirmed, not yet late",
                d,
                r,
                "S1",
                None,
                None,
                "2026-03-12 10:00",
                "missing",
            ),
            (
                "ranking unknown",
                d,
                &[],
                "S1",
                Some("2026-03-11 10:00"),
                None,
                "2026-11-26",
                "missing",
            ),
            (
                "ranking unknown but late",
                d,
                &[],
                "S1",
                Some("2026-03-30 10:00"),
                None,
                "2026-11-26",
                "flag",
            ),
            (
                "report not delivered",
                None,
                r,
                "S1",
                Some("2026-03-11 10:00"),
                None,
                "2026-11-26",
                "missing",
            ),
        ];
        for (name, delivered, ranking, winner, confirmed, reason, now, expected) in cases {
            let out = M23.run(
                &project(*delivered, ranking, winner, *confirmed, *reason),
                &ctx(now),
            );
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
        assert_eq!(
            M23.run(&record(Method::PublicTender), &ctx("2026-11-26")),
            Outcome::missing(&["awards"])
        );
    }

    #[test]
    fn message() {
        let out = M23.run(
            &project(
                Some("2026-03-10 10:00"),
                &["S1"],
                "S2",
                Some("2026-03-18 10:00"),
                None,
            ),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "采购人收到报告后6个工作日确定成交人S2（排序第一为S1）"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
