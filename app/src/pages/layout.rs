//! The frame around every page: header with navigation and the language switch, and footer.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{t, tr, use_lang, Lang};
use crate::session::{current_account, script_json, ACCOUNT_ID, CALENDAR_ID, THRESHOLDS_ID};
use shared::i18n::Text;

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
    let is_admin = account
        .as_ref()
        .is_some_and(|a| a.principal.role == shared::access::Role::Admin);
    let tells_calendar = is_regulator || is_admin;
    let groups = menu(account.as_ref());
    let unbound = account.as_ref().is_some_and(|a| a.unbound)
        && location.pathname.get_untracked() != "/account/identity";
    let signed_in = account.is_some();
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
            <nav aria-label=move || tr(lang.get(), "主导航", "Main")>
                {signed_in.then(|| view! {
                    <a id="desk-link" class="desk-link" href="/">{move || tr(lang.get(), "待办", "To do")} <DeskBadge/></a>
                })}
                {(!signed_in).then(|| view! {
                    <a href="/">{move || t(lang.get(), "nav.home")}</a>
                    <a href="/suppliers/register">{move || t(lang.get(), "nav.register")}</a>
                    <a href="/suppliers">{move || t(lang.get(), "nav.suppliers")}</a>
                })}
                {groups.into_iter().map(|g| {
                    let title = g.title;
                    let links = g.links.into_iter().map(|l| {
                        let label = l.label;
                        view! { <a id=l.id href=l.href>{move || label.get(lang.get())}</a> }
                    }).collect_view();
                    view! {
                        <details class="menu">
                            <summary>{move || title.get(lang.get())}</summary>
                            <div class="menu-items">{links}</div>
                        </details>
                    }
                }).collect_view()}
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

/// One link of the navigation.
pub struct MenuLink {
    pub id: &'static str,
    pub href: &'static str,
    pub label: Text,
}

/// A group of the navigation (a drop-down menu of the header; a block of links on the desk).
pub struct MenuGroup {
    pub title: Text,
    pub links: Vec<MenuLink>,
}

/// The account's navigation, grouped by what the role does. Every link is to a page
/// `shared::access::may_open` lets the account open (no link answers 403).
pub fn menu(account: Option<&crate::api::Account>) -> Vec<MenuGroup> {
    use shared::access::{may_open, Page, Role};
    let Some(a) = account else {
        return Vec::new();
    };
    let p = &a.principal;
    let opens = |page: Page| may_open(Some(p), page);
    let link = |id, href, zh, en| MenuLink {
        id,
        href,
        label: Text::new(zh, en),
    };
    let mut groups = Vec::new();
    let mut work = Vec::new();
    if opens(Page::PurchaserPlans) {
        work.push(link(
            "plans-link",
            "/plans",
            "预算与采购计划",
            "Budget and plans",
        ));
    } else if opens(Page::Plans) {
        work.push(link("plans-link", "/plans", "采购计划", "Plans"));
    }
    if opens(Page::Projects) {
        work.push(link("projects-link", "/projects", "采购项目", "Projects"));
    }
    if opens(Page::SupplierBids) {
        work.push(link("bids-link", "/supplier/bids", "投标", "Bids"));
    }
    if opens(Page::ExpertPanels) {
        work.push(link("panels-link", "/expert/panels", "评审任务", "Panels"));
    }
    if opens(Page::CaseReplies) {
        work.push(link(
            "replies-link",
            "/cases",
            "监督事项",
            "Supervision matters",
        ));
    }
    if opens(Page::RegulatorApprovals) {
        work.push(link(
            "approvals-link",
            "/regulator/approvals",
            "审批事项",
            "Approvals",
        ));
    }
    if !work.is_empty() {
        let title = match p.role {
            Role::Supplier => Text::new("投标", "Bidding"),
            Role::Expert => Text::new("评审", "Evaluation"),
            Role::Regulator => Text::new("审批与项目", "Approvals and projects"),
            _ => Text::new("采购业务", "Procurement"),
        };
        groups.push(MenuGroup { title, links: work });
    }
    if opens(Page::RegulatorMonitor) {
        groups.push(MenuGroup {
            title: Text::new("监督", "Supervision"),
            links: vec![
                link(
                    "monitor-link",
                    "/regulator/monitor",
                    "实时监控",
                    "Live monitor",
                ),
                link(
                    "findings-link",
                    "/regulator/findings",
                    "预警处置",
                    "Findings",
                ),
                link("risk-link", "/regulator/risk", "风险队列", "Risk queue"),
                link("cases-link", "/regulator/cases", "监督案件", "Cases"),
            ],
        });
        groups.push(MenuGroup {
            title: Text::new("分析", "Analysis"),
            links: vec![
                link(
                    "dashboard-link",
                    "/regulator/dashboard",
                    "监管驾驶舱",
                    "Dashboard",
                ),
                link(
                    "analytics-link",
                    "/regulator/analytics",
                    "事后分析",
                    "Analytics",
                ),
            ],
        });
    }
    let mut registers = Vec::new();
    if opens(Page::RegulatorSuppliers) {
        registers.push(link(
            "regulator-link",
            "/regulator/suppliers",
            "辖区供应商",
            "Suppliers in my jurisdiction",
        ));
    }
    if opens(Page::ExpertLibrary) && a.keeps_library {
        registers.push(link(
            "experts-link",
            "/regulator/experts",
            "专家库",
            "Experts",
        ));
    }
    if opens(Page::SupplierProfile) {
        registers.push(link(
            "supplier-profile-link",
            "/supplier/profile",
            "单位资料",
            "Company data",
        ));
    }
    if opens(Page::ExpertProfile) {
        registers.push(link(
            "expert-profile-link",
            "/expert/profile",
            "我的档案",
            "My record",
        ));
    }
    registers.push(link(
        "suppliers-link",
        "/suppliers",
        "供应商名录",
        "Suppliers",
    ));
    groups.push(MenuGroup {
        title: Text::new("名录与资料", "Registers"),
        links: registers,
    });
    let mut system = Vec::new();
    if opens(Page::Accounts) {
        system.push(link("users-link", "/admin/users", "账户管理", "Accounts"));
    }
    if p.role == Role::Admin {
        system.push(link(
            "organisations-link",
            "/admin/organisations",
            "单位管理",
            "Organisations",
        ));
    }
    if opens(Page::AuditLog) {
        system.push(link(
            "audit-link",
            "/admin/audit",
            "审计日志",
            "Audit trail",
        ));
    }
    if opens(Page::Calendar) {
        system.push(link(
            "calendar-link",
            "/admin/calendar",
            "节假日历",
            "Holiday calendar",
        ));
    }
    if opens(Page::Thresholds) {
        system.push(link(
            "thresholds-link",
            "/regulator/thresholds",
            "阈值标准",
            "Thresholds",
        ));
    }
    if !system.is_empty() {
        groups.push(MenuGroup {
            title: Text::new("系统与标准", "System and rules"),
            links: system,
        });
    }
    groups
}

/// The count beside the navigation's 「待办」: fetched after the page loads and every minute
/// (`desk_count`), so no page waits for the desk to be computed. Red when something is overdue
/// or due within a day.
#[island]
fn DeskBadge() -> impl IntoView {
    let count = RwSignal::new(None::<crate::api::desk::Badge>);
    #[cfg(feature = "hydrate")]
    {
        let fetch = move || fetch_badge(count);
        fetch();
        if let Ok(handle) = set_interval_with_handle(fetch, std::time::Duration::from_secs(60)) {
            on_cleanup(move || handle.clear());
        }
    }
    move || {
        count.get().filter(|c| c.items > 0).map(|c| {
            let class = if c.urgent > 0 { "badge urgent" } else { "badge" };
            view! { <span class=class id="desk-count" aria-live="polite">{c.items.to_string()}</span> }
        })
    }
}

/// Asks `desk_count` for the badge with a plain request (no server-function client in the
/// bundle for one small number); a failure leaves the badge as it was.
#[cfg(feature = "hydrate")]
fn fetch_badge(count: RwSignal<Option<crate::api::desk::Badge>>) {
    use wasm_bindgen::JsCast;
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        return;
    };
    if xhr.open("POST", "/api/desk_count").is_err() {
        return;
    }
    let _ = xhr.set_request_header("Content-Type", "application/json");
    let _ = xhr.set_request_header("Accept", "application/json");
    let done = xhr.clone();
    let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
        if done.status().ok() != Some(200) {
            return;
        }
        if let Some(badge) = done
            .response_text()
            .ok()
            .flatten()
            .and_then(|text| serde_json::from_str(&text).ok())
        {
            count.set(Some(badge));
        }
    });
    xhr.set_onload(Some(onload.unchecked_ref()));
    let _ = xhr.send_with_opt_str(Some("{}"));
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

/// A count with thousands separators (`10,000`).
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// How many rows a list counted: all of them, or up to a cap (`total` > `cap`: more than
/// `cap` match, and the next page is offered while a page comes back full).
#[derive(Clone, Copy, Debug)]
pub struct Counted {
    pub total: i64,
    pub cap: Option<i64>,
    /// The rows on this page.
    pub rows: usize,
}

impl Counted {
    pub fn exact(total: i64) -> Counted {
        Counted {
            total,
            cap: None,
            rows: 0,
        }
    }
}

/// A list's count and its previous/next links: `path?{base}&page=N`; the summary reads
/// 「共 N 起案件 · 第 p/q 页」/ "N cases · page p of q", or past a cap 「超过 2,000 个项目 · 第 p 页」/
/// "More than 2,000 projects · page p" (`what`: the Chinese measure word and noun, the English
/// singular).
pub fn list_pager(
    path: &str,
    base: &str,
    page: u32,
    count: Counted,
    per_page: u32,
    l: Lang,
    what: (&str, &str),
) -> (AnyView, String) {
    list_pager_at(path, "page", base, page, count, per_page, l, what)
}

/// [`list_pager`] for a second list on a page, paged through its own parameter `param`.
#[allow(clippy::too_many_arguments)]
pub fn list_pager_at(
    path: &str,
    param: &str,
    base: &str,
    page: u32,
    count: Counted,
    per_page: u32,
    l: Lang,
    what: (&str, &str),
) -> (AnyView, String) {
    let total = count.total;
    let pages = crate::api::page_count(total, per_page.max(1)).max(1);
    let link = |n: u32| {
        if base.is_empty() {
            format!("{path}?{param}={n}")
        } else {
            format!("{path}?{base}&{param}={n}")
        }
    };
    let more = count.cap.filter(|cap| total > *cap);
    let prev = (page > 1).then(|| link(page - 1));
    let next =
        (page < pages || (more.is_some() && count.rows as u32 >= per_page)).then(|| link(page + 1));
    let plural = if total == 1 { "" } else { "s" };
    let summary = match (l, more) {
        (Lang::Zh, None) => format!("共 {total} {} · 第 {page}/{pages} 页", what.0),
        (Lang::En, None) => format!("{total}{}{plural} · page {page} of {pages}", what.1),
        (Lang::Zh, Some(cap)) => format!("超过 {} {} · 第 {page} 页", thousands(cap), what.0),
        (Lang::En, Some(cap)) => {
            format!("More than {}{}s · page {page}", thousands(cap), what.1)
        }
    };
    let nav = view! {
        <nav class="pager" aria-label=crate::i18n::tr(l, "分页", "Pages")>
            {prev.map(|h| view! { <a rel="prev" href=h>{crate::i18n::tr(l, "上一页", "Previous")}</a> })}
            {next.map(|h| view! { <a rel="next" href=h>{crate::i18n::tr(l, "下一页", "Next")}</a> })}
        </nav>
    }
    .into_any();
    (nav, summary)
}
