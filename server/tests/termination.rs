//! 废标 / 终止 (issue 15 point 9) over HTTP on both databases: the runner ends a procurement on
//! a ground that fits its stage, with a reason every bidder and the public read on the project
//! page; nothing is offered afterwards; nobody else may end it.

mod common;

use axum::http::header;
use common::{get_as, post_form_as, session, TestDb};
use server::demo;
use sqlx::Row;

/// The first option's value of the `<select name="ground">` of the termination form.
fn first_ground(html: &str) -> Option<String> {
    let form = &html[html.find("id=\"terminate-form\"")?..];
    let select = &form[form.find("name=\"ground\"")?..];
    let option = &select[select.find("<option value=\"")? + "<option value=\"".len()..];
    Some(option[..option.find('"')?].to_owned())
}

async fn a_failed_procurement_ends_with_its_reason_for_everyone(t: &TestDb) {
    let store = t.store();
    demo::load_with(&store, demo::DemoScale::Sample)
        .await
        .unwrap();
    let router = t.router();
    let supplier = session(&router, "gys").await;
    // A project one of the demo runners (a purchaser procuring itself, an agency) may end now.
    let ids: Vec<i64> = sqlx::query("SELECT id FROM projects ORDER BY id")
        .fetch_all(&t.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get(0).unwrap())
        .collect();
    let mut found = None;
    'search: for user in ["tnjyj", "wjjyj", "cgzx", "dljg"] {
        let token = session(&router, user).await;
        for id in &ids {
            let page = get_as(&router, &format!("/projects/{id}"), &token).await;
            if let Some(ground) = first_ground(&page.body) {
                found = Some((user, token, *id, ground));
                break 'search;
            }
        }
    }
    let (runner, unit, id, ground) =
        found.expect("the sample demo has a project a demo runner may end");
    // Another account of the same role that does not run it.
    let other_unit = session(
        &router,
        match runner {
            "tnjyj" => "wjjyj",
            "wjjyj" => "tnjyj",
            "cgzx" => "dljg",
            _ => "cgzx",
        },
    )
    .await;
    let path = format!("/projects/{id}/termination");

    // Someone else's project: the same answer as for no project.
    let r = post_form_as(
        &router,
        &path,
        &[("ground", &ground), ("reason", "x")],
        &other_unit,
    )
    .await;
    assert!(
        r.status == 404 || r.status == 303 && !r.body.contains("done"),
        "{}",
        r.status
    );
    // No reason: a field error on `reason`, nothing stored, the typed ground kept.
    let r = post_form_as(
        &router,
        &path,
        &[("ground", &ground), ("reason", " ")],
        &unit,
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains(r#"data-field="reason""#), "{}", r.body);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM project_terminations")
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);

    // Too long: refused on `reason`, and the page gives back what was typed.
    let long = "理由".repeat(251);
    let r = post_form_as(
        &router,
        &path,
        &[("ground", &ground), ("reason", &long)],
        &unit,
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains(r#"data-field="reason""#), "{}", r.body);
    assert!(r.body.contains(&long), "the typed reason comes back");

    let reason = "采购任务因机构调整取消，本次采购终止";
    let r = post_form_as(
        &router,
        &path,
        &[("ground", &ground), ("reason", reason)],
        &unit,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let location = r
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(location.contains("?done=terminate"), "{location}");

    // The unit's page: the banner with the ground and the reason, nothing offered any more.
    let page = get_as(&router, &format!("/projects/{id}"), &unit).await;
    assert!(page.body.contains(r#"id="terminated""#), "{}", page.body);
    assert!(page.body.contains(reason));
    assert!(!page.body.contains("id=\"terminate-form\""));
    assert!(!page.body.contains("id=\"notice-form\""));
    // A supplier (and so every bidder) reads the same.
    let public = get_as(&router, &format!("/projects/{id}"), &supplier).await;
    if public.status == 200 && !public.body.contains("id=\"not-found\"") {
        assert!(public.body.contains(reason), "{}", public.body);
    }
    // Once ended, it cannot be ended again.
    let again = post_form_as(
        &router,
        &path,
        &[("ground", &ground), ("reason", reason)],
        &unit,
    )
    .await;
    assert_eq!(again.status, 422, "{}", again.body);
    assert!(
        again.body.contains(r#"data-field="step""#),
        "{}",
        again.body
    );

    // Stored: the row, the state, the termination notice and the audit record.
    let row = sqlx::query("SELECT ground, reason FROM project_terminations WHERE project_id = $1")
        .bind(id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert_eq!(row.try_get::<String, _>(0).unwrap(), ground);
    assert_eq!(row.try_get::<String, _>(1).unwrap(), reason);
    let (state, record): (String, String) = {
        let r = sqlx::query("SELECT state_json, record_json FROM projects WHERE id = $1")
            .bind(id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        (r.try_get(0).unwrap(), r.try_get(1).unwrap())
    };
    assert!(state.contains(r#""terminated":true"#), "{state}");
    assert!(record.contains(r#""termination""#), "{record}");
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'project.terminate' AND subject_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
}

on_both_databases!(a_failed_procurement_ends_with_its_reason_for_everyone);
