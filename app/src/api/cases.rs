//! Supervision cases (opened from findings: ask, conclude, order rectification, close — the
//! history is only ever appended to), the questioned party's replies, and the risk queue.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::case::{CaseAction, CaseState};
use shared::checks::framework::Severity;
use shared::model::Method;
use shared::risk::{RiskSummary, RiskWeights};
use shared::time::{Date, Instant};

/// One case in the regulator's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    pub id: i64,
    pub title: String,
    pub jurisdiction_code: String,
    /// Its latest event's state.
    pub state: CaseState,
    pub opened_at: Instant,
    /// Who opened it (display name).
    pub opened_by: String,
    pub findings: i64,
}

/// A finding a case was opened from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFinding {
    pub id: i64,
    pub subject_type: String,
    pub subject_id: String,
    pub check_id: String,
    pub severity: Severity,
    pub message_zh: String,
    pub message_en: String,
    pub created_at: Instant,
}

/// An organisation the case may address: a purchaser unit or an agency behind its findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseParty {
    pub organisation_id: i64,
    pub name: String,
    /// `organisations.kind`: purchaser, procurement_center, agency.
    pub kind: String,
}

/// One entry of a case's history, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub id: i64,
    /// open, or a `shared::case::CaseAction` code.
    pub action: String,
    /// `None` for the opening.
    pub from_state: Option<CaseState>,
    pub to_state: CaseState,
    pub text: Option<String>,
    /// Conclusion: the check ids (empty: no violation found).
    pub violations: Vec<String>,
    pub addressee_id: Option<i64>,
    pub addressee: Option<String>,
    /// The last day of the answer or the rectification (China date).
    pub due_date: Option<Date>,
    /// An answer's question, a report's order.
    pub reply_to: Option<i64>,
    /// Who (display name).
    pub by: String,
    pub at: Instant,
}

/// Everything about one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub case: CaseRow,
    pub findings: Vec<CaseFinding>,
    pub parties: Vec<CaseParty>,
    pub events: Vec<CaseEvent>,
    /// Whether the recorded conclusion names violations.
    pub violations_found: bool,
}

impl CaseView {
    /// The reply to the ask or order `event_id`, if any.
    pub fn reply_of(&self, event_id: i64) -> Option<&CaseEvent> {
        self.events.iter().find(|e| e.reply_to == Some(event_id))
    }
}

/// A question or a rectification order addressed to the account's organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyItem {
    /// The ask or order event.
    pub event_id: i64,
    pub case_id: i64,
    pub case_title: String,
    /// `Ask` or `OrderRectification`.
    pub kind: CaseAction,
    pub text: String,
    pub due_date: Option<Date>,
    pub at: Instant,
    /// The reply given (text, when).
    pub reply: Option<(String, Instant)>,
    /// Whether a reply is awaited now.
    pub awaited: bool,
}

/// One project of the risk queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskRow {
    pub project_id: i64,
    pub name: String,
    pub unit_name: String,
    pub jurisdiction_code: String,
    pub method: Method,
    pub risk: RiskSummary,
    /// The findings that count (not resolved, not false positive): a case is opened from them.
    pub finding_ids: Vec<i64>,
}

/// The ranked queue and the weights it was computed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskQueue {
    pub weights: RiskWeights,
    pub rows: Vec<RiskRow>,
    /// How many projects the queue holds (`rows` is one page of it on the page).
    #[serde(default)]
    pub total: i64,
    /// The 1-based page `rows` is (0: every row, an export).
    #[serde(default)]
    pub page: u32,
    #[serde(default)]
    pub per_page: u32,
}

/// Projects shown on one page of the risk queue, and cases on one page of the cases.
pub const RISK_PER_PAGE: u32 = 30;

/// One page of the cases and how many match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePage {
    pub rows: Vec<CaseRow>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// The cases of the regulator's jurisdiction (newest first), optionally of one state.
#[server(prefix = "/api", endpoint = "regulator_cases", input = server_fn::codec::Json)]
pub async fn regulator_cases(state: String) -> Result<Vec<CaseRow>, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorCases)?;
    let services = crate::service::use_services()?;
    crate::service::cases::list(services.as_ref(), &principal, &state, None)
        .await
        .map(|(rows, _)| rows)
}

/// One case with its findings, parties and history (404 outside the jurisdiction).
#[server(prefix = "/api", endpoint = "case_view", input = server_fn::codec::Json)]
pub async fn get_case_view(id: i64) -> Result<CaseView, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorCases)?;
    let services = crate::service::use_services()?;
    crate::service::cases::view(services.as_ref(), &principal, id).await
}

/// The questions and rectification orders addressed to the account's organisation.
#[server(prefix = "/api", endpoint = "party_case_items", input = server_fn::codec::Json)]
pub async fn party_case_items() -> Result<Vec<PartyItem>, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::CaseReplies)?;
    let services = crate::service::use_services()?;
    crate::service::cases::party_items(services.as_ref(), &principal).await
}

/// One page (1-based) of the risk queue of the regulator's jurisdiction, ranked.
#[server(prefix = "/api", endpoint = "risk_queue", input = server_fn::codec::Json)]
pub async fn get_risk_queue(page: u32) -> Result<RiskQueue, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorCases)?;
    let services = crate::service::use_services()?;
    crate::service::cases::risk(services.as_ref(), &principal, Some((RISK_PER_PAGE, page))).await
}

/// One page (1-based) of the cases of the regulator's jurisdiction (newest first), optionally of
/// one state.
#[server(prefix = "/api", endpoint = "regulator_case_page", input = server_fn::codec::Json)]
pub async fn regulator_case_page(state: String, page: u32) -> Result<CasePage, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorCases)?;
    let services = crate::service::use_services()?;
    let services = services.as_ref();
    let per = Some((RISK_PER_PAGE, page.max(1)));
    let (mut rows, total) = crate::service::cases::list(services, &principal, &state, per).await?;
    // A page past the last shows the last.
    let last = crate::api::page_count(total, RISK_PER_PAGE);
    let page = page.clamp(1, last);
    if rows.is_empty() && total > 0 {
        let per = Some((RISK_PER_PAGE, page));
        rows = crate::service::cases::list(services, &principal, &state, per)
            .await?
            .0;
    }
    Ok(CasePage {
        rows,
        total,
        page,
        per_page: RISK_PER_PAGE,
    })
}
