//! # P16 — 投标保证金超过预算2%或只收现金 (Bid security over 2 % of the budget, or cash only)
//!
//! **What it checks.** The bid security (投标保证金) required by the documents must not exceed
//! 2 % of the project budget, and non-cash forms (保函 etc.) must be accepted. The comparison is
//! exact in fen: `bid_security × 1000 ≤ budget × 20`, so exactly 2 % passes and one fen more
//! fails. The rate comes from the dated threshold table (`bid_security_max_permille`), so a
//! future change of the rule is a table row, not a code change.
//!
//! **Why it matters.** A high or cash-only security raises the entry barrier and keeps smaller
//! suppliers out. 过高或只收现金的保证金抬高参与门槛，排斥中小供应商。
//!
//! **Legal basis.** 《政府采购法实施条例》 第33条 [V]; 财政部令第74号 第14条 [K];
//! 财库〔2014〕214号 第12条 [K].
//!
//! **Data.** `project.budget_amount`, `project.deposit.bid_security` (write `0` when no security
//! is required), `project.deposit.bid_security_guarantee_accepted`, the reference date.
//! Insufficient data when any is missing — except that an amount over the limit is flagged even
//! when the accepted forms are unknown.
//!
//! **Example.** Budget 1,000,000.00 元, security 20,000.00 元 (exactly 2 %), guarantees accepted →
//! clear. Security 20,000.01 元 → flagged: "投标保证金20,000.01元超过采购预算1,000,000.00元的2%
//! （上限20,000.00元）…". Security 10,000.00 元 but cash only → flagged.

use super::prelude::*;
use crate::checks::REFERENCE_DATE;

pub static META: CheckMeta = CheckMeta {
    id: "P16",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第33条"), LegalBasis::k(law::ORDER_74, "第14条"), LegalBasis::k(law::CK_2014_214, "第12条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("投标保证金超过预算2%或只收现金", "Bid security over 2 % of the budget, or cash only"),
    message: Text::new(
        "投标保证金{bid_security}超过采购预算{budget}的{limit_rate}（上限{limit}），或不接受保函等非现金形式",
        "The bid security {bid_security} exceeds {limit_rate} of the budget {budget} (limit {limit}), or non-cash forms are refused",
    ),
    why: Text::new(
        "过高或只收现金的保证金抬高参与门槛，排斥中小供应商。",
        "A high or cash-only bid security raises the entry barrier and keeps smaller suppliers out.",
    ),
};

pub static P16: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let deposit = p.project.deposit.as_ref();
    let mut need = Need::new();
    let budget = need.get(p.project.budget_amount, "project.budget_amount");
    let security = need.get(
        deposit.and_then(|d| d.bid_security),
        "project.deposit.bid_security",
    );
    let date = need.get(p.reference_date(), REFERENCE_DATE);
    let (Some(budget), Some(security), Some(date)) = (budget, security, date) else {
        return need.outcome();
    };
    let Some(rate) = ctx.thresholds.bid_security_max_permille(date) else {
        return Outcome::missing(&["thresholds: bid_security_max_permille"]);
    };
    let limit = budget.mul_ratio(rate.value, 1000).unwrap_or(budget);
    let evidence = Evidence::new()
        .money("bid_security", security)
        .money("budget", budget)
        .permille("limit_rate", rate.value)
        .money("limit", limit)
        .text("source", rate.source);
    if !security.within_permille(budget, rate.value) {
        return Outcome::flag(&META, evidence);
    }
    match deposit.and_then(|d| d.bid_security_guarantee_accepted) {
        Some(true) => Outcome::clear(evidence.bool("guarantee_accepted", true)),
        // Zero security: nothing to pay, so the accepted forms do not matter.
        _ if security == Fen::ZERO => Outcome::clear(evidence),
        Some(false) => Outcome::flag(&META, evidence.bool("guarantee_accepted", false)),
        None => Outcome::missing(&["project.deposit.bid_security_guarantee_accepted"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn project(
        budget: Option<i64>,
        security: Option<i64>,
        guarantee: Option<bool>,
    ) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.budget_amount = budget.map(Fen);
        p.project.deposit = Some(DepositTerms {
            bid_security: security.map(Fen),
            bid_security_guarantee_accepted: guarantee,
            performance_bond_permille: None,
            performance_bond_guarantee_accepted: None,
        });
        p.notices.push(Notice {
            id: None,
            kind: NoticeKind::Tender,
            lot_id: None,
            published_at: at("2026-03-02 09:00"),
            media: vec!["ccgp-jiangsu.gov.cn".to_owned()],
            period_end: None,
            budget_amount: budget.map(Fen),
            content: None,
        });
        p
    }

    /// (name, inputs…, expected outcome kind)
    type Case = (
        &'static str,
        Option<i64>,
        Option<i64>,
        Option<bool>,
        &'static str,
    );

    #[test]
    fn table() {
        let budget = Some(100_000_000); // 1,000,000.00 元
        let cases: &[Case] = &[
            (
                "exactly 2 % passes",
                budget,
                Some(2_000_000),
                Some(true),
                "clear",
            ),
            (
                "one fen over 2 % fails",
                budget,
                Some(2_000_001),
                Some(true),
                "flag",
            ),
            (
                "well under, guarantees accepted",
                budget,
                Some(1_000_000),
                Some(true),
                "clear",
            ),
            (
                "under, cash only",
                budget,
                Some(1_000_000),
                Some(false),
                "flag",
            ),
            (
                "under, forms unknown",
                budget,
                Some(1_000_000),
                None,
                "missing",
            ),
            (
                "over, forms unknown: still a flag",
                budget,
                Some(3_000_000),
                None,
                "flag",
            ),
            ("no security at all", budget, Some(0), None, "clear"),
            (
                "budget unknown",
                None,
                Some(1_000_000),
                Some(true),
                "missing",
            ),
            ("security unknown", budget, None, Some(true), "missing"),
        ];
        let c = ctx("2026-11-26");
        for (name, b, s, g, expected) in cases {
            let out = P16.run(&project(*b, *s, *g), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message_and_evidence() {
        let out = P16.run(
            &project(Some(100_000_000), Some(2_000_001), Some(true)),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "投标保证金20,000.01元超过采购预算1,000,000.00元的2%（上限20,000.00元），或不接受保函等非现金形式");
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
        assert_eq!(f.evidence.get("limit"), Some(&Value::Money(Fen(2_000_000))));
    }

    #[test]
    fn missing_fields_are_named() {
        let mut p = project(None, None, None);
        p.notices.clear();
        let out = P16.run(&p, &ctx("2026-11-26"));
        assert_eq!(
            out,
            Outcome::missing(&[
                "project.budget_amount",
                "project.deposit.bid_security",
                REFERENCE_DATE
            ])
        );
    }
}
