//! Triage of findings on the server: regulators of the finding's jurisdiction only.

use leptos::prelude::*;
use shared::access::{jurisdiction_filter, may_open, JurisdictionFilter, Page, Principal};
use shared::case::TriageForm;

use super::error::{answer, AppError};
use super::plans::{now_unix, FormOutcome};
use super::{BoxFuture, Denied, StoreError};
use crate::api::triage::FindingItem;

pub trait TriageServices: Send + Sync {
    /// The findings of `scope` matching `query`, newest first — one page (`per_page`, 1-based
    /// page) or all — and how many match.
    fn list<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        query: &'a crate::api::triage::FindingQuery,
        page: Option<(u32, u32)>,
    ) -> BoxFuture<'a, Result<(Vec<FindingItem>, i64), StoreError>>;
    /// Checks the scope, the transition and the note inside the transaction; appends the row.
    fn triage<'a>(
        &'a self,
        actor: &'a Principal,
        finding_id: i64,
        form: TriageForm,
        now: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
}

pub async fn list(
    services: &dyn super::Services,
    principal: &Principal,
    query: &crate::api::triage::FindingQuery,
    page: Option<(u32, u32)>,
) -> Result<(Vec<FindingItem>, i64), ServerFnError> {
    let scope = jurisdiction_filter(principal).ok_or_else(|| Denied::Forbidden.into_error())?;
    let (mut rows, total) = services
        .triage()
        .list(&scope, query, page)
        .await
        .map_err(answer("findings"))?;
    rows.retain(|f| {
        shared::access::may_access(
            principal,
            &shared::access::Record {
                jurisdiction: Some(&f.jurisdiction_code),
                ..Default::default()
            },
        )
    });
    Ok((rows, total))
}

pub async fn triage(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    finding_id: i64,
    form: TriageForm,
) -> FormOutcome {
    let p = match principal {
        None => return FormOutcome::Denied(Denied::Unauthenticated),
        Some(p) if may_open(Some(p), Page::RegulatorMonitor) => p.clone(),
        Some(_) => return FormOutcome::Denied(Denied::Forbidden),
    };
    let values = vec![
        ("action".into(), form.action.clone()),
        ("note".into(), form.note.clone()),
        ("assignee".into(), form.assignee.clone()),
    ];
    match services
        .triage()
        .triage(&p, finding_id, form, now_unix())
        .await
    {
        Ok(()) => FormOutcome::Done(format!("/regulator/findings?triaged={finding_id}")),
        Err(e) => {
            AppError::from_store(e, "triage").into_outcome(&format!("triage:{finding_id}"), values)
        }
    }
}
