//! 我的账户 — who is signed in: name, role, organisation and jurisdiction.

use leptos::prelude::*;
use shared::access::Page;
use shared::region::region;

use crate::i18n::{t, use_lang};
use crate::session::{gate, login_href, Gate};

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let account = match gate(Page::Account, "/account") {
        Gate::Open(account) => account,
        _ => {
            return view! {
                <section class="card">
                    <h1>{move || t(lang.get(), "account.heading")}</h1>
                    <p id="sign-in-first"><a href=login_href("/account")>{move || t(lang.get(), "account.sign_in")}</a></p>
                </section>
            }
            .into_any()
        }
    };
    let role = account.principal.role;
    let jurisdiction = account.principal.jurisdiction.clone();
    let jurisdiction_name = move || {
        jurisdiction
            .as_deref()
            .map(|code| {
                region(code)
                    .map(|r| r.name.get(lang.get()).to_owned())
                    .unwrap_or_else(|| code.to_owned())
            })
            .unwrap_or_else(|| "—".to_owned())
    };
    view! {
        <section class="card" id="account">
            <h1>{move || t(lang.get(), "account.heading")}</h1>
            <dl class="facts">
                <dt>{move || t(lang.get(), "account.username")}</dt>
                <dd id="account-username"><code>{account.username.clone()}</code></dd>
                <dt>{move || t(lang.get(), "account.name")}</dt>
                <dd id="account-name">{account.display_name.clone()}</dd>
                <dt>{move || t(lang.get(), "account.role")}</dt>
                <dd id="account-role">{move || role.name().get(lang.get())}</dd>
                <dt>{move || t(lang.get(), "account.organisation")}</dt>
                <dd id="account-organisation">{account.organisation_name.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>{move || t(lang.get(), "account.jurisdiction")}</dt>
                <dd id="account-jurisdiction">{jurisdiction_name}</dd>
            </dl>
        </section>
    }
    .into_any()
}
