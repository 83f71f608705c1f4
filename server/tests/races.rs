//! Conflicting steps at the same moment (issue 15 point 1), on SQLite and PostgreSQL: each step
//! decides under a lock on what it read (the project row; the audit head today), so two writers
//! that would each be allowed alone never both get through:
//! - two plans that together over-commit one budget line: one is filed, the other refused (P01);
//! - two halves of a split plan filed together: the group is still flagged (P11);
//! - two awards of one project: one is confirmed, the other refused, one award stored.
//!
//! Each race runs several rounds so that the two requests really overlap.

mod common;

use axum::http::header;
use common::{budget_line, file_plan, post_form_as, session, TestDb};
use server::demo;
use sqlx::Row;

const ROUNDS: usize = 4;

fn done(r: &common::TestResponse) -> bool {
    r.status == 303
        && r.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.contains("?done=") || l.starts_with("/plans/"))
}

async fn count(t: &TestDb, sql: &str, bind: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(bind.to_owned())
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

async fn two_plans_never_over_commit_one_line(t: &TestDb) {
    demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let tn = session(&router, "tnjyj").await;
    for round in 0..ROUNDS {
        let line = budget_line(&router, &tn, &format!("RACE-{round}"), "1,000,000").await;
        let (a, b) = tokio::join!(
            file_plan(&router, &tn, line, "600,000", "public_tender"),
            file_plan(&router, &tn, line, "600,000", "public_tender"),
        );
        assert_eq!(
            [done(&a), done(&b)].iter().filter(|d| **d).count(),
            1,
            "round {round}: one of two plans over the line is filed: {} / {}",
            a.status,
            b.status
        );
        let refused = if done(&a) { &b } else { &a };
        assert_eq!(refused.status, 409, "{}", refused.body);
        assert!(refused.body.contains("P01"));
        let filed = count(
            t,
            "SELECT COUNT(*) FROM plans WHERE CAST(budget_line_id AS TEXT) = $1",
            &line.to_string(),
        )
        .await;
        assert_eq!(filed, 1, "round {round}");
    }
}
on_both_databases!(two_plans_never_over_commit_one_line);

async fn two_halves_of_a_split_plan_filed_together_are_flagged(t: &TestDb) {
    demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let tn = session(&router, "tnjyj").await;
    for round in 0..ROUNDS {
        let line = budget_line(&router, &tn, &format!("SPLIT-{round}"), "9,000,000").await;
        let (a, b) = tokio::join!(
            file_plan(&router, &tn, line, "2,500,000", "competitive_consultation"),
            file_plan(&router, &tn, line, "2,500,000", "competitive_consultation"),
        );
        assert!(
            done(&a) && done(&b),
            "{} {} / {} {}",
            a.status,
            a.body,
            b.status,
            b.body
        );
        // Whichever came second saw the first: the group is flagged.
        let flagged = count(
            t,
            "SELECT COUNT(*) FROM findings f JOIN plans p ON f.subject_type = 'plan' \
             AND f.subject_id = CAST(p.id AS TEXT) \
             WHERE f.check_id = 'P11' AND CAST(p.budget_line_id AS TEXT) = $1",
            &line.to_string(),
        )
        .await;
        assert!(flagged >= 1, "round {round}: the split is flagged");
    }
}
on_both_databases!(two_halves_of_a_split_plan_filed_together_are_flagged);

async fn one_project_is_awarded_once(t: &TestDb) {
    demo::load_with(&t.store(), demo::DemoScale::Sample)
        .await
        .unwrap();
    let router = t.router();
    // Projects with a delivered report and no award yet, of a unit with a demo account.
    let rows = sqlx::query("SELECT p.id, p.record_json, o.name FROM projects p JOIN organisations o ON o.id = p.unit_id ORDER BY p.id")
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
    let mut raced = 0;
    for r in &rows {
        let id: i64 = r.try_get(0).unwrap();
        let record: serde_json::Value =
            serde_json::from_str(&r.try_get::<String, _>(1).unwrap()).unwrap();
        let unit: String = r.try_get(2).unwrap();
        let user = match unit.as_str() {
            "常州市天宁区教育局" => "tnjyj",
            "常州市武进区教育局" => "wjjyj",
            _ => continue,
        };
        let ranking: Vec<String> = record["reports"]
            .as_array()
            .and_then(|r| r.last())
            .and_then(|r| r["ranking"].as_array())
            .map(|r| {
                r.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let awarded = record["awards"].as_array().is_some_and(|a| !a.is_empty());
        if ranking.len() < 2 || awarded {
            continue;
        }
        let token = session(&router, user).await;
        let path = format!("/projects/{id}/confirm");
        let reason = "第一名放弃中标";
        let first = [
            ("supplier_id", ranking[0].as_str()),
            ("amount", ""),
            ("deviation_reason", ""),
        ];
        let second = [
            ("supplier_id", ranking[1].as_str()),
            ("amount", ""),
            ("deviation_reason", reason),
        ];
        let (a, b) = tokio::join!(
            post_form_as(&router, &path, &first, &token),
            post_form_as(&router, &path, &second, &token),
        );
        assert_eq!(
            [done(&a), done(&b)].iter().filter(|d| **d).count(),
            1,
            "project {id}: one of two awards is confirmed: {} {} / {} {}",
            a.status,
            a.body.len(),
            b.status,
            b.body.len()
        );
        let refused = if done(&a) { &b } else { &a };
        assert_eq!(refused.status, 422, "{}", refused.body);
        let record: String = sqlx::query_scalar("SELECT record_json FROM projects WHERE id = $1")
            .bind(id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        let record: serde_json::Value = serde_json::from_str(&record).unwrap();
        assert_eq!(
            record["awards"].as_array().map(Vec::len),
            Some(1),
            "project {id}"
        );
        let audited = count(
            t,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'project.confirm' AND subject_id = $1",
            &id.to_string(),
        )
        .await;
        assert_eq!(audited, 1, "project {id}");
        raced += 1;
    }
    assert!(
        raced >= 1,
        "the sample demo has a project waiting for its award"
    );
}
on_both_databases!(one_project_is_awarded_once);
