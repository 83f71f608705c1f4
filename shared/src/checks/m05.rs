//! # M05 — 专家抽取时间过早 (Expert draw too early)
//!
//! **What it checks.** In tenders and RFQ the experts are drawn from the database at most 2
//! working days before the evaluation starts (B.2 T15; not for negotiation / consultation and not
//! for off-site evaluation). Flagged when the earliest random draw is earlier than that: working
//! days are counted from the draw day (not counted) to the evaluation day (counted). Evaluation on
//! Wednesday: a draw on Monday is 2 working days before and passes; a draw on the previous Friday
//! is 3 and fails. The limit comes from the dated threshold table by the evaluation date.
//!
//! **Why it matters.** An early draw increases the risk that the list leaks and experts are
//! approached. 过早抽取增加专家名单泄露和被"打招呼"的风险。
//!
//! **Legal basis.** 财库〔2016〕198号 第14条 [K] (in force 2017-01-01).
//!
//! **Data.** `panel.started_at`, `panel.members[].drawn_at` (experts drawn at random),
//! `panel.off_site`. Insufficient data when the start, or every draw time, is unknown; when a
//! draw is too early but it is unknown whether the evaluation was off-site; when the earliest known
//! draw passes but another draw time is unknown; or when the calendar does not cover the dates.
//!
//! **Example.** Evaluation 2026-03-11 (Wed) 09:00, experts drawn 2026-03-06 (Fri) 15:00 → 3
//! working days → flagged: "专家抽取2026-03-06 15:00早于评审开始2026-03-11 09:00前2个工作日".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M05",
    stage: Stage::During,
    subject: Subject::Expert,
    methods: methods::TENDER_RFQ,
    nodes: &[Node::ExpertDraw],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::CK_2016_198, "第14条")],
    valid_from: Some(LawDate::ymd(2017, 1, 1)),
    valid_to: None,
    title: Text::new("专家抽取时间过早", "Expert draw too early"),
    message: Text::new(
        "专家抽取{drawn_at}早于评审开始{started_at}前2个工作日",
        "Experts were drawn ({drawn_at}) earlier than 2 working days before the evaluation ({started_at})",
    ),
    why: Text::new(
        "过早抽取增加专家名单泄露和被\"打招呼\"的风险。",
        "An early draw increases the risk that the list leaks and experts are approached.",
    ),
};
pub static M05: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let panel = p.panel.as_ref();
    let drawn: Vec<Option<Instant>> = panel
        .map(|x| {
            x.members
                .iter()
                .filter(|m| m.role == MemberRole::Expert && m.source == MemberSource::Random)
                .map(|m| m.drawn_at)
                .collect()
        })
        .unwrap_or_default();
    let mut need = Need::new();
    let started = need.get(panel.and_then(|x| x.started_at), "panel.started_at");
    let earliest = need.get(
        drawn.iter().flatten().min().copied(),
        "panel.members[].drawn_at",
    );
    let (Some(started), Some(earliest)) = (started, earliest) else {
        return need.outcome();
    };
    let day = started.china_date();
    let Some(limit) = ctx.thresholds.time_limit(TimeLimitId::T15, day) else {
        return Outcome::missing(&["thresholds: T15"]);
    };
    let Ok(n) = ctx.calendar.workdays_between(earliest.china_date(), day) else {
        return Outcome::missing(&["calendar: holiday data for the period"]);
    };
    let off_site = panel.and_then(|x| x.off_site);
    let evidence = Evidence::new()
        .instant("drawn_at", earliest)
        .instant("started_at", started)
        .working_days("working_days", n)
        .working_days("limit", limit.value.amount);
    if !limit.value.admits(n) {
        return match off_site {
            Some(false) => Outcome::flag(&META, evidence.bool("off_site", false)),
            Some(true) => Outcome::clear(evidence.bool("off_site", true)),
            None => Outcome::missing(&["panel.off_site"]),
        };
    }
    if drawn.iter().any(Option::is_none) {
        return Outcome::missing(&["panel.members[].drawn_at"]);
    }
    Outcome::clear(evidence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};
    use serde_json::json;

    fn project(
        started: Option<&str>,
        draws: &[Option<&str>],
        off_site: Option<bool>,
    ) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        let members: Vec<serde_json::Value> = draws
            .iter()
            .enumerate()
            .map(|(i, d)| json!({"person_id": format!("E{i}"), "role": "expert", "source": "random", "drawn_at": d}))
            .collect();
        let mut panel: Panel = serde_json::from_value(json!({"members": members})).expect("panel");
        panel.started_at = started.map(at);
        panel.off_site = off_site;
        p.panel = Some(panel);
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        let s = Some("2026-03-11 09:00"); // Wednesday
        let no = Some(false);
        let cases: &[(&str, Option<&str>, &[Option<&str>], Option<bool>, &str)] = &[
            ("same day", s, &[Some("2026-03-11 07:00")], no, "clear"),
            (
                "Monday: exactly 2 working days",
                s,
                &[Some("2026-03-09 15:00")],
                no,
                "clear",
            ),
            (
                "previous Friday: 3 working days",
                s,
                &[Some("2026-03-06 15:00")],
                no,
                "flag",
            ),
            (
                "previous Saturday still 3",
                s,
                &[Some("2026-03-07 10:00")],
                no,
                "flag",
            ),
            (
                "too early but off-site",
                s,
                &[Some("2026-03-06 15:00")],
                Some(true),
                "clear",
            ),
            (
                "too early, off-site unknown",
                s,
                &[Some("2026-03-06 15:00")],
                None,
                "missing",
            ),
            (
                "earliest of several decides",
                s,
                &[Some("2026-03-10 15:00"), Some("2026-03-05 15:00")],
                no,
                "flag",
            ),
            (
                "one draw time unknown",
                s,
                &[Some("2026-03-10 15:00"), None],
                no,
                "missing",
            ),
            ("no start", None, &[Some("2026-03-10 15:00")], no, "missing"),
            ("no draw time", s, &[None], no, "missing"),
            (
                "calendar not covering",
                Some("2035-03-11 09:00"),
                &[Some("2035-03-06 15:00")],
                no,
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, started, draws, off, expected) in cases {
            let out = M05.run(&project(*started, draws, *off), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let out = M05.run(
            &project(
                Some("2026-03-11 09:00"),
                &[Some("2026-03-06 15:00")],
                Some(false),
            ),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "专家抽取2026-03-06 15:00早于评审开始2026-03-11 09:00前2个工作日"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
        assert_eq!(f.evidence.get("working_days"), Some(&Value::WorkingDays(3)));
    }
}
