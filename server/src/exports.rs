//! Exports of the table views: `GET /export/{view}.csv` and `GET /export/{view}.xlsx`, with the
//! page's own query (filters). Each view is read through the same service function as its page,
//! so an export holds exactly what the account may see there — the same scope, the same filter —
//! and nothing else — all its matching rows, never a first page. Headers and labels are in the
//! page's language (the `lang` cookie). CSV is UTF-8 with a byte-order mark (Excel opens Chinese
//! text correctly), sent row by row; XLSX is the workbook of [`crate::xlsx`], built in an unlinked
//! temporary file and sent from there; a table with more rows than a worksheet holds is offered as
//! CSV instead.

use std::collections::HashMap;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::ServerFnError;
use shared::access::{may_open, Page, Principal};
use shared::export::Cell;
use shared::i18n::{Lang, Text};
use shared::region::region;
use shared::time::Instant;

/// A table as exported: its title (the sheet's name), headers (both languages) and rows (in the
/// language of the page that asked).
pub struct Table {
    pub title: Text,
    pub headers: Vec<Text>,
    pub rows: Vec<Vec<Cell>>,
}

const fn h(zh: &'static str, en: &'static str) -> Text {
    Text::new(zh, en)
}

/// The table views that export, by the name in `/export/{name}.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// `/projects`: the account's projects.
    Projects,
    /// `/plans`: the purchaser's plans.
    Plans,
    /// `/plans`: the purchaser's budget lines.
    BudgetLines,
    /// `/regulator/findings` (`?state=`).
    Findings,
    /// `/regulator/approvals`.
    Approvals,
    /// `/regulator/suppliers` (`?q=`): every page of the search.
    Suppliers,
    /// `/regulator/records` (the dashboard's filter).
    Records,
    /// `/regulator/cases` (`?state=`).
    Cases,
    /// `/regulator/risk`: the ranked risk queue.
    Risk,
}

impl View {
    pub const ALL: [View; 9] = [
        View::Projects,
        View::Plans,
        View::BudgetLines,
        View::Findings,
        View::Approvals,
        View::Suppliers,
        View::Records,
        View::Cases,
        View::Risk,
    ];

    pub fn name(self) -> &'static str {
        match self {
            View::Projects => "projects",
            View::Plans => "plans",
            View::BudgetLines => "budget-lines",
            View::Findings => "findings",
            View::Approvals => "approvals",
            View::Suppliers => "suppliers",
            View::Records => "records",
            View::Cases => "cases",
            View::Risk => "risk",
        }
    }

    pub fn from_name(name: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.name() == name)
    }

    /// The page whose access the export follows.
    fn page(self) -> Page {
        match self {
            View::Projects => Page::Projects,
            View::Plans => Page::Plans,
            View::BudgetLines => Page::PurchaserPlans,
            View::Findings => Page::RegulatorMonitor,
            View::Approvals => Page::RegulatorApprovals,
            View::Suppliers => Page::RegulatorSuppliers,
            View::Records => Page::RegulatorDashboard,
            View::Cases | View::Risk => Page::RegulatorCases,
        }
    }
}

/// The format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

fn district(code: &str, lang: Lang) -> String {
    region(code)
        .map(|r| r.name.get(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn when(at: i64) -> Cell {
    Cell::Time(Instant::from_unix_seconds(at))
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// Why an export was not produced (never the internal cause: that is logged where it happened).
#[derive(Debug)]
pub enum ExportError {
    Unauthenticated,
    Forbidden,
    Unavailable,
}

impl From<ServerFnError> for ExportError {
    fn from(e: ServerFnError) -> ExportError {
        // The service functions log their internal causes; a denial is the page's own gate,
        // checked before, so what is left is an unavailable service.
        tracing::warn!(error = %e, "export: the service refused");
        ExportError::Unavailable
    }
}

/// The table of `view` as `principal` sees it with the page's `query`, labelled in `lang`.
pub async fn table(
    services: &dyn app::service::Services,
    principal: Option<&Principal>,
    view: View,
    query: &HashMap<String, String>,
    lang: Lang,
) -> Result<Table, ExportError> {
    let principal = principal.ok_or(ExportError::Unauthenticated)?;
    if !may_open(Some(principal), view.page()) {
        return Err(ExportError::Forbidden);
    }
    let q = |k: &str| query.get(k).cloned().unwrap_or_default();
    let label = |t: Text| text(t.get(lang));
    Ok(match view {
        View::Projects => {
            let filter = app::api::projects::ProjectQuery::from_params(|k| query.get(k).cloned());
            let (rows, _) =
                app::service::projects::desk(services, principal, &filter, None).await?;
            Table {
                title: h("采购项目", "Projects"),
                headers: vec![
                    h("项目编号", "Project no."),
                    h("项目名称", "Project"),
                    h("采购单位", "Purchaser"),
                    h("代理机构", "Agency"),
                    h("辖区", "District"),
                    h("采购方式", "Method"),
                    h("预算金额（元）", "Budget (yuan)"),
                    h("当前环节", "Current step"),
                    h("预警数", "Findings"),
                    h("更新时间", "Updated"),
                ],
                rows: rows
                    .into_iter()
                    .map(|p| {
                        vec![
                            Cell::Int(p.id),
                            text(p.name),
                            text(p.unit_name),
                            p.agency_name
                                .map(text)
                                .unwrap_or_else(|| label(h("自行采购", "Own procurement"))),
                            text(district(&p.jurisdiction_code, lang)),
                            label(p.method.name()),
                            Cell::Money(p.budget_amount.fen()),
                            label(
                                p.state
                                    .node
                                    .map(|n| n.name())
                                    .unwrap_or(h("未开始", "Not started")),
                            ),
                            Cell::Int(p.findings),
                            Cell::Time(p.updated_at),
                        ]
                    })
                    .collect(),
            }
        }
        View::Plans => {
            let filter = app::api::plans::PlanQuery::from_params(|k| query.get(k).cloned());
            let plans = app::service::plans::all(services, principal, &filter).await?;
            Table {
                title: h("采购计划", "Plans"),
                headers: vec![
                    h("计划编号", "Plan no."),
                    h("计划名称", "Plan"),
                    h("采购单位", "Purchaser"),
                    h("预算指标", "Budget line"),
                    h("年度", "Year"),
                    h("品目", "Category"),
                    h("采购方式", "Method"),
                    h("金额（元）", "Amount (yuan)"),
                    h("计划日期", "Planned date"),
                    h("状态", "Status"),
                    h("预警数", "Findings"),
                    h("待审批申请", "Pending requests"),
                ],
                rows: plans
                    .into_iter()
                    .map(|p| {
                        let category = shared::supplier::category(&p.category_code)
                            .map(|c| format!("{} {}", p.category_code, c.name.get(lang)))
                            .unwrap_or(p.category_code);
                        vec![
                            Cell::Int(p.id),
                            text(p.name),
                            text(p.unit_name),
                            text(p.budget_line_code),
                            Cell::Int(i64::from(p.fiscal_year)),
                            text(category),
                            label(p.method.name()),
                            Cell::Money(p.amount.fen()),
                            Cell::Day(p.planned_date),
                            label(p.status.name()),
                            Cell::Int(p.findings),
                            Cell::Int(p.pending_requests),
                        ]
                    })
                    .collect(),
            }
        }
        View::BudgetLines => {
            let lines = app::service::plans::desk(services, principal, None)
                .await?
                .lines;
            Table {
                title: h("预算指标", "Budget lines"),
                headers: vec![
                    h("指标编码", "Code"),
                    h("指标名称", "Budget line"),
                    h("年度", "Year"),
                    h("批复金额（元）", "Approved (yuan)"),
                    h("调整后金额（元）", "Adjusted (yuan)"),
                    h("已安排（元）", "Committed (yuan)"),
                ],
                rows: lines
                    .into_iter()
                    .map(|l| {
                        vec![
                            text(l.code),
                            text(l.name),
                            Cell::Int(i64::from(l.fiscal_year)),
                            Cell::Money(l.approved.fen()),
                            l.adjusted
                                .map(|a| Cell::Money(a.fen()))
                                .unwrap_or(Cell::Empty),
                            Cell::Money(l.committed.fen()),
                        ]
                    })
                    .collect(),
            }
        }
        View::Findings => {
            let filter = app::api::triage::FindingQuery::from_params(|k| query.get(k).cloned());
            let (rows, _) = app::service::triage::list(services, principal, &filter, None).await?;
            Table {
                title: h("预警", "Findings"),
                headers: vec![
                    h("编号", "No."),
                    h("检查项", "Check"),
                    h("严重程度", "Severity"),
                    h("阶段", "Stage"),
                    h("对象", "Subject"),
                    h("辖区", "District"),
                    h("内容", "Finding"),
                    h("发现时间", "Found"),
                    h("处理状态", "Triage"),
                ],
                rows: rows
                    .into_iter()
                    .map(|f| {
                        let kind =
                            shared::i18n::record_kind(&f.subject_type).unwrap_or_else(|| {
                                shared::checks::labels::subject_kind_name(&f.subject_type)
                            });
                        let subject = match f.subject_name {
                            Some(name) => format!("{} {name}", kind.get(lang)),
                            None => format!("{} {}", kind.get(lang), f.subject_id),
                        };
                        vec![
                            Cell::Int(f.id),
                            text(f.check_id),
                            label(f.severity.name()),
                            label(f.stage.name()),
                            text(subject),
                            text(district(&f.jurisdiction_code, lang)),
                            text(match lang {
                                Lang::Zh => f.message_zh,
                                Lang::En => f.message_en,
                            }),
                            Cell::Time(f.created_at),
                            label(f.state.name()),
                        ]
                    })
                    .collect(),
            }
        }
        View::Approvals => {
            let filter = app::api::plans::ApprovalQuery::from_params(|k| query.get(k).cloned());
            let (rows, _) =
                app::service::plans::requests(services, principal, &filter, None).await?;
            Table {
                title: h("审批", "Approvals"),
                headers: vec![
                    h("编号", "No."),
                    h("计划", "Plan"),
                    h("采购单位", "Purchaser"),
                    h("辖区", "District"),
                    h("类型", "Kind"),
                    h("金额（元）", "Amount (yuan)"),
                    h("理由", "Reason"),
                    h("公示期至", "Notice until"),
                    h("状态", "Status"),
                    h("提交时间", "Submitted"),
                    h("决定时间", "Decided"),
                    h("决定理由", "Decision reason"),
                ],
                rows: rows
                    .into_iter()
                    .map(|r| {
                        vec![
                            Cell::Int(r.id),
                            text(r.plan_name),
                            text(r.unit_name),
                            text(district(&r.jurisdiction_code, lang)),
                            label(shared::approval::kind_name(r.kind)),
                            Cell::Money(r.amount.fen()),
                            text(r.reason),
                            r.notice_until.map(Cell::Day).unwrap_or(Cell::Empty),
                            label(r.status.name()),
                            Cell::Time(r.submitted_at),
                            r.decided_at.map(Cell::Time).unwrap_or(Cell::Empty),
                            text(r.decision_reason.unwrap_or_default()),
                        ]
                    })
                    .collect(),
            }
        }
        View::Suppliers => {
            let search = q("q");
            let mut rows = Vec::new();
            let mut page = 1;
            loop {
                let p =
                    app::service::regulator_suppliers(services, principal, &search, page).await?;
                let pages = p.page_count();
                rows.extend(p.rows);
                if page >= pages {
                    break;
                }
                page += 1;
            }
            Table {
                title: h("供应商", "Suppliers"),
                headers: vec![
                    h("统一社会信用代码", "Credit code"),
                    h("名称", "Name"),
                    h("辖区", "District"),
                    h("规模", "Size"),
                    h("注册时间", "Registered"),
                ],
                rows: rows
                    .into_iter()
                    .map(|s| {
                        let size = shared::supplier::EnterpriseSize::from_code(&s.size)
                            .map(|z| z.name().get(lang).to_owned())
                            .unwrap_or(s.size);
                        vec![
                            text(s.credit_code),
                            text(s.name),
                            text(district(&s.region_code, lang)),
                            text(size),
                            when(s.registered_at),
                        ]
                    })
                    .collect(),
            }
        }
        View::Cases => {
            let (rows, _) =
                app::service::cases::list(services, principal, &q("state"), None).await?;
            Table {
                title: h("监督检查案件", "Supervision cases"),
                headers: vec![
                    h("案件编号", "Case no."),
                    h("事由", "Matter"),
                    h("辖区", "District"),
                    h("状态", "Status"),
                    h("立案时间", "Opened"),
                    h("立案人", "Opened by"),
                    h("预警数", "Findings"),
                ],
                rows: rows
                    .into_iter()
                    .map(|c| {
                        vec![
                            Cell::Int(c.id),
                            text(c.title),
                            text(district(&c.jurisdiction_code, lang)),
                            label(c.state.name()),
                            Cell::Time(c.opened_at),
                            text(c.opened_by),
                            Cell::Int(c.findings),
                        ]
                    })
                    .collect(),
            }
        }
        View::Risk => {
            let queue = app::service::cases::risk(services, principal, None).await?;
            Table {
                title: h("风险队列", "Risk queue"),
                headers: vec![
                    h("排名", "Rank"),
                    h("项目编号", "Project no."),
                    h("项目名称", "Project"),
                    h("采购单位", "Purchaser"),
                    h("辖区", "District"),
                    h("采购方式", "Method"),
                    h("风险分", "Risk score"),
                    h("严重", "Critical"),
                    h("高", "High"),
                    h("中", "Medium"),
                    h("低", "Low"),
                    h("未处置预警", "Untriaged"),
                ],
                rows: queue
                    .rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, r)| {
                        vec![
                            Cell::Int(i as i64 + 1),
                            Cell::Int(r.project_id),
                            text(r.name),
                            text(r.unit_name),
                            text(district(&r.jurisdiction_code, lang)),
                            label(r.method.name()),
                            Cell::Int(r.risk.score),
                            Cell::Int(r.risk.critical),
                            Cell::Int(r.risk.high),
                            Cell::Int(r.risk.medium),
                            Cell::Int(r.risk.low),
                            Cell::Int(r.risk.untriaged),
                        ]
                    })
                    .collect(),
            }
        }
        View::Records => {
            let filter = app::api::dashboard::DashFilter {
                from: q("from"),
                to: q("to"),
                district: q("district"),
                agency: q("agency"),
                method: q("method"),
                category: q("category"),
            };
            let rows = app::service::dashboard::records(services, principal, &filter).await?;
            Table {
                title: h("成交记录", "Awards"),
                headers: vec![
                    h("项目编号", "Project no."),
                    h("项目名称", "Project"),
                    h("采购单位", "Purchaser"),
                    h("辖区", "District"),
                    h("采购方式", "Method"),
                    h("预算金额（元）", "Budget (yuan)"),
                    h("成交金额（元）", "Award (yuan)"),
                    h("签订时间", "Signed"),
                ],
                rows: rows
                    .into_iter()
                    .map(|r| {
                        vec![
                            Cell::Int(r.project_id),
                            text(r.name),
                            text(r.unit_name),
                            text(district(&r.jurisdiction_code, lang)),
                            label(r.method.name()),
                            Cell::Money(r.budget.fen()),
                            Cell::Money(r.actual.fen()),
                            Cell::Time(r.signed_at),
                        ]
                    })
                    .collect(),
            }
        }
    })
}

const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The headers of `table` in `lang`.
fn headers(table: &Table, lang: Lang) -> Vec<&'static str> {
    table.headers.iter().map(|h| h.get(lang)).collect()
}

/// Rows per chunk of a CSV body.
const CSV_CHUNK_ROWS: usize = 500;

/// A CSV body sent as it is written: the byte-order mark and headers, then the rows in chunks.
fn csv_body(table: Table, lang: Lang) -> axum::body::Body {
    let head = shared::export::csv_head(&headers(&table, lang));
    let rows = table.rows.into_iter();
    let chunks = futures_util::stream::unfold((Some(head), rows), |(head, mut rows)| async move {
        let chunk = match head {
            Some(head) => head,
            None => {
                let mut chunk = String::new();
                for row in rows.by_ref().take(CSV_CHUNK_ROWS) {
                    chunk.push_str(&shared::export::csv_row(&row));
                }
                if chunk.is_empty() {
                    return None;
                }
                chunk
            }
        };
        Some((
            Ok::<_, std::io::Error>(axum::body::Bytes::from(chunk)),
            (None, rows),
        ))
    });
    axum::body::Body::from_stream(chunks)
}

/// Bytes per read of a workbook's file.
const FILE_CHUNK: usize = 64 * 1024;

/// The workbook of `table`, built in an unlinked temporary file (its rows in constant memory),
/// as a body read from that file: the file is gone when the body is.
async fn xlsx_body(table: Table, lang: Lang) -> Result<axum::body::Body, ExportError> {
    use std::io::{Seek, SeekFrom};
    let built = tokio::task::spawn_blocking(move || -> std::io::Result<std::fs::File> {
        let mut file = tempfile::tempfile()?;
        crate::xlsx::write(
            &mut file,
            table.title.get(lang),
            &headers(&table, lang),
            &table.rows,
        )
        .map_err(|e| std::io::Error::other(e.to_string()))?;
        file.seek(SeekFrom::Start(0))?;
        Ok(file)
    })
    .await;
    let file = match built {
        Ok(Ok(file)) => file,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "export: the workbook was not written");
            return Err(ExportError::Unavailable);
        }
        Err(e) => {
            tracing::error!(error = %e, "export: the workbook task failed");
            return Err(ExportError::Unavailable);
        }
    };
    let file = tokio::fs::File::from_std(file);
    let chunks = futures_util::stream::unfold(Some(file), |file| async move {
        use tokio::io::AsyncReadExt;
        let mut file = file?;
        let mut buf = vec![0u8; FILE_CHUNK];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(axum::body::Bytes::from(buf)), Some(file)))
            }
            Err(e) => {
                tracing::error!(error = %e, "export: reading the workbook back failed");
                Some((Err(e), None))
            }
        }
    });
    Ok(axum::body::Body::from_stream(chunks))
}

/// The page that offers CSV for a table with more rows than a worksheet holds.
fn too_many_rows(
    view: View,
    rows: usize,
    limit: usize,
    lang: Lang,
    query: &HashMap<String, String>,
) -> Response {
    let mut q = form_urlencoded::Serializer::new(String::new());
    let mut keys: Vec<_> = query.iter().collect();
    keys.sort();
    for (k, v) in keys {
        q.append_pair(k, v);
    }
    // (Percent-encoded by the serializer; `&` written as `&amp;` in the attribute.)
    let q = q.finish().replace('&', "&amp;");
    let href = if q.is_empty() {
        format!("/export/{}.csv", view.name())
    } else {
        format!("/export/{}.csv?{q}", view.name())
    };
    let (title, text, link) = match lang {
        Lang::Zh => (
            "行数超出 Excel 上限",
            format!("共 {rows} 行，超出一个 Excel 工作表可容纳的 {limit} 行。"),
            "下载 CSV 文件（全部行）",
        ),
        Lang::En => (
            "Too many rows for Excel",
            format!("{rows} rows: more than the {limit} rows an Excel worksheet holds."),
            "Download as CSV (all rows)",
        ),
    };
    let body = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p><p><a id=\"export-csv-instead\" href=\"{href}\">{link}</a></p></body></html>",
        lang.html_tag()
    );
    let mut response = (StatusCode::NOT_ACCEPTABLE, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// The answer to `GET /export/{file_name}?…` (`file_name`: `{view}.csv` or `{view}.xlsx`), in
/// `lang` (the page's language).
pub async fn respond(
    services: &dyn app::service::Services,
    principal: Option<&Principal>,
    file_name: &str,
    query: &HashMap<String, String>,
    lang: Lang,
) -> Response {
    respond_within(
        services,
        principal,
        file_name,
        query,
        lang,
        crate::xlsx::MAX_DATA_ROWS,
    )
    .await
}

/// [`respond`] with a workbook of at most `xlsx_rows` data rows (a test sets a small one).
pub async fn respond_within(
    services: &dyn app::service::Services,
    principal: Option<&Principal>,
    file_name: &str,
    query: &HashMap<String, String>,
    lang: Lang,
    xlsx_rows: usize,
) -> Response {
    let Some((name, ext)) = file_name.rsplit_once('.') else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let format = match ext {
        "csv" => Format::Csv,
        "xlsx" => Format::Xlsx,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let Some(view) = View::from_name(name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let table = match table(services, principal, view, query, lang).await {
        Ok(t) => t,
        Err(ExportError::Unauthenticated) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(ExportError::Forbidden) => return (StatusCode::FORBIDDEN, "forbidden").into_response(),
        Err(ExportError::Unavailable) => {
            return (StatusCode::SERVICE_UNAVAILABLE, "service unavailable").into_response()
        }
    };
    let (body, content_type, file) = match format {
        Format::Csv => (
            csv_body(table, lang),
            "text/csv; charset=utf-8",
            format!("{}.csv", view.name()),
        ),
        Format::Xlsx => {
            let rows = table.rows.len();
            if rows > xlsx_rows.min(crate::xlsx::MAX_DATA_ROWS) {
                return too_many_rows(view, rows, xlsx_rows, lang, query);
            }
            match xlsx_body(table, lang).await {
                Ok(body) => (body, XLSX_TYPE, format!("{}.xlsx", view.name())),
                Err(_) => {
                    return (StatusCode::SERVICE_UNAVAILABLE, "service unavailable").into_response()
                }
            }
        }
    };
    let mut response = (StatusCode::OK, body).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_too_big_for_a_sheet_is_offered_as_csv_with_the_same_filters() {
        let mut query = HashMap::new();
        query.insert("state".to_owned(), "new".to_owned());
        query.insert("q".to_owned(), "教育 局".to_owned());
        let r = too_many_rows(View::Findings, 12, 10, Lang::Zh, &query);
        assert_eq!(r.status(), StatusCode::NOT_ACCEPTABLE);
        assert!(r.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let en = too_many_rows(View::Findings, 12, 10, Lang::En, &HashMap::new());
        assert_eq!(en.status(), StatusCode::NOT_ACCEPTABLE);
        let body =
            futures_util::FutureExt::now_or_never(axum::body::to_bytes(r.into_body(), usize::MAX))
                .unwrap()
                .unwrap();
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(body.contains("共 12 行"), "{body}");
        assert!(
            body.contains(
                "href=\"/export/findings.csv?q=%E6%95%99%E8%82%B2+%E5%B1%80&amp;state=new\""
            ),
            "{body}"
        );
    }

    #[test]
    fn every_view_has_headers_in_both_languages() {
        // The labels the views' rows use in English are English (a spot check of the helpers).
        assert_eq!(district("320402", Lang::Zh), "天宁区");
        assert!(district("320402", Lang::En).is_ascii());
        assert_eq!(district("999999", Lang::En), "999999");
    }
}
