//! The holiday calendar the bureau loads (`/admin/calendar`): the stored years and the server
//! function that lists them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::time::Instant;

/// One stored year of the holiday calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarYear {
    pub year: i32,
    /// Shipped with the software (seeded), not loaded by the bureau.
    pub shipped: bool,
    pub loaded_at: Instant,
    /// The account's login name, `cli` or `shipped`.
    pub loaded_by: String,
    /// Days off and make-up working days listed.
    pub days_off: usize,
    pub make_up_days: usize,
    /// The notices the data comes from.
    pub papers: Vec<String>,
}

/// The calendar page's data: the stored years (newest first) and whether the account may load
/// a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarPage {
    pub years: Vec<CalendarYear>,
    pub may_load: bool,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ImportReport {
    pub year: i32,
    /// Days whose kind changed.
    pub changed_days: usize,
    /// Unanswered challenges whose due date was re-computed.
    pub moved_dues: usize,
    /// Findings raised where the loaded calendar makes a published period too short.
    pub findings: usize,
}

/// The stored years of the holiday calendar (administrators and regulators).
#[server(prefix = "/api", endpoint = "calendar_years", input = server_fn::codec::Json)]
pub async fn calendar_years() -> Result<CalendarPage, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::Calendar)?;
    let services = crate::service::use_services()?;
    crate::service::calendar::page(services.as_ref(), &principal).await
}
