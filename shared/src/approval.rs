//! Requests to the finance department about a plan and their decisions (审批): import approval
//! (采购进口产品), method change (变更采购方式, with its statutory ground) and single source (单一来源,
//! after a public notice of at least 5 working days, 条例 Art 38). The request and decision forms
//! as typed, their parsing, the notice period from the calendar, and when a decision may be taken.
//! The browser and the server call the same functions.

use serde::{Deserialize, Serialize};

use crate::calendar::CalendarError;
use crate::checks::framework::CheckContext;
use crate::field::{FieldError, FieldErrors};
use crate::i18n::Text;
use crate::model::{ApprovalKind, Method, MethodGround};
use crate::thresholds::TimeLimitId;
use crate::time::Date;

/// Longest reason, in characters.
pub const REASON_MAX: usize = 1000;
/// Shortest reason: a word is not a reason.
pub const REASON_MIN: usize = 4;
/// Longest supplier name.
pub const SUPPLIER_MAX: usize = 100;

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// 待审批.
    Pending,
    /// 已批准.
    Approved,
    /// 不予批准.
    Rejected,
}

impl RequestStatus {
    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Option<RequestStatus> {
        match code {
            "pending" => Some(RequestStatus::Pending),
            "approved" => Some(RequestStatus::Approved),
            "rejected" => Some(RequestStatus::Rejected),
            _ => None,
        }
    }

    pub fn name(self) -> Text {
        match self {
            RequestStatus::Pending => Text::new("待审批", "Pending"),
            RequestStatus::Approved => Text::new("已批准", "Approved"),
            RequestStatus::Rejected => Text::new("不予批准", "Rejected"),
        }
    }
}

/// The kinds of request a purchaser files about a plan.
pub const REQUEST_KINDS: [ApprovalKind; 3] = [
    ApprovalKind::Import,
    ApprovalKind::MethodChange,
    ApprovalKind::SingleSource,
];

/// The code of a request kind, as in JSON and forms.
pub fn kind_code(kind: ApprovalKind) -> &'static str {
    match kind {
        ApprovalKind::Import => "import",
        ApprovalKind::MethodChange => "method_change",
        ApprovalKind::SingleSource => "single_source",
        ApprovalKind::ExpertSelfSelection => "expert_self_selection",
        ApprovalKind::TwoSupplierContinuation => "two_supplier_continuation",
        ApprovalKind::PriceWeight => "price_weight",
    }
}

/// A request kind from its code (only the kinds of [`REQUEST_KINDS`]).
pub fn kind_from_code(code: &str) -> Option<ApprovalKind> {
    let code = code.trim();
    REQUEST_KINDS.into_iter().find(|k| kind_code(*k) == code)
}

/// The name of a request kind.
pub fn kind_name(kind: ApprovalKind) -> Text {
    match kind {
        ApprovalKind::Import => Text::new("采购进口产品审批", "Import approval"),
        ApprovalKind::MethodChange => Text::new("变更采购方式审批", "Method change approval"),
        ApprovalKind::SingleSource => {
            Text::new("单一来源公示及审批", "Single-source notice and approval")
        }
        ApprovalKind::ExpertSelfSelection => {
            Text::new("自行选定评审专家", "Self-selection of experts")
        }
        ApprovalKind::TwoSupplierContinuation => {
            Text::new("两家供应商继续采购", "Continuing with two suppliers")
        }
        ApprovalKind::PriceWeight => Text::new("价格分值比重", "Price weight"),
    }
}

/// The label of a form field.
pub fn field_label(field: &str) -> Text {
    match field {
        "kind" => Text::new("申请事项", "Request"),
        "ground" => Text::new("法定情形", "Statutory ground"),
        "reason" => Text::new("申请理由", "Reason"),
        "supplier_name" => Text::new("拟定供应商", "Proposed supplier"),
        "notice_from" => Text::new("公示开始日期", "Notice published on"),
        "decision" => Text::new("审批意见", "Decision"),
        _ => Text::new("该项", "This field"),
    }
}

/// The request form, exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    pub kind: String,
    pub ground: String,
    pub reason: String,
    pub supplier_name: String,
    pub notice_from: String,
}

/// A valid request about a plan whose intended method is `method`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewRequest {
    kind: ApprovalKind,
    to_method: Option<Method>,
    ground: Option<MethodGround>,
    reason: String,
    supplier_name: Option<String>,
    notice_from: Option<Date>,
}

impl NewRequest {
    pub fn kind(&self) -> ApprovalKind {
        self.kind
    }
    /// For a method change and single source: the method asked for (the plan's method).
    pub fn to_method(&self) -> Option<Method> {
        self.to_method
    }
    pub fn ground(&self) -> Option<MethodGround> {
        self.ground
    }
    pub fn reason(&self) -> &str {
        &self.reason
    }
    pub fn supplier_name(&self) -> Option<&str> {
        self.supplier_name.as_deref()
    }
    pub fn notice_from(&self) -> Option<Date> {
        self.notice_from
    }
}

fn required(field: &str) -> FieldError {
    FieldError::new(
        field,
        "required",
        Text::new("此项必填", "This field is required"),
    )
}

fn text(field: &str, v: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let v = v.trim();
    let n = v.chars().count();
    if n == 0 {
        return Err(required(field));
    }
    if n < min {
        return Err(FieldError::with_message(
            field,
            "too_short",
            format!("至少{min}个字"),
            format!("At least {min} characters"),
        ));
    }
    if n > max {
        return Err(FieldError::with_message(
            field,
            "too_long",
            format!("不能超过{max}个字"),
            format!("At most {max} characters"),
        ));
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(FieldError::new(
            field,
            "control_chars",
            Text::new("含有不可见的控制字符", "Contains control characters"),
        ));
    }
    Ok(v.to_owned())
}

/// The grounds a request of `kind` may state: for a plan of `plan_method`, the grounds of that
/// method and "other"; after a round of `failed` failed, those naming another method — single
/// source for a single-source request, a competitive method for a method change. None for a
/// kind that states no ground. `RequestForm::parse` admits exactly these; the request form
/// lists them under their kind.
pub fn grounds_of(
    kind: ApprovalKind,
    plan_method: Method,
    failed: Option<Method>,
) -> Vec<MethodGround> {
    if !matches!(
        kind,
        ApprovalKind::MethodChange | ApprovalKind::SingleSource
    ) {
        return Vec::new();
    }
    match failed {
        Some(f) => MethodGround::ALL
            .into_iter()
            .filter(|g| {
                g.method().is_some_and(|m| {
                    m != f && (m == Method::SingleSource) == (kind == ApprovalKind::SingleSource)
                })
            })
            .collect(),
        None => MethodGround::ALL
            .into_iter()
            .filter(|g| *g == MethodGround::Other || g.method() == Some(plan_method))
            .collect(),
    }
}

impl RequestForm {
    /// Every field's error at once. `plan_method` is the plan's intended method: a method
    /// change asks for it; single source needs the plan to be single source.
    pub fn parse(&self, plan_method: Method) -> Result<NewRequest, FieldErrors> {
        self.parse_for(RequestFor::Plan(plan_method))
    }

    /// A request filed after a round of `failed` failed (废标): a method change or single source
    /// to a method named by the ground (e.g. 公开招标失败后转竞争性谈判), not the failed one again.
    pub fn parse_after_failure(&self, failed: Method) -> Result<NewRequest, FieldErrors> {
        self.parse_for(RequestFor::AfterFailure(failed))
    }

    fn parse_for(&self, for_: RequestFor) -> Result<NewRequest, FieldErrors> {
        let plan_method = match for_ {
            RequestFor::Plan(m) | RequestFor::AfterFailure(m) => m,
        };
        let after_failure = matches!(for_, RequestFor::AfterFailure(_));
        let mut e = FieldErrors::new();
        let kind = e.take(match self.kind.trim() {
            "" => Err(required("kind")),
            code => kind_from_code(code).ok_or_else(|| {
                FieldError::new(
                    "kind",
                    "unknown",
                    Text::new("没有这种申请事项", "No such request"),
                )
            }),
        });
        let needs_ground = matches!(
            kind,
            Some(ApprovalKind::MethodChange | ApprovalKind::SingleSource)
        );
        if let Some(k) = kind {
            if after_failure {
                if !needs_ground {
                    e.push(FieldError::new(
                        "kind",
                        "after_failure",
                        Text::new(
                            "采购失败后可申请变更采购方式或单一来源",
                            "After a failed round a method change or single source may be requested",
                        ),
                    ));
                }
            } else if needs_ground && plan_method == Method::PublicTender {
                e.push(FieldError::new(
                    "kind",
                    "not_needed",
                    Text::new(
                        "计划拟采用公开招标，无需变更采购方式",
                        "The plan uses open tender: no method change is needed",
                    ),
                ));
            } else if k == ApprovalKind::SingleSource && plan_method != Method::SingleSource {
                e.push(FieldError::new(
                    "kind",
                    "method_mismatch",
                    Text::new(
                        "计划拟采用的方式不是单一来源",
                        "The plan's intended method is not single source",
                    ),
                ));
            }
        }
        let ground = if needs_ground {
            e.take(match self.ground.trim() {
                "" => Err(required("ground")),
                code => match MethodGround::from_code(code) {
                    // After a failure the ground names the new method: another one than the
                    // failed, single source for a single-source request.
                    Some(g)
                        if after_failure
                            && kind.is_some_and(|k| {
                                grounds_of(k, plan_method, Some(plan_method)).contains(&g)
                            }) =>
                    {
                        Ok(Some(g))
                    }
                    Some(g) if after_failure => Err(FieldError::with_message(
                        "ground",
                        "method_mismatch",
                        format!(
                            "“{}”不能作为{}失败后改变采购方式的情形",
                            g.name().zh,
                            plan_method.name().zh
                        ),
                        format!(
                            "'{}' is not a ground to change from a failed {}",
                            g.name().en,
                            plan_method.name().en.to_lowercase()
                        ),
                    )),
                    Some(g)
                        if kind.is_some_and(|k| grounds_of(k, plan_method, None).contains(&g)) =>
                    {
                        Ok(Some(g))
                    }
                    Some(g) => Err(FieldError::with_message(
                        "ground",
                        "method_mismatch",
                        format!("“{}”不是{}的法定情形", g.name().zh, plan_method.name().zh),
                        format!(
                            "'{}' is not a ground for {}",
                            g.name().en,
                            plan_method.name().en.to_lowercase()
                        ),
                    )),
                    None => Err(FieldError::new(
                        "ground",
                        "unknown",
                        Text::new("没有这种法定情形", "No such ground"),
                    )),
                },
            })
            .flatten()
        } else {
            None
        };
        let reason = e.take(text("reason", &self.reason, REASON_MIN, REASON_MAX));
        let single = kind == Some(ApprovalKind::SingleSource);
        let supplier_name = if single {
            e.take(text("supplier_name", &self.supplier_name, 2, SUPPLIER_MAX))
        } else {
            None
        };
        let notice_from = if single {
            e.take(match self.notice_from.trim() {
                "" => Err(required("notice_from")),
                v => Date::parse(v).map_err(|_| {
                    FieldError::new(
                        "notice_from",
                        "format",
                        Text::new("日期格式为 YYYY-MM-DD", "Use the format YYYY-MM-DD"),
                    )
                }),
            })
        } else {
            None
        };
        match (kind, reason) {
            (Some(kind), Some(reason)) if e.is_empty() => Ok(NewRequest {
                kind,
                to_method: if after_failure {
                    ground.and_then(MethodGround::method)
                } else {
                    needs_ground.then_some(plan_method)
                },
                ground,
                reason,
                supplier_name,
                notice_from,
            }),
            _ => Err(e),
        }
    }
}

/// What a request is filed for: the plan's intended method, or a change after a failed round.
#[derive(Debug, Clone, Copy)]
enum RequestFor {
    Plan(Method),
    AfterFailure(Method),
}

/// Why the notice period could not be counted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error("no single-source notice period is known for {0}")]
    NoLimit(Date),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

/// The last day of the single-source public notice published on `from`: the statutory number
/// of working days (T13, 5 from 2015-03-01) counted from the next day, holidays and 调休 from the
/// calendar.
pub fn notice_until(from: Date, ctx: &CheckContext) -> Result<Date, NoticeError> {
    let limit = ctx
        .thresholds
        .time_limit(TimeLimitId::T13, from)
        .ok_or(NoticeError::NoLimit(from))?;
    Ok(ctx.calendar.period_end_workdays(from, limit.value.amount)?)
}

/// The regulator's decision form, exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    /// `approve` or `reject`.
    pub decision: String,
    pub reason: String,
}

/// A valid decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Approve,
    Reject,
}

impl Verdict {
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Approve => "approved",
            Verdict::Reject => "rejected",
        }
    }

    pub fn name(self) -> Text {
        match self {
            Verdict::Approve => Text::new("批准", "approved"),
            Verdict::Reject => Text::new("不予批准", "rejected"),
        }
    }
}

impl DecisionForm {
    pub fn parse(&self) -> Result<(Verdict, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let verdict = e.take(match self.decision.trim() {
            "approve" => Ok(Verdict::Approve),
            "reject" => Ok(Verdict::Reject),
            "" => Err(required("decision")),
            _ => Err(FieldError::new(
                "decision",
                "unknown",
                Text::new("请选择批准或不予批准", "Choose approve or reject"),
            )),
        });
        let reason = e.take(text("reason", &self.reason, REASON_MIN, REASON_MAX));
        match (verdict, reason) {
            (Some(v), Some(r)) if e.is_empty() => Ok((v, r)),
            _ => Err(e),
        }
    }
}

/// Whether a decision may be taken on `today` (China date). A decided request stays decided; a
/// single-source request is approved only after its notice period has ended (条例 Art 38-39:
/// objections during the notice are handled first). Rejection is always possible while pending.
pub fn may_decide(
    kind: ApprovalKind,
    pending: bool,
    notice_until: Option<Date>,
    verdict: Verdict,
    today: Date,
) -> Result<(), FieldError> {
    if !pending {
        return Err(FieldError::new(
            "decision",
            "already_decided",
            Text::new(
                "该申请已审批，不能再次审批",
                "This request is already decided",
            ),
        ));
    }
    if kind == ApprovalKind::SingleSource && verdict == Verdict::Approve {
        match notice_until {
            Some(until) if today > until => {}
            Some(until) => {
                return Err(FieldError::with_message(
                    "decision",
                    "notice_running",
                    format!("单一来源公示期至{until}（5个工作日）尚未届满，不能批准"),
                    format!("The single-source notice runs until {until} (5 working days): it cannot be approved yet"),
                ))
            }
            None => {
                return Err(FieldError::new(
                    "decision",
                    "no_notice",
                    Text::new("未进行单一来源公示", "No single-source notice was published"),
                ))
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_kind_offers_only_the_grounds_it_may_state() {
        use super::grounds_of;
        use crate::model::{ApprovalKind, Method};
        // A plan: the grounds of its method and "other", the same for either kind.
        let plan = grounds_of(
            ApprovalKind::MethodChange,
            Method::CompetitiveNegotiation,
            None,
        );
        assert!(plan.contains(&super::MethodGround::Other));
        assert!(plan.iter().all(|g| *g == super::MethodGround::Other
            || g.method() == Some(Method::CompetitiveNegotiation)));
        // After a failed open tender: single source grounds for single source only, a
        // competitive method's for a method change, never the failed method's; no "other".
        let failed = Some(Method::PublicTender);
        let ss = grounds_of(ApprovalKind::SingleSource, Method::PublicTender, failed);
        let mc = grounds_of(ApprovalKind::MethodChange, Method::PublicTender, failed);
        assert!(!ss.is_empty() && !mc.is_empty());
        assert!(ss.iter().all(|g| g.method() == Some(Method::SingleSource)));
        assert!(mc.iter().all(|g| g
            .method()
            .is_some_and(|m| m != Method::SingleSource && m != Method::PublicTender)));
        // A kind that states no ground.
        assert!(grounds_of(ApprovalKind::Import, Method::PublicTender, None).is_empty());
    }

    use super::*;
    use crate::checks::testing::{ctx, day};

    fn form(kind: &str, ground: &str) -> RequestForm {
        RequestForm {
            kind: kind.into(),
            ground: ground.into(),
            reason: "技术复杂，无法确定详细规格".into(),
            supplier_name: String::new(),
            notice_from: String::new(),
        }
    }

    #[test]
    fn a_method_change_needs_a_ground_of_the_plans_method() {
        let r = form("method_change", "consultation_complex")
            .parse(Method::CompetitiveConsultation)
            .unwrap();
        assert_eq!(r.to_method(), Some(Method::CompetitiveConsultation));
        assert_eq!(r.ground(), Some(MethodGround::ConsultationComplex));
        let e = form("method_change", "negotiation_urgent")
            .parse(Method::CompetitiveConsultation)
            .unwrap_err();
        assert_eq!(e.for_field("ground").unwrap().code, "method_mismatch");
        let e = form("method_change", "")
            .parse(Method::CompetitiveConsultation)
            .unwrap_err();
        assert_eq!(e.for_field("ground").unwrap().code, "required");
        let e = form("method_change", "consultation_complex")
            .parse(Method::PublicTender)
            .unwrap_err();
        assert_eq!(e.for_field("kind").unwrap().code, "not_needed");
    }

    #[test]
    fn an_import_request_needs_only_a_reason() {
        let r = form("import", "").parse(Method::PublicTender).unwrap();
        assert_eq!(
            (r.kind(), r.ground(), r.to_method()),
            (ApprovalKind::Import, None, None)
        );
        let mut f = form("import", "");
        f.reason = "好".into();
        assert_eq!(
            f.parse(Method::PublicTender)
                .unwrap_err()
                .for_field("reason")
                .unwrap()
                .code,
            "too_short"
        );
    }

    #[test]
    fn single_source_needs_supplier_and_notice_date() {
        let e = form("single_source", "single_only_supplier")
            .parse(Method::SingleSource)
            .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["supplier_name", "notice_from"]);
        let e = form("single_source", "single_only_supplier")
            .parse(Method::CompetitiveNegotiation)
            .unwrap_err();
        assert_eq!(e.for_field("kind").unwrap().code, "method_mismatch");
    }

    #[test]
    fn the_notice_runs_five_working_days_skipping_holidays() {
        let c = ctx("2026-01-01 00:00");
        // Published Monday 2026-03-02: Tue..Mon → ends Monday 2026-03-09.
        assert_eq!(
            notice_until(day("2026-03-02"), &c).unwrap(),
            day("2026-03-09")
        );
        // Published Wednesday 2026-09-30: National Day 10-01..10-07 are holidays; the make-up
        // working days of the calendar count.
        let end = notice_until(day("2026-09-30"), &c).unwrap();
        assert_eq!(
            c.calendar.workdays_between(day("2026-09-30"), end).unwrap(),
            5
        );
        assert!(end > day("2026-10-07"));
    }

    #[test]
    fn single_source_is_approved_only_after_the_notice() {
        let until = Some(day("2026-03-09"));
        let k = ApprovalKind::SingleSource;
        assert_eq!(
            may_decide(k, true, until, Verdict::Approve, day("2026-03-09"))
                .unwrap_err()
                .code,
            "notice_running"
        );
        assert!(may_decide(k, true, until, Verdict::Approve, day("2026-03-10")).is_ok());
        assert!(may_decide(k, true, until, Verdict::Reject, day("2026-03-03")).is_ok());
        assert_eq!(
            may_decide(k, false, until, Verdict::Reject, day("2026-03-10"))
                .unwrap_err()
                .code,
            "already_decided"
        );
    }

    #[test]
    fn a_decision_needs_a_verdict_and_a_reason() {
        let e = DecisionForm::default().parse().unwrap_err();
        assert_eq!(e.len(), 2);
        let d = DecisionForm {
            decision: "approve".into(),
            reason: "符合法定情形".into(),
        };
        assert_eq!(d.parse().unwrap().0, Verdict::Approve);
    }

    #[test]
    fn kind_codes_match_the_json_names() {
        for k in REQUEST_KINDS {
            assert_eq!(serde_json::to_value(k).unwrap(), kind_code(k));
            assert_eq!(kind_from_code(kind_code(k)), Some(k));
        }
    }
}
