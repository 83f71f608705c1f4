//! The accounts repository: its SQL and named row types (see `crate::db`). User accounts,
//! sessions, the login throttle's `login_failures` (one row per throttle key) and the API keys
//! of external systems. `crate::auth` and `crate::ingest::keys` decide; they hold no SQL.
//!
//! Accounts, sessions and the throttle convert failures with [`crate::store::internal`], as
//! `crate::auth` answers them; except [`prune_throttle`], whose failure is logged, not answered
//! (`sqlx::Error`). The API keys answer `sqlx::Error`, as `crate::ingest::keys` does.

use app::service::StoreError;
use shared::access::Role;
use sqlx::{AnyConnection, AnyPool};

use super::dialect::for_update;
use super::Backend;
use crate::store::internal;

/// A new account's row (its password already hashed).
pub(crate) struct NewAccount<'a> {
    /// Normalised (`crate::auth::normalize_username`).
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub supplier_id: Option<i64>,
    pub password_hash: &'a str,
    /// The account's own mobile and e-mail (self-registration; staff accounts may have none).
    pub mobile: Option<&'a str>,
    pub email: Option<&'a str>,
    /// A supplier account bound to its legal entity at creation (created by an operator or a
    /// bound account); a self-registered account binds later.
    pub bound: bool,
    /// A temporary password: changed at the first sign-in.
    pub must_change_password: bool,
    /// Its duty beyond the role (`shared::access::Duty`).
    pub duty: Option<shared::access::Duty>,
}

/// The kind of organisation `id`, if it exists.
pub(crate) async fn organisation_kind(
    pool: &AnyPool,
    id: i64,
) -> Result<Option<(String, String)>, StoreError> {
    sqlx::query_as::<_, (String, String)>(
        "SELECT kind, jurisdiction_code FROM organisations WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(internal)
}

/// Inserts an account; returns its id (`Duplicate` when the user name is taken).
pub(crate) async fn insert_user(
    conn: &mut AnyConnection,
    user: &NewAccount<'_>,
    at: i64,
) -> Result<i64, StoreError> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO users (username, display_name, role, organisation_id, supplier_id, password_hash, created_at, \
         mobile, email, password_changed_at, must_change_password, bound_at, duty) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $7, $10, $11, $12) RETURNING id",
    )
    .bind(user.username.to_owned())
    .bind(user.display_name.to_owned())
    .bind(user.role.code().to_owned())
    .bind(user.organisation_id)
    .bind(user.supplier_id)
    .bind(user.password_hash.to_owned())
    .bind(at)
    .bind(user.mobile.map(str::to_owned))
    .bind(user.email.map(str::to_owned))
    .bind(i64::from(user.must_change_password))
    .bind(user.bound.then_some(at))
    .bind(user.duty.map(|d| d.code().to_owned()))
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            StoreError::Duplicate
        } else {
            internal(e)
        }
    })
}

/// What a login checks its password against.
#[derive(sqlx::FromRow)]
pub(crate) struct LoginRow {
    pub id: i64,
    pub password_hash: String,
    pub role: String,
    pub disabled_at: Option<i64>,
    pub totp_enabled_at: Option<i64>,
}

/// The account named `username` (normalised), if any, as a login reads it.
pub(crate) async fn login_user(
    pool: &AnyPool,
    username: &str,
) -> Result<Option<LoginRow>, StoreError> {
    sqlx::query_as::<_, LoginRow>(
        "SELECT id, password_hash, role, disabled_at, totp_enabled_at FROM users WHERE username = $1",
    )
    .bind(username.to_owned())
    .fetch_optional(pool)
    .await
    .map_err(internal)
}

/// A session with its account, the account's organisation or supplier, and its times.
#[derive(sqlx::FromRow)]
pub(crate) struct SessionRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub organisation_id: Option<i64>,
    pub supplier_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub jurisdiction_code: Option<String>,
    pub supplier_name: Option<String>,
    pub region_code: Option<String>,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub must_change_password: i64,
    pub password_changed_at: i64,
    pub disabled_at: Option<i64>,
    pub bound_at: Option<i64>,
    pub totp_enabled_at: Option<i64>,
    pub duty: Option<String>,
}

/// The session whose token hashes to `token_hash`, if any (live or not).
pub(crate) async fn session(
    pool: &AnyPool,
    token_hash: &str,
) -> Result<Option<SessionRow>, StoreError> {
    sqlx::query_as::<_, SessionRow>(
        "SELECT u.id, u.username, u.display_name, u.role, u.organisation_id, u.supplier_id, \
         o.name AS organisation_name, o.jurisdiction_code, s.name AS supplier_name, s.region_code, \
         se.last_seen_at, se.expires_at, u.must_change_password, u.password_changed_at, u.disabled_at, u.bound_at, u.totp_enabled_at, u.duty \
         FROM sessions se JOIN users u ON u.id = se.user_id \
         LEFT JOIN organisations o ON o.id = u.organisation_id \
         LEFT JOIN suppliers s ON s.id = u.supplier_id \
         WHERE se.token_hash = $1",
    )
    .bind(token_hash.to_owned())
    .fetch_optional(pool)
    .await
    .map_err(internal)
}

/// Who holds a session.
#[derive(sqlx::FromRow)]
pub(crate) struct SessionOwnerRow {
    pub id: i64,
    pub role: String,
}

/// The account of the session whose token hashes to `token_hash`, if any.
pub(crate) async fn session_owner(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<SessionOwnerRow>, StoreError> {
    sqlx::query_as::<_, SessionOwnerRow>(
        "SELECT u.id, u.role FROM sessions se JOIN users u ON u.id = se.user_id WHERE se.token_hash = $1",
    )
    .bind(token_hash.to_owned())
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

/// Inserts a session of `user_id` (seen now, ending at `expires_at`).
pub(crate) async fn insert_session(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(token_hash.to_owned())
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// Notes a request of the session in its `last_seen_at`.
pub(crate) async fn touch_session(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash.to_owned())
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// Deletes the session whose token hashes to `token_hash` (none: nothing happens).
pub(crate) async fn delete_session(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash.to_owned())
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// A throttle key's counter and lock.
#[derive(sqlx::FromRow)]
pub(crate) struct ThrottleRow {
    pub failures: i64,
    pub last_failure_at: i64,
    pub locked_until: i64,
}

/// Creates throttle key `key`'s row if it has none (no failures, no lock) and reads it, locked
/// for the rest of the write transaction ([`for_update`] on `backend`).
pub(crate) async fn lock_throttle(
    conn: &mut AnyConnection,
    backend: Backend,
    key: &str,
    now: i64,
) -> Result<ThrottleRow, StoreError> {
    sqlx::query(
        "INSERT INTO login_failures (throttle_key, failures, last_failure_at, locked_until) VALUES ($1, 0, $2, 0) \
         ON CONFLICT (throttle_key) DO NOTHING",
    )
    .bind(key.to_owned())
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    let lock = for_update(backend);
    sqlx::query_as::<_, ThrottleRow>(sqlx::AssertSqlSafe(format!(
        "SELECT failures, last_failure_at, locked_until FROM login_failures WHERE throttle_key = $1{lock}"
    )))
    .bind(key.to_owned())
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// Stores throttle key `key`'s count, its last failure and its lock (0: none).
pub(crate) async fn set_throttle(
    conn: &mut AnyConnection,
    key: &str,
    failures: i64,
    now: i64,
    locked_until: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE login_failures SET failures = $1, last_failure_at = $2, locked_until = $3 WHERE throttle_key = $4",
    )
    .bind(failures)
    .bind(now)
    .bind(locked_until)
    .bind(key.to_owned())
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// Removes the throttle rows of keys `pair_key` and `user_key`.
pub(crate) async fn clear_throttle(
    conn: &mut AnyConnection,
    pair_key: &str,
    user_key: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1 OR throttle_key = $2")
        .bind(pair_key.to_owned())
        .bind(user_key.to_owned())
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// Takes one counted failure back from throttle key `key` (never below 0), and its lock too
/// when `unlock`.
pub(crate) async fn give_back_attempt(
    conn: &mut AnyConnection,
    key: &str,
    unlock: bool,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE login_failures SET failures = failures - 1, \
         locked_until = CASE WHEN $2 = 1 THEN 0 ELSE locked_until END \
         WHERE throttle_key = $1 AND failures > 0",
    )
    .bind(key.to_owned())
    .bind(i64::from(unlock))
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// Removes the throttle rows without a failure since `stale_before` and without a lock in
/// force at `now`; returns how many.
pub(crate) async fn prune_throttle(
    pool: &AnyPool,
    stale_before: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM login_failures WHERE last_failure_at < $1 AND locked_until < $2")
            .bind(stale_before)
            .bind(now)
            .execute(pool)
            .await?;
    Ok(done.rows_affected())
}

/// A new API key's row (the hash of its secret, never the secret).
pub(crate) struct NewApiKey<'a> {
    pub name: &'a str,
    pub prefix: &'a str,
    pub key_hash: &'a str,
    pub jurisdiction_code: &'a str,
    /// Comma-separated kind codes (`shared::ingest::kinds_list`).
    pub kinds: &'a str,
}

/// Inserts an API key; returns its id.
pub(crate) async fn insert_api_key(
    conn: &mut AnyConnection,
    key: &NewApiKey<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO api_keys (name, key_prefix, key_hash, jurisdiction_code, kinds, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(key.name.to_owned())
    .bind(key.prefix.to_owned())
    .bind(key.key_hash.to_owned())
    .bind(key.jurisdiction_code.to_owned())
    .bind(key.kinds.to_owned())
    .bind(now)
    .fetch_one(&mut *conn)
    .await
}

/// An API key as listed (never its hash).
#[derive(sqlx::FromRow)]
pub(crate) struct ApiKeyListRow {
    pub id: i64,
    pub name: String,
    pub key_prefix: String,
    pub jurisdiction_code: String,
    pub kinds: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// Every API key, newest first.
pub(crate) async fn api_keys(pool: &AnyPool) -> Result<Vec<ApiKeyListRow>, sqlx::Error> {
    sqlx::query_as::<_, ApiKeyListRow>(
        "SELECT id, name, key_prefix, jurisdiction_code, kinds, created_at, revoked_at \
         FROM api_keys ORDER BY id DESC",
    )
    .fetch_all(pool)
    .await
}

/// Revokes API key `id` from `now` on; false when there is no such key or it is revoked
/// already.
pub(crate) async fn revoke_api_key(
    conn: &mut AnyConnection,
    id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await?
            .rows_affected()
            == 1,
    )
}

/// An API key as a request is authenticated against it.
#[derive(sqlx::FromRow)]
pub(crate) struct ApiKeyRow {
    pub id: i64,
    pub name: String,
    pub key_hash: String,
    pub jurisdiction_code: String,
    pub kinds: String,
    pub revoked_at: Option<i64>,
}

/// The API key with public prefix `prefix` (lower-case), if any (live or revoked).
pub(crate) async fn api_key_by_prefix(
    pool: &AnyPool,
    prefix: &str,
) -> Result<Option<ApiKeyRow>, sqlx::Error> {
    sqlx::query_as::<_, ApiKeyRow>(
        "SELECT id, name, key_hash, jurisdiction_code, kinds, revoked_at FROM api_keys WHERE key_prefix = $1",
    )
    .bind(prefix.to_owned())
    .fetch_optional(pool)
    .await
}

/// Whether any account has role `role`.
pub(crate) async fn has_role(pool: &AnyPool, role: Role) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = $1")
        .bind(role.code().to_owned())
        .fetch_one(pool)
        .await?;
    Ok(n > 0)
}
