//! # A23 — 授标给禁入或有重大违法记录的供应商 (Debarred or sanctioned supplier awarded)
//!
//! **What it checks.** For each award, against the registry entry of the awarded supplier
//! (`suppliers[].debarments[]`), on the award date (`confirmed_at`, else `notified_at`):
//! 1. **banned**: the date lies in a ban period `[from, until]` (both days included; `until`
//!    absent on a record that is not a major-violation record = open-ended ban);
//! 2. **major violation**: a 重大违法记录 (`major_violation`) dated in the 3 years before the
//!    award: `from` in `(award − 3 years, award]` — a record dated exactly 3 years before the award
//!    date is outside (three full years have passed), one day later is inside.
//!
//! The 3 years of 条例 Art 19 are not a row of the threshold table (the table holds no period
//! in years); they are the constant [`LOOKBACK_YEARS`] here, with its citation.
//!
//! **Why it matters.** Banned suppliers, or those with a major violation in three years, may not
//! take part. 禁入期内或三年内有重大违法记录的供应商不具备参加政府采购的资格。
//!
//! **Legal basis.** 《政府采购法》 第22条(五)、第77条 [V]; 《政府采购法实施条例》 第19条 [V].
//!
//! **Data.** `awards[]` (`supplier_id`, `confirmed_at` / `notified_at`), the registry entry of
//! the supplier with its `debarments[]` (an entry with an empty list = no record). Supplier not
//! in `suppliers[]` or award undated → insufficient data.
//!
//! **Example.** Ban 2025-06-01 – 2027-05-31, award confirmed 2026-03-05 → flagged: "供应商S1于
//! 2026-03-05 10:00中标，处于禁止参加政府采购活动期间（2025-06-01至2027-05-31）".

use super::prelude::*;
use crate::i18n::Lang;

pub static META: CheckMeta = CheckMeta {
    id: "A23",
    stage: Stage::Post,
    subject: Subject::Supplier,
    methods: methods::ALL,
    nodes: &[Node::Portfolio],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::v(law::GP_LAW, "第22条(五)、第77条"),
        LegalBasis::v(law::GP_REGS, "第19条"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "授标给禁入或有重大违法记录的供应商",
        "Debarred or sanctioned supplier awarded",
    ),
    message: Text::new(
        "供应商{supplier}于{awarded_at}中标，{issue}",
        "Supplier {supplier} was awarded on {awarded_at}: {issue}",
    ),
    why: Text::new(
        "禁入期内或三年内有重大违法记录的供应商不具备参加政府采购的资格。",
        "Banned suppliers, or those with a major violation in three years, may not take part.",
    ),
};

pub static A23: Check = Check { meta: &META, run };

/// 条例 Art 19: no major violation "参加政府采购活动前3年内".
pub const LOOKBACK_YEARS: i32 = 3;

const BANNED: Text = Text::new("处于禁止参加期内", "during a ban");
const MAJOR: Text = Text::new(
    "三年内有重大违法记录",
    "major violation in the prior 3 years",
);
const OPEN_ENDED: Text = Text::new("无期限", "open-ended");

const BANNED_MSG: Text = Text::new(
    "供应商{supplier}于{awarded_at}中标，处于禁止参加政府采购活动期间（{ban_from}至{ban_until}）",
    "Supplier {supplier} was awarded on {awarded_at}, during a ban from government procurement ({ban_from} to {ban_until})",
);
const MAJOR_MSG: Text = Text::new(
    "供应商{supplier}于{awarded_at}中标，但于{violation_on}有重大违法记录，在中标前三年内（{window_from}之后）",
    "Supplier {supplier} was awarded on {awarded_at} with a major violation recorded on {violation_on}, within the prior 3 years (after {window_from})",
);

/// A flag whose message is `template` filled from the evidence.
fn flag(template: Text, evidence: Evidence) -> Outcome {
    Outcome::Flagged(Finding {
        message_zh: evidence.fill(template.zh, Lang::Zh),
        message_en: evidence.fill(template.en, Lang::En),
        evidence,
    })
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let parts: Vec<Outcome> = p.awards.iter().map(|a| award(p, a)).collect();
    Outcome::combine(parts, Outcome::missing(&["awards[]"]))
}

/// The same day `years` years earlier (29 February → 28 February).
fn years_before(d: Date, years: i32) -> Option<Date> {
    let y = d.year() - years;
    Date::new(y, d.month(), d.day()).or_else(|| Date::new(y, d.month(), d.day().saturating_sub(1)))
}

fn award(p: &ProjectRecord, a: &Award) -> Outcome {
    let Some(awarded) = a.confirmed_at.or(a.notified_at) else {
        return Outcome::missing(&["awards[].confirmed_at"]);
    };
    let Some(s) = p.supplier(&a.supplier_id) else {
        return Outcome::missing(&["suppliers[] (the awarded supplier)"]);
    };
    let day = awarded.china_date();
    let Some(window_from) = years_before(day, LOOKBACK_YEARS) else {
        return Outcome::missing(&["awards[].confirmed_at"]);
    };
    let evidence = Evidence::new()
        .text("supplier", a.supplier_id.clone())
        .instant("awarded_at", awarded)
        .count("records", s.debarments.len() as i64);
    for d in &s.debarments {
        let banned = match d.until {
            Some(until) => d.from <= day && day <= until,
            None => !d.major_violation && d.from <= day,
        };
        if banned {
            let until = d.until.map_or(Value::Label(OPEN_ENDED), Value::Date);
            let e = evidence
                .clone()
                .label("issue", BANNED)
                .date("ban_from", d.from)
                .with("ban_until", until);
            return flag(BANNED_MSG, e);
        }
    }
    for d in s.debarments.iter().filter(|d| d.major_violation) {
        if window_from < d.from && d.from <= day {
            let e = evidence
                .clone()
                .label("issue", MAJOR)
                .date("violation_on", d.from)
                .date("window_from", window_from);
            return flag(MAJOR_MSG, e);
        }
    }
    Outcome::clear(evidence.date("window_from", window_from))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, day, kind, record};

    fn project(debarment: Option<(&str, Option<&str>, bool)>, in_registry: bool) -> ProjectRecord {
        let mut p = record(Method::CompetitiveNegotiation);
        let mut a: Award =
            serde_json::from_value(serde_json::json!({"supplier_id": "S1"})).expect("award");
        a.confirmed_at = Some(at("2026-03-05 10:00"));
        p.awards.push(a);
        if in_registry {
            let mut s: Supplier =
                serde_json::from_value(serde_json::json!({"id": "S1", "name": "供应商"}))
                    .expect("supplier");
            if let Some((from, until, major)) = debarment {
                let mut d: Debarment =
                    serde_json::from_value(serde_json::json!({"from": day(from)}))
                        .expect("debarment");
                d.until = until.map(day);
                d.major_violation = major;
                s.debarments.push(d);
            }
            p.suppliers.push(s);
        }
        p
    }

    /// Name, (from, until, major violation), supplier in the registry, expected.
    type Case = (
        &'static str,
        Option<(&'static str, Option<&'static str>, bool)>,
        bool,
        &'static str,
    );

    #[test]
    fn table() {
        // Award on 2026-03-05.
        #[rustfmt::skip]
        let cases: &[Case] = &[
            ("no record", None, true, "clear"),
            ("during a ban", Some(("2025-06-01", Some("2027-05-31"), false)), true, "flag"),
            ("ban ends on the award day", Some(("2025-06-01", Some("2026-03-05"), false)), true, "flag"),
            ("ban ended the day before", Some(("2025-06-01", Some("2026-03-04"), false)), true, "clear"),
            ("ban starts the day after", Some(("2026-03-06", Some("2027-03-05"), false)), true, "clear"),
            ("open-ended ban", Some(("2020-01-01", None, false)), true, "flag"),
            ("major violation 3 years less a day before", Some(("2023-03-06", None, true)), true, "flag"),
            ("major violation exactly 3 years before", Some(("2023-03-05", None, true)), true, "clear"),
            ("major violation after the award", Some(("2026-04-01", None, true)), true, "clear"),
            ("supplier not in the registry", None, false, "missing"),
        ];
        for (name, d, in_registry, expected) in cases {
            let out = A23.run(&project(*d, *in_registry), &ctx("2026-11-26"));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
        let mut p = project(None, true);
        p.awards[0].confirmed_at = None;
        assert!(A23.run(&p, &ctx("2026-11-26")).is_insufficient());
    }

    #[test]
    fn leap_day() {
        assert_eq!(years_before(day("2028-02-29"), 3), Some(day("2025-02-28")));
    }

    #[test]
    fn message() {
        let out = A23.run(
            &project(Some(("2025-06-01", Some("2027-05-31"), false)), true),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "供应商S1于2026-03-05 10:00中标，处于禁止参加政府采购活动期间（2025-06-01至2027-05-31）");
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
