//! # P19 — 等标期/响应准备期不足 (Bid or response preparation period too short)
//!
//! **What it checks.** The time from the day the documents start being issued to the bid /
//! first-response deadline: open and invited tender ≥ 20 calendar days (B.2 T1), competitive
//! consultation ≥ 10 calendar days (T10), competitive negotiation ≥ 3 working days (T7), request
//! for quotation ≥ 3 working days (T8). Days are counted with the start day excluded and the
//! deadline day included (民法典 Art 201): documents issued on 3 March, deadline on 23 March = 20
//! days, which passes; 22 March = 19 days, which fails. Working days use the statutory calendar
//! with 调休 make-up days. The limits come from the dated threshold table.
//!
//! **Why it matters.** A short preparation period lets only forewarned suppliers bid; it directly
//! restricts competition. 准备期过短让只有事先知情的供应商来得及投标，直接限制竞争。
//!
//! **Legal basis.** 《政府采购法》 第35条 [V]; 财政部令第74号 第29条、第45条 [K];
//! 财库〔2014〕214号 第10条 [K].
//!
//! **Data.** `documents.issued_from`, `deadline` (the final deadline, after any extension).
//! Insufficient data when either is missing, or when the working-day calendar does not cover the
//! dates.
//!
//! **Example.** Open tender, documents from 2026-03-03 09:00, deadline 2026-03-22 09:30 → 19 days
//! → flagged: "公开招标自文件发出2026-03-03 09:00至截止2026-03-22 09:30仅19天，少于法定20天".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P19",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::DocumentIssue],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第35条"), LegalBasis::k(law::ORDER_74, "第29条、第45条"), LegalBasis::k(law::CK_2014_214, "第10条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("等标期/响应准备期不足", "Bid or response preparation period too short"),
    message: Text::new(
        "{method}自文件发出{issued_from}至截止{deadline}仅{period}，少于法定{required}",
        "{method}: from issue ({issued_from}) to deadline ({deadline}) only {period}, less than the required {required}",
    ),
    why: Text::new(
        "准备期过短让只有事先知情的供应商来得及投标，直接限制竞争。",
        "A short preparation period lets only forewarned suppliers bid; it directly restricts competition.",
    ),
};

pub static P19: Check = Check { meta: &META, run };

/// The time limit of each method (B.2).
fn limit_id(method: Method) -> Option<TimeLimitId> {
    match method {
        Method::PublicTender | Method::InvitedTender => Some(TimeLimitId::T1),
        Method::CompetitiveConsultation => Some(TimeLimitId::T10),
        Method::CompetitiveNegotiation => Some(TimeLimitId::T7),
        Method::RequestForQuotation => Some(TimeLimitId::T8),
        _ => None,
    }
}

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let method = p.project.method;
    let Some(id) = limit_id(method) else {
        return Outcome::missing(&["a preparation period for this method"]);
    };
    let mut need = Need::new();
    let issued = need.get(
        p.documents.as_ref().and_then(|d| d.issued_from),
        "documents.issued_from",
    );
    let deadline = need.get(p.deadline, "deadline");
    let (Some(issued), Some(deadline)) = (issued, deadline) else {
        return need.outcome();
    };
    let (from, to) = (issued.china_date(), deadline.china_date());
    let Some(limit) = ctx.thresholds.time_limit(id, from) else {
        return Outcome::missing(&["thresholds: preparation period (T1/T7/T8/T10)"]);
    };
    let limit = limit.value;
    let (period, required) = match limit.unit {
        DayUnit::Calendar => (
            Value::Days(days_between_exclusive(from, to)),
            Value::Days(limit.amount),
        ),
        DayUnit::Working => match ctx.calendar.workdays_between(from, to) {
            Ok(n) => (Value::WorkingDays(n), Value::WorkingDays(limit.amount)),
            Err(_) => return Outcome::missing(&["calendar: holiday data for the period"]),
        },
        DayUnit::DateInYear => {
            return Outcome::missing(&["thresholds: preparation period (T1/T7/T8/T10)"])
        }
    };
    let count = match period {
        Value::Days(n) | Value::WorkingDays(n) => n,
        _ => 0,
    };
    let evidence = Evidence::new()
        .label("method", method.name())
        .instant("issued_from", issued)
        .instant("deadline", deadline)
        .with("period", period)
        .with("required", required);
    if limit.admits(count) {
        Outcome::clear(evidence)
    } else {
        Outcome::flag(&META, evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn project(method: Method, issued: Option<&str>, deadline: Option<&str>) -> ProjectRecord {
        let mut p = record(method);
        p.documents = Some(ProcurementDocuments {
            issued_from: issued.map(at),
            ..Default::default()
        });
        p.deadline = deadline.map(at);
        p
    }

    /// (name, inputs…, expected outcome kind)
    type Case = (
        &'static str,
        Method,
        Option<&'static str>,
        Option<&'static str>,
        &'static str,
    );

    #[test]
    fn table() {
        use Method::*;
        let cases: &[Case] = &[
            // Tender: 20 calendar days, start day not counted.
            (
                "tender exactly 20 days",
                PublicTender,
                Some("2026-03-03 09:00"),
                Some("2026-03-23 09:30"),
                "clear",
            ),
            (
                "tender 19 days",
                PublicTender,
                Some("2026-03-03 09:00"),
                Some("2026-03-22 09:30"),
                "flag",
            ),
            (
                "invited tender 20 days",
                InvitedTender,
                Some("2026-03-03 17:00"),
                Some("2026-03-23 09:00"),
                "clear",
            ),
            (
                "tender deadline before issue",
                PublicTender,
                Some("2026-03-03 09:00"),
                Some("2026-03-01 09:00"),
                "flag",
            ),
            // Consultation: 10 calendar days.
            (
                "consultation 10 days",
                CompetitiveConsultation,
                Some("2026-03-03"),
                Some("2026-03-13 09:00"),
                "clear",
            ),
            (
                "consultation 9 days",
                CompetitiveConsultation,
                Some("2026-03-03"),
                Some("2026-03-12 09:00"),
                "flag",
            ),
            // Negotiation / RFQ: 3 working days. Fri 2026-03-06 → Wed 03-11 = Mon, Tue, Wed = 3.
            (
                "negotiation 3 working days",
                CompetitiveNegotiation,
                Some("2026-03-06"),
                Some("2026-03-11 09:00"),
                "clear",
            ),
            (
                "negotiation 2 working days",
                CompetitiveNegotiation,
                Some("2026-03-06"),
                Some("2026-03-10 09:00"),
                "flag",
            ),
            (
                "rfq 3 working days",
                RequestForQuotation,
                Some("2026-03-06"),
                Some("2026-03-11 09:00"),
                "clear",
            ),
            // Over the National Day holiday 2026 (1–7 October off): 30 Sep → 9 Oct has only 8 and 9 Oct.
            (
                "rfq across the holiday",
                RequestForQuotation,
                Some("2026-09-30"),
                Some("2026-10-09 09:00"),
                "flag",
            ),
            (
                "no issue date",
                PublicTender,
                None,
                Some("2026-03-23 09:30"),
                "missing",
            ),
            (
                "no deadline",
                CompetitiveNegotiation,
                Some("2026-03-06"),
                None,
                "missing",
            ),
            (
                "calendar not covering",
                RequestForQuotation,
                Some("2035-03-06"),
                Some("2035-03-11 09:00"),
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, method, issued, deadline, expected) in cases {
            let out = P19.run(&project(*method, *issued, *deadline), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message_names_the_counts() {
        let out = P19.run(
            &project(
                Method::PublicTender,
                Some("2026-03-03 09:00"),
                Some("2026-03-22 09:30"),
            ),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "公开招标自文件发出2026-03-03 09:00至截止2026-03-22 09:30仅19天，少于法定20天"
        );
        assert_eq!(
            f.message_en,
            "Open tender: from issue (2026-03-03 09:00) to deadline (2026-03-22 09:30) only 19 days, less than the required 20 days"
        );
        let out = P19.run(
            &project(
                Method::RequestForQuotation,
                Some("2026-03-06"),
                Some("2026-03-10 09:00"),
            ),
            &ctx("2026-11-26"),
        );
        assert_eq!(
            out.evidence().and_then(|e| e.get("period")),
            Some(&Value::WorkingDays(2))
        );
    }
}
