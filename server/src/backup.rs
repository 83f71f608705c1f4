//! Backups of the embedded SQLite database: `yiwang backup FILE` writes a consistent copy while
//! the platform runs (SQLite's `VACUUM INTO`, which reads one snapshot; writers go on), and
//! `yiwang restore FILE` puts a backup in place of an absent database file, opens it (migrations
//! run), and verifies the audit chain before saying it is done. PostgreSQL deployments use
//! `pg_dump`/`pg_restore` (README).

use std::path::{Path, PathBuf};

use crate::audit::Verified;
use crate::db::{sqlite_file, Backend, Db};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("backup and restore here are for SQLite; for PostgreSQL use pg_dump and pg_restore (README)")]
    NotSqlite,
    #[error("{0} exists already: choose a new file")]
    Exists(PathBuf),
    #[error("{0} is not a SQLite database file")]
    NotADatabase(PathBuf),
    #[error("the path is not valid UTF-8 text")]
    Path,
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
    #[error("database: {0}")]
    Db(#[from] crate::db::DbError),
    #[error("database: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("the restored audit chain is broken: {0}")]
    Chain(crate::audit::Problem),
}

/// Writes a consistent copy of the open SQLite database to `target` (which must not exist).
pub async fn backup(db: &Db, target: &Path) -> Result<u64, BackupError> {
    backup_with(db, target, &crate::progress::Progress::hidden()).await
}

/// [`backup`], showing the bytes written so far against the database's size on `progress`.
pub async fn backup_with(
    db: &Db,
    target: &Path,
    progress: &crate::progress::Progress,
) -> Result<u64, BackupError> {
    if db.backend != Backend::Sqlite {
        return Err(BackupError::NotSqlite);
    }
    if target.exists() {
        return Err(BackupError::Exists(target.to_owned()));
    }
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let path = target.to_str().ok_or(BackupError::Path)?;
    let size = crate::db::maintenance::sqlite_size(&db.pool).await.ok();
    progress.begin("backup", size, 0, crate::progress::Unit::Bytes);
    // VACUUM INTO is one statement: the bar follows the size of the file it writes.
    let watch = progress.is_drawn().then(|| {
        let (progress, target) = (progress.clone(), target.to_owned());
        tokio::spawn(async move {
            loop {
                if let Ok(m) = tokio::fs::metadata(&target).await {
                    progress.set(m.len());
                }
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
        })
    });
    let copied = crate::db::maintenance::sqlite_vacuum_into(&db.pool, path).await;
    if let Some(w) = watch {
        w.abort();
    }
    progress.finish();
    copied?;
    Ok(std::fs::metadata(target)?.len())
}

/// Restores `backup` as the SQLite database of `database_url` (whose file must not exist yet),
/// opens it and verifies the audit chain.
pub async fn restore(backup: &Path, database_url: &str) -> Result<Verified, BackupError> {
    if Backend::from_url(database_url) != Some(Backend::Sqlite) {
        return Err(BackupError::NotSqlite);
    }
    let target = sqlite_file(database_url).ok_or(BackupError::NotSqlite)?;
    if target.exists() {
        return Err(BackupError::Exists(target.to_owned()));
    }
    let mut magic = [0u8; 16];
    {
        use std::io::Read;
        let mut f = std::fs::File::open(backup)?;
        if f.read_exact(&mut magic).is_err() || &magic != b"SQLite format 3\0" {
            return Err(BackupError::NotADatabase(backup.to_owned()));
        }
    }
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    // Copy to a temporary name first, so a failed copy never leaves a half database in place.
    let partial = target.with_extension("restoring");
    std::fs::copy(backup, &partial)?;
    std::fs::rename(&partial, target)?;
    let db = Db::connect(database_url).await?;
    let verified = crate::audit::verify(&db.pool).await?;
    db.pool.close().await;
    match verified.problem.clone() {
        None => Ok(verified),
        Some(p) => Err(BackupError::Chain(p)),
    }
}
