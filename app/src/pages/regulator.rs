//! 辖区供应商 — the suppliers of the signed-in regulator's jurisdiction (the city's finance bureau
//! sees all). Regulators only: anyone else gets 403, nobody signed in is sent to the login page.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::access::Page;
use shared::region::region;

use crate::api::regulator_suppliers;
use crate::i18n::{t, use_lang};
use crate::pages::layout::ExportLinks;
use crate::pages::suppliers::SupplierTable;
use crate::session::{gate, is_denied, login_href, Gate};

const PATH: &str = "/regulator/suppliers";

#[component]
pub fn RegulatorSuppliersPage() -> impl IntoView {
    let lang = use_lang();
    let account = match gate(Page::RegulatorSuppliers, PATH) {
        Gate::Open(account) => account,
        Gate::SignIn => {
            return view! {
                <section class="card">
                    <p id="sign-in-first"><a href=login_href(PATH)>{move || t(lang.get(), "account.sign_in")}</a></p>
                </section>
            }
            .into_any()
        }
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    };
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let page = move || {
        query.with(|m| {
            m.get("page")
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(1)
        })
    };
    let suppliers = Resource::new(
        move || (q(), page()),
        |(q, page)| regulator_suppliers(q, page),
    );
    let scope = account.principal.jurisdiction.clone();
    let scope_name = move || {
        scope
            .as_deref()
            .and_then(region)
            .map(|r| r.name.get(lang.get()).to_owned())
            .unwrap_or_default()
    };
    view! {
        <section class="card">
            <h1>{move || t(lang.get(), "regulator.heading")}</h1>
            <p class="intro" id="scope">{move || t(lang.get(), "regulator.scope")} " " <strong>{scope_name}</strong></p>
            <form class="search" method="get" action=PATH role="search">
                <label for="q" class="visually-hidden">{move || t(lang.get(), "list.search")}</label>
                <input id="q" name="q" type="search" maxlength="100" value=q placeholder=move || t(lang.get(), "list.search")/>
                <button type="submit">{move || t(lang.get(), "list.search.button")}</button>
            </form>
            {move || view! { <ExportLinks view="suppliers" query=format!("q={}", crate::pages::layout::encode_component(&q()))/> }}
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || suppliers.get().map(|result| match result {
                    Ok(page) => view! { <SupplierTable page=page q=q() path=PATH id="regulator-suppliers"/> }.into_any(),
                    Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                    Err(_) => view! { <p class="banner error">{move || t(lang.get(), "list.error")}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// The one answer for a page or record the account may not see (nothing about the record).
#[component]
pub fn Forbidden() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card" id="forbidden">
            <h1>{move || t(lang.get(), "forbidden.heading")}</h1>
            <p>{move || t(lang.get(), "forbidden.text")}</p>
        </section>
    }
}
