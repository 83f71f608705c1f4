//! The pages, by role. Every page renders on the server and works without JavaScript; with
//! JavaScript it hydrates and checks input instantly with the rules of `shared`.

pub mod account;
pub mod accounts;
pub mod admin;
pub mod audit;
pub mod calendar;
pub mod cases;
pub mod dashboard;
pub mod desk;
pub mod experts;
pub mod findings;
pub mod home;
pub mod layout;
pub mod login;
pub mod monitor;
pub mod plans;
pub mod projects;
pub mod register;
pub mod regulator;
pub mod supplier_profile;
pub mod suppliers;
pub mod thresholds;

use leptos::prelude::*;

use crate::i18n::{t, use_lang};

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <section class="card">
            <h1>{move || t(lang.get(), "notfound.heading")}</h1>
            <p><a href="/">{move || t(lang.get(), "notfound.back")}</a></p>
        </section>
    }
}
