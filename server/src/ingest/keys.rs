//! API keys of external systems: created and revoked on the command line (`yiwang apikey …`),
//! presented as `Authorization: Bearer yw_<prefix>_<secret>`.
//!
//! The secret is 256 random bits from the operating system; the table keeps the prefix (to find
//! the row) and the SHA-256 of the secret, never the secret itself. A key names its system
//! (`name`, also the source of the projects it sends), the jurisdiction it may write for and
//! the kinds of data it may send.

use serde::Serialize;
use shared::ingest::{kinds_list, parse_kinds, Kind};

use crate::audit::AuditEntry;
use crate::auth::token_hash;
use crate::db::{accounts, Db};

/// The prefix every key starts with.
pub const KEY_PREFIX: &str = "yw_";
/// Hex digits of a key's public prefix (48 bits).
const PREFIX_HEX: usize = 12;
/// Hex digits of a key's secret (256 bits).
const SECRET_HEX: usize = 64;

/// An authenticated key: what a request may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    pub jurisdiction_code: String,
    pub kinds: Vec<Kind>,
}

/// One key as `yiwang apikey list` shows it (never the secret).
#[derive(Debug, Clone, Serialize)]
pub struct KeyInfo {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub jurisdiction_code: String,
    pub kinds: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// A key just created: its id and the full key, shown once.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub id: i64,
    pub key: String,
}

/// Why a key could not be created or revoked.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("--name: give the system's name (1–100 characters)")]
    Name,
    #[error("--jurisdiction: {0:?} is not a jurisdiction of the platform (e.g. 320400 for the city, 320402 for 天宁区)")]
    Jurisdiction(String),
    #[error("--kinds: {0}")]
    Kinds(String),
    #[error("no random numbers from the operating system: {0}")]
    Random(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

fn random_hex(bytes: usize) -> Result<String, KeyError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| KeyError::Random(e.to_string()))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// Splits `yw_<prefix>_<secret>` (hex, exact lengths) into prefix and secret.
pub fn parse_key(key: &str) -> Option<(&str, &str)> {
    let rest = key.strip_prefix(KEY_PREFIX)?;
    let (prefix, secret) = rest.split_once('_')?;
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    (hex(prefix, PREFIX_HEX) && hex(secret, SECRET_HEX)).then_some((prefix, secret))
}

/// The key of an `Authorization: Bearer …` header value.
pub fn bearer(header: &str) -> Option<&str> {
    let (scheme, key) = header.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| key.trim())
}

/// Compares two equally long strings in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Creates a key and records it in the audit trail, in one transaction.
pub async fn create_key(
    db: &Db,
    name: &str,
    jurisdiction: &str,
    kinds: &str,
    now: i64,
) -> Result<NewKey, KeyError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(KeyError::Name);
    }
    let region = shared::region::region(jurisdiction)
        .ok_or_else(|| KeyError::Jurisdiction(jurisdiction.to_owned()))?;
    let kinds = parse_kinds(kinds).map_err(KeyError::Kinds)?;
    let prefix = random_hex(PREFIX_HEX / 2)?;
    let secret = random_hex(SECRET_HEX / 2)?;
    let mut tx = db.begin_write().await?;
    let (key_hash, kinds_text) = (token_hash(&secret), kinds_list(&kinds));
    let key = accounts::NewApiKey {
        name,
        prefix: &prefix,
        key_hash: &key_hash,
        jurisdiction_code: region.code,
        kinds: &kinds_text,
    };
    let id = accounts::insert_api_key(&mut tx, &key, now).await?;
    crate::steplog::write(
        &mut tx,
        crate::steplog::Tail::new(crate::audit::AuditEntry {
            at: now,
            action: "apikey.create",
            subject_type: Some("api_key"),
            subject_id: Some(id.to_string()),
            after: Some(serde_json::json!({
                "name": name,
                "prefix": prefix,
                "jurisdiction_code": region.code,
                "kinds": kinds_list(&kinds),
            })),
            ..AuditEntry::default()
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(NewKey {
        id,
        key: format!("{KEY_PREFIX}{prefix}_{secret}"),
    })
}

/// Every key, newest first.
pub async fn list_keys(db: &Db) -> Result<Vec<KeyInfo>, sqlx::Error> {
    Ok(accounts::api_keys(&db.pool)
        .await?
        .into_iter()
        .map(|r| KeyInfo {
            id: r.id,
            name: r.name,
            prefix: r.key_prefix,
            jurisdiction_code: r.jurisdiction_code,
            kinds: r.kinds,
            created_at: r.created_at,
            revoked_at: r.revoked_at,
        })
        .collect())
}

/// Revokes a key from `now` on. `false`: no such key, or revoked already.
pub async fn revoke_key(db: &Db, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let done = accounts::revoke_api_key(&mut tx, id, now).await?;
    if done {
        crate::steplog::write(
            &mut tx,
            crate::steplog::Tail::new(crate::audit::AuditEntry {
                at: now,
                action: "apikey.revoke",
                subject_type: Some("api_key"),
                subject_id: Some(id.to_string()),
                ..AuditEntry::default()
            }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// The live key a request presents, or `None` (no key, malformed, unknown, wrong secret or
/// revoked: one answer for all).
pub async fn authenticate(
    db: &Db,
    authorization: Option<&str>,
) -> Result<Option<ApiKey>, sqlx::Error> {
    let Some((prefix, secret)) = authorization.and_then(bearer).and_then(parse_key) else {
        return Ok(None);
    };
    let row = accounts::api_key_by_prefix(&db.pool, &prefix.to_ascii_lowercase()).await?;
    let Some(r) = row else { return Ok(None) };
    if !same(&r.key_hash, &token_hash(&secret.to_ascii_lowercase())) || r.revoked_at.is_some() {
        return Ok(None);
    }
    Ok(Some(ApiKey {
        id: r.id,
        name: r.name,
        jurisdiction_code: r.jurisdiction_code,
        // A list the database holds was written by `create_key`; an entry no longer known
        // grants nothing.
        kinds: r.kinds.split(',').filter_map(Kind::from_code).collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse() {
        let key = format!("yw_{}_{}", "a".repeat(12), "0".repeat(64));
        assert_eq!(parse_key(&key), Some(("aaaaaaaaaaaa", &*"0".repeat(64))));
        assert_eq!(bearer(&format!("Bearer {key}")), Some(key.as_str()));
        assert_eq!(bearer(&format!("bearer  {key} ")), Some(key.as_str()));
        assert_eq!(bearer(&format!("Basic {key}")), None);
        assert!(parse_key("yw_short_0").is_none());
        assert!(parse_key(&key.replace("yw_", "xx_")).is_none());
        assert!(parse_key(&format!("{key}0")).is_none());
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
