//! The services behind the server functions (server build only). The server crate implements
//! [`Services`] over its database and provides it to every request as context.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;
use shared::field::FieldError;
use shared::i18n::Text;
use shared::supplier::{validate_signup, SupplierForm, SupplierRegistration};

use shared::access::{
    jurisdiction_filter, may_access, may_open, JurisdictionFilter, Page, Principal, Record,
};

use crate::api::{Account, RegisterOutcome, SupplierPage, MAX_SEARCH_CHARS, SUPPLIERS_PER_PAGE};

pub mod accounts;
pub mod calendar;
pub mod cases;
pub mod dashboard;
pub mod desk;
pub mod error;
pub mod monitor;
pub mod plans;
pub mod projects;
pub mod thresholds;
pub mod triage;

/// A boxed future, so the trait can be used as `dyn Services`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique key is taken (for suppliers: the credit code).
    #[error("duplicate key")]
    Duplicate,
    /// The record does not exist or the account may not see it (the same answer for both).
    #[error("not found")]
    NotFound,
    /// The input is valid on its own but not against what is stored (a field-level answer).
    #[error("rejected")]
    Rejected(shared::field::FieldErrors),
    /// The checks forbid the step; these flags say why. Nothing was stored.
    #[error("refused by the checks")]
    Refused(Vec<shared::plan::PlanFinding>),
    /// Anything else; the text is for the log only and never reaches a user.
    #[error("store failure: {0}")]
    Internal(String),
}

/// A search of the supplier list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierQuery {
    /// Matched against the name and the credit code; empty matches all.
    pub text: String,
    /// 1-based page number.
    pub page: u32,
    pub per_page: u32,
}

/// What the web app needs from the server's storage.
pub trait Services: Send + Sync + 'static {
    /// Whether the database holds demo data (the demo accounts share a published password):
    /// every page then shows the banner "演示数据 · Demo data".
    fn demo_data(&self) -> bool {
        false
    }
    /// Stores a valid self-registration — the supplier, its first account and their audit
    /// records in one transaction — and sends a code to the account's mobile; returns the
    /// account's id. `actor`: the signed-in account that sent the form, if any (logged).
    fn register_supplier(
        &self,
        registration: SupplierRegistration,
        account: shared::account::NewAccount,
        actor: Option<Principal>,
    ) -> BoxFuture<'_, Result<i64, StoreError>>;
    /// One page of suppliers matching the query, newest first, and the total count.
    fn list_suppliers<'a>(
        &'a self,
        query: &'a SupplierQuery,
    ) -> BoxFuture<'a, Result<SupplierPage, StoreError>>;
    /// One page of the suppliers of some jurisdictions (a regulator's view), newest first.
    fn suppliers_in<'a>(
        &'a self,
        filter: &'a JurisdictionFilter,
        query: &'a SupplierQuery,
    ) -> BoxFuture<'a, Result<SupplierPage, StoreError>>;
    /// Budget lines, plans and approvals (`plans::PlanServices`).
    fn plans(&self) -> &dyn plans::PlanServices;
    /// The live monitor's events (`monitor::MonitorServices`).
    fn monitor(&self) -> &dyn monitor::MonitorServices;
    /// The dashboard's figures (`dashboard::DashboardServices`).
    fn dashboard(&self) -> &dyn dashboard::DashboardServices;
    /// Findings and their triage (`triage::TriageServices`).
    fn triage(&self) -> &dyn triage::TriageServices;
    /// Supervision cases, replies and the risk queue (`cases::CaseServices`).
    fn cases(&self) -> &dyn cases::CaseServices;
    /// Procurement projects from a released plan to payment (`projects::ProjectServices`).
    fn projects(&self) -> &dyn projects::ProjectServices;
    /// The holiday calendar the bureau loads (`calendar::CalendarServices`).
    fn calendar(&self) -> &dyn calendar::CalendarServices;
    /// The thresholds the bureau keeps (`thresholds::ThresholdServices`).
    fn thresholds(&self) -> &dyn thresholds::ThresholdServices;
    /// The accounts' own records and forms (`accounts::AccountServices`).
    fn accounts(&self) -> &dyn accounts::AccountServices;
}

/// The signed-in account of a request. The server's session middleware puts it into the
/// request's extensions (only after finding a live session); pages and server functions read it
/// with [`current_user`]. Nothing else creates one.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub principal: Principal,
    pub account: Account,
    /// The session's id: the first 16 hex digits of its token's hash (never the token).
    pub session: String,
}

/// The nonce of this response's Content-Security-Policy: the server's security middleware puts it
/// into the request's extensions and names it in the header; the page's inline scripts carry it.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// Makes the request's CSP nonce the one Leptos puts on its inline scripts.
pub fn provide_request_nonce() {
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(CspNonce(n)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(n));
    }
}

/// The signed-in account of the current request, if any.
pub fn current_user() -> Option<SessionUser> {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<SessionUser>().cloned())
}

/// Why a request was refused. The texts are the same for every record, so a refusal reveals
/// nothing about what was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Nobody is signed in (401).
    Unauthenticated,
    /// The account may not see this (403).
    Forbidden,
}

impl Denied {
    /// Sets the response's status and gives the error a server function returns.
    pub fn into_error(self) -> ServerFnError {
        let (status, text) = match self {
            Denied::Unauthenticated => (
                axum::http::StatusCode::UNAUTHORIZED,
                crate::session::UNAUTHENTICATED,
            ),
            Denied::Forbidden => (axum::http::StatusCode::FORBIDDEN, crate::session::FORBIDDEN),
        };
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status);
        }
        ServerFnError::new(text)
    }
}

/// The enforcement point for role-decided pages and their server functions: the principal of
/// this request if `shared::access::may_open` lets it open `page`; otherwise the response
/// becomes 401 (nobody signed in) or 403.
pub fn require_page(page: Page) -> Result<Principal, ServerFnError> {
    let user = current_user();
    match user {
        None => Err(Denied::Unauthenticated.into_error()),
        Some(u) if may_open(Some(&u.principal), page) => Ok(u.principal),
        Some(_) => Err(Denied::Forbidden.into_error()),
    }
}

/// The principal of this request, or 401.
pub fn require_signed_in() -> Result<Principal, ServerFnError> {
    current_user()
        .map(|u| u.principal)
        .ok_or_else(|| Denied::Unauthenticated.into_error())
}

/// The suppliers a regulator may see: filtered by jurisdiction in the database, and every row
/// checked again with `shared::access::may_access` before it leaves the server.
pub async fn regulator_suppliers(
    services: &dyn Services,
    principal: &Principal,
    q: &str,
    page: u32,
) -> Result<SupplierPage, ServerFnError> {
    let Some(filter) = jurisdiction_filter(principal) else {
        return Err(Denied::Forbidden.into_error());
    };
    let text: String = q.trim().chars().take(MAX_SEARCH_CHARS).collect();
    let query = SupplierQuery {
        text,
        page: page.max(1),
        per_page: SUPPLIERS_PER_PAGE,
    };
    let mut result = services
        .suppliers_in(&filter, &query)
        .await
        .map_err(error::answer("regulator supplier list"))?;
    let before = result.rows.len();
    result.rows.retain(|row| {
        may_access(
            principal,
            &Record {
                jurisdiction: Some(&row.region_code),
                ..Record::default()
            },
        )
    });
    if result.rows.len() != before {
        tracing::error!(
            user.id = principal.user_id,
            dropped = before - result.rows.len(),
            "the store returned suppliers outside the regulator's scope"
        );
    }
    Ok(result)
}

/// The services as shared by every request.
pub type SharedServices = Arc<dyn Services>;

/// The services of the current request (provided by the server as context).
pub fn use_services() -> Result<SharedServices, ServerFnError> {
    use_context::<SharedServices>().ok_or_else(|| ServerFnError::new(error::UNAVAILABLE))
}

/// Validates and stores a self-registration — the supplier and its first account — and sends a
/// code to the account's mobile: the one path for both the server function (JavaScript) and the
/// plain form post (no JavaScript), which also signs the new account in.
pub async fn register_supplier(
    services: &dyn Services,
    form: SupplierForm,
    actor: Option<Principal>,
) -> RegisterOutcome {
    signup(services, form, actor).await.0
}

/// [`register_supplier`], with the new account's id when it was stored.
pub async fn signup(
    services: &dyn Services,
    form: SupplierForm,
    actor: Option<Principal>,
) -> (RegisterOutcome, Option<i64>) {
    let (registration, account) = match validate_signup(&form) {
        Ok(valid) => valid,
        Err(errors) => return (RegisterOutcome::Invalid(errors), None),
    };
    let credit_code = registration.credit_code().as_str().to_owned();
    match services
        .register_supplier(registration, account, actor)
        .await
    {
        Ok(user_id) => (RegisterOutcome::Registered { credit_code }, Some(user_id)),
        Err(StoreError::Rejected(errors))
            if errors.iter().any(|e| e.code == "credit_code.taken") =>
        {
            let taken = errors
                .iter()
                .find(|e| e.code == "credit_code.taken")
                .cloned()
                .unwrap_or_else(|| {
                    FieldError::new("credit_code", "credit_code.taken", Text::new("", ""))
                });
            (RegisterOutcome::Conflict(taken), None)
        }
        Err(e) => {
            let answer = match error::AppError::from_store(e, "supplier registration") {
                error::AppError::Invalid(errors) => RegisterOutcome::Invalid(errors),
                error::AppError::Unavailable => RegisterOutcome::Unavailable,
                other => {
                    tracing::warn!(answer = ?other, "supplier registration: unexpected store answer");
                    RegisterOutcome::Unavailable
                }
            };
            (answer, None)
        }
    }
}

/// One page of the supplier list; a search text longer than allowed is cut, a page out of range
/// becomes the nearest page.
pub async fn list_suppliers(
    services: &dyn Services,
    q: &str,
    page: u32,
) -> Result<SupplierPage, ServerFnError> {
    let text: String = q.trim().chars().take(MAX_SEARCH_CHARS).collect();
    let query = SupplierQuery {
        text,
        page: page.max(1),
        per_page: SUPPLIERS_PER_PAGE,
    };
    services
        .list_suppliers(&query)
        .await
        .map_err(error::answer("supplier list"))
}
