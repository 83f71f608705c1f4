//! 供应商名录 — the list of registered suppliers, with search by name or credit code and paging.
//! The search is a plain GET form, so it works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::region::region;
use shared::supplier::EnterpriseSize;
use shared::time::Instant;

use crate::api::{list_suppliers, SupplierPage};
use crate::i18n::{t, use_lang, Lang};
use crate::pages::layout::encode_component;

#[component]
pub fn SupplierListPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let page = move || {
        query.with(|m| {
            m.get("page")
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(1)
        })
    };
    let registered = move || query.with(|m| m.get("registered"));
    let suppliers = Resource::new(move || (q(), page()), |(q, page)| list_suppliers(q, page));

    view! {
        <section class="card">
            <h1>{move || t(lang.get(), "list.heading")}</h1>
            {move || registered().map(|code| view! {
                <p class="banner success" id="registered" role="status">{t(lang.get(), "list.registered")} <code>{code}</code></p>
            })}
            <form class="search" method="get" action="/suppliers" role="search">
                <label for="q" class="visually-hidden">{move || t(lang.get(), "list.search")}</label>
                <input id="q" name="q" type="search" maxlength="100" value=q placeholder=move || t(lang.get(), "list.search")/>
                <button type="submit">{move || t(lang.get(), "list.search.button")}</button>
            </form>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || suppliers.get().map(|result| match result {
                    Ok(page) => view! { <SupplierTable page=page q=q() path="/suppliers" id="supplier-table"/> }.into_any(),
                    Err(_) => view! { <p class="banner error">{move || t(lang.get(), "list.error")}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

fn size_name(code: &str, lang: Lang) -> String {
    EnterpriseSize::from_code(code)
        .map(|s| s.name().get(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn region_name(code: &str, lang: Lang) -> String {
    region(code)
        .map(|r| r.name.get(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// A page of suppliers as a table with paging links; `path` is the list's address (paging keeps
/// the search `q`), `id` the table's element id. Used by the public list and the regulator's.
#[component]
pub fn SupplierTable(
    page: SupplierPage,
    q: String,
    path: &'static str,
    id: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let total = page.total;
    let pages = page.page_count();
    let current = page.page;
    let link = move |p: u32| format!("{path}?q={}&page={p}", encode_component(&q));
    let prev = (current > 1).then(|| link(current - 1));
    let next = (current < pages).then(|| link(current + 1));
    if page.rows.is_empty() {
        return view! { <p class="empty" id="no-results">{move || t(lang.get(), "list.empty")}</p> }.into_any();
    }
    let rows = page.rows;
    view! {
        <p class="total" id="total">{move || t(lang.get(), "list.total").replace("{n}", &total.to_string())}</p>
        <div class="table-wrap">
            <table id=id>
                <thead>
                    <tr>
                        <th>{move || t(lang.get(), "list.col.name")}</th>
                        <th>{move || t(lang.get(), "list.col.code")}</th>
                        <th>{move || t(lang.get(), "list.col.region")}</th>
                        <th>{move || t(lang.get(), "list.col.size")}</th>
                        <th>{move || t(lang.get(), "list.col.date")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let region_code = row.region_code.clone();
                        let size = row.size.clone();
                        // The regulator's list links each supplier to its review page.
                        let name = if path == "/regulator/suppliers" {
                            let href = format!("/regulator/suppliers/{}", row.credit_code);
                            view! { <a href=href>{row.name}</a> }.into_any()
                        } else {
                            view! { <span>{row.name}</span> }.into_any()
                        };
                        view! {
                            <tr data-region=row.region_code.clone()>
                                <td>{name}</td>
                                <td><code>{row.credit_code}</code></td>
                                <td>{move || region_name(&region_code, lang.get())}</td>
                                <td>{move || size_name(&size, lang.get())}</td>
                                <td>{Instant::from_unix_seconds(row.registered_at).china_display()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label=move || crate::i18n::tr(use_lang().get_untracked(), "分页", "Pages")>
            {prev.map(|href| view! { <a rel="prev" href=href>{move || t(lang.get(), "list.prev")}</a> })}
            <span>{move || t(lang.get(), "list.page").replace("{p}", &current.to_string()).replace("{n}", &pages.to_string())}</span>
            {next.map(|href| view! { <a rel="next" href=href>{move || t(lang.get(), "list.next")}</a> })}
        </nav>
    }
    .into_any()
}
