//! The holiday calendar as data the bureau loads (issue 16 points 1–2), on both databases: the
//! shipped years are seeded; an administrator previews and loads a year over HTTP (a regulator
//! may read the page, not load); the load is audited; it re-computes an unanswered challenge's
//! provisional due date across the year end and raises a finding where the loaded calendar makes
//! a period published while the year was provisional too short — the published deadline stays.
//!
//! The calendar in force is process-wide (`shared::calendar::install`): the two databases run one
//! after the other in one test, each starting from the shipped calendar.

mod common;

use common::{get_as, location, post_form_as, principal, released_plan, session, TestDb};
use server::db::Backend;
use server::demo;
use shared::execution::NoticeForm;
use shared::model::{ChallengeKind, Method};
use shared::money::Fen;
use shared::time::{Date, Instant};

fn at(s: &str) -> i64 {
    Instant::parse(s).unwrap().unix_seconds()
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// A 2027 notice for the test: New Year's Day off Friday 1 to Monday 4 January (so a period
/// provisionally counted with Monday 4 as a working day comes out a day short), the Spring
/// Festival with a make-up Saturday.
const Y2027: &str = r#"{"year": 2027, "papers": ["https://www.gov.cn/zhengce/example-2027.htm"],
  "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "元旦", "date": "2027-01-02", "isOffDay": true},
    {"name": "元旦", "date": "2027-01-03", "isOffDay": true},
    {"name": "元旦", "date": "2027-01-04", "isOffDay": true},
    {"name": "春节", "date": "2027-02-06", "isOffDay": true},
    {"name": "春节", "date": "2027-02-07", "isOffDay": true},
    {"name": "春节", "date": "2027-02-08", "isOffDay": true},
    {"name": "春节", "date": "2027-02-09", "isOffDay": true},
    {"name": "春节", "date": "2027-02-10", "isOffDay": true},
    {"name": "春节", "date": "2027-02-11", "isOffDay": true},
    {"name": "春节", "date": "2027-02-12", "isOffDay": true},
    {"name": "春节", "date": "2027-02-20", "isOffDay": false}
  ]}"#;

async fn a_loaded_year_is_in_force_and_recomputes_what_depended_on_it(t: &TestDb) {
    let store = t.store();
    demo::load(&store).await.unwrap();
    // Seeded: the shipped years, nothing loaded; 2027 provisional.
    let shipped = common::scalar(
        t,
        "SELECT COUNT(*) FROM calendar_years WHERE source = 'shipped'",
    )
    .await;
    assert_eq!(shipped, 20);
    // A shipped year the software corrects in a later release is refreshed at the next start
    // (here: a stored copy that differs); a year the bureau loaded would stay as loaded.
    sqlx::query("UPDATE calendar_years SET data_json = $1 WHERE year = 2025")
        .bind(r#"{"year": 2025, "papers": [], "days": [{"name": "元旦", "date": "2025-01-01", "isOffDay": true}]}"#)
        .execute(&t.db.pool)
        .await
        .unwrap();
    t.db.load_calendar().await.unwrap();
    let refreshed: String =
        sqlx::query_scalar("SELECT data_json FROM calendar_years WHERE year = 2025")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    assert!(refreshed.contains("2025-10-08"), "{refreshed}");
    assert_eq!(shared::calendar::china().last_year(), 2026);
    assert!(shared::calendar::loaded_years().is_empty());

    // A request for quotation whose documents go out on Tue 2026-12-29, deadline Mon
    // 2027-01-04: 3 working days on the provisional calendar (12-30, 12-31, 01-04) — the checks
    // do not judge it while 2027 is provisional.
    let tn = principal(t, "tnjyj").await;
    let center = principal(t, "cgzx").await;
    let plan = released_plan(
        &store,
        &tn,
        "CAL-1",
        "办公耗材询价",
        "request_for_quotation",
        "400,000",
    )
    .await;
    let t0 = at("2026-12-29T09:00");
    let p = store
        .create_project(&tn, plan, center.organisation_id, t0)
        .await
        .unwrap()
        .id;
    let n = NoticeForm {
        lots: String::new(),
        max_price: "380,000".into(),
        deadline: "2027-01-04 09:30".into(),
        bid_security: String::new(),
        min_validity_days: "60".into(),
        scoring_method: "lowest_price".into(),
        price_points: String::new(),
        criteria: String::new(),
        media: String::new(),
    }
    .parse(
        Method::RequestForQuotation,
        Fen(40_000_000),
        Instant::from_unix_seconds(t0),
    )
    .unwrap_or_else(|e| panic!("notice: {e:?}"));
    let flags = store
        .publish_notice(&center, p, &n, t0)
        .await
        .unwrap()
        .findings;
    assert!(!flags.iter().any(|f| f.check_id == "P19"), "{flags:?}");

    // A challenge of Thu 2026-12-24 on a public tender: due within 7 working days, provisional.
    let plan2 = released_plan(
        &store,
        &tn,
        "CAL-2",
        "教学服务器采购",
        "public_tender",
        "1,000,000",
    )
    .await;
    let t1 = at("2026-12-14T09:00");
    let p2 = store
        .create_project(&tn, plan2, center.organisation_id, t1)
        .await
        .unwrap()
        .id;
    let n2 = NoticeForm {
        lots: String::new(),
        max_price: "950,000".into(),
        deadline: "2027-01-11 09:30".into(),
        bid_security: "10,000".into(),
        min_validity_days: "90".into(),
        scoring_method: "comprehensive".into(),
        price_points: "30".into(),
        criteria: "技术方案|40|主观\n售后服务|20|主观\n业绩|10|客观".into(),
        media: String::new(),
    }
    .parse(
        Method::PublicTender,
        Fen(100_000_000),
        Instant::from_unix_seconds(t1),
    )
    .unwrap();
    store.publish_notice(&center, p2, &n2, t1).await.unwrap();
    let supplier = common::scalar(t, "SELECT MIN(id) FROM suppliers").await;
    store
        .create_user(
            &server::auth::NewUser {
                username: "calendar-supplier".into(),
                display_name: "供应商".into(),
                role: shared::access::Role::Supplier,
                organisation_id: None,
                supplier_id: Some(supplier),
                password: demo::DEMO_PASSWORD.into(),
            },
            t1,
        )
        .await
        .unwrap();
    let s = principal(t, "calendar-supplier").await;
    let bid = shared::bidding::BidForm {
        lot: String::new(),
        price: "900,000".into(),
        validity_days: "90".into(),
        documents: vec!["技术响应文件.pdf".into()],
    }
    .parse()
    .unwrap();
    store
        .submit_bid(&s, p2, &bid, at("2026-12-22T10:00"))
        .await
        .unwrap();
    let ch = store
        .file_challenge(
            &s,
            p2,
            &shared::execution::ChallengeFiling {
                kind: ChallengeKind::Challenge,
                subject: shared::disclosure::ChallengeSubject::Documents,
                text: "技术参数指向特定品牌".to_owned(),
                affects_result: false,
            },
            at("2026-12-24T10:00"),
        )
        .await
        .unwrap()
        .id;
    let due = || async {
        sqlx::query_scalar::<_, String>("SELECT due_on FROM challenges WHERE id = $1")
            .bind(ch)
            .fetch_one(&t.db.pool)
            .await
            .unwrap()
    };
    // Fri 25, Mon 28 – Thu 31 and the weekend after 1 January that may become make-up days.
    assert_eq!(due().await, "2027-01-03");

    let router = t.router();
    let admin = session(&router, "admin").await;
    let regulator = session(&router, "czczj").await;
    // The page: regulators read it, only administrators load.
    let page = get_as(&router, "/admin/calendar", &regulator).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"calendar-years\""));
    assert!(!page.body.contains("id=\"calendar-import\""));
    let r = post_form_as(
        &router,
        "/admin/calendar",
        &[("action", "preview"), ("data", Y2027)],
        &regulator,
    )
    .await;
    assert_eq!(r.status, 403);
    let r = post_form_as(
        &router,
        "/admin/calendar",
        &[("action", "import"), ("data", Y2027)],
        &regulator,
    )
    .await;
    assert_eq!(r.status, 403);
    assert_eq!(shared::calendar::china().last_year(), 2026);

    // Bad data: the page again with what was typed and why; nothing stored.
    let bad = Y2027.replace("2027-02-20", "2028-02-20");
    let r = post_form_as(
        &router,
        "/admin/calendar",
        &[("action", "import"), ("data", &bad)],
        &admin,
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("2028-02-20：不是 2027 年"), "{}", r.body);
    assert!(r.body.contains("isOffDay"), "the typed data is kept");
    assert_eq!(
        common::scalar(t, "SELECT COUNT(*) FROM calendar_years WHERE year = 2027").await,
        0
    );

    // The preview names the days that change; nothing is loaded yet.
    let r = post_form_as(
        &router,
        "/admin/calendar",
        &[("action", "preview"), ("data", Y2027)],
        &admin,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("id=\"calendar-preview\""));
    assert!(
        r.body.contains("2027-01-04"),
        "Monday 4 January becomes a day off"
    );
    assert!(r.body.contains("元旦（放假）"));
    assert!(r.body.contains("id=\"calendar-confirm\""));
    assert_eq!(shared::calendar::china().last_year(), 2026);

    // Loaded: in force, audited, re-computed.
    let r = post_form_as(
        &router,
        "/admin/calendar",
        &[("action", "import"), ("data", Y2027)],
        &admin,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let to = location(&r);
    assert!(to.starts_with("/admin/calendar?loaded=2027"), "{to}");
    assert!(to.contains("&moved=1&findings=1"), "{to}");
    assert_eq!(shared::calendar::china().last_year(), 2027);
    assert!(!shared::calendar::china()
        .is_workday(d("2027-01-04"))
        .unwrap());
    assert_eq!(shared::calendar::loaded_years().len(), 1);
    // The challenge's due date on the real calendar: 12-25, 12-28 … 12-31, 01-05, 01-06.
    assert_eq!(due().await, "2027-01-06");
    // The published deadline stands; the finding says the period is too short.
    let record: String = sqlx::query_scalar("SELECT record_json FROM projects WHERE id = $1")
        .bind(p)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    let record: shared::model::ProjectRecord = serde_json::from_str(&record).unwrap();
    let deadline = record.deadline.unwrap();
    assert_eq!(deadline, Instant::parse("2027-01-04T09:30").unwrap());
    let findings = sqlx::query_scalar::<_, String>(
        "SELECT message_zh FROM findings WHERE subject_type = 'project' AND subject_id = $1 AND check_id = 'P19' AND step = 'calendar.import'",
    )
    .bind(p.to_string())
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].contains("已发布的期限不变"), "{}", findings[0]);
    let audit = common::scalar(
        t,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.import' AND subject_id = '2027'",
    )
    .await;
    assert_eq!(audit, 1);
    let by: String = sqlx::query_scalar("SELECT loaded_by FROM calendar_years WHERE year = 2027")
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert_eq!(by, "admin");
    // Every page carries the loaded year to the browser; the calculator answers on it.
    let page = get_as(&router, "/admin/calendar?from=2026-12-31&n=1", &admin).await;
    assert!(page.body.contains("id=\"yw-calendar\""));
    assert!(page.body.contains("2027-01-05（周二）"), "{}", page.body);
    assert!(
        !page.body.contains("calendar-banner\""),
        "2027 is loaded: no banner in December 2026"
    );
    // The audit chain still verifies.
    let v = server::audit::verify(&t.db.pool).await.unwrap();
    assert!(v.problem.is_none(), "{:?}", v.problem);
    // Loading the same year again changes no day and raises nothing new.
    let r = post_form_as(
        &router,
        "/admin/calendar",
        &[("action", "import"), ("data", Y2027)],
        &admin,
    )
    .await;
    assert!(
        location(&r).contains("changed=0&moved=0&findings=0"),
        "{}",
        location(&r)
    );
}

/// The two databases one after the other: the calendar in force is the process's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loaded_year_is_in_force_on_both_databases() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        // Back to the shipped calendar (what a fresh database installs).
        shared::calendar::install(&[]).unwrap();
        let t = TestDb::new(backend).await;
        a_loaded_year_is_in_force_and_recomputes_what_depended_on_it(&t).await;
        t.cleanup().await;
    }
}
