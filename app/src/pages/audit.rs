//! 审计日志 — the audit administrator's page (`/admin/audit`, 三员): the audit trail newest
//! first with who, role, action and subject, searched by action (prefix) or login name, paged;
//! 「校验审计链」 walks the hash chain and says whether it is whole. Read-only: the audit
//! administrator changes nothing.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::access::Page;
use shared::i18n::Lang;

use crate::api::accounts::audit_log;
use crate::i18n::{t, tr, use_lang};
use crate::pages::layout::encode_component;
use crate::pages::regulator::Forbidden;
use crate::session::{gate, login_href, Gate};

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    match gate(Page::AuditLog, "/admin/audit") {
        Gate::Open(_) => {}
        Gate::SignIn => return view! { <section class="card"><p id="sign-in-first"><a href=login_href("/admin/audit")>{t(l, "account.sign_in")}</a></p></section> }.into_any(),
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    }
    let query = use_query_map().get_untracked();
    let q = query.get("q").unwrap_or_default();
    let verify = query.get("verify").is_some();
    let page = query
        .get("page")
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1);
    let data = {
        let q = q.clone();
        Resource::new(move || (), move |_| audit_log(q.clone(), page, verify))
    };
    let base = format!("/admin/audit?q={}", encode_component(&q));
    view! {
        <section class="card">
            <h1>{tr(l, "审计日志", "Audit trail")}</h1>
            <p class="intro">{tr(l, "平台的每一步操作都记入只能追加的哈希链审计日志（登录、账户、计划、项目、审批、导入……），密码和验证码从不记入。审计管理员只读，不能更改任何数据。", "Every step on the platform is written to an append-only, hash-chained audit trail (sign-ins, accounts, plans, projects, approvals, imports…); passwords and codes never are. The audit administrator reads it and changes nothing.")}</p>
            <form method="get" action="/admin/audit" class="search">
                <input type="search" name="q" value=q.clone() aria-label=tr(l, "操作（前缀）或登录名", "Action (prefix) or login name") placeholder=tr(l, "如 login. 或 user. 或登录名", "e.g. login. or user. or a login name")/>
                <button type="submit">{tr(l, "搜索", "Search")}</button>
            </form>
            <p><a id="verify-link" href=format!("{base}&verify=1")>{tr(l, "校验审计链", "Verify the chain")}</a></p>
        </section>
        <Suspense fallback=move || view! { <p>{t(l, "loading")}</p> }>
            {move || data.get().map(|res| match res {
                Err(_) => view! { <p class="banner error" role="alert">{t(l, "form.unavailable")}</p> }.into_any(),
                Ok(p) => {
                    let pages = crate::api::page_count(p.total, p.per_page);
                    let check = p.check.clone().map(|c| match c.problem {
                        None => view! { <div class="banner ok" role="status" id="chain-ok">{match l { Lang::Zh => format!("审计链完整：已校验 {} 条记录（另有 {} 条早于链）。", c.records, c.before_chain), Lang::En => format!("The chain is whole: {} records verified ({} from before the chain).", c.records, c.before_chain) }}</div> }.into_any(),
                        Some((zh, en)) => view! { <div class="banner error" role="alert" id="chain-broken">{match l { Lang::Zh => format!("审计链不完整：{zh}"), Lang::En => format!("The chain is broken: {en}") }}</div> }.into_any(),
                    });
                    let rows = p.rows.iter().map(|r| view! {
                        <tr data-record=r.id.to_string()>
                            <td class="num">{r.id}</td>
                            <td>{r.at.china_display()}</td>
                            <td>{r.who.clone().map(|(name, login)| format!("{name}（{login}）")).unwrap_or_else(|| "—".into())}</td>
                            <td>{r.role.map(|x| x.name().get(l).to_owned()).unwrap_or_else(|| "—".into())}</td>
                            <td>{match shared::i18n::action_name(&r.action) {
                                Some(name) => view! { <span title=r.action.clone()>{name.get(l)}</span> }.into_any(),
                                None => view! { <code>{r.action.clone()}</code> }.into_any(),
                            }}</td>
                            <td>{subject(r.subject_type.as_deref(), r.subject_id.as_deref(), l)}</td>
                        </tr>
                    }).collect_view();
                    let prev = (p.page > 1).then(|| format!("{base}&page={}", p.page - 1));
                    let next = (p.page < pages).then(|| format!("{base}&page={}", p.page + 1));
                    view! {
                        {check}
                        <section class="card">
                            <div class="table-scroll">
                                <table class="list" id="audit-log">
                                    <thead><tr>
                                        <th>"#"</th><th>{tr(l, "时间", "Time")}</th><th>{tr(l, "账户", "Account")}</th>
                                        <th>{tr(l, "角色", "Role")}</th><th>{tr(l, "操作", "Action")}</th><th>{tr(l, "对象", "Subject")}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            <p>{match l { Lang::Zh => format!("共 {} 条 · 第 {}/{} 页", p.total, p.page, pages), Lang::En => format!("{} in all · page {} of {}", p.total, p.page, pages) }}
                                {prev.map(|h| view! { " " <a rel="prev" href=h>{tr(l, "上一页", "Previous")}</a> })}
                                {next.map(|h| view! { " " <a rel="next" href=h>{tr(l, "下一页", "Next")}</a> })}
                            </p>
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// The record an action concerns: its kind by name and its number (`采购计划 #31`).
fn subject(kind: Option<&str>, id: Option<&str>, l: Lang) -> String {
    let Some(kind) = kind else {
        return "—".to_owned();
    };
    let name =
        shared::i18n::record_kind(kind).map_or_else(|| kind.to_owned(), |t| t.get(l).to_owned());
    match id {
        Some(id) => format!("{name} #{id}"),
        None => name,
    }
}
