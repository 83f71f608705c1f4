//! The maintenance repository: the statements of `yiwang db check` and `yiwang backup`, both
//! SQLite's own (their callers check the backend first; PostgreSQL checks its own pages and is
//! backed up with `pg_dump`).

use sqlx::AnyPool;

/// SQLite's `PRAGMA integrity_check` over every page of the file: its lines (`ok` alone when
/// the file is sound; a line that cannot be read as text is left out).
pub(crate) async fn sqlite_integrity_check(pool: &AnyPool) -> Result<Vec<String>, sqlx::Error> {
    use sqlx::Row;
    let rows = sqlx::query("PRAGMA integrity_check")
        .fetch_all(pool)
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| r.try_get::<String, _>(0).ok())
        .collect())
}

/// The size of the open SQLite database in bytes (its pages).
pub(crate) async fn sqlite_size(pool: &AnyPool) -> Result<u64, sqlx::Error> {
    use sqlx::Row;
    let count: i64 = sqlx::query("PRAGMA page_count")
        .fetch_one(pool)
        .await?
        .try_get(0)?;
    let size: i64 = sqlx::query("PRAGMA page_size")
        .fetch_one(pool)
        .await?
        .try_get(0)?;
    Ok((count.max(0) as u64).saturating_mul(size.max(0) as u64))
}

/// Writes a consistent copy of the SQLite database to the file at `path` (`VACUUM INTO`, which
/// reads one snapshot while writers go on).
pub(crate) async fn sqlite_vacuum_into(pool: &AnyPool, path: &str) -> Result<(), sqlx::Error> {
    sqlx::query("VACUUM INTO $1")
        .bind(path.to_owned())
        .execute(pool)
        .await?;
    Ok(())
}
