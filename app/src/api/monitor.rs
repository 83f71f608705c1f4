//! The live monitor (事中监控): events as they are stored — findings of the checks and steps taken —
//! scoped to the regulator's jurisdiction and filtered by stage, severity, method and district.
//! The page lists the latest events (no JavaScript needed) and an island keeps it live over
//! server-sent events from `/regulator/monitor/stream`, which resumes after the last event id.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One event as monitors receive it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitorEvent {
    pub id: i64,
    /// Unix seconds (UTC); shown in China time.
    pub at: i64,
    pub jurisdiction_code: String,
    /// `finding` or `step`.
    pub kind: String,
    pub stage: Option<String>,
    pub severity: Option<String>,
    pub method: Option<String>,
    pub subject_type: String,
    pub subject_id: String,
    pub check_id: Option<String>,
    pub action: String,
    pub title_zh: String,
    pub title_en: String,
    pub message_zh: String,
    pub message_en: String,
}

/// The monitor's filter (query parameters `stage`, `severity`, `method`, `district`; empty = all).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MonitorFilter {
    pub stage: String,
    pub severity: String,
    pub method: String,
    pub district: String,
}

impl MonitorFilter {
    /// Whether an event passes the filter (the jurisdiction scope is applied separately).
    pub fn matches(&self, e: &MonitorEvent) -> bool {
        fn ok(want: &str, have: Option<&str>) -> bool {
            want.is_empty() || have == Some(want)
        }
        ok(&self.stage, e.stage.as_deref())
            && ok(&self.severity, e.severity.as_deref())
            && ok(&self.method, e.method.as_deref())
            && ok(&self.district, Some(&e.jurisdiction_code))
    }

    /// The query string of the filter (`?stage=pre&…`, empty when no filter is set).
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

/// How many recent events the page shows when it opens.
pub const RECENT_EVENTS: u32 = 50;

/// The latest events of the regulator's jurisdiction that pass the filter, newest first.
#[server(prefix = "/api", endpoint = "monitor_recent", input = server_fn::codec::Json)]
pub async fn monitor_recent(filter: MonitorFilter) -> Result<Vec<MonitorEvent>, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorMonitor)?;
    let services = crate::service::use_services()?;
    crate::service::monitor::recent(services.as_ref(), &principal, &filter).await
}
