//! 登录 — the login page. A plain form posted to `/login`, with or without JavaScript: the
//! server checks the password, sets the session cookie and redirects; a refused login comes back
//! as this page with the typed user name and the messages (never which part was wrong).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::field::FieldError;

use crate::i18n::{t, use_lang};
use crate::session::{current_account, is_local_path, login_submitted, script_json, LOGIN_ID};

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let submitted = login_submitted().unwrap_or_default();
    let json = (submitted != Default::default())
        .then(|| script_json(&submitted))
        .flatten();
    let next = if submitted.next.is_empty() {
        query.with_untracked(|m| m.get("next")).unwrap_or_default()
    } else {
        submitted.next.clone()
    };
    let next = if is_local_path(&next) {
        next
    } else {
        String::new()
    };
    let already = current_account();
    let message = submitted.message.clone();
    let errors = submitted.errors.clone();
    let error_for =
        move |field: &'static str| -> Option<FieldError> { errors.for_field(field).cloned() };
    let field = move |name: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      auto: &'static str,
                      value: String| {
        let error = error_for(name);
        let invalid = error.is_some();
        let err_id = format!("err-{name}");
        view! {
            <div class="field" class:invalid=invalid>
                <label for=name>{move || t(lang.get(), label)}</label>
                <input id=name name=name type=kind autocomplete=auto value=value required=true
                    aria-describedby=err_id.clone() aria-invalid=if invalid { "true" } else { "false" }/>
                <p class="field-error" id=err_id role="alert">{move || error.as_ref().map(|e| e.message(lang.get()).to_owned())}</p>
            </div>
        }
    };
    view! {
        <section class="card form-card">
            <h1>{move || t(lang.get(), "login.heading")}</h1>
            {json.map(|json| view! { <script type="application/json" id=LOGIN_ID inner_html=json></script> })}
            {crate::session::no_administrator().then(|| view! {
                <div class="banner warn" id="no-administrator" role="status">
                    <p>{move || crate::i18n::tr(lang.get(), "平台尚无管理员：这是一个没有演示数据的新数据库。请在服务器上运行下面的命令创建第一个管理员，然后在此登录。", "The platform has no administrator yet: this is a new database without demo data. On the server, create the first administrator with the command below, then sign in here.")}</p>
                    <pre>"yiwang admin create --username NAME"</pre>
                </div>
            })}
            {already.map(|a| view! {
                <p class="banner" id="already">{move || t(lang.get(), "login.already")} " " <strong>{a.display_name.clone()}</strong></p>
            })}
            {message.map(|m| view! {
                <p class="banner error" id="login-error" role="alert">{move || m.message(lang.get()).to_owned()}</p>
            })}
            <form id="login-form" method="post" action="/login" novalidate=true>
                <input type="hidden" name="next" value=next/>
                {field("username", "login.username", "text", "username", submitted.username.clone())}
                {field("password", "login.password", "password", "current-password", String::new())}
                <button type="submit" id="login-submit">{move || t(lang.get(), "login.submit")}</button>
            </form>
            <p class="hint">{move || t(lang.get(), "login.hint")}</p>
        </section>
    }
}
