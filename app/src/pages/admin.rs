//! 账户管理 and 单位管理 — the administrators' pages (`/admin/users`, `/admin/organisations`):
//! every account with search, role filter and paging; create a staff account for an
//! organisation (a temporary password, shown once and changed at the first sign-in); disable
//! (its sessions end at once), enable, reset a password; every organisation with search and
//! paging, and a new purchaser unit, agency or bureau. Plain forms: they work without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::access::{organisation_kind_name, Page, Role, ORGANISATION_KINDS};
use shared::i18n::Lang;
use shared::region::{region, REGIONS};

use crate::api::accounts::{account_list, organisation_list};
use crate::api::plans::Refused;
use crate::i18n::{t, tr, use_lang};
use crate::pages::regulator::Forbidden;
use crate::session::{gate, login_href, refused_form, Gate};

/// The temporary password this response shows (once), if any.
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

fn refused(form: &str) -> Option<Refused> {
    refused_form().filter(|r| r.form == form)
}

/// Links to the previous and next page of a list at `base` (a path with its query, without
/// `page`).
fn pager(base: String, page: u32, pages: u32, total: i64, l: Lang) -> impl IntoView {
    let sep = if base.contains('?') { '&' } else { '?' };
    let prev = (page > 1).then(|| format!("{base}{sep}page={}", page - 1));
    let next = (page < pages).then(|| format!("{base}{sep}page={}", page + 1));
    view! {
        <nav class="pager" aria-label=move || crate::i18n::tr(use_lang().get_untracked(), "分页", "Pages")>
            <span>{match l { Lang::Zh => format!("共 {total} 条 · 第 {page}/{pages} 页"), Lang::En => format!("{total} in all · page {page} of {pages}") }}</span>
            {prev.map(|h| view! { " " <a href=h rel="prev">{tr(l, "上一页", "Previous")}</a> })}
            {next.map(|h| view! { " " <a href=h rel="next">{tr(l, "下一页", "Next")}</a> })}
        </nav>
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn gate_admin(path: &'static str, l: Lang) -> Option<AnyView> {
    match gate(Page::Accounts, path) {
        Gate::Open(_) => None,
        Gate::SignIn => Some(view! { <section class="card"><p id="sign-in-first"><a href=login_href(path)>{t(l, "account.sign_in")}</a></p></section> }.into_any()),
        Gate::Forbidden => Some(view! { <Forbidden/> }.into_any()),
    }
}

/// A private agency's list registration (名录登记): its data and whether its permissions to
/// publish and draw are open; the form for whoever keeps it.
fn listing_card(
    org: i64,
    a: &crate::api::accounts::AgencyListingView,
    l: Lang,
    r: Option<Refused>,
) -> AnyView {
    let typed = |f: &str, stored: String| {
        r.as_ref()
            .and_then(|r| r.value(f).map(str::to_owned))
            .unwrap_or(stored)
    };
    let error = |f: &str| {
        r.as_ref()
            .and_then(|r| r.errors.for_field(f).map(|e| e.message(l).to_owned()))
    };
    let d = a.listing.clone();
    let get =
        |f: fn(&crate::api::accounts::ListingData) -> String| d.as_ref().map(f).unwrap_or_default();
    let status = if d.is_some() {
        view! { <span class="badge ok" id="listing-open">{tr(l, "名录信息完整：信息发布和专家抽取权限已开通", "List data complete: publishing and expert draws are open")}</span> }.into_any()
    } else {
        view! { <span class="badge warn" id="listing-missing">{tr(l, "尚无名录登记信息：信息发布和专家抽取权限未开通", "No list data yet: publishing and expert draws are not open")}</span> }.into_any()
    };
    let field = |name: &'static str, label: &'static str, value: String| {
        let err = error(name);
        let id = format!("ls-{name}");
        view! {
            <div class="field" class:invalid=err.is_some()>
                <label for=id.clone()>{label}</label>
                <input id=id name=name type="text" value=typed(name, value)/>
                <p class="field-error" role="alert">{err.clone()}</p>
            </div>
        }
    };
    let facts = d.clone().map(|x| {
        view! {
            <dl class="facts">
                <dt>{tr(l, "法定代表人", "Legal representative")}</dt><dd>{x.legal_rep.clone()}</dd>
                <dt>{tr(l, "办公场所", "Office")}</dt><dd>{x.address.clone()}</dd>
                <dt>{tr(l, "联系电话", "Phone")}</dt><dd>{x.phone.clone()}</dd>
                <dt>{tr(l, "专职从业人员", "Full-time staff")}</dt><dd>{x.full_time_staff}</dd>
                <dt>{tr(l, "名录公布日期", "Listed on")}</dt><dd>{x.listed_on.clone()}</dd>
                <dt>{tr(l, "最近更新", "Updated")}</dt><dd>{x.updated_at.china_display()}</dd>
            </dl>
        }
    });
    let form = a.editable.then(|| view! {
        <form method="post" action=format!("/admin/organisations/{org}/listing") id="listing-form" novalidate=true>
            {field("legal_rep", tr(l, "法定代表人", "Legal representative"), get(|x| x.legal_rep.clone()))}
            {field("address", tr(l, "办公场所地址", "Office address"), get(|x| x.address.clone()))}
            {field("phone", tr(l, "联系电话", "Phone"), get(|x| x.phone.clone()))}
            {field("full_time_staff", tr(l, "专职从业人员人数（不少于5人）", "Full-time staff (at least 5)"), get(|x| x.full_time_staff.to_string()))}
            {field("listed_on", tr(l, "名录公布日期（YYYY-MM-DD）", "Listed on (YYYY-MM-DD)"), get(|x| x.listed_on.clone()))}
            <div class="field" class:invalid=error("internal_rules").is_some()>
                <label class="choice"><input type="checkbox" name="internal_rules" value="1" checked=d.is_some() || typed("internal_rules", String::new()) == "1"/>{tr(l, "已建立内部监督管理制度", "Internal control rules in place")}</label>
                <p class="field-error" role="alert">{error("internal_rules")}</p>
            </div>
            <button type="submit" id="listing-submit">{tr(l, "保存名录信息", "Save the list data")}</button>
        </form>
    });
    view! {
        <section class="card" id="agency-listing">
            <h2>{tr(l, "代理机构名录登记信息", "Agency list registration")}</h2>
            <p>{status}</p>
            <p class="hint">{tr(l, "代理机构实行名录登记管理，不是资格审批（财库〔2018〕2号）；信息完整即开通信息发布和专家抽取权限。", "Agencies are on a list, not accredited (MOF 2018 No. 2); complete data opens publishing and expert draws.")}</p>
            {facts}
            {form}
        </section>
    }
    .into_any()
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    if let Some(v) = gate_admin("/admin/users", l) {
        return v;
    }
    let query = use_query_map().get_untracked();
    let q = query.get("q").unwrap_or_default();
    let role = query.get("role").unwrap_or_default();
    let organisation = query
        .get("organisation")
        .and_then(|o| o.parse::<i64>().ok());
    let page = query
        .get("page")
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1);
    let issued = issued();
    let r = refused("new-account");
    let action_refused = refused("account-action");
    let data = {
        let (q, role) = (q.clone(), role.clone());
        Resource::new(
            move || (),
            move |_| account_list(q.clone(), role.clone(), organisation, page),
        )
    };
    let base = format!(
        "/admin/users?q={}&role={}{}",
        encode(&q),
        encode(&role),
        organisation
            .map(|o| format!("&organisation={o}"))
            .unwrap_or_default()
    );
    let field = move |name: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      value: String,
                      err: Option<String>| {
        let invalid = err.is_some();
        let err_id = format!("err-{name}");
        view! {
            <div class="field" class:invalid=invalid>
                <label for=name>{label}</label>
                <input id=name name=name type=kind value=value aria-describedby=err_id.clone()/>
                <p class="field-error" id=err_id role="alert">{err}</p>
            </div>
        }
    };
    let form_refusal = r.clone();
    let new_form = move |creatable: Vec<Role>, organisation: i64| {
        let r = form_refusal.clone();
        let typed = |f: &str| {
            r.as_ref()
                .and_then(|r| r.value(f).map(str::to_owned))
                .unwrap_or_default()
        };
        let error = |f: &str| {
            r.as_ref()
                .and_then(|r| r.errors.for_field(f).map(|e| e.message(l).to_owned()))
        };
        view! {
        <form method="post" action="/admin/users" id="new-account" novalidate=true>
            {field("username", tr(l, "登录名", "Login name"), "text", typed("username"), error("username"))}
            {field("display_name", tr(l, "姓名", "Name"), "text", typed("display_name"), error("display_name"))}
            <div class="field" class:invalid=error("role").or_else(|| error("organisation")).is_some()>
                <label for="role">{tr(l, "角色", "Role")}</label>
                <select id="role" name="role">
                    {creatable.iter().map(|r| {
                        let sel = typed("role") == r.code();
                        view! { <option value=r.code() selected=sel>{r.name().get(l)}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" id="err-role" role="alert">{error("role").or_else(|| error("organisation"))}</p>
            </div>
            {creatable.iter().any(|r| shared::access::Duty::UnitAdmin.fits(*r)).then(|| view! {
                <div class="field" class:invalid=error("duty").is_some()>
                    <label class="choice"><input type="checkbox" id="unit_admin" name="unit_admin" value="1" checked=typed("unit_admin") == "1"/>{tr(l, "单位管理员（管理本单位的账户）", "Unit administrator (manages this organisation's accounts)")}</label>
                    <p class="field-error" id="err-duty" role="alert">{error("duty")}</p>
                </div>
            })}
            <input type="hidden" name="organisation" value=organisation.to_string()/>
            {field("mobile", tr(l, "手机号码（选填）", "Mobile (optional)"), "tel", typed("mobile"), error("mobile"))}
            {field("email", tr(l, "电子邮箱（选填）", "E-mail (optional)"), "email", typed("email"), error("email"))}
            <button type="submit" id="new-account-submit">{tr(l, "创建账户", "Create the account")}</button>
        </form>
        }
    };
    view! {
        <section class="card">
            <h1>{tr(l, "账户管理", "Accounts")}</h1>
            {issued.map(|(username, password)| view! {
                <div class="banner ok" role="status" id="issued-password">
                    <p>{match l { Lang::Zh => format!("账户 {username} 的临时密码（只显示这一次，请当面或通过安全渠道告知本人；首次登录时须修改）："), Lang::En => format!("The temporary password of {username} (shown this once: give it to the person in a safe way; it must be changed at the first sign-in):") }}</p>
                    <p><code id="temporary-password">{password}</code></p>
                </div>
            })}
            {action_refused.map(|r| view! { <p class="banner error" role="alert" id="form-refused">{r.errors.iter().next().map(|e| e.message(l).to_owned()).unwrap_or_else(|| t(l, "form.unavailable").to_owned())}</p> })}
            <form method="get" action="/admin/users" class="search">
                <input type="search" name="q" value=q.clone() aria-label=tr(l, "搜索登录名或姓名", "Search login name or name") placeholder=tr(l, "登录名或姓名", "Login name or name")/>
                <select name="role" aria-label=tr(l, "角色", "Role")>
                    <option value="">{tr(l, "全部角色", "All roles")}</option>
                    {[Role::Purchaser, Role::Agency, Role::Supplier, Role::Expert, Role::Regulator, Role::Admin].iter().map(|r| {
                        let sel = role == r.code();
                        view! { <option value=r.code() selected=sel>{r.name().get(l)}</option> }
                    }).collect_view()}
                </select>
                {organisation.map(|o| view! { <input type="hidden" name="organisation" value=o.to_string()/> })}
                <button type="submit">{tr(l, "搜索", "Search")}</button>
            </form>
        </section>
        <Suspense fallback=move || view! { <p>{t(l, "loading")}</p> }>
            {move || data.get().map(|res| match res {
                Err(_) => view! { <p class="banner error" role="alert">{t(l, "form.unavailable")}</p> }.into_any(),
                Ok(p) => {
                    let pages = crate::api::page_count(p.total, p.per_page);
                    let org = p.organisation.clone();
                    let creatable = p.creatable.clone();
                    let listing = match (&p.organisation, &p.agency) {
                        (Some((id, _, _)), Some(a)) => Some(listing_card(*id, a, l, refused("listing"))),
                        _ => None,
                    };
                    let rows = p.rows.iter().map(|a| {
                        let state = match (a.disabled, a.temporary) {
                            (true, _) => view! { <span class="badge warn">{tr(l, "已停用", "disabled")}</span> }.into_any(),
                            (false, true) => view! { <span class="badge warn">{tr(l, "临时密码", "temporary password")}</span> }.into_any(),
                            _ => view! { <span class="badge ok">{tr(l, "正常", "active")}</span> }.into_any(),
                        };
                        let toggle = if a.disabled { ("enable", tr(l, "启用", "Enable")) } else { ("disable", tr(l, "停用", "Disable")) };
                        // Only the actions the rules allow this viewer (`may_secure_account`).
                        let actions = a.manageable.then(|| view! {
                            <form method="post" action="/admin/users/action" class="inline">
                                <input type="hidden" name="username" value=a.username.clone()/>
                                <input type="hidden" name="action" value=toggle.0/>
                                <button type="submit" class="secondary">{toggle.1}</button>
                            </form>
                        });
                        let reset = a.resettable.then(|| view! {
                            " "
                            <form method="post" action="/admin/users/action" class="inline">
                                <input type="hidden" name="username" value=a.username.clone()/>
                                <input type="hidden" name="action" value="reset"/>
                                <button type="submit" class="secondary">{tr(l, "重置密码", "Reset password")}</button>
                            </form>
                        });
                        view! {
                            <tr data-user=a.username.clone()>
                                <td><code>{a.username.clone()}</code></td>
                                <td>{a.display_name.clone()}</td>
                                <td>{a.role.name().get(l)}{a.duty.map(|d| view! { " · " {d.name().get(l)} })}</td>
                                <td>{a.organisation.clone().unwrap_or_else(|| "—".into())}</td>
                                <td>{state}</td>
                                <td class="actions">{actions}{reset}</td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        {listing}
                        {org.clone().filter(|_| !creatable.is_empty()).map(|(org_id, name, kind)| view! {
                            <section class="card" id="new-account-card">
                                <h2>{match l { Lang::Zh => format!("为「{name}」创建账户"), Lang::En => format!("New account for {name}") }}</h2>
                                <p class="hint">{organisation_kind_name(&kind).get(l)}{tr(l, "：系统生成临时密码，首次登录时须修改。", ": the system issues a temporary password, changed at the first sign-in.")}</p>
                                {new_form(creatable.clone(), org_id)}
                            </section>
                        })}
                        <section class="card">
                            <div class="table-scroll">
                                <table class="list" id="accounts">
                                    <thead><tr>
                                        <th>{tr(l, "登录名", "Login name")}</th><th>{tr(l, "姓名", "Name")}</th><th>{tr(l, "角色", "Role")}</th>
                                        <th>{tr(l, "单位", "Organisation")}</th><th>{tr(l, "状态", "State")}</th><th></th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            {pager(base.clone(), p.page, pages, p.total, l)}
                            {org.is_none().then(|| view! { <p class="hint">{tr(l, "为单位创建账户：在「单位管理」中选择单位。供应商自行注册，无需审核。", "To create an account for an organisation, choose it under Organisations. Suppliers sign themselves up, without approval.")} " " <a href="/admin/organisations">{tr(l, "单位管理", "Organisations")}</a></p> })}
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    if let Some(v) = gate_admin("/admin/organisations", l) {
        return v;
    }
    let query = use_query_map().get_untracked();
    let q = query.get("q").unwrap_or_default();
    let kind = query.get("kind").unwrap_or_default();
    let page = query
        .get("page")
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1);
    let may_create = crate::session::current_account()
        .is_some_and(|a| shared::access::may_create_organisation(&a.principal));
    let r = refused("organisation");
    let typed = |f: &str| {
        r.as_ref()
            .and_then(|r| r.value(f).map(str::to_owned))
            .unwrap_or_default()
    };
    let error = |f: &str| {
        r.as_ref()
            .and_then(|r| r.errors.for_field(f).map(|e| e.message(l).to_owned()))
    };
    let data = {
        let (q, kind) = (q.clone(), kind.clone());
        Resource::new(
            move || (),
            move |_| organisation_list(q.clone(), kind.clone(), page),
        )
    };
    let base = format!(
        "/admin/organisations?q={}&kind={}",
        encode(&q),
        encode(&kind)
    );
    view! {
        <section class="card">
            <h1>{tr(l, "单位管理", "Organisations")}</h1>
            <p class="intro">{tr(l, "采购人（预算单位）来自预算管理一体化系统；代理机构按名录登记信息录入；财政部门按辖区设立。选择单位后为其创建账户。", "Purchaser units come from the budget system; agencies from their list registration; finance bureaus per jurisdiction. Choose an organisation to create its accounts.")}</p>
            <form method="get" action="/admin/organisations" class="search">
                <input type="search" name="q" value=q.clone() aria-label=tr(l, "搜索单位名称或代码", "Search name or code") placeholder=tr(l, "单位名称或统一社会信用代码", "Name or credit code")/>
                <select name="kind" aria-label=tr(l, "单位类型", "Kind")>
                    <option value="">{tr(l, "全部类型", "All kinds")}</option>
                    {ORGANISATION_KINDS.iter().map(|k| { let sel = kind == *k; view! { <option value=*k selected=sel>{organisation_kind_name(k).get(l)}</option> } }).collect_view()}
                </select>
                <button type="submit">{tr(l, "搜索", "Search")}</button>
            </form>
        </section>
        <Suspense fallback=move || view! { <p>{t(l, "loading")}</p> }>
            {move || data.get().map(|res| match res {
                Err(_) => view! { <p class="banner error" role="alert">{t(l, "form.unavailable")}</p> }.into_any(),
                Ok(p) => {
                    let pages = crate::api::page_count(p.total, p.per_page);
                    let rows = p.rows.iter().map(|o| {
                        let place = region(&o.jurisdiction).map(|r| r.name.get(l).to_owned()).unwrap_or_else(|| o.jurisdiction.clone());
                        let href = format!("/admin/users?organisation={}", o.id);
                        view! {
                            <tr data-organisation=o.id.to_string()>
                                <td>{o.name.clone()}</td>
                                <td>{organisation_kind_name(&o.kind).get(l)}</td>
                                <td>{place}</td>
                                <td><code>{o.credit_code.clone().unwrap_or_else(|| "—".into())}</code></td>
                                <td class="num">{o.accounts}</td>
                                <td><a href=href>{tr(l, "管理账户", "Manage accounts")}</a></td>
                            </tr>
                        }
                    }).collect_view();
                    view! {
                        <section class="card">
                            <div class="table-scroll">
                                <table class="list" id="organisations">
                                    <thead><tr>
                                        <th>{tr(l, "名称", "Name")}</th><th>{tr(l, "类型", "Kind")}</th><th>{tr(l, "辖区", "Jurisdiction")}</th>
                                        <th>{tr(l, "统一社会信用代码", "Credit code")}</th><th>{tr(l, "账户数", "Accounts")}</th><th></th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            {pager(base.clone(), p.page, pages, p.total, l)}
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
        {may_create.then(|| view! {
        <section class="card form-card">
            <h2>{tr(l, "新增单位", "New organisation")}</h2>
            <form method="post" action="/admin/organisations" id="new-organisation" novalidate=true>
                <div class="field" class:invalid=error("kind").is_some()>
                    <label for="kind">{tr(l, "类型", "Kind")}</label>
                    <select id="kind" name="kind">
                        {ORGANISATION_KINDS.iter().map(|k| { let sel = typed("kind") == *k; view! { <option value=*k selected=sel>{organisation_kind_name(k).get(l)}</option> } }).collect_view()}
                    </select>
                    <p class="field-error" role="alert">{error("kind")}</p>
                </div>
                <div class="field" class:invalid=error("name").is_some()>
                    <label for="org-name">{tr(l, "名称", "Name")}</label>
                    <input id="org-name" name="name" type="text" value=typed("name")/>
                    <p class="field-error" id="err-name" role="alert">{error("name")}</p>
                </div>
                <div class="field" class:invalid=error("credit_code").is_some()>
                    <label for="org-code">{tr(l, "统一社会信用代码（选填）", "Credit code (optional)")}</label>
                    <input id="org-code" name="credit_code" type="text" value=typed("credit_code")/>
                    <p class="field-error" id="err-credit_code" role="alert">{error("credit_code")}</p>
                </div>
                <div class="field" class:invalid=error("jurisdiction").is_some()>
                    <label for="jurisdiction">{tr(l, "辖区", "Jurisdiction")}</label>
                    <select id="jurisdiction" name="jurisdiction">
                        {REGIONS.iter().map(|r| { let sel = typed("jurisdiction") == r.code; view! { <option value=r.code selected=sel>{r.name.get(l)}</option> } }).collect_view()}
                    </select>
                    <p class="field-error" role="alert">{error("jurisdiction")}</p>
                </div>
                <button type="submit" id="new-organisation-submit">{tr(l, "新增", "Add")}</button>
            </form>
        </section>
        })}
    }
    .into_any()
}
