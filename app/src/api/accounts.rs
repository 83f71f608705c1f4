//! The signed-in account's own record (`/account` and its pages): contacts and whether each is
//! verified, the binding of a supplier account to its legal entity, the password's age, the
//! account's sessions. Only the owner gets it (its own full mobile and e-mail).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::time::Instant;

/// A supplier account's identity: the company, whether this account is bound to it, whether
/// the company's identity was verified at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierIdentity {
    pub name: String,
    pub credit_code: String,
    pub bound: bool,
    pub verified: bool,
}

/// One session of the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    /// The first 16 hex digits of the session's hash (never the token).
    pub id: String,
    pub created_at: Instant,
    pub last_seen_at: Instant,
    /// The session of this request.
    pub current: bool,
}

/// The account's own record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnAccount {
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub mobile_verified: bool,
    pub email_verified: bool,
    pub supplier: Option<SupplierIdentity>,
    pub password_changed_at: Instant,
    pub sessions: Vec<SessionView>,
}

/// The signed-in account's own record.
#[server(prefix = "/api", endpoint = "my_account", input = server_fn::codec::Json)]
pub async fn my_account() -> Result<OwnAccount, ServerFnError> {
    crate::service::require_signed_in()?;
    let user = crate::service::current_user()
        .ok_or_else(|| ServerFnError::new(crate::service::error::UNAVAILABLE))?;
    let services = crate::service::use_services()?;
    services
        .accounts()
        .my_account(&user.principal, &user.session)
        .await
        .map_err(crate::service::error::answer("my account"))
}
