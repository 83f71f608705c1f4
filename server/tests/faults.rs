//! Faults the platform must survive (issue 14 points 11–14):
//!
//! - **Disk full** (SQLite): `PRAGMA max_page_count` makes "database or disk is full" happen on
//!   demand. Writes through the ingest API fill the file until they answer 503; the limit is
//!   lifted; the next writes succeed within seconds (a failed commit used to leave its pooled
//!   connection inside a transaction for good, and writes answered 503 until a restart). Every
//!   acknowledged write is stored once, none of the refused ones is, their retries with the same
//!   Idempotency-Key store them, and the audit chain verifies.
//! - **Database down** (PostgreSQL, behind a TCP relay the test stops and starts): an API request
//!   answers 503 with `Retry-After` within 3 s, a page answers a 503 page that says so, both when
//!   the server refuses connections and when it accepts them and never answers; both recover by
//!   themselves when it is back.
//! - **Slow clients**: a connection that sends half a request is closed after the header
//!   timeout (the real binary, `YIWANG_HEADER_TIMEOUT_SECS=1`), while a full request on another
//!   connection is answered; a streamed answer is not cut by the request timeout while it flows,
//!   a client that takes none of it is cut after the send timeout; the connection cap holds.
//! - **Damaged file**: a SQLite file that is not a database stops `Db::connect` and `yiwang
//!   serve` at once with its path and a hint; `yiwang db check` finds a damaged page and a
//!   changed audit record, and passes a good database (both databases).

mod common;

use std::collections::BTreeSet;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request};
use common::TestDb;
use serde_json::{json, Value};
use server::auth::NewUser;
use server::db::{Backend, Db};
use server::ingest::keys;
use server::store::{now_unix, Store};
use shared::access::Role;
use sqlx::Row;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

// ---------------------------------------------------------------------------------------------
// Shared helpers

/// A purchaser unit in 天宁区; its id.
async fn unit(db: &Db) -> i64 {
    let mut rng = server::demo::Rng::new(7001);
    let code = server::demo::credit_code(&mut rng, "320402")
        .as_str()
        .to_owned();
    sqlx::query(
        "INSERT INTO organisations (kind, name, credit_code, jurisdiction_code, created_at) \
         VALUES ('purchaser', '故障测试预算单位', $1, '320402', 0) RETURNING id",
    )
    .bind(code)
    .fetch_one(&db.pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap()
}

fn budget_line(unit: i64, n: usize) -> Value {
    json!({
        "unit": unit.to_string(),
        "fiscal_year": 2026,
        "code": format!("FAULT-{n:05}"),
        "name": "磁盘写满测试指标：计算机设备购置（用于填满数据库文件的较长名称）",
        "approved_amount": 100_000 + n as i64,
    })
}

/// An ingest POST through the router (a machine: no Origin, no cookie).
async fn ingest(
    router: &axum::Router,
    key: &str,
    idem: &str,
    body: &Value,
) -> common::TestResponse {
    let body = body.to_string();
    let request = Request::post("/api/v1/budget-lines")
        .header(header::HOST, common::HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, body.len())
        .header(header::AUTHORIZATION, format!("Bearer {key}"))
        .header("idempotency-key", idem)
        .body(Body::from(body))
        .unwrap();
    common::send(router, request).await
}

async fn scalar(pool: &sqlx::AnyPool, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

fn router_for(store: Store) -> axum::Router {
    let options = server::web::leptos_options(
        std::path::Path::new("target/site"),
        "127.0.0.1:3000".parse().unwrap(),
    );
    server::web::router(options, store)
}

// ---------------------------------------------------------------------------------------------
// 11. Disk full (SQLite)

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_disk_was_full_writes_resume_and_nothing_acknowledged_is_lost() {
    let t = TestDb::new(Backend::Sqlite).await;
    let unit = unit(&t.db).await;
    let key = keys::create_key(&t.db, "finance", "320400", "budget_line", now_unix())
        .await
        .unwrap()
        .key;
    let router = t.router();
    let mut acknowledged = BTreeSet::new();
    let mut refused = Vec::new();
    let mut n = 0usize;
    for _ in 0..10 {
        n += 1;
        let r = ingest(&router, &key, &format!("w-{n}"), &budget_line(unit, n)).await;
        assert_eq!(r.status, 201, "{}", r.body);
        acknowledged.insert(n);
    }

    // Fill: a few pages more than the file has, then write until the writes are refused.
    let pages = scalar(&t.db.pool, "PRAGMA page_count").await;
    t.db.set_sqlite_page_limit(Some(pages as u32 + 6));
    let mut refused_in_a_row = 0;
    while refused_in_a_row < 12 {
        n += 1;
        assert!(n < 3000, "the page limit never filled the database");
        let r = ingest(&router, &key, &format!("w-{n}"), &budget_line(unit, n)).await;
        match r.status {
            201 => {
                acknowledged.insert(n);
                refused_in_a_row = 0;
            }
            503 => {
                refused_in_a_row += 1;
                let body: Value = serde_json::from_str(&r.body).unwrap();
                assert_eq!(body["error"], "unavailable", "{}", r.body);
                assert!(
                    r.headers.contains_key(header::RETRY_AFTER),
                    "a 503 says when to retry"
                );
                refused.push(n);
            }
            other => panic!("write {n}: {other} {}", r.body),
        }
    }
    let full_at = acknowledged.len();

    // Space again: the next writes succeed within seconds, every one of them.
    t.db.set_sqlite_page_limit(None);
    let freed = Instant::now();
    let recovered = loop {
        n += 1;
        let r = ingest(&router, &key, &format!("w-{n}"), &budget_line(unit, n)).await;
        if r.status == 201 {
            acknowledged.insert(n);
            break freed.elapsed();
        }
        refused.push(n);
        assert!(
            freed.elapsed() < Duration::from_secs(10),
            "writes did not resume after space was freed: {} {}",
            r.status,
            r.body
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    for _ in 0..40 {
        n += 1;
        let r = ingest(&router, &key, &format!("w-{n}"), &budget_line(unit, n)).await;
        assert_eq!(r.status, 201, "write {n} after recovery: {}", r.body);
        acknowledged.insert(n);
    }

    // Nothing acknowledged lost, nothing refused stored.
    let stored: BTreeSet<usize> =
        sqlx::query("SELECT code FROM budget_lines WHERE code LIKE 'FAULT-%'")
            .fetch_all(&t.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| {
                r.try_get::<String, _>(0).unwrap()[6..]
                    .parse::<usize>()
                    .unwrap()
            })
            .collect();
    assert_eq!(
        stored, acknowledged,
        "exactly the acknowledged writes are stored"
    );
    // The refused writes, retried with their Idempotency-Keys, are stored now (once).
    for &m in &refused {
        let r = ingest(&router, &key, &format!("w-{m}"), &budget_line(unit, m)).await;
        assert_eq!(r.status, 201, "retry of {m}: {}", r.body);
    }
    let lines = scalar(
        &t.db.pool,
        "SELECT COUNT(*) FROM budget_lines WHERE code LIKE 'FAULT-%'",
    )
    .await;
    assert_eq!(lines as usize, acknowledged.len() + refused.len());
    let v = server::audit::verify(&t.db.pool).await.unwrap();
    assert_eq!(v.problem, None, "the audit chain verifies");
    println!(
        "disk full (SQLite): {full_at} writes acknowledged before full, {} refused (503) while full, \
         writes resumed {:.2} s after space was freed, {} acknowledged in all, 0 lost; \
         audit chain intact ({} records)",
        refused.len(),
        recovered.as_secs_f64(),
        acknowledged.len(),
        v.records
    );
    t.cleanup().await;
}

// ---------------------------------------------------------------------------------------------
// 12. Database down (PostgreSQL)

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Up,
    /// Nothing listens: connections are refused (the server is stopped).
    Refusing,
    /// Connections are accepted and never answered (a network that drops packets).
    Silent,
}

/// A TCP relay in front of PostgreSQL that the test can stop and start.
struct Relay {
    port: u16,
    upstream: std::net::SocketAddr,
    state: Arc<Mutex<RelayState>>,
}

struct RelayState {
    mode: Mode,
    accept: Option<tokio::task::JoinHandle<()>>,
    connections: Vec<tokio::task::JoinHandle<()>>,
}

impl Relay {
    async fn start(upstream: std::net::SocketAddr) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let relay = Relay {
            port,
            upstream,
            state: Arc::new(Mutex::new(RelayState {
                mode: Mode::Up,
                accept: None,
                connections: Vec::new(),
            })),
        };
        relay.listen(listener);
        relay
    }

    fn listen(&self, listener: TcpListener) {
        let state = self.state.clone();
        let upstream = self.upstream;
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    continue;
                };
                let mode = state.lock().unwrap().mode;
                let connection = tokio::spawn(async move {
                    if mode == Mode::Silent {
                        // Hold the connection, answer nothing.
                        let mut sink = [0u8; 1024];
                        while let Ok(n) = client.read(&mut sink).await {
                            if n == 0 {
                                break;
                            }
                        }
                        return;
                    }
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                state.lock().unwrap().connections.push(connection);
            }
        });
        self.state.lock().unwrap().accept = Some(task);
    }

    /// Cuts every relayed connection (as a server that stops or a network that breaks does).
    fn cut(&self) {
        let mut s = self.state.lock().unwrap();
        for c in s.connections.drain(..) {
            c.abort();
        }
    }

    async fn set(&self, mode: Mode) {
        let listening = self.state.lock().unwrap().accept.is_some();
        self.cut();
        match mode {
            Mode::Refusing => {
                if let Some(a) = self.state.lock().unwrap().accept.take() {
                    a.abort();
                }
                // The aborted task drops the listener: connections are refused from now on.
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Mode::Up | Mode::Silent => {
                self.state.lock().unwrap().mode = mode;
                if !listening {
                    let listener = TcpListener::bind(("127.0.0.1", self.port)).await.unwrap();
                    self.listen(listener);
                }
            }
        }
        self.state.lock().unwrap().mode = mode;
    }
}

/// One round of requests while the database is away: the API and a page answer 503 fast.
async fn requests_while_down(
    router: &axum::Router,
    key: &str,
    session: &str,
    unit: i64,
    what: &str,
) {
    let started = Instant::now();
    let api = ingest(
        router,
        key,
        &format!("down-{what}"),
        &budget_line(unit, 9000),
    )
    .await;
    let api_seconds = started.elapsed().as_secs_f64();
    assert_eq!(api.status, 503, "{what}: API {}", api.body);
    assert_eq!(
        api.headers
            .get(header::RETRY_AFTER)
            .map(|v| v.to_str().unwrap()),
        Some("5"),
        "{what}: the API's 503 says when to retry"
    );
    assert!(
        api_seconds < 3.0,
        "{what}: the API answered after {api_seconds:.2} s"
    );

    let started = Instant::now();
    let page = common::send(
        router,
        Request::get("/plans")
            .header(header::HOST, common::HOST)
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::COOKIE, format!("yiwang_session={session}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let page_seconds = started.elapsed().as_secs_f64();
    assert_eq!(page.status, 503, "{what}: page {}", page.body);
    assert!(
        page.body.contains("服务暂时不可用"),
        "{what}: {}",
        page.body
    );
    assert!(
        page.body.contains("temporarily unavailable"),
        "{what}: {}",
        page.body
    );
    assert!(page
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.to_str().unwrap().starts_with("text/html")));
    assert!(page.headers.contains_key(header::RETRY_AFTER));
    assert!(
        page.headers.contains_key(header::CONTENT_SECURITY_POLICY),
        "the page has the security headers"
    );
    assert!(
        page_seconds < 3.0,
        "{what}: the page answered after {page_seconds:.2} s"
    );

    // Pages of a visitor who is not signed in (they read the database too).
    for path in ["/suppliers", "/"] {
        let started = Instant::now();
        let anonymous = common::send(
            router,
            Request::get(path)
                .header(header::HOST, common::HOST)
                .header(header::ACCEPT, "text/html")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(anonymous.status, 503, "{what}: {path}");
        assert!(
            anonymous.body.contains("temporarily unavailable"),
            "{what}: {path}"
        );
        assert!(started.elapsed() < Duration::from_secs(3), "{what}: {path}");
    }

    // A server function of a signed-in page: 503 with Retry-After too.
    let started = Instant::now();
    let call = common::post_json_as(
        router,
        "/api/list_suppliers",
        json!({"q": "", "page": 1}),
        Some(session),
    )
    .await;
    assert_eq!(call.status, 503, "{what}: server function {}", call.body);
    assert!(call.headers.contains_key(header::RETRY_AFTER));
    assert!(started.elapsed() < Duration::from_secs(3));
    println!(
        "database down ({what}): API 503 in {api_seconds:.2} s, page 503 in {page_seconds:.2} s"
    );
}

/// Requests after the database is back: the first ones succeed.
async fn requests_recover(
    router: &axum::Router,
    key: &str,
    session: &str,
    unit: i64,
    n: usize,
    what: &str,
) {
    let back = Instant::now();
    let api = ingest(router, key, &format!("up-{n}"), &budget_line(unit, n)).await;
    assert_eq!(api.status, 201, "{what}: API after recovery {}", api.body);
    let page = common::get_as(router, "/plans", session).await;
    assert_eq!(page.status, 200, "{what}: page after recovery");
    println!(
        "database back ({what}): API and page answered normally after {:.2} s",
        back.elapsed().as_secs_f64()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_postgres_is_unreachable_requests_fail_fast_and_recover_by_themselves() {
    let t = TestDb::new(Backend::Postgres).await;
    let upstream = {
        let rest = t.url.strip_prefix("postgres://").unwrap();
        let hostport = rest.split('@').nth(1).unwrap().split('/').next().unwrap();
        tokio::net::lookup_host(hostport)
            .await
            .unwrap()
            .next()
            .unwrap()
    };
    let relay = Relay::start(upstream).await;
    let relayed_url = t
        .url
        .replace(
            &format!("@{}", upstream),
            &format!("@127.0.0.1:{}", relay.port),
        )
        .replace("@localhost:5432", &format!("@127.0.0.1:{}", relay.port));
    assert!(
        relayed_url.contains(&relay.port.to_string()),
        "{relayed_url}"
    );
    let db = Db::connect(&relayed_url).await.unwrap();
    let store = Store::new(db.clone());
    let unit = unit(&db).await;
    let key = keys::create_key(&db, "finance", "320400", "budget_line", now_unix())
        .await
        .unwrap()
        .key;
    let user = store
        .create_user(
            &NewUser {
                username: "fault_tester".into(),
                display_name: "故障测试".into(),
                role: Role::Purchaser,
                organisation_id: Some(unit),
                supplier_id: None,
                password: server::demo::DEMO_PASSWORD.into(),
            },
            now_unix(),
        )
        .await
        .unwrap();
    let session = store.create_session(user, now_unix()).await.unwrap();
    let router = router_for(store);
    requests_recover(&router, &key, &session, unit, 1, "before").await;

    relay.set(Mode::Refusing).await;
    requests_while_down(&router, &key, &session, unit, "connections refused").await;
    requests_while_down(&router, &key, &session, unit, "connections refused, again").await;
    relay.set(Mode::Up).await;
    requests_recover(&router, &key, &session, unit, 2, "after refusing").await;

    relay.set(Mode::Silent).await;
    requests_while_down(&router, &key, &session, unit, "no answer").await;
    relay.set(Mode::Up).await;
    requests_recover(&router, &key, &session, unit, 3, "after silence").await;

    db.pool.close().await;
    relay.cut();
    t.cleanup().await;
}

// ---------------------------------------------------------------------------------------------
// 13. Slow clients

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn yiwang(url: &str) -> tokio::process::Command {
    let mut c = tokio::process::Command::new(env!("CARGO_BIN_EXE_yiwang"));
    c.env("DATABASE_URL", url)
        .env("RUST_LOG", "error")
        .env("YIWANG_SITE", "target/site")
        .stdin(Stdio::null())
        .kill_on_drop(true);
    c
}

/// Reads until the server closes the connection; the bytes read (an error counts as closed).
async fn read_until_closed(s: &mut TcpStream, limit: Duration) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(out),
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_closes_a_connection_that_sends_half_a_request() {
    let t = TestDb::new(Backend::Sqlite).await;
    let port = free_port();
    let mut child = yiwang(&t.url)
        .arg("serve")
        .env("YIWANG_ADDR", format!("127.0.0.1:{port}"))
        .env("YIWANG_DEMO", "0")
        .env("YIWANG_HEADER_TIMEOUT_SECS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start yiwang");
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "yiwang did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Half a request, and a connection that sends nothing at all.
    let mut half = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .unwrap();
    let mut silent = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let opened = Instant::now();
    // Meanwhile a full request on another connection is answered.
    let mut full = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    full.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let answer = read_until_closed(&mut full, Duration::from_secs(10))
        .await
        .expect("the full request is answered");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("ok"), "{answer}");
    for (name, s) in [("half a request", &mut half), ("nothing", &mut silent)] {
        let closed = read_until_closed(s, Duration::from_secs(6)).await;
        let after = opened.elapsed().as_secs_f64();
        assert!(
            closed.is_some(),
            "a connection that sent {name} is still open after {after:.1} s"
        );
        assert!(after >= 0.9, "closed too early ({after:.2} s)");
        println!(
            "slow client ({name}): closed by the server after {after:.2} s (header timeout 1 s)"
        );
    }
    child.kill().await.ok();
    t.cleanup().await;
}

/// A router with the production request timeout's layer (1 s here): a stream that sends every
/// 200 ms for 2 s, an endless stream, and a handler that takes 2 s.
fn streaming_router() -> axum::Router {
    use axum::routing::get;
    let stream = || async {
        let chunks = futures_util::stream::unfold(0u32, |i| async move {
            if i == 10 {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
            Some((Ok::<_, std::io::Error>(format!("data: {i}\n\n")), i + 1))
        });
        Body::from_stream(chunks)
    };
    let endless = || async {
        let chunk = axum::body::Bytes::from(vec![b'x'; 64 * 1024]);
        Body::from_stream(futures_util::stream::repeat_with(move || {
            Ok::<_, std::io::Error>(chunk.clone())
        }))
    };
    axum::Router::new()
        .route("/stream", get(stream))
        .route("/endless", get(endless))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(2)).await;
                "late"
            }),
        )
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(1),
        ))
}

async fn get_raw(port: u16, path: &str) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await
    .unwrap();
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_flow_past_the_request_timeout_stalled_readers_are_cut_and_connections_are_capped()
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let limits = server::serve::Limits {
        header_read_timeout: Duration::from_secs(3),
        send_timeout: Duration::from_secs(1),
        max_connections: 3,
    };
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(server::serve::serve_listener(
        listener,
        streaming_router(),
        limits,
        async move {
            let _ = stop_rx.await;
        },
    ));

    // The request timeout answers a slow handler 408 ...
    let mut slow = get_raw(port, "/slow").await;
    let answer = read_until_closed(&mut slow, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 408"));
    // ... but does not cut a stream that flows for twice as long.
    let started = Instant::now();
    let mut stream = get_raw(port, "/stream").await;
    let answer = read_until_closed(&mut stream, Duration::from_secs(10))
        .await
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("data: 9"), "every event arrived: {answer}");
    println!(
        "stream: 10 events over {:.2} s, not cut by the 1 s request timeout",
        started.elapsed().as_secs_f64()
    );

    // A client that takes none of an endless answer is cut after the send timeout.
    let mut stalled = get_raw(port, "/endless").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let taken = read_until_closed(&mut stalled, Duration::from_secs(5))
        .await
        .expect("a stalled reader is cut");
    println!(
        "stalled reader: cut after the send timeout ({} KiB were in the socket buffers)",
        taken.len() / 1024
    );

    // The connection cap: 3 idle connections take every slot; a 4th waits until one closes.
    let idle: Vec<TcpStream> =
        futures_util::future::join_all((0..3).map(|_| TcpStream::connect(("127.0.0.1", port))))
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut fourth = get_raw(port, "/stream").await;
    let mut first = [0u8; 1];
    assert!(
        tokio::time::timeout(Duration::from_millis(1000), fourth.read(&mut first))
            .await
            .is_err(),
        "the fourth connection is not served while three are open"
    );
    drop(idle);
    let answer = read_until_closed(&mut fourth, Duration::from_secs(10))
        .await
        .unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));

    stop_tx.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(15), server)
        .await
        .expect("graceful shutdown")
        .unwrap()
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// 14. A damaged database file

fn temp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join("yiwang-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{}-{}-{name}", std::process::id(), now_unix()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_that_is_not_a_database_stops_the_start_at_once() {
    let path = temp_path("garbage.db");
    std::fs::write(
        &path,
        "this is not a database, only text that was put where one was expected\n".repeat(200),
    )
    .unwrap();
    let url = format!("sqlite://{}", path.display());

    let started = Instant::now();
    let e = Db::connect(&url)
        .await
        .expect_err("a text file is no database");
    let seconds = started.elapsed().as_secs_f64();
    let message = e.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("yiwang restore"), "{message}");
    assert!(seconds < 2.0, "Db::connect took {seconds:.2} s");

    // The binary stops at once too, with the path and the hint.
    let started = Instant::now();
    let out = yiwang(&url)
        .arg("serve")
        .env("YIWANG_ADDR", format!("127.0.0.1:{}", free_port()))
        .env("YIWANG_DEMO", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .await
        .unwrap();
    let serve_seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains(&path.display().to_string()), "{stderr}");
    assert!(stderr.contains("yiwang restore"), "{stderr}");
    assert!(
        serve_seconds < 5.0,
        "yiwang serve took {serve_seconds:.2} s to stop"
    );
    // The file is left as it was.
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with("this is not a database"));

    // `yiwang db check` says so (exit code 1).
    let out = yiwang(&url).args(["db", "check"]).output().await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("not a usable SQLite database"), "{stdout}");
    println!("damaged file: Db::connect refused it in {seconds:.2} s, `yiwang serve` stopped in {serve_seconds:.2} s:\n{stderr}");
    let _ = std::fs::remove_file(&path);
}

/// Some history with audit records: budget lines written through the ingest API.
async fn history(t: &TestDb) {
    let unit = unit(&t.db).await;
    let key = keys::create_key(&t.db, "finance", "320400", "budget_line", now_unix())
        .await
        .unwrap()
        .key;
    let router = t.router();
    for n in 0..30 {
        let r = ingest(&router, &key, &format!("h-{n}"), &budget_line(unit, n)).await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
}

async fn db_check_passes_a_good_database_and_finds_a_changed_audit_record(t: &TestDb) {
    history(t).await;
    let good = server::cli::db_check(&t.url).await;
    assert!(good.healthy, "{}", good.text);
    assert!(good.text.contains("audit chain intact"), "{}", good.text);
    match t.db.backend {
        Backend::Sqlite => assert!(good.text.contains("integrity check: ok"), "{}", good.text),
        Backend::Postgres => assert!(
            good.text.contains("PostgreSQL checks its own pages"),
            "{}",
            good.text
        ),
    }
    // Someone with access to the database changes a stored audit record.
    let drops: &[&str] = match t.db.backend {
        Backend::Sqlite => &["DROP TRIGGER audit_log_no_update"],
        Backend::Postgres => &["DROP TRIGGER audit_log_no_change ON audit_log"],
    };
    for sql in drops {
        sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&t.db.pool)
            .await
            .unwrap();
    }
    sqlx::query(
        "UPDATE audit_log SET subject_id = 'forged' WHERE id = (SELECT MAX(id) FROM audit_log)",
    )
    .execute(&t.db.pool)
    .await
    .unwrap();
    let bad = server::cli::db_check(&t.url).await;
    assert!(!bad.healthy, "{}", bad.text);
    assert!(bad.text.contains("audit chain BROKEN"), "{}", bad.text);
}
on_both_databases!(db_check_passes_a_good_database_and_finds_a_changed_audit_record);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn db_check_finds_a_damaged_page() {
    let t = TestDb::new(Backend::Sqlite).await;
    history(&t).await;
    let path = server::db::sqlite_file(&t.url).unwrap().to_owned();
    // Everything into the main file, then close it.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&t.db.pool)
        .await
        .unwrap();
    let page_size = scalar(&t.db.pool, "PRAGMA page_size").await as u64;
    let pages = scalar(&t.db.pool, "PRAGMA page_count").await as u64;
    let root: i64 = scalar(
        &t.db.pool,
        "SELECT rootpage FROM sqlite_master WHERE name = 'budget_lines'",
    )
    .await;
    t.db.pool.close().await;
    assert!(pages > 4);
    // Scribble over the budget lines' table page (not page 1: the header and schema stay).
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.seek(SeekFrom::Start((root as u64 - 1) * page_size))
            .unwrap();
        f.write_all(&vec![0xA5; page_size as usize]).unwrap();
        f.sync_all().unwrap();
    }
    let check = server::cli::db_check(&t.url).await;
    assert!(!check.healthy, "{}", check.text);
    assert!(
        check.text.contains("DAMAGED") || check.text.contains("not a usable"),
        "{}",
        check.text
    );
    assert!(check.text.contains("yiwang restore"), "{}", check.text);
    println!("db check on a damaged page:\n{}", check.text);

    // The binary says the same with exit code 1; a good database gives 0.
    let out = yiwang(&t.url).args(["db", "check"]).output().await.unwrap();
    assert_eq!(out.status.code(), Some(1));
    let good = TestDb::new(Backend::Sqlite).await;
    let out = yiwang(&good.url)
        .args(["db", "check"])
        .output()
        .await
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    good.cleanup().await;
    t.cleanup().await;
}
