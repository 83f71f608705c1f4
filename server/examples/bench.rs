//! Benchmarks of the regulator's desk (issue 6 point 8). A program that prints figures, not a
//! test. It drives the release `yiwang` binary over real loopback sockets:
//!
//! - `bench monitor --bin target/release/yiwang [--seconds 20] [--rates 100,500] [--backends sqlite,postgres]`:
//!   starts the server on a fresh database (small demo), signs in the city regulator, opens the
//!   live monitor (`/regulator/monitor/stream`), and stores budget lines through the ingest API
//!   at a steady rate (open loop: request i is due at start + i/rate, sent over 64 keep-alive
//!   connections and two API keys). Each write emits one `step` event. Per event it records when
//!   the request was sent, when its 201 arrived (the transaction is committed before the answer
//!   is written) and when the event arrived on the stream, and prints p50/p95/p99/max of
//!   arrival − answer ("after commit") and of arrival − send, plus lost events.
//! - `bench dashboard-gen --url URL [--projects 1000000]`: bulk SQL that fills an empty
//!   database (after the small demo) with generated plans, projects and findings.
//! - `bench dashboard --bin … --url URL [--runs 30]`: starts the server on the database and
//!   times `POST /api/dashboard` (the server function) and `GET /regulator/dashboard` (the
//!   page) for the city and a district regulator with several filters.
//! - `bench lists --bin … --url URL [--runs 20]`: starts the server on the database and times a
//!   page of the project list and of the findings (server functions and pages) with searches
//!   (one, two and more characters, a number, no match) and filters (`scripts/bench-lists.sh`).

use std::collections::HashMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use server::db::{Backend, Db};
use sqlx::Row;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn free_port() -> Res<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// A fresh database of `backend`: its URL.
async fn fresh_db(backend: Backend, tag: &str) -> Res<String> {
    let name = format!("yiwang_bench_{tag}_{}", std::process::id());
    match backend {
        Backend::Sqlite => {
            let dir = std::env::var("TMPDIR").unwrap_or_else(|_| "/tmp".into());
            let path = format!("{dir}/{name}.db");
            for ext in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{ext}"));
            }
            Ok(format!("sqlite://{path}"))
        }
        Backend::Postgres => {
            let base = std::env::var("YIWANG_BENCH_POSTGRES")
                .unwrap_or_else(|_| "postgres://root@127.0.0.1:5432".into());
            let admin = format!("{base}/postgres");
            sqlx::any::install_default_drivers();
            let mut c = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await?;
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name}"
            )))
            .execute(&mut c)
            .await?;
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut c)
                .await?;
            Ok(format!("{base}/{name}"))
        }
    }
}

async fn drop_db(url: &str) {
    if let Some(path) = server::db::sqlite_file(url) {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
    } else if let Some((base, name)) = url.rsplit_once('/') {
        let admin = format!("{base}/postgres");
        if let Ok(mut c) = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut c)
            .await;
        }
    }
}

fn yiwang(bin: &str, url: &str) -> Command {
    let mut c = Command::new(bin);
    c.env("DATABASE_URL", url)
        .env("RUST_LOG", "error")
        .env("YIWANG_SITE", "target/site")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
    c
}

/// Starts `yiwang serve` and waits until it listens (the demo, if any, is loaded before).
async fn start(bin: &str, url: &str, port: u16, demo: &str) -> Res<Child> {
    let t = Instant::now();
    let mut child = yiwang(bin, url)
        .arg("serve")
        .env("YIWANG_ADDR", format!("127.0.0.1:{port}"))
        .env("YIWANG_DEMO", demo)
        .stdout(Stdio::null())
        .spawn()?;
    while TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        if let Some(status) = child.try_wait()? {
            return Err(format!("yiwang exited: {status}").into());
        }
        if t.elapsed() > Duration::from_secs(600) {
            return Err("the server did not start within 10 min".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!("  server up in {:.1} s", t.elapsed().as_secs_f64());
    Ok(child)
}

/// One keep-alive HTTP/1.1 connection (answers with Content-Length only).
struct Conn {
    r: BufReader<TcpStream>,
}

impl Conn {
    async fn open(port: u16) -> Res<Conn> {
        let s = TcpStream::connect(("127.0.0.1", port)).await?;
        s.set_nodelay(true)?;
        Ok(Conn {
            r: BufReader::new(s),
        })
    }

    /// Sends a request and reads the answer: (status, headers in lower case, body).
    async fn send(&mut self, request: &[u8]) -> Res<(u16, Vec<(String, String)>, Vec<u8>)> {
        self.r.get_mut().write_all(request).await?;
        let mut line = String::new();
        self.r.read_line(&mut line).await?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("bad status line {line:?}"))?;
        let mut headers = Vec::new();
        let mut length = 0usize;
        loop {
            line.clear();
            self.r.read_line(&mut line).await?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                let k = k.trim().to_ascii_lowercase();
                if k == "content-length" {
                    length = v.trim().parse()?;
                }
                headers.push((k, v.trim().to_owned()));
            }
        }
        let chunked = headers
            .iter()
            .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.r.read_line(&mut line).await?;
                let size = usize::from_str_radix(line.trim(), 16)?;
                let mut chunk = vec![0; size + 2];
                self.r.read_exact(&mut chunk).await?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else {
            body.resize(length, 0);
            self.r.read_exact(&mut body).await?;
        }
        Ok((status, headers, body))
    }
}

/// Signs in through the login form; returns the session cookie's value.
async fn login(port: u16, user: &str) -> Res<String> {
    let body = format!("username={user}&password=Yiwang-2026&next=");
    let mut c = Conn::open(port).await?;
    let (status, headers, _) = c
        .send(
            format!(
                "POST /login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
        .await?;
    headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .find_map(|(_, v)| v.strip_prefix("yiwang_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
        .ok_or_else(|| format!("login of {user} failed: {status}").into())
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.clamp(1, sorted.len()) - 1]
}

fn summary(mut v: Vec<f64>) -> String {
    v.sort_by(|a, b| a.total_cmp(b));
    format!(
        "p50 {:7.2}  p95 {:7.2}  p99 {:7.2}  max {:7.2} ms",
        pct(&v, 50.0),
        pct(&v, 95.0),
        pct(&v, 99.0),
        v.last().copied().unwrap_or(f64::NAN)
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

// ---------------------------------------------------------------------------------------------
// Monitor latency

/// Reads the SSE stream (chunked) and reports (subject_id, arrival) of every ingest event.
async fn read_stream(
    port: u16,
    cookie: String,
    out: tokio::sync::mpsc::UnboundedSender<(i64, Instant)>,
    ready: tokio::sync::oneshot::Sender<()>,
) -> Res<()> {
    let s = TcpStream::connect(("127.0.0.1", port)).await?;
    s.set_nodelay(true)?;
    let mut r = BufReader::new(s);
    r.get_mut()
        .write_all(
            format!(
                "GET /regulator/monitor/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
                 Cookie: yiwang_session={cookie}\r\nAccept: text/event-stream\r\n\r\n"
            )
            .as_bytes(),
        )
        .await?;
    let mut line = String::new();
    r.read_line(&mut line).await?;
    if !line.contains(" 200 ") {
        return Err(format!("monitor stream: {line}").into());
    }
    loop {
        line.clear();
        r.read_line(&mut line).await?;
        if line.trim_end().is_empty() {
            break;
        }
    }
    let _ = ready.send(());
    let mut text = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let size = usize::from_str_radix(line.trim(), 16)?;
        if size == 0 {
            return Ok(());
        }
        let mut chunk = vec![0; size + 2];
        r.read_exact(&mut chunk).await?;
        let now = Instant::now();
        text.push_str(&String::from_utf8_lossy(&chunk[..size]));
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            if let Some(data) = block.lines().find_map(|l| l.strip_prefix("data:")) {
                let v: serde_json::Value = serde_json::from_str(data.trim())?;
                if v["action"] == "ingest.budget_line" {
                    if let Some(id) = v["subject_id"].as_str().and_then(|s| s.parse().ok()) {
                        let _ = out.send((id, now));
                    }
                }
            }
        }
    }
}

struct Sent {
    id: Option<i64>,
    due: Instant,
    sent: Instant,
    answered: Instant,
}

async fn monitor(args: &[String]) -> Res<()> {
    let bin = arg(args, "--bin").unwrap_or_else(|| "target/release/yiwang".into());
    let seconds: u64 = arg(args, "--seconds").map_or(Ok(20), |s| s.parse())?;
    let rates: Vec<u64> = arg(args, "--rates")
        .unwrap_or_else(|| "100,500".into())
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let backends = arg(args, "--backends").unwrap_or_else(|| "sqlite,postgres".into());
    for backend in backends.split(',') {
        let backend = match backend {
            "sqlite" => Backend::Sqlite,
            "postgres" => Backend::Postgres,
            other => return Err(format!("unknown backend {other}").into()),
        };
        let url = fresh_db(backend, "monitor").await?;
        eprintln!("{backend:?}: {url}");
        let result = monitor_on(&bin, &url, backend, seconds, &rates).await;
        drop_db(&url).await;
        result?;
    }
    Ok(())
}

async fn monitor_on(
    bin: &str,
    url: &str,
    backend: Backend,
    seconds: u64,
    rates: &[u64],
) -> Res<()> {
    let port = free_port()?;
    let mut child = start(bin, url, port, "small").await?;
    let mut keys = Vec::new();
    for i in 0..2 {
        let out = yiwang(bin, url)
            .args([
                "apikey",
                "create",
                "--name",
                &format!("bench{i}"),
                "--jurisdiction",
                "320400",
                "--kinds",
                "budget_line",
            ])
            .output()
            .await?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        keys.push(
            text.split_whitespace()
                .find(|w| w.starts_with("yw_"))
                .ok_or_else(|| format!("no key printed: {text}"))?
                .to_owned(),
        );
    }
    let db = Db::connect(url).await?;
    let unit: i64 = sqlx::query("SELECT id FROM organisations WHERE name = '常州市天宁区教育局'")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    db.pool.close().await;
    let cookie = login(port, "czczj").await?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    let reader = tokio::spawn(read_stream(port, cookie, tx, ready_tx));
    ready_rx.await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut serial = 0u64;
    for &rate in rates {
        let n = rate * seconds;
        let workers = 64u64;
        let start_at = Instant::now() + Duration::from_millis(200);
        let mut tasks = Vec::new();
        for w in 0..workers {
            let keys = keys.clone();
            let first = serial;
            tasks.push(tokio::spawn(async move {
                let mut conn = Conn::open(port).await?;
                let mut sent = Vec::new();
                let mut i = w;
                while i < n {
                    let due = start_at + Duration::from_secs_f64(i as f64 / rate as f64);
                    tokio::time::sleep_until(due.into()).await;
                    let body = format!(
                        r#"{{"unit":"{unit}","fiscal_year":2026,"code":"BENCH-{rate}-{n}-{}","name":"监控延迟测试","approved_amount":100000000}}"#,
                        first + i
                    );
                    let key = &keys[(i % 2) as usize];
                    let request = format!(
                        "POST /api/v1/budget-lines HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {key}\r\n\
                         Content-Type: application/json\r\nIdempotency-Key: bench-{}\r\nContent-Length: {}\r\n\r\n{body}",
                        first + i,
                        body.len()
                    );
                    let t0 = Instant::now();
                    let (status, _, answer) = conn.send(request.as_bytes()).await?;
                    let t1 = Instant::now();
                    let id = if status == 201 {
                        serde_json::from_slice::<serde_json::Value>(&answer)?["id"].as_i64()
                    } else {
                        eprintln!("  {status}: {}", String::from_utf8_lossy(&answer));
                        None
                    };
                    sent.push(Sent {
                        id,
                        due,
                        sent: t0,
                        answered: t1,
                    });
                    i += workers;
                }
                Ok::<_, Box<dyn std::error::Error + Send + Sync>>(sent)
            }));
        }
        let mut sent = Vec::new();
        for t in tasks {
            sent.extend(t.await??);
        }
        serial += n;
        let last_answer = sent.iter().map(|s| s.answered).max().unwrap_or(start_at);
        // Wait for the stragglers (at most 3 s after the last answer).
        let mut arrived: HashMap<i64, Instant> = HashMap::new();
        let expected: std::collections::HashSet<i64> = sent.iter().filter_map(|s| s.id).collect();
        let deadline = last_answer + Duration::from_secs(3);
        while expected.iter().any(|id| !arrived.contains_key(id)) {
            match tokio::time::timeout_at(deadline.into(), rx.recv()).await {
                Ok(Some((id, at))) => {
                    arrived.insert(id, at);
                }
                _ => break,
            }
        }
        while let Ok((id, at)) = rx.try_recv() {
            arrived.insert(id, at);
        }
        let mut after_answer = Vec::new();
        let mut after_send = Vec::new();
        let mut write = Vec::new();
        let mut late = Vec::new();
        let mut failed = 0;
        let mut lost = 0;
        for s in &sent {
            write.push(ms(s.answered - s.sent));
            late.push(ms(s.sent.saturating_duration_since(s.due)));
            let Some(id) = s.id else {
                failed += 1;
                continue;
            };
            match arrived.get(&id) {
                Some(&at) => {
                    // Signed: an event may reach the monitor before its 201 reaches the client.
                    after_answer.push(if at >= s.answered {
                        ms(at - s.answered)
                    } else {
                        -ms(s.answered - at)
                    });
                    after_send.push(ms(at - s.sent));
                }
                None => lost += 1,
            }
        }
        let span = sent.iter().map(|s| s.sent).max().unwrap_or(start_at) - start_at;
        println!(
            "{backend:?} {rate}/s for {seconds} s: {} writes ({:.0}/s achieved), {failed} failed, {} events received, {lost} lost",
            sent.len(),
            sent.len() as f64 / span.as_secs_f64().max(0.001),
            after_answer.len(),
        );
        println!(
            "  event latency after commit (201 received → on monitor): {}",
            summary(after_answer)
        );
        println!(
            "  event latency after send   (request sent → on monitor): {}",
            summary(after_send)
        );
        println!(
            "  write (request → 201):                                  {}",
            summary(write)
        );
        println!(
            "  client lateness (due → sent):                           {}",
            summary(late)
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    reader.abort();
    child.start_kill()?;
    let _ = child.wait().await;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Dashboard: a generated database and the response times

const METHODS: [&str; 6] = [
    "public_tender",
    "invited_tender",
    "competitive_negotiation",
    "competitive_consultation",
    "single_source",
    "request_for_quotation",
];
const CATEGORIES: [&str; 8] = [
    "A02010104",
    "A02010105",
    "A02010108",
    "A02021000",
    "A02061804",
    "B01000000",
    "B07000000",
    "B08000000",
];
/// (check, stage, severity) of generated findings.
const FINDINGS: [(&str, &str, &str); 7] = [
    ("P04", "pre", "high"),
    ("P11", "pre", "medium"),
    ("P12", "pre", "medium"),
    ("M25", "during", "medium"),
    ("M14", "during", "low"),
    ("A11", "post", "high"),
    ("A20", "post", "medium"),
];

/// Fills a database (migrated, small demo) with `projects` generated projects: 1.514 plans per
/// project (the demo's ratio), the plan of project n is plan n; 46 % contracted (the demo's
/// 565/1231), 2024-01-01 … 2026-12-31 China time, spread over the 70 purchaser units of the 7
/// jurisdictions, 6 methods, 8 categories and the 93 agencies; a finding for one plan in ten and
/// one project in sixteen. Bulk INSERT … SELECT over a numbers table: for the benchmark only.
/// The workflow state of a generated project (`ProcState` as stored): under way, or contracted.
const STATE_OPEN: &str = r#"{"node":null,"deadline":null,"award_notice_sent":false,"open_challenges":0,"open_blocking_challenges":0,"terminated":false,"last_at":null}"#;
const STATE_CONTRACTED: &str = r#"{"node":"performance","deadline":null,"award_notice_sent":true,"open_challenges":0,"open_blocking_challenges":0,"terminated":false,"last_at":null}"#;

/// Who buys, in generated project names.
const NAME_WHO: [&str; 13] = [
    "教育局",
    "卫生健康委",
    "交通运输局",
    "城市管理局",
    "公安局",
    "人民医院",
    "第一中学",
    "实验小学",
    "数据局",
    "文化广电和旅游局",
    "机关事务管理局",
    "水利局",
    "民政局",
];

/// What is bought, in generated project names.
const NAME_WHAT: [&str; 17] = [
    "办公电脑",
    "服务器",
    "物业管理服务",
    "教学设备",
    "医疗设备",
    "道路维修工程",
    "信息系统集成",
    "印刷服务",
    "车辆租赁",
    "空调设备",
    "图书",
    "安保服务",
    "保洁服务",
    "监控设备",
    "网络设备",
    "家具",
    "数据治理服务",
];

async fn dashboard_gen(args: &[String]) -> Res<()> {
    let url = arg(args, "--url").ok_or("--url URL")?;
    let projects: i64 = arg(args, "--projects").map_or(Ok(1_000_000), |s| s.parse())?;
    let plans = projects * 1514 / 1000;
    let t = Instant::now();
    let db = Db::connect(&url).await?;
    let store = server::store::Store::new(db.clone());
    server::demo::load_if_empty_with(&store, server::demo::DemoScale::Small).await?;
    let pool = &db.pool;
    let exec = |sql: String| async move {
        let t = Instant::now();
        let r = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .execute(pool)
            .await
            .map_err(|e| format!("{e}: {sql}"))?;
        eprintln!(
            "  {:6.1} s  {} rows  {}",
            t.elapsed().as_secs_f64(),
            r.rows_affected(),
            sql.chars().take(70).collect::<String>()
        );
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
    };
    exec("CREATE TABLE gen_n (n BIGINT PRIMARY KEY)".into()).await?;
    exec(match db.backend {
        Backend::Sqlite => format!(
            "INSERT INTO gen_n (n) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {plans}) SELECT n FROM s"
        ),
        Backend::Postgres => format!("INSERT INTO gen_n (n) SELECT generate_series(1, {plans})"),
    })
    .await?;
    // Lookup tables numbered from 0.
    let values = |items: Vec<String>| items.join(", ");
    exec("CREATE TABLE gen_method (k BIGINT PRIMARY KEY, method TEXT NOT NULL)".into()).await?;
    exec(format!(
        "INSERT INTO gen_method (k, method) VALUES {}",
        values(
            METHODS
                .iter()
                .enumerate()
                .map(|(i, m)| format!("({i}, '{m}')"))
                .collect()
        )
    ))
    .await?;
    exec("CREATE TABLE gen_cat (k BIGINT PRIMARY KEY, category TEXT NOT NULL, object_type TEXT NOT NULL)".into()).await?;
    exec(format!(
        "INSERT INTO gen_cat (k, category, object_type) VALUES {}",
        values(
            CATEGORIES
                .iter()
                .enumerate()
                .map(|(i, c)| format!(
                    "({i}, '{c}', '{}')",
                    if c.starts_with('B') { "works" } else { "goods" }
                ))
                .collect()
        )
    ))
    .await?;
    exec("CREATE TABLE gen_finding (k BIGINT PRIMARY KEY, check_id TEXT NOT NULL, stage TEXT NOT NULL, severity TEXT NOT NULL)".into()).await?;
    exec(format!(
        "INSERT INTO gen_finding (k, check_id, stage, severity) VALUES {}",
        values(
            FINDINGS
                .iter()
                .enumerate()
                .map(|(i, (c, s, v))| format!("({i}, '{c}', '{s}', '{v}')"))
                .collect()
        )
    ))
    .await?;
    // Names shaped like the platform's (who + what + 采购): 13 × 17 pairs, for the list search.
    exec("CREATE TABLE gen_who (k BIGINT PRIMARY KEY, w TEXT NOT NULL)".into()).await?;
    exec(format!(
        "INSERT INTO gen_who (k, w) VALUES {}",
        values(
            NAME_WHO
                .iter()
                .enumerate()
                .map(|(i, w)| format!("({i}, '{w}')"))
                .collect()
        )
    ))
    .await?;
    exec("CREATE TABLE gen_what (k BIGINT PRIMARY KEY, w TEXT NOT NULL)".into()).await?;
    exec(format!(
        "INSERT INTO gen_what (k, w) VALUES {}",
        values(
            NAME_WHAT
                .iter()
                .enumerate()
                .map(|(i, w)| format!("({i}, '{w}')"))
                .collect()
        )
    ))
    .await?;
    exec("CREATE TABLE gen_unit (k BIGINT PRIMARY KEY, id BIGINT NOT NULL, jurisdiction_code TEXT NOT NULL)".into()).await?;
    exec("INSERT INTO gen_unit (k, id, jurisdiction_code) SELECT ROW_NUMBER() OVER (ORDER BY id) - 1, id, jurisdiction_code FROM organisations WHERE kind = 'purchaser'".into()).await?;
    exec("CREATE TABLE gen_agency (k BIGINT PRIMARY KEY, id BIGINT NOT NULL)".into()).await?;
    exec("INSERT INTO gen_agency (k, id) SELECT ROW_NUMBER() OVER (ORDER BY id) - 1, id FROM organisations WHERE kind IN ('agency', 'procurement_center')".into()).await?;
    let count = |table: &'static str| async move {
        let n: i64 = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(pool)
            .await?
            .try_get(0)?;
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(n)
    };
    let units = count("gen_unit").await?;
    let agencies = count("gen_agency").await?;
    // 2024-01-01T00:00+08:00, three years (1096 days) of seconds.
    let base = 1_704_038_400_i64;
    let span = 1096 * 86_400_i64;
    exec(format!(
        "INSERT INTO budget_lines (unit_id, jurisdiction_code, fiscal_year, code, name, approved_amount, created_at) \
         SELECT u.id, u.jurisdiction_code, y.n + 2023, 'GEN-BL', '生成的预算项目', 900000000000000, {base} \
         FROM gen_unit u CROSS JOIN gen_n y WHERE y.n <= 3"
    ))
    .await?;
    // Plan n: unit n % units, method, category; filed at an even spread over the three years.
    let created = format!("({base} + (g.n * {span}) / {plans} + (g.n * 7919) % 3600)");
    let offset = 1_000_000_000_i64; // plan and project ids above the demo's
    exec(format!(
        "INSERT INTO plans (id, unit_id, jurisdiction_code, budget_line_id, fiscal_year, name, object_type, category_code, \
         amount, method, imports_wanted, planned_date, status, created_at, released_at) \
         SELECT {offset} + g.n, u.id, u.jurisdiction_code, b.id, b.fiscal_year, \
         wo.w || wh.w || '采购（' || CAST(g.n AS TEXT) || '）', c.object_type, c.category, \
         100000 * (50 + (g.n * 37) % 9950), m.method, 0, '2025-06-01', \
         CASE WHEN g.n <= {projects} THEN 'released' ELSE 'filed' END, {created}, \
         CASE WHEN g.n <= {projects} THEN {created} + 86400 END \
         FROM gen_n g \
         JOIN gen_unit u ON u.k = g.n % {units} \
         JOIN gen_method m ON m.k = (g.n / 7) % 6 \
         JOIN gen_cat c ON c.k = (g.n / 3) % 8 \
         JOIN gen_who wo ON wo.k = (g.n / 5) % 13 \
         JOIN gen_what wh ON wh.k = (g.n / 13) % 17 \
         JOIN budget_lines b ON b.unit_id = u.id AND b.code = 'GEN-BL' \
              AND b.fiscal_year = 2024 + ((g.n * {span}) / {plans}) / 31622400"
    ))
    .await?;
    // Project n of plan n; 46 in 100 contracted 20–79 days after filing at 80–97 % of budget.
    exec(format!(
        "INSERT INTO projects (id, plan_id, unit_id, agency_id, jurisdiction_code, name, method, object_type, budget_amount, \
         state_json, record_json, created_at, updated_at, category_code, contract_amount, contract_signed_at) \
         SELECT p.id, p.id, p.unit_id, a.id, p.jurisdiction_code, p.name, p.method, p.object_type, p.amount, \
         CASE WHEN g.n % 100 < 46 THEN '{STATE_CONTRACTED}' ELSE '{STATE_OPEN}' END, '{{}}', \
         p.created_at + 86400, p.created_at + 86400, p.category_code, \
         CASE WHEN g.n % 100 < 46 THEN p.amount / 100 * (80 + g.n % 18) END, \
         CASE WHEN g.n % 100 < 46 THEN p.created_at + 86400 * (20 + g.n % 60) END \
         FROM gen_n g JOIN plans p ON p.id = {offset} + g.n \
         JOIN gen_agency a ON a.k = (g.n / 11) % {agencies} \
         WHERE g.n <= {projects}"
    ))
    .await?;
    exec(format!(
        "INSERT INTO findings (subject_type, subject_id, jurisdiction_code, check_id, stage, severity, step, message_zh, \
         message_en, evidence_json, created_at) \
         SELECT 'plan', CAST(p.id AS TEXT), p.jurisdiction_code, f.check_id, f.stage, f.severity, 'plan.file', '生成', \
         'generated', '{{}}', p.created_at FROM gen_n g JOIN plans p ON p.id = {offset} + g.n \
         JOIN gen_finding f ON f.k = (g.n / 10) % 3 WHERE g.n % 10 = 3"
    ))
    .await?;
    exec(format!(
        "INSERT INTO findings (subject_type, subject_id, jurisdiction_code, check_id, stage, severity, step, message_zh, \
         message_en, evidence_json, created_at) \
         SELECT 'project', CAST(p.id AS TEXT), p.jurisdiction_code, f.check_id, f.stage, f.severity, 'project.step', '生成', \
         'generated', '{{}}', p.created_at + 86400 * 30 FROM gen_n g JOIN projects p ON p.id = {offset} + g.n \
         JOIN gen_finding f ON f.k = 3 + (g.n / 16) % 4 WHERE g.n % 16 = 5 AND g.n <= {projects}"
    ))
    .await?;
    for t in [
        "gen_who",
        "gen_what",
        "gen_n",
        "gen_method",
        "gen_cat",
        "gen_finding",
        "gen_unit",
        "gen_agency",
    ] {
        exec(format!("DROP TABLE {t}")).await?;
    }
    if db.backend == Backend::Postgres {
        for t in ["budget_lines", "plans", "projects", "findings"] {
            exec(format!(
                "SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))"
            ))
            .await?;
        }
        exec("VACUUM ANALYZE".into()).await?;
    } else {
        exec("ANALYZE".into()).await?;
    }
    println!(
        "generated {} projects ({} contracted), {} plans, {} findings in {:.0} s",
        count("projects").await?,
        sqlx::query("SELECT COUNT(*) FROM projects WHERE contract_signed_at IS NOT NULL")
            .fetch_one(pool)
            .await?
            .try_get::<i64, _>(0)?,
        count("plans").await?,
        count("findings").await?,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Sends `request` 3 + `runs` times and prints the median, p95 and max of the last `runs`.
async fn timed(conn: &mut Conn, user: &str, runs: usize, request: String, what: String) -> Res<()> {
    let mut v = Vec::new();
    let mut bytes = 0;
    for i in 0..runs + 3 {
        let t = Instant::now();
        let (status, _, body) = conn.send(request.as_bytes()).await?;
        let d = ms(t.elapsed());
        if status != 200 {
            return Err(format!("{what}: {status} {}", String::from_utf8_lossy(&body)).into());
        }
        bytes = body.len();
        if i >= 3 {
            v.push(d);
        }
    }
    v.sort_by(|a, b| a.total_cmp(b));
    println!(
        "  {user:6} {what:52} {:7.2} / {:7.2} / {:7.2} ms  ({bytes} B)",
        pct(&v, 50.0),
        pct(&v, 95.0),
        v.last().copied().unwrap_or(f64::NAN)
    );
    Ok(())
}

async fn dashboard(args: &[String]) -> Res<()> {
    let bin = arg(args, "--bin").unwrap_or_else(|| "target/release/yiwang".into());
    let url = arg(args, "--url").ok_or("--url URL")?;
    let runs: usize = arg(args, "--runs").map_or(Ok(30), |s| s.parse())?;
    let demo = arg(args, "--demo").unwrap_or_else(|| "0".into());
    let port = free_port()?;
    let mut child = start(&bin, &url, port, &demo).await?;
    let db = Db::connect(&url).await?;
    let agency: i64 = sqlx::query("SELECT id FROM organisations WHERE kind = 'procurement_center'")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    let projects: i64 = sqlx::query("SELECT COUNT(*) FROM projects")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    db.pool.close().await;
    println!(
        "{:?}, {projects} projects: median / p95 / max of {runs} runs (after 3 warm-up runs)",
        Backend::from_url(&url).ok_or("url")?
    );
    let agency = agency.to_string();
    let filters: Vec<(&str, serde_json::Value)> = vec![
        ("default (all)", serde_json::json!({})),
        (
            "year 2025",
            serde_json::json!({"from": "2025-01-01", "to": "2025-12-31"}),
        ),
        (
            "2025-03-15 … 2025-09-10",
            serde_json::json!({"from": "2025-03-15", "to": "2025-09-10"}),
        ),
        (
            "method 竞争性磋商",
            serde_json::json!({"method": "competitive_consultation"}),
        ),
        (
            "district 武进区 + year 2025",
            serde_json::json!({"district": "320412", "from": "2025-01-01", "to": "2025-12-31"}),
        ),
        (
            "category A02010104 (category rollup)",
            serde_json::json!({"category": "A02010104"}),
        ),
        (
            "agency: procurement center (fallback)",
            serde_json::json!({"agency": agency}),
        ),
    ];
    for user in ["czczj", "tnczj"] {
        let cookie = login(port, user).await?;
        let mut conn = Conn::open(port).await?;
        for (name, filter) in &filters {
            let body = serde_json::json!({ "filter": filter }).to_string();
            timed(
                &mut conn,
                user,
                runs,
                format!(
                    "POST /api/dashboard HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
                     Cookie: yiwang_session={cookie}\r\nContent-Type: application/json\r\nAccept: application/json\r\n\
                     Content-Length: {}\r\n\r\n{body}",
                    body.len()
                ),
                format!("POST /api/dashboard {name}"),
            )
            .await?;
        }
        for (name, query) in [
            ("default", ""),
            ("year 2025", "?from=2025-01-01&to=2025-12-31"),
        ] {
            timed(
                &mut conn,
                user,
                runs,
                format!(
                    "GET /regulator/dashboard{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: yiwang_session={cookie}\r\n\r\n"
                ),
                format!("GET /regulator/dashboard {name} (page)"),
            )
            .await?;
        }
    }
    child.start_kill()?;
    let _ = child.wait().await;
    Ok(())
}

/// A page of each list (issue 18 point 3): the projects (`/api/project_desk`, the page
/// `/projects`) and the findings (`/api/regulator_findings`, `/regulator/findings`) with their
/// searches and filters, for the city's and a district's regulator.
async fn lists(args: &[String]) -> Res<()> {
    let bin = arg(args, "--bin").unwrap_or_else(|| "target/release/yiwang".into());
    let url = arg(args, "--url").ok_or("--url URL")?;
    let runs: usize = arg(args, "--runs").map_or(Ok(20), |s| s.parse())?;
    let demo = arg(args, "--demo").unwrap_or_else(|| "0".into());
    let port = free_port()?;
    let mut child = start(&bin, &url, port, &demo).await?;
    let db = Db::connect(&url).await?;
    let projects: i64 = sqlx::query("SELECT COUNT(*) FROM projects")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    let findings: i64 = sqlx::query("SELECT COUNT(*) FROM findings")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    db.pool.close().await;
    println!(
        "{:?}, {projects} projects, {findings} findings: median / p95 / max of {runs} runs (after 3 warm-up runs)",
        Backend::from_url(&url).ok_or("url")?
    );
    let post = |cookie: &str, path: &str, body: String| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
             Cookie: yiwang_session={cookie}\r\nContent-Type: application/json\r\nAccept: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let project_queries: Vec<(&str, serde_json::Value)> = vec![
        ("all, page 1", serde_json::json!({})),
        ("all, page 2", serde_json::json!({"page": 2})),
        ("all, page 200", serde_json::json!({"page": 200})),
        ("q=教育 (2 characters)", serde_json::json!({"q": "教育"})),
        ("q=教 (1 character)", serde_json::json!({"q": "教"})),
        (
            "q=物业管理 (4 characters)",
            serde_json::json!({"q": "物业管理"}),
        ),
        (
            "q=水利局监控设备",
            serde_json::json!({"q": "水利局监控设备"}),
        ),
        (
            "q=不存在的名称 (no match)",
            serde_json::json!({"q": "不存在的名称"}),
        ),
        (
            "q=1000123456 (a number)",
            serde_json::json!({"q": "1000123456"}),
        ),
        (
            "method 竞争性磋商",
            serde_json::json!({"method": "competitive_consultation"}),
        ),
        ("district 武进区", serde_json::json!({"district": "320412"})),
        ("year 2025", serde_json::json!({"year": "2025"})),
        (
            "q=教育 + district 武进区 + year 2025",
            serde_json::json!({"q": "教育", "district": "320412", "year": "2025"}),
        ),
    ];
    let finding_queries: Vec<(&str, serde_json::Value)> = vec![
        ("all, page 1", serde_json::json!({})),
        ("all, page 100", serde_json::json!({"page": 100})),
        (
            "severity critical",
            serde_json::json!({"severity": "critical"}),
        ),
        ("state new", serde_json::json!({"state": "new"})),
        ("check P04", serde_json::json!({"check": "P04"})),
        ("q=生成 (message)", serde_json::json!({"q": "生成"})),
    ];
    // The plans (`/api/plan_page`, 30 a page): the regulator's jurisdiction's.
    let plan_queries: Vec<(&str, serde_json::Value)> = vec![
        ("all, page 1", serde_json::json!({})),
        ("all, page 200", serde_json::json!({"page": 200})),
        ("q=教育 (2 characters)", serde_json::json!({"q": "教育"})),
        (
            "q=物业管理 (4 characters)",
            serde_json::json!({"q": "物业管理"}),
        ),
        (
            "q=水利局监控设备",
            serde_json::json!({"q": "水利局监控设备"}),
        ),
        (
            "q=不存在的名称 (no match)",
            serde_json::json!({"q": "不存在的名称"}),
        ),
        ("year 2025", serde_json::json!({"year": "2025"})),
        ("status filed", serde_json::json!({"status": "filed"})),
    ];
    for user in ["czczj", "tnczj"] {
        let cookie = login(port, user).await?;
        let mut conn = Conn::open(port).await?;
        for (name, query) in &plan_queries {
            let body = serde_json::json!({ "query": query }).to_string();
            timed(
                &mut conn,
                user,
                runs,
                post(&cookie, "/api/plan_page", body),
                format!("plans {name}"),
            )
            .await?;
        }
        timed(
            &mut conn,
            user,
            runs,
            post(
                &cookie,
                "/api/approval_page",
                serde_json::json!({ "query": {} }).to_string(),
            ),
            "approvals page 1".to_owned(),
        )
        .await?;
        for (name, query) in &project_queries {
            let body = serde_json::json!({ "query": query }).to_string();
            timed(
                &mut conn,
                user,
                runs,
                post(&cookie, "/api/project_desk", body),
                format!("projects {name}"),
            )
            .await?;
        }
        for (name, query) in &finding_queries {
            let body = serde_json::json!({ "query": query }).to_string();
            timed(
                &mut conn,
                user,
                runs,
                post(&cookie, "/api/regulator_findings", body),
                format!("findings {name}"),
            )
            .await?;
        }
        for (name, path) in [
            ("GET /projects (page)", "/projects"),
            (
                "GET /projects?q=教育 (page)",
                "/projects?q=%E6%95%99%E8%82%B2",
            ),
            ("GET /regulator/findings (page)", "/regulator/findings"),
        ] {
            timed(
                &mut conn,
                user,
                runs,
                format!(
                    "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: yiwang_session={cookie}\r\n\r\n"
                ),
                name.to_owned(),
            )
            .await?;
        }
    }
    child.start_kill()?;
    let _ = child.wait().await;
    Ok(())
}

// ---------------------------------------------------------------------------------------------

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("monitor") => monitor(&args).await,
        Some("dashboard-gen") => dashboard_gen(&args).await,
        Some("dashboard") => dashboard(&args).await,
        Some("lists") => lists(&args).await,
        _ => Err(
            "usage: bench monitor|dashboard-gen|dashboard|lists [options] (see the file's doc)"
                .into(),
        ),
    };
    if let Err(e) = result {
        eprintln!("bench: {e}");
        std::process::exit(1);
    }
}
