//! The one error edge: what a failure means to the user. A store failure becomes an
//! [`AppError`] in one place ([`AppError::from_store`]), which logs an internal cause there,
//! once, and never passes it on; the pages' server functions ([`AppError::into_server_fn`]),
//! the plain form posts ([`AppError::into_outcome`]) and the ingest API (the server's
//! `ApiError: From<AppError>`) answer from it — a field-level message when the input is at
//! fault, a general one (zh/en, [`AppError::message`]) otherwise.

use leptos::prelude::*;
use shared::field::{FieldError, FieldErrors};
use shared::i18n::Text;
use shared::plan::PlanFinding;

use super::plans::{FormOutcome, NOT_FOUND};
use super::{Denied, StoreError};
use crate::api::plans::Refused;

/// The text of a server function's error when the service failed (its cause is in the log).
pub const UNAVAILABLE: &str = "service unavailable";

/// Why a request was not done, as the user is told.
#[derive(Debug, Clone, PartialEq)]
pub enum AppError {
    /// Nobody signed in, or the role may not do this.
    Denied(Denied),
    /// The record does not exist or the account may not see it (one answer for both).
    NotFound,
    /// The input is at fault: these fields, each with its reason.
    Invalid(FieldErrors),
    /// The law forbids the step while these checks flag. Nothing was stored.
    Refused(Vec<PlanFinding>),
    /// The service failed; the cause was logged where this error was made.
    Unavailable,
}

impl AppError {
    /// The one conversion of a store failure: an internal cause is logged here (`what`: what
    /// was being done), and only here; a taken key is a field error on the whole form.
    pub fn from_store(e: StoreError, what: &'static str) -> AppError {
        Self::from_store_or_taken(
            e,
            what,
            FieldError::new(
                "form",
                "duplicate",
                Text::new("该记录已存在", "This record exists already"),
            ),
        )
    }

    /// [`AppError::from_store`] where a taken key has its own field and reason (a budget
    /// line's code, a supplier's credit code).
    pub fn from_store_or_taken(e: StoreError, what: &'static str, taken: FieldError) -> AppError {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Rejected(errors) => AppError::Invalid(errors),
            StoreError::Refused(findings) => AppError::Refused(findings),
            StoreError::Duplicate => AppError::Invalid(FieldErrors(vec![taken])),
            StoreError::Internal(cause) => {
                tracing::error!(error.cause = %cause, what, "service failed");
                AppError::Unavailable
            }
        }
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Denied(Denied::Unauthenticated) => 401,
            AppError::Denied(Denied::Forbidden) => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::Refused(_) => 409,
            AppError::Unavailable => 503,
        }
    }

    /// The general message (the field errors and flags say the rest).
    pub fn message(&self) -> Text {
        match self {
            AppError::Denied(Denied::Unauthenticated) => Text::new("请先登录", "Please sign in"),
            AppError::Denied(Denied::Forbidden) => {
                Text::new("当前账号无权办理此事项", "This account may not do this")
            }
            AppError::NotFound => Text::new("没有该记录", "No such record"),
            AppError::Invalid(_) => Text::new(
                "填写的内容有误，未保存任何数据",
                "Some entries are invalid; nothing was stored",
            ),
            AppError::Refused(_) => Text::new(
                "依法不得办理：检查发现禁止该步骤的问题，未保存任何数据",
                "Refused by law: a check flags what forbids this step; nothing was stored",
            ),
            AppError::Unavailable => Text::new(
                "服务暂时不可用，请稍后再试",
                "The service is unavailable right now; please try again later",
            ),
        }
    }

    /// The error a server function returns, with the response's status set. Its text is one
    /// of the few the server lets through to the browser (`web::CLIENT_SAFE_SERVER_FN_ERRORS`).
    pub fn into_server_fn(self) -> ServerFnError {
        let text = match self {
            AppError::Denied(d) => return d.into_error(),
            AppError::NotFound => NOT_FOUND,
            // A read that meets a field error or a refusal has nothing more to say to a page;
            // it is not the user's doing, so the log says what it was.
            AppError::Invalid(ref e) => {
                tracing::warn!(errors = ?e, "a read answered a field error");
                UNAVAILABLE
            }
            AppError::Refused(ref f) => {
                tracing::warn!(flags = f.len(), "a read answered a refusal");
                UNAVAILABLE
            }
            AppError::Unavailable => UNAVAILABLE,
        };
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            let status = if text == NOT_FOUND { 404 } else { 503 };
            response.set_status(
                axum::http::StatusCode::from_u16(status)
                    .unwrap_or(axum::http::StatusCode::SERVICE_UNAVAILABLE),
            );
        }
        ServerFnError::new(text)
    }

    /// What a posted form gets: the page again with what was typed (`values`) and why.
    pub fn into_outcome(self, form: &str, values: Vec<(String, String)>) -> FormOutcome {
        let mut r = Refused {
            form: form.to_owned(),
            values,
            ..Refused::default()
        };
        match self {
            AppError::Denied(d) => return FormOutcome::Denied(d),
            AppError::NotFound => return FormOutcome::NotFound,
            AppError::Invalid(errors) => r.errors = errors,
            AppError::Refused(findings) => r.findings = findings,
            AppError::Unavailable => r.unavailable = true,
        }
        FormOutcome::Refused(r)
    }
}

/// A store read's answer to a server function: the value, or the error edge's answer.
pub fn read<T>(r: Result<T, StoreError>, what: &'static str) -> Result<T, ServerFnError> {
    r.map_err(answer(what))
}

/// The error edge as a `map_err` for a server function's store read.
pub fn answer(what: &'static str) -> impl Fn(StoreError) -> ServerFnError {
    move |e| AppError::from_store(e, what).into_server_fn()
}
