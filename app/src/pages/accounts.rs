//! The account's own forms: verify a contact with a one-time code (`/account/verify`), change
//! the password (`/account/password`, also the forced change of a temporary or expired one),
//! bind a supplier account to its legal entity (`/account/identity`), and claim a credit code
//! someone else registered (`/suppliers/claim`, no sign-in). Plain forms: they work without
//! JavaScript; a refused form comes back with the typed values (never a password) and a message
//! under each field.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::access::Page;
use shared::i18n::Lang;

use crate::api::accounts::my_account;
use crate::api::plans::Refused;
use crate::i18n::{t, tr, use_lang};
use crate::pages::account::verified_badge;
use crate::session::{current_account, gate, login_href, refused_form, Gate};

/// The refused form named `form`, if this response shows one.
fn refused(form: &str) -> Option<Refused> {
    refused_form().filter(|r| r.form == form)
}

/// One labelled input with its error under it.
#[allow(clippy::too_many_arguments)]
fn input(
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    auto: &'static str,
    value: String,
    error: Option<String>,
    hint: Option<&'static str>,
) -> impl IntoView {
    let err_id = format!("err-{name}");
    let invalid = error.is_some();
    view! {
        <div class="field" class:invalid=invalid>
            <label for=name>{label}</label>
            <input id=name name=name type=kind autocomplete=auto value=value
                aria-describedby=err_id.clone() aria-invalid=if invalid { "true" } else { "false" }/>
            {hint.map(|h| view! { <small class="hint">{h}</small> })}
            <p class="field-error" id=err_id role="alert">{error}</p>
        </div>
    }
}

fn sign_in_first(path: &'static str, l: Lang) -> AnyView {
    view! { <section class="card"><p id="sign-in-first"><a href=login_href(path)>{t(l, "account.sign_in")}</a></p></section> }.into_any()
}

fn unavailable(r: &Option<Refused>, l: Lang) -> Option<AnyView> {
    r.as_ref().filter(|r| r.unavailable).map(|_| {
        view! { <p class="banner error" role="alert">{t(l, "form.unavailable")}</p> }.into_any()
    })
}

/// The password rule, as the page states it (the check is `shared::access::check_new_password`
/// and the server's list of common passwords).
fn password_rule(l: Lang) -> &'static str {
    tr(
        l,
        "至少10个字符，包含小写字母、大写字母、数字、符号中的至少三类，不得包含登录名，不得使用常见密码。",
        "At least 10 characters of three kinds (lower case, upper case, digits, symbols), not containing the login name, not a common password.",
    )
}

#[component]
pub fn VerifyPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    if !matches!(gate(Page::Account, "/account/verify"), Gate::Open(_)) {
        return sign_in_first("/account/verify", l);
    }
    let query = use_query_map().get_untracked();
    let notice = match (query.get("sent"), query.get("verified"), query.get("wait")) {
        (Some(m), _, _) if m == "mobile" => Some(tr(
            l,
            "验证码已发送到您的手机，10分钟内有效。",
            "A code was sent to your mobile; it is valid for 10 minutes.",
        )),
        (Some(_), _, _) => Some(tr(
            l,
            "验证码已发送到您的电子邮箱，10分钟内有效。",
            "A code was sent to your e-mail; it is valid for 10 minutes.",
        )),
        (_, Some(_), _) => Some(tr(l, "验证成功。", "Verified.")),
        (_, _, Some(_)) => Some(tr(
            l,
            "验证码刚刚发送过，请稍后再获取。",
            "A code was sent a moment ago: wait a minute before asking again.",
        )),
        _ => None,
    };
    let data = Resource::new(|| (), |_| my_account());
    view! {
        <section class="card form-card" id="verify-page">
            <h1>{tr(l, "验证联系方式", "Verify your contacts")}</h1>
            {notice.map(|n| view! { <div class="banner ok" role="status" id="verify-notice">{n}</div> })}
            <p class="intro">{tr(l, "平台通过手机和电子邮箱向您发送项目通知和验证码。请输入收到的6位验证码。", "The platform sends notices and codes to your mobile and e-mail. Enter the 6-digit code you received.")}</p>
            <Suspense fallback=move || view! { <p>{t(l, "loading")}</p> }>
                {move || data.get().map(|r| match r {
                    Err(_) => view! { <p class="banner error" role="alert">{t(l, "form.unavailable")}</p> }.into_any(),
                    Ok(me) => {
                        let block = |medium: &'static str, label: &'static str, value: Option<String>, ok: bool| {
                            let r = refused(&format!("verify:{medium}"));
                            let error = r.as_ref().and_then(|r| r.errors.for_field("code").map(|e| e.message(l).to_owned()));
                            let down = unavailable(&r, l);
                            let id = format!("verify-{medium}");
                            let code_id = format!("code-{medium}");
                            let err_id = format!("err-code-{medium}");
                            match value {
                                None => view! { <div id=id><h2>{label}</h2><p>"—"</p></div> }.into_any(),
                                Some(v) => view! {
                                    <div id=id class="verify-block">
                                        <h2>{label}</h2>
                                        <p>{v} " " {verified_badge(ok, l)}</p>
                                        {down}
                                        {(!ok).then(|| view! {
                                            <form method="post" action="/account/verify" class="inline">
                                                <input type="hidden" name="medium" value=medium/>
                                                <input type="hidden" name="action" value="send"/>
                                                <button type="submit" class="secondary" id=format!("send-{medium}")>{tr(l, "获取验证码", "Send a code")}</button>
                                            </form>
                                            <form method="post" action="/account/verify">
                                                <input type="hidden" name="medium" value=medium/>
                                                <input type="hidden" name="action" value="check"/>
                                                <div class="field" class:invalid=error.is_some()>
                                                    <label for=code_id.clone()>{tr(l, "验证码", "Code")}</label>
                                                    <input id=code_id name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="12"
                                                        aria-describedby=err_id.clone()/>
                                                    <p class="field-error" id=err_id role="alert">{error.clone()}</p>
                                                </div>
                                                <button type="submit" id=format!("check-{medium}")>{tr(l, "验证", "Verify")}</button>
                                            </form>
                                        })}
                                    </div>
                                }.into_any(),
                            }
                        };
                        view! {
                            {block("mobile", tr(l, "手机号码", "Mobile"), me.mobile.clone(), me.mobile_verified)}
                            {block("email", tr(l, "电子邮箱", "E-mail"), me.email.clone(), me.email_verified)}
                            <p><a href="/account">{tr(l, "返回我的账户", "Back to my account")}</a>
                                {me.supplier.as_ref().filter(|s| !s.bound).map(|_| view! { " · " <a href="/account/identity">{tr(l, "下一步：核验主体身份", "Next: verify your company's identity")}</a> })}
                                {me.supplier.as_ref().filter(|s| s.bound).map(|_| view! { " · " <a href="/supplier/bids">{tr(l, "查看可投标项目", "Open tenders")}</a> })}
                            </p>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let Gate::Open(account) = gate(Page::Account, "/account/password") else {
        return sign_in_first("/account/password", l);
    };
    let r = refused("password");
    let error = |f: &str| {
        r.as_ref()
            .and_then(|r| r.errors.for_field(f).map(|e| e.message(l).to_owned()))
    };
    let forced = account.password_change_required;
    view! {
        <section class="card form-card" id="password-page">
            <h1>{tr(l, "修改密码", "Change password")}</h1>
            {forced.then(|| view! { <div class="banner error" role="alert" id="password-required">{tr(l, "您正在使用临时密码或密码已过期：请先设置新密码，再继续使用平台。", "You are using a temporary or expired password: set a new one before going on.")}</div> })}
            {unavailable(&r, l)}
            <form method="post" action="/account/password" id="password-form" novalidate=true>
                {input("current", tr(l, "当前密码", "Current password"), "password", "current-password", String::new(), error("current"), None)}
                {input("password", tr(l, "新密码", "New password"), "password", "new-password", String::new(), error("password"), Some(password_rule(l)))}
                {input("password2", tr(l, "再次输入新密码", "New password again"), "password", "new-password", String::new(), error("password2"), None)}
                <button type="submit" id="password-submit">{tr(l, "保存新密码", "Save the new password")}</button>
            </form>
            <p class="hint">{tr(l, "保存后，您在其他设备上的登录会话将全部退出。", "Saving ends your sessions on other devices.")}</p>
        </section>
    }
    .into_any()
}

#[component]
pub fn IdentityPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let Gate::Open(account) = gate(Page::Account, "/account/identity") else {
        return sign_in_first("/account/identity", l);
    };
    if account.principal.role != shared::access::Role::Supplier {
        return view! { <section class="card"><p>{tr(l, "只有供应商账户需要核验主体身份。", "Only supplier accounts verify a company identity.")}</p></section> }.into_any();
    }
    let r = refused("identity");
    let typed = r
        .as_ref()
        .and_then(|r| r.value("evidence").map(str::to_owned))
        .unwrap_or_default();
    let error = r.as_ref().and_then(|r| {
        r.errors
            .for_field("evidence")
            .map(|e| e.message(l).to_owned())
    });
    view! {
        <section class="card form-card" id="identity-page">
            <h1>{tr(l, "核验主体身份", "Verify your company's identity")}</h1>
            <p class="intro">{tr(l, "任何人都能填写公开的统一社会信用代码；签署投标文件前，平台需确认您持有本单位的电子营业执照或数字证书（电子签名法第十三至十六条）。核验一次即可，不需要任何审核。", "Anyone can type a public credit code; before you sign a bid the platform confirms that you hold your company's e-business licence or digital certificate (Electronic Signature Law Art 13–16). Once is enough; nobody reviews it.")}</p>
            <p><strong>{account.organisation_name.clone().unwrap_or_default()}</strong></p>
            {unavailable(&r, l)}
            <form method="post" action="/account/identity" id="identity-form" novalidate=true>
                {input("evidence", tr(l, "核验凭据（电子营业执照扫码或证书签名返回的结果）", "Evidence (what the e-licence scan or the certificate's signature returns)"), "text", "off", typed, error, Some(tr(l, "开发环境：运行 yiwang verifier token 统一社会信用代码 获得凭据。", "Development: run yiwang verifier token CREDIT_CODE for the evidence.")))}
                <button type="submit" id="identity-submit">{tr(l, "核验", "Verify")}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
pub fn ClaimPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let r = refused("claim");
    let typed = |f: &str| {
        r.as_ref()
            .and_then(|r| r.value(f).map(str::to_owned))
            .unwrap_or_default()
    };
    let error = |f: &str| {
        r.as_ref()
            .and_then(|r| r.errors.for_field(f).map(|e| e.message(l).to_owned()))
    };
    let signed_in = current_account().is_some();
    view! {
        <section class="card form-card" id="claim-page">
            <h1>{tr(l, "认领已注册的单位", "Claim a registered company")}</h1>
            <p class="intro">{tr(l, "如果您单位的统一社会信用代码已被他人注册，可凭本单位的电子营业执照或数字证书认领：核验通过后，您获得该单位的账户，原先未经核验注册的账户将被停用（留有审计记录）。已完成核验的单位不能被认领。", "If someone else registered your company's credit code, claim it with your company's e-business licence or digital certificate: once verified you get the company's account, and the accounts that registered it without verification are disabled (with an audit record). A company that verified its identity cannot be claimed.")}</p>
            {signed_in.then(|| view! { <p class="banner">{tr(l, "您已登录；认领将以新账户登录。", "You are signed in; a claim signs you in with the new account.")}</p> })}
            {unavailable(&r, l)}
            <form method="post" action="/suppliers/claim" id="claim-form" novalidate=true>
                {input("credit_code", tr(l, "统一社会信用代码", "Credit code"), "text", "off", typed("credit_code"), error("credit_code"), None)}
                {input("evidence", tr(l, "核验凭据（电子营业执照或数字证书）", "Evidence (e-business licence or certificate)"), "text", "off", typed("evidence"), error("evidence"), None)}
                <h2>{tr(l, "您的账户", "Your account")}</h2>
                {input("username", tr(l, "登录名", "Login name"), "text", "username", typed("username"), error("username"), None)}
                {input("display_name", tr(l, "姓名", "Name"), "text", "name", typed("display_name"), error("display_name"), None)}
                {input("mobile", tr(l, "手机号码", "Mobile"), "tel", "tel", typed("mobile"), error("mobile"), None)}
                {input("email", tr(l, "电子邮箱", "E-mail"), "email", "email", typed("email"), error("email"), None)}
                {input("password", tr(l, "密码", "Password"), "password", "new-password", String::new(), error("password"), Some(password_rule(l)))}
                {input("password2", tr(l, "确认密码", "Password again"), "password", "new-password", String::new(), error("password2"), None)}
                <button type="submit" id="claim-submit">{tr(l, "核验并认领", "Verify and claim")}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
pub fn OtpPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let r = refused("otp");
    let error = r
        .as_ref()
        .and_then(|r| r.errors.for_field("code").map(|e| e.message(l).to_owned()));
    let next = use_query_map()
        .get_untracked()
        .get("next")
        .filter(|n| crate::session::is_local_path(n))
        .unwrap_or_default();
    view! {
        <section class="card form-card" id="otp-page">
            <h1>{tr(l, "双因素验证", "Second factor")}</h1>
            <p class="intro">{tr(l, "密码正确。请输入身份验证器应用中显示的6位动态码（5分钟内有效）。", "Password accepted. Enter the 6-digit code your authenticator app shows (within 5 minutes).")}</p>
            <form method="post" action="/login/otp" id="otp-form" novalidate=true>
                <input type="hidden" name="next" value=next/>
                {input("code", tr(l, "动态码", "Code"), "text", "one-time-code", String::new(), error, None)}
                <button type="submit" id="otp-submit">{tr(l, "登录", "Sign in")}</button>
            </form>
            <p><a href="/login">{tr(l, "重新登录", "Start again")}</a></p>
        </section>
    }
}

#[component]
pub fn TwoFactorPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let Gate::Open(account) = gate(Page::Account, "/account/2fa") else {
        return sign_in_first("/account/2fa", l);
    };
    let required = account.second_factor_required;
    let query = use_query_map().get_untracked();
    let notice = if query.get("enabled").is_some() {
        Some(tr(
            l,
            "双因素登录已开启：今后登录时需输入动态码。",
            "Two-factor sign-in is on: signing in now asks for a code.",
        ))
    } else if query.get("disabled").is_some() {
        Some(tr(l, "双因素登录已关闭。", "Two-factor sign-in is off."))
    } else {
        None
    };
    let r = refused("2fa");
    let error = r
        .as_ref()
        .and_then(|r| r.errors.for_field("code").map(|e| e.message(l).to_owned()));
    let data = Resource::new(|| (), |_| my_account());
    view! {
        <section class="card form-card" id="two-factor-page">
            <h1>{tr(l, "双因素登录", "Two-factor sign-in")}</h1>
            {notice.map(|n| view! { <div class="banner ok" role="status" id="two-factor-notice">{n}</div> })}
            {required.then(|| view! { <div class="banner error" role="alert" id="two-factor-required">{tr(l, "您的角色（管理员、监管人员、代理机构人员）须使用双因素登录：请先设置，再继续使用平台。", "Your role (administrator, regulator, agency staff) must sign in with a second factor: set it up before going on.")}</div> })}
            {unavailable(&r, l)}
            <p class="intro">{tr(l, "登录时除密码外，还需输入身份验证器应用（如 Microsoft Authenticator、Google Authenticator 或其他支持 TOTP 的应用）生成的6位动态码。", "Besides the password, signing in asks for the 6-digit code of an authenticator app (Microsoft Authenticator, Google Authenticator or any app that supports TOTP).")}</p>
            <Suspense fallback=move || view! { <p>{t(l, "loading")}</p> }>
                {move || {
                    let error = error.clone();
                    data.get().map(|res| match res {
                        Err(_) => view! { <p class="banner error" role="alert">{t(l, "form.unavailable")}</p> }.into_any(),
                        Ok(me) if me.second_factor => view! {
                            <p id="two-factor-state"><span class="badge ok">{tr(l, "已开启", "on")}</span></p>
                            <form method="post" action="/account/2fa" id="two-factor-renew">
                                <input type="hidden" name="action" value="start"/>
                                {input("code", tr(l, "当前动态码（更换密钥时需要）", "Current code (to change the key)"), "text", "one-time-code", String::new(), None, None)}
                                <button type="submit" class="secondary">{tr(l, "更换密钥", "Change the key")}</button>
                            </form>
                            {(!required).then(|| view! {
                                <form method="post" action="/account/2fa" id="two-factor-off">
                                    <input type="hidden" name="action" value="disable"/>
                                    {input("code", tr(l, "当前动态码（关闭时需要）", "Current code (to turn it off)"), "text", "one-time-code", String::new(), error.clone(), None)}
                                    <button type="submit" class="secondary">{tr(l, "关闭双因素登录", "Turn it off")}</button>
                                </form>
                            })}
                        }.into_any(),
                        Ok(me) => match me.pending_secret {
                            None => view! {
                                <p id="two-factor-state"><span class="badge warn">{tr(l, "未开启", "off")}</span></p>
                                <form method="post" action="/account/2fa">
                                    <input type="hidden" name="action" value="start"/>
                                    <button type="submit" id="two-factor-start">{tr(l, "开始设置", "Set it up")}</button>
                                </form>
                            }.into_any(),
                            Some((secret, uri)) => view! {
                                <ol class="steps">
                                    <li>{tr(l, "在身份验证器应用中添加账户，输入下面的密钥（或打开链接）：", "In your authenticator app, add an account with this key (or open the link):")}
                                        <p><code id="two-factor-secret">{secret}</code></p>
                                        <p class="hint"><a href=uri.clone()>{uri.clone()}</a></p>
                                    </li>
                                    <li>{tr(l, "输入应用显示的6位动态码确认：", "Enter the 6-digit code the app shows to confirm:")}</li>
                                </ol>
                                <form method="post" action="/account/2fa" id="two-factor-confirm">
                                    <input type="hidden" name="action" value="confirm"/>
                                    {input("code", tr(l, "动态码", "Code"), "text", "one-time-code", String::new(), error.clone(), None)}
                                    <button type="submit" id="two-factor-confirm-submit">{tr(l, "确认开启", "Turn it on")}</button>
                                </form>
                            }.into_any(),
                        },
                    })
                }}
            </Suspense>
        </section>
    }
    .into_any()
}
