//! Table exports of the dashboard's records: CSV with a byte-order mark and an XLSX workbook,
//! regulators only.

mod common;

use common::{get, get_as, login, send, session_token, TestDb, HOST};

/// The files of a workbook (the ZIP read back) by name.
fn workbook_files(bytes: &[u8]) -> std::collections::HashMap<String, String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut files = std::collections::HashMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).expect("entry");
        let mut text = String::new();
        if f.read_to_string(&mut text).is_ok() {
            files.insert(f.name().map(|n| n.to_string()).unwrap_or_default(), text);
        }
    }
    files
}

/// The texts of a workbook's sheet and strings, together.
fn workbook_text(bytes: &[u8]) -> String {
    let files = workbook_files(bytes);
    format!(
        "{}{}",
        files
            .get("xl/worksheets/sheet1.xml")
            .cloned()
            .unwrap_or_default(),
        files
            .get("xl/sharedStrings.xml")
            .cloned()
            .unwrap_or_default()
    )
}

/// A GET with a session cookie and the page language `lang`.
async fn get_in(
    router: &axum::Router,
    path: &str,
    session: &str,
    lang: &str,
) -> common::TestResponse {
    let request = axum::http::Request::get(path)
        .header(axum::http::header::HOST, HOST)
        .header(
            axum::http::header::COOKIE,
            format!("yiwang_session={session}; yiwang_lang={lang}"),
        )
        .body(axum::body::Body::empty())
        .unwrap();
    send(router, request).await
}

async fn exports_are_for_regulators_and_open_as_files(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let reg = session_token(&login(&router, "czczj", server::demo::DEMO_PASSWORD).await).unwrap();
    let csv = get_as(&router, "/regulator/records.csv?method=public_tender", &reg).await;
    assert_eq!(csv.status, 200);
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(csv.headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("records.csv"));
    assert!(csv.body.starts_with('\u{FEFF}'), "BOM for Excel");
    assert!(csv.body.contains(
        "项目编号,项目名称,采购单位,辖区,采购方式,预算金额（元）,成交金额（元）,签订时间\r\n"
    ));
    let xlsx = get_as(&router, "/regulator/records.xlsx", &reg).await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.headers["content-type"]
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    assert!(xlsx.bytes.starts_with(b"PK"));
    let sheet = workbook_text(&xlsx.bytes);
    assert!(sheet.contains("成交金额（元）"), "{sheet}");
    // The page's language: English headers and labels.
    let en = get_in(&router, "/regulator/records.xlsx", &reg, "en").await;
    let sheet = workbook_text(&en.bytes);
    assert!(
        sheet.contains("Award (yuan)") && !sheet.contains("成交金额"),
        "{sheet}"
    );
    let en_csv = get_in(&router, "/export/records.csv", &reg, "en").await;
    assert!(en_csv.body.contains(
        "Project no.,Project,Purchaser,District,Method,Budget (yuan),Award (yuan),Signed\r\n"
    ));
    assert!(
        !["公开招标", "竞争性", "询价", "单一来源", "天宁区", "武进区"]
            .iter()
            .any(|w| en_csv.body.contains(w)),
        "{}",
        en_csv.body
    );
    // Not a regulator: 403; nobody: 401.
    let purchaser =
        session_token(&login(&router, "tnjyj", server::demo::DEMO_PASSWORD).await).unwrap();
    assert_eq!(
        get_as(&router, "/regulator/records.csv", &purchaser)
            .await
            .status,
        403
    );
    assert_eq!(get(&router, "/regulator/records.xlsx").await.status, 401);
}
on_both_databases!(exports_are_for_regulators_and_open_as_files);

/// The CSV rows of an export (after the byte-order mark), split simply (the demo's texts hold
/// no commas or quotes in the columns checked here).
fn csv_rows(body: &str) -> Vec<Vec<String>> {
    body.trim_start_matches('\u{FEFF}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

/// Every table view exports as CSV and XLSX through `/export/{view}`, with what its page shows
/// the account and nothing more: the purchaser's plans and budget lines, the account's
/// projects, the regulator's findings, approvals and suppliers of its own district only.
async fn every_table_view_exports_what_its_page_shows(t: &TestDb) {
    server::demo::load(&t.store()).await.unwrap();
    let router = t.router();
    let token = |name: &'static str| {
        let router = router.clone();
        async move { session_token(&login(&router, name, server::demo::DEMO_PASSWORD).await).unwrap() }
    };
    let tn_buyer = token("tnjyj").await;
    let wj_buyer = token("wjjyj").await;
    let tn_reg = token("tnczj").await;
    let wj_reg = token("wjczj").await;
    let city = token("czczj").await;
    let supplier = token("gys").await;

    // The purchaser's plans: 天宁区教育局's, not 武进区教育局's.
    let plans = get_as(&router, "/export/plans.csv", &tn_buyer).await;
    assert_eq!(plans.status, 200, "{}", plans.body);
    assert!(plans.body.starts_with('\u{FEFF}'));
    assert!(plans.body.contains("多媒体教室台式计算机采购"));
    let other = get_as(&router, "/export/plans.csv", &wj_buyer).await;
    assert_eq!(other.status, 200);
    assert!(!other.body.contains("多媒体教室台式计算机采购"));
    let lines = get_as(&router, "/export/budget-lines.xlsx", &tn_buyer).await;
    assert_eq!(lines.status, 200);
    assert!(lines.bytes.starts_with(b"PK") && workbook_text(&lines.bytes).contains("2026-JY-001"));

    // Projects: the header and one row per project the desk shows (none yet in the demo).
    let projects = get_as(&router, "/export/projects.csv", &tn_buyer).await;
    assert_eq!(projects.status, 200);
    assert!(csv_rows(&projects.body)[0].contains(&"项目名称".to_owned()));

    // Approvals: the district's pending method change for 天宁区, none for 武进区.
    let tn = get_as(&router, "/export/approvals.csv", &tn_reg).await;
    assert_eq!(tn.status, 200);
    assert!(tn.body.contains("教学用服务器采购"), "{}", tn.body);
    // Names and labels, not codes.
    assert!(
        tn.body.contains("变更采购方式审批") && tn.body.contains("待审批"),
        "{}",
        tn.body
    );
    assert!(!tn.body.contains(",pending,") && !tn.body.contains("method_change"));
    let wj = get_as(&router, "/export/approvals.csv", &wj_reg).await;
    assert!(!wj.body.contains("教学用服务器采购"));

    // Findings: the district's only; the city's: all of them.
    let tn_f = csv_rows(&get_as(&router, "/export/findings.csv", &tn_reg).await.body);
    // In English: the labels too (severity, stage, subject kind, district, triage state).
    let en_f = get_in(&router, "/export/findings.csv", &tn_reg, "en")
        .await
        .body;
    let en_rows = csv_rows(&en_f);
    assert_eq!(en_rows.len(), tn_f.len());
    assert!(en_rows[0]
        .join(",")
        .starts_with("No.,Check,Severity,Stage,Subject,District"));
    for r in &en_rows[1..] {
        // (The message may hold commas: the state is the last field.)
        assert!(
            [&r[2], &r[3], &r[5], r.last().unwrap()]
                .iter()
                .all(|c| c.is_ascii())
                && ["Plan ", "Project "].iter().any(|k| r[4].starts_with(k)),
            "English labels: {r:?}"
        );
    }
    let city_f = csv_rows(&get_as(&router, "/export/findings.csv", &city).await.body);
    assert!(tn_f.len() > 1, "the demo's plans raise findings: {tn_f:?}");
    assert!(tn_f[1..].iter().all(|r| r[5] == "天宁区"), "{tn_f:?}");
    assert!(city_f.len() >= tn_f.len());

    // Suppliers: every page of the search, the district's only.
    let tn_s = csv_rows(&get_as(&router, "/export/suppliers.csv", &tn_reg).await.body);
    let city_s = csv_rows(&get_as(&router, "/export/suppliers.csv", &city).await.body);
    assert!(tn_s.len() > 1 && tn_s[1..].iter().all(|r| r[2] == "天宁区"));
    assert_eq!(
        city_s.len() - 1,
        409,
        "all the demo's suppliers, over every page"
    );

    // Cases and the risk queue: header rows for the regulator (none opened in the demo).
    for view in ["cases", "risk"] {
        let r = get_as(&router, &format!("/export/{view}.xlsx"), &tn_reg).await;
        assert_eq!(r.status, 200, "{view}");
        assert!(r.bytes.starts_with(b"PK"));
        assert_eq!(
            get_as(&router, &format!("/export/{view}.csv"), &tn_buyer)
                .await
                .status,
            403,
            "{view}"
        );
    }

    // Access follows the page: nobody 401, a supplier 403, an unknown view or format 404.
    assert_eq!(get(&router, "/export/plans.csv").await.status, 401);
    for view in [
        "plans",
        "findings",
        "approvals",
        "suppliers",
        "records",
        "projects",
    ] {
        assert_eq!(
            get_as(&router, &format!("/export/{view}.csv"), &supplier)
                .await
                .status,
            403,
            "{view}"
        );
    }
    assert_eq!(
        get_as(&router, "/export/findings.csv", &tn_buyer)
            .await
            .status,
        403
    );
    assert_eq!(
        get_as(&router, "/export/passwords.csv", &city).await.status,
        404
    );
    assert_eq!(
        get_as(&router, "/export/plans.pdf", &tn_buyer).await.status,
        404
    );
}
on_both_databases!(every_table_view_exports_what_its_page_shows);
