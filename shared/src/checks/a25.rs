//! # A25 — 关键字段缺失 (Missing-data / transparency indicators)
//!
//! **What it checks.** The key facts a published procurement should carry, by how far the
//! project has come (its `status`, else inferred: a contract → contracted, an award → awarded):
//! - from the start (any status but `planned`): the budget (`project.budget_amount`), the
//!   category (`project.category_code`) and, once in progress (except single source), an
//!   activity notice (`notices[]`);
//! - once awarded: the bids (`bids[]`, the bidder count), for each award its date
//!   (`awards[i].confirmed_at`), amount (`awards[i].amount`) and the winner's credit code
//!   (`suppliers[].credit_code` of the awarded supplier, the supplier ID);
//! - once contracted: for each contract its amount and signing date.
//!
//! Each missing field is counted separately (one per award / contract); the evidence lists them
//! all (`fields`) with their number (`count`). Any missing → flag; none missing → clear — except
//! that a project whose stage is unknown (no status, no award, no contract) and whose early
//! fields are all present is insufficient data (`project.status`): the later fields cannot be
//! judged. A failed or cancelled project is judged on the early fields only.
//!
//! **Why it matters.** Missing key data harms transparency and blinds the other checks.
//! 关键信息缺失既影响透明度，也让其他检查无法进行。
//!
//! **Legal basis.** DIGIWHIST TRANSPARENCY_* indicators [L]; OCP Red Flags (2024) R001/R005/R063
//! [L]. A risk indicator, not a violation.
//!
//! **Data.** `project.status` (else inferred from the awards and contracts),
//! `project.budget_amount`, `project.category_code`, `notices[]`, `bids[]`, `awards[]`
//! (`confirmed_at`, `amount`), `suppliers[].credit_code` of the winners, `contracts[]` (`amount`,
//! `signed_at`). A missing field is this check's finding, not a lack of data; insufficient data
//! only when the stage is unknown (no status, award or contract) and the early fields are all
//! present.
//!
//! **Example.** An awarded open tender without budget and award amount → flagged: "缺少关键字段
//! （2项）：project.budget_amount, awards[0].amount".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A25",
    stage: Stage::Post,
    subject: Subject::Project,
    methods: methods::ALL,
    nodes: &[Node::Portfolio],
    severity: Severity::Low,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::l(law::DIGIWHIST, "TRANSPARENCY_*"),
        LegalBasis::l(law::OCP, "R001/R005/R063"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("关键字段缺失", "Missing-data / transparency indicators"),
    message: Text::new(
        "缺少关键字段（{count}项）：{fields}",
        "{count} key fields missing: {fields}",
    ),
    why: Text::new(
        "关键信息缺失既影响透明度，也让其他检查无法进行。",
        "Missing key data harms transparency and blinds the other checks.",
    ),
};

pub static A25: Check = Check { meta: &META, run };

/// How far the project has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Progress {
    Planned,
    Started,
    Awarded,
    Contracted,
}

fn stage(p: &ProjectRecord) -> Option<Progress> {
    match p.project.status {
        Some(ProjectStatus::Planned) => Some(Progress::Planned),
        Some(ProjectStatus::InProgress | ProjectStatus::Failed | ProjectStatus::Cancelled) => {
            Some(Progress::Started)
        }
        Some(ProjectStatus::Awarded) => Some(Progress::Awarded),
        Some(ProjectStatus::Contracted | ProjectStatus::Completed) => Some(Progress::Contracted),
        None if !p.contracts.is_empty() => Some(Progress::Contracted),
        None if !p.awards.is_empty() => Some(Progress::Awarded),
        None => None,
    }
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let stage = stage(p);
    let mut missing: Vec<String> = Vec::new();
    let mut need = |ok: bool, field: String| {
        if !ok {
            missing.push(field);
        }
    };
    if stage != Some(Progress::Planned) {
        need(
            p.project.budget_amount.is_some(),
            "project.budget_amount".to_owned(),
        );
        need(
            p.project.category_code.is_some(),
            "project.category_code".to_owned(),
        );
    }
    if stage >= Some(Progress::Started) && p.project.method != Method::SingleSource {
        need(
            p.first_activity_notice().is_some(),
            "notices[] (activity notice)".to_owned(),
        );
    }
    if stage >= Some(Progress::Awarded) {
        need(!p.bids.is_empty(), "bids[]".to_owned());
        need(!p.awards.is_empty(), "awards[]".to_owned());
        for (i, a) in p.awards.iter().enumerate() {
            need(
                a.confirmed_at.is_some(),
                format!("awards[{i}].confirmed_at"),
            );
            need(a.amount.is_some(), format!("awards[{i}].amount"));
            let code = p
                .supplier(&a.supplier_id)
                .and_then(|s| s.credit_code.as_deref());
            need(
                code.is_some_and(|c| !c.trim().is_empty()),
                format!("suppliers[{}].credit_code", a.supplier_id),
            );
        }
    }
    if stage >= Some(Progress::Contracted) {
        need(!p.contracts.is_empty(), "contracts[]".to_owned());
        for (i, c) in p.contracts.iter().enumerate() {
            need(c.amount.is_some(), format!("contracts[{i}].amount"));
            need(c.signed_at.is_some(), format!("contracts[{i}].signed_at"));
        }
    }
    let evidence = Evidence::new()
        .count("count", missing.len() as i64)
        .text("fields", missing.join(", "));
    if !missing.is_empty() {
        Outcome::flag(&META, evidence)
    } else if stage.is_none() {
        Outcome::missing(&["project.status"])
    } else {
        Outcome::clear(evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    /// A contracted open tender with every key field.
    fn complete() -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.budget_amount = Some(Fen::wan(100));
        p.project.category_code = Some("A02010104".to_owned());
        p.project.status = Some(ProjectStatus::Contracted);
        p.notices.push(
            serde_json::from_value(
                serde_json::json!({"kind": "tender", "published_at": at("2026-03-02 09:00")}),
            )
            .expect("notice"),
        );
        p.bids.push(
            serde_json::from_value(
                serde_json::json!({"id": "B1", "supplier_id": "S1", "status": "valid"}),
            )
            .expect("bid"),
        );
        let mut a: Award =
            serde_json::from_value(serde_json::json!({"supplier_id": "S1"})).expect("award");
        a.confirmed_at = Some(at("2026-04-01 10:00"));
        a.amount = Some(Fen::wan(90));
        p.awards.push(a);
        let mut s: Supplier =
            serde_json::from_value(serde_json::json!({"id": "S1", "name": "供应商"}))
                .expect("supplier");
        s.credit_code = Some("91320400MA1XXXXXXX".to_owned());
        p.suppliers.push(s);
        let mut c: Contract =
            serde_json::from_value(serde_json::json!({"id": "C1", "supplier_id": "S1"}))
                .expect("contract");
        c.amount = Some(Fen::wan(90));
        c.signed_at = Some(at("2026-04-10 10:00"));
        p.contracts.push(c);
        p
    }

    #[test]
    fn table() {
        type Edit = fn(&mut ProjectRecord);
        #[rustfmt::skip]
        let cases: &[(&str, Edit, &str, i64)] = &[
            ("everything present", |_| {}, "clear", 0),
            ("no budget", |p| p.project.budget_amount = None, "flag", 1),
            ("no award amount, no contract date", |p| { p.awards[0].amount = None; p.contracts[0].signed_at = None; }, "flag", 2),
            ("winner without credit code", |p| p.suppliers[0].credit_code = None, "flag", 1),
            ("no bids", |p| p.bids.clear(), "flag", 1),
            ("failed: award fields not due", |p| { p.project.status = Some(ProjectStatus::Failed); p.awards.clear(); p.contracts.clear(); p.bids.clear(); }, "clear", 0),
            ("stage unknown, early fields present", |p| { p.project.status = None; p.awards.clear(); p.contracts.clear(); }, "missing", 0),
            ("stage unknown, budget missing", |p| { p.project.status = None; p.awards.clear(); p.contracts.clear(); p.project.budget_amount = None; }, "flag", 1),
            ("stage inferred from a contract", |p| { p.project.status = None; p.contracts[0].amount = None; }, "flag", 1),
        ];
        for (name, edit, expected, count) in cases {
            let mut p = complete();
            edit(&mut p);
            let out = A25.run(&p, &ctx("2026-11-26"));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
            if let Some(e) = out.evidence() {
                assert_eq!(e.get("count"), Some(&Value::Count(*count)), "{name}");
            }
        }
    }

    #[test]
    fn message_lists_each_field() {
        let mut p = complete();
        p.project.budget_amount = None;
        p.awards[0].amount = None;
        let Outcome::Flagged(f) = A25.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "缺少关键字段（2项）：project.budget_amount, awards[0].amount"
        );
        assert_eq!(
            f.message_en,
            "2 key fields missing: project.budget_amount, awards[0].amount"
        );
    }
}
