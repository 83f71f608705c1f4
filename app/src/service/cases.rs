//! Supervision cases and the risk queue on the server: regulators act on the cases of their
//! jurisdiction; purchasers and agencies reply to what is addressed to their organisation. A
//! case outside one's scope is answered as missing (404).

use leptos::prelude::*;
use shared::access::{jurisdiction_filter, may_open, JurisdictionFilter, Page, Principal};
use shared::case::{CaseStepForm, OpenCaseForm, ReplyForm};

use super::error::{answer as read_answer, AppError};
use super::plans::{now_unix, FormOutcome};
use super::{BoxFuture, Denied, StoreError};
use crate::api::cases::{CaseRow, CaseView, PartyItem, RiskQueue};

pub trait CaseServices: Send + Sync {
    /// The cases of a scope, newest first, of one state when `state` names one: one page
    /// (`Some((per_page, page))`) and how many match, or all.
    fn list<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        state: &'a str,
        page: Option<(u32, u32)>,
    ) -> BoxFuture<'a, Result<(Vec<CaseRow>, i64), StoreError>>;
    /// `NotFound` when the case is not there or not the actor's to see.
    fn view<'a>(
        &'a self,
        actor: &'a Principal,
        case_id: i64,
    ) -> BoxFuture<'a, Result<CaseView, StoreError>>;
    /// Opens a case from findings the actor may see (all of one jurisdiction); its id.
    fn open<'a>(
        &'a self,
        actor: &'a Principal,
        form: OpenCaseForm,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>>;
    /// A regulator's step, checked against the stored case inside the transaction.
    fn step<'a>(
        &'a self,
        actor: &'a Principal,
        case_id: i64,
        form: CaseStepForm,
        now: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// What was addressed to the actor's organisation, newest first.
    fn party_items<'a>(
        &'a self,
        actor: &'a Principal,
    ) -> BoxFuture<'a, Result<Vec<PartyItem>, StoreError>>;
    /// The actor's organisation answers the question (or reports on the order) `event_id`.
    fn reply<'a>(
        &'a self,
        actor: &'a Principal,
        event_id: i64,
        form: ReplyForm,
        now: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// The ranked risk queue of a scope: one page (`Some((per_page, page))`, clamped to the
    /// last) with the number of projects ranked, or all.
    fn risk<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        page: Option<(u32, u32)>,
    ) -> BoxFuture<'a, Result<RiskQueue, StoreError>>;
}

fn scope(principal: &Principal) -> Result<JurisdictionFilter, ServerFnError> {
    jurisdiction_filter(principal).ok_or_else(|| Denied::Forbidden.into_error())
}

fn in_scope(principal: &Principal, code: &str) -> bool {
    shared::access::may_access(
        principal,
        &shared::access::Record {
            jurisdiction: Some(code),
            ..Default::default()
        },
    )
}

pub async fn list(
    services: &dyn super::Services,
    principal: &Principal,
    state: &str,
    page: Option<(u32, u32)>,
) -> Result<(Vec<CaseRow>, i64), ServerFnError> {
    let scope = scope(principal)?;
    let (mut rows, total) = services
        .cases()
        .list(&scope, state, page)
        .await
        .map_err(read_answer("cases"))?;
    rows.retain(|c| in_scope(principal, &c.jurisdiction_code));
    Ok((rows, total))
}

pub async fn view(
    services: &dyn super::Services,
    principal: &Principal,
    id: i64,
) -> Result<CaseView, ServerFnError> {
    match services.cases().view(principal, id).await {
        Ok(v) if in_scope(principal, &v.case.jurisdiction_code) => Ok(v),
        Ok(_) => Err(AppError::NotFound.into_server_fn()),
        Err(e) => Err(AppError::from_store(e, "cases").into_server_fn()),
    }
}

pub async fn party_items(
    services: &dyn super::Services,
    principal: &Principal,
) -> Result<Vec<PartyItem>, ServerFnError> {
    services
        .cases()
        .party_items(principal)
        .await
        .map_err(read_answer("cases"))
}

pub async fn risk(
    services: &dyn super::Services,
    principal: &Principal,
    page: Option<(u32, u32)>,
) -> Result<RiskQueue, ServerFnError> {
    let scope = scope(principal)?;
    let mut q = services
        .cases()
        .risk(&scope, page)
        .await
        .map_err(read_answer("cases"))?;
    q.rows.retain(|r| in_scope(principal, &r.jurisdiction_code));
    Ok(q)
}

fn who(principal: Option<&Principal>, page: Page) -> Result<Principal, FormOutcome> {
    match principal {
        None => Err(FormOutcome::Denied(Denied::Unauthenticated)),
        Some(p) if may_open(Some(p), page) => Ok(p.clone()),
        Some(_) => Err(FormOutcome::Denied(Denied::Forbidden)),
    }
}

fn answer(
    result: Result<String, StoreError>,
    form: String,
    values: Vec<(String, String)>,
) -> FormOutcome {
    match result {
        Ok(to) => FormOutcome::Done(to),
        Err(e) => AppError::from_store(e, "cases").into_outcome(&form, values),
    }
}

/// `POST /regulator/cases`: open a case from the ticked findings.
pub async fn open(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    form: OpenCaseForm,
) -> FormOutcome {
    let p = match who(principal, Page::RegulatorCases) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let values = vec![("title".into(), form.title.clone())];
    let r = services
        .cases()
        .open(&p, form, now_unix())
        .await
        .map(|id| format!("/regulator/cases/{id}"));
    answer(r, "case_open".into(), values)
}

/// `POST /regulator/cases/{id}/steps`: ask, conclude, order rectification, close.
pub async fn step(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    case_id: i64,
    form: CaseStepForm,
) -> FormOutcome {
    let p = match who(principal, Page::RegulatorCases) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let action = form.action.clone();
    let values = vec![
        ("action".into(), form.action.clone()),
        ("text".into(), form.text.clone()),
        ("addressee".into(), form.addressee.clone()),
        ("workdays".into(), form.workdays.clone()),
        ("violations".into(), form.violations.clone()),
    ];
    let r = services
        .cases()
        .step(&p, case_id, form, now_unix())
        .await
        .map(|()| {
            format!(
                "/regulator/cases/{case_id}?done={}",
                crate::pages::layout::encode_component(&action)
            )
        });
    answer(r, format!("case_step:{action}"), values)
}

/// `POST /cases/replies/{event_id}`: the addressed organisation answers a question or submits
/// its rectification report.
pub async fn reply(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    event_id: i64,
    form: ReplyForm,
) -> FormOutcome {
    let p = match who(principal, Page::CaseReplies) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let values = vec![("text".into(), form.text.clone())];
    let r = services
        .cases()
        .reply(&p, event_id, form, now_unix())
        .await
        .map(|()| format!("/cases?replied={event_id}"));
    answer(r, format!("case_reply:{event_id}"), values)
}
