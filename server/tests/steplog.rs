//! The step log (issue 15 point 3): every write commits its tail in one order — findings, audit
//! record, events, commit, wake — so event ids are taken in commit order. Under concurrent
//! writes of several kinds (plans and budget lines through the web forms, ingest through the
//! API, triage of findings), on both databases, the monitor's dispatcher broadcasts every stored
//! event exactly once, in id order, and never meets a missing id (`EventHub::gaps_met`).
//! Before the step log, plan steps and ingest stored their finding events before the audit
//! append: on PostgreSQL a writer waiting for the chain held lower ids than the one committing,
//! and the monitors waited at gaps.

mod common;

use common::scalar;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request};
use common::{budget_line, file_plan, post_form_as, session, TestDb};
use serde_json::json;
use server::demo;
use server::ingest::keys;
use server::store::now_unix;
use sqlx::Row;

const ROUNDS: usize = 12;

/// An ingest POST of a budget line for the unit with credit code `unit`.
async fn ingest_line(router: &axum::Router, key: &str, unit: &str, code: &str) -> u16 {
    let body = json!({
        "unit": unit,
        "fiscal_year": 2026,
        "code": code,
        "name": "计算机设备购置",
        "approved_amount": 10_000_000,
    })
    .to_string();
    let request = Request::post("/api/v1/budget-lines")
        .header(header::HOST, common::HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, body.len())
        .header(header::AUTHORIZATION, format!("Bearer {key}"))
        .header("idempotency-key", code)
        .body(Body::from(body))
        .unwrap();
    common::send(router, request).await.status
}

async fn concurrent_writes_reach_the_monitor_without_a_gap(t: &TestDb) {
    demo::load(&t.store()).await.unwrap();
    let store = t.store();
    let router = t.router_of(store.clone());
    let mut rx = store.events.subscribe(&t.db).await;
    let start = scalar(t, "SELECT COALESCE(MAX(id), 0) FROM events").await;
    let tn = session(&router, "tnjyj").await;
    let wj = session(&router, "wjjyj").await;
    let regulator = session(&router, "tnczj").await;
    let key = keys::create_key(&t.db, "finance", "320400", "budget_line", now_unix())
        .await
        .unwrap()
        .key;
    let unit: i64 = sqlx::query("SELECT organisation_id FROM users WHERE username = 'tnjyj'")
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    let unit = unit.to_string();
    let tn_line = budget_line(&router, &tn, "GAP-TN", "90,000,000").await;
    let wj_line = budget_line(&router, &wj, "GAP-WJ", "90,000,000").await;
    for round in 0..ROUNDS {
        // Plans that flag (P04 over the threshold with a non-tender method) and plans that
        // do not, from two units, an ingest write and a triage, all at once.
        // A Tianning finding nobody triaged yet (the P04 of the round before).
        let finding = scalar(
            t,
            "SELECT MAX(f.id) FROM findings f WHERE f.jurisdiction_code = '320402' \
             AND NOT EXISTS (SELECT 1 FROM finding_triage x WHERE x.finding_id = f.id)",
        )
        .await;
        let triage = format!("/regulator/findings/{finding}/triage");
        let api_code = format!("GAP-API-{round}");
        let (a, b, c, d, e) = tokio::join!(
            file_plan(
                &router,
                &tn,
                tn_line,
                "4,000,000",
                "competitive_consultation"
            ),
            file_plan(&router, &wj, wj_line, "300,000", "public_tender"),
            file_plan(&router, &tn, tn_line, "200,000", "public_tender"),
            ingest_line(&router, &key, &unit, &api_code),
            post_form_as(
                &router,
                &triage,
                &[
                    ("action", "acknowledge"),
                    ("note", "并发测试"),
                    ("assignee", "")
                ],
                &regulator,
            ),
        );
        for r in [&a, &b, &c] {
            assert_eq!(r.status, 303, "round {round}: {}", r.body);
        }
        assert_eq!(d, 201, "round {round}");
        assert!(
            e.status < 400,
            "round {round}: triage {} {}",
            e.status,
            e.body
        );
    }
    let last = scalar(t, "SELECT COALESCE(MAX(id), 0) FROM events").await;
    let stored = scalar(
        t,
        &format!("SELECT COUNT(*) FROM events WHERE id > {start}"),
    )
    .await;
    assert!(stored >= (ROUNDS * 5) as i64, "{stored} events");
    // Every stored event reaches the monitor once, in id order, with no id skipped.
    let mut got = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while got.last().copied().unwrap_or(start) < last {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Ok(e)) => got.push(e.id),
            other => panic!(
                "the monitor stopped at {:?} of {last}: {other:?}",
                got.last()
            ),
        }
    }
    let want: Vec<i64> = ((start + 1)..=last).collect();
    assert_eq!(got, want, "events broadcast in id order, none skipped");
    assert_eq!(
        i64::try_from(got.len()).unwrap(),
        stored,
        "ids are dense: every id taken was committed"
    );
    assert_eq!(
        store.events.gaps_met(),
        0,
        "the dispatcher never waited for a missing id"
    );
    // The tail's order in the rows: every write's audit record and its events are stored in
    // one transaction, so each step event has its audit record.
    let audited = scalar(
        t,
        &format!(
            "SELECT COUNT(*) FROM events e WHERE e.id > {start} AND e.kind = 'step' AND NOT EXISTS \
             (SELECT 1 FROM audit_log a WHERE a.subject_id = e.subject_id AND a.at = e.at)"
        ),
    )
    .await;
    assert_eq!(audited, 0, "a step event without its audit record");
}
on_both_databases!(concurrent_writes_reach_the_monitor_without_a_gap);
