//! The audit repository: the storage of the audit chain (`audit_log`, its head `audit_head`) and
//! the reads of its verification and export, with their named row types. `crate::audit` computes
//! the records' hashes and walks the chain; `crate::audit::append_audit` stores through it.

use sqlx::{AnyConnection, AnyPool};

use crate::audit::{ChainRecord, Head};

/// The chain's head as stored: its place and the hash of the record there.
#[derive(sqlx::FromRow)]
struct HeadRow {
    seq: i64,
    last_hash: String,
}

impl HeadRow {
    fn into_head(self) -> Head {
        Head {
            seq: self.seq,
            hash: self.last_hash,
        }
    }
}

/// Takes the chain's next place in the caller's transaction (which locks the head for every
/// other writer until it ends); returns that place and the hash of the record before it.
pub(crate) async fn take_next_place(conn: &mut AnyConnection) -> Result<Head, sqlx::Error> {
    Ok(sqlx::query_as::<_, HeadRow>(
        "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, last_hash",
    )
    .fetch_one(&mut *conn)
    .await?
    .into_head())
}

/// Stores `record` at its place with the previous hash and its own, and moves the head to it
/// (on PostgreSQL in one statement: one round trip less while the chain is locked).
pub(crate) async fn store_record(
    conn: &mut AnyConnection,
    record: &ChainRecord,
    prev_hash: String,
    hash: String,
) -> Result<(), sqlx::Error> {
    let postgres = super::dialect::backend_of(conn) == super::Backend::Postgres;
    let insert = "INSERT INTO audit_log (at, user_id, role, action, subject_type, subject_id, before_json, after_json, findings_json, \
         chain_seq, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
    let both =
        format!("WITH appended AS ({insert}) UPDATE audit_head SET last_hash = $12 WHERE id = 1");
    sqlx::query(sqlx::AssertSqlSafe(if postgres {
        both
    } else {
        insert.to_owned()
    }))
    .bind(record.at)
    .bind(record.user_id)
    .bind(record.role.clone())
    .bind(record.action.clone())
    .bind(record.subject_type.clone())
    .bind(record.subject_id.clone())
    .bind(record.before_json.clone())
    .bind(record.after_json.clone())
    .bind(record.findings_json.clone())
    .bind(record.seq)
    .bind(prev_hash)
    .bind(hash.clone())
    .execute(&mut *conn)
    .await?;
    if !postgres {
        sqlx::query("UPDATE audit_head SET last_hash = $1 WHERE id = 1")
            .bind(hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The chain's head.
pub(crate) async fn head(pool: &AnyPool) -> Result<Head, sqlx::Error> {
    Ok(
        sqlx::query_as::<_, HeadRow>("SELECT seq, last_hash FROM audit_head WHERE id = 1")
            .fetch_one(pool)
            .await?
            .into_head(),
    )
}

/// One row of `audit_log` as stored (records from before the chain have no chain fields).
#[derive(sqlx::FromRow)]
pub(crate) struct StoredRecord {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub role: Option<String>,
    pub action: String,
    pub subject_type: Option<String>,
    pub subject_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub findings_json: Option<String>,
    pub chain_seq: Option<i64>,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

/// Every record of the audit trail, in id order.
pub(crate) async fn records(pool: &AnyPool) -> Result<Vec<StoredRecord>, sqlx::Error> {
    sqlx::query_as::<_, StoredRecord>(
        "SELECT id, at, user_id, role, action, subject_type, subject_id, before_json, after_json, \
         findings_json, chain_seq, prev_hash, hash FROM audit_log ORDER BY id",
    )
    .fetch_all(pool)
    .await
}

/// One record as the audit administrator's list shows it, with the account's name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListedRecord {
    pub id: i64,
    pub at: i64,
    pub role: Option<String>,
    pub action: String,
    pub subject_type: Option<String>,
    pub subject_id: Option<String>,
    pub username: Option<String>,
    pub display_name: Option<String>,
}

/// A page of the trail, the newest first: records whose action starts with `text` or whose
/// account has that login name (`""`: all); and how many match.
pub(crate) async fn page(
    pool: &AnyPool,
    text: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ListedRecord>, i64), sqlx::Error> {
    const FILTER: &str = "($1 = '' OR a.action LIKE $1 || '%' OR u.username = $1)";
    let total = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM audit_log a LEFT JOIN users u ON u.id = a.user_id WHERE {FILTER}"
    )))
    .bind(text.to_owned())
    .fetch_one(pool)
    .await?;
    let rows = sqlx::query_as::<_, ListedRecord>(sqlx::AssertSqlSafe(format!(
        "SELECT a.id, a.at, a.role, a.action, a.subject_type, a.subject_id, u.username, u.display_name \
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id WHERE {FILTER} \
         ORDER BY a.id DESC LIMIT $2 OFFSET $3"
    )))
    .bind(text.to_owned())
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    Ok((rows, total))
}
