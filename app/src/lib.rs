//! Yiwang's web application: pages and components by role, and the server functions behind
//! them. Built twice: with `ssr` into the server (rendering pages, running server functions) and
//! with `hydrate` into the browser bundle. Never both. The app runs in Leptos' islands mode:
//! pages are rendered on the server and work as plain HTML; only the interactive parts (`#[island]`
//! components: the forms that check input while it is typed) are hydrated, so the browser bundle
//! holds those and the `shared` rules they call, not every page.

#![recursion_limit = "256"]

pub mod api;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod session;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, Meta, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::i18n::{provide_lang, t, use_lang};

/// The HTML document around the app (server only renders it; the browser hydrates `<body>`).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <HydrationScripts options islands=true/>
                <leptos_meta::MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application: language, navigation, routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_lang();
    // The language is the request's (a change reloads the page): the title and the html tag's
    // language are plain text, read once. leptos_meta turns them into strings only after the
    // page has streamed; a closure reading the language signal then may find it disposed and
    // panic (seen under load, leptos #4590/#4829), cutting the response.
    let lang = use_lang().get_untracked();
    let title = t(lang, "site.title");
    view! {
        <Html attr:lang=lang.html_tag()/>
        <Meta name="description" content="常州市政府采购一体化监管平台"/>
        <Stylesheet id="yiwang" href="/pkg/yiwang.css"/>
        <Title text=title/>
        <Router>
            <pages::layout::Header/>
            <main id="main">
                <Routes fallback=|| view! { <pages::NotFound/> }>
                    <Route path=path!("/") view=pages::desk::FrontPage ssr=SsrMode::Async/>
                    <Route path=path!("/suppliers/register") view=pages::register::RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/suppliers") view=pages::suppliers::SupplierListPage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=pages::login::LoginPage/>
                    <Route path=path!("/account") view=pages::account::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/verify") view=pages::accounts::VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/password") view=pages::accounts::PasswordPage/>
                    <Route path=path!("/account/identity") view=pages::accounts::IdentityPage/>
                    <Route path=path!("/account/2fa") view=pages::accounts::TwoFactorPage ssr=SsrMode::Async/>
                    <Route path=path!("/login/otp") view=pages::accounts::OtpPage/>
                    <Route path=path!("/suppliers/claim") view=pages::accounts::ClaimPage/>
                    <Route path=path!("/experts/apply") view=pages::experts::ExpertApplyPage/>
                    <Route path=path!("/expert/profile") view=pages::experts::ExpertProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/profile") view=pages::supplier_profile::SupplierProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/regulator/suppliers/:code") view=pages::supplier_profile::RegulatorSupplierPage ssr=SsrMode::Async/>
                    <Route path=path!("/regulator/experts") view=pages::experts::ExpertLibraryPage ssr=SsrMode::Async/>
                    <Route path=path!("/regulator/suppliers") view=pages::regulator::RegulatorSuppliersPage ssr=SsrMode::Async/>
                    <Route path=path!("/regulator/approvals") view=pages::plans::ApprovalsPage ssr=SsrMode::Async/>
                    <Route path=path!("/regulator/monitor") view=pages::monitor::MonitorPage ssr=SsrMode::Async/>
                    <Route path=path!("/regulator/dashboard") view=pages::dashboard::DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/regulator/records") view=pages::dashboard::RecordsPage ssr=SsrMode::Async/>
                    <Route path=path!("/regulator/analytics") view=pages::dashboard::AnalyticsPage ssr=SsrMode::Async/>
                    <Route path=path!("/regulator/findings") view=pages::findings::FindingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/regulator/cases") view=pages::cases::CasesPage ssr=SsrMode::Async/>
                    <Route path=path!("/regulator/cases/:id") view=pages::cases::CasePage ssr=SsrMode::Async/>
                    <Route path=path!("/regulator/cases/:id/print") view=pages::cases::CasePrintPage ssr=SsrMode::Async/>
                    <Route path=path!("/regulator/risk") view=pages::cases::RiskPage ssr=SsrMode::Async/>
                    <Route path=path!("/cases") view=pages::cases::PartyCasesPage ssr=SsrMode::Async/>
                    <Route path=path!("/plans") view=pages::plans::PlansPage ssr=SsrMode::Async/>
                    <Route path=path!("/projects") view=pages::projects::ProjectsPage ssr=SsrMode::Async/>
                    <Route path=path!("/projects/:id") view=pages::projects::ProjectPage ssr=SsrMode::Async/>
                    <Route path=path!("/supplier/bids") view=pages::projects::SupplierBidsPage ssr=SsrMode::Async/>
                    <Route path=path!("/expert/panels") view=pages::projects::ExpertPanelsPage ssr=SsrMode::Async/>
                    <Route path=path!("/plans/new") view=pages::plans::NewPlanPage ssr=SsrMode::Async/>
                    <Route path=path!("/plans/:id") view=pages::plans::PlanPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/users") view=pages::admin::UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=pages::audit::AuditLogPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/organisations") view=pages::admin::OrganisationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/calendar") view=pages::calendar::CalendarPage ssr=SsrMode::Async/>
                    <Route path=path!("/regulator/thresholds") view=pages::thresholds::ThresholdsPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <pages::layout::Footer/>
        </Router>
    }
}
