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
    let q = use_query_map();
    let state = q.with_untracked(|q| q.get("state").unwrap_or_default());
    let export_query = if state.is_empty() {
        String::new()
    } else {
        format!("state={}", crate::pages::layout::encode_component(&state))
    };
    let list = Resource::new(move || state.clone(), regulator_findings);
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
            <form class="search" method="get" action="/regulator/findings">
                <select name="state" aria-label="state">
                    <option value="">{tr(l, "全部", "All")}</option>
                    {TriageState::ALL.iter().map(|s| view! { <option value=s.code()>{s.name().get(l)}</option> }).collect_view()}
                </select>
                <button type="submit">{tr(l, "筛选", "Filter")}</button>
            </form>
            {refused.map(|r| {
                let msgs: Vec<String> = r.errors.iter().map(|e| e.message(l).to_owned()).collect();
                view! { <div class="banner error" role="alert" id="form-refused" data-form=r.form.clone()>{msgs.join("；")}</div> }
            })}
            // The checkboxes of the rows belong to this form (`form="open-case"`): a case from the
            // ticked findings, without JavaScript.
            <form class="search" id="open-case" method="post" action="/regulator/cases">
                <input name="title" aria-label="title" placeholder=tr(l, "案件名称", "Case title") value=typed_title/>
                <button type="submit">{tr(l, "勾选预警立案", "Open a case from the ticked findings")}</button>
            </form>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || list.get().map(|r| match r {
                    Ok(items) => view! {
                        <table class="list" id="findings">
                            <tbody>
                                {items.into_iter().map(|f| {
                                    let state = f.state;
                                    let actions: Vec<TriageAction> = TriageAction::ALL.into_iter().filter(|a| triage_next(state, *a).is_some()).collect();
                                    view! {
                                        <tr data-id=f.id.to_string() data-state=state.code() data-check=f.check_id.clone()>
                                            <td><input type="checkbox" name="findings" form="open-case" value=f.id.to_string() aria-label=format!("finding {}", f.id)/></td>
                                            <td>{f.created_at.china_display()}</td>
                                            <td class="wrap"><strong>{f.check_id.clone()}</strong>" "{if l == Lang::Zh { f.message_zh.clone() } else { f.message_en.clone() }}
                                                <br/><small class="subject">{subject_line(&f, l)}</small>
                                                <ul class="history">{f.history.iter().map(|h| view! {
                                                    <li>{format!("{} {} {} {} {}", h.at.china_display(), h.by, h.state.name().get(l), h.assignee.clone().unwrap_or_default(), h.note.clone().unwrap_or_default())}</li>
                                                }).collect_view()}</ul></td>
                                            <td class="state">{state.name().get(l)}</td>
                                            <td>
                                                <form class="triage" method="post" action=format!("/regulator/findings/{}/triage", f.id)>
                                                    <select name="action" aria-label="action">
                                                        {actions.into_iter().map(|a| view! { <option value=a.code()>{a.name().get(l)}</option> }).collect_view()}
                                                    </select>
                                                    <input name="assignee" aria-label="assignee" placeholder=tr(l, "承办人", "Assignee") size="6"/>
                                                    <input name="note" aria-label="note" placeholder=tr(l, "说明", "Note")/>
                                                    <button type="submit">{tr(l, "提交", "Submit")}</button>
                                                </form>
                                            </td>
                                        </tr>
                                    }
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
