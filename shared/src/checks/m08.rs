//! # M08 — 采购人人员以专家身份参加本单位项目评审 (Purchaser staff sitting as expert on own project)
//!
//! **What it checks.** The purchaser may send its own representatives to the panel, but only as
//! purchaser representatives (采购人代表, counted against the one-third share). Flagged: a panel
//! member with the role `expert` whose employment history shows the purchaser (by organisation
//! id, or by the purchaser's registered name) as employer on the day of the evaluation.
//!
//! **Why it matters.** Purchaser representatives are limited; sitting as an "expert" evades that
//! limit. 采购人代表名额有限，以专家名义参加评审会突破比例限制。
//!
//! **Legal basis.** 财政部令第87号 第47条 [K]; 财政部令第74号 第7条 [K]; 财库〔2014〕214号
//! 第14条 [K].
//!
//! **Data.** `panel.members[]` (`person_id`, `role`), `experts[].employment_history`,
//! `project.purchaser_id` (and `organisations[]` for its name), the evaluation date
//! (`panel.started_at`, else the reference date). An expert without a registry entry or with an
//! empty employment history cannot be cleared: insufficient data (unless another member is
//! flagged).
//!
//! **Example.** Expert E1 (张三) employed by the purchaser ORG-P since 2019 sits on the panel of
//! 2026-03-10 → flagged: "评审委员会成员（编号E1）受雇于采购人，却以评审专家身份参加评审".

use super::prelude::*;
use crate::checks::REFERENCE_DATE;

pub static META: CheckMeta = CheckMeta {
    id: "M08",
    stage: Stage::During,
    subject: Subject::Expert,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ExpertDraw],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::k(law::ORDER_87, "第47条"),
        LegalBasis::k(law::ORDER_74, "第7条"),
        LegalBasis::k(law::CK_2014_214, "第14条"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "采购人人员以专家身份参加本单位项目评审",
        "Purchaser staff sitting as expert on own project",
    ),
    message: Text::new(
        "评审委员会成员（编号{person_id}）受雇于采购人，却以评审专家身份参加评审",
        "Panel member no. {person_id} works for the purchaser but sits as an expert",
    ),
    why: Text::new(
        "采购人代表名额有限，以专家名义参加评审会突破比例限制。",
        "Purchaser representatives are limited; sitting as an \"expert\" evades that limit.",
    ),
};
pub static M08: Check = Check { meta: &META, run };

/// Whether `e` worked for the organisation (`id`, or `name` when the entry has no id) on `date`;
/// `None` when the employment history is empty.
pub(crate) fn employed_on(e: &Expert, id: &str, name: Option<&str>, date: Date) -> Option<bool> {
    if e.employment_history.is_empty() {
        return None;
    }
    Some(e.employment_history.iter().any(|j| {
        let same = match &j.org_id {
            Some(o) => o == id,
            None => name.is_some_and(|n| n == j.org_name),
        };
        same && j.from.is_none_or(|f| f <= date) && j.until.is_none_or(|u| u >= date)
    }))
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let mut need = Need::new();
    let members = need.get(
        p.panel
            .as_ref()
            .filter(|x| !x.members.is_empty())
            .map(|x| &x.members),
        "panel.members",
    );
    let date = need.get(
        p.panel
            .as_ref()
            .and_then(|x| x.started_at)
            .map(Instant::china_date)
            .or_else(|| p.reference_date()),
        REFERENCE_DATE,
    );
    let (Some(members), Some(date)) = (members, date) else {
        return need.outcome();
    };
    let purchaser = p.project.purchaser_id.as_str();
    let name = p.organisation(purchaser).map(|o| o.name.as_str());
    let mut unknown = Need::new();
    let mut experts = 0i64;
    for m in members.iter().filter(|m| m.role == MemberRole::Expert) {
        experts += 1;
        let Some(e) = unknown.get(p.expert(&m.person_id), "experts[]") else {
            continue;
        };
        match unknown.get(
            employed_on(e, purchaser, name, date),
            "experts[].employment_history",
        ) {
            Some(true) => {
                // By number, never by name: the panel is secret until the result notice.
                let evidence = Evidence::new()
                    .text("person_id", e.id.clone())
                    .text("purchaser", name.unwrap_or(purchaser))
                    .date("evaluation_date", date);
                return Outcome::flag(&META, evidence);
            }
            _ => continue,
        }
    }
    if !unknown.is_complete() {
        return unknown.outcome();
    }
    Outcome::clear(
        Evidence::new()
            .count("experts", experts)
            .text("purchaser", name.unwrap_or(purchaser))
            .date("evaluation_date", date),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};
    use serde_json::json;

    /// One panel member `E1` with `role`, employed by `org` from/until.
    fn project(role: &str, jobs: serde_json::Value, registered: bool) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        let mut panel: Panel = serde_json::from_value(
            json!({"members": [{"person_id": "E1", "role": role, "source": "random"}]}),
        )
        .expect("panel");
        panel.started_at = Some(at("2026-03-10 09:00"));
        p.panel = Some(panel);
        p.organisations.push(
            serde_json::from_value(
                json!({"id": "ORG-P", "name": "常州市某局", "kind": "purchaser"}),
            )
            .expect("org"),
        );
        if registered {
            p.experts.push(
                serde_json::from_value(
                    json!({"id": "E1", "name": "张三", "employment_history": jobs}),
                )
                .expect("expert"),
            );
        }
        p
    }

    #[test]
    fn table() {
        let cases: Vec<(&str, &str, serde_json::Value, bool, &str)> = vec![
            (
                "employed by the purchaser",
                "expert",
                json!([{"org_id": "ORG-P", "org_name": "常州市某局", "from": "2019-01-01"}]),
                true,
                "flag",
            ),
            (
                "matched by name",
                "expert",
                json!([{"org_name": "常州市某局"}]),
                true,
                "flag",
            ),
            (
                "left the day before",
                "expert",
                json!([{"org_id": "ORG-P", "org_name": "x", "until": "2026-03-09"}]),
                true,
                "clear",
            ),
            (
                "left on the day",
                "expert",
                json!([{"org_id": "ORG-P", "org_name": "x", "until": "2026-03-10"}]),
                true,
                "flag",
            ),
            (
                "another employer",
                "expert",
                json!([{"org_id": "ORG-U", "org_name": "某大学"}]),
                true,
                "clear",
            ),
            (
                "sits as purchaser representative",
                "purchaser_rep",
                json!([{"org_id": "ORG-P", "org_name": "x"}]),
                true,
                "clear",
            ),
            (
                "no employment history",
                "expert",
                json!([]),
                true,
                "missing",
            ),
            ("no registry entry", "expert", json!([]), false, "missing"),
        ];
        for (name, role, jobs, registered, expected) in cases {
            let out = M08.run(&project(role, jobs, registered), &ctx("2026-11-26"));
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let out = M08.run(
            &project(
                "expert",
                json!([{"org_id": "ORG-P", "org_name": "x"}]),
                true,
            ),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "评审委员会成员（编号E1）受雇于采购人，却以评审专家身份参加评审"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
