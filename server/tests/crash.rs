//! Nothing lost (issue 8): the real `yiwang` binary takes a few thousand concurrent writes — ingest
//! writes and sealed bids (suppliers submitting and replacing bids with form posts) at the same
//! time — is killed with SIGKILL in the middle, and restarted.
//!
//! Ingest: every write it acknowledged (201) is present exactly once, nothing unacknowledged is
//! half-stored (every stored record has its audit record and idempotency row — they share one
//! transaction), and replaying every request with its Idempotency-Key stores nothing twice.
//!
//! Bids: each supplier's bid versions are stored exactly once each, in order, up to its last
//! acknowledged (303) version or the one in flight when the server died, never fewer; the latest
//! is the one in force and every earlier one is `replaced`; every bid row has exactly one audit
//! record and one monitor event of its step, and no audit record names a bid that is not stored.
//! The audit chain is intact. On SQLite and PostgreSQL.

mod common;

use std::collections::BTreeSet;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::TestDb;
use server::auth::NewUser;
use server::demo;
use server::store::{now_unix, Store};
use shared::access::{Principal, Role};
use shared::execution::NoticeForm;
use shared::model::Method;
use shared::money::Fen;
use shared::plan::{BudgetLineForm, IntentionForm, PlanForm};
use shared::time::Instant;
use sqlx::Row;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, Command};

/// Ingest writes (budget lines), 48 at a time.
const WRITES: usize = 2000;
const CONCURRENCY: usize = 48;
/// Bid steps in all (a supplier's first bid, then replacements; each supplier one step at a time).
const BIDS: usize = 1200;
const BIDDERS: usize = 36;
/// The bidders share a few open tenders (a bid step locks its project).
const BID_PROJECTS: usize = 4;
const DAY: i64 = 86_400;

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

/// A complete HTTP answer: status, the header block (lower-cased names) and the body.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// One HTTP/1.1 request over a fresh connection (`Connection: close`); `None` when the connection
/// failed or was cut before the whole answer (the server died).
async fn exchange(port: u16, request: &str) -> Option<Answer> {
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .ok()?;
    s.write_all(request.as_bytes()).await.ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.ok()?;
    let text = String::from_utf8_lossy(&buf);
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    let answer = Answer {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    };
    if let Some(n) = answer.header("content-length") {
        // Cut in the middle of the body: not an answer.
        if n.parse::<usize>().ok()? != body.len() {
            return None;
        }
    }
    if answer
        .header("transfer-encoding")
        .is_some_and(|v| v.contains("chunked"))
    {
        return dechunk(body).map(|body| Answer { body, ..answer });
    }
    Some(answer)
}

/// The body of a chunked answer, `None` unless it ends with its last (empty) chunk.
fn dechunk(mut rest: &str) -> Option<String> {
    let mut out = String::new();
    loop {
        let (size, tail) = rest.split_once("\r\n")?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        if size == 0 {
            return Some(out);
        }
        out.push_str(tail.get(..size)?);
        rest = tail.get(size + 2..)?;
    }
}

/// One ingest POST; the status code, or `None` when the connection failed or was cut.
async fn post(port: u16, key: &str, idem: &str, body: &str) -> Option<u16> {
    let request = format!(
        "POST /api/v1/budget-lines HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nIdempotency-Key: {idem}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let a = exchange(port, &request).await?;
    // A complete answer only: headers and the JSON body.
    a.body.starts_with('{').then_some(a.status)
}

/// A same-origin POST of the browser (form or server function), with the session cookie if any.
async fn post_browser(
    port: u16,
    path: &str,
    content_type: &str,
    body: &str,
    session: Option<&str>,
) -> Option<Answer> {
    let cookie = session
        .map(|s| format!("Cookie: yiwang_session={s}\r\n"))
        .unwrap_or_default();
    // A server function answers JSON to a JSON client (one accepting HTML gets a redirect).
    let accept = if content_type == "application/json" {
        "application/json"
    } else {
        "text/html"
    };
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n{cookie}\
         Content-Type: {content_type}\r\nAccept: {accept}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    exchange(port, &request).await
}

fn form(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
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

async fn principal(pool: &sqlx::AnyPool, username: &str) -> Principal {
    let r = sqlx::query(
        "SELECT u.id, u.role, u.organisation_id, u.supplier_id, COALESCE(o.jurisdiction_code, s.region_code) \
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id LEFT JOIN suppliers s ON s.id = u.supplier_id \
         WHERE u.username = $1",
    )
    .bind(username.to_owned())
    .fetch_one(pool)
    .await
    .unwrap();
    Principal {
        duty: None,
        user_id: r.try_get(0).unwrap(),
        role: Role::from_code(&r.try_get::<String, _>(1).unwrap()).unwrap(),
        organisation_id: r.try_get(2).unwrap(),
        supplier_id: r.try_get(3).unwrap(),
        jurisdiction: r.try_get(4).unwrap(),
    }
}

/// An open tender of 天宁区教育局 run by the procurement center, its past written through the
/// store with explicit dates (plan 80 days ago, notice 21 days ago); bids are taken for a day.
async fn open_tender(store: &Store, tn: &Principal, center: &Principal, n: usize) -> i64 {
    let now = now_unix();
    let t0 = now - 80 * DAY;
    let unit = tn.organisation_id.unwrap();
    let line = BudgetLineForm {
        code: format!("BIDTEST-{n}"),
        name: "设备购置".into(),
        fiscal_year: "2026".into(),
        approved_amount: "9,000,000".into(),
    }
    .parse()
    .unwrap();
    let line = store.insert_budget_line(tn, unit, &line, t0).await.unwrap();
    let plan = PlanForm {
        budget_line_id: line.to_string(),
        name: format!("断电测试设备采购{n}"),
        object_type: "goods".into(),
        category_code: "A02010104".into(),
        amount: "1,000,000".into(),
        method: "public_tender".into(),
        imports_wanted: String::new(),
        planned_date: Instant::from_unix_seconds(t0 + 40 * DAY)
            .china_date()
            .to_string(),
    }
    .parse()
    .unwrap();
    let (plan, _) = store.insert_plan(tn, unit, &plan, t0).await.unwrap();
    store
        .insert_intention(
            tn,
            plan,
            &IntentionForm {
                published_on: Instant::from_unix_seconds(t0).china_date().to_string(),
                media: "江苏政府采购网".into(),
                content: "设备采购意向".into(),
            },
            t0,
        )
        .await
        .unwrap();
    store
        .release_plan(&common::reviewer_of(store, tn).await, plan, t0 + 35 * DAY)
        .await
        .unwrap();
    let p = store
        .create_project(tn, plan, center.organisation_id, now - 30 * DAY)
        .await
        .unwrap()
        .id;
    let at = now - 21 * DAY;
    let mut notice = NoticeForm {
        lots: String::new(),
        max_price: "950,000".into(),
        deadline: "2099-01-01 09:00".into(),
        bid_security: "10,000".into(),
        min_validity_days: "90".into(),
        scoring_method: "comprehensive".into(),
        price_points: "30".into(),
        criteria: "技术方案|40|主观\n售后服务|20|主观\n业绩|10|客观".into(),
        media: String::new(),
    }
    .parse(
        Method::PublicTender,
        Fen(100_000_000),
        Instant::from_unix_seconds(at),
    )
    .unwrap();
    notice.deadline = Instant::from_unix_seconds(now + DAY);
    store
        .publish_notice(center, p, &notice, at)
        .await
        .unwrap_or_else(|e| panic!("notice: {e:?}"));
    p
}

/// The price of a supplier's `version`th bid step, in fen: the version can be read back from it.
fn bid_price(version: usize) -> i64 {
    80_000_000 + 101 * version as i64
}

/// A bidder: its supplier, its project, its session, and how far it got.
#[derive(Default)]
struct Bidder {
    supplier_id: i64,
    project_id: i64,
    session: String,
    /// Versions sent (the last may be unanswered) and acknowledged.
    sent: usize,
    acked: usize,
}

/// The bid in force of `supplier` on `project`, as the supplier's own list shows it.
async fn bid_in_force(port: u16, session: &str, project: i64) -> Option<i64> {
    let a = post_browser(
        port,
        "/api/own_bids",
        "application/json",
        "{}",
        Some(session),
    )
    .await?;
    assert_eq!(a.status, 200, "own_bids: {}", a.body);
    let own: serde_json::Value = serde_json::from_str(&a.body).ok()?;
    own.as_array()?
        .iter()
        .find(|b| b["project_id"] == project && b["status"] == "submitted")
        .and_then(|b| b["id"].as_i64())
}

/// One bid step of a bidder: version `version` of its bid, a first bid or a replacement of the
/// bid in force; `None` when the server is gone. Anything but "done" fails the test.
async fn bid_step(
    port: u16,
    project: i64,
    session: &str,
    version: usize,
    in_force: Option<i64>,
) -> Option<()> {
    let price = bid_price(version);
    let price = format!("{}.{:02}", price / 100, price % 100);
    let body = form(&[
        ("price", &price),
        ("validity_days", "90"),
        ("documents", &format!("投标文件-v{version}.pdf")),
    ]);
    let path = match in_force {
        None => format!("/projects/{project}/bids"),
        Some(id) => format!("/projects/{project}/bids/{id}/replace"),
    };
    let a = post_browser(
        port,
        &path,
        "application/x-www-form-urlencoded",
        &body,
        Some(session),
    )
    .await?;
    let to = a.header("location").unwrap_or_default();
    assert!(
        a.status == 303 && to.contains("?done="),
        "bid step {version} on {path}: {} {to} {}",
        a.status,
        a.body
    );
    Some(())
}

/// One bidder's loop: its first bid, then replacements of the bid in force, each a numbered
/// version, while steps are left; stops when the server is gone.
async fn bid_loop(port: u16, me: Arc<tokio::sync::Mutex<Bidder>>, next: Arc<AtomicUsize>) {
    let (project, session) = {
        let b = me.lock().await;
        (b.project_id, b.session.clone())
    };
    let mut in_force: Option<i64> = None;
    loop {
        if next.fetch_add(1, Ordering::SeqCst) >= BIDS {
            return;
        }
        let version = me.lock().await.sent;
        me.lock().await.sent = version + 1;
        if bid_step(port, project, &session, version, in_force)
            .await
            .is_none()
        {
            return; // the server is gone
        }
        me.lock().await.acked = version + 1;
        match bid_in_force(port, &session, project).await {
            Some(id) => in_force = Some(id),
            None => return,
        }
    }
}

/// After the restart: every bidder's versions are stored once each, in order, up to the last
/// acknowledged one or the one in flight; the last is in force, the others replaced; each row
/// has one audit record and one monitor event of its step. Returns the bid rows checked.
async fn check_bids(pool: &sqlx::AnyPool, bidders: &[Bidder]) -> usize {
    let mut all = 0;
    for b in bidders {
        let rows = sqlx::query(
            "SELECT id, price, status FROM bids WHERE project_id = $1 AND supplier_id = $2 ORDER BY id",
        )
        .bind(b.project_id)
        .bind(b.supplier_id)
        .fetch_all(pool)
        .await
        .unwrap();
        let n = rows.len();
        assert!(
            n == b.acked || (n == b.sent && b.sent == b.acked + 1),
            "supplier {}: {n} bid rows stored, {} acknowledged, {} sent",
            b.supplier_id,
            b.acked,
            b.sent
        );
        for (version, r) in rows.iter().enumerate() {
            let price: i64 = r.try_get(1).unwrap();
            let status: String = r.try_get(2).unwrap();
            assert_eq!(
                price,
                bid_price(version),
                "supplier {}: versions in order, each once",
                b.supplier_id
            );
            let expected = if version + 1 == n {
                "submitted"
            } else {
                "replaced"
            };
            assert_eq!(status, expected, "supplier {} v{version}", b.supplier_id);
            let id: i64 = r.try_get(0).unwrap();
            let action = if version == 0 {
                "bid.submit"
            } else {
                "bid.replace"
            };
            let audits: Vec<String> = sqlx::query_scalar(
                "SELECT action FROM audit_log WHERE subject_type = 'bid' AND subject_id = $1",
            )
            .bind(id.to_string())
            .fetch_all(pool)
            .await
            .unwrap();
            assert_eq!(
                audits,
                vec![action.to_owned()],
                "bid {id}: one audit record"
            );
        }
        all += n;
    }
    // No audit record, and no monitor event, of a bid step that is not stored.
    let audited = scalar(
        pool,
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('bid.submit', 'bid.replace')",
    )
    .await;
    let orphans = scalar(
        pool,
        "SELECT COUNT(*) FROM audit_log a WHERE a.action IN ('bid.submit', 'bid.replace') \
         AND NOT EXISTS (SELECT 1 FROM bids b WHERE CAST(b.id AS TEXT) = a.subject_id)",
    )
    .await;
    let events = scalar(
        pool,
        "SELECT COUNT(*) FROM events WHERE kind = 'step' AND action IN ('bid.submit', 'bid.replace')",
    )
    .await;
    let rows = scalar(pool, "SELECT COUNT(*) FROM bids").await;
    assert_eq!(orphans, 0, "an audit record of a bid that is not stored");
    assert_eq!(audited, rows, "one audit record per bid row");
    assert_eq!(events, rows, "one monitor event per bid step");
    assert_eq!(rows, all as i64, "no bid rows besides the bidders'");
    all
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

    // Open tenders (written through the store: their past needs dates) and bidders with
    // accounts, signed in over HTTP.
    let store = t.store();
    let tn = principal(&t.db.pool, "tnjyj").await;
    let center = principal(&t.db.pool, "cgzx").await;
    let mut projects = Vec::new();
    for n in 0..BID_PROJECTS {
        projects.push(open_tender(&store, &tn, &center, n).await);
    }
    let suppliers: Vec<i64> = sqlx::query_scalar("SELECT id FROM suppliers ORDER BY id LIMIT $1")
        .bind(BIDDERS as i64)
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
    assert_eq!(suppliers.len(), BIDDERS);
    let mut bidders = Vec::new();
    for (i, supplier_id) in suppliers.into_iter().enumerate() {
        let username = format!("crashbid{i}");
        store
            .create_user(
                &NewUser {
                    username: username.clone(),
                    display_name: username.clone(),
                    role: Role::Supplier,
                    organisation_id: None,
                    supplier_id: Some(supplier_id),
                    password: demo::DEMO_PASSWORD.into(),
                },
                now_unix() - DAY,
            )
            .await
            .unwrap();
        let a = post_browser(
            port,
            "/login",
            "application/x-www-form-urlencoded",
            &form(&[
                ("username", &username),
                ("password", demo::DEMO_PASSWORD),
                ("next", ""),
            ]),
            None,
        )
        .await
        .expect("login answered");
        let session = a
            .head
            .lines()
            .filter_map(|l| l.split_once(':'))
            .filter(|(k, _)| k.trim().eq_ignore_ascii_case("set-cookie"))
            .find_map(|(_, v)| v.trim().strip_prefix("yiwang_session="))
            .map(|v| v.split(';').next().unwrap_or_default().to_owned())
            .unwrap_or_else(|| panic!("{username} signs in: {} {}", a.status, a.body));
        bidders.push(Arc::new(tokio::sync::Mutex::new(Bidder {
            supplier_id,
            project_id: projects[i % BID_PROJECTS],
            session,
            ..Bidder::default()
        })));
    }

    // Ingest writers: each takes the next number. Bidders: each takes the next bid step.
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
    let next_bid = Arc::new(AtomicUsize::new(0));
    for b in &bidders {
        writers.push(tokio::spawn(bid_loop(port, b.clone(), next_bid.clone())));
    }
    // The server is killed once a third of each kind is acknowledged.
    let started = std::time::Instant::now();
    loop {
        let mut bids_acked = 0;
        for b in &bidders {
            bids_acked += b.lock().await.acked;
        }
        if acked.lock().await.len() >= WRITES / 3 && bids_acked >= BIDS / 3 {
            break;
        }
        // A writer that stopped early failed: its panic is reported below.
        if writers.iter().any(|w| w.is_finished()) {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "too slow: {} ingest writes, {bids_acked} bid steps acknowledged",
            acked.lock().await.len()
        );
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
    let mut bidders: Vec<Bidder> = bidders
        .into_iter()
        .map(|b| Arc::try_unwrap(b).ok().expect("writers done").into_inner())
        .collect();
    let bids_sent: usize = bidders.iter().map(|b| b.sent).sum();
    let bids_acked: usize = bidders.iter().map(|b| b.acked).sum();
    assert!(
        bids_sent < BIDS,
        "killed in the middle: {bids_acked} of {bids_sent} bid steps acknowledged"
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
    let bid_rows = check_bids(pool, &bidders).await;
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
    // The bidders go on where the database says they are: one more version each, with the
    // sessions of before the crash.
    for b in &mut bidders {
        let stored = scalar(
            pool,
            &format!(
                "SELECT COUNT(*) FROM bids WHERE project_id = {} AND supplier_id = {}",
                b.project_id, b.supplier_id
            ),
        )
        .await as usize;
        b.sent = stored;
        b.acked = stored;
    }
    for b in &mut bidders {
        let in_force = bid_in_force(port, &b.session, b.project_id).await;
        assert_eq!(in_force.is_some(), b.sent > 0, "supplier {}", b.supplier_id);
        bid_step(port, b.project_id, &b.session, b.sent, in_force)
            .await
            .expect("the restarted server answers");
        b.sent += 1;
        b.acked = b.sent;
    }
    let after_bids = check_bids(pool, &bidders).await;
    assert_eq!(after_bids, bid_rows + BIDDERS, "one more version each");
    let v = server::audit::verify(pool).await.unwrap();
    assert_eq!(v.problem, None);
    server.start_kill().unwrap();
    server.wait().await.unwrap();
    eprintln!(
        "crash test: ingest {sent} sent, {} acknowledged before SIGKILL, {lines} stored at restart, {after} after replay; \
         bids {bids_sent} steps sent, {bids_acked} acknowledged, {bid_rows} stored at restart",
        acked.len()
    );
}
on_both_databases!(acknowledged_writes_survive_sigkill);
