//! # P02 — 采购未纳入已备案的实施计划 (Procurement not in a filed implementation plan)
//!
//! **What it checks.** The procurement implementation plan (采购实施计划) must be filed (备案) with
//! the finance department before the procurement activity starts: `plan.filed_at` must not be
//! later than the first activity notice (招标公告, 邀请书, 谈判/磋商/询价公告, 单一来源公示). Filed at
//! the same instant passes; one second later fails. With no activity notice yet, a plan already
//! filed is clear (any later notice comes after it).
//!
//! **Why it matters.** Purchasers must procure under a filed implementation plan; filing after
//! the fact defeats plan control. 采购人应按已备案的实施计划开展采购；先采购后备案使计划管控失效。
//!
//! **Legal basis.** 《政府采购法实施条例》 第29条、第67条(一) [V].
//!
//! **Data.** `plan.filed_at`, `notices[].published_at` (the first activity notice).
//! **Choice:** the model cannot tell "the project has no plan" from "the plan is not known"
//! (`plan: None`), nor "never filed" from "filing date unknown" (`filed_at: None`); both answer
//! insufficient data rather than guess a missing plan.
//!
//! **Example.** Plan filed 2026-03-05 10:00, tender notice 2026-03-02 09:00 → flagged:
//! "项目无采购计划，或计划备案时间2026-03-05 10:00晚于首次公告时间2026-03-02 09:00".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P02",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::BudgetPlan],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第29条、第67条(一)")],
    valid_from: None,
    valid_to: None,
    title: Text::new("采购未纳入已备案的实施计划", "Procurement not in a filed implementation plan"),
    message: Text::new(
        "项目无采购计划，或计划备案时间{plan_filed_at}晚于首次公告时间{first_notice_at}",
        "The project has no plan, or the plan was filed ({plan_filed_at}) after the first notice ({first_notice_at})",
    ),
    why: Text::new(
        "采购人应按已备案的实施计划开展采购；先采购后备案使计划管控失效。",
        "Purchasers must procure under a filed implementation plan; filing after the fact defeats plan control.",
    ),
};

pub static P02: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let Some(plan) = &p.plan else {
        return Outcome::missing(&["plan"]);
    };
    let Some(filed) = plan.filed_at else {
        return Outcome::missing(&["plan.filed_at"]);
    };
    let evidence = Evidence::new()
        .text("plan", plan.id.clone())
        .instant("plan_filed_at", filed);
    match p.first_activity_notice() {
        Some(n) => {
            let evidence = evidence.instant("first_notice_at", n.published_at);
            if filed > n.published_at {
                Outcome::flag(&META, evidence)
            } else {
                Outcome::clear(evidence)
            }
        }
        // No activity yet: a plan filed by now precedes any later notice.
        None if filed <= ctx.as_of => Outcome::clear(evidence),
        None => Outcome::missing(&["notices[] (first activity notice)"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn project(plan: bool, filed: Option<&str>, notice: Option<&str>) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        if plan {
            p.plan = Some(Plan {
                id: "PL1".to_owned(),
                unit_id: "ORG-P".to_owned(),
                budget_line_id: None,
                category_code: None,
                object_type: ObjectType::Goods,
                amount: Fen::wan(100),
                planned_method: None,
                filed_at: filed.map(at),
            });
        }
        if let Some(n) = notice {
            p.notices.push(Notice {
                id: None,
                kind: NoticeKind::Tender,
                lot_id: None,
                published_at: at(n),
                media: vec![],
                period_end: None,
                budget_amount: None,
                content: None,
            });
            // A non-activity notice (even an earlier one) is not the first notice.
            p.notices.push(Notice {
                id: None,
                kind: NoticeKind::Result,
                lot_id: None,
                published_at: at("2026-01-01 09:00"),
                media: vec![],
                period_end: None,
                budget_amount: None,
                content: None,
            });
        }
        p
    }

    type Case<'a> = (&'a str, bool, Option<&'a str>, Option<&'a str>, &'a str);

    #[test]
    fn table() {
        let cases: &[Case] = &[
            (
                "filed before the notice",
                true,
                Some("2026-03-01 10:00"),
                Some("2026-03-02 09:00"),
                "clear",
            ),
            (
                "filed at the same instant",
                true,
                Some("2026-03-02 09:00"),
                Some("2026-03-02 09:00"),
                "clear",
            ),
            (
                "filed one minute later",
                true,
                Some("2026-03-02 09:01"),
                Some("2026-03-02 09:00"),
                "flag",
            ),
            (
                "filed days later",
                true,
                Some("2026-03-05 10:00"),
                Some("2026-03-02 09:00"),
                "flag",
            ),
            (
                "filed, no notice yet",
                true,
                Some("2026-03-01 10:00"),
                None,
                "clear",
            ),
            (
                "filing date unknown",
                true,
                None,
                Some("2026-03-02 09:00"),
                "missing",
            ),
            (
                "plan unknown",
                false,
                None,
                Some("2026-03-02 09:00"),
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, plan, filed, notice, expected) in cases {
            let out = P02.run(&project(*plan, *filed, *notice), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let out = P02.run(
            &project(true, Some("2026-03-05 10:00"), Some("2026-03-02 09:00")),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "项目无采购计划，或计划备案时间2026-03-05 10:00晚于首次公告时间2026-03-02 09:00"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
