//! Budget lines, plans and approvals on the server: who may do what, and the one path for both
//! the server functions and the plain form posts. The store runs the checks of `shared::plan`
//! inside the transaction that stores the step, and answers `NotFound` for a record the account
//! may not see.

use leptos::prelude::*;
use shared::access::{
    jurisdiction_filter, may_open, plan_scope, JurisdictionFilter, Page, PlanScope, Principal,
};
use shared::approval::{DecisionForm, RequestForm, Verdict};
use shared::field::FieldErrors;
use shared::plan::{BudgetLineForm, IntentionForm, NewBudgetLine, NewPlan, PlanForm};

use super::error::{answer, read, AppError};
use super::{BoxFuture, Denied, StoreError};
use crate::api::plans::{
    PlanDesk, PlanDetail, PlanFormContext, PlanPage, PlanQuery, PlanRow, Refused, RequestRow,
    PLANS_PER_PAGE,
};

/// What the store does for plans. Every method that takes the actor checks, inside its
/// transaction, that the record is the actor's to see or act on.
pub trait PlanServices: Send + Sync {
    /// The unit's name, page `lines_page` of its budget lines (`None`: every line, for the
    /// export) and the plans a round may start from now.
    fn desk(
        &self,
        unit_id: i64,
        lines_page: Option<u32>,
    ) -> BoxFuture<'_, Result<PlanDesk, StoreError>>;
    fn form_context(
        &self,
        unit_id: i64,
        now: i64,
    ) -> BoxFuture<'_, Result<PlanFormContext, StoreError>>;
    fn create_budget_line<'a>(
        &'a self,
        actor: &'a Principal,
        unit_id: i64,
        line: NewBudgetLine,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>>;
    /// Runs the plan checks, refuses what `shared::plan::refusals` forbids for filing, else
    /// stores the plan, its findings and the audit record.
    fn file_plan<'a>(
        &'a self,
        actor: &'a Principal,
        unit_id: i64,
        plan: NewPlan,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>>;
    fn plan_detail<'a>(
        &'a self,
        actor: &'a Principal,
        plan_id: i64,
    ) -> BoxFuture<'a, Result<PlanDetail, StoreError>>;
    fn request<'a>(
        &'a self,
        actor: &'a Principal,
        plan_id: i64,
        form: RequestForm,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>>;
    fn publish_intention<'a>(
        &'a self,
        actor: &'a Principal,
        plan_id: i64,
        form: IntentionForm,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>>;
    fn release<'a>(
        &'a self,
        actor: &'a Principal,
        plan_id: i64,
        now: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// The desk items of a purchaser's plans: a plan a colleague filed waits for this account's
    /// release (经办与审核分离), a released plan for its first round.
    fn tasks<'a>(
        &'a self,
        actor: &'a Principal,
    ) -> BoxFuture<'a, Result<Vec<shared::desk::Item>, StoreError>>;
    /// The procurement center and the private agencies a unit may entrust (id, name).
    fn agencies(&self) -> BoxFuture<'_, Result<Vec<(i64, String)>, StoreError>>;
    fn queue<'a>(
        &'a self,
        filter: &'a JurisdictionFilter,
    ) -> BoxFuture<'a, Result<Vec<RequestRow>, StoreError>>;
    /// The plans in `scope` matching `query`: one page (`Some((per_page, page))`) or all, and
    /// how many match (a page counts up to `COUNT_CAP` + 1).
    fn plans<'a>(
        &'a self,
        scope: &'a PlanScope,
        query: &'a PlanQuery,
        page: Option<(u32, u32)>,
    ) -> BoxFuture<'a, Result<(Vec<PlanRow>, i64), StoreError>>;
    /// The requests of the jurisdiction matching `query`, pending first: one page
    /// (`Some((per_page, page))`) or all, and how many match.
    fn request_page<'a>(
        &'a self,
        filter: &'a JurisdictionFilter,
        query: &'a crate::api::plans::ApprovalQuery,
        page: Option<(u32, u32)>,
    ) -> BoxFuture<'a, Result<(Vec<RequestRow>, i64), StoreError>>;
    /// Returns the plan the request belongs to.
    fn decide<'a>(
        &'a self,
        actor: &'a Principal,
        approval_id: i64,
        verdict: Verdict,
        reason: String,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>>;
}

/// How far the procurement clock runs ahead of the real one (browser tests only).
static CLOCK_OFFSET: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Moves the procurement clock forward: for browser tests of a deployment started with
/// `YIWANG_TEST_CLOCK=1` (a 20-day bid period cannot be waited for). Sessions keep real time.
pub fn advance_clock(seconds: i64) -> i64 {
    CLOCK_OFFSET.fetch_add(seconds.max(0), std::sync::atomic::Ordering::SeqCst) + seconds.max(0)
}

/// Now, Unix seconds: the time every procurement step is stored with.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
        + CLOCK_OFFSET.load(std::sync::atomic::Ordering::SeqCst)
}

fn unit_of(principal: &Principal) -> Result<i64, ServerFnError> {
    principal
        .organisation_id
        .ok_or_else(|| Denied::Forbidden.into_error())
}

pub async fn desk(
    services: &dyn super::Services,
    principal: &Principal,
    lines_page: Option<u32>,
) -> Result<PlanDesk, ServerFnError> {
    let unit = unit_of(principal)?;
    services
        .plans()
        .desk(unit, lines_page)
        .await
        .map_err(answer("plans"))
}

/// One page of the plans the principal lists (`plan_scope`), `query` normalised; a page past
/// the last shows the last.
pub async fn page(
    services: &dyn super::Services,
    principal: &Principal,
    query: &PlanQuery,
) -> Result<PlanPage, ServerFnError> {
    let scope = plan_scope(principal).ok_or_else(|| Denied::Forbidden.into_error())?;
    let plans = services.plans();
    let (rows, total) = plans
        .plans(&scope, query, Some((PLANS_PER_PAGE, query.page)))
        .await
        .map_err(answer("plans"))?;
    let last = crate::api::page_count(total.min(crate::api::projects::COUNT_CAP), PLANS_PER_PAGE);
    if rows.is_empty() && query.page > last {
        let (rows, total) = plans
            .plans(&scope, query, Some((PLANS_PER_PAGE, last)))
            .await
            .map_err(answer("plans"))?;
        return Ok(PlanPage {
            rows,
            total,
            page: last,
            per_page: PLANS_PER_PAGE,
        });
    }
    Ok(PlanPage {
        rows,
        total,
        page: query.page,
        per_page: PLANS_PER_PAGE,
    })
}

/// Every plan the principal lists matching `query` (an export).
pub async fn all(
    services: &dyn super::Services,
    principal: &Principal,
    query: &PlanQuery,
) -> Result<Vec<PlanRow>, ServerFnError> {
    let scope = plan_scope(principal).ok_or_else(|| Denied::Forbidden.into_error())?;
    services
        .plans()
        .plans(&scope, query, None)
        .await
        .map(|(rows, _)| rows)
        .map_err(answer("plans"))
}

pub async fn form_context(
    services: &dyn super::Services,
    principal: &Principal,
) -> Result<PlanFormContext, ServerFnError> {
    let unit = unit_of(principal)?;
    services
        .plans()
        .form_context(unit, now_unix())
        .await
        .map_err(answer("plans"))
}

pub async fn detail(
    services: &dyn super::Services,
    principal: &Principal,
    id: i64,
) -> Result<PlanDetail, ServerFnError> {
    read(services.plans().plan_detail(principal, id).await, "plans")
}

/// The error text of a record that is not there for this account.
pub const NOT_FOUND: &str = "not found";

pub async fn queue(
    services: &dyn super::Services,
    principal: &Principal,
) -> Result<Vec<RequestRow>, ServerFnError> {
    let Some(filter) = jurisdiction_filter(principal) else {
        return Err(Denied::Forbidden.into_error());
    };
    let mut rows = services
        .plans()
        .queue(&filter)
        .await
        .map_err(answer("plans"))?;
    keep_in_scope(principal, &mut rows);
    Ok(rows)
}

/// Keeps the requests of the principal's jurisdiction (the store reads only those: a request
/// outside it is an error, logged, never shown).
fn keep_in_scope(principal: &Principal, rows: &mut Vec<RequestRow>) {
    let before = rows.len();
    rows.retain(|r| {
        shared::access::may_access(
            principal,
            &shared::access::Record {
                jurisdiction: Some(&r.jurisdiction_code),
                ..Default::default()
            },
        )
    });
    if rows.len() != before {
        tracing::error!(
            user.id = principal.user_id,
            "the store returned requests outside the regulator's scope"
        );
    }
}

/// The requests of the principal's jurisdiction matching `query`: one page
/// (`Some((per_page, page))`) or all, and how many match.
pub async fn requests(
    services: &dyn super::Services,
    principal: &Principal,
    query: &crate::api::plans::ApprovalQuery,
    page: Option<(u32, u32)>,
) -> Result<(Vec<RequestRow>, i64), ServerFnError> {
    let Some(filter) = jurisdiction_filter(principal) else {
        return Err(Denied::Forbidden.into_error());
    };
    let (mut rows, total) = services
        .plans()
        .request_page(&filter, query, page)
        .await
        .map_err(answer("plans"))?;
    keep_in_scope(principal, &mut rows);
    Ok((rows, total))
}

/// What became of a posted form.
#[derive(Debug, Clone, PartialEq)]
pub enum FormOutcome {
    /// Done: go here (303).
    Done(String),
    /// Refused: show the page again with this (422, or 409 when the checks forbid the step).
    Refused(Refused),
    /// Nobody signed in (→ login) or the role may not do this (403).
    Denied(Denied),
    /// The record is not there for this account (404).
    NotFound,
}

fn invalid(form: &str, values: Vec<(String, String)>, errors: FieldErrors) -> FormOutcome {
    FormOutcome::Refused(Refused {
        form: form.to_owned(),
        values,
        errors,
        ..Refused::default()
    })
}

fn purchaser(principal: Option<&Principal>) -> Result<(Principal, i64), FormOutcome> {
    match principal {
        None => Err(FormOutcome::Denied(Denied::Unauthenticated)),
        Some(p) if may_open(Some(p), Page::PurchaserPlans) => match p.organisation_id {
            Some(unit) => Ok((p.clone(), unit)),
            None => Err(FormOutcome::Denied(Denied::Forbidden)),
        },
        Some(_) => Err(FormOutcome::Denied(Denied::Forbidden)),
    }
}

pub async fn create_budget_line(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    form: BudgetLineForm,
) -> FormOutcome {
    let (p, unit) = match purchaser(principal) {
        Ok(x) => x,
        Err(o) => return o,
    };
    let values = vec![
        ("code".into(), form.code.clone()),
        ("name".into(), form.name.clone()),
        ("fiscal_year".into(), form.fiscal_year.clone()),
        ("approved_amount".into(), form.approved_amount.clone()),
    ];
    let line = match form.parse() {
        Ok(l) => l,
        Err(e) => return invalid("budget_line", values, e),
    };
    match services
        .plans()
        .create_budget_line(&p, unit, line, now_unix())
        .await
    {
        Ok(_) => FormOutcome::Done("/plans?line=created".into()),
        Err(e) => AppError::from_store_or_taken(
            e,
            "plans",
            shared::field::FieldError::new(
                "code",
                "taken",
                shared::i18n::Text::new(
                    "本年度已有相同编码的预算指标",
                    "A budget line with this code exists for the year",
                ),
            ),
        )
        .into_outcome("budget_line", values),
    }
}

/// The plan form's values as (field, value) pairs, to show them again.
pub fn plan_values(form: &PlanForm) -> Vec<(String, String)> {
    [
        ("budget_line_id", &form.budget_line_id),
        ("name", &form.name),
        ("object_type", &form.object_type),
        ("category_code", &form.category_code),
        ("amount", &form.amount),
        ("method", &form.method),
        ("imports_wanted", &form.imports_wanted),
        ("planned_date", &form.planned_date),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.clone()))
    .collect()
}

pub async fn file_plan(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    form: PlanForm,
) -> FormOutcome {
    let (p, unit) = match purchaser(principal) {
        Ok(x) => x,
        Err(o) => return o,
    };
    let values = plan_values(&form);
    let plan = match form.parse() {
        Ok(plan) => plan,
        Err(e) => return invalid("plan", values, e),
    };
    match services.plans().file_plan(&p, unit, plan, now_unix()).await {
        Ok(id) => FormOutcome::Done(format!("/plans/{id}?filed=1")),
        Err(e) => AppError::from_store(e, "plans").into_outcome("plan", values),
    }
}

pub async fn request(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    plan_id: i64,
    form: RequestForm,
) -> FormOutcome {
    let (p, _) = match purchaser(principal) {
        Ok(x) => x,
        Err(o) => return o,
    };
    let values = vec![
        ("kind".into(), form.kind.clone()),
        ("ground".into(), form.ground.clone()),
        ("reason".into(), form.reason.clone()),
        ("supplier_name".into(), form.supplier_name.clone()),
        ("notice_from".into(), form.notice_from.clone()),
    ];
    match services
        .plans()
        .request(&p, plan_id, form, now_unix())
        .await
    {
        Ok(_) => FormOutcome::Done(format!("/plans/{plan_id}?requested=1")),
        Err(e) => AppError::from_store(e, "plans").into_outcome("request", values),
    }
}

pub async fn publish_intention(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    plan_id: i64,
    form: IntentionForm,
) -> FormOutcome {
    let (p, _) = match purchaser(principal) {
        Ok(x) => x,
        Err(o) => return o,
    };
    let values = vec![
        ("published_on".into(), form.published_on.clone()),
        ("media".into(), form.media.clone()),
        ("content".into(), form.content.clone()),
    ];
    match services
        .plans()
        .publish_intention(&p, plan_id, form, now_unix())
        .await
    {
        Ok(_) => FormOutcome::Done(format!("/plans/{plan_id}?intention=1")),
        Err(e) => AppError::from_store(e, "plans").into_outcome("intention", values),
    }
}

pub async fn release(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    plan_id: i64,
) -> FormOutcome {
    let (p, _) = match purchaser(principal) {
        Ok(x) => x,
        Err(o) => return o,
    };
    match services.plans().release(&p, plan_id, now_unix()).await {
        Ok(()) => FormOutcome::Done(format!("/plans/{plan_id}?released=1")),
        Err(e) => AppError::from_store(e, "plans").into_outcome("release", Vec::new()),
    }
}

pub async fn decide(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    approval_id: i64,
    form: DecisionForm,
    list: &crate::api::plans::ApprovalQuery,
) -> FormOutcome {
    let p = match principal {
        None => return FormOutcome::Denied(Denied::Unauthenticated),
        Some(p) if may_open(Some(p), Page::RegulatorApprovals) => p.clone(),
        Some(_) => return FormOutcome::Denied(Denied::Forbidden),
    };
    let which = format!("decision:{approval_id}");
    let values = vec![
        ("decision".into(), form.decision.clone()),
        ("reason".into(), form.reason.clone()),
    ];
    let (verdict, reason) = match form.parse() {
        Ok(x) => x,
        Err(e) => return invalid(&which, values, e),
    };
    match services
        .plans()
        .decide(&p, approval_id, verdict, reason, now_unix())
        .await
    {
        Ok(_) => {
            let back = list.href();
            let sep = if back.contains('?') { '&' } else { '?' };
            FormOutcome::Done(format!("{back}{sep}decided={approval_id}"))
        }
        Err(e) => AppError::from_store(e, "plans").into_outcome(&which, values),
    }
}

pub async fn agencies(services: &dyn super::Services) -> Result<Vec<(i64, String)>, ServerFnError> {
    services.plans().agencies().await.map_err(answer("plans"))
}
