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
