//! # P04 — 达到公开招标数额标准未经批准采用其他方式 (Open-tender threshold reached, other method used without approval)
//!
//! **What it checks.** A project whose budget is at or above the open-tender threshold
//! (公开招标数额标准) in force on the reference date, for the purchaser's level of government and the
//! object type, must be procured by open tender unless the finance department approved another
//! method (变更采购方式). The threshold comes from the dated table (`open_tender_threshold`):
//! local goods/services 400万元 from 2021-01-01, central 200万元, works the Bidding Law scale.
//! Budget exactly at the threshold counts as reaching it (≥); one fen less does not.
//! An approved method change counts when its `to_method` is the method used (or not stated);
//! for single source, the single-source approval after the public notice (条例 Art 38) counts too.
//! Whether the approval came in time is P05.
//!
//! **Why it matters.** Goods and services at or above the threshold must be openly tendered;
//! using a less competitive method without approval is the most direct way to avoid competition.
//! 达到公开招标数额标准的货物、服务应当公开招标，采用其他方式须在采购活动开始前获得财政部门批准。
//!
//! **Legal basis.** 《政府采购法》 第27条 [V]; 《政府采购法实施条例》 第23条 [V]; 财政部令第74号 第4条 [K].
//!
//! **Data.** `project.budget_amount`, `project.gov_level`, `project.object_type`,
//! `project.method`, `approvals[kind=method_change]`, the reference date. Insufficient data
//! when the budget, level or date is missing, when no threshold is known for the date and level,
//! or when the threshold is an unverified placeholder ([?], e.g. Jiangsu before 2021: a breach
//! of an unverified value is not called a violation). A method-change request still undecided
//! before any activity notice is insufficient data (the answer is not settled yet); undecided
//! after the activity began is a flag.
//!
//! **Example.** City-level goods project of 2026, budget 4,000,000.00 元, competitive
//! consultation, no approval → flagged: "采购预算4,000,000.00元达到公开招标数额标准
//! 4,000,000.00元，采用竞争性磋商但无经批准的变更采购方式审批". Budget 3,999,999.99 元 → clear.

use super::prelude::*;
use crate::checks::REFERENCE_DATE;

pub static META: CheckMeta = CheckMeta {
    id: "P04",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::MethodApproval],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第27条"), LegalBasis::v(law::GP_REGS, "第23条"), LegalBasis::k(law::ORDER_74, "第4条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("达到公开招标数额标准未经批准采用其他方式", "Open-tender threshold reached, other method used without approval"),
    message: Text::new(
        "采购预算{budget}达到公开招标数额标准{threshold}，采用{method}但无经批准的变更采购方式审批",
        "The budget {budget} reaches the open-tender threshold {threshold}, yet {method} was used without an approved method change",
    ),
    why: Text::new(
        "达到公开招标数额标准的货物、服务应当公开招标，采用其他方式须在采购活动开始前获得财政部门批准。",
        "Goods and services at or above the open-tender threshold must be openly tendered; another method needs prior approval by the finance department.",
    ),
};

pub static P04: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let method = p.project.method;
    if method == Method::PublicTender {
        return Outcome::clear(Evidence::new().label("method", method.name()));
    }
    let mut need = Need::new();
    let budget = need.get(p.project.budget_amount, "project.budget_amount");
    let level = need.get(p.project.gov_level, "project.gov_level");
    let date = need.get(p.reference_date(), REFERENCE_DATE);
    let (Some(budget), Some(level), Some(date)) = (budget, level, date) else {
        return need.outcome();
    };
    let object = p.project.object_type;
    let Some(threshold) = ctx.thresholds.open_tender_threshold(level, object, date) else {
        return Outcome::missing(&[
            "thresholds: open_tender_threshold for the level, object type and date",
        ]);
    };
    let evidence = Evidence::new()
        .money("budget", budget)
        .money("threshold", threshold.value)
        .label("method", method.name())
        .label("object_type", object.name())
        .date("reference_date", date)
        .text("source", threshold.source);
    if budget < threshold.value {
        return Outcome::clear(evidence.bool("threshold_reached", false));
    }
    if threshold.confidence == crate::thresholds::Confidence::Unverified {
        return Outcome::missing(&["thresholds: a verified open_tender_threshold for the date (the built-in value is a placeholder)"]);
    }
    // For single source, the approval after the public notice (条例 Art 38) is the approval
    // of the method.
    let single = (method == Method::SingleSource)
        .then(|| p.approvals_of(ApprovalKind::SingleSource))
        .into_iter()
        .flatten();
    let relevant: Vec<&Approval> = p
        .approvals_of(ApprovalKind::MethodChange)
        .chain(single)
        .filter(|a| a.to_method.is_none_or(|m| m == method))
        .collect();
    if relevant.iter().any(|a| a.is_approved()) {
        return Outcome::clear(evidence.bool("method_change_approved", true));
    }
    let pending = relevant.iter().any(|a| a.result.is_none());
    if pending && p.first_activity_notice().is_none() {
        return Outcome::missing(&["approvals[].result (method change still undecided)"]);
    }
    Outcome::flag(
        &META,
        evidence
            .bool("method_change_approved", false)
            .count("method_change_requests", relevant.len() as i64),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn notice(when: &str) -> Notice {
        Notice {
            id: None,
            kind: NoticeKind::Consultation,
            lot_id: None,
            published_at: at(when),
            media: vec!["ccgp-jiangsu.gov.cn".to_owned()],
            period_end: None,
            budget_amount: None,
            content: None,
        }
    }

    fn approval(result: Option<ApprovalResult>, to: Option<Method>) -> Approval {
        Approval {
            kind: ApprovalKind::MethodChange,
            submitted_at: Some(at("2026-02-01 09:00")),
            decided_at: result.map(|_| at("2026-02-10 09:00")),
            result,
            to_method: to,
        }
    }

    fn project(
        method: Method,
        budget: Option<i64>,
        level: Option<GovLevel>,
        when: Option<&str>,
        approvals: Vec<Approval>,
    ) -> ProjectRecord {
        let mut p = record(method);
        p.project.budget_amount = budget.map(Fen);
        p.project.gov_level = level;
        if let Some(w) = when {
            p.notices.push(notice(w));
        }
        p.approvals = approvals;
        p
    }

    type Case<'a> = (
        &'a str,
        Method,
        Option<i64>,
        Option<GovLevel>,
        Option<&'a str>,
        Vec<Approval>,
        &'a str,
    );

    #[test]
    fn table() {
        use ApprovalResult::*;
        use GovLevel::*;
        use Method::*;
        let at_threshold = Some(Fen::wan(400).0);
        let one_fen_less = Some(Fen::wan(400).0 - 1);
        let d = Some("2026-03-02 09:00");
        let cases: Vec<Case> = vec![
            (
                "at the threshold, no approval",
                CompetitiveConsultation,
                at_threshold,
                Some(CityCounty),
                d,
                vec![],
                "flag",
            ),
            (
                "one fen below",
                CompetitiveConsultation,
                one_fen_less,
                Some(CityCounty),
                d,
                vec![],
                "clear",
            ),
            (
                "open tender",
                PublicTender,
                at_threshold,
                Some(CityCounty),
                d,
                vec![],
                "clear",
            ),
            (
                "approved change",
                CompetitiveConsultation,
                at_threshold,
                Some(CityCounty),
                d,
                vec![approval(Some(Approved), Some(CompetitiveConsultation))],
                "clear",
            ),
            (
                "approved for another method",
                CompetitiveConsultation,
                at_threshold,
                Some(CityCounty),
                d,
                vec![approval(Some(Approved), Some(SingleSource))],
                "flag",
            ),
            (
                "rejected change",
                CompetitiveConsultation,
                at_threshold,
                Some(CityCounty),
                d,
                vec![approval(Some(Rejected), None)],
                "flag",
            ),
            (
                "pending, activity started",
                CompetitiveConsultation,
                at_threshold,
                Some(CityCounty),
                d,
                vec![approval(None, None)],
                "flag",
            ),
            (
                "central: 200万 reached",
                CompetitiveNegotiation,
                Some(Fen::wan(200).0),
                Some(Central),
                d,
                vec![],
                "flag",
            ),
            (
                "central: just below 200万",
                CompetitiveNegotiation,
                Some(Fen::wan(200).0 - 1),
                Some(Central),
                d,
                vec![],
                "clear",
            ),
            (
                "budget unknown",
                CompetitiveConsultation,
                None,
                Some(CityCounty),
                d,
                vec![],
                "missing",
            ),
            (
                "level unknown",
                CompetitiveConsultation,
                at_threshold,
                None,
                d,
                vec![],
                "missing",
            ),
            (
                "undated",
                CompetitiveConsultation,
                at_threshold,
                Some(CityCounty),
                None,
                vec![],
                "missing",
            ),
            // Jiangsu 2019: the built-in value is an unverified placeholder.
            (
                "unverified threshold",
                CompetitiveConsultation,
                at_threshold,
                Some(CityCounty),
                Some("2019-05-06 09:00"),
                vec![],
                "missing",
            ),
            (
                "2019 below the placeholder",
                CompetitiveConsultation,
                Some(Fen::wan(100).0),
                Some(CityCounty),
                Some("2019-05-06 09:00"),
                vec![],
                "clear",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, method, budget, level, when, approvals, expected) in cases {
            let out = P04.run(&project(method, budget, level, when, approvals), &c);
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn pending_before_any_notice_is_undecided() {
        let mut p = project(
            Method::CompetitiveConsultation,
            Some(Fen::wan(500).0),
            Some(GovLevel::CityCounty),
            None,
            vec![approval(None, None)],
        );
        p.plan = Some(Plan {
            id: "PL".to_owned(),
            unit_id: "ORG-P".to_owned(),
            budget_line_id: None,
            category_code: None,
            object_type: ObjectType::Goods,
            amount: Fen::wan(500),
            planned_method: None,
            filed_at: Some(at("2026-02-01 09:00")),
        });
        assert!(P04.run(&p, &ctx("2026-11-26")).is_insufficient());
    }

    #[test]
    fn message() {
        let out = P04.run(
            &project(
                Method::CompetitiveConsultation,
                Some(Fen::wan(400).0),
                Some(GovLevel::CityCounty),
                Some("2026-03-02 09:00"),
                vec![],
            ),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "采购预算4,000,000.00元达到公开招标数额标准4,000,000.00元，采用竞争性磋商但无经批准的变更采购方式审批");
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
