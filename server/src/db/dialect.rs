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

/// A search of the name of the projects aliased `alias` for the text bound as `text` (its `LIKE`
/// pattern bound as `pattern`). On PostgreSQL through the GIN index of the name's characters and
/// character pairs (`name_grams`, migration 0024): one or two characters — 教, 教育, the common
/// case — are found by the index itself, a longer text by its pairs and then `LIKE` (a trigram
/// index would miss one- and two-character texts). On SQLite `LIKE` over the rows.
pub fn name_search(backend: Backend, alias: &str, text: &str, pattern: &str) -> String {
    match backend {
        Backend::Postgres => format!(
            "({alias}.name_grams @> yw_query_grams({text}) AND {alias}.name LIKE {pattern} ESCAPE '\\')"
        ),
        Backend::Sqlite => {
            format!("({text} <> '' AND {alias}.name LIKE {pattern} ESCAPE '\\')")
        }
    }
}
