//! 采购执行 — projects from a released plan to payment, by role: the desk of purchasers, agencies
//! and regulators (`/projects`), one project with the forms of the steps its method allows next
//! (`/projects/{id}`), the supplier's bids (`/supplier/bids`) and the expert's panels with the
//! online score sheet (`/expert/panels`). Every form posts to the server (works without
//! JavaScript); the score sheet is an island that checks every score as it is typed with the
//! same `shared::scoring` rules the server applies again.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use shared::access::{Page, Role};
use shared::execution::{ProjectStep, SchemeSpec};
use shared::i18n::Lang;
use shared::money::{yuan, Fen};
use shared::region::region;
use shared::scoring::ScoreSheetForm;
use shared::time::Instant;

use crate::api::plans::{agency_options, get_plan_desk, Refused};
use crate::api::projects::{
    get_open_projects, get_own_bids, get_panel_seats, get_project_desk, get_project_view,
    PanelSeat, ProjectView,
};
use crate::i18n::{t, tr, use_lang};
use crate::pages::layout::ExportLinks;
use crate::pages::regulator::Forbidden;
use crate::session::{current_account, gate, is_denied, login_href, refused_form, Gate};

/// A time as the pages write it (China time); none: nothing.
fn when(at: Option<Instant>) -> String {
    at.map(Instant::china_display).unwrap_or_default()
}

/// The page's gate: the account, or the sign-in prompt / the refusal.
fn gated(page: Page, path: &str) -> Result<crate::api::Account, AnyView> {
    let lang = use_lang();
    match gate(page, path) {
        Gate::Open(a) => Ok(a),
        Gate::SignIn => {
            let href = login_href(path);
            Err(view! { <section class="card"><p id="sign-in-first"><a href=href>{move || t(lang.get(), "account.sign_in")}</a></p></section> }.into_any())
        }
        Gate::Forbidden => Err(view! { <Forbidden/> }.into_any()),
    }
}

/// A refused form's messages (field errors and forbidding checks), if it is one of `forms`.
#[component]
fn Refusal(forms: Vec<&'static str>) -> impl IntoView {
    let lang = use_lang();
    let refused: Option<Refused> = refused_form().filter(|r| forms.iter().any(|f| *f == r.form));
    refused.map(|r| {
        let errors: Vec<(String, String, String)> = r
            .errors
            .iter()
            .map(|e| (e.field.clone(), e.zh.clone(), e.en.clone()))
            .collect();
        let findings = r.findings.clone();
        view! {
            <div class="banner error" role="alert" id="form-refused" data-form=r.form.clone()>
                {r.unavailable.then(|| view! { <p>{move || t(lang.get(), "form.unavailable")}</p> })}
                <ul>
                    {errors.into_iter().map(|(field, zh, en)| view! {
                        <li data-field=field>{move || if lang.get() == Lang::Zh { zh.clone() } else { en.clone() }}</li>
                    }).collect_view()}
                    {findings.into_iter().map(|f| {
                        let id = f.check_id.clone();
                        let attr = id.clone();
                        view! { <li data-check=attr><strong>{id}</strong>" "{move || f.message(lang.get()).to_owned()}</li> }
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// A text input with its label.
fn input(name: &'static str, label: (&'static str, &'static str), value: String) -> impl IntoView {
    let lang = use_lang();
    let id = format!("f-{}", name.replace('.', "-"));
    view! {
        <div class="field"><label for=id.clone()>{move || tr(lang.get(), label.0, label.1)}</label>
            <input id=id name=name value=value/></div>
    }
}

/// A form with only a submit button (a step without input).
fn button_form(
    action: String,
    id: &'static str,
    label: (&'static str, &'static str),
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form method="post" action=action class="inline step">
            <button type="submit" id=id>{move || tr(lang.get(), label.0, label.1)}</button>
        </form>
    }
}

/// A bid in force on a project page: (bid, supplier, the supplier's name, lot).
type LiveBid = (String, String, String, Option<String>);

// ---------------------------------------------------------------------------------------------
// /projects

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let lang = use_lang();
    let account = match gated(Page::Projects, "/projects") {
        Ok(a) => a,
        Err(v) => return v,
    };
    let params = leptos_router::hooks::use_query_map().get_untracked();
    let query = crate::api::projects::ProjectQuery::from_params(|k| params.get(k));
    let desk = {
        let query = query.clone();
        Resource::new(|| (), move |_| get_project_desk(query.clone()))
    };
    let city = account.principal.is_city_regulator() || account.principal.role == Role::Admin;
    let scope = account.principal.jurisdiction.clone();
    let l = lang.get_untracked();
    let base_params = query.params();
    let filters = view! {
        <form class="search filters" method="get" action="/projects" id="project-filter">
            <input type="search" name="q" value=query.q.clone() aria-label=tr(l, "项目、单位或代理机构名称，或项目编号", "Name of the project, unit or agency, or the project's number") placeholder=tr(l, "名称（如 教育）或编号", "Name (e.g. 教育) or number")/>
            <select name="method" aria-label=tr(l, "采购方式", "Method")>
                <option value="">{tr(l, "全部方式", "All methods")}</option>
                {shared::model::Method::SIX.iter().map(|m| view! { <option value=m.code() selected=query.method == m.code()>{m.name().get(l)}</option> }).collect_view()}
            </select>
            {(city || account.principal.role == Role::Agency).then(|| view! {
                <select name="district" aria-label=tr(l, "辖区", "District")>
                    <option value="">{tr(l, "全部辖区", "All districts")}</option>
                    {shared::region::REGIONS.iter().filter(|r| city || scope.as_deref() == Some(r.code) || scope.is_none()).map(|r| view! { <option value=r.code selected=query.district == r.code>{r.name.get(l)}</option> }).collect_view()}
                </select>
            })}
            <input name="year" value=query.year.clone() size="6" inputmode="numeric" aria-label=tr(l, "预算年度", "Fiscal year") placeholder=tr(l, "年度", "Year")/>
            <button type="submit">{tr(l, "筛选", "Filter")}</button>
        </form>
    };
    let purchaser = account.principal.role == Role::Purchaser;
    let plans = Resource::new(
        move || purchaser,
        |p| async move {
            if p {
                get_plan_desk(None).await.ok()
            } else {
                None
            }
        },
    );
    let agencies = Resource::new(
        move || purchaser,
        |p| async move {
            if p {
                agency_options().await.ok()
            } else {
                None
            }
        },
    );
    view! {
        <section class="card">
            <h1>{move || tr(lang.get(), "采购项目", "Procurement projects")}</h1>
            <ExportLinks view="projects" query=base_params.clone()/>
            {filters}
            <Refusal forms=vec!["create"]/>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || desk.get().map(|r| match r {
                    Ok(page) => {
                        let count = crate::pages::layout::Counted { total: page.total, cap: Some(crate::api::projects::COUNT_CAP), rows: page.rows.len() };
                        let (pager, summary) = crate::pages::layout::list_pager("/projects", &base_params, page.page, count, page.per_page, l, ("个项目", " project"));
                        let rows = page.rows;
                        view! {
                        <p class="total" id="projects-total">{summary}</p>
                        <table id="projects" class="list">
                            <thead><tr>
                                <th>{move || tr(lang.get(), "项目", "Project")}</th>
                                <th>{move || tr(lang.get(), "单位 / 代理", "Unit / agency")}</th>
                                <th>{move || tr(lang.get(), "方式", "Method")}</th>
                                <th class="num">{move || tr(lang.get(), "预算", "Budget")}</th>
                                <th>{move || tr(lang.get(), "环节", "Node")}</th>
                                <th class="num">{move || tr(lang.get(), "预警", "Findings")}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|p| {
                                    let method = p.method;
                                    let label = p.state.label();
                                    view! {
                                        <tr data-id=p.id.to_string()>
                                            <td><a href=format!("/projects/{}", p.id)>{p.name.clone()}</a></td>
                                            <td>{p.unit_name.clone()}<br/><small>{
                                                let agency = p.agency_name.clone();
                                                move || agency.clone().unwrap_or_else(|| tr(lang.get(), "自行采购", "Self-procured").to_owned())
                                            }</small></td>
                                            <td>{move || method.name().get(lang.get()).to_owned()}</td>
                                            <td class="num">{yuan(p.budget_amount, lang.get_untracked())}</td>
                                            <td>{move || label.get(lang.get()).to_owned()}</td>
                                            <td class="num">{p.findings}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        {pager}
                    }.into_any() },
                    Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                    Err(_) => view! { <p class="banner error">{move || t(lang.get(), "list.error")}</p> }.into_any(),
                })}
            </Suspense>
        </section>
        {purchaser.then(|| view! {
            <section class="card form-card">
                <h2>{move || tr(lang.get(), "依据已下达的计划开始采购", "Start a procurement from a released plan")}</h2>
                <Suspense fallback=|| ()>
                    {move || match (plans.get().flatten(), agencies.get().flatten()) {
                        (Some(desk), Some(agencies)) => {
                            let released: Vec<_> = desk.plans.into_iter().filter(|p| p.startable).collect();
                            // Nothing to start: no form that could only be refused.
                            if released.is_empty() {
                                return view! { <p class="hint" id="nothing-to-start">{move || tr(lang.get(), "没有可开始采购的计划：计划下达执行后在此开始采购。", "No plan to start: a plan appears here once it is released.")}</p> }.into_any();
                            }
                            view! {
                                <form id="create-project" method="post" action="/projects">
                                    <div class="field"><label for="plan_id">{move || tr(lang.get(), "采购计划", "Plan")}</label>
                                        <select id="plan_id" name="plan_id">
                                            {released.into_iter().map(|p| {
                                                let round = p.rounds + 1;
                                                view! { <option value=p.id.to_string()>{format!("{}（{}）", p.name, yuan(p.amount, lang.get_untracked()))}{(round > 1).then_some(move || if lang.get() == Lang::Zh { format!(" · 第{round}轮") } else { format!(" · round {round}") })}</option> }
                                            }).collect_view()}
                                        </select></div>
                                    <div class="field"><label for="agency_id">{move || tr(lang.get(), "委托代理机构", "Entrusted agency")}</label>
                                        <select id="agency_id" name="agency_id">
                                            <option value="">{move || tr(lang.get(), "自行采购", "Self-procurement")}</option>
                                            {agencies.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                                        </select></div>
                                    <button type="submit" id="start-project">{move || tr(lang.get(), "开始采购", "Start")}</button>
                                </form>
                            }.into_any()
                        }
                        _ => ().into_any(),
                    }}
                </Suspense>
            </section>
        })}
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// /projects/{id}

#[component]
pub fn ProjectPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let path = format!("/projects/{}", id());
    if current_account().is_none() {
        let _ = gate(Page::Account, &path);
        let href = login_href(&path);
        return view! { <section class="card"><p id="sign-in-first"><a href=href>{move || t(lang.get(), "account.sign_in")}</a></p></section> }.into_any();
    };
    let view_res = Resource::new(id, get_project_view);
    let query = use_query_map();
    let done = move || query.with(|q| q.get("done"));
    view! {
        <section class="card">
            <p class="banner ok" id="flash" class:hidden=move || done().is_none()>
                {move || done().map(|d| {
                    // The step by its name, not the form's code.
                    let step = ProjectStep::of_form(&d).map_or(d, |s| s.name().get(lang.get()).to_owned());
                    format!("{} ✓ {step}", tr(lang.get(), "已完成", "Done"))
                })}
            </p>
            <Refusal forms=vec!["notice", "invite", "clarify", "qualification", "bid", "withdraw", "replace", "open", "draw", "declaration", "score", "report", "confirm", "result_notice", "contract", "amendment", "acceptance", "payment", "security_refund", "challenge", "answer", "terminate"]/>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || {
                    view_res.get().map(move |r| match r {
                        Ok(v) => view! { <ProjectBody v=v/> }.into_any(),
                        Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                        Err(_) => {
                            #[cfg(feature = "ssr")]
                            if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                                r.set_status(axum::http::StatusCode::NOT_FOUND);
                            }
                            view! { <p class="banner error" id="not-found">{move || t(lang.get(), "notfound.heading")}</p> }.into_any()
                        }
                    })
                }}
            </Suspense>
        </section>
    }
    .into_any()
}

/// Whether the viewer may see the project's findings at all (`shared::disclosure`).
fn sees_findings_of(v: &ProjectView) -> bool {
    shared::disclosure::access(
        v.viewer,
        v.stage,
        shared::disclosure::Field::Findings,
        v.row.method,
    ) == shared::disclosure::Access::All
}

#[component]
fn ProjectBody(v: ProjectView) -> impl IntoView {
    let lang = use_lang();
    let p = v.row.clone();
    let id = p.id;
    let method = p.method;
    let sees_findings = sees_findings_of(&v);
    let refunds = !v.refundable.is_empty();
    let reviewed = v.bids.iter().any(|b| b.review.is_some());
    let plan_page = v.plan_page;
    // The subjects this account may challenge now (the rule the server applies to the filing).
    let subjects: Vec<shared::disclosure::ChallengeSubject> =
        shared::disclosure::ChallengeSubject::ALL
            .into_iter()
            .filter(|s| shared::disclosure::may_challenge(v.viewer, v.stage, *s).is_ok())
            .collect();
    // The steps the server's `shared::steps::offered` lists for this account now: a form is
    // shown for these and for nothing else.
    let actions = v.actions.clone();
    let may = move |step: ProjectStep| actions.contains(&step);
    let node = p.state.node;
    let deadline = p
        .state
        .deadline
        .map(|d| d.china_display())
        .unwrap_or_default();
    let action = move |step: &str| format!("/projects/{id}/{step}");
    // A refused form comes back with what was typed in it (never another form's values).
    let refused = crate::session::refused_form();
    let typed = move |form: &str, name: &str, default: String| -> String {
        refused
            .as_ref()
            .filter(|r| r.form == form)
            .and_then(|r| r.values.iter().find(|(k, _)| k == name))
            .map_or(default, |(_, v)| v.clone())
    };
    // The forms start from what the record says: the lot's report's ranking, the lot's award's
    // amount for the contract, what is still unpaid of the lot's contract.
    let record = std::sync::Arc::new(v.record.clone());
    // The bids in force as this viewer sees them (the view's bids: the record the page gets
    // carries none), with their bidders' names: (bid, supplier, name, lot).
    let live_bids: std::sync::Arc<Vec<LiveBid>> = std::sync::Arc::new(
        v.bids
            .iter()
            .filter(|b| b.in_force)
            .filter_map(|b| {
                let supplier = b.supplier_id.clone()?;
                let name = v
                    .record
                    .supplier(&supplier)
                    .map(|x| x.name.clone())
                    .unwrap_or_default();
                Some((b.id.clone(), supplier, name, b.lot_id.clone()))
            })
            .collect(),
    );
    let bidders_of = {
        let live = live_bids.clone();
        move |lot: Option<&str>| -> Vec<(String, String)> {
            let mut out: Vec<(String, String)> = Vec::new();
            for (_, supplier, name, _) in live.iter().filter(|b| b.3.as_deref() == lot) {
                if !out.iter().any(|(id, _)| id == supplier) {
                    out.push((supplier.clone(), name.clone()));
                }
            }
            out
        }
    };
    let ranking_of = {
        let r = record.clone();
        move |lot: Option<&str>| -> Vec<(String, String)> {
            shared::steps::report_of(&r, lot)
                .map(|rep| {
                    rep.ranking
                        .iter()
                        .map(|s| {
                            let name = r.supplier(s).map(|x| x.name.clone()).unwrap_or_default();
                            (s.clone(), name)
                        })
                        .collect()
                })
                .unwrap_or_default()
        }
    };
    let award_amount = {
        let r = record.clone();
        move |lot: Option<&str>| -> String {
            r.award_for_lot(lot)
                .and_then(|a| a.amount)
                .map(|f| f.to_string())
                .unwrap_or_default()
        }
    };
    let unpaid = {
        let r = record.clone();
        move |lot: Option<&str>| -> String {
            r.contract_for_lot(lot)
                .and_then(|c| c.amount.map(|a| (c.id.clone(), a)))
                .map(|(id, a)| {
                    let paid: i64 = r
                        .payments
                        .iter()
                        .filter(|p| p.contract_id.as_deref().is_none_or(|c| c == id))
                        .map(|p| p.amount.fen())
                        .sum();
                    Fen(a.fen() - paid).to_string()
                })
                .unwrap_or_default()
        }
    };
    let lot_label = {
        let r = record.clone();
        move |lot: Option<&str>| shared::lots::lot_label(&r, lot, lang.get_untracked())
    };
    let has_lots = !v.record.lots.is_empty();
    // The lots a per-lot step may act on now (`shared::steps::lots_for`, from the server).
    let lots_of = |step: ProjectStep| v.lots_of(step);
    // A per-lot form names its lot: hidden, and as the form's heading.
    let lot_field = move |lot: &Option<String>| {
        lot.clone()
            .map(|l| view! { <input type="hidden" name="lot" value=l/> })
    };
    let district = region(&p.jurisdiction_code).map(|r| r.name);
    view! {
        <h1 id="project-name">{p.name.clone()}</h1>
        {v.termination.clone().map(|t| {
            let ground = t.ground.name();
            let at = t.at.china_display();
            view! {
                <div class="banner error" id="terminated" data-ground=t.ground.code()>
                    <strong>{move || tr(lang.get(), "本项目已废标 / 终止", "This procurement failed / was ended")}</strong>
                    " · "{move || ground.get(lang.get()).to_owned()}" · "{at}
                    <p class="reason">{t.reason.clone()}</p>
                    {plan_page.map(|plan| view! {
                        <p id="after-failure"><a href=format!("/plans/{plan}")>{move || tr(lang.get(),
                            "前往采购计划：申请变更采购方式，或开始新一轮采购",
                            "To the plan: request a method change, or start a new round")}</a></p>
                    })}
                </div>
            }
        })}
        <dl class="facts">
            <dt>{move || tr(lang.get(), "单位", "Unit")}</dt><dd>{p.unit_name.clone()}</dd>
            <dt>{move || tr(lang.get(), "代理机构", "Agency")}</dt><dd>{
                let agency = p.agency_name.clone();
                move || agency.clone().unwrap_or_else(|| tr(lang.get(), "自行采购", "Self-procured").to_owned())
            }</dd>
            <dt>{move || tr(lang.get(), "辖区", "District")}</dt><dd>{move || district.map(|d| d.get(lang.get()).to_owned()).unwrap_or_default()}</dd>
            <dt>{move || tr(lang.get(), "方式", "Method")}</dt><dd id="project-method">{move || method.name().get(lang.get()).to_owned()}</dd>
            <dt>{move || tr(lang.get(), "预算", "Budget")}</dt><dd>{yuan(p.budget_amount, lang.get_untracked())}</dd>
            <dt>{move || tr(lang.get(), "当前环节", "Node")}</dt><dd id="project-node" data-node=node.map(|n| format!("{n:?}")).unwrap_or_default()>{
                let label = p.state.label();
                move || label.get(lang.get()).to_owned()
            }</dd>
            <dt>{move || tr(lang.get(), "截止时间", "Deadline")}</dt><dd id="project-deadline">{deadline}</dd>
        </dl>
        {has_lots.then(|| {
            let r = record.clone();
            view! {
                <h2>{move || tr(lang.get(), "分包", "Lots")}</h2>
                <div class="table-wrap"><table id="lots" class="list">
                    <thead><tr><th>{move || tr(lang.get(), "包号", "Lot")}</th><th>{move || tr(lang.get(), "名称", "Name")}</th>
                        <th class="num">{move || tr(lang.get(), "预算", "Budget")}</th><th class="num">{move || tr(lang.get(), "最高限价", "Ceiling")}</th>
                        <th>{move || tr(lang.get(), "中标（成交）供应商", "Winner")}</th></tr></thead>
                    <tbody>
                        {r.lots.iter().map(|l| {
                            let winner = r.award_for_lot(Some(&l.id))
                                .map(|a| r.supplier(&a.supplier_id).map_or_else(|| a.supplier_id.clone(), |s| s.name.clone()))
                                .unwrap_or_default();
                            let (budget, ceiling) = (l.budget_amount, l.max_price);
                            // A lot that failed alone says so, with its ground and reason.
                            let failure = l.failed.clone().map(|f| {
                                let ground = f.ground.name();
                                view! { <span class="failed">{move || format!("{}：{}", tr(lang.get(), "已废标", "Failed"), ground.get(lang.get()))}</span><br/><span class="muted">{f.reason}</span> }
                            });
                            view! {
                                <tr data-lot=l.id.clone()>
                                    <td>{l.id.clone()}</td><td class="wrap">{l.name.clone()}</td>
                                    <td class="num">{move || budget.map(|f| yuan(f, lang.get())).unwrap_or_default()}</td>
                                    <td class="num">{move || ceiling.map(|f| yuan(f, lang.get())).unwrap_or_default()}</td>
                                    <td class="winner wrap">{winner}{failure}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table></div>
            }
        })}
        <h2>{move || tr(lang.get(), "投标 / 响应", "Bids")}</h2>
        <p class="muted" class:hidden=!v.bids.is_empty()>{move || tr(lang.get(), "暂无可显示的投标（开标前投标文件密封；他人的投标不公开）", "No bids to show (bids are sealed until the opening; others' bids are not public)")}</p>
        <div class="table-wrap" class:hidden=v.bids.is_empty()><table id="bids" class="list">
            // A refund column only for the runner while securities are due back.
            <thead><tr><th>{move || tr(lang.get(), "编号", "Bid")}</th>{has_lots.then(|| view! { <th>{move || tr(lang.get(), "分包", "Lot")}</th> })}<th>{move || tr(lang.get(), "供应商", "Supplier")}</th><th>{move || tr(lang.get(), "递交时间", "Received")}</th><th class="num">{move || tr(lang.get(), "报价", "Price")}</th>
                {reviewed.then(|| view! { <th>{move || tr(lang.get(), "资格审查", "Qualification review")}</th> })}
                {refunds.then(|| view! { <th>{move || tr(lang.get(), "投标保证金", "Bid security")}</th> })}</tr></thead>
            <tbody>
                {v.bids.iter().map(|b| {
                    // The bidder by name where the server let the viewer know who bid.
                    let bidder = b.supplier_id.as_ref().map(|s| {
                        v.record
                            .suppliers
                            .iter()
                            .find(|r| &r.id == s)
                            .map_or_else(|| s.clone(), |r| r.name.clone())
                    });
                    let price = b.price;
                    view! {
                        <tr data-bid=b.id.clone()>
                            <td>{b.id.clone()}</td>
                            {has_lots.then(|| { let l = lot_label(b.lot_id.as_deref()); view! { <td class="lot">{l}</td> } })}
                            <td>{bidder.unwrap_or_else(|| "—".into())}</td>
                            <td>{b.received_at.map(|i| i.china_display()).unwrap_or_default()}</td>
                            <td class="num price">{move || price.map(|f| shared::money::yuan(f, lang.get())).unwrap_or_else(|| tr(lang.get(), "（密封）", "(sealed)").to_owned())}</td>
                            {reviewed.then(|| {
                                // The verdict of the qualification review; a failed bid with
                                // the reason its bidder was given (the reviewer's own words).
                                let review = b.review.clone();
                                let passed = review.as_ref().map(|r| r.passed);
                                let reason = review.and_then(|r| r.reason);
                                view! {
                                    <td class="review" data-passed=passed.map(|p| p.to_string())>
                                        {move || match passed {
                                            Some(true) => tr(lang.get(), "通过", "Passed"),
                                            Some(false) => tr(lang.get(), "不通过", "Failed"),
                                            None => "—",
                                        }}
                                        {reason.map(|r| view! { {move || tr(lang.get(), "：", ": ")} <span class="free-text">{r}</span> })}
                                    </td>
                                }
                            })}
                            {refunds.then(|| {
                                let refund = v.refundable.contains(&b.id).then(|| view! {
                                    <form method="post" action=format!("/projects/{}/security-refunds", v.row.id) class="inline">
                                        <input type="hidden" name="bid_id" value=b.id.clone()/>
                                        <button type="submit" class="secondary">{move || tr(lang.get(), "退还保证金", "Refund the security")}</button>
                                    </form>
                                });
                                view! { <td>{refund}</td> }
                            })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
        // A bidder's own bids: what became of them and, after the result, its own score, rank
        // and qualification verdict (87号令 Art 69) — computed by the server, its own only.
        {(!v.own_bids.is_empty()).then(|| {
            let own = v.own_bids.clone();
            let lot_label = lot_label.clone();
            view! {
                <h2 id="own-results-title">{move || tr(lang.get(), "我的投标结果", "What became of my bid")}</h2>
                <div class="table-wrap"><table id="own-results" class="list stack" aria-labelledby="own-results-title">
                    <thead><tr>
                        <th>{move || tr(lang.get(), "投标", "Bid")}</th>
                        <th>{move || tr(lang.get(), "结果", "Outcome")}</th>
                        <th class="num">{move || tr(lang.get(), "本单位评审得分", "Own score")}</th>
                        <th>{move || tr(lang.get(), "资格审查", "Qualification review")}</th>
                        <th>{move || tr(lang.get(), "投标保证金", "Bid security")}</th>
                    </tr></thead>
                    <tbody>
                        {own.into_iter().map(|o| {
                            let l = lang.get_untracked();
                            let lot = o.lot_id.as_deref().map(|id| lot_label(Some(id)));
                            let outcome = o.outcome;
                            let won = matches!(outcome, shared::bidding::BidOutcome::Won);
                            let score = o.score_hundredths.map(|h| {
                                let sign = if h < 0 { "-" } else { "" };
                                format!("{sign}{}.{:02}", h.unsigned_abs() / 100, h.unsigned_abs() % 100)
                            });
                            let sheets = o.sheets;
                            let qualified = o.qualified;
                            let reason = o.disqualification_reason.clone();
                            let refunded = o.security_refunded_at;
                            view! {
                                <tr data-bid=o.bid_id.clone()>
                                    <td data-label=tr(l, "投标", "Bid")>{format!("{}{}", tr(l, "投标编号 ", "Bid no. "), o.bid_id)}{lot.map(|lot| view! { <br/><span class="muted lot">{lot}</span> })}</td>
                                    <td class="outcome" class:won=won data-label=tr(l, "结果", "Outcome")>{move || outcome.text(lang.get())}</td>
                                    <td class="num score" data-label=tr(l, "本单位评审得分", "Own score")>{move || match &score {
                                        Some(s) => match lang.get() {
                                            Lang::Zh => format!("{s} 分（{sheets} 位评审成员的平均分）"),
                                            Lang::En => format!("{s} points (mean of {sheets} members)"),
                                        },
                                        None => "—".to_owned(),
                                    }}</td>
                                    <td class="qualification wrap" data-label=tr(l, "资格审查", "Qualification review")>{move || match (qualified, &reason) {
                                        (Some(false), Some(r)) => format!("{}{r}", tr(lang.get(), "未通过：", "Failed: ")),
                                        (Some(false), None) => tr(lang.get(), "未通过", "Failed").to_owned(),
                                        (Some(true), _) => tr(lang.get(), "通过", "Passed").to_owned(),
                                        (None, _) => "—".to_owned(),
                                    }}</td>
                                    <td data-label=tr(l, "投标保证金", "Bid security")>{move || match refunded {
                                        Some(at) => format!("{} {}", tr(lang.get(), "已退还", "Refunded"), at.china_display()),
                                        None => "—".to_owned(),
                                    }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table></div>
                <p class="muted small">{move || tr(lang.get(),
                    "结果公告后，告知未中标人本单位的评审得分与排序；未通过资格审查的，告知原因（财政部令第87号第六十九条）。他人的得分不公开。",
                    "Once the result is out, an unsuccessful bidder learns its own score and rank, and why it failed the qualification review (MOF Order 87 Art 69). Others' scores are not disclosed.")}</p>
            }
        })}
        // The panel's names stay with the runner until the result notice (评审专家名单在结果公告前
        // 保密): the server sends them only as `shared::disclosure` allows.
        {v.record.panel.as_ref().filter(|panel| !panel.members.is_empty()).map(|panel| {
            let experts = v.record.experts.clone();
            let sheets = v.record.score_sheets.clone();
            view! {
                <h2>{move || tr(lang.get(), "评审委员会", "Evaluation panel")}</h2>
                <table id="panel" class="list">
                    <thead><tr><th>{move || tr(lang.get(), "专家编号", "Expert no.")}</th><th>{move || tr(lang.get(), "姓名", "Name")}</th><th class="num">{move || tr(lang.get(), "已提交评分表", "Sheets submitted")}</th></tr></thead>
                    <tbody>
                        {panel.members.iter().map(|m| {
                            let name = experts.iter().find(|e| e.id == m.person_id).map(|e| e.name.clone()).unwrap_or_default();
                            let n = sheets.iter().filter(|s| s.person_id == m.person_id).count();
                            view! { <tr data-expert=m.person_id.clone()><td>{m.person_id.clone()}</td><td>{name}</td><td class="num sheets">{n}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        })}
        // One ranking per lot (one for a project without lots).
        {shared::lots::lot_keys(&v.record).into_iter().filter_map(|lot| {
            let ranked = ranking_of(lot.as_deref());
            (!ranked.is_empty()).then(|| {
                let label = lot_label(lot.as_deref());
                view! {
                    <h2>{move || tr(lang.get(), "评审报告推荐顺序", "Ranking of the report")}{(!label.is_empty()).then(|| format!(" · {label}"))}</h2>
                    <ol class="ranking" id=if lot.is_none() { "ranking".to_owned() } else { format!("ranking-{}", lot.clone().unwrap_or_default()) }>
                        {ranked.into_iter().map(|(s, name)| {
                            let shown = if name.is_empty() { s.clone() } else { name };
                            view! { <li data-supplier=s>{shown}</li> }
                        }).collect_view()}
                    </ol>
                }
            })
        }).collect_view()}
        // The findings as far as the viewer may see them (shared::disclosure): no heading over
        // a list the viewer is never shown.
        <h2 class:hidden=!sees_findings>{move || tr(lang.get(), "预警记录", "Findings")}</h2>
        <p class="muted" id="no-findings" class:hidden=!(sees_findings && v.findings.is_empty())>{move || tr(lang.get(), "暂无预警", "No findings")}</p>
        <ul id="project-findings" class="findings">
            {v.findings.iter().map(|f| {
                let f = f.clone();
                view! { <li data-check=f.check_id.clone()><strong>{f.check_id.clone()}</strong>" "{move || if lang.get() == Lang::Zh { f.message_zh.clone() } else { f.message_en.clone() }}</li> }
            }).collect_view()}
        </ul>
        {(!v.challenges.is_empty()).then(|| view! {
            <h2>{move || tr(lang.get(), "询问 / 质疑", "Inquiries and challenges")}</h2>
            <ul id="challenges">
                {v.challenges.iter().map(|c| view! {
                    <li data-id=c.id.to_string()>{
                        let (kind, text, due) = (c.kind, c.text.clone(), c.due_on);
                        // A due date in a year whose 调休 is not published yet is provisional.
                        let provisional = shared::calendar::provisional().is_provisional(due);
                        move || {
                            let kind = kind.name().get(lang.get());
                            let mark = if provisional { tr(lang.get(), "（暂定：该年调休安排尚未公布）", " (provisional: that year's holiday arrangement is not published)") } else { "" };
                            format!("{kind} · {text} · {} {due}{mark}", tr(lang.get(), "答复期限", "answer due"))
                        }
                    }
                        {c.answer.clone().map(|a| view! { <br/><em>{a}</em> })}
                        {(may(ProjectStep::ChallengeAnswer) && c.answered_at.is_none()).then(|| view! {
                            <form method="post" action=format!("/projects/{id}/challenges/{}/answer", c.id) class="inline">
                                <input name="answer" aria-label=move || tr(lang.get(), "答复内容", "Answer")/><button type="submit">{move || tr(lang.get(), "答复", "Answer")}</button>
                            </form>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        })}
        <div id="steps">
            {may(ProjectStep::Notice).then(|| view! {
                <form id="notice-form" class="form-card" method="post" action=action("notice")>
                    <h3>{move || tr(lang.get(), "发布采购公告及采购文件", "Publish the notice and documents")}</h3>
                    {input("max_price", ("最高限价（元）", "Maximum price (yuan)"), typed("notice", "max_price", String::new()))}
                    {input("deadline", ("投标截止时间（YYYY-MM-DD HH:MM）", "Deadline (YYYY-MM-DD HH:MM)"), typed("notice", "deadline", String::new()))}
                    {input("bid_security", ("投标保证金（元）", "Bid security (yuan)"), typed("notice", "bid_security", String::new()))}
                    {input("min_validity_days", ("投标有效期（天）", "Validity (days)"), typed("notice", "min_validity_days", "90".into()))}
                    <div class="field"><label for="f-scoring_method">{move || tr(lang.get(), "评审方法", "Scoring method")}</label>
                        <select id="f-scoring_method" name="scoring_method">
                            <option value="comprehensive">{move || tr(lang.get(), "综合评分法", "Comprehensive scoring")}</option>
                            <option value="lowest_price">{move || tr(lang.get(), "最低评标价法", "Lowest price")}</option>
                        </select></div>
                    {input("price_points", ("价格分（分）", "Price points"), typed("notice", "price_points", "30".into()))}
                    <div class="field"><label for="f-criteria">{move || tr(lang.get(), "评分项（每行：名称|分值|主观）", "Criteria (one a line: name|points|subjective)")}</label>
                        <textarea id="f-criteria" name="criteria" rows="4">"技术方案|40|主观\n售后服务|20|主观\n业绩|10|客观"</textarea></div>
                    {input("media", ("公告媒体", "Published in"), typed("notice", "media", "江苏政府采购网".into()))}
                    {(method != shared::model::Method::SingleSource).then(|| view! {
                        <div class="field"><label for="f-lots">{move || tr(lang.get(), "分包（可空；每行：名称|预算|最高限价，单位元）", "Lots (optional; one a line: name|budget|ceiling, yuan)")}</label>
                            <textarea id="f-lots" name="lots" rows="3">{typed("notice", "lots", String::new())}</textarea></div>
                    })}
                    <button type="submit" id="publish-notice">{move || tr(lang.get(), "发布", "Publish")}</button>
                </form>
            }.into_any())}
            {may(ProjectStep::Invite).then(|| view! {
                <form id="invite-form" class="form-card" method="post" action=action("invitations")>
                    <h3>{move || tr(lang.get(), "邀请供应商", "Invite a supplier")}</h3>
                    {input("supplier", ("供应商（统一社会信用代码或单位全称）", "Supplier (unified social credit code or full name)"), typed("invite", "supplier", String::new()))}
                    <button type="submit" id="invite">{move || tr(lang.get(), "邀请", "Invite")}</button>
                </form>
            }.into_any())}
            {may(ProjectStep::Qualify).then(|| {
                // The bids in force, by their bidders' names: each passes or fails, a failed one
                // with the reason its bidder is told (财政部令第87号 Art 44, 69).
                let rows: Vec<(String, String)> = live_bids
                    .iter()
                    .map(|(id, _, name, lot)| {
                        let lot = lot.as_deref().map(|l| format!(" · {}", lot_label(Some(l)))).unwrap_or_default();
                        (id.clone(), format!("{name}{lot}"))
                    })
                    .collect();
                view! {
                <form id="qualification-form" class="form-card" method="post" action=action("qualification")>
                    <h3>{move || tr(lang.get(), "资格审查", "Qualification review")}</h3>
                    <p class="hint">{move || tr(lang.get(), "逐一审查投标人的资格；不通过的须写明原因，将告知投标人。不通过的投标不进入评审。", "Review each bidder's qualification; for a bid that fails, say why: the bidder is told. A failed bid leaves the evaluation.")}</p>
                    <div class="table-wrap"><table class="list stack" id="qualification">
                        <thead><tr>
                            <th>{move || tr(lang.get(), "投标人", "Bidder")}</th>
                            <th>{move || tr(lang.get(), "结论", "Verdict")}</th>
                            <th>{move || tr(lang.get(), "不通过的原因", "Why it fails")}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(id, name)| {
                                let verdict = typed("qualification", &format!("verdict.{id}"), "pass".into());
                                let reason = typed("qualification", &format!("reason.{id}"), String::new());
                                let l = lang.get_untracked();
                                view! {
                                    <tr data-bid=id.clone()>
                                        <td data-label=tr(l, "投标人", "Bidder")>{name.clone()}</td>
                                        <td data-label=tr(l, "结论", "Verdict")>
                                            <select name=format!("verdict.{id}") aria-label=format!("{}{}", name, tr(l, "：资格审查结论", ": verdict"))>
                                                <option value="pass" selected=verdict == "pass">{tr(l, "通过", "Passes")}</option>
                                                <option value="fail" selected=verdict == "fail">{tr(l, "不通过", "Fails")}</option>
                                            </select>
                                        </td>
                                        <td data-label=tr(l, "不通过的原因", "Why it fails")>
                                            <input name=format!("reason.{id}") value=reason aria-label=format!("{}{}", name, tr(l, "：不通过的原因", ": why it fails"))/>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                    <button type="submit" id="qualify">{move || tr(lang.get(), "提交资格审查结果", "Record the review")}</button>
                </form>
            }.into_any() })}
            {may(ProjectStep::Clarify).then(|| view! {
                <form id="clarify-form" class="form-card" method="post" action=action("clarifications")>
                    <h3>{move || tr(lang.get(), "澄清或修改", "Clarification")}</h3>
                    {input("text", ("内容", "Text"), typed("clarify", "text", String::new()))}
                    {input("deadline", ("新的截止时间（可空）", "New deadline (optional)"), typed("clarify", "deadline", String::new()))}
                    <button type="submit" id="clarify">{move || tr(lang.get(), "发布澄清", "Publish")}</button>
                </form>
            }.into_any())}
            {may(ProjectStep::Open).then(|| button_form(action("open"), "open-bids", ("开标", "Open the bids")).into_any())}
            {may(ProjectStep::Draw).then(|| button_form(action("draw"), "draw-panel", ("抽取评审专家", "Draw the panel")).into_any())}
            {may(ProjectStep::Report).then(|| button_form(action("report"), "deliver-report", ("提交评审报告", "Deliver the report")).into_any())}
            {lots_of(ProjectStep::Confirm).into_iter().map(|lot| {
                // The report's ranking; without one (single source, a lot without a report),
                // the suppliers whose bids are valid, by name.
                let from_report = !ranking_of(lot.as_deref()).is_empty();
                let ranked = if from_report { ranking_of(lot.as_deref()) } else { bidders_of(lot.as_deref()) };
                let label = lot_label(lot.as_deref());
                let single = method == shared::model::Method::SingleSource;
                let chosen = typed("confirm", "supplier_id", ranked.first().map(|r| r.0.clone()).unwrap_or_default());
                view! {
                    <form id=lot.as_ref().map_or("confirm-form".to_owned(), |l| format!("confirm-form-{l}")) class="form-card confirm-form" method="post" action=action("confirm")>
                        <h3>{move || tr(lang.get(), "确认采购结果", "Confirm the result")}{(!label.is_empty()).then(|| format!(" · {label}"))}</h3>
                        {lot_field(&lot)}
                        {if ranked.is_empty() {
                            input("supplier", ("成交供应商（统一社会信用代码或单位全称）", "Supplier (unified social credit code or full name)"), typed("confirm", "supplier", String::new())).into_any()
                        } else {
                            view! {
                                <div class="field"><label for=format!("f-winner-{}", lot.clone().unwrap_or_default())>{move || if from_report { tr(lang.get(), "中标（成交）供应商（按评审报告推荐顺序）", "Winner (in the report's order)") } else { tr(lang.get(), "成交供应商", "Supplier") }}</label>
                                <select id=format!("f-winner-{}", lot.clone().unwrap_or_default()) name="supplier_id">
                                    {ranked.iter().enumerate().map(|(i, (id, name))| view! {
                                        <option value=id.clone() selected=id == &chosen>{if from_report { format!("{}. {name}", i + 1) } else { name.clone() }}</option>
                                    }).collect_view()}
                                </select></div>
                            }.into_any()
                        }}
                        {single.then(|| input("amount", ("成交金额（元）", "Amount (yuan)"), typed("confirm", "amount", String::new())))}
                        {input("deviation_reason", ("不按排名确定的理由（按排名可空）", "Reason if not the first ranked"), typed("confirm", "deviation_reason", String::new()))}
                        <button type="submit" class="confirm" id=lot.as_ref().map_or("confirm".to_owned(), |l| format!("confirm-{l}"))>{move || tr(lang.get(), "确认", "Confirm")}</button>
                    </form>
                }
            }).collect_view()}
            {may(ProjectStep::ResultNotice).then(|| button_form(action("result-notice"), "result-notice", ("发布结果公告", "Publish the result notice")).into_any())}
            {lots_of(ProjectStep::Contract).into_iter().map(|lot| {
                let label = lot_label(lot.as_deref());
                let suffix = lot.as_ref().map(|l| format!("-{l}")).unwrap_or_default();
                view! {
                    <form id=format!("contract-form{suffix}") class="form-card contract-form" method="post" action=action("contract")>
                        <h3>{move || tr(lang.get(), "签订合同", "Sign the contract")}{(!label.is_empty()).then(|| format!(" · {label}"))}</h3>
                        {lot_field(&lot)}
                        {input("amount", ("合同金额（元）", "Contract amount (yuan)"), typed("contract", "amount", award_amount(lot.as_deref())))}
                        {input("payment_term_days", ("付款期限（天）", "Payment term (days)"), typed("contract", "payment_term_days", "30".into()))}
                        <button type="submit" class="sign-contract" id=format!("sign-contract{suffix}")>{move || tr(lang.get(), "签订", "Sign")}</button>
                    </form>
                }
            }).collect_view()}
            {lots_of(ProjectStep::Accept).into_iter().map(|lot| {
                let label = lot_label(lot.as_deref());
                let suffix = lot.as_ref().map(|l| format!("-{l}")).unwrap_or_default();
                view! {
                    <form id=format!("acceptance-form{suffix}") class="form-card acceptance-form" method="post" action=action("acceptance")>
                        <h3>{move || tr(lang.get(), "履约验收", "Acceptance")}{(!label.is_empty()).then(|| format!(" · {label}"))}</h3>
                        {lot_field(&lot)}
                        <select name="result" aria-label=move || tr(lang.get(), "验收结果", "Result")>
                            <option value="passed">{move || tr(lang.get(), "验收合格", "Passed")}</option>
                            <option value="failed">{move || tr(lang.get(), "验收不合格", "Failed")}</option>
                        </select>
                        <button type="submit" class="accept" id=format!("accept{suffix}")>{move || tr(lang.get(), "提交验收结论", "Record")}</button>
                    </form>
                }
            }).collect_view()}
            {lots_of(ProjectStep::Pay).into_iter().map(|lot| {
                let label = lot_label(lot.as_deref());
                let suffix = lot.as_ref().map(|l| format!("-{l}")).unwrap_or_default();
                view! {
                    <form id=format!("payment-form{suffix}") class="form-card payment-form" method="post" action=action("payments")>
                        <h3>{move || tr(lang.get(), "支付", "Payment")}{(!label.is_empty()).then(|| format!(" · {label}"))}</h3>
                        {lot_field(&lot)}
                        {input("amount", ("金额（元）", "Amount (yuan)"), typed("payment", "amount", unpaid(lot.as_deref())))}
                        <label class="choice"><input type="checkbox" name="is_final" value="on"/>{move || tr(lang.get(), "尾款", "Final payment")}</label>
                        <button type="submit" class="pay" id=format!("pay{suffix}")>{move || tr(lang.get(), "支付", "Pay")}</button>
                    </form>
                }
            }).collect_view()}
            {may(ProjectStep::BidSubmit).then(|| view! {
                <form id="bid-form" class="form-card" method="post" action=action("bids")>
                    <h3>{move || tr(lang.get(), "递交投标 / 响应文件", "Submit a bid")}</h3>
                    {has_lots.then(|| {
                        let chosen = typed("bid", "lot", String::new());
                        view! {
                            <div class="field"><label for="f-lot">{move || tr(lang.get(), "分包", "Lot")}</label>
                            <select id="f-lot" name="lot">
                                {lots_of(ProjectStep::BidSubmit).into_iter().flatten().map(|l| {
                                    let label = lot_label(Some(&l));
                                    view! { <option value=l.clone() selected=l == chosen>{label}</option> }
                                }).collect_view()}
                            </select></div>
                        }
                    })}
                    {input("price", ("报价（元）", "Price (yuan)"), typed("bid", "price", String::new()))}
                    {input("validity_days", ("有效期（天）", "Validity (days)"), typed("bid", "validity_days", "90".into()))}
                    {input("documents", ("文件", "Documents"), typed("bid", "documents", "投标文件.pdf".into()))}
                    <button type="submit" id="submit-bid">{move || tr(lang.get(), "递交", "Submit")}</button>
                </form>
            }.into_any())}
            {(may(ProjectStep::Terminate) && !v.termination_grounds.is_empty()).then(|| view! {
                <form id="terminate-form" class="form-card" method="post" action=action("termination")>
                    <h3>{move || tr(lang.get(), "废标 / 终止采购", "End the procurement (failed)")}</h3>
                    <p class="hint">{move || tr(lang.get(), "《政府采购法》第三十六条。理由将告知所有投标人，并随终止公告发布。", "GP Law Art 36. The reason is told to every bidder and published with the termination notice.")}</p>
                    <div class="field"><label for="f-ground">{move || tr(lang.get(), "事由", "Ground")}</label>
                    <select id="f-ground" name="ground">
                        {v.termination_grounds.iter().map(|g| {
                            let name = g.name();
                            view! { <option value=g.code()>{move || name.get(lang.get()).to_owned()}</option> }
                        }).collect_view()}
                    </select></div>
                    {(!v.lots_to_fail.is_empty()).then(|| view! {
                        <div class="field"><label for="f-terminate-lot">{move || tr(lang.get(), "范围", "What fails")}</label>
                        <select id="f-terminate-lot" name="lot">
                            <option value="">{move || tr(lang.get(), "整个采购项目", "The whole procurement")}</option>
                            {v.lots_to_fail.iter().flatten().map(|l| {
                                let label = lot_label(Some(l));
                                view! { <option value=l.clone()>{label}</option> }
                            }).collect_view()}
                        </select></div>
                    })}
                    <div class="field"><label for="f-reason">{move || tr(lang.get(), "理由", "Reason")}</label>
                        <textarea id="f-reason" name="reason" rows="3">{typed("terminate", "reason", String::new())}</textarea></div>
                    <button type="submit" id="terminate" class="danger">{move || tr(lang.get(), "废标 / 终止", "End the procurement")}</button>
                </form>
            }.into_any())}
            {(may(ProjectStep::ChallengeFile) && !subjects.is_empty()).then(|| view! {
                <form id="challenge-form" class="form-card" method="post" action=action("challenges")>
                    <h3>{move || tr(lang.get(), "询问 / 质疑", "Inquiry or challenge")}</h3>
                    <div class="field"><label for="f-kind">{move || tr(lang.get(), "类型", "Kind")}</label>
                    <select id="f-kind" name="kind">
                        <option value="inquiry">{move || tr(lang.get(), "询问", "Inquiry")}</option>
                        <option value="challenge">{move || tr(lang.get(), "质疑", "Challenge")}</option>
                    </select></div>
                    <div class="field"><label for="f-subject">{move || tr(lang.get(), "事项", "About")}</label>
                    <select id="f-subject" name="subject">
                        {subjects.iter().map(|s| {
                            let name = s.name();
                            view! { <option value=s.code()>{move || name.get(lang.get()).to_owned()}</option> }
                        }).collect_view()}
                    </select></div>
                    {input("text", ("内容", "Text"), typed("challenge", "text", String::new()))}
                    <label class="choice"><input type="checkbox" name="affects_result" value="on"/>{move || tr(lang.get(), "可能影响采购结果", "May affect the result")}</label>
                    <button type="submit" id="file-challenge">{move || tr(lang.get(), "提交", "File")}</button>
                </form>
            }.into_any())}
        </div>
    }
}

/// "Now" as the page assumes it for showing the bid form (the server decides): the client's
/// clock in the browser, the server's procurement clock while rendering.
pub fn clock_hint() -> i64 {
    #[cfg(feature = "ssr")]
    {
        crate::service::plans::now_unix()
    }
    #[cfg(not(feature = "ssr"))]
    {
        0
    }
}

// ---------------------------------------------------------------------------------------------
// /supplier/bids

#[component]
pub fn SupplierBidsPage() -> impl IntoView {
    let lang = use_lang();
    let account = match gated(Page::SupplierBids, "/supplier/bids") {
        Ok(a) => a,
        Err(v) => return v,
    };
    let supplier_name = account.organisation_name.clone().unwrap_or_default();
    let open = Resource::new(|| (), |_| get_open_projects());
    let mine = Resource::new(|| (), |_| get_own_bids());
    view! {
        <section class="card">
            <h1>{move || tr(lang.get(), "投标 / 响应", "Bids")}</h1>
            <p class="hint">{move || tr(lang.get(), "投标单位：", "Bidding as: ")}<strong id="supplier-name">{supplier_name.clone()}</strong></p>
            <Refusal forms=vec!["bid", "withdraw", "replace"]/>
            <h2>{move || tr(lang.get(), "可投标项目", "Open for bids")}</h2>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || open.get().map(|r| match r {
                    Ok(list) => view! {
                        <p class="muted" id="none-open" class:hidden=!list.is_empty()>{move || tr(lang.get(), "暂无可投标的项目", "No project is open for your bid now")}</p>
                        <ul id="open-projects">
                            {list.into_iter().map(|p| {
                                let method = p.method;
                                view! {
                                    <li data-id=p.id.to_string()>
                                        <a class="project-link" href=format!("/projects/{}", p.id)><strong>{p.name.clone()}</strong></a>" · "{move || method.name().get(lang.get()).to_owned()}
                                        " · "{tr(lang.get_untracked(), "最高限价 ", "ceiling ")}{p.max_price.map(|f| yuan(f, lang.get_untracked())).unwrap_or_default()}
                                        " · "{tr(lang.get_untracked(), "截止 ", "deadline ")}{when(p.deadline)}
                                        <form class="inline bid" method="post" action=format!("/projects/{}/bids", p.id)>
                                            {(!p.lots.is_empty()).then(|| view! {
                                                <select name="lot" aria-label=move || tr(lang.get(), "分包", "Lot")>
                                                    {p.lots.iter().map(|l| {
                                                        let l = l.clone();
                                                        let id = l.id.clone();
                                                        view! { <option value=id>{move || shared::lots::label(&l, lang.get())}</option> }
                                                    }).collect_view()}
                                                </select>
                                            })}
                                            <input name="price" aria-label=move || tr(lang.get(), "报价（元）", "Price (yuan)") placeholder=move || tr(lang.get(), "报价（元）", "Price (yuan)")/>
                                            <input name="validity_days" aria-label=move || tr(lang.get(), "投标有效期（日）", "Validity (days)") value="90" size="4"/>
                                            <input type="hidden" name="documents" value="投标文件.pdf"/>
                                            <button type="submit">{move || tr(lang.get(), "递交", "Submit")}</button>
                                        </form>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                    Err(_) => view! { <p class="banner error">{move || t(lang.get(), "list.error")}</p> }.into_any(),
                })}
            </Suspense>
            <h2>{move || tr(lang.get(), "我的投标", "My bids")}</h2>
            <Suspense fallback=|| ()>
                {move || mine.get().map(|r| match r {
                    Ok(list) => { let empty = list.is_empty(); view! {
                        <p class="muted" id="no-bids" class:hidden=!empty>{move || tr(lang.get(), "尚未递交投标", "No bid yet")}</p>
                        <table id="own-bids" class="list stack" class:hidden=empty>
                            <thead><tr>
                                <th>{move || tr(lang.get(), "项目", "Project")}</th>
                                <th>{move || tr(lang.get(), "结果", "Outcome")}</th>
                                <th>{move || tr(lang.get(), "递交时间", "Submitted")}</th>
                                <th>{move || tr(lang.get(), "报价", "Price")}</th>
                                <th>{move || tr(lang.get(), "投标保证金", "Bid security")}</th>
                                <th><span class="visually-hidden">{move || tr(lang.get(), "操作", "Actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|b| {
                                    let l = lang.get_untracked();
                                    let outcome = b.outcome;
                                    let won = matches!(outcome, shared::bidding::BidOutcome::Won);
                                    view! {
                                    <tr data-bid=b.id.to_string() data-status=b.status.clone()>
                                        <td class="wrap" data-label=tr(l, "项目", "Project")><a href=format!("/projects/{}", b.project_id)>{b.project_name.clone()}</a>{b.lot.clone().map(|lot| view! { <br/><span class="muted lot">{move || shared::lots::label(&lot, lang.get())}</span> })}</td>
                                        <td class="outcome" class:won=won data-label=tr(l, "结果", "Outcome")>{move || outcome.text(lang.get())}</td>
                                        <td data-label=tr(l, "递交时间", "Submitted")>{b.submitted_at.china_display()}</td>
                                        <td class="num" data-label=tr(l, "报价", "Price")>{
                                            let price = b.price;
                                            move || price.map(|f| yuan(f, lang.get())).unwrap_or_else(|| tr(lang.get(), "（密封至开标）", "(sealed until the opening)").to_owned())
                                        }</td>
                                        <td data-label=tr(l, "投标保证金", "Bid security")>{
                                            let refunded = b.security_refunded_at;
                                            move || match refunded {
                                                Some(at) => format!("{} {}", tr(lang.get(), "已退还", "refunded"), at.china_display()),
                                                None => "—".to_owned(),
                                            }
                                        }</td>
                                        <td>{b.actions.contains(&ProjectStep::BidWithdraw).then(|| view! {
                                            <form class="inline" method="post" action=format!("/projects/{}/bids/{}/withdraw", b.project_id, b.id)>
                                                <button type="submit" class="withdraw">{move || tr(lang.get(), "撤回", "Withdraw")}</button>
                                            </form>
                                        })}</td>
                                    </tr>
                                }}).collect_view()}
                            </tbody>
                        </table>
                    }.into_any() },
                    Err(_) => ().into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// /expert/panels

#[component]
pub fn ExpertPanelsPage() -> impl IntoView {
    let lang = use_lang();
    if let Err(v) = gated(Page::ExpertPanels, "/expert/panels") {
        return v;
    }
    let seats = Resource::new(|| (), |_| get_panel_seats());
    view! {
        <section class="card">
            <h1>{move || tr(lang.get(), "评审任务", "My panels")}</h1>
            <Refusal forms=vec!["declaration", "score"]/>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || seats.get().map(|r| match r {
                    Ok(list) => {
                        // Grouped by what is due: declare, then score, then the rest.
                        let (declare, rest): (Vec<_>, Vec<_>) = list.into_iter().partition(|s| s.actions.contains(&ProjectStep::Declare));
                        let (score, done): (Vec<_>, Vec<_>) = rest.into_iter().partition(|s| s.actions.contains(&ProjectStep::Score));
                        let group = move |id: &'static str, zh: &'static str, en: &'static str, seats: Vec<PanelSeat>| {
                            let n = seats.len();
                            (n > 0).then(|| view! {
                                <section class="seat-group" id=id>
                                    <h2>{move || format!("{}（{n}）", tr(lang.get(), zh, en))}</h2>
                                    {seats.into_iter().map(|s| view! { <Seat s=s/> }).collect_view()}
                                </section>
                            })
                        };
                        let empty = declare.is_empty() && score.is_empty() && done.is_empty();
                        view! {
                            <div id="panels">
                                {empty.then(|| view! { <p class="empty">{move || tr(lang.get(), "尚无评审任务", "No panel yet")}</p> })}
                                {group("to-declare", "待签署回避声明", "To declare", declare)}
                                {group("to-score", "待评分", "To score", score)}
                                {group("done", "其他（已完成或暂无待办）", "Others (done, or nothing to do now)", done)}
                            </div>
                        }.into_any()
                    }
                    Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                    Err(_) => view! { <p class="banner error">{move || t(lang.get(), "list.error")}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn Seat(s: PanelSeat) -> impl IntoView {
    let lang = use_lang();
    let pid = s.project_id;
    let price_scores: BTreeMap<String, i64> = s.price_scores.iter().cloned().collect();
    view! {
        <article class="seat" id=format!("seat-{pid}") data-project=pid.to_string() data-gate=s.gate.code()>
            <h3><a href=format!("/projects/{pid}")>{s.project_name.clone()}</a></h3>
            <p class="seat-stage muted">{
                let (method, stage) = (s.method, s.stage.clone());
                move || format!("{} · {}", method.name().get(lang.get()), stage.get(lang.get()))
            }</p>
            <p class="seat-status">{
                let (gate, idle) = (s.gate, s.actions.is_empty());
                move || {
                    let l = lang.get();
                    let idle = if idle { tr(l, "（当前无待办事项）", " (nothing to do now)") } else { "" };
                    format!("{}{idle}", gate.name().get(l))
                }
            }</p>
            {s.actions.contains(&ProjectStep::Declare).then(|| view! {
                <form class="declaration" method="post" action=format!("/projects/{pid}/declaration")>
                    <p>{move || tr(lang.get(), "评审前请声明与以下投标人是否存在利害关系：", "Before scoring, declare any conflict with these bidders:")}</p>
                    {s.bidders.iter().map(|(id, name)| view! {
                        <label class="choice"><input type="checkbox" name="conflicts" value=id.clone()/>{name.clone()}</label>
                    }).collect_view()}
                    <label class="choice"><input type="checkbox" name="confirm" value="on"/>{move || tr(lang.get(), "本人承诺如实声明", "I declare truthfully")}</label>
                    <button type="submit" class="declare">{move || tr(lang.get(), "提交声明", "Declare")}</button>
                </form>
            })}
            {s.actions.contains(&ProjectStep::Score).then(|| {
                let scheme = s.scheme.clone();
                view! {
                    <div class="sheets">
                        {s.bids.iter().map(|b| {
                            let price = price_scores.get(&b.id).copied();
                            // In lots, the sheet says which lot the bid is in (its price score
                            // compares it with that lot's bids).
                            let lot = b.lot_id.clone().map(|l| view! {
                                <p class="lot muted">{move || match lang.get() { Lang::Zh => format!("第{l}包"), Lang::En => format!("Lot {l}") }}</p>
                            });
                            view! { {lot} <ScoreSheet project_id=pid bid_id=b.id.clone() scheme=scheme.clone() price_score=price/> }
                        }).collect_view()}
                    </div>
                }
            })}
        </article>
    }
}

/// One score sheet, checked as it is typed with `shared::scoring` (each score within its range
/// and decimals, comments for extreme scores, the total live); the server parses it again.
#[island]
fn ScoreSheet(
    project_id: i64,
    bid_id: String,
    scheme: Option<SchemeSpec>,
    price_score: Option<i64>,
) -> impl IntoView {
    let lang = use_lang();
    let Some(spec) = scheme else {
        return ().into_any();
    };
    let Some(parsed_scheme) = spec.scheme() else {
        return ().into_any();
    };
    let form = RwSignal::new(ScoreSheetForm {
        bid_id: bid_id.clone(),
        scores: BTreeMap::new(),
        comments: BTreeMap::new(),
    });
    let check = {
        let scheme = parsed_scheme.clone();
        Memo::new(move |_| form.with(|f| f.parse(&scheme, price_score).err().unwrap_or_default()))
    };
    let total = {
        let scheme = parsed_scheme.clone();
        Memo::new(move |_| form.with(|f| f.running_total(&scheme, price_score)))
    };
    // Errors show for the items already typed into (and all after a submit attempt).
    let touched = RwSignal::new(std::collections::BTreeSet::<String>::new());
    let error_for = move |item: String, field: String| {
        move || {
            if !touched.with(|t| t.contains(&item)) {
                return None;
            }
            check.with(|e| {
                e.for_field(&field)
                    .map(|e| e.message(lang.get()).to_owned())
            })
        }
    };
    let sheet_id = format!("sheet-{bid_id}");
    view! {
        <form class="score-sheet" id=sheet_id method="post" action=format!("/projects/{project_id}/scores") novalidate=true>
            <input type="hidden" name="bid_id" value=bid_id.clone()/>
            <h3>{move || tr(lang.get(), "投标 ", "Bid ")}{bid_id.clone()}</h3>
            {spec.criteria.iter().map(|c| {
                let item = c.id.clone();
                let score_name = format!("scores.{item}");
                let comment_name = format!("comments.{item}");
                let max = format!("{:.2}", c.max_hundredths as f64 / 100.0);
                let item_s = item.clone();
                let item_c = item.clone();
                let score_field = format!("scores.{item}");
                let comment_field = format!("comments.{item}");
                view! {
                    <div class="field item" data-item=item.clone()>
                        <label>{c.name.clone()}" (0–"{max}")"</label>
                        <input class="score" name=score_name inputmode="decimal" aria-label={
                            let n = c.name.clone();
                            move || format!("{n}{}", tr(lang.get(), "：得分", ": score"))
                        } on:input=move |ev| {
                            let v = event_target_value(&ev);
                            form.update(|f| { f.scores.insert(item_s.clone(), v); });
                            touched.update(|t| { t.insert(item_s.clone()); });
                        }/>
                        <input class="comment" name=comment_name aria-label={
                            let n = c.name.clone();
                            move || format!("{n}{}", tr(lang.get(), "：评语", ": comment"))
                        } placeholder=move || tr(lang.get(), "评语（满分或零分必填）", "Comment (required for extreme scores)") on:input=move |ev| {
                            let v = event_target_value(&ev);
                            form.update(|f| { f.comments.insert(item_c.clone(), v); });
                        }/>
                        <p class="field-error" role="alert">{error_for(item.clone(), score_field)}" "{error_for(item.clone(), comment_field)}</p>
                    </div>
                }
            }).collect_view()}
            {price_score.map(|p| view! { <p class="price-score">{move || tr(lang.get(), "价格分（按公式计算）：", "Price score (by formula): ")}{format!("{:.2}", p as f64 / 100.0)}</p> })}
            <p class="total">{move || tr(lang.get(), "合计：", "Total: ")}<strong class="total-value">{move || format!("{:.2}", total.get() as f64 / 100.0)}</strong></p>
            <button type="submit" class="submit-sheet">{move || tr(lang.get(), "提交评分", "Submit")}</button>
        </form>
    }
    .into_any()
}
