//! The database: SQLite (embedded, the default) or PostgreSQL (several servers on one database),
//! through sqlx's `Any` driver so every query is written once. Each backend has its own
//! migrations folder; they define the same schema (a test compares them).

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

/// Which database the URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// An open database.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// The URL it was opened with (PostgreSQL: the monitor's LISTEN connection uses it).
    pub url: Option<String>,
    /// Writers take turns here before they take a connection ([`Db::begin_write`]): one at a
    /// time on SQLite, [`POSTGRES_WRITERS`] at a time on PostgreSQL.
    write_turns: Arc<tokio::sync::Semaphore>,
}

/// How many of a server's PostgreSQL connections may write at once ([`Db::begin_write`]).
pub const POSTGRES_WRITERS: usize = 6;

/// A transaction that writes: derefs to the connection, like `sqlx::Transaction`; it holds its
/// write turn until it is committed or dropped (dropping it rolls it back).
pub struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    _turn: tokio::sync::OwnedSemaphorePermit,
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &sqlx::AnyConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported DATABASE_URL (use sqlite://FILE or postgres://…)")]
    Url,
    #[error("cannot create the folder for the database file: {0}")]
    Folder(#[from] std::io::Error),
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// Adds `mode=rwc` to a SQLite URL so the file is created on first start.
fn sqlite_url_creating(url: &str) -> String {
    if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// The file a SQLite URL names, if it names one (not `:memory:`).
pub fn sqlite_file(url: &str) -> Option<&Path> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| Path::new(path))
}

impl Db {
    /// Opens the database and applies the migrations. For SQLite the file and its folder are
    /// created on first start; WAL, foreign keys and a busy timeout are set on every connection.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let original_url = url.to_owned();
        let backend = Backend::from_url(url).ok_or(DbError::Url)?;
        let (url, max) = match backend {
            Backend::Sqlite => {
                if let Some(parent) = sqlite_file(url).and_then(Path::parent) {
                    if !parent.as_os_str().is_empty() {
                        std::fs::create_dir_all(parent)?;
                    }
                }
                (sqlite_url_creating(url), 8)
            }
            Backend::Postgres => (url.to_owned(), 16),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let db = Db {
            pool,
            backend,
            url: Some(original_url),
            write_turns: Arc::new(tokio::sync::Semaphore::new(match backend {
                Backend::Sqlite => 1,
                Backend::Postgres => POSTGRES_WRITERS,
            })),
        };
        db.migrate().await?;
        db.sync_reference_data().await?;
        Ok(db)
    }

    /// Begins a transaction that is going to write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads first and writes later cannot wait
    /// for the lock — when another connection commits in between, its first write fails at once
    /// with `SQLITE_BUSY` (seen under load: bid replacements, declarations and score sheets
    /// answered 503).
    ///
    /// Before that, the writers of this process queue in order for a turn, without holding a
    /// pooled connection. SQLite has one writer at a time anyway, and writers that wait inside
    /// SQLite sleep in its busy handler (up to 100 ms a try), leaving the lock idle while others
    /// queue with the pool's connections held — under the load test (issue 8 point 3) that capped
    /// writes at about 165 a second and timed requests out; other processes (`yiwang backup`, a
    /// second server) still meet the busy timeout. On PostgreSQL every write ends by appending to
    /// the audit chain (one row lock): writers beyond a few wait there with their connections
    /// held, and the pages' reads starved for connections (3–5 s under the load test), so a few
    /// writers ([`POSTGRES_WRITERS`]) run at once and the rest of the pool stays for reads.
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        let turn = self
            .write_turns
            .clone()
            .acquire_owned()
            .await
            .expect("the write turns are never closed");
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(WriteTx { tx, _turn: turn })
    }

    /// Makes sure the reference data of `shared` is in the database: the jurisdictions
    /// (`shared::region::REGIONS`, the one source of them). Existing rows are kept.
    pub async fn sync_reference_data(&self) -> Result<(), DbError> {
        let mut tx = self.pool.begin().await?;
        for r in shared::region::REGIONS {
            let kind = match r.kind {
                shared::region::RegionKind::City => "city",
                shared::region::RegionKind::District => "district",
                shared::region::RegionKind::CountyLevelCity => "county_level_city",
            };
            sqlx::query(
                "INSERT INTO jurisdictions (code, name_zh, name_en, kind, parent_code) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (code) DO NOTHING",
            )
            .bind(r.code.to_owned())
            .bind(r.name.zh.to_owned())
            .bind(r.name.en.to_owned())
            .bind(kind.to_owned())
            .bind(r.parent.map(str::to_owned))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Applies the migrations not yet applied.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }
}

/// Whether an error is a violated unique constraint (SQLite and PostgreSQL alike).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => db.is_unique_violation(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            Backend::from_url("sqlite://data/x.db"),
            Some(Backend::Sqlite)
        );
        assert_eq!(
            Backend::from_url("postgres://h/db"),
            Some(Backend::Postgres)
        );
        assert_eq!(Backend::from_url("mysql://h/db"), None);
        assert_eq!(
            sqlite_file("sqlite://data/x.db?mode=rwc"),
            Some(Path::new("data/x.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(
            sqlite_url_creating("sqlite://a.db"),
            "sqlite://a.db?mode=rwc"
        );
    }
}
