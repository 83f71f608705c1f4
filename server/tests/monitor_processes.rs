//! Several server processes on one PostgreSQL database: an event stored through one process
//! reaches a monitor connected to another (LISTEN/NOTIFY). Real binaries, real sockets.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::TestDb;
use server::db::Backend;
use sqlx::Row;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};

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
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    c
}

async fn start(url: &str, port: u16) -> Child {
    let child = yiwang(url)
        .arg("serve")
        .env("YIWANG_ADDR", format!("127.0.0.1:{port}"))
        .env("YIWANG_DEMO", "small")
        .spawn()
        .unwrap();
    let t = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            t.elapsed() < Duration::from_secs(120),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child
}

async fn http(port: u16, request: String) -> String {
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    s.write_all(request.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    String::from_utf8_lossy(&buf).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_stored_through_one_process_reaches_a_monitor_on_another() {
    let t = TestDb::new(Backend::Postgres).await;
    let (pa, pb) = (free_port(), free_port());
    let mut a = start(&t.url, pa).await;
    let mut b = start(&t.url, pb).await;
    // Sign in the Tianning regulator on process A.
    let body = "username=tnczj&password=Yiwang-2026&next=";
    let answer = http(
        pa,
        format!(
            "POST /login HTTP/1.1\r\nHost: 127.0.0.1:{pa}\r\nOrigin: http://127.0.0.1:{pa}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
    .await;
    let cookie = answer
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: yiwang_session=")
                .or_else(|| l.strip_prefix("Set-Cookie: yiwang_session="))
        })
        .and_then(|v| v.split(';').next())
        .unwrap_or_else(|| panic!("signed in: {answer}"))
        .to_owned();
    // Open the stream on A.
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", pa))
        .await
        .unwrap();
    stream
        .write_all(
            format!(
                "GET /regulator/monitor/stream HTTP/1.1\r\nHost: 127.0.0.1:{pa}\r\nCookie: yiwang_session={cookie}\r\nAccept: text/event-stream\r\n\r\n"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    let mut lines = BufReader::new(stream).lines();
    let status = lines.next_line().await.unwrap().unwrap();
    assert!(status.contains("200"), "{status}");
    tokio::time::sleep(Duration::from_millis(300)).await; // the subscription is in place
                                                          // An ingest key, and a Tianning plan reaching the open-tender threshold, sent to B.
    let out = yiwang(&t.url)
        .args([
            "apikey",
            "create",
            "--name",
            "finance",
            "--jurisdiction",
            "320400",
            "--kinds",
            "budget_line,plan",
        ])
        .stdout(Stdio::piped())
        .output()
        .await
        .unwrap();
    let key = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .find(|w| w.starts_with("yw_"))
        .unwrap()
        .to_owned();
    let unit: i64 = sqlx::query("SELECT id FROM organisations WHERE name = '常州市天宁区教育局'")
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    let post = |path: &str, idem: &str, json: serde_json::Value| {
        let body = json.to_string();
        format!(
            "POST /api/v1/{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\n\
             Idempotency-Key: {idem}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let r = http(pb, post("budget-lines", "l-1", serde_json::json!({"unit": unit.to_string(), "fiscal_year": 2026, "code": "PROC-B", "name": "跨进程测试", "approved_amount": 900_000_000}))).await;
    assert!(r.starts_with("HTTP/1.1 201"), "{r}");
    let sent = Instant::now();
    let r = http(pb, post("plans", "p-1", serde_json::json!({
        "unit": unit.to_string(), "fiscal_year": 2026, "budget_line_code": "PROC-B", "name": "跨进程 服务器采购",
        "object_type": "goods", "category_code": "A02010104", "amount": 400_000_000, "method": "competitive_consultation",
        "planned_date": "2026-06-01"
    }))).await;
    assert!(r.starts_with("HTTP/1.1 201"), "{r}");
    // The P04 finding arrives on A.
    let found = tokio::time::timeout(Duration::from_secs(5), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if line.starts_with("data:") && line.contains("\"P04\"") {
                return Some(line);
            }
        }
        None
    })
    .await
    .expect("the event arrived within 5 s")
    .expect("the stream stayed open");
    let latency = sent.elapsed();
    assert!(found.contains("\"action\":\"ingest.plan\""), "{found}");
    eprintln!("cross-process event latency (ingest on B → monitor on A): {latency:?}");
    assert!(latency < Duration::from_secs(1), "{latency:?}");
    a.start_kill().unwrap();
    b.start_kill().unwrap();
    let _ = a.wait().await;
    let _ = b.wait().await;
    t.cleanup().await;
}
