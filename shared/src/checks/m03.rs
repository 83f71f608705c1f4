//! # M03 — 评审小组人数或构成不合规 (Panel size or composition)
//!
//! **What it checks.** The panel (评标委员会 / 谈判小组 / 询价小组 / 磋商小组) must have an odd
//! number of members, at least the legal minimum, and independent experts must be at least two
//! thirds of the members. Minimums from the dated threshold table (`panel_rule`): tender ≥ 5, or
//! ≥ 7 when the budget is ≥ 1000万元 or the project is technically complex or of high social
//! impact (87号令 Art 47); negotiation / RFQ ≥ 3, or ≥ 5 when the budget reaches the open-tender
//! threshold for the unit's level and object type (74号令 Art 7); consultation ≥ 3. The 2/3 share
//! is exact: 4 experts of 6 pass the share (but 6 is even), 3 of 5 fail it.
//!
//! **Why it matters.** A small panel or few experts lets the purchaser steer the evaluation.
//! 人数不足或专家比例过低使评审易被采购人左右。
//!
//! **Legal basis.** 财政部令第87号 第47条 [K]; 财政部令第74号 第7条 [K]; 财库〔2014〕214号
//! 第14条 [K]; 《政府采购法》 第38条、第40条 [V].
//!
//! **Data.** `panel.members[].role`, `project.budget_amount`, `project.method`,
//! `project.object_type`, `project.complex` / `project.high_impact` (tenders),
//! `project.gov_level` (or the purchaser's, for negotiation / RFQ), the date of the evaluation
//! (`panel.started_at`, else the reference date). Insufficient data when any that decides is
//! missing; a tender panel that satisfies the 5-member rule but not the 7-member one needs the
//! complexity flags.
//!
//! **Example.** Open tender, budget 1200万元, panel of 5 (4 experts) → flagged:
//! "评审小组5人、其中专家4人，不符合公开招标的要求（至少7人且为单数，专家不少于三分之二）".

use super::prelude::*;
use crate::checks::REFERENCE_DATE;
use crate::thresholds::{BudgetTrigger, PanelRule};

pub static META: CheckMeta = CheckMeta {
    id: "M03",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ExpertDraw],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::ORDER_87, "第47条"), LegalBasis::k(law::ORDER_74, "第7条"), LegalBasis::k(law::CK_2014_214, "第14条"), LegalBasis::v(law::GP_LAW, "第38条、第40条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("评审小组人数或构成不合规", "Panel size or composition"),
    message: Text::new(
        "评审小组{size}人、其中专家{experts}人，不符合{method}的要求（至少{required}人且为单数，专家不少于三分之二）",
        "The panel has {size} members, {experts} experts: not as required for {method} (at least {required}, odd, experts ≥ 2/3)",
    ),
    why: Text::new(
        "人数不足或专家比例过低使评审易被采购人左右。",
        "A small panel or few experts lets the purchaser steer the evaluation.",
    ),
};
pub static M03: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let method = p.project.method;
    let mut need = Need::new();
    let members = need.get(
        p.panel
            .as_ref()
            .filter(|x| !x.members.is_empty())
            .map(|x| &x.members),
        "panel.members",
    );
    let budget = need.get(p.project.budget_amount, "project.budget_amount");
    let date = need.get(
        p.panel
            .as_ref()
            .and_then(|x| x.started_at)
            .map(Instant::china_date)
            .or_else(|| p.reference_date()),
        REFERENCE_DATE,
    );
    let (Some(members), Some(budget), Some(date)) = (members, budget, date) else {
        return need.outcome();
    };
    let level = p.project.gov_level.or_else(|| {
        p.organisation(&p.project.purchaser_id)
            .and_then(|o| o.gov_level)
    });
    let trigger = ctx
        .thresholds
        .panel_large_trigger(method, date)
        .map(|t| t.value);
    let level = match (level, trigger) {
        (Some(l), _) => l,
        (None, Some(BudgetTrigger::OpenTenderThreshold)) => {
            return Outcome::missing(&["project.gov_level"])
        }
        // The trigger does not depend on the level.
        (None, _) => GovLevel::CityCounty,
    };
    let object = p.project.object_type;
    let Some(base) = ctx
        .thresholds
        .panel_rule(method, level, object, budget, date)
    else {
        return Outcome::missing(&["thresholds: panel rule for the method"]);
    };
    let size = u32::try_from(members.len()).unwrap_or(u32::MAX);
    let experts = u32::try_from(
        members
            .iter()
            .filter(|m| m.role == MemberRole::Expert)
            .count(),
    )
    .unwrap_or(u32::MAX);
    let mut rule: PanelRule = base.value;
    let mut source = base.source;
    if method.is_tender() {
        // 87号令 Art 47: technically complex or high social impact → the larger panel.
        if let Some(large) = ctx
            .thresholds
            .panel_rule(method, level, object, Fen(i64::MAX), date)
        {
            let flags = [p.project.complex, p.project.high_impact];
            if flags.contains(&Some(true)) {
                rule = large.value;
                source = large.source;
            } else if flags.contains(&None)
                && rule.admits(size, experts)
                && !large.value.admits(size, experts)
            {
                let mut missing = Vec::new();
                if p.project.complex.is_none() {
                    missing.push("project.complex");
                }
                if p.project.high_impact.is_none() {
                    missing.push("project.high_impact");
                }
                return Outcome::missing(&missing);
            }
        }
    }
    let evidence = Evidence::new()
        .count("size", i64::from(size))
        .count("experts", i64::from(experts))
        .label("method", method.name())
        .count("required", i64::from(rule.min_members))
        .money("budget", budget)
        .text("source", source);
    if rule.admits(size, experts) {
        Outcome::clear(evidence)
    } else {
        Outcome::flag(&META, evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};
    use serde_json::json;

    /// A panel of `experts` experts and `reps` purchaser representatives.
    fn project(
        method: Method,
        budget_wan: Option<i64>,
        experts: usize,
        reps: usize,
        complex: Option<bool>,
    ) -> ProjectRecord {
        let mut p = record(method);
        p.project.budget_amount = budget_wan.map(Fen::wan);
        p.project.complex = complex;
        p.project.high_impact = Some(false);
        p.project.gov_level = Some(GovLevel::CityCounty);
        let mut members = Vec::new();
        for i in 0..experts {
            members
                .push(json!({"person_id": format!("E{i}"), "role": "expert", "source": "random"}));
        }
        for i in 0..reps {
            members.push(json!({"person_id": format!("R{i}"), "role": "purchaser_rep", "source": "self_selected"}));
        }
        let mut panel: Panel = serde_json::from_value(json!({"members": members})).expect("panel");
        panel.started_at = Some(at("2026-03-10 09:00"));
        p.panel = Some(panel);
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        use Method::*;
        let no = Some(false);
        let cases: &[(&str, Method, Option<i64>, usize, usize, Option<bool>, &str)] = &[
            (
                "tender 5 = 4 experts + 1 rep",
                PublicTender,
                Some(500),
                4,
                1,
                no,
                "clear",
            ),
            (
                "tender 4 members",
                PublicTender,
                Some(500),
                3,
                1,
                no,
                "flag",
            ),
            (
                "tender 6 members (even)",
                PublicTender,
                Some(500),
                5,
                1,
                no,
                "flag",
            ),
            (
                "tender 5, only 3 experts",
                PublicTender,
                Some(500),
                3,
                2,
                no,
                "flag",
            ),
            (
                "tender 1000万: 5 not enough",
                PublicTender,
                Some(1000),
                4,
                1,
                no,
                "flag",
            ),
            (
                "tender 1000万: 7 passes",
                PublicTender,
                Some(1000),
                5,
                2,
                no,
                "clear",
            ),
            (
                "tender 999万: 5 passes",
                PublicTender,
                Some(999),
                4,
                1,
                no,
                "clear",
            ),
            (
                "tender complex: 5 not enough",
                PublicTender,
                Some(500),
                4,
                1,
                Some(true),
                "flag",
            ),
            (
                "tender complexity unknown, 5 members",
                PublicTender,
                Some(500),
                4,
                1,
                None,
                "missing",
            ),
            (
                "tender complexity unknown, 4 members",
                PublicTender,
                Some(500),
                3,
                1,
                None,
                "flag",
            ),
            (
                "negotiation 3 members",
                CompetitiveNegotiation,
                Some(100),
                2,
                1,
                None,
                "clear",
            ),
            (
                "negotiation 3 members, 1 expert",
                CompetitiveNegotiation,
                Some(100),
                1,
                2,
                None,
                "flag",
            ),
            (
                "negotiation at the open-tender threshold: 3 too few",
                CompetitiveNegotiation,
                Some(400),
                3,
                0,
                None,
                "flag",
            ),
            (
                "rfq at the threshold, 5 members",
                RequestForQuotation,
                Some(400),
                4,
                1,
                None,
                "clear",
            ),
            (
                "consultation 3 experts",
                CompetitiveConsultation,
                Some(50),
                3,
                0,
                None,
                "clear",
            ),
            ("no budget", PublicTender, None, 4, 1, no, "missing"),
            ("no panel", PublicTender, Some(500), 0, 0, no, "missing"),
        ];
        let c = ctx("2026-11-26");
        for (name, method, budget, experts, reps, complex, expected) in cases {
            let out = M03.run(&project(*method, *budget, *experts, *reps, *complex), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn level_needed_for_negotiation_and_message() {
        let mut p = project(Method::CompetitiveNegotiation, Some(100), 2, 1, None);
        p.project.gov_level = None;
        assert_eq!(
            M03.run(&p, &ctx("2026-11-26")),
            Outcome::missing(&["project.gov_level"])
        );
        let out = M03.run(
            &project(Method::PublicTender, Some(1200), 4, 1, Some(false)),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "评审小组5人、其中专家4人，不符合公开招标的要求（至少7人且为单数，专家不少于三分之二）"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
