//! The full demo (issue 5 point 7): the seed platform's scale and shape. Its figures are checked
//! two ways: the pure scenario (what the generator computes: plans, contracts, exact budget and
//! actual totals, legal amounts) on every run, and the full load through the store's domain
//! functions on SQLite (on PostgreSQL the load is a few minutes in a debug build, too slow for
//! the suite; the scenario it plays is the same).

mod common;

use common::scalar;

use common::TestDb;
use server::db::Backend;
use server::demo::scenario::{
    scenario, Stage, BASE_PLANS, FULL_ACTUAL_FEN, FULL_BUDGET_FEN, FULL_CONTRACTS, FULL_PLANS,
};
use server::demo::{self, DemoScale, DEMO_SEED};
use shared::model::Method;
use shared::region::REGIONS;
use sqlx::Row;

/// (Σbudget − Σactual) / Σbudget in hundredths of a per cent, rounded.
fn savings_bp(budget: i64, actual: i64) -> i64 {
    ((budget - actual) * 10_000 * 2 + budget) / (budget * 2)
}

#[test]
fn the_scenario_has_the_seed_platforms_figures() {
    let sc = scenario(DEMO_SEED);
    assert_eq!(sc, scenario(DEMO_SEED), "deterministic");
    assert_eq!(sc.plans.len() + BASE_PLANS, FULL_PLANS);
    assert_eq!(sc.contracted().count(), FULL_CONTRACTS);
    let (budget, actual) = sc.totals();
    assert_eq!(budget, 924_700_000_000, "9,247,000,000.00 yuan");
    assert_eq!(actual, 801_400_000_000, "8,014,000,000.00 yuan");
    assert_eq!((budget, actual), (FULL_BUDGET_FEN, FULL_ACTUAL_FEN));
    assert_eq!(savings_bp(budget, actual), 1333, "13.33 %");
    // Every method and every jurisdiction among the contracts; open tender carries the value,
    // the other methods the count.
    for m in [
        Method::PublicTender,
        Method::InvitedTender,
        Method::CompetitiveNegotiation,
        Method::CompetitiveConsultation,
        Method::SingleSource,
        Method::RequestForQuotation,
    ] {
        assert!(sc.contracted().any(|(p, _)| p.method == m), "{m:?}");
    }
    for r in REGIONS {
        assert!(
            sc.contracted().any(|(p, _)| sc.units[p.unit].1 == r.code),
            "{}",
            r.code
        );
    }
    let tender: i64 = sc
        .contracted()
        .filter(|(p, _)| p.method == Method::PublicTender)
        .map(|(p, _)| p.amount)
        .sum();
    assert!(tender * 10 > budget * 7, "open tender: most of the value");
    assert!(
        sc.contracted()
            .filter(|(p, _)| p.method != Method::PublicTender)
            .count()
            * 2
            > FULL_CONTRACTS
    );
    // Amounts stay legal: award ≤ ceiling ≤ budget, every bid under the ceiling, the award is
    // the lowest bid unless a reason is recorded.
    for p in &sc.plans {
        let Some(pr) = &p.project else { continue };
        assert!(pr.max_price <= p.amount && pr.max_price > 0, "{}", p.name);
        for b in &pr.bids {
            assert!(b.price > 0 && b.price <= pr.max_price, "{}", p.name);
            assert!(b.at > pr.notice_at && b.at < pr.deadline, "{}", p.name);
        }
        if p.stage >= Stage::Awarded {
            assert!(pr.award_amount() <= pr.max_price, "{}", p.name);
            if pr.deviation_reason.is_none() && p.method != Method::SingleSource {
                assert_eq!(pr.first, pr.awarded, "{}", p.name);
            }
        }
    }
    // Some stop at every earlier stage.
    for s in [
        Stage::Filed,
        Stage::Released,
        Stage::Notice,
        Stage::Opened,
        Stage::Evaluated,
        Stage::Awarded,
    ] {
        assert!(
            sc.plans.iter().filter(|p| p.stage == s).count() > 50,
            "{s:?}"
        );
    }
}

/// The full demo through the domain functions gives the same figures in the database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_full_demo_loads_the_seed_platforms_figures_on_sqlite() {
    let t = TestDb::new(Backend::Sqlite).await;
    let s = demo::load_with(&t.store(), DemoScale::Full).await.unwrap();
    assert_eq!(s.suppliers, 409);
    assert_eq!(scalar(&t, "SELECT COUNT(*) FROM plans").await, 1864);
    assert_eq!(scalar(&t, "SELECT COUNT(*) FROM suppliers").await, 409);
    assert!(
        scalar(
            &t,
            "SELECT COUNT(*) FROM organisations WHERE kind IN ('agency', 'procurement_center')"
        )
        .await
            >= 90
    );
    // Contracts: the projects whose record holds a signed contract.
    let rows = sqlx::query("SELECT budget_amount, record_json FROM projects")
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
    let (mut n, mut budget, mut actual) = (0, 0_i64, 0_i64);
    for r in &rows {
        let record: shared::model::ProjectRecord =
            serde_json::from_str(&r.try_get::<String, _>(1).unwrap()).unwrap();
        if let Some(c) = record.contracts.first() {
            n += 1;
            budget += r.try_get::<i64, _>(0).unwrap();
            actual += c.amount.unwrap().fen();
        }
    }
    assert_eq!(n, 565);
    assert_eq!(budget, 924_700_000_000);
    assert_eq!(actual, 801_400_000_000);
    assert_eq!(savings_bp(budget, actual), 1333);
    // The regulator's dashboard shows exactly the seed's figures (issue 6).
    use app::service::dashboard::DashboardServices;
    let d = t
        .store()
        .data(
            &shared::access::JurisdictionFilter::All,
            &app::api::dashboard::DashFilter::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        (d.kpis.plans, d.kpis.suppliers, d.kpis.contracts),
        (1864, 409, 565)
    );
    assert_eq!(shared::dashboard::yi(d.kpis.budget_total), "92.47亿元");
    assert_eq!(shared::dashboard::yi(d.kpis.actual_total), "80.14亿元");
    assert_eq!(d.kpis.savings_text(), "13.33%");
    assert_eq!(d.by_method.iter().map(|g| g.count).sum::<i64>(), 565);
    assert_eq!(
        d.by_district.iter().map(|g| g.actual.fen()).sum::<i64>(),
        801_400_000_000
    );
    // 事后分析 over the same data: A13 reports the portfolio's savings rate, every portfolio
    // check reports with its settings, and a district sees only its own projects.
    let now = shared::time::Instant::parse("2026-11-26T12:00")
        .unwrap()
        .unix_seconds();
    let all = t
        .store()
        .analytics(
            &shared::access::JurisdictionFilter::All,
            &app::api::dashboard::DashFilter::default(),
            now,
        )
        .await
        .unwrap();
    assert!(all.projects >= 1231, "{}", all.projects);
    assert!(all.checks.len() > shared::checks::portfolio_checks().len());
    assert!(all.checks.iter().any(|c| c.id == "A22"));
    let a13 = all.checks.iter().find(|c| c.id == "A13").unwrap();
    assert!(
        a13.portfolio_zh.iter().any(|(_, v)| v.ends_with('%')),
        "{:?}",
        a13.portfolio_zh
    );
    let district = t
        .store()
        .analytics(
            &shared::access::JurisdictionFilter::Only("320402".into()),
            &app::api::dashboard::DashFilter::default(),
            now,
        )
        .await
        .unwrap();
    assert!(district.projects > 0 && district.projects < all.projects);
    // The small demo is still there: the lowest plan and approval are 天宁区教育局's.
    let first: String = sqlx::query_scalar(
        "SELECT o.name FROM plans p JOIN organisations o ON o.id = p.unit_id ORDER BY p.id LIMIT 1",
    )
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(first, "常州市天宁区教育局");
    // A share of the cases raises findings, not all.
    let flagged = scalar(
        &t,
        "SELECT COUNT(DISTINCT subject_type || subject_id) FROM findings",
    )
    .await;
    assert!(flagged > 100 && flagged < 600, "{flagged}");
    assert!(server::audit::verify(&t.db.pool).await.is_ok());
    // Issue 18 point 2 on the full demo: every page each demo account reaches by links, one per
    // route shape, in Chinese and in English, shows names and labels only.
    let router = t.router();
    let accounts: Vec<&str> = demo::DEMO_ACCOUNTS.iter().map(|a| a.username).collect();
    let walk = common::labels::walk_every_page(&router, &accounts, demo::DEMO_PASSWORD, 1).await;
    eprintln!(
        "labels on the full demo: {} pages read ({} route shapes), {} with problems",
        walk.pages,
        walk.shapes.len(),
        walk.problems.len()
    );
    assert!(
        walk.problems.is_empty(),
        "pages with codes or ids instead of labels:\n{}",
        walk.problems.join("\n")
    );
    t.cleanup().await;
}

/// `yiwang serve` loads demo data only when asked for (`YIWANG_DEMO=full|small`); any other value
/// stops the start naming the variable and the allowed values; a demo database shows the banner
/// on its pages and the server warns at start; an empty database stays empty (issue 14 point 10).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_loads_demo_data_only_when_asked_for() {
    use std::process::Stdio;
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    const BANNER: &str = "演示数据 · Demo data";
    let free_port = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    };
    let dir = std::env::temp_dir().join("yiwang-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let url = |name: &str| {
        format!(
            "sqlite://{}",
            dir.join(format!("serve-demo-{}-{name}.db", std::process::id()))
                .display()
        )
    };
    let serve = |url: &str, demo: Option<&str>, port: u16| {
        let mut c = tokio::process::Command::new(env!("CARGO_BIN_EXE_yiwang"));
        c.arg("serve")
            .env("DATABASE_URL", url)
            .env("YIWANG_ADDR", format!("127.0.0.1:{port}"))
            .env("YIWANG_SITE", "target/site")
            .env("RUST_LOG", "warn")
            .env_remove("YIWANG_DEMO")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        if let Some(d) = demo {
            c.env("YIWANG_DEMO", d);
        }
        c
    };
    let page_at = |port: u16, path: &'static str| async move {
        let started = std::time::Instant::now();
        loop {
            if let Ok(mut s) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
                s.write_all(
                    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .as_bytes(),
                )
                .await
                .unwrap();
                let mut buf = Vec::new();
                s.read_to_end(&mut buf).await.unwrap();
                return String::from_utf8_lossy(&buf).into_owned();
            }
            assert!(
                started.elapsed() < Duration::from_secs(300),
                "yiwang did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let home_page = |port: u16| page_at(port, "/");
    let users = |url: String| async move {
        let db = server::db::Db::connect(&url).await.unwrap();
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM users")
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        db.pool.close().await;
        n
    };
    // Not an allowed value: the start stops at once with the variable and the values.
    for bad in ["1", "yes", "demo"] {
        let out = serve(&url("bad"), Some(bad), free_port())
            .output()
            .await
            .unwrap();
        assert!(
            !out.status.success(),
            "YIWANG_DEMO={bad} must stop the start"
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("YIWANG_DEMO") && err.contains("full") && err.contains("small"),
            "{err}"
        );
    }
    // Unset (and `0`): an empty database stays empty, and its pages carry no banner.
    for (name, demo) in [("unset", None), ("zero", Some("0"))] {
        let port = free_port();
        let mut child = serve(&url(name), demo, port).spawn().unwrap();
        let page = home_page(port).await;
        // No administrator yet (issue 17 point 1): only the sign-in page, and how to start.
        assert!(page.starts_with("HTTP/1.1 503"), "{page}");
        assert!(
            page.contains("yiwang admin create --username NAME"),
            "{page}"
        );
        assert!(!page.contains(BANNER), "{name}: no demo data, no banner");
        // The sign-in page itself says so.
        let login = page_at(port, "/login").await;
        assert!(login.starts_with("HTTP/1.1 200"), "{login}");
        assert!(login.contains("no-administrator") && login.contains("yiwang admin create"));
        child.start_kill().unwrap();
        let out = child.wait_with_output().await.unwrap();
        assert!(!String::from_utf8_lossy(&out.stdout).contains("DEMO DATA"));
        assert!(String::from_utf8_lossy(&out.stderr).contains("yiwang admin create"));
        assert_eq!(users(url(name)).await, 0, "{name}: no demo accounts");
    }
    // The first administrator, from the command line: a weak or common password is refused,
    // a good one makes the account (no default password exists); then the pages are served.
    let admin = |password: &'static str| {
        let url = url("unset");
        async move {
            let mut c = tokio::process::Command::new(env!("CARGO_BIN_EXE_yiwang"));
            c.args(["admin", "create", "--username", "root", "--password-stdin"])
                .env("DATABASE_URL", &url)
                .env("RUST_LOG", "warn")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let mut child = c.spawn().unwrap();
            let mut stdin = child.stdin.take().unwrap();
            stdin
                .write_all(format!("{password}\n").as_bytes())
                .await
                .unwrap();
            drop(stdin);
            child.wait_with_output().await.unwrap()
        }
    };
    for weak in ["short1A!", "P@ssw0rd2026", "Root-2026-admin"] {
        let out = admin(weak).await;
        assert!(!out.status.success(), "{weak} must be refused");
    }
    assert_eq!(users(url("unset")).await, 0);
    let out = admin("Czcz-Finance-27").await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !admin("Czcz-Finance-27").await.status.success(),
        "the name is taken"
    );
    let port = free_port();
    let mut child = serve(&url("unset"), None, port).spawn().unwrap();
    let page = home_page(port).await;
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(!page_at(port, "/login").await.contains("no-administrator"));
    child.start_kill().unwrap();
    let _ = child.wait_with_output().await;
    // Asked for: the demo is loaded, the banner shows, the start warns.
    let port = free_port();
    let mut child = serve(&url("small"), Some("small"), port).spawn().unwrap();
    let page = home_page(port).await;
    assert!(page.contains(BANNER), "the banner on a demo database");
    child.start_kill().unwrap();
    let out = child.wait_with_output().await.unwrap();
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(log.contains("DEMO DATA"), "a warning at start: {log}");
    assert!(users(url("small")).await > 0);
    for name in ["bad", "unset", "zero", "small"] {
        if let Some(path) = server::db::sqlite_file(&url(name)) {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
}
