//! # M22 — 评审报告送交过晚 (Evaluation report delivered late)
//!
//! **What it checks.** The evaluation report must reach the purchaser within 2 working days after
//! the evaluation ends (B.2 T16). Working days are counted on the statutory calendar with the end
//! day not counted: evaluation ended Monday, delivered Wednesday = 2 working days, which passes;
//! Thursday = 3, which fails. For each lot the original report (lowest version) is judged. A report
//! not delivered yet is flagged once "now" (`ctx.as_of`) is past the limit. The limit comes from
//! the dated threshold table by the date the evaluation ended.
//!
//! **Why it matters.** A late report delays the award and leaves time for outside interference.
//! 报告迟交拖延定标，也为场外干预留出时间。
//!
//! **Legal basis.** 《政府采购法实施条例》 第43条 [V].
//!
//! **Data.** `panel.ended_at`, `reports[].delivered_at` (`reports[].version`, `lot_id`).
//! Insufficient data when the end of evaluation or every report is unknown, when a report is not
//! delivered but not yet late, or when the calendar does not cover the dates.
//!
//! **Example.** Evaluation ended 2026-03-09 (Mon) 17:00, report delivered 2026-03-12 (Thu) →
//! flagged: "评审结束2026-03-09 17:00后3个工作日才送交评审报告（要求2个工作日内）".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M22",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ReportAward],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第43条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("评审报告送交过晚", "Evaluation report delivered late"),
    message: Text::new(
        "评审结束{ended_at}后{working_days}才送交评审报告（要求2个工作日内）",
        "The report was delivered {working_days} after the evaluation ended ({ended_at}); within 2 working days required",
    ),
    why: Text::new(
        "报告迟交拖延定标，也为场外干预留出时间。",
        "A late report delays the award and leaves time for outside interference.",
    ),
};

pub static M22: Check = Check { meta: &META, run };

const CALENDAR: &str = "calendar: holiday data for the period";

fn judge(ended: Instant, r: &EvaluationReport, ctx: &CheckContext) -> Outcome {
    let start = ended.china_date();
    let Some(limit) = ctx.thresholds.time_limit(TimeLimitId::T16, start) else {
        return Outcome::missing(&["thresholds: T16"]);
    };
    let until = r
        .delivered_at
        .map_or(ctx.as_of.china_date(), Instant::china_date);
    let Ok(n) = ctx.calendar.workdays_between(start, until) else {
        return Outcome::missing(&[CALENDAR]);
    };
    let late = !limit.value.admits(n);
    let mut evidence = Evidence::new()
        .instant("ended_at", ended)
        .working_days("working_days", n)
        .working_days("limit", limit.value.amount)
        .count("report_version", i64::from(r.version))
        .bool("delivered", r.delivered_at.is_some());
    if let Some(d) = r.delivered_at {
        evidence = evidence.instant("delivered_at", d);
    }
    if let Some(l) = &r.lot_id {
        evidence = evidence.text("lot", l.clone());
    }
    match (late, r.delivered_at.is_some()) {
        (true, _) => Outcome::flag(&META, evidence),
        (false, true) => Outcome::clear(evidence),
        (false, false) => Outcome::missing(&["reports[].delivered_at"]),
    }
}

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let mut need = Need::new();
    let ended = need.get(p.panel.as_ref().and_then(|x| x.ended_at), "panel.ended_at");
    let any = need.get((!p.reports.is_empty()).then_some(()), "reports");
    let (Some(ended), Some(())) = (ended, any) else {
        return need.outcome();
    };
    // The original report of each lot.
    let mut originals: Vec<&EvaluationReport> = Vec::new();
    for r in &p.reports {
        match originals.iter_mut().find(|o| o.lot_id == r.lot_id) {
            Some(o) if r.version < o.version => *o = r,
            Some(_) => {}
            None => originals.push(r),
        }
    }
    Outcome::combine(
        originals.into_iter().map(|r| judge(ended, r, ctx)),
        Outcome::missing(&["reports"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};
    use serde_json::json;

    fn project(ended: Option<&str>, reports: &[(u32, Option<&str>)]) -> ProjectRecord {
        let mut p = record(Method::CompetitiveConsultation);
        p.panel = Some(Panel {
            ended_at: ended.map(at),
            ..Panel::default()
        });
        p.reports = reports
            .iter()
            .map(|(v, d)| {
                serde_json::from_value(json!({"version": v, "delivered_at": d})).expect("report")
            })
            .collect();
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        let e = Some("2026-03-09 17:00"); // Monday
        let cases: &[(&str, Option<&str>, &[(u32, Option<&str>)], &str, &str)] = &[
            (
                "same day",
                e,
                &[(1, Some("2026-03-09 18:00"))],
                "2026-11-26",
                "clear",
            ),
            (
                "exactly 2 working days",
                e,
                &[(1, Some("2026-03-11 09:00"))],
                "2026-11-26",
                "clear",
            ),
            (
                "3 working days",
                e,
                &[(1, Some("2026-03-12 09:00"))],
                "2026-11-26",
                "flag",
            ),
            // Fri 2026-09-25 → Wed 2026-09-30: Mon, Tue, Wed = 3 (no make-up day in between).
            (
                "over a weekend",
                Some("2026-09-25 17:00"),
                &[(1, Some("2026-09-30"))],
                "2026-11-26",
                "flag",
            ),
            // Wed 2026-09-30 → Fri 2026-10-09: 1–7 Oct are holidays, 8 Oct and 9 Oct work = 2.
            (
                "over the National Day holiday",
                Some("2026-09-30 17:00"),
                &[(1, Some("2026-10-09"))],
                "2026-11-26",
                "clear",
            ),
            (
                "original version judged, not the re-evaluation",
                e,
                &[(2, Some("2026-03-20")), (1, Some("2026-03-10"))],
                "2026-11-26",
                "clear",
            ),
            (
                "never delivered, long overdue",
                e,
                &[(1, None)],
                "2026-11-26",
                "flag",
            ),
            (
                "not delivered, not yet late",
                e,
                &[(1, None)],
                "2026-03-10 12:00",
                "missing",
            ),
            (
                "no end of evaluation",
                None,
                &[(1, Some("2026-03-10"))],
                "2026-11-26",
                "missing",
            ),
            ("no report", e, &[], "2026-11-26", "missing"),
            (
                "calendar not covering",
                Some("2035-03-09 17:00"),
                &[(1, Some("2035-03-12"))],
                "2036-01-01",
                "missing",
            ),
        ];
        for (name, ended, reports, now, expected) in cases {
            let out = M22.run(&project(*ended, reports), &ctx(now));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let out = M22.run(
            &project(Some("2026-03-09 17:00"), &[(1, Some("2026-03-12 09:00"))]),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "评审结束2026-03-09 17:00后3个工作日才送交评审报告（要求2个工作日内）"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
