//! Load generator (issue 8, point 3): `scripts/load.sh` builds and runs it.
//!
//! Starts the release `yiwang` binary on loopback on a fresh database (SQLite file in a temporary
//! folder, or a new PostgreSQL database) with the small demo data, prepares through the store
//! what the simulated users need (accounts, open tenders taking bids, tenders in evaluation with
//! drawn panels), signs everybody in over HTTP, then for a bounded time runs, all at once:
//!
//! - experts: each reads its panel page (`GET /expert/panels`) and its seats (`panel_seats`),
//!   declares where it must, and posts a score sheet (a re-scored sheet replaces the earlier one);
//! - suppliers: each reads its bids page (`GET /supplier/bids`) and its bids (`own_bids`), and
//!   submits or replaces its sealed bid;
//! - regulators: each holds the live monitor's event stream (`/regulator/monitor/stream`, SSE)
//!   open, after loading the monitor page;
//! - ingest: budget lines and plans at a fixed rate (open loop) with an API key made by
//!   `yiwang apikey create`.
//!
//! Each simulated user has one keep-alive connection, like a browser, and waits 1–3 s (uniform)
//! between its rounds. Every answer is checked (status, and the redirect of a done step); the
//! report gives per kind of request the count, the errors and the response times (p50, p90, p99,
//! max), and the monitor's delay: from sending an ingest write to each regulator receiving its
//! event. Loopback only; nothing is downloaded.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use server::auth::NewUser;
use server::db::Db;
use server::store::{now_unix, Store};
use shared::access::{Principal, Role};
use shared::bidding::BidForm;
use shared::execution::NoticeForm;
use shared::model::Method;
use shared::money::Fen;
use shared::plan::{BudgetLineForm, IntentionForm, PlanForm};
use sqlx::Row;

const DAY: i64 = 86_400;
const PASSWORD: &str = server::demo::DEMO_PASSWORD;

#[derive(Parser, Debug)]
#[command(about = "Yiwang load generator (loopback only)")]
struct Args {
    /// The `yiwang` binary to start (the release build).
    #[arg(long)]
    yiwang: std::path::PathBuf,
    /// `sqlite` (a file in a fresh temporary folder) or `postgres` (a new database).
    #[arg(long, default_value = "sqlite")]
    database: String,
    /// The PostgreSQL server on which the database is created (trust auth).
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    postgres: String,
    /// How long the load runs, seconds.
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    #[arg(long, default_value_t = 200)]
    experts: usize,
    #[arg(long, default_value_t = 50)]
    suppliers: usize,
    #[arg(long, default_value_t = 20)]
    regulators: usize,
    /// Ingest writes per second (budget lines and plans).
    #[arg(long, default_value_t = 200)]
    ingest_rate: u64,
    /// The site folder the server serves (`pkg/`); pages render without it.
    #[arg(long, default_value = "target/site")]
    site: String,
    /// Keep the database and the server log.
    #[arg(long)]
    keep: bool,
    /// A simulated user's think time between two actions, at least (milliseconds).
    #[arg(long, default_value_t = 1000)]
    think_min_ms: u64,
    /// … and at most (milliseconds): each pause is uniform in between.
    #[arg(long, default_value_t = 3000)]
    think_max_ms: u64,
}

/// The think time range of this run (set once from the arguments).
static THINK: std::sync::OnceLock<(u64, u64)> = std::sync::OnceLock::new();

// ---------------------------------------------------------------------------------------------
// Measurements

#[derive(Default)]
struct Kind {
    micros: Vec<u64>,
    errors: usize,
    samples: Vec<String>,
}

#[derive(Default)]
struct Stats {
    kinds: Mutex<HashMap<&'static str, Kind>>,
}

impl Stats {
    fn ok(&self, kind: &'static str, took: Duration) {
        let mut k = self.kinds.lock().unwrap();
        k.entry(kind)
            .or_default()
            .micros
            .push(took.as_micros() as u64);
    }

    fn error(&self, kind: &'static str, what: String) {
        let mut k = self.kinds.lock().unwrap();
        let e = k.entry(kind).or_default();
        e.errors += 1;
        if e.samples.len() < 3 {
            e.samples.push(what);
        }
    }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[i.min(sorted.len() - 1)] as f64 / 1000.0
}

// ---------------------------------------------------------------------------------------------
// HTTP: one keep-alive connection per simulated user

#[derive(Debug)]
enum HttpError {
    Connect(std::io::Error),
    Hyper(hyper::Error),
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HttpError::Connect(e) => write!(f, "connect: {e}"),
            HttpError::Hyper(e) => write!(f, "http: {e}"),
        }
    }
}

struct Answer {
    status: u16,
    headers: hyper::HeaderMap,
    body: Bytes,
}

impl Answer {
    fn location(&self) -> &str {
        self.headers
            .get(hyper::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

struct Client {
    addr: SocketAddr,
    host: String,
    sender: Option<SendRequest<Full<Bytes>>>,
    session: Option<String>,
}

async fn open(addr: SocketAddr) -> Result<SendRequest<Full<Bytes>>, HttpError> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(HttpError::Connect)?;
    let _ = stream.set_nodelay(true);
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(HttpError::Hyper)?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

impl Client {
    fn new(addr: SocketAddr) -> Client {
        Client {
            addr,
            host: addr.to_string(),
            sender: None,
            session: None,
        }
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Bytes,
    ) -> hyper::Request<Full<Bytes>> {
        let mut r = hyper::Request::builder()
            .method(method)
            .uri(path)
            .header("host", &self.host)
            // A server function answers JSON to a JSON client (a browser without JavaScript, one
            // that accepts HTML, gets a redirect instead); pages and forms are for HTML.
            .header(
                "accept",
                if content_type == Some("application/json") {
                    "application/json"
                } else {
                    "text/html"
                },
            );
        if method != "GET" {
            r = r.header("origin", format!("http://{}", self.host));
        }
        if let Some(ct) = content_type {
            r = r.header("content-type", ct);
        }
        if let Some(s) = &self.session {
            r = r.header("cookie", format!("yiwang_session={s}"));
        }
        r.body(Full::new(body)).expect("a valid request")
    }

    async fn ready(&mut self) -> Result<&mut SendRequest<Full<Bytes>>, HttpError> {
        let alive = match &mut self.sender {
            Some(s) => s.ready().await.is_ok(),
            None => false,
        };
        if !alive {
            self.sender = Some(open(self.addr).await?);
        }
        Ok(self.sender.as_mut().expect("just opened"))
    }

    async fn send(&mut self, request: hyper::Request<Full<Bytes>>) -> Result<Answer, HttpError> {
        let sender = self.ready().await?;
        let result = sender.send_request(request).await;
        let response = match result {
            Ok(r) => r,
            Err(e) => {
                self.sender = None;
                return Err(HttpError::Hyper(e));
            }
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = match response.into_body().collect().await {
            Ok(b) => b.to_bytes(),
            Err(e) => {
                self.sender = None;
                return Err(HttpError::Hyper(e));
            }
        };
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    async fn get(&mut self, path: &str) -> Result<Answer, HttpError> {
        let r = self.request("GET", path, None, Bytes::new());
        self.send(r).await
    }

    async fn post_form(&mut self, path: &str, pairs: &[(&str, &str)]) -> Result<Answer, HttpError> {
        let r = self.request(
            "POST",
            path,
            Some("application/x-www-form-urlencoded"),
            Bytes::from(encode(pairs)),
        );
        self.send(r).await
    }

    async fn server_fn(&mut self, name: &str) -> Result<Answer, HttpError> {
        let r = self.request(
            "POST",
            &format!("/api/{name}"),
            Some("application/json"),
            Bytes::from_static(b"{}"),
        );
        self.send(r).await
    }
}

fn encode(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// Times a request and records it: `expect` says whether the answer is the right one.
async fn timed<F>(
    stats: &Stats,
    kind: &'static str,
    f: F,
    expect: impl Fn(&Answer) -> bool,
) -> Option<Answer>
where
    F: std::future::Future<Output = Result<Answer, HttpError>>,
{
    let t = Instant::now();
    match f.await {
        Ok(a) if expect(&a) => {
            stats.ok(kind, t.elapsed());
            Some(a)
        }
        Ok(a) => {
            stats.error(
                kind,
                format!(
                    "{} {} {}",
                    a.status,
                    a.location(),
                    String::from_utf8_lossy(&a.body)
                        .chars()
                        .take(300)
                        .collect::<String>()
                ),
            );
            None
        }
        Err(e) => {
            stats.error(kind, e.to_string());
            None
        }
    }
}

fn done(a: &Answer) -> bool {
    a.status == 303 && a.location().contains("?done=")
}

fn is_200(a: &Answer) -> bool {
    a.status == 200
}

// ---------------------------------------------------------------------------------------------
// Setup

async fn principal(pool: &sqlx::AnyPool, username: &str) -> Principal {
    let r = sqlx::query(
        "SELECT u.id, u.role, u.organisation_id, u.supplier_id, COALESCE(o.jurisdiction_code, s.region_code) \
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id LEFT JOIN suppliers s ON s.id = u.supplier_id \
         WHERE u.username = $1",
    )
    .bind(username.to_owned())
    .fetch_one(pool)
    .await
    .unwrap_or_else(|e| panic!("account {username}: {e}"));
    Principal {
        duty: None,
        user_id: r.try_get(0).unwrap(),
        role: Role::from_code(&r.try_get::<String, _>(1).unwrap()).unwrap(),
        organisation_id: r.try_get(2).unwrap(),
        supplier_id: r.try_get(3).unwrap(),
        jurisdiction: r.try_get(4).unwrap(),
    }
}

async fn new_user(
    store: &Store,
    name: &str,
    role: Role,
    organisation_id: Option<i64>,
    supplier_id: Option<i64>,
) -> i64 {
    store
        .create_user(
            &NewUser {
                username: name.into(),
                display_name: name.into(),
                role,
                organisation_id,
                supplier_id,
                password: PASSWORD.into(),
            },
            now_unix() - 100 * DAY,
        )
        .await
        .unwrap_or_else(|e| panic!("account {name}: {e:?}"))
}

/// A public tender of 天宁区教育局 run by the procurement center, its past dated through the
/// store: plan 80 days before `end`, notice 21 days before it; the bid deadline is `deadline`.
async fn tender(
    store: &Store,
    tn: &Principal,
    center: &Principal,
    n: usize,
    end: i64,
    deadline: i64,
) -> i64 {
    // Goods, services, works in turn: the library's experts are specialised (A02, C16, B01).
    let (object_type, category) = [
        ("goods", "A02010104"),
        ("services", "C16070000"),
        ("works", "B01000000"),
    ][n % 3];
    let t0 = end - 80 * DAY;
    let unit = tn.organisation_id.expect("a unit");
    let line = BudgetLineForm {
        code: format!("LOAD-T{n}"),
        name: "设备购置".into(),
        fiscal_year: "2026".into(),
        approved_amount: "9,000,000".into(),
    }
    .parse()
    .expect("budget line form");
    let line = store
        .insert_budget_line(tn, unit, &line, t0)
        .await
        .expect("budget line");
    let plan = PlanForm {
        budget_line_id: line.to_string(),
        name: format!("负载测试设备采购{n}"),
        object_type: object_type.into(),
        category_code: category.into(),
        amount: "1,000,000".into(),
        method: "public_tender".into(),
        imports_wanted: String::new(),
        planned_date: shared::time::Instant::from_unix_seconds(t0 + 40 * DAY)
            .china_date()
            .to_string(),
    }
    .parse()
    .expect("plan form");
    let (plan, _) = store.insert_plan(tn, unit, &plan, t0).await.expect("plan");
    store
        .insert_intention(
            tn,
            plan,
            &IntentionForm {
                published_on: shared::time::Instant::from_unix_seconds(t0)
                    .china_date()
                    .to_string(),
                media: "江苏政府采购网".into(),
                content: "设备采购意向".into(),
            },
            t0,
        )
        .await
        .expect("intention");
    store
        .release_plan(tn, plan, t0 + 35 * DAY)
        .await
        .expect("release");
    let p = store
        .create_project(tn, plan, center.organisation_id, end - 30 * DAY)
        .await
        .expect("project")
        .id;
    let at = end - 21 * DAY;
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
        shared::time::Instant::from_unix_seconds(at),
    )
    .expect("notice form");
    notice.deadline = shared::time::Instant::from_unix_seconds(deadline);
    store
        .publish_notice(center, p, &notice, at)
        .await
        .unwrap_or_else(|e| panic!("notice: {e:?}"));
    p
}

fn bid(price_fen: i64) -> shared::bidding::NewBid {
    BidForm {
        price: format!("{}.{:02}", price_fen / 100, price_fen % 100),
        validity_days: "90".into(),
        documents: vec!["投标文件.pdf".into()],
        lot: String::new(),
    }
    .parse()
    .expect("bid form")
}

struct Setup {
    experts: Vec<String>,
    suppliers: Vec<(String, i64)>,
    regulators: Vec<String>,
    /// The purchaser units the ingest writes for (all of the demo's, city-wide).
    units: Vec<i64>,
    scoring_projects: usize,
}

async fn setup(store: &Store, args: &Args) -> Setup {
    let pool = &store.db.pool;
    let tn = principal(pool, "tnjyj").await;
    let center = principal(pool, "cgzx").await;
    let city = principal(pool, "czczj").await;
    let district = principal(pool, "tnczj").await;
    let now = now_unix();

    // Suppliers with accounts; each bids on one of the open tenders (ten to a tender).
    let supplier_ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM suppliers ORDER BY id LIMIT $1")
            .bind(args.suppliers.max(3) as i64)
            .fetch_all(pool)
            .await
            .expect("suppliers");
    let mut supplier_principals = Vec::new();
    for (i, id) in supplier_ids.iter().enumerate() {
        let name = format!("loadgys{i}");
        new_user(store, &name, Role::Supplier, None, Some(*id)).await;
        supplier_principals.push((name.clone(), principal(pool, &name).await));
    }
    let open_tenders = args.suppliers.div_ceil(10).max(1);
    let mut open = Vec::new();
    for n in 0..open_tenders {
        open.push(tender(store, &tn, &center, 1000 + n, now, now + DAY).await);
    }
    let suppliers = supplier_principals
        .iter()
        .take(args.suppliers)
        .enumerate()
        .map(|(i, (name, _))| (name.clone(), open[i % open.len()]))
        .collect();

    // Tenders in evaluation: three bids each (before the deadline 15 days ago), opened, a panel
    // drawn; as many as it takes to seat the experts wanted.
    let mut seated: Vec<i64> = Vec::new();
    let mut scoring_projects = 0;
    let mut n = 0;
    while seated.len() < args.experts && n < 150 {
        let notice_end = now - 15 * DAY;
        let p = tender(store, &tn, &center, n, notice_end, notice_end).await;
        for k in 0..3 {
            let (_, s) = &supplier_principals[(n * 3 + k) % supplier_principals.len()];
            store
                .submit_bid(
                    s,
                    p,
                    &bid(80_000_000 + 1_000_000 * k as i64),
                    notice_end - 2 * DAY,
                )
                .await
                .unwrap_or_else(|e| panic!("bid: {e:?}"));
        }
        store
            .open_bids(&center, p, notice_end + 60)
            .await
            .unwrap_or_else(|e| panic!("opening: {e:?}"));
        n += 1;
        if let Err(e) = store
            .draw_panel(&center, p, 20261126 + n as u64, notice_end + 120)
            .await
        {
            // The library is used up (each expert sits on at most 5 panels of one agency a
            // year): go with the experts seated so far.
            eprintln!("draw {n}: {e:?}");
            break;
        }
        scoring_projects += 1;
        let drawn: Vec<i64> = sqlx::query_scalar(
            "SELECT expert_id FROM panel_members WHERE project_id = $1 AND status = 'drawn' ORDER BY expert_id",
        )
        .bind(p)
        .fetch_all(pool)
        .await
        .expect("panel");
        for e in drawn {
            if !seated.contains(&e) {
                seated.push(e);
            }
        }
    }
    seated.truncate(args.experts);
    let mut experts = Vec::new();
    for e in &seated {
        let existing: Option<i64> = sqlx::query_scalar("SELECT user_id FROM experts WHERE id = $1")
            .bind(*e)
            .fetch_one(pool)
            .await
            .expect("expert");
        let name = match existing {
            Some(u) => sqlx::query_scalar("SELECT username FROM users WHERE id = $1")
                .bind(u)
                .fetch_one(pool)
                .await
                .expect("user"),
            None => {
                let name = format!("loadzj{e}");
                let uid = new_user(store, &name, Role::Expert, None, None).await;
                sqlx::query("UPDATE experts SET user_id = $1 WHERE id = $2")
                    .bind(uid)
                    .bind(*e)
                    .execute(pool)
                    .await
                    .expect("link expert");
                name
            }
        };
        experts.push(name);
    }

    // Regulators: half the city's finance bureau (every jurisdiction), half 天宁区's.
    let mut regulators = Vec::new();
    for i in 0..args.regulators {
        let org = if i % 2 == 0 { &city } else { &district };
        let name = format!("loadjg{i}");
        new_user(store, &name, Role::Regulator, org.organisation_id, None).await;
        regulators.push(name);
    }
    let units = sqlx::query("SELECT id FROM organisations WHERE kind = 'purchaser' ORDER BY id")
        .fetch_all(pool)
        .await
        .expect("units")
        .iter()
        .map(|r| r.try_get(0).expect("an id"))
        .collect();
    Setup {
        experts,
        suppliers,
        regulators,
        units,
        scoring_projects,
    }
}

async fn login(addr: SocketAddr, stats: &Stats, user: &str) -> Client {
    let mut c = Client::new(addr);
    let a = timed(
        stats,
        "login (POST /login, Argon2id)",
        c.post_form(
            "/login",
            &[("username", user), ("password", PASSWORD), ("next", "")],
        ),
        |a| a.status == 303,
    )
    .await
    .unwrap_or_else(|| panic!("{user} cannot sign in"));
    let token = a
        .headers
        .get_all(hyper::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("yiwang_session="))
        .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
        .unwrap_or_else(|| panic!("{user}: no session"));
    c.session = Some(token);
    c
}

// ---------------------------------------------------------------------------------------------
// The simulated users

struct Clock {
    stop: AtomicBool,
}

async fn think(rng: &mut server::demo::Rng, clock: &Clock) -> bool {
    let (lo, hi) = THINK.get().copied().unwrap_or((1000, 3000));
    let ms = lo + rng.below((hi.saturating_sub(lo) + 1) as usize) as u64;
    tokio::time::sleep(Duration::from_millis(ms)).await;
    !clock.stop.load(Ordering::SeqCst)
}

async fn expert(mut c: Client, stats: Arc<Stats>, clock: Arc<Clock>, seed: u64) {
    let mut rng = server::demo::Rng::new(seed);
    // Spread the starts over the first think time.
    tokio::time::sleep(Duration::from_millis(rng.below(2000) as u64)).await;
    loop {
        timed(
            &stats,
            "expert GET /expert/panels",
            c.get("/expert/panels"),
            is_200,
        )
        .await;
        let seats = timed(
            &stats,
            "expert panel_seats (JSON)",
            c.server_fn("panel_seats"),
            is_200,
        )
        .await
        .map(|a| a.json());
        let seats: Vec<serde_json::Value> = seats
            .and_then(|s| s.as_array().cloned())
            .unwrap_or_default();
        if !seats.is_empty() {
            let seat = rng.pick(&seats).clone();
            let p = seat["project_id"].as_i64().unwrap_or(0);
            if seat["gate"] == "must_declare" {
                timed(
                    &stats,
                    "expert declaration (form)",
                    c.post_form(&format!("/projects/{p}/declaration"), &[("confirm", "on")]),
                    done,
                )
                .await;
            } else if seat["gate"] == "may_score" {
                let bids = seat["bids"].as_array().cloned().unwrap_or_default();
                let criteria = seat["scheme"]["criteria"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                if !bids.is_empty() {
                    let bid = rng.pick(&bids)["id"].as_str().unwrap_or("").to_owned();
                    let mut pairs: Vec<(String, String)> = vec![("bid_id".into(), bid)];
                    for criterion in &criteria {
                        let max = criterion["max_hundredths"].as_i64().unwrap_or(0) / 100;
                        let id = criterion["id"].as_str().unwrap_or("");
                        pairs.push((
                            format!("scores.{id}"),
                            (rng.below(max as usize + 1)).to_string(),
                        ));
                        // A reason, as an expert gives it (required for extreme scores).
                        pairs.push((
                            format!("comments.{id}"),
                            "响应文件与招标文件要求逐项对照，评分理由如上所述。".to_owned(),
                        ));
                    }
                    let refs: Vec<(&str, &str)> = pairs
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    timed(
                        &stats,
                        "expert score sheet (form)",
                        c.post_form(&format!("/projects/{p}/scores"), &refs),
                        done,
                    )
                    .await;
                }
            }
        }
        if !think(&mut rng, &clock).await {
            return;
        }
    }
}

async fn supplier(mut c: Client, project: i64, stats: Arc<Stats>, clock: Arc<Clock>, seed: u64) {
    let mut rng = server::demo::Rng::new(seed);
    tokio::time::sleep(Duration::from_millis(rng.below(2000) as u64)).await;
    loop {
        timed(
            &stats,
            "supplier GET /supplier/bids",
            c.get("/supplier/bids"),
            is_200,
        )
        .await;
        let own = timed(
            &stats,
            "supplier own_bids (JSON)",
            c.server_fn("own_bids"),
            is_200,
        )
        .await;
        if let Some(own) = own {
            let in_force = own.json().as_array().and_then(|a| {
                a.iter()
                    .find(|b| b["project_id"] == project && b["status"] == "submitted")
                    .and_then(|b| b["id"].as_i64())
            });
            let price = 50_000_000 + rng.below(40_000_000) as i64;
            let price = format!("{}.{:02}", price / 100, price % 100);
            let pairs = [
                ("price", price.as_str()),
                ("validity_days", "90"),
                ("documents", "投标文件.pdf"),
                ("documents", "资格证明.pdf"),
            ];
            match in_force {
                None => {
                    timed(
                        &stats,
                        "supplier bid submit (form)",
                        c.post_form(&format!("/projects/{project}/bids"), &pairs),
                        done,
                    )
                    .await;
                }
                Some(id) => {
                    timed(
                        &stats,
                        "supplier bid replace (form)",
                        c.post_form(&format!("/projects/{project}/bids/{id}/replace"), &pairs),
                        done,
                    )
                    .await;
                }
            }
        }
        if !think(&mut rng, &clock).await {
            return;
        }
    }
}

/// Ingest writes sent, by event key (`action` and subject id), with the instant each was sent,
/// and the instants the regulators received each event.
#[derive(Default)]
struct Delays {
    sent: Mutex<HashMap<String, Instant>>,
    received: Mutex<Vec<(String, Instant)>>,
    events: Mutex<Vec<usize>>,
}

async fn regulator(mut c: Client, stats: Arc<Stats>, clock: Arc<Clock>, delays: Arc<Delays>) {
    timed(
        &stats,
        "regulator GET /regulator/monitor",
        c.get("/regulator/monitor"),
        is_200,
    )
    .await;
    let mut count = 0;
    let mut last_id: Option<String> = None;
    while !clock.stop.load(Ordering::SeqCst) {
        let mut r = c.request("GET", "/regulator/monitor/stream", None, Bytes::new());
        r.headers_mut().insert(
            hyper::header::ACCEPT,
            hyper::header::HeaderValue::from_static("text/event-stream"),
        );
        if let Some(id) = &last_id {
            if let Ok(v) = hyper::header::HeaderValue::from_str(id) {
                r.headers_mut().insert("last-event-id", v);
            }
        }
        let t = Instant::now();
        let sender = match c.ready().await {
            Ok(s) => s,
            Err(e) => {
                stats.error("regulator SSE connect (headers)", e.to_string());
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
        };
        let response = match sender.send_request(r).await {
            Ok(r) if r.status() == 200 => r,
            Ok(r) => {
                stats.error("regulator SSE connect (headers)", r.status().to_string());
                c.sender = None;
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
            Err(e) => {
                stats.error("regulator SSE connect (headers)", e.to_string());
                c.sender = None;
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
        };
        stats.ok("regulator SSE connect (headers)", t.elapsed());
        let mut body = response.into_body();
        let mut buf = String::new();
        loop {
            let frame = tokio::select! {
                f = body.frame() => f,
                _ = tokio::time::sleep(Duration::from_millis(250)) => {
                    if clock.stop.load(Ordering::SeqCst) { break; }
                    continue;
                }
            };
            let Some(Ok(frame)) = frame else {
                if !clock.stop.load(Ordering::SeqCst) {
                    stats.error("regulator SSE stream", "the stream ended".into());
                }
                break;
            };
            let Ok(data) = frame.into_data() else {
                continue;
            };
            let at = Instant::now();
            buf.push_str(&String::from_utf8_lossy(&data));
            while let Some(end) = buf.find("\n\n") {
                let event: String = buf.drain(..end + 2).collect();
                let mut json = None;
                for line in event.lines() {
                    if let Some(d) = line.strip_prefix("data:") {
                        json = serde_json::from_str::<serde_json::Value>(d.trim()).ok();
                    } else if let Some(id) = line.strip_prefix("id:") {
                        last_id = Some(id.trim().to_owned());
                    }
                }
                if let Some(j) = json {
                    count += 1;
                    let action = j["action"].as_str().unwrap_or("");
                    if action.starts_with("ingest.") && j["kind"] == "step" {
                        let key = format!("{action}:{}", j["subject_id"].as_str().unwrap_or(""));
                        delays.received.lock().unwrap().push((key, at));
                    }
                }
            }
        }
        c.sender = None; // the stream's connection is done with
    }
    delays.events.lock().unwrap().push(count);
}

/// The 品目 of the ingested plans, in turn (goods).
const INGEST_CATEGORIES: [&str; 5] = [
    "A02010104",
    "A02010105",
    "A02010108",
    "A02021000",
    "A02061804",
];

/// Ingest at a fixed rate, open loop: one write every 1/rate s whatever the answers take;
/// budget lines, and plans on lines already stored — as a city's systems send them: for every
/// purchaser unit in turn, plans of several categories (a unit's plans of one category in a
/// year form one group of the splitting checks P11/P12, which look at the whole group).
async fn ingest(
    addr: SocketAddr,
    key: String,
    units: Vec<i64>,
    rate: u64,
    stats: Arc<Stats>,
    clock: Arc<Clock>,
    delays: Arc<Delays>,
) -> usize {
    let pool: Arc<Mutex<Vec<Client>>> = Arc::default();
    let lines: Arc<Mutex<Vec<(i64, String)>>> = Arc::default();
    let units = Arc::new(units);
    let mut ticker = tokio::time::interval(Duration::from_micros(1_000_000 / rate.max(1)));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let n = Arc::new(AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    while !clock.stop.load(Ordering::SeqCst) {
        ticker.tick().await;
        let i = n.fetch_add(1, Ordering::SeqCst);
        let (pool, lines, stats, delays, key) = (
            pool.clone(),
            lines.clone(),
            stats.clone(),
            delays.clone(),
            key.clone(),
        );
        let unit = units[i / 2 % units.len()];
        let category = INGEST_CATEGORIES[i / 2 / units.len() % INGEST_CATEGORIES.len()];
        tasks.spawn(async move {
            let mut c = pool
                .lock()
                .unwrap()
                .pop()
                .unwrap_or_else(|| Client::new(addr));
            let line = if i % 2 == 1 {
                lines.lock().unwrap().pop()
            } else {
                None
            };
            let (kind, path, body) = match &line {
                Some((line_unit, code)) => (
                    "ingest POST /api/v1/plans",
                    "/api/v1/plans",
                    serde_json::json!({
                        "unit": line_unit.to_string(),
                        "fiscal_year": 2026,
                        "budget_line_code": code,
                        "name": format!("负载测试计划{i}"),
                        "object_type": "goods",
                        "category_code": category,
                        "amount": 30_000_000,
                        "method": "request_for_quotation",
                        "planned_date": "2026-12-20",
                    }),
                ),
                None => (
                    "ingest POST /api/v1/budget-lines",
                    "/api/v1/budget-lines",
                    serde_json::json!({
                        "unit": unit.to_string(),
                        "fiscal_year": 2026,
                        "code": format!("LOAD-{i:07}"),
                        "name": "负载测试指标",
                        "approved_amount": 50_000_000,
                    }),
                ),
            };
            let mut r = c.request(
                "POST",
                path,
                Some("application/json"),
                Bytes::from(body.to_string()),
            );
            let h = r.headers_mut();
            h.remove("origin");
            h.remove("cookie");
            h.insert(
                hyper::header::AUTHORIZATION,
                hyper::header::HeaderValue::from_str(&format!("Bearer {key}")).expect("a key"),
            );
            h.insert(
                "idempotency-key",
                hyper::header::HeaderValue::from_str(&format!("load-{i}")).expect("a key"),
            );
            let sent = Instant::now();
            let a = timed(&stats, kind, c.send(r), |a| a.status == 201).await;
            if let Some(a) = a {
                let j = a.json();
                let action = if line.is_some() {
                    "ingest.plan"
                } else {
                    "ingest.budget_line"
                };
                let id = j["id"].as_i64().unwrap_or(0);
                delays
                    .sent
                    .lock()
                    .unwrap()
                    .insert(format!("{action}:{id}"), sent);
                if line.is_none() {
                    lines.lock().unwrap().push((unit, format!("LOAD-{i:07}")));
                }
            }
            pool.lock().unwrap().push(c);
        });
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    n.load(Ordering::SeqCst)
}

// ---------------------------------------------------------------------------------------------

/// The 1-minute load average (`/proc/loadavg`), for the report.
fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

/// User + system CPU seconds of a process so far (`/proc/PID/stat`, 100 ticks a second).
fn cpu_seconds(pid: Option<u32>) -> f64 {
    let Some(stat) = pid.and_then(|p| std::fs::read_to_string(format!("/proc/{p}/stat")).ok())
    else {
        return 0.0;
    };
    // The fields after the command name (which may hold spaces) in parentheses.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on loopback")
}

async fn scalar(pool: &sqlx::AnyPool, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(pool)
        .await
        .and_then(|r| r.try_get(0))
        .unwrap_or(-1)
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let _ = THINK.set((args.think_min_ms, args.think_max_ms.max(args.think_min_ms)));
    sqlx::any::install_default_drivers();
    let run = std::env::temp_dir().join(format!("yiwang-load-{}", std::process::id()));
    std::fs::create_dir_all(&run).expect("run folder");
    let pg_name = format!("yw_load_{}", std::process::id());
    let url = match args.database.as_str() {
        "sqlite" => format!("sqlite://{}", run.join("yiwang.db").display()),
        "postgres" => {
            use sqlx::Connection;
            let mut conn = sqlx::AnyConnection::connect(&args.postgres)
                .await
                .expect("PostgreSQL admin connection");
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {pg_name}")))
                .execute(&mut conn)
                .await
                .expect("create the database");
            let base = args
                .postgres
                .rsplit_once('/')
                .map(|(b, _)| b.to_owned())
                .unwrap_or_else(|| args.postgres.clone());
            format!("{base}/{pg_name}")
        }
        other => panic!("--database sqlite|postgres, not {other}"),
    };
    let port = free_port();
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let log = std::fs::File::create(run.join("server.log")).expect("server log");
    let log_out = log.try_clone().expect("server log");
    let cmd = |c: &mut tokio::process::Command| {
        c.env("DATABASE_URL", &url)
            .env("YIWANG_SITE", &args.site)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null());
    };
    let started = Instant::now();
    let mut srv = tokio::process::Command::new(&args.yiwang);
    cmd(&mut srv);
    let mut srv = srv
        .arg("serve")
        .env("YIWANG_ADDR", addr.to_string())
        .env("YIWANG_DEMO", "small")
        .stdout(log_out)
        .stderr(log)
        .kill_on_drop(true)
        .spawn()
        .expect("start yiwang");
    while tokio::net::TcpStream::connect(addr).await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "yiwang did not start"
        );
        if let Ok(Some(status)) = srv.try_wait() {
            panic!(
                "yiwang exited: {status} (log: {})",
                run.join("server.log").display()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!(
        "server up on {addr} ({}, small demo) in {:.1} s",
        args.database,
        started.elapsed().as_secs_f64()
    );

    // The ingest key, as an operator makes it.
    let mut keycmd = tokio::process::Command::new(&args.yiwang);
    cmd(&mut keycmd);
    let out = keycmd
        .args([
            "apikey",
            "create",
            "--name",
            "load",
            "--jurisdiction",
            "320400",
            "--kinds",
            "budget_line,plan",
        ])
        .output()
        .await
        .expect("yiwang apikey create");
    let key = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .find(|w| w.starts_with("yw_"))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no key: {}", String::from_utf8_lossy(&out.stderr)));

    let t = Instant::now();
    let db = Db::connect(&url).await.expect("database");
    let store = Store::new(db);
    let s = setup(&store, &args).await;
    eprintln!(
        "setup through the store in {:.1} s: {} experts seated on {} tenders in evaluation, {} suppliers on open tenders, {} regulators",
        t.elapsed().as_secs_f64(),
        s.experts.len(),
        s.scoring_projects,
        s.suppliers.len(),
        s.regulators.len()
    );

    // Everybody signs in (Argon2id on the server), four at a time.
    let stats = Arc::new(Stats::default());
    let t = Instant::now();
    let mut users: Vec<String> = s.experts.clone();
    users.extend(s.suppliers.iter().map(|(n, _)| n.clone()));
    users.extend(s.regulators.iter().cloned());
    let queue = Arc::new(Mutex::new(users.clone()));
    let sessions: Arc<Mutex<HashMap<String, Client>>> = Arc::default();
    let mut logins = Vec::new();
    for _ in 0..4 {
        let (queue, sessions, stats) = (queue.clone(), sessions.clone(), stats.clone());
        logins.push(tokio::spawn(async move {
            loop {
                let Some(u) = queue.lock().unwrap().pop() else {
                    return;
                };
                let c = login(addr, &stats, &u).await;
                sessions.lock().unwrap().insert(u, c);
            }
        }));
    }
    for l in logins {
        l.await.expect("logins");
    }
    let mut sessions = std::mem::take(&mut *sessions.lock().unwrap());
    eprintln!(
        "{} sign-ins in {:.1} s",
        users.len(),
        t.elapsed().as_secs_f64()
    );

    // The load.
    let clock = Arc::new(Clock {
        stop: AtomicBool::new(false),
    });
    let delays = Arc::new(Delays::default());
    let before_audit = scalar(&store.db.pool, "SELECT COUNT(*) FROM audit_log").await;
    let load_before = loadavg();
    let cpu_before = cpu_seconds(srv.id());
    let mut tasks = Vec::new();
    for r in &s.regulators {
        let c = sessions.remove(r).expect("session");
        tasks.push(tokio::spawn(regulator(
            c,
            stats.clone(),
            clock.clone(),
            delays.clone(),
        )));
    }
    // The monitors connect first.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let t = Instant::now();
    for (i, e) in s.experts.iter().enumerate() {
        let c = sessions.remove(e).expect("session");
        tasks.push(tokio::spawn(expert(
            c,
            stats.clone(),
            clock.clone(),
            1 + i as u64,
        )));
    }
    for (i, (name, p)) in s.suppliers.iter().enumerate() {
        let c = sessions.remove(name).expect("session");
        tasks.push(tokio::spawn(supplier(
            c,
            *p,
            stats.clone(),
            clock.clone(),
            10_001 + i as u64,
        )));
    }
    let ingest_task = tokio::spawn(ingest(
        addr,
        key,
        s.units.clone(),
        args.ingest_rate,
        stats.clone(),
        clock.clone(),
        delays.clone(),
    ));
    tokio::time::sleep(Duration::from_secs(args.seconds)).await;
    clock.stop.store(true, Ordering::SeqCst);
    let ingested = ingest_task.await.expect("ingest");
    for task in tasks {
        task.await.expect("a simulated user");
    }
    let elapsed = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds(srv.id()) - cpu_before;
    let load_after = loadavg();
    // Let the monitors' last events arrive (they stop reading at the stop signal; this only
    // counts what they had).
    let after_audit = scalar(&store.db.pool, "SELECT COUNT(*) FROM audit_log").await;
    let verified = server::audit::verify(&store.db.pool).await;
    let pool = &store.db.pool;
    let mut stored = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM bids",
        "SELECT COUNT(*) FROM score_sheets",
        "SELECT COUNT(*) FROM budget_lines WHERE code LIKE 'LOAD-0%'",
        "SELECT COUNT(*) FROM plans WHERE name LIKE '负载测试计划%'",
    ] {
        stored.push(scalar(pool, sql).await);
    }

    // The report.
    // The report (a synchronous block: the locks are released before the next await).
    let errors = {
        let kinds = stats.kinds.lock().unwrap();
        let mut names: Vec<&&str> = kinds.keys().collect();
        names.sort();
        println!();
        println!(
            "load: {} s on {} — {} experts, {} suppliers, {} regulators, ingest {}/s ({} sent)",
            args.seconds,
            args.database,
            s.experts.len(),
            s.suppliers.len(),
            s.regulators.len(),
            args.ingest_rate,
            ingested
        );
        println!(
        "machine: load average {load_before} before, {load_after} after; the server used {cpu:.1} s of CPU in {elapsed:.1} s ({:.2} cores)",
        cpu / elapsed
    );
        println!();
        println!("| request | count | errors | p50 ms | p90 ms | p99 ms | max ms |");
        println!("|---|---:|---:|---:|---:|---:|---:|");
        let mut total = 0;
        let mut errors = 0;
        for name in names {
            let k = &kinds[*name];
            let mut v = k.micros.clone();
            v.sort_unstable();
            total += v.len() + k.errors;
            errors += k.errors;
            println!(
                "| {name} | {} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
                v.len() + k.errors,
                k.errors,
                percentile(&v, 50.0),
                percentile(&v, 90.0),
                percentile(&v, 99.0),
                percentile(&v, 100.0),
            );
        }
        println!();
        let in_window: usize = kinds
            .iter()
            .filter(|(k, _)| !k.starts_with("login"))
            .map(|(_, k)| k.micros.len() + k.errors)
            .sum();
        println!(
        "{total} requests, {errors} errors; during the load {in_window} requests in {elapsed:.1} s = {:.0} requests/s",
        in_window as f64 / elapsed
    );
        // The monitor's delay: from sending an ingest write to each regulator receiving its event.
        let sent = delays.sent.lock().unwrap();
        let received = delays.received.lock().unwrap();
        let mut d: Vec<u64> = received
            .iter()
            .filter_map(|(k, at)| {
                sent.get(k)
                    .map(|s| at.saturating_duration_since(*s).as_micros() as u64)
            })
            .collect();
        d.sort_unstable();
        let events = delays.events.lock().unwrap();
        println!(
        "monitor: {} ingest events received by {} regulators (events per regulator {}–{}); delay from the write's request: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        d.len(),
        events.len(),
        events.iter().min().unwrap_or(&0),
        events.iter().max().unwrap_or(&0),
        percentile(&d, 50.0),
        percentile(&d, 90.0),
        percentile(&d, 99.0),
        percentile(&d, 100.0),
    );
        for name in kinds.keys() {
            for s in &kinds[name].samples {
                println!("error sample [{name}]: {s}");
            }
        }
        println!(
        "stored: {} audit records during the load; bids {}, score sheets {}, budget lines {}, plans {}; audit chain: {}",
        after_audit - before_audit,
        stored[0],
        stored[1],
        stored[2],
        stored[3],
        match &verified {
            Ok(v) if v.problem.is_none() => "intact".to_owned(),
            Ok(v) => format!("{:?}", v.problem),
            Err(e) => format!("not verified: {e}"),
        }
    );
        errors
    };

    let _ = srv.start_kill();
    let _ = srv.wait().await;
    store.db.pool.close().await;
    if args.keep {
        eprintln!("kept: {} ({url})", run.display());
    } else {
        let _ = std::fs::remove_dir_all(&run);
        if args.database == "postgres" {
            use sqlx::Connection;
            if let Ok(mut conn) = sqlx::AnyConnection::connect(&args.postgres).await {
                let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)"
                )))
                .execute(&mut conn)
                .await;
            }
        }
    }
    if errors > 0 {
        std::process::exit(1);
    }
}
