//! Budget lines, plans and approvals over HTTP, on SQLite and PostgreSQL: the checks run again
//! on the server, forbidden steps are refused with nothing stored, warnings are stored, requests
//! reach the regulator of the jurisdiction only, decisions are recorded, every step is audited.

mod common;

use common::location;
use common::scalar as count;

use common::{budget_line, file_plan, get_as, post_form_as, post_json_as, session, TestDb};
use server::demo;
use sqlx::Row;

fn plan_id(r: &common::TestResponse) -> i64 {
    let to = location(r);
    to.trim_start_matches("/plans/")
        .split('?')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("redirect to the plan, got {to:?}: {} {}", r.status, r.body))
}

async fn a_plan_reaching_the_threshold_files_with_a_p04_warning(t: &TestDb) {
    demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let tn = session(&router, "tnjyj").await;
    let line = budget_line(&router, &tn, "T-1", "6,000,000").await;
    let plans_before = count(t, "SELECT COUNT(*) FROM plans").await;
    let r = file_plan(&router, &tn, line, "4,000,000", "competitive_consultation").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id = plan_id(&r);
    assert_eq!(
        count(t, "SELECT COUNT(*) FROM plans").await,
        plans_before + 1
    );
    let checks: Vec<String> = sqlx::query("SELECT check_id FROM findings WHERE subject_type = 'plan' AND subject_id = $1 ORDER BY check_id")
        .bind(id.to_string())
        .fetch_all(&t.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get(0).unwrap())
        .collect();
    assert_eq!(checks, ["P04"]);
    let audit: String = sqlx::query(
        "SELECT findings_json FROM audit_log WHERE action = 'plan.file' AND subject_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&t.db.pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap();
    assert!(audit.contains("P04"), "{audit}");
    // The plan page shows the finding.
    let page = get_as(&router, &format!("/plans/{id}"), &tn).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-check=\"P04\""), "{}", page.body);
}
on_both_databases!(a_plan_reaching_the_threshold_files_with_a_p04_warning);

async fn an_over_budget_plan_is_refused_and_nothing_is_stored(t: &TestDb) {
    demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let tn = session(&router, "tnjyj").await;
    let line = budget_line(&router, &tn, "T-2", "1,000,000").await;
    let r = file_plan(&router, &tn, line, "600,000", "public_tender").await;
    assert_eq!(r.status, 303);
    let plans = count(t, "SELECT COUNT(*) FROM plans").await;
    let findings = count(t, "SELECT COUNT(*) FROM findings").await;
    let audit = count(t, "SELECT COUNT(*) FROM audit_log").await;
    // 600,000 + 400,000.01 > 1,000,000: P01 forbids filing.
    let r = file_plan(&router, &tn, line, "400,000.01", "public_tender").await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.contains("id=\"refusals\""), "{}", r.body);
    assert!(r.body.contains("P01"));
    assert!(r.body.contains("400,000.01"), "the typed values come back");
    assert_eq!(count(t, "SELECT COUNT(*) FROM plans").await, plans);
    assert_eq!(count(t, "SELECT COUNT(*) FROM findings").await, findings);
    assert_eq!(count(t, "SELECT COUNT(*) FROM audit_log").await, audit);
    // Exactly the rest of the line is allowed.
    let r = file_plan(&router, &tn, line, "400,000", "public_tender").await;
    assert_eq!(r.status, 303, "{}", r.body);
}
on_both_databases!(an_over_budget_plan_is_refused_and_nothing_is_stored);

async fn bad_input_gets_field_errors_and_nothing_is_stored(t: &TestDb) {
    demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let tn = session(&router, "tnjyj").await;
    let plans = count(t, "SELECT COUNT(*) FROM plans").await;
    let r = post_form_as(
        &router,
        "/plans",
        &[
            ("budget_line_id", ""),
            ("name", ""),
            ("amount", "12.345"),
            ("method", "bribery"),
        ],
        &tn,
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("请选择预算指标"), "{}", r.body);
    assert!(r.body.contains("金额最多两位小数"));
    assert_eq!(count(t, "SELECT COUNT(*) FROM plans").await, plans);
    // Another unit's budget line is "no such line".
    let wj = session(&router, "wjjyj").await;
    let tn_line: i64 = sqlx::query("SELECT MIN(b.id) FROM budget_lines b JOIN users u ON u.organisation_id = b.unit_id WHERE u.username = 'tnjyj'")
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    let r = file_plan(&router, &wj, tn_line, "100,000", "public_tender").await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("没有这个预算指标"));
    assert_eq!(count(t, "SELECT COUNT(*) FROM plans").await, plans);
    // A budget line with a bad year and amount.
    let lines = count(t, "SELECT COUNT(*) FROM budget_lines").await;
    let r = post_form_as(
        &router,
        "/budget-lines",
        &[
            ("code", "X"),
            ("name", "n"),
            ("fiscal_year", "1990"),
            ("approved_amount", "-5"),
        ],
        &tn,
    )
    .await;
    assert_eq!(r.status, 422);
    assert_eq!(count(t, "SELECT COUNT(*) FROM budget_lines").await, lines);
}
on_both_databases!(bad_input_gets_field_errors_and_nothing_is_stored);

async fn release_waits_for_the_approved_method_change(t: &TestDb) {
    demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let tn = session(&router, "tnjyj").await;
    let reviewer = session(&router, "tnsh").await;
    let line = budget_line(&router, &tn, "T-3", "6,000,000").await;
    let id = plan_id(&file_plan(&router, &tn, line, "4,000,000", "competitive_consultation").await);
    // The handler who filed it does not release it (经办与审核分离).
    let r = post_form_as(&router, &format!("/plans/{id}/release"), &[], &tn).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("经办与审核分离"));
    // P04 forbids the start of the activity.
    let r = post_form_as(&router, &format!("/plans/{id}/release"), &[], &reviewer).await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.contains("P04"));
    // A ground of another method is refused field by field.
    let r = post_form_as(
        &router,
        &format!("/plans/{id}/requests"),
        &[
            ("kind", "method_change"),
            ("ground", "negotiation_urgent"),
            ("reason", "时间紧急需尽快采购"),
        ],
        &tn,
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = post_form_as(
        &router,
        &format!("/plans/{id}/requests"),
        &[
            ("kind", "method_change"),
            ("ground", "consultation_complex"),
            ("reason", "技术复杂，无法确定详细规格"),
        ],
        &tn,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let approval: i64 = sqlx::query("SELECT id FROM approvals WHERE plan_id = $1")
        .bind(id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    // Still pending: release still refused.
    let r = post_form_as(&router, &format!("/plans/{id}/release"), &[], &reviewer).await;
    assert_eq!(r.status, 409);
    // The Wujin regulator cannot see or decide it; the Tianning regulator can.
    let wj = session(&router, "wjczj").await;
    let r = post_form_as(
        &router,
        &format!("/regulator/approvals/{approval}/decision"),
        &[("decision", "approve"), ("reason", "符合法定情形")],
        &wj,
    )
    .await;
    assert_eq!(r.status, 404);
    let queue = post_json_as(
        &router,
        "/api/approval_queue",
        serde_json::json!({}),
        Some(&wj),
    )
    .await;
    assert_eq!(queue.status, 200);
    assert!(!queue.body.contains("服务器采购"), "{}", queue.body);
    let tnr = session(&router, "tnczj").await;
    let queue = post_json_as(
        &router,
        "/api/approval_queue",
        serde_json::json!({}),
        Some(&tnr),
    )
    .await;
    assert!(queue.body.contains("服务器采购"), "{}", queue.body);
    // The page of the queue: filtered by status and name, counted, one page.
    let page = |query: serde_json::Value| {
        let router = router.clone();
        let tnr = tnr.clone();
        async move {
            let r = post_json_as(
                &router,
                "/api/approval_page",
                serde_json::json!({ "query": query }),
                Some(&tnr),
            )
            .await;
            assert_eq!(r.status, 200, "{}", r.body);
            serde_json::from_str::<serde_json::Value>(&r.body).unwrap()
        }
    };
    let pending = page(serde_json::json!({ "status": "pending", "q": "服务器" })).await;
    assert!(pending["total"].as_i64().unwrap() >= 1, "{pending}");
    assert!(pending["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["status"] == "pending" && r["plan_name"].as_str().unwrap().contains("服务器")));
    let none = page(serde_json::json!({ "q": "不存在的计划" })).await;
    assert_eq!(none["total"], 0);
    let html = common::get_as(
        &router,
        "/regulator/approvals?status=pending&q=%E6%9C%8D%E5%8A%A1%E5%99%A8",
        &tnr,
    )
    .await;
    assert!(html.body.contains("id=\"approvals-total\"") && html.body.contains("服务器采购"));
    // A decision without a reason is refused.
    let r = post_form_as(
        &router,
        &format!("/regulator/approvals/{approval}/decision"),
        &[("decision", "approve"), ("reason", "")],
        &tnr,
    )
    .await;
    assert_eq!(r.status, 422);
    // Taken on a filtered list's page, the decision returns to that list (a foreign address in
    // the query is not followed: the list is parsed as the list parses it).
    let r = post_form_as(
        &router,
        &format!(
            "/regulator/approvals/{approval}/decision?status=pending&q=%E6%9C%8D%E5%8A%A1%E5%99%A8&next=https://evil.example"
        ),
        &[
            ("decision", "approve"),
            ("reason", "符合技术复杂的法定情形"),
        ],
        &tnr,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        location(&r),
        format!(
            "/regulator/approvals?status=pending&q=%E6%9C%8D%E5%8A%A1%E5%99%A8&decided={approval}"
        )
    );
    let row = sqlx::query(
        "SELECT status, decided_by, decision_reason, decided_at FROM approvals WHERE id = $1",
    )
    .bind(approval)
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(row.try_get::<String, _>(0).unwrap(), "approved");
    assert!(row.try_get::<Option<i64>, _>(1).unwrap().is_some());
    assert_eq!(
        row.try_get::<String, _>(2).unwrap(),
        "符合技术复杂的法定情形"
    );
    assert!(row.try_get::<Option<i64>, _>(3).unwrap().is_some());
    // Decided once only.
    let r = post_form_as(
        &router,
        &format!("/regulator/approvals/{approval}/decision"),
        &[("decision", "reject"), ("reason", "再次审批")],
        &tnr,
    )
    .await;
    assert_eq!(r.status, 422);
    // Now the plan may start.
    let r = post_form_as(&router, &format!("/plans/{id}/release"), &[], &reviewer).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let status: String = sqlx::query("SELECT status FROM plans WHERE id = $1")
        .bind(id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(status, "released");
    let actions: Vec<String> = sqlx::query("SELECT action FROM audit_log WHERE action IN ('plan.file', 'approval.request', 'approval.decide', 'plan.release') AND ((subject_type = 'plan' AND subject_id = $1) OR (subject_type = 'approval' AND subject_id = $2)) ORDER BY id")
        .bind(id.to_string())
        .bind(approval.to_string())
        .fetch_all(&t.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get(0).unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "plan.file",
            "approval.request",
            "approval.decide",
            "plan.release"
        ]
    );
}
on_both_databases!(release_waits_for_the_approved_method_change);

async fn single_source_is_approved_only_after_five_working_days(t: &TestDb) {
    demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let tn = session(&router, "tnjyj").await;
    let line = budget_line(&router, &tn, "T-4", "900,000").await;
    let id = plan_id(&file_plan(&router, &tn, line, "800,000", "single_source").await);
    let today = shared::time::Instant::from_unix_seconds(app::service::plans::now_unix())
        .china_date()
        .to_string();
    let r = post_form_as(
        &router,
        &format!("/plans/{id}/requests"),
        &[
            ("kind", "single_source"),
            ("ground", "single_only_supplier"),
            ("reason", "专利产品，只能从唯一供应商处采购"),
            ("supplier_name", "常州某某科技有限公司"),
            ("notice_from", &today),
        ],
        &tn,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let row = sqlx::query("SELECT id, notice_from, notice_until FROM approvals WHERE plan_id = $1")
        .bind(id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    let approval: i64 = row.try_get(0).unwrap();
    let from: String = row.try_get(1).unwrap();
    let until: String = row.try_get(2).unwrap();
    let cal = shared::calendar::china();
    let (from, until) = (
        shared::time::Date::parse(&from).unwrap(),
        shared::time::Date::parse(&until).unwrap(),
    );
    if cal.covers(until) {
        assert_eq!(cal.workdays_between(from, until).unwrap(), 5);
    }
    let tnr = session(&router, "tnczj").await;
    let r = post_form_as(
        &router,
        &format!("/regulator/approvals/{approval}/decision"),
        &[("decision", "approve"), ("reason", "无异议")],
        &tnr,
    )
    .await;
    assert_eq!(r.status, 422, "the notice is still running: {}", r.body);
    assert!(r.body.contains("公示期"), "{}", r.body);
    let r = post_form_as(
        &router,
        &format!("/regulator/approvals/{approval}/decision"),
        &[("decision", "reject"), ("reason", "供应商唯一性论证不足")],
        &tnr,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
}
on_both_databases!(single_source_is_approved_only_after_five_working_days);

/// Role × jurisdiction × route: every cell allowed or forbidden as the access rules say, and a
/// forbidden record answers exactly like a missing one.
async fn who_sees_which_plan(t: &TestDb) {
    demo::load(&t.store()).await.unwrap();
    let router = t.router();
    // The demo plan of 天宁区教育局 with its pending method-change request.
    let plan: i64 = sqlx::query("SELECT MIN(id) FROM plans")
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    let approval: i64 = sqlx::query("SELECT MIN(id) FROM approvals")
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    // (user, /plans, /regulator/approvals, plan detail, sees the request in its queue); the
    // regulators' /plans lists their jurisdiction's plans (the_plan_list_is_…_per_role).
    let cells: &[(&str, u16, u16, u16, bool)] = &[
        ("admin", 403, 403, 200, false),
        ("czczj", 200, 200, 200, true),
        ("tnczj", 200, 200, 200, true),
        ("wjczj", 200, 200, 404, false),
        ("tnjyj", 200, 403, 200, false),
        ("wjjyj", 200, 403, 404, false),
        ("cgzx", 403, 403, 404, false),
        ("dljg", 403, 403, 404, false),
        ("gys", 403, 403, 404, false),
        ("zj000", 403, 403, 404, false),
    ];
    let missing = post_json_as(
        &router,
        "/api/plan_detail",
        serde_json::json!({"id": 999_999}),
        Some(&session(&router, "tnjyj").await),
    )
    .await;
    assert_eq!(missing.status, 404);
    for (user, desk, queue, detail, in_queue) in cells {
        let s = session(&router, user).await;
        let r = get_as(&router, "/plans", &s).await;
        assert_eq!(r.status, *desk, "{user} GET /plans");
        let r = get_as(&router, "/regulator/approvals", &s).await;
        assert_eq!(r.status, *queue, "{user} GET /regulator/approvals");
        let r = post_json_as(
            &router,
            "/api/plan_detail",
            serde_json::json!({"id": plan}),
            Some(&s),
        )
        .await;
        assert_eq!(r.status, *detail, "{user} plan_detail: {}", r.body);
        if *detail == 404 {
            assert_eq!(
                r.body, missing.body,
                "{user}: a forbidden plan looks missing"
            );
            assert!(!r.body.contains("服务器"));
        }
        let r = get_as(&router, &format!("/plans/{plan}"), &s).await;
        assert_eq!(
            r.status == 200,
            *detail == 200,
            "{user} GET /plans/{plan}: {}",
            r.status
        );
        if *detail != 200 {
            assert!(
                !r.body.contains("教学用服务器采购"),
                "{user} sees nothing of the plan"
            );
        }
        let r = post_json_as(
            &router,
            "/api/approval_queue",
            serde_json::json!({}),
            Some(&s),
        )
        .await;
        assert_eq!(
            r.body.contains("教学用服务器采购"),
            *in_queue,
            "{user} queue"
        );
        // Acting: only the unit's purchaser requests and releases; only the jurisdiction's
        // regulators decide.
        let r = post_form_as(&router, &format!("/plans/{plan}/release"), &[], &s).await;
        let want = match *user {
            // The handler who filed it: another person of the unit releases it.
            "tnjyj" => 422,
            "wjjyj" => 404,
            _ => 403,
        };
        assert_eq!(r.status, want, "{user} release");
        let r = post_form_as(
            &router,
            &format!("/regulator/approvals/{approval}/decision"),
            &[("decision", "bogus"), ("reason", "x")],
            &s,
        )
        .await;
        let want = match *user {
            "czczj" | "tnczj" | "wjczj" => 422,
            _ => 403,
        };
        // Field errors come before the record is read; the Wujin regulator's real decision is 404.
        assert_eq!(r.status, want, "{user} decide");
    }
    let wj = session(&router, "wjczj").await;
    let r = post_form_as(
        &router,
        &format!("/regulator/approvals/{approval}/decision"),
        &[("decision", "approve"), ("reason", "越权审批")],
        &wj,
    )
    .await;
    assert_eq!(r.status, 404);
    // Nobody signed in: pages send to the login page, posts too.
    let r = common::get(&router, "/plans").await;
    assert_eq!(r.status, 303);
    let r = post_json_as(
        &router,
        "/api/plan_detail",
        serde_json::json!({"id": plan}),
        None,
    )
    .await;
    assert_eq!(r.status, 401);
}
on_both_databases!(who_sees_which_plan);

async fn intentions_are_recorded_with_their_date_and_audited(t: &TestDb) {
    demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let tn = session(&router, "tnjyj").await;
    let line = budget_line(&router, &tn, "T-5", "2,000,000").await;
    let id = plan_id(&file_plan(&router, &tn, line, "1,000,000", "public_tender").await);
    let before = count(t, "SELECT COUNT(*) FROM intentions").await;
    // A date ahead of today is refused, nothing stored.
    let r = post_form_as(
        &router,
        &format!("/plans/{id}/intentions"),
        &[
            ("published_on", "2099-01-01"),
            ("media", "江苏政府采购网"),
            ("content", "服务器采购意向"),
        ],
        &tn,
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("公开日期不能晚于今天"));
    assert_eq!(count(t, "SELECT COUNT(*) FROM intentions").await, before);
    // Another unit's purchaser: not found.
    let wj = session(&router, "wjjyj").await;
    let r = post_form_as(
        &router,
        &format!("/plans/{id}/intentions"),
        &[
            ("published_on", "2026-01-05"),
            ("media", "江苏政府采购网"),
            ("content", "服务器采购意向"),
        ],
        &wj,
    )
    .await;
    assert_eq!(r.status, 404);
    let audited_before = count(
        t,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'intention.publish'",
    )
    .await;
    let r = post_form_as(
        &router,
        &format!("/plans/{id}/intentions"),
        &[
            ("published_on", "2026-01-05"),
            ("media", "江苏政府采购网"),
            ("content", "服务器20台，预算100万元，预计2026年6月采购"),
        ],
        &tn,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        count(t, "SELECT COUNT(*) FROM intentions").await,
        before + 1
    );
    assert_eq!(
        count(
            t,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'intention.publish'"
        )
        .await,
        audited_before + 1
    );
    let page = get_as(&router, &format!("/plans/{id}"), &tn).await;
    assert!(
        page.body.contains("2026-01-05 · 江苏政府采购网"),
        "{}",
        page.body
    );
}
on_both_databases!(intentions_are_recorded_with_their_date_and_audited);

/// The plan list (issue 18 point 3): a purchaser lists its unit's plans, a district regulator
/// its jurisdiction's and the city all; searched by part of a name or the number, filtered by
/// year and status, 30 a page, counted; a page past the last shows the last; the export follows
/// the same filter; the regulator's dashboard links to it (it once answered 403).
async fn the_plan_list_is_searched_filtered_and_paged_per_role(t: &TestDb) {
    demo::load_with(&t.store(), demo::DemoScale::Sample)
        .await
        .unwrap();
    let router = t.router();
    let page = |user: &'static str, query: serde_json::Value| {
        let router = router.clone();
        async move {
            let token = session(&router, user).await;
            let r = post_json_as(
                &router,
                "/api/plan_page",
                serde_json::json!({ "query": query }),
                Some(&token),
            )
            .await;
            assert_eq!(r.status, 200, "{user}: {}", r.body);
            serde_json::from_str::<serde_json::Value>(&r.body).unwrap()
        }
    };
    let units = |v: &serde_json::Value| -> std::collections::BTreeSet<String> {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["unit_name"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = count(t, "SELECT COUNT(*) FROM plans").await;
    let city = page("czczj", serde_json::json!({})).await;
    assert_eq!(city["total"].as_i64(), Some(all.min(2001)));
    assert_eq!(city["per_page"], 30);
    let tn = page("tnczj", serde_json::json!({})).await;
    let tn_all = count(
        t,
        "SELECT COUNT(*) FROM plans WHERE jurisdiction_code = '320402'",
    )
    .await;
    assert_eq!(tn["total"].as_i64(), Some(tn_all));
    assert!(tn["total"].as_i64() < city["total"].as_i64());
    let buyer = page("tnjyj", serde_json::json!({})).await;
    assert_eq!(
        units(&buyer).into_iter().collect::<Vec<_>>(),
        ["常州市天宁区教育局"]
    );
    // Search by part of the plan's name, by the unit's name, by the number.
    let found = page("czczj", serde_json::json!({ "q": "计算机" })).await;
    assert!(found["total"].as_i64().unwrap() >= 1, "{found}");
    assert!(found["rows"].as_array().unwrap().iter().all(|r| r["name"]
        .as_str()
        .unwrap()
        .contains("计算机")
        || r["unit_name"].as_str().unwrap().contains("计算机")));
    let by_unit = page("czczj", serde_json::json!({ "q": "天宁区教育" })).await;
    assert!(units(&by_unit).iter().all(|u| u.contains("天宁区教育")));
    let first = found["rows"][0]["id"].as_i64().unwrap();
    let by_number = page("czczj", serde_json::json!({ "q": first.to_string() })).await;
    assert_eq!(by_number["rows"][0]["id"].as_i64(), Some(first));
    // Filters: status and year; an unknown status reads as any.
    let released = page("czczj", serde_json::json!({ "status": "released" })).await;
    assert_eq!(
        released["total"].as_i64(),
        Some(
            count(t, "SELECT COUNT(*) FROM plans WHERE status = 'released'")
                .await
                .min(2001)
        )
    );
    let none = page("czczj", serde_json::json!({ "year": "2001" })).await;
    assert_eq!(none["total"], 0);
    let any = page("czczj", serde_json::json!({ "status": "nonsense" })).await;
    assert_eq!(any["total"], city["total"]);
    // A page past the last shows the last.
    let far = page("tnczj", serde_json::json!({ "page": 9999 })).await;
    assert_eq!(far["page"].as_i64(), Some((tn_all + 29) / 30));
    // Other roles may not list plans.
    let supplier = session(&router, "gys").await;
    let r = post_json_as(
        &router,
        "/api/plan_page",
        serde_json::json!({ "query": {} }),
        Some(&supplier),
    )
    .await;
    assert_eq!(r.status, 403);
    // The page, the export with the same filter, and the dashboard's link for regulators.
    let tnr = session(&router, "tnczj").await;
    let html = get_as(&router, "/plans?q=%E8%AE%A1%E7%AE%97%E6%9C%BA", &tnr).await;
    assert_eq!(html.status, 200);
    assert!(html.body.contains("id=\"plans-total\""), "{}", html.body);
    assert!(!html.body.contains("id=\"budget-line-form\""));
    let csv = get_as(
        &router,
        "/export/plans.csv?q=%E8%AE%A1%E7%AE%97%E6%9C%BA",
        &tnr,
    )
    .await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.lines().skip(1).all(|l| l.contains("计算机")),
        "{}",
        csv.body
    );
    let dash = get_as(&router, "/regulator/dashboard", &tnr).await;
    assert!(dash.body.contains("href=\"/plans\""));
}

on_both_databases!(the_plan_list_is_searched_filtered_and_paged_per_role);

/// A unit's budget lines come 50 a page with their count, latest year first; a page past the
/// last shows the last; the plans page pages them through `lpage`, keeping the plans' filter;
/// the export carries every line.
async fn the_budget_lines_are_paged(t: &TestDb) {
    demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let token = session(&router, "tnjyj").await;
    let desk = |body: serde_json::Value| {
        let router = router.clone();
        let token = token.clone();
        async move {
            let r = post_json_as(&router, "/api/plan_desk", body, Some(&token)).await;
            assert_eq!(r.status, 200, "{}", r.body);
            serde_json::from_str::<serde_json::Value>(&r.body).unwrap()
        }
    };
    let before = desk(serde_json::json!({})).await["lines_total"]
        .as_u64()
        .unwrap();
    for n in 0..51 {
        let code = format!("PG-{n:03}");
        let r = post_form_as(
            &router,
            "/budget-lines",
            &[
                ("code", code.as_str()),
                ("name", "分页测试指标"),
                ("fiscal_year", "2027"),
                ("approved_amount", "10,000"),
            ],
            &token,
        )
        .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let total = before + 51;
    let first = desk(serde_json::json!({})).await;
    assert_eq!(first["lines_total"].as_u64(), Some(total));
    assert_eq!(first["lines_page"].as_u64(), Some(1));
    let lines = first["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 50);
    // Latest year first: the 2027 lines lead, by code.
    assert_eq!(lines[0]["code"], "PG-000");
    assert_eq!(lines[49]["code"], "PG-049");
    let second = desk(serde_json::json!({ "lines_page": 2 })).await;
    assert_eq!(second["lines"][0]["code"], "PG-050");
    assert_eq!(second["lines"].as_array().unwrap().len() as u64, total - 50);
    let past = desk(serde_json::json!({ "lines_page": 99 })).await;
    assert_eq!(past["lines_page"].as_u64(), Some(2));
    // The page: the second page of lines, the plans' filter kept in its links.
    let page = get_as(&router, "/plans?q=%E6%95%99%E8%82%B2&lpage=2", &token).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("PG-050"), "{}", page.body);
    assert!(!page.body.contains("PG-049"));
    assert!(page.body.contains("lpage=1"));
    // The export: every line.
    let csv = get_as(&router, "/export/budget-lines.csv", &token).await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("PG-000") && csv.body.contains("PG-050"));
}

on_both_databases!(the_budget_lines_are_paged);
