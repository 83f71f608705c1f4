//! Live events for the regulators' monitors. A step stores its events in its own transaction
//! (`append`); on PostgreSQL the insert also notifies channel `yiwang_events` on commit. One
//! dispatcher task per server process reads new events after the last id it saw — woken by a
//! local commit (`EventHub::wake`), by a PostgreSQL notification (so an event stored through
//! another process arrives too), or at the latest every 250 ms — and broadcasts them to the
//! connected monitors, in id order. A monitor that reconnects asks for the events after its last
//! id, so nothing is lost across a network drop.
//!
//! Ids are taken when an event is inserted, not when its transaction commits: on PostgreSQL two
//! steps committing at once may become visible out of order (id 7 before id 6). The dispatcher
//! therefore broadcasts only an unbroken run of ids; at a gap it waits for the missing id (its
//! transaction's commit wakes the dispatcher again) and takes the id for rolled back only after
//! [`GAP_WAIT`]. Monitors read stored events only up to what was broadcast, so none is skipped.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use app::api::monitor::{MonitorEvent, MonitorFilter};
use app::service::monitor::MonitorServices;
use app::service::{BoxFuture, StoreError};
use shared::access::JurisdictionFilter;
use sqlx::AnyConnection;
use tokio::sync::{broadcast, Notify};

use crate::db::{Backend, Db};
use crate::store::Store;

/// The PostgreSQL channel.
pub const CHANNEL: &str = "yiwang_events";
/// Events a monitor may fall behind before it re-reads from the database.
const BUFFER: usize = 4096;
/// The dispatcher reads at least this often even without a wake-up.
const POLL: Duration = Duration::from_millis(250);
/// How long the dispatcher waits for a missing id (a transaction that took it and has not
/// committed yet) before it takes the id for rolled back and broadcasts what follows.
pub const GAP_WAIT: Duration = Duration::from_secs(1);

/// An event about to be stored.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub at: i64,
    pub jurisdiction_code: &'a str,
    pub kind: &'static str,
    pub stage: Option<String>,
    pub severity: Option<String>,
    pub method: Option<&'a str>,
    pub subject_type: &'a str,
    pub subject_id: String,
    pub check_id: Option<String>,
    pub action: &'a str,
    pub title_zh: String,
    pub title_en: String,
    pub message_zh: String,
    pub message_en: String,
}

/// Stores an event in the caller's transaction (and, on PostgreSQL, notifies other processes
/// on commit).
pub(crate) async fn append(conn: &mut AnyConnection, e: &NewEvent<'_>) -> Result<i64, sqlx::Error> {
    crate::db::events::insert_event(conn, e).await
}

/// The process's event fan-out.
#[derive(Clone, Debug)]
pub struct EventHub {
    inner: Arc<HubInner>,
}

#[derive(Debug)]
struct HubInner {
    tx: broadcast::Sender<Arc<MonitorEvent>>,
    wake: Notify,
    started: AtomicBool,
    /// The last id broadcast.
    last: AtomicI64,
    /// How many times the dispatcher met a missing id (see [`EventHub::gaps_met`]).
    gaps: AtomicU64,
}

impl Default for EventHub {
    fn default() -> EventHub {
        let (tx, _) = broadcast::channel(BUFFER);
        EventHub {
            inner: Arc::new(HubInner {
                tx,
                wake: Notify::new(),
                started: AtomicBool::new(false),
                last: AtomicI64::new(0),
                gaps: AtomicU64::new(0),
            }),
        }
    }
}

impl EventHub {
    /// Tells the dispatcher that events were committed here.
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    /// A receiver of new events; starts the dispatcher on first use. Subscribe before reading
    /// the backlog, so nothing falls between the two.
    pub async fn subscribe(&self, db: &Db) -> broadcast::Receiver<Arc<MonitorEvent>> {
        let rx = self.inner.tx.subscribe();
        if !self.inner.started.swap(true, Ordering::SeqCst) {
            let start = crate::db::events::max_id(&db.pool).await.unwrap_or(0);
            self.inner.last.store(start, Ordering::SeqCst);
            tokio::spawn(dispatch(self.clone(), db.clone()));
        }
        rx
    }

    /// How many times the dispatcher met a missing id and had to wait. The step log stores
    /// events after the audit append, so ids are taken in commit order and this stays 0 but
    /// for a write that rolled back after storing events (tested in tests/steplog.rs).
    pub fn gaps_met(&self) -> u64 {
        self.inner.gaps.load(Ordering::SeqCst)
    }

    /// The last id the dispatcher broadcast (events up to it are in the database).
    pub fn last_broadcast(&self) -> i64 {
        self.inner.last.load(Ordering::SeqCst)
    }
}

async fn dispatch(hub: EventHub, db: Db) {
    let mut listener = match (&db.backend, &db.url) {
        (Backend::Postgres, Some(url)) => match sqlx::postgres::PgListener::connect(url).await {
            Ok(mut l) => match l.listen(CHANNEL).await {
                Ok(()) => Some(l),
                Err(e) => {
                    tracing::warn!(error.cause = %e, "LISTEN failed; the monitor polls");
                    None
                }
            },
            Err(e) => {
                tracing::warn!(error.cause = %e, "no LISTEN connection; the monitor polls");
                None
            }
        },
        _ => None,
    };
    // The first missing id and since when it is missing.
    let mut gap: Option<(i64, tokio::time::Instant)> = None;
    let mut own = own_connection(&db).await;
    let mut reconnect_at = tokio::time::Instant::now() + RECONNECT;
    loop {
        let wait = match gap {
            Some((_, since)) => GAP_WAIT.saturating_sub(since.elapsed()).min(POLL),
            None => POLL,
        };
        match listener.as_mut() {
            Some(l) => {
                tokio::select! {
                    _ = hub.inner.wake.notified() => {}
                    n = l.recv() => {
                        if let Err(e) = n {
                            tracing::warn!(error.cause = %e, "LISTEN connection lost; reconnecting");
                            tokio::time::sleep(Duration::from_millis(200)).await;
                        }
                    }
                    _ = tokio::time::sleep(wait) => {}
                }
            }
            None => {
                tokio::select! {
                    _ = hub.inner.wake.notified() => {}
                    _ = tokio::time::sleep(wait) => {}
                }
            }
        }
        if own.is_none() && tokio::time::Instant::now() >= reconnect_at {
            own = own_connection(&db).await;
            reconnect_at = tokio::time::Instant::now() + RECONNECT;
        }
        loop {
            let last = hub.inner.last.load(Ordering::SeqCst);
            let events = match read_after(&mut own, &db, last).await {
                Ok(events) => events,
                Err(e) => {
                    tracing::error!(error.cause = %e, "reading events failed");
                    break;
                }
            };
            let full = events.len() == 1000;
            let mut stopped = false;
            for e in events {
                let expected = hub.inner.last.load(Ordering::SeqCst) + 1;
                if e.id > expected {
                    match gap {
                        Some((id, since)) if id == expected && since.elapsed() >= GAP_WAIT => {
                            tracing::debug!(from = expected, to = e.id - 1, "event ids skipped");
                        }
                        Some((id, _)) if id == expected => {
                            stopped = true;
                            break;
                        }
                        _ => {
                            hub.inner.gaps.fetch_add(1, Ordering::SeqCst);
                            gap = Some((expected, tokio::time::Instant::now()));
                            stopped = true;
                            break;
                        }
                    }
                }
                gap = None;
                hub.inner.last.store(e.id, Ordering::SeqCst);
                // No receivers is fine: nobody is watching.
                let _ = hub.inner.tx.send(Arc::new(e));
            }
            if stopped || !full {
                break;
            }
        }
    }
}

/// How often the dispatcher tries again to open its own connection.
const RECONNECT: Duration = Duration::from_secs(5);

/// The dispatcher's own database connection, so that its reads never queue behind the
/// writers holding the pool's connections (at hundreds of writes a second they all may).
/// `None` (the pool is used) for an in-memory SQLite database or when it cannot connect.
async fn own_connection(db: &Db) -> Option<AnyConnection> {
    let url = db.url.as_deref()?;
    if db.backend == Backend::Sqlite && crate::db::sqlite_file(url).is_none() {
        return None;
    }
    match <AnyConnection as sqlx::Connection>::connect(url).await {
        Ok(c) => Some(c),
        Err(e) => {
            tracing::warn!(error.cause = %e, "the monitor's dispatcher reads through the pool");
            None
        }
    }
}

/// The next events after `after` (at most 1000), on the dispatcher's own connection if it has
/// one (dropped on an error: the pool serves until it reconnects).
async fn read_after(
    own: &mut Option<AnyConnection>,
    db: &Db,
    after: i64,
) -> Result<Vec<MonitorEvent>, sqlx::Error> {
    if let Some(conn) = own.as_mut() {
        match crate::db::events::next_thousand(conn, after).await {
            Ok(events) => return Ok(events),
            Err(e) => {
                tracing::warn!(error.cause = %e, "the monitor's own connection failed; using the pool");
                *own = None;
            }
        }
    }
    events_after(db, after, None, 1000).await
}

/// Events after `after` (oldest first), optionally of one jurisdiction only.
pub async fn events_after(
    db: &Db,
    after: i64,
    jurisdiction: Option<&str>,
    limit: i64,
) -> Result<Vec<MonitorEvent>, sqlx::Error> {
    match jurisdiction {
        None => crate::db::events::after(&db.pool, after, limit).await,
        Some(j) => crate::db::events::after_in(&db.pool, after, j, limit).await,
    }
}

/// Events after `after` up to `upto` (both ids; oldest first).
async fn events_between(
    db: &Db,
    after: i64,
    upto: i64,
    limit: i64,
) -> Result<Vec<MonitorEvent>, sqlx::Error> {
    crate::db::events::between(&db.pool, after, upto, limit).await
}

/// The events a monitor receives after `last`: first those already stored (read again from the
/// database, up to the last id the hub broadcast), then live ones; a gap in the ids or a monitor
/// that fell behind is filled from the database, so none is skipped. Only events in the
/// principal's scope that pass the filter.
pub fn monitor_stream(
    db: Db,
    hub: EventHub,
    rx: broadcast::Receiver<Arc<MonitorEvent>>,
    last: i64,
    principal: shared::access::Principal,
    filter: MonitorFilter,
) -> impl futures_util::Stream<Item = Arc<MonitorEvent>> + Send {
    struct St {
        db: Db,
        hub: EventHub,
        rx: broadcast::Receiver<Arc<MonitorEvent>>,
        last: i64,
        backlog: std::collections::VecDeque<Arc<MonitorEvent>>,
        principal: shared::access::Principal,
        filter: MonitorFilter,
        refill: bool,
    }
    let st = St {
        db,
        hub,
        rx,
        last,
        backlog: Default::default(),
        principal,
        filter,
        refill: true,
    };
    futures_util::stream::unfold(st, |mut st| async move {
        loop {
            if st.refill {
                st.refill = false;
                let upto = st.hub.last_broadcast();
                match events_between(&st.db, st.last, upto, 1000).await {
                    Ok(events) => {
                        st.refill = events.len() == 1000;
                        st.backlog.extend(events.into_iter().map(Arc::new));
                    }
                    Err(e) => {
                        tracing::error!(error.cause = %e, "monitor backlog failed");
                        return None;
                    }
                }
            }
            if let Some(e) = st.backlog.pop_front() {
                if e.id <= st.last {
                    continue;
                }
                st.last = e.id;
                if app::service::monitor::visible(&st.principal, &e) && st.filter.matches(&e) {
                    return Some((e, st));
                }
                continue;
            }
            match st.rx.recv().await {
                Ok(e) if e.id <= st.last => {}
                Ok(e) if e.id == st.last + 1 => st.backlog.push_back(e),
                // A gap (ids skipped by rolled-back inserts, or events broadcast before this
                // monitor subscribed): read from the database.
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => st.refill = true,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    })
}

impl Store {
    async fn recent_events(
        &self,
        scope: &JurisdictionFilter,
        filter: &MonitorFilter,
        limit: u32,
    ) -> Result<Vec<MonitorEvent>, StoreError> {
        crate::db::events::recent(&self.db.pool, scope, filter, limit)
            .await
            .map_err(|e| StoreError::Internal(e.to_string()))
    }
}

impl MonitorServices for Store {
    fn recent<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        filter: &'a MonitorFilter,
        limit: u32,
    ) -> BoxFuture<'a, Result<Vec<MonitorEvent>, StoreError>> {
        Box::pin(self.recent_events(scope, filter, limit))
    }
}
