//! Interface texts in Chinese (default) and English, and the page language.
//!
//! The language is kept in the `yiwang_lang` cookie, set by `/lang/{code}` on the server, so it
//! persists across visits and works without JavaScript. The server reads the cookie to render;
//! the browser reads the same cookie to hydrate, so both render the same page.

use leptos::prelude::*;
pub use shared::i18n::Lang;

/// The cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "yiwang_lang";

/// Makes the page language available to every component.
pub fn provide_lang() {
    provide_context(RwSignal::new(initial_lang()));
}

/// The page language (a signal, so texts follow a change). An island hydrated in the browser has
/// no context from the page around it: it reads the same cookie the server rendered with.
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| {
        let lang = RwSignal::new(initial_lang());
        provide_context(lang);
        lang
    })
}

/// Reads the language from a `Cookie` header value.
pub fn lang_from_cookie_header(header: &str) -> Lang {
    header
        .split(';')
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == LANG_COOKIE)
        .map(|(_, v)| Lang::from_code(v))
        .unwrap_or_default()
}

#[cfg(feature = "ssr")]
fn initial_lang() -> Lang {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(axum::http::header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(lang_from_cookie_header)
        })
        .unwrap_or_default()
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
fn initial_lang() -> Lang {
    use wasm_bindgen::JsCast;
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| d.cookie().ok())
        .map(|c| lang_from_cookie_header(&c))
        .unwrap_or_default()
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn initial_lang() -> Lang {
    Lang::Zh
}

/// An interface text given in place, in both languages (for texts used once).
pub fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// One interface text by key. Unknown keys show the key itself, so a missing text is visible.
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    let (zh, en) = match key {
        "site.title" => ("一网 · 常州市政府采购监管平台", "Yiwang · Changzhou Government Procurement Supervision"),
        "site.name" => ("一网", "Yiwang"),
        "site.tagline" => ("全市一张网 · 政府采购全流程监管", "One network for the whole city · procurement supervision end to end"),
        "nav.home" => ("首页", "Home"),
        "nav.register" => ("供应商注册", "Supplier registration"),
        "nav.suppliers" => ("供应商名录", "Suppliers"),
        "nav.approvals" => ("审批事项", "Approvals"),
        "nav.findings" => ("预警处置", "Findings"),
        "nav.cases" => ("案件", "Cases"),
        "nav.risk" => ("风险队列", "Risk queue"),
        "nav.replies" => ("监督事项", "Supervision matters"),
        "nav.dashboard" => ("监管驾驶舱", "Dashboard"),
        "nav.monitor" => ("实时监控", "Live monitor"),
        "nav.projects" => ("采购项目", "Projects"),
        "nav.bids" => ("投标", "Bids"),
        "nav.panels" => ("评审任务", "Panels"),
        "nav.plans" => ("预算与采购计划", "Budget and plans"),
        "nav.switch" => ("English", "中文"),
        "home.heading" => ("常州市政府采购一体化监管平台", "Changzhou integrated government procurement supervision"),
        "home.intro" => (
            "预算指标 → 采购计划 → 采购项目 → 中标 → 合同 → 验收 → 支付，全链条在一个平台上办理，并依法逐节点检查：事前预警、事中监控、事后分析。",
            "Budget line → plan → project → award → contract → acceptance → payment on one platform, every node checked against the law: before, during and after.",
        ),
        "home.suppliers" => ("供应商", "Suppliers"),
        "home.suppliers.text" => ("注册后即可参与全市政府采购项目。", "Register once to take part in the city's procurement."),
        "home.register" => ("立即注册", "Register now"),
        "home.list" => ("查看供应商名录", "Browse suppliers"),
        "home.count" => ("已注册供应商", "Registered suppliers"),
        "form.heading" => ("供应商注册", "Supplier registration"),
        "form.intro" => ("带 * 的为必填项。填写时即时校验，提交后由服务器再次校验。", "Fields marked * are required. Each field is checked as you type and again by the server."),
        "form.name" => ("单位名称", "Company name"),
        "form.credit_code" => ("统一社会信用代码", "Unified social credit code"),
        "form.credit_code.hint" => ("18 位，依据 GB 32100-2015", "18 characters, GB 32100-2015"),
        "form.legal_rep" => ("法定代表人", "Legal representative"),
        "form.contact_person" => ("联系人", "Contact person"),
        "form.phone" => ("联系电话", "Telephone"),
        "form.phone.hint" => ("手机号或固定电话（区号-号码）", "Mobile or landline (area code-number)"),
        "form.email" => ("电子邮箱", "E-mail"),
        "form.region" => ("所在行政区", "Administrative region"),
        "form.region.choose" => ("请选择", "Please choose"),
        "form.address" => ("注册地址", "Registered address"),
        "form.size" => ("企业规模", "Enterprise size"),
        "form.size.hint" => ("中小企业政策依此适用", "The SME policy depends on it"),
        "form.categories" => ("可供应的采购品目", "Procurement categories offered"),
        "form.submit" => ("提交注册", "Register"),
        "form.submitting" => ("正在提交…", "Submitting…"),
        "form.account" => ("登录账户", "Your account"),
        "form.account.hint" => ("注册即完成，无需审核：提交后即可登录、获取采购文件和投标。账户姓名为上面的联系人，邮箱为上面的电子邮箱。", "Registration completes at once, without any approval: sign in, obtain documents and bid right away. The account's name is the contact person above, its e-mail the e-mail above."),
        "form.username" => ("登录名", "Login name"),
        "form.username.hint" => ("3–32个字符：英文字母开头，可含数字和 _ . -", "3–32 characters: a letter first, then letters, digits, _ . -"),
        "form.mobile" => ("手机号码（接收验证码）", "Mobile (receives the codes)"),
        "form.mobile.hint" => ("提交后将向该手机发送验证码", "A code is sent to it after you register"),
        "form.password" => ("密码", "Password"),
        "form.password.hint" => ("至少10个字符，含大写字母、小写字母、数字、符号中的三类，不含登录名", "At least 10 characters of three kinds (upper, lower, digits, symbols), not containing the login name"),
        "form.password2" => ("确认密码", "Password again"),
        "form.errors" => ("请更正标出的字段后再提交。", "Please correct the marked fields and submit again."),
        "form.unavailable" => ("服务暂时不可用，请稍后重试。", "The service is unavailable right now; please try again later."),
        "list.heading" => ("供应商名录", "Registered suppliers"),
        "list.search" => ("名称或统一社会信用代码", "Name or credit code"),
        "list.search.button" => ("搜索", "Search"),
        "list.total" => ("共 {n} 家", "{n} in total"),
        "list.empty" => ("没有符合条件的供应商。", "No supplier matches."),
        "list.registered" => ("注册成功：", "Registered: "),
        "list.col.name" => ("单位名称", "Name"),
        "list.col.code" => ("统一社会信用代码", "Credit code"),
        "list.col.region" => ("行政区", "Region"),
        "list.col.size" => ("规模", "Size"),
        "list.col.date" => ("注册时间", "Registered"),
        "list.prev" => ("上一页", "Previous"),
        "list.next" => ("下一页", "Next"),
        "list.page" => ("第 {p} / {n} 页", "Page {p} of {n}"),
        "list.error" => ("暂时无法读取供应商名录。", "The supplier list cannot be read right now."),
        "nav.login" => ("登录", "Sign in"),
        "nav.logout" => ("退出登录", "Sign out"),
        "nav.regulator" => ("辖区供应商", "Suppliers in my jurisdiction"),
        "login.heading" => ("用户登录", "Sign in"),
        "login.username" => ("用户名", "User name"),
        "login.password" => ("密码", "Password"),
        "login.submit" => ("登录", "Sign in"),
        "login.already" => ("您已登录：", "You are signed in as"),
        "login.hint" => ("连续多次登录失败后，该账户和来源地址将被暂时锁定。", "After repeated failed sign-ins the account and the address are locked for a while."),
        "account.heading" => ("我的账户", "My account"),
        "account.sign_in" => ("请先登录。", "Please sign in first."),
        "account.username" => ("用户名", "User name"),
        "account.name" => ("姓名", "Name"),
        "account.role" => ("角色", "Role"),
        "account.organisation" => ("所属单位", "Organisation"),
        "account.jurisdiction" => ("所属辖区", "Jurisdiction"),
        "regulator.heading" => ("辖区供应商", "Suppliers in my jurisdiction"),
        "regulator.scope" => ("监管范围：", "Jurisdiction:"),
        "forbidden.heading" => ("无权访问", "Access denied"),
        "forbidden.text" => ("您的账户无权查看此页面。", "Your account may not see this page."),
        "loading" => ("加载中…", "Loading…"),
        "notfound.heading" => ("页面不存在", "Page not found"),
        "notfound.back" => ("返回首页", "Back to the home page"),
        "footer.text" => ("常州市财政局 · 政府采购监督管理", "Changzhou Finance Bureau · Government procurement supervision"),
        _ => (key, key),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}
