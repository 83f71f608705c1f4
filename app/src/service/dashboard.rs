//! The dashboard on the server: figures of the regulator's jurisdiction only (a district filter
//! outside it gives nothing).

use leptos::prelude::*;
use shared::access::{jurisdiction_filter, JurisdictionFilter, Principal};

use super::error::answer;
use super::{BoxFuture, Denied, StoreError};
use crate::api::dashboard::{DashFilter, DashboardData, RecordRow};

pub trait DashboardServices: Send + Sync {
    fn data<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        filter: &'a DashFilter,
    ) -> BoxFuture<'a, Result<DashboardData, StoreError>>;
    fn records<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        filter: &'a DashFilter,
    ) -> BoxFuture<'a, Result<Vec<RecordRow>, StoreError>>;
    /// The portfolio checks over the projects of the scope and filter, as of `now`.
    fn analytics<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        filter: &'a DashFilter,
        now: i64,
    ) -> BoxFuture<'a, Result<shared::analytics::Report, StoreError>>;
}

pub async fn data(
    services: &dyn super::Services,
    principal: &Principal,
    filter: &DashFilter,
) -> Result<DashboardData, ServerFnError> {
    let scope = jurisdiction_filter(principal).ok_or_else(|| Denied::Forbidden.into_error())?;
    services
        .dashboard()
        .data(&scope, filter)
        .await
        .map_err(answer("dashboard"))
}

pub async fn records(
    services: &dyn super::Services,
    principal: &Principal,
    filter: &DashFilter,
) -> Result<Vec<RecordRow>, ServerFnError> {
    let scope = jurisdiction_filter(principal).ok_or_else(|| Denied::Forbidden.into_error())?;
    let mut rows = services
        .dashboard()
        .records(&scope, filter)
        .await
        .map_err(answer("dashboard"))?;
    rows.retain(|r| {
        shared::access::may_access(
            principal,
            &shared::access::Record {
                jurisdiction: Some(&r.jurisdiction_code),
                ..Default::default()
            },
        )
    });
    Ok(rows)
}

pub async fn analytics(
    services: &dyn super::Services,
    principal: &Principal,
    filter: &DashFilter,
) -> Result<shared::analytics::Report, ServerFnError> {
    let scope = jurisdiction_filter(principal).ok_or_else(|| Denied::Forbidden.into_error())?;
    services
        .dashboard()
        .analytics(&scope, filter, super::plans::now_unix())
        .await
        .map_err(answer("dashboard"))
}
