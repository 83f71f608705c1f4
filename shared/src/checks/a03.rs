//! # A03 — 合同未在7个工作日内备案 (Contract not filed within 7 working days)
//!
//! **What it checks.** For each contract: a copy must be filed with the finance department
//! (备案) within 7 working days of signing (B.2 T22). Working days come from the statutory
//! calendar (调休 make-up days included), the signing day not counted, so the last allowed day
//! is `calendar.add_workdays(signed, 7)`: signed on Monday 2 March 2026 → filed by Wednesday
//! 11 March passes, Thursday 12 March fails. The limit comes from the dated threshold table by
//! the signing date.
//!
//! **Never filed.** A contract with no filing is flagged once "now" (`ctx.as_of`) is past the
//! last allowed day. Before that the answer is "insufficient data" (naming
//! `contracts[].filed_at`): the outcome is not decided yet and can only become a flag, never stop
//! being one (the same stability rule as A01).
//!
//! **Why it matters.** Filing lets the finance department supervise performance.
//! 合同备案是财政部门监督合同执行的依据。
//!
//! **Legal basis.** 《政府采购法》 第47条 [V]; 《政府采购法实施条例》 第67条(八) [V].
//!
//! **Data.** `contracts[].signed_at`, `contracts[].filed_at`. No contract and a project status
//! `failed` / `cancelled` → clear; no contract otherwise → insufficient data. A date the
//! calendar does not cover → insufficient data naming the calendar.
//!
//! **Example.** Signed 2026-03-02 10:00, filed 2026-03-12 → 8 working days, last day
//! 2026-03-11 → flagged: "合同C1于2026-03-02 10:00签订，至2026-03-12已过8个工作日，备案过晚
//! （法定7个工作日内，期满日2026-03-11）".

use super::after_signing::AfterSigning;
use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A03",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第47条"), LegalBasis::v(law::GP_REGS, "第67条(八)")],
    valid_from: None,
    valid_to: None,
    title: Text::new("合同未在7个工作日内备案", "Contract not filed within 7 working days"),
    message: Text::new(
        "合同{contract}于{signed_at}签订，至{until}已过{working_days}，{state}（法定{limit}内，期满日{period_end}）",
        "Contract {contract} was signed on {signed_at}; {working_days} later, on {until}, it {state} ({limit} allowed, last day {period_end})",
    ),
    why: Text::new(
        "合同备案是财政部门监督合同执行的依据。",
        "Filing lets the finance department supervise performance.",
    ),
};

pub static A03: Check = Check { meta: &META, run };

/// Counting, the "not yet / never" rule and the evidence: `after_signing.rs` (shared with
/// A02).
static SPEC: AfterSigning = AfterSigning {
    meta: &META,
    limit: TimeLimitId::T22,
    limit_missing: "thresholds: T22",
    field: "contracts[].filed_at",
    done_at: |c| c.filed_at,
    late: Text::new("备案过晚", "was filed late"),
    never: Text::new("仍未备案", "is still not filed"),
    in_time: Text::new("已按期备案", "was filed in time"),
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
        c.filed_at = done.map(at);
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
            // Mon 2026-03-02 + 7 working days = Wed 03-11.
            ("on the 7th working day", Some("2026-03-02 10:00"), Some("2026-03-11 17:00"), "2026-11-26", "clear"),
            ("on the 8th working day", Some("2026-03-02 10:00"), Some("2026-03-12 09:00"), "2026-11-26", "flag"),
            ("the same day", Some("2026-03-02 10:00"), Some("2026-03-02 16:00"), "2026-11-26", "clear"),
            // Wed 09-30, National Day 1–7 October off: 9 October is only the 2nd working day.
            ("across National Day", Some("2026-09-30 10:00"), Some("2026-10-09 10:00"), "2026-11-26", "clear"),
            ("never filed, period over", Some("2026-03-02 10:00"), None, "2026-03-12 08:00", "flag"),
            ("not filed yet, last day today", Some("2026-03-02 10:00"), None, "2026-03-11 23:00", "missing"),
            ("signing date unknown", None, Some("2026-03-04 10:00"), "2026-11-26", "missing"),
            ("calendar not covering", Some("2035-03-05 10:00"), Some("2035-03-06 10:00"), "2035-11-26", "missing"),
        ];
        for (name, signed, done, now, expected) in cases {
            let out = A03.run(&project(*signed, *done), &ctx(now));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn no_contract() {
        let mut p = record(Method::PublicTender);
        assert_eq!(
            A03.run(&p, &ctx("2026-11-26")),
            Outcome::missing(&["contracts[]"])
        );
        p.project.status = Some(ProjectStatus::Cancelled);
        assert!(A03.run(&p, &ctx("2026-11-26")).is_clear());
    }

    #[test]
    fn message() {
        let out = A03.run(
            &project(Some("2026-03-02 10:00"), Some("2026-03-12 09:00")),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "合同C1于2026-03-02 10:00签订，至2026-03-12已过8个工作日，备案过晚（法定7个工作日内，期满日2026-03-11）"
        );
        assert_eq!(
            f.message_en,
            "Contract C1 was signed on 2026-03-02 10:00; 8 working days later, on 2026-03-12, it was filed late (7 working days allowed, last day 2026-03-11)"
        );
    }
}
