//! The ingest repository: its SQL and named row types (see `crate::db`). The write path of the
//! ingest API (`crate::ingest::write`): idempotency rows, the organisations a request names,
//! budget lines, and the projects stored in `ingest_projects` (also by the OCDS import). Its
//! callers tell unique violations apart, so failures stay `sqlx::Error`.

use shared::ingest::{BudgetLineEntry, OrgFacts, OrgRef};
use shared::model::{InputError, ProjectRecord};
use sqlx::{AnyConnection, AnyPool};

use super::dialect::for_update;
use super::Backend;

/// The stored answer to an idempotency key.
#[derive(sqlx::FromRow)]
pub(crate) struct IdempotencyRow {
    pub request_hash: String,
    pub status_code: i64,
    pub response_json: String,
}

/// The stored answer to API key `api_key_id`'s idempotency key `idem_key`, if any.
pub(crate) async fn stored_response(
    pool: &AnyPool,
    api_key_id: i64,
    idem_key: &str,
) -> Result<Option<IdempotencyRow>, sqlx::Error> {
    sqlx::query_as::<_, IdempotencyRow>(
        "SELECT request_hash, status_code, response_json FROM idempotency_keys \
         WHERE api_key_id = $1 AND idem_key = $2",
    )
    .bind(api_key_id)
    .bind(idem_key.to_owned())
    .fetch_optional(pool)
    .await
}

/// Claims an idempotency key: inserts its row, still without an answer. A unique violation: the
/// key was claimed before.
pub(crate) async fn claim_idempotency_key(
    conn: &mut AnyConnection,
    api_key_id: i64,
    idem_key: &str,
    request_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency_keys (api_key_id, idem_key, request_hash, status_code, response_json, created_at) \
         VALUES ($1, $2, $3, 0, '', $4)",
    )
    .bind(api_key_id)
    .bind(idem_key.to_owned())
    .bind(request_hash.to_owned())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Stores the answer (status and JSON body) to a claimed idempotency key.
pub(crate) async fn save_answer(
    conn: &mut AnyConnection,
    api_key_id: i64,
    idem_key: &str,
    status_code: i64,
    response_json: String,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE idempotency_keys SET status_code = $1, response_json = $2 WHERE api_key_id = $3 AND idem_key = $4",
    )
    .bind(status_code)
    .bind(response_json)
    .bind(api_key_id)
    .bind(idem_key.to_owned())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An organisation as a request's checks read it.
#[derive(sqlx::FromRow)]
struct OrganisationRow {
    id: i64,
    name: String,
    kind: String,
    credit_code: Option<String>,
    jurisdiction_code: String,
}

impl OrganisationRow {
    fn into_facts(self) -> OrgFacts {
        OrgFacts {
            id: self.id,
            name: self.name,
            kind: self.kind,
            credit_code: self.credit_code,
            jurisdiction_code: self.jurisdiction_code,
        }
    }
}

/// The organisation `org` names (by credit code or platform id), if any.
pub(crate) async fn organisation(
    conn: &mut AnyConnection,
    org: &OrgRef,
) -> Result<Option<OrgFacts>, sqlx::Error> {
    let sql = "SELECT id, name, kind, credit_code, jurisdiction_code FROM organisations WHERE ";
    let row = match org {
        OrgRef::CreditCode(code) => {
            sqlx::query_as::<_, OrganisationRow>(sqlx::AssertSqlSafe(format!(
                "{sql}credit_code = $1"
            )))
            .bind(code.as_str().to_owned())
            .fetch_optional(&mut *conn)
            .await?
        }
        OrgRef::Id(id) => {
            sqlx::query_as::<_, OrganisationRow>(sqlx::AssertSqlSafe(format!("{sql}id = $1")))
                .bind(*id)
                .fetch_optional(&mut *conn)
                .await?
        }
    };
    Ok(row.map(OrganisationRow::into_facts))
}

/// Inserts a purchaser unit from the budget system; returns its id (a unique violation: the name
/// or the credit code is taken).
pub(crate) async fn insert_unit(
    conn: &mut AnyConnection,
    entry: &shared::ingest::UnitEntry,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO organisations (kind, name, credit_code, jurisdiction_code, created_at) \
         VALUES ('purchaser', $1, $2, $3, $4) RETURNING id",
    )
    .bind(entry.name.clone())
    .bind(entry.credit_code.clone())
    .bind(entry.jurisdiction.to_owned())
    .bind(now)
    .fetch_one(&mut *conn)
    .await
}

/// Updates a purchaser unit's name and jurisdiction (a unique violation: the name is taken).
pub(crate) async fn update_unit(
    conn: &mut AnyConnection,
    id: i64,
    name: &str,
    jurisdiction: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organisations SET name = $1, jurisdiction_code = $2 WHERE id = $3")
        .bind(name.to_owned())
        .bind(jurisdiction.to_owned())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Inserts budget line `entry` of purchaser unit `unit_id` (of `jurisdiction`); returns its id.
/// A unique violation: the unit has a line with this code for the year.
pub(crate) async fn insert_budget_line(
    conn: &mut AnyConnection,
    unit_id: i64,
    jurisdiction: &str,
    entry: &BudgetLineEntry,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO budget_lines (unit_id, jurisdiction_code, fiscal_year, code, name, approved_amount, adjusted_amount, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(unit_id)
    .bind(jurisdiction.to_owned())
    .bind(i64::from(entry.line.fiscal_year()))
    .bind(entry.line.code().to_owned())
    .bind(entry.line.name().to_owned())
    .bind(entry.line.approved_amount().0)
    .bind(entry.adjusted_amount.map(|a| a.0))
    .bind(now)
    .fetch_one(&mut *conn)
    .await
}

/// The id of unit `unit_id`'s budget line `code` of `fiscal_year`, if any, locked for the rest
/// of the transaction.
pub(crate) async fn lock_budget_line(
    conn: &mut AnyConnection,
    backend: Backend,
    unit_id: i64,
    fiscal_year: i64,
    code: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT id, approved_amount, adjusted_amount FROM budget_lines \
         WHERE unit_id = $1 AND fiscal_year = $2 AND code = $3{}",
        for_update(backend)
    )))
    .bind(unit_id)
    .bind(fiscal_year)
    .bind(code.to_owned())
    .fetch_optional(&mut *conn)
    .await
}

/// A project stored in `ingest_projects`, its record still JSON text.
#[derive(sqlx::FromRow)]
pub(crate) struct IngestProjectRow {
    pub id: i64,
    pub jurisdiction_code: String,
    record_json: String,
}

impl IngestProjectRow {
    /// The stored record.
    pub(crate) fn record(&self) -> Result<ProjectRecord, InputError> {
        ProjectRecord::from_json(&self.record_json)
    }
}

/// The project `external_id` of `source`, if stored, locked for the rest of the transaction.
pub(crate) async fn lock_ingest_project(
    conn: &mut AnyConnection,
    backend: Backend,
    source: &str,
    external_id: &str,
) -> Result<Option<IngestProjectRow>, sqlx::Error> {
    sqlx::query_as::<_, IngestProjectRow>(sqlx::AssertSqlSafe(format!(
        "SELECT id, jurisdiction_code, record_json FROM ingest_projects WHERE source = $1 AND external_id = $2{}",
        for_update(backend)
    )))
    .bind(source.to_owned())
    .bind(external_id.to_owned())
    .fetch_optional(&mut *conn)
    .await
}

/// Where a project is stored: its row when it exists, else the purchaser of a new row.
pub(crate) enum ProjectRow<'a> {
    Existing(i64),
    New {
        jurisdiction: &'a str,
        purchaser_id: i64,
    },
}

/// Writes a project's record into `ingest_projects` (updates the row, or inserts a new one for
/// `(source, external_id)`), in the caller's transaction; the row's id. A unique violation on a
/// new row means another writer created it first.
pub(crate) async fn store_project(
    conn: &mut AnyConnection,
    row: ProjectRow<'_>,
    source: &str,
    external_id: &str,
    record: &ProjectRecord,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let json = serde_json::to_string(record).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    match row {
        ProjectRow::Existing(id) => {
            sqlx::query(
                "UPDATE ingest_projects SET record_json = $1, updated_at = $2 WHERE id = $3",
            )
            .bind(json)
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            Ok(id)
        }
        ProjectRow::New {
            jurisdiction,
            purchaser_id,
        } => sqlx::query_scalar::<_, i64>(
            "INSERT INTO ingest_projects (source, external_id, jurisdiction_code, purchaser_id, record_json, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(source.to_owned())
        .bind(external_id.to_owned())
        .bind(jurisdiction.to_owned())
        .bind(purchaser_id)
        .bind(json)
        .bind(now)
        .fetch_one(&mut *conn)
        .await,
    }
}
