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
//! | release | the plan's unit | filed, not released; and no check as of now forbids it ([`crate::plan::refusals`], P01/P04/P09 — the server re-runs them at the step and answers their findings) |
//! | decide | a regulator of the plan's jurisdiction | `approval::may_decide` |

use serde::{Deserialize, Serialize};

use crate::approval::{NoticeError, REQUEST_KINDS};
use crate::field::FieldError;
use crate::i18n::Text;
use crate::model::ApprovalKind;
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
}

impl PlanAction {
    pub const ALL: [PlanAction; 3] = [
        PlanAction::Intention,
        PlanAction::Request,
        PlanAction::Release,
    ];

    pub fn name(self) -> Text {
        match self {
            PlanAction::Intention => Text::new("登记采购意向公开", "Record the intention"),
            PlanAction::Request => Text::new("提交审批申请", "Submit a request"),
            PlanAction::Release => Text::new("下达执行", "Release for execution"),
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
    pub fn code(self) -> &'static str {
        match self {
            PlanStatus::Filed => "filed",
            PlanStatus::Released => "released",
        }
    }

    pub fn from_code(code: &str) -> Option<PlanStatus> {
        match code {
            "filed" => Some(PlanStatus::Filed),
            "released" => Some(PlanStatus::Released),
            _ => None,
        }
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
}

/// What the plan's gate reads.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSituation<'a> {
    pub status: PlanStatus,
    /// The plan's requests so far.
    pub requests: &'a [RequestFacts],
    /// The plan's checks as of now, the activity starting now (what a release would find);
    /// empty when not computed (the server's step runs them itself after the gate).
    pub findings_now: &'a [PlanFinding],
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
            if s.status != PlanStatus::Filed {
                return Err(Refusal::NotNow {
                    field: "step",
                    reason: Text::new(
                        "计划已下达执行：审批须在采购活动开始前取得",
                        "The plan is released: approvals come before the procurement starts",
                    ),
                });
            }
            if open_request_kinds(s.requests).is_empty() {
                return Err(Refusal::NotNow {
                    field: "kind",
                    reason: duplicate_text(),
                });
            }
            Ok(())
        }
        PlanAction::Release => match s.status {
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

/// A request of `kind` may be filed: not pending or approved already.
pub fn check_request_kind(kind: ApprovalKind, requests: &[RequestFacts]) -> Result<(), FieldError> {
    if open_request_kinds(requests).contains(&kind) {
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
    use crate::model::{Method, MethodGround};
    use crate::plan::PlanFinding;
    use crate::time::Instant;

    fn request(kind: ApprovalKind, approved: Option<bool>) -> RequestFacts {
        RequestFacts {
            kind,
            to_method: Some(Method::CompetitiveConsultation),
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

    const UNIT: PlanPart = PlanPart { unit: true };

    #[test]
    fn only_the_unit_acts_on_its_plan() {
        let s = PlanSituation {
            status: PlanStatus::Filed,
            requests: &[],
            findings_now: &[],
        };
        for a in PlanAction::ALL {
            assert_eq!(
                plan_gate(a, &s, PlanPart::default()),
                Err(Refusal::NotYours)
            );
            assert!(plan_gate(a, &s, UNIT).is_ok());
        }
        assert!(plan_offered(&s, PlanPart::default()).is_empty());
        assert_eq!(plan_offered(&s, UNIT), PlanAction::ALL.to_vec());
    }

    #[test]
    fn a_released_plan_offers_only_the_intention() {
        let s = PlanSituation {
            status: PlanStatus::Released,
            requests: &[],
            findings_now: &[],
        };
        assert_eq!(plan_offered(&s, UNIT), vec![PlanAction::Intention]);
        assert!(matches!(
            plan_gate(PlanAction::Release, &s, UNIT),
            Err(Refusal::NotNow {
                field: "status",
                ..
            })
        ));
    }

    #[test]
    fn release_is_not_offered_while_a_check_forbids_it() {
        let p04 = [finding("P04")];
        let s = PlanSituation {
            status: PlanStatus::Filed,
            requests: &[],
            findings_now: &p04,
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
        assert!(check_request_kind(ApprovalKind::MethodChange, &reqs).is_err());
        assert!(check_request_kind(ApprovalKind::Import, &reqs).is_ok());
        let all = [
            request(ApprovalKind::MethodChange, Some(true)),
            request(ApprovalKind::Import, None),
            request(ApprovalKind::SingleSource, None),
        ];
        let s = PlanSituation {
            status: PlanStatus::Filed,
            requests: &all,
            findings_now: &[],
        };
        assert!(matches!(
            plan_gate(PlanAction::Request, &s, UNIT),
            Err(Refusal::NotNow { field: "kind", .. })
        ));
        assert!(!plan_offered(&s, UNIT).contains(&PlanAction::Request));
    }
}
