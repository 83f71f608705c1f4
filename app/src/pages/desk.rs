//! 待办 — the desk (`/` after signing in): what concerns the account now (`shared::desk`), each
//! item what to do, on what (by name, linked to the page where it is done), the legal due date
//! in the unit the law counts it and the time left, overdue first; then the account's pages,
//! grouped as the navigation groups them. A visitor sees the home page instead.

use leptos::prelude::*;
use shared::desk::{Deadline, Item};
use shared::i18n::Lang;

use crate::api::desk::get_desk;
use crate::i18n::{t, tr, use_lang};
use crate::pages::home::HomePage;
use crate::pages::layout::menu;
use crate::session::current_account;

/// `/`: the desk for a signed-in account, the home page for a visitor.
#[component]
pub fn FrontPage() -> impl IntoView {
    if current_account().is_some() {
        view! { <DeskPage/> }.into_any()
    } else {
        view! { <HomePage/> }.into_any()
    }
}

#[component]
fn DeskPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let account = current_account();
    let name = account
        .as_ref()
        .map(|a| a.display_name.clone())
        .unwrap_or_default();
    let groups = menu(account.as_ref());
    let page = leptos_router::hooks::use_query_map()
        .get_untracked()
        .get("page")
        .and_then(|p| p.parse::<u32>().ok());
    let desk = Resource::new(move || page, get_desk);
    let shortcuts = groups
        .into_iter()
        .map(|g| {
            let links = g
                .links
                .into_iter()
                .map(|k| view! { <li><a href=k.href>{k.label.get(l)}</a></li> })
                .collect_view();
            view! {
                <div class="shortcut-group">
                    <h3>{g.title.get(l)}</h3>
                    <ul>{links}</ul>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="card desk">
            <h1>{tr(l, "我的待办", "My desk")}</h1>
            <p class="intro">{match l {
                Lang::Zh => format!("{name}，您好。以下是现在需要您处理的事项，按法定期限排列，已逾期的在最前。"),
                Lang::En => format!("Hello, {name}. These are the things waiting for you now, by their legal due date, overdue first."),
            }}</p>
            <Suspense fallback=move || view! { <p>{t(l, "loading")}</p> }>
                {move || desk.get().map(|res| match res {
                    Err(_) => view! { <p class="banner error" role="alert">{t(l, "form.unavailable")}</p> }.into_any(),
                    Ok(d) => desk_list(l, &d).into_any(),
                })}
            </Suspense>
        </section>
        <section class="card shortcuts">
            <h2>{tr(l, "常用功能", "Your pages")}</h2>
            <div class="shortcut-groups">{shortcuts}</div>
        </section>
    }
}

fn desk_list(l: Lang, d: &crate::api::desk::Desk) -> impl IntoView {
    if d.total == 0 {
        return view! {
            <p class="empty" id="desk-empty">{tr(l, "目前没有需要您处理的事项。", "Nothing is waiting for you now.")}</p>
        }
        .into_any();
    }
    let soon = d.urgent.saturating_sub(d.overdue);
    let summary = match l {
        Lang::Zh => format!(
            "共 {} 项待办；{} 项已逾期，{} 项今明两日到期（{}）。",
            d.total, d.overdue, soon, d.today
        ),
        Lang::En => format!(
            "{} things to do; {} overdue, {} due today or tomorrow (as of {}).",
            d.total, d.overdue, soon, d.today
        ),
    };
    let (page, pages) = (d.page.max(1), d.pages.max(1));
    let per_page = u32::try_from(crate::api::desk::DESK_PER_PAGE).unwrap_or(u32::MAX);
    let rows = d
        .items
        .iter()
        .map(|i| item_view(l, i, d.today))
        .collect_view();
    let prev = (page > 1).then(|| format!("/?page={}", page - 1));
    let next = (page < pages).then(|| format!("/?page={}", page + 1));
    let pager = (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=tr(l, "分页", "Pages")>
                {prev.map(|h| view! { <a rel="prev" href=h>{tr(l, "上一页", "Previous")}</a> })}
                <span>{match l {
                    Lang::Zh => format!("第 {page}/{pages} 页"),
                    Lang::En => format!("page {page} of {pages}"),
                }}</span>
                {next.map(|h| view! { <a rel="next" href=h>{tr(l, "下一页", "Next")}</a> })}
            </nav>
        }
    });
    view! {
        <p class="summary" id="desk-summary">{summary}</p>
        <ol class="desk-items" id="desk-items" start=((page - 1) * per_page + 1).to_string()>{rows}</ol>
        {pager}
    }
    .into_any()
}

fn item_view(l: Lang, i: &Item, today: shared::time::Date) -> impl IntoView {
    let calendar = shared::calendar::china();
    let left = i.due.map(|d| d.left(today, calendar));
    let class = match left {
        Some(x) if x.is_overdue() => "desk-item overdue",
        Some(x) if x.is_urgent() => "desk-item urgent",
        _ => "desk-item",
    };
    let due = match (i.due, left) {
        (Some(d), Some(x)) => due_view(l, d, x).into_any(),
        _ => view! { <span class="due none">{tr(l, "无法定期限", "No legal time limit")}</span> }
            .into_any(),
    };
    let detail = i.detail.as_ref().map(|d| d.get(l).to_owned());
    view! {
        <li class=class>
            <div class="what">
                <span class="line"><strong class="task">{i.task.name().get(l)}</strong>
                    " · " <a class="target" href=i.target.href()>{i.name.clone()}</a></span>
                <span class="detail">{i.target.kind().get(l)}{detail.map(|d| format!(" · {d}"))}</span>
            </div>
            <div class="when">{due}</div>
        </li>
    }
}

fn due_view(l: Lang, d: Deadline, left: shared::desk::Left) -> impl IntoView {
    let provisional = d.provisional.then(|| {
        view! { <span class="provisional">{tr(l, "（暂定：该年节假日安排未导入）", " (provisional: that year's holidays are not loaded)")}</span> }
    });
    view! {
        <span class="left">{left.text(l)}</span>
        <span class="due">
            {match l {
                Lang::Zh => format!("期满日 {}（{}）", d.last_day, d.rule(l)),
                Lang::En => format!("last day {} ({})", d.last_day, d.rule(l)),
            }}
            {provisional}
        </span>
    }
}
