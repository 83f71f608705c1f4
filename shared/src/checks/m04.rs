//! # M04 — 评审专家未随机抽取 (Experts not drawn at random)
//!
//! **What it checks.** Experts are drawn at random from the provincial (or higher) expert
//! database; the purchaser may select experts itself only for technically complex or specialised
//! projects where the draw cannot find suitable experts, and only with the consent of its
//! supervising budget unit (主管预算单位). Flagged: a panel member with the role `expert` whose
//! source is `self_selected` while no approved `expert_self_selection` approval is on file.
//! Purchaser representatives are not experts and are not judged here.
//!
//! **Why it matters.** The random draw is the basic guard against purchasers choosing friendly
//! evaluators. 随机抽取是防止采购人安排"自己人"评审的基本保障。
//!
//! **Legal basis.** 《政府采购法实施条例》 第39条、第68条(五) [V]; 财政部令第87号 第48条 [K];
//! 财库〔2016〕198号 第12条、第13条 [K].
//!
//! **Data.** `panel.members[]` (`person_id`, `role`, `source`), `approvals[kind=
//! expert_self_selection]`, `experts[]` (names). Insufficient data when no panel member is known.
//!
//! **Example.** Expert E2 (王五) self-selected, no approval → flagged: "评审专家（编号E2）为自行选定，
//! 且无主管预算单位同意" — by number, never by name: the panel is secret until the result notice.

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M04",
    stage: Stage::During,
    subject: Subject::Expert,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ExpertDraw],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第39条、第68条(五)"), LegalBasis::k(law::ORDER_87, "第48条"), LegalBasis::k(law::CK_2016_198, "第12条、第13条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("评审专家未随机抽取", "Experts not drawn at random"),
    message: Text::new(
        "评审专家（编号{person_id}）为自行选定，且无主管预算单位同意",
        "Expert no. {person_id} was selected by the purchaser without approval of the supervising budget unit",
    ),
    why: Text::new(
        "随机抽取是防止采购人安排\"自己人\"评审的基本保障。",
        "The random draw is the basic guard against purchasers choosing friendly evaluators.",
    ),
};
pub static M04: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let Some(members) = p
        .panel
        .as_ref()
        .filter(|x| !x.members.is_empty())
        .map(|x| &x.members)
    else {
        return Outcome::missing(&["panel.members"]);
    };
    let approved = p
        .approvals_of(ApprovalKind::ExpertSelfSelection)
        .any(Approval::is_approved);
    let experts: Vec<&PanelMember> = members
        .iter()
        .filter(|m| m.role == MemberRole::Expert)
        .collect();
    let selected: Vec<&&PanelMember> = experts
        .iter()
        .filter(|m| m.source == MemberSource::SelfSelected)
        .collect();
    let evidence = Evidence::new()
        .count("experts", experts.len() as i64)
        .count("self_selected", selected.len() as i64)
        .bool("approved", approved);
    match selected.first() {
        // The expert by number, never by name: the panel is secret until the result notice
        // (财库〔2016〕198号 Art 15), and findings reach purchaser and regulator before it.
        Some(m) if !approved => {
            Outcome::flag(&META, evidence.text("person_id", m.person_id.clone()))
        }
        _ => Outcome::clear(evidence),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    fn project(members: &[(&str, &str)], approval: Option<&str>) -> ProjectRecord {
        let mut p = record(Method::RequestForQuotation);
        let members: Vec<serde_json::Value> = members
            .iter()
            .enumerate()
            .map(|(i, (role, source))| json!({"person_id": format!("E{i}"), "role": role, "source": source}))
            .collect();
        p.panel = Some(serde_json::from_value(json!({"members": members})).expect("panel"));
        p.experts
            .push(serde_json::from_value(json!({"id": "E1", "name": "王五"})).expect("expert"));
        if let Some(r) = approval {
            p.approvals.push(
                serde_json::from_value(json!({"kind": "expert_self_selection", "result": r}))
                    .expect("approval"),
            );
        }
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        let random = ("expert", "random");
        let selected = ("expert", "self_selected");
        let rep = ("purchaser_rep", "self_selected");
        let cases: &[(&str, &[(&str, &str)], Option<&str>, &str)] = &[
            ("all drawn at random", &[random, random, rep], None, "clear"),
            (
                "one self-selected, no approval",
                &[random, selected, rep],
                None,
                "flag",
            ),
            (
                "self-selected, approval rejected",
                &[random, selected],
                Some("rejected"),
                "flag",
            ),
            (
                "self-selected, approved",
                &[random, selected],
                Some("approved"),
                "clear",
            ),
            (
                "representatives are not experts",
                &[random, rep, rep],
                None,
                "clear",
            ),
            ("no panel", &[], None, "missing"),
        ];
        for (name, members, approval, expected) in cases {
            let out = M04.run(&project(members, *approval), &ctx("2026-11-26"));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let out = M04.run(
            &project(&[("expert", "random"), ("expert", "self_selected")], None),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "评审专家（编号E1）为自行选定，且无主管预算单位同意"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
