//! # P21 — 澄清修改过晚且未顺延截止时间 (Late clarification without extending the deadline)
//!
//! **What it checks.** A clarification or modification that may affect the preparation of bids /
//! responses must leave, before the deadline in force *after* it, at least: tender 15 calendar
//! days (B.2 T5), pre-qualification documents 3 calendar days to the application deadline (T6),
//! negotiation / RFQ 3 working days (T9), consultation 5 calendar days (T12); otherwise the
//! deadline must be extended. Measuring against the deadline after the clarification catches
//! both "not extended" and "extended too little". Days are counted with the start day excluded
//! (民法典 Art 201): issued 1 March, deadline 16 March = 15 days, passes. Clarifications that do
//! not affect preparation are not judged; with no clarification recorded the check is clear.
//!
//! **Why it matters.** A clarification affecting bid preparation must leave enough time,
//! otherwise the deadline must move. 影响投标文件编制的澄清须留足时间，否则应顺延截止时间。
//!
//! **Legal basis.** 《政府采购法实施条例》 第31条 [V]; 财政部令第87号 第27条 [K]; 财政部令第74号
//! 第10条 [K]; 财库〔2014〕214号 第10条 [K].
//!
//! **Data.** `clarifications[].{issued_at, affects_preparation, prequalification,
//! deadline_after}`; when `deadline_after` is empty, the final `deadline` (or
//! `documents.prequal_application_deadline` for pre-qualification).
//!
//! **Example.** Tender clarification 2026-03-10, deadline 2026-03-23 (not extended) → 13 days →
//! flagged: "澄清2026-03-10 09:00距截止2026-03-23 09:30仅13天（要求15天），截止时间未顺延或顺延不足".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P21",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Clarification],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第31条"), LegalBasis::k(law::ORDER_87, "第27条"), LegalBasis::k(law::ORDER_74, "第10条"), LegalBasis::k(law::CK_2014_214, "第10条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("澄清修改过晚且未顺延截止时间", "Late clarification without extending the deadline"),
    message: Text::new(
        "澄清{issued_at}距截止{deadline}仅{period}（要求{required}），截止时间未顺延或顺延不足",
        "The clarification ({issued_at}) came only {period} before the deadline ({deadline}); {required} required and the deadline was not extended enough",
    ),
    why: Text::new(
        "影响投标文件编制的澄清须留足时间，否则应顺延截止时间。",
        "A clarification affecting bid preparation must leave enough time, otherwise the deadline must move.",
    ),
};

pub static P21: Check = Check { meta: &META, run };

fn one(p: &ProjectRecord, c: &Clarification, ctx: &CheckContext) -> Outcome {
    match c.affects_preparation {
        None => return Outcome::missing(&["clarifications[].affects_preparation"]),
        Some(false) => {
            return Outcome::clear(
                Evidence::new()
                    .instant("issued_at", c.issued_at)
                    .bool("affects_preparation", false),
            )
        }
        Some(true) => {}
    }
    let method = p.project.method;
    let (id, deadline, field) = if c.prequalification && method.is_tender() {
        (
            TimeLimitId::T6,
            c.deadline_after.or(p
                .documents
                .as_ref()
                .and_then(|d| d.prequal_application_deadline)),
            "documents.prequal_application_deadline",
        )
    } else {
        let id = match method {
            Method::PublicTender | Method::InvitedTender => TimeLimitId::T5,
            Method::CompetitiveConsultation => TimeLimitId::T12,
            _ => TimeLimitId::T9,
        };
        (id, c.deadline_after.or(p.deadline), "deadline")
    };
    let Some(deadline) = deadline else {
        return Outcome::missing(&[field]);
    };
    let (a, b) = (c.issued_at.china_date(), deadline.china_date());
    let Some(limit) = ctx.thresholds.time_limit(id, a) else {
        return Outcome::missing(&["thresholds: clarification period (T5/T6/T9/T12)"]);
    };
    let limit = limit.value;
    let (count, period, required) = match limit.unit {
        DayUnit::Working => match ctx.calendar.workdays_between(a, b) {
            Ok(n) => (n, Value::WorkingDays(n), Value::WorkingDays(limit.amount)),
            Err(_) => return Outcome::missing(&["calendar: holiday data for the period"]),
        },
        _ => {
            let n = days_between_exclusive(a, b);
            (n, Value::Days(n), Value::Days(limit.amount))
        }
    };
    let mut evidence = Evidence::new()
        .instant("issued_at", c.issued_at)
        .instant("deadline", deadline)
        .with("period", period)
        .with("required", required);
    if let Some(before) = c.deadline_before {
        evidence = evidence.instant("deadline_before", before);
    }
    if limit.admits(count) {
        Outcome::clear(evidence)
    } else {
        Outcome::flag(&META, evidence)
    }
}

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let parts: Vec<Outcome> = p.clarifications.iter().map(|c| one(p, c, ctx)).collect();
    Outcome::combine(
        parts,
        Outcome::clear(Evidence::new().count("clarifications", 0)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    type Case<'a> = (
        &'a str,
        Method,
        &'a str,
        Option<bool>,
        bool,
        Option<&'a str>,
        &'a str,
    );

    fn project(
        method: Method,
        issued: &str,
        affects: Option<bool>,
        prequal: bool,
        after: Option<&str>,
    ) -> ProjectRecord {
        let mut p = record(method);
        p.deadline = Some(at("2026-03-23 09:30"));
        p.documents = Some(ProcurementDocuments {
            prequal_application_deadline: Some(at("2026-03-13 17:00")),
            ..Default::default()
        });
        p.clarifications.push(Clarification {
            issued_at: at(issued),
            affects_preparation: affects,
            prequalification: prequal,
            deadline_before: Some(at("2026-03-23 09:30")),
            deadline_after: after.map(at),
        });
        p
    }

    #[test]
    fn table() {
        use Method::*;
        let cases: &[Case] = &[
            (
                "tender: 15 days",
                PublicTender,
                "2026-03-08 10:00",
                Some(true),
                false,
                None,
                "clear",
            ),
            (
                "tender: 14 days",
                PublicTender,
                "2026-03-09 10:00",
                Some(true),
                false,
                None,
                "flag",
            ),
            (
                "tender: late but extended enough",
                PublicTender,
                "2026-03-10 10:00",
                Some(true),
                false,
                Some("2026-03-25 09:30"),
                "clear",
            ),
            (
                "tender: extended too little",
                PublicTender,
                "2026-03-10 10:00",
                Some(true),
                false,
                Some("2026-03-24 09:30"),
                "flag",
            ),
            (
                "tender: does not affect preparation",
                PublicTender,
                "2026-03-20 10:00",
                Some(false),
                false,
                None,
                "clear",
            ),
            (
                "tender: effect unknown",
                PublicTender,
                "2026-03-20 10:00",
                None,
                false,
                None,
                "missing",
            ),
            (
                "pre-qual: 3 days",
                InvitedTender,
                "2026-03-10 10:00",
                Some(true),
                true,
                None,
                "clear",
            ),
            (
                "pre-qual: 2 days",
                InvitedTender,
                "2026-03-11 10:00",
                Some(true),
                true,
                None,
                "flag",
            ),
            (
                "consultation: 5 days",
                CompetitiveConsultation,
                "2026-03-18 10:00",
                Some(true),
                false,
                None,
                "clear",
            ),
            (
                "consultation: 4 days",
                CompetitiveConsultation,
                "2026-03-19 10:00",
                Some(true),
                false,
                None,
                "flag",
            ),
            // Negotiation: Wed 18 → Mon 23 = Thu, Fri, Mon = 3 working days.
            (
                "negotiation: 3 working days",
                CompetitiveNegotiation,
                "2026-03-18 10:00",
                Some(true),
                false,
                None,
                "clear",
            ),
            (
                "negotiation: 2 working days",
                CompetitiveNegotiation,
                "2026-03-19 10:00",
                Some(true),
                false,
                None,
                "flag",
            ),
            (
                "rfq: 3 working days",
                RequestForQuotation,
                "2026-03-18 10:00",
                Some(true),
                false,
                None,
                "clear",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, method, issued, affects, prequal, after, expected) in cases {
            let out = P21.run(&project(*method, issued, *affects, *prequal, *after), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn no_clarification_is_clear() {
        assert!(P21
            .run(&record(Method::PublicTender), &ctx("2026-11-26"))
            .is_clear());
    }

    #[test]
    fn message() {
        let Outcome::Flagged(f) = P21.run(
            &project(
                Method::PublicTender,
                "2026-03-10 09:00",
                Some(true),
                false,
                None,
            ),
            &ctx("2026-11-26"),
        ) else {
            panic!()
        };
        assert_eq!(f.message_zh, "澄清2026-03-10 09:00距截止2026-03-23 09:30仅13天（要求15天），截止时间未顺延或顺延不足");
        assert!(!f.message_en.contains('{'));
    }
}
