//! # P05 — 采购方式变更审批晚于采购活动开始 (Method-change approval obtained after activity began)
//!
//! **What it checks.** A change of method (a method other than open tender, 变更采购方式) must be
//! approved *before* the procurement activity begins (GP Law Art 27 "在采购活动开始前"): the
//! approval's `decided_at` must not be later than the first activity notice. The check looks at
//! the method-change requests for the method used (`to_method` equal to it, or not stated):
//! - an approval decided no later than the first notice (or with no notice yet) → clear;
//! - approved only after the first notice → flagged;
//! - rejected (and the project went on with the method) → flagged;
//! - still undecided while the activity has begun → flagged; undecided before any notice →
//!   insufficient data (not settled yet).
//!
//! An open-tender project, or a project with no method-change request, is clear here; whether a
//! request was needed is P04.
//!
//! **Why it matters.** Approval after the fact is no approval; it turns the finance department's
//! control into a formality. 法律要求"在采购活动开始前"获得批准，事后补批等于未批。
//!
//! **Legal basis.** 《政府采购法》 第27条 [V].
//!
//! **Data.** `approvals[kind=method_change].{decided_at, result, to_method}`,
//! `notices[].published_at` (first activity notice), `project.method`.
//!
//! **Example.** Approved 2026-03-10 09:00, consultation notice 2026-03-02 09:00 → flagged:
//! "变更采购方式审批时间2026-03-10 09:00晚于首次公告时间2026-03-02 09:00（或审批未通过）".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P05",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::MethodApproval],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第27条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("采购方式变更审批晚于采购活动开始", "Method-change approval obtained after activity began"),
    message: Text::new(
        "变更采购方式审批时间{decided_at}晚于首次公告时间{first_notice_at}（或审批未通过）",
        "The method change was decided ({decided_at}) after the first notice ({first_notice_at}), or was not approved",
    ),
    why: Text::new(
        "法律要求\"在采购活动开始前\"获得批准，事后补批等于未批。",
        "The law requires approval before the procurement activity begins; approval after the fact is no approval.",
    ),
};

pub static P05: Check = Check { meta: &META, run };

const NOT_DECIDED: Text = Text::new("未决定", "not decided");
const NOT_PUBLISHED: Text = Text::new("尚未发布", "not yet published");
const REJECTED: Text = Text::new("未批准", "rejected");
const LATE: Text = Text::new("批准晚于采购活动开始", "approved after the activity began");
const PENDING: Text = Text::new(
    "采购活动开始时尚未批准",
    "undecided when the activity began",
);
const IN_TIME: Text = Text::new("采购活动开始前已批准", "approved before the activity began");

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let method = p.project.method;
    if method == Method::PublicTender {
        return Outcome::clear(Evidence::new().label("method", method.name()));
    }
    let requests: Vec<&Approval> = p
        .approvals_of(ApprovalKind::MethodChange)
        .filter(|a| a.to_method.is_none_or(|m| m == method))
        .collect();
    if requests.is_empty() {
        return Outcome::clear(
            Evidence::new()
                .label("method", method.name())
                .count("method_change_requests", 0),
        );
    }
    let first = p.first_activity_notice().map(|n| n.published_at);
    let base = Evidence::new().label("method", method.name());
    let base = match first {
        Some(f) => base.instant("first_notice_at", f),
        None => base.label("first_notice_at", NOT_PUBLISHED),
    };
    let with_decided = |e: Evidence, a: &Approval| match a.decided_at {
        Some(d) => e.instant("decided_at", d),
        None => e.label("decided_at", NOT_DECIDED),
    };
    // An approval decided in time settles it.
    let mut approved_undated = false;
    for a in requests.iter().filter(|a| a.is_approved()) {
        match (a.decided_at, first) {
            (Some(d), Some(f)) if d <= f => {
                return Outcome::clear(with_decided(base, a).label("state", IN_TIME))
            }
            (Some(d), None) if d <= ctx.as_of => {
                return Outcome::clear(with_decided(base, a).label("state", IN_TIME))
            }
            (None, _) => approved_undated = true,
            _ => {}
        }
    }
    if approved_undated {
        return Outcome::missing(&["approvals[].decided_at"]);
    }
    if let Some(a) = requests.iter().find(|a| a.is_approved()) {
        return Outcome::flag(&META, with_decided(base, a).label("state", LATE));
    }
    if let Some(a) = requests
        .iter()
        .find(|a| a.result == Some(ApprovalResult::Rejected))
    {
        return Outcome::flag(&META, with_decided(base, a).label("state", REJECTED));
    }
    // Only undecided requests.
    match first {
        Some(_) => Outcome::flag(
            &META,
            base.label("decided_at", NOT_DECIDED)
                .label("state", PENDING),
        ),
        None => Outcome::missing(&["approvals[].result (method change still undecided)"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn approval(
        result: Option<ApprovalResult>,
        decided: Option<&str>,
        to: Option<Method>,
    ) -> Approval {
        Approval {
            kind: ApprovalKind::MethodChange,
            submitted_at: Some(at("2026-02-01 09:00")),
            decided_at: decided.map(at),
            result,
            to_method: to,
        }
    }

    fn project(method: Method, notice: Option<&str>, approvals: Vec<Approval>) -> ProjectRecord {
        let mut p = record(method);
        if let Some(n) = notice {
            p.notices.push(Notice {
                id: None,
                kind: NoticeKind::Consultation,
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

    type Case<'a> = (&'a str, Method, Option<&'a str>, Vec<Approval>, &'a str);

    #[test]
    fn table() {
        use ApprovalResult::*;
        use Method::*;
        let n = Some("2026-03-02 09:00");
        let cases: Vec<Case> = vec![
            (
                "approved the day before",
                CompetitiveConsultation,
                n,
                vec![approval(Some(Approved), Some("2026-03-01 16:00"), None)],
                "clear",
            ),
            (
                "approved at the same instant",
                CompetitiveConsultation,
                n,
                vec![approval(Some(Approved), Some("2026-03-02 09:00"), None)],
                "clear",
            ),
            (
                "approved one minute after",
                CompetitiveConsultation,
                n,
                vec![approval(Some(Approved), Some("2026-03-02 09:01"), None)],
                "flag",
            ),
            (
                "approved a week after",
                CompetitiveConsultation,
                n,
                vec![approval(Some(Approved), Some("2026-03-10 09:00"), None)],
                "flag",
            ),
            (
                "rejected",
                CompetitiveConsultation,
                n,
                vec![approval(Some(Rejected), Some("2026-03-01 09:00"), None)],
                "flag",
            ),
            (
                "rejected then approved in time",
                CompetitiveConsultation,
                n,
                vec![
                    approval(Some(Rejected), Some("2026-02-10 09:00"), None),
                    approval(Some(Approved), Some("2026-02-20 09:00"), None),
                ],
                "clear",
            ),
            (
                "approval for another method only",
                CompetitiveConsultation,
                n,
                vec![approval(
                    Some(Rejected),
                    Some("2026-02-10 09:00"),
                    Some(SingleSource),
                )],
                "clear",
            ),
            (
                "pending, activity began",
                CompetitiveConsultation,
                n,
                vec![approval(None, None, None)],
                "flag",
            ),
            (
                "pending, no notice yet",
                CompetitiveConsultation,
                None,
                vec![approval(None, None, None)],
                "missing",
            ),
            (
                "approved, no notice yet",
                CompetitiveConsultation,
                None,
                vec![approval(Some(Approved), Some("2026-02-20 09:00"), None)],
                "clear",
            ),
            (
                "approved, date unknown",
                CompetitiveConsultation,
                n,
                vec![approval(Some(Approved), None, None)],
                "missing",
            ),
            ("no request", CompetitiveNegotiation, n, vec![], "clear"),
            (
                "open tender",
                PublicTender,
                n,
                vec![approval(Some(Rejected), Some("2026-03-01 09:00"), None)],
                "clear",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, method, notice, approvals, expected) in cases {
            let out = P05.run(&project(method, notice, approvals), &c);
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let p = project(
            Method::CompetitiveConsultation,
            Some("2026-03-02 09:00"),
            vec![approval(
                Some(ApprovalResult::Approved),
                Some("2026-03-10 09:00"),
                None,
            )],
        );
        let Outcome::Flagged(f) = P05.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "变更采购方式审批时间2026-03-10 09:00晚于首次公告时间2026-03-02 09:00（或审批未通过）"
        );
        let p = project(
            Method::CompetitiveConsultation,
            None,
            vec![approval(
                Some(ApprovalResult::Rejected),
                Some("2026-03-10 09:00"),
                None,
            )],
        );
        let Outcome::Flagged(f) = P05.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
