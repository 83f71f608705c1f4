//! Nothing lost (issue 8): the real `yiwang` binary takes a few thousand concurrent ingest writes,
//! is killed with SIGKILL in the middle, and restarted. Every write it acknowledged (201) is
//! present exactly once, nothing unacknowledged is half-stored (every stored record has its audit
//! record and idempotency row — they share one transaction), the audit chain is intact, and
//! replaying every request with its Idempotency-Key stores nothing twice. On SQLite and PostgreSQL.

mod common;

use std::collections::BTreeSet;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::TestDb;
use sqlx::Row;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, Command};

const WRITES: usize = 2000;
const CONCURRENCY: usize = 48;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn yiwang(url: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_yiwang"));
    c.env("DATABASE_URL", url)
        .env("RUST_LOG", "error")
        .env("YIWANG_SITE", "target/site")
        .stdin(Stdio::null())
        .kill_on_drop(true);
    c
}

async fn start(url: &str, port: u16) -> Child {
    let child = yiwang(url)
        .arg("serve")
        .env("YIWANG_ADDR", format!("127.0.0.1:{port}"))
        .env("YIWANG_DEMO", "small")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start yiwang");
    let started = std::time::Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "yiwang did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child
}

/// One HTTP/1.1 POST over a fresh connection; the status code, or `None` when the connection
/// failed or was cut (the server died).
async fn post(port: u16, key: &str, idem: &str, body: &str) -> Option<u16> {
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .ok()?;
    let request = format!(
        "POST /api/v1/budget-lines HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nIdempotency-Key: {idem}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(request.as_bytes()).await.ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.ok()?;
    let text = String::from_utf8_lossy(&buf);
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    // A complete answer only: headers and the JSON body.
    text.contains("\r\n\r\n{").then_some(status)
}

fn body(unit: i64, n: usize) -> String {
    serde_json::json!({
        "unit": unit.to_string(),
        "fiscal_year": 2026,
        "code": format!("CRASH-{n:05}"),
        "name": "断电测试指标",
        "approved_amount": 100_000 + n as i64,
    })
    .to_string()
}

async fn scalar(pool: &sqlx::AnyPool, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

async fn acknowledged_writes_survive_sigkill(t: &TestDb) {
    let url = t.url.clone();
    let port = free_port();
    let mut server = start(&url, port).await;
    // A key for the city's finance system.
    let out = yiwang(&url)
        .args([
            "apikey",
            "create",
            "--name",
            "crash-test",
            "--jurisdiction",
            "320400",
            "--kinds",
            "budget_line",
        ])
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let key = stdout
        .split_whitespace()
        .find(|w| w.starts_with("yw_"))
        .unwrap_or_else(|| panic!("a key: {stdout} {}", String::from_utf8_lossy(&out.stderr)))
        .to_owned();
    let unit = scalar(
        &t.db.pool,
        "SELECT MIN(id) FROM organisations WHERE kind = 'purchaser'",
    )
    .await;
    // Writers: each takes the next number; the server is killed once a third is acknowledged.
    let next = Arc::new(AtomicUsize::new(0));
    let acked = Arc::new(tokio::sync::Mutex::new(BTreeSet::new()));
    let mut writers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (next, acked, key) = (next.clone(), acked.clone(), key.clone());
        writers.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::SeqCst);
                if n >= WRITES {
                    return;
                }
                match post(port, &key, &format!("crash-{n}"), &body(unit, n)).await {
                    Some(201) => {
                        acked.lock().await.insert(n);
                    }
                    Some(status) => panic!("write {n}: {status}"),
                    None => return, // the server is gone
                }
            }
        }));
    }
    loop {
        if acked.lock().await.len() >= WRITES / 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.start_kill().unwrap(); // SIGKILL
    server.wait().await.unwrap();
    for w in writers {
        w.await.unwrap();
    }
    let acked = acked.lock().await.clone();
    let sent = next.load(Ordering::SeqCst).min(WRITES);
    assert!(
        acked.len() < sent,
        "killed in the middle: {} of {sent} acknowledged",
        acked.len()
    );

    // Restart: the database recovers on its own.
    let mut server = start(&url, port).await;
    let pool = &t.db.pool;
    let stored: Vec<String> =
        sqlx::query("SELECT code FROM budget_lines WHERE code LIKE 'CRASH-%' ORDER BY code")
            .fetch_all(pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get(0).unwrap())
            .collect();
    let unique: BTreeSet<&String> = stored.iter().collect();
    assert_eq!(unique.len(), stored.len(), "no write stored twice");
    for n in &acked {
        assert!(
            unique.contains(&format!("CRASH-{n:05}")),
            "acknowledged write {n} is present"
        );
    }
    // Nothing half-stored: every stored line has its audit record and its idempotency row.
    let lines = stored.len() as i64;
    let audited = scalar(
        pool,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'ingest.budget_line'",
    )
    .await;
    let keys = scalar(
        pool,
        "SELECT COUNT(*) FROM idempotency_keys WHERE idem_key LIKE 'crash-%'",
    )
    .await;
    assert_eq!(audited, lines);
    assert_eq!(keys, lines);
    let v = server::audit::verify(pool).await.unwrap();
    assert_eq!(v.problem, None, "the audit chain survived the crash");
    // Replaying every request stores nothing twice; the unacknowledged ones are stored once now.
    for n in 0..sent {
        let status = post(port, &key, &format!("crash-{n}"), &body(unit, n)).await;
        assert!(matches!(status, Some(201)), "replay {n}: {status:?}");
    }
    let after = scalar(
        pool,
        "SELECT COUNT(*) FROM budget_lines WHERE code LIKE 'CRASH-%'",
    )
    .await;
    assert_eq!(after, sent as i64);
    server.start_kill().unwrap();
    server.wait().await.unwrap();
    eprintln!(
        "crash test: {sent} sent, {} acknowledged before SIGKILL, {lines} stored at restart, {after} after replay",
        acked.len()
    );
}
on_both_databases!(acknowledged_writes_survive_sigkill);
