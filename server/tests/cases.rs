//! Supervision cases and the risk queue on SQLite and PostgreSQL: a case from a finding to its
//! closing over HTTP (ask → answer → conclusion with violation codes → rectification → report →
//! close), illegal steps refused with nothing stored, other districts and other units answered
//! 404, due dates counted in working days across the National Day, the printable page, and the
//! risk queue's order under two sets of weights.

mod common;

use common::principal;

use common::location;
use common::scalar as count;

use axum::body::Body;
use axum::http::{header, Request};
use common::{get_as, login, send, session_token, TestDb, HOST, ORIGIN};
use shared::case::{CaseStepForm, OpenCaseForm};
use shared::time::Instant;
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

async fn token(router: &axum::Router, user: &str) -> String {
    session_token(&login(router, user, server::demo::DEMO_PASSWORD).await).unwrap()
}

async fn org_of(t: &TestDb, user: &str) -> i64 {
    sqlx::query("SELECT organisation_id FROM users WHERE username = $1")
        .bind(user.to_owned())
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

/// The history of case `id`: (action, to_state).
async fn history(t: &TestDb, id: i64) -> Vec<(String, String)> {
    sqlx::query("SELECT action, to_state FROM case_events WHERE case_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&t.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.try_get(0).unwrap(), r.try_get(1).unwrap()))
        .collect()
}

async fn a_case_runs_from_a_finding_to_its_closing(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let finding: i64 = count(t, "SELECT MIN(id) FROM findings WHERE check_id = 'P04'").await;
    let f = finding.to_string();
    let tn = token(&router, "tnczj").await;
    let wj = token(&router, "wjczj").await;
    let city = token(&router, "czczj").await;
    let unit = token(&router, "tnjyj").await;
    let other_unit = token(&router, "wjjyj").await;
    let agency = token(&router, "cgzx").await;
    let tn_unit = org_of(t, "tnjyj").await;

    // Another district cannot open a case from Tianning's finding; nothing is stored.
    let r = post(
        &router,
        "/regulator/cases",
        &[("findings", &f), ("title", "越权立案")],
        &wj,
    )
    .await;
    assert_eq!(r.status, 404, "{}", r.body);
    // No finding ticked: refused on the findings page, by field.
    let r = post(&router, "/regulator/cases", &[("title", "没有预警")], &tn).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("请选择至少一条预警"), "{}", r.body);
    // A purchaser may not open cases.
    let r = post(
        &router,
        "/regulator/cases",
        &[("findings", &f), ("title", "采购人立案")],
        &unit,
    )
    .await;
    assert_eq!(r.status, 403);
    assert_eq!(count(t, "SELECT COUNT(*) FROM cases").await, 0);
    assert_eq!(count(t, "SELECT COUNT(*) FROM case_events").await, 0);

    let r = post(
        &router,
        "/regulator/cases",
        &[("findings", &f), ("title", "教学用服务器采购方式核查")],
        &tn,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = location(&r);
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let steps = format!("/regulator/cases/{id}/steps");

    // 404 as missing for another district; the city sees it.
    assert_eq!(get_as(&router, &page, &wj).await.status, 404);
    assert_eq!(get_as(&router, &page, &city).await.status, 200);
    assert_eq!(
        post(&router, &steps, &[("action", "close")], &wj)
            .await
            .status,
        404
    );

    // Illegal transitions and bad input: refused, nothing stored.
    for (pairs, what) in [
        (vec![("action", "close")], "close an open case"),
        (
            vec![
                ("action", "order_rectification"),
                ("addressee", "1"),
                ("text", "限期整改"),
                ("workdays", "5"),
            ],
            "rectify before a conclusion",
        ),
        (
            vec![("action", "receive_report"), ("text", "报告")],
            "the party's action",
        ),
        (
            vec![
                ("action", "conclude"),
                ("violations", "P04, Z99"),
                ("text", "存在违规"),
            ],
            "an unknown check",
        ),
        (
            vec![
                ("action", "ask"),
                ("addressee", "999999"),
                ("text", "请说明"),
                ("workdays", "5"),
            ],
            "not a party of the case",
        ),
    ] {
        let r = post(&router, &steps, &pairs, &tn).await;
        assert_eq!(r.status, 422, "{what}: {}", r.body);
    }
    assert_eq!(history(t, id).await, [("open".into(), "open".into())]);

    // Ask the unit.
    let tn_unit_s = tn_unit.to_string();
    let r = post(
        &router,
        &steps,
        &[
            ("action", "ask"),
            ("addressee", &tn_unit_s),
            ("text", "请说明未采用公开招标的理由"),
            ("workdays", "5"),
        ],
        &tn,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // While the answer is awaited there is no conclusion.
    let r = post(
        &router,
        &steps,
        &[("action", "conclude"), ("text", "未发现违规")],
        &tn,
    )
    .await;
    assert_eq!(r.status, 422);

    // The unit sees its question; another unit does not; only the unit answers it.
    let ask: i64 = count(t, "SELECT MAX(id) FROM case_events WHERE action = 'ask'").await;
    let reply = format!("/cases/replies/{ask}");
    assert!(get_as(&router, "/cases", &unit)
        .await
        .body
        .contains("请说明未采用公开招标的理由"));
    assert!(!get_as(&router, "/cases", &other_unit)
        .await
        .body
        .contains("请说明未采用公开招标的理由"));
    assert_eq!(
        post(&router, &reply, &[("text", "冒名答复内容")], &other_unit)
            .await
            .status,
        404
    );
    assert_eq!(
        post(&router, &reply, &[("text", "代理机构答复")], &agency)
            .await
            .status,
        404
    );
    assert_eq!(
        post(&router, &reply, &[("text", "监管部门代答")], &tn)
            .await
            .status,
        403
    );
    assert_eq!(
        post(&router, &reply, &[("text", " ")], &unit).await.status,
        422
    );
    let r = post(
        &router,
        &reply,
        &[("text", "项目技术复杂，已申请变更为竞争性磋商")],
        &unit,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // Answered once only.
    assert_eq!(
        post(&router, &reply, &[("text", "再次答复内容")], &unit)
            .await
            .status,
        422
    );

    // Conclusion with violation codes, rectification, report, closing.
    for pairs in [
        vec![
            ("action", "conclude"),
            ("violations", "p04"),
            ("text", "达到公开招标数额标准未经批准采用其他方式"),
        ],
        vec![
            ("action", "order_rectification"),
            ("addressee", tn_unit_s.as_str()),
            ("text", "重新履行审批程序并提交整改报告"),
            ("workdays", "15"),
        ],
    ] {
        let r = post(&router, &steps, &pairs, &tn).await;
        assert_eq!(r.status, 303, "{pairs:?}: {}", r.body);
    }
    // A conclusion with violations is not closed before the report.
    assert_eq!(
        post(&router, &steps, &[("action", "close")], &tn)
            .await
            .status,
        422
    );
    let order: i64 = count(
        t,
        "SELECT MAX(id) FROM case_events WHERE action = 'order_rectification'",
    )
    .await;
    assert_eq!(
        post(
            &router,
            &format!("/cases/replies/{order}"),
            &[("text", "冒名整改报告")],
            &other_unit
        )
        .await
        .status,
        404
    );
    let r = post(
        &router,
        &format!("/cases/replies/{order}"),
        &[("text", "已补办变更采购方式审批，完善内控制度")],
        &unit,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = post(
        &router,
        &steps,
        &[("action", "close"), ("text", "整改到位，予以结案")],
        &tn,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // Closed stays closed.
    assert_eq!(
        post(
            &router,
            &steps,
            &[
                ("action", "ask"),
                ("addressee", &tn_unit_s),
                ("text", "补充询问"),
                ("workdays", "3")
            ],
            &tn
        )
        .await
        .status,
        422
    );

    let h: Vec<(String, String)> = history(t, id).await;
    let expected: Vec<(String, String)> = [
        ("open", "open"),
        ("ask", "inquiry"),
        ("answer", "open"),
        ("conclude", "concluded"),
        ("order_rectification", "rectifying"),
        ("receive_report", "reported"),
        ("close", "closed"),
    ]
    .iter()
    .map(|(a, s)| (a.to_string(), s.to_string()))
    .collect();
    assert_eq!(h, expected);
    assert_eq!(
        count(
            t,
            "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'case.%'"
        )
        .await,
        8,
        "one audit record per event, and the findings of the opening"
    );
    let violations: String =
        sqlx::query("SELECT violations FROM case_events WHERE action = 'conclude'")
            .fetch_one(&t.db.pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
    assert_eq!(violations, "P04");
    // The history cannot be changed or deleted, not even by hand.
    for sql in [
        "DELETE FROM case_events",
        "UPDATE case_events SET text = 'x'",
        "DELETE FROM case_findings",
    ] {
        assert!(sqlx::query(sql).execute(&t.db.pool).await.is_err(), "{sql}");
    }
    assert_eq!(history(t, id).await.len(), 7);

    // The list filters by state; the detail shows the history.
    assert!(get_as(&router, "/regulator/cases?state=closed", &tn)
        .await
        .body
        .contains("教学用服务器采购方式核查"));
    assert!(!get_as(&router, "/regulator/cases?state=open", &tn)
        .await
        .body
        .contains("教学用服务器采购方式核查"));
    assert!(!get_as(&router, "/regulator/cases", &wj)
        .await
        .body
        .contains("教学用服务器采购方式核查"));
    let detail = get_as(&router, &page, &tn).await;
    assert!(
        detail.body.contains("整改到位，予以结案"),
        "{}",
        detail.body
    );

    // The printable page: everything about the case, no navigation.
    let print = get_as(&router, &format!("{page}/print"), &tn).await;
    assert_eq!(print.status, 200);
    for text in [
        "教学用服务器采购方式核查",
        "P04",
        "请说明未采用公开招标的理由",
        "项目技术复杂，已申请变更为竞争性磋商",
        "达到公开招标数额标准未经批准采用其他方式",
        "重新履行审批程序并提交整改报告",
        "已补办变更采购方式审批，完善内控制度",
        "整改到位，予以结案",
        "常州市天宁区教育局",
    ] {
        assert!(print.body.contains(text), "{text} missing: {}", print.body);
    }
    assert!(print.body.contains("id=\"case-print\""));
    assert!(!print.body.contains("site-header"), "{}", print.body);
    assert_eq!(
        get_as(&router, &format!("{page}/print"), &wj).await.status,
        404
    );
}
on_both_databases!(a_case_runs_from_a_finding_to_its_closing);

fn at(s: &str) -> i64 {
    Instant::parse(s).unwrap().unix_seconds()
}

async fn due_dates_count_working_days_across_the_national_day(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    let store = t.store();
    let tn = principal(t, "tnczj").await;
    let finding: i64 = count(t, "SELECT MIN(id) FROM findings WHERE check_id = 'P04'").await;
    let unit = org_of(t, "tnjyj").await.to_string();
    let now = at("2026-09-30T10:00:00+08:00");
    let id = store
        .open_case(
            &tn,
            &OpenCaseForm {
                findings: vec![finding.to_string()],
                title: "国庆前询问".into(),
            },
            now,
        )
        .await
        .unwrap();
    for (workdays, expected) in [
        ("5", "2026-10-13"),
        ("1", "2026-10-08"),
        ("3", "2026-10-10"),
    ] {
        store
            .case_step(
                &tn,
                id,
                &CaseStepForm {
                    action: "ask".into(),
                    addressee: unit.clone(),
                    text: format!("请在{workdays}个工作日内说明"),
                    workdays: workdays.into(),
                    ..CaseStepForm::default()
                },
                now,
            )
            .await
            .unwrap();
        let due: String = sqlx::query(
            "SELECT due_date FROM case_events WHERE case_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
        // 10-01..10-07 off; Saturday 10-10 is a 调休 working day (weekday arithmetic would
        // give 10-07, 10-01 and 10-05).
        assert_eq!(due, expected, "{workdays} working days from 2026-09-30");
    }
    // Late at night UTC is already the next day in China: counted from the China date.
    let late = at("2026-09-30T17:00:00Z"); // 2026-10-01 01:00 China time
    store
        .case_step(
            &tn,
            id,
            &CaseStepForm {
                action: "ask".into(),
                addressee: unit.clone(),
                text: "节日期间的询问".into(),
                workdays: "1".into(),
                ..CaseStepForm::default()
            },
            late,
        )
        .await
        .unwrap();
    let due: String =
        sqlx::query("SELECT due_date FROM case_events WHERE case_id = $1 ORDER BY id DESC LIMIT 1")
            .bind(id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
    assert_eq!(due, "2026-10-08");
    // Several questions wait: one answer keeps the inquiry open.
    let p = principal(t, "tnjyj").await;
    let asks: Vec<i64> =
        sqlx::query("SELECT id FROM case_events WHERE case_id = $1 AND action = 'ask' ORDER BY id")
            .bind(id)
            .fetch_all(&t.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get(0).unwrap())
            .collect();
    assert_eq!(asks.len(), 4);
    for (n, ask) in asks.iter().enumerate() {
        store
            .case_reply(
                &p,
                *ask,
                &shared::case::ReplyForm {
                    text: format!("第{n}项答复"),
                },
                now + 86_400,
            )
            .await
            .unwrap();
        let state = history(t, id).await.last().unwrap().1.clone();
        assert_eq!(
            state,
            if n + 1 < asks.len() {
                "inquiry"
            } else {
                "open"
            }
        );
    }
}
on_both_databases!(due_dates_count_working_days_across_the_national_day);

/// A fixture project (and its plan) of `unit` in `jurisdiction`, without findings.
async fn fixture_project(t: &TestDb, unit: i64, jurisdiction: &str, name: &str) -> i64 {
    let line: i64 = count(t, "SELECT MIN(id) FROM budget_lines").await;
    let plan: i64 = sqlx::query(
        "INSERT INTO plans (unit_id, jurisdiction_code, budget_line_id, fiscal_year, name, object_type, category_code, \
         amount, method, imports_wanted, planned_date, status, created_at) \
         VALUES ($1, $2, $3, 2026, $4, 'goods', 'A02010104', 100000000, 'public_tender', 0, '2026-04-01', 'released', 0) RETURNING id",
    )
    .bind(unit)
    .bind(jurisdiction.to_owned())
    .bind(line)
    .bind(name.to_owned())
    .fetch_one(&t.db.pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap();
    sqlx::query(
        "INSERT INTO projects (plan_id, unit_id, jurisdiction_code, name, method, object_type, budget_amount, \
         state_json, record_json, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'public_tender', 'goods', 100000000, '{}', '{}', 0, 0) RETURNING id",
    )
    .bind(plan)
    .bind(unit)
    .bind(jurisdiction.to_owned())
    .bind(name.to_owned())
    .fetch_one(&t.db.pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap()
}

/// A fixture finding of a project with a triage state (`new`: none recorded).
async fn fixture_finding(
    t: &TestDb,
    project: i64,
    jurisdiction: &str,
    check: &str,
    severity: &str,
    triage: &str,
    by: i64,
) {
    let id: i64 = sqlx::query(
        "INSERT INTO findings (subject_type, subject_id, jurisdiction_code, check_id, stage, severity, step, \
         message_zh, message_en, evidence_json, created_at) \
         VALUES ('project', $1, $2, $3, 'during', $4, 'fixture', '测试预警', 'test finding', '{}', 0) RETURNING id",
    )
    .bind(project.to_string())
    .bind(jurisdiction.to_owned())
    .bind(check.to_owned())
    .bind(severity.to_owned())
    .fetch_one(&t.db.pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap();
    if triage != "new" {
        sqlx::query(
            "INSERT INTO finding_triage (finding_id, state, note, by_user, at) VALUES ($1, $2, '测试说明', $3, 0)",
        )
        .bind(id)
        .bind(triage.to_owned())
        .bind(by)
        .execute(&t.db.pool)
        .await
        .unwrap();
    }
}

/// The project ids of the risk page, in its order.
fn queue_order(body: &str) -> Vec<i64> {
    body.split("data-project=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

async fn the_risk_queue_ranks_projects_by_weighted_findings(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    let tn_unit = org_of(t, "tnjyj").await;
    let wj_unit = org_of(t, "wjjyj").await;
    let by = principal(t, "tnczj").await.user_id;
    let a = fixture_project(t, tn_unit, "320402", "风险项目甲").await;
    let b = fixture_project(t, tn_unit, "320402", "风险项目乙").await;
    let c = fixture_project(t, tn_unit, "320402", "风险项目丙").await;
    let d = fixture_project(t, wj_unit, "320412", "风险项目丁").await;
    let quiet = fixture_project(t, tn_unit, "320402", "无风险项目").await;
    // a: high + medium. b: three lows (acknowledged) and a critical false positive.
    // c: one medium check flagged twice, untriaged. d (Wujin): critical.
    // quiet: only a resolved finding.
    for (p, j, check, sev, tri) in [
        (a, "320402", "P04", "high", "new"),
        (a, "320402", "P12", "medium", "acknowledged"),
        (b, "320402", "A11", "low", "acknowledged"),
        (b, "320402", "A20", "low", "acknowledged"),
        (b, "320402", "M14", "low", "acknowledged"),
        (b, "320402", "M25", "critical", "false_positive"),
        (c, "320402", "M24", "medium", "new"),
        (c, "320402", "M24", "medium", "new"),
        (d, "320412", "A01", "critical", "new"),
        (quiet, "320402", "P11", "high", "resolved"),
    ] {
        fixture_finding(t, p, j, check, sev, tri, by).await;
    }
    let options = server::web::leptos_options(
        std::path::Path::new("target/site"),
        "127.0.0.1:3000".parse().unwrap(),
    );
    // Default weights (critical 40, high 20, medium 8, low 3): a 28, b 9, c 8.
    let router = t.router();
    let tn = token(&router, "tnczj").await;
    let page = get_as(&router, "/regulator/risk", &tn).await;
    assert_eq!(page.status, 200);
    assert_eq!(queue_order(&page.body), [a, b, c], "{}", page.body);
    assert!(page.body.contains("data-score=\"28\""));
    // Counted and paged (30 a page): one page here; a page beyond the last shows the last.
    assert!(page.body.contains("id=\"risk-total\""), "{}", page.body);
    let beyond = get_as(&router, "/regulator/risk?page=9", &tn).await;
    assert_eq!(queue_order(&beyond.body), [a, b, c]);
    // high=10,medium=3,low=1: a 13, c 3 with two untriaged before b 3 with none.
    let mut store = t.store();
    store.risk_weights = shared::risk::RiskWeights::parse("high=10,medium=3,low=1").unwrap();
    let router = server::web::router(options, store);
    let tn = token(&router, "tnczj").await;
    let page = get_as(&router, "/regulator/risk", &tn).await;
    assert_eq!(queue_order(&page.body), [a, c, b], "{}", page.body);
    assert!(page.body.contains("data-score=\"13\""));
    // Scoped: Wujin sees its own project only; the city sees all, the critical one first.
    let wj = token(&router, "wjczj").await;
    assert_eq!(
        queue_order(&get_as(&router, "/regulator/risk", &wj).await.body),
        [d]
    );
    let city = token(&router, "czczj").await;
    assert_eq!(
        queue_order(&get_as(&router, "/regulator/risk", &city).await.body),
        [d, a, c, b]
    );
    // A purchaser gets 403.
    let unit = token(&router, "tnjyj").await;
    assert_eq!(get_as(&router, "/regulator/risk", &unit).await.status, 403);
    // A case is opened from a row's counting findings.
    let ids: Vec<i64> = sqlx::query(
        "SELECT id FROM findings WHERE subject_type = 'project' AND subject_id = $1 ORDER BY id",
    )
    .bind(a.to_string())
    .fetch_all(&t.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get(0).unwrap())
    .collect();
    let (f1, f2) = (ids[0].to_string(), ids[1].to_string());
    let r = post(
        &router,
        "/regulator/cases",
        &[
            ("findings", &f1),
            ("findings", &f2),
            ("title", "风险项目甲风险核查"),
        ],
        &tn,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(count(t, "SELECT COUNT(*) FROM case_findings").await, 2);
    // Every ranked project is listed, page by page (no cut at 200 or any number): 32 more with
    // one low finding each make 35 for 天宁区, the second page holds ranks 31–35.
    for n in 0..32 {
        let p = fixture_project(t, tn_unit, "320402", &format!("低风险项目{n}")).await;
        fixture_finding(t, p, "320402", "A11", "low", "new", by).await;
    }
    let first = get_as(&router, "/regulator/risk", &tn).await;
    assert!(first.body.contains("共 35 个项目"), "{}", first.body);
    assert_eq!(queue_order(&first.body).len(), 30);
    let second = get_as(&router, "/regulator/risk?page=2", &tn).await;
    assert_eq!(queue_order(&second.body).len(), 5);
    assert!(second.body.contains("<td>31</td>"), "{}", second.body);
    let csv = get_as(&router, "/export/risk.csv", &tn).await;
    assert_eq!(csv.body.lines().count(), 36, "{}", csv.body);
}
on_both_databases!(the_risk_queue_ranks_projects_by_weighted_findings);
