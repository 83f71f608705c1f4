//! The database: SQLite (embedded, the default) or PostgreSQL (several servers on one database),
//! through sqlx's `Any` driver so every query is written once. Each backend has its own
//! migrations folder; they define the same schema (a test compares them).
//!
//! The repositories live beside this file, one per aggregate: `projects`, `plans`, `cases`,
//! `triage`, `dashboard`, `ingest` (the ingest API's writes), `ocds` (imports and exports),
//! `accounts` (users, sessions, the login throttle, API keys), `suppliers`, `audit`
//! (the hash chain's storage), `events` (the monitor's), `findings`, `demo` (the demo loader's
//! rows) and `maintenance` (integrity check, backup). They hold the SQL and decode rows through
//! named row types (`#[derive(sqlx::FromRow)]`, columns by name). The repositories behind the
//! web app's services convert a database failure with [`crate::store::internal`]; those of the
//! log, the demo and the CLI keep `sqlx::Error` for their callers. Feature modules
//! (`crate::projects`, `crate::plans`, …) load through them, decide with `shared` and persist
//! through them; they hold no SQL. Where the two dialects differ, the difference is written in
//! [`dialect`].

pub mod accounts;
pub mod agencies;
pub mod audit;
pub mod calendar;
pub mod cases;
pub mod dashboard;
pub mod demo;
pub mod dialect;
pub mod enrolment;
pub mod events;
pub mod findings;
pub mod ingest;
pub mod maintenance;
pub mod ocds;
pub mod plans;
pub mod projects;
pub mod suppliers;
pub mod thresholds;
pub mod triage;
pub mod users;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Connection, Executor};

/// A row a write transaction locks before it decides on what it read: a no-op update, which
/// is a row lock on PostgreSQL and takes the database's write lock on SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lock {
    Project,
    Plan,
    BudgetLine,
    Approval,
    Case,
    Finding,
}

/// Locks row `id` of `what` for the rest of the transaction; whether the row exists.
pub(crate) async fn lock(
    conn: &mut sqlx::AnyConnection,
    what: Lock,
    id: i64,
) -> Result<bool, app::service::StoreError> {
    let sql = match what {
        Lock::Project => "UPDATE projects SET updated_at = updated_at WHERE id = $1",
        Lock::Plan => "UPDATE plans SET status = status WHERE id = $1",
        Lock::BudgetLine => "UPDATE budget_lines SET code = code WHERE id = $1",
        Lock::Approval => "UPDATE approvals SET status = status WHERE id = $1",
        Lock::Case => "UPDATE cases SET title = title WHERE id = $1",
        Lock::Finding => "UPDATE findings SET check_id = check_id WHERE id = $1",
    };
    let done = sqlx::query(sql)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(crate::store::internal)?;
    Ok(done.rows_affected() > 0)
}

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
    /// SQLite's `max_page_count` for this pool's connections ([`Db::set_sqlite_page_limit`]):
    /// 0 = never set (nothing is done), [`NO_PAGE_LIMIT`] = set once, now lifted.
    page_limit: Arc<AtomicU32>,
    /// Whether the database answered lately ([`Db::is_reachable`]).
    health: Arc<Health>,
}

/// When the pool last handed out or opened a connection, and when a probe last failed.
#[derive(Debug)]
struct Health {
    epoch: std::time::Instant,
    /// Milliseconds since `epoch`, plus one (0: never).
    last_ok: AtomicU64,
    last_down: AtomicU64,
    /// One probe at a time; the others wait for its answer.
    probe: tokio::sync::Mutex<()>,
}

impl Health {
    fn new() -> Health {
        Health {
            epoch: std::time::Instant::now(),
            last_ok: AtomicU64::new(0),
            last_down: AtomicU64::new(0),
            probe: tokio::sync::Mutex::new(()),
        }
    }

    fn now(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64 + 1
    }

    fn mark(&self, at: &AtomicU64) {
        at.store(self.now(), Ordering::Release);
    }

    /// Whether `at` was marked within [`HEALTH_FRESH`].
    fn recent(&self, at: &AtomicU64) -> bool {
        let t = at.load(Ordering::Acquire);
        t != 0 && self.now().saturating_sub(t) < HEALTH_FRESH.as_millis() as u64
    }
}

/// How long an observation of the database's health stands before it is probed again.
pub const HEALTH_FRESH: Duration = Duration::from_secs(1);

/// The longest a request waits for a database connection — a free one from the pool, or a new
/// one, including the TCP connect and handshake of PostgreSQL — before it fails: a database that
/// is down or unreachable answers 503 within this time instead of holding the request (issue 14
/// point 12; sqlx's default is 30 s).
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(2);

/// How long `Db::connect` waits at start for a PostgreSQL server that is not up yet.
pub const STARTUP_WAIT: Duration = Duration::from_secs(30);

/// [`Db::page_limit`]: the limit was lifted (SQLite's largest `max_page_count`).
const NO_PAGE_LIMIT: u32 = u32::MAX;

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
    /// A stored calendar year cannot be read or installed (`calendar_years`).
    #[error("the stored holiday calendar is unusable: {0}")]
    Calendar(String),
    /// A stored threshold value cannot be read or installed (`threshold_values`).
    #[error("the stored threshold values are unusable: {0}")]
    Thresholds(String),
    /// The SQLite file exists but is not a database SQLite can read (another file, or a damaged
    /// one): the server must not start on it (issue 14 point 14).
    #[error(
        "{path} is not a usable SQLite database ({cause}). The server does not start on it. \
         Run `yiwang db check` to see what is wrong; to recover, move the file away and restore \
         the latest backup: `yiwang restore BACKUP-FILE` (README, Backups)"
    )]
    NotADatabase { path: PathBuf, cause: String },
    #[error("cannot reach PostgreSQL within {seconds} s: {cause}")]
    Unreachable { seconds: u64, cause: String },
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
        match backend {
            Backend::Sqlite => check_sqlite_file(&original_url, &options).await?,
            Backend::Postgres => wait_for_postgres(&options, STARTUP_WAIT).await?,
        }
        let page_limit = Arc::new(AtomicU32::new(0));
        let connected_limit = page_limit.clone();
        let acquired_limit = page_limit.clone();
        let health = Arc::new(Health::new());
        let (connected, acquired) = (health.clone(), health.clone());
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .after_connect(move |conn, _meta| {
                let limit = connected_limit.load(Ordering::Acquire);
                let health = connected.clone();
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        apply_page_limit(conn, limit).await?;
                    }
                    health.mark(&health.last_ok);
                    Ok(())
                })
            })
            .before_acquire(move |conn, _meta| {
                let limit = acquired_limit.load(Ordering::Acquire);
                // The pool pinged this idle connection before the hook: the database answers.
                acquired.mark(&acquired.last_ok);
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        apply_page_limit(conn, limit).await?;
                    }
                    Ok(true)
                })
            })
            .after_release(|conn, _meta| Box::pin(release_outside_transaction(conn)))
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
            page_limit,
            health,
        };
        db.migrate().await?;
        db.sync_reference_data().await?;
        db.load_calendar().await?;
        db.load_thresholds().await?;
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

    /// Whether the database answers: true at once when the pool handed out or opened a
    /// connection within [`HEALTH_FRESH`] (the usual case under use: no query), false at once
    /// when a probe failed within it; otherwise one probe (a connection from the pool, bounded by
    /// [`ACQUIRE_TIMEOUT`]) decides, and concurrent callers share its answer. The web layer asks
    /// it before rendering a page, so that while the database is down or unreachable a page
    /// answers "temporarily unavailable" (503) instead of rendering empty lists.
    pub async fn is_reachable(&self) -> bool {
        let h = &self.health;
        if h.recent(&h.last_ok) {
            return true;
        }
        if h.recent(&h.last_down) {
            return false;
        }
        let _probe = h.probe.lock().await;
        if h.recent(&h.last_ok) {
            return true;
        }
        if h.recent(&h.last_down) {
            return false;
        }
        match self.pool.acquire().await {
            Ok(_) => {
                h.mark(&h.last_ok);
                true
            }
            Err(e) => {
                tracing::warn!(error.cause = %e, "the database does not answer");
                h.mark(&h.last_down);
                false
            }
        }
    }

    /// Tests only: SQLite's `PRAGMA max_page_count` for every connection of the pool from its
    /// next use on (`None` lifts it), so "database or disk is full" happens on demand without
    /// filling a real disk. Until it is first called, connections are not touched.
    pub fn set_sqlite_page_limit(&self, pages: Option<u32>) {
        let value = pages
            .map(|p| p.clamp(1, NO_PAGE_LIMIT - 1))
            .unwrap_or(NO_PAGE_LIMIT);
        self.page_limit.store(value, Ordering::Release);
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

    /// Seeds the holiday calendar with the shipped years it lacks and installs the stored years
    /// as the calendar in force (`shared::calendar::install`): at start, after an import, and
    /// now and then while serving (another server sharing the database may have loaded a year).
    pub async fn load_calendar(&self) -> Result<(), DbError> {
        let mut conn = self.pool.acquire().await?;
        calendar::seed(&mut conn, crate::store::now_unix()).await?;
        let rows = calendar::years(&mut conn).await?;
        let mut years = Vec::with_capacity(rows.len());
        for r in rows {
            match shared::calendar::YearData::parse(&r.data_json) {
                Ok(y) => years.push(y),
                Err(e) => return Err(DbError::Calendar(format!("{}: {e}", r.year))),
            }
        }
        shared::calendar::install(&years).map_err(|e| DbError::Calendar(e.to_string()))
    }

    /// Installs the built-in thresholds with the values the bureau keeps as the table in force
    /// (`shared::thresholds::install_kept`): at start, after an entry, and now and then while
    /// serving (another server may have stored one).
    pub async fn load_thresholds(&self) -> Result<(), DbError> {
        let mut conn = self.pool.acquire().await?;
        let rows = thresholds::all(&mut conn).await?;
        let mut kept = Vec::with_capacity(rows.len());
        for r in &rows {
            kept.push(
                r.value()
                    .map_err(|e| DbError::Thresholds(format!("{}: {e}", r.id)))?,
            );
        }
        shared::thresholds::install_kept(&kept).map_err(|e| DbError::Thresholds(e.to_string()))
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

/// The pool's `after_release` hook: a connection goes back to the pool only outside a
/// transaction. When a statement or the COMMIT of a SQLite transaction fails with
/// `SQLITE_FULL` or `SQLITE_IOERR` (disk full), SQLite rolls the transaction back itself; the
/// ROLLBACK that sqlx queues when the transaction is dropped then fails ("no transaction is
/// active") and sqlx's transaction depth of that connection stays above 0 for good — every later
/// `BEGIN` on it failed with "attempted to call begin_with at non-zero transaction depth", and
/// writes never recovered once space was free (issue 14 point 11). Such a connection is closed
/// here; the pool opens a fresh one when it needs one. The usual case costs one check.
async fn release_outside_transaction(conn: &mut sqlx::AnyConnection) -> Result<bool, sqlx::Error> {
    if !conn.is_in_transaction() {
        return Ok(true);
    }
    // A rollback queued by a dropped transaction runs before the ping returns (SQLite runs
    // the connection's commands in order on its worker thread).
    conn.ping().await?;
    if conn.is_in_transaction() {
        tracing::warn!("a database connection was left inside a transaction (a failed commit or statement): closed");
        return Ok(false);
    }
    Ok(true)
}

/// Sets `max_page_count` when [`Db::set_sqlite_page_limit`] was used (0: never, nothing done).
async fn apply_page_limit(conn: &mut sqlx::AnyConnection, limit: u32) -> Result<(), sqlx::Error> {
    if limit == 0 {
        return Ok(());
    }
    let pages = if limit == NO_PAGE_LIMIT {
        4_294_967_294 // SQLite's largest; older versions take their own largest
    } else {
        u64::from(limit)
    };
    conn.execute(sqlx::AssertSqlSafe(format!(
        "PRAGMA max_page_count = {pages}"
    )))
    .await?;
    Ok(())
}

/// SQLite's primary result codes for a file that is not a database / a damaged one.
const SQLITE_CORRUPT: i64 = 11;
const SQLITE_NOTADB: i64 = 26;

/// The primary SQLite result code of an error, if it is one.
fn sqlite_code(error: &sqlx::Error) -> Option<i64> {
    match error {
        sqlx::Error::Database(db) => db
            .code()
            .and_then(|c| c.parse::<i64>().ok())
            .map(|c| c & 0xff),
        _ => None,
    }
}

/// Whether an error says the file is no SQLite database at all.
pub fn is_not_a_database(error: &sqlx::Error) -> bool {
    sqlite_code(error) == Some(SQLITE_NOTADB)
}

/// Whether an error says the SQLite file is not a database or is damaged.
pub fn is_damaged_sqlite(error: &sqlx::Error) -> bool {
    matches!(sqlite_code(error), Some(SQLITE_CORRUPT | SQLITE_NOTADB))
}

/// Before the pool opens an existing SQLite file: one connection reads its header and schema,
/// so a file that is not a database (or whose schema is damaged) stops the start at once with
/// its path, instead of the pool retrying it (issue 14 point 14). Damage elsewhere in the file
/// shows in the queries that meet it; `yiwang db check` reads every page.
async fn check_sqlite_file(url: &str, options: &AnyConnectOptions) -> Result<(), DbError> {
    let Some(path) = sqlite_file(url) else {
        return Ok(());
    };
    if !path.exists() {
        return Ok(());
    }
    let damaged = |e: &sqlx::Error| DbError::NotADatabase {
        path: path.to_owned(),
        cause: match e {
            sqlx::Error::Database(db) => db.message().to_owned(),
            other => other.to_string(),
        },
    };
    let mut conn = match sqlx::AnyConnection::connect_with(options).await {
        Ok(conn) => conn,
        Err(e) if is_damaged_sqlite(&e) => return Err(damaged(&e)),
        Err(e) => return Err(e.into()),
    };
    let read = sqlx::query("SELECT COUNT(*) FROM sqlite_master")
        .fetch_one(&mut conn)
        .await;
    let _ = conn.close().await;
    match read {
        Ok(_) => Ok(()),
        Err(e) if is_damaged_sqlite(&e) => Err(damaged(&e)),
        Err(e) => Err(e.into()),
    }
}

/// At start, waits up to `wait` for PostgreSQL to accept a connection (a server starting at the
/// same time), each try bounded by twice [`ACQUIRE_TIMEOUT`]; then says why it could not.
async fn wait_for_postgres(options: &AnyConnectOptions, wait: Duration) -> Result<(), DbError> {
    let started = std::time::Instant::now();
    let mut warned = false;
    loop {
        let error = match tokio::time::timeout(
            ACQUIRE_TIMEOUT * 2,
            sqlx::AnyConnection::connect_with(options),
        )
        .await
        {
            Ok(Ok(conn)) => {
                let _ = conn.close().await;
                return Ok(());
            }
            Ok(Err(e)) => {
                // A refused login, a missing database: waiting does not help ("starting up" does).
                let hopeless = match &e {
                    sqlx::Error::Database(db) => !db.is_transient_in_connect_phase(),
                    sqlx::Error::Configuration(_) => true,
                    _ => false,
                };
                if hopeless {
                    return Err(e.into());
                }
                e.to_string()
            }
            Err(_) => "no answer (connect timed out)".to_owned(),
        };
        if started.elapsed() >= wait {
            return Err(DbError::Unreachable {
                seconds: wait.as_secs(),
                cause: error,
            });
        }
        if !warned {
            tracing::warn!(cause = %error, "waiting for PostgreSQL");
            warned = true;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// Whether an error is a violated unique constraint (SQLite and PostgreSQL alike).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => db.is_unique_violation(),
        _ => false,
    }
}

/// The `LIMIT … OFFSET …` of one page of a list (`per_page`, 1-based `page`; both at least 1),
/// or nothing for all rows (an export).
/// A list's rows and how many match: the page's count as the query counted it, or all the rows
/// when they were read whole (`page` is `None`: an export).
pub(crate) fn counted<T>(rows: Vec<T>, page: Option<(u32, u32)>, total: i64) -> (Vec<T>, i64) {
    let total = if page.is_none() {
        rows.len() as i64
    } else {
        total
    };
    (rows, total)
}

pub(crate) fn page_clause(page: Option<(u32, u32)>) -> String {
    match page {
        Some((per_page, page)) => format!(
            " LIMIT {} OFFSET {}",
            per_page.max(1),
            u64::from(page.max(1) - 1) * u64::from(per_page.max(1))
        ),
        None => String::new(),
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
