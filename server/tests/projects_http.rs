//! Procurement execution (issue 5) over HTTP, on SQLite and PostgreSQL: the form posts of every
//! step and the read server functions, with sessions. HTTP takes the real clock, so the past of a
//! project (plan, notice) is set up through the store with an explicit `now`, and the notice's
//! deadline lies a few seconds ahead: the bids arrive over HTTP before it, the opening after it.
//! Sealed bids are checked on every answer; the role × route matrix on every route.

mod common;

use common::principal;

use common::location;
use common::scalar as count;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request};
use common::{get_as, login, post_json_as, send, session_token, TestDb, HOST, ORIGIN};
use server::auth::NewUser;
use server::demo;
use server::store::{now_unix, Store};
use shared::access::{Principal, Role};
use shared::approval::{RequestForm, Verdict};
use shared::execution::NoticeForm;
use shared::model::Method;
use shared::money::Fen;
use shared::plan::{BudgetLineForm, IntentionForm, PlanForm};
use shared::time::Instant;
use sqlx::Row;

const DAY: i64 = 86_400;
/// How far ahead of the real clock the bid deadline lies.
const WINDOW: i64 = 4;

async fn session(router: &axum::Router, user: &str) -> String {
    let r = login(router, user, demo::DEMO_PASSWORD).await;
    session_token(&r).unwrap_or_else(|| panic!("{user} signs in: {} {}", r.status, r.body))
}

async fn post_form_as(
    router: &axum::Router,
    path: &str,
    pairs: &[(&str, &str)],
    token: Option<&str>,
) -> common::TestResponse {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    let body = s.finish();
    let mut request = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN);
    if let Some(token) = token {
        request = request.header(header::COOKIE, format!("yiwang_session={token}"));
    }
    let request = request
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .unwrap();
    send(router, request).await
}

/// Posts a step and expects it done: 303 to the project with `?done=<step>`.
async fn step(router: &axum::Router, token: &str, path: &str, pairs: &[(&str, &str)]) {
    let r = post_form_as(router, path, pairs, Some(token)).await;
    assert_eq!(r.status, 303, "{path}: {}", r.body);
    assert!(location(&r).contains("?done="), "{path}: {}", location(&r));
}

async fn new_user(store: &Store, name: &str, role: Role, supplier: Option<i64>) {
    store
        .create_user(
            &NewUser {
                username: name.into(),
                display_name: name.into(),
                role,
                organisation_id: None,
                supplier_id: supplier,
                password: demo::DEMO_PASSWORD.into(),
            },
            now_unix() - 100 * DAY,
        )
        .await
        .unwrap();
}

/// A released plan of 天宁区教育局, its past dated from `t0` (days before now).
async fn released_plan(store: &Store, tn: &Principal, method: &str, amount: &str, t0: i64) -> i64 {
    let unit = tn.organisation_id.unwrap();
    let line = BudgetLineForm {
        code: format!("H-{}", method.replace('_', "-")),
        name: "设备购置".into(),
        fiscal_year: "2026".into(),
        approved_amount: "9,000,000".into(),
    }
    .parse()
    .unwrap();
    let line = store.insert_budget_line(tn, unit, &line, t0).await.unwrap();
    let plan = PlanForm {
        budget_line_id: line.to_string(),
        name: format!("教学设备采购（{method}）"),
        object_type: "goods".into(),
        category_code: "A02010104".into(),
        amount: amount.into(),
        method: method.into(),
        imports_wanted: String::new(),
        planned_date: Instant::from_unix_seconds(t0 + 40 * DAY)
            .china_date()
            .to_string(),
    }
    .parse()
    .unwrap();
    let (id, _) = store.insert_plan(tn, unit, &plan, t0).await.unwrap();
    store
        .insert_intention(
            tn,
            id,
            &IntentionForm {
                published_on: Instant::from_unix_seconds(t0).china_date().to_string(),
                media: "江苏政府采购网".into(),
                content: "教学设备采购意向".into(),
            },
            t0,
        )
        .await
        .unwrap();
    if method == "single_source" {
        // Single source: the public notice of the request, then the regulator's approval.
        let form = RequestForm {
            kind: "single_source".into(),
            ground: "single_only_supplier".into(),
            reason: "专利产品，只能从唯一供应商处采购".into(),
            supplier_name: "常州某某科技有限公司".into(),
            notice_from: Instant::from_unix_seconds(t0).china_date().to_string(),
        };
        let approval = store
            .insert_request(tn, id, &form, t0)
            .await
            .unwrap_or_else(|e| panic!("request: {e:?}"));
        let regulator = regulator_principal(store).await;
        store
            .decide_request(
                &regulator,
                approval,
                Verdict::Approve,
                "无异议",
                t0 + 20 * DAY,
            )
            .await
            .unwrap_or_else(|e| panic!("approve: {e:?}"));
    }
    store
        .release_plan(&common::reviewer_of(store, tn).await, id, t0 + 35 * DAY)
        .await
        .unwrap_or_else(|e| panic!("release: {e:?}"));
    id
}

async fn regulator_principal(store: &Store) -> Principal {
    let r = sqlx::query(
        "SELECT u.id, u.organisation_id, o.jurisdiction_code FROM users u JOIN organisations o ON o.id = u.organisation_id \
         WHERE u.username = 'tnczj'",
    )
    .fetch_one(&store.db.pool)
    .await
    .unwrap();
    Principal {
        duty: None,
        user_id: r.try_get(0).unwrap(),
        role: Role::Regulator,
        organisation_id: r.try_get(1).unwrap(),
        supplier_id: None,
        jurisdiction: r.try_get(2).unwrap(),
    }
}

fn notice_form() -> NoticeForm {
    NoticeForm {
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
}

/// Publishes the notice through the store at `at`, with the deadline `deadline` (Unix seconds).
async fn publish(
    store: &Store,
    runner: &Principal,
    p: i64,
    method: Method,
    at: i64,
    deadline: i64,
) {
    let mut form = notice_form();
    if method != Method::PublicTender && method != Method::InvitedTender {
        form.scoring_method = "lowest_price".into();
        form.price_points.clear();
        form.criteria.clear();
    }
    let mut n = form
        .parse(method, Fen(100_000_000), Instant::from_unix_seconds(at))
        .unwrap();
    n.deadline = Instant::from_unix_seconds(deadline);
    store
        .publish_notice(runner, p, &n, at)
        .await
        .unwrap_or_else(|e| panic!("notice: {e:?}"));
}

async fn wait_until(unix: i64) {
    let left = unix - now_unix();
    if left >= 0 {
        tokio::time::sleep(Duration::from_millis(left as u64 * 1000 + 1100)).await;
    }
}

/// Suppliers of the demo data with accounts `{prefix}{i}`; their ids.
async fn bidders(t: &TestDb, store: &Store, prefix: &str, n: i64) -> Vec<i64> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM suppliers WHERE size IN ('small', 'micro') ORDER BY id LIMIT $1",
    )
    .bind(n)
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    for (i, id) in ids.iter().enumerate() {
        new_user(store, &format!("{prefix}{i}"), Role::Supplier, Some(*id)).await;
    }
    ids
}

/// The created project's id from the answer to `POST /projects`.
fn project_id(r: &common::TestResponse) -> i64 {
    let to = location(r);
    to.trim_start_matches("/projects/")
        .split('?')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            panic!(
                "redirect to the project, got {to:?}: {} {}",
                r.status, r.body
            )
        })
}

/// The prices and documents of the test bids, as they could leak: fen, yuan with and without
/// separators, the document name.
const SECRETS: &[&str] = &[
    "87654321",
    "876543.21",
    "876,543.21",
    "86543210",
    "865432.10",
    "865,432.1",
    "89012345",
    "890123.45",
    "890,123.45",
    "机密技术响应文件",
];
const PRICES: [&str; 3] = ["876,543.21", "865,432.10", "890,123.45"];

fn assert_sealed(what: &str, body: &str) {
    for s in SECRETS {
        assert!(!body.contains(s), "{what} leaks {s}: {body}");
    }
}

/// Every server function and page an account might read a project through, as `token`.
async fn read_everything(router: &axum::Router, token: &str, p: i64) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (f, args) in [
        ("project_desk", serde_json::json!({ "query": {} })),
        ("project_view", serde_json::json!({ "id": p })),
        ("open_projects", serde_json::json!({})),
        ("own_bids", serde_json::json!({})),
        ("panel_seats", serde_json::json!({})),
        ("monitor_recent", serde_json::json!({ "filter": {} })),
    ] {
        let r = post_json_as(router, &format!("/api/{f}"), args, Some(token)).await;
        out.push((f.to_owned(), r.body));
    }
    for page in [
        format!("/projects/{p}"),
        "/projects".to_owned(),
        "/regulator/monitor".to_owned(),
        "/account".to_owned(),
    ] {
        let r = get_as(router, &page, token).await;
        out.push((page, r.body));
    }
    out
}

async fn server_fn(
    router: &axum::Router,
    token: &str,
    f: &str,
    args: serde_json::Value,
) -> serde_json::Value {
    let r = post_json_as(router, &format!("/api/{f}"), args, Some(token)).await;
    assert_eq!(r.status, 200, "{f}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

/// The experts of the project's panel (seated, not recused) with accounts; their user names.
async fn panel_accounts(t: &TestDb, store: &Store, p: i64) -> Vec<String> {
    let draw: String = sqlx::query_scalar(
        "SELECT draw_json FROM panel_draws WHERE project_id = $1 ORDER BY id DESC",
    )
    .bind(p)
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    let draw: shared::panel::Draw = serde_json::from_str(&draw).unwrap();
    let mut names = Vec::new();
    for e in &draw.panel {
        let id: i64 = e.parse().unwrap();
        let user: Option<i64> = sqlx::query_scalar("SELECT user_id FROM experts WHERE id = $1")
            .bind(id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let name = match user {
            Some(u) => sqlx::query_scalar("SELECT username FROM users WHERE id = $1")
                .bind(u)
                .fetch_one(&t.db.pool)
                .await
                .unwrap(),
            None => {
                let name = format!("expert{p}x{id}");
                new_user(store, &name, Role::Expert, None).await;
                let uid = principal(t, &name).await.user_id;
                sqlx::query("UPDATE experts SET user_id = $1 WHERE id = $2")
                    .bind(uid)
                    .bind(id)
                    .execute(&t.db.pool)
                    .await
                    .unwrap();
                name
            }
        };
        names.push(name);
    }
    names
}

fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

async fn a_public_tender_runs_over_http_from_the_plan_to_the_payment(t: &TestDb) {
    let store = t.store();
    demo::load(&store).await.unwrap();
    let router = t.router();
    let tn = principal(t, "tnjyj").await;
    let center = principal(t, "cgzx").await;
    let now = now_unix();
    let plan = released_plan(&store, &tn, "public_tender", "1,000,000", now - 80 * DAY).await;

    // The project started 30 days ago, entrusted to the center (the start over HTTP is in the
    // single-source test: HTTP cannot date a step in the past).
    let tn_s = session(&router, "tnjyj").await;
    let p = store
        .create_project(&tn, plan, center.organisation_id, now - 30 * DAY)
        .await
        .unwrap()
        .id;
    // A second start of the same plan is refused on the field, nothing stored.
    let projects = count(t, "SELECT COUNT(*) FROM projects").await;
    let r = post_form_as(
        &router,
        "/projects",
        &[("plan_id", &plan.to_string()), ("agency_id", "self")],
        Some(&tn_s),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(count(t, "SELECT COUNT(*) FROM projects").await, projects);

    // The notice: too short a tender period over HTTP is refused by P19 (409), nothing stored.
    let cg = session(&router, "cgzx").await;
    let short = Instant::from_unix_seconds(now + 5 * DAY);
    let f = notice_form();
    let deadline_text = format!("{} 09:30", short.china_date());
    let audit = count(t, "SELECT COUNT(*) FROM audit_log").await;
    let r = post_form_as(
        &router,
        &format!("/projects/{p}/notice"),
        &[
            ("max_price", &f.max_price),
            ("deadline", &deadline_text),
            ("bid_security", &f.bid_security),
            ("min_validity_days", &f.min_validity_days),
            ("scoring_method", &f.scoring_method),
            ("price_points", &f.price_points),
            ("criteria", &f.criteria),
        ],
        Some(&cg),
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(count(t, "SELECT COUNT(*) FROM audit_log").await, audit);
    // Field errors: 422.
    let r = post_form_as(
        &router,
        &format!("/projects/{p}/notice"),
        &[("deadline", "tomorrow"), ("max_price", "abc")],
        Some(&cg),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    // The notice 21 days ago (store, with its date), the deadline a few seconds ahead.
    let deadline = now_unix() + WINDOW;
    publish(
        &store,
        &center,
        p,
        Method::PublicTender,
        now - 21 * DAY,
        deadline,
    )
    .await;

    // Three suppliers bid over HTTP; one replaces its bid, a fourth withdraws.
    let ids = bidders(t, &store, "tb", 4).await;
    let mut tokens = Vec::new();
    for i in 0..4 {
        tokens.push(session(&router, &format!("tb{i}")).await);
    }
    let open = server_fn(&router, &tokens[0], "open_projects", serde_json::json!({})).await;
    assert!(
        open.as_array().unwrap().iter().any(|o| o["id"] == p),
        "{open}"
    );
    for (i, price) in PRICES.iter().enumerate() {
        step(
            &router,
            &tokens[i],
            &format!("/projects/{p}/bids"),
            &[
                ("price", price),
                ("validity_days", "90"),
                ("documents", "机密技术响应文件.pdf"),
                ("documents", "资格证明.pdf"),
            ],
        )
        .await;
    }
    // Above the ceiling: 422 on the price, nothing stored.
    let bids = count(t, "SELECT COUNT(*) FROM bids").await;
    let r = post_form_as(
        &router,
        &format!("/projects/{p}/bids"),
        &[
            ("price", "960,000"),
            ("validity_days", "90"),
            ("documents", "a.pdf"),
        ],
        Some(&tokens[3]),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(count(t, "SELECT COUNT(*) FROM bids").await, bids);
    step(
        &router,
        &tokens[3],
        &format!("/projects/{p}/bids"),
        &[
            ("price", "800,000"),
            ("validity_days", "90"),
            ("documents", "a.pdf"),
        ],
    )
    .await;
    let own = server_fn(&router, &tokens[3], "own_bids", serde_json::json!({})).await;
    let b3 = own[0]["id"].as_i64().unwrap();
    assert!(
        own[0]["price"].is_null() && own[0]["documents"].is_null(),
        "{own}"
    );
    // Another supplier may not withdraw it (404, not revealed); its owner may.
    let r = post_form_as(
        &router,
        &format!("/projects/{p}/bids/{b3}/withdraw"),
        &[],
        Some(&tokens[0]),
    )
    .await;
    assert_eq!(r.status, 404);
    step(
        &router,
        &tokens[3],
        &format!("/projects/{p}/bids/{b3}/withdraw"),
        &[],
    )
    .await;
    let own = server_fn(&router, &tokens[2], "own_bids", serde_json::json!({})).await;
    let b2 = own[0]["id"].as_i64().unwrap();
    step(
        &router,
        &tokens[2],
        &format!("/projects/{p}/bids/{b2}/replace"),
        &[
            ("price", PRICES[2]),
            ("validity_days", "120"),
            ("documents", "机密技术响应文件-v2.pdf"),
        ],
    )
    .await;

    // Sealed: before the opening no answer to anyone carries a price or a document.
    let mut everyone = vec![
        ("tnjyj", session(&router, "tnjyj").await),
        ("cgzx", cg.clone()),
        ("tnczj", session(&router, "tnczj").await),
        ("czczj", session(&router, "czczj").await),
        ("admin", session(&router, "admin").await),
        ("gys", session(&router, "gys").await),
        ("zj000", session(&router, "zj000").await),
    ];
    for (i, tok) in tokens.iter().enumerate() {
        everyone.push((["tb0", "tb1", "tb2", "tb3"][i], tok.clone()));
    }
    for (who, tok) in &everyone {
        for (what, body) in read_everything(&router, tok, p).await {
            assert_sealed(&format!("{who} {what}"), &body);
        }
    }
    // The opening waits for the deadline (422 before it).
    let r = post_form_as(&router, &format!("/projects/{p}/open"), &[], Some(&cg)).await;
    assert_eq!(r.status, 422, "{}", r.body);
    wait_until(deadline).await;
    // After the deadline no bid is taken.
    let r = post_form_as(
        &router,
        &format!("/projects/{p}/bids"),
        &[
            ("price", "700,000"),
            ("validity_days", "90"),
            ("documents", "a.pdf"),
        ],
        Some(&tokens[3]),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    step(&router, &cg, &format!("/projects/{p}/open"), &[]).await;
    // The qualification review before the panel evaluates (财政部令第87号 Art 44): all pass.
    let in_force: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM bids WHERE project_id = $1 AND status = 'submitted'")
            .bind(p)
            .fetch_all(&t.db.pool)
            .await
            .unwrap();
    let verdicts: Vec<(String, String)> = in_force
        .iter()
        .map(|b| (format!("verdict.{b}"), "pass".to_owned()))
        .collect();
    let verdicts: Vec<(&str, &str)> = verdicts
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    step(
        &router,
        &cg,
        &format!("/projects/{p}/qualification"),
        &verdicts,
    )
    .await;
    let view = server_fn(
        &router,
        &tn_s,
        "project_view",
        serde_json::json!({ "id": p }),
    )
    .await;
    let priced = view["bids"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| !b["price"].is_null())
        .count();
    // Three in force; the withdrawn one was never opened: its receipt, not its price.
    assert_eq!(
        view["bids"].as_array().unwrap().len(),
        4,
        "{}",
        view["bids"]
    );
    assert_eq!(priced, 3, "{}", view["bids"]);
    let own = server_fn(&router, &tokens[0], "own_bids", serde_json::json!({})).await;
    assert_eq!(own[0]["price"], 87_654_321);

    // The draw over HTTP; the panel's experts declare and score over HTTP.
    step(&router, &cg, &format!("/projects/{p}/draw"), &[]).await;
    let experts = panel_accounts(t, &store, p).await;
    assert_eq!(experts.len(), 5, "{experts:?}");
    // A reserve sees neither the bidders' names nor the bids of the panel it does not sit on
    // (issue 14 point 7); a drawn member sees the names to declare against.
    let reserve: i64 = sqlx::query_scalar(
        "SELECT expert_id FROM panel_members WHERE project_id = $1 AND status = 'reserve' ORDER BY id",
    )
    .bind(p)
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    new_user(&store, "reserve0", Role::Expert, None).await;
    let uid = principal(t, "reserve0").await.user_id;
    sqlx::query("UPDATE experts SET user_id = $1 WHERE id = $2")
        .bind(uid)
        .bind(reserve)
        .execute(&t.db.pool)
        .await
        .unwrap();
    let rs = session(&router, "reserve0").await;
    let seats = server_fn(&router, &rs, "panel_seats", serde_json::json!({})).await;
    let seat = seats
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["project_id"] == p)
        .expect("the reserve's seat is listed");
    assert_eq!(seat["bidders"], serde_json::json!([]), "{seat}");
    assert_eq!(seat["bids"], serde_json::json!([]), "{seat}");
    let rv = server_fn(&router, &rs, "project_view", serde_json::json!({ "id": p })).await;
    assert_eq!(rv["viewer"], "reserve_expert");
    assert!(rv["bids"].as_array().unwrap().is_empty(), "{rv}");
    let live: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM bids WHERE project_id = $1 AND status = 'submitted' ORDER BY id",
    )
    .bind(p)
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(live.len(), 3);
    for name in &experts {
        let tok = session(&router, name).await;
        let seats = server_fn(&router, &tok, "panel_seats", serde_json::json!({})).await;
        let seat = seats
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["project_id"] == p)
            .unwrap()
            .clone();
        assert_eq!(seat["gate"], "must_declare");
        assert!(seat["bids"].as_array().unwrap().is_empty(), "{seat}");
        // Scoring before declaring is refused.
        let bid0 = live[0].to_string();
        let r = post_form_as(
            &router,
            &format!("/projects/{p}/scores"),
            &[
                ("bid_id", &bid0),
                ("scores.c1", "30"),
                ("scores.c2", "15"),
                ("scores.c3", "8"),
            ],
            Some(&tok),
        )
        .await;
        assert_eq!(r.status, 422, "{}", r.body);
        // The declaration needs its confirmation.
        let r = post_form_as(
            &router,
            &format!("/projects/{p}/declaration"),
            &[],
            Some(&tok),
        )
        .await;
        assert_eq!(r.status, 422, "{}", r.body);
        step(
            &router,
            &tok,
            &format!("/projects/{p}/declaration"),
            &[("confirm", "on")],
        )
        .await;
        let seats = server_fn(&router, &tok, "panel_seats", serde_json::json!({})).await;
        let seat = seats
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["project_id"] == p)
            .unwrap()
            .clone();
        assert_eq!(seat["gate"], "may_score");
        assert_eq!(seat["bids"].as_array().unwrap().len(), 3);
        assert!(
            seat["scheme"]["criteria"].as_array().unwrap().len() == 3,
            "{seat}"
        );
        // Over the maximum: 422 naming `scores.c1`.
        let r = post_form_as(
            &router,
            &format!("/projects/{p}/scores"),
            &[
                ("bid_id", &bid0),
                ("scores.c1", "45"),
                ("scores.c2", "15"),
                ("scores.c3", "8"),
            ],
            Some(&tok),
        )
        .await;
        assert_eq!(r.status, 422, "{}", r.body);
        for (b, c1) in live.iter().zip(["30", "35", "32"]) {
            step(
                &router,
                &tok,
                &format!("/projects/{p}/scores"),
                &[
                    ("bid_id", &b.to_string()),
                    ("scores.c1", c1),
                    ("scores.c2", "15"),
                    ("scores.c3", "8"),
                ],
            )
            .await;
        }
    }
    step(&router, &cg, &format!("/projects/{p}/report"), &[]).await;
    // The panel is secret until the result notice (issue 14 point 2): no expert's name or
    // employer reaches the purchaser, the regulator or a bidder in any response — the server
    // function's JSON and the pages alike — while the agency that convenes it has them.
    let expert_names: Vec<String> = sqlx::query_scalar(
        "SELECT e.name FROM experts e JOIN panel_members pm ON pm.expert_id = e.id WHERE pm.project_id = $1",
    )
    .bind(p)
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    assert!(!expert_names.is_empty());
    let bidder_s = session(&router, "tb0").await;
    let reg_s = session(&router, "tnczj").await;
    for (who, tok) in [
        ("purchaser", &tn_s),
        ("regulator", &reg_s),
        ("bidder", &bidder_s),
    ] {
        for (what, body) in read_everything(&router, tok, p).await {
            for n in &expert_names {
                assert!(
                    !body.contains(n.as_str()),
                    "{who} {what} leaks the expert {n}"
                );
            }
        }
    }
    let agency_view = post_json_as(
        &router,
        "/api/project_view",
        serde_json::json!({ "id": p }),
        Some(&cg),
    )
    .await;
    assert!(expert_names
        .iter()
        .all(|n| agency_view.body.contains(n.as_str())));
    let view = server_fn(
        &router,
        &tn_s,
        "project_view",
        serde_json::json!({ "id": p }),
    )
    .await;
    let first = view["record"]["reports"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()["ranking"][0]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        first,
        ids[1].to_string(),
        "the cheapest with the best technical score"
    );
    // Confirm (purchaser), result notice (agency), contract, acceptance, payment (purchaser).
    step(
        &router,
        &tn_s,
        &format!("/projects/{p}/confirm"),
        &[("supplier_id", &first)],
    )
    .await;
    // Before the result a bidder learns only that its bid is under evaluation: no score.
    let tb0 = session(&router, "tb0").await;
    let before = server_fn(
        &router,
        &tb0,
        "project_view",
        serde_json::json!({ "id": p }),
    )
    .await;
    let mine = before["own_bids"].as_array().unwrap();
    assert!(!mine.is_empty(), "{before}");
    assert!(
        mine.iter().all(|o| o["score_hundredths"].is_null()),
        "{before}"
    );
    step(&router, &cg, &format!("/projects/{p}/result-notice"), &[]).await;
    // After it (87号令 Art 69): its own score and rank, no one else's.
    let after = server_fn(
        &router,
        &tb0,
        "project_view",
        serde_json::json!({ "id": p }),
    )
    .await;
    let mine = after["own_bids"].as_array().unwrap();
    let not_won: Vec<&serde_json::Value> = mine
        .iter()
        .filter(|o| o["outcome"]["kind"] == "not_won")
        .collect();
    assert_eq!(not_won.len(), 1, "{after}");
    assert!(not_won[0]["outcome"]["rank"]
        .as_u64()
        .is_some_and(|r| r >= 2));
    assert!(
        not_won[0]["score_hundredths"]
            .as_i64()
            .is_some_and(|s| s > 0),
        "{after}"
    );
    let own_ids: Vec<String> = mine
        .iter()
        .map(|o| o["bid_id"].as_str().unwrap().to_owned())
        .collect();
    for sheet in after["record"]["score_sheets"].as_array().unwrap() {
        assert!(
            own_ids.contains(&sheet["bid_id"].as_str().unwrap().to_owned()),
            "{sheet}"
        );
    }
    let page = get_as(&router, &format!("/projects/{p}"), &tb0).await;
    assert!(page.body.contains("id=\"own-results\""), "{}", page.body);
    assert!(page.body.contains("评审排名第"));
    // Others see no own results.
    let cg_view = server_fn(&router, &cg, "project_view", serde_json::json!({ "id": p })).await;
    assert!(cg_view["own_bids"].as_array().unwrap().is_empty());
    let view = server_fn(
        &router,
        &tn_s,
        "project_view",
        serde_json::json!({ "id": p }),
    )
    .await;
    // The result notice publishes the panel — those who sat, not the reserves.
    let published = view.to_string();
    let sat: Vec<String> = sqlx::query_scalar(
        "SELECT e.name FROM experts e JOIN panel_members pm ON pm.expert_id = e.id \
         WHERE pm.project_id = $1 AND pm.status IN ('drawn', 'declared')",
    )
    .bind(p)
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    assert!(!sat.is_empty());
    assert!(
        sat.iter().all(|n| published.contains(n.as_str())),
        "{published}"
    );
    for n in expert_names.iter().filter(|n| !sat.contains(n)) {
        assert!(
            !published.contains(n.as_str()),
            "a reserve is not published: {n}"
        );
    }
    let amount = view["record"]["awards"][0]["amount"].as_i64().unwrap();
    assert_eq!(amount, 86_543_210);
    // A contract that does not match the award is refused (A04: 409).
    let r = post_form_as(
        &router,
        &format!("/projects/{p}/contract"),
        &[("amount", "900,000")],
        Some(&tn_s),
    )
    .await;
    assert!(matches!(r.status, 409 | 422), "{} {}", r.status, r.body);
    step(
        &router,
        &tn_s,
        &format!("/projects/{p}/contract"),
        &[("amount", &yuan(amount)), ("payment_term_days", "30")],
    )
    .await;
    step(
        &router,
        &tn_s,
        &format!("/projects/{p}/acceptance"),
        &[("result", "passed")],
    )
    .await;
    step(
        &router,
        &tn_s,
        &format!("/projects/{p}/payments"),
        &[("amount", &yuan(amount)), ("is_final", "on")],
    )
    .await;
    // The securities are refunded after the result notice (agency).
    step(
        &router,
        &cg,
        &format!("/projects/{p}/security-refunds"),
        &[("bid_id", &live[0].to_string())],
    )
    .await;
    // Twice (a double click): refused with a reason, nothing recorded a second time.
    let again = post_form_as(
        &router,
        &format!("/projects/{p}/security-refunds"),
        &[("bid_id", &live[0].to_string())],
        Some(&cg),
    )
    .await;
    assert_eq!(again.status, 422, "{}", again.body);
    assert!(
        again.body.contains("data-field=\"bid_id\""),
        "{}",
        again.body
    );
    let view = server_fn(
        &router,
        &tn_s,
        "project_view",
        serde_json::json!({ "id": p }),
    )
    .await;
    assert_eq!(
        view["row"]["state"]["node"], "performance",
        "{}",
        view["row"]["state"]
    );

    // Every step emitted its `step` event (and one `finding` event per stored flag).
    let steps = count(t, &format!("SELECT COUNT(*) FROM events WHERE kind = 'step' AND subject_type = 'project' AND subject_id = '{p}'")).await;
    let audited = count(
        t,
        "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'project.%' OR action LIKE 'bid.%' \
         OR action LIKE 'panel.%' OR action LIKE 'challenge.%'",
    )
    .await;
    assert_eq!(
        steps, audited,
        "one step event per audited step (the only project here)"
    );
    let flags = count(
        t,
        &format!(
            "SELECT COUNT(*) FROM findings WHERE subject_type = 'project' AND subject_id = '{p}'"
        ),
    )
    .await;
    let flag_events = count(t, &format!("SELECT COUNT(*) FROM events WHERE kind = 'finding' AND subject_type = 'project' AND subject_id = '{p}'")).await;
    assert_eq!(flags, flag_events);
    // No event before the opening names a price.
    let leaks = count(t, "SELECT COUNT(*) FROM events WHERE message_zh LIKE '%876543%' OR message_en LIKE '%876543%' OR message_zh LIKE '%876,543%'").await;
    assert_eq!(leaks, 0);
}
on_both_databases!(a_public_tender_runs_over_http_from_the_plan_to_the_payment);

async fn a_competitive_negotiation_takes_invited_suppliers_only(t: &TestDb) {
    let store = t.store();
    demo::load(&store).await.unwrap();
    let router = t.router();
    let tn = principal(t, "tnjyj").await;
    let now = now_unix();
    let plan = released_plan(
        &store,
        &tn,
        "competitive_negotiation",
        "900,000",
        now - 80 * DAY,
    )
    .await;
    // Self-procurement: the purchaser runs it.
    let p = store
        .create_project(&tn, plan, None, now - 30 * DAY)
        .await
        .unwrap()
        .id;
    let deadline = now_unix() + WINDOW + 2;
    publish(
        &store,
        &tn,
        p,
        Method::CompetitiveNegotiation,
        now - 10 * DAY,
        deadline,
    )
    .await;
    let tn_s = session(&router, "tnjyj").await;
    let ids = bidders(t, &store, "nb", 4).await;
    // Three invited over HTTP (the fourth is not): as the page asks, by the credit code or the
    // full name; a program may give the platform's number.
    let who = |id: i64| {
        let pool = t.db.pool.clone();
        async move {
            let r = sqlx::query("SELECT credit_code, name FROM suppliers WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap();
            (
                r.try_get::<Option<String>, _>(0)
                    .unwrap()
                    .unwrap_or_default(),
                r.try_get::<String, _>(1).unwrap(),
            )
        }
    };
    let (code, _) = who(ids[0]).await;
    let (_, name) = who(ids[1]).await;
    for field in [
        ("supplier", code.to_lowercase()),
        ("supplier", format!(" {name} ")),
        ("supplier_id", ids[2].to_string()),
    ] {
        step(
            &router,
            &tn_s,
            &format!("/projects/{p}/invitations"),
            &[(field.0, &field.1)],
        )
        .await;
    }
    // A name is found only among the suppliers whose identity is verified: one registered
    // under a name, not verified yet, is named by its code.
    sqlx::query(
        "INSERT INTO suppliers (credit_code, name, legal_rep, contact_person, phone, email, region_code, address, size, registered_at) \
         SELECT '91320402MA1Y00001K', '未核验的同名公司', legal_rep, contact_person, phone, email, region_code, address, size, registered_at \
         FROM suppliers WHERE id = $1",
    )
    .bind(ids[0])
    .execute(&t.db.pool)
    .await
    .unwrap();
    let r = post_form_as(
        &router,
        &format!("/projects/{p}/invitations"),
        &[("supplier", "未核验的同名公司")],
        Some(&tn_s),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("身份核验"), "{}", r.body);
    // A code no supplier has, or a mistyped one, is the field's error; nothing is stored.
    for typed in ["没有这家公司", "91320402MA1X00000X"] {
        let r = post_form_as(
            &router,
            &format!("/projects/{p}/invitations"),
            &[("supplier", typed)],
            Some(&tn_s),
        )
        .await;
        assert_eq!(r.status, 422, "{typed}");
        assert!(r.body.contains("统一社会信用代码"), "{typed}: {}", r.body);
    }
    let r = post_form_as(
        &router,
        &format!("/projects/{p}/invitations"),
        &[("supplier_id", "")],
        Some(&tn_s),
    )
    .await;
    assert_eq!(r.status, 422);
    // The uninvited supplier neither sees the project open nor may bid (404).
    let outsider = session(&router, "nb3").await;
    let open = server_fn(&router, &outsider, "open_projects", serde_json::json!({})).await;
    assert!(
        open.as_array().unwrap().iter().all(|o| o["id"] != p),
        "{open}"
    );
    let r = post_form_as(
        &router,
        &format!("/projects/{p}/bids"),
        &[
            ("price", "800,000"),
            ("validity_days", "90"),
            ("documents", "a.pdf"),
        ],
        Some(&outsider),
    )
    .await;
    assert_eq!(r.status, 404, "{}", r.body);
    for (i, price) in ["880,000", "860,000", "870,000"].iter().enumerate() {
        let tok = session(&router, &format!("nb{i}")).await;
        step(
            &router,
            &tok,
            &format!("/projects/{p}/bids"),
            &[
                ("price", price),
                ("validity_days", "90"),
                ("documents", "响应文件.pdf"),
            ],
        )
        .await;
    }
    wait_until(deadline).await;
    step(&router, &tn_s, &format!("/projects/{p}/open"), &[]).await;
    let view = server_fn(
        &router,
        &tn_s,
        "project_view",
        serde_json::json!({ "id": p }),
    )
    .await;
    assert_eq!(
        view["record"]["invited_suppliers"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    // A supplier's inquiry, answered by the runner.
    let tok = session(&router, "nb0").await;
    step(
        &router,
        &tok,
        &format!("/projects/{p}/challenges"),
        &[("kind", "inquiry"), ("text", "评审时间？")],
    )
    .await;
    let view = server_fn(
        &router,
        &tn_s,
        "project_view",
        serde_json::json!({ "id": p }),
    )
    .await;
    let cid = view["challenges"][0]["id"].as_i64().unwrap();
    step(
        &router,
        &tn_s,
        &format!("/projects/{p}/challenges/{cid}/answer"),
        &[("answer", "另行通知")],
    )
    .await;
    // Under another project the challenge is not found.
    let r = post_form_as(
        &router,
        &format!("/projects/{}/challenges/{cid}/answer", p + 1000),
        &[("answer", "x")],
        Some(&tn_s),
    )
    .await;
    assert_eq!(r.status, 404);
}
on_both_databases!(a_competitive_negotiation_takes_invited_suppliers_only);

async fn a_single_source_purchase_publishes_its_notice_and_takes_no_bids(t: &TestDb) {
    let store = t.store();
    demo::load(&store).await.unwrap();
    let router = t.router();
    let tn = principal(t, "tnjyj").await;
    let now = now_unix();
    let plan = released_plan(&store, &tn, "single_source", "500,000", now - 80 * DAY).await;
    let tn_s = session(&router, "tnjyj").await;
    let r = post_form_as(
        &router,
        "/projects",
        &[("plan_id", &plan.to_string()), ("agency_id", "self")],
        Some(&tn_s),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let p = project_id(&r);
    // The public notice (公示) over HTTP: five working days ahead.
    let until = Instant::from_unix_seconds(now + 10 * DAY);
    let deadline = format!("{} 09:30", until.china_date());
    step(
        &router,
        &tn_s,
        &format!("/projects/{p}/notice"),
        &[
            ("deadline", &deadline),
            ("scoring_method", "lowest_price"),
            ("media", "中国政府采购网江苏分网"),
        ],
    )
    .await;
    let view = server_fn(
        &router,
        &tn_s,
        "project_view",
        serde_json::json!({ "id": p }),
    )
    .await;
    assert_eq!(
        view["record"]["notices"][0]["kind"], "single_source_public",
        "{}",
        view["record"]["notices"]
    );
    // No bids in a single-source purchase.
    let ids = bidders(t, &store, "sb", 1).await;
    let _ = ids;
    let tok = session(&router, "sb0").await;
    let r = post_form_as(
        &router,
        &format!("/projects/{p}/bids"),
        &[
            ("price", "400,000"),
            ("validity_days", "90"),
            ("documents", "a.pdf"),
        ],
        Some(&tok),
    )
    .await;
    assert_eq!(r.status, 404, "not open to bids: {}", r.body);
}
on_both_databases!(a_single_source_purchase_publishes_its_notice_and_takes_no_bids);

/// A route: its path, a form to post, the accounts that may take it.
type Route = (
    String,
    Vec<(&'static str, &'static str)>,
    &'static [&'static str],
);

/// Every route: (path under the project, form, who may take it).
fn routes(p: i64) -> Vec<Route> {
    const RUNNER: &[&str] = &["cgzx"];
    const PURCHASER: &[&str] = &["tnjyj"];
    const SUPPLIER: &[&str] = &["gys"];
    const EXPERT: &[&str] = &["zj000"];
    let r = |s: &str| format!("/projects/{p}/{s}");
    vec![
        (
            "/projects".to_owned(),
            vec![("plan_id", "999999"), ("agency_id", "self")],
            PURCHASER,
        ),
        (
            r("notice"),
            vec![
                ("deadline", "2026-12-31 09:30"),
                ("scoring_method", "lowest_price"),
            ],
            RUNNER,
        ),
        (r("invitations"), vec![("supplier_id", "1")], RUNNER),
        (r("clarifications"), vec![("text", "澄清")], RUNNER),
        (
            r("bids"),
            vec![
                ("price", "1"),
                ("validity_days", "90"),
                ("documents", "a.pdf"),
            ],
            SUPPLIER,
        ),
        (r("bids/999999/withdraw"), vec![], SUPPLIER),
        (
            r("bids/999999/replace"),
            vec![
                ("price", "1"),
                ("validity_days", "90"),
                ("documents", "a.pdf"),
            ],
            SUPPLIER,
        ),
        (r("open"), vec![], RUNNER),
        (r("draw"), vec![], RUNNER),
        (r("declaration"), vec![("confirm", "on")], EXPERT),
        (
            r("scores"),
            vec![("bid_id", "1"), ("scores.c1", "1")],
            EXPERT,
        ),
        (r("report"), vec![], RUNNER),
        (r("confirm"), vec![("supplier_id", "1")], PURCHASER),
        (r("result-notice"), vec![], RUNNER),
        (r("contract"), vec![("amount", "1")], PURCHASER),
        (
            r("amendments"),
            vec![("delta", "1"), ("justification", "x")],
            PURCHASER,
        ),
        (r("acceptance"), vec![("result", "passed")], PURCHASER),
        (r("payments"), vec![("amount", "1")], PURCHASER),
        (r("security-refunds"), vec![("bid_id", "999999")], RUNNER),
        (
            r("challenges"),
            vec![("kind", "inquiry"), ("text", "x")],
            SUPPLIER,
        ),
        (r("challenges/999999/answer"), vec![("answer", "x")], RUNNER),
    ]
}

async fn who_may_take_which_step(t: &TestDb) {
    let store = t.store();
    demo::load(&store).await.unwrap();
    let router = t.router();
    let tn = principal(t, "tnjyj").await;
    let center = principal(t, "cgzx").await;
    let now = now_unix();
    let plan = released_plan(&store, &tn, "public_tender", "1,000,000", now - 80 * DAY).await;
    let p = store
        .create_project(&tn, plan, center.organisation_id, now - 30 * DAY)
        .await
        .unwrap()
        .id;
    let role_of = |u: &str| match u {
        "tnjyj" | "wjjyj" => "purchaser",
        "cgzx" | "dljg" => "agency",
        "gys" => "supplier",
        "zj000" => "expert",
        "tnczj" | "wjczj" | "czczj" => "regulator",
        _ => "admin",
    };
    let users = [
        "tnjyj", "wjjyj", "cgzx", "dljg", "gys", "zj000", "tnczj", "wjczj", "czczj", "admin",
    ];
    let mut tokens = Vec::new();
    for u in users {
        tokens.push((u, session(&router, u).await));
    }
    for (path, form, owners) in routes(p) {
        // Without a session: to the login page.
        let r = post_form_as(&router, &path, &form, None).await;
        assert_eq!(r.status, 303, "{path}");
        assert!(
            location(&r).starts_with("/login"),
            "{path}: {}",
            location(&r)
        );
        for (u, tok) in &tokens {
            let r = post_form_as(&router, &path, &form, Some(tok)).await;
            let owner_role = role_of(owners[0]);
            // The steps of the runner are the purchaser's too when it runs the project itself.
            let role_admitted =
                role_of(u) == owner_role || (owners == ["cgzx"] && role_of(u) == "purchaser");
            if !role_admitted {
                assert_eq!(r.status, 403, "{u} {path}: {}", r.body);
                assert_eq!(r.body, "forbidden", "{u} {path}: no detail");
            } else if owners.contains(u) {
                assert!(
                    !matches!(r.status, 403),
                    "{u} {path}: {} {}",
                    r.status,
                    r.body
                );
            } else if matches!(*u, "wjjyj" | "dljg" | "tnjyj") && !path.ends_with("/projects") {
                // The same role, not this project's: nothing revealed.
                assert!(
                    matches!(r.status, 404 | 422),
                    "{u} {path}: {} {}",
                    r.status,
                    r.body
                );
                if r.status == 404 {
                    assert_eq!(r.body, "not found");
                }
            }
        }
    }
    // The foreign agency and purchaser get 404 on a well-formed step of this project.
    let dl = &tokens[3].1;
    let r = post_form_as(
        &router,
        &format!("/projects/{p}/clarifications"),
        &[("text", "x")],
        Some(dl),
    )
    .await;
    assert_eq!(r.status, 404);
    let wj = &tokens[1].1;
    let r = post_form_as(
        &router,
        &format!("/projects/{p}/acceptance"),
        &[("result", "passed")],
        Some(wj),
    )
    .await;
    assert_eq!(r.status, 404);
    // The reads: the notice is out, so everyone reads project_view, each as the disclosure
    // matrix takes it (shared::disclosure): its purchaser, agency, regulators and the admin as
    // such, everybody else as the public.
    for (u, tok) in &tokens {
        let r = post_json_as(
            &router,
            "/api/project_view",
            serde_json::json!({ "id": p }),
            Some(tok),
        )
        .await;
        assert_eq!(r.status, 200, "{u}: {}", r.body);
        let viewer = serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["viewer"]
            .as_str()
            .unwrap()
            .to_owned();
        let expected = match *u {
            "tnjyj" => "purchaser_staff",
            "cgzx" => "runner",
            "tnczj" | "czczj" => "regulator",
            "wjczj" => "other_regulator",
            "admin" => "admin",
            "gys" => "bidder", // its bid went in through the route loop above
            "zj000" => "other_expert",
            _ => "anonymous",
        };
        assert_eq!(viewer, expected, "{u}");
        // The desk lists the projects of the account's own scope only.
        let sees = matches!(*u, "tnjyj" | "cgzx" | "tnczj" | "czczj" | "admin");
        let r = post_json_as(
            &router,
            "/api/project_desk",
            serde_json::json!({ "query": {} }),
            Some(tok),
        )
        .await;
        if matches!(*u, "gys" | "zj000") {
            assert_eq!(r.status, 403, "{u}");
        } else {
            assert_eq!(r.status, 200, "{u}: {}", r.body);
            let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            let listed = v["rows"]
                .as_array()
                .unwrap()
                .iter()
                .any(|row| row["id"] == p);
            assert_eq!(listed, sees, "{u}: {v}");
        }
        for (f, who) in [
            ("open_projects", "gys"),
            ("own_bids", "gys"),
            ("panel_seats", "zj000"),
        ] {
            let r = post_json_as(
                &router,
                &format!("/api/{f}"),
                serde_json::json!({}),
                Some(tok),
            )
            .await;
            assert_eq!(
                r.status == 200,
                *u == who,
                "{u} {f}: {} {}",
                r.status,
                r.body
            );
            if *u != who {
                assert_eq!(r.status, 403, "{u} {f}");
            }
        }
    }
    // A supplier that neither bid nor obtained the documents may not challenge (issue 14 point
    // 1): the same answer as for a project that does not exist, nothing stored.
    let stranger: i64 = sqlx::query_scalar("SELECT id FROM suppliers ORDER BY id DESC LIMIT 1")
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    new_user(&store, "stranger", Role::Supplier, Some(stranger)).await;
    let st = session(&router, "stranger").await;
    let before = count(t, "SELECT COUNT(*) FROM challenges").await;
    let form = [
        ("kind", "challenge"),
        ("subject", "result"),
        ("text", "质疑"),
        ("affects_result", "on"),
    ];
    let here = post_form_as(
        &router,
        &format!("/projects/{p}/challenges"),
        &form,
        Some(&st),
    )
    .await;
    let nowhere = post_form_as(&router, "/projects/999999/challenges", &form, Some(&st)).await;
    assert_eq!((here.status, here.body.as_str()), (404, "not found"));
    assert_eq!((nowhere.status, nowhere.body.as_str()), (404, "not found"));
    assert_eq!(count(t, "SELECT COUNT(*) FROM challenges").await, before);

    // Without a session: the public's view of the published project.
    let r = post_json_as(
        &router,
        "/api/project_view",
        serde_json::json!({ "id": p }),
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains(r#""viewer":"anonymous""#), "{}", r.body);
}
on_both_databases!(who_may_take_which_step);

// ---- The project list: paged on the server, searched and filtered (issue 18, point 3) ----

on_both_databases!(the_project_list_is_paged_searched_and_filtered);
async fn the_project_list_is_paged_searched_and_filtered(t: &TestDb) {
    let store = t.store();
    demo::load_with(&store, demo::DemoScale::Sample)
        .await
        .unwrap();
    let router = t.router();
    let token = common::session(&router, "czczj").await;
    let list = |query: serde_json::Value| {
        let router = router.clone();
        let token = token.clone();
        async move {
            let r = post_json_as(
                &router,
                "/api/project_desk",
                serde_json::json!({ "query": query }),
                Some(&token),
            )
            .await;
            assert_eq!(r.status, 200, "{}", r.body);
            serde_json::from_str::<serde_json::Value>(&r.body).unwrap()
        }
    };
    let all = list(serde_json::json!({})).await;
    let total = all["total"].as_i64().unwrap();
    let stored = count(t, "SELECT COUNT(*) FROM projects").await;
    assert_eq!(total, stored, "the city's regulator sees every project");
    assert!(all["rows"].as_array().unwrap().len() as i64 <= all["per_page"].as_i64().unwrap());
    // Two characters of a name find it (the common case of a Chinese search).
    let found = list(serde_json::json!({ "q": "教育" })).await;
    let rows = found["rows"].as_array().unwrap();
    assert!(!rows.is_empty(), "some project of an education bureau");
    for r in rows {
        let text = format!("{}{}{}", r["name"], r["unit_name"], r["agency_name"]);
        assert!(text.contains("教育"), "{text}");
    }
    // Two characters from the middle of one project's name find it, and not every project.
    let name: Vec<char> = all["rows"][0]["name"].as_str().unwrap().chars().collect();
    let part: String = name[name.len() / 2 - 1..name.len() / 2 + 1]
        .iter()
        .collect();
    let by_part = list(serde_json::json!({ "q": part })).await;
    assert!(by_part["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == all["rows"][0]["id"]));
    // One character, and a longer part (found by its pairs, then LIKE): every match holds it,
    // and the SQL count agrees (the project's own name, on both databases alike).
    for q in [
        name[name.len() / 2].to_string(),
        name[1..name.len() - 1].iter().collect(),
    ] {
        let hit = list(serde_json::json!({ "q": q })).await;
        assert!(
            hit["rows"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["id"] == all["rows"][0]["id"]),
            "{q}"
        );
        for r in hit["rows"].as_array().unwrap() {
            let text = format!("{}{}{}", r["name"], r["unit_name"], r["agency_name"]);
            assert!(text.contains(q.as_str()), "{q}: {text}");
        }
        let by_name = count(
            t,
            &format!(
                "SELECT COUNT(*) FROM projects p JOIN organisations u ON u.id = p.unit_id \
                 LEFT JOIN organisations a ON a.id = p.agency_id \
                 WHERE p.name LIKE '%{q}%' OR u.name LIKE '%{q}%' OR COALESCE(a.name, '') LIKE '%{q}%'"
            ),
        )
        .await;
        assert_eq!(
            hit["total"].as_i64(),
            Some(by_name.min(app::api::projects::COUNT_CAP + 1)),
            "{q}"
        );
    }
    // A text with a pair no name holds finds nothing; so does a name's pairs out of order.
    let nothing = list(serde_json::json!({ "q": "不存在的名称" })).await;
    assert_eq!(nothing["total"], 0);
    let scrambled: String = name.iter().rev().take(3).collect();
    let none = list(serde_json::json!({ "q": scrambled })).await;
    let expected = count(
        t,
        &format!("SELECT COUNT(*) FROM projects p JOIN organisations u ON u.id = p.unit_id LEFT JOIN organisations a ON a.id = p.agency_id WHERE p.name LIKE '%{scrambled}%' OR u.name LIKE '%{scrambled}%' OR COALESCE(a.name, '') LIKE '%{scrambled}%'"),
    )
    .await;
    assert_eq!(none["total"].as_i64(), Some(expected));
    // By number, by method; a page beyond the last is empty.
    let first = all["rows"][0]["id"].as_i64().unwrap();
    let by_id = list(serde_json::json!({ "q": first.to_string() })).await;
    assert_eq!(by_id["rows"][0]["id"].as_i64(), Some(first));
    let rfq = list(serde_json::json!({ "method": "request_for_quotation" })).await;
    for r in rfq["rows"].as_array().unwrap() {
        assert_eq!(r["method"], "request_for_quotation");
    }
    let beyond = list(serde_json::json!({ "page": 1000 })).await;
    assert!(beyond["rows"].as_array().unwrap().is_empty());
    // The page shows the count and offers the filter; a district's regulator sees its own only.
    let html = get_as(&router, "/projects?q=%E6%95%99%E8%82%B2", &token).await;
    assert!(html.body.contains("id=\"project-filter\""));
    assert!(html.body.contains("id=\"projects-total\""));
    let district = common::session(&router, "tnczj").await;
    let r = post_json_as(
        &router,
        "/api/project_desk",
        serde_json::json!({ "query": { "district": "320402" } }),
        Some(&district),
    )
    .await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    for row in v["rows"].as_array().unwrap() {
        assert_eq!(row["jurisdiction_code"], "320402");
    }
}

/// The qualification review (资格审查, 财政部令第87号 Art 44, 69; issue 18 point 4): after the
/// opening and before the panel scores, the agency records each bid's verdict; a failed bid needs
/// its reason, leaves the evaluation (the experts neither see nor score it, the report does not
/// rank it) and, once the result is out, its bidder reads why. The review is recorded once.
async fn a_failed_qualification_leaves_the_evaluation_and_tells_the_bidder_why(t: &TestDb) {
    let store = t.store();
    demo::load(&store).await.unwrap();
    let router = t.router();
    let tn = principal(t, "tnjyj").await;
    let center = principal(t, "cgzx").await;
    let now = now_unix();
    let plan = released_plan(&store, &tn, "public_tender", "1,000,000", now - 80 * DAY).await;
    let p = store
        .create_project(&tn, plan, center.organisation_id, now - 30 * DAY)
        .await
        .unwrap()
        .id;
    let deadline = now_unix() + WINDOW;
    publish(
        &store,
        &center,
        p,
        Method::PublicTender,
        now - 21 * DAY,
        deadline,
    )
    .await;
    bidders(t, &store, "qb", 4).await;
    for (i, price) in ["880,000", "860,000", "870,000", "850,000"]
        .iter()
        .enumerate()
    {
        let tok = session(&router, &format!("qb{i}")).await;
        step(
            &router,
            &tok,
            &format!("/projects/{p}/bids"),
            &[
                ("price", price),
                ("validity_days", "90"),
                ("documents", "响应文件.pdf"),
            ],
        )
        .await;
    }
    let cg = session(&router, "cgzx").await;
    let tn_s = session(&router, "tnjyj").await;
    let review = |pairs: Vec<(String, String)>| {
        let router = router.clone();
        let cg = cg.clone();
        async move {
            let refs: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            post_form_as(
                &router,
                &format!("/projects/{p}/qualification"),
                &refs,
                Some(&cg),
            )
            .await
        }
    };
    // Not before the opening.
    let r = review(Vec::new()).await;
    assert_eq!(r.status, 422, "{}", r.body);
    wait_until(deadline).await;
    step(&router, &cg, &format!("/projects/{p}/open"), &[]).await;
    let live: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM bids WHERE project_id = $1 AND status = 'submitted' ORDER BY id",
    )
    .bind(p)
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(live.len(), 4);
    let view = server_fn(&router, &cg, "project_view", serde_json::json!({ "id": p })).await;
    assert!(
        view["actions"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("qualify")),
        "{}",
        view["actions"]
    );
    let page = common::get_as(&router, &format!("/projects/{p}"), &cg).await;
    assert!(page.body.contains("id=\"qualification-form\""));
    assert_eq!(
        page.body.matches("name=\"verdict.").count(),
        4,
        "one verdict a bid"
    );
    // The purchaser does not review (the agency runs the procedure).
    let r = post_form_as(
        &router,
        &format!("/projects/{p}/qualification"),
        &[],
        Some(&tn_s),
    )
    .await;
    assert_eq!(r.status, 404, "{}", r.body);
    // Every bid needs its verdict, a failed one its reason; nothing is stored until then.
    let verdicts = |fail_reason: &str| -> Vec<(String, String)> {
        let mut v = Vec::new();
        for (i, b) in live.iter().enumerate() {
            let failed = i == 1;
            v.push((
                format!("verdict.{b}"),
                if failed { "fail" } else { "pass" }.to_owned(),
            ));
            if failed {
                v.push((format!("reason.{b}"), fail_reason.to_owned()));
            }
        }
        v
    };
    let r = review(verdicts("")).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("不通过的原因"), "{}", r.body);
    let r = review(verdicts("x")[..3].to_vec()).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(count(t, "SELECT COUNT(*) FROM bid_reviews").await, 0);
    let r = review(verdicts("未提供有效的营业执照")).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(count(t, "SELECT COUNT(*) FROM bid_reviews").await, 4);
    assert_eq!(
        count(
            t,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'project.qualify'"
        )
        .await,
        1
    );
    // Once only.
    let r = review(verdicts("再审")).await;
    assert_eq!(r.status, 422, "{}", r.body);
    // The panel sees and scores the three that passed; the failed bid is not theirs to score.
    step(&router, &cg, &format!("/projects/{p}/draw"), &[]).await;
    let passed: Vec<i64> = live
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, b)| *b)
        .collect();
    for name in panel_accounts(t, &store, p).await {
        let tok = session(&router, &name).await;
        step(
            &router,
            &tok,
            &format!("/projects/{p}/declaration"),
            &[("confirm", "on")],
        )
        .await;
        let seats = server_fn(&router, &tok, "panel_seats", serde_json::json!({})).await;
        let seat = seats
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["project_id"] == p)
            .unwrap()
            .clone();
        assert_eq!(seat["bids"].as_array().unwrap().len(), 3, "{seat}");
        let r = post_form_as(
            &router,
            &format!("/projects/{p}/scores"),
            &[
                ("bid_id", &live[1].to_string()),
                ("scores.c1", "30"),
                ("scores.c2", "15"),
                ("scores.c3", "8"),
            ],
            Some(&tok),
        )
        .await;
        assert!(r.status == 422 || r.status == 404, "{}", r.status);
        for b in &passed {
            step(
                &router,
                &tok,
                &format!("/projects/{p}/scores"),
                &[
                    ("bid_id", &b.to_string()),
                    ("scores.c1", "30"),
                    ("scores.c2", "15"),
                    ("scores.c3", "8"),
                ],
            )
            .await;
        }
    }
    step(&router, &cg, &format!("/projects/{p}/report"), &[]).await;
    let view = server_fn(
        &router,
        &tn_s,
        "project_view",
        serde_json::json!({ "id": p }),
    )
    .await;
    let ranking = view["record"]["reports"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()["ranking"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(ranking.len(), 3, "{ranking:?}");
    let failed_supplier: i64 = sqlx::query_scalar("SELECT supplier_id FROM bids WHERE id = $1")
        .bind(live[1])
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert!(!ranking.contains(&serde_json::json!(failed_supplier.to_string())));
    step(
        &router,
        &tn_s,
        &format!("/projects/{p}/confirm"),
        &[("supplier_id", ranking[0].as_str().unwrap())],
    )
    .await;
    step(&router, &cg, &format!("/projects/{p}/result-notice"), &[]).await;
    // The failed bidder reads why (87号令 Art 69) on its project page.
    let qb1 = session(&router, "qb1").await;
    let own = server_fn(
        &router,
        &qb1,
        "project_view",
        serde_json::json!({ "id": p }),
    )
    .await;
    let mine = &own["own_bids"][0];
    assert_eq!(mine["qualified"], false, "{own}");
    assert_eq!(mine["disqualification_reason"], "未提供有效的营业执照");
    let html = common::get_as(&router, &format!("/projects/{p}"), &qb1).await;
    assert!(html.body.contains("未提供有效的营业执照"));
    // Another bidder does not read it.
    let qb0 = session(&router, "qb0").await;
    let other = common::get_as(&router, &format!("/projects/{p}"), &qb0).await;
    assert!(!other.body.contains("未提供有效的营业执照"));
}

on_both_databases!(a_failed_qualification_leaves_the_evaluation_and_tells_the_bidder_why);
