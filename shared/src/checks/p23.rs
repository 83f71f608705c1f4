//! # P23 — 价格分值比重不合法 (Price weight out of legal range)
//!
//! **What it checks.** Under 综合评分法 the price weight must lie in the legal range in force for
//! the method and object type, from the dated table (`price_weight`): tenders under 87号令 (from
//! 2017-10-01) goods ≥ 30 %, services ≥ 10 %, no cap (the old 18号令 30–60 % / 10–30 % for earlier
//! projects); consultation goods 30–60 %, services 10–30 % (214号 Art 24) unless the finance
//! department approved another weight. The bounds are inclusive: 30 % passes, 29.9 % fails; for
//! consultation 60 % passes, 60.1 % fails. For a project whose items are all unified-price /
//! fixed-price (统一定价), price may not be scored at all: a positive weight is flagged. Works
//! have no statutory range here (87号令 and 214号 Art 24 weights cover goods and services): clear.
//! The lowest-price method has no weight to judge: clear.
//!
//! **Why it matters.** A low price weight lets subjective scores decide; it is a common way to
//! steer evaluation. 价格权重过低让主观分决定结果，是倾向性评审的常见手段。
//!
//! **Legal basis.** 财政部令第87号 第55条 [K]; 财库〔2014〕214号 第24条 [K].
//!
//! **Data.** `project.scoring.{method, price_weight_permille, weight_approved}`,
//! `approvals[kind=price_weight]`, `project.items[].unified_price`, `project.object_type`, the
//! reference date.
//!
//! **Example.** Open tender, goods, weight 25 % → flagged: "公开招标综合评分法货物价格权重25%不在
//! 法定范围≥30%".

use super::prelude::*;
use crate::checks::REFERENCE_DATE;

pub static META: CheckMeta = CheckMeta {
    id: "P23",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::TENDER_CONSULTATION,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::ORDER_87, "第55条"), LegalBasis::k(law::CK_2014_214, "第24条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("价格分值比重不合法", "Price weight out of legal range"),
    message: Text::new(
        "{method}综合评分法{object_type}价格权重{price_weight}不在法定范围{range}",
        "{method}, comprehensive scoring, {object_type}: price weight {price_weight} outside the legal range {range}",
    ),
    why: Text::new(
        "价格权重过低让主观分决定结果，是倾向性评审的常见手段。",
        "A low price weight lets subjective scores decide; it is a common way to steer evaluation.",
    ),
};

pub static P23: Check = Check { meta: &META, run };

const LOWEST_PRICE: Text = Text::new("最低评标价法", "lowest evaluated price");
const NO_RANGE_FOR_WORKS: Text = Text::new(
    "工程项目无法定价格权重范围",
    "no statutory weight range for works",
);

/// `≥30%` or `30%–60%`.
fn range_text(min: i64, max: Option<i64>) -> String {
    match max {
        None => format!("≥{}", permille_as_percent(min)),
        Some(m) => format!("{}–{}", permille_as_percent(min), permille_as_percent(m)),
    }
}

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let method = p.project.method;
    let object = p.project.object_type;
    let Some(scoring) = &p.project.scoring else {
        return Outcome::missing(&["project.scoring"]);
    };
    if scoring.method == ScoringMethod::LowestPrice {
        return Outcome::clear(Evidence::new().label("scoring_method", LOWEST_PRICE));
    }
    let mut need = Need::new();
    let weight = need.get(
        scoring.price_weight_permille,
        "project.scoring.price_weight_permille",
    );
    let date = need.get(p.reference_date(), REFERENCE_DATE);
    let (Some(weight), Some(date)) = (weight, date) else {
        return need.outcome();
    };
    let evidence = Evidence::new()
        .label("method", method.name())
        .label("object_type", object.name())
        .permille("price_weight", weight);
    let items = &p.project.items;
    if !items.is_empty() && items.iter().all(|i| i.unified_price == Some(true)) {
        let evidence = evidence.text("range", "0%").bool("unified_price", true);
        return if weight > 0 {
            Outcome::flag(&META, evidence)
        } else {
            Outcome::clear(evidence)
        };
    }
    if object == ObjectType::Works {
        return Outcome::clear(evidence.label("range", NO_RANGE_FOR_WORKS));
    }
    let Some(range) = ctx.thresholds.price_weight(method, object, date) else {
        return Outcome::missing(&[
            "thresholds: price_weight for the method, object type and date",
        ]);
    };
    let evidence = evidence
        .text("range", range_text(range.value.min, range.value.max))
        .text("source", range.source);
    if range.value.contains(weight) {
        return Outcome::clear(evidence);
    }
    if method == Method::CompetitiveConsultation {
        let approved = scoring.weight_approved == Some(true)
            || p.approvals_of(ApprovalKind::PriceWeight)
                .any(Approval::is_approved);
        if approved {
            return Outcome::clear(evidence.bool("weight_approved", true));
        }
    }
    Outcome::flag(&META, evidence)
}

use crate::checks::framework::permille_as_percent;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    type Case<'a> = (
        &'a str,
        Method,
        ObjectType,
        Option<i64>,
        Option<bool>,
        &'a str,
        &'a str,
    );

    fn project(
        method: Method,
        object: ObjectType,
        weight: Option<i64>,
        approved: Option<bool>,
        when: &str,
    ) -> ProjectRecord {
        let mut p = record(method);
        p.project.object_type = object;
        p.project.scoring = Some(Scoring {
            method: ScoringMethod::Comprehensive,
            price_weight_permille: weight,
            weight_approved: approved,
        });
        p.notices.push(Notice {
            id: None,
            kind: NoticeKind::Tender,
            lot_id: None,
            published_at: at(when),
            media: vec![],
            period_end: None,
            budget_amount: None,
            content: None,
        });
        p
    }

    #[test]
    fn table() {
        use Method::*;
        use ObjectType::*;
        let now = "2026-03-02 09:00";
        let cases: &[Case] = &[
            (
                "tender goods 30 %",
                PublicTender,
                Goods,
                Some(300),
                None,
                now,
                "clear",
            ),
            (
                "tender goods 29.9 %",
                PublicTender,
                Goods,
                Some(299),
                None,
                now,
                "flag",
            ),
            (
                "tender goods 80 %: no cap under 87号令",
                PublicTender,
                Goods,
                Some(800),
                None,
                now,
                "clear",
            ),
            (
                "tender services 10 %",
                InvitedTender,
                Services,
                Some(100),
                None,
                now,
                "clear",
            ),
            (
                "tender services 9.9 %",
                InvitedTender,
                Services,
                Some(99),
                None,
                now,
                "flag",
            ),
            (
                "tender goods 80 % under 18号令 (2016)",
                PublicTender,
                Goods,
                Some(800),
                None,
                "2016-05-03 09:00",
                "flag",
            ),
            (
                "consultation goods 60 %",
                CompetitiveConsultation,
                Goods,
                Some(600),
                None,
                now,
                "clear",
            ),
            (
                "consultation goods 60.1 %",
                CompetitiveConsultation,
                Goods,
                Some(601),
                None,
                now,
                "flag",
            ),
            (
                "consultation services 30.1 %, approved",
                CompetitiveConsultation,
                Services,
                Some(301),
                Some(true),
                now,
                "clear",
            ),
            (
                "consultation services 9.9 %",
                CompetitiveConsultation,
                Services,
                Some(99),
                None,
                now,
                "flag",
            ),
            ("works", PublicTender, Works, Some(50), None, now, "clear"),
            (
                "weight unknown",
                PublicTender,
                Goods,
                None,
                None,
                now,
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, method, object, weight, approved, when, expected) in cases {
            let out = P23.run(&project(*method, *object, *weight, *approved, when), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn unified_price_and_lowest_price() {
        let mut p = project(
            Method::PublicTender,
            ObjectType::Goods,
            Some(300),
            None,
            "2026-03-02 09:00",
        );
        p.project.items.push(Item {
            lot_id: None,
            name: "药品".to_owned(),
            category_code: None,
            quantity: None,
            is_imported: None,
            unified_price: Some(true),
        });
        assert!(P23.run(&p, &ctx("2026-11-26")).is_flagged());
        p.project.scoring = Some(Scoring {
            method: ScoringMethod::LowestPrice,
            price_weight_permille: None,
            weight_approved: None,
        });
        assert!(P23.run(&p, &ctx("2026-11-26")).is_clear());
        p.project.scoring = None;
        assert!(P23.run(&p, &ctx("2026-11-26")).is_insufficient());
    }

    #[test]
    fn message() {
        let Outcome::Flagged(f) = P23.run(
            &project(
                Method::PublicTender,
                ObjectType::Goods,
                Some(250),
                None,
                "2026-03-02 09:00",
            ),
            &ctx("2026-11-26"),
        ) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "公开招标综合评分法货物价格权重25%不在法定范围≥30%"
        );
        assert!(!f.message_en.contains('{'));
    }
}
