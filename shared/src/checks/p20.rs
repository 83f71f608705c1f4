//! # P20 — 公告期不足 (Notice publication period too short)
//!
//! **What it checks.** A tender notice (招标公告) or pre-qualification notice (资格预审公告) must be
//! published for 5 working days (B.2 T4), counted from the publication day (not counted,
//! 民法典 Art 201) to the stated `period_end`, on the statutory calendar with 调休 days; and the
//! window for pre-qualification applications must be at least 5 working days from the
//! pre-qualification notice (T3). Exactly 5 passes; 4 fails. (T4 reads "公告期限为5个工作日";
//! a longer period is not flagged — the catalogue flags only a short one.)
//!
//! **Why it matters.** The publication period gives potential suppliers the chance to learn of
//! the procurement. 公告期保证潜在供应商有机会知悉采购信息。
//!
//! **Legal basis.** 财政部令第87号 第16条 [K]; 《政府采购法实施条例》 第21条 [V].
//!
//! **Data.** `notices[kind ∈ tender, prequalification].{published_at, period_end}`,
//! `documents.prequal_application_deadline`. Insufficient data when there is no such notice, when
//! `period_end` is missing, or when the calendar does not cover the dates.
//!
//! **Example.** Tender notice 2026-03-02 (Mon), period to 2026-03-06 (Fri) → flagged:
//! "招标公告公告期仅4个工作日（要求5个工作日）".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P20",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::TENDER,
    nodes: &[Node::NoticeInvitation],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::k(law::ORDER_87, "第16条"),
        LegalBasis::v(law::GP_REGS, "第21条"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("公告期不足", "Notice publication period too short"),
    message: Text::new(
        "{notice_kind}{what}仅{working_days}（要求{required}）",
        "The {notice_kind}: {what} only {working_days} ({required} required)",
    ),
    why: Text::new(
        "公告期保证潜在供应商有机会知悉采购信息。",
        "The publication period gives potential suppliers the chance to learn of the procurement.",
    ),
};

pub static P20: Check = Check { meta: &META, run };

const TENDER: Text = Text::new("招标公告", "tender notice");
const PREQUAL: Text = Text::new("资格预审公告", "pre-qualification notice");
const PERIOD: Text = Text::new("公告期", "publication period");
const WINDOW: Text = Text::new("至资格预审申请截止", "time to the application deadline");

fn measure(
    name: Text,
    what: Text,
    id: TimeLimitId,
    from: Instant,
    to: Date,
    ctx: &CheckContext,
) -> Outcome {
    let a = from.china_date();
    let Some(limit) = ctx.thresholds.time_limit(id, a) else {
        return Outcome::missing(&["thresholds: notice period (T3/T4)"]);
    };
    let Ok(n) = ctx.calendar.workdays_between(a, to) else {
        return Outcome::missing(&["calendar: holiday data for the period"]);
    };
    let evidence = Evidence::new()
        .label("notice_kind", name)
        .label("what", what)
        .instant("published_at", from)
        .date("until", to)
        .working_days("working_days", n)
        .working_days("required", limit.value.amount);
    if n >= limit.value.amount {
        Outcome::clear(evidence)
    } else {
        Outcome::flag(&META, evidence)
    }
}

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let mut parts = Vec::new();
    for n in &p.notices {
        let name = match n.kind {
            NoticeKind::Tender => TENDER,
            NoticeKind::Prequalification => PREQUAL,
            _ => continue,
        };
        parts.push(match n.period_end {
            Some(end) => measure(name, PERIOD, TimeLimitId::T4, n.published_at, end, ctx),
            None => Outcome::missing(&["notices[].period_end"]),
        });
        if n.kind == NoticeKind::Prequalification {
            parts.push(
                match p
                    .documents
                    .as_ref()
                    .and_then(|d| d.prequal_application_deadline)
                {
                    Some(d) => measure(
                        name,
                        WINDOW,
                        TimeLimitId::T3,
                        n.published_at,
                        d.china_date(),
                        ctx,
                    ),
                    None => Outcome::missing(&["documents.prequal_application_deadline"]),
                },
            );
        }
    }
    Outcome::combine(
        parts,
        Outcome::missing(&["notices[] (tender / pre-qualification notice)"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, day, kind, record};

    type Case<'a> = (
        &'a str,
        NoticeKind,
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
    );

    fn project(kind: NoticeKind, end: Option<&str>, application: Option<&str>) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.notices.push(Notice {
            id: None,
            kind,
            lot_id: None,
            published_at: at("2026-03-02 09:00"),
            media: vec![],
            period_end: end.map(day),
            budget_amount: None,
            content: None,
        });
        p.documents = Some(ProcurementDocuments {
            prequal_application_deadline: application.map(at),
            ..Default::default()
        });
        p
    }

    #[test]
    fn table() {
        use NoticeKind::*;
        let cases: &[Case] = &[
            (
                "tender, 5 working days",
                Tender,
                Some("2026-03-09"),
                None,
                "clear",
            ),
            (
                "tender, 4 working days",
                Tender,
                Some("2026-03-06"),
                None,
                "flag",
            ),
            ("tender, period end unknown", Tender, None, None, "missing"),
            (
                "prequal, both 5",
                Prequalification,
                Some("2026-03-09"),
                Some("2026-03-09 17:00"),
                "clear",
            ),
            (
                "prequal, window 4",
                Prequalification,
                Some("2026-03-09"),
                Some("2026-03-06 17:00"),
                "flag",
            ),
            (
                "prequal, window unknown",
                Prequalification,
                Some("2026-03-09"),
                None,
                "missing",
            ),
            (
                "only a result notice",
                Result,
                Some("2026-03-03"),
                None,
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, k, end, application, expected) in cases {
            let out = P20.run(&project(*k, *end, *application), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let Outcome::Flagged(f) = P20.run(
            &project(NoticeKind::Tender, Some("2026-03-06"), None),
            &ctx("2026-11-26"),
        ) else {
            panic!()
        };
        assert_eq!(f.message_zh, "招标公告公告期仅4个工作日（要求5个工作日）");
        assert!(!f.message_en.contains('{'));
    }
}
