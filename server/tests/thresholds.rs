//! Thresholds kept by the bureau (issue 16 point 3), over HTTP on both databases: the city's
//! finance bureau enters a new version of its open-tender threshold with its source document;
//! the table in force uses it from its effective date on and never before; a version in the past
//! is refused (a correction fixes a wrong value, with its reason, recorded apart); a district
//! bureau may read the table, not keep values; a plan filed afterwards is judged on the new value
//! (P04); every entry is audited; the page says which values are verified and which are still
//! assumptions, and carries the kept values to the browser.
//!
//! The table in force is process-wide (`shared::thresholds::install_kept`): the two databases run
//! one after the other in one test, each from the built-in table.

mod common;

use common::{budget_line, file_plan, get_as, location, post_form_as, session, TestDb};
use server::db::Backend;
use shared::model::{GovLevel, ObjectType};
use shared::money::Fen;
use shared::time::Instant;

fn today() -> shared::time::Date {
    Instant::from_unix_seconds(server::store::now_unix()).china_date()
}

async fn the_city_keeps_its_values_and_the_checks_use_them(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let city = session(&router, "czczj").await;
    let district = session(&router, "tnczj").await;
    let purchaser = session(&router, "tnjyj").await;
    let table = shared::thresholds::builtin_ref;
    let threshold = |on: shared::time::Date| {
        table()
            .open_tender_threshold(GovLevel::CityCounty, ObjectType::Goods, on)
            .unwrap()
            .value
    };
    assert_eq!(threshold(today()), Fen(400_000_000));

    // The page: the table with verified values and assumptions apart; forms for the city only.
    let page = get_as(&router, "/regulator/thresholds", &city).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"thresholds-assumed\""));
    assert!(page.body.contains("id=\"thresholds-verified\""));
    assert!(page.body.contains("公开招标数额标准"));
    assert!(page.body.contains("id=\"threshold-version\""));
    let page = get_as(&router, "/regulator/thresholds", &district).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("id=\"threshold-version\""));
    let page = get_as(&router, "/regulator/thresholds", &purchaser).await;
    assert!(page.body.contains("id=\"forbidden\""));

    let version = |value: &'static str, from: String| {
        vec![
            ("kind", "version".to_owned()),
            ("param", "open_tender_threshold".to_owned()),
            ("object_type", "goods".to_owned()),
            ("value", value.to_owned()),
            ("valid_from", from),
            ("source", "常财购〔2026〕8号".to_owned()),
            ("confidence", "verified".to_owned()),
        ]
    };
    let post = |pairs: Vec<(&'static str, String)>, token: String| {
        let router = router.clone();
        async move {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_form_as(&router, "/regulator/thresholds", &pairs, &token).await
        }
    };
    // A district bureau issues no thresholds.
    let r = post(version("3,000,000", today().to_string()), district.clone()).await;
    assert_eq!(r.status, 403);
    // A version in the past would change past judgements: refused, what was typed kept.
    let yesterday = today().add_days(-1).unwrap();
    let r = post(version("3,000,000", yesterday.to_string()), city.clone()).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("新版本只能从今天或以后生效"), "{}", r.body);
    assert!(r.body.contains("常财购〔2026〕8号"));
    assert_eq!(
        common::scalar(t, "SELECT COUNT(*) FROM threshold_values").await,
        0
    );

    // From today on: 300万 for the city's and counties' goods; before today: 400万 still.
    let r = post(version("3,000,000", today().to_string()), city.clone()).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let first: i64 = location(&r)
        .trim_start_matches("/regulator/thresholds?entered=")
        .parse()
        .unwrap();
    assert_eq!(threshold(today()), Fen(300_000_000));
    assert_eq!(threshold(yesterday), Fen(400_000_000));
    let dated = table()
        .open_tender_threshold(GovLevel::CityCounty, ObjectType::Goods, today())
        .unwrap();
    assert_eq!(dated.source, "常财购〔2026〕8号");
    assert_eq!(
        table()
            .open_tender_threshold(GovLevel::CityCounty, ObjectType::Services, today())
            .unwrap()
            .value,
        Fen(400_000_000)
    );

    // A plan filed now is judged on it: a 320万 goods purchase by RFQ reaches the threshold.
    let line = budget_line(&router, &purchaser, "THR-1", "5,000,000").await;
    let r = file_plan(
        &router,
        &purchaser,
        line,
        "3,200,000",
        "request_for_quotation",
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let p04 = common::scalar(
        t,
        "SELECT COUNT(*) FROM findings WHERE check_id = 'P04' AND step = 'plan.file' AND message_zh LIKE '%3,000,000.00%'",
    )
    .await;
    assert_eq!(p04, 1);

    // A correction needs its reason; it takes the entry's place and is recorded apart.
    let correction = |reason: &'static str| {
        vec![
            ("kind", "correction".to_owned()),
            ("corrects", first.to_string()),
            ("value", "3,500,000".to_owned()),
            ("source", "常财购〔2026〕8号".to_owned()),
            ("reason", reason.to_owned()),
        ]
    };
    let r = post(correction(""), city.clone()).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("更正须写明原因"));
    let r = post(correction("录入时把350万写成了300万"), city.clone()).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(threshold(today()), Fen(350_000_000));
    assert_eq!(
        common::scalar(t, "SELECT COUNT(*) FROM threshold_values").await,
        2
    );
    let audit = common::scalar(
        t,
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('threshold.keep', 'threshold.correct')",
    )
    .await;
    assert_eq!(audit, 2);
    // The page lists both entries and carries the values in force to the browser.
    let page = get_as(&router, "/regulator/thresholds", &city).await;
    assert!(page.body.contains("id=\"kept-values\""));
    assert!(page.body.contains("录入时把350万写成了300万"));
    assert!(page.body.contains("id=\"yw-thresholds\""));
    let v = server::audit::verify(&t.db.pool).await.unwrap();
    assert!(v.problem.is_none(), "{:?}", v.problem);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_city_keeps_its_values_on_both_databases() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        shared::thresholds::install_kept(&[]).unwrap();
        let t = TestDb::new(backend).await;
        the_city_keeps_its_values_and_the_checks_use_them(&t).await;
        t.cleanup().await;
    }
}
