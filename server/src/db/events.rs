//! The events repository: the storage of the monitors' live events (`events`), with its named
//! row type. `crate::events` keeps the hub and the dispatcher; `crate::events::append` stores
//! through it.

use app::api::monitor::{MonitorEvent, MonitorFilter};
use shared::access::JurisdictionFilter;
use shared::checks::framework::{Severity, Stage};
use shared::model::Method;
use shared::time::Instant;
use sqlx::{AnyConnection, AnyPool};

use super::Backend;
use crate::events::{NewEvent, CHANNEL};

/// The columns of an event, in [`EventRow`]'s order.
const COLUMNS: &str = "id, at, jurisdiction_code, kind, stage, severity, method, subject_type, subject_id, check_id, \
     action, title_zh, title_en, message_zh, message_en";

/// An event as stored.
#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    at: i64,
    jurisdiction_code: String,
    kind: String,
    stage: Option<String>,
    severity: Option<String>,
    method: Option<String>,
    subject_type: String,
    subject_id: String,
    check_id: Option<String>,
    action: String,
    title_zh: String,
    title_en: String,
    message_zh: String,
    message_en: String,
}

/// A stored code read with `from_code`. An unknown one (a row written by a later version, a
/// hand edit) is logged and read as none: one odd row must not stall the monitor's live feed,
/// which reads events in batches and would meet it again on every retry.
fn decode<T>(
    id: i64,
    column: &str,
    code: Option<String>,
    from_code: fn(&str) -> Option<T>,
) -> Option<T> {
    let c = code?;
    let v = from_code(&c);
    if v.is_none() {
        tracing::warn!(event.id = id, column, code = %c, "event with an unknown code; shown without it");
    }
    v
}

impl TryFrom<EventRow> for MonitorEvent {
    type Error = sqlx::Error;
    fn try_from(r: EventRow) -> Result<MonitorEvent, sqlx::Error> {
        Ok(MonitorEvent {
            id: r.id,
            at: Instant::from_unix_seconds(r.at),
            jurisdiction_code: r.jurisdiction_code,
            kind: r.kind,
            stage: decode(r.id, "stage", r.stage, Stage::from_code),
            severity: decode(r.id, "severity", r.severity, Severity::from_code),
            method: decode(r.id, "method", r.method, Method::from_code),
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            check_id: r.check_id,
            action: r.action,
            title_zh: r.title_zh,
            title_en: r.title_en,
            message_zh: r.message_zh,
            message_en: r.message_en,
        })
    }
}

fn events(rows: Vec<EventRow>) -> Result<Vec<MonitorEvent>, sqlx::Error> {
    rows.into_iter().map(MonitorEvent::try_from).collect()
}

/// Inserts an event in the caller's transaction; returns its id. On PostgreSQL the insert also
/// notifies [`CHANNEL`] on commit, in the same statement (events are stored while the audit
/// chain is locked, so every round trip there counts).
pub(crate) async fn insert_event(
    conn: &mut AnyConnection,
    e: &NewEvent<'_>,
) -> Result<i64, sqlx::Error> {
    let backend = super::dialect::backend_of(conn);
    let insert = "INSERT INTO events (at, jurisdiction_code, kind, stage, severity, method, subject_type, subject_id, check_id, \
         action, title_zh, title_en, message_zh, message_en) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id";
    let sql = match backend {
        Backend::Postgres => format!(
            "WITH stored AS ({insert}) SELECT id FROM stored, pg_notify('{CHANNEL}', CAST(id AS TEXT))"
        ),
        Backend::Sqlite => insert.to_owned(),
    };
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(e.at)
        .bind(e.jurisdiction_code.to_owned())
        .bind(e.kind.to_owned())
        .bind(e.stage.clone())
        .bind(e.severity.clone())
        .bind(e.method.map(str::to_owned))
        .bind(e.subject_type.to_owned())
        .bind(e.subject_id.clone())
        .bind(e.check_id.clone())
        .bind(e.action.to_owned())
        .bind(e.title_zh.clone())
        .bind(e.title_en.clone())
        .bind(e.message_zh.clone())
        .bind(e.message_en.clone())
        .fetch_one(&mut *conn)
        .await
}

/// The largest event id (0 when there is none).
pub(crate) async fn max_id(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM events")
        .fetch_one(pool)
        .await
}

/// The next 1000 events after `after` (oldest first), on a connection of the caller's.
pub(crate) async fn next_thousand(
    conn: &mut AnyConnection,
    after: i64,
) -> Result<Vec<MonitorEvent>, sqlx::Error> {
    let rows = sqlx::query_as::<_, EventRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM events WHERE id > $1 ORDER BY id LIMIT 1000"
    )))
    .bind(after)
    .fetch_all(&mut *conn)
    .await?;
    events(rows)
}

/// At most `limit` events after `after` (oldest first).
pub(crate) async fn after(
    pool: &AnyPool,
    after: i64,
    limit: i64,
) -> Result<Vec<MonitorEvent>, sqlx::Error> {
    let rows = sqlx::query_as::<_, EventRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM events WHERE id > $1 ORDER BY id LIMIT $2"
    )))
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    events(rows)
}

/// At most `limit` events of `jurisdiction` after `after` (oldest first).
pub(crate) async fn after_in(
    pool: &AnyPool,
    after: i64,
    jurisdiction: &str,
    limit: i64,
) -> Result<Vec<MonitorEvent>, sqlx::Error> {
    let rows = sqlx::query_as::<_, EventRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM events WHERE id > $1 AND jurisdiction_code = $2 ORDER BY id LIMIT $3"
    )))
    .bind(after)
    .bind(jurisdiction.to_owned())
    .bind(limit)
    .fetch_all(pool)
    .await?;
    events(rows)
}

/// At most `limit` events after `after` up to `upto` (both ids; oldest first).
pub(crate) async fn between(
    pool: &AnyPool,
    after: i64,
    upto: i64,
    limit: i64,
) -> Result<Vec<MonitorEvent>, sqlx::Error> {
    let rows = sqlx::query_as::<_, EventRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3"
    )))
    .bind(after)
    .bind(upto)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    events(rows)
}

/// The latest events (newest first, at most `limit`, capped at 1000) in `scope` that pass the
/// filter's stage, severity, method and district.
pub(crate) async fn recent(
    pool: &AnyPool,
    scope: &JurisdictionFilter,
    filter: &MonitorFilter,
    limit: u32,
) -> Result<Vec<MonitorEvent>, sqlx::Error> {
    let mut sql = format!("SELECT {COLUMNS} FROM events WHERE 1 = 1");
    let mut binds: Vec<String> = Vec::new();
    let mut push = |sql: &mut String, column: &str, value: &str| {
        binds.push(value.to_owned());
        sql.push_str(&format!(" AND {column} = ${}", binds.len()));
    };
    if let JurisdictionFilter::Only(code) = scope {
        push(&mut sql, "jurisdiction_code", code);
    }
    for (column, value) in [
        ("stage", &filter.stage),
        ("severity", &filter.severity),
        ("method", &filter.method),
        ("jurisdiction_code", &filter.district),
    ] {
        if !value.is_empty() {
            push(&mut sql, column, value);
        }
    }
    if filter.before > 0 {
        // A number, written in (the binds are texts).
        sql.push_str(&format!(" AND id < {}", filter.before));
    }
    sql.push_str(&format!(" ORDER BY id DESC LIMIT {}", limit.min(1000)));
    let mut q = sqlx::query_as::<_, EventRow>(sqlx::AssertSqlSafe(sql));
    for b in binds {
        q = q.bind(b);
    }
    events(q.fetch_all(pool).await?)
}
