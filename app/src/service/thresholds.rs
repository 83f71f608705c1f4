//! Thresholds kept by the bureau on the server: the city's finance bureau enters a new version or
//! a correction (`shared::thresholds::ThresholdForm`, checked again inside the transaction);
//! regulators and administrators read the table in force.

use leptos::prelude::*;
use shared::access::Principal;
use shared::thresholds::{issuer_level, ThresholdForm};

use super::error::{answer, AppError};
use super::plans::{now_unix, FormOutcome};
use super::{BoxFuture, Denied, StoreError};
use crate::api::thresholds::{KeptEntry, ThresholdsData};

pub trait ThresholdServices: Send + Sync {
    /// Every value the bureau entered, newest first.
    fn kept(&self) -> BoxFuture<'_, Result<Vec<KeptEntry>, StoreError>>;
    /// Stores a new version or a correction with its audit record and puts it in force; its id.
    fn enter<'a>(
        &'a self,
        actor: &'a Principal,
        form: ThresholdForm,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>>;
}

pub async fn page(
    services: &dyn super::Services,
    principal: &Principal,
) -> Result<ThresholdsData, ServerFnError> {
    let kept = services
        .thresholds()
        .kept()
        .await
        .map_err(answer("thresholds"))?;
    let may_keep = issuer_level(principal).is_some();
    let own = principal.jurisdiction.as_deref().unwrap_or_default();
    let correctable = kept
        .iter()
        .filter(|k| may_keep && k.value.issuer == own && k.corrected_by.is_none())
        .map(|k| k.value.id)
        .collect();
    Ok(ThresholdsData {
        rows: shared::thresholds::builtin_ref().rows(),
        kept,
        may_keep,
        correctable,
    })
}

/// `POST /regulator/thresholds`: a new version or a correction; refused: the page again with
/// what was typed and why.
pub async fn enter(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    form: ThresholdForm,
) -> FormOutcome {
    let p = match principal {
        None => return FormOutcome::Denied(Denied::Unauthenticated),
        Some(p) if issuer_level(p).is_some() => p.clone(),
        Some(_) => return FormOutcome::Denied(Denied::Forbidden),
    };
    let values = vec![
        ("kind".to_owned(), form.kind.clone()),
        ("param".to_owned(), form.param.clone()),
        ("object_type".to_owned(), form.object_type.clone()),
        ("value".to_owned(), form.value.clone()),
        ("valid_from".to_owned(), form.valid_from.clone()),
        ("source".to_owned(), form.source.clone()),
        ("confidence".to_owned(), form.confidence.clone()),
        ("corrects".to_owned(), form.corrects.clone()),
        ("reason".to_owned(), form.reason.clone()),
    ];
    match services.thresholds().enter(&p, form, now_unix()).await {
        Ok(id) => FormOutcome::Done(format!("/regulator/thresholds?entered={id}")),
        Err(e) => AppError::from_store(e, "thresholds").into_outcome("thresholds", values),
    }
}
