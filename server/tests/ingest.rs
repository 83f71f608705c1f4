//! The ingest API (`/api/v1/…`) through the real router, on both databases: keys, scopes,
//! idempotency, field errors with nothing stored, stored findings, and the OpenAPI snapshot.

mod common;

use axum::body::Body;
use axum::http::{header, Request};
use serde_json::{json, Value};
use server::ingest::keys;
use server::store::now_unix;
use sqlx::Row;

/// A purchaser unit in `jurisdiction`; returns its id and credit code.
async fn unit(t: &common::TestDb, n: u64, jurisdiction: &str) -> (i64, String) {
    let mut rng = server::demo::Rng::new(5000 + n);
    let code = server::demo::credit_code(&mut rng, jurisdiction)
        .as_str()
        .to_owned();
    let id: i64 = sqlx::query(
        "INSERT INTO organisations (kind, name, credit_code, jurisdiction_code, created_at) \
         VALUES ('purchaser', $1, $2, $3, 0) RETURNING id",
    )
    .bind(format!("测试预算单位{n}"))
    .bind(code.clone())
    .bind(jurisdiction.to_owned())
    .fetch_one(&t.db.pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap();
    (id, code)
}

async fn key(t: &common::TestDb, name: &str, jurisdiction: &str, kinds: &str) -> String {
    keys::create_key(&t.db, name, jurisdiction, kinds, now_unix())
        .await
        .unwrap()
        .key
}

/// A machine's POST: no `Origin`, no cookie; the key and the idempotency key when given.
async fn post(
    router: &axum::Router,
    path: &str,
    key: Option<&str>,
    idem: Option<&str>,
    body: &Value,
) -> common::TestResponse {
    let body = body.to_string();
    let mut request = Request::post(path)
        .header(header::HOST, common::HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, body.len());
    if let Some(key) = key {
        request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    if let Some(idem) = idem {
        request = request.header("idempotency-key", idem);
    }
    common::send(router, request.body(Body::from(body)).unwrap()).await
}

/// Fen of an amount in yuan.
fn yuan(y: i64) -> i64 {
    y * 100
}

fn json_of(r: &common::TestResponse) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

async fn count(t: &common::TestDb, table: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

/// Rows of every table a write touches.
async fn counts(t: &common::TestDb) -> Vec<i64> {
    let mut out = Vec::new();
    for table in [
        "budget_lines",
        "plans",
        "ingest_projects",
        "findings",
        "idempotency_keys",
        "audit_log",
    ] {
        out.push(count(t, table).await);
    }
    out
}

fn budget_line(unit: &str, code: &str, approved: i64) -> Value {
    json!({
        "unit": unit,
        "fiscal_year": 2026,
        "code": code,
        "name": "计算机设备购置",
        "approved_amount": approved,
    })
}

fn plan(unit: &str, line: &str, amount: i64, method: &str) -> Value {
    json!({
        "unit": unit,
        "fiscal_year": 2026,
        "budget_line_code": line,
        "name": "区属学校计算机教室设备采购",
        "object_type": "goods",
        "category_code": "A02010104",
        "amount": amount,
        "method": method,
        "planned_date": "2026-03-01",
    })
}

on_both_databases!(a_request_without_a_live_key_is_refused_alike);
async fn a_request_without_a_live_key_is_refused_alike(t: &common::TestDb) {
    let (_, code) = unit(t, 1, "320402").await;
    let live = key(t, "finance", "320400", "budget_line").await;
    let revoked = key(t, "old finance", "320400", "budget_line").await;
    let revoked_id = keys::list_keys(&t.db)
        .await
        .unwrap()
        .into_iter()
        .find(|k| k.name == "old finance")
        .unwrap()
        .id;
    assert!(keys::revoke_key(&t.db, revoked_id, now_unix())
        .await
        .unwrap());
    assert!(!keys::revoke_key(&t.db, revoked_id, now_unix())
        .await
        .unwrap());
    let (prefix, _) = keys::parse_key(&live).unwrap();
    let wrong_secret = format!("yw_{prefix}_{}", "0".repeat(64));
    let router = t.router();
    let body = budget_line(&code, "BL-1", yuan(100_000));
    let before = counts(t).await;
    let mut bodies = Vec::new();
    for k in [
        None,
        Some("nonsense"),
        Some(wrong_secret.as_str()),
        Some(revoked.as_str()),
    ] {
        let r = post(&router, "/api/v1/budget-lines", k, Some("k-1"), &body).await;
        assert_eq!(r.status, 401, "{k:?}: {}", r.body);
        assert_eq!(r.headers.get("www-authenticate").unwrap(), "Bearer");
        assert_eq!(json_of(&r)["error"], "unauthorized");
        bodies.push(r.body);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "{bodies:?}");
    assert_eq!(counts(t).await, before);
    // The live key gets in; no Origin header is needed (machines, not browsers).
    let r = post(
        &router,
        "/api/v1/budget-lines",
        Some(&live),
        Some("k-1"),
        &body,
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    // A session cookie grants nothing here.
    let request = Request::post("/api/v1/budget-lines")
        .header(header::HOST, common::HOST)
        .header(header::ORIGIN, common::ORIGIN)
        .header(header::COOKIE, format!("yiwang_session={}", "a".repeat(64)))
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", "k-2")
        .body(Body::from(body.to_string()))
        .unwrap();
    assert_eq!(common::send(&router, request).await.status, 401);
}

on_both_databases!(a_key_writes_its_kinds_in_its_jurisdiction_only);
async fn a_key_writes_its_kinds_in_its_jurisdiction_only(t: &common::TestDb) {
    let (_, tianning) = unit(t, 1, "320402").await;
    let (wujin_id, wujin) = unit(t, 2, "320412").await;
    let district = key(t, "tianning finance", "320402", "budget_line").await;
    let city = key(t, "city finance", "320400", "budget_line,plan").await;
    let router = t.router();
    let before = counts(t).await;
    // Another kind: 403.
    let r = post(
        &router,
        "/api/v1/plans",
        Some(&district),
        Some("p-1"),
        &plan(&tianning, "BL-1", 100, "public_tender"),
    )
    .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(json_of(&r)["error"], "forbidden");
    // Another district's unit, named by credit code or by id: 403, and nothing about the unit.
    for who in [wujin.clone(), wujin_id.to_string()] {
        let r = post(
            &router,
            "/api/v1/budget-lines",
            Some(&district),
            Some(&format!("b-{who}")),
            &budget_line(&who, "BL-1", 100),
        )
        .await;
        assert_eq!(r.status, 403, "{}", r.body);
        assert!(
            !r.body.contains("测试预算单位") && !r.body.contains("320412"),
            "{}",
            r.body
        );
    }
    assert_eq!(counts(t).await, before, "nothing stored");
    // Its own district: stored. The city's key covers every district.
    let r = post(
        &router,
        "/api/v1/budget-lines",
        Some(&district),
        Some("b-own"),
        &budget_line(&tianning, "BL-1", 100),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = post(
        &router,
        "/api/v1/budget-lines",
        Some(&city),
        Some("b-city"),
        &budget_line(&wujin, "BL-1", 100),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let stored: String =
        sqlx::query("SELECT jurisdiction_code FROM budget_lines WHERE unit_id = $1")
            .bind(wujin_id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
    assert_eq!(stored, "320412");
    // The same line again under a new idempotency key: a conflict, nothing stored.
    let before = counts(t).await;
    let r = post(
        &router,
        "/api/v1/budget-lines",
        Some(&city),
        Some("b-city-2"),
        &budget_line(&wujin, "BL-1", 100),
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(json_of(&r)["fields"][0]["field"], "code");
    assert_eq!(counts(t).await, before);
}

on_both_databases!(a_replay_answers_the_first_answer_and_stores_nothing);
async fn a_replay_answers_the_first_answer_and_stores_nothing(t: &common::TestDb) {
    let (_, code) = unit(t, 1, "320402").await;
    let k = key(t, "finance", "320400", "budget_line").await;
    let router = t.router();
    let body = budget_line(&code, "BL-7", yuan(500_000));
    let r = post(&router, "/api/v1/budget-lines", Some(&k), None, &body).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(json_of(&r)["error"], "idempotency_key_required");
    let first = post(
        &router,
        "/api/v1/budget-lines",
        Some(&k),
        Some("req-7"),
        &body,
    )
    .await;
    assert_eq!(first.status, 201, "{}", first.body);
    assert!(first.headers.get("idempotent-replayed").is_none());
    let answer = json_of(&first);
    assert_eq!(answer["kind"], "budget_line");
    assert!(answer["id"].as_i64().unwrap() > 0);
    let after_first = counts(t).await;
    let again = post(
        &router,
        "/api/v1/budget-lines",
        Some(&k),
        Some("req-7"),
        &body,
    )
    .await;
    assert_eq!(again.status, 201);
    assert_eq!(again.body, first.body);
    assert_eq!(again.headers.get("idempotent-replayed").unwrap(), "true");
    assert_eq!(counts(t).await, after_first, "nothing stored twice");
    // The same key with another body.
    let other = budget_line(&code, "BL-8", yuan(500_000));
    let r = post(
        &router,
        "/api/v1/budget-lines",
        Some(&k),
        Some("req-7"),
        &other,
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(json_of(&r)["error"], "idempotency_key_reused");
    assert_eq!(counts(t).await, after_first);
    // The audit trail names the key and the request.
    let row = sqlx::query(
        "SELECT action, subject_type, after_json FROM audit_log WHERE action LIKE 'ingest.%'",
    )
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(row.len(), 1);
    let after: String = row[0].try_get(2).unwrap();
    let after: Value = serde_json::from_str(&after).unwrap();
    assert_eq!(after["api_key"]["name"], "finance");
    assert_eq!(after["idempotency_key"], "req-7");
    assert_eq!(after["request"]["code"], "BL-7");
}

on_both_databases!(two_identical_requests_at_once_store_one_record);
async fn two_identical_requests_at_once_store_one_record(t: &common::TestDb) {
    let (_, code) = unit(t, 1, "320402").await;
    let k = key(t, "finance", "320400", "budget_line").await;
    let router = t.router();
    let body = budget_line(&code, "BL-9", yuan(100));
    let (a, b) = tokio::join!(
        post(
            &router,
            "/api/v1/budget-lines",
            Some(&k),
            Some("same"),
            &body
        ),
        post(
            &router,
            "/api/v1/budget-lines",
            Some(&k),
            Some("same"),
            &body
        )
    );
    assert_eq!((a.status, b.status), (201, 201), "{} / {}", a.body, b.body);
    assert_eq!(a.body, b.body);
    assert_eq!(count(t, "budget_lines").await, 1);
    assert_eq!(count(t, "idempotency_keys").await, 1);
}

on_both_databases!(bad_input_gets_field_errors_and_stores_nothing);
async fn bad_input_gets_field_errors_and_stores_nothing(t: &common::TestDb) {
    let (_, code) = unit(t, 1, "320402").await;
    let k = key(t, "trading", "320400", "budget_line,plan,notice,bid").await;
    let router = t.router();
    let before = counts(t).await;
    let bad = json!({
        "unit": "12345678901234567X",
        "fiscal_year": 1999,
        "code": "BL 1",
        "name": "",
        "approved_amount": 0,
        "adjusted_amount": -1,
    });
    let r = post(
        &router,
        "/api/v1/budget-lines",
        Some(&k),
        Some("bad-1"),
        &bad,
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let answer = json_of(&r);
    assert_eq!(answer["error"], "invalid");
    let fields: Vec<&str> = answer["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    // The web app's budget-line form decides (its field order), the API's own fields around it.
    assert_eq!(
        fields,
        [
            "unit",
            "code",
            "name",
            "fiscal_year",
            "approved_amount",
            "adjusted_amount"
        ]
    );
    for f in answer["fields"].as_array().unwrap() {
        assert!(!f["message_zh"].as_str().unwrap().is_empty());
        assert!(!f["message_en"].as_str().unwrap().is_empty());
    }
    // A typo in a field name, a wrong type: the path is named.
    let r = post(
        &router,
        "/api/v1/plans",
        Some(&k),
        Some("bad-2"),
        &json!({"unit": code, "fiscal_yaer": 2026}),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("fiscal_yaer"), "{}", r.body);
    let mut body = plan(&code, "BL-1", 100, "public_tender");
    body["amount"] = json!("100");
    let r = post(&router, "/api/v1/plans", Some(&k), Some("bad-3"), &body).await;
    assert_eq!(json_of(&r)["fields"][0]["field"], "amount", "{}", r.body);
    // A plan on a budget line that does not exist.
    let r = post(
        &router,
        "/api/v1/plans",
        Some(&k),
        Some("bad-4"),
        &plan(&code, "BL-X", 100, "public_tender"),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(json_of(&r)["fields"][0]["field"], "budget_line_code");
    // An unknown organisation.
    let r = post(
        &router,
        "/api/v1/budget-lines",
        Some(&k),
        Some("bad-5"),
        &budget_line("999999", "BL-1", 100),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(json_of(&r)["fields"][0]["code"], "org.unknown");
    // Not JSON.
    let request = Request::post("/api/v1/budget-lines")
        .header(header::AUTHORIZATION, format!("Bearer {k}"))
        .header("idempotency-key", "bad-6")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("x"))
        .unwrap();
    assert_eq!(common::send(&router, request).await.status, 415);
    // Bids for a project nobody sent; a first notice without the project.
    let bids = json!({"bids": [{"id": "B1", "supplier_id": "S1", "status": "valid"}]});
    let r = post(
        &router,
        "/api/v1/projects/CZ-1/bids",
        Some(&k),
        Some("bad-7"),
        &bids,
    )
    .await;
    assert_eq!(r.status, 404, "{}", r.body);
    let notice = json!({"notice": {"kind": "tender", "published_at": "2026-03-02T09:00"}});
    let r = post(
        &router,
        "/api/v1/projects/CZ-1/notices",
        Some(&k),
        Some("bad-8"),
        &notice,
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(json_of(&r)["fields"][0]["field"], "project");
    // An unknown endpoint answers JSON too.
    let r = post(&router, "/api/v1/tenders", Some(&k), Some("bad-9"), &notice).await;
    assert_eq!(r.status, 404);
    assert_eq!(json_of(&r)["error"], "no_such_endpoint");
    assert_eq!(counts(t).await, before, "nothing stored");
}

async fn findings(t: &common::TestDb, subject_type: &str) -> Vec<(String, String, String)> {
    sqlx::query(
        "SELECT check_id, step, subject_id FROM findings WHERE subject_type = $1 ORDER BY id",
    )
    .bind(subject_type.to_owned())
    .fetch_all(&t.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.try_get(0).unwrap(),
            r.try_get(1).unwrap(),
            r.try_get(2).unwrap(),
        )
    })
    .collect()
}

on_both_databases!(a_plan_is_filed_as_in_the_web_app_refused_over_budget_warned_otherwise);
async fn a_plan_is_filed_as_in_the_web_app_refused_over_budget_warned_otherwise(
    t: &common::TestDb,
) {
    let (_, code) = unit(t, 1, "320402").await;
    let k = key(t, "planning", "320402", "budget_line,plan").await;
    let router = t.router();
    // A line of 1,000,000.00 元; a plan of 600,000.00 元 fits, a second one does not: filing is
    // refused (P01, GP Law Art 6), with the finding, and nothing is stored.
    let r = post(
        &router,
        "/api/v1/budget-lines",
        Some(&k),
        Some("l"),
        &budget_line(&code, "BL-1", yuan(1_000_000)),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = post(
        &router,
        "/api/v1/plans",
        Some(&k),
        Some("p1"),
        &plan(&code, "BL-1", yuan(600_000), "public_tender"),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let first = json_of(&r);
    assert!(
        first["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["check_id"] != "P01"),
        "{first}"
    );
    let before = counts(t).await;
    let r = post(
        &router,
        "/api/v1/plans",
        Some(&k),
        Some("p2"),
        &plan(&code, "BL-1", yuan(600_000), "public_tender"),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let refused = json_of(&r);
    assert_eq!(refused["error"], "refused");
    assert_eq!(refused["fields"][0]["field"], "amount");
    assert_eq!(refused["fields"][0]["code"], "refused.P01");
    let p01 = &refused["findings"][0];
    assert_eq!(p01["check_id"], "P01");
    assert_eq!(p01["severity"], "critical");
    assert!(
        p01["message_zh"].as_str().unwrap().contains("超预算"),
        "{p01}"
    );
    assert!(
        p01["message_en"].as_str().unwrap().contains("Over budget"),
        "{p01}"
    );
    assert_eq!(counts(t).await, before, "nothing stored");
    // The client may fix the request and send it again under the same idempotency key.
    let r = post(
        &router,
        "/api/v1/plans",
        Some(&k),
        Some("p2"),
        &plan(&code, "BL-1", yuan(400_000), "public_tender"),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    // Above the open-tender threshold (4,000,000.00 元 for local goods) by consultation, no
    // approval: P04.
    let r = post(
        &router,
        "/api/v1/budget-lines",
        Some(&k),
        Some("l2"),
        &budget_line(&code, "BL-2", yuan(9_000_000)),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = post(
        &router,
        "/api/v1/plans",
        Some(&k),
        Some("p3"),
        &plan(&code, "BL-2", yuan(5_000_000), "competitive_consultation"),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let third = json_of(&r);
    let ids: Vec<&str> = third["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["check_id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"P04") && !ids.contains(&"P01"), "{third}");
    let stored = findings(t, "plan").await;
    assert!(
        stored.contains(&(
            "P04".to_owned(),
            "ingest.plan".to_owned(),
            third["id"].to_string()
        )),
        "{stored:?}"
    );
    // The plans are stored as filed, charged to their lines.
    let filed: i64 = sqlx::query("SELECT COUNT(*) FROM plans WHERE status = 'filed'")
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(filed, 3);
}

fn project(id: &str, purchaser: &str) -> Value {
    json!({
        "id": id,
        "name": "区属学校计算机教室设备采购",
        "purchaser_id": purchaser,
        "method": "public_tender",
        "object_type": "goods",
        "budget_amount": yuan(500_000),
    })
}

on_both_databases!(a_project_grows_from_notices_bids_awards_contracts_and_payments);
async fn a_project_grows_from_notices_bids_awards_contracts_and_payments(t: &common::TestDb) {
    let (_, code) = unit(t, 1, "320402").await;
    let (_, elsewhere) = unit(t, 2, "320412").await;
    let trading = key(
        t,
        "czggzy",
        "320402",
        "notice,bid,evaluation,award,contract",
    )
    .await;
    let finance = key(t, "tianning finance", "320402", "payment").await;
    let router = t.router();
    // A project in another district: 403.
    let notice = |id: &str, purchaser: &str, opening: &str| {
        json!({
            "project": project(id, purchaser),
            "notice": {"id": format!("{id}-N1"), "kind": "tender", "published_at": "2026-03-02T09:00"},
            "deadline": opening,
            "opening_at": opening,
        })
    };
    let r = post(
        &router,
        "/api/v1/projects/W-1/notices",
        Some(&trading),
        Some("n0"),
        &notice("W-1", &elsewhere, "2026-03-24T09:30"),
    )
    .await;
    assert_eq!(r.status, 403, "{}", r.body);
    // Opening in the future: bids are refused until then.
    let r = post(
        &router,
        "/api/v1/projects/F-1/notices",
        Some(&trading),
        Some("n1"),
        &notice("F-1", &code, "2099-03-24T09:30"),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let bids = json!({"bids": [
        {"id": "B1", "supplier_id": "S1", "status": "valid", "price": yuan(468_000)},
        {"id": "B2", "supplier_id": "S2", "status": "valid", "price": yuan(472_000)},
        {"id": "B3", "supplier_id": "S3", "status": "valid", "price": yuan(480_000)}
    ]});
    let before = counts(t).await;
    let r = post(
        &router,
        "/api/v1/projects/F-1/bids",
        Some(&trading),
        Some("b1"),
        &bids,
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(json_of(&r)["fields"][0]["code"], "bids.before_opening");
    assert_eq!(counts(t).await, before);
    // Opened already: the chain goes on.
    let r = post(
        &router,
        "/api/v1/projects/CZ-1/notices",
        Some(&trading),
        Some("n2"),
        &notice("CZ-1", &code, "2026-03-24T09:30"),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let created = json_of(&r);
    assert_eq!(created["project_id"], "CZ-1");
    let project_row = created["id"].as_i64().unwrap();
    let r = post(
        &router,
        "/api/v1/projects/CZ-1/bids",
        Some(&trading),
        Some("b2"),
        &bids,
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(json_of(&r)["id"].as_i64(), Some(project_row));
    let r = post(
        &router,
        "/api/v1/projects/CZ-1/evaluations",
        Some(&trading),
        Some("e1"),
        &json!({
            "report": {"version": 1, "signed_at": "2026-03-25T17:00", "ranking": ["S1", "S2", "S3"]}
        }),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = post(&router, "/api/v1/projects/CZ-1/awards", Some(&trading), Some("a1"), &json!({
        "award": {"supplier_id": "S1", "bid_id": "B1", "amount": yuan(468_000), "confirmed_at": "2026-03-30T10:00", "notified_at": "2026-04-02T10:00", "published_at": "2026-04-02T10:00"}
    })).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let r = post(&router, "/api/v1/projects/CZ-1/contracts", Some(&trading), Some("c1"), &json!({
        "contract": {"id": "HT-1", "supplier_id": "S1", "amount": yuan(468_000), "signed_at": "2026-04-10T10:00"}
    })).await;
    assert_eq!(r.status, 201, "{}", r.body);
    // The finance system pays against the trading system's project.
    let payment = json!({
        "project_source": "czggzy",
        "project_id": "CZ-1",
        "payment": {"contract_id": "HT-1", "paid_at": "2026-05-20T10:00", "amount": yuan(468_000), "payee_id": "S1", "is_final": true}
    });
    let r = post(
        &router,
        "/api/v1/payments",
        Some(&finance),
        Some("pay-1"),
        &payment,
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let mut unknown = payment.clone();
    unknown["project_id"] = json!("CZ-404");
    let r = post(
        &router,
        "/api/v1/payments",
        Some(&finance),
        Some("pay-2"),
        &unknown,
    )
    .await;
    assert_eq!(r.status, 404, "{}", r.body);
    // One project row holding the whole record.
    assert_eq!(count(t, "ingest_projects").await, 2);
    let text: String =
        sqlx::query("SELECT record_json FROM ingest_projects WHERE external_id = 'CZ-1'")
            .fetch_one(&t.db.pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
    let record = shared::model::ProjectRecord::from_json(&text).unwrap();
    assert_eq!(record.project.jurisdiction_code.as_deref(), Some("320402"));
    assert_eq!(
        (
            record.notices.len(),
            record.bids.len(),
            record.reports.len(),
            record.awards.len(),
            record.contracts.len(),
            record.payments.len()
        ),
        (1, 3, 1, 1, 1, 1)
    );
    let actions: Vec<String> =
        sqlx::query("SELECT action FROM audit_log WHERE action LIKE 'ingest.%' ORDER BY id")
            .fetch_all(&t.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get(0).unwrap())
            .collect();
    assert_eq!(
        actions,
        [
            "ingest.notice",
            "ingest.notice",
            "ingest.bid",
            "ingest.evaluation",
            "ingest.award",
            "ingest.contract",
            "ingest.payment"
        ]
    );
    // Every stored finding of a project names its step and the project's row.
    let rows: Vec<String> = sqlx::query("SELECT CAST(id AS TEXT) FROM ingest_projects")
        .fetch_all(&t.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get(0).unwrap())
        .collect();
    for (_, step, subject) in findings(t, "project").await {
        assert!(step.starts_with("ingest."), "{step}");
        assert!(rows.contains(&subject), "{subject} not in {rows:?}");
    }
}

on_both_databases!(the_openapi_document_is_served_and_matches_the_snapshot);
async fn the_openapi_document_is_served_and_matches_the_snapshot(t: &common::TestDb) {
    let r = common::get(&t.router(), "/api/v1/openapi.json").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.headers.get("content-type").unwrap(), "application/json");
    let doc = json_of(&r);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/units",
        "/budget-lines",
        "/plans",
        "/projects/{project_id}/notices",
        "/projects/{project_id}/bids",
        "/projects/{project_id}/evaluations",
        "/projects/{project_id}/awards",
        "/projects/{project_id}/contracts",
        "/payments",
    ] {
        assert!(paths.contains_key(p), "{p}");
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/openapi.json");
    if std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &r.body).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == r.body,
        "docs/openapi.json differs from the served document: review the change, then run \
         `UPDATE_SNAPSHOTS=1 cargo test -p server --test ingest openapi` and commit the file"
    );
}

on_both_databases!(the_budget_system_sends_its_units_and_then_their_lines);
/// Issue 17 point 4: purchaser units come from the budget system: `POST /api/v1/units` creates
/// a unit (audited), the same credit code again updates its name, the key's jurisdiction bounds
/// it, bad input stores nothing, and a budget line can then name the unit.
async fn the_budget_system_sends_its_units_and_then_their_lines(t: &common::TestDb) {
    let district = key(t, "tianning budget", "320402", "unit,budget_line").await;
    let other = key(t, "tianning plans", "320402", "plan").await;
    let router = t.router();
    let mut rng = server::demo::Rng::new(7777);
    let code = server::demo::credit_code(&mut rng, "320402")
        .as_str()
        .to_owned();
    let unit = |name: &str, jurisdiction: &str| json!({"credit_code": code, "name": name, "jurisdiction": jurisdiction});
    let before = count(t, "organisations").await;
    // Another kind's key, another district, bad fields: nothing stored.
    let r = post(
        &router,
        "/api/v1/units",
        Some(&other),
        Some("u-0"),
        &unit("常州市天宁区档案馆", "320402"),
    )
    .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = post(
        &router,
        "/api/v1/units",
        Some(&district),
        Some("u-1"),
        &unit("常州市武进区档案馆", "320412"),
    )
    .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = post(
        &router,
        "/api/v1/units",
        Some(&district),
        Some("u-2"),
        &json!({"credit_code": "123", "name": "x", "jurisdiction": "320402"}),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let fields: Vec<String> = json_of(&r)["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        fields.contains(&"credit_code".to_owned()) && fields.contains(&"name".to_owned()),
        "{fields:?}"
    );
    assert_eq!(count(t, "organisations").await, before);
    // Created, then updated by the same credit code.
    let r = post(
        &router,
        "/api/v1/units",
        Some(&district),
        Some("u-3"),
        &unit("常州市天宁区档案馆", "320402"),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = json_of(&r)["id"].as_i64().unwrap();
    let r = post(
        &router,
        "/api/v1/units",
        Some(&district),
        Some("u-4"),
        &unit("常州市天宁区档案馆（史志办）", "320402"),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(json_of(&r)["id"].as_i64().unwrap(), id);
    assert_eq!(count(t, "organisations").await, before + 1);
    let (name, kind): (String, String) =
        sqlx::query_as("SELECT name, kind FROM organisations WHERE id = $1")
            .bind(id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), kind.as_str()),
        ("常州市天宁区档案馆（史志办）", "purchaser")
    );
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'ingest.unit'")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    assert_eq!(audited, 2);
    // Its budget line, by its credit code.
    let r = post(
        &router,
        "/api/v1/budget-lines",
        Some(&district),
        Some("u-5"),
        &budget_line(&code, "DA-1", 100),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
}
