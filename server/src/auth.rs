//! Accounts, passwords, sessions, login throttling and the audit trail.
//!
//! **Passwords** are hashed with Argon2id (the `argon2` crate's default parameters: 19 MiB, two
//! passes) on tokio's blocking threads, never on the async ones. A login for an unknown user
//! name verifies the password against a dummy hash, so it costs the same time and gets the same
//! answer as a wrong password.
//!
//! **Sessions** live in the `sessions` table. The cookie `yiwang_session` holds a random 256-bit
//! token (hex); the table holds only its SHA-256. The cookie is `HttpOnly`, `SameSite=Strict`,
//! `Path=/`, and `Secure` when `YIWANG_SECURE_COOKIES=1`. A session ends after
//! [`IDLE_TIMEOUT_SECS`] without a request, [`ABSOLUTE_TIMEOUT_SECS`] after login whatever
//! happens, or at logout (the row is deleted).
//!
//! **Throttling** (`login_failures`, one row per key; also for names that do not exist, so a
//! lock reveals nothing):
//! - per user name *and* client address (`pair:NAME|ADDR`): after [`ACCOUNT_FREE_FAILURES`]
//!   failures that pair is locked for 30 s, each further failure doubling the lock up to 15 min
//!   ([`lock_seconds`]). A stranger elsewhere cannot lock the owner out: the owner's own address
//!   is another pair.
//! - per client address (`ip:ADDR`; IPv6 by its /64, [`throttle_address`]): after
//!   [`IP_FREE_FAILURES`] failures, whatever the names, the address is locked the same way.
//! - per user name across addresses (`user:NAME`): a slower ceiling that delays rather than
//!   locks — beyond [`USER_FREE_FAILURES`] failures every login for the name waits
//!   ([`user_delay_ms`], at most [`USER_MAX_DELAY_MS`]) before the password is checked, so a
//!   distributed guesser is slowed while the owner still gets in.
//!
//! An attempt is *reserved* before the password is checked: in one write transaction (the rows
//! locked with `FOR UPDATE` on PostgreSQL; SQLite's `BEGIN IMMEDIATE` serialises writers) the
//! address's and the pair's locks are read and their counters raised, and the locks they earn
//! are set at once; a success gives the address its attempt back. Parallel
//! attempts therefore see each other: of N simultaneous wrong passwords for one name from one
//! address at most [`ACCOUNT_FREE_FAILURES`] are checked, the rest get 429 without a check. A
//! successful login removes its pair's and name's rows; rows without a failure for an hour and
//! without a lock are removed once an hour. The client address is the TCP peer, or,
//! behind a reverse proxy named in `YIWANG_TRUSTED_PROXIES`, the address the proxy forwards
//! (`crate::client_addr`). A counter starts again after [`FAILURE_WINDOW_SECS`] without failures.
//!
//! **Audit**: login success and failure, logout and supplier registration are written to
//! `audit_log` in the same transaction as the change they record. The application never updates
//! or deletes audit rows (a test reads the source; the database's triggers refuse it too).

use std::sync::OnceLock;

use app::api::Account;
use app::service::{SessionUser, StoreError};
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use serde_json::json;
use sha2::{Digest, Sha256};
use shared::access::{Principal, Role};

use crate::db::accounts;
use crate::store::Store;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "yiwang_session";
/// A session ends after this long without a request (30 minutes).
pub const IDLE_TIMEOUT_SECS: i64 = 30 * 60;
/// A session ends this long after login, however busy (12 hours).
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 12 * 3600;
/// A sign-in waits this long for its second factor (five minutes).
pub const SECOND_FACTOR_SECS: i64 = 300;
/// The cookie of a sign-in waiting for its second factor (path `/login`).
pub const CHALLENGE_COOKIE: &str = "yiwang_2fa";
/// `last_seen_at` is written at most once a minute per session.
pub const LAST_SEEN_GRANULARITY_SECS: i64 = 60;
/// Failures of one user name before the delays start.
pub const ACCOUNT_FREE_FAILURES: i64 = 5;
/// Failures from one address before the delays start.
pub const IP_FREE_FAILURES: i64 = 20;
/// Failures of one name across all addresses before its logins are delayed.
pub const USER_FREE_FAILURES: i64 = 20;
/// The longest delay of a login for a name under attack from many addresses.
pub const USER_MAX_DELAY_MS: u64 = 3_000;

/// The address a throttle counts: an IPv4 address as it is, an IPv6 address by its /64 (one
/// subscriber's network hands out a whole /64, so single IPv6 addresses are free to vary).
pub fn throttle_address(client: &str) -> String {
    match client.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let net = u128::from(v6) & (u128::MAX << 64);
            format!("{}/64", std::net::Ipv6Addr::from(net))
        }
        Ok(std::net::IpAddr::V6(v6)) => v6
            .to_ipv4_mapped()
            .map(|v4| v4.to_string())
            .unwrap_or_else(|| client.to_owned()),
        _ => client.to_owned(),
    }
}

/// How long a login waits before its password is checked when its name has failed `failures`
/// times across addresses: nothing up to [`USER_FREE_FAILURES`], then 100 ms more for each
/// further failure, up to [`USER_MAX_DELAY_MS`].
pub fn user_delay_ms(failures: i64) -> u64 {
    let over = (failures - USER_FREE_FAILURES).max(0) as u64;
    over.saturating_mul(100).min(USER_MAX_DELAY_MS)
}
/// The first lock; doubled with every further failure.
pub const BASE_LOCK_SECS: i64 = 30;
/// The longest lock.
pub const MAX_LOCK_SECS: i64 = 15 * 60;
/// A failure counter starts again after this long without failures.
pub const FAILURE_WINDOW_SECS: i64 = 3600;

/// How long a key is locked after its `failures`-th failure, given the failures that are free.
pub fn lock_seconds(failures: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = (failures - free).min(20) as u32;
    BASE_LOCK_SECS
        .saturating_mul(1_i64 << doublings)
        .min(MAX_LOCK_SECS)
}

/// What a login attempt came to.
#[derive(Debug)]
pub enum LoginResult {
    /// Signed in: the cookie's token (raw, never stored) and the account.
    Success {
        token: String,
        user: Box<SessionUser>,
    },
    /// The password was right; the second factor is awaited: the pending sign-in's token (raw,
    /// for its own short-lived cookie).
    SecondFactor { token: String },
    /// Wrong user name or password (one answer for both).
    BadCredentials,
    /// Too many failures: try again after this many seconds.
    Throttled { retry_after: i64 },
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub supplier_id: Option<i64>,
    pub password: String,
}

pub use crate::audit::AuditEntry;
use crate::steplog;

use crate::store::internal;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new random session token: 32 bytes from the operating system, as 64 hex digits.
pub fn new_token() -> Result<String, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(internal)?;
    Ok(hex(&bytes))
}

/// What the sessions table stores for a token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Hashes a password with Argon2id on a blocking thread.
pub async fn hash_password(password: String) -> Result<String, StoreError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(internal)
    })
    .await
    .map_err(internal)?
}

/// A hash of a password nobody knows, verified for unknown user names (same cost, same answer).
async fn dummy_hash() -> Result<String, StoreError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return Ok(h.clone());
    }
    let h = hash_password(new_token()?).await?;
    Ok(DUMMY.get_or_init(|| h).clone())
}

/// Checks a password against a stored hash on a blocking thread.
pub(crate) async fn verify_password(hash: String, password: String) -> Result<bool, StoreError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
    .map_err(internal)
}

/// The stored form of a user name: trimmed, lower-case.
pub fn normalize_username(name: &str) -> String {
    name.trim().to_lowercase()
}

impl Store {
    /// Creates an account. The role must fit the organisation's kind (a purchaser belongs to a
    /// purchaser unit, agency staff to the procurement center or an agency, a regulator to a
    /// finance bureau); a supplier account names its supplier.
    pub async fn create_user(&self, user: &NewUser, at: i64) -> Result<i64, StoreError> {
        let hash = hash_password(user.password.clone()).await?;
        self.create_user_with_hash(user, &hash, at).await
    }

    /// [`Store::create_user`] with the Argon2 hash of the password already computed
    /// (`user.password` is ignored). The demo data creates hundreds of accounts that share the
    /// demo password: one hash for all of them instead of one Argon2 run each.
    pub async fn create_user_with_hash(
        &self,
        user: &NewUser,
        hash: &str,
        at: i64,
    ) -> Result<i64, StoreError> {
        let kinds = user.role.organisation_kinds();
        match (kinds.is_empty(), user.organisation_id) {
            (false, Some(org)) => {
                let kind = accounts::organisation_kind(&self.db.pool, org).await?;
                if !kind.is_some_and(|(k, _)| kinds.contains(&k.as_str())) {
                    return Err(internal(format!(
                        "a {} account cannot belong to organisation {org}",
                        user.role.code()
                    )));
                }
            }
            (true, None) => {}
            _ => {
                return Err(internal(format!(
                    "a {} account {} an organisation",
                    user.role.code(),
                    if kinds.is_empty() { "has no" } else { "needs" }
                )))
            }
        }
        if (user.role == Role::Supplier) != user.supplier_id.is_some() {
            return Err(internal("only a supplier account names a supplier"));
        }
        let username = normalize_username(&user.username);
        let account = accounts::NewAccount {
            duty: None,
            username: &username,
            display_name: &user.display_name,
            role: user.role,
            organisation_id: user.organisation_id,
            supplier_id: user.supplier_id,
            password_hash: hash,
            mobile: None,
            email: None,
            // Created by an operator (or the demo) who vouches for it: see `crate::accounts`.
            bound: user.role == Role::Supplier,
            must_change_password: false,
        };
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        accounts::insert_user(&mut conn, &account, at).await
    }

    /// Counts one attempt of `key` inside a write transaction, with its row locked: `Err(wait)`
    /// when the key is locked (nothing counted), else the new count — and the lock that count
    /// earns (`free` attempts, then [`lock_seconds`]) is set at once, before the password is
    /// checked, so a parallel attempt sees it.
    async fn reserve(
        conn: &mut sqlx::AnyConnection,
        backend: crate::db::Backend,
        key: &str,
        free: i64,
        now: i64,
    ) -> Result<Result<i64, i64>, StoreError> {
        let row = accounts::lock_throttle(conn, backend, key, now).await?;
        let (n, last, until) = (row.failures, row.last_failure_at, row.locked_until);
        if until > now {
            return Ok(Err(until - now));
        }
        let failures = if now - last > FAILURE_WINDOW_SECS {
            1
        } else {
            n + 1
        };
        let lock = if free > 0 {
            lock_seconds(failures, free)
        } else {
            0
        };
        let locked_until = if lock > 0 { now + lock } else { 0 };
        accounts::set_throttle(conn, key, failures, now, locked_until).await?;
        Ok(Ok(failures))
    }

    /// Reserves an attempt for a name from a client (see the module doc), in one write
    /// transaction: the address's and the pair's counters are raised and the locks they earn
    /// set before the password is checked. `Err(wait)` when the address or the pair is locked;
    /// else how long to delay the check, and whether this attempt itself locked the address
    /// (a success then lifts that lock again).
    async fn reserve_attempt(
        &self,
        pair_key: &str,
        ip_key: &str,
        user_key: &str,
        now: i64,
    ) -> Result<Result<(u64, bool), i64>, StoreError> {
        let backend = self.db.backend;
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let ip = Self::reserve(&mut tx, backend, ip_key, IP_FREE_FAILURES, now).await?;
        let ip_count = match ip {
            Err(wait) => return Ok(Err(wait)),
            Ok(n) => n,
        };
        let pair = Self::reserve(&mut tx, backend, pair_key, ACCOUNT_FREE_FAILURES, now).await?;
        if let Err(wait) = pair {
            // Nothing is counted for a refused attempt (dropping the transaction rolls back).
            return Ok(Err(wait));
        }
        let failures = Self::reserve(&mut tx, backend, user_key, 0, now)
            .await?
            .unwrap_or(0);
        tx.commit().await.map_err(internal)?;
        self.prune_login_failures(now).await;
        Ok(Ok((user_delay_ms(failures), ip_count == IP_FREE_FAILURES)))
    }

    /// Removes the throttle rows that no longer count (no failure for [`FAILURE_WINDOW_SECS`],
    /// no lock in force), at most once per [`FAILURE_WINDOW_SECS`] per process, so forged names
    /// and addresses cannot grow the table without bound. A failure is logged, never answered:
    /// the login goes on.
    async fn prune_login_failures(&self, now: i64) {
        static LAST: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
        let last = LAST.load(std::sync::atomic::Ordering::Relaxed);
        if now - last < FAILURE_WINDOW_SECS
            || LAST
                .compare_exchange(
                    last,
                    now,
                    std::sync::atomic::Ordering::Relaxed,
                    std::sync::atomic::Ordering::Relaxed,
                )
                .is_err()
        {
            return;
        }
        let done = accounts::prune_throttle(&self.db.pool, now - FAILURE_WINDOW_SECS, now).await;
        match done {
            Ok(rows) if rows > 0 => tracing::info!(rows, "old login throttle rows removed"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error.cause = %e, "pruning the login throttle failed"),
        }
    }

    /// Checks a user name and password (already validated by `shared::access::validate_login`).
    /// `client` is the client's address (`crate::client_addr`), for the per-address counters.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        client: &str,
        now: i64,
    ) -> Result<LoginResult, StoreError> {
        let name = normalize_username(username);
        let address = throttle_address(client);
        let pair_key = format!("pair:{name}|{address}");
        let user_key = format!("user:{name}");
        let ip_key = format!("ip:{address}");
        let (delay, locked_address) = match self
            .reserve_attempt(&pair_key, &ip_key, &user_key, now)
            .await?
        {
            Err(wait) => return Ok(LoginResult::Throttled { retry_after: wait }),
            Ok(reserved) => reserved,
        };
        if delay > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
        }
        let mut two_factor = false;
        let (user, hash) = match accounts::login_user(&self.db.pool, &name).await? {
            // A disabled account answers as a wrong password does (its hash is still checked:
            // the same time).
            Some(r) if r.disabled_at.is_none() => {
                two_factor = r.totp_enabled_at.is_some();
                (Some((r.id, Role::from_code(&r.role))), r.password_hash)
            }
            Some(r) => (None, r.password_hash),
            None => (None, dummy_hash().await?),
        };
        let verified = verify_password(hash, password.to_owned()).await?;
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        match (user, verified) {
            (Some((user_id, role)), true) => {
                accounts::clear_throttle(&mut tx, &pair_key, &user_key).await?;
                // The address counted this attempt as a failure in advance: take it back (and
                // the lock, if this very attempt set it).
                accounts::give_back_attempt(&mut tx, &ip_key, locked_address).await?;
                if two_factor {
                    let token = new_token()?;
                    crate::db::users::insert_challenge(
                        &mut tx,
                        &token_hash(&token),
                        user_id,
                        now + SECOND_FACTOR_SECS,
                    )
                    .await?;
                    tx.commit().await.map_err(internal)?;
                    return Ok(LoginResult::SecondFactor { token });
                }
                let token = Self::insert_session(&mut tx, user_id, now).await?;
                steplog::commit(
                    tx,
                    &self.events,
                    steplog::Tail::new(AuditEntry {
                        at: now,
                        user_id: Some(user_id),
                        role,
                        action: "login.success",
                        subject_type: Some("user"),
                        subject_id: Some(user_id.to_string()),
                        ..AuditEntry::default()
                    }),
                )
                .await
                .map_err(internal)?;
                let user = self
                    .session_user(&token, now)
                    .await?
                    .ok_or_else(|| internal("the new session is gone"))?;
                Ok(LoginResult::Success {
                    token,
                    user: Box::new(user),
                })
            }
            (user, _) => {
                // The address, the pair and the name were counted when the attempt was
                // reserved.
                steplog::commit(
                    tx,
                    &self.events,
                    steplog::Tail::new(AuditEntry {
                        at: now,
                        user_id: user.map(|u| u.0),
                        role: user.and_then(|u| u.1),
                        action: "login.failure",
                        subject_type: user.map(|_| "user"),
                        subject_id: user.map(|u| u.0.to_string()),
                        findings: Some(json!({ "reason": "bad_credentials", "client": client })),
                        ..AuditEntry::default()
                    }),
                )
                .await
                .map_err(internal)?;
                Ok(LoginResult::BadCredentials)
            }
        }
    }

    pub(crate) async fn insert_session(
        conn: &mut sqlx::AnyConnection,
        user_id: i64,
        now: i64,
    ) -> Result<String, StoreError> {
        let token = new_token()?;
        accounts::insert_session(
            conn,
            &token_hash(&token),
            user_id,
            now,
            now + ABSOLUTE_TIMEOUT_SECS,
        )
        .await?;
        Ok(token)
    }

    /// Opens a session for a user without a password (tests, and later single sign-on).
    pub async fn create_session(&self, user_id: i64, now: i64) -> Result<String, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        Self::insert_session(&mut conn, user_id, now).await
    }

    /// The account of a live session, or `None` (unknown token, or expired: then the row is
    /// deleted). Notes the request in `last_seen_at`.
    pub async fn session_user(
        &self,
        token: &str,
        now: i64,
    ) -> Result<Option<SessionUser>, StoreError> {
        let hash = token_hash(token);
        let Some(r) = accounts::session(&self.db.pool, &hash).await? else {
            return Ok(None);
        };
        let (last_seen, expires) = (r.last_seen_at, r.expires_at);
        if now >= expires || now - last_seen >= IDLE_TIMEOUT_SECS || r.disabled_at.is_some() {
            let mut tx = self.db.begin_write().await.map_err(internal)?;
            accounts::delete_session(&mut tx, &hash).await?;
            tx.commit().await.map_err(internal)?;
            return Ok(None);
        }
        if now - last_seen >= LAST_SEEN_GRANULARITY_SECS {
            // A write: it takes its turn like every other ([`crate::db::Db::begin_write`]).
            let mut tx = self.db.begin_write().await.map_err(internal)?;
            accounts::touch_session(&mut tx, &hash, now).await?;
            tx.commit().await.map_err(internal)?;
        }
        let Some(role) = Role::from_code(&r.role) else {
            return Err(internal(format!("unknown role {:?}", r.role)));
        };
        let principal = Principal {
            duty: r
                .duty
                .as_deref()
                .and_then(shared::access::Duty::from_code)
                .filter(|d| d.fits(role)),
            user_id: r.id,
            role,
            organisation_id: r.organisation_id,
            supplier_id: r.supplier_id,
            jurisdiction: r.jurisdiction_code.or(r.region_code),
        };
        // Staff passwords expire after the configured age (GB/T 22239: changed periodically); the
        // demo's shared password does not.
        let expired = role.is_staff()
            && self.password_max_age_days > 0
            && !self.demo_data
            && now - r.password_changed_at > self.password_max_age_days * 86_400;
        let keeps_library = self.keeps_library(&principal);
        let account = Account {
            keeps_library,
            password_change_required: r.must_change_password != 0 || expired,
            unbound: role == Role::Supplier && r.bound_at.is_none(),
            second_factor_required: self.require_second_factor
                && !self.demo_data
                && shared::account::second_factor_required(role)
                && r.totp_enabled_at.is_none(),
            username: r.username,
            display_name: r.display_name,
            organisation_name: r.organisation_name.or(r.supplier_name),
            principal: principal.clone(),
        };
        Ok(Some(SessionUser {
            principal,
            account,
            session: hash.chars().take(16).collect(),
        }))
    }

    /// Ends a session: deletes its row and records the logout, in one transaction.
    pub async fn logout(&self, token: &str, now: i64) -> Result<(), StoreError> {
        let hash = token_hash(token);
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let Some(owner) = accounts::session_owner(&mut tx, &hash).await? else {
            return Ok(());
        };
        let (user_id, role) = (owner.id, owner.role);
        accounts::delete_session(&mut tx, &hash).await?;
        steplog::commit(
            tx,
            &self.events,
            steplog::Tail::new(AuditEntry {
                at: now,
                user_id: Some(user_id),
                role: Role::from_code(&role),
                action: "logout",
                subject_type: Some("user"),
                subject_id: Some(user_id.to_string()),
                ..AuditEntry::default()
            }),
        )
        .await
        .map_err(internal)
    }
}

/// The `Set-Cookie` value that starts a session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={ABSOLUTE_TIMEOUT_SECS}; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The session token in a `Cookie` header, if any.
pub fn token_from_cookie_header(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_grows_and_is_capped() {
        assert_eq!(lock_seconds(4, 5), 0);
        assert_eq!(lock_seconds(5, 5), 30);
        assert_eq!(lock_seconds(6, 5), 60);
        assert_eq!(lock_seconds(9, 5), 480);
        assert_eq!(lock_seconds(10, 5), MAX_LOCK_SECS);
        assert_eq!(lock_seconds(1000, 5), MAX_LOCK_SECS);
        assert_eq!(lock_seconds(19, 20), 0);
    }

    #[test]
    fn tokens_and_cookies() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        let header = format!("yiwang_lang=en; {SESSION_COOKIE}={a}");
        assert_eq!(token_from_cookie_header(&header), Some(a.as_str()));
        assert_eq!(token_from_cookie_header("yiwang_session=short"), None);
        let c = session_cookie(&a, true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.ends_with("Secure"));
        assert!(!session_cookie(&a, false).contains("Secure"));
    }
}
