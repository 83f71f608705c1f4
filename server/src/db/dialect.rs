//! Where SQLite and PostgreSQL differ: the one place that writes SQL per backend.

use super::Backend;

/// The row lock of a read that a write transaction decides on: `FOR UPDATE` on PostgreSQL; on
/// SQLite nothing, as `BEGIN IMMEDIATE` already holds the database's write lock.
pub fn for_update(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    }
}

/// The China-time month (`YYYY-MM`) of a Unix-seconds column, as SQL.
pub fn china_month(backend: Backend, column: &str) -> String {
    match backend {
        Backend::Sqlite => format!("strftime('%Y-%m', {column} + 28800, 'unixepoch')"),
        Backend::Postgres => format!("dashboard_month({column})"),
    }
}

/// The backend a connection speaks (for the callers that hold a connection, not a `Db`).
pub fn backend_of(conn: &sqlx::AnyConnection) -> Backend {
    if conn.backend_name().eq_ignore_ascii_case("postgresql") {
        Backend::Postgres
    } else {
        Backend::Sqlite
    }
}
