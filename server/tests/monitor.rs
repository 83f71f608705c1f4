//! The live monitor: server-sent events scoped to the regulator's jurisdiction, resumed after
//! Last-Event-ID without losing events, and — on PostgreSQL — delivered across server processes.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request};
use common::{login, session_token, TestDb, HOST};
use http_body_util::BodyExt;
use server::demo;
use shared::plan::{BudgetLineForm, PlanForm};
use sqlx::Row;
use tower::ServiceExt;

async fn session(router: &axum::Router, user: &str) -> String {
    session_token(&login(router, user, demo::DEMO_PASSWORD).await).unwrap()
}

/// Opens the stream and returns its body.
async fn open(router: &axum::Router, token: &str, last_id: Option<i64>, query: &str) -> Body {
    let mut r = Request::get(format!("/regulator/monitor/stream{query}"))
        .header(header::HOST, HOST)
        .header(header::COOKIE, format!("yiwang_session={token}"));
    if let Some(id) = last_id {
        r = r.header("last-event-id", id.to_string());
    }
    let response = router
        .clone()
        .oneshot(r.body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    response.into_body()
}

/// Reads SSE events until `want` data events arrived or the time is up; returns (id, data).
async fn read(body: &mut Body, want: usize, within: Duration) -> Vec<(i64, serde_json::Value)> {
    let mut text = String::new();
    let mut out = Vec::new();
    let deadline = tokio::time::Instant::now() + within;
    while out.len() < want {
        let frame = match tokio::time::timeout_at(deadline, body.frame()).await {
            Ok(Some(Ok(f))) => f,
            _ => break,
        };
        if let Ok(data) = frame.into_data() {
            text.push_str(&String::from_utf8_lossy(&data));
        }
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let id = block
                .lines()
                .find_map(|l| l.strip_prefix("id:"))
                .map(|v| v.trim().parse().unwrap());
            let data = block.lines().find_map(|l| l.strip_prefix("data:"));
            if let (Some(id), Some(data)) = (id, data) {
                out.push((id, serde_json::from_str(data.trim()).unwrap()));
            }
        }
    }
    out
}

/// Files a plan for `user`'s unit through the store (as the web form does); returns its events.
async fn file_plan(t: &TestDb, user: &str, code: &str, amount: &str) {
    let store = t.store();
    let row = sqlx::query("SELECT u.id, u.organisation_id, o.jurisdiction_code FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.username = $1")
        .bind(user.to_owned())
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    let actor = shared::access::Principal {
        duty: None,
        user_id: row.try_get(0).unwrap(),
        role: shared::access::Role::Purchaser,
        organisation_id: row.try_get(1).unwrap(),
        supplier_id: None,
        jurisdiction: row.try_get(2).unwrap(),
    };
    let unit = actor.organisation_id.unwrap();
    let now = server::store::now_unix();
    let line = BudgetLineForm {
        code: code.into(),
        name: "监控测试".into(),
        fiscal_year: "2026".into(),
        approved_amount: "9,000,000".into(),
    }
    .parse()
    .unwrap();
    let line = store
        .insert_budget_line(&actor, unit, &line, now)
        .await
        .unwrap();
    let plan = PlanForm {
        budget_line_id: line.to_string(),
        name: format!("{code} 服务器采购"),
        object_type: "goods".into(),
        category_code: "A02010104".into(),
        amount: amount.into(),
        method: "competitive_consultation".into(),
        imports_wanted: String::new(),
        planned_date: "2026-06-01".into(),
    }
    .parse()
    .unwrap();
    // Through the store's own instance: the router's store shares the database, and the
    // dispatcher also polls, so either instance reaches the monitor.
    store.insert_plan(&actor, unit, &plan, now).await.unwrap();
}

async fn the_monitor_streams_its_jurisdiction_and_resumes(t: &TestDb) {
    demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let tn = session(&router, "tnczj").await;
    let wj = session(&router, "wjczj").await;
    let mut tn_body = open(&router, &tn, None, "").await;
    let mut wj_body = open(&router, &wj, None, "").await;
    let mut tn_pre = open(&router, &tn, None, "?stage=pre&severity=critical").await;
    // A Tianning plan that flags P04: a finding and a step event.
    file_plan(t, "tnjyj", "MON-1", "4,000,000").await;
    let got = read(&mut tn_body, 2, Duration::from_secs(5)).await;
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().any(|(_, e)| e["check_id"] == "P04"));
    assert!(got
        .iter()
        .any(|(_, e)| e["kind"] == "step" && e["action"] == "plan.file"));
    assert!(got.iter().all(|(_, e)| e["jurisdiction_code"] == "320402"));
    // The filtered monitor gets only the critical pre-event finding.
    let got_pre = read(&mut tn_pre, 1, Duration::from_secs(5)).await;
    assert_eq!(got_pre.len(), 1);
    assert_eq!(got_pre[0].1["check_id"], "P04");
    // Wujin sees nothing of it.
    assert!(read(&mut wj_body, 1, Duration::from_millis(600))
        .await
        .is_empty());
    // A network drop: the monitor is gone while two more plans are filed, then reconnects
    // with the last id it saw and gets exactly the missed events, in order.
    let last = got.iter().map(|(id, _)| *id).max().unwrap();
    drop(tn_body);
    file_plan(t, "tnjyj", "MON-2", "4,100,000").await;
    file_plan(t, "tnjyj", "MON-3", "100,000").await;
    let mut again = open(&router, &tn, Some(last), "").await;
    let missed = read(&mut again, 3, Duration::from_secs(5)).await;
    assert_eq!(missed.len(), 3, "{missed:?}");
    let ids: Vec<i64> = missed.iter().map(|(id, _)| *id).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    assert!(ids[0] > last);
    // Not a regulator: no stream.
    let purchaser = session(&router, "tnjyj").await;
    let r = router
        .clone()
        .oneshot(
            Request::get("/regulator/monitor/stream")
                .header(header::HOST, HOST)
                .header(header::COOKIE, format!("yiwang_session={purchaser}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // The page lists the recent events (no JavaScript needed).
    let page = common::get_as(&router, "/regulator/monitor", &tn).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("MON-3 服务器采购"), "{}", page.body);
    let page = common::get_as(&router, "/regulator/monitor", &wj).await;
    assert!(!page.body.contains("MON-3"));
    // Its history pages back through the stored events: before the first missed event, MON-1's
    // are there and MON-2's and MON-3's are not; a history page is not live and leads back.
    let older = common::get_as(
        &router,
        &format!("/regulator/monitor?before={}", ids[0]),
        &tn,
    )
    .await;
    assert_eq!(older.status, 200);
    assert!(older.body.contains("MON-1 服务器采购"), "{}", older.body);
    assert!(!older.body.contains("MON-2") && !older.body.contains("MON-3"));
    assert!(older.body.contains("id=\"monitor-newest\""));
    assert!(!older.body.contains("id=\"monitor-live\""));
    let server_fn = common::post_json_as(
        &router,
        "/api/monitor_recent",
        serde_json::json!({ "filter": { "before": ids[0] } }),
        Some(&tn),
    )
    .await;
    assert_eq!(server_fn.status, 200, "{}", server_fn.body);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&server_fn.body).unwrap();
    assert!(!listed.is_empty() && listed.iter().all(|e| e["id"].as_i64().unwrap() < ids[0]));
}
on_both_databases!(the_monitor_streams_its_jurisdiction_and_resumes);
