//! 监管驾驶舱 — the regulator's dashboard: the seed's key figures for a period, district, agency,
//! method or category, and charts (SVG drawn on the server, so they need no JavaScript) of the
//! amounts by method, district and month. Every number links to the records behind it
//! (`/regulator/records`).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::access::Page;
use shared::checks::labels;
use shared::dashboard::{bar_chart_svg, big_amount, millions, wan, Bar};
use shared::i18n::Lang;
use shared::model::Method;
use shared::money::yuan;
use shared::region::{region, REGIONS};

use crate::api::dashboard::{dashboard, dashboard_records, DashFilter};
use crate::i18n::{t, tr, use_lang};
use crate::pages::regulator::Forbidden;
use crate::session::{gate, is_denied, login_href, Gate};

fn filter_from_query() -> DashFilter {
    let q = use_query_map();
    q.with_untracked(|q| DashFilter {
        from: q.get("from").unwrap_or_default(),
        to: q.get("to").unwrap_or_default(),
        district: q.get("district").unwrap_or_default(),
        agency: q.get("agency").unwrap_or_default(),
        method: q.get("method").unwrap_or_default(),
        category: q.get("category").unwrap_or_default(),
    })
}

fn gated(path: &'static str) -> Result<crate::api::Account, AnyView> {
    let lang = use_lang();
    match gate(Page::RegulatorDashboard, path) {
        Gate::Open(a) => Ok(a),
        Gate::SignIn => Err(view! { <section class="card"><p id="sign-in-first"><a href=login_href(path)>{move || t(lang.get(), "account.sign_in")}</a></p></section> }.into_any()),
        Gate::Forbidden => Err(view! { <Forbidden/> }.into_any()),
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let lang = use_lang();
    let account = match gated("/regulator/dashboard") {
        Ok(a) => a,
        Err(v) => return v,
    };
    let filter = filter_from_query();
    let data = Resource::new(
        {
            let f = filter.clone();
            move || f.clone()
        },
        dashboard,
    );
    let city = account.principal.is_city_regulator();
    let scope = account.principal.jurisdiction.clone();
    let l = lang.get_untracked();
    let f = filter.clone();
    view! {
        <section class="card">
            <h1>{move || tr(lang.get(), "监管驾驶舱", "Dashboard")}</h1>
            <p class="intro" id="rule-data">{tr(l, "检查所用的规则数据：", "The rule data the checks use: ")}
                <a href="/regulator/thresholds">{tr(l, "阈值标准", "Thresholds")}</a>" · "
                <a href="/admin/calendar">{tr(l, "节假日历", "Holiday calendar")}</a></p>
            <form class="search filters" method="get" action="/regulator/dashboard" id="dashboard-filter">
                <label>{tr(l, "签订日期自", "Signed from")}" "<input name="from" value=f.from.clone() placeholder="2026-01-01" size="10"/></label>
                <label>{tr(l, "至", "to")}" "<input name="to" value=f.to.clone() placeholder="2026-12-31" size="10"/></label>
                <label>{tr(l, "辖区", "District")}" "
                    <select name="district"><option value="">{tr(l, "全部", "All")}</option>
                        {REGIONS.iter().filter(|r| city || scope.as_deref() == Some(r.code)).map(|r| view! {
                            <option value=r.code selected=f.district == r.code>{r.name.get(l)}</option>
                        }).collect_view()}
                    </select></label>
                <label>{tr(l, "方式", "Method")}" "
                    <select name="method"><option value="">{tr(l, "全部", "All")}</option>
                        {Method::SIX.iter().map(|m| view! { <option value=m.code() selected=f.method == m.code()>{m.name().get(l)}</option> }).collect_view()}
                    </select></label>
                <label>{tr(l, "品目", "Category")}" "<input name="category" value=f.category.clone() size="10"/></label>
                <label>{tr(l, "代理机构编号", "Agency id")}" "<input name="agency" value=f.agency.clone() size="5"/></label>
                <button type="submit">{tr(l, "统计", "Show")}</button>
            </form>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || {
                    let filter = filter.clone();
                    data.get().map(move |r| match r {
                        Ok(d) => {
                            let k = d.kpis;
                            let records = format!("/regulator/records{}", filter.query_with(&[]));
                            let method_bars: Vec<Bar> = d.by_method.iter().map(|g| Bar {
                                label: g.key.name().get(l).to_owned(),
                                value: g.actual.fen(),
                                href: format!("/regulator/records{}", filter.query_with(&[("method", g.key.code())])),
                            }).collect();
                            let district_bars: Vec<Bar> = d.by_district.iter().map(|g| Bar {
                                label: region(&g.key).map(|r| r.name.get(l).to_owned()).unwrap_or_else(|| g.key.clone()),
                                value: g.actual.fen(),
                                href: format!("/regulator/records{}", filter.query_with(&[("district", &g.key)])),
                            }).collect();
                            let month_bars: Vec<Bar> = d.by_month.iter().map(|g| {
                                let (y, m) = g.key.split_once('-').unwrap_or((&g.key, "01"));
                                let last = shared::time::Date::parse(&format!("{y}-{m}-01")).ok()
                                    .and_then(|d| d.add_days(31)).map(|d| format!("{:04}-{:02}-01", d.year(), d.month()))
                                    .and_then(|s| shared::time::Date::parse(&s).ok()).and_then(|d| d.pred())
                                    .map(|d| d.to_string()).unwrap_or_default();
                                Bar {
                                    label: g.key.clone(),
                                    value: g.actual.fen(),
                                    href: format!("/regulator/records{}", filter.query_with(&[("from", &format!("{y}-{m}-01")), ("to", &last)])),
                                }
                            }).collect();
                            let money: fn(i64) -> String = if l == Lang::Zh { wan } else { millions };
                            let svg_method = bar_chart_svg(tr(l, "成交金额（按采购方式）", "Contract amounts by method"), &method_bars, money);
                            let svg_district = bar_chart_svg(tr(l, "成交金额（按辖区）", "Contract amounts by district"), &district_bars, money);
                            let svg_month = bar_chart_svg(tr(l, "成交金额（按月）", "Contract amounts by month"), &month_bars, money);
                            view! {
                                <div class="kpis" id="kpis">
                                    <a class="kpi" href="/plans" id="kpi-plans"><span>{tr(l, "采购计划", "Plans")}</span><strong>{k.plans}</strong></a>
                                    <a class="kpi" href="/regulator/suppliers" id="kpi-suppliers"><span>{tr(l, "供应商", "Suppliers")}</span><strong>{k.suppliers}</strong></a>
                                    <a class="kpi" href=records.clone() id="kpi-contracts"><span>{tr(l, "合同", "Contracts")}</span><strong>{k.contracts}</strong></a>
                                    <a class="kpi" href=records.clone() id="kpi-budget"><span>{tr(l, "预算金额", "Budget")}</span><strong>{big_amount(k.budget_total, l)}</strong></a>
                                    <a class="kpi" href=records.clone() id="kpi-actual"><span>{tr(l, "成交金额", "Actual")}</span><strong>{big_amount(k.actual_total, l)}</strong></a>
                                    <a class="kpi" href=records id="kpi-savings"><span>{tr(l, "节支率", "Savings rate")}</span><strong>{k.savings_text()}</strong></a>
                                </div>
                                <div class="charts">
                                    <figure id="chart-method" inner_html=svg_method></figure>
                                    <figure id="chart-district" inner_html=svg_district></figure>
                                    <figure id="chart-month" inner_html=svg_month></figure>
                                </div>
                                <h2>{tr(l, "预警（按阶段、等级）", "Findings by stage and severity")}</h2>
                                <table class="list" id="findings-by-stage">
                                    <tbody>
                                        {d.findings.iter().map(|(stage, sev, n)| view! {
                                            <tr data-stage=stage.code() data-severity=sev.code()><td>{stage.name().get(l)}</td><td>{sev.name().get(l)}</td>
                                                <td class="num"><a href=format!("/regulator/monitor?stage={}&severity={}", stage.code(), sev.code())>{*n}</a></td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }
                        Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                        Err(_) => view! { <p class="banner error">{move || t(lang.get(), "list.error")}</p> }.into_any(),
                    })
                }}
            </Suspense>
        </section>
    }
    .into_any()
}

/// The contracted procurements behind a number of the dashboard.
#[component]
pub fn RecordsPage() -> impl IntoView {
    let lang = use_lang();
    if let Err(v) = gated("/regulator/records") {
        return v;
    }
    let filter = filter_from_query();
    let query = filter.query_with(&[]);
    let rows = Resource::new(move || filter.clone(), dashboard_records);
    let l = lang.get_untracked();
    view! {
        <section class="card">
            <h1>{tr(l, "成交记录", "Contracted procurements")}</h1>
            <p><a href="/regulator/dashboard">{tr(l, "返回驾驶舱", "Back to the dashboard")}</a>
                " · "<a id="export-csv" rel="external" href=format!("/export/records.csv{}", query.clone())>"CSV"</a>
                " · "<a id="export-xlsx" rel="external" href=format!("/export/records.xlsx{}", query.clone())>"Excel"</a></p>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || rows.get().map(|r| match r {
                    Ok(list) => view! {
                        <p class="hint" id="records-count">{format!("{} {}", list.len(), tr(l, "条", "records"))}
                            {(list.len() >= crate::api::dashboard::RECORDS_LIMIT).then(|| tr(l, "（仅列出最新的部分，请缩小筛选范围）", " (only the newest are listed: narrow the filter)"))}</p>
                        <table class="list" id="records">
                            <thead><tr><th>{tr(l, "项目", "Project")}</th><th>{tr(l, "单位", "Unit")}</th><th>{tr(l, "方式", "Method")}</th>
                                <th class="num">{tr(l, "预算", "Budget")}</th><th class="num">{tr(l, "成交", "Actual")}</th><th>{tr(l, "签订", "Signed")}</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|r| view! {
                                    <tr><td><a href=format!("/projects/{}", r.project_id)>{r.name.clone()}</a></td><td>{r.unit_name.clone()}</td>
                                        <td>{r.method.name().get(l)}</td><td class="num">{yuan(r.budget, l)}</td>
                                        <td class="num">{yuan(r.actual, l)}</td><td>{r.signed_at.china_display()}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                    Err(_) => view! { <p class="banner error">{move || t(lang.get(), "list.error")}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// /regulator/analytics

/// 事后分析 — the portfolio checks over a period: each with its portfolio-wide evidence, the
/// subjects it flags, and the settings (fences, minimum samples) behind them.
#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let lang = use_lang();
    let account = match gated("/regulator/analytics") {
        Ok(a) => a,
        Err(v) => return v,
    };
    let filter = filter_from_query();
    let report = Resource::new(
        {
            let f = filter.clone();
            move || f.clone()
        },
        crate::api::dashboard::analytics,
    );
    let city = account.principal.is_city_regulator();
    let scope = account.principal.jurisdiction.clone();
    let l = lang.get_untracked();
    let f = filter;
    view! {
        <section class="card">
            <h1>{tr(l, "事后分析", "Portfolio analytics")}</h1>
            <p class="intro">{tr(l,
                "对所选期间的采购项目运行组合分析规则（A13–A21、P11、P12、M27，及合同履约规则 A22–A25）：每项列出使用的阈值与最小样本、总体结果与被标记的对象。",
                "The portfolio checks (A13–A21, P11, P12, M27, and the contract checks A22–A25) over the projects of the period: for each, the fences and minimum samples used, the portfolio result and the subjects flagged.")}</p>
            <form class="search filters" method="get" action="/regulator/analytics" id="analytics-filter">
                <label>{tr(l, "期间自", "From")}" "<input name="from" value=f.from.clone() placeholder="2026-01-01" size="10"/></label>
                <label>{tr(l, "至", "to")}" "<input name="to" value=f.to.clone() placeholder="2026-12-31" size="10"/></label>
                <label>{tr(l, "辖区", "District")}" "
                    <select name="district"><option value="">{tr(l, "全部", "All")}</option>
                        {REGIONS.iter().filter(|r| city || scope.as_deref() == Some(r.code)).map(|r| view! {
                            <option value=r.code selected=f.district == r.code>{r.name.get(l)}</option>
                        }).collect_view()}
                    </select></label>
                <label>{tr(l, "方式", "Method")}" "
                    <select name="method"><option value="">{tr(l, "全部", "All")}</option>
                        {Method::SIX.iter().map(|m| view! { <option value=m.code() selected=f.method == m.code()>{m.name().get(l)}</option> }).collect_view()}
                    </select></label>
                <button type="submit">{tr(l, "分析", "Analyse")}</button>
            </form>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || report.get().map(|r| match r {
                    Ok(r) => view! {
                        <p id="analytics-projects">{format!("{} {}", tr(l, "纳入分析的项目：", "Projects analysed: "), r.projects)}</p>
                        <div id="analytics">
                            {r.checks.into_iter().map(|c| {
                                let portfolio = if l == Lang::Zh { c.portfolio_zh.clone() } else { c.portfolio_en.clone() };
                                let shown: Vec<_> = c.flagged.iter().take(50).cloned().collect();
                                let more = c.flagged.len().saturating_sub(shown.len());
                                view! {
                                    <article class="check-report card" data-check=c.id.clone()>
                                        <h2>{format!("{} {}", c.id, if l == Lang::Zh { &c.name_zh } else { &c.name_en })}</h2>
                                        <p class="counts">
                                            {tr(l, "标记 ", "Flagged ")}<strong class="flagged">{c.flagged.len()}</strong>
                                            {tr(l, " · 无异常 ", " · clear ")}<strong>{c.clear}</strong>
                                            {tr(l, " · 数据或样本不足 ", " · insufficient data or sample ")}<strong class="insufficient">{c.insufficient}</strong>
                                        </p>
                                        {(!c.missing.is_empty()).then(|| view! {
                                            <p class="missing">{tr(l, "缺少的数据（对象数）：", "Missing (subjects): ")}
                                                {c.missing.iter().take(5).map(|(k, n)| view! { <span class="missing-item">{data_item(k, l)}{if l == Lang::Zh { format!("（{n}） ") } else { format!(" ({n}) ") }}</span> }).collect_view()}
                                            </p>
                                        })}
                                        {(!c.settings.is_empty()).then(|| view! {
                                            <h3>{tr(l, "阈值与最小样本", "Fences and minimum samples")}</h3>
                                            <dl class="settings">
                                                {c.settings.iter().map(|(k, v)| view! { <dt>{labels::param_label(k, l)}</dt><dd>{labels::param_value(k, v, l)}</dd> }).collect_view()}
                                            </dl>
                                        })}
                                        {(!portfolio.is_empty()).then(|| view! {
                                            <h3>{tr(l, "总体", "Portfolio")}</h3>
                                            <dl class="portfolio">
                                                {portfolio.iter().map(|(k, v)| view! { <dt>{labels::param_label(k, l)}</dt><dd>{v.clone()}</dd> }).collect_view()}
                                            </dl>
                                        })}
                                        {(!shown.is_empty()).then(|| view! {
                                            <table class="list flags">
                                                <thead><tr><th>{tr(l, "对象", "Subject")}</th><th>{tr(l, "说明", "Why")}</th></tr></thead>
                                                <tbody>
                                                    {shown.iter().map(|fl| view! {
                                                        <tr><td>{subject_cell(fl, l)}</td>
                                                            <td>{if l == Lang::Zh { fl.message_zh.clone() } else { fl.message_en.clone() }}</td></tr>
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        })}
                                        {(more > 0).then(|| view! { <p class="hint">{format!("{} {more}", tr(l, "另有", "and more:"))}</p> })}
                                    </article>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                    Err(_) => view! { <p class="banner error">{move || t(lang.get(), "list.error")}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// A flagged subject: its kind and its name (the id where no record names it, e.g. a pair of
/// bidders of an imported data set).
fn subject_cell(f: &shared::analytics::Flag, l: Lang) -> String {
    let kind = labels::subject_kind_name(&f.subject_kind).get(l);
    match &f.subject_name {
        Some(name) => format!("{kind}：{}", name.get(l)),
        None if f.subject_id == "*" => kind.to_owned(),
        None => format!("{kind}：{}", f.subject_id),
    }
}

/// A missing input of a check: its name where it has one, else the data item's path in the
/// exchange format (what a unit must supply), marked as such.
fn data_item(key: &str, l: Lang) -> impl IntoView {
    let named = labels::param_label(key, l);
    if named != key && !key.contains(' ') {
        view! { <span>{named}</span> }.into_any()
    } else {
        view! { <code class="data-path" title=tr(l, "数据交换格式中的数据项", "Data item of the exchange format")>{key.to_owned()}</code> }.into_any()
    }
}
