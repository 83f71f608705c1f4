//! # P26 — 大额项目缺需求调查/重点审查 (Demand survey or key review missing for a large project)
//!
//! **What it checks.** A project whose budget reaches the demand-survey threshold in force
//! (`demand_survey_threshold`: goods/services 1000万元, works 3000万元, 财库〔2021〕22号 from
//! 2021-07-01) needs both a demand survey (需求调查) and a key review (重点审查) on record. Budget
//! exactly at the threshold needs them; one fen less does not. Other projects that need them
//! (high public interest, complex) cannot be seen from the budget and are not judged here.
//!
//! **Why it matters.** Large projects whose needs are not surveyed and reviewed are easily
//! tailored or out of touch with the market. 大额项目需求不经调查和审查，容易量身定制或脱离市场。
//!
//! **Legal basis.** 财库〔2021〕22号 [K].
//!
//! **Data.** `project.budget_amount`, `project.object_type`, `project.demand_survey_done`,
//! `project.key_review_done`, the reference date.
//!
//! **Example.** Goods budget 10,000,000.00 元, no survey → flagged: "采购预算10,000,000.00元（货物）
//! 达到需求调查标准，但缺少需求调查或重点审查记录".

use super::prelude::*;
use crate::checks::REFERENCE_DATE;

pub static META: CheckMeta = CheckMeta {
    id: "P26",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::TENDER,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::Low,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::CK_2021_22, "")],
    valid_from: Some(LawDate::ymd(2021, 7, 1)),
    valid_to: None,
    title: Text::new("大额项目缺需求调查/重点审查", "Demand survey or key review missing for a large project"),
    message: Text::new(
        "采购预算{budget}（{object_type}）达到需求调查标准，但缺少需求调查或重点审查记录",
        "Budget {budget} ({object_type}) requires a demand survey and key review, but the records are missing",
    ),
    why: Text::new(
        "大额项目需求不经调查和审查，容易量身定制或脱离市场。",
        "Large projects whose needs are not surveyed and reviewed are easily tailored or out of touch with the market.",
    ),
};

pub static P26: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let mut need = Need::new();
    let budget = need.get(p.project.budget_amount, "project.budget_amount");
    let date = need.get(p.reference_date(), REFERENCE_DATE);
    let (Some(budget), Some(date)) = (budget, date) else {
        return need.outcome();
    };
    let object = p.project.object_type;
    let Some(threshold) = ctx.thresholds.demand_survey_threshold(object, date) else {
        return Outcome::missing(&["thresholds: demand_survey_threshold"]);
    };
    let evidence = Evidence::new()
        .money("budget", budget)
        .label("object_type", object.name())
        .money("threshold", threshold.value);
    if budget < threshold.value {
        return Outcome::clear(evidence);
    }
    let (survey, review) = (p.project.demand_survey_done, p.project.key_review_done);
    let evidence = match survey {
        Some(s) => evidence.bool("demand_survey_done", s),
        None => evidence,
    };
    let evidence = match review {
        Some(r) => evidence.bool("key_review_done", r),
        None => evidence,
    };
    match (survey, review) {
        (Some(true), Some(true)) => Outcome::clear(evidence),
        (Some(false), _) | (_, Some(false)) => Outcome::flag(&META, evidence),
        (None, _) => Outcome::missing(&["project.demand_survey_done"]),
        (_, None) => Outcome::missing(&["project.key_review_done"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    type Case<'a> = (
        &'a str,
        ObjectType,
        i64,
        Option<bool>,
        Option<bool>,
        &'a str,
    );

    #[test]
    fn table() {
        use ObjectType::*;
        let cases: &[Case] = &[
            (
                "goods at 1000万, both done",
                Goods,
                Fen::wan(1000).0,
                Some(true),
                Some(true),
                "clear",
            ),
            (
                "goods at 1000万, no survey",
                Goods,
                Fen::wan(1000).0,
                Some(false),
                Some(true),
                "flag",
            ),
            (
                "goods one fen below",
                Goods,
                Fen::wan(1000).0 - 1,
                None,
                None,
                "clear",
            ),
            (
                "works at 3000万, no review",
                Works,
                Fen::wan(3000).0,
                Some(true),
                Some(false),
                "flag",
            ),
            ("works 2999万", Works, Fen::wan(2999).0, None, None, "clear"),
            (
                "services at 1000万, unknown",
                Services,
                Fen::wan(1000).0,
                None,
                Some(true),
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, object, budget, survey, review, expected) in cases {
            let mut p = record(Method::PublicTender);
            p.project.object_type = *object;
            p.project.budget_amount = Some(Fen(*budget));
            p.project.demand_survey_done = *survey;
            p.project.key_review_done = *review;
            p.notices.push(Notice {
                id: None,
                kind: NoticeKind::Tender,
                lot_id: None,
                published_at: at("2026-03-02 09:00"),
                media: vec![],
                period_end: None,
                budget_amount: None,
                content: None,
            });
            let out = P26.run(&p, &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
        let mut p = record(Method::PublicTender);
        p.project.budget_amount = Some(Fen::wan(2000));
        assert!(P26.run(&p, &c).is_insufficient(), "undated");
    }

    #[test]
    fn message() {
        let mut p = record(Method::PublicTender);
        p.project.budget_amount = Some(Fen::wan(1000));
        p.project.demand_survey_done = Some(false);
        p.notices.push(Notice {
            id: None,
            kind: NoticeKind::Tender,
            lot_id: None,
            published_at: at("2026-03-02 09:00"),
            media: vec![],
            period_end: None,
            budget_amount: None,
            content: None,
        });
        let Outcome::Flagged(f) = P26.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "采购预算10,000,000.00元（货物）达到需求调查标准，但缺少需求调查或重点审查记录"
        );
        assert!(!f.message_en.contains('{'));
    }
}
