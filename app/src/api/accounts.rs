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
    /// The second factor (TOTP) is on.
    pub second_factor: bool,
    /// A secret being set up (base32) and its `otpauth://` address, shown only to the owner
    /// while it sets the factor up.
    pub pending_secret: Option<(String, String)>,
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

/// One account in the administrators' list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    /// The viewer may disable, enable and reset it (`shared::access::may_secure_account`).
    pub manageable: bool,
    /// The viewer may reset its password (`shared::access::may_reset_password`).
    pub resettable: bool,
    pub duty: Option<shared::access::Duty>,
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: shared::access::Role,
    /// The organisation's or the supplier's name.
    pub organisation: Option<String>,
    pub disabled: bool,
    /// The password is a temporary one, not yet changed.
    pub temporary: bool,
    pub created_at: Instant,
}

/// A page of accounts, and the organisation the list (and the create form) is for, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsPage {
    pub rows: Vec<AccountRow>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    /// (id, name, kind)
    pub organisation: Option<(i64, String, String)>,
    /// The roles the viewer may create accounts of in that organisation.
    pub creatable: Vec<shared::access::Role>,
    /// For a private agency: its list registration (名录登记) and whether the viewer keeps it.
    #[serde(default)]
    pub agency: Option<AgencyListingView>,
}

/// A private agency's list registration as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyListingView {
    /// `None`: no data yet (publishing and draws are not open).
    pub listing: Option<ListingData>,
    pub editable: bool,
}

/// The data of a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingData {
    pub legal_rep: String,
    pub address: String,
    pub phone: String,
    pub full_time_staff: i64,
    pub listed_on: String,
    pub updated_at: Instant,
}

/// One organisation in the administrators' list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub credit_code: Option<String>,
    pub jurisdiction: String,
    pub accounts: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationsPage {
    pub rows: Vec<OrganisationRow>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    /// The viewer may add organisations (`shared::access::may_create_organisation`).
    pub may_create: bool,
}

/// Rows a page of the administrators' lists shows.
pub const ADMIN_PER_PAGE: u32 = 25;

/// The accounts matching `q` (login name or name), a role (`""`: any) and an organisation.
#[server(prefix = "/api", endpoint = "account_list", input = server_fn::codec::Json)]
pub async fn account_list(
    q: String,
    role: String,
    organisation: Option<i64>,
    page: u32,
) -> Result<AccountsPage, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::Accounts)?;
    let services = crate::service::use_services()?;
    let q: String = q
        .trim()
        .chars()
        .take(crate::api::MAX_SEARCH_CHARS)
        .collect();
    let role = shared::access::Role::from_code(&role);
    services
        .accounts()
        .accounts(&principal, &q, role, organisation, page.max(1))
        .await
        .map_err(crate::service::error::answer("account list"))
}

/// The organisations matching `q` (name or credit code) and a kind (`""`: any).
#[server(prefix = "/api", endpoint = "organisation_list", input = server_fn::codec::Json)]
pub async fn organisation_list(
    q: String,
    kind: String,
    page: u32,
) -> Result<OrganisationsPage, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::Accounts)?;
    let services = crate::service::use_services()?;
    let q: String = q
        .trim()
        .chars()
        .take(crate::api::MAX_SEARCH_CHARS)
        .collect();
    let kind = if shared::access::ORGANISATION_KINDS.contains(&kind.as_str()) {
        kind
    } else {
        String::new()
    };
    services
        .accounts()
        .organisations(&principal, &q, &kind, page.max(1))
        .await
        .map_err(crate::service::error::answer("organisation list"))
}

/// An expert's record in the library: its own (the full ID number, its unavailable days) or as
/// the keeper sees it (the ID number masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertView {
    pub id: i64,
    pub name: String,
    pub employer: String,
    pub title: Option<String>,
    pub specialties: Vec<String>,
    pub id_number: Option<String>,
    pub status: shared::enrolment::ExpertStatus,
    pub decision_reason: Option<String>,
    pub decision_basis: Option<String>,
    pub decided_at: Option<Instant>,
    pub applied_at: Instant,
    /// Declared relations: the supplier's credit code and its name when it is registered.
    pub relations: Vec<(String, Option<String>)>,
    /// The jurisdiction code the expert works in.
    pub region: String,
    pub legal: bool,
    pub unavailable: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertLibraryPage {
    pub rows: Vec<ExpertView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// The expert's own record.
#[server(prefix = "/api", endpoint = "own_expert", input = server_fn::codec::Json)]
pub async fn own_expert() -> Result<ExpertView, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::ExpertProfile)?;
    let services = crate::service::use_services()?;
    services
        .accounts()
        .own_expert(&principal)
        .await
        .map_err(crate::service::error::answer("own expert record"))
}

/// The library and its applications (the keeper's regulators), by state and name.
#[server(prefix = "/api", endpoint = "expert_library", input = server_fn::codec::Json)]
pub async fn expert_library(
    status: String,
    q: String,
    page: u32,
) -> Result<ExpertLibraryPage, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::ExpertLibrary)?;
    let services = crate::service::use_services()?;
    if !services.accounts().keeps_library(&principal) {
        return Err(crate::service::Denied::Forbidden.into_error());
    }
    let q: String = q
        .trim()
        .chars()
        .take(crate::api::MAX_SEARCH_CHARS)
        .collect();
    let status = shared::enrolment::ExpertStatus::from_code(&status)
        .map(|s| s.code().to_owned())
        .unwrap_or_default();
    services
        .accounts()
        .expert_library(&principal, &status, &q, page.max(1))
        .await
        .map_err(crate::service::error::answer("expert library"))
}

/// A regulator's request that a supplier correct its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionView {
    pub requested_at: Instant,
    /// Who asked (the regulator account's name).
    pub by: String,
    pub note: String,
    /// When the supplier's change answered it.
    pub resolved_at: Option<Instant>,
}

/// A supplier's profile: what it registered, its categories, its correction requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierProfileView {
    pub credit_code: String,
    pub name: String,
    pub legal_rep: String,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub region_code: String,
    pub address: String,
    pub size: String,
    pub categories: Vec<String>,
    pub registered_at: Instant,
    pub updated_at: Option<Instant>,
    /// The company's identity was verified (an account is bound to the legal entity).
    pub verified: bool,
    pub corrections: Vec<CorrectionView>,
    /// The viewer may change it (a bound account of the supplier).
    pub editable: bool,
}

/// The signed-in supplier's own profile.
#[server(prefix = "/api", endpoint = "own_supplier_profile", input = server_fn::codec::Json)]
pub async fn own_supplier_profile() -> Result<SupplierProfileView, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::SupplierProfile)?;
    let services = crate::service::use_services()?;
    services
        .accounts()
        .supplier_profile(&principal, None)
        .await
        .map_err(crate::service::error::answer("own supplier profile"))
}

/// A supplier's profile for a regulator whose jurisdiction covers it.
#[server(prefix = "/api", endpoint = "regulator_supplier", input = server_fn::codec::Json)]
pub async fn regulator_supplier(code: String) -> Result<SupplierProfileView, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::RegulatorSuppliers)?;
    let services = crate::service::use_services()?;
    let code: String = code.trim().chars().take(18).collect();
    services
        .accounts()
        .supplier_profile(&principal, Some(&code))
        .await
        .map_err(crate::service::error::answer("supplier profile"))
}

/// One record of the audit trail as the audit administrator reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRowView {
    pub id: i64,
    pub at: Instant,
    /// The account's name and login name, if the record has one.
    pub who: Option<(String, String)>,
    pub role: Option<shared::access::Role>,
    /// The action's code (`shared::i18n::action_name` names it).
    pub action: String,
    /// The kind of record it concerns (`shared::i18n::record_kind` names it) and its number.
    pub subject_type: Option<String>,
    pub subject_id: Option<String>,
}

/// What verifying the chain found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditCheck {
    pub records: u64,
    pub before_chain: u64,
    /// The first problem, in both languages; `None`: the chain is whole.
    pub problem: Option<(String, String)>,
}

/// A page of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRowView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    /// Present when the page asked for the chain to be verified.
    pub check: Option<AuditCheck>,
}

/// The audit trail, newest first, for the audit administrator (read-only); `verify`: also walk
/// the hash chain.
#[server(prefix = "/api", endpoint = "audit_log", input = server_fn::codec::Json)]
pub async fn audit_log(q: String, page: u32, verify: bool) -> Result<AuditPage, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::AuditLog)?;
    let services = crate::service::use_services()?;
    let q: String = q
        .trim()
        .chars()
        .take(crate::api::MAX_SEARCH_CHARS)
        .collect();
    services
        .accounts()
        .audit_page(&principal, &q, page.max(1), verify)
        .await
        .map_err(crate::service::error::answer("audit log"))
}
