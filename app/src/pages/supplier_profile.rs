//! 单位资料 — a supplier's own data after registration (`/supplier/profile`): its bound accounts
//! change it with the registration's rules (the credit code stays); and the regulator's view of
//! one supplier (`/regulator/suppliers/{code}`), where it may ask for a correction with a note.
//! A correction request blocks nothing: the supplier keeps bidding. Plain forms.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use shared::access::Page;
use shared::i18n::Lang;
use shared::model::ObjectType;
use shared::region::{region, REGIONS};
use shared::supplier::{field_label, EnterpriseSize, CATEGORIES};

use crate::api::accounts::{
    own_supplier_profile, regulator_supplier, CorrectionView, SupplierProfileView,
};
use crate::api::plans::Refused;
use crate::i18n::{t, tr, use_lang};
use crate::pages::regulator::Forbidden;
use crate::session::{gate, login_href, refused_form, Gate};

fn refused(form: &str) -> Option<Refused> {
    refused_form().filter(|r| r.form == form)
}

fn region_text(code: &str, l: Lang) -> String {
    region(code)
        .map(|r| r.name.get(l).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn size_text(code: &str, l: Lang) -> String {
    EnterpriseSize::from_code(code)
        .map(|s| s.name().get(l).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn categories_text(codes: &[String], l: Lang) -> String {
    codes
        .iter()
        .map(|c| {
            CATEGORIES
                .iter()
                .find(|x| x.code == c)
                .map(|x| x.name.get(l).to_owned())
                .unwrap_or_else(|| c.clone())
        })
        .collect::<Vec<_>>()
        .join(if l == Lang::Zh { "、" } else { ", " })
}

/// The correction requests, the open ones marked.
fn corrections(list: &[CorrectionView], l: Lang) -> AnyView {
    if list.is_empty() {
        return view! { <p class="hint" id="no-corrections">{tr(l, "没有更正要求。", "No correction requests.")}</p> }.into_any();
    }
    view! {
        <ul class="corrections" id="corrections">
            {list.iter().map(|c| {
                let open = c.resolved_at.is_none();
                view! {
                    <li class:open=open data-open=open.to_string()>
                        <strong>{c.requested_at.china_display()}</strong> " · " {c.by.clone()} "：" {c.note.clone()} " "
                        {match c.resolved_at {
                            None => view! { <span class="badge warn">{tr(l, "待更正", "Open")}</span> }.into_any(),
                            Some(at) => view! { <span class="badge ok">{match l { Lang::Zh => format!("已于 {} 更正", at.china_display()), Lang::En => format!("answered {}", at.china_display()) }}</span> }.into_any(),
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The facts of a profile, read-only.
fn facts(p: &SupplierProfileView, l: Lang) -> AnyView {
    let label = |f: &str| field_label(f).get(l).to_owned();
    view! {
        <dl class="facts" id="supplier-facts">
            <dt>{label("name")}</dt><dd id="profile-name">{p.name.clone()}</dd>
            <dt>{label("credit_code")}</dt><dd><code>{p.credit_code.clone()}</code> " "
                {if p.verified { view! { <span class="badge ok">{tr(l, "主体已核验", "Identity verified")}</span> }.into_any() } else { view! { <span class="badge warn">{tr(l, "主体未核验", "Identity not verified")}</span> }.into_any() }}</dd>
            <dt>{label("legal_rep")}</dt><dd>{p.legal_rep.clone()}</dd>
            <dt>{label("contact_person")}</dt><dd>{p.contact_person.clone()}</dd>
            <dt>{label("phone")}</dt><dd>{p.phone.clone()}</dd>
            <dt>{label("email")}</dt><dd>{p.email.clone()}</dd>
            <dt>{label("region")}</dt><dd>{region_text(&p.region_code, l)}</dd>
            <dt>{label("address")}</dt><dd>{p.address.clone()}</dd>
            <dt>{label("size")}</dt><dd>{size_text(&p.size, l)}</dd>
            <dt>{label("categories")}</dt><dd>{categories_text(&p.categories, l)}</dd>
            <dt>{tr(l, "注册时间", "Registered")}</dt><dd>{p.registered_at.china_display()}</dd>
            {p.updated_at.map(|at| view! { <dt>{tr(l, "最近修改", "Last changed")}</dt><dd>{at.china_display()}</dd> })}
        </dl>
    }
    .into_any()
}

/// The change form, filled with what was typed (a refusal) or what is stored.
fn edit_form(p: &SupplierProfileView, l: Lang) -> AnyView {
    let r = refused("supplier-profile");
    let value = |f: &str, stored: &str| -> String {
        r.as_ref()
            .and_then(|r| r.value(f).map(str::to_owned))
            .unwrap_or_else(|| stored.to_owned())
    };
    let error = |f: &str| {
        r.as_ref()
            .and_then(|r| r.errors.for_field(f).map(|e| e.message(l).to_owned()))
    };
    let chosen: Vec<String> = match &r {
        Some(r) => r
            .values
            .iter()
            .filter(|(k, _)| k == "categories")
            .map(|(_, v)| v.clone())
            .collect(),
        None => p.categories.clone(),
    };
    let form_error = error("form");
    let text = |name: &'static str, stored: &str, kind: &'static str| {
        let err = error(name);
        let invalid = err.is_some();
        let id = format!("p-{name}");
        let err_id = format!("err-{name}");
        view! {
            <div class="field" class:invalid=invalid>
                <label for=id.clone()>{field_label(name).get(l)}</label>
                <input id=id name=name type=kind value=value(name, stored) aria-describedby=err_id.clone()/>
                <p class="field-error" id=err_id role="alert">{err}</p>
            </div>
        }
    };
    let region_now = value("region", &p.region_code);
    let size_now = value("size", &p.size);
    view! {
        <form method="post" action="/supplier/profile" id="supplier-profile-form" novalidate=true>
            {form_error.map(|m| view! { <p class="banner error" role="alert" id="form-refused">{m}</p> })}
            {r.as_ref().filter(|r| r.unavailable).map(|_| view! { <p class="banner error" role="alert">{t(l, "form.unavailable")}</p> })}
            {text("name", &p.name, "text")}
            {text("legal_rep", &p.legal_rep, "text")}
            {text("contact_person", &p.contact_person, "text")}
            {text("phone", &p.phone, "tel")}
            {text("email", &p.email, "email")}
            <div class="field" class:invalid=error("region").is_some()>
                <label for="p-region">{field_label("region").get(l)}</label>
                <select id="p-region" name="region" aria-describedby="err-region">
                    {REGIONS.iter().map(|x| { let sel = region_now == x.code; view! { <option value=x.code selected=sel>{x.name.get(l)}</option> } }).collect_view()}
                </select>
                <p class="field-error" id="err-region" role="alert">{error("region")}</p>
            </div>
            {text("address", &p.address, "text")}
            <fieldset class="field" class:invalid=error("size").is_some()>
                <legend>{field_label("size").get(l)}</legend>
                {EnterpriseSize::ALL.iter().map(|s| { let on = size_now == s.code(); view! { <label class="choice"><input type="radio" name="size" value=s.code() checked=on/>{s.name().get(l)}</label> } }).collect_view()}
                <p class="field-error" id="err-size" role="alert">{error("size")}</p>
            </fieldset>
            <fieldset class="field" class:invalid=error("categories").is_some()>
                <legend>{field_label("categories").get(l)}</legend>
                {ObjectType::ALL.iter().map(|ot| view! {
                    <div class="category-group">
                        <strong>{ot.name().get(l)}</strong>
                        {CATEGORIES.iter().filter(|c| c.object_type == *ot).map(|c| {
                            let on = chosen.iter().any(|x| x == c.code);
                            view! { <label class="choice"><input type="checkbox" name="categories" value=c.code checked=on/>{c.name.get(l)}</label> }
                        }).collect_view()}
                    </div>
                }).collect_view()}
                <p class="field-error" id="err-categories" role="alert">{error("categories")}</p>
            </fieldset>
            <button type="submit" id="supplier-profile-submit">{tr(l, "保存修改", "Save changes")}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn SupplierProfilePage() -> impl IntoView {
    let l = use_lang().get_untracked();
    match gate(Page::SupplierProfile, "/supplier/profile") {
        Gate::Open(_) => {}
        Gate::SignIn => return view! { <section class="card"><p id="sign-in-first"><a href=login_href("/supplier/profile")>{t(l, "account.sign_in")}</a></p></section> }.into_any(),
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    }
    let saved = use_query_map().get_untracked().get("saved").is_some();
    let data = Resource::new(|| (), |_| own_supplier_profile());
    view! {
        <section class="card form-card" id="supplier-profile">
            <h1>{tr(l, "单位资料", "Company data")}</h1>
            {saved.then(|| view! { <div class="banner ok" role="status" id="profile-saved">{tr(l, "已保存。", "Saved.")}</div> })}
            <Suspense fallback=move || view! { <p>{t(l, "loading")}</p> }>
                {move || data.get().map(|res| match res {
                    Err(_) => view! { <p class="banner error" role="alert">{tr(l, "无法读取单位资料。", "The company data cannot be read.")}</p> }.into_any(),
                    Ok(p) => {
                        let open = p.corrections.iter().any(|c| c.resolved_at.is_none());
                        view! {
                            {open.then(|| view! { <div class="banner warn" role="status" id="correction-open">{tr(l, "监管部门要求更正部分资料（见下方）。这不影响获取采购文件和投标；修改保存后即视为已更正。", "The regulator asks you to correct some data (below). This does not affect obtaining documents or bidding; saving your change answers it.")}</div> })}
                            {facts(&p, l)}
                            <h2>{tr(l, "更正要求", "Correction requests")}</h2>
                            {corrections(&p.corrections, l)}
                            <h2>{tr(l, "修改资料", "Change the data")}</h2>
                            {if p.editable {
                                view! {
                                    <p class="hint">{tr(l, "统一社会信用代码是单位的身份，不能修改；其他资料按注册时的规则检查。", "The credit code is the company's identity and cannot change; the rest is checked as at registration.")}</p>
                                    {edit_form(&p, l)}
                                }.into_any()
                            } else {
                                view! { <p class="banner warn" id="profile-unbound">{tr(l, "请先核验主体身份，再修改单位资料。", "Verify your company's identity before changing its data.")} " " <a href="/account/identity">{tr(l, "核验主体身份", "Verify identity")}</a></p> }.into_any()
                            }}
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
pub fn RegulatorSupplierPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let code = use_params_map()
        .get_untracked()
        .get("code")
        .unwrap_or_default();
    let here = format!("/regulator/suppliers/{code}");
    match gate(Page::RegulatorSuppliers, &here) {
        Gate::Open(_) => {}
        Gate::SignIn => return view! { <section class="card"><p id="sign-in-first"><a href=login_href(&here)>{t(l, "account.sign_in")}</a></p></section> }.into_any(),
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    }
    let asked = use_query_map().get_untracked().get("asked").is_some();
    let r = refused("correction");
    let note_error = r
        .as_ref()
        .and_then(|r| r.errors.for_field("note").map(|e| e.message(l).to_owned()));
    let note_typed = r
        .as_ref()
        .and_then(|r| r.value("note").map(str::to_owned))
        .unwrap_or_default();
    let data = {
        let code = code.clone();
        Resource::new(move || (), move |_| regulator_supplier(code.clone()))
    };
    view! {
        <section class="card" id="regulator-supplier">
            <p><a href="/regulator/suppliers">"← " {t(l, "nav.regulator")}</a></p>
            {asked.then(|| view! { <div class="banner ok" role="status" id="correction-sent">{tr(l, "已向供应商发出更正要求。", "Correction request sent to the supplier.")}</div> })}
            <Suspense fallback=move || view! { <p>{t(l, "loading")}</p> }>
                {move || {
                    let note_error = note_error.clone();
                    let note_typed = note_typed.clone();
                    data.get().map(|res| match res {
                        Err(_) => view! { <p class="banner error" role="alert" id="not-found">{tr(l, "没有该供应商，或不在您的管辖范围内。", "No such supplier in your jurisdiction.")}</p> }.into_any(),
                        Ok(p) => {
                            let action = format!("/regulator/suppliers/{}/correction", p.credit_code);
                            view! {
                                <h1>{p.name.clone()}</h1>
                                {facts(&p, l)}
                                <h2>{tr(l, "更正要求", "Correction requests")}</h2>
                                {corrections(&p.corrections, l)}
                                <h2>{tr(l, "要求更正", "Ask for a correction")}</h2>
                                <p class="hint">{tr(l, "资料审查是事后的数据质量工作：更正要求不影响供应商获取采购文件和投标（财库〔2019〕38号）。", "Reviewing data is after-the-fact quality work: a request does not affect the supplier's access to documents or bids (MOF 2019 No. 38).")}</p>
                                <form method="post" action=action id="correction-form">
                                    <div class="field" class:invalid=note_error.is_some()>
                                        <label for="note">{tr(l, "需要更正的内容", "What needs correcting")}</label>
                                        <textarea id="note" name="note" rows="3" aria-describedby="err-note">{note_typed.clone()}</textarea>
                                        <p class="field-error" id="err-note" role="alert">{note_error.clone()}</p>
                                    </div>
                                    <button type="submit" id="correction-submit">{tr(l, "发出更正要求", "Send the request")}</button>
                                </form>
                            }.into_any()
                        }
                    })
                }}
            </Suspense>
        </section>
    }
    .into_any()
}
