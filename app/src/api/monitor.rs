//! The live monitor (事中监控): events as they are stored — findings of the checks and steps taken —
//! scoped to the regulator's jurisdiction and filtered by stage, severity, method and district.
//! The page lists the latest events (no JavaScript needed) and an island keeps it live over
//! server-sent events from `/regulator/monitor/stream`, which resumes after the last event id.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::checks::framework::{Severity, Stage};
use shared::model::Method;
use shared::time::Instant;

/// One event as monitors receive it: the page's server function and the stream
/// (`/regulator/monitor/stream`, read by the live island) send this same struct as JSON — the
/// typed fields as their codes (`pre`, `critical`, `public_tender`), `at` as RFC 3339 text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitorEvent {
    pub id: i64,
    /// Shown in China time.
    pub at: Instant,
    pub jurisdiction_code: String,
    /// `finding` or `step`.
    pub kind: String,
    pub stage: Option<Stage>,
    pub severity: Option<Severity>,
    pub method: Option<Method>,
    pub subject_type: String,
    pub subject_id: String,
    pub check_id: Option<String>,
    pub action: String,
    pub title_zh: String,
    pub title_en: String,
    pub message_zh: String,
    pub message_en: String,
}

/// The monitor's filter (query parameters `stage`, `severity`, `method`, `district`; empty = all)
/// and the place in its history (`before`: the events stored before this id; 0 = the latest).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MonitorFilter {
    pub stage: String,
    pub severity: String,
    pub method: String,
    pub district: String,
    pub before: i64,
}

impl MonitorFilter {
    /// Whether an event passes the filter (the jurisdiction scope is applied separately): each
    /// field set is compared with the code of the event's value, as the stored events are.
    pub fn matches(&self, e: &MonitorEvent) -> bool {
        fn ok(want: &str, have: Option<&str>) -> bool {
            want.is_empty() || have == Some(want)
        }
        ok(&self.stage, e.stage.map(Stage::code))
            && ok(&self.severity, e.severity.map(Severity::code))
            && ok(&self.method, e.method.map(Method::code))
            && ok(&self.district, Some(&e.jurisdiction_code))
    }

    /// The query string of the filter (`?stage=pre&…`, empty when no filter is set), without the
    /// place in the history (the stream's query, the link to the latest events).
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("stage", &self.stage),
            ("severity", &self.severity),
            ("method", &self.method),
            ("district", &self.district),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", crate::pages::layout::encode_component(v)));
            }
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

impl MonitorFilter {
    /// The query string of the page of events stored before `id`, with the same filter.
    pub fn older_query(&self, id: i64) -> String {
        let q = self.query();
        let sep = if q.is_empty() { '?' } else { '&' };
        format!("{q}{sep}before={id}")
    }
}

/// How many recent events the page shows when it opens (and a page of its history).
pub const RECENT_EVENTS: u32 = 50;

/// The latest events of the regulator's jurisdiction that pass the filter, newest first.
#[server(prefix = "/api", endpoint = "monitor_recent", input = server_fn::codec::Json)]
pub async fn monitor_recent(filter: MonitorFilter) -> Result<Vec<MonitorEvent>, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorMonitor)?;
    let services = crate::service::use_services()?;
    crate::service::monitor::recent(services.as_ref(), &principal, &filter).await
}
