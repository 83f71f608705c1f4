//! # A05 — 追加采购超过原合同金额10% (Additional purchases exceed 10 %)
//!
//! **What it checks.** For each contract: the sum of its add-on amendments (补充合同, kind
//! `add_on`) must not exceed 10 % of the original contract amount (GP Law Art 49). The rate
//! comes from the dated threshold table (`add_on_max_permille`) by the date of the latest
//! add-on (else the contract's signing, else the project's reference date); the comparison is
//! exact in fen: `added × 1000 ≤ original × 100`, so exactly 10 % passes and one fen more fails.
//! Amendments of other kinds (变更, 中止, 终止) are not additions and are left to A06.
//!
//! **Why it matters.** Additions above 10 % need a new procurement; large add-ons are the
//! classic "win low, add later". 追加超过10%应重新采购；大额追加是"低价中标、追加找补"的典型表现。
//!
//! **Legal basis.** 《政府采购法》 第49条 [V]; 《政府采购法实施条例》 第67条(五) [V].
//!
//! **Data.** `contracts[].amount` (the original amount), `contracts[].amendments[]` with
//! `kind = add_on`, their `delta_amount` and `signed_at`. A contract without add-ons is clear;
//! no contract known → insufficient data.
//!
//! **Example.** Original 1,000,000.00 元, add-ons 60,000.00 + 40,000.01 元 = 100,000.01 元 →
//! flagged: "合同C1追加金额合计100,000.01元，超过原合同金额1,000,000.00元的10%（上限100,000.00元）".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A05",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第49条"), LegalBasis::v(law::GP_REGS, "第67条(五)")],
    valid_from: None,
    valid_to: None,
    title: Text::new("追加采购超过原合同金额10%", "Additional purchases exceed 10 %"),
    message: Text::new(
        "合同{contract}追加金额合计{added}，超过原合同金额{original}的{limit_rate}（上限{limit}）",
        "Additions to contract {contract} total {added}, more than {limit_rate} of the original contract {original} (limit {limit})",
    ),
    why: Text::new(
        "追加超过10%应重新采购；大额追加是\"低价中标、追加找补\"的典型表现。",
        "Additions above 10 % need a new procurement; large add-ons are the classic \"win low, add later\".",
    ),
};

pub static A05: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let parts: Vec<Outcome> = p.contracts.iter().map(|c| contract(p, c, ctx)).collect();
    Outcome::combine(parts, Outcome::missing(&["contracts[]"]))
}

/// Σ of the add-ons' `delta_amount`; `None` when one is unknown or the sum overflows. Also
/// used by `crate::award::add_on_check` (with the amendment about to be stored).
pub(crate) fn added_total(add_ons: &[&Amendment]) -> Option<Fen> {
    add_ons
        .iter()
        .try_fold(Fen::ZERO, |s, a| s.checked_add(a.delta_amount?))
}

fn contract(p: &ProjectRecord, c: &Contract, ctx: &CheckContext) -> Outcome {
    let add_ons: Vec<&Amendment> = c
        .amendments
        .iter()
        .filter(|a| a.kind == AmendmentKind::AddOn)
        .collect();
    if add_ons.is_empty() {
        return Outcome::clear(
            Evidence::new()
                .text("contract", c.id.clone())
                .count("add_ons", 0),
        );
    }
    let mut need = Need::new();
    let original = need.get(c.amount, "contracts[].amount");
    let added = added_total(&add_ons);
    if added.is_none() && add_ons.iter().any(|a| a.delta_amount.is_none()) {
        need.get(None::<()>, "contracts[].amendments[].delta_amount");
    }
    let date = add_ons
        .iter()
        .filter_map(|a| a.signed_at)
        .max()
        .or(c.signed_at)
        .map(Instant::china_date)
        .or_else(|| p.reference_date());
    let date = need.get(date, "contracts[].amendments[].signed_at");
    let (Some(original), Some(added), Some(date)) = (original, added, date) else {
        return need.outcome();
    };
    let Some(rate) = ctx.thresholds.add_on_max_permille(date) else {
        return Outcome::missing(&["thresholds: add_on_max_permille"]);
    };
    let limit = original.mul_ratio(rate.value, 1000).unwrap_or(original);
    let evidence = Evidence::new()
        .text("contract", c.id.clone())
        .money("original", original)
        .money("added", added)
        .count("add_ons", add_ons.len() as i64)
        .permille("limit_rate", rate.value)
        .money("limit", limit)
        .date("judged_on", date)
        .text("source", rate.source);
    if added.within_permille(original, rate.value) {
        Outcome::clear(evidence)
    } else {
        Outcome::flag(&META, evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn amendment(kind: AmendmentKind, delta: Option<i64>) -> Amendment {
        let mut a: Amendment =
            serde_json::from_value(serde_json::json!({ "kind": kind })).expect("amendment");
        a.signed_at = Some(at("2026-06-01 10:00"));
        a.delta_amount = delta.map(Fen);
        a
    }

    fn project(original: Option<i64>, amendments: Vec<Amendment>) -> ProjectRecord {
        let mut c: Contract =
            serde_json::from_value(serde_json::json!({"id": "C1", "supplier_id": "S1"}))
                .expect("contract");
        c.amount = original.map(Fen);
        c.signed_at = Some(at("2026-04-01 10:00"));
        c.amendments = amendments;
        let mut p = record(Method::PublicTender);
        p.contracts.push(c);
        p
    }

    #[test]
    fn table() {
        use AmendmentKind::*;
        let million = Some(100_000_000); // 1,000,000.00 元
        #[rustfmt::skip]
        let cases: Vec<(&str, Option<i64>, Vec<Amendment>, &str)> = vec![
            ("exactly 10 % in two add-ons", million, vec![amendment(AddOn, Some(6_000_000)), amendment(AddOn, Some(4_000_000))], "clear"),
            ("one fen over 10 %", million, vec![amendment(AddOn, Some(6_000_000)), amendment(AddOn, Some(4_000_001))], "flag"),
            ("one add-on of 20 %", million, vec![amendment(AddOn, Some(20_000_000))], "flag"),
            ("changes do not count as additions", million, vec![amendment(Change, Some(50_000_000))], "clear"),
            ("no amendments", million, vec![], "clear"),
            ("add-on amount unknown", million, vec![amendment(AddOn, None)], "missing"),
            ("original amount unknown", None, vec![amendment(AddOn, Some(1))], "missing"),
        ];
        let now = ctx("2026-11-26");
        for (name, original, amendments, expected) in cases {
            let out = A05.run(&project(original, amendments), &now);
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
        assert!(A05
            .run(&record(Method::PublicTender), &now)
            .is_insufficient());
    }

    #[test]
    fn message() {
        let p = project(
            Some(100_000_000),
            vec![
                amendment(AmendmentKind::AddOn, Some(6_000_000)),
                amendment(AmendmentKind::AddOn, Some(4_000_001)),
            ],
        );
        let Outcome::Flagged(f) = A05.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "合同C1追加金额合计100,000.01元，超过原合同金额1,000,000.00元的10%（上限100,000.00元）"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
