//! Accounts on the server: the owner's record, and the account forms posted without JavaScript
//! (contact codes, the password, the binding to the legal entity, sessions, the claim of a
//! credit code). Each parses with `shared::account`, calls the store, and maps its answer.

use shared::access::Principal;
use shared::account::{AccountForm, Secret};
use shared::field::FieldErrors;

use super::plans::{now_unix, FormOutcome};
use super::{BoxFuture, Denied, StoreError};
use crate::api::accounts::OwnAccount;
use crate::api::plans::Refused;

/// A contact medium of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    Mobile,
    Email,
}

pub trait AccountServices: Send + Sync {
    /// The owner's record; `session` marks the request's own session.
    fn my_account<'a>(
        &'a self,
        actor: &'a Principal,
        session: &'a str,
    ) -> BoxFuture<'a, Result<OwnAccount, StoreError>>;
    /// Sends a new code to the account's contact; `Ok(false)`: not now (wait, or none).
    fn send_code(
        &self,
        actor: &Principal,
        medium: Medium,
        now: i64,
    ) -> BoxFuture<'_, Result<bool, StoreError>>;
    /// Checks a typed code (a wrong one is `Rejected` on `code`).
    fn enter_code<'a>(
        &'a self,
        actor: &'a Principal,
        medium: Medium,
        code: &'a str,
        now: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// Binds the supplier account to its legal entity with the verifier's evidence.
    fn bind<'a>(
        &'a self,
        actor: &'a Principal,
        evidence: &'a str,
        now: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// Changes the owner's password (the other sessions end; `session` stays).
    fn change_password<'a>(
        &'a self,
        actor: &'a Principal,
        form: &'a PasswordForm,
        session: &'a str,
        now: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
    /// A page of accounts (administrators).
    fn accounts<'a>(
        &'a self,
        actor: &'a Principal,
        q: &'a str,
        role: Option<shared::access::Role>,
        organisation: Option<i64>,
        page: u32,
    ) -> BoxFuture<'a, Result<crate::api::accounts::AccountsPage, StoreError>>;
    /// A page of organisations (administrators).
    fn organisations<'a>(
        &'a self,
        actor: &'a Principal,
        q: &'a str,
        kind: &'a str,
        page: u32,
    ) -> BoxFuture<'a, Result<crate::api::accounts::OrganisationsPage, StoreError>>;
    /// Creates a staff account with a temporary password (returned, shown once).
    fn create_account<'a>(
        &'a self,
        actor: &'a Principal,
        form: &'a NewAccountPost,
        now: i64,
    ) -> BoxFuture<'a, Result<String, StoreError>>;
    /// Disables, enables or resets (a temporary password, returned) an account.
    fn account_action<'a>(
        &'a self,
        actor: &'a Principal,
        username: &'a str,
        action: &'a str,
        now: i64,
    ) -> BoxFuture<'a, Result<Option<String>, StoreError>>;
    /// Creates an organisation.
    fn create_organisation<'a>(
        &'a self,
        actor: &'a Principal,
        form: &'a OrganisationPost,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>>;
    /// Whether the account keeps the expert library (a regulator of the configured
    /// jurisdiction).
    fn keeps_library(&self, actor: &Principal) -> bool;
    /// The expert's own record.
    fn own_expert<'a>(
        &'a self,
        actor: &'a Principal,
    ) -> BoxFuture<'a, Result<crate::api::accounts::ExpertView, StoreError>>;
    /// A page of the expert library (its keeper only; anyone else: `NotFound`).
    fn expert_library<'a>(
        &'a self,
        actor: &'a Principal,
        status: &'a str,
        q: &'a str,
        page: u32,
    ) -> BoxFuture<'a, Result<crate::api::accounts::ExpertLibraryPage, StoreError>>;
    /// A supplier's profile: the actor's own (`code: None`, suppliers) or the one with credit
    /// code `code` (a regulator whose jurisdiction covers it); anyone else: `NotFound`.
    fn supplier_profile<'a>(
        &'a self,
        actor: &'a Principal,
        code: Option<&'a str>,
    ) -> BoxFuture<'a, Result<crate::api::accounts::SupplierProfileView, StoreError>>;
    /// A page of the audit trail (the audit administrator), with the chain verified if asked.
    fn audit_page<'a>(
        &'a self,
        actor: &'a Principal,
        q: &'a str,
        page: u32,
        verify: bool,
    ) -> BoxFuture<'a, Result<crate::api::accounts::AuditPage, StoreError>>;
    /// Ends one of the owner's sessions.
    fn end_session<'a>(
        &'a self,
        actor: &'a Principal,
        id: &'a str,
        now: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>>;
}

/// `POST /admin/users`: a new staff account.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewAccountPost {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub organisation: String,
    pub mobile: String,
    pub email: String,
    /// 「1」: the account administers its organisation's staff (单位管理员).
    pub unit_admin: String,
}

impl NewAccountPost {
    pub fn values(&self) -> Vec<(String, String)> {
        [
            ("username", &self.username),
            ("display_name", &self.display_name),
            ("role", &self.role),
            ("organisation", &self.organisation),
            ("mobile", &self.mobile),
            ("email", &self.email),
            ("unit_admin", &self.unit_admin),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.chars().take(200).collect()))
        .collect()
    }
}

/// `POST /admin/users/action`: disable, enable or reset an account.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct AccountActionPost {
    pub username: String,
    /// `disable`, `enable` or `reset`.
    pub action: String,
}

/// `POST /admin/organisations`: a new organisation.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct OrganisationPost {
    pub kind: String,
    pub name: String,
    pub credit_code: String,
    pub jurisdiction: String,
}

/// A temporary password issued on a page (shown once, never in a URL).
#[derive(Debug, Clone, Default)]
pub struct IssuedPassword {
    pub username: String,
    pub password: String,
}

/// What an administrator's account form came to: done (go here), a temporary password to show
/// once on `page`, or the usual refusals.
pub enum AdminOutcome {
    Form(FormOutcome),
    /// Refused: show `page` again (the organisation's accounts) with the typed values.
    Refused {
        page: String,
        outcome: FormOutcome,
    },
    Issued {
        page: String,
        issued: IssuedPassword,
    },
}

/// A new staff account.
pub async fn create_account(
    services: &dyn super::Services,
    actor: Option<&Principal>,
    form: NewAccountPost,
) -> AdminOutcome {
    let Some(actor) = admin(actor) else {
        return AdminOutcome::Form(denied(actor));
    };
    let page = match form.organisation.trim() {
        "" => "/admin/users".to_owned(),
        org => format!(
            "/admin/users?organisation={}",
            org.chars().take(20).collect::<String>()
        ),
    };
    match services
        .accounts()
        .create_account(actor, &form, now_unix())
        .await
    {
        Ok(password) => AdminOutcome::Issued {
            page,
            issued: IssuedPassword {
                username: form.username.trim().to_lowercase(),
                password,
            },
        },
        Err(e) => AdminOutcome::Refused {
            page,
            outcome: outcome("new-account", form.values(), Err(e), ""),
        },
    }
}

/// Disable, enable or reset.
pub async fn account_action(
    services: &dyn super::Services,
    actor: Option<&Principal>,
    form: AccountActionPost,
) -> AdminOutcome {
    let Some(actor) = admin(actor) else {
        return AdminOutcome::Form(denied(actor));
    };
    if !matches!(form.action.as_str(), "disable" | "enable" | "reset") {
        return AdminOutcome::Form(FormOutcome::NotFound);
    }
    let q = format!("/admin/users?q={}", form.username.trim());
    match services
        .accounts()
        .account_action(actor, &form.username, &form.action, now_unix())
        .await
    {
        Ok(Some(password)) => AdminOutcome::Issued {
            page: "/admin/users".to_owned(),
            issued: IssuedPassword {
                username: form.username.trim().to_lowercase(),
                password,
            },
        },
        Ok(None) => AdminOutcome::Form(FormOutcome::Done(q)),
        Err(e) => AdminOutcome::Form(outcome("account-action", Vec::new(), Err(e), "")),
    }
}

/// A new organisation.
pub async fn create_organisation(
    services: &dyn super::Services,
    actor: Option<&Principal>,
    form: OrganisationPost,
) -> FormOutcome {
    let Some(actor) = admin(actor).filter(|a| shared::access::may_create_organisation(a)) else {
        return denied(actor);
    };
    let values = vec![
        ("kind".to_owned(), form.kind.clone()),
        ("name".to_owned(), form.name.chars().take(200).collect()),
        (
            "credit_code".to_owned(),
            form.credit_code.chars().take(40).collect(),
        ),
        (
            "jurisdiction".to_owned(),
            form.jurisdiction.chars().take(20).collect(),
        ),
    ];
    match services
        .accounts()
        .create_organisation(actor, &form, now_unix())
        .await
    {
        Ok(id) => FormOutcome::Done(format!("/admin/users?organisation={id}")),
        Err(e) => outcome("organisation", values, Err(e), ""),
    }
}

fn admin(actor: Option<&Principal>) -> Option<&Principal> {
    actor.filter(|a| shared::access::may_open(Some(a), shared::access::Page::Accounts))
}

fn denied(actor: Option<&Principal>) -> FormOutcome {
    FormOutcome::Denied(if actor.is_some() {
        Denied::Forbidden
    } else {
        Denied::Unauthenticated
    })
}

/// `POST /account/verify`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct VerifyPost {
    /// `mobile` or `email`.
    pub medium: String,
    /// `send` or `check`.
    pub action: String,
    pub code: String,
}

/// `POST /account/password`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    pub current: Secret,
    pub password: Secret,
    pub password2: Secret,
}

/// `POST /account/identity`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct BindPost {
    pub evidence: String,
}

/// `POST /suppliers/claim`: the credit code, the verifier's evidence and the new account.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ClaimPost {
    pub credit_code: String,
    pub evidence: String,
    #[serde(flatten)]
    pub account: AccountForm,
}

impl ClaimPost {
    /// The typed values to show again (never the passwords).
    pub fn values(&self) -> Vec<(String, String)> {
        let a = &self.account;
        [
            ("credit_code", &self.credit_code),
            ("evidence", &self.evidence),
            ("username", &a.username),
            ("display_name", &a.display_name),
            ("mobile", &a.mobile),
            ("email", &a.email),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.chars().take(200).collect()))
        .collect()
    }
}

fn refused(form: &str, values: Vec<(String, String)>, errors: FieldErrors) -> FormOutcome {
    FormOutcome::Refused(Refused {
        form: form.to_owned(),
        values,
        errors,
        ..Refused::default()
    })
}

/// A store answer as a form outcome: done → `to`; a field error → the page again.
fn outcome(
    form: &str,
    values: Vec<(String, String)>,
    r: Result<(), StoreError>,
    to: &str,
) -> FormOutcome {
    match r {
        Ok(()) => FormOutcome::Done(to.to_owned()),
        Err(StoreError::Rejected(errors)) => refused(form, values, errors),
        Err(StoreError::NotFound) => FormOutcome::NotFound,
        Err(e) => {
            let _ = super::error::AppError::from_store(e, "account form");
            FormOutcome::Refused(Refused {
                form: form.to_owned(),
                values,
                unavailable: true,
                ..Refused::default()
            })
        }
    }
}

fn medium(code: &str) -> Option<Medium> {
    match code {
        "mobile" => Some(Medium::Mobile),
        "email" => Some(Medium::Email),
        _ => None,
    }
}

/// A code sent or checked.
pub async fn verify(
    services: &dyn super::Services,
    actor: Option<&Principal>,
    form: VerifyPost,
) -> FormOutcome {
    let Some(actor) = actor else {
        return FormOutcome::Denied(Denied::Unauthenticated);
    };
    let Some(m) = medium(&form.medium) else {
        return FormOutcome::NotFound;
    };
    let form_name = format!("verify:{}", form.medium);
    let now = now_unix();
    if form.action == "send" {
        return match services.accounts().send_code(actor, m, now).await {
            Ok(true) => FormOutcome::Done(format!("/account/verify?sent={}", form.medium)),
            Ok(false) => FormOutcome::Done(format!("/account/verify?wait={}", form.medium)),
            Err(e) => outcome(&form_name, Vec::new(), Err(e), ""),
        };
    }
    let values = vec![("code".to_owned(), form.code.chars().take(20).collect())];
    let r = services
        .accounts()
        .enter_code(actor, m, &form.code, now)
        .await;
    outcome(
        &form_name,
        values,
        r,
        &format!("/account/verify?verified={}", form.medium),
    )
}

/// The owner's new password.
pub async fn change_password(
    services: &dyn super::Services,
    actor: Option<&Principal>,
    session: &str,
    form: PasswordForm,
) -> FormOutcome {
    let Some(actor) = actor else {
        return FormOutcome::Denied(Denied::Unauthenticated);
    };
    let r = services
        .accounts()
        .change_password(actor, &form, session, now_unix())
        .await;
    outcome("password", Vec::new(), r, "/account?password=changed")
}

/// The binding of a supplier account.
pub async fn bind(
    services: &dyn super::Services,
    actor: Option<&Principal>,
    form: BindPost,
) -> FormOutcome {
    let Some(actor) = actor else {
        return FormOutcome::Denied(Denied::Unauthenticated);
    };
    if actor.role != shared::access::Role::Supplier {
        return FormOutcome::Denied(Denied::Forbidden);
    }
    let values = vec![(
        "evidence".to_owned(),
        form.evidence.chars().take(200).collect(),
    )];
    let r = services
        .accounts()
        .bind(actor, &form.evidence, now_unix())
        .await;
    outcome("identity", values, r, "/account?bound=1")
}

/// One of the owner's sessions ended.
pub async fn end_session(
    services: &dyn super::Services,
    actor: Option<&Principal>,
    id: &str,
) -> FormOutcome {
    let Some(actor) = actor else {
        return FormOutcome::Denied(Denied::Unauthenticated);
    };
    let r = services.accounts().end_session(actor, id, now_unix()).await;
    outcome("session", Vec::new(), r, "/account?ended=1")
}
