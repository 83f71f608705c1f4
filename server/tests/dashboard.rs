//! The dashboard's rollups (migrations 0012 and 0013, kept by triggers) give exactly the figures of the
//! aggregates over the base tables: for every scope and filter, after inserts, updates of the
//! contract facts and deletes — China day and month boundaries included.

mod common;

use app::api::dashboard::DashFilter;
use common::TestDb;
use server::demo;
use shared::access::JurisdictionFilter;
use sqlx::Row;

const METHODS: [&str; 3] = [
    "public_tender",
    "competitive_consultation",
    "request_for_quotation",
];
const CATEGORIES: [&str; 2] = ["A02010104", "B07000000"];
const DISTRICTS: [&str; 3] = ["320402", "320412", "320481"];
/// 2025-01-31T00:00:00+08:00: a China midnight at a month's end.
const MIDNIGHT: i64 = 1_738_252_800;

async fn exec(t: &TestDb, sql: &str) {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&t.db.pool)
        .await
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
}

async fn id(t: &TestDb, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&t.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

/// Plans, projects (half contracted) and findings at times around China midnights.
async fn fill(t: &TestDb, from: i64, n: i64) {
    let agency = id(t, "SELECT MIN(id) FROM organisations WHERE kind = 'agency'").await;
    for i in from..from + n {
        let district = DISTRICTS[(i % 3) as usize];
        let unit = id(
            t,
            &format!("SELECT MIN(id) FROM organisations WHERE kind = 'purchaser' AND jurisdiction_code = '{district}'"),
        )
        .await;
        let line = id(
            t,
            &format!(
                "INSERT INTO budget_lines (unit_id, jurisdiction_code, fiscal_year, code, name, approved_amount, created_at) \
                 VALUES ({unit}, '{district}', 2025, 'DASH-{i}', 'x', 900000000, {MIDNIGHT}) RETURNING id"
            ),
        )
        .await;
        let method = METHODS[(i % 3) as usize];
        let category = CATEGORIES[(i / 3 % 2) as usize];
        // Seconds around midnights of the days around a month's end.
        let at = MIDNIGHT + (i % 5 - 2) * 86_400 + [-1, 0, 1, 43_200][(i % 4) as usize];
        let plan = id(
            t,
            &format!(
                "INSERT INTO plans (unit_id, jurisdiction_code, budget_line_id, fiscal_year, name, object_type, category_code, \
                 amount, method, imports_wanted, planned_date, status, created_at) VALUES ({unit}, '{district}', {line}, 2025, \
                 'p{i}', 'goods', '{category}', {}, '{method}', 0, '2025-06-01', 'released', {at}) RETURNING id",
                1_000_000 + i * 1000
            ),
        )
        .await;
        let signed = if i % 2 == 0 {
            (at + (i % 7) * 86_400).to_string()
        } else {
            "NULL".into()
        };
        let amount = if i % 2 == 0 {
            (900_000 + i * 900).to_string()
        } else {
            "NULL".into()
        };
        exec(
            t,
            &format!(
                "INSERT INTO projects (plan_id, unit_id, agency_id, jurisdiction_code, name, method, object_type, budget_amount, \
                 state_json, record_json, created_at, updated_at, category_code, contract_amount, contract_signed_at) \
                 VALUES ({plan}, {unit}, {}, '{district}', 'p{i}', '{method}', 'goods', {}, '{{}}', '{{}}', {at}, {at}, '{category}', \
                 {amount}, {signed})",
                if i % 4 == 0 { agency.to_string() } else { "NULL".into() },
                1_000_000 + i * 1000
            ),
        )
        .await;
        let (stage, severity) =
            [("pre", "high"), ("during", "medium"), ("post", "low")][(i % 3) as usize];
        exec(
            t,
            &format!(
                "INSERT INTO findings (subject_type, subject_id, jurisdiction_code, check_id, stage, severity, step, message_zh, \
                 message_en, evidence_json, created_at) VALUES ('plan', '{plan}', '{district}', 'P04', '{stage}', '{severity}', \
                 'plan.file', 'x', 'x', '{{}}', {at})"
            ),
        )
        .await;
    }
}

async fn compare(t: &TestDb, when: &str) {
    let store = t.store();
    let agency = id(t, "SELECT MIN(id) FROM organisations WHERE kind = 'agency'")
        .await
        .to_string();
    let filter = |from: &str, to: &str, district: &str, method: &str| DashFilter {
        from: from.into(),
        to: to.into(),
        district: district.into(),
        method: method.into(),
        ..DashFilter::default()
    };
    let mut filters = vec![
        DashFilter::default(),
        filter("2025-01-30", "", "", ""),
        filter("", "2025-01-30", "", ""),
        filter("2025-01-31", "2025-01-31", "", ""),
        filter("2025-01-29", "2025-02-01", "320412", ""),
        filter("", "", "", "competitive_consultation"),
        filter("2025-01-30", "2025-02-02", "320402", "public_tender"),
        filter("garbage", "2025-13-45", "", ""),
        DashFilter {
            category: "A02010104".into(),
            ..DashFilter::default()
        },
        DashFilter {
            category: " B07000000 ".into(),
            from: "2025-01-30".into(),
            to: "2025-01-31".into(),
            ..DashFilter::default()
        },
        DashFilter {
            category: "A02010104".into(),
            district: "320412".into(),
            method: "public_tender".into(),
            ..DashFilter::default()
        },
        DashFilter {
            category: "C99999999".into(),
            ..DashFilter::default()
        },
        DashFilter {
            category: "B07000000".into(),
            agency: agency.clone(),
            ..DashFilter::default()
        },
        DashFilter {
            agency: agency.clone(),
            from: "2025-01-31".into(),
            ..DashFilter::default()
        },
    ];
    filters.push(DashFilter {
        agency: "not a number".into(),
        ..DashFilter::default()
    });
    for scope in [
        JurisdictionFilter::All,
        JurisdictionFilter::Only("320412".into()),
    ] {
        for f in &filters {
            let fast = store.dashboard_data_with(&scope, f, true).await.unwrap();
            let base = store.dashboard_data_with(&scope, f, false).await.unwrap();
            assert_eq!(fast, base, "{when}: {scope:?} {f:?}");
        }
    }
}

async fn rollups_equal_the_base_tables(t: &TestDb) {
    demo::load(&t.store()).await.unwrap();
    compare(t, "small demo").await;
    fill(t, 0, 60).await;
    let d = t
        .store()
        .dashboard_data_with(&JurisdictionFilter::All, &DashFilter::default(), true)
        .await
        .unwrap();
    assert_eq!(d.kpis.contracts, 30);
    assert!(d.by_month.len() >= 2, "{:?}", d.by_month);
    compare(t, "after inserts").await;
    // The contract facts change (as a step's UPDATE does), projects are signed, unsigned, moved.
    exec(t, "UPDATE projects SET contract_amount = contract_amount + 7 WHERE name IN ('p0', 'p4', 'p8')").await;
    exec(t, &format!("UPDATE projects SET contract_signed_at = {}, contract_amount = 5000 WHERE name IN ('p1', 'p3')", MIDNIGHT - 1)).await;
    exec(
        t,
        "UPDATE projects SET contract_signed_at = NULL, contract_amount = NULL WHERE name = 'p2'",
    )
    .await;
    exec(t, "UPDATE projects SET contract_signed_at = contract_signed_at + 86400, method = 'single_source' WHERE name = 'p6'").await;
    exec(t, "UPDATE projects SET jurisdiction_code = '320481', budget_amount = budget_amount + 1 WHERE name = 'p10'").await;
    exec(t, "UPDATE projects SET updated_at = updated_at + 1, contract_amount = contract_amount WHERE name = 'p12'").await;
    exec(t, "UPDATE plans SET created_at = created_at + 86400, method = 'single_source' WHERE name = 'p5'").await;
    // The category changes (a project and a plan), a project loses it (as before migration 0009).
    exec(
        t,
        "UPDATE projects SET category_code = 'B07000000' WHERE name IN ('p7', 'p11')",
    )
    .await;
    exec(
        t,
        "UPDATE projects SET category_code = NULL WHERE name = 'p9'",
    )
    .await;
    exec(
        t,
        "UPDATE plans SET category_code = 'A02010104' WHERE name IN ('p13', 'p16')",
    )
    .await;
    exec(
        t,
        "UPDATE findings SET severity = 'critical' WHERE id = (SELECT MIN(id) FROM findings)",
    )
    .await;
    compare(t, "after updates").await;
    exec(
        t,
        "DELETE FROM findings WHERE id = (SELECT MAX(id) FROM findings)",
    )
    .await;
    exec(t, "DELETE FROM projects WHERE name IN ('p14', 'p15')").await;
    compare(t, "after deletes").await;
    fill(t, 60, 10).await;
    compare(t, "after more inserts").await;
}

on_both_databases!(rollups_equal_the_base_tables);
