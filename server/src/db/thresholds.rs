//! The thresholds repository: the values the bureau keeps (`threshold_values`, migration 0019).

use app::service::StoreError;
use shared::thresholds::KeptValue;

use crate::store::internal;

/// A stored value.
#[derive(sqlx::FromRow)]
pub(crate) struct KeptRow {
    pub(crate) id: i64,
    pub(crate) override_json: String,
    pub(crate) source: String,
    pub(crate) issuer_code: String,
    pub(crate) corrects: Option<i64>,
    pub(crate) reason: Option<String>,
    pub(crate) entered_by: String,
    pub(crate) entered_at: i64,
}

impl KeptRow {
    pub(crate) fn value(&self) -> Result<KeptValue, String> {
        Ok(KeptValue {
            id: self.id,
            entry: serde_json::from_str(&self.override_json).map_err(|e| e.to_string())?,
            source: self.source.clone(),
            issuer: self.issuer_code.clone(),
            corrects: self.corrects,
        })
    }
}

/// Every stored value, in the order entered.
pub(crate) async fn all(conn: &mut sqlx::AnyConnection) -> Result<Vec<KeptRow>, sqlx::Error> {
    sqlx::query_as::<_, KeptRow>(
        "SELECT id, override_json, source, issuer_code, corrects, reason, entered_by, entered_at \
         FROM threshold_values ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
}

/// A value to store.
pub(crate) struct NewRow<'a> {
    pub override_json: String,
    pub source: &'a str,
    pub issuer: &'a str,
    pub corrects: Option<i64>,
    pub reason: Option<&'a str>,
    pub by: &'a str,
}

/// Stores a value; its id.
pub(crate) async fn insert(
    conn: &mut sqlx::AnyConnection,
    r: &NewRow<'_>,
    now: i64,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO threshold_values (override_json, source, issuer_code, corrects, reason, entered_by, entered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(r.override_json.clone())
    .bind(r.source.to_owned())
    .bind(r.issuer.to_owned())
    .bind(r.corrects)
    .bind(r.reason.map(str::to_owned))
    .bind(r.by.to_owned())
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// Whether entry `id` has been corrected already.
pub(crate) async fn is_corrected(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM threshold_values WHERE corrects = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(n > 0)
}
