//! The frame around every page: header with navigation and the language switch, and footer.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{t, use_lang, Lang};
use crate::session::{current_account, script_json, ACCOUNT_ID, CALENDAR_ID, THRESHOLDS_ID};

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
    // A printable page has no navigation (only the hydration mark every page carries, and the
    // demo banner: a printout of demo data says so too).
    if is_print_path(&location.pathname.get_untracked()) {
        return view! { <DemoBanner/> <HydrationMark/> }.into_any();
    }
    let account = current_account();
    let account_json = account.as_ref().and_then(script_json);
    let is_regulator = account
        .as_ref()
        .is_some_and(|a| a.principal.role == shared::access::Role::Regulator);
    let is_purchaser = account
        .as_ref()
        .is_some_and(|a| a.principal.role == shared::access::Role::Purchaser);
    let role_is = |r: shared::access::Role| account.as_ref().is_some_and(|a| a.principal.role == r);
    let is_supplier = role_is(shared::access::Role::Supplier);
    let replies = account.as_ref().is_some_and(|a| {
        shared::access::may_open(Some(&a.principal), shared::access::Page::CaseReplies)
    });
    let is_expert = role_is(shared::access::Role::Expert);
    let is_admin = role_is(shared::access::Role::Admin);
    let opens = |page: shared::access::Page| {
        account
            .as_ref()
            .is_some_and(|a| shared::access::may_open(Some(&a.principal), page))
    };
    let manages_accounts = opens(shared::access::Page::Accounts);
    let reads_audit = opens(shared::access::Page::AuditLog);
    let tells_calendar = is_regulator || is_admin;
    let sees_projects = account.as_ref().is_some_and(|a| {
        shared::access::may_open(Some(&a.principal), shared::access::Page::Projects)
    });
    let unbound = account.as_ref().is_some_and(|a| a.unbound)
        && location.pathname.get_untracked() != "/account/identity";
    let keeps_library = account.as_ref().is_some_and(|a| a.keeps_library);
    let user = match account {
        Some(a) => {
            let role = shared::access::part_name(&a.principal);
            view! {
                <span class="user" id="current-user">
                    <a id="account-link" href="/account">{a.display_name.clone()}</a>
                    " · " <span class="role">{move || role.get(lang.get())}</span>
                </span>
                <form class="inline" method="post" action="/logout">
                    <button type="submit" id="logout" class="link">{move || t(lang.get(), "nav.logout")}</button>
                </form>
            }
            .into_any()
        }
        None => view! { <a id="login-link" href="/login">{move || t(lang.get(), "nav.login")}</a> }
            .into_any(),
    };
    view! {
        <DemoBanner/>
        {tells_calendar.then(|| view! { <CalendarBanner/> })}
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark">"一网"</span>
                <span class="brand-text">{move || t(lang.get(), "site.tagline")}</span>
            </a>
            <nav aria-label="main">
                <a href="/">{move || t(lang.get(), "nav.home")}</a>
                <a href="/suppliers/register">{move || t(lang.get(), "nav.register")}</a>
                <a href="/suppliers">{move || t(lang.get(), "nav.suppliers")}</a>
                {is_regulator.then(|| view! { <a id="regulator-link" href="/regulator/suppliers">{move || t(lang.get(), "nav.regulator")}</a> })}
                {is_regulator.then(|| view! { <a id="approvals-link" href="/regulator/approvals">{move || t(lang.get(), "nav.approvals")}</a> })}
                {is_regulator.then(|| view! { <a id="monitor-link" href="/regulator/monitor">{move || t(lang.get(), "nav.monitor")}</a> })}
                {is_regulator.then(|| view! { <a id="dashboard-link" href="/regulator/dashboard">{move || t(lang.get(), "nav.dashboard")}</a> })}
                {is_regulator.then(|| view! { <a id="analytics-link" href="/regulator/analytics">{move || if lang.get() == Lang::Zh { "事后分析" } else { "Analytics" }}</a> })}
                {is_regulator.then(|| view! { <a id="findings-link" href="/regulator/findings">{move || t(lang.get(), "nav.findings")}</a> })}
 {is_regulator.then(|| view! { <a id="cases-link" href="/regulator/cases">{move || t(lang.get(), "nav.cases")}</a> })}
                {is_regulator.then(|| view! { <a id="risk-link" href="/regulator/risk">{move || t(lang.get(), "nav.risk")}</a> })}
                {is_purchaser.then(|| view! { <a id="plans-link" href="/plans">{move || t(lang.get(), "nav.plans")}</a> })}
                {sees_projects.then(|| view! { <a id="projects-link" href="/projects">{move || t(lang.get(), "nav.projects")}</a> })}
                {replies.then(|| view! { <a id="replies-link" href="/cases">{move || t(lang.get(), "nav.replies")}</a> })}
                {is_supplier.then(|| view! { <a id="bids-link" href="/supplier/bids">{move || t(lang.get(), "nav.bids")}</a> })}
                {is_expert.then(|| view! { <a id="panels-link" href="/expert/panels">{move || t(lang.get(), "nav.panels")}</a> })}
                {is_expert.then(|| view! { <a id="expert-profile-link" href="/expert/profile">{move || if lang.get() == Lang::Zh { "我的档案" } else { "My record" }}</a> })}
                {keeps_library.then(|| view! { <a id="experts-link" href="/regulator/experts">{move || if lang.get() == Lang::Zh { "专家库" } else { "Experts" }}</a> })}
                {is_supplier.then(|| view! { <a id="supplier-profile-link" href="/supplier/profile">{move || if lang.get() == Lang::Zh { "单位资料" } else { "Company data" }}</a> })}
                {manages_accounts.then(|| view! { <a id="users-link" href="/admin/users">{move || if lang.get() == Lang::Zh { "账户管理" } else { "Accounts" }}</a> })}
                {is_admin.then(|| view! { <a id="organisations-link" href="/admin/organisations">{move || if lang.get() == Lang::Zh { "单位管理" } else { "Organisations" }}</a> })}
                {reads_audit.then(|| view! { <a id="audit-link" href="/admin/audit">{move || if lang.get() == Lang::Zh { "审计日志" } else { "Audit trail" }}</a> })}
                {is_admin.then(|| view! { <a id="calendar-link" href="/admin/calendar">{move || if lang.get() == Lang::Zh { "节假日历" } else { "Holiday calendar" }}</a> })}
                {is_admin.then(|| view! { <a id="thresholds-link" href="/regulator/thresholds">{move || if lang.get() == Lang::Zh { "阈值标准" } else { "Thresholds" }}</a> })}
                {user}
                <a id="lang-switch" rel="external" href=switch_href>{move || t(lang.get(), "nav.switch")}</a>
            </nav>
            {account_json.map(|json| view! { <script type="application/json" id=ACCOUNT_ID inner_html=json></script> })}
            {calendar_json().map(|text| view! { <script type="text/plain" id=CALENDAR_ID inner_html=text></script> })}
            {thresholds_text().map(|text| view! { <script type="text/plain" id=THRESHOLDS_ID inner_html=text></script> })}
            <HydrationMark/>
        </header>
        {unbound.then(|| view! {
            <p class="banner warn site-notice" id="unbound-notice" role="status">
                {move || if lang.get() == Lang::Zh { "您的账户尚未核验主体身份：可以获取采购文件；签署投标文件前，请先用本单位的电子营业执照或数字证书核验。" } else { "Your account is not yet bound to your company: you may obtain documents; before signing a bid, verify with your company's e-business licence or digital certificate." }}
                " " <a href="/account/identity">{move || if lang.get() == Lang::Zh { "去核验" } else { "Verify now" }}</a>
            </p>
        })}
    }
    .into_any()
}

/// The years of the server's holiday calendar that differ from the one compiled into the
/// browser's bundle (`shared::calendar::loaded_years`): the page carries them, and the browser
/// installs them before its checks run (`crate::session::install_page_calendar`), so both count
/// on the same calendar. `None` while the shipped calendar is in force.
fn calendar_json() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        // Raw text inside the element: no `<` can occur (a holiday's name may not hold one).
        let text = shared::calendar::carried();
        (!text.is_empty()).then_some(text)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The threshold values the bureau keeps (`shared::thresholds::kept_values`), for the browser's
/// checks (`crate::session::install_page_calendar` installs them). `None` while there are none.
fn thresholds_text() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        // Raw text inside the element: a source naming `</script` would end it early.
        let text = shared::thresholds::carried().replace('<', "＜");
        (!text.is_empty()).then_some(text)
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// Whether this server's database holds demo data (`Services::demo_data`; the server decides,
/// the page is rendered there: the header is not an island).
fn is_demo_data() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::service::SharedServices>().is_some_and(|s| s.demo_data())
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// The banner on every page of a database holding demo data: its accounts share a published
/// password, so nothing there is real.
#[component]
fn DemoBanner() -> impl IntoView {
    is_demo_data().then(|| {
        view! {
            <div class="demo-banner" id="demo-banner" role="note">
                <strong>"演示数据 · Demo data"</strong>
                " — 本站数据与账户仅供演示，演示账户共用公开密码，请勿用于真实采购。"
                " Everything here is for demonstration; the demo accounts share a published password: not for real procurement."
            </div>
        }
    })
}

/// For regulators and administrators: the holiday notice of a year that is needed now is not
/// loaded (`shared::calendar::unpublished_year`, by the procurement clock's China date): the
/// parties' deadlines there are provisional and the checks cannot judge periods in it.
#[component]
fn CalendarBanner() -> impl IntoView {
    let lang = use_lang();
    // The header is rendered on the server only (it is not an island).
    #[cfg(feature = "ssr")]
    let year = shared::calendar::unpublished_year(
        shared::time::Instant::from_unix_seconds(crate::service::plans::now_unix()).china_date(),
    );
    #[cfg(not(feature = "ssr"))]
    let year: Option<i32> = None;
    year.map(|year| {
        view! {
            <div class="banner warn" id="calendar-banner" role="note">
                {move || match lang.get() {
                    Lang::Zh => format!("{year}年节假日安排（调休）尚未导入：该年的期限按法定节假日暂定计算，预警检查暂不评判落在该年的期限。"),
                    Lang::En => format!("The {year} holiday arrangement (调休) is not loaded: deadlines in {year} are provisional (statutory holidays only), and the checks do not judge periods that fall in it."),
                }}
                " " <a href="/admin/calendar" id="calendar-banner-link">{move || if lang.get() == Lang::Zh { "节假日历" } else { "Holiday calendar" }}</a>
            </div>
        }
    })
}

/// Whether a path is a printable page (`…/print`): no header, no footer.
pub fn is_print_path(path: &str) -> bool {
    path.ends_with("/print")
}

#[component]
pub fn Footer() -> impl IntoView {
    let lang = use_lang();
    if is_print_path(&use_location().pathname.get_untracked()) {
        return ().into_any();
    }
    view! { <footer class="site-footer">{move || t(lang.get(), "footer.text")}</footer> }.into_any()
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

/// Sets `data-hydrated` on `<body>` once the page's islands run in the browser (tests wait for
/// it). An island of its own, so every page has one.
#[island]
fn HydrationMark() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! { <span class="hydration-mark" hidden=true></span> }
}

/// The download links of a table view: `/export/{view}.csv` (UTF-8 with BOM) and `.xlsx`, with
/// the page's query (its filters), so the file holds what the table shows.
#[component]
pub fn ExportLinks(
    view: &'static str,
    #[prop(default = String::new())] query: String,
) -> impl IntoView {
    let lang = use_lang();
    let q = if query.is_empty() || query.starts_with('?') {
        query
    } else {
        format!("?{query}")
    };
    view! {
        <p class="exports">
            {move || if lang.get() == Lang::Zh { "导出：" } else { "Export: " }}
            <a rel="external" class="export-csv" id=format!("export-{view}-csv") href=format!("/export/{view}.csv{q}")>"CSV"</a>
            " · "
            <a rel="external" class="export-xlsx" id=format!("export-{view}-xlsx") href=format!("/export/{view}.xlsx{q}")>"Excel"</a>
        </p>
    }
}
