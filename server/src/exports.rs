//! Exports of the table views: `GET /export/{view}.csv` and `GET /export/{view}.xlsx`, with the
//! page's own query (filters). Each view is read through the same service function as its page,
//! so an export holds exactly what the account may see there — the same scope, the same filter —
//! and nothing else. CSV is UTF-8 with a byte-order mark (Excel opens Chinese text correctly);
//! XLSX is the minimal workbook of [`crate::xlsx`].

use std::collections::HashMap;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::ServerFnError;
use shared::access::{may_open, Page, Principal};
use shared::export::Cell;
use shared::region::region;
use shared::time::Instant;

/// A table as exported: its title (the sheet's name), headers and rows.
pub struct Table {
    pub title: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
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
            View::Plans | View::BudgetLines => Page::PurchaserPlans,
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

fn district(code: &str) -> String {
    region(code)
        .map(|r| r.name.zh.to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn when(at: i64) -> String {
    Instant::from_unix_seconds(at).china_display()
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

/// The table of `view` as `principal` sees it with the page's `query`.
pub async fn table(
    services: &dyn app::service::Services,
    principal: Option<&Principal>,
    view: View,
    query: &HashMap<String, String>,
) -> Result<Table, ExportError> {
    let principal = principal.ok_or(ExportError::Unauthenticated)?;
    if !may_open(Some(principal), view.page()) {
        return Err(ExportError::Forbidden);
    }
    let q = |k: &str| query.get(k).cloned().unwrap_or_default();
    Ok(match view {
        View::Projects => {
            let filter = app::api::projects::ProjectQuery::from_params(|k| query.get(k).cloned());
            let (rows, _) =
                app::service::projects::desk(services, principal, &filter, None).await?;
            Table {
                title: "采购项目",
                headers: vec![
                    "项目编号",
                    "项目名称",
                    "采购单位",
                    "代理机构",
                    "辖区",
                    "采购方式",
                    "预算金额（元）",
                    "当前环节",
                    "预警数",
                    "更新时间",
                ],
                rows: rows
                    .into_iter()
                    .map(|p| {
                        vec![
                            Cell::Int(p.id),
                            text(p.name),
                            text(p.unit_name),
                            text(p.agency_name.unwrap_or_else(|| "自行采购".into())),
                            text(district(&p.jurisdiction_code)),
                            text(p.method.name().zh),
                            Cell::Money(p.budget_amount.fen()),
                            text(p.state.node.map(|n| n.name().zh).unwrap_or("未开始")),
                            Cell::Int(p.findings),
                            text(p.updated_at.china_display()),
                        ]
                    })
                    .collect(),
            }
        }
        View::Plans => {
            let desk = app::service::plans::desk(services, principal).await?;
            Table {
                title: "采购计划",
                headers: vec![
                    "计划编号",
                    "计划名称",
                    "预算指标",
                    "年度",
                    "品目",
                    "采购方式",
                    "金额（元）",
                    "计划日期",
                    "状态",
                    "预警数",
                    "待审批申请",
                ],
                rows: desk
                    .plans
                    .into_iter()
                    .map(|p| {
                        vec![
                            Cell::Int(p.id),
                            text(p.name),
                            text(p.budget_line_code),
                            Cell::Int(i64::from(p.fiscal_year)),
                            text(p.category_code),
                            text(p.method.name().zh),
                            Cell::Money(p.amount.fen()),
                            text(p.planned_date.to_string()),
                            text(p.status.name().zh),
                            Cell::Int(p.findings),
                            Cell::Int(p.pending_requests),
                        ]
                    })
                    .collect(),
            }
        }
        View::BudgetLines => {
            let desk = app::service::plans::desk(services, principal).await?;
            Table {
                title: "预算指标",
                headers: vec![
                    "指标编码",
                    "指标名称",
                    "年度",
                    "批复金额（元）",
                    "调整后金额（元）",
                    "已安排（元）",
                ],
                rows: desk
                    .lines
                    .into_iter()
                    .map(|l| {
                        vec![
                            text(l.code),
                            text(l.name),
                            Cell::Int(i64::from(l.fiscal_year)),
                            Cell::Money(l.approved.fen()),
                            l.adjusted
                                .map(|a| Cell::Money(a.fen()))
                                .unwrap_or_else(|| text("")),
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
                title: "预警",
                headers: vec![
                    "编号",
                    "检查项",
                    "严重程度",
                    "阶段",
                    "对象",
                    "辖区",
                    "内容",
                    "发现时间",
                    "处理状态",
                ],
                rows: rows
                    .into_iter()
                    .map(|f| {
                        vec![
                            Cell::Int(f.id),
                            text(f.check_id),
                            text(f.severity.name().zh),
                            text(f.stage.name().zh),
                            text(format!("{} {}", f.subject_type, f.subject_id)),
                            text(district(&f.jurisdiction_code)),
                            text(f.message_zh),
                            text(f.created_at.china_display()),
                            text(f.state.name().zh),
                        ]
                    })
                    .collect(),
            }
        }
        View::Approvals => {
            let rows = app::service::plans::queue(services, principal).await?;
            Table {
                title: "审批",
                headers: vec![
                    "编号",
                    "计划",
                    "采购单位",
                    "辖区",
                    "类型",
                    "金额（元）",
                    "理由",
                    "公示期至",
                    "状态",
                    "提交时间",
                    "决定时间",
                    "决定理由",
                ],
                rows: rows
                    .into_iter()
                    .map(|r| {
                        vec![
                            Cell::Int(r.id),
                            text(r.plan_name),
                            text(r.unit_name),
                            text(district(&r.jurisdiction_code)),
                            text(shared::approval::kind_name(r.kind).zh),
                            Cell::Money(r.amount.fen()),
                            text(r.reason),
                            text(r.notice_until.map(|d| d.to_string()).unwrap_or_default()),
                            text(r.status.name().zh),
                            text(r.submitted_at.china_display()),
                            text(
                                r.decided_at
                                    .map(|at| at.china_display())
                                    .unwrap_or_default(),
                            ),
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
                title: "供应商",
                headers: vec!["统一社会信用代码", "名称", "辖区", "规模", "注册时间"],
                rows: rows
                    .into_iter()
                    .map(|s| {
                        vec![
                            text(s.credit_code),
                            text(s.name),
                            text(district(&s.region_code)),
                            text(s.size),
                            text(when(s.registered_at)),
                        ]
                    })
                    .collect(),
            }
        }
        View::Cases => {
            let rows = app::service::cases::list(services, principal, &q("state")).await?;
            Table {
                title: "监督检查案件",
                headers: vec![
                    "案件编号",
                    "事由",
                    "辖区",
                    "状态",
                    "立案时间",
                    "立案人",
                    "预警数",
                ],
                rows: rows
                    .into_iter()
                    .map(|c| {
                        vec![
                            Cell::Int(c.id),
                            text(c.title),
                            text(district(&c.jurisdiction_code)),
                            text(c.state.name().zh),
                            text(c.opened_at.china_display()),
                            text(c.opened_by),
                            Cell::Int(c.findings),
                        ]
                    })
                    .collect(),
            }
        }
        View::Risk => {
            let queue = app::service::cases::risk(services, principal).await?;
            Table {
                title: "风险队列",
                headers: vec![
                    "排名",
                    "项目编号",
                    "项目名称",
                    "采购单位",
                    "辖区",
                    "采购方式",
                    "风险分",
                    "严重",
                    "高",
                    "中",
                    "低",
                    "未处置预警",
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
                            text(district(&r.jurisdiction_code)),
                            text(r.method.name().zh),
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
                title: "成交记录",
                headers: vec![
                    "项目编号",
                    "项目名称",
                    "采购单位",
                    "辖区",
                    "采购方式",
                    "预算金额（元）",
                    "成交金额（元）",
                    "签订时间",
                ],
                rows: rows
                    .into_iter()
                    .map(|r| {
                        vec![
                            Cell::Int(r.project_id),
                            text(r.name),
                            text(r.unit_name),
                            text(district(&r.jurisdiction_code)),
                            text(r.method.name().zh),
                            Cell::Money(r.budget.fen()),
                            Cell::Money(r.actual.fen()),
                            text(r.signed_at.china_display()),
                        ]
                    })
                    .collect(),
            }
        }
    })
}

/// The file of a table in `format`: body, content type, file name.
pub fn file(table: &Table, view: View, format: Format) -> (Vec<u8>, &'static str, String) {
    match format {
        Format::Csv => (
            shared::export::csv(&table.headers, &table.rows).into_bytes(),
            "text/csv; charset=utf-8",
            format!("{}.csv", view.name()),
        ),
        Format::Xlsx => (
            crate::xlsx::workbook(table.title, &table.headers, &table.rows),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            format!("{}.xlsx", view.name()),
        ),
    }
}

/// The answer to `GET /export/{file_name}?…` (`file_name`: `{view}.csv` or `{view}.xlsx`).
pub async fn respond(
    services: &dyn app::service::Services,
    principal: Option<&Principal>,
    file_name: &str,
    query: &HashMap<String, String>,
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
    match table(services, principal, view, query).await {
        Ok(t) => {
            let (body, content_type, file) = file(&t, view, format);
            let mut response = (StatusCode::OK, body).into_response();
            let h = response.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            response
        }
        Err(ExportError::Unauthenticated) => StatusCode::UNAUTHORIZED.into_response(),
        Err(ExportError::Forbidden) => (StatusCode::FORBIDDEN, "forbidden").into_response(),
        Err(ExportError::Unavailable) => {
            (StatusCode::SERVICE_UNAVAILABLE, "service unavailable").into_response()
        }
    }
}
