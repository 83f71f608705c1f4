//! The services behind the server functions (server build only). The server crate implements
//! [`Services`] over its database and provides it to every request as context.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;
use shared::field::FieldError;
use shared::i18n::Text;
use shared::supplier::{validate_supplier, SupplierForm, SupplierRegistration};

use crate::api::{RegisterOutcome, SupplierPage, MAX_SEARCH_CHARS, SUPPLIERS_PER_PAGE};

/// A boxed future, so the trait can be used as `dyn Services`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique key is taken (for suppliers: the credit code).
    #[error("duplicate key")]
    Duplicate,
    /// Anything else; the text is for the log only and never reaches a user.
    #[error("store failure: {0}")]
    Internal(String),
}

/// A search of the supplier list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierQuery {
    /// Matched against the name and the credit code; empty matches all.
    pub text: String,
    /// 1-based page number.
    pub page: u32,
    pub per_page: u32,
}

/// What the web app needs from the server's storage.
pub trait Services: Send + Sync + 'static {
    /// Stores a valid registration in one transaction.
    fn register_supplier(
        &self,
        registration: SupplierRegistration,
    ) -> BoxFuture<'_, Result<(), StoreError>>;
    /// One page of suppliers matching the query, newest first, and the total count.
    fn list_suppliers<'a>(
        &'a self,
        query: &'a SupplierQuery,
    ) -> BoxFuture<'a, Result<SupplierPage, StoreError>>;
}

/// The services as shared by every request.
pub type SharedServices = Arc<dyn Services>;

/// The services of the current request (provided by the server as context).
pub fn use_services() -> Result<SharedServices, ServerFnError> {
    use_context::<SharedServices>().ok_or_else(|| ServerFnError::new("service unavailable"))
}

/// Validates and stores a registration: the one path for both the server function (JavaScript)
/// and the plain form post (no JavaScript).
pub async fn register_supplier(services: &dyn Services, form: SupplierForm) -> RegisterOutcome {
    let registration = match validate_supplier(&form) {
        Ok(registration) => registration,
        Err(errors) => return RegisterOutcome::Invalid(errors),
    };
    let credit_code = registration.credit_code().as_str().to_owned();
    match services.register_supplier(registration).await {
        Ok(()) => RegisterOutcome::Registered { credit_code },
        Err(StoreError::Duplicate) => RegisterOutcome::Conflict(FieldError::new(
            "credit_code",
            "credit_code.taken",
            Text::new(
                "该统一社会信用代码已注册，请勿重复注册",
                "A supplier with this credit code is already registered",
            ),
        )),
        Err(StoreError::Internal(cause)) => {
            tracing::error!(error.cause = %cause, "supplier registration failed");
            RegisterOutcome::Unavailable
        }
    }
}

/// One page of the supplier list; a search text longer than allowed is cut, a page out of range
/// becomes the nearest page.
pub async fn list_suppliers(
    services: &dyn Services,
    q: &str,
    page: u32,
) -> Result<SupplierPage, ServerFnError> {
    let text: String = q.trim().chars().take(MAX_SEARCH_CHARS).collect();
    let query = SupplierQuery {
        text,
        page: page.max(1),
        per_page: SUPPLIERS_PER_PAGE,
    };
    services.list_suppliers(&query).await.map_err(|e| {
        tracing::error!(error.cause = %e, "supplier list failed");
        ServerFnError::new("service unavailable")
    })
}
