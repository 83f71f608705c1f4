//! # P09 — 采购进口产品未经批准 (Imported products without approval)
//!
//! **What it checks.** When any item is imported (`items[].is_imported`) or the documents allow
//! imported products (`project.imports_allowed`), there must be an approved import approval
//! (采购进口产品核准) decided no later than the first activity notice. Decided at the same
//! instant as the notice passes; later fails. With no notice yet, an approval already decided is
//! clear; an undecided request before any notice is insufficient data.
//!
//! **Why it matters.** Government procurement must buy domestic goods; imports need prior
//! approval by the finance department. 政府采购应当采购本国货物，采购进口产品须事先经财政部门核准。
//!
//! **Legal basis.** 《政府采购法》 第10条 [V]; 财库〔2007〕119号 [K].
//!
//! **Data.** `items[].is_imported`, `project.imports_allowed`, `approvals[kind=import]`,
//! `notices[]`. Clear when imports are not allowed and no item is imported; insufficient data
//! when `imports_allowed` is unknown and no item is known to be imported.
//!
//! **Example.** Imports allowed, no import approval, tender notice 2026-03-02 09:00 → flagged:
//! "项目允许或包含进口产品，但无在公告2026-03-02 09:00前获批的进口产品审批".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P09",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::ImportApproval],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第10条"), LegalBasis::k(law::CK_2007_119, "")],
    valid_from: None,
    valid_to: None,
    title: Text::new("采购进口产品未经批准", "Imported products without approval"),
    message: Text::new(
        "项目允许或包含进口产品，但无在公告{first_notice_at}前获批的进口产品审批",
        "The project allows or includes imported products without an import approval granted before the notice ({first_notice_at})",
    ),
    why: Text::new(
        "政府采购应当采购本国货物，采购进口产品须事先经财政部门核准。",
        "Government procurement must buy domestic goods; imports need prior approval by the finance department.",
    ),
};

pub static P09: Check = Check { meta: &META, run };

const NOT_PUBLISHED: Text = Text::new("尚未发布", "not yet published");

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let imported_items = p
        .project
        .items
        .iter()
        .filter(|i| i.is_imported == Some(true))
        .count();
    let allowed = p.project.imports_allowed;
    let mut evidence = Evidence::new().count("imported_items", imported_items as i64);
    if let Some(a) = allowed {
        evidence = evidence.bool("imports_allowed", a);
    }
    if imported_items == 0 {
        match allowed {
            Some(false) => return Outcome::clear(evidence),
            None => return Outcome::missing(&["project.imports_allowed"]),
            Some(true) => {}
        }
    }
    let first = p.first_activity_notice().map(|n| n.published_at);
    let evidence = match first {
        Some(f) => evidence.instant("first_notice_at", f),
        None => evidence.label("first_notice_at", NOT_PUBLISHED),
    };
    let approvals: Vec<&Approval> = p.approvals_of(ApprovalKind::Import).collect();
    let mut undated = false;
    for a in approvals.iter().filter(|a| a.is_approved()) {
        match (a.decided_at, first) {
            (Some(d), Some(f)) if d <= f => {
                return Outcome::clear(evidence.instant("approved_at", d))
            }
            (Some(d), None) if d <= ctx.as_of => {
                return Outcome::clear(evidence.instant("approved_at", d))
            }
            (None, _) => undated = true,
            _ => {}
        }
    }
    if undated {
        return Outcome::missing(&["approvals[].decided_at"]);
    }
    let pending = approvals.iter().any(|a| a.result.is_none());
    if first.is_none() && pending {
        return Outcome::missing(&["approvals[].result (import approval still undecided)"]);
    }
    let evidence = match approvals
        .iter()
        .filter(|a| a.is_approved())
        .filter_map(|a| a.decided_at)
        .min()
    {
        Some(d) => evidence.instant("approved_at", d),
        None => evidence,
    };
    Outcome::flag(&META, evidence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    type Case<'a> = (
        &'a str,
        Option<bool>,
        Option<bool>,
        Option<&'a str>,
        Vec<Approval>,
        &'a str,
    );

    fn approval(result: Option<ApprovalResult>, decided: Option<&str>) -> Approval {
        Approval {
            kind: ApprovalKind::Import,
            submitted_at: None,
            decided_at: decided.map(at),
            result,
            to_method: None,
        }
    }

    fn project(
        allowed: Option<bool>,
        item_imported: Option<bool>,
        notice: Option<&str>,
        approvals: Vec<Approval>,
    ) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.imports_allowed = allowed;
        p.project.items.push(Item {
            lot_id: None,
            name: "CT机".to_owned(),
            category_code: None,
            quantity: Some(1),
            is_imported: item_imported,
            unified_price: None,
        });
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
        }
        p.approvals = approvals;
        p
    }

    #[test]
    fn table() {
        use ApprovalResult::*;
        let n = Some("2026-03-02 09:00");
        let cases: Vec<Case> = vec![
            (
                "domestic only",
                Some(false),
                Some(false),
                n,
                vec![],
                "clear",
            ),
            ("allowed, no approval", Some(true), None, n, vec![], "flag"),
            (
                "imported item, imports 'not allowed'",
                Some(false),
                Some(true),
                n,
                vec![],
                "flag",
            ),
            (
                "approved before",
                Some(true),
                None,
                n,
                vec![approval(Some(Approved), Some("2026-02-20 09:00"))],
                "clear",
            ),
            (
                "approved at the same instant",
                Some(true),
                None,
                n,
                vec![approval(Some(Approved), Some("2026-03-02 09:00"))],
                "clear",
            ),
            (
                "approved one minute after",
                Some(true),
                None,
                n,
                vec![approval(Some(Approved), Some("2026-03-02 09:01"))],
                "flag",
            ),
            (
                "rejected",
                Some(true),
                None,
                n,
                vec![approval(Some(Rejected), Some("2026-02-20 09:00"))],
                "flag",
            ),
            (
                "pending, no notice yet",
                Some(true),
                None,
                None,
                vec![approval(None, None)],
                "missing",
            ),
            (
                "pending, notice out",
                Some(true),
                None,
                n,
                vec![approval(None, None)],
                "flag",
            ),
            (
                "approved, no notice yet",
                Some(true),
                None,
                None,
                vec![approval(Some(Approved), Some("2026-02-20 09:00"))],
                "clear",
            ),
            (
                "approved, date unknown",
                Some(true),
                None,
                n,
                vec![approval(Some(Approved), None)],
                "missing",
            ),
            ("allowance unknown", None, Some(false), n, vec![], "missing"),
        ];
        let c = ctx("2026-11-26");
        for (name, allowed, item, notice, approvals, expected) in cases {
            let out = P09.run(&project(allowed, item, notice, approvals), &c);
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let Outcome::Flagged(f) = P09.run(
            &project(Some(true), None, Some("2026-03-02 09:00"), vec![]),
            &ctx("2026-11-26"),
        ) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "项目允许或包含进口产品，但无在公告2026-03-02 09:00前获批的进口产品审批"
        );
        assert!(!f.message_en.contains('{'));
    }
}
