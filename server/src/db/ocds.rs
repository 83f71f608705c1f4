//! The OCDS repository: its SQL and named row types (see `crate::db`). What `crate::ocds_io`
//! keeps of an import (the run and its checkpoint `import_runs`, the releases merged
//! `import_releases`, the compiled release of each process `import_compiled`, what was skipped
//! `import_skips`), the purchasers it looks up, and the stored projects an export reads. The
//! projects themselves are written by `db::ingest::store_project`. Failures stay
//! `sqlx::Error` (`IoError::Database` for the caller).

use serde_json::Value;
use shared::model::{InputError, ProjectRecord};
use sqlx::{AnyConnection, AnyPool};

/// An import run as stored: where it stopped and what it merged.
#[derive(sqlx::FromRow)]
pub(crate) struct RunRow {
    pub id: i64,
    pub position: i64,
    pub line_no: i64,
    pub releases: i64,
    pub finished_at: Option<i64>,
}

/// The run of file `file_hash` (of `file_size` bytes) under `source`, if it was started before.
pub(crate) async fn find_run(
    pool: &AnyPool,
    source: &str,
    file_hash: &str,
    file_size: i64,
) -> Result<Option<RunRow>, sqlx::Error> {
    sqlx::query_as::<_, RunRow>(
        "SELECT id, position, line_no, releases, finished_at FROM import_runs \
         WHERE source = $1 AND file_hash = $2 AND file_size = $3",
    )
    .bind(source.to_owned())
    .bind(file_hash.to_owned())
    .bind(file_size)
    .fetch_optional(pool)
    .await
}

/// Starts a run of a file (nothing read yet); returns its id.
pub(crate) async fn insert_run(
    pool: &AnyPool,
    source: &str,
    file_name: &str,
    file_size: i64,
    file_hash: &str,
    format: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO import_runs (source, file_name, file_size, file_hash, format, position, line_no, \
         releases, skipped, started_at, updated_at) VALUES ($1, $2, $3, $4, $5, 0, 0, 0, 0, $6, $6) RETURNING id",
    )
    .bind(source.to_owned())
    .bind(file_name.to_owned())
    .bind(file_size)
    .bind(file_hash.to_owned())
    .bind(format.to_owned())
    .bind(now)
    .fetch_one(pool)
    .await
}

/// Whether release `release_id` of process `ocid` was imported under `source` before.
pub(crate) async fn release_seen(
    conn: &mut AnyConnection,
    source: &str,
    ocid: &str,
    release_id: &str,
) -> Result<bool, sqlx::Error> {
    let seen = sqlx::query(
        "SELECT 1 FROM import_releases WHERE source = $1 AND ocid = $2 AND release_id = $3",
    )
    .bind(source.to_owned())
    .bind(ocid.to_owned())
    .bind(release_id.to_owned())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(seen.is_some())
}

/// A process's compiled release and the project it became, if any.
#[derive(sqlx::FromRow)]
struct CompiledRow {
    compiled_json: String,
    project_id: Option<i64>,
}

/// The compiled release of process `ocid` under `source` (unreadable: null) and its project,
/// if the process was imported before.
pub(crate) async fn compiled(
    conn: &mut AnyConnection,
    source: &str,
    ocid: &str,
) -> Result<Option<(Value, Option<i64>)>, sqlx::Error> {
    let row = sqlx::query_as::<_, CompiledRow>(
        "SELECT compiled_json, project_id FROM import_compiled WHERE source = $1 AND ocid = $2",
    )
    .bind(source.to_owned())
    .bind(ocid.to_owned())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| {
        (
            serde_json::from_str(&r.compiled_json).unwrap_or(Value::Null),
            r.project_id,
        )
    }))
}

/// Records that run `run_id` merged release `release_id` of process `ocid` under `source`.
pub(crate) async fn record_release(
    conn: &mut AnyConnection,
    source: &str,
    ocid: &str,
    release_id: &str,
    run_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO import_releases (source, ocid, release_id, run_id) VALUES ($1, $2, $3, $4)",
    )
    .bind(source.to_owned())
    .bind(ocid.to_owned())
    .bind(release_id.to_owned())
    .bind(run_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The jurisdiction of stored project `id` (`ingest_projects`).
pub(crate) async fn project_jurisdiction(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<String, sqlx::Error> {
    sqlx::query_scalar::<_, String>("SELECT jurisdiction_code FROM ingest_projects WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await
}

/// An organisation as the import looks a buyer up.
#[derive(sqlx::FromRow)]
pub(crate) struct OrganisationRow {
    pub id: i64,
    pub jurisdiction_code: String,
    pub kind: String,
}

/// The organisation with credit code `code`, if any.
pub(crate) async fn organisation_by_credit_code(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<Option<OrganisationRow>, sqlx::Error> {
    sqlx::query_as::<_, OrganisationRow>(
        "SELECT id, jurisdiction_code, kind FROM organisations WHERE credit_code = $1",
    )
    .bind(code.to_owned())
    .fetch_optional(&mut *conn)
    .await
}

/// The organisation with platform id `id`, if any.
pub(crate) async fn organisation_by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<OrganisationRow>, sqlx::Error> {
    sqlx::query_as::<_, OrganisationRow>(
        "SELECT id, jurisdiction_code, kind FROM organisations WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
}

/// Deletes the import's findings of stored project `project_id` (to be replaced).
pub(crate) async fn delete_import_findings(
    conn: &mut AnyConnection,
    project_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM findings WHERE subject_type = 'project' AND subject_id = $1 AND step = 'import'",
    )
    .bind(project_id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records a line or release that run `run_id` skipped (`line_no` 0: at the end).
pub(crate) async fn insert_skip(
    conn: &mut AnyConnection,
    run_id: i64,
    line_no: i64,
    ocid: Option<&str>,
    code: &str,
    message: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO import_skips (run_id, line_no, ocid, code, message) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(run_id)
    .bind(line_no)
    .bind(ocid.map(str::to_owned))
    .bind(code.to_owned())
    .bind(message.to_owned())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A run's checkpoint after a batch.
pub(crate) struct Checkpoint {
    /// Where to continue (bytes for lines, releases for a package).
    pub position: i64,
    pub line_no: i64,
    /// Releases merged by the batch (added to the run's).
    pub releases: i64,
    /// Lines and releases skipped by the batch (added to the run's).
    pub skipped: i64,
    pub updated_at: i64,
    /// Set when the batch ended the file.
    pub finished_at: Option<i64>,
}

/// Records run `run_id`'s checkpoint `c`.
pub(crate) async fn save_checkpoint(
    conn: &mut AnyConnection,
    run_id: i64,
    c: &Checkpoint,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE import_runs SET position = $1, line_no = $2, releases = releases + $3, skipped = skipped + $4, \
         updated_at = $5, finished_at = $6 WHERE id = $7",
    )
    .bind(c.position)
    .bind(c.line_no)
    .bind(c.releases)
    .bind(c.skipped)
    .bind(c.updated_at)
    .bind(c.finished_at)
    .bind(run_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A process's ocid and compiled release.
#[derive(sqlx::FromRow)]
struct UnlinkedRow {
    ocid: String,
    compiled_json: String,
}

/// The processes under `source` that run `run_id` merged releases into and that are no project,
/// by ocid: (ocid, compiled release; unreadable: null).
pub(crate) async fn unlinked_processes(
    conn: &mut AnyConnection,
    source: &str,
    run_id: i64,
) -> Result<Vec<(String, Value)>, sqlx::Error> {
    let rows = sqlx::query_as::<_, UnlinkedRow>(
        "SELECT c.ocid, c.compiled_json FROM import_compiled c WHERE c.source = $1 AND c.project_id IS NULL \
         AND EXISTS (SELECT 1 FROM import_releases r WHERE r.source = c.source AND r.ocid = c.ocid AND r.run_id = $2) \
         ORDER BY c.ocid",
    )
    .bind(source.to_owned())
    .bind(run_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let value = serde_json::from_str(&r.compiled_json).unwrap_or(Value::Null);
            (r.ocid, value)
        })
        .collect())
}

/// Stores the compiled release of process `ocid` under `source` and the project it became
/// (updates its row, else inserts one).
pub(crate) async fn save_compiled(
    conn: &mut AnyConnection,
    source: &str,
    ocid: &str,
    compiled: &Value,
    project_id: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let text = compiled.to_string();
    let updated = sqlx::query(
        "UPDATE import_compiled SET compiled_json = $1, project_id = $2, updated_at = $3 WHERE source = $4 AND ocid = $5",
    )
    .bind(text.clone())
    .bind(project_id)
    .bind(now)
    .bind(source.to_owned())
    .bind(ocid.to_owned())
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        sqlx::query(
            "INSERT INTO import_compiled (source, ocid, compiled_json, project_id, updated_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(source.to_owned())
        .bind(ocid.to_owned())
        .bind(text)
        .bind(project_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A skipped line or release as stored.
#[derive(sqlx::FromRow)]
pub(crate) struct SkipRow {
    pub line_no: i64,
    pub ocid: Option<String>,
    pub code: String,
    pub message: String,
}

/// What run `run_id` skipped, by line and code.
pub(crate) async fn skips(pool: &AnyPool, run_id: i64) -> Result<Vec<SkipRow>, sqlx::Error> {
    sqlx::query_as::<_, SkipRow>(
        "SELECT line_no, ocid, code, message FROM import_skips WHERE run_id = $1 ORDER BY line_no, code",
    )
    .bind(run_id)
    .fetch_all(pool)
    .await
}

/// A stored project as the export reads it, its record still JSON text.
#[derive(sqlx::FromRow)]
pub(crate) struct ExportRow {
    pub id: i64,
    pub source: String,
    record_json: String,
}

impl ExportRow {
    /// The stored record.
    pub(crate) fn record(&self) -> Result<ProjectRecord, InputError> {
        ProjectRecord::from_json(&self.record_json)
    }
}

/// The next 200 stored projects (`ingest_projects`) after row id `after`, by id.
pub(crate) async fn projects_after(
    pool: &AnyPool,
    after: i64,
) -> Result<Vec<ExportRow>, sqlx::Error> {
    sqlx::query_as::<_, ExportRow>(
        "SELECT id, source, record_json FROM ingest_projects WHERE id > $1 ORDER BY id LIMIT 200",
    )
    .bind(after)
    .fetch_all(pool)
    .await
}
