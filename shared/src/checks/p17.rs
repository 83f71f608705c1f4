//! # P17 — 履约保证金超过10%或只收现金 (Performance bond over 10 %, or cash only)
//!
//! **What it checks.** The performance bond (履约保证金) required by the documents must not exceed
//! 10 % of the contract amount, and non-cash forms (保函 etc.) must be accepted. The rate comes
//! from the dated table (`performance_bond_max_permille`, 100 ‰): exactly 10 % passes, 10.1 %
//! fails. A zero rate (no bond) is clear whatever the accepted forms.
//!
//! **Why it matters.** The performance bond is capped at 10 % and must accept non-cash forms; a
//! higher or cash-only bond ties up suppliers' money and keeps small suppliers out.
//! 履约保证金上限为合同金额10%，并须允许非现金形式。
//!
//! **Legal basis.** 《政府采购法实施条例》 第48条 [V].
//!
//! **Data.** `project.deposit.performance_bond_permille` (write `0` when no bond is required),
//! `project.deposit.performance_bond_guarantee_accepted`, the reference date. A rate over the
//! limit is flagged even when the accepted forms are unknown.
//!
//! **Example.** Rate 15 % → flagged: "履约保证金比例15%超过合同金额的10%，或不接受非现金形式".

use super::prelude::*;
use crate::checks::REFERENCE_DATE;

pub static META: CheckMeta = CheckMeta {
    id: "P17",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第48条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("履约保证金超过10%或只收现金", "Performance bond over 10 %, or cash only"),
    message: Text::new(
        "履约保证金比例{rate}超过合同金额的{limit_rate}，或不接受非现金形式",
        "The performance bond rate {rate} exceeds {limit_rate} of the contract amount, or non-cash forms are refused",
    ),
    why: Text::new(
        "履约保证金上限为合同金额10%，并须允许非现金形式。",
        "The performance bond is capped at 10 % and must accept non-cash forms.",
    ),
};

pub static P17: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let deposit = p.project.deposit.as_ref();
    let mut need = Need::new();
    let rate = need.get(
        deposit.and_then(|d| d.performance_bond_permille),
        "project.deposit.performance_bond_permille",
    );
    let date = need.get(p.reference_date(), REFERENCE_DATE);
    let (Some(rate), Some(date)) = (rate, date) else {
        return need.outcome();
    };
    let Some(max) = ctx.thresholds.performance_bond_max_permille(date) else {
        return Outcome::missing(&["thresholds: performance_bond_max_permille"]);
    };
    let evidence = Evidence::new()
        .permille("rate", rate)
        .permille("limit_rate", max.value)
        .text("source", max.source);
    if rate > max.value {
        return Outcome::flag(&META, evidence);
    }
    match deposit.and_then(|d| d.performance_bond_guarantee_accepted) {
        Some(true) => Outcome::clear(evidence.bool("guarantee_accepted", true)),
        _ if rate <= 0 => Outcome::clear(evidence),
        Some(false) => Outcome::flag(&META, evidence.bool("guarantee_accepted", false)),
        None => Outcome::missing(&["project.deposit.performance_bond_guarantee_accepted"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn project(rate: Option<i64>, guarantee: Option<bool>, dated: bool) -> ProjectRecord {
        let mut p = record(Method::CompetitiveNegotiation);
        p.project.deposit = Some(DepositTerms {
            bid_security: None,
            bid_security_guarantee_accepted: None,
            performance_bond_permille: rate,
            performance_bond_guarantee_accepted: guarantee,
        });
        if dated {
            p.notices.push(Notice {
                id: None,
                kind: NoticeKind::Negotiation,
                lot_id: None,
                published_at: at("2026-03-02 09:00"),
                media: vec![],
                period_end: None,
                budget_amount: None,
                content: None,
            });
        }
        p
    }

    type Case<'a> = (&'a str, Option<i64>, Option<bool>, bool, &'a str);

    #[test]
    fn table() {
        let cases: &[Case] = &[
            ("exactly 10 %", Some(100), Some(true), true, "clear"),
            ("10.1 %", Some(101), Some(true), true, "flag"),
            ("5 %, cash only", Some(50), Some(false), true, "flag"),
            ("5 %, forms unknown", Some(50), None, true, "missing"),
            (
                "15 %, forms unknown: still a flag",
                Some(150),
                None,
                true,
                "flag",
            ),
            ("no bond", Some(0), None, true, "clear"),
            ("rate unknown", None, Some(true), true, "missing"),
            ("undated", Some(50), Some(true), false, "missing"),
        ];
        let c = ctx("2026-11-26");
        for (name, rate, g, dated, expected) in cases {
            let out = P17.run(&project(*rate, *g, *dated), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let Outcome::Flagged(f) =
            P17.run(&project(Some(150), Some(true), true), &ctx("2026-11-26"))
        else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "履约保证金比例15%超过合同金额的10%，或不接受非现金形式"
        );
        assert!(!f.message_en.contains('{'));
    }
}
