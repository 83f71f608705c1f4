//! The home page.

use leptos::prelude::*;

use crate::api::supplier_count;
use crate::i18n::{t, use_lang};

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let count = Resource::new(|| (), |_| supplier_count());
    view! {
        <section class="hero">
            <h1>{move || t(lang.get(), "home.heading")}</h1>
            <p>{move || t(lang.get(), "home.intro")}</p>
        </section>
        <section class="card">
            <h2>{move || t(lang.get(), "home.suppliers")}</h2>
            <p>{move || t(lang.get(), "home.suppliers.text")}</p>
            <p class="kpi">
                {move || t(lang.get(), "home.count")} ": "
                <Suspense fallback=move || view! { <span>"…"</span> }>
                    <strong id="supplier-count">
                        {move || count.get().map(|c| c.map(|n| n.to_string()).unwrap_or_else(|_| "—".into()))}
                    </strong>
                </Suspense>
            </p>
            <p class="actions">
                <a class="button" href="/suppliers/register">{move || t(lang.get(), "home.register")}</a>
                " "
                <a class="button secondary" href="/experts/apply" id="expert-apply-link">{move || if lang.get() == crate::i18n::Lang::Zh { "评审专家入库申请" } else { "Apply as an expert" }}</a>
                <a class="button secondary" href="/suppliers">{move || t(lang.get(), "home.list")}</a>
            </p>
        </section>
    }
}
