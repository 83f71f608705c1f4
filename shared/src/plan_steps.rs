//! Whether a step on a plan or its approval requests may be taken now, by this actor, and why
//! not — the plans' gate, as [`crate::steps`] is the projects'.
//!
//! The server's plan steps call [`plan_gate`] after they have locked and loaded the plan; the
//! plan page shows a form only for a step in [`plan_offered`], which the server computes with
//! the same function while it builds the page's data. A request form offers only the kinds
//! [`open_request_kinds`] leaves (a kind pending or approved already is not offered twice).
//!
//! | step | who | when |
//! |---|---|---|
//! | record the intention | the plan's unit (purchaser) | any time (a late one is flagged by P05) |
//! | request an approval | the plan's unit | the plan not released yet (条例 Art 23, 财政部令第74号 Art 4: approvals come before the activity starts); a kind not pending or approved already |
//! | release | the plan's unit, not the account that filed it (经办与审核分离) | filed, not released; and no check as of now forbids it ([`crate::plan::refusals`], P01/P04/P09 — the server re-runs them at the step and answers their findings) |
//! | decide | a regulator of the plan's jurisdiction | `approval::may_decide` |

use serde::{Deserialize, Serialize};

use crate::approval::{NoticeError, REQUEST_KINDS};
use crate::field::FieldError;
use crate::i18n::Text;
use crate::model::{ApprovalKind, Method};
use crate::plan::{refusals, PlanFinding, PlanStep, RequestFacts};
use crate::steps::Refusal;

/// A step a purchaser takes on its plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    /// 登记采购意向公开.
    Intention,
    /// 提交审批申请 (import, method change, single source).
    Request,
    /// 下达执行.
    Release,
    /// 开始采购: the first round of a released plan, or a new round after a failed one.
    Start,
}

impl PlanAction {
    pub const ALL: [PlanAction; 4] = [
        PlanAction::Intention,
        PlanAction::Request,
        PlanAction::Release,
        PlanAction::Start,
    ];

    pub fn name(self) -> Text {
        match self {
            PlanAction::Intention => Text::new("登记采购意向公开", "Record the intention"),
            PlanAction::Request => Text::new("提交审批申请", "Submit a request"),
            PlanAction::Release => Text::new("下达执行", "Release for execution"),
            PlanAction::Start => Text::new("开始采购", "Start the procurement"),
        }
    }
}

/// A plan's status as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// 已备案.
    Filed,
    /// 已下达执行.
    Released,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 2] = [PlanStatus::Filed, PlanStatus::Released];

    pub fn code(self) -> &'static str {
        match self {
            PlanStatus::Filed => "filed",
            PlanStatus::Released => "released",
        }
    }

    pub fn from_code(code: &str) -> Option<PlanStatus> {
        PlanStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            PlanStatus::Filed => Text::new("已备案", "Filed"),
            PlanStatus::Released => Text::new("已下达执行", "Released"),
        }
    }
}

/// The actor's part in a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlanPart {
    /// A purchaser of the plan's own unit.
    pub unit: bool,
    /// The account that filed the plan (经办): it may not also release it (审核) — the unit's
    /// handler and reviewer are two people.
    pub filed_it: bool,
}

/// Why the account that filed a plan may not release it (经办与审核分离).
pub fn same_person_refusal() -> Text {
    Text::new(
        "经办与审核分离：该计划由您提交，须由本单位另一位人员审核后下达执行",
        "Handler and reviewer are two people: you filed this plan, so another person of your unit reviews and releases it",
    )
}

/// One round of a plan's procurement (a project started from it), as the gate reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub project_id: i64,
    /// Ended by 废标 / 终止.
    pub terminated: bool,
    /// A challenge that may affect its result (e.g. of the failure) is unanswered.
    pub challenged: bool,
}

/// What the plan's gate reads.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSituation<'a> {
    pub status: PlanStatus,
    /// The plan's requests before any failure (filed with the plan).
    pub requests: &'a [RequestFacts],
    /// The plan's rounds, oldest first.
    pub rounds: &'a [Round],
    /// The requests filed after the last round failed, linked to it.
    pub after_failure: &'a [RequestFacts],
    /// The plan's checks as of now, the activity starting now (what a release would find);
    /// empty when not computed (the server's step runs them itself after the gate).
    pub findings_now: &'a [PlanFinding],
}

impl PlanSituation<'_> {
    /// The last round, when every round so far failed (a new round or a request may follow).
    pub fn failed_round(&self) -> Option<i64> {
        failed_round(self.rounds)
    }

    /// A round is under way: started and not ended by 废标 / 终止, or ended while a challenge
    /// that may affect its result (of the failure itself) is unanswered — the next round waits
    /// for the answer (as the contract does, 条例 Art 54).
    pub fn running(&self) -> bool {
        self.rounds.iter().any(|r| !r.terminated || r.challenged)
    }
}

/// The last of `rounds` when every round failed (the round a request after the failure is
/// linked to), else `None`.
pub fn failed_round(rounds: &[Round]) -> Option<i64> {
    match rounds.last() {
        Some(last) if rounds.iter().all(|r| r.terminated) => Some(last.project_id),
        _ => None,
    }
}

/// Whether `action` may be taken now on the plan; the reason when not. Release: the checks'
/// refusals are not part of the gate (the server answers them with their findings); they are
/// part of what [`plan_offered`] offers.
pub fn plan_gate(action: PlanAction, s: &PlanSituation<'_>, part: PlanPart) -> Result<(), Refusal> {
    if !part.unit {
        return Err(Refusal::NotYours);
    }
    match action {
        PlanAction::Intention => Ok(()),
        PlanAction::Request => {
            let after_failure = s.status == PlanStatus::Released && s.failed_round().is_some();
            if s.status != PlanStatus::Filed && !after_failure {
                return Err(Refusal::NotNow {
                    field: "step",
                    reason: Text::new(
                        "计划已下达执行：审批须在采购活动开始前取得（采购失败后可申请变更采购方式）",
                        "The plan is released: approvals come before the procurement starts (after a failed round a method change may be requested)",
                    ),
                });
            }
            if request_kinds(s).is_empty() {
                return Err(Refusal::NotNow {
                    field: "kind",
                    reason: duplicate_text(),
                });
            }
            Ok(())
        }
        PlanAction::Start => start_gate(
            s.status,
            s.running(),
            s.after_failure.iter().any(|r| r.approved.is_none()),
        ),
        PlanAction::Release => match s.status {
            PlanStatus::Filed if part.filed_it => Err(Refusal::NotNow {
                field: "step",
                reason: same_person_refusal(),
            }),
            PlanStatus::Filed => Ok(()),
            PlanStatus::Released => Err(Refusal::NotNow {
                field: "status",
                reason: Text::new("该计划已下达执行", "This plan is released already"),
            }),
        },
    }
}

/// The steps the page offers this actor now: the gate's, and a release only when the checks as
/// of now forbid nothing.
pub fn plan_offered(s: &PlanSituation<'_>, part: PlanPart) -> Vec<PlanAction> {
    PlanAction::ALL
        .into_iter()
        .filter(|a| plan_gate(*a, s, part).is_ok())
        .filter(|a| {
            *a != PlanAction::Release || refusals(s.findings_now, PlanStep::Release).is_empty()
        })
        .collect()
}

/// Whether a round may start: the plan released, no round under way, no request after a
/// failure still waiting for its decision. The plan desk asks it per plan from counted rows.
pub fn start_gate(status: PlanStatus, running: bool, waiting: bool) -> Result<(), Refusal> {
    if status != PlanStatus::Released {
        return Err(Refusal::NotNow {
            field: "plan_id",
            reason: Text::new("该计划尚未下达执行", "This plan is not released yet"),
        });
    }
    if running {
        return Err(Refusal::NotNow {
            field: "plan_id",
            reason: Text::new(
                "该计划的采购正在进行",
                "This plan's procurement is under way",
            ),
        });
    }
    if waiting {
        return Err(Refusal::NotNow {
            field: "plan_id",
            reason: Text::new(
                "采购失败后提交的申请尚待审批",
                "The request filed after the failed round awaits its decision",
            ),
        });
    }
    Ok(())
}

/// The kinds a request may be filed for now: before release, those of [`open_request_kinds`];
/// after a failed round, a method change or single source (most method changes arise here) —
/// one request for the failed round at a time: while one is pending or approved no other is
/// offered, so the next round's method is never a choice between two approvals.
pub fn request_kinds(s: &PlanSituation<'_>) -> Vec<ApprovalKind> {
    match s.status {
        PlanStatus::Filed => open_request_kinds(s.requests),
        PlanStatus::Released if s.failed_round().is_some() => {
            if s.after_failure.iter().any(|r| r.approved != Some(false)) {
                Vec::new()
            } else {
                vec![ApprovalKind::MethodChange, ApprovalKind::SingleSource]
            }
        }
        PlanStatus::Released => Vec::new(),
    }
}

/// The method of the next round: the approved change after the last failure (a method change's
/// new method, or single source), else the plan's own.
pub fn next_round_method(plan_method: Method, after_failure: &[RequestFacts]) -> Method {
    after_failure
        .iter()
        .rev()
        .filter(|r| r.approved == Some(true))
        .find_map(|r| match r.kind {
            ApprovalKind::MethodChange => r.to_method,
            ApprovalKind::SingleSource => Some(Method::SingleSource),
            _ => None,
        })
        .unwrap_or(plan_method)
}

/// The request kinds that may still be requested: those without a pending or approved request.
pub fn open_request_kinds(requests: &[RequestFacts]) -> Vec<ApprovalKind> {
    REQUEST_KINDS
        .into_iter()
        .filter(|k| {
            !requests
                .iter()
                .any(|r| r.kind == *k && r.approved != Some(false))
        })
        .collect()
}

/// A request of `kind` may be filed now ([`request_kinds`]).
pub fn check_request_kind(kind: ApprovalKind, s: &PlanSituation<'_>) -> Result<(), FieldError> {
    if request_kinds(s).contains(&kind) {
        Ok(())
    } else {
        Err(FieldError::new("kind", "duplicate", duplicate_text()))
    }
}

fn duplicate_text() -> Text {
    Text::new(
        "该事项已有待审批或已批准的申请",
        "A request of this kind is pending or approved already",
    )
}

/// The single-source notice period could not be counted from the calendar (a date outside it).
pub fn notice_period_error(e: &NoticeError) -> FieldError {
    FieldError::with_message(
        "notice_from",
        "calendar",
        format!("无法计算公示期：{e}"),
        format!("The notice period cannot be counted: {e}"),
    )
}

/// The budget line named by a plan is not one of the unit's.
pub fn unknown_budget_line() -> FieldError {
    FieldError::new(
        "budget_line_id",
        "unknown",
        Text::new("没有这个预算指标", "No such budget line"),
    )
}

/// The name of a plan or approval step on the monitor (by its audit action).
pub fn step_title(step: &str) -> Text {
    match step {
        "plan.file" => Text::new("采购计划备案", "Plan filed"),
        "plan.release" => Text::new("采购计划下达执行", "Plan released"),
        "plan.intention" => Text::new("采购意向公开", "Intention published"),
        "approval.request" => Text::new("提交审批申请", "Approval requested"),
        "approval.decide" => Text::new("审批决定", "Approval decided"),
        _ => Text::new("操作", "Step"),
    }
}

/// The monitor's detail of a plan step: its method and amount.
pub fn plan_detail(method: crate::model::Method, amount: crate::money::Fen) -> (String, String) {
    (
        format!("{}，{amount}元", method.name().zh),
        format!("{}, CNY {amount}", method.name().en),
    )
}

/// The monitor's detail of a decision: the kind, the verdict and the reason.
pub fn decision_detail(
    kind: ApprovalKind,
    verdict: crate::approval::Verdict,
    reason: &str,
) -> (String, String) {
    let (k, v) = (crate::approval::kind_name(kind), verdict.name());
    (
        format!("{}{}：{reason}", k.zh, v.zh),
        format!("{} {}: {reason}", k.en, v.en),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::framework::{Severity, Stage};
    use crate::model::MethodGround;
    use crate::time::Instant;

    fn request(kind: ApprovalKind, approved: Option<bool>) -> RequestFacts {
        RequestFacts {
            kind,
            to_method: Some(Method::CompetitiveNegotiation),
            ground: Some(MethodGround::Other),
            submitted_at: Instant::from_unix_seconds(1_700_000_000),
            decided_at: None,
            approved,
        }
    }

    fn finding(check: &str) -> PlanFinding {
        PlanFinding {
            check_id: check.to_owned(),
            title_zh: String::new(),
            title_en: String::new(),
            stage: Stage::Pre,
            severity: Severity::Critical,
            message_zh: String::new(),
            message_en: String::new(),
            evidence: serde_json::Value::Null,
        }
    }

    fn sit(status: PlanStatus) -> PlanSituation<'static> {
        PlanSituation {
            status,
            requests: &[],
            rounds: &[],
            after_failure: &[],
            findings_now: &[],
        }
    }

    const UNIT: PlanPart = PlanPart {
        unit: true,
        filed_it: false,
    };

    #[test]
    fn only_the_unit_acts_on_its_plan() {
        let s = sit(PlanStatus::Filed);
        for a in PlanAction::ALL {
            assert_eq!(
                plan_gate(a, &s, PlanPart::default()),
                Err(Refusal::NotYours)
            );
        }
        assert!(plan_offered(&s, PlanPart::default()).is_empty());
        assert_eq!(
            plan_offered(&s, UNIT),
            vec![
                PlanAction::Intention,
                PlanAction::Request,
                PlanAction::Release
            ]
        );
    }

    #[test]
    fn the_handler_who_filed_a_plan_does_not_release_it() {
        let s = sit(PlanStatus::Filed);
        let handler = PlanPart {
            unit: true,
            filed_it: true,
        };
        assert_eq!(
            plan_offered(&s, handler),
            vec![PlanAction::Intention, PlanAction::Request]
        );
        match plan_gate(PlanAction::Release, &s, handler) {
            Err(Refusal::NotNow { reason, .. }) => assert_eq!(reason, same_person_refusal()),
            other => panic!("{other:?}"),
        }
        assert_eq!(plan_gate(PlanAction::Release, &s, UNIT), Ok(()));
    }

    #[test]
    fn a_released_plan_starts_once_then_offers_only_the_intention() {
        let s = sit(PlanStatus::Released);
        assert_eq!(
            plan_offered(&s, UNIT),
            vec![PlanAction::Intention, PlanAction::Start]
        );
        assert!(matches!(
            plan_gate(PlanAction::Release, &s, UNIT),
            Err(Refusal::NotNow {
                field: "status",
                ..
            })
        ));
        let running = [Round {
            project_id: 7,
            terminated: false,
            challenged: false,
        }];
        let s = PlanSituation {
            rounds: &running,
            ..sit(PlanStatus::Released)
        };
        assert_eq!(plan_offered(&s, UNIT), vec![PlanAction::Intention]);
        assert!(matches!(
            plan_gate(PlanAction::Start, &s, UNIT),
            Err(Refusal::NotNow {
                field: "plan_id",
                ..
            })
        ));
    }

    #[test]
    fn after_a_failed_round_a_method_change_or_a_new_round() {
        // The failure challenged (a challenge that may affect the result, unanswered): the
        // next round waits for the answer.
        let challenged = [Round {
            project_id: 7,
            terminated: true,
            challenged: true,
        }];
        let s = PlanSituation {
            rounds: &challenged,
            ..sit(PlanStatus::Released)
        };
        assert!(s.running());
        assert!(plan_gate(PlanAction::Start, &s, UNIT).is_err());
        let failed = [Round {
            project_id: 7,
            terminated: true,
            challenged: false,
        }];
        let s = PlanSituation {
            rounds: &failed,
            ..sit(PlanStatus::Released)
        };
        assert_eq!(s.failed_round(), Some(7));
        assert_eq!(
            plan_offered(&s, UNIT),
            vec![
                PlanAction::Intention,
                PlanAction::Request,
                PlanAction::Start
            ]
        );
        assert_eq!(
            request_kinds(&s),
            vec![ApprovalKind::MethodChange, ApprovalKind::SingleSource]
        );
        assert!(check_request_kind(ApprovalKind::Import, &s).is_err());
        // A change requested: no new round until it is decided.
        let pending = [request(ApprovalKind::MethodChange, None)];
        let s = PlanSituation {
            after_failure: &pending,
            ..s
        };
        assert!(
            request_kinds(&s).is_empty(),
            "one request per failed round at a time"
        );
        assert!(!plan_offered(&s, UNIT).contains(&PlanAction::Request));
        assert!(plan_gate(PlanAction::Start, &s, UNIT).is_err());
        // Approved: the new round runs with the new method.
        let approved = [request(ApprovalKind::MethodChange, Some(true))];
        let s = PlanSituation {
            after_failure: &approved,
            ..s
        };
        assert!(plan_gate(PlanAction::Start, &s, UNIT).is_ok());
        assert_eq!(
            next_round_method(Method::PublicTender, s.after_failure),
            Method::CompetitiveNegotiation
        );
        // Rejected: the plan's own method.
        let rejected = [request(ApprovalKind::MethodChange, Some(false))];
        assert_eq!(
            next_round_method(Method::PublicTender, &rejected),
            Method::PublicTender
        );
    }

    #[test]
    fn release_is_not_offered_while_a_check_forbids_it() {
        let p04 = [finding("P04")];
        let s = PlanSituation {
            findings_now: &p04,
            ..sit(PlanStatus::Filed)
        };
        assert!(!plan_offered(&s, UNIT).contains(&PlanAction::Release));
        // A warning does not stop it.
        let p05 = [finding("P05")];
        let s = PlanSituation {
            findings_now: &p05,
            ..s
        };
        assert!(plan_offered(&s, UNIT).contains(&PlanAction::Release));
    }

    #[test]
    fn a_kind_is_requested_once_unless_rejected() {
        let reqs = [
            request(ApprovalKind::MethodChange, None),
            request(ApprovalKind::Import, Some(false)),
        ];
        assert_eq!(
            open_request_kinds(&reqs),
            vec![ApprovalKind::Import, ApprovalKind::SingleSource]
        );
        let s = PlanSituation {
            requests: &reqs,
            ..sit(PlanStatus::Filed)
        };
        assert!(check_request_kind(ApprovalKind::MethodChange, &s).is_err());
        assert!(check_request_kind(ApprovalKind::Import, &s).is_ok());
        let all = [
            request(ApprovalKind::MethodChange, Some(true)),
            request(ApprovalKind::Import, None),
            request(ApprovalKind::SingleSource, None),
        ];
        let s = PlanSituation {
            requests: &all,
            ..sit(PlanStatus::Filed)
        };
        assert!(matches!(
            plan_gate(PlanAction::Request, &s, UNIT),
            Err(Refusal::NotNow { field: "kind", .. })
        ));
        assert!(!plan_offered(&s, UNIT).contains(&PlanAction::Request));
    }
}
