//! The account lifecycle (issue 17): a supplier signs itself up with its first account, verifies
//! its contacts with one-time codes, binds the account to its legal entity (or claims a code that
//! someone else registered), changes its password; operators create staff accounts, disable and
//! re-enable them (their sessions end at once) and reset passwords (a temporary password, changed
//! at the next sign-in). Every change is one transaction with its audit record (never a password
//! or a code). The SQL is in `crate::db::users`; the rules are `shared::account`'s.

use app::service::StoreError;
use serde_json::json;
use sha2::{Digest, Sha256};
use shared::access::{Principal, Role};
use shared::account::refusal;
use shared::account::{
    code_refused, NewAccount, CODE_DIGITS, CODE_MAX_ATTEMPTS, CODE_RESEND_SECS, CODE_VALID_SECS,
};
use shared::field::{FieldError, FieldErrors};
use shared::supplier::SupplierRegistration;

use crate::audit::AuditEntry;
use crate::auth::{hash_password, normalize_username};
use crate::db::{accounts, suppliers, users};
use crate::delivery::{Medium, Message};
use crate::steplog;
use crate::store::{internal, Store};

/// Sets the store's delivery channels, entity verifier and password age from the configuration.
pub fn configure(store: &mut Store, config: &crate::config::Config) {
    if let Some(dir) = config.outbox.as_ref().and_then(|p| p.parent()) {
        if !dir.as_os_str().is_empty() {
            let _ = std::fs::create_dir_all(dir);
        }
    }
    let outbox = std::sync::Arc::new(crate::delivery::Outbox::new(config.outbox.clone()));
    let mut channels = crate::delivery::Channels::outbox(outbox);
    if let Some((addr, from)) = &config.smtp {
        channels.email = std::sync::Arc::new(crate::delivery::Smtp {
            addr: addr.clone(),
            from: from.clone(),
        });
    }
    match &config.outbox {
        Some(path) => tracing::warn!(
            outbox = %path.display(),
            "one-time codes for mobiles{} are written to the development outbox: connect an SMS gateway (and YIWANG_SMTP) for production",
            if config.smtp.is_some() { "" } else { " and e-mail" }
        ),
        None => tracing::warn!("YIWANG_OUTBOX=off: one-time codes are kept in memory only"),
    }
    tracing::warn!("supplier accounts are bound to their legal entity by the DEVELOPMENT verifier (yiwang verifier token CODE): connect the e-business licence or a CA for production");
    store.channels = channels;
    store.password_max_age_days = config.password_max_age_days as i64;
    store.require_second_factor = config.require_second_factor;
    store.signups_per_hour = config.signups_per_hour as i64;
    store.expert_keeper = config.expert_keeper.clone();
    store.data_key = match config
        .data_key
        .as_deref()
        .and_then(crate::sealed::DataKey::from_hex)
    {
        Some(k) => k,
        None => {
            tracing::error!("YIWANG_DATA_KEY is not set: personal data is sealed with the public DEVELOPMENT key; set a key of your own (64 hex digits) for production");
            crate::sealed::DataKey::development()
        }
    };
}

/// The development verifier's key: the configured one, or a random one this database keeps for
/// itself (made on first use), so nobody outside the operator can compute evidence.
pub async fn verifier_key(store: &Store, configured: Option<&str>) -> Result<String, StoreError> {
    if let Some(k) = configured {
        return Ok(k.to_owned());
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(internal)?;
    users::setting_or_init(&store.db.pool, "dev_verifier_key", &hex(&bytes)).await
}

/// Puts the development verifier with [`verifier_key`] in force.
pub async fn install_verifier(
    store: &mut Store,
    configured: Option<&str>,
) -> Result<(), StoreError> {
    let key = verifier_key(store, configured).await?;
    store.verifier = std::sync::Arc::new(crate::identity::DevVerifier::new(&key));
    Ok(())
}

/// Sign-ups, claims and expert applications one client address may send in an hour by default
/// (each costs an Argon2 hash and may send a code to any mobile): beyond it the address waits an
/// hour (`YIWANG_SIGNUPS_PER_HOUR`; `Store::signups_per_hour`, 0: no limit).
pub const SIGNUPS_PER_HOUR: i64 = 10;

impl Store {
    /// Counts an anonymous sign-up attempt from `address` (`crate::auth::throttle_address`):
    /// `Err(wait)` once the address has sent `signups_per_hour` within an hour of each other.
    pub async fn count_signup(
        &self,
        address: &str,
        now: i64,
    ) -> Result<Result<(), i64>, StoreError> {
        let limit = self.signups_per_hour;
        if limit <= 0 {
            return Ok(Ok(()));
        }
        let key = format!("signup:{address}");
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let row = accounts::lock_throttle(&mut tx, self.db.backend, &key, now).await?;
        if row.locked_until > now {
            return Ok(Err(row.locked_until - now));
        }
        let locked = count_attempt(&mut tx, &key, &row, now, limit, 3600).await?;
        tx.commit().await.map_err(internal)?;
        Ok(if locked { Err(3600) } else { Ok(()) })
    }
}

/// What a second factor came to.
pub enum SecondFactor {
    /// Signed in: the new session's token.
    Done(String),
    /// A wrong code (counted; five end the sign-in).
    Wrong,
    /// No such sign-in waiting, or its five minutes are over: sign in again.
    Expired,
}

/// A supplier and its first account, stored.
#[derive(Debug, Clone, Copy)]
pub struct SignedUp {
    pub supplier_id: i64,
    pub user_id: i64,
}

/// What became of a request for a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeSent {
    /// Sent to this (masked) destination.
    Sent(String),
    /// A code went out less than [`CODE_RESEND_SECS`] ago: wait this many seconds.
    TooSoon(i64),
    /// The account has no such contact.
    NoContact,
    /// The channel failed (logged): ask again later.
    NotDelivered,
}

/// Counts one more attempt of a throttle key (`row` as `accounts::lock_throttle` read it): the
/// count starts again after an hour without attempts; beyond `free` attempts the key is locked
/// for `lock_secs`. Returns whether it is now locked.
async fn count_attempt(
    conn: &mut sqlx::AnyConnection,
    key: &str,
    row: &accounts::ThrottleRow,
    now: i64,
    free: i64,
    lock_secs: i64,
) -> Result<bool, StoreError> {
    let count = if now - row.last_failure_at > crate::auth::FAILURE_WINDOW_SECS {
        1
    } else {
        row.failures + 1
    };
    let locked = count > free;
    let until = if locked { now + lock_secs } else { 0 };
    accounts::set_throttle(conn, key, count, now, until).await?;
    Ok(locked)
}

/// A refusal of one field (`shared::account::refusal`).
fn refused(e: FieldError) -> StoreError {
    StoreError::Rejected(FieldErrors(vec![e]))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What is stored of a code: SHA-256 over the account, the medium and the code.
fn code_hash(user_id: i64, medium: Medium, code: &str) -> String {
    hex(&Sha256::digest(format!(
        "{user_id}|{}|{code}",
        medium.code()
    )))
}

/// A random number below `n` from the operating system.
fn random_below(n: u32) -> Result<u32, StoreError> {
    let mut b = [0u8; 4];
    getrandom::fill(&mut b).map_err(internal)?;
    // n is small (≤ 10^6): the bias of the modulo is below 2^-12.
    Ok(u32::from_le_bytes(b) % n)
}

/// A new six-digit code.
fn new_code() -> Result<String, StoreError> {
    Ok(format!(
        "{:0width$}",
        random_below(10u32.pow(CODE_DIGITS as u32))?,
        width = CODE_DIGITS
    ))
}

/// A temporary password: 14 characters with upper and lower case letters, digits and a symbol,
/// without look-alikes (0/O, 1/l/I).
pub fn temporary_password() -> Result<String, StoreError> {
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
    const DIGIT: &[u8] = b"23456789";
    let mut out = String::new();
    for (set, n) in [(UPPER, 4), (LOWER, 5), (DIGIT, 4)] {
        for _ in 0..n {
            out.push(set[random_below(set.len() as u32)? as usize] as char);
        }
    }
    out.insert(random_below(13)? as usize, '-');
    Ok(out)
}

/// A staff account an operator creates (CLI or page).
#[derive(Debug, Clone)]
pub struct StaffAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub supplier_id: Option<i64>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    /// Its duty beyond the role: a unit administrator (set by whoever may create the account)
    /// or an administrator's share (the operator's command line only).
    pub duty: Option<shared::access::Duty>,
}

/// Whether `actor` may disable, enable or reset `user` (`shared::access::may_secure_account`).
fn may_secure(actor: Option<&Principal>, user: &users::UserRow) -> bool {
    let Some(role) = Role::from_code(&user.role) else {
        return false;
    };
    shared::access::may_secure_account(
        actor,
        &shared::access::StaffScope {
            role,
            organisation_id: user.organisation_id,
            jurisdiction: user.organisation_jurisdiction.as_deref(),
        },
    )
}

/// Whether `actor` may reset `user`'s password (`shared::access::may_reset_password`).
fn may_reset(actor: Option<&Principal>, user: &users::UserRow) -> bool {
    let Some(role) = Role::from_code(&user.role) else {
        return false;
    };
    shared::access::may_reset_password(
        actor,
        &shared::access::StaffScope {
            role,
            organisation_id: user.organisation_id,
            jurisdiction: user.organisation_jurisdiction.as_deref(),
        },
    )
}

fn actor_entry(actor: Option<&Principal>, at: i64, action: &'static str) -> AuditEntry {
    AuditEntry {
        at,
        user_id: actor.map(|p| p.user_id),
        role: actor.map(|p| p.role),
        action,
        ..AuditEntry::default()
    }
}

impl Store {
    /// A supplier signs itself up: the supplier and its first account in one transaction (with
    /// the audit records), then a code goes to the account's mobile. Complete at once: nobody
    /// approves it (财库〔2019〕38号). A taken credit code or login name is a field error; the
    /// credit code's tells the real company how to claim it.
    pub async fn signup_supplier(
        &self,
        reg: &SupplierRegistration,
        account: &NewAccount,
        now: i64,
    ) -> Result<SignedUp, StoreError> {
        crate::passwords::check(account.username().as_str(), account.password())
            .map_err(StoreError::Rejected)?;
        let hash = hash_password(account.password().to_owned()).await?;
        self.signup_supplier_with_hash(reg, account, &hash, now)
            .await
    }

    /// [`Store::signup_supplier`] with the password's hash computed (the demo shares one).
    pub async fn signup_supplier_with_hash(
        &self,
        reg: &SupplierRegistration,
        account: &NewAccount,
        hash: &str,
        now: i64,
    ) -> Result<SignedUp, StoreError> {
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let mut taken = Vec::new();
        if users::supplier_by_code(&mut tx, reg.credit_code().as_str())
            .await?
            .is_some()
        {
            taken.push(refusal::credit_code_taken());
        }
        if users::user_named(&mut tx, account.username().as_str())
            .await?
            .is_some()
        {
            taken.push(refusal::username_taken());
        }
        if !taken.is_empty() {
            return Err(StoreError::Rejected(FieldErrors(taken)));
        }
        let supplier_id = suppliers::insert_supplier(&mut tx, reg, now).await?;
        let user_id = accounts::insert_user(
            &mut tx,
            &accounts::NewAccount {
                duty: None,
                username: account.username().as_str(),
                display_name: account.display_name(),
                role: Role::Supplier,
                organisation_id: None,
                supplier_id: Some(supplier_id),
                password_hash: hash,
                mobile: Some(account.mobile().as_str()),
                email: Some(account.email().as_str()),
                bound: false,
                must_change_password: false,
            },
            now,
        )
        .await?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(user_id),
            role: Some(Role::Supplier),
            action: "supplier.register",
            subject_type: Some("supplier"),
            subject_id: Some(supplier_id.to_string()),
            after: Some(json!({
                "credit_code": reg.credit_code().as_str(),
                "name": reg.name().as_str(),
                "region_code": reg.region().code,
                "size": reg.size().code(),
                "categories": reg.categories().iter().map(|c| c.code).collect::<Vec<_>>(),
            })),
            ..AuditEntry::default()
        })
        .audit(AuditEntry {
            at: now,
            user_id: Some(user_id),
            role: Some(Role::Supplier),
            action: "user.create",
            subject_type: Some("user"),
            subject_id: Some(user_id.to_string()),
            after: Some(json!({
                "username": account.username().as_str(),
                "role": "supplier",
                "supplier_id": supplier_id,
                "by": "self",
            })),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok(SignedUp {
            supplier_id,
            user_id,
        })
    }

    /// Sends a new one-time code to the account's mobile or e-mail (at most one a minute; the
    /// code is stored as a hash before it is sent, and is valid for ten minutes).
    pub async fn send_code(
        &self,
        user_id: i64,
        medium: Medium,
        now: i64,
    ) -> Result<CodeSent, StoreError> {
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let Some(user) = users::user(&mut tx, user_id).await? else {
            return Err(StoreError::NotFound);
        };
        let destination = match medium {
            Medium::Mobile => user.mobile.clone(),
            Medium::Email => user.email.clone(),
        };
        let Some(destination) = destination.filter(|d| !d.is_empty()) else {
            return Ok(CodeSent::NoContact);
        };
        if let Some(previous) =
            users::code(&mut tx, self.db.backend, user_id, medium.code()).await?
        {
            let wait = previous.sent_at + CODE_RESEND_SECS - now;
            if wait > 0 && previous.destination == destination {
                return Ok(CodeSent::TooSoon(wait));
            }
        }
        let code = new_code()?;
        users::put_code(
            &mut tx,
            user_id,
            medium.code(),
            &destination,
            &code_hash(user_id, medium, &code),
            now,
            now + CODE_VALID_SECS,
        )
        .await?;
        tx.commit().await.map_err(internal)?;
        let message = Message {
            medium,
            to: destination.clone(),
            subject: "一网 验证码 · Yiwang code".to_owned(),
            body: format!(
                "【一网】您的验证码是 {code}，10分钟内有效。请勿告诉他人。\nYour Yiwang code is {code}; it is valid for 10 minutes. Do not share it."
            ),
            at: now,
        };
        let masked = match medium {
            Medium::Mobile => shared::account::mask_mobile(&destination),
            Medium::Email => shared::account::mask_email(&destination),
        };
        match self.channels.for_medium(medium).send(&message).await {
            Ok(()) => Ok(CodeSent::Sent(masked)),
            Err(e) => {
                tracing::warn!(error.cause = %e, medium = medium.code(), "a code was not delivered");
                Ok(CodeSent::NotDelivered)
            }
        }
    }

    /// Checks a code typed by the account's owner: right → the contact is verified (audited);
    /// wrong, expired or used up → one refusal for all (`code`). At most
    /// [`CODE_MAX_ATTEMPTS`] tries per code.
    pub async fn enter_code(
        &self,
        user_id: i64,
        medium: Medium,
        typed: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let code = shared::account::parse_code(typed)
            .map_err(|e| StoreError::Rejected(FieldErrors(vec![e])))?;
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let refused = || StoreError::Rejected(FieldErrors(vec![code_refused()]));
        let Some(row) = users::code(&mut tx, self.db.backend, user_id, medium.code()).await? else {
            return Err(refused());
        };
        if row.expires_at <= now || row.attempts >= CODE_MAX_ATTEMPTS {
            return Err(refused());
        }
        if row.code_hash != code_hash(user_id, medium, &code) {
            users::code_attempt(&mut tx, user_id, medium.code()).await?;
            tx.commit().await.map_err(internal)?;
            return Err(refused());
        }
        users::contact_verified(&mut tx, user_id, medium.code(), now).await?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(user_id),
            action: "contact.verify",
            subject_type: Some("user"),
            subject_id: Some(user_id.to_string()),
            after: Some(json!({ "medium": medium.code() })),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)
    }

    /// Binds a supplier account to its legal entity with the verifier's evidence. The first
    /// account bound marks the supplier verified.
    pub async fn bind_supplier(
        &self,
        actor: &Principal,
        evidence: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let (Role::Supplier, Some(supplier_id)) = (actor.role, actor.supplier_id) else {
            return Err(StoreError::NotFound);
        };
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let Some(supplier) = users::supplier_identity(&mut tx, supplier_id).await? else {
            return Err(StoreError::NotFound);
        };
        if self
            .verifier
            .verify(&supplier.credit_code, evidence)
            .is_err()
        {
            return Err(refused(refusal::evidence_not_proven()));
        }
        users::bind(&mut tx, actor.user_id, supplier_id, now).await?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(actor.user_id),
            role: Some(Role::Supplier),
            action: "supplier.bind",
            subject_type: Some("supplier"),
            subject_id: Some(supplier_id.to_string()),
            after: Some(json!({
                "credit_code": supplier.credit_code,
                "verifier": self.verifier.name(),
                "first": supplier.verified_at.is_none(),
            })),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)
    }

    /// The verified legal entity claims a credit code someone else registered: a new account,
    /// bound, for the registered supplier; the accounts that registered it without proof are
    /// disabled and their sessions end (audited with their ids). A supplier already verified
    /// cannot be claimed (its own accounts add colleagues).
    pub async fn claim_supplier(
        &self,
        credit_code: &str,
        evidence: &str,
        account: &NewAccount,
        now: i64,
    ) -> Result<SignedUp, StoreError> {
        let code = shared::credit_code::CreditCode::parse(credit_code).map_err(|e| {
            StoreError::Rejected(FieldErrors(vec![e.to_field_error("credit_code")]))
        })?;
        crate::passwords::check(account.username().as_str(), account.password())
            .map_err(StoreError::Rejected)?;
        if self.verifier.verify(code.as_str(), evidence).is_err() {
            return Err(refused(refusal::evidence_not_proven()));
        }
        let hash = hash_password(account.password().to_owned()).await?;
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let Some(supplier) = users::supplier_by_code(&mut tx, code.as_str()).await? else {
            return Err(refused(refusal::credit_code_unknown()));
        };
        if supplier.verified_at.is_some() {
            return Err(refused(refusal::credit_code_verified()));
        }
        if users::user_named(&mut tx, account.username().as_str())
            .await?
            .is_some()
        {
            return Err(StoreError::Rejected(FieldErrors(vec![
                refusal::username_taken(),
            ])));
        }
        let user_id = accounts::insert_user(
            &mut tx,
            &accounts::NewAccount {
                duty: None,
                username: account.username().as_str(),
                display_name: account.display_name(),
                role: Role::Supplier,
                organisation_id: None,
                supplier_id: Some(supplier.id),
                password_hash: &hash,
                mobile: Some(account.mobile().as_str()),
                email: Some(account.email().as_str()),
                bound: true,
                must_change_password: false,
            },
            now,
        )
        .await?;
        users::bind(&mut tx, user_id, supplier.id, now).await?;
        let others = users::supplier_accounts(&mut tx, supplier.id, user_id).await?;
        for (id, _) in &others {
            users::set_disabled(&mut tx, *id, Some(now)).await?;
            users::end_sessions(&mut tx, *id, "").await?;
        }
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(user_id),
            role: Some(Role::Supplier),
            action: "supplier.claim",
            subject_type: Some("supplier"),
            subject_id: Some(supplier.id.to_string()),
            after: Some(json!({
                "credit_code": supplier.credit_code,
                "name": supplier.name,
                "verifier": self.verifier.name(),
                "username": account.username().as_str(),
                "disabled_accounts": others.iter().map(|(id, name)| json!({"id": id, "username": name})).collect::<Vec<_>>(),
            })),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok(SignedUp {
            supplier_id: supplier.id,
            user_id,
        })
    }

    /// The owner changes its password: the current one, the new one twice (the rule and the
    /// common list). The other sessions end; this one (`keep`, its token hash) stays.
    pub async fn change_password(
        &self,
        user_id: i64,
        current: &str,
        new: &str,
        new2: &str,
        keep: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let Some(user) = users::user(&mut conn, user_id).await? else {
            return Err(StoreError::NotFound);
        };
        let Some(hash) = users::password_hash(&mut conn, user_id).await? else {
            return Err(StoreError::NotFound);
        };
        drop(conn);
        let mut errors = shared::account::check_password_pair(&user.username, new, new2);
        if let Err(e) = crate::passwords::check(&user.username, new) {
            for f in e.0 {
                if errors.for_field(&f.field).is_none() {
                    errors.push(f);
                }
            }
        }
        // Guesses of the current password through a session count per account: five wrong ones
        // within an hour lock the change for 15 minutes (the sign-in has its own throttle).
        let key = format!("pw:{user_id}");
        {
            let mut tx = self.db.begin_write().await.map_err(internal)?;
            let row = accounts::lock_throttle(&mut tx, self.db.backend, &key, now).await?;
            tx.commit().await.map_err(internal)?;
            if row.locked_until > now {
                return Err(refused(refusal::current_locked()));
            }
        }
        let current_ok = crate::auth::verify_password(hash, current.to_owned()).await?;
        {
            let mut tx = self.db.begin_write().await.map_err(internal)?;
            let row = accounts::lock_throttle(&mut tx, self.db.backend, &key, now).await?;
            if current_ok {
                accounts::clear_throttle(&mut tx, &key, &key).await?;
            } else {
                count_attempt(&mut tx, &key, &row, now, CODE_MAX_ATTEMPTS - 1, 900).await?;
            }
            tx.commit().await.map_err(internal)?;
        }
        if !current_ok {
            errors.0.insert(0, refusal::current_wrong());
        } else if current == new {
            errors.push(refusal::password_same());
        }
        if !errors.is_empty() {
            return Err(StoreError::Rejected(errors));
        }
        let new_hash = hash_password(new.to_owned()).await?;
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        users::set_password(&mut tx, user_id, &new_hash, false, now).await?;
        let ended = users::end_sessions(&mut tx, user_id, keep).await?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(user_id),
            role: Role::from_code(&user.role),
            action: "password.change",
            subject_type: Some("user"),
            subject_id: Some(user_id.to_string()),
            after: Some(json!({ "other_sessions_ended": ended })),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)
    }

    /// Creates a staff (or supplier colleague) account with a temporary password, changed at
    /// the first sign-in; returns its id and the temporary password (shown once to the
    /// operator, never stored or logged).
    pub async fn create_staff(
        &self,
        actor: Option<&Principal>,
        spec: &StaffAccount,
        now: i64,
    ) -> Result<(i64, String), StoreError> {
        let username = shared::account::Username::parse(&spec.username)
            .map_err(|e| StoreError::Rejected(FieldErrors(vec![e])))?;
        let mut errors = FieldErrors::new();
        if spec.display_name.trim().is_empty() || spec.display_name.chars().count() > 60 {
            errors.push(refusal::display_name_required());
        }
        let mobile = match spec.mobile.as_deref().filter(|m| !m.trim().is_empty()) {
            Some(m) => errors
                .take(shared::account::parse_mobile(m))
                .map(|p| p.as_str().to_owned()),
            None => None,
        };
        let email = match spec.email.as_deref().filter(|m| !m.trim().is_empty()) {
            Some(m) => errors
                .take(shared::account::parse_email(m))
                .map(|p| p.as_str().to_owned()),
            None => None,
        };
        if !errors.is_empty() {
            return Err(StoreError::Rejected(errors));
        }
        let kinds = spec.role.organisation_kinds();
        let organisation = match spec.organisation_id {
            Some(org) => accounts::organisation_kind(&self.db.pool, org).await?,
            None => None,
        };
        // Whose share it is, first: an organisation out of the actor's share (or unknown) is
        // answered alike, before anything about its kind.
        let scope = shared::access::StaffScope {
            role: spec.role,
            organisation_id: spec.organisation_id,
            jurisdiction: organisation.as_ref().map(|(_, j)| j.as_str()),
        };
        // A supplier's colleague is added by the supplier's own bound account (`add_colleague`).
        let colleague = spec.role == Role::Supplier
            && actor.is_some_and(|a| a.role == Role::Supplier && a.supplier_id == spec.supplier_id);
        if !colleague && !shared::access::may_create_account(actor, &scope) {
            return Err(refused(refusal::not_your_share()));
        }
        let org_fits = match (kinds.is_empty(), &organisation) {
            (false, Some((kind, _))) => kinds.contains(&kind.as_str()),
            (true, None) => spec.organisation_id.is_none(),
            _ => false,
        };
        if !org_fits || (spec.role == Role::Supplier) != spec.supplier_id.is_some() {
            return Err(refused(refusal::organisation_role()));
        }
        if let Some(duty) = spec.duty {
            // Administrators' duties are the operator's to give, on the server.
            if !duty.fits(spec.role) || (spec.role == Role::Admin && actor.is_some()) {
                return Err(refused(refusal::duty_role()));
            }
        }
        let password = temporary_password()?;
        let hash = hash_password(password.clone()).await?;
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let id = accounts::insert_user(
            &mut tx,
            &accounts::NewAccount {
                username: username.as_str(),
                display_name: spec.display_name.trim(),
                role: spec.role,
                organisation_id: spec.organisation_id,
                supplier_id: spec.supplier_id,
                password_hash: &hash,
                mobile: mobile.as_deref(),
                email: email.as_deref(),
                bound: spec.role == Role::Supplier,
                must_change_password: true,
                duty: spec.duty,
            },
            now,
        )
        .await
        .map_err(|e| match e {
            StoreError::Duplicate => {
                StoreError::Rejected(FieldErrors(vec![refusal::username_taken()]))
            }
            e => e,
        })?;
        if let (Role::Supplier, Some(supplier_id)) = (spec.role, spec.supplier_id) {
            // Whoever creates it vouches for it: the company counts as verified from now on.
            users::bind(&mut tx, id, supplier_id, now).await?;
        }
        let mut entry = actor_entry(actor, now, "user.create");
        entry.subject_type = Some("user");
        entry.subject_id = Some(id.to_string());
        entry.after = Some(json!({
            "username": username.as_str(),
            "role": spec.role.code(),
            "organisation_id": spec.organisation_id,
            "supplier_id": spec.supplier_id,
            "duty": spec.duty.map(|d| d.code()),
            "by": if actor.is_some() { "web" } else { "cli" },
        }));
        steplog::commit(tx, &self.events, steplog::Tail::new(entry))
            .await
            .map_err(internal)?;
        Ok((id, password))
    }

    /// A supplier account bound to its company adds a colleague's account for the same company
    /// (bound by the one who adds it), with a temporary password (returned, shown once).
    pub async fn add_colleague(
        &self,
        actor: &Principal,
        username: &str,
        display_name: &str,
        mobile: &str,
        email: &str,
        now: i64,
    ) -> Result<String, StoreError> {
        let (Role::Supplier, Some(supplier_id)) = (actor.role, actor.supplier_id) else {
            return Err(StoreError::NotFound);
        };
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        if !users::is_bound(&mut conn, actor.user_id).await? {
            return Err(refused(refusal::colleague_unbound()));
        }
        drop(conn);
        let spec = StaffAccount {
            username: username.to_owned(),
            display_name: display_name.to_owned(),
            role: Role::Supplier,
            organisation_id: None,
            supplier_id: Some(supplier_id),
            mobile: Some(mobile.to_owned()),
            email: Some(email.to_owned()),
            duty: None,
        };
        self.create_staff(Some(actor), &spec, now)
            .await
            .map(|(_, password)| password)
    }

    /// Disables (`enabled = false`: its sessions end at once) or re-enables an account.
    pub async fn set_enabled(
        &self,
        actor: Option<&Principal>,
        username: &str,
        enabled: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        let name = normalize_username(username);
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let Some(user) = users::user_named(&mut tx, &name).await? else {
            return Err(StoreError::NotFound);
        };
        // Out of the actor's share: the same answer as an unknown name (nothing disclosed).
        if !may_secure(actor, &user) {
            return Err(StoreError::NotFound);
        }
        if actor.is_some_and(|a| a.user_id == user.id) && !enabled {
            return Err(refused(refusal::username_self()));
        }
        users::set_disabled(&mut tx, user.id, (!enabled).then_some(now)).await?;
        let ended = if enabled {
            0
        } else {
            users::end_sessions(&mut tx, user.id, "").await?
        };
        let mut entry = actor_entry(
            actor,
            now,
            if enabled {
                "user.enable"
            } else {
                "user.disable"
            },
        );
        entry.subject_type = Some("user");
        entry.subject_id = Some(user.id.to_string());
        entry.after = Some(json!({ "username": user.username, "sessions_ended": ended }));
        steplog::commit(tx, &self.events, steplog::Tail::new(entry))
            .await
            .map_err(internal)
    }

    /// Gives an account a duty (or takes it away): `duty` must fit the account's role
    /// (`shared::access::Duty::fits`); administrators' duties only from the operator's command
    /// line or the demo (`actor: None`), a unit administrator's by whoever may create the
    /// account. Audited (`user.duty`).
    pub async fn set_duty(
        &self,
        actor: Option<&Principal>,
        user_id: i64,
        duty: Option<shared::access::Duty>,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let user = users::user(&mut tx, user_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let role = Role::from_code(&user.role).ok_or(StoreError::NotFound)?;
        if duty.is_some_and(|d| !d.fits(role)) || (role == Role::Admin && actor.is_some()) {
            return Err(refused(refusal::duty_role()));
        }
        let scope = shared::access::StaffScope {
            role,
            organisation_id: user.organisation_id,
            jurisdiction: user.organisation_jurisdiction.as_deref(),
        };
        if !shared::access::may_create_account(actor, &scope) {
            return Err(refused(refusal::not_your_share()));
        }
        users::set_duty(&mut tx, user_id, duty.map(|d| d.code())).await?;
        let mut entry = actor_entry(actor, now, "user.duty");
        entry.subject_type = Some("user");
        entry.subject_id = Some(user_id.to_string());
        entry.before = Some(json!({ "duty": user.duty }));
        entry.after = Some(json!({ "username": user.username, "duty": duty.map(|d| d.code()) }));
        steplog::commit(tx, &self.events, steplog::Tail::new(entry))
            .await
            .map_err(internal)
    }

    /// Resets an account's password to a temporary one (returned, shown once): it must be
    /// changed at the next sign-in; the account's sessions end.
    pub async fn reset_password(
        &self,
        actor: Option<&Principal>,
        username: &str,
        now: i64,
    ) -> Result<String, StoreError> {
        let name = normalize_username(username);
        let password = temporary_password()?;
        let hash = hash_password(password.clone()).await?;
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let Some(user) = users::user_named(&mut tx, &name).await? else {
            return Err(StoreError::NotFound);
        };
        if !may_reset(actor, &user) {
            return Err(StoreError::NotFound);
        }
        users::set_password(&mut tx, user.id, &hash, true, now).await?;
        // Whoever received the temporary password must prove the company again before bidding.
        users::unbind(&mut tx, user.id).await?;
        let ended = users::end_sessions(&mut tx, user.id, "").await?;
        let mut entry = actor_entry(actor, now, "password.reset");
        entry.subject_type = Some("user");
        entry.subject_id = Some(user.id.to_string());
        entry.after = Some(json!({ "username": user.username, "sessions_ended": ended }));
        steplog::commit(tx, &self.events, steplog::Tail::new(entry))
            .await
            .map_err(internal)?;
        Ok(password)
    }

    /// An account's own record.
    pub async fn user_record(&self, user_id: i64) -> Result<users::UserRow, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        users::user(&mut conn, user_id)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The sessions of an account (for its owner).
    pub async fn sessions_of(
        &self,
        user_id: i64,
    ) -> Result<Vec<users::SessionListRow>, StoreError> {
        users::sessions_of(&self.db.pool, user_id).await
    }

    /// The owner ends one of its sessions (by the first 16 hex digits of its hash).
    pub async fn end_session(
        &self,
        user_id: i64,
        prefix: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        if prefix.len() != 16 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::NotFound);
        }
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let n = users::end_session_by_prefix(&mut tx, user_id, &prefix.to_lowercase()).await?;
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(user_id),
            action: "session.end",
            subject_type: Some("user"),
            subject_id: Some(user_id.to_string()),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)
    }

    /// The second factor of a sign-in whose password was right (`token`: the challenge
    /// cookie's): a right code opens the session (audited as a login), a wrong one counts.
    pub async fn second_factor(
        &self,
        token: &str,
        code: &str,
        now: i64,
    ) -> Result<SecondFactor, StoreError> {
        if token.len() != 64 {
            return Ok(SecondFactor::Expired);
        }
        let hash = crate::auth::token_hash(token);
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let Some((user_id, expires, attempts)) =
            users::challenge(&mut tx, self.db.backend, &hash).await?
        else {
            return Ok(SecondFactor::Expired);
        };
        if expires <= now || attempts >= CODE_MAX_ATTEMPTS {
            users::end_challenge(&mut tx, &hash, now).await?;
            tx.commit().await.map_err(internal)?;
            return Ok(SecondFactor::Expired);
        }
        let row = users::totp(&mut tx, self.db.backend, user_id).await?;
        let user = users::user(&mut tx, user_id).await?;
        let secret = row
            .as_ref()
            .and_then(|r| r.totp_secret.as_deref())
            .and_then(|s| self.totp_key(s));
        let (Some(row), Some(user), Some(secret)) = (row, user, secret) else {
            return Ok(SecondFactor::Expired);
        };
        let role = Role::from_code(&user.role);
        // Wrong codes count per account across challenges (a right password gives a fresh
        // challenge): five in an hour lock the second factor for 15 minutes.
        let key = format!("2fa:{user_id}");
        let throttle = accounts::lock_throttle(&mut tx, self.db.backend, &key, now).await?;
        if throttle.locked_until > now {
            users::end_challenge(&mut tx, &hash, now).await?;
            tx.commit().await.map_err(internal)?;
            return Ok(SecondFactor::Expired);
        }
        let verified = crate::totp::verify(&secret, code, now, row.totp_last_step);
        if verified.is_none() {
            count_attempt(&mut tx, &key, &throttle, now, CODE_MAX_ATTEMPTS - 1, 900).await?;
        } else {
            accounts::clear_throttle(&mut tx, &key, &key).await?;
        }
        match verified {
            Some(step) if user.disabled_at.is_none() => {
                users::totp_used(&mut tx, user_id, step).await?;
                users::end_challenge(&mut tx, &hash, now).await?;
                let session = crate::auth::new_token()?;
                accounts::insert_session(
                    &mut tx,
                    &crate::auth::token_hash(&session),
                    user_id,
                    now,
                    now + crate::auth::ABSOLUTE_TIMEOUT_SECS,
                )
                .await?;
                let tail = steplog::Tail::new(AuditEntry {
                    at: now,
                    user_id: Some(user_id),
                    role,
                    action: "login.success",
                    subject_type: Some("user"),
                    subject_id: Some(user_id.to_string()),
                    findings: Some(json!({ "second_factor": "totp" })),
                    ..AuditEntry::default()
                });
                steplog::commit(tx, &self.events, tail)
                    .await
                    .map_err(internal)?;
                Ok(SecondFactor::Done(session))
            }
            _ => {
                users::challenge_attempt(&mut tx, &hash).await?;
                let tail = steplog::Tail::new(AuditEntry {
                    at: now,
                    user_id: Some(user_id),
                    role,
                    action: "login.failure",
                    subject_type: Some("user"),
                    subject_id: Some(user_id.to_string()),
                    findings: Some(json!({ "reason": "second_factor" })),
                    ..AuditEntry::default()
                });
                steplog::commit(tx, &self.events, tail)
                    .await
                    .map_err(internal)?;
                Ok(SecondFactor::Wrong)
            }
        }
    }

    /// Starts setting up the second factor: a new secret, kept pending until a code from it is
    /// confirmed; returns it in base32.
    /// While a factor is on, a new secret needs a current code from the old one.
    pub async fn totp_start(
        &self,
        actor: &Principal,
        code: &str,
        now: i64,
    ) -> Result<String, StoreError> {
        let mut bytes = [0u8; crate::totp::SECRET_BYTES];
        getrandom::fill(&mut bytes).map_err(internal)?;
        let secret = crate::totp::base32(&bytes);
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let row = users::totp(&mut tx, self.db.backend, actor.user_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        if let Some(stored) = row.totp_secret.as_deref() {
            // A factor is on: a new secret needs a current code from it (a secret that cannot
            // be opened — another data key — refuses, it never falls open).
            let Some(current) = self.totp_key(stored) else {
                return Err(StoreError::Rejected(FieldErrors(vec![
                    shared::account::totp_refused(),
                ])));
            };
            let Some(step) = crate::totp::verify(&current, code, now, row.totp_last_step) else {
                return Err(StoreError::Rejected(FieldErrors(vec![
                    shared::account::totp_refused(),
                ])));
            };
            users::totp_used(&mut tx, actor.user_id, step).await?;
        }
        let sealed = self.data_key.seal(&secret).map_err(internal)?;
        users::set_totp_pending(&mut tx, actor.user_id, Some(&sealed)).await?;
        tx.commit().await.map_err(internal)?;
        Ok(secret)
    }

    /// Confirms the pending secret with a code from it: the second factor is on (audited).
    pub async fn totp_confirm(
        &self,
        actor: &Principal,
        code: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let row = users::totp(&mut tx, self.db.backend, actor.user_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let Some(pending) = row.totp_pending.clone() else {
            return Err(StoreError::Rejected(FieldErrors(vec![
                shared::account::totp_refused(),
            ])));
        };
        let secret = self
            .totp_key(&pending)
            .ok_or_else(|| internal("bad pending secret"))?;
        let Some(step) = crate::totp::verify(&secret, code, now, 0) else {
            return Err(StoreError::Rejected(FieldErrors(vec![
                shared::account::totp_refused(),
            ])));
        };
        users::set_totp(&mut tx, actor.user_id, Some(&pending), step, now).await?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(actor.user_id),
            role: Some(actor.role),
            action: "second_factor.enable",
            subject_type: Some("user"),
            subject_id: Some(actor.user_id.to_string()),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)
    }

    /// Turns the second factor off (a current code needed); refused where the role needs it.
    pub async fn totp_disable(
        &self,
        actor: &Principal,
        code: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        if self.require_second_factor && shared::account::second_factor_required(actor.role) {
            return Err(refused(refusal::second_factor_required()));
        }
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let row = users::totp(&mut tx, self.db.backend, actor.user_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let secret = row
            .totp_secret
            .as_deref()
            .and_then(|s| self.totp_key(s))
            .ok_or_else(|| {
                StoreError::Rejected(FieldErrors(vec![shared::account::totp_refused()]))
            })?;
        if crate::totp::verify(&secret, code, now, row.totp_last_step).is_none() {
            return Err(StoreError::Rejected(FieldErrors(vec![
                shared::account::totp_refused(),
            ])));
        }
        users::set_totp(&mut tx, actor.user_id, None, 0, now).await?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(actor.user_id),
            role: Some(actor.role),
            action: "second_factor.disable",
            subject_type: Some("user"),
            subject_id: Some(actor.user_id.to_string()),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)
    }

    /// The account's second factor: whether it is on, and a secret being set up.
    pub async fn totp_state(&self, user_id: i64) -> Result<(bool, Option<String>), StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let row = users::totp(&mut conn, self.db.backend, user_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let pending = row
            .totp_pending
            .as_deref()
            .map(|p| match p.strip_prefix("v1:") {
                Some(_) => self.data_key.open(p),
                None => Some(p.to_owned()),
            });
        Ok((row.totp_enabled_at.is_some(), pending.flatten()))
    }

    /// The key of a stored second-factor secret: sealed with the data key (`v1:…`), or base32
    /// as stored before secrets were sealed.
    fn totp_key(&self, stored: &str) -> Option<Vec<u8>> {
        if stored.starts_with("v1:") {
            crate::totp::from_base32(&self.data_key.open(stored)?)
        } else {
            crate::totp::from_base32(stored)
        }
    }

    /// A page of accounts.
    pub async fn user_page(
        &self,
        filter: &users::UserFilter<'_>,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<users::UserRow>, i64), StoreError> {
        let per = i64::from(per_page.max(1));
        let offset = (i64::from(page.max(1)) - 1) * per;
        users::users(&self.db.pool, filter, per, offset).await
    }

    /// Creates an organisation (a purchaser unit from the budget system, an agency from its
    /// 名录登记, a regulator's bureau) with its audit record.
    pub async fn create_organisation(
        &self,
        actor: Option<&Principal>,
        kind: &str,
        name: &str,
        credit_code: Option<&str>,
        jurisdiction: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        if actor.is_some_and(|a| !shared::access::may_create_organisation(a)) {
            return Err(refused(refusal::not_your_share()));
        }
        let (name, code) =
            shared::account::check_organisation(kind, name, credit_code, jurisdiction)
                .map_err(StoreError::Rejected)?;
        let name = name.as_str();
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let id =
            users::insert_organisation(&mut tx, kind, name, code.as_deref(), jurisdiction, now)
                .await
                .map_err(|e| match e {
                    StoreError::Duplicate => {
                        StoreError::Rejected(FieldErrors(vec![refusal::name_taken()]))
                    }
                    e => e,
                })?;
        let mut entry = actor_entry(actor, now, "organisation.create");
        entry.subject_type = Some("organisation");
        entry.subject_id = Some(id.to_string());
        entry.after = Some(json!({
            "kind": kind, "name": name, "credit_code": code, "jurisdiction": jurisdiction,
            "by": if actor.is_some() { "web" } else { "cli" },
        }));
        steplog::commit(tx, &self.events, steplog::Tail::new(entry))
            .await
            .map_err(internal)?;
        Ok(id)
    }

    /// The id of the supplier with this credit code, if any.
    pub async fn supplier_id_by_code(&self, code: &str) -> Result<Option<i64>, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        Ok(
            users::supplier_by_code(&mut conn, &code.trim().to_uppercase())
                .await?
                .map(|s| s.id),
        )
    }

    /// A page of organisations.
    pub async fn organisation_page(
        &self,
        text: &str,
        kind: &str,
        scope: &users::OrganisationScope<'_>,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<users::OrganisationRow>, i64), StoreError> {
        let per = i64::from(per_page.max(1));
        let offset = (i64::from(page.max(1)) - 1) * per;
        users::organisations(&self.db.pool, text, kind, scope, per, offset).await
    }
}

fn expert_view(r: crate::enrolment::ExpertRecord) -> app::api::accounts::ExpertView {
    use shared::time::Instant;
    app::api::accounts::ExpertView {
        id: r.id,
        name: r.name,
        employer: r.employer,
        title: r.title,
        specialties: r.specialties,
        id_number: r.id_number,
        status: r.status,
        decision_reason: r.decision_reason,
        decision_basis: r.decision_basis,
        decided_at: r.decided_at.map(Instant::from_unix_seconds),
        applied_at: Instant::from_unix_seconds(r.applied_at),
        relations: r.relations,
        region: r.region,
        legal: r.legal,
        unavailable: r.unavailable,
    }
}

fn medium_of(m: app::service::accounts::Medium) -> Medium {
    match m {
        app::service::accounts::Medium::Mobile => Medium::Mobile,
        app::service::accounts::Medium::Email => Medium::Email,
    }
}

impl app::service::accounts::AccountServices for Store {
    fn my_account<'a>(
        &'a self,
        actor: &'a Principal,
        session: &'a str,
    ) -> app::service::BoxFuture<'a, Result<app::api::accounts::OwnAccount, StoreError>> {
        Box::pin(async move {
            use app::api::accounts::{OwnAccount, SessionView, SupplierIdentity};
            use shared::time::Instant;
            let mut conn = self.db.pool.acquire().await.map_err(internal)?;
            let user = users::user(&mut conn, actor.user_id)
                .await?
                .ok_or(StoreError::NotFound)?;
            let supplier = match user.supplier_id {
                Some(id) => {
                    users::supplier_identity(&mut conn, id)
                        .await?
                        .map(|s| SupplierIdentity {
                            name: s.name,
                            credit_code: s.credit_code,
                            bound: user.bound_at.is_some(),
                            verified: s.verified_at.is_some(),
                        })
                }
                None => None,
            };
            drop(conn);
            let sessions = users::sessions_of(&self.db.pool, actor.user_id)
                .await?
                .into_iter()
                .map(|s| {
                    let id: String = s.token_hash.chars().take(16).collect();
                    SessionView {
                        current: id == session,
                        id,
                        created_at: Instant::from_unix_seconds(s.created_at),
                        last_seen_at: Instant::from_unix_seconds(s.last_seen_at),
                    }
                })
                .collect();
            let (second_factor, pending) = self.totp_state(actor.user_id).await?;
            let pending_secret = pending.map(|secret| {
                let uri = crate::totp::otpauth_uri(&secret, &user.username);
                (secret, uri)
            });
            Ok(OwnAccount {
                second_factor,
                pending_secret,
                mobile: user.mobile,
                email: user.email,
                mobile_verified: user.mobile_verified_at.is_some(),
                email_verified: user.email_verified_at.is_some(),
                supplier,
                password_changed_at: Instant::from_unix_seconds(user.password_changed_at),
                sessions,
            })
        })
    }

    fn send_code(
        &self,
        actor: &Principal,
        medium: app::service::accounts::Medium,
        now: i64,
    ) -> app::service::BoxFuture<'_, Result<bool, StoreError>> {
        let user_id = actor.user_id;
        Box::pin(async move {
            Ok(matches!(
                Store::send_code(self, user_id, medium_of(medium), now).await?,
                CodeSent::Sent(_)
            ))
        })
    }

    fn enter_code<'a>(
        &'a self,
        actor: &'a Principal,
        medium: app::service::accounts::Medium,
        code: &'a str,
        now: i64,
    ) -> app::service::BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(Store::enter_code(
            self,
            actor.user_id,
            medium_of(medium),
            code,
            now,
        ))
    }

    fn bind<'a>(
        &'a self,
        actor: &'a Principal,
        evidence: &'a str,
        now: i64,
    ) -> app::service::BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(self.bind_supplier(actor, evidence, now))
    }

    fn change_password<'a>(
        &'a self,
        actor: &'a Principal,
        form: &'a app::service::accounts::PasswordForm,
        session: &'a str,
        now: i64,
    ) -> app::service::BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            // The session to keep, by its id (the first 16 hex digits of its hash).
            let keep = users::sessions_of(&self.db.pool, actor.user_id)
                .await?
                .into_iter()
                .find(|s| s.token_hash.starts_with(session) && !session.is_empty())
                .map(|s| s.token_hash)
                .unwrap_or_default();
            Store::change_password(
                self,
                actor.user_id,
                form.current.as_str(),
                form.password.as_str(),
                form.password2.as_str(),
                &keep,
                now,
            )
            .await
        })
    }

    fn end_session<'a>(
        &'a self,
        actor: &'a Principal,
        id: &'a str,
        now: i64,
    ) -> app::service::BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(Store::end_session(self, actor.user_id, id, now))
    }

    fn accounts<'a>(
        &'a self,
        actor: &'a Principal,
        q: &'a str,
        role: Option<Role>,
        organisation: Option<i64>,
        page: u32,
    ) -> app::service::BoxFuture<'a, Result<app::api::accounts::AccountsPage, StoreError>> {
        Box::pin(async move {
            use app::api::accounts::{AccountRow, AccountsPage, ADMIN_PER_PAGE};
            use shared::access::{AccountFilter, JurisdictionFilter};
            let scope = shared::access::account_filter(actor).ok_or(StoreError::NotFound)?;
            let (organisation, jurisdiction, staff_only) = match &scope {
                AccountFilter::All => (organisation, None, false),
                AccountFilter::Jurisdiction(JurisdictionFilter::All) => (organisation, None, true),
                AccountFilter::Jurisdiction(JurisdictionFilter::Only(code)) => {
                    (organisation, Some(code.as_str()), true)
                }
                AccountFilter::Organisation(own) => (Some(*own), None, true),
            };
            let filter = users::UserFilter {
                text: q,
                role: role.map(Role::code),
                organisation_id: organisation,
                supplier_id: None,
                jurisdiction,
                staff_only,
            };
            let (rows, total) = self.user_page(&filter, page, ADMIN_PER_PAGE).await?;
            let org_scope = match organisation {
                Some(id) => accounts::organisation_kind(&self.db.pool, id).await?,
                None => None,
            };
            // The organisation itself (its name, kind, listing) only within the viewer's share.
            let visible = match (&scope, &org_scope) {
                (AccountFilter::All | AccountFilter::Jurisdiction(JurisdictionFilter::All), _) => {
                    true
                }
                (AccountFilter::Jurisdiction(JurisdictionFilter::Only(code)), Some((_, j))) => {
                    code == j
                }
                (AccountFilter::Organisation(own), _) => organisation == Some(*own),
                _ => false,
            };
            let org_scope = org_scope.filter(|_| visible);
            let organisation = match organisation.filter(|_| visible) {
                Some(id) => users::organisation(&self.db.pool, id)
                    .await?
                    .map(|(name, kind)| (id, name, kind)),
                None => None,
            };
            // The roles the viewer may create in the organisation shown.
            let creatable: Vec<Role> = match (&organisation, &org_scope) {
                (Some((id, _, _)), Some((kind, jurisdiction))) => Role::ALL
                    .into_iter()
                    .filter(|r| r.organisation_kinds().contains(&kind.as_str()))
                    .filter(|r| {
                        shared::access::may_create_account(
                            Some(actor),
                            &shared::access::StaffScope {
                                role: *r,
                                organisation_id: Some(*id),
                                jurisdiction: Some(jurisdiction),
                            },
                        )
                    })
                    .collect(),
                _ => Vec::new(),
            };
            Ok(AccountsPage {
                rows: rows
                    .into_iter()
                    .filter_map(|r| {
                        let manageable = may_secure(Some(actor), &r);
                        let resettable = may_reset(Some(actor), &r);
                        Some(AccountRow {
                            manageable,
                            resettable,
                            duty: r.duty.as_deref().and_then(shared::access::Duty::from_code),
                            id: r.id,
                            role: Role::from_code(&r.role)?,
                            username: r.username,
                            display_name: r.display_name,
                            organisation: r.organisation_name.or(r.supplier_name),
                            disabled: r.disabled_at.is_some(),
                            temporary: r.must_change_password != 0,
                            created_at: shared::time::Instant::from_unix_seconds(r.created_at),
                        })
                    })
                    .collect(),
                total,
                page: page.clamp(1, app::api::page_count(total, ADMIN_PER_PAGE)),
                per_page: ADMIN_PER_PAGE,
                agency: match &organisation {
                    Some((id, _, _)) => self.listing_of(actor, *id).await?.map(|(l, editable)| {
                        app::api::accounts::AgencyListingView {
                            listing: l.map(|l| app::api::accounts::ListingData {
                                legal_rep: l.legal_rep,
                                address: l.address,
                                phone: l.phone,
                                full_time_staff: l.full_time_staff,
                                listed_on: l.listed_on,
                                updated_at: shared::time::Instant::from_unix_seconds(l.updated_at),
                            }),
                            editable,
                        }
                    }),
                    None => None,
                },
                organisation,
                creatable,
            })
        })
    }

    fn organisations<'a>(
        &'a self,
        actor: &'a Principal,
        q: &'a str,
        kind: &'a str,
        page: u32,
    ) -> app::service::BoxFuture<'a, Result<app::api::accounts::OrganisationsPage, StoreError>>
    {
        Box::pin(async move {
            use app::api::accounts::{OrganisationRow, OrganisationsPage, ADMIN_PER_PAGE};
            use shared::access::{AccountFilter, JurisdictionFilter};
            let filter = shared::access::account_filter(actor).ok_or(StoreError::NotFound)?;
            let scope = match &filter {
                AccountFilter::All | AccountFilter::Jurisdiction(JurisdictionFilter::All) => {
                    users::OrganisationScope::All
                }
                AccountFilter::Jurisdiction(JurisdictionFilter::Only(code)) => {
                    users::OrganisationScope::Jurisdiction(code.as_str())
                }
                AccountFilter::Organisation(id) => users::OrganisationScope::Only(*id),
            };
            let (rows, total) = self
                .organisation_page(q, kind, &scope, page, ADMIN_PER_PAGE)
                .await?;
            Ok(OrganisationsPage {
                rows: rows
                    .into_iter()
                    .map(|r| OrganisationRow {
                        id: r.id,
                        kind: r.kind,
                        name: r.name,
                        credit_code: r.credit_code,
                        jurisdiction: r.jurisdiction_code,
                        accounts: r.staff,
                    })
                    .collect(),
                total,
                page: page.clamp(1, app::api::page_count(total, ADMIN_PER_PAGE)),
                per_page: ADMIN_PER_PAGE,
                may_create: shared::access::may_create_organisation(actor),
            })
        })
    }

    fn audit_page<'a>(
        &'a self,
        actor: &'a Principal,
        q: &'a str,
        page: u32,
        verify: bool,
    ) -> app::service::BoxFuture<'a, Result<app::api::accounts::AuditPage, StoreError>> {
        Box::pin(async move {
            use app::api::accounts::{AuditCheck, AuditPage, AuditRowView, ADMIN_PER_PAGE};
            if !shared::access::may_open(Some(actor), shared::access::Page::AuditLog) {
                return Err(StoreError::NotFound);
            }
            let per = i64::from(ADMIN_PER_PAGE);
            let offset = (i64::from(page.max(1)) - 1) * per;
            let (rows, total) = crate::db::audit::page(&self.db.pool, q, per, offset)
                .await
                .map_err(internal)?;
            let check = if verify {
                let v = crate::audit::verify(&self.db.pool)
                    .await
                    .map_err(internal)?;
                // The audit administrator's own verification is on the trail too.
                let tx = self.db.begin_write().await.map_err(internal)?;
                let mut entry = actor_entry(Some(actor), crate::store::now_unix(), "audit.verify");
                entry.after = Some(json!({ "records": v.records, "whole": v.problem.is_none() }));
                steplog::commit(tx, &self.events, steplog::Tail::new(entry))
                    .await
                    .map_err(internal)?;
                Some(AuditCheck {
                    records: v.records,
                    before_chain: v.before_chain,
                    problem: v.problem.map(|p| (p.zh(), p.to_string())),
                })
            } else {
                None
            };
            Ok(AuditPage {
                rows: rows
                    .into_iter()
                    .map(|r| AuditRowView {
                        id: r.id,
                        at: shared::time::Instant::from_unix_seconds(r.at),
                        who: r.display_name.zip(r.username),
                        role: r.role.as_deref().and_then(Role::from_code),
                        action: r.action,
                        subject_type: r.subject_type,
                        subject_id: r.subject_id,
                    })
                    .collect(),
                total,
                page: page.clamp(1, app::api::page_count(total, ADMIN_PER_PAGE)),
                per_page: ADMIN_PER_PAGE,
                check,
            })
        })
    }

    fn create_account<'a>(
        &'a self,
        actor: &'a Principal,
        form: &'a app::service::accounts::NewAccountPost,
        now: i64,
    ) -> app::service::BoxFuture<'a, Result<String, StoreError>> {
        Box::pin(async move {
            let Some(role) = Role::from_code(form.role.trim()).filter(|r| *r != Role::Supplier)
            else {
                return Err(refused(refusal::role_unknown()));
            };
            let organisation_id = match form.organisation.trim() {
                "" => None,
                id => Some(
                    id.parse::<i64>()
                        .map_err(|_| refused(refusal::organisation_unknown()))?,
                ),
            };
            let spec = StaffAccount {
                username: form.username.clone(),
                display_name: form.display_name.clone(),
                role,
                organisation_id,
                supplier_id: None,
                mobile: Some(form.mobile.clone()),
                email: Some(form.email.clone()),
                duty: (form.unit_admin.trim() == "1").then_some(shared::access::Duty::UnitAdmin),
            };
            self.create_staff(Some(actor), &spec, now)
                .await
                .map(|(_, password)| password)
        })
    }

    fn account_action<'a>(
        &'a self,
        actor: &'a Principal,
        username: &'a str,
        action: &'a str,
        now: i64,
    ) -> app::service::BoxFuture<'a, Result<Option<String>, StoreError>> {
        Box::pin(async move {
            match action {
                "reset" => self
                    .reset_password(Some(actor), username, now)
                    .await
                    .map(Some),
                "enable" => self
                    .set_enabled(Some(actor), username, true, now)
                    .await
                    .map(|_| None),
                _ => self
                    .set_enabled(Some(actor), username, false, now)
                    .await
                    .map(|_| None),
            }
        })
    }

    fn keeps_library(&self, actor: &Principal) -> bool {
        Store::keeps_library(self, actor)
    }

    fn supplier_profile<'a>(
        &'a self,
        actor: &'a Principal,
        code: Option<&'a str>,
    ) -> app::service::BoxFuture<'a, Result<app::api::accounts::SupplierProfileView, StoreError>>
    {
        Box::pin(async move {
            use shared::time::Instant;
            let p = Store::supplier_profile(self, actor, code).await?;
            Ok(app::api::accounts::SupplierProfileView {
                credit_code: p.row.credit_code,
                name: p.row.name,
                legal_rep: p.row.legal_rep,
                contact_person: p.row.contact_person,
                phone: p.row.phone,
                email: p.row.email,
                region_code: p.row.region_code,
                address: p.row.address,
                size: p.row.size,
                categories: p.categories,
                registered_at: Instant::from_unix_seconds(p.row.registered_at),
                updated_at: p.row.updated_at.map(Instant::from_unix_seconds),
                verified: p.row.verified_at.is_some(),
                corrections: p
                    .corrections
                    .into_iter()
                    .map(|c| app::api::accounts::CorrectionView {
                        requested_at: Instant::from_unix_seconds(c.requested_at),
                        by: c.requested_by_name,
                        note: c.note,
                        resolved_at: c.resolved_at.map(Instant::from_unix_seconds),
                    })
                    .collect(),
                editable: p.editable,
            })
        })
    }

    fn own_expert<'a>(
        &'a self,
        actor: &'a Principal,
    ) -> app::service::BoxFuture<'a, Result<app::api::accounts::ExpertView, StoreError>> {
        Box::pin(async move { Ok(expert_view(self.own_expert(actor).await?)) })
    }

    fn expert_library<'a>(
        &'a self,
        actor: &'a Principal,
        status: &'a str,
        q: &'a str,
        page: u32,
    ) -> app::service::BoxFuture<'a, Result<app::api::accounts::ExpertLibraryPage, StoreError>>
    {
        Box::pin(async move {
            use app::api::accounts::{ExpertLibraryPage, ADMIN_PER_PAGE};
            let (rows, total) = self
                .expert_page(actor, status, q, page, ADMIN_PER_PAGE)
                .await?;
            Ok(ExpertLibraryPage {
                rows: rows.into_iter().map(expert_view).collect(),
                total,
                page: page.clamp(1, app::api::page_count(total, ADMIN_PER_PAGE)),
                per_page: ADMIN_PER_PAGE,
            })
        })
    }

    fn create_organisation<'a>(
        &'a self,
        actor: &'a Principal,
        form: &'a app::service::accounts::OrganisationPost,
        now: i64,
    ) -> app::service::BoxFuture<'a, Result<i64, StoreError>> {
        Box::pin(Store::create_organisation(
            self,
            Some(actor),
            form.kind.trim(),
            &form.name,
            Some(form.credit_code.as_str()),
            form.jurisdiction.trim(),
            now,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_passwords_follow_the_rule() {
        for _ in 0..50 {
            let p = temporary_password().unwrap();
            assert_eq!(p.chars().count(), 14);
            assert!(
                shared::access::check_new_password("someone", &p).is_ok(),
                "{p}"
            );
        }
        let c = new_code().unwrap();
        assert_eq!(c.len(), 6);
    }
}
