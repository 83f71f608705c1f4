//! What may follow a failed procurement (issue 15 point 9), over HTTP on both databases: after
//! 废标 the purchaser requests a method change linked to the failed round, the regulator decides
//! seeing the failure, and a new round of the same plan starts with the approved method. Only the
//! steps the plan's gate allows are offered and taken: no second round while one runs, none while
//! the change waits for its decision.

mod common;

use common::location;

use common::{budget_line, file_plan, get_as, post_form_as, session, TestDb};
use server::demo;
use sqlx::Row;

fn id_after(prefix: &str, r: &common::TestResponse) -> i64 {
    let to = location(r);
    to.trim_start_matches(prefix)
        .split('?')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            panic!(
                "redirect under {prefix}, got {to:?}: {} {}",
                r.status, r.body
            )
        })
}

async fn start(router: &axum::Router, token: &str, plan: i64) -> common::TestResponse {
    post_form_as(
        router,
        "/projects",
        &[("plan_id", &plan.to_string()), ("agency_id", "")],
        token,
    )
    .await
}

async fn a_failed_round_is_followed_by_a_method_change_and_a_new_round(t: &TestDb) {
    demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let tn = session(&router, "tnjyj").await;
    let regulator = session(&router, "tnczj").await;
    let line = budget_line(&router, &tn, "ROUND-1", "3,000,000").await;
    let plan = id_after(
        "/plans/",
        &file_plan(&router, &tn, line, "2,000,000", "public_tender").await,
    );
    // The unit's reviewer releases what its handler filed (经办与审核分离).
    let reviewer = session(&router, "tnsh").await;
    let r = post_form_as(&router, &format!("/plans/{plan}/release"), &[], &reviewer).await;
    assert_eq!(r.status, 303, "{}", r.body);
    // The first round.
    let r = start(&router, &tn, plan).await;
    assert!(
        location(&r).contains("?done=create"),
        "{} {}",
        r.status,
        r.body
    );
    let first = id_after("/projects/", &r);
    // While it runs: no second round offered or taken, no request.
    let page = get_as(&router, &format!("/plans/{plan}"), &tn).await;
    assert!(!page.body.contains("id=\"start-round\""));
    assert!(!page.body.contains("id=\"request-form\""));
    let r = start(&router, &tn, plan).await;
    assert_eq!(r.status, 422, "{}", location(&r));
    let at = r
        .body
        .find("form-refused")
        .map(|i| &r.body[i..(i + 600).min(r.body.len())]);
    assert!(r.body.contains("data-field=\"plan_id\""), "{at:?}");
    // 废标: the task cancelled.
    let r = post_form_as(
        &router,
        &format!("/projects/{first}/termination"),
        &[
            ("ground", "cancelled"),
            ("reason", "采购需求发生重大变化，本次采购终止"),
        ],
        &tn,
    )
    .await;
    assert!(
        location(&r).contains("?done=terminate"),
        "{} {}",
        r.status,
        r.body
    );
    // The failed round's page: nothing more offered there but the refunds of securities (none
    // here: no bid came in).
    let page = get_as(&router, &format!("/projects/{first}"), &tn).await;
    assert!(!page.body.contains("id=\"terminate-form\""));
    assert!(!page.body.contains("security-refunds"));
    // It points the purchaser to the plan, where what may follow is done.
    assert!(
        page.body.contains(&format!("href=\"/plans/{plan}\"")),
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"after-failure\""));
    // A bidder's challenge of the failure that may affect the result, unanswered: the next
    // round waits for the answer (the plan offers no start, and a start is refused).
    let supplier = common::scalar(t, "SELECT MIN(id) FROM suppliers").await;
    sqlx::query(
        "INSERT INTO challenges (project_id, supplier_id, kind, text, filed_at, affects_result, due_on, subject) \
         VALUES ($1, $2, 'challenge', '废标理由不成立', 1, 1, '2026-12-31', 'result')",
    )
    .bind(first)
    .bind(supplier)
    .execute(&t.db.pool)
    .await
    .unwrap();
    let page = get_as(&router, &format!("/plans/{plan}"), &tn).await;
    assert!(!page.body.contains("id=\"start-round\""), "{}", page.body);
    let r = start(&router, &tn, plan).await;
    assert_eq!(r.status, 422, "{}", location(&r));
    sqlx::query("UPDATE challenges SET answered_at = 2, answer = '维持废标' WHERE project_id = $1")
        .bind(first)
        .execute(&t.db.pool)
        .await
        .unwrap();
    // Now: a method change (linked to the failed round) or a new round.
    let page = get_as(&router, &format!("/plans/{plan}"), &tn).await;
    assert!(page.body.contains("id=\"start-round\""), "{}", page.body);
    assert!(page.body.contains("id=\"request-form\""));
    assert!(page.body.contains("value=\"method_change\""));
    assert!(!page.body.contains("value=\"import\""));
    assert!(page.body.contains("negotiation_tender_failed"));
    // The failed method's own ground is refused.
    let r = post_form_as(
        &router,
        &format!("/plans/{plan}/requests"),
        &[
            ("kind", "method_change"),
            ("ground", "other"),
            ("reason", "公开招标失败，拟改为竞争性谈判"),
        ],
        &tn,
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("data-field=\"ground\""), "{}", r.body);
    let r = post_form_as(
        &router,
        &format!("/plans/{plan}/requests"),
        &[
            ("kind", "method_change"),
            ("ground", "negotiation_tender_failed"),
            ("reason", "公开招标失败，拟改为竞争性谈判"),
        ],
        &tn,
    )
    .await;
    assert!(
        location(&r).contains("?requested="),
        "{} {}",
        r.status,
        r.body
    );
    let row = sqlx::query(
        "SELECT id, failed_project_id, to_method FROM approvals WHERE plan_id = $1 ORDER BY id DESC",
    )
    .bind(plan)
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    let approval: i64 = row.try_get(0).unwrap();
    assert_eq!(row.try_get::<Option<i64>, _>(1).unwrap(), Some(first));
    assert_eq!(
        row.try_get::<Option<String>, _>(2).unwrap().as_deref(),
        Some("competitive_negotiation")
    );
    // While it waits: no new round.
    let page = get_as(&router, &format!("/plans/{plan}"), &tn).await;
    assert!(!page.body.contains("id=\"start-round\""));
    assert_eq!(start(&router, &tn, plan).await.status, 422);
    // The regulator sees the failed round with the request and approves.
    let queue = get_as(&router, "/regulator/approvals", &regulator).await;
    assert!(
        queue.body.contains("class=\"failed-round\""),
        "{}",
        queue.body
    );
    assert!(queue.body.contains(&format!("/projects/{first}")));
    let r = post_form_as(
        &router,
        &format!("/regulator/approvals/{approval}/decision"),
        &[
            ("decision", "approve"),
            ("reason", "符合公开招标失败后变更的情形"),
        ],
        &regulator,
    )
    .await;
    assert!(
        location(&r).contains("?decided="),
        "{} {}",
        r.status,
        r.body
    );
    // The new round runs with the approved method.
    let r = start(&router, &tn, plan).await;
    assert!(
        location(&r).contains("?done=create"),
        "{} {}",
        r.status,
        r.body
    );
    let second = id_after("/projects/", &r);
    let row = sqlx::query("SELECT method, round, name FROM projects WHERE id = $1")
        .bind(second)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert_eq!(
        row.try_get::<String, _>(0).unwrap(),
        "competitive_negotiation"
    );
    assert_eq!(row.try_get::<i64, _>(1).unwrap(), 2);
    assert!(row.try_get::<String, _>(2).unwrap().ends_with("（第2轮）"));
    let page = get_as(&router, &format!("/plans/{plan}"), &tn).await;
    assert!(page.body.contains("data-round=\"1\""));
    assert!(page.body.contains("data-round=\"2\""));
    assert!(!page.body.contains("id=\"start-round\""));
    // Both rounds and the decision are in the audit trail.
    let rounds: Vec<String> = sqlx::query(
        "SELECT after_json FROM audit_log WHERE action = 'project.create' AND subject_id IN ($1, $2) ORDER BY id",
    )
    .bind(first.to_string())
    .bind(second.to_string())
    .fetch_all(&t.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get(0).unwrap())
    .collect();
    assert_eq!(rounds.len(), 2);
    assert!(rounds[1].contains("\"round\":2"), "{}", rounds[1]);
}
on_both_databases!(a_failed_round_is_followed_by_a_method_change_and_a_new_round);
