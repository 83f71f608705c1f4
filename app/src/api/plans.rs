//! Budget lines, plans and approvals: the data the pages exchange with the server, and the
//! server functions that read it. Writes arrive as form posts (they work without JavaScript) and
//! go through `crate::service::plans`, which parses with `shared` and checks access.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::checks::framework::{Severity, Stage};
use shared::field::FieldErrors;
use shared::model::{GovLevel, ObjectType};
use shared::money::Fen;
use shared::plan::{LineFacts, OtherPlan, PlanFinding, PlanForm};
use shared::time::{Date, Instant};

/// A budget line with what is already committed on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub fiscal_year: i32,
    pub approved: Fen,
    pub adjusted: Option<Fen>,
    /// Σ of the plans charged to it.
    pub committed: Fen,
}

impl LineRow {
    /// The line as the plan checks see it, for a plan not yet charged to it.
    pub fn facts(&self) -> LineFacts {
        LineFacts {
            id: self.id,
            fiscal_year: self.fiscal_year,
            approved: self.approved,
            adjusted: self.adjusted,
            committed_elsewhere: self.committed,
        }
    }
}

/// One plan in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRow {
    pub id: i64,
    pub name: String,
    pub unit_name: String,
    pub jurisdiction_code: String,
    pub fiscal_year: i32,
    pub object_type: ObjectType,
    pub category_code: String,
    pub amount: Fen,
    pub method: shared::model::Method,
    pub imports_wanted: bool,
    /// The intended start of the procurement (China date).
    pub planned_date: Date,
    pub status: shared::plan_steps::PlanStatus,
    pub budget_line_id: i64,
    pub budget_line_code: String,
    pub created_at: Instant,
    pub findings: i64,
    pub pending_requests: i64,
    /// A round of procurement may start from it now (`shared::plan_steps::start_gate`): released,
    /// no round under way, no request after a failure waiting.
    pub startable: bool,
    /// Rounds started so far (a new round follows a failed one).
    pub rounds: i64,
}

/// The purchaser's unit: a page of its budget lines (latest year first) and the plans a round
/// of procurement may start from now (`PlanRow::startable`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDesk {
    pub unit_name: String,
    pub lines: Vec<LineRow>,
    /// Every budget line of the unit; the page shown (from 1).
    pub lines_total: u32,
    pub lines_page: u32,
    pub plans: Vec<PlanRow>,
}

/// Budget lines on one page of the plans page.
pub const LINES_PER_PAGE: u32 = 50;

/// The plan list's filter and page (query parameters `q`, `year`, `status`, `page`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanQuery {
    /// Part of the plan's or the unit's name, or the plan's number.
    pub q: String,
    /// Fiscal year; empty: any.
    pub year: String,
    /// `filed`, `released`, …; empty: any.
    pub status: String,
    /// 1-based page.
    pub page: u32,
}

/// Plans on a page of the list.
pub const PLANS_PER_PAGE: u32 = 30;

impl PlanQuery {
    /// The query as a URL gives it, cut and clamped (an unknown status or year reads as any).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> PlanQuery {
        let status = get("status").unwrap_or_default();
        let year = get("year").unwrap_or_default();
        PlanQuery {
            q: crate::api::search_text(get("q")),
            year: match year.trim().parse::<i32>() {
                Ok(y) if (2000..=2100).contains(&y) => y.to_string(),
                _ => String::new(),
            },
            status: if shared::plan_steps::PlanStatus::from_code(&status).is_some() {
                status
            } else {
                String::new()
            },
            page: crate::api::page_param(get("page")),
        }
    }

    /// The same query normalised as [`PlanQuery::from_params`] does.
    pub fn normalized(&self) -> PlanQuery {
        PlanQuery::from_params(|k| match k {
            "q" => Some(self.q.clone()),
            "year" => Some(self.year.clone()),
            "status" => Some(self.status.clone()),
            "page" => Some(self.page.to_string()),
            _ => None,
        })
    }

    /// The filter as query parameters (without the page; empty when none).
    pub fn params(&self) -> String {
        crate::api::filter_params(&[
            ("q", &self.q),
            ("year", &self.year),
            ("status", &self.status),
        ])
    }
}

/// One page of the plan list and how many plans match (at most
/// [`crate::api::projects::COUNT_CAP`] + 1; beyond, the list says "more than").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanPage {
    pub rows: Vec<PlanRow>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// What the plan form needs to run the checks in the browser: the unit, its lines and its
/// other plans (the server recomputes all of it when the plan is filed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFormContext {
    pub unit_id: i64,
    pub unit_name: String,
    pub gov_level: GovLevel,
    pub jurisdiction_code: String,
    pub lines: Vec<LineRow>,
    pub others: Vec<OtherPlan>,
    /// The server's clock: the filing time the checks assume.
    pub now: Instant,
}

/// A stored flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRow {
    pub check_id: String,
    pub severity: Severity,
    pub stage: Stage,
    /// The step that raised it (`plan.file`, `plan.release`, …).
    pub step: String,
    pub message_zh: String,
    pub message_en: String,
    pub created_at: Instant,
}

/// A request to the finance department and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    pub id: i64,
    pub plan_id: i64,
    pub plan_name: String,
    pub unit_name: String,
    pub jurisdiction_code: String,
    pub kind: shared::model::ApprovalKind,
    pub to_method: Option<shared::model::Method>,
    pub ground: Option<shared::model::MethodGround>,
    pub reason: String,
    pub supplier_name: Option<String>,
    /// The single-source notice period (China dates).
    pub notice_from: Option<Date>,
    pub notice_until: Option<Date>,
    pub status: shared::approval::RequestStatus,
    pub submitted_at: Instant,
    pub submitted_by: Option<String>,
    pub decided_at: Option<Instant>,
    pub decided_by: Option<String>,
    pub decision_reason: Option<String>,
    /// The plan's amount.
    pub amount: Fen,
    /// Filed after a failed round: that round's project and its ground.
    pub failed_round: Option<(i64, shared::execution::FailureGround)>,
    /// Approval may be given today (`shared::approval::may_decide`, computed on the server): a
    /// single-source request waits for the end of its notice.
    pub approvable: bool,
}

/// One round of a plan's procurement: a project started from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundRow {
    pub project_id: i64,
    pub round: i64,
    pub method: shared::model::Method,
    /// Ended by 废标 / 终止: the ground and the reason told to the bidders.
    pub failed: Option<(shared::execution::FailureGround, String)>,
}

/// A published procurement intention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntentionRow {
    /// The China date it was published on.
    pub published_on: Date,
    pub media: String,
    pub content: String,
}

/// One plan with its findings and requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDetail {
    pub plan: PlanRow,
    pub intentions: Vec<IntentionRow>,
    pub findings: Vec<FindingRow>,
    pub requests: Vec<RequestRow>,
    /// What the signed-in account may do on the plan now (`shared::plan_steps::plan_offered`,
    /// computed on the server): the page offers these forms and no other.
    pub actions: Vec<shared::plan_steps::PlanAction>,
    /// The request kinds that may be filed now (`shared::plan_steps::request_kinds`).
    pub request_kinds: Vec<shared::model::ApprovalKind>,
    /// The plan's rounds of procurement, oldest first.
    pub rounds: Vec<RoundRow>,
    /// The viewer filed this plan, which is not released yet: another person of the unit
    /// reviews and releases it (经办与审核分离).
    #[serde(default)]
    pub release_by_other: bool,
    /// A check as of now forbids the release (P01/P04/P09): the page says why.
    #[serde(default)]
    pub release_blocked: bool,
}

/// A form posted without JavaScript and refused: the page shows it again with the reasons.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Refused {
    /// Which form: `budget_line`, `plan`, `request`, `release`, `decision:{id}`.
    pub form: String,
    /// The typed values (field → value).
    pub values: Vec<(String, String)>,
    pub errors: FieldErrors,
    /// Checks whose flags forbid the step.
    pub findings: Vec<PlanFinding>,
    /// The service failed (the cause is in the log).
    pub unavailable: bool,
}

impl Refused {
    pub fn value(&self, field: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.as_str())
    }

    /// The plan form as typed.
    pub fn plan_form(&self) -> PlanForm {
        let v = |f: &str| self.value(f).unwrap_or_default().to_owned();
        PlanForm {
            budget_line_id: v("budget_line_id"),
            name: v("name"),
            object_type: v("object_type"),
            category_code: v("category_code"),
            amount: v("amount"),
            method: v("method"),
            imports_wanted: v("imports_wanted"),
            planned_date: v("planned_date"),
        }
    }
}

/// The signed-in purchaser's unit: page `lines_page` of its budget lines (the first without it)
/// and the plans a round may start from.
#[server(prefix = "/api", endpoint = "plan_desk", input = server_fn::codec::Json)]
pub async fn get_plan_desk(lines_page: Option<u32>) -> Result<PlanDesk, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::PurchaserPlans)?;
    let services = crate::service::use_services()?;
    crate::service::plans::desk(services.as_ref(), &principal, Some(lines_page.unwrap_or(1))).await
}

/// One page of the plans the account lists (`shared::access::plan_scope`: its unit's or its
/// jurisdiction's), newest first, filtered by `query`.
#[server(prefix = "/api", endpoint = "plan_page", input = server_fn::codec::Json)]
pub async fn get_plan_page(query: PlanQuery) -> Result<PlanPage, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::Plans)?;
    let services = crate::service::use_services()?;
    crate::service::plans::page(services.as_ref(), &principal, &query.normalized()).await
}

/// What the plan form needs to check a plan in the browser.
#[server(prefix = "/api", endpoint = "plan_form_context", input = server_fn::codec::Json)]
pub async fn get_plan_form_context() -> Result<PlanFormContext, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::PurchaserPlans)?;
    let services = crate::service::use_services()?;
    crate::service::plans::form_context(services.as_ref(), &principal).await
}

/// One plan (its unit's purchaser, the regulators of its jurisdiction); anyone else: 404.
#[server(prefix = "/api", endpoint = "plan_detail", input = server_fn::codec::Json)]
pub async fn get_plan_detail(id: i64) -> Result<PlanDetail, ServerFnError> {
    let principal = crate::service::require_signed_in()?;
    let services = crate::service::use_services()?;
    crate::service::plans::detail(services.as_ref(), &principal, id).await
}

/// The regulator's queue of requests in its jurisdiction, pending first.
#[server(prefix = "/api", endpoint = "approval_queue", input = server_fn::codec::Json)]
pub async fn approval_queue() -> Result<Vec<RequestRow>, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorApprovals)?;
    let services = crate::service::use_services()?;
    crate::service::plans::queue(services.as_ref(), &principal).await
}

/// Requests shown on one page of the approvals.
pub const REQUESTS_PER_PAGE: u32 = 30;

/// The approvals' filter and page (query parameters `status`, `q`, `page`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApprovalQuery {
    /// `pending`, `approved`, `rejected`; empty: any.
    pub status: String,
    /// Part of the plan's or the unit's name, or the request's number.
    pub q: String,
    /// 1-based page.
    pub page: u32,
}

impl ApprovalQuery {
    /// The query as a URL gives it, cut and clamped (an unknown status reads as any).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> ApprovalQuery {
        let status = get("status").unwrap_or_default();
        ApprovalQuery {
            status: if shared::approval::RequestStatus::from_code(&status).is_some() {
                status
            } else {
                String::new()
            },
            q: crate::api::search_text(get("q")),
            page: crate::api::page_param(get("page")),
        }
    }

    /// The same query normalised as [`ApprovalQuery::from_params`] does.
    pub fn normalized(&self) -> ApprovalQuery {
        ApprovalQuery::from_params(|k| match k {
            "status" => Some(self.status.clone()),
            "q" => Some(self.q.clone()),
            "page" => Some(self.page.to_string()),
            _ => None,
        })
    }

    /// The filter as query parameters (`status=…&q=…`, without the page; empty when none).
    pub fn params(&self) -> String {
        crate::api::filter_params(&[("status", &self.status), ("q", &self.q)])
    }

    /// The list's address with this filter and page (`/regulator/approvals?status=…&page=2`).
    pub fn href(&self) -> String {
        let mut params = self.params();
        if self.page > 1 {
            if !params.is_empty() {
                params.push('&');
            }
            params.push_str(&format!("page={}", self.page));
        }
        if params.is_empty() {
            "/regulator/approvals".to_owned()
        } else {
            format!("/regulator/approvals?{params}")
        }
    }

    /// Whether a request passes the filter.
    pub fn matches(&self, r: &RequestRow) -> bool {
        (self.status.is_empty() || r.status.code() == self.status)
            && (self.q.is_empty()
                || r.plan_name.contains(self.q.as_str())
                || r.unit_name.contains(self.q.as_str())
                || r.id.to_string() == self.q)
    }
}

/// One page of the approvals and how many requests match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestPage {
    pub rows: Vec<RequestRow>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// One page of the regulator's requests matching the query, pending first.
#[server(prefix = "/api", endpoint = "approval_page", input = server_fn::codec::Json)]
pub async fn approval_page(query: ApprovalQuery) -> Result<RequestPage, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorApprovals)?;
    let services = crate::service::use_services()?;
    let query = query.normalized();
    let services = services.as_ref();
    let (mut rows, total) = crate::service::plans::requests(
        services,
        &principal,
        &query,
        Some((REQUESTS_PER_PAGE, query.page)),
    )
    .await?;
    // A page past the last shows the last.
    let last = crate::api::page_count(total, REQUESTS_PER_PAGE);
    let mut page = query.page;
    if rows.is_empty() && page > last {
        page = last;
        rows = crate::service::plans::requests(
            services,
            &principal,
            &query,
            Some((REQUESTS_PER_PAGE, last)),
        )
        .await?
        .0;
    }
    Ok(RequestPage {
        rows,
        total,
        page,
        per_page: REQUESTS_PER_PAGE,
    })
}

/// The procurement center and the agencies a purchaser may entrust a project to.
#[server(prefix = "/api", endpoint = "agency_options", input = server_fn::codec::Json)]
pub async fn agency_options() -> Result<Vec<(i64, String)>, ServerFnError> {
    crate::service::require_page(shared::access::Page::PurchaserPlans)?;
    let services = crate::service::use_services()?;
    crate::service::plans::agencies(services.as_ref()).await
}
