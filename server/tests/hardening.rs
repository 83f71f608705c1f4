//! Web hardening: security headers and the CSP nonce on every response, no internal error text
//! when the database fails, and logs free of passwords, session ids and personal data.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use common::{get, get_as, login, post_form, session_token, TestDb};
use server::db::Backend;

/// Everything the server logs in this test process (debug level).
fn captured() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let writer = {
            let buf = buf.clone();
            move || Capture(buf.clone())
        };
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
            .with_writer(writer)
            .init();
        buf
    })
    .clone()
}

struct Capture(Arc<Mutex<Vec<u8>>>);
impl Write for Capture {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn nonce_of(csp: &str) -> String {
    csp.split("'nonce-")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .unwrap_or_default()
        .to_owned()
}

async fn every_response_carries_the_security_headers(t: &TestDb) {
    let router = t.router();
    let a = get(&router, "/").await;
    let b = get(&router, "/suppliers/register").await;
    for r in [&a, &b] {
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(r.headers["x-content-type-options"], "nosniff");
        assert_eq!(r.headers["x-frame-options"], "DENY");
        assert_eq!(r.headers["referrer-policy"], "same-origin");
        // The inline hydration script carries this response's nonce.
        let nonce = nonce_of(csp);
        assert_eq!(nonce.len(), 32);
        assert!(r.body.contains(&format!("nonce=\"{nonce}\"")), "{}", r.body);
    }
    assert_ne!(
        nonce_of(a.headers["content-security-policy"].to_str().unwrap()),
        nonce_of(b.headers["content-security-policy"].to_str().unwrap())
    );
    // Also on the API, errors and the bundle.
    let api = get(&router, "/api/v1/openapi.json").await;
    assert_eq!(api.headers["x-content-type-options"], "nosniff");
    let missing = get(&router, "/no-such-page").await;
    assert_eq!(missing.status, 404);
    assert!(missing.headers.contains_key("content-security-policy"));
}
on_both_databases!(every_response_carries_the_security_headers);

async fn a_failing_database_shows_no_internal_text(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let token = session_token(&login(&router, "tnjyj", server::demo::DEMO_PASSWORD).await).unwrap();
    // Break the tables the pages read.
    for table in [
        "findings",
        "approvals",
        "intentions",
        "plans",
        "budget_lines",
        "supplier_categories",
        "suppliers",
    ] {
        let sql = match t.db.backend {
            Backend::Sqlite => format!("DROP TABLE {table}"),
            Backend::Postgres => format!("DROP TABLE {table} CASCADE"),
        };
        let _ = sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&t.db.pool)
            .await;
    }
    let responses = [
        get_as(&router, "/plans", &token).await,
        get_as(&router, "/plans/1", &token).await,
        get(&router, "/suppliers").await,
        post_form(
            &router,
            "/suppliers/register",
            common::encode_form(&common::valid_form(1)),
        )
        .await,
        common::post_json_as(
            &router,
            "/api/plan_desk",
            serde_json::json!({}),
            Some(&token),
        )
        .await,
        common::post_json(
            &router,
            "/api/list_suppliers",
            serde_json::json!({"q": "", "page": 1}),
        )
        .await,
    ];
    for r in responses {
        let body = r.body.to_lowercase();
        for leak in [
            "no such table",
            "relation",
            "does not exist",
            "sqlx",
            "sqlite",
            "postgres",
            "error returned from database",
            "panicked",
        ] {
            assert!(
                !body.contains(leak),
                "{leak} leaked ({}): {}",
                r.status,
                r.body
            );
        }
    }
}
on_both_databases!(a_failing_database_shows_no_internal_text);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_hold_no_passwords_session_ids_or_personal_data() {
    let log = captured();
    let t = TestDb::new(Backend::Sqlite).await;
    server::demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let secret = "Wr0ng-Secret-Pa55";
    let _ = login(&router, "tnjyj", secret).await;
    let ok = login(&router, "tnjyj", server::demo::DEMO_PASSWORD).await;
    let token = session_token(&ok).unwrap();
    let _ = get_as(&router, "/plans", &token).await;
    let _ = get_as(&router, "/account", &token).await;
    let form = common::valid_form(77);
    let _ = post_form(&router, "/suppliers/register", common::encode_form(&form)).await;
    let mut bad = form.clone();
    bad.credit_code = "91320400XXXXXXXXXX".into();
    let _ = post_form(&router, "/suppliers/register", common::encode_form(&bad)).await;
    let text = String::from_utf8(log.lock().unwrap().clone()).unwrap();
    assert!(!text.is_empty(), "the test captured the server's logs");
    for secret in [
        secret,
        server::demo::DEMO_PASSWORD,
        &token,
        &form.phone,
        &form.email,
        &form.legal_rep,
    ] {
        assert!(!text.contains(secret), "the log holds {secret:?}");
    }
    t.cleanup().await;
}

// ---------------------------------------------------------------------------------------------
// Issue 14: redirects, server-function input, caching, origins, the test clock, demo data.

/// A same-origin POST of `body` as it is (JSON content type), with a session if given.
async fn post_raw(
    router: &axum::Router,
    path: &str,
    body: &str,
    session: Option<&str>,
) -> common::TestResponse {
    let mut request = axum::http::Request::post(path)
        .header("host", common::HOST)
        .header("origin", common::ORIGIN)
        .header("content-type", "application/json")
        .header("accept", "application/json");
    if let Some(token) = session {
        request = request.header("cookie", format!("yiwang_session={token}"));
    }
    common::send(
        router,
        request
            .body(axum::body::Body::from(body.to_owned()))
            .unwrap(),
    )
    .await
}

fn location(r: &common::TestResponse) -> &str {
    r.headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// `next` with a tab, CR/LF or another control (raw or percent-encoded) never leaves the site and
/// never answers 500: the language switch and the login form fall back to their default page.
async fn redirects_stay_on_the_site(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    let router = t.router();
    for next in [
        "/%09/evil.example",
        "/%0d%0a/evil.example",
        "/%0D%0ASet-Cookie:%20x=1",
        "%2F%09%2Fevil.example",
        "/%5Cevil.example",
        "//evil.example",
        "/%2F%2Fevil.example",
        "%2F%2Fevil.example",
        "https://evil.example",
    ] {
        let r = get(&router, &format!("/lang/en?next={next}")).await;
        assert_eq!(r.status, 303, "next={next}: {}", r.body);
        assert_eq!(location(&r), "/", "next={next}");
    }
    // A local path with a query still goes back there.
    let r = get(&router, "/lang/en?next=%2Fprojects%2F3%3Fx%3D1").await;
    assert_eq!(location(&r), "/projects/3?x=1");
    // The login form: the decoded `next` holds CR/LF (was 500), a tab, or an encoded tab.
    for next in [
        "/\r\n/evil.example",
        "/\t/evil.example",
        "/%09/evil.example",
        "/%0d%0a/evil.example",
        "/\\evil.example",
    ] {
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("username", "tnjyj")
            .append_pair("password", server::demo::DEMO_PASSWORD)
            .append_pair("next", next)
            .finish();
        let r = post_form(&router, "/login", body).await;
        assert_eq!(r.status, 303, "next={next:?}: {}", r.body);
        assert_eq!(location(&r), "/", "next={next:?}");
        assert!(session_token(&r).is_some());
    }
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("username", "tnjyj")
        .append_pair("password", server::demo::DEMO_PASSWORD)
        .append_pair("next", "/regulator/records?district=320402")
        .finish();
    let r = post_form(&router, "/login", body).await;
    assert_eq!(location(&r), "/regulator/records?district=320402");
}
on_both_databases!(redirects_stay_on_the_site);

/// Arguments a server function cannot read answer 400 with the ingest API's error body naming
/// the field, in Chinese and English, never the deserialiser's text; nothing is stored.
async fn unreadable_server_function_arguments_answer_400(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let token = session_token(&login(&router, "tnjyj", server::demo::DEMO_PASSWORD).await).unwrap();
    let suppliers = t
        .store()
        .count(server::store::Table::Suppliers)
        .await
        .unwrap();
    let cases: &[(&str, &str, &str, &str)] = &[
        ("/api/project_view", r#"{"id":"x"}"#, "id", "json.invalid"),
        ("/api/project_view", "{", "$", "json.syntax"),
        ("/api/project_view", "[]", "$", "json.object"),
        ("/api/project_view", "", "$", "json.empty"),
        ("/api/project_view", "{}", "id", "json.missing"),
        ("/api/project_view", "null", "$", "json.object"),
        ("/api/plan_detail", r#"{"id":"x"}"#, "id", "json.invalid"),
        ("/api/plan_detail", "{", "$", "json.syntax"),
        ("/api/plan_detail", "[]", "$", "json.object"),
        ("/api/plan_detail", "", "$", "json.empty"),
        (
            "/api/list_suppliers",
            r#"{"q":"","page":-1}"#,
            "page",
            "json.invalid",
        ),
        (
            "/api/register_supplier",
            r#"{"form":{"name":5}}"#,
            "form.name",
            "json.invalid",
        ),
        (
            "/api/register_supplier",
            r#"{"form":"x"}"#,
            "form",
            "json.invalid",
        ),
        ("/api/register_supplier", "{", "$", "json.syntax"),
        ("/api/register_supplier", "", "$", "json.empty"),
    ];
    for (path, body, field, code) in cases {
        let r = post_raw(&router, path, body, Some(&token)).await;
        assert_eq!(r.status, 400, "{path} {body:?}: {}", r.body);
        assert_eq!(
            r.headers["content-type"], "application/json",
            "{path} {body:?}"
        );
        let json: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(json["error"], "invalid", "{}", r.body);
        assert!(json["message_zh"].as_str().unwrap().contains("未保存"));
        assert!(json["message_en"]
            .as_str()
            .unwrap()
            .contains("nothing was stored"));
        let f = &json["fields"][0];
        assert_eq!(f["field"], *field, "{path} {body:?}: {}", r.body);
        assert_eq!(f["code"], *code, "{path} {body:?}: {}", r.body);
        assert!(!f["message_zh"].as_str().unwrap().is_empty());
        assert!(!f["message_en"].as_str().unwrap().is_empty());
        for internal in [
            "Deserialization",
            "Args|",
            "expected",
            "i64",
            "u32",
            "line 1",
            "column",
            "serde",
            "EOF",
            "struct",
        ] {
            assert!(
                !r.body.contains(internal),
                "{path} {body:?} shows {internal:?}: {}",
                r.body
            );
        }
        assert!(!r.headers.contains_key("serverfnerror"));
        assert_eq!(r.headers["cache-control"], "no-store");
    }
    // Nothing stored.
    assert_eq!(
        t.store()
            .count(server::store::Table::Suppliers)
            .await
            .unwrap(),
        suppliers
    );
    // Readable arguments still work.
    let r = post_raw(&router, "/api/list_suppliers", r#"{"q":"","page":1}"#, None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = post_raw(&router, "/api/plan_desk", "{}", Some(&token)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // A refusal keeps its short text (the page decides by it).
    let r = post_raw(&router, "/api/plan_desk", "{}", None).await;
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(r.body.contains("unauthenticated"), "{}", r.body);
}
on_both_databases!(unreadable_server_function_arguments_answer_400);

/// `Cache-Control: no-store` on every response to a signed-in request, on server functions and
/// on exports; public pages may be cached. HSTS only on a site served over TLS.
async fn signed_in_pages_server_functions_and_exports_are_not_stored(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let no_store = |r: &common::TestResponse| {
        r.headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("no-store"))
    };
    let public = get(&router, "/").await;
    assert_eq!(public.status, 200);
    assert!(!no_store(&public), "a public page may be cached");
    assert!(!public.headers.contains_key("strict-transport-security"));
    let token = session_token(&login(&router, "tnczj", server::demo::DEMO_PASSWORD).await).unwrap();
    for path in [
        "/",
        "/account",
        "/regulator/dashboard",
        "/export/suppliers.csv",
        "/export/suppliers.xlsx",
        "/regulator/records.csv",
        "/regulator/records.xlsx",
    ] {
        let r = get_as(&router, path, &token).await;
        assert!(r.status < 500, "{path}: {}", r.status);
        assert!(no_store(&r), "{path} ({}) must not be stored", r.status);
    }
    // Exports and server functions without a session too (they answer refusals or data).
    for path in ["/export/suppliers.csv", "/regulator/records.csv"] {
        assert!(no_store(&get(&router, path).await), "{path}");
    }
    let r = common::post_json(
        &router,
        "/api/list_suppliers",
        serde_json::json!({"q": "", "page": 1}),
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(no_store(&r));
    // Served over TLS: HSTS on every response.
    let mut store = t.store();
    store.secure_cookies = true;
    let secure = server::web::router(
        server::web::leptos_options(
            std::path::Path::new("target/site"),
            "127.0.0.1:3000".parse().unwrap(),
        ),
        store,
    );
    for path in ["/", "/login", "/no-such-page"] {
        let r = get(&secure, path).await;
        assert_eq!(
            r.headers["strict-transport-security"], "max-age=31536000",
            "{path}"
        );
    }
}
on_both_databases!(signed_in_pages_server_functions_and_exports_are_not_stored);

fn router_of(store: server::store::Store, test_clock: bool) -> axum::Router {
    server::web::router_with(
        server::web::leptos_options(
            std::path::Path::new("target/site"),
            "127.0.0.1:3000".parse().unwrap(),
        ),
        store,
        server::web::RouterOptions { test_clock },
    )
}

fn post_with_origin(
    path: &str,
    origin: Option<&str>,
    body: String,
) -> axum::http::Request<axum::body::Body> {
    let mut b = axum::http::Request::post(path)
        .header("host", common::HOST)
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(o) = origin {
        b = b.header("origin", o);
    }
    b.body(axum::body::Body::from(body)).unwrap()
}

/// The origin check compares the scheme too: `https://host` is another site than `http://host`
/// (and the other way round on a site served over TLS).
async fn the_origin_check_compares_the_scheme(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    let login_body = format!("username=tnjyj&password={}", server::demo::DEMO_PASSWORD);
    let plain = t.router();
    let r = common::send(
        &plain,
        post_with_origin("/login", Some("https://yiwang.test"), login_body.clone()),
    )
    .await;
    assert_eq!(r.status, 403, "https origin on an http site");
    let r = common::send(
        &plain,
        post_with_origin("/login", Some("http://yiwang.test"), login_body.clone()),
    )
    .await;
    assert_eq!(r.status, 303);
    let mut store = t.store();
    store.secure_cookies = true;
    let secure = router_of(store, false);
    let r = common::send(
        &secure,
        post_with_origin("/login", Some("http://yiwang.test"), login_body.clone()),
    )
    .await;
    assert_eq!(r.status, 403, "http origin on an https site");
    let r = common::send(
        &secure,
        post_with_origin("/login", Some("HTTPS://yiwang.test"), login_body),
    )
    .await;
    assert_eq!(r.status, 303);
}
on_both_databases!(the_origin_check_compares_the_scheme);

#[test]
fn same_origin_unit() {
    use axum::http::{HeaderMap, HeaderValue};
    let headers = |origin: Option<&str>, referer: Option<&str>| {
        let mut h = HeaderMap::new();
        h.insert("host", HeaderValue::from_static("yiwang.test:8443"));
        if let Some(o) = origin {
            h.insert("origin", HeaderValue::from_str(o).unwrap());
        }
        if let Some(r) = referer {
            h.insert("referer", HeaderValue::from_str(r).unwrap());
        }
        h
    };
    use server::web::is_same_origin;
    assert!(is_same_origin(
        &headers(Some("http://yiwang.test:8443"), None),
        false
    ));
    assert!(!is_same_origin(
        &headers(Some("https://yiwang.test:8443"), None),
        false
    ));
    assert!(is_same_origin(
        &headers(Some("https://yiwang.test:8443"), None),
        true
    ));
    assert!(!is_same_origin(
        &headers(Some("http://yiwang.test:8443"), None),
        true
    ));
    assert!(!is_same_origin(
        &headers(Some("http://yiwang.test"), None),
        false
    ));
    assert!(!is_same_origin(&headers(Some("null"), None), false));
    assert!(!is_same_origin(
        &headers(Some("ftp://yiwang.test:8443"), None),
        false
    ));
    assert!(is_same_origin(
        &headers(None, Some("http://yiwang.test:8443/login?x=1")),
        false
    ));
    assert!(!is_same_origin(
        &headers(None, Some("https://yiwang.test:8443/login")),
        false
    ));
    assert!(!is_same_origin(&headers(None, None), false));
}

/// The test clock (browser tests, `YIWANG_TEST_CLOCK=1`) sits inside the router's layers: a
/// same-origin POST only, with the security headers; absent unless asked for.
async fn the_test_clock_is_behind_the_origin_check(t: &TestDb) {
    let with_clock = router_of(t.store(), true);
    let r = common::send(
        &with_clock,
        post_with_origin("/__test/clock?advance=0", None, String::new()),
    )
    .await;
    assert_eq!(r.status, 403, "no Origin: {}", r.body);
    let r = common::send(
        &with_clock,
        post_with_origin(
            "/__test/clock?advance=0",
            Some("http://evil.example"),
            String::new(),
        ),
    )
    .await;
    assert_eq!(r.status, 403);
    let r = common::send(
        &with_clock,
        post_with_origin(
            "/__test/clock?advance=0",
            Some(common::ORIGIN),
            String::new(),
        ),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.headers.contains_key("content-security-policy"));
    assert_eq!(r.headers["cache-control"], "no-store");
    let r = common::send(
        &t.router(),
        post_with_origin(
            "/__test/clock?advance=0",
            Some(common::ORIGIN),
            String::new(),
        ),
    )
    .await;
    assert_ne!(r.status, 200, "no test clock unless asked for");
}
on_both_databases!(the_test_clock_is_behind_the_origin_check);

/// A database holding demo data says so on every page; an empty (or real) one does not.
async fn demo_data_shows_a_banner(t: &TestDb) {
    const BANNER: &str = "演示数据 · Demo data";
    let mut store = t.store();
    assert!(!server::demo::is_demo(&store).await.unwrap());
    store.demo_data = server::demo::is_demo(&store).await.unwrap();
    let empty = router_of(store, false);
    for path in ["/", "/login", "/suppliers", "/no-such-page"] {
        let r = get(&empty, path).await;
        assert!(!r.body.contains(BANNER), "{path} of an empty database");
    }
    server::demo::load(&t.store()).await.unwrap();
    let mut store = t.store();
    assert!(server::demo::is_demo(&store).await.unwrap());
    store.demo_data = server::demo::is_demo(&store).await.unwrap();
    let demo = router_of(store, false);
    let token = session_token(&login(&demo, "tnjyj", server::demo::DEMO_PASSWORD).await).unwrap();
    for path in [
        "/",
        "/login",
        "/suppliers",
        "/suppliers/register",
        "/no-such-page",
    ] {
        let r = get(&demo, path).await;
        assert!(
            r.body.contains(BANNER),
            "{path} ({}) of a demo database",
            r.status
        );
    }
    for path in ["/account", "/plans"] {
        let r = get_as(&demo, path, &token).await;
        assert_eq!(r.status, 200, "{path}");
        assert!(r.body.contains(BANNER), "{path} of a demo database");
    }
    // The marker is an audit record; the chain still verifies.
    let v = server::audit::verify(&t.db.pool).await.unwrap();
    assert_eq!(v.problem, None);
}
on_both_databases!(demo_data_shows_a_banner);
