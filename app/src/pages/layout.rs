//! The frame around every page: header with navigation and the language switch, and footer.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{t, use_lang, Lang};

#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    // The switch is a plain link to the server, which sets the cookie and comes back here;
    // `rel=external` keeps the client-side router out of it.
    let switch_href = move || {
        let target = match lang.get() {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        let here = format!("{}{}", location.pathname.get(), location.search.get());
        format!("/lang/{}?next={}", target.code(), encode_component(&here))
    };
    mark_hydrated();
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark">"一网"</span>
                <span class="brand-text">{move || t(lang.get(), "site.tagline")}</span>
            </a>
            <nav aria-label="main">
                <a href="/">{move || t(lang.get(), "nav.home")}</a>
                <a href="/suppliers/register">{move || t(lang.get(), "nav.register")}</a>
                <a href="/suppliers">{move || t(lang.get(), "nav.suppliers")}</a>
                <a id="lang-switch" rel="external" href=switch_href>{move || t(lang.get(), "nav.switch")}</a>
            </nav>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    view! { <footer class="site-footer">{move || t(lang.get(), "footer.text")}</footer> }
}

/// Percent-encodes a URL component (RFC 3986 unreserved characters stay).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Sets `data-hydrated` on `<body>` once the page runs in the browser (tests wait for it).
fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
