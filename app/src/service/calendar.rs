//! The holiday calendar on the server: administrators load a year of the State Council's notice
//! (`shared::calendar::YearData`, checked before anything is stored); administrators and
//! regulators read the stored years.

use leptos::prelude::*;
use shared::access::{may_load_calendar, Principal};
use shared::calendar::YearData;
use shared::field::{FieldError, FieldErrors};
use shared::i18n::Lang;

use super::error::{answer, AppError};
use super::plans::{now_unix, FormOutcome};
use super::{BoxFuture, Denied, StoreError};
use crate::api::calendar::{CalendarPage, CalendarYear, ImportReport};

pub trait CalendarServices: Send + Sync {
    /// The stored years, newest first.
    fn years(&self) -> BoxFuture<'_, Result<Vec<CalendarYear>, StoreError>>;
    /// Stores the year (replacing a stored one) with its audit record, puts the calendar in
    /// force, re-computes what was computed provisionally and raises a finding where the loaded
    /// calendar makes a published period too short.
    fn import<'a>(
        &'a self,
        actor: &'a Principal,
        year: YearData,
        now: i64,
    ) -> BoxFuture<'a, Result<ImportReport, StoreError>>;
}

pub async fn page(
    services: &dyn super::Services,
    principal: &Principal,
) -> Result<CalendarPage, ServerFnError> {
    let years = services
        .calendar()
        .years()
        .await
        .map_err(answer("calendar"))?;
    Ok(CalendarPage {
        years,
        may_load: may_load_calendar(principal),
    })
}

/// The posted year as a field error on `data`.
pub fn data_error(e: &shared::calendar::YearError) -> FieldErrors {
    FieldErrors(vec![FieldError::with_message(
        "data",
        "invalid",
        e.message(Lang::Zh),
        e.message(Lang::En),
    )])
}

/// `POST /admin/calendar` with `action=import`: loads the year; refused: the page again with the
/// typed data and why.
pub async fn import(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    data: String,
) -> FormOutcome {
    let p = match principal {
        None => return FormOutcome::Denied(Denied::Unauthenticated),
        Some(p) if may_load_calendar(p) => p.clone(),
        Some(_) => return FormOutcome::Denied(Denied::Forbidden),
    };
    let values = vec![("data".to_owned(), data.clone())];
    let year = match YearData::parse(&data) {
        Ok(y) => y,
        Err(e) => return AppError::Invalid(data_error(&e)).into_outcome("calendar", values),
    };
    match services.calendar().import(&p, year, now_unix()).await {
        Ok(r) => FormOutcome::Done(format!(
            "/admin/calendar?loaded={}&changed={}&moved={}&findings={}",
            r.year, r.changed_days, r.moved_dues, r.findings
        )),
        Err(e) => AppError::from_store(e, "calendar").into_outcome("calendar", values),
    }
}
