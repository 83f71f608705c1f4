//! 预算与采购计划 — a purchaser's budget lines and plans, the plan form with the pre-event checks
//! running while it is typed (事前预警), one plan with its findings and requests, and the
//! regulator's approval queue. Every form is a plain post (it works without JavaScript); the
//! server parses and checks it again with the same `shared` functions and answers with the page
//! again when it refuses.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use shared::access::Page;
use shared::approval::{grounds_of, kind_name, RequestStatus};
use shared::checks::framework::CheckContext;
use shared::i18n::Lang;
use shared::model::{ApprovalKind, Method, MethodGround, ObjectType};
use shared::money::yuan;
use shared::plan::{
    plan_checks, refusals, PlanFacts, PlanFinding, PlanForm, PlanStep, PLAN_FIELDS,
};
use shared::plan_steps::PlanAction;
use shared::region::region;
use shared::supplier::CATEGORIES;

use crate::api::plans::{
    get_plan_desk, get_plan_detail, get_plan_form_context, get_plan_page, PlanFormContext, Refused,
    RequestRow,
};
use crate::i18n::{t, use_lang};
use crate::pages::layout::ExportLinks;
use crate::pages::regulator::Forbidden;
use crate::session::{gate, is_denied, login_href, refused_form, Gate};

use crate::i18n::tr as tx;

/// The sign-in prompt or the one refusal, for a page the account may not open.
fn gated(page: Page, path: &'static str) -> Result<crate::api::Account, AnyView> {
    let lang = use_lang();
    match gate(page, path) {
        Gate::Open(account) => Ok(account),
        Gate::SignIn => Err(view! {
            <section class="card">
                <p id="sign-in-first"><a href=login_href(path)>{move || t(lang.get(), "account.sign_in")}</a></p>
            </section>
        }
        .into_any()),
        Gate::Forbidden => Err(view! { <Forbidden/> }.into_any()),
    }
}

/// The refused form of this page, if it is `which`.
fn refused_for(which: &str) -> Option<Refused> {
    refused_form().filter(|r| r.form == which)
}

/// The messages of a refused form: service failure, field errors (by field) and forbidding flags.
#[component]
fn RefusedBanner(refused: Option<Refused>) -> impl IntoView {
    let lang = use_lang();
    refused.map(|r| {
        let findings = r.findings.clone();
        let errors: Vec<(String, String, String)> = r
            .errors
            .iter()
            .map(|e| (e.field.clone(), e.zh.clone(), e.en.clone()))
            .collect();
        view! {
            <div class="banner error" role="alert" id="form-refused" data-form=r.form.clone()>
                {r.unavailable.then(|| view! { <p>{move || t(lang.get(), "form.unavailable")}</p> })}
                {(!errors.is_empty()).then(|| view! {
                    <p>{move || t(lang.get(), "form.errors")}</p>
                    <ul>
                        {errors.into_iter().map(|(field, zh, en)| view! {
                            <li data-field=field>{move || if lang.get() == Lang::Zh { zh.clone() } else { en.clone() }}</li>
                        }).collect_view()}
                    </ul>
                })}
                {(!findings.is_empty()).then(|| view! {
                    <p>{move || tx(lang.get(), "法律禁止此步骤，未保存：", "The law forbids this step; nothing was stored:")}</p>
                    <ul id="refusals">
                        {findings.iter().map(|f| {
                            let f = f.clone();
                            let id = f.check_id.clone();
                            let attr = id.clone();
                            view! { <li data-check=attr><strong>{id}</strong> " " {move || f.message(lang.get()).to_owned()}</li> }
                        }).collect_view()}
                    </ul>
                })}
            </div>
        }
    })
}

fn field_error(refused: &Option<Refused>, field: &str, lang: Lang) -> Option<String> {
    refused
        .as_ref()
        .and_then(|r| r.errors.for_field(field))
        .map(|e| e.message(lang).to_owned())
}

// ---------------------------------------------------------------------------------------------
// /plans

#[component]
pub fn PlansPage() -> impl IntoView {
    let lang = use_lang();
    let account = match gated(Page::Plans, "/plans") {
        Ok(a) => a,
        Err(v) => return v,
    };
    // The purchaser's own unit: its budget lines, the new-plan link and the budget line form;
    // a regulator reads the plans of its jurisdiction only.
    let purchaser = shared::access::may_open(Some(&account.principal), Page::PurchaserPlans);
    let params = use_query_map().get_untracked();
    let query = crate::api::plans::PlanQuery::from_params(|k| params.get(k));
    let l = lang.get_untracked();
    // The budget lines page through their own parameter (`lpage`), the plans' filter kept.
    let lines_page = params.get("lpage").and_then(|p| p.parse::<u32>().ok());
    let desk = Resource::new(
        move || purchaser,
        move |p| async move {
            if p {
                Some(get_plan_desk(lines_page).await)
            } else {
                None
            }
        },
    );
    let list = {
        let query = query.clone();
        Resource::new(|| (), move |_| get_plan_page(query.clone()))
    };
    let refused = refused_for("budget_line");
    let value = {
        let r = refused.clone();
        move |f: &str| {
            r.as_ref()
                .and_then(|r| r.value(f))
                .unwrap_or_default()
                .to_owned()
        }
    };
    let created = move || params.get("line").is_some();
    let err = {
        let r = refused.clone();
        move |f: &'static str| {
            let r = r.clone();
            move || field_error(&r, f, lang.get())
        }
    };
    let base = query.params();
    let lines_base = base.clone();
    let export_query = base.clone();
    let filters = view! {
        <form class="search filters" method="get" action="/plans" id="plan-filter">
            <input type="search" name="q" value=query.q.clone() aria-label=tx(l, "计划或单位名称，或计划编号", "Name of the plan or the unit, or the plan's number") placeholder=tx(l, "名称（如 教育）或编号", "Name (e.g. 教育) or number")/>
            <input name="year" value=query.year.clone() size="6" inputmode="numeric" aria-label=tx(l, "预算年度", "Fiscal year") placeholder=tx(l, "年度", "Year")/>
            <select name="status" aria-label=tx(l, "状态", "Status")>
                <option value="">{tx(l, "全部状态", "Any status")}</option>
                {shared::plan_steps::PlanStatus::ALL.iter().map(|st| view! { <option value=st.code() selected=query.status == st.code()>{st.name().get(l)}</option> }).collect_view()}
            </select>
            <button type="submit">{tx(l, "筛选", "Filter")}</button>
        </form>
    };
    view! {
        <section class="card">
            <h1>{move || if purchaser { tx(lang.get(), "预算与采购计划", "Budget lines and plans") } else { tx(lang.get(), "采购计划", "Procurement plans") }}</h1>
            <p class="banner ok" class:hidden=move || !created()>{move || tx(lang.get(), "预算指标已保存。", "Budget line saved.")}</p>
            {purchaser.then(|| view! {
                <p><a class="button" id="new-plan" href="/plans/new">{move || tx(lang.get(), "新建采购计划", "New plan")}</a></p>
                <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                    {move || desk.get().flatten().map(|result| match result {
                        Ok(desk) => {
                            let count = crate::pages::layout::Counted { total: i64::from(desk.lines_total), cap: None, rows: desk.lines.len() };
                            let (pager, summary) = crate::pages::layout::list_pager_at("/plans", "lpage", &lines_base, desk.lines_page, count, crate::api::plans::LINES_PER_PAGE, l, ("条预算指标", " budget line"));
                            view! {
                            <p class="intro">{desk.unit_name.clone()}</p>
                            <h2>{move || tx(lang.get(), "预算指标", "Budget lines")}</h2>
                            <ExportLinks view="budget-lines"/>
                            <p class="summary" id="lines-summary">{summary}</p>
                            <table id="budget-lines" class="list">
                                <thead><tr>
                                    <th>{move || tx(lang.get(), "年度", "Year")}</th>
                                    <th>{move || tx(lang.get(), "编码", "Code")}</th>
                                    <th>{move || tx(lang.get(), "名称", "Name")}</th>
                                    <th class="num">{move || tx(lang.get(), "可用金额", "Available")}</th>
                                    <th class="num">{move || tx(lang.get(), "已安排计划", "Committed")}</th>
                                </tr></thead>
                                <tbody>
                                    {desk.lines.iter().map(|l| view! {
                                        <tr>
                                            <td>{l.fiscal_year}</td>
                                            <td>{l.code.clone()}</td>
                                            <td>{l.name.clone()}</td>
                                            <td class="num">{yuan(l.adjusted.unwrap_or(l.approved), lang.get_untracked())}</td>
                                            <td class="num">{yuan(l.committed, lang.get_untracked())}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            {pager}
                        }.into_any() }
                        Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                        Err(_) => view! { <p class="banner error">{move || t(lang.get(), "list.error")}</p> }.into_any(),
                    })}
                </Suspense>
            })}
            {purchaser.then(|| view! { <h2>{move || tx(lang.get(), "采购计划", "Plans")}</h2> })}
            {filters}
            <ExportLinks view="plans" query=export_query/>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || list.get().map(|result| match result {
                    Ok(page) => {
                        let count = crate::pages::layout::Counted { total: page.total, cap: Some(crate::api::projects::COUNT_CAP), rows: page.rows.len() };
                        let (pager, summary) = crate::pages::layout::list_pager("/plans", &base, page.page, count, page.per_page, l, ("项计划", " plan"));
                        view! {
                        <p class="total" id="plans-total">{summary}</p>
                        <table id="plans" class="list stack">
                            <thead><tr>
                                <th>{move || tx(lang.get(), "计划", "Plan")}</th>
                                {(!purchaser).then(|| view! { <th>{move || tx(lang.get(), "采购单位", "Purchaser")}</th> })}
                                <th>{move || tx(lang.get(), "方式", "Method")}</th>
                                <th class="num">{move || tx(lang.get(), "金额", "Amount")}</th>
                                <th>{move || tx(lang.get(), "状态", "Status")}</th>
                                <th class="num">{move || tx(lang.get(), "预警", "Warnings")}</th>
                            </tr></thead>
                            <tbody>
                                {page.rows.iter().map(|p| {
                                    let method = p.method;
                                    let status = p.status;
                                    let unit = p.unit_name.clone();
                                    view! {
                                        <tr>
                                            <td class="wrap"><a href=format!("/plans/{}", p.id)>{p.name.clone()}</a></td>
                                            {(!purchaser).then(|| view! { <td class="wrap" data-label=tx(l, "采购单位", "Purchaser")>{unit}</td> })}
                                            <td data-label=tx(l, "方式", "Method")>{move || method.name().get(lang.get())}</td>
                                            <td class="num" data-label=tx(l, "金额", "Amount")>{yuan(p.amount, lang.get_untracked())}</td>
                                            <td data-label=tx(l, "状态", "Status")>{move || status.name().get(lang.get())}</td>
                                            <td class="num" data-label=tx(l, "预警", "Warnings")>{p.findings}</td>
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
            <h2>{move || tx(lang.get(), "新增预算指标", "Add a budget line")}</h2>
            <RefusedBanner refused=refused.clone()/>
            <form id="budget-line-form" method="post" action="/budget-lines" novalidate=true>
                <div class="field"><label for="code">{move || tx(lang.get(), "指标编码", "Line code")}</label>
                    <input id="code" name="code" value=value("code")/>
                    <p class="field-error" role="alert">{err("code")}</p></div>
                <div class="field"><label for="line-name">{move || tx(lang.get(), "名称", "Name")}</label>
                    <input id="line-name" name="name" value=value("name")/>
                    <p class="field-error" role="alert">{err("name")}</p></div>
                <div class="field"><label for="fiscal_year">{move || tx(lang.get(), "预算年度", "Fiscal year")}</label>
                    <input id="fiscal_year" name="fiscal_year" inputmode="numeric" value=value("fiscal_year")/>
                    <p class="field-error" role="alert">{err("fiscal_year")}</p></div>
                <div class="field"><label for="approved_amount">{move || tx(lang.get(), "批复金额（元）", "Approved amount (yuan)")}</label>
                    <input id="approved_amount" name="approved_amount" inputmode="decimal" value=value("approved_amount")/>
                    <p class="field-error" role="alert">{err("approved_amount")}</p></div>
                <button type="submit" id="save-line">{move || tx(lang.get(), "保存", "Save")}</button>
            </form>
        </section>
        })}
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// /plans/new

#[component]
pub fn NewPlanPage() -> impl IntoView {
    let lang = use_lang();
    if let Err(v) = gated(Page::PurchaserPlans, "/plans/new") {
        return v;
    }
    let context = Resource::new(|| (), |_| get_plan_form_context());
    let refused = refused_for("plan");
    view! {
        <section class="card form-card">
            <h1>{move || tx(lang.get(), "新建采购计划", "New procurement plan")}</h1>
            <p class="intro">{move || tx(lang.get(),
                "填写时即按法定规则实时预警（事前预警）；保存时服务器以同一规则复核。无预算或超预算不得备案。",
                "The legal checks run while you type (pre-event warnings); the server runs the same rules again on saving. A plan without or over budget cannot be filed.")}</p>
            <RefusedBanner refused=refused.clone()/>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || {
                    let refused = refused.clone();
                    context.get().map(move |result| match result {
                        Ok(ctx) => view! { <PlanFormView ctx=ctx refused=refused/> }.into_any(),
                        Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                        Err(_) => view! { <p class="banner error">{move || t(lang.get(), "list.error")}</p> }.into_any(),
                    })
                }}
            </Suspense>
        </section>
    }
    .into_any()
}

/// The facts the checks need for the plan as typed (`None` until a known line is chosen).
fn facts_for(ctx: &PlanFormContext, line_id: i64) -> Option<PlanFacts> {
    let line = ctx.lines.iter().find(|l| l.id == line_id)?;
    let year = line.fiscal_year;
    let in_year = |id: i64| {
        ctx.lines
            .iter()
            .any(|l| l.id == id && l.fiscal_year == year)
    };
    Some(PlanFacts {
        plan_id: None,
        unit_id: ctx.unit_id,
        unit_name: ctx.unit_name.clone(),
        gov_level: ctx.gov_level,
        jurisdiction_code: ctx.jurisdiction_code.clone(),
        line: line.facts(),
        others: ctx
            .others
            .iter()
            .filter(|o| in_year(o.budget_line_id))
            .cloned()
            .collect(),
        requests: Vec::new(),
        intention_published_at: None,
        filed_at: ctx.now,
        activity_starts_at: None,
    })
}

/// The plan form, hydrated in the browser (an island): the checks of `shared::plan` run on every
/// change with the facts the server put into the page.
#[island]
fn PlanFormView(ctx: PlanFormContext, refused: Option<Refused>) -> impl IntoView {
    let lang = use_lang();
    let initial = refused.as_ref().map(Refused::plan_form).unwrap_or_default();
    let form = RwSignal::new(initial.clone());
    let touched = RwSignal::new(BTreeSet::<&'static str>::new());
    if refused.is_some() {
        touched.update(|t| t.extend(PLAN_FIELDS.iter().copied()));
    }
    let parsed = Memo::new(move |_| form.with(PlanForm::parse));
    let now = ctx.now;
    let facts_ctx = ctx.clone();
    let findings = Memo::new(move |_| -> Vec<PlanFinding> {
        parsed.with(|p| match p {
            Ok(plan) => facts_for(&facts_ctx, plan.budget_line_id())
                .map(|facts| plan_checks(plan, &facts, &CheckContext::builtin(now)))
                .unwrap_or_default(),
            Err(_) => Vec::new(),
        })
    });
    let error_for = move |field: &'static str| -> Option<String> {
        if !touched.with(|t| t.contains(field)) {
            return None;
        }
        parsed.with(|p| {
            p.as_ref()
                .err()
                .and_then(|e| e.for_field(field))
                .map(|e| e.message(lang.get()).to_owned())
        })
    };
    let edit = move |field: &'static str, set: fn(&mut PlanForm, String), v: String| {
        form.update(|f| set(f, v));
        touched.update(|t| {
            t.insert(field);
        });
    };
    let lines = ctx.lines.clone();
    let text = move |field: &'static str,
                     label: (&'static str, &'static str),
                     mode: &'static str,
                     value: String,
                     set: fn(&mut PlanForm, String)| {
        view! {
            <div class="field" class:invalid=move || error_for(field).is_some()>
                <label for=field>{move || tx(lang.get(), label.0, label.1)} <span class="req">"*"</span></label>
                <input id=field name=field inputmode=mode value=value
                    on:input=move |ev| edit(field, set, event_target_value(&ev))/>
                <p class="field-error" id=format!("err-{field}") role="alert">{move || error_for(field)}</p>
            </div>
        }
    };
    view! {
        <form id="plan-form" method="post" action="/plans" novalidate=true>
            <div class="field" class:invalid=move || error_for("budget_line_id").is_some()>
                <label for="budget_line_id">{move || tx(lang.get(), "预算指标", "Budget line")} <span class="req">"*"</span></label>
                <select id="budget_line_id" name="budget_line_id"
                    on:change=move |ev| edit("budget_line_id", |f, v| f.budget_line_id = v, event_target_value(&ev))>
                    <option value="">{move || tx(lang.get(), "请选择", "Choose")}</option>
                    {lines.iter().map(|l| {
                        let selected = initial.budget_line_id == l.id.to_string();
                        let available = l.adjusted.unwrap_or(l.approved).saturating_sub(l.committed);
                        view! {
                            <option value=l.id.to_string() selected=selected>
                                {format!("{} {} {}（{}）", l.fiscal_year, l.code, l.name, yuan(available, lang.get_untracked()))}
                            </option>
                        }
                    }).collect_view()}
                </select>
                <p class="field-error" id="err-budget_line_id" role="alert">{move || error_for("budget_line_id")}</p>
            </div>
            {text("name", ("计划名称", "Plan name"), "text", initial.name.clone(), |f, v| f.name = v)}
            <div class="field" class:invalid=move || error_for("object_type").is_some()>
                <label for="object_type">{move || tx(lang.get(), "采购对象", "Object type")} <span class="req">"*"</span></label>
                <select id="object_type" name="object_type"
                    on:change=move |ev| edit("object_type", |f, v| f.object_type = v, event_target_value(&ev))>
                    <option value="">{move || tx(lang.get(), "请选择", "Choose")}</option>
                    {ObjectType::ALL.iter().map(|o| {
                        let o = *o;
                        view! { <option value=o.code() selected=initial.object_type == o.code()>{move || o.name().get(lang.get())}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" id="err-object_type" role="alert">{move || error_for("object_type")}</p>
            </div>
            <div class="field" class:invalid=move || error_for("category_code").is_some()>
                <label for="category_code">{move || tx(lang.get(), "采购品目", "Category")} <span class="req">"*"</span></label>
                <select id="category_code" name="category_code"
                    on:change=move |ev| edit("category_code", |f, v| f.category_code = v, event_target_value(&ev))>
                    <option value="">{move || tx(lang.get(), "请选择", "Choose")}</option>
                    {CATEGORIES.iter().map(|c| view! {
                        <option value=c.code selected=initial.category_code == c.code>{move || format!("{} {}", c.code, c.name.get(lang.get()))}</option>
                    }).collect_view()}
                </select>
                <p class="field-error" id="err-category_code" role="alert">{move || error_for("category_code")}</p>
            </div>
            {text("amount", ("计划金额（元）", "Planned amount (yuan)"), "decimal", initial.amount.clone(), |f, v| f.amount = v)}
            <div class="field" class:invalid=move || error_for("method").is_some()>
                <label for="method">{move || tx(lang.get(), "拟采用采购方式", "Intended method")} <span class="req">"*"</span></label>
                <select id="method" name="method"
                    on:change=move |ev| edit("method", |f, v| f.method = v, event_target_value(&ev))>
                    <option value="">{move || tx(lang.get(), "请选择", "Choose")}</option>
                    {Method::SIX.iter().map(|m| {
                        let m = *m;
                        view! { <option value=m.code() selected=initial.method == m.code()>{move || m.name().get(lang.get())}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" id="err-method" role="alert">{move || error_for("method")}</p>
            </div>
            <div class="field">
                <label class="choice">
                    <input type="checkbox" id="imports_wanted" name="imports_wanted" value="on" checked=!initial.imports_wanted.is_empty()
                        on:change=move |ev| edit("imports_wanted", |f, v| f.imports_wanted = v,
                            if event_target_checked(&ev) { "on".to_owned() } else { String::new() })/>
                    {move || tx(lang.get(), "拟采购进口产品", "Imported products wanted")}
                </label>
            </div>
            {text("planned_date", ("拟开始采购日期（YYYY-MM-DD）", "Intended start (YYYY-MM-DD)"), "text", initial.planned_date.clone(), |f, v| f.planned_date = v)}
            <section id="plan-checks" class="checks" aria-live="polite">
                <h2>{move || tx(lang.get(), "事前预警", "Pre-event warnings")}</h2>
                {move || {
                    let list = findings.get();
                    if list.is_empty() {
                        return view! { <p class="ok" id="no-warnings">{move || tx(lang.get(), "暂无预警。", "No warnings.")}</p> }.into_any();
                    }
                    let files = refusals(&list, PlanStep::File).len();
                    let releases = refusals(&list, PlanStep::Release).len();
                    view! {
                        <ul class="findings">
                            {list.into_iter().map(|f| {
                                let blocks_file = refusals(std::slice::from_ref(&f), PlanStep::File).len() == 1;
                                let blocks_release = refusals(std::slice::from_ref(&f), PlanStep::Release).len() == 1;
                                let class = format!("sev-{}", f.severity.code());
                                let id = f.check_id.clone();
                                let attr = id.clone();
                                view! {
                                    <li class=class data-check=attr>
                                        <strong>{id}" "{ let f = f.clone(); move || f.title(lang.get()).to_owned() }</strong>
                                        <span>{ let f = f.clone(); move || f.message(lang.get()).to_owned() }</span>
                                        {blocks_file.then(|| view! { <em>{move || tx(lang.get(), "（不得备案）", " (cannot be filed)")}</em> })}
                                        {(!blocks_file && blocks_release).then(|| view! { <em>{move || tx(lang.get(), "（须经批准方可下达执行）", " (needs an approval before release)")}</em> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <p class="hint">{move || if files > 0 {
                            tx(lang.get(), "存在禁止备案的问题。", "Some problems forbid filing.")
                        } else if releases > 0 {
                            tx(lang.get(), "可以备案；下达执行前须取得相应审批。", "It can be filed; approvals are needed before release.")
                        } else {
                            tx(lang.get(), "可以备案，预警将一并记录。", "It can be filed; the warnings are recorded.")
                        }}</p>
                    }.into_any()
                }}
            </section>
            <button type="submit" id="file-plan">{move || tx(lang.get(), "备案", "File the plan")}</button>
        </form>
    }
}

// ---------------------------------------------------------------------------------------------
// /plans/{id}

#[component]
pub fn PlanPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let path = format!("/plans/{}", id());
    if crate::session::current_account().is_none() {
        let _ = gate(Page::Account, &path);
        return view! {
            <section class="card"><p id="sign-in-first"><a href=login_href(&path)>{move || t(lang.get(), "account.sign_in")}</a></p></section>
        }
        .into_any();
    }
    let detail = Resource::new(id, get_plan_detail);
    let query = use_query_map();
    let flash = move || {
        query.with(|q| {
            if q.get("filed").is_some() {
                Some(tx(lang.get(), "计划已备案。", "The plan is filed."))
            } else if q.get("requested").is_some() {
                Some(tx(
                    lang.get(),
                    "申请已提交，等待财政部门审批。",
                    "The request is submitted to the finance bureau.",
                ))
            } else if q.get("intention").is_some() {
                Some(tx(
                    lang.get(),
                    "采购意向已登记。",
                    "The procurement intention is recorded.",
                ))
            } else if q.get("released").is_some() {
                Some(tx(lang.get(), "计划已下达执行。", "The plan is released."))
            } else {
                None
            }
        })
    };
    let refused = refused_form()
        .filter(|r| ["request", "release", "intention", "create"].contains(&r.form.as_str()));
    view! {
        <section class="card">
            <p class="banner ok" id="flash" class:hidden=move || flash().is_none()>{flash}</p>
            <RefusedBanner refused=refused.clone()/>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || {
                    let refused = refused.clone();
                    detail.get().map(move |result| match result {
                        Ok(d) => {
                            let p = d.plan.clone();
                            let method = p.method;
                            let status = p.status;
                            let plan_method = Some(p.method);
                            let offered = |a: PlanAction| d.actions.contains(&a);
                            let can_release = offered(PlanAction::Release);
                            let release_by_other = d.release_by_other;
                            let release_blocked = d.release_blocked;
                            let can_request = offered(PlanAction::Request);
                            let can_intend = offered(PlanAction::Intention);
                            let can_start = offered(PlanAction::Start);
                            let d_rounds = d.rounds.len();
                            // After a failed round the request names the new method.
                            let failed_method = d.rounds.last().filter(|r| r.failed.is_some()).map(|r| r.method);
                            let kinds = d.request_kinds.clone();
                            view! {
                                <h1 id="plan-name">{p.name.clone()}</h1>
                                <dl class="facts">
                                    <dt>{move || tx(lang.get(), "单位", "Unit")}</dt><dd>{p.unit_name.clone()}</dd>
                                    <dt>{move || tx(lang.get(), "预算指标", "Budget line")}</dt><dd>{format!("{} {}", p.fiscal_year, p.budget_line_code)}</dd>
                                    <dt>{move || tx(lang.get(), "品目", "Category")}</dt><dd>{p.category_code.clone()}</dd>
                                    <dt>{move || tx(lang.get(), "金额", "Amount")}</dt><dd>{yuan(p.amount, lang.get_untracked())}</dd>
                                    <dt>{move || tx(lang.get(), "拟采用方式", "Intended method")}</dt><dd id="plan-method">{move || method.name().get(lang.get())}</dd>
                                    <dt>{move || tx(lang.get(), "进口产品", "Imports")}</dt><dd>{move || if p.imports_wanted { tx(lang.get(), "是", "yes") } else { tx(lang.get(), "否", "no") }}</dd>
                                    <dt>{move || tx(lang.get(), "状态", "Status")}</dt><dd id="plan-status">{move || status.name().get(lang.get())}</dd>
                                </dl>
                                <h2>{move || tx(lang.get(), "采购意向公开", "Procurement intentions")}</h2>
                                <ul id="plan-intentions">
                                    {d.intentions.iter().map(|i| view! { <li>{format!("{} · {} · {}", i.published_on, i.media, i.content)}</li> }).collect_view()}
                                </ul>
                                {can_intend.then(|| view! { <IntentionFormView plan_id=p.id refused=refused.clone()/> })}
                                <h2>{move || tx(lang.get(), "预警记录", "Findings")}</h2>
                                <ul id="plan-findings" class="findings">
                                    {d.findings.iter().map(|f| {
                                        let f = f.clone();
                                        view! { <li data-check=f.check_id.clone()><strong>{f.check_id.clone()}</strong> " " {move || if lang.get() == Lang::Zh { f.message_zh.clone() } else { f.message_en.clone() }}</li> }
                                    }).collect_view()}
                                </ul>
                                {d.findings.is_empty().then(|| view! { <p class="muted" id="no-findings">{move || tx(lang.get(), "暂无预警", "No findings")}</p> })}
                                {(!d.rounds.is_empty() || can_start).then(|| view! {
                                    <h2>{move || tx(lang.get(), "采购轮次", "Rounds of procurement")}</h2>
                                    <ul id="plan-rounds">
                                        {d.rounds.iter().map(|r| {
                                            let r = r.clone();
                                            let n = r.round;
                                            let method = r.method;
                                            let failed = r.failed.clone();
                                            view! { <li data-round=n>
                                                <a href=format!("/projects/{}", r.project_id)>{move || if lang.get() == Lang::Zh { format!("第{n}轮") } else { format!("Round {n}") }}</a>
                                                " · " {move || method.name().get(lang.get())}
                                                " · " {move || match &failed {
                                                    Some((g, reason)) => if lang.get() == Lang::Zh {
                                                        format!("已废标 / 终止：{}（{}）", g.name().zh, reason)
                                                    } else {
                                                        format!("Failed / terminated: {} ({})", g.name().en, reason)
                                                    },
                                                    None => tx(lang.get(), "进行中或已完成", "Under way or done").to_owned(),
                                                }}
                                            </li> }
                                        }).collect_view()}
                                    </ul>
                                    {can_start.then(|| view! {
                                        <p id="start-round"><a class="button" href="/projects#create-project">{move || if d_rounds == 0 {
                                            tx(lang.get(), "开始采购", "Start the procurement")
                                        } else {
                                            tx(lang.get(), "开始新一轮采购", "Start a new round")
                                        }}</a></p>
                                    })}
                                })}
                                <h2>{move || tx(lang.get(), "审批申请", "Requests")}</h2>
                                <RequestTable rows=d.requests.clone() decide=false/>
                                {can_request.then(|| view! { <RequestFormView plan_id=p.id method=plan_method failed=failed_method kinds=kinds.clone() refused=refused.clone()/> })}
                                {release_by_other.then(|| view! {
                                    <p class="banner warn" id="release-by-other">{move || tx(lang.get(),
                                        "经办与审核分离：该计划由您提交，须由本单位另一位人员审核后下达执行。",
                                        "Handler and reviewer are two people: you filed this plan, so another person of your unit reviews and releases it.")}</p>
                                })}
                                {release_blocked.then(|| view! {
                                    <p class="banner warn" id="release-blocked">{move || tx(lang.get(),
                                        "存在禁止下达执行的预警（见预警记录）：须先取得相应审批，方可下达执行。",
                                        "A finding forbids the release (see the findings): the approval it names comes first.")}</p>
                                })}
                                {can_release.then(|| view! {
                                    <form id="release-form" method="post" action=format!("/plans/{}/release", p.id)>
                                        <button type="submit" id="release">{move || tx(lang.get(), "下达执行", "Release for execution")}</button>
                                    </form>
                                })}
                            }.into_any()
                        }
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

#[component]
fn RequestFormView(
    plan_id: i64,
    method: Option<Method>,
    /// The kinds still open: a kind pending or approved already is not offered.
    kinds: Vec<ApprovalKind>,
    /// The method of the round that failed, when the request follows a failure.
    failed: Option<Method>,
    refused: Option<Refused>,
) -> impl IntoView {
    let lang = use_lang();
    let r = refused.filter(|r| r.form == "request");
    let value = |f: &str| {
        r.as_ref()
            .and_then(|r| r.value(f))
            .unwrap_or_default()
            .to_owned()
    };
    let err = |f: &'static str| {
        let r = r.clone();
        move || field_error(&r, f, lang.get())
    };
    let kind = value("kind");
    let ground = value("ground");
    // The grounds each offered kind may state (shared::approval::grounds_of), under its kind.
    let plan_method = failed.or(method);
    let groups: Vec<(ApprovalKind, Vec<MethodGround>)> = kinds
        .iter()
        .filter_map(|k| {
            let g = plan_method
                .map(|m| grounds_of(*k, m, failed))
                .unwrap_or_default();
            (!g.is_empty()).then_some((*k, g))
        })
        .collect();
    view! {
        <form id="request-form" class="form-card" method="post" action=format!("/plans/{plan_id}/requests") novalidate=true>
            <h3>{move || tx(lang.get(), "提交审批申请", "Submit a request")}</h3>
            <div class="field"><label for="kind">{move || tx(lang.get(), "申请事项", "Request")}</label>
                <select id="kind" name="kind">
                    {kinds.iter().map(|k| {
                        let k = *k;
                        let code = shared::approval::kind_code(k);
                        view! { <option value=code selected=kind == code>{move || kind_name(k).get(lang.get())}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" role="alert">{err("kind")}</p></div>
            <div class="field"><label for="ground">{move || tx(lang.get(), "法定情形（变更方式、单一来源）", "Statutory ground (method change, single source)")}</label>
                <select id="ground" name="ground">
                    <option value="">{move || tx(lang.get(), "不适用", "Not applicable")}</option>
                    {groups.into_iter().map(|(k, grounds)| {
                        let ground = ground.clone();
                        view! {
                            <optgroup label=move || kind_name(k).get(lang.get())>
                                {grounds.into_iter().map(|g| {
                                    view! { <option value=g.code() selected=ground == g.code()>{move || g.name().get(lang.get())}</option> }
                                }).collect_view()}
                            </optgroup>
                        }
                    }).collect_view()}
                </select>
                <p class="field-error" role="alert">{err("ground")}</p></div>
            <div class="field"><label for="reason">{move || tx(lang.get(), "申请理由", "Reason")}</label>
                <textarea id="reason" name="reason" rows="3">{value("reason")}</textarea>
                <p class="field-error" role="alert">{err("reason")}</p></div>
            <div class="field"><label for="supplier_name">{move || tx(lang.get(), "拟定供应商（单一来源）", "Proposed supplier (single source)")}</label>
                <input id="supplier_name" name="supplier_name" value=value("supplier_name")/>
                <p class="field-error" role="alert">{err("supplier_name")}</p></div>
            <div class="field"><label for="notice_from">{move || tx(lang.get(), "公示开始日期（单一来源，YYYY-MM-DD）", "Notice published on (single source, YYYY-MM-DD)")}</label>
                <input id="notice_from" name="notice_from" value=value("notice_from")/>
                <p class="field-error" role="alert">{err("notice_from")}</p></div>
            <button type="submit" id="submit-request">{move || tx(lang.get(), "提交申请", "Submit")}</button>
        </form>
    }
}

#[component]
fn IntentionFormView(plan_id: i64, refused: Option<Refused>) -> impl IntoView {
    let lang = use_lang();
    let r = refused.filter(|r| r.form == "intention");
    let value = |f: &str| {
        r.as_ref()
            .and_then(|r| r.value(f))
            .unwrap_or_default()
            .to_owned()
    };
    let err = |f: &'static str| {
        let r = r.clone();
        move || field_error(&r, f, lang.get())
    };
    view! {
        <form id="intention-form" class="form-card" method="post" action=format!("/plans/{plan_id}/intentions") novalidate=true>
            <h3>{move || tx(lang.get(), "登记采购意向公开", "Record the published intention")}</h3>
            <div class="field"><label for="published_on">{move || tx(lang.get(), "公开日期（YYYY-MM-DD）", "Published on (YYYY-MM-DD)")}</label>
                <input id="published_on" name="published_on" value=value("published_on")/>
                <p class="field-error" role="alert">{err("published_on")}</p></div>
            <div class="field"><label for="media">{move || tx(lang.get(), "公开媒体", "Published in")}</label>
                <input id="media" name="media" value=value("media")/>
                <p class="field-error" role="alert">{err("media")}</p></div>
            <div class="field"><label for="content">{move || tx(lang.get(), "意向内容（需求概况、预算、预计采购时间）", "Content (need, budget, expected time)")}</label>
                <textarea id="content" name="content" rows="3">{value("content")}</textarea>
                <p class="field-error" role="alert">{err("content")}</p></div>
            <button type="submit" id="submit-intention">{move || tx(lang.get(), "登记", "Record")}</button>
        </form>
    }
}

#[component]
fn RequestTable(
    rows: Vec<RequestRow>,
    decide: bool,
    /// The approvals list's filter and page, kept by a decision.
    #[prop(default = String::new())]
    back: String,
) -> impl IntoView {
    let lang = use_lang();
    let refused = refused_form();
    view! {
        <div class="table-wrap"><table class="list requests" id=if decide { "approval-queue" } else { "plan-requests" }>
            <thead><tr>
                <th>{move || tx(lang.get(), "事项", "Request")}</th>
                {decide.then(|| view! { <th>{move || tx(lang.get(), "单位 / 计划", "Unit / plan")}</th> })}
                <th>{move || tx(lang.get(), "情形与理由", "Ground and reason")}</th>
                <th>{move || tx(lang.get(), "公示期", "Notice period")}</th>
                <th>{move || tx(lang.get(), "状态", "Status")}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let kind = Some(r.kind);
                    let ground = r.ground;
                    let failed_round = r.failed_round;
                    let status = r.status;
                    let pending = r.status == RequestStatus::Pending;
                    let notice = match (r.notice_from, r.notice_until) {
                        (Some(a), Some(b)) => format!("{a} – {b}"),
                        _ => String::new(),
                    };
                    // Who decided and what they wrote: people's own words, marked as such
                    // (`free-text`), shown as typed in either language.
                    let decided = r.decided_at.map(|at| {
                        view! { {format!("{} {} ", at.china_display(), r.decided_by.clone().unwrap_or_default())}
                            <span class="free-text">{r.decision_reason.clone().unwrap_or_default()}</span> }
                    });
                    let which = format!("decision:{}", r.id);
                    // Approve is offered only when the rule allows it today (the server asks
                    // `shared::approval::may_decide`, the function the decision step calls).
                    let can_approve = r.approvable;
                    let mine = refused.clone().filter(|x| x.form == which);
                    view! {
                        <tr id=format!("request-{}", r.id) data-status=r.status.code()>
                            <td>{move || kind.map(|k| kind_name(k).get(lang.get())).unwrap_or_default()}</td>
                            {decide.then(|| view! { <td>{r.unit_name.clone()}<br/><a href=format!("/plans/{}", r.plan_id)>{r.plan_name.clone()}</a>" "{yuan(r.amount, lang.get_untracked())}
                                <br/><small>{region(&r.jurisdiction_code).map(|x| x.name.get(lang.get_untracked())).unwrap_or_default()}</small></td> })}
                            <td>{move || ground.map(|g| g.name().get(lang.get()).to_owned()).unwrap_or_default()}<br/><span class="free-text">{r.reason.clone()}</span>
                                {failed_round.map(|(project, g)| view! { <br/><small class="failed-round">
                                    <a href=format!("/projects/{project}")>{move || tx(lang.get(), "上一轮采购失败", "The previous round failed")}</a>
                                    {move || tx(lang.get(), "：", ": ")} {move || g.name().get(lang.get())}</small> })}</td>
                            <td>{notice}</td>
                            <td>
                                <span class="status">{move || status.name().get(lang.get())}</span>
                                {decided.map(|d| view! { <br/><small>{d}</small> })}
                                {(decide && pending).then(|| view! { <DecisionForm id=r.id approve=can_approve refused=mine back=back.clone()/> })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

#[component]
fn DecisionForm(
    id: i64,
    approve: bool,
    refused: Option<Refused>,
    /// The list's filter and page (`status=…&page=2`): the answer returns to it.
    back: String,
) -> impl IntoView {
    let lang = use_lang();
    let errors = refused.as_ref().map(|r| {
        r.errors
            .iter()
            .map(|e| (e.zh.clone(), e.en.clone()))
            .collect::<Vec<_>>()
    });
    view! {
        <form class="decision" id=format!("decide-{id}") method="post" action=if back.is_empty() { format!("/regulator/approvals/{id}/decision") } else { format!("/regulator/approvals/{id}/decision?{back}") } novalidate=true>
            {approve.then(|| view! { <label class="choice"><input type="radio" name="decision" value="approve"/>{move || tx(lang.get(), "批准", "Approve")}</label> })}
            {(!approve).then(|| view! { <small class="hint">{move || tx(lang.get(), "公示期届满后方可批准", "Approval opens when the notice period ends")}</small> })}
            <label class="choice"><input type="radio" name="decision" value="reject"/>{move || tx(lang.get(), "不予批准", "Reject")}</label>
            <input name="reason" aria-label=move || tx(lang.get(), "审批意见", "Reason") placeholder=move || tx(lang.get(), "审批意见", "Reason")/>
            <button type="submit">{move || tx(lang.get(), "提交", "Submit")}</button>
            {errors.map(|list| view! {
                <ul class="field-error" role="alert">
                    {list.into_iter().map(|(zh, en)| view! { <li>{move || if lang.get() == Lang::Zh { zh.clone() } else { en.clone() }}</li> }).collect_view()}
                </ul>
            })}
        </form>
    }
}

// ---------------------------------------------------------------------------------------------
// /regulator/approvals

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let lang = use_lang();
    let account = match gated(Page::RegulatorApprovals, "/regulator/approvals") {
        Ok(a) => a,
        Err(v) => return v,
    };
    let query = use_query_map();
    let filter =
        query.with_untracked(|q| crate::api::plans::ApprovalQuery::from_params(|k| q.get(k)));
    let queue = {
        let filter = filter.clone();
        Resource::new(move || filter.clone(), crate::api::plans::approval_page)
    };
    let l = lang.get_untracked();
    let base = filter.params();
    let filters = view! {
        <form class="search filters" method="get" action="/regulator/approvals" id="approval-filter">
            <select name="status" aria-label=tx(l, "状态", "Status")>
                <option value="">{tx(l, "全部状态", "All statuses")}</option>
                {[shared::approval::RequestStatus::Pending, shared::approval::RequestStatus::Approved, shared::approval::RequestStatus::Rejected].into_iter().map(|st| view! {
                    <option value=st.code() selected=filter.status == st.code()>{st.name().get(l)}</option>
                }).collect_view()}
            </select>
            <input type="search" name="q" value=filter.q.clone() aria-label=tx(l, "计划或单位名称，或申请编号", "Name of the plan or unit, or the request's number") placeholder=tx(l, "名称或编号", "Name or number")/>
            <button type="submit">{tx(l, "筛选", "Filter")}</button>
        </form>
    };
    let scope = account
        .principal
        .jurisdiction
        .as_deref()
        .and_then(region)
        .map(|r| r.name);
    let refused = refused_form().filter(|r| r.form.starts_with("decision:"));
    let decided = move || query.with(|q| q.get("decided").is_some());
    view! {
        <section class="card">
            <h1>{move || tx(lang.get(), "审批事项", "Approvals")}</h1>
            <ExportLinks view="approvals" query=base.clone()/>
            <p class="intro" id="scope">{move || t(lang.get(), "regulator.scope")} " " <strong>{move || scope.map(|s| s.get(lang.get())).unwrap_or_default()}</strong></p>
            <p class="banner ok" class:hidden=move || !decided()>{move || tx(lang.get(), "审批意见已记录。", "The decision is recorded.")}</p>
            <RefusedBanner refused=refused/>
            {filters}
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || queue.get().map(|result| match result {
                    Ok(page) => {
                        let back_here = if page.page > 1 { [base.clone(), format!("page={}", page.page)].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("&") } else { base.clone() };
                        let (pager, summary) = crate::pages::layout::list_pager("/regulator/approvals", &base, page.page, crate::pages::layout::Counted::exact(page.total), page.per_page, l, ("项申请", " request"));
                        view! {
                            <p class="total" id="approvals-total">{summary}</p>
                            <RequestTable rows=page.rows decide=true back=back_here.clone()/>
                            {pager}
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
