//! The thresholds page (`/regulator/thresholds`): every value in force with its date, source and
//! whether it is verified, and the values the bureau entered.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::thresholds::RowView;
use shared::time::Instant;

/// A value the bureau entered, as its record shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptEntry {
    pub value: shared::thresholds::KeptValue,
    pub reason: Option<String>,
    pub entered_by: String,
    pub entered_at: Instant,
    /// The correction that replaced it, if any.
    pub corrected_by: Option<i64>,
}

/// The page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThresholdsData {
    /// Every row of the table in force (built-in, then kept).
    pub rows: Vec<RowView>,
    /// What the bureau entered, newest first.
    pub kept: Vec<KeptEntry>,
    /// The account may enter values (a city's finance bureau).
    pub may_keep: bool,
    /// The entries the account may correct: its bureau's own, not corrected yet.
    pub correctable: Vec<i64>,
}

/// The thresholds in force (regulators and administrators).
#[server(prefix = "/api", endpoint = "threshold_page", input = server_fn::codec::Json)]
pub async fn threshold_page() -> Result<ThresholdsData, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::Thresholds)?;
    let services = crate::service::use_services()?;
    crate::service::thresholds::page(services.as_ref(), &principal).await
}
