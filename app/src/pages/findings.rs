//! 预警处置 — the findings of the regulator's jurisdiction with their triage: acknowledge,
//! assign, resolve, mark a false positive (with a note), reopen. Every change is kept.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::access::Page;
use shared::case::{triage_next, TriageAction, TriageState};
use shared::i18n::Lang;

use crate::api::triage::{regulator_findings, FindingItem};
use crate::i18n::{t, tr, use_lang};
use crate::pages::layout::ExportLinks;
use crate::pages::regulator::Forbidden;
use crate::session::{gate, is_denied, login_href, refused_form, Gate};

/// What a finding is about, in words: the kind of record and its name (or its number), and a
/// link where the regulator may open it.
fn subject_line(f: &FindingItem, l: Lang) -> AnyView {
    let kind = shared::i18n::record_kind(&f.subject_type)
        .map(|k| k.get(l).to_owned())
        .unwrap_or_else(|| f.subject_type.clone());
    let name = f
        .subject_name
        .clone()
        .unwrap_or_else(|| format!("#{}", f.subject_id));
    let sep = tr(l, "：", ": ");
    if f.subject_type == "project" && f.subject_name.is_some() {
        let href = format!("/projects/{}", f.subject_id);
        view! { {kind}{sep}<a href=href>{name}</a> }.into_any()
    } else {
        view! { {kind}{sep}{name} }.into_any()
    }
}

#[component]
pub fn FindingsPage() -> impl IntoView {
    let lang = use_lang();
    match gate(Page::RegulatorMonitor, "/regulator/findings") {
        Gate::Open(_) => {}
        Gate::SignIn => {
            return view! { <section class="card"><p id="sign-in-first"><a href=login_href("/regulator/findings")>{move || t(lang.get(), "account.sign_in")}</a></p></section> }.into_any()
        }
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    }
    let params = use_query_map().get_untracked();
    let query = crate::api::triage::FindingQuery::from_params(|k| params.get(k));
    let export_query = query.params();
    let list = {
        let query = query.clone();
        Resource::new(|| (), move |_| regulator_findings(query.clone()))
    };
    let refused = refused_form().filter(|r| r.form.starts_with("triage:") || r.form == "case_open");
    let typed_title = refused
        .as_ref()
        .filter(|r| r.form == "case_open")
        .and_then(|r| r.value("title").map(str::to_owned))
        .unwrap_or_default();
    let l = lang.get_untracked();
    view! {
        <section class="card">
            <h1>{tr(l, "预警处置", "Findings")}</h1>
            <ExportLinks view="findings" query=export_query/>
            <form class="search filters" method="get" action="/regulator/findings" id="findings-filter">
                <input type="search" name="q" value=query.q.clone() aria-label=tr(l, "预警内容", "Text of the finding") placeholder=tr(l, "预警内容（如 单位名称）", "Text (e.g. a unit's name)")/>
                <select name="state" aria-label=tr(l, "处置状态", "Triage state")>
                    <option value="">{tr(l, "全部状态", "All states")}</option>
                    {TriageState::ALL.iter().map(|s| view! { <option value=s.code() selected=query.state == s.code()>{s.name().get(l)}</option> }).collect_view()}
                </select>
                <select name="severity" aria-label=tr(l, "等级", "Severity")>
                    <option value="">{tr(l, "全部等级", "All severities")}</option>
                    {shared::checks::framework::Severity::ALL.iter().map(|s| view! { <option value=s.code() selected=query.severity == s.code()>{s.name().get(l)}</option> }).collect_view()}
                </select>
                <input name="check" value=query.check.clone() size="5" aria-label=tr(l, "规则编号", "Check") placeholder=tr(l, "规则，如 P11", "Check, e.g. P11")/>
                <button type="submit">{tr(l, "筛选", "Filter")}</button>
            </form>
            {refused.map(|r| {
                let msgs: Vec<String> = r.errors.iter().map(|e| e.message(l).to_owned()).collect();
                view! { <div class="banner error" role="alert" id="form-refused" data-form=r.form.clone()>{msgs.join("；")}</div> }
            })}
            // The checkboxes of the rows belong to this form (`form="open-case"`): a case from the
            // ticked findings, without JavaScript.
            <form class="search" id="open-case" method="post" action="/regulator/cases">
                <input name="title" aria-label=tr(l, "案件名称", "Case title") placeholder=tr(l, "案件名称", "Case title") value=typed_title/>
                <button type="submit">{tr(l, "勾选预警立案", "Open a case from the ticked findings")}</button>
            </form>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || list.get().map(|r| match r {
                    Ok(page) => {
                        let base = query.params();
                        let count = crate::pages::layout::Counted { total: page.total, cap: Some(crate::api::projects::COUNT_CAP), rows: page.rows.len() };
                        let (pager, summary) = crate::pages::layout::list_pager("/regulator/findings", &base, page.page, count, page.per_page, l, ("条预警", " finding"));
                        let items = page.rows;
                        view! {
                        <p class="total" id="findings-total">{summary}</p>
                        <table class="list" id="findings">
                            <tbody>
                                {items.into_iter().map(|f| {
                                    let state = f.state;
                                    let actions: Vec<TriageAction> = TriageAction::ALL.into_iter().filter(|a| triage_next(state, *a).is_some()).collect();
                                    view! {
                                        <tr data-id=f.id.to_string() data-state=state.code() data-check=f.check_id.clone()>
                                            <td><input type="checkbox" name="findings" form="open-case" value=f.id.to_string() aria-label=match l { Lang::Zh => format!("选择预警 {}", f.id), Lang::En => format!("Select finding {}", f.id) }/></td>
                                            <td>{f.created_at.china_display()}</td>
                                            <td class="wrap"><strong>{f.check_id.clone()}</strong>" "{if l == Lang::Zh { f.message_zh.clone() } else { f.message_en.clone() }}
                                                <br/><small class="subject">{subject_line(&f, l)}</small>
                                                <ul class="history">{f.history.iter().map(|h| view! {
                                                    <li>{format!("{} {} {} {} {}", h.at.china_display(), h.by, h.state.name().get(l), h.assignee.clone().unwrap_or_default(), h.note.clone().unwrap_or_default())}</li>
                                                }).collect_view()}</ul></td>
                                            <td class="state">{state.name().get(l)}</td>
                                            <td>
                                                <form class="triage" method="post" action=format!("/regulator/findings/{}/triage", f.id)>
                                                    <select name="action" aria-label=tr(l, "处置", "Action")>
                                                        {actions.into_iter().map(|a| view! { <option value=a.code()>{a.name().get(l)}</option> }).collect_view()}
                                                    </select>
                                                    <input name="assignee" aria-label=tr(l, "承办人", "Assignee") placeholder=tr(l, "承办人", "Assignee") size="6"/>
                                                    <input name="note" aria-label=tr(l, "说明", "Note") placeholder=tr(l, "说明", "Note")/>
                                                    <button type="submit">{tr(l, "提交", "Submit")}</button>
                                                </form>
                                            </td>
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
    }
    .into_any()
}
