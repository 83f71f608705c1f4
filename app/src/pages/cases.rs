//! 监督检查案件 — supervision cases: the regulator's list (`/regulator/cases`), one case with its
//! findings, history and the forms of the allowed steps (`/regulator/cases/{id}`), its printable
//! page (`/regulator/cases/{id}/print`), the purchaser's or agency's replies (`/cases`) and the
//! risk queue (`/regulator/risk`). Every page works without JavaScript: the forms post and the
//! server redirects back.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use shared::access::Page;
use shared::case::{allowed, CaseAction, CaseState};
use shared::i18n::Lang;
use shared::region::region;

use crate::api::cases::{
    get_case_view, get_risk_queue, party_case_items, regulator_case_page, CaseEvent, CaseView,
};
use crate::api::plans::Refused;
use crate::i18n::{t, tr, use_lang};
use crate::pages::layout::ExportLinks;
use crate::pages::regulator::Forbidden;
use crate::session::{gate, is_denied, login_href, refused_form, Gate};

/// The name of a history entry's action (`open` is the opening).
fn action_name(code: &str, l: Lang) -> String {
    if code == "open" {
        return tr(l, "立案", "Opened").to_owned();
    }
    CaseAction::from_code(code)
        .map(|a| a.name().get(l).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn jurisdiction_name(code: &str, l: Lang) -> String {
    region(code)
        .map(|r| r.name.get(l).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn violation_list(codes: &[String], l: Lang) -> String {
    if codes.is_empty() {
        return tr(l, "未发现违规", "No violation found").to_owned();
    }
    codes
        .iter()
        .map(|c| match shared::checks::meta(c) {
            Some(m) => format!("{c} {}", m.title.get(l)),
            None => c.clone(),
        })
        .collect::<Vec<_>>()
        .join("；")
}

fn sign_in(path: &str) -> AnyView {
    let lang = use_lang();
    let href = login_href(path);
    view! { <section class="card"><p id="sign-in-first"><a href=href>{move || t(lang.get(), "account.sign_in")}</a></p></section> }.into_any()
}

/// The refusal of a posted form whose name starts with `prefix`.
fn refusal(prefix: &str) -> Option<Refused> {
    refused_form().filter(|r| r.form.starts_with(prefix))
}

/// A refusal as a banner.
fn banner(r: &Refused, l: Lang) -> AnyView {
    let msgs: Vec<String> = if r.unavailable {
        vec![t(l, "list.error").to_owned()]
    } else {
        r.errors.iter().map(|e| e.message(l).to_owned()).collect()
    };
    view! { <div class="banner error" role="alert" id="form-refused" data-form=r.form.clone()>{msgs.join("；")}</div> }.into_any()
}

fn not_found_view() -> AnyView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
        r.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! { <p class="banner error" id="not-found">{move || t(lang.get(), "notfound.heading")}</p> }
        .into_any()
}

// ---------------------------------------------------------------------------------------------
// /regulator/cases

#[component]
pub fn CasesPage() -> impl IntoView {
    let lang = use_lang();
    match gate(Page::RegulatorCases, "/regulator/cases") {
        Gate::Open(_) => {}
        Gate::SignIn => return sign_in("/regulator/cases"),
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    }
    let q = use_query_map();
    let state = q.with_untracked(|q| q.get("state").unwrap_or_default());
    let export_query = if state.is_empty() {
        String::new()
    } else {
        format!("state={}", crate::pages::layout::encode_component(&state))
    };
    let page = q.with_untracked(|q| {
        q.get("page")
            .and_then(|p| p.trim().parse::<u32>().ok())
            .unwrap_or(1)
            .clamp(1, 100_000)
    });
    let base = export_query.clone();
    let list = {
        let state = state.clone();
        Resource::new(
            move || (state.clone(), page),
            |(state, page)| regulator_case_page(state, page),
        )
    };
    let l = lang.get_untracked();
    view! {
        <section class="card">
            <h1>{tr(l, "监督检查案件", "Supervision cases")}</h1>
            <ExportLinks view="cases" query=export_query/>
            <p class="intro">{tr(l, "从预警处置或风险队列勾选预警立案。", "Open a case from the findings page or the risk queue.")}
                " " <a href="/regulator/findings">{tr(l, "预警处置", "Findings")}</a>" · "<a href="/regulator/risk">{tr(l, "风险队列", "Risk queue")}</a></p>
            <form class="search" method="get" action="/regulator/cases">
                <select name="state" aria-label=tr(l, "案件状态", "Case state")>
                    <option value="">{tr(l, "全部", "All")}</option>
                    {CaseState::ALL.iter().map(|s| view! { <option value=s.code()>{s.name().get(l)}</option> }).collect_view()}
                </select>
                <button type="submit">{tr(l, "筛选", "Filter")}</button>
            </form>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || list.get().map(|r| match r {
                    Ok(p) if p.rows.is_empty() && p.total == 0 => view! { <p class="empty" id="no-cases">{tr(l, "暂无案件", "No cases")}</p> }.into_any(),
                    Ok(p) => {
                        let (pager, summary) = crate::pages::layout::list_pager("/regulator/cases", &base, p.page, crate::pages::layout::Counted::exact(p.total), p.per_page, l, ("起案件", " case"));
                        let rows = p.rows;
                        view! {
                        <p class="total" id="cases-total">{summary}</p>
                        <div class="table-wrap"><table class="list" id="cases">
                            <thead><tr>
                                <th>{tr(l, "编号", "No.")}</th><th>{tr(l, "案件", "Case")}</th><th>{tr(l, "辖区", "Jurisdiction")}</th>
                                <th>{tr(l, "状态", "State")}</th><th>{tr(l, "预警", "Findings")}</th><th>{tr(l, "立案", "Opened")}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|c| view! {
                                    <tr data-id=c.id.to_string() data-state=c.state.code()>
                                        <td>{c.id}</td>
                                        <td><a href=format!("/regulator/cases/{}", c.id)>{c.title.clone()}</a></td>
                                        <td>{jurisdiction_name(&c.jurisdiction_code, l)}</td>
                                        <td class="state">{c.state.name().get(l)}</td>
                                        <td>{c.findings}</td>
                                        <td>{format!("{} {}", c.opened_at.china_display(), c.opened_by)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table></div>
                        {pager}
                    }.into_any() }
                    Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                    Err(_) => view! { <p class="banner error">{move || t(lang.get(), "list.error")}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// /regulator/cases/{id}

fn case_id() -> i64 {
    let params = use_params_map();
    params.with_untracked(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0))
}

#[component]
pub fn CasePage() -> impl IntoView {
    let lang = use_lang();
    let id = case_id();
    let path = format!("/regulator/cases/{id}");
    match gate(Page::RegulatorCases, &path) {
        Gate::Open(_) => {}
        Gate::SignIn => return sign_in(&path),
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    }
    let l = lang.get_untracked();
    let res = Resource::new(move || id, get_case_view);
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let refused = refusal("case_");
    view! {
        <section class="card">
            {done.map(|d| view! { <p class="banner success" id="flash">{format!("{} ✓ {}", tr(l, "已完成", "Done"), action_name(&d, l))}</p> })}
            {refused.as_ref().map(|r| banner(r, l))}
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {
                    move || {
                        let refused = refused.clone();
                        res.get().map(move |r| match r {
                            Ok(v) => view! { <CaseBody v=v refused=refused/> }.into_any(),
                            Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                            Err(_) => not_found_view(),
                        })
                    }
                }
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn CaseFacts(v: CaseView) -> impl IntoView {
    let l = use_lang().get_untracked();
    let c = v.case;
    view! {
        <dl class="facts">
            <dt>{tr(l, "案件编号", "Case no.")}</dt><dd id="case-id">{c.id}</dd>
            <dt>{tr(l, "案件名称", "Title")}</dt><dd id="case-title">{c.title.clone()}</dd>
            <dt>{tr(l, "辖区", "Jurisdiction")}</dt><dd>{jurisdiction_name(&c.jurisdiction_code, l)}</dd>
            <dt>{tr(l, "状态", "State")}</dt><dd id="case-state" data-state=c.state.code()>{c.state.name().get(l)}</dd>
            <dt>{tr(l, "立案", "Opened")}</dt><dd>{format!("{} {}", c.opened_at.china_display(), c.opened_by)}</dd>
            <dt>{tr(l, "涉及单位", "Parties")}</dt><dd>{v.parties.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join("、")}</dd>
        </dl>
    }
}

#[component]
fn FindingsTable(v: CaseView, links: bool) -> impl IntoView {
    let l = use_lang().get_untracked();
    view! {
        <table class="list" id="case-findings">
            <thead><tr><th>{tr(l, "时间", "Time")}</th><th>{tr(l, "检查", "Check")}</th><th>{tr(l, "级别", "Severity")}</th><th>{tr(l, "对象", "Subject")}</th><th>{tr(l, "内容", "Message")}</th></tr></thead>
            <tbody>
                {v.findings.into_iter().map(|f| {
                    let subject = format!("{} {}", if f.subject_type == "project" { tr(l, "项目", "project") } else { tr(l, "计划", "plan") }, f.subject_id);
                    let subject = if links && f.subject_type == "project" {
                        view! { <a href=format!("/projects/{}", f.subject_id)>{subject}</a> }.into_any()
                    } else {
                        view! { <span>{subject}</span> }.into_any()
                    };
                    view! {
                        <tr data-id=f.id.to_string()>
                            <td>{f.created_at.china_display()}</td><td><strong>{f.check_id.clone()}</strong></td><td>{f.severity.name().get(l)}</td><td>{subject}</td>
                            <td class="wrap">{if l == Lang::Zh { f.message_zh.clone() } else { f.message_en.clone() }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// One history entry as text.
fn event_line(e: &CaseEvent, l: Lang) -> String {
    let mut parts = vec![
        e.at.china_display(),
        e.by.clone(),
        action_name(&e.action, l),
        format!(
            "{}{}",
            e.from_state
                .map(|s| format!("{} → ", s.name().get(l)))
                .unwrap_or_default(),
            e.to_state.name().get(l)
        ),
    ];
    if let Some(a) = &e.addressee {
        parts.push(format!("{}：{a}", tr(l, "对象", "to")));
    }
    if let Some(d) = e.due_date {
        parts.push(format!(
            "{}：{d}{}",
            tr(l, "期限", "due"),
            shared::calendar::provisional_mark(d, l)
        ));
    }
    if e.action == "conclude" {
        parts.push(format!(
            "{}：{}",
            tr(l, "违规代码", "violations"),
            violation_list(&e.violations, l)
        ));
    }
    parts.join(" · ")
}

#[component]
fn History(events: Vec<CaseEvent>) -> impl IntoView {
    let l = use_lang().get_untracked();
    view! {
        <ol class="history" id="case-history">
            {events.into_iter().map(|e| view! {
                <li data-action=e.action.clone() data-id=e.id.to_string()>
                    <span class="meta">{event_line(&e, l)}</span>
                    {e.text.clone().map(|t| view! { <p class="text">{t}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
}

#[component]
fn CaseBody(v: CaseView, refused: Option<Refused>) -> impl IntoView {
    let l = use_lang().get_untracked();
    let id = v.case.id;
    let state = v.case.state;
    let actions: Vec<CaseAction> = allowed(state, v.violations_found)
        .into_iter()
        .filter(|a| a.by_regulator())
        .collect();
    let typed = move |action: CaseAction, field: &str| -> String {
        refused
            .as_ref()
            .filter(|r| r.form == format!("case_step:{}", action.code()))
            .and_then(|r| r.value(field).map(str::to_owned))
            .unwrap_or_default()
    };
    let parties = v.parties.clone();
    let party_select = move || {
        view! {
            <select name="addressee" aria-label=tr(l, "询问对象", "Addressee")>
                {parties.iter().map(|p| view! { <option value=p.organisation_id.to_string()>{p.name.clone()}</option> }).collect_view()}
            </select>
        }
    };
    let forms = actions
        .into_iter()
        .map(|a| {
            let body = match a {
                CaseAction::Ask => view! {
                    <label>{tr(l, "询问对象", "To")}" "{party_select()}</label>
                    <label>{tr(l, "答复期限（工作日）", "Answer within (working days)")}" "<input name="workdays" size="3" value={let w = typed(a, "workdays"); if w.is_empty() { "5".to_owned() } else { w }}/></label>
                    <textarea name="text" rows="3" aria-label=tr(l, "询问事项", "Questions") placeholder=tr(l, "询问事项", "Questions")>{typed(a, "text")}</textarea>
                }.into_any(),
                CaseAction::Conclude => view! {
                    <label>{tr(l, "违规代码（检查编号，逗号分隔；未发现违规则留空）", "Violation codes (check ids, comma-separated; empty: none found)")}" "
                        <input name="violations" aria-label=tr(l, "违法违规情形编号", "Violations") placeholder="P04, M25" value=typed(a, "violations")/></label>
                    <textarea name="text" rows="3" aria-label=tr(l, "认定意见", "Conclusion") placeholder=tr(l, "认定意见", "Conclusion")>{typed(a, "text")}</textarea>
                }.into_any(),
                CaseAction::OrderRectification => view! {
                    <label>{tr(l, "整改对象", "To")}" "{party_select()}</label>
                    <label>{tr(l, "整改期限（工作日）", "Rectify within (working days)")}" "<input name="workdays" size="3" value={let w = typed(a, "workdays"); if w.is_empty() { "15".to_owned() } else { w }}/></label>
                    <textarea name="text" rows="3" aria-label=tr(l, "整改要求", "Requirements") placeholder=tr(l, "整改要求", "Requirements")>{typed(a, "text")}</textarea>
                }.into_any(),
                _ => view! {
                    <textarea name="text" rows="2" aria-label=tr(l, "结案说明", "Closing note") placeholder=tr(l, "结案说明（可选）", "Closing note (optional)")>{typed(a, "text")}</textarea>
                }.into_any(),
            };
            view! {
                <form class="case-step" method="post" action=format!("/regulator/cases/{id}/steps") id=format!("step-{}", a.code())>
                    <fieldset class="field">
                        <legend>{a.name().get(l)}</legend>
                        <input type="hidden" name="action" value=a.code()/>
                        {body}
                        <p><button type="submit">{a.name().get(l)}</button></p>
                    </fieldset>
                </form>
            }
        })
        .collect_view();
    let events = v.events.clone();
    view! {
        <h1>{tr(l, "监督检查案件", "Supervision case")}" " {v.case.title.clone()}</h1>
        <p><a id="print-link" href=format!("/regulator/cases/{id}/print")>{tr(l, "打印版", "Printable page")}</a>" · "<a href="/regulator/cases">{tr(l, "案件列表", "All cases")}</a></p>
        <CaseFacts v=v.clone()/>
        <h2>{tr(l, "关联预警", "Findings")}</h2>
        <div class="table-wrap"><FindingsTable v=v.clone() links=true/></div>
        <h2>{tr(l, "办理", "Next steps")}</h2>
        {forms}
        <h2>{tr(l, "案件记录", "History")}</h2>
        <History events=events/>
    }
}

// ---------------------------------------------------------------------------------------------
// /regulator/cases/{id}/print

#[component]
pub fn CasePrintPage() -> impl IntoView {
    let lang = use_lang();
    let id = case_id();
    let path = format!("/regulator/cases/{id}/print");
    match gate(Page::RegulatorCases, &path) {
        Gate::Open(_) => {}
        Gate::SignIn => return sign_in(&path),
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    }
    let res = Resource::new(move || id, get_case_view);
    view! {
        <article class="print-page" id="case-print">
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || res.get().map(|r| match r {
                    Ok(v) => view! { <PrintBody v=v/> }.into_any(),
                    Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                    Err(_) => not_found_view(),
                })}
            </Suspense>
        </article>
    }
    .into_any()
}

#[component]
fn PrintBody(v: CaseView) -> impl IntoView {
    let l = use_lang().get_untracked();
    let asks: Vec<(CaseEvent, Option<CaseEvent>)> = v
        .events
        .iter()
        .filter(|e| e.action == "ask")
        .map(|e| (e.clone(), v.reply_of(e.id).cloned()))
        .collect();
    let orders: Vec<(CaseEvent, Option<CaseEvent>)> = v
        .events
        .iter()
        .filter(|e| e.action == "order_rectification")
        .map(|e| (e.clone(), v.reply_of(e.id).cloned()))
        .collect();
    let conclusion = v
        .events
        .iter()
        .rev()
        .find(|e| e.action == "conclude")
        .cloned();
    let none = tr(l, "无", "None");
    let reply_text = move |r: &Option<CaseEvent>| match r {
        Some(r) => format!(
            "{}（{} {}）",
            r.text.clone().unwrap_or_default(),
            r.at.china_display(),
            r.by
        ),
        None => tr(l, "未答复", "No reply").to_owned(),
    };
    view! {
        <header class="print-head">
            <p class="print-org">{tr(l, "常州市政府采购一体化监管平台", "Changzhou government procurement supervision platform")}</p>
            <h1>{tr(l, "监督检查案件", "Supervision case")}" " {format!("{}{}", tr(l, "第", "No. "), v.case.id)}{tr(l, "号", "")}</h1>
        </header>
        <CaseFacts v=v.clone()/>
        <h2>{tr(l, "一、关联预警", "1. Findings")}</h2>
        <FindingsTable v=v.clone() links=false/>
        <h2>{tr(l, "二、询问与答复", "2. Questions and answers")}</h2>
        {if asks.is_empty() { view! { <p>{none}</p> }.into_any() } else { view! {
            <table class="list" id="print-questions">
                <thead><tr><th>{tr(l, "询问", "Question")}</th><th>{tr(l, "对象", "To")}</th><th>{tr(l, "期限", "Due")}</th><th>{tr(l, "答复", "Answer")}</th></tr></thead>
                <tbody>{asks.into_iter().map(|(q, a)| view! {
                    <tr><td class="wrap">{q.text.clone().unwrap_or_default()}<br/><small>{format!("{} {}", q.at.china_display(), q.by)}</small></td>
                        <td>{q.addressee.clone().unwrap_or_default()}</td><td>{q.due_date.map(|d| format!("{d}{}", shared::calendar::provisional_mark(d, l))).unwrap_or_default()}</td>
                        <td class="wrap">{reply_text(&a)}</td></tr>
                }).collect_view()}</tbody>
            </table>
        }.into_any() }}
        <h2>{tr(l, "三、认定意见", "3. Conclusion")}</h2>
        {match conclusion {
            None => view! { <p>{tr(l, "尚未认定", "Not concluded yet")}</p> }.into_any(),
            Some(c) => view! {
                <p id="print-violations"><strong>{tr(l, "违规代码：", "Violation codes: ")}</strong>{violation_list(&c.violations, l)}</p>
                <p class="wrap">{c.text.clone().unwrap_or_default()}</p>
                <p><small>{format!("{} {}", c.at.china_display(), c.by)}</small></p>
            }.into_any(),
        }}
        <h2>{tr(l, "四、整改", "4. Rectification")}</h2>
        {if orders.is_empty() { view! { <p>{none}</p> }.into_any() } else { view! {
            <table class="list" id="print-rectification">
                <thead><tr><th>{tr(l, "整改要求", "Requirements")}</th><th>{tr(l, "对象", "To")}</th><th>{tr(l, "期限", "Due")}</th><th>{tr(l, "整改报告", "Report")}</th></tr></thead>
                <tbody>{orders.into_iter().map(|(o, r)| view! {
                    <tr><td class="wrap">{o.text.clone().unwrap_or_default()}</td>
                        <td>{o.addressee.clone().unwrap_or_default()}</td><td>{o.due_date.map(|d| format!("{d}{}", shared::calendar::provisional_mark(d, l))).unwrap_or_default()}</td>
                        <td class="wrap">{reply_text(&r)}</td></tr>
                }).collect_view()}</tbody>
            </table>
        }.into_any() }}
        <h2>{tr(l, "五、案件记录", "5. History")}</h2>
        <History events=v.events.clone()/>
        <p class="print-foot">{tr(l, "时间均为北京时间（UTC+8）。本页由平台生成，记录不可删除。", "Times are China Standard Time (UTC+8). Generated by the platform; the record is never deleted.")}</p>
    }
}

// ---------------------------------------------------------------------------------------------
// /cases (purchaser, agency)

#[component]
pub fn PartyCasesPage() -> impl IntoView {
    let lang = use_lang();
    match gate(Page::CaseReplies, "/cases") {
        Gate::Open(_) => {}
        Gate::SignIn => return sign_in("/cases"),
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    }
    let l = lang.get_untracked();
    let items = Resource::new(|| (), |_| party_case_items());
    let refused = refusal("case_reply:");
    let replied = use_query_map().with_untracked(|q| q.get("replied"));
    let typed = refused.as_ref().map(|r| {
        (
            r.form.clone(),
            r.value("text").unwrap_or_default().to_owned(),
        )
    });
    view! {
        <section class="card">
            <h1>{tr(l, "监督事项", "Supervision matters")}</h1>
            <p class="intro">{tr(l, "财政部门向本单位提出的询问和整改要求。请在期限（工作日）内答复或提交整改报告。",
                "The questions and rectification orders the finance bureau addressed to your organisation. Answer or report within the period (working days).")}</p>
            {replied.map(|_| view! { <p class="banner success" id="flash">{tr(l, "已提交", "Submitted")}</p> })}
            {refused.as_ref().map(|r| banner(r, l))}
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || {
                    let typed = typed.clone();
                    items.get().map(move |r| match r {
                    Ok(items) if items.is_empty() => view! { <p class="empty" id="no-items">{tr(l, "暂无事项", "Nothing addressed to you")}</p> }.into_any(),
                    Ok(items) => view! {
                        <ul class="events" id="party-items">
                            {items.into_iter().map(|i| {
                                let is_ask = i.kind == CaseAction::Ask;
                                let prefill = typed.as_ref().filter(|(f, _)| *f == format!("case_reply:{}", i.event_id)).map(|(_, t)| t.clone()).unwrap_or_default();
                                view! {
                                    <li id=format!("item-{}", i.event_id) data-id=i.event_id.to_string() data-kind=i.kind.code()>
                                        <strong>{if is_ask { tr(l, "询问", "Question") } else { tr(l, "整改要求", "Rectification order") }}</strong>
                                        {format!(" · {} {} · {} {}", tr(l, "案件", "case"), i.case_title, tr(l, "期限", "due"), i.due_date.map(|d| format!("{d}{}", shared::calendar::provisional_mark(d, l))).unwrap_or_default())}
                                        <p class="text">{i.text.clone()}</p>
                                        {match (i.reply.clone(), i.awaited) {
                                            (Some((text, at)), _) => view! { <p class="reply">{format!("{}（{}）：{text}", tr(l, "已答复", "Replied"), at.china_display())}</p> }.into_any(),
                                            (None, true) => view! {
                                                <form method="post" action=format!("/cases/replies/{}", i.event_id)>
                                                    <textarea name="text" rows="3" aria-label=tr(l, "答复", "Reply") placeholder=if is_ask { tr(l, "答复内容", "Your answer") } else { tr(l, "整改报告", "Rectification report") }>{prefill}</textarea>
                                                    <p><button type="submit">{if is_ask { tr(l, "提交答复", "Answer") } else { tr(l, "提交整改报告", "Submit the report") }}</button></p>
                                                </form>
                                            }.into_any(),
                                            (None, false) => view! { <p class="muted">{tr(l, "无需答复", "No reply awaited")}</p> }.into_any(),
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                    Err(_) => view! { <p class="banner error">{move || t(lang.get(), "list.error")}</p> }.into_any(),
                })}}
            </Suspense>
        </section>
    }
    .into_any()
}

// ---------------------------------------------------------------------------------------------
// /regulator/risk

#[component]
pub fn RiskPage() -> impl IntoView {
    let lang = use_lang();
    match gate(Page::RegulatorCases, "/regulator/risk") {
        Gate::Open(_) => {}
        Gate::SignIn => return sign_in("/regulator/risk"),
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    }
    let l = lang.get_untracked();
    let page = use_query_map().with_untracked(|q| {
        q.get("page")
            .and_then(|p| p.trim().parse::<u32>().ok())
            .unwrap_or(1)
            .clamp(1, 100_000)
    });
    let queue = Resource::new(move || page, get_risk_queue);
    view! {
        <section class="card">
            <h1>{tr(l, "风险队列", "Risk queue")}</h1>
            <ExportLinks view="risk"/>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || queue.get().map(|r| match r {
                    Ok(q) => {
                        let w = q.weights;
                        let first = (q.page.max(1) as usize - 1) * q.per_page as usize;
                        let (pager, summary) = crate::pages::layout::list_pager("/regulator/risk", "", q.page, crate::pages::layout::Counted::exact(q.total), q.per_page, l, ("个项目", " project"));
                        view! {
                            <p class="intro" id="risk-weights">{format!("{}：{} {} · {} {} · {} {} · {} {}",
                                tr(l, "风险分按预警级别加权（同一检查计一次，已处理和误报不计，最高100）", "Score weighted by severity (each check once, resolved and false positives not counted, at most 100)"),
                                tr(l, "严重", "critical"), w.critical, tr(l, "高", "high"), w.high, tr(l, "中", "medium"), w.medium, tr(l, "低", "low"), w.low)}</p>
                            {if q.rows.is_empty() && q.total == 0 { view! { <p class="empty" id="no-risk">{tr(l, "暂无风险项目", "No project with findings")}</p> }.into_any() } else { view! {
                            <p class="total" id="risk-total">{summary}</p>
                            <div class="table-wrap"><table class="list" id="risk">
                                <thead><tr>
                                    <th>"#"</th><th>{tr(l, "风险分", "Score")}</th><th>{tr(l, "项目", "Project")}</th><th>{tr(l, "采购单位", "Purchaser")}</th>
                                    <th>{tr(l, "严重", "Critical")}</th><th>{tr(l, "高", "High")}</th><th>{tr(l, "中", "Medium")}</th><th>{tr(l, "低", "Low")}</th>
                                    <th>{tr(l, "未处置", "Untriaged")}</th><th>{tr(l, "立案", "Case")}</th>
                                </tr></thead>
                                <tbody>
                                    {q.rows.into_iter().enumerate().map(|(n, r)| view! {
                                        <tr data-project=r.project_id.to_string() data-score=r.risk.score.to_string()>
                                            <td>{first + n + 1}</td>
                                            <td class="score"><strong>{r.risk.score}</strong></td>
                                            <td><a href=format!("/projects/{}", r.project_id)>{r.name.clone()}</a></td>
                                            <td>{r.unit_name.clone()}</td>
                                            <td>{r.risk.critical}</td><td>{r.risk.high}</td><td>{r.risk.medium}</td><td>{r.risk.low}</td>
                                            <td class="untriaged">{r.risk.untriaged}</td>
                                            <td>
                                                <form method="post" action="/regulator/cases" class="inline">
                                                    {r.finding_ids.iter().map(|f| view! { <input type="hidden" name="findings" value=f.to_string()/> }).collect_view()}
                                                    <input name="title" aria-label=tr(l, "案件名称", "Case title") size="14" value=format!("{}{}", r.name, tr(l, "风险核查", " risk review"))/>
                                                    <button type="submit">{tr(l, "立案", "Open a case")}</button>
                                                </form>
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            {pager}
                            }.into_any() }}
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
