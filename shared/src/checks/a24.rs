//! # A24 — 采购文件记录不完整或保存期不足 (Records incomplete or retention too short)
//!
//! **What it checks.** The procurement record (采购活动记录) of GP Law Art 42 must contain:
//! the reason for a method other than open tender (`records.method_reason`), the conditions and
//! reasons for inviting / selecting suppliers (`records.supplier_selection_reason`, methods other
//! than open tender), the evaluation criteria and the reasons for the award
//! (`records.evaluation_criteria`), and the reasons for the award or for cancelling the
//! procurement (`records.award_or_cancellation_reason`). Records must be kept at least 15 years
//! from the end of the procurement: `records.retained_until` ≥ end + 15 years, where the end is
//! the latest of the contracts' signing, the award notices and a termination notice. Kept until
//! exactly that day passes; one day less fails.
//!
//! An item recorded as absent (`false`) or a short retention → flag; an unknown item or date →
//! insufficient data (unless something is already flagged). The 15 years are not a row of the
//! threshold table (it holds no period in years): they are the constant [`RETENTION_YEARS`].
//!
//! **Why it matters.** A complete record is the basis of any later review or liability.
//! 完整的采购记录是事后监督和追责的基础。
//!
//! **Legal basis.** 《政府采购法》 第42条 [V].
//!
//! **Data.** `project.records` (`method_reason`, `supplier_selection_reason`,
//! `evaluation_criteria`, `award_or_cancellation_reason`, `retained_until`), `project.method`,
//! `contracts[].signed_at`, `awards[].notified_at`, `notices[]` of kind `termination`.
//!
//! **Example.** An invited tender whose record lacks the supplier-selection reason → flagged:
//! "采购活动记录缺少：邀请和选择供应商的条件及原因".

use super::prelude::*;
use crate::i18n::Lang;

pub static META: CheckMeta = CheckMeta {
    id: "A24",
    stage: Stage::Post,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Low,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第42条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("采购文件记录不完整或保存期不足", "Records incomplete or retention too short"),
    message: Text::new(
        "采购活动记录缺少{missing_item}，或保存期限{retained_until}不足15年",
        "The procurement record lacks {missing_item}, or is kept only until {retained_until} (< 15 years)",
    ),
    why: Text::new(
        "完整的采购记录是事后监督和追责的基础。",
        "A complete record is the basis of any later review or liability.",
    ),
};

pub static A24: Check = Check { meta: &META, run };

/// GP Law Art 42: "采购文件的保存期限为从采购结束之日起至少保存十五年".
pub const RETENTION_YEARS: i32 = 15;

const METHOD_REASON: Text = Text::new(
    "采用公开招标以外采购方式的原因",
    "the reason for a method other than open tender",
);
const SELECTION_REASON: Text = Text::new(
    "邀请和选择供应商的条件及原因",
    "the conditions and reasons for selecting suppliers",
);
const CRITERIA: Text = Text::new(
    "评标标准及确定中标人的原因",
    "the evaluation criteria and the reasons for the award",
);
const AWARD_REASON: Text = Text::new(
    "中标或废标的原因",
    "the reasons for the award or the cancellation",
);

/// The same day `years` years later (29 February → 28 February).
fn years_after(d: Date, years: i32) -> Option<Date> {
    let y = d.year() + years;
    Date::new(y, d.month(), d.day()).or_else(|| Date::new(y, d.month(), d.day().saturating_sub(1)))
}

/// The end of the procurement: the latest contract signing, award notice or termination notice.
fn end_of_procurement(p: &ProjectRecord) -> Option<Date> {
    p.contracts
        .iter()
        .filter_map(|c| c.signed_at)
        .chain(p.awards.iter().filter_map(|a| a.notified_at))
        .chain(
            p.notices
                .iter()
                .filter(|n| n.kind == NoticeKind::Termination)
                .map(|n| n.published_at),
        )
        .max()
        .map(Instant::china_date)
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let Some(r) = &p.project.records else {
        return Outcome::missing(&["project.records"]);
    };
    let not_open = p.project.method != Method::PublicTender;
    let items: [(bool, Option<bool>, Text, &'static str); 4] = [
        (
            not_open,
            r.method_reason,
            METHOD_REASON,
            "project.records.method_reason",
        ),
        (
            not_open,
            r.supplier_selection_reason,
            SELECTION_REASON,
            "project.records.supplier_selection_reason",
        ),
        (
            true,
            r.evaluation_criteria,
            CRITERIA,
            "project.records.evaluation_criteria",
        ),
        (
            true,
            r.award_or_cancellation_reason,
            AWARD_REASON,
            "project.records.award_or_cancellation_reason",
        ),
    ];
    let mut need = Need::new();
    let mut absent: Vec<(Text, &'static str)> = Vec::new();
    for (required, value, name, field) in items {
        if !required {
            continue;
        }
        if need.get(value, field) == Some(false) {
            absent.push((name, field));
        }
    }
    let mut evidence = Evidence::new();
    let mut short: Option<(Date, Date)> = None;
    let retained = need.get(r.retained_until, "project.records.retained_until");
    let end = need.get(
        end_of_procurement(p),
        "contracts[].signed_at (end of the procurement)",
    );
    if let (Some(retained), Some(end)) = (retained, end) {
        let Some(required) = years_after(end, RETENTION_YEARS) else {
            return Outcome::missing(&["project.records.retained_until"]);
        };
        evidence.push("retained_until", Value::Date(retained));
        evidence.push("end_of_procurement", Value::Date(end));
        evidence.push("required_until", Value::Date(required));
        if retained < required {
            short = Some((retained, required));
        }
    }
    if absent.is_empty() && short.is_none() {
        return if need.is_complete() {
            Outcome::clear(evidence)
        } else {
            need.outcome()
        };
    }
    let fields: Vec<&str> = absent.iter().map(|(_, f)| *f).collect();
    let evidence = evidence
        .count("missing_count", absent.len() as i64)
        .text("missing_item", fields.join(", "));
    let message = |lang: Lang| {
        let mut parts: Vec<String> = Vec::new();
        if !absent.is_empty() {
            let names: Vec<&str> = absent.iter().map(|(t, _)| t.get(lang)).collect();
            parts.push(match lang {
                Lang::Zh => format!("采购活动记录缺少：{}", names.join("、")),
                Lang::En => format!("The procurement record lacks {}", names.join("; ")),
            });
        }
        if let Some((retained, required)) = short {
            parts.push(match lang {
                Lang::Zh => format!("采购文件仅保存至{retained}，不足{RETENTION_YEARS}年（应至少至{required}）"),
                Lang::En => format!("records are kept only until {retained}, less than {RETENTION_YEARS} years (at least until {required})"),
            });
        }
        parts.join(if lang == Lang::Zh { "；" } else { "; " })
    };
    Outcome::Flagged(Finding {
        message_zh: message(Lang::Zh),
        message_en: message(Lang::En),
        evidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, day, kind, record};

    fn project(method: Method, items: [Option<bool>; 4], retained: Option<&str>) -> ProjectRecord {
        let mut p = record(method);
        let mut r: RecordSet = serde_json::from_value(serde_json::json!({})).expect("records");
        r.method_reason = items[0];
        r.supplier_selection_reason = items[1];
        r.evaluation_criteria = items[2];
        r.award_or_cancellation_reason = items[3];
        r.retained_until = retained.map(day);
        p.project.records = Some(r);
        let mut c: Contract =
            serde_json::from_value(serde_json::json!({"id": "C1", "supplier_id": "S1"}))
                .expect("contract");
        c.signed_at = Some(at("2026-04-10 10:00"));
        p.contracts.push(c);
        p
    }

    /// Name, method, the four items, retained until, expected.
    type Case = (
        &'static str,
        Method,
        [Option<bool>; 4],
        Option<&'static str>,
        &'static str,
    );

    #[test]
    fn table() {
        use Method::*;
        let all = [Some(true); 4];
        let keep = Some("2041-04-10");
        #[rustfmt::skip]
        let cases: &[Case] = &[
            ("complete, kept exactly 15 years", InvitedTender, all, keep, "clear"),
            ("kept one day less than 15 years", InvitedTender, all, Some("2041-04-09"), "flag"),
            ("no selection reason", InvitedTender, [Some(true), Some(false), Some(true), Some(true)], keep, "flag"),
            ("open tender needs no method reason", PublicTender, [Some(false), None, Some(true), Some(true)], keep, "clear"),
            ("no evaluation criteria", PublicTender, [None, None, Some(false), Some(true)], keep, "flag"),
            ("award reason unknown", PublicTender, [None, None, Some(true), None], keep, "missing"),
            ("retention unknown", PublicTender, all, None, "missing"),
            ("absent item flags even with unknown retention", SingleSource, [Some(false), Some(true), Some(true), Some(true)], None, "flag"),
        ];
        for (name, method, items, retained, expected) in cases {
            let out = A24.run(&project(*method, *items, *retained), &ctx("2026-11-26"));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
        assert!(A24
            .run(&record(PublicTender), &ctx("2026-11-26"))
            .is_insufficient());
    }

    #[test]
    fn message() {
        let p = project(
            Method::InvitedTender,
            [Some(true), Some(false), Some(true), Some(true)],
            Some("2030-01-01"),
        );
        let Outcome::Flagged(f) = A24.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "采购活动记录缺少：邀请和选择供应商的条件及原因；采购文件仅保存至2030-01-01，不足15年（应至少至2041-04-10）"
        );
        assert_eq!(
            f.evidence.get("missing_item"),
            Some(&Value::Text(
                "project.records.supplier_selection_reason".to_owned()
            ))
        );
        assert!(!f.message_en.contains('{'));
    }
}
