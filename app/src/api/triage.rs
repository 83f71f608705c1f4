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

/// The search and filters of the findings list (`/regulator/findings?state=…&severity=…&check=…&q=…&page=…`);
/// the same query gives the export its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FindingQuery {
    /// A triage state's code; empty: any.
    pub state: String,
    /// A severity's code; empty: any.
    pub severity: String,
    /// A check's id (`P11`); empty: any.
    pub check: String,
    /// Part of the finding's message (which names the plan or project, the unit …).
    pub q: String,
    /// 1-based page.
    pub page: u32,
}

impl FindingQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> FindingQuery {
        FindingQuery {
            state: get("state").unwrap_or_default(),
            severity: get("severity").unwrap_or_default(),
            check: get("check").unwrap_or_default().trim().to_ascii_uppercase(),
            q: get("q")
                .unwrap_or_default()
                .trim()
                .chars()
                .take(crate::api::MAX_SEARCH_CHARS)
                .collect(),
            page: get("page").and_then(|p| p.parse().ok()).unwrap_or(1).max(1),
        }
    }

    /// The query as URL parameters (without the page).
    pub fn params(&self) -> String {
        let mut out = Vec::new();
        for (k, v) in [
            ("state", &self.state),
            ("severity", &self.severity),
            ("check", &self.check),
            ("q", &self.q),
        ] {
            if !v.is_empty() {
                out.push(format!("{k}={}", crate::pages::layout::encode_component(v)));
            }
        }
        out.join("&")
    }
}

/// Findings shown on one page.
pub const FINDINGS_PER_PAGE: u32 = 50;

/// One page of findings and how many match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingPage {
    pub rows: Vec<FindingItem>,
    /// At most [`crate::api::projects::COUNT_CAP`] + 1 (see [`FindingPage::more`]).
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl FindingPage {
    /// Whether more findings match than were counted.
    pub fn more(&self) -> bool {
        self.total > crate::api::projects::COUNT_CAP
    }
}

/// The findings of the regulator's jurisdiction matching the query, newest first, one page.
#[server(prefix = "/api", endpoint = "regulator_findings", input = server_fn::codec::Json)]
pub async fn regulator_findings(query: FindingQuery) -> Result<FindingPage, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorMonitor)?;
    let services = crate::service::use_services()?;
    // The same limits as a page's URL: a long text is cut, a page below 1 is the first.
    let query = FindingQuery::from_params(|k| match k {
        "state" => Some(query.state.clone()),
        "severity" => Some(query.severity.clone()),
        "check" => Some(query.check.clone()),
        "q" => Some(query.q.clone()),
        "page" => Some(query.page.to_string()),
        _ => None,
    });
    let page = query.page;
    let (rows, total) = crate::service::triage::list(
        services.as_ref(),
        &principal,
        &query,
        Some((FINDINGS_PER_PAGE, page)),
    )
    .await?;
    Ok(FindingPage {
        rows,
        total,
        page,
        per_page: FINDINGS_PER_PAGE,
    })
}
