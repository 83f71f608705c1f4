//! # P18 — 文件提供/发售期少于5个工作日 (Document provision or sale period too short)
//!
//! **What it checks.** Tender documents and pre-qualification documents must be provided for at
//! least 5 working days (B.2 T2), consultation documents sold for at least 5 working days (T11).
//! The period runs from `issued_from` to `issued_until`, counted in working days on the statutory
//! calendar (调休 make-up days included) with the start day not counted (民法典 Art 201), as in P19:
//! Mon → following Mon = 5 working days, passes; Mon → Fri = 4, fails. Pre-qualification
//! documents are judged too when their dates are given.
//!
//! **Why it matters.** A short provision period keeps suppliers from obtaining the documents.
//! 文件提供期过短使部分供应商无法获取文件。
//!
//! **Legal basis.** 《政府采购法实施条例》 第31条 [V]; 财政部令第87号 第24条 [K]; 财库〔2014〕214号 第10条 [K].
//!
//! **Data.** `documents.{issued_from, issued_until}`, optionally
//! `documents.{prequal_issued_from, prequal_issued_until}`. Insufficient data when the dates are
//! missing or the calendar does not cover them.
//!
//! **Example.** Documents 2026-03-02 09:00 to 2026-03-06 17:00 → flagged: "文件提供期2026-03-02
//! 09:00至2026-03-06 17:00仅4个工作日（要求不少于5个工作日）".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P18",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::TENDER_CONSULTATION,
    nodes: &[Node::DocumentIssue],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第31条"), LegalBasis::k(law::ORDER_87, "第24条"), LegalBasis::k(law::CK_2014_214, "第10条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("文件提供/发售期少于5个工作日", "Document provision or sale period too short"),
    message: Text::new(
        "{documents}提供期{issued_from}至{issued_until}仅{working_days}（要求不少于{required}）",
        "The {documents} were available from {issued_from} to {issued_until}, only {working_days} ({required} required)",
    ),
    why: Text::new(
        "文件提供期过短使部分供应商无法获取文件。",
        "A short provision period keeps suppliers from obtaining the documents.",
    ),
};

pub static P18: Check = Check { meta: &META, run };

const DOCS: Text = Text::new("采购文件", "procurement documents");
const PREQUAL_DOCS: Text = Text::new("资格预审文件", "pre-qualification documents");

fn period(
    name: Text,
    id: TimeLimitId,
    from: Instant,
    until: Instant,
    ctx: &CheckContext,
) -> Outcome {
    let (a, b) = (from.china_date(), until.china_date());
    let Some(limit) = ctx.thresholds.time_limit(id, a) else {
        return Outcome::missing(&["thresholds: document provision period (T2/T11)"]);
    };
    let Ok(n) = ctx.calendar.workdays_between(a, b) else {
        return Outcome::missing(&["calendar: holiday data for the period"]);
    };
    let evidence = Evidence::new()
        .label("documents", name)
        .instant("issued_from", from)
        .instant("issued_until", until)
        .working_days("working_days", n)
        .working_days("required", limit.value.amount);
    if limit.value.admits(n) {
        Outcome::clear(evidence)
    } else {
        Outcome::flag(&META, evidence)
    }
}

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let id = if p.project.method == Method::CompetitiveConsultation {
        TimeLimitId::T11
    } else {
        TimeLimitId::T2
    };
    let docs = p.documents.as_ref();
    let mut need = Need::new();
    let from = need.get(docs.and_then(|d| d.issued_from), "documents.issued_from");
    let until = need.get(docs.and_then(|d| d.issued_until), "documents.issued_until");
    let main = match (from, until) {
        (Some(f), Some(u)) => period(DOCS, id, f, u, ctx),
        _ => need.outcome(),
    };
    let mut parts = vec![main];
    if let Some(d) = docs {
        if id == TimeLimitId::T2 {
            match (d.prequal_issued_from, d.prequal_issued_until) {
                (Some(f), Some(u)) => parts.push(period(PREQUAL_DOCS, TimeLimitId::T2, f, u, ctx)),
                (Some(_), None) => {
                    parts.push(Outcome::missing(&["documents.prequal_issued_until"]))
                }
                _ => {}
            }
        }
    }
    Outcome::combine(parts, Outcome::missing(&["documents.issued_from"]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    type Case<'a> = (&'a str, Method, Option<&'a str>, Option<&'a str>, &'a str);

    fn project(method: Method, from: Option<&str>, until: Option<&str>) -> ProjectRecord {
        let mut p = record(method);
        p.documents = Some(ProcurementDocuments {
            issued_from: from.map(at),
            issued_until: until.map(at),
            ..Default::default()
        });
        p
    }

    #[test]
    fn table() {
        use Method::*;
        let cases: &[Case] = &[
            (
                "Mon → next Mon: 5",
                PublicTender,
                Some("2026-03-02 09:00"),
                Some("2026-03-09 17:00"),
                "clear",
            ),
            (
                "Mon → Fri: 4",
                PublicTender,
                Some("2026-03-02 09:00"),
                Some("2026-03-06 17:00"),
                "flag",
            ),
            (
                "consultation sale 5",
                CompetitiveConsultation,
                Some("2026-03-02 09:00"),
                Some("2026-03-09 17:00"),
                "clear",
            ),
            (
                "consultation sale 4",
                CompetitiveConsultation,
                Some("2026-03-02 09:00"),
                Some("2026-03-06 17:00"),
                "flag",
            ),
            // Tue 29 Sep → Mon 12 Oct 2026: 30 Sep, 8, 9, Sat 10 (make-up), 12 Oct = 5.
            (
                "across National Day with the make-up day",
                InvitedTender,
                Some("2026-09-29 09:00"),
                Some("2026-10-12 17:00"),
                "clear",
            ),
            (
                "across National Day, one short",
                InvitedTender,
                Some("2026-09-29 09:00"),
                Some("2026-10-10 17:00"),
                "flag",
            ),
            (
                "end unknown",
                PublicTender,
                Some("2026-03-02 09:00"),
                None,
                "missing",
            ),
            (
                "start unknown",
                PublicTender,
                None,
                Some("2026-03-09 17:00"),
                "missing",
            ),
            (
                "calendar not covering",
                PublicTender,
                Some("2035-03-02 09:00"),
                Some("2035-03-09 17:00"),
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, method, from, until, expected) in cases {
            let out = P18.run(&project(*method, *from, *until), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn prequalification_documents_count_too() {
        let mut p = project(
            Method::InvitedTender,
            Some("2026-03-02 09:00"),
            Some("2026-03-09 17:00"),
        );
        if let Some(d) = p.documents.as_mut() {
            d.prequal_issued_from = Some(at("2026-02-02 09:00"));
            d.prequal_issued_until = Some(at("2026-02-05 17:00"));
        }
        let out = P18.run(&p, &ctx("2026-11-26"));
        assert!(out.is_flagged(), "{out:?}");
    }

    #[test]
    fn message() {
        let Outcome::Flagged(f) = P18.run(
            &project(
                Method::PublicTender,
                Some("2026-03-02 09:00"),
                Some("2026-03-06 17:00"),
            ),
            &ctx("2026-11-26"),
        ) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "采购文件提供期2026-03-02 09:00至2026-03-06 17:00仅4个工作日（要求不少于5个工作日）"
        );
        assert!(!f.message_en.contains('{'));
    }
}
