//! # P07 — 单一来源公示缺失、过短或顺序错误 (Single-source public notice missing, too short or out of order)
//!
//! **What it checks.** A single-source project whose budget reaches the open-tender threshold on
//! the ground "only one possible supplier" (GP Law Art 31(一)) must be publicly noticed
//! (单一来源采购公示) in a designated medium *before* the approval request to the finance
//! department, for at least 5 working days (B.2 T13), and the notice must name the supplier, give
//! the reason, and list the experts' names, titles and employers (专业人员论证意见). In order:
//! 1. no single-source notice → flagged;
//! 2. notice published after the approval request (`approvals[kind=single_source].submitted_at`)
//!    → flagged;
//! 3. the period the notice states, from the publication day to `period_end`, < 5 working days
//!    (start day not counted, statutory calendar with 调休) → flagged; exactly 5 passes;
//! 4. the request made before 5 working days of the notice had passed — the working days from
//!    the publication day to the day before the request (the request's own day is not a day the
//!    public had in full) < 5 → flagged. The request date settles this even when the notice
//!    states no end date; without a request and without an end date: insufficient data;
//! 5. content lacking the supplier name, the reason or the expert list → flagged.
//!
//! Below the threshold or on another ground the notice is not required: clear.
//!
//! **Why it matters.** The "only one supplier" claim must be exposed to public objection; a short
//! or missing notice silences other suppliers. 唯一供应商理由须经公示接受社会监督。
//!
//! **Legal basis.** 《政府采购法实施条例》 第38条 [V]; 财政部令第74号 第38条 [K].
//!
//! **Data.** `project.budget_amount`, `project.gov_level`, `project.method_ground`,
//! `notices[kind=single_source_public].{published_at, period_end, content}`,
//! `approvals[kind=single_source].submitted_at`. Insufficient data when a needed fact is missing,
//! when the threshold is an unverified placeholder, or when the calendar does not cover the dates.
//!
//! **Example.** Notice 2026-03-02 (Mon), period to 2026-03-06 (Fri) = 4 working days → flagged:
//! "单一来源公示不符合要求：公示期不足（公示期4个工作日，要求不少于5个工作日；审批申请尚未提交）".
//! Notice Mon 2026-03-02, request Fri 03-06: Tue–Thu = 3 working days had passed → flagged
//! "公示期满前即报批"; a request on Tue 03-10 (Tue–Mon = 5) passes.

use super::prelude::*;
use crate::checks::REFERENCE_DATE;

pub static META: CheckMeta = CheckMeta {
    id: "P07",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SINGLE_SOURCE,
    nodes: &[Node::NoticeInvitation, Node::ExpertDraw],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第38条"), LegalBasis::k(law::ORDER_74, "第38条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("单一来源公示缺失、过短或顺序错误", "Single-source public notice missing, too short or out of order"),
    message: Text::new(
        "单一来源公示不符合要求：{issue}（公示期{period}，要求不少于{required}；审批申请{submitted_at}）",
        "The single-source public notice does not comply: {issue} (period {period}, at least {required} required; approval request {submitted_at})",
    ),
    why: Text::new(
        "唯一供应商理由须经公示接受社会监督，公示不足使其他供应商无法提出异议。",
        "The \"only one supplier\" claim must be exposed to public objection; a short or missing notice silences other suppliers.",
    ),
};

pub static P07: Check = Check { meta: &META, run };

const NO_NOTICE: Text = Text::new(
    "未发布单一来源公示",
    "no single-source notice was published",
);
const TOO_SHORT: Text = Text::new("公示期不足", "the period is too short");
const AFTER_REQUEST: Text = Text::new(
    "公示晚于报批申请",
    "the notice followed the approval request",
);
const REQUEST_EARLY: Text = Text::new(
    "公示期满前即报批",
    "the approval was requested before the notice period had run",
);
const INCOMPLETE: Text = Text::new(
    "公示内容不全（供应商名称、理由或专业人员名单）",
    "the notice lacks the supplier name, the reason or the experts",
);
const NONE: Text = Text::new("无", "none");
const NOT_SUBMITTED: Text = Text::new("尚未提交", "not submitted yet");
const COMPLIANT: Text = Text::new("符合要求", "compliant");

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let mut need = Need::new();
    let ground = need.get(p.project.method_ground, "project.method_ground");
    let budget = need.get(p.project.budget_amount, "project.budget_amount");
    let level = need.get(p.project.gov_level, "project.gov_level");
    let date = need.get(p.reference_date(), REFERENCE_DATE);
    if ground.is_some_and(|g| g != MethodGround::SingleOnlySupplier) {
        return Outcome::clear(Evidence::new().text(
            "method_ground",
            format!("{:?}", ground.unwrap_or(MethodGround::Other)),
        ));
    }
    let (Some(budget), Some(level), Some(date), Some(_)) = (budget, level, date, ground) else {
        return need.outcome();
    };
    let object = p.project.object_type;
    let Some(threshold) = ctx.thresholds.open_tender_threshold(level, object, date) else {
        return Outcome::missing(&[
            "thresholds: open_tender_threshold for the level, object type and date",
        ]);
    };
    let evidence = Evidence::new()
        .money("budget", budget)
        .money("threshold", threshold.value);
    if budget < threshold.value {
        return Outcome::clear(evidence.bool("threshold_reached", false));
    }
    if threshold.confidence == crate::thresholds::Confidence::Unverified {
        return Outcome::missing(&["thresholds: a verified open_tender_threshold for the date (the built-in value is a placeholder)"]);
    }
    let Some(limit) = ctx.thresholds.time_limit(TimeLimitId::T13, date) else {
        return Outcome::missing(&["thresholds: T13"]);
    };
    let limit = limit.value;
    let request = p
        .approvals_of(ApprovalKind::SingleSource)
        .filter_map(|a| a.submitted_at)
        .min();
    let evidence = evidence.with("required", Value::WorkingDays(limit.amount));
    let evidence = match request {
        Some(r) => evidence.instant("submitted_at", r),
        None => evidence.label("submitted_at", NOT_SUBMITTED),
    };
    let Some(notice) = p
        .notices
        .iter()
        .filter(|n| n.kind == NoticeKind::SingleSourcePublic)
        .min_by_key(|n| n.published_at)
    else {
        return Outcome::flag(
            &META,
            evidence.label("period", NONE).label("issue", NO_NOTICE),
        );
    };
    let evidence = evidence.instant("published_at", notice.published_at);
    let published = notice.published_at.china_date();
    // The period the notice states.
    let stated = match notice.period_end {
        Some(end) => match ctx.calendar.workdays_between(published, end) {
            Ok(period) => Some((end, period)),
            Err(_) => return Outcome::missing(&["calendar: holiday data for the period"]),
        },
        None => None,
    };
    let evidence = match stated {
        Some((end, period)) => evidence
            .date("period_end", end)
            .working_days("period", period),
        None => evidence.label("period", NONE),
    };
    if request.is_some_and(|r| notice.published_at > r) {
        return Outcome::flag(&META, evidence.label("issue", AFTER_REQUEST));
    }
    match stated {
        Some((_, period)) if !limit.admits(period) => {
            return Outcome::flag(&META, evidence.label("issue", TOO_SHORT))
        }
        None if request.is_none() => return Outcome::missing(&["notices[].period_end"]),
        _ => {}
    }
    // The working days the public had before the request: the request's own day not counted.
    if let Some(r) = request {
        let before = r.china_date().pred().unwrap_or(published);
        let Ok(elapsed) = ctx.calendar.workdays_between(published, before) else {
            return Outcome::missing(&["calendar: holiday data for the period"]);
        };
        if !limit.admits(elapsed) {
            return Outcome::flag(
                &META,
                evidence
                    .working_days("period", elapsed)
                    .label("issue", REQUEST_EARLY),
            );
        }
    } else if notice.published_at > ctx.as_of {
        return Outcome::missing(&["approvals[].submitted_at"]);
    }
    let Some(content) = &notice.content else {
        return Outcome::missing(&["notices[].content"]);
    };
    let parts = [content.supplier_name, content.reason, content.expert_list];
    if parts.contains(&Some(false)) {
        return Outcome::flag(&META, evidence.label("issue", INCOMPLETE));
    }
    if parts.contains(&None) {
        return Outcome::missing(&["notices[].content.{supplier_name, reason, expert_list}"]);
    }
    Outcome::clear(evidence.label("issue", COMPLIANT))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, day, kind, record};

    fn full() -> Option<NoticeContent> {
        Some(NoticeContent {
            supplier_name: Some(true),
            reason: Some(true),
            expert_list: Some(true),
            ..Default::default()
        })
    }

    fn project(
        budget_wan: i64,
        ground: Option<MethodGround>,
        notice: Option<(&str, &str)>,
        content: Option<NoticeContent>,
        request: Option<&str>,
    ) -> ProjectRecord {
        let mut p = record(Method::SingleSource);
        p.project.budget_amount = Some(Fen::wan(budget_wan));
        p.project.gov_level = Some(GovLevel::CityCounty);
        p.project.method_ground = ground;
        match notice {
            Some((published, end)) => p.notices.push(Notice {
                id: None,
                kind: NoticeKind::SingleSourcePublic,
                lot_id: None,
                published_at: at(published),
                media: vec![],
                period_end: (!end.is_empty()).then(|| day(end)),
                budget_amount: None,
                content,
            }),
            None => {
                p.plan = Some(Plan {
                    id: "PL".to_owned(),
                    unit_id: "ORG-P".to_owned(),
                    budget_line_id: None,
                    category_code: None,
                    object_type: ObjectType::Goods,
                    amount: Fen::wan(budget_wan),
                    planned_method: None,
                    filed_at: Some(at("2026-02-01 09:00")),
                })
            }
        }
        if let Some(r) = request {
            p.approvals.push(Approval {
                kind: ApprovalKind::SingleSource,
                submitted_at: Some(at(r)),
                decided_at: None,
                result: None,
                to_method: None,
            });
        }
        p
    }

    type Case<'a> = (
        &'a str,
        i64,
        Option<MethodGround>,
        Option<(&'a str, &'a str)>,
        Option<NoticeContent>,
        Option<&'a str>,
        &'a str,
    );

    #[test]
    fn table() {
        use MethodGround::*;
        // Mon 2026-03-02 → Mon 03-09 = 5 working days; → Fri 03-06 = 4.
        let ok = Some(("2026-03-02 09:00", "2026-03-09"));
        let cases: Vec<Case> = vec![
            (
                "5 working days, in order, complete",
                400,
                Some(SingleOnlySupplier),
                ok,
                full(),
                Some("2026-03-10 09:00"),
                "clear",
            ),
            (
                "4 working days",
                400,
                Some(SingleOnlySupplier),
                Some(("2026-03-02 09:00", "2026-03-06")),
                full(),
                Some("2026-03-10 09:00"),
                "flag",
            ),
            (
                "no notice",
                400,
                Some(SingleOnlySupplier),
                None,
                None,
                None,
                "flag",
            ),
            (
                "notice after the request",
                400,
                Some(SingleOnlySupplier),
                ok,
                full(),
                Some("2026-03-01 09:00"),
                "flag",
            ),
            (
                "no request yet",
                400,
                Some(SingleOnlySupplier),
                ok,
                full(),
                None,
                "clear",
            ),
            (
                "no expert list",
                400,
                Some(SingleOnlySupplier),
                ok,
                Some(NoticeContent {
                    expert_list: Some(false),
                    ..full().unwrap_or_default()
                }),
                None,
                "flag",
            ),
            (
                "content unknown",
                400,
                Some(SingleOnlySupplier),
                ok,
                None,
                None,
                "missing",
            ),
            (
                "below the threshold",
                399,
                Some(SingleOnlySupplier),
                None,
                None,
                None,
                "clear",
            ),
            (
                "emergency ground",
                900,
                Some(SingleEmergency),
                None,
                None,
                None,
                "clear",
            ),
            ("ground unknown", 900, None, None, None, None, "missing"),
            // Across National Day 2026 (1–7 Oct off, Sat 10 Oct a make-up working day).
            // Tue 29 Sep → Sat 10 Oct: 30 Sep, 8, 9, 10 Oct = 4; → Mon 12 Oct = 5 (with the make-up day).
            (
                "across the holiday",
                400,
                Some(SingleOnlySupplier),
                Some(("2026-09-29 09:00", "2026-10-10")),
                full(),
                None,
                "flag",
            ),
            // The request comes only after 5 working days of the notice have passed (the
            // request's own day not counted).
            (
                "request 3 working days after the notice",
                400,
                Some(SingleOnlySupplier),
                ok,
                full(),
                Some("2026-03-06 09:00"),
                "flag",
            ),
            (
                "request on the 5th working day",
                400,
                Some(SingleOnlySupplier),
                ok,
                full(),
                Some("2026-03-09 16:00"),
                "flag",
            ),
            (
                "no end date stated, the request after 5 working days",
                400,
                Some(SingleOnlySupplier),
                Some(("2026-03-02 09:00", "")),
                full(),
                Some("2026-03-10 09:00"),
                "clear",
            ),
            (
                "no end date stated, the request too early",
                400,
                Some(SingleOnlySupplier),
                Some(("2026-03-02 09:00", "")),
                full(),
                Some("2026-03-09 09:00"),
                "flag",
            ),
            (
                "no end date stated, no request",
                400,
                Some(SingleOnlySupplier),
                Some(("2026-03-02 09:00", "")),
                full(),
                None,
                "missing",
            ),
            // Across National Day: the make-up Saturday 10 Oct is the 4th working day.
            (
                "request across the holiday, 4 working days",
                400,
                Some(SingleOnlySupplier),
                Some(("2026-09-29 09:00", "")),
                full(),
                Some("2026-10-12 09:00"),
                "flag",
            ),
            (
                "request across the holiday, 5 working days",
                400,
                Some(SingleOnlySupplier),
                Some(("2026-09-29 09:00", "")),
                full(),
                Some("2026-10-13 09:00"),
                "clear",
            ),
            (
                "make-up Saturday counts",
                400,
                Some(SingleOnlySupplier),
                Some(("2026-09-29 09:00", "2026-10-12")),
                full(),
                None,
                "clear",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, budget, ground, notice, content, request, expected) in cases {
            let out = P07.run(&project(budget, ground, notice, content, request), &c);
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let p = project(
            400,
            Some(MethodGround::SingleOnlySupplier),
            Some(("2026-03-02 09:00", "2026-03-06")),
            full(),
            None,
        );
        let Outcome::Flagged(f) = P07.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(f.message_zh, "单一来源公示不符合要求：公示期不足（公示期4个工作日，要求不少于5个工作日；审批申请尚未提交）");
        assert!(!f.message_en.contains('{'));
        let p = project(
            400,
            Some(MethodGround::SingleOnlySupplier),
            None,
            None,
            None,
        );
        let Outcome::Flagged(f) = P07.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert!(
            !f.message_en.contains('{') && !f.message_zh.contains('{'),
            "{}",
            f.message_zh
        );
        let p = project(
            400,
            Some(MethodGround::SingleOnlySupplier),
            Some(("2026-03-02 09:00", "")),
            full(),
            Some("2026-03-06 09:00"),
        );
        let Outcome::Flagged(f) = P07.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "单一来源公示不符合要求：公示期满前即报批（公示期3个工作日，要求不少于5个工作日；审批申请2026-03-06 09:00）"
        );
    }
}
