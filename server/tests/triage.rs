//! Triage of findings: each change appended with who, when and why; illegal transitions and
//! missing notes refused with nothing stored; other districts cannot act on a finding.

mod common;

use common::scalar as count;

use axum::body::Body;
use axum::http::{header, Request};
use common::{get_as, login, send, session_token, TestDb, HOST, ORIGIN};
use sqlx::Row;

async fn post(
    router: &axum::Router,
    path: &str,
    pairs: &[(&str, &str)],
    token: &str,
) -> common::TestResponse {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    let body = s.finish();
    send(
        router,
        Request::post(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, ORIGIN)
            .header(header::COOKIE, format!("yiwang_session={token}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

async fn findings_are_triaged_with_history(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    let router = t.router();
    // The demo's P04 finding of 天宁区教育局.
    let finding: i64 = count(t, "SELECT MIN(id) FROM findings WHERE check_id = 'P04'").await;
    let tn = session_token(&login(&router, "tnczj", server::demo::DEMO_PASSWORD).await).unwrap();
    let wj = session_token(&login(&router, "wjczj", server::demo::DEMO_PASSWORD).await).unwrap();
    let path = format!("/regulator/findings/{finding}/triage");
    // Another district: not found, nothing stored.
    assert_eq!(
        post(&router, &path, &[("action", "acknowledge")], &wj)
            .await
            .status,
        404
    );
    // A false positive needs a note.
    let r = post(
        &router,
        &path,
        &[("action", "mark_false_positive"), ("note", "")],
        &tn,
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(count(t, "SELECT COUNT(*) FROM finding_triage").await, 0);
    for (action, note, assignee) in [
        ("acknowledge", "", ""),
        ("assign", "", "李科长"),
        ("resolve", "已批准变更采购方式", ""),
    ] {
        let r = post(
            &router,
            &path,
            &[("action", action), ("note", note), ("assignee", assignee)],
            &tn,
        )
        .await;
        assert_eq!(r.status, 303, "{action}: {}", r.body);
    }
    // Resolved: acknowledging again is not allowed; reopening is, with a note.
    assert_eq!(
        post(&router, &path, &[("action", "acknowledge")], &tn)
            .await
            .status,
        422
    );
    assert_eq!(
        post(
            &router,
            &path,
            &[("action", "reopen"), ("note", "复核发现问题")],
            &tn
        )
        .await
        .status,
        303
    );
    let states: Vec<String> =
        sqlx::query("SELECT state FROM finding_triage WHERE finding_id = $1 ORDER BY id")
            .bind(finding)
            .fetch_all(&t.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get(0).unwrap())
            .collect();
    assert_eq!(
        states,
        ["acknowledged", "assigned", "resolved", "acknowledged"]
    );
    assert_eq!(
        count(
            t,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'finding.triage'"
        )
        .await,
        4
    );
    // The page lists it with its history; Wujin's page does not.
    let page = get_as(&router, "/regulator/findings", &tn).await;
    assert!(page.body.contains("已批准变更采购方式"), "{}", page.body);
    let page = get_as(&router, "/regulator/findings", &wj).await;
    assert!(!page.body.contains("已批准变更采购方式"));
    // Every finding of the jurisdiction is counted (no silent cap), and the filters apply.
    let in_tn = count(
        t,
        "SELECT COUNT(*) FROM findings WHERE jurisdiction_code = '320402'",
    )
    .await;
    let page = get_as(&router, "/regulator/findings", &tn).await;
    assert!(
        page.body.contains(&format!("共 {in_tn} 条预警")),
        "{in_tn}: {}",
        page.body
    );
    let page = get_as(&router, "/regulator/findings?state=acknowledged", &tn).await;
    assert!(page.body.contains("共 1 条预警"), "{}", page.body);
    let page = get_as(&router, "/regulator/findings?state=resolved", &tn).await;
    assert!(page.body.contains("共 0 条预警"));
    // A purchaser may not triage.
    let p = session_token(&login(&router, "tnjyj", server::demo::DEMO_PASSWORD).await).unwrap();
    assert_eq!(
        post(&router, &path, &[("action", "acknowledge")], &p)
            .await
            .status,
        403
    );
}
on_both_databases!(findings_are_triaged_with_history);
