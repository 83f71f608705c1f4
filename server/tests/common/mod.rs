//! Test support: a fresh database per test, on SQLite (a temporary file) or PostgreSQL (a new
//! database on the local server), and the real router around it.
#![allow(dead_code)]

pub mod labels;

use std::sync::atomic::{AtomicU32, Ordering};

use axum::body::Body;
use axum::http::{header, Request, Response};
use axum::Router;
use http_body_util::BodyExt;
use server::db::{Backend, Db};
use server::store::Store;
use shared::supplier::SupplierForm;
use sqlx::Connection;
use tower::ServiceExt;

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The PostgreSQL server used for tests (trust auth on this machine; `.ci/run` starts it).
pub fn postgres_admin_url() -> String {
    std::env::var("YIWANG_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database made for one test; removed by [`TestDb::cleanup`].
pub struct TestDb {
    pub db: Db,
    pub url: String,
    backend: Backend,
    name: String,
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        sqlx::any::install_default_drivers();
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!("yw_test_{}_{}_{}", std::process::id(), n, nanos);
        let url = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join("yiwang-tests");
                std::fs::create_dir_all(&dir).expect("temp dir");
                format!("sqlite://{}", dir.join(format!("{name}.db")).display())
            }
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let mut conn = sqlx::AnyConnection::connect(&admin)
                    .await
                    .unwrap_or_else(|e| panic!("PostgreSQL at {admin} is needed for these tests (scripts/test.sh starts it): {e}"));
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .expect("create test database");
                let _ = conn.close().await;
                let base = admin
                    .rsplit_once('/')
                    .map(|(b, _)| b.to_owned())
                    .unwrap_or(admin);
                format!("{base}/{name}")
            }
        };
        let db = Db::connect(&url).await.expect("connect and migrate");
        TestDb {
            db,
            url,
            backend,
            name,
        }
    }

    pub fn store(&self) -> Store {
        Store::new(self.db.clone())
    }

    pub fn router(&self) -> Router {
        self.router_of(self.store())
    }

    /// The router over `store` (to watch its event hub).
    pub fn router_of(&self, store: Store) -> Router {
        let options = server::web::leptos_options(
            std::path::Path::new("target/site"),
            "127.0.0.1:3000".parse().unwrap(),
        );
        server::web::router(options, store)
    }

    pub async fn cleanup(self) {
        self.db.pool.close().await;
        match self.backend {
            Backend::Sqlite => {
                if let Some(path) = server::db::sqlite_file(&self.url) {
                    for suffix in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                    }
                }
            }
            Backend::Postgres => {
                if let Ok(mut conn) = sqlx::AnyConnection::connect(&postgres_admin_url()).await {
                    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        self.name
                    )))
                    .execute(&mut conn)
                    .await;
                }
            }
        }
    }
}

/// Runs one async test body against SQLite and against PostgreSQL, as two tests.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let t = super::common::TestDb::new(server::db::Backend::Sqlite).await;
                super::$name(&t).await;
                t.cleanup().await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let t = super::common::TestDb::new(server::db::Backend::Postgres).await;
                super::$name(&t).await;
                t.cleanup().await;
            }
        }
    };
}

/// A valid registration form; `n` varies the name and credit code.
pub fn valid_form(n: u64) -> SupplierForm {
    let mut rng = server::demo::Rng::new(1000 + n);
    SupplierForm {
        name: format!("常州测试科技有限公司{n}"),
        credit_code: server::demo::credit_code(&mut rng, "320402")
            .as_str()
            .to_owned(),
        legal_rep: "张伟".into(),
        contact_person: "李娜".into(),
        phone: "13812345678".into(),
        email: "test@example.cn".into(),
        region: "320402".into(),
        address: "常州市天宁区青洋北路1号".into(),
        size: "small".into(),
        categories: vec![shared::supplier::CATEGORIES[0].code.to_owned()],
        username: format!("supplier{n}"),
        mobile: "13912345678".into(),
        password: shared::account::Secret(SIGNUP_PASSWORD.into()),
        password2: shared::account::Secret(SIGNUP_PASSWORD.into()),
    }
}

/// The password of the accounts [`valid_form`] signs up.
pub const SIGNUP_PASSWORD: &str = "Caigou-2026-ok";

pub struct TestResponse {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as it came (a workbook, a file).
    pub bytes: Vec<u8>,
}

async fn collect(response: Response<Body>) -> TestResponse {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    TestResponse {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes: bytes.to_vec(),
    }
}

pub async fn send(router: &Router, request: Request<Body>) -> TestResponse {
    collect(router.clone().oneshot(request).await.expect("response")).await
}

/// The host the test requests name; same-origin requests carry `Origin: http://HOST`.
pub const HOST: &str = "yiwang.test";
pub const ORIGIN: &str = "http://yiwang.test";

pub async fn post_json(router: &Router, path: &str, json: serde_json::Value) -> TestResponse {
    post_json_as(router, path, json, None).await
}

/// A same-origin JSON post (a server function call), with a session cookie if given.
pub async fn post_json_as(
    router: &Router,
    path: &str,
    json: serde_json::Value,
    session: Option<&str>,
) -> TestResponse {
    let body = json.to_string();
    let mut request = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN);
    if let Some(token) = session {
        request = request.header(header::COOKIE, format!("yiwang_session={token}"));
    }
    let request = request
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .unwrap();
    send(router, request).await
}

pub async fn post_form(router: &Router, path: &str, body: String) -> TestResponse {
    let request = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_LENGTH, body.len())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .body(Body::from(body))
        .unwrap();
    send(router, request).await
}

/// Posts `pairs` as a browser posts a form, signed in with the session `token`.
pub async fn post_form_as(
    router: &Router,
    path: &str,
    pairs: &[(&str, &str)],
    token: &str,
) -> TestResponse {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    let body = s.finish();
    let request = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::COOKIE, format!("yiwang_session={token}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .unwrap();
    send(router, request).await
}

/// Signs a demo account in with the demo password: its session token.
pub async fn session(router: &Router, user: &str) -> String {
    let r = login(router, user, server::demo::DEMO_PASSWORD).await;
    session_token(&r).unwrap_or_else(|| panic!("{user} signs in: {} {}", r.status, r.body))
}

pub async fn get(router: &Router, path: &str) -> TestResponse {
    send(router, Request::get(path).body(Body::empty()).unwrap()).await
}

/// A GET with a session cookie.
pub async fn get_as(router: &Router, path: &str, session: &str) -> TestResponse {
    let request = Request::get(path)
        .header(header::HOST, HOST)
        .header(header::COOKIE, format!("yiwang_session={session}"))
        .body(Body::empty())
        .unwrap();
    send(router, request).await
}

/// Posts the login form from `client` (the TCP peer the server sees).
pub async fn login_from(
    router: &Router,
    username: &str,
    password: &str,
    client: [u8; 4],
) -> TestResponse {
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("username", username)
        .append_pair("password", password)
        .append_pair("next", "")
        .finish();
    let mut request = Request::post("/login")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            client, 40000,
        ))));
    send(router, request).await
}

pub async fn login(router: &Router, username: &str, password: &str) -> TestResponse {
    login_from(router, username, password, [10, 0, 0, 1]).await
}

/// The session token a response's `Set-Cookie` gives, if any.
pub fn session_token(r: &TestResponse) -> Option<String> {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("yiwang_session="))
        .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
        .filter(|t| !t.is_empty())
}

/// URL-encodes a form (categories repeated).
pub fn encode_form(form: &SupplierForm) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    s.append_pair("name", &form.name)
        .append_pair("credit_code", &form.credit_code)
        .append_pair("legal_rep", &form.legal_rep)
        .append_pair("contact_person", &form.contact_person)
        .append_pair("phone", &form.phone)
        .append_pair("email", &form.email)
        .append_pair("region", &form.region)
        .append_pair("address", &form.address)
        .append_pair("size", &form.size)
        .append_pair("username", &form.username)
        .append_pair("mobile", &form.mobile)
        .append_pair("password", form.password.as_str())
        .append_pair("password2", form.password2.as_str());
    for c in &form.categories {
        s.append_pair("categories", c);
    }
    s.finish()
}

/// A new budget line of the signed-in purchaser (fiscal year 2026); its id.
pub async fn budget_line(router: &Router, token: &str, code: &str, amount: &str) -> i64 {
    let r = post_form_as(
        router,
        "/budget-lines",
        &[
            ("code", code),
            ("name", "测试预算指标"),
            ("fiscal_year", "2026"),
            ("approved_amount", amount),
        ],
        token,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let desk = post_json_as(router, "/api/plan_desk", serde_json::json!({}), Some(token)).await;
    let v: serde_json::Value = serde_json::from_str(&desk.body).unwrap();
    v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == code)
        .and_then(|l| l["id"].as_i64())
        .expect("the new line is listed")
}

/// Files a goods plan (品目 A02010104, planned 2026-06-01) on `line`.
pub async fn file_plan(
    router: &Router,
    token: &str,
    line: i64,
    amount: &str,
    method: &str,
) -> TestResponse {
    let line = line.to_string();
    post_form_as(
        router,
        "/plans",
        &[
            ("budget_line_id", &line),
            ("name", "服务器采购"),
            ("object_type", "goods"),
            ("category_code", "A02010104"),
            ("amount", amount),
            ("method", method),
            ("planned_date", "2026-06-01"),
        ],
        token,
    )
    .await
}

/// One number from the database (`SELECT COUNT(*) …`).
pub async fn scalar(t: &TestDb, sql: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

/// Where a response redirects to (empty when it does not).
pub fn location(r: &TestResponse) -> String {
    r.headers
        .get(axum::http::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The principal of demo account `username` (organisation, supplier and jurisdiction as the
/// session would carry them).
pub async fn principal(t: &TestDb, username: &str) -> shared::access::Principal {
    use sqlx::Row;
    let r = sqlx::query(
        "SELECT u.id, u.role, u.organisation_id, u.supplier_id, COALESCE(o.jurisdiction_code, s.region_code) AS jurisdiction \
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id LEFT JOIN suppliers s ON s.id = u.supplier_id \
         WHERE u.username = $1",
    )
    .bind(username.to_owned())
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    shared::access::Principal {
        duty: None,
        user_id: r.try_get("id").unwrap(),
        role: shared::access::Role::from_code(&r.try_get::<String, _>("role").unwrap()).unwrap(),
        organisation_id: r.try_get("organisation_id").unwrap(),
        supplier_id: r.try_get("supplier_id").unwrap(),
        jurisdiction: r.try_get("jurisdiction").unwrap(),
    }
}

/// A released plan of `tn`'s unit: a budget line `code` of 9,000,000 yuan for 2026, a goods plan
/// `name` of `amount` yuan by `method` (`public_tender`, …) with its intention, released on
/// 2026-02-20.
pub async fn released_plan(
    store: &Store,
    tn: &shared::access::Principal,
    code: &str,
    name: &str,
    method: &str,
    amount: &str,
) -> i64 {
    use shared::plan::{BudgetLineForm, IntentionForm, PlanForm};
    let at = |s: &str| shared::time::Instant::parse(s).unwrap().unix_seconds();
    let unit = tn.organisation_id.unwrap();
    let now = at("2026-01-05T09:00");
    let line = BudgetLineForm {
        code: code.into(),
        name: "设备购置".into(),
        fiscal_year: "2026".into(),
        approved_amount: "9,000,000".into(),
    }
    .parse()
    .unwrap();
    let line = store
        .insert_budget_line(tn, unit, &line, now)
        .await
        .unwrap();
    let plan = PlanForm {
        budget_line_id: line.to_string(),
        name: name.into(),
        object_type: "goods".into(),
        category_code: "A02010104".into(),
        amount: amount.into(),
        method: method.into(),
        imports_wanted: String::new(),
        planned_date: "2026-03-01".into(),
    }
    .parse()
    .unwrap();
    let (id, _) = store.insert_plan(tn, unit, &plan, now).await.unwrap();
    store
        .insert_intention(
            tn,
            id,
            &IntentionForm {
                published_on: "2026-01-05".into(),
                media: "江苏政府采购网".into(),
                content: format!("{name}意向"),
            },
            now,
        )
        .await
        .unwrap();
    store
        .release_plan(&reviewer_of(store, tn).await, id, at("2026-02-20T09:00"))
        .await
        .unwrap_or_else(|e| panic!("release: {e:?}"));
    id
}

/// The reviewer (审核) of `handler`'s unit, who releases the plans the handler filed
/// (经办与审核分离): another purchaser account of the same unit (the demo's `tnsh` for
/// 天宁区教育局), made here when the unit has none.
pub async fn reviewer_of(
    store: &Store,
    handler: &shared::access::Principal,
) -> shared::access::Principal {
    let org = handler.organisation_id.expect("a unit's purchaser");
    let other: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM users WHERE organisation_id = $1 AND role = 'purchaser' AND id <> $2 ORDER BY id LIMIT 1",
    )
    .bind(org)
    .bind(handler.user_id)
    .fetch_optional(&store.db.pool)
    .await
    .unwrap();
    let id = match other {
        Some(id) => id,
        None => store
            .create_user(
                &server::auth::NewUser {
                    username: format!("reviewer{org}"),
                    display_name: "审核员".into(),
                    role: shared::access::Role::Purchaser,
                    organisation_id: Some(org),
                    supplier_id: None,
                    password: SIGNUP_PASSWORD.into(),
                },
                0,
            )
            .await
            .unwrap(),
    };
    shared::access::Principal {
        user_id: id,
        ..handler.clone()
    }
}

/// The qualification review of a tender (财政部令第87号 Art 44), every bid in force passing:
/// what a tender needs after its opening before the panel scores or reports.
pub async fn qualify_all(
    t: &TestDb,
    store: &Store,
    runner: &shared::access::Principal,
    project: i64,
    now: i64,
) {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM bids WHERE project_id = $1 AND status = 'submitted'")
            .bind(project)
            .fetch_all(&t.db.pool)
            .await
            .unwrap();
    let form = shared::execution::QualificationForm {
        verdict: ids
            .iter()
            .map(|id| (id.to_string(), "pass".to_owned()))
            .collect(),
        reason: Default::default(),
    };
    store
        .review_qualification(runner, project, &form, now)
        .await
        .unwrap_or_else(|e| panic!("qualification review: {e:?}"));
}
