//! # M06 — 缺少法律专家 (Legal expert missing)
//!
//! **What it checks.** In competitive negotiation and competitive consultation, the panel of a
//! technically complex or specialised project (技术复杂、专业性强) must include at least one legal
//! expert. Flagged: `project.complex = true` and no panel member with `is_legal_expert = true`
//! while every member's flag is known.
//!
//! **Why it matters.** Complex negotiations and consultations need a legal expert to review the
//! terms. 技术复杂的谈判、磋商项目应有法律专家把关合同条款。
//!
//! **Legal basis.** 财政部令第74号 第7条 [K]; 财库〔2014〕214号 第14条 [K].
//!
//! **Data.** `project.complex`, `panel.members[].is_legal_expert`. Insufficient data when the
//! complexity is unknown, there is no panel, or no member is known to be a legal expert while some
//! members' flags are unknown. A project that is not complex passes.
//!
//! **Example.** Complex consultation, three experts none of them a lawyer → flagged:
//! "技术复杂项目的竞争性磋商小组中无法律专家".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M06",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::NEGOTIATION_CONSULTATION,
    nodes: &[Node::ExpertDraw],
    severity: Severity::Low,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::k(law::ORDER_74, "第7条"),
        LegalBasis::k(law::CK_2014_214, "第14条"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("缺少法律专家", "Legal expert missing"),
    message: Text::new(
        "技术复杂项目的{method}小组中无法律专家",
        "The {method} panel of a complex project has no legal expert",
    ),
    why: Text::new(
        "技术复杂的谈判、磋商项目应有法律专家把关合同条款。",
        "Complex negotiations and consultations need a legal expert to review the terms.",
    ),
};
pub static M06: Check = Check { meta: &META, run };

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let Some(complex) = p.project.complex else {
        return Outcome::missing(&["project.complex"]);
    };
    let evidence = Evidence::new()
        .label("method", p.project.method.name())
        .bool("complex", complex);
    if !complex {
        return Outcome::clear(evidence);
    }
    let Some(members) = p
        .panel
        .as_ref()
        .filter(|x| !x.members.is_empty())
        .map(|x| &x.members)
    else {
        return Outcome::missing(&["panel.members"]);
    };
    let flags: Vec<Option<bool>> = members.iter().map(|m| m.is_legal_expert).collect();
    let evidence = evidence.count("members", members.len() as i64);
    if flags.contains(&Some(true)) {
        Outcome::clear(evidence.bool("legal_expert", true))
    } else if flags.contains(&None) {
        Outcome::missing(&["panel.members[].is_legal_expert"])
    } else {
        Outcome::flag(&META, evidence.bool("legal_expert", false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    fn project(complex: Option<bool>, legal: &[Option<bool>]) -> ProjectRecord {
        let mut p = record(Method::CompetitiveConsultation);
        p.project.complex = complex;
        let members: Vec<serde_json::Value> = legal
            .iter()
            .enumerate()
            .map(|(i, l)| json!({"person_id": format!("E{i}"), "role": "expert", "source": "random", "is_legal_expert": l}))
            .collect();
        p.panel = Some(serde_json::from_value(json!({"members": members})).expect("panel"));
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        let (t, f) = (Some(true), Some(false));
        let cases: &[(&str, Option<bool>, &[Option<bool>], &str)] = &[
            ("complex with a legal expert", t, &[f, t, f], "clear"),
            ("complex without", t, &[f, f, f], "flag"),
            (
                "complex, one unknown, none known",
                t,
                &[f, None, f],
                "missing",
            ),
            ("complex, one unknown, one known", t, &[t, None, f], "clear"),
            ("not complex", f, &[f, f, f], "clear"),
            ("complexity unknown", None, &[f, f, f], "missing"),
            ("complex, no panel", t, &[], "missing"),
        ];
        for (name, complex, legal, expected) in cases {
            let out = M06.run(&project(*complex, legal), &ctx("2026-11-26"));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let out = M06.run(&project(Some(true), &[Some(false)]), &ctx("2026-11-26"));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "技术复杂项目的竞争性磋商小组中无法律专家");
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
