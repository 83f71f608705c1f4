//! 我的账户 — the signed-in account: who it is, its contacts and whether each is verified, a
//! supplier account's binding to its legal entity, the password, and its sessions (each can be
//! ended). The account's own forms (`/account/verify`, `/account/password`, `/account/identity`)
//! are in [`crate::pages::accounts`]. Works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::access::Page;
use shared::i18n::Lang;
use shared::region::region;

use crate::api::accounts::my_account;
use crate::i18n::{t, tr, use_lang};
use crate::session::{gate, login_href, Gate};

/// The temporary password of a colleague's account just added (shown once), if any.
fn issued() -> Option<(String, String)> {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::service::accounts::IssuedPassword>().map(|i| (i.username, i.password))
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// "verified" / "not verified" with its class.
pub fn verified_badge(ok: bool, l: Lang) -> AnyView {
    if ok {
        view! { <span class="badge ok">{tr(l, "已验证", "verified")}</span> }.into_any()
    } else {
        view! { <span class="badge warn">{tr(l, "未验证", "not verified")}</span> }.into_any()
    }
}

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
    let l = lang.get_untracked();
    let query = use_query_map().get_untracked();
    let notice = if query.get("password").is_some() {
        Some(tr(
            l,
            "密码已修改；其他会话已退出。",
            "Password changed; your other sessions were ended.",
        ))
    } else if query.get("bound").is_some() {
        Some(tr(
            l,
            "主体身份核验通过：本账户可以签署投标文件。",
            "Identity verified: this account can sign bids.",
        ))
    } else if query.get("ended").is_some() {
        Some(tr(l, "该会话已退出。", "That session was ended."))
    } else {
        None
    };
    let role = shared::access::part_name(&account.principal);
    let jurisdiction_name = account
        .principal
        .jurisdiction
        .as_deref()
        .map(|code| {
            region(code)
                .map(|r| r.name.get(l).to_owned())
                .unwrap_or_else(|| code.to_owned())
        })
        .unwrap_or_else(|| "—".to_owned());
    let data = Resource::new(|| (), |_| my_account());
    let issued = issued();
    let colleague_refused = crate::session::refused_form().filter(|r| r.form == "colleague");
    view! {
        <section class="card" id="account">
            <h1>{move || t(lang.get(), "account.heading")}</h1>
            {notice.map(|n| view! { <div class="banner ok" role="status" id="account-notice">{n}</div> })}
            {colleague_refused.as_ref().and_then(|r| r.errors.iter().find(|e| e.code == "colleague.unbound")).map(|e| view! {
                <p class="banner error" role="alert" id="colleague-refused">{e.message(l).to_owned()}</p>
            })}
            {issued.map(|(username, password)| view! {
                <div class="banner ok" role="status" id="issued-password">
                    <p>{match l { Lang::Zh => format!("同事账户 {username} 已开设。临时密码（只显示这一次，首次登录时须修改）："), Lang::En => format!("Account {username} added. Its temporary password (shown this once; changed at the first sign-in):") }}</p>
                    <p><code id="temporary-password">{password}</code></p>
                </div>
            })}
            <dl class="facts">
                <dt>{move || t(lang.get(), "account.username")}</dt>
                <dd id="account-username"><code>{account.username.clone()}</code></dd>
                <dt>{move || t(lang.get(), "account.name")}</dt>
                <dd id="account-name">{account.display_name.clone()}</dd>
                <dt>{move || t(lang.get(), "account.role")}</dt>
                <dd id="account-role">{move || role.get(lang.get())}</dd>
                <dt>{move || t(lang.get(), "account.organisation")}</dt>
                <dd id="account-organisation">{account.organisation_name.clone().unwrap_or_else(|| "—".to_owned())}</dd>
                <dt>{move || t(lang.get(), "account.jurisdiction")}</dt>
                <dd id="account-jurisdiction">{jurisdiction_name}</dd>
            </dl>
        </section>
        <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
            {move || data.get().map(|r| match r {
                Err(_) => view! { <p class="banner error" role="alert">{t(l, "form.unavailable")}</p> }.into_any(),
                Ok(me) => {
                    let colleague = colleague_refused.clone();
                    let supplier = me.supplier.clone().map(|s| view! {
                        <section class="card" id="account-identity">
                            <h2>{tr(l, "主体身份", "Company identity")}</h2>
                            <dl class="facts">
                                <dt>{tr(l, "供应商", "Supplier")}</dt><dd>{s.name.clone()}</dd>
                                <dt>{tr(l, "统一社会信用代码", "Credit code")}</dt><dd><code>{s.credit_code.clone()}</code></dd>
                                <dt>{tr(l, "本账户", "This account")}</dt>
                                <dd id="identity-state">{if s.bound {
                                    view! { <span class="badge ok">{tr(l, "已绑定主体，可签署投标文件", "bound: may sign bids")}</span> }.into_any()
                                } else {
                                    view! { <span class="badge warn">{tr(l, "尚未核验主体身份", "identity not yet verified")}</span>
                                        " " <a href="/account/identity" id="bind-link">{tr(l, "去核验", "Verify now")}</a> }.into_any()
                                }}</dd>
                            </dl>
                            <p><a href="/supplier/profile" id="profile-link">{tr(l, "查看和修改单位资料", "View and change the company data")}</a></p>
                            <p class="hint">{tr(l, "注册即完成，无需审核；下载采购文件不受限制。签署第一份投标文件前，请用本单位的电子营业执照或数字证书核验主体身份。", "Registration is complete without any approval, and documents can be obtained at once. Before signing your first bid, verify your company's identity with its e-business licence or digital certificate.")}</p>
                            {s.bound.then(|| {
                                let typed = |f: &str| colleague.as_ref().and_then(|r| r.value(f).map(str::to_owned)).unwrap_or_default();
                                let error = |f: &str| colleague.as_ref().and_then(|r| r.errors.for_field(f).map(|e| e.message(l).to_owned()));
                                view! {
                                    <h3>{tr(l, "为同事开设账户", "Add a colleague's account")}</h3>
                                    <form method="post" action="/account/colleagues" id="colleague-form" novalidate=true>
                                        {[("username", tr(l, "登录名", "Login name"), "text"), ("display_name", tr(l, "姓名", "Name"), "text"), ("mobile", tr(l, "手机号码", "Mobile"), "tel"), ("email", tr(l, "电子邮箱", "E-mail"), "email")].into_iter().map(|(name, label, kind)| {
                                            let err = error(name);
                                            let invalid = err.is_some();
                                            let id = format!("colleague-{name}");
                                            view! {
                                                <div class="field" class:invalid=invalid>
                                                    <label for=id.clone()>{label}</label>
                                                    <input id=id name=name type=kind value=typed(name)/>
                                                    <p class="field-error" role="alert">{err}</p>
                                                </div>
                                            }
                                        }).collect_view()}
                                        <button type="submit" id="colleague-submit">{tr(l, "开设账户", "Add the account")}</button>
                                    </form>
                                }
                            })}
                        </section>
                    });
                    let sessions = me.sessions.iter().map(|s| {
                        let action = format!("/account/sessions/{}/end", s.id);
                        view! {
                            <tr>
                                <td>{s.created_at.china_display()}</td>
                                <td>{s.last_seen_at.china_display()}</td>
                                <td>{if s.current {
                                    view! { <span class="badge ok">{tr(l, "当前会话", "this session")}</span> }.into_any()
                                } else {
                                    view! { <form method="post" action=action class="inline"><button type="submit" class="secondary">{tr(l, "退出该会话", "End it")}</button></form> }.into_any()
                                }}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        {supplier}
                        <section class="card" id="account-contacts">
                            <h2>{tr(l, "联系方式", "Contacts")}</h2>
                            <dl class="facts">
                                <dt>{tr(l, "手机号码", "Mobile")}</dt>
                                <dd id="contact-mobile">{me.mobile.clone().unwrap_or_else(|| "—".into())} " " {me.mobile.is_some().then(|| verified_badge(me.mobile_verified, l))}</dd>
                                <dt>{tr(l, "电子邮箱", "E-mail")}</dt>
                                <dd id="contact-email">{me.email.clone().unwrap_or_else(|| "—".into())} " " {me.email.is_some().then(|| verified_badge(me.email_verified, l))}</dd>
                            </dl>
                            {((me.mobile.is_some() && !me.mobile_verified) || (me.email.is_some() && !me.email_verified)).then(|| view! {
                                <p><a class="button" href="/account/verify" id="verify-link">{tr(l, "验证联系方式", "Verify contacts")}</a></p>
                            })}
                        </section>
                        <section class="card" id="account-password">
                            <h2>{tr(l, "密码", "Password")}</h2>
                            <p>{tr(l, "上次修改：", "Last changed: ")}{me.password_changed_at.china_display()}</p>
                            <p><a class="button" href="/account/password" id="password-link">{tr(l, "修改密码", "Change password")}</a></p>
                            <p>{tr(l, "双因素登录：", "Two-factor sign-in: ")}{if me.second_factor { view! { <span class="badge ok">{tr(l, "已开启", "on")}</span> }.into_any() } else { view! { <span class="badge warn">{tr(l, "未开启", "off")}</span> }.into_any() }}
                                " " <a href="/account/2fa" id="two-factor-link">{tr(l, "设置", "Settings")}</a></p>
                        </section>
                        <section class="card" id="account-sessions">
                            <h2>{tr(l, "登录会话", "Sessions")}</h2>
                            <div class="table-scroll">
                                <table class="list">
                                    <thead><tr><th>{tr(l, "登录时间", "Signed in")}</th><th>{tr(l, "最近活动", "Last active")}</th><th></th></tr></thead>
                                    <tbody>{sessions}</tbody>
                                </table>
                            </div>
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
    .into_any()
}
