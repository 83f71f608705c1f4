//! # P08 — 单一来源添购超过原合同金额10% (Single-source add-on exceeds 10 %)
//!
//! **What it checks.** A single-source purchase on the "add-on" ground (GP Law Art 31(三): 需要继续
//! 从原供应商处添购) is lawful only while all add-ons to the original contract together stay within
//! 10 % of its amount. The rate comes from the dated table (`add_on_max_permille`); the comparison
//! is exact in fen: `add_on_total × 1000 ≤ original × 100`. Exactly 10 % passes; one fen more
//! fails. Projects on another ground are clear here.
//!
//! **Why it matters.** The add-on ground allows at most 10 % of the original contract; beyond that
//! the purchase must be competed. 添购理由只允许不超过原合同10%的补充采购，超过即应重新竞争。
//!
//! **Legal basis.** 《政府采购法》 第31条(三) [V].
//!
//! **Data.** `project.method_ground`, `project.original_contract.{amount, add_on_total}` (Σ of
//! all add-ons, this one included), the reference date.
//!
//! **Example.** Original 1,000,000.00 元, add-ons 100,000.01 元 → flagged: "添购累计100,000.01元超过
//! 原合同金额1,000,000.00元的10%（上限100,000.00元）".

use super::prelude::*;
use crate::checks::REFERENCE_DATE;

pub static META: CheckMeta = CheckMeta {
    id: "P08",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SINGLE_SOURCE,
    nodes: &[Node::MethodApproval],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第31条(三)")],
    valid_from: None,
    valid_to: None,
    title: Text::new("单一来源添购超过原合同金额10%", "Single-source add-on exceeds 10 %"),
    message: Text::new(
        "添购累计{add_on_total}超过原合同金额{original_amount}的{limit_rate}（上限{limit}）",
        "Add-ons total {add_on_total}, more than {limit_rate} of the original contract {original_amount} (limit {limit})",
    ),
    why: Text::new(
        "添购理由只允许不超过原合同10%的补充采购，超过即应重新竞争。",
        "The add-on ground allows at most 10 % of the original contract; beyond that the purchase must be competed.",
    ),
};

pub static P08: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let Some(ground) = p.project.method_ground else {
        return Outcome::missing(&["project.method_ground"]);
    };
    if ground != MethodGround::SingleAddOn {
        return Outcome::clear(Evidence::new().text("method_ground", format!("{ground:?}")));
    }
    let mut need = Need::new();
    let original = need.get(
        p.project.original_contract.as_ref(),
        "project.original_contract",
    );
    let date = need.get(p.reference_date(), REFERENCE_DATE);
    let (Some(original), Some(date)) = (original, date) else {
        return need.outcome();
    };
    let Some(rate) = ctx.thresholds.add_on_max_permille(date) else {
        return Outcome::missing(&["thresholds: add_on_max_permille"]);
    };
    let limit = original
        .amount
        .mul_ratio(rate.value, 1000)
        .unwrap_or(original.amount);
    let mut evidence = Evidence::new()
        .money("add_on_total", original.add_on_total)
        .money("original_amount", original.amount)
        .permille("limit_rate", rate.value)
        .money("limit", limit)
        .text("source", rate.source);
    if let Some(id) = &original.contract_id {
        evidence = evidence.text("original_contract", id.clone());
    }
    if original
        .add_on_total
        .within_permille(original.amount, rate.value)
    {
        Outcome::clear(evidence)
    } else {
        Outcome::flag(&META, evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn project(ground: Option<MethodGround>, original: Option<(i64, i64)>) -> ProjectRecord {
        let mut p = record(Method::SingleSource);
        p.project.method_ground = ground;
        p.project.original_contract = original.map(|(amount, total)| OriginalContract {
            contract_id: Some("C-2024-1".to_owned()),
            amount: Fen(amount),
            add_on_total: Fen(total),
        });
        p.notices.push(Notice {
            id: None,
            kind: NoticeKind::SingleSourcePublic,
            lot_id: None,
            published_at: at("2026-03-02 09:00"),
            media: vec![],
            period_end: None,
            budget_amount: None,
            content: None,
        });
        p
    }

    type Case<'a> = (&'a str, Option<MethodGround>, Option<(i64, i64)>, &'a str);

    #[test]
    fn table() {
        use MethodGround::*;
        let cases: &[Case] = &[
            (
                "exactly 10 %",
                Some(SingleAddOn),
                Some((100_000_000, 10_000_000)),
                "clear",
            ),
            (
                "one fen over 10 %",
                Some(SingleAddOn),
                Some((100_000_000, 10_000_001)),
                "flag",
            ),
            (
                "well over",
                Some(SingleAddOn),
                Some((100_000_000, 30_000_000)),
                "flag",
            ),
            ("another ground", Some(SingleOnlySupplier), None, "clear"),
            (
                "add-on, original unknown",
                Some(SingleAddOn),
                None,
                "missing",
            ),
            (
                "ground unknown",
                None,
                Some((100_000_000, 30_000_000)),
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, ground, original, expected) in cases {
            let out = P08.run(&project(*ground, *original), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let Outcome::Flagged(f) = P08.run(
            &project(
                Some(MethodGround::SingleAddOn),
                Some((100_000_000, 10_000_001)),
            ),
            &ctx("2026-11-26"),
        ) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "添购累计100,000.01元超过原合同金额1,000,000.00元的10%（上限100,000.00元）"
        );
        assert!(!f.message_en.contains('{'));
    }
}
