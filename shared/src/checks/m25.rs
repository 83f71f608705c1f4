//! # M25 — 询问、质疑、投诉处理超期 (Challenges and complaints not handled in time)
//!
//! **What it checks.** Each supplier remedy must be handled within its statutory period, counted
//! from the day it was filed (start day not counted): an inquiry (询问) answered within 3 working
//! days (B.2 T29), a challenge (质疑) within 7 working days (T25), a complaint (投诉) decided
//! within 30 working days net of the excluded testing / expert-review time (T27), and a
//! suspension of the procurement during a complaint not longer than 30 calendar days (T28). One
//! still unanswered (or a suspension not yet lifted) is measured to "now" and flagged once past the
//! limit. Limits come from the dated threshold table by the filing date.
//!
//! **Why it matters.** Statutory answer periods protect suppliers' remedies; late answers defeat
//! them. 法定答复时限保障供应商救济权利，超期处理使救济落空。
//!
//! **Legal basis.** 《政府采购法实施条例》 第52条、第58条 [V]; 《政府采购法》 第53条、第56条、
//! 第57条 [V]; 财政部令第94号 [K].
//!
//! **Data.** `challenges[]`: `kind`, `filed_at`, `answered_at` (inquiry, challenge),
//! `decided_at` and `excluded_workdays` (complaint), `suspended_from` / `suspended_until`. No
//! challenge recorded → clear. Insufficient data when one is pending but not yet late, when a
//! complaint's gross time exceeds the limit and the excluded time is unknown, or when the calendar
//! does not cover the dates.
//!
//! **Example.** A challenge filed 2026-03-02 (Mon), answered 2026-03-12 (Thu) = 8 working days →
//! flagged: "质疑于2026-03-02 09:00提出，8个工作日后才答复/处理（时限7个工作日）".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M25",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::Challenge],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::v(law::GP_REGS, "第52条、第58条"),
        LegalBasis::v(law::GP_LAW, "第53条、第56条、第57条"),
        LegalBasis::k(law::ORDER_94, ""),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "询问、质疑、投诉处理超期",
        "Challenges and complaints not handled in time",
    ),
    message: Text::new(
        "{kind}于{filed_at}提出，{elapsed}后才答复/处理（时限{limit}）",
        "The {kind} filed on {filed_at} was answered after {elapsed} (limit {limit})",
    ),
    why: Text::new(
        "法定答复时限保障供应商救济权利，超期处理使救济落空。",
        "Statutory answer periods protect suppliers' remedies; late answers defeat them.",
    ),
};

pub static M25: Check = Check { meta: &META, run };

const CALENDAR: &str = "calendar: holiday data for the period";

fn kind_name(k: ChallengeKind) -> Text {
    match k {
        ChallengeKind::Inquiry => Text::new("询问", "inquiry"),
        ChallengeKind::Challenge => Text::new("质疑", "challenge"),
        ChallengeKind::Complaint => Text::new("投诉", "complaint"),
    }
}

/// Judges one period: from `from` to `to` (or now) against `id`, `excluded` working days off.
fn period(
    ctx: &CheckContext,
    what: Text,
    id: TimeLimitId,
    from: Instant,
    to: Option<Instant>,
    excluded: Option<Option<i64>>,
    field: &'static str,
) -> Outcome {
    let start = from.china_date();
    let Some(limit) = ctx.thresholds.time_limit(id, start) else {
        return Outcome::missing(&["thresholds: T25/T27/T28/T29"]);
    };
    let limit = limit.value;
    let until = to.map_or(ctx.as_of.china_date(), Instant::china_date);
    let gross = match limit.unit {
        DayUnit::Working => match ctx.calendar.workdays_between(start, until) {
            Ok(n) => n,
            Err(_) => return Outcome::missing(&[CALENDAR]),
        },
        DayUnit::Calendar => days_between_exclusive(start, until),
        DayUnit::DateInYear => return Outcome::missing(&["thresholds: T25/T27/T28/T29"]),
    };
    let value = |n: i64| match limit.unit {
        DayUnit::Working => Value::WorkingDays(n),
        _ => Value::Days(n),
    };
    let (net, excluded_unknown) = match excluded {
        None => (gross, false),
        Some(Some(x)) => (gross - x.max(0), false),
        Some(None) => (gross, true),
    };
    let mut evidence = Evidence::new()
        .label("kind", what)
        .instant("filed_at", from)
        .with("elapsed", value(net))
        .with("limit", value(limit.amount))
        .bool("done", to.is_some());
    if let Some(t) = to {
        evidence = evidence.instant("done_at", t);
    }
    if let Some(Some(x)) = excluded {
        evidence = evidence
            .working_days("excluded", x)
            .working_days("gross", gross);
    }
    if limit.admits(net) {
        return match to {
            Some(_) => Outcome::clear(evidence),
            None => Outcome::missing(&[field]),
        };
    }
    if excluded_unknown {
        return Outcome::missing(&["challenges[].excluded_workdays"]);
    }
    Outcome::flag(&META, evidence)
}

fn judge(ctx: &CheckContext, c: &Challenge) -> Vec<Outcome> {
    let mut out = Vec::new();
    let name = kind_name(c.kind);
    out.push(match c.kind {
        ChallengeKind::Inquiry => period(
            ctx,
            name,
            TimeLimitId::T29,
            c.filed_at,
            c.answered_at,
            None,
            "challenges[].answered_at",
        ),
        ChallengeKind::Challenge => period(
            ctx,
            name,
            TimeLimitId::T25,
            c.filed_at,
            c.answered_at,
            None,
            "challenges[].answered_at",
        ),
        ChallengeKind::Complaint => period(
            ctx,
            name,
            TimeLimitId::T27,
            c.filed_at,
            c.decided_at,
            Some(c.excluded_workdays),
            "challenges[].decided_at",
        ),
    });
    if let Some(from) = c.suspended_from {
        out.push(period(
            ctx,
            Text::new("暂停采购活动", "suspension of the procurement"),
            TimeLimitId::T28,
            from,
            c.suspended_until,
            None,
            "challenges[].suspended_until",
        ));
    }
    out
}

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    Outcome::combine(
        p.challenges.iter().flat_map(|c| judge(ctx, c)),
        Outcome::clear(Evidence::new().count("challenges", 0)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    fn project(challenge: serde_json::Value) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.challenges
            .push(serde_json::from_value(challenge).expect("challenge"));
        p
    }

    #[test]
    fn table() {
        // 2026-03-02 is a Monday.
        let f = "2026-03-02 09:00";
        let cases: Vec<(&str, serde_json::Value, &str, &str)> = vec![
            (
                "inquiry in 3 working days",
                json!({"kind": "inquiry", "filed_at": f, "answered_at": "2026-03-05 17:00"}),
                "2026-11-26",
                "clear",
            ),
            (
                "inquiry in 4 working days",
                json!({"kind": "inquiry", "filed_at": f, "answered_at": "2026-03-06 09:00"}),
                "2026-11-26",
                "flag",
            ),
            (
                "challenge in 7 working days",
                json!({"kind": "challenge", "filed_at": f, "answered_at": "2026-03-11"}),
                "2026-11-26",
                "clear",
            ),
            (
                "challenge in 8 working days",
                json!({"kind": "challenge", "filed_at": f, "answered_at": "2026-03-12"}),
                "2026-11-26",
                "flag",
            ),
            (
                "challenge unanswered, overdue",
                json!({"kind": "challenge", "filed_at": f}),
                "2026-11-26",
                "flag",
            ),
            (
                "challenge unanswered, not yet due",
                json!({"kind": "challenge", "filed_at": f}),
                "2026-03-04 09:00",
                "missing",
            ),
            // 30 working days after Mon 2026-03-02 end on Tue 2026-04-14 (Qingming 6 April off).
            (
                "complaint in 30 working days",
                json!({"kind": "complaint", "filed_at": f, "decided_at": "2026-04-14", "excluded_workdays": 0}),
                "2026-11-26",
                "clear",
            ),
            (
                "complaint in 31 working days",
                json!({"kind": "complaint", "filed_at": f, "decided_at": "2026-04-15", "excluded_workdays": 0}),
                "2026-11-26",
                "flag",
            ),
            (
                "complaint 31 gross, 1 excluded",
                json!({"kind": "complaint", "filed_at": f, "decided_at": "2026-04-15", "excluded_workdays": 1}),
                "2026-11-26",
                "clear",
            ),
            (
                "complaint over, exclusion unknown",
                json!({"kind": "complaint", "filed_at": f, "decided_at": "2026-04-15"}),
                "2026-11-26",
                "missing",
            ),
            (
                "complaint in time, exclusion unknown",
                json!({"kind": "complaint", "filed_at": f, "decided_at": "2026-04-14"}),
                "2026-11-26",
                "clear",
            ),
            (
                "suspension 30 days",
                json!({"kind": "complaint", "filed_at": f, "decided_at": "2026-03-20", "excluded_workdays": 0, "suspended_from": "2026-03-03", "suspended_until": "2026-04-02"}),
                "2026-11-26",
                "clear",
            ),
            (
                "suspension 31 days",
                json!({"kind": "complaint", "filed_at": f, "decided_at": "2026-03-20", "excluded_workdays": 0, "suspended_from": "2026-03-03", "suspended_until": "2026-04-03"}),
                "2026-11-26",
                "flag",
            ),
            (
                "calendar not covering",
                json!({"kind": "inquiry", "filed_at": "2035-03-02", "answered_at": "2035-03-05"}),
                "2036-01-01",
                "missing",
            ),
        ];
        for (name, challenge, now, expected) in cases {
            let out = M25.run(&project(challenge), &ctx(now));
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
        assert!(M25
            .run(&record(Method::PublicTender), &ctx("2026-11-26"))
            .is_clear());
    }

    #[test]
    fn message() {
        let out = M25.run(
            &project(json!({"kind": "challenge", "filed_at": "2026-03-02 09:00", "answered_at": "2026-03-12"})),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "质疑于2026-03-02 09:00提出，8个工作日后才答复/处理（时限7个工作日）"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
