//! # A02 — 合同未在2个工作日内公告 (Contract not published within 2 working days)
//!
//! **What it checks.** For each contract: it must be published (合同公告) within 2 working days
//! of signing (B.2 T21). Working days come from the statutory calendar (调休 make-up days
//! included), the signing day not counted, so the last allowed day is
//! `calendar.add_workdays(signed, 2)`: signed on Monday 2 March 2026 → published by Wednesday
//! 4 March passes, Thursday 5 March fails. The limit comes from the dated threshold table by the
//! signing date.
//!
//! **Never published.** A contract with no publication is flagged once "now" (`ctx.as_of`) is
//! past the last allowed day. Before that the answer is "insufficient data" (naming
//! `contracts[].published_at`): the outcome is not decided yet and can only become a flag, never
//! stop being one (the same stability rule as A01; a clear would later turn into a flag).
//!
//! **Why it matters.** Publishing contracts lets the public compare them with the award.
//! 合同公告让公众核对合同与采购结果是否一致。
//!
//! **Legal basis.** 《政府采购法实施条例》 第50条、第67条(七) [V].
//!
//! **Data.** `contracts[].signed_at`, `contracts[].published_at`. No contract and a project
//! status `failed` / `cancelled` → clear; no contract otherwise → insufficient data. A date the
//! calendar does not cover → insufficient data naming the calendar.
//!
//! **Example.** Signed 2026-03-02 10:00, published 2026-03-05 → 3 working days, last day
//! 2026-03-04 → flagged: "合同C1于2026-03-02 10:00签订，至2026-03-05已过3个工作日，公告过晚
//! （法定2个工作日内，期满日2026-03-04）".

use super::after_signing::AfterSigning;
use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A02",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第50条、第67条(七)")],
    valid_from: None,
    valid_to: None,
    title: Text::new("合同未在2个工作日内公告", "Contract not published within 2 working days"),
    message: Text::new(
        "合同{contract}于{signed_at}签订，至{until}已过{working_days}，{state}（法定{limit}内，期满日{period_end}）",
        "Contract {contract} was signed on {signed_at}; {working_days} later, on {until}, it {state} ({limit} allowed, last day {period_end})",
    ),
    why: Text::new(
        "合同公告让公众核对合同与采购结果是否一致。",
        "Publishing contracts lets the public compare them with the award.",
    ),
};

pub static A02: Check = Check { meta: &META, run };

/// Counting, the "not yet / never" rule and the evidence: `after_signing.rs` (shared with
/// A03).
static SPEC: AfterSigning = AfterSigning {
    meta: &META,
    limit: TimeLimitId::T21,
    limit_missing: "thresholds: T21",
    field: "contracts[].published_at",
    done_at: |c| c.published_at,
    late: Text::new("公告过晚", "was published late"),
    never: Text::new("仍未公告", "is still not published"),
    in_time: Text::new("已按期公告", "was published in time"),
};

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    SPEC.run(p, ctx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn project(signed: Option<&str>, done: Option<&str>) -> ProjectRecord {
        let mut c: Contract =
            serde_json::from_value(serde_json::json!({"id": "C1", "supplier_id": "S1"}))
                .expect("contract");
        c.signed_at = signed.map(at);
        c.published_at = done.map(at);
        let mut p = record(Method::PublicTender);
        p.contracts.push(c);
        p
    }

    /// Name, signed, published/filed, now, expected outcome.
    type Case = (
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        &'static str,
        &'static str,
    );

    #[test]
    fn table() {
        #[rustfmt::skip]
        let cases: &[Case] = &[
            // Mon 2026-03-02 + 2 working days = Wed 03-04.
            ("on the 2nd working day", Some("2026-03-02 10:00"), Some("2026-03-04 17:00"), "2026-11-26", "clear"),
            ("on the 3rd working day", Some("2026-03-02 10:00"), Some("2026-03-05 09:00"), "2026-11-26", "flag"),
            ("the same day", Some("2026-03-02 10:00"), Some("2026-03-02 16:00"), "2026-11-26", "clear"),
            // Thu 03-05 + 2 working days = Mon 03-09 (the weekend does not count).
            ("over a weekend, Monday", Some("2026-03-05 10:00"), Some("2026-03-09 10:00"), "2026-11-26", "clear"),
            ("over a weekend, Tuesday", Some("2026-03-05 10:00"), Some("2026-03-10 10:00"), "2026-11-26", "flag"),
            // Wed 09-30, National Day 1–7 October off: 8 and 9 October are the two working days.
            ("across National Day", Some("2026-09-30 10:00"), Some("2026-10-09 10:00"), "2026-11-26", "clear"),
            ("after National Day, too late", Some("2026-09-30 10:00"), Some("2026-10-12 10:00"), "2026-11-26", "flag"),
            ("never published, period over", Some("2026-03-02 10:00"), None, "2026-03-05 08:00", "flag"),
            ("not published yet, last day today", Some("2026-03-02 10:00"), None, "2026-03-04 23:00", "missing"),
            ("signing date unknown", None, Some("2026-03-04 10:00"), "2026-11-26", "missing"),
            ("calendar not covering", Some("2035-03-05 10:00"), Some("2035-03-06 10:00"), "2035-11-26", "missing"),
        ];
        for (name, signed, done, now, expected) in cases {
            let out = A02.run(&project(*signed, *done), &ctx(now));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn no_contract() {
        let mut p = record(Method::PublicTender);
        assert_eq!(
            A02.run(&p, &ctx("2026-11-26")),
            Outcome::missing(&["contracts[]"])
        );
        p.project.status = Some(ProjectStatus::Cancelled);
        assert!(A02.run(&p, &ctx("2026-11-26")).is_clear());
    }

    #[test]
    fn message() {
        let out = A02.run(
            &project(Some("2026-03-02 10:00"), Some("2026-03-05 09:00")),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "合同C1于2026-03-02 10:00签订，至2026-03-05已过3个工作日，公告过晚（法定2个工作日内，期满日2026-03-04）"
        );
        assert_eq!(
            f.message_en,
            "Contract C1 was signed on 2026-03-02 10:00; 3 working days later, on 2026-03-05, it was published late (2 working days allowed, last day 2026-03-04)"
        );
    }
}
