//! Server functions and the data they exchange with the browser. Each server function parses
//! with `shared`, calls a service, and maps errors; nothing else happens here.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::field::{FieldError, FieldErrors};
use shared::supplier::SupplierForm;

/// What became of a registration. Invalid input is an answer, not a failure, so the page can
/// show it next to the fields; only an unavailable service is a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegisterOutcome {
    /// Stored; the supplier can be found by this credit code.
    Registered { credit_code: String },
    /// One or more fields are wrong; nothing was stored.
    Invalid(FieldErrors),
    /// Another supplier already uses this credit code; nothing was stored.
    Conflict(FieldError),
    /// The service could not complete the request (the cause is in the server log, not here).
    Unavailable,
}

/// One row of the supplier list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierRow {
    pub credit_code: String,
    pub name: String,
    pub region_code: String,
    pub size: String,
    /// Registration time, Unix seconds (UTC); shown in China time.
    pub registered_at: i64,
}

/// A page of suppliers matching a search.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierPage {
    pub rows: Vec<SupplierRow>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl SupplierPage {
    pub fn page_count(&self) -> u32 {
        page_count(self.total, self.per_page)
    }
}

/// A list's search text as a URL gives it: trimmed, at most 100 characters.
pub fn search_text(typed: Option<String>) -> String {
    typed.unwrap_or_default().trim().chars().take(100).collect()
}

/// A list's 1-based page as a URL gives it: a number from 1 to 100,000, else 1.
pub fn page_param(typed: Option<String>) -> u32 {
    typed
        .and_then(|p| p.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, 100_000)
}

/// A list's filter as query parameters (`status=…&q=…`), the empty ones left out.
pub fn filter_params(pairs: &[(&str, &String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::pages::layout::encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Pages needed for `total` rows, `per_page` a page; at least one (an empty list has one page).
pub fn page_count(total: i64, per_page: u32) -> u32 {
    let per = i64::from(per_page.max(1));
    ((total + per - 1) / per).clamp(1, i64::from(u32::MAX)) as u32
}

/// Suppliers shown on one page of the list.
pub const SUPPLIERS_PER_PAGE: u32 = 20;
/// The longest search text accepted (characters).
pub const MAX_SEARCH_CHARS: usize = 100;

/// Registers a supplier (called by the page when JavaScript runs; without JavaScript the form
/// posts to `/suppliers/register`, which calls the same service function).
#[server(prefix = "/api", endpoint = "register_supplier", input = server_fn::codec::Json)]
pub async fn register_supplier(form: SupplierForm) -> Result<RegisterOutcome, ServerFnError> {
    let services = crate::service::use_services()?;
    let actor = crate::service::current_user().map(|u| u.principal);
    Ok(crate::service::register_supplier(services.as_ref(), form, actor).await)
}

/// One page of suppliers whose name or credit code contains `q`.
#[server(prefix = "/api", endpoint = "list_suppliers", input = server_fn::codec::Json)]
pub async fn list_suppliers(q: String, page: u32) -> Result<SupplierPage, ServerFnError> {
    let services = crate::service::use_services()?;
    crate::service::list_suppliers(services.as_ref(), &q, page).await
}

/// The number of registered suppliers (home page).
#[server(prefix = "/api", endpoint = "supplier_count", input = server_fn::codec::Json)]
pub async fn supplier_count() -> Result<i64, ServerFnError> {
    let services = crate::service::use_services()?;
    crate::service::list_suppliers(services.as_ref(), "", 1)
        .await
        .map(|p| p.total)
}

/// A registration that was posted without JavaScript and refused: the server renders the form
/// again with what was typed and why it was refused. The page also carries it as JSON so the
/// browser hydrates the very same form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedForm {
    pub form: SupplierForm,
    pub outcome: RegisterOutcome,
}

/// The signed-in account as pages show it (the header, `/account`). The server builds it from
/// the session; the page carries it as JSON so the browser hydrates the same header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub username: String,
    pub display_name: String,
    /// The organisation's name (purchaser unit, agency, regulator) or the supplier's name.
    pub organisation_name: Option<String>,
    /// Role, ties and jurisdiction: what `shared::access` decides on.
    pub principal: shared::access::Principal,
    /// The password is temporary or too old: every page leads to the password change first.
    #[serde(default)]
    pub password_change_required: bool,
    /// A supplier account not yet bound to its legal entity: it may not sign a bid yet.
    #[serde(default)]
    pub unbound: bool,
    /// An account whose role needs a second factor has none yet: every page leads to setting
    /// one up first.
    #[serde(default)]
    pub second_factor_required: bool,
    /// A regulator of the finance department that keeps the expert library.
    #[serde(default)]
    pub keeps_library: bool,
}

/// A login posted to `/login` and refused: the server renders the login page again with the
/// typed user name (never the password) and the messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginSubmitted {
    pub username: String,
    /// Where to go after signing in (a local path).
    pub next: String,
    /// Field-level problems (empty fields, too long).
    pub errors: FieldErrors,
    /// A message for the whole form: wrong credentials (the same for an unknown user), too many
    /// attempts, or the service unavailable.
    pub message: Option<FieldError>,
}

/// The suppliers of the signed-in regulator's jurisdiction (the city's regulator: all).
/// Anonymous: 401; any other role: 403.
#[server(prefix = "/api", endpoint = "regulator_suppliers", input = server_fn::codec::Json)]
pub async fn regulator_suppliers(q: String, page: u32) -> Result<SupplierPage, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorSuppliers)?;
    let services = crate::service::use_services()?;
    crate::service::regulator_suppliers(services.as_ref(), &principal, &q, page).await
}
pub mod accounts;
pub mod calendar;
pub mod cases;
pub mod dashboard;
pub mod desk;
pub mod monitor;
pub mod plans;
pub mod projects;
pub mod thresholds;
pub mod triage;
