//! The regulator's dashboard (监管驾驶舱): the seed's key figures — plans, suppliers, contracts,
//! budget and actual totals, savings rate over completed procurements — for a period, district,
//! agency, method or category; amounts by method, district and month; findings by stage and
//! severity. Every number leads to the records behind it (`dashboard_records`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::checks::framework::{Severity, Stage};
use shared::dashboard::Kpis;
use shared::model::Method;
use shared::money::Fen;
use shared::time::Instant;

/// The dashboard's filter (query parameters; empty = all). Dates are China dates `YYYY-MM-DD`
/// of the contract signature (figures of contracts) or of the plan's filing (plans).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DashFilter {
    pub from: String,
    pub to: String,
    pub district: String,
    pub agency: String,
    pub method: String,
    pub category: String,
}

impl DashFilter {
    /// The query string of the filter with one more pair (for drill-down links).
    pub fn query_with(&self, extra: &[(&str, &str)]) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("from", &self.from),
            ("to", &self.to),
            ("district", &self.district),
            ("agency", &self.agency),
            ("method", &self.method),
            ("category", &self.category),
        ] {
            if !v.is_empty() && !extra.iter().any(|(ek, _)| ek == &k) {
                parts.push(format!("{k}={}", crate::pages::layout::encode_component(v)));
            }
        }
        for (k, v) in extra {
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

/// One group of contracted procurements, by `key`: a [`Method`], or (as text) a district code
/// or a China month `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group<K = String> {
    pub key: K,
    pub count: i64,
    pub budget: Fen,
    pub actual: Fen,
}

impl<K> Group<K> {
    /// An empty group of `key`.
    pub fn empty(key: K) -> Group<K> {
        Group {
            key,
            count: 0,
            budget: Fen::ZERO,
            actual: Fen::ZERO,
        }
    }

    /// Adds a group's figures to this one.
    pub fn add_figures<L>(&mut self, other: &Group<L>) {
        self.count += other.count;
        self.budget = Fen(self.budget.fen() + other.budget.fen());
        self.actual = Fen(self.actual.fen() + other.actual.fen());
    }
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardData {
    pub kpis: Kpis,
    pub by_method: Vec<Group<Method>>,
    /// By district code.
    pub by_district: Vec<Group>,
    /// By China month `YYYY-MM`.
    pub by_month: Vec<Group>,
    /// (stage, severity, count).
    pub findings: Vec<(Stage, Severity, i64)>,
}

/// One contracted procurement behind a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRow {
    pub project_id: i64,
    pub name: String,
    pub unit_name: String,
    pub jurisdiction_code: String,
    pub method: Method,
    pub budget: Fen,
    /// Zero when the contract states no amount.
    pub actual: Fen,
    pub signed_at: Instant,
}

/// The figures of the regulator's jurisdiction for the filter.
#[server(prefix = "/api", endpoint = "dashboard", input = server_fn::codec::Json)]
pub async fn dashboard(filter: DashFilter) -> Result<DashboardData, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorDashboard)?;
    let services = crate::service::use_services()?;
    crate::service::dashboard::data(services.as_ref(), &principal, &filter).await
}

/// The most records one drill-down lists and exports (newest contracts first).
pub const RECORDS_LIMIT: usize = 5000;

#[server(prefix = "/api", endpoint = "dashboard_records", input = server_fn::codec::Json)]
pub async fn dashboard_records(filter: DashFilter) -> Result<Vec<RecordRow>, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorDashboard)?;
    let services = crate::service::use_services()?;
    crate::service::dashboard::records(services.as_ref(), &principal, &filter).await
}

/// 事后分析: the portfolio checks over the projects of the filter (period by the projects'
/// reference dates, district, method, agency), with their fences and minimum samples.
#[server(prefix = "/api", endpoint = "analytics", input = server_fn::codec::Json)]
pub async fn analytics(filter: DashFilter) -> Result<shared::analytics::Report, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorDashboard)?;
    let services = crate::service::use_services()?;
    crate::service::dashboard::analytics(services.as_ref(), &principal, &filter).await
}
