//! The live monitor on the server: the recent events of a regulator's jurisdiction. The stream
//! itself is served by the server crate (`/regulator/monitor/stream`) with the same scope rule.

use leptos::prelude::*;
use shared::access::{jurisdiction_filter, may_access, JurisdictionFilter, Principal, Record};

use super::error::answer;
use super::{BoxFuture, Denied, StoreError};
use crate::api::monitor::{MonitorEvent, MonitorFilter, RECENT_EVENTS};

/// What the store does for the monitor.
pub trait MonitorServices: Send + Sync {
    /// The latest `limit` events in the scope that pass the filter, newest first.
    fn recent<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        filter: &'a MonitorFilter,
        limit: u32,
    ) -> BoxFuture<'a, Result<Vec<MonitorEvent>, StoreError>>;
}

/// Whether `principal` may see `event` (the one scope rule of the page and the stream).
pub fn visible(principal: &Principal, event: &MonitorEvent) -> bool {
    may_access(
        principal,
        &Record {
            jurisdiction: Some(&event.jurisdiction_code),
            ..Record::default()
        },
    )
}

pub async fn recent(
    services: &dyn super::Services,
    principal: &Principal,
    filter: &MonitorFilter,
) -> Result<Vec<MonitorEvent>, ServerFnError> {
    let Some(scope) = jurisdiction_filter(principal) else {
        return Err(Denied::Forbidden.into_error());
    };
    let mut rows = services
        .monitor()
        .recent(&scope, filter, RECENT_EVENTS)
        .await
        .map_err(answer("monitor"))?;
    rows.retain(|e| visible(principal, e) && filter.matches(e));
    Ok(rows)
}
