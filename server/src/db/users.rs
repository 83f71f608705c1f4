//! The account lifecycle's SQL (issue 17): contact data and one-time codes, passwords, disabling,
//! sessions per account, the binding of supplier accounts to their legal entity, and the account
//! lists. `crate::accounts` decides; it holds no SQL. Failures convert with
//! [`crate::store::internal`], as `crate::accounts` answers them.

use app::service::StoreError;
use sqlx::{AnyConnection, AnyPool};

use crate::store::internal;

/// An account as its owner and the administrators see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub organisation_id: Option<i64>,
    pub supplier_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub supplier_name: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub mobile_verified_at: Option<i64>,
    pub email_verified_at: Option<i64>,
    pub password_changed_at: i64,
    pub must_change_password: i64,
    pub disabled_at: Option<i64>,
    pub bound_at: Option<i64>,
    pub created_at: i64,
    pub duty: Option<String>,
    pub organisation_jurisdiction: Option<String>,
}

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role, u.organisation_id, u.supplier_id, \
     o.name AS organisation_name, s.name AS supplier_name, u.mobile, u.email, u.mobile_verified_at, \
     u.email_verified_at, u.password_changed_at, u.must_change_password, u.disabled_at, u.bound_at, u.created_at, \
     u.duty, o.jurisdiction_code AS organisation_jurisdiction \
     FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id \
     LEFT JOIN suppliers s ON s.id = u.supplier_id";

/// One account by id.
pub(crate) async fn user(conn: &mut AnyConnection, id: i64) -> Result<Option<UserRow>, StoreError> {
    sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} WHERE u.id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

/// One account by its (normalised) login name.
pub(crate) async fn user_named(
    conn: &mut AnyConnection,
    username: &str,
) -> Result<Option<UserRow>, StoreError> {
    sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} WHERE u.username = $1"
    )))
    .bind(username.to_owned())
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

/// The filter of an account list: text in the login name or the name, a role, an organisation.
pub struct UserFilter<'a> {
    pub text: &'a str,
    pub role: Option<&'a str>,
    pub organisation_id: Option<i64>,
    pub supplier_id: Option<i64>,
    /// Only staff of organisations of this jurisdiction (a district regulator's list).
    pub jurisdiction: Option<&'a str>,
    /// Only staff of organisations (a regulator's list: no suppliers, experts, administrators).
    pub staff_only: bool,
}

const USER_FILTER: &str = "($1 = '' OR u.username LIKE '%' || $1 || '%' OR u.display_name LIKE '%' || $1 || '%') \
     AND ($2 = '' OR u.role = $2) AND ($3 = 0 OR u.organisation_id = $3) AND ($4 = 0 OR u.supplier_id = $4) \
     AND ($5 = '' OR u.organisation_id IN (SELECT id FROM organisations WHERE jurisdiction_code = $5)) \
     AND ($6 = 0 OR u.organisation_id IS NOT NULL)";

/// A page of accounts matching the filter, by login name, and how many match.
pub(crate) async fn users(
    pool: &AnyPool,
    f: &UserFilter<'_>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<UserRow>, i64), StoreError> {
    let text = f.text.trim().to_owned();
    let role = f.role.unwrap_or("").to_owned();
    let org = f.organisation_id.unwrap_or(0);
    let sup = f.supplier_id.unwrap_or(0);
    let jurisdiction = f.jurisdiction.unwrap_or("").to_owned();
    let staff = i64::from(f.staff_only);
    let total = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM users u WHERE {USER_FILTER}"
    )))
    .bind(text.clone())
    .bind(role.clone())
    .bind(org)
    .bind(sup)
    .bind(jurisdiction.clone())
    .bind(staff)
    .fetch_one(pool)
    .await
    .map_err(internal)?;
    let rows = sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} WHERE {USER_FILTER} ORDER BY u.username LIMIT $7 OFFSET $8"
    )))
    .bind(text)
    .bind(role)
    .bind(org)
    .bind(sup)
    .bind(jurisdiction)
    .bind(staff)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await
    .map_err(internal)?;
    Ok((rows, total))
}

/// The password hash of an account.
pub(crate) async fn password_hash(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<String>, StoreError> {
    sqlx::query_scalar::<_, String>("SELECT password_hash FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(internal)
}

/// Sets a new password: the hash, when, and whether it is temporary (changed at next sign-in).
pub(crate) async fn set_password(
    conn: &mut AnyConnection,
    id: i64,
    hash: &str,
    temporary: bool,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE users SET password_hash = $1, password_changed_at = $2, must_change_password = $3 WHERE id = $4",
    )
    .bind(hash.to_owned())
    .bind(now)
    .bind(i64::from(temporary))
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// Disables (`Some(now)`) or re-enables (`None`) an account.
pub(crate) async fn set_disabled(
    conn: &mut AnyConnection,
    id: i64,
    at: Option<i64>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// Ends every session of an account but `keep` (a token hash; `""`: none kept); returns how many.
pub(crate) async fn end_sessions(
    conn: &mut AnyConnection,
    user_id: i64,
    keep: &str,
) -> Result<u64, StoreError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep.to_owned())
        .execute(&mut *conn)
        .await
        .map(|r| r.rows_affected())
        .map_err(internal)
}

/// One session of an account, as its owner sees it (never the token).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionListRow {
    pub token_hash: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// The sessions of an account, newest first.
pub(crate) async fn sessions_of(
    pool: &AnyPool,
    user_id: i64,
) -> Result<Vec<SessionListRow>, StoreError> {
    sqlx::query_as::<_, SessionListRow>(
        "SELECT token_hash, created_at, last_seen_at FROM sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 50",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
    .map_err(internal)
}

/// Ends the session of `user_id` whose token hash starts with `prefix`; returns how many.
pub(crate) async fn end_session_by_prefix(
    conn: &mut AnyConnection,
    user_id: i64,
    prefix: &str,
) -> Result<u64, StoreError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND substr(token_hash, 1, 16) = $2")
        .bind(user_id)
        .bind(prefix.to_owned())
        .execute(&mut *conn)
        .await
        .map(|r| r.rows_affected())
        .map_err(internal)
}

/// A one-time code sent to a contact.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct CodeRow {
    pub destination: String,
    pub code_hash: String,
    pub sent_at: i64,
    pub expires_at: i64,
    pub attempts: i64,
}

/// The live code of an account's contact, its row locked until the transaction ends (on
/// PostgreSQL; SQLite's write transactions are serial).
pub(crate) async fn code(
    conn: &mut AnyConnection,
    backend: crate::db::Backend,
    user_id: i64,
    channel: &str,
) -> Result<Option<CodeRow>, StoreError> {
    sqlx::query_as::<_, CodeRow>(sqlx::AssertSqlSafe(format!(
        "SELECT destination, code_hash, sent_at, expires_at, attempts FROM contact_codes WHERE user_id = $1 AND channel = $2{}",
        crate::db::dialect::for_update(backend)
    )))
    .bind(user_id)
    .bind(channel.to_owned())
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

/// Stores a new code for the account's contact (replacing the previous one).
pub(crate) async fn put_code(
    conn: &mut AnyConnection,
    user_id: i64,
    channel: &str,
    destination: &str,
    code_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM contact_codes WHERE user_id = $1 AND channel = $2")
        .bind(user_id)
        .bind(channel.to_owned())
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    sqlx::query(
        "INSERT INTO contact_codes (user_id, channel, destination, code_hash, sent_at, expires_at, attempts) \
         VALUES ($1, $2, $3, $4, $5, $6, 0)",
    )
    .bind(user_id)
    .bind(channel.to_owned())
    .bind(destination.to_owned())
    .bind(code_hash.to_owned())
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// Counts a wrong entry of a code.
pub(crate) async fn code_attempt(
    conn: &mut AnyConnection,
    user_id: i64,
    channel: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE contact_codes SET attempts = attempts + 1 WHERE user_id = $1 AND channel = $2",
    )
    .bind(user_id)
    .bind(channel.to_owned())
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// A code was entered right: the contact is verified and the code is gone.
pub(crate) async fn contact_verified(
    conn: &mut AnyConnection,
    user_id: i64,
    channel: &str,
    now: i64,
) -> Result<(), StoreError> {
    let column = if channel == "email" {
        "email_verified_at"
    } else {
        "mobile_verified_at"
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE users SET {column} = $1 WHERE id = $2"
    )))
    .bind(now)
    .bind(user_id)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    sqlx::query("DELETE FROM contact_codes WHERE user_id = $1 AND channel = $2")
        .bind(user_id)
        .bind(channel.to_owned())
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// A supplier's identity as the binding reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct SupplierIdentityRow {
    pub id: i64,
    pub credit_code: String,
    pub name: String,
    pub verified_at: Option<i64>,
}

pub(crate) async fn supplier_identity(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<SupplierIdentityRow>, StoreError> {
    sqlx::query_as::<_, SupplierIdentityRow>(
        "SELECT id, credit_code, name, verified_at FROM suppliers WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

pub(crate) async fn supplier_by_code(
    conn: &mut AnyConnection,
    credit_code: &str,
) -> Result<Option<SupplierIdentityRow>, StoreError> {
    sqlx::query_as::<_, SupplierIdentityRow>(
        "SELECT id, credit_code, name, verified_at FROM suppliers WHERE credit_code = $1",
    )
    .bind(credit_code.to_owned())
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

/// Binds an account to its verified legal entity: the account and the supplier are marked.
pub(crate) async fn bind(
    conn: &mut AnyConnection,
    user_id: i64,
    supplier_id: i64,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET bound_at = $1 WHERE id = $2")
        .bind(now)
        .bind(user_id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    sqlx::query(
        "UPDATE suppliers SET verified_at = $1, verified_user_id = $2 WHERE id = $3 AND verified_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .bind(supplier_id)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// The accounts of a supplier other than `except`, with whether each is disabled.
pub(crate) async fn supplier_accounts(
    conn: &mut AnyConnection,
    supplier_id: i64,
    except: i64,
) -> Result<Vec<(i64, String)>, StoreError> {
    sqlx::query_as::<_, (i64, String)>(
        "SELECT id, username FROM users WHERE supplier_id = $1 AND id <> $2 AND disabled_at IS NULL ORDER BY id",
    )
    .bind(supplier_id)
    .bind(except)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)
}

/// Whether the account is bound to its legal entity.
pub(crate) async fn is_bound(conn: &mut AnyConnection, user_id: i64) -> Result<bool, StoreError> {
    sqlx::query_scalar::<_, Option<i64>>("SELECT bound_at FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await
        .map(|r| r.flatten().is_some())
        .map_err(internal)
}

/// An organisation as the lists show it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrganisationRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub credit_code: Option<String>,
    pub jurisdiction_code: String,
    pub created_at: i64,
    pub staff: i64,
}

/// A page of organisations (text in the name or credit code, a kind), by name, and the count.
/// Which organisations a list shows.
pub enum OrganisationScope<'a> {
    All,
    /// Those of one jurisdiction (a district's bureau).
    Jurisdiction(&'a str),
    /// One organisation (a unit administrator's own).
    Only(i64),
}

pub(crate) async fn organisations(
    pool: &AnyPool,
    text: &str,
    kind: &str,
    scope: &OrganisationScope<'_>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<OrganisationRow>, i64), StoreError> {
    const FILTER: &str = "($1 = '' OR o.name LIKE '%' || $1 || '%' OR COALESCE(o.credit_code, '') LIKE '%' || $1 || '%') \
         AND ($2 = '' OR o.kind = $2) AND ($3 = '' OR o.jurisdiction_code = $3) AND ($4 = 0 OR o.id = $4)";
    let (jurisdiction, only) = match scope {
        OrganisationScope::All => (String::new(), 0),
        OrganisationScope::Jurisdiction(code) => ((*code).to_owned(), 0),
        OrganisationScope::Only(id) => (String::new(), *id),
    };
    let total = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM organisations o WHERE {FILTER}"
    )))
    .bind(text.trim().to_owned())
    .bind(kind.to_owned())
    .bind(jurisdiction.clone())
    .bind(only)
    .fetch_one(pool)
    .await
    .map_err(internal)?;
    let rows = sqlx::query_as::<_, OrganisationRow>(sqlx::AssertSqlSafe(format!(
        "SELECT o.id, o.kind, o.name, o.credit_code, o.jurisdiction_code, o.created_at, \
         (SELECT COUNT(*) FROM users u WHERE u.organisation_id = o.id) AS staff \
         FROM organisations o WHERE {FILTER} ORDER BY o.name LIMIT $5 OFFSET $6"
    )))
    .bind(text.trim().to_owned())
    .bind(kind.to_owned())
    .bind(jurisdiction)
    .bind(only)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await
    .map_err(internal)?;
    Ok((rows, total))
}

/// Inserts an organisation; returns its id (`Duplicate` when the name or code is taken).
pub(crate) async fn insert_organisation(
    conn: &mut AnyConnection,
    kind: &str,
    name: &str,
    credit_code: Option<&str>,
    jurisdiction: &str,
    now: i64,
) -> Result<i64, StoreError> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO organisations (kind, name, credit_code, jurisdiction_code, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(kind.to_owned())
    .bind(name.to_owned())
    .bind(credit_code.map(str::to_owned))
    .bind(jurisdiction.to_owned())
    .bind(now)
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

/// An organisation's name and kind.
pub(crate) async fn organisation(
    pool: &AnyPool,
    id: i64,
) -> Result<Option<(String, String)>, StoreError> {
    sqlx::query_as::<_, (String, String)>("SELECT name, kind FROM organisations WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(internal)
}

/// An account's second factor: the confirmed secret, the one being set up, and the last step.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct TotpRow {
    pub totp_secret: Option<String>,
    pub totp_pending: Option<String>,
    pub totp_enabled_at: Option<i64>,
    pub totp_last_step: i64,
}

/// An account's second factor, its row locked until the transaction ends (PostgreSQL).
pub(crate) async fn totp(
    conn: &mut AnyConnection,
    backend: crate::db::Backend,
    user_id: i64,
) -> Result<Option<TotpRow>, StoreError> {
    sqlx::query_as::<_, TotpRow>(sqlx::AssertSqlSafe(format!(
        "SELECT totp_secret, totp_pending, totp_enabled_at, totp_last_step FROM users WHERE id = $1{}",
        crate::db::dialect::for_update(backend)
    )))
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

/// Stores a secret being set up (replacing one not confirmed).
pub(crate) async fn set_totp_pending(
    conn: &mut AnyConnection,
    user_id: i64,
    secret: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET totp_pending = $1 WHERE id = $2")
        .bind(secret.map(str::to_owned))
        .bind(user_id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// Turns the second factor on (`Some(secret)`: the pending one confirmed) or off (`None`).
pub(crate) async fn set_totp(
    conn: &mut AnyConnection,
    user_id: i64,
    secret: Option<&str>,
    step: i64,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE users SET totp_secret = $1, totp_pending = NULL, totp_enabled_at = $2, totp_last_step = $3 WHERE id = $4",
    )
    .bind(secret.map(str::to_owned))
    .bind(secret.map(|_| now))
    .bind(step)
    .bind(user_id)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// Notes the step a code was used in.
pub(crate) async fn totp_used(
    conn: &mut AnyConnection,
    user_id: i64,
    step: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2")
        .bind(step)
        .bind(user_id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

pub(crate) async fn insert_challenge(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: i64,
    expires_at: i64,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO login_challenges (token_hash, user_id, expires_at, attempts) VALUES ($1, $2, $3, 0)")
        .bind(token_hash.to_owned())
        .bind(user_id)
        .bind(expires_at)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// A pending sign-in: (user, expires, attempts).
pub(crate) async fn challenge(
    conn: &mut AnyConnection,
    backend: crate::db::Backend,
    token_hash: &str,
) -> Result<Option<(i64, i64, i64)>, StoreError> {
    sqlx::query_as::<_, (i64, i64, i64)>(sqlx::AssertSqlSafe(format!(
        "SELECT user_id, expires_at, attempts FROM login_challenges WHERE token_hash = $1{}",
        crate::db::dialect::for_update(backend)
    )))
    .bind(token_hash.to_owned())
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

pub(crate) async fn challenge_attempt(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE login_challenges SET attempts = attempts + 1 WHERE token_hash = $1")
        .bind(token_hash.to_owned())
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// Removes a pending sign-in and every expired one.
pub(crate) async fn end_challenge(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM login_challenges WHERE token_hash = $1 OR expires_at <= $2")
        .bind(token_hash.to_owned())
        .bind(now)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// A supplier account whose password an operator reset is no longer bound: it binds again with
/// the company's evidence before it signs a bid.
pub(crate) async fn unbind(conn: &mut AnyConnection, user_id: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET bound_at = NULL WHERE id = $1 AND role = 'supplier'")
        .bind(user_id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// A setting of this database, made on first use (`value` when absent).
pub(crate) async fn setting_or_init(
    pool: &AnyPool,
    key: &str,
    value: &str,
) -> Result<String, StoreError> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(key.to_owned())
        .bind(value.to_owned())
        .execute(pool)
        .await
        .map_err(internal)?;
    sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(key.to_owned())
        .fetch_one(pool)
        .await
        .map_err(internal)
}

/// Sets (or clears) an account's duty.
pub(crate) async fn set_duty(
    conn: &mut AnyConnection,
    id: i64,
    duty: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET duty = $1 WHERE id = $2")
        .bind(duty.map(str::to_owned))
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}
