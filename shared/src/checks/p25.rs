//! # P25 — 未落实中小企业扶持政策 (SME policy not applied)
//!
//! **What it checks.** (财库〔2020〕46号, 〔2022〕19号, from 2021-01-01; all numbers from the dated
//! table.) For a project the purchaser judged suitable for SMEs:
//! - budget ≤ the full-reservation limit (goods/services 200万元, works 400万元) → it must be
//!   reserved entirely for SMEs (专门面向中小企业); exactly at the limit counts as within it;
//! - above the limit → unless reserved entirely, the reserved share must reach the minimum
//!   (`sme_reserved_share_permille`: 30 %, works 40 % from 2022-07-01) and the small/micro share of
//!   it the minimum (60 %).
//!
//! For any project not reserved entirely for SMEs (including those judged unsuitable), the price
//! deduction for small/micro bidders must lie in the statutory range (`sme_price_deduction`:
//! 10–20 % goods/services from 2022-07-01, works 3–5 %), bounds inclusive.
//!
//! **Why it matters.** Government procurement must reserve shares or apply price deductions for
//! SMEs. 政府采购须按规定预留份额或给予价格扣除，支持中小企业。
//!
//! **Legal basis.** 财库〔2020〕46号 第8条、第9条 [K]; 财库〔2022〕19号 [K].
//!
//! **Data.** `project.budget_amount`, `project.object_type`, `project.sme.{suitable_for_sme,
//! reserved_for_sme, reserved_share_permille, small_micro_share_permille,
//! price_deduction_permille}`, the reference date.
//!
//! **Example.** Goods, budget 1,500,000.00 元, suitable, not reserved → flagged: "采购预算
//! 1,500,000.00元，货物，中小企业预留/价格扣除不符合要求：未专门面向中小企业采购".

use super::prelude::*;
use crate::checks::REFERENCE_DATE;

pub static META: CheckMeta = CheckMeta {
    id: "P25",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::CK_2020_46, "第8条、第9条"), LegalBasis::k(law::CK_2022_19, "")],
    valid_from: Some(LawDate::ymd(2021, 1, 1)),
    valid_to: None,
    title: Text::new("未落实中小企业扶持政策", "SME policy not applied"),
    message: Text::new(
        "采购预算{budget}，{object_type}，中小企业预留/价格扣除不符合要求：{issue}",
        "Budget {budget}, {object_type}: SME reservation or price deduction not as required: {issue}",
    ),
    why: Text::new(
        "政府采购须按规定预留份额或给予价格扣除，支持中小企业。",
        "Government procurement must reserve shares or apply price deductions for SMEs.",
    ),
};

pub static P25: Check = Check { meta: &META, run };

const NOT_RESERVED: Text = Text::new("未专门面向中小企业采购", "not reserved for SMEs");
const SHARE_LOW: Text = Text::new("预留份额低于规定比例", "reserved share below the minimum");
const SMALL_MICRO_LOW: Text = Text::new(
    "小微企业份额低于规定比例",
    "small/micro share below the minimum",
);
const DEDUCTION: Text = Text::new(
    "价格扣除比例不在规定范围",
    "price deduction outside the statutory range",
);
const OK: Text = Text::new("符合要求", "as required");

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let mut need = Need::new();
    let budget = need.get(p.project.budget_amount, "project.budget_amount");
    let date = need.get(p.reference_date(), REFERENCE_DATE);
    let sme = need.get(p.project.sme.as_ref(), "project.sme");
    let (Some(budget), Some(date), Some(sme)) = (budget, date, sme) else {
        return need.outcome();
    };
    let Some(suitable) = sme.suitable_for_sme else {
        return Outcome::missing(&["project.sme.suitable_for_sme"]);
    };
    let object = p.project.object_type;
    let ev = Evidence::new()
        .money("budget", budget)
        .label("object_type", object.name())
        .bool("suitable_for_sme", suitable);
    let reserved = sme.reserved_for_sme;
    if suitable {
        let Some(limit) = ctx.thresholds.sme_full_reservation_limit(object, date) else {
            return Outcome::missing(&["thresholds: sme_full_reservation_limit"]);
        };
        let ev = ev.clone().money("full_reservation_limit", limit.value);
        if budget <= limit.value {
            return match reserved {
                Some(true) => Outcome::clear(ev.bool("reserved_for_sme", true).label("issue", OK)),
                Some(false) => Outcome::flag(
                    &META,
                    ev.bool("reserved_for_sme", false)
                        .label("issue", NOT_RESERVED),
                ),
                None => Outcome::missing(&["project.sme.reserved_for_sme"]),
            };
        }
        if reserved == Some(true) {
            return Outcome::clear(ev.bool("reserved_for_sme", true).label("issue", OK));
        }
        let (Some(share_min), Some(sm_min)) = (
            ctx.thresholds.sme_reserved_share_permille(object, date),
            ctx.thresholds.sme_small_micro_share_permille(date),
        ) else {
            return Outcome::missing(&[
                "thresholds: sme_reserved_share_permille / sme_small_micro_share_permille",
            ]);
        };
        let Some(share) = sme.reserved_share_permille else {
            return Outcome::missing(&["project.sme.reserved_share_permille"]);
        };
        let ev2 = ev
            .clone()
            .permille("reserved_share", share)
            .permille("reserved_share_min", share_min.value);
        if share < share_min.value {
            return Outcome::flag(&META, ev2.label("issue", SHARE_LOW));
        }
        let Some(sm) = sme.small_micro_share_permille else {
            return Outcome::missing(&["project.sme.small_micro_share_permille"]);
        };
        if sm < sm_min.value {
            return Outcome::flag(
                &META,
                ev2.permille("small_micro_share", sm)
                    .permille("small_micro_share_min", sm_min.value)
                    .label("issue", SMALL_MICRO_LOW),
            );
        }
    } else if reserved == Some(true) {
        return Outcome::clear(ev.bool("reserved_for_sme", true).label("issue", OK));
    }
    // Not reserved entirely: the price deduction must be in range.
    let Some(range) = ctx.thresholds.sme_price_deduction(object, date) else {
        return Outcome::missing(&["thresholds: sme_price_deduction"]);
    };
    let Some(deduction) = sme.price_deduction_permille else {
        return Outcome::missing(&["project.sme.price_deduction_permille"]);
    };
    let ev = ev
        .permille("price_deduction", deduction)
        .permille("deduction_min", range.value.min);
    let ev = match range.value.max {
        Some(m) => ev.permille("deduction_max", m),
        None => ev,
    };
    if range.value.contains(deduction) {
        Outcome::clear(ev.label("issue", OK))
    } else {
        Outcome::flag(&META, ev.label("issue", DEDUCTION))
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
        Option<i64>,
        Option<i64>,
        Option<i64>,
        &'a str,
    );

    fn project(object: ObjectType, budget: i64, sme: SmePolicy) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.object_type = object;
        p.project.budget_amount = Some(Fen(budget));
        p.project.sme = Some(sme);
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
        p
    }

    #[test]
    fn table() {
        use ObjectType::*;
        let w200 = Fen::wan(200).0;
        let cases: &[Case] = &[
            (
                "≤200万, suitable, reserved",
                Goods,
                w200,
                Some(true),
                Some(true),
                None,
                None,
                None,
                "clear",
            ),
            (
                "≤200万, suitable, not reserved",
                Goods,
                w200,
                Some(true),
                Some(false),
                None,
                None,
                None,
                "flag",
            ),
            (
                "≤200万, reservation unknown",
                Goods,
                w200,
                Some(true),
                None,
                None,
                None,
                None,
                "missing",
            ),
            (
                "above, share 30 %, small/micro 60 %, deduction 10 %",
                Goods,
                w200 + 1,
                Some(true),
                Some(false),
                Some(300),
                Some(600),
                Some(100),
                "clear",
            ),
            (
                "above, share 29.9 %",
                Goods,
                w200 + 1,
                Some(true),
                Some(false),
                Some(299),
                Some(600),
                Some(100),
                "flag",
            ),
            (
                "above, small/micro 59.9 %",
                Goods,
                w200 + 1,
                Some(true),
                Some(false),
                Some(300),
                Some(599),
                Some(100),
                "flag",
            ),
            (
                "works above 400万: 40 % needed",
                Works,
                Fen::wan(400).0 + 1,
                Some(true),
                Some(false),
                Some(300),
                Some(600),
                Some(30),
                "flag",
            ),
            (
                "unsuitable, deduction 20 %",
                Services,
                Fen::wan(500).0,
                Some(false),
                Some(false),
                None,
                None,
                Some(200),
                "clear",
            ),
            (
                "unsuitable, deduction 20.1 %",
                Services,
                Fen::wan(500).0,
                Some(false),
                Some(false),
                None,
                None,
                Some(201),
                "flag",
            ),
            (
                "unsuitable, deduction 9.9 %",
                Services,
                Fen::wan(500).0,
                Some(false),
                Some(false),
                None,
                None,
                Some(99),
                "flag",
            ),
            (
                "works deduction 3 %",
                Works,
                Fen::wan(500).0,
                Some(false),
                Some(false),
                None,
                None,
                Some(30),
                "clear",
            ),
            (
                "deduction unknown",
                Goods,
                Fen::wan(500).0,
                Some(false),
                Some(false),
                None,
                None,
                None,
                "missing",
            ),
            (
                "suitability unknown",
                Goods,
                Fen::wan(500).0,
                None,
                Some(false),
                None,
                None,
                Some(100),
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, object, budget, suitable, reserved, share, sm, deduction, expected) in cases {
            let sme = SmePolicy {
                suitable_for_sme: *suitable,
                reserved_for_sme: *reserved,
                reserved_share_permille: *share,
                small_micro_share_permille: *sm,
                price_deduction_permille: *deduction,
            };
            let out = P25.run(&project(*object, *budget, sme), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let sme = SmePolicy {
            suitable_for_sme: Some(true),
            reserved_for_sme: Some(false),
            reserved_share_permille: None,
            small_micro_share_permille: None,
            price_deduction_permille: None,
        };
        let Outcome::Flagged(f) = P25.run(
            &project(ObjectType::Goods, Fen::yuan(1_500_000).0, sme),
            &ctx("2026-11-26"),
        ) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "采购预算1,500,000.00元，货物，中小企业预留/价格扣除不符合要求：未专门面向中小企业采购"
        );
        assert!(!f.message_en.contains('{'));
    }
}
