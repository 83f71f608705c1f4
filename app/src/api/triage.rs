//! The regulator's findings and their triage (acknowledge, assign, resolve, false positive,
//! reopen — each a new history row; nothing is deleted).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::case::TriageState;
use shared::checks::framework::{Severity, Stage};
use shared::time::Instant;

/// One finding with its triage state and history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingItem {
    pub id: i64,
    pub subject_type: String,
    pub subject_id: String,
    /// The name of the plan or of the platform's project the finding is about (none for a
    /// project reported by the ingest API or an import: its number is not a platform project's).
    pub subject_name: Option<String>,
    pub jurisdiction_code: String,
    pub check_id: String,
    pub severity: Severity,
    pub stage: Stage,
    pub message_zh: String,
    pub message_en: String,
    pub created_at: Instant,
    /// The latest triage state (`New` when never triaged).
    pub state: TriageState,
    /// The triage history, oldest first.
    pub history: Vec<TriageEntry>,
}

/// One change of a finding's triage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageEntry {
    pub state: TriageState,
    pub assignee: Option<String>,
    pub note: Option<String>,
    /// Who (display name).
    pub by: String,
    pub at: Instant,
}

/// The findings of the regulator's jurisdiction (newest first, at most 200), optionally of one
/// triage state.
#[server(prefix = "/api", endpoint = "regulator_findings", input = server_fn::codec::Json)]
pub async fn regulator_findings(state: String) -> Result<Vec<FindingItem>, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorMonitor)?;
    let services = crate::service::use_services()?;
    crate::service::triage::list(services.as_ref(), &principal, &state).await
}
