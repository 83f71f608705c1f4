//! Table exports of the dashboard's records: CSV with a byte-order mark and an XLSX workbook,
//! regulators only.

mod common;

use common::{get, get_as, login, session_token, TestDb};

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
    assert!(xlsx.body.starts_with("PK"));
    assert!(xlsx.body.contains("xl/worksheets/sheet1.xml") && xlsx.body.contains("成交金额（元）"));
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
