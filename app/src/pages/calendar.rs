//! 节假日历 — the holiday calendar in force (`/admin/calendar`): which years are published and
//! which are provisional, the stored years, a working-day calculator, and for administrators the
//! form that loads a year of the State Council's notice with a preview of what changes. Works
//! without JavaScript (the calculator is a GET form; the preview and the import are posts).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::access::Page;
use shared::i18n::Lang;

use crate::api::calendar::calendar_years;
use crate::i18n::{t, tr, use_lang};
use crate::pages::regulator::Forbidden;
use crate::session::{gate, login_href, refused_form, Gate};

/// The year posted for a preview (`POST /admin/calendar` with `action=preview`): the page shows
/// what loading it would change and asks to confirm.
#[derive(Debug, Clone, Default)]
pub struct CalendarPreview {
    pub data: String,
}

fn posted_preview() -> Option<CalendarPreview> {
    #[cfg(feature = "ssr")]
    {
        use_context::<CalendarPreview>()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

fn weekday(d: shared::time::Date, l: Lang) -> &'static str {
    use shared::time::Weekday::*;
    let (zh, en) = match d.weekday() {
        Mon => ("周一", "Mon"),
        Tue => ("周二", "Tue"),
        Wed => ("周三", "Wed"),
        Thu => ("周四", "Thu"),
        Fri => ("周五", "Fri"),
        Sat => ("周六", "Sat"),
        Sun => ("周日", "Sun"),
    };
    tr(l, zh, en)
}

/// The calculator's answer: the `n`-th working day after `from` on the calendar in force (the
/// provisional years included, marked), or why there is none.
fn workday_answer(from: &str, n: &str, l: Lang) -> Option<String> {
    if from.trim().is_empty() && n.trim().is_empty() {
        return None;
    }
    let Ok(d) = shared::time::Date::parse(from.trim()) else {
        return Some(
            tr(
                l,
                "请输入日期（如 2027-01-29）",
                "Enter a date (e.g. 2027-01-29)",
            )
            .to_owned(),
        );
    };
    let Ok(n) = n.trim().parse::<i64>() else {
        return Some(
            tr(
                l,
                "请输入工作日天数（整数）",
                "Enter a number of working days",
            )
            .to_owned(),
        );
    };
    if n.abs() > 366 {
        return Some(tr(l, "天数不超过 366", "At most 366 days").to_owned());
    }
    let cal = shared::calendar::provisional();
    Some(match cal.add_workdays(d, n) {
        Ok(end) => format!(
            "{end}（{}）{}",
            weekday(end, l),
            shared::calendar::provisional_mark(end, l)
        ),
        Err(e) => e.message(l),
    })
}

/// The working-day calculator, live in the browser on the calendar the server sent with the
/// page (`shared::calendar::install`), and as a GET form without JavaScript: both count on the
/// same calendar.
#[island]
fn WorkdayCalculator(from: String, n: String) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let from_s = RwSignal::new(from.clone());
    let n_s = RwSignal::new(n.clone());
    let answer = move || from_s.with(|f| n_s.with(|n| workday_answer(f, n, lang.get())));
    view! {
        <form class="search" method="get" action="/admin/calendar" id="workday-form">
            <label for="from">{move || tr(lang.get(), "起算日", "From")}</label>
            <input id="from" name="from" value=from placeholder="2027-01-29"
                on:input=move |ev| from_s.set(event_target_value(&ev))/>
            <label for="n">{move || tr(lang.get(), "工作日数", "Working days")}</label>
            <input id="n" name="n" inputmode="numeric" value=n size="4"
                on:input=move |ev| n_s.set(event_target_value(&ev))/>
            <button type="submit">{move || tr(lang.get(), "计算", "Compute")}</button>
        </form>
        <p id="workday-result" aria-live="polite">{answer}</p>
    }
}

fn status_line(l: Lang) -> String {
    let published = shared::calendar::china().last_year();
    let provisional = shared::calendar::provisional().last_year();
    match l {
        Lang::Zh => format!(
            "已发布的节假日安排载至 {published} 年；{}—{provisional} 年仅按法定节假日暂定（调休未知，期限从早计算并标“暂定”，预警检查不评判落在其中的期限）。",
            published + 1
        ),
        Lang::En => format!(
            "Published holiday arrangements are loaded up to {published}; {}–{provisional} are provisional, statutory holidays only (make-up days unknown: deadlines are computed early and marked provisional; the checks do not judge periods that fall there).",
            published + 1
        ),
    }
}

/// The preview of a posted year: the days that change, and the confirm form.
fn preview_view(data: String, l: Lang) -> AnyView {
    let year = match shared::calendar::YearData::parse(&data) {
        Ok(y) => y,
        Err(e) => {
            return view! { <div class="banner error" role="alert" id="form-refused" data-form="calendar">{e.message(l)}</div> }.into_any();
        }
    };
    let changes = match shared::calendar::preview(&year) {
        Ok(c) => c,
        Err(e) => {
            return view! { <div class="banner error" role="alert" id="form-refused" data-form="calendar">{e.message(l)}</div> }.into_any();
        }
    };
    let (off, work) = year.counts();
    let kind = move |d: shared::time::Date,
                     k: Option<shared::calendar::DayKind>,
                     provisional: bool| match k {
        None => tr(l, "未覆盖", "not covered").to_owned(),
        Some(k) if provisional => {
            shared::calendar::provisional_label(shared::calendar::provisional(), d, k, l)
        }
        Some(k) => k.label(l),
    };
    let rows = changes
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <td>{c.date.to_string()}" "{weekday(c.date, l)}</td>
                    <td>{kind(c.date, c.before, c.before_provisional)}</td>
                    <td>{kind(c.date, Some(c.after), false)}</td>
                </tr>
            }
        })
        .collect_view();
    let summary = match l {
        Lang::Zh => format!(
            "{} 年：放假日 {off} 天，调休上班日 {work} 天；与现行日历相比有 {} 天变化。",
            year.year(),
            changes.len()
        ),
        Lang::En => format!(
            "{}: {off} days off, {work} make-up working days; {} days differ from the calendar in force.",
            year.year(),
            changes.len()
        ),
    };
    view! {
        <section class="card" id="calendar-preview">
            <h2>{tr(l, "导入预览", "Preview")}</h2>
            <p id="preview-summary">{summary}</p>
            <div class="table-scroll">
                <table class="list" id="preview-changes">
                    <thead><tr><th>{tr(l, "日期", "Date")}</th><th>{tr(l, "现为", "Now")}</th><th>{tr(l, "导入后", "After loading")}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <form method="post" action="/admin/calendar">
                <input type="hidden" name="action" value="import"/>
                <input type="hidden" name="data" value=data.clone()/>
                <p class="intro">{tr(l, "导入后，期限按新日历重新计算；已在公告中发布的期限不变，若新日历使其不足法定期限，将产生预警。", "After loading, deadlines are re-computed on the new calendar; a deadline already published in a notice stands, and a finding is raised where the new calendar makes it shorter than the law requires.")}</p>
                <button type="submit" id="calendar-confirm">{tr(l, "确认导入", "Load this year")}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
pub fn CalendarPage() -> impl IntoView {
    let lang = use_lang();
    match gate(Page::Calendar, "/admin/calendar") {
        Gate::Open(_) => {}
        Gate::SignIn => {
            let href = login_href("/admin/calendar");
            return view! { <section class="card"><p id="sign-in-first"><a href=href>{move || t(lang.get(), "account.sign_in")}</a></p></section> }.into_any();
        }
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    }
    let l = lang.get_untracked();
    let q = use_query_map();
    let (from, n, loaded) = q.with_untracked(|q| {
        (
            q.get("from").unwrap_or_default(),
            q.get("n").unwrap_or_default(),
            q.get("loaded").map(|y| {
                let num = |k: &str| q.get(k).unwrap_or_else(|| "0".into());
                match l {
                    Lang::Zh => format!(
                        "已导入 {y} 年节假日安排：{} 天变化；重新计算 {} 个质疑答复期限；新增预警 {} 条。",
                        num("changed"),
                        num("moved"),
                        num("findings")
                    ),
                    Lang::En => format!(
                        "The {y} holiday arrangement is loaded: {} days changed; {} challenge answer deadlines re-computed; {} new findings.",
                        num("changed"),
                        num("moved"),
                        num("findings")
                    ),
                }
            }),
        )
    });
    let refused = refused_form().filter(|r| r.form == "calendar");
    let preview = posted_preview();
    let typed = refused
        .as_ref()
        .and_then(|r| r.value("data").map(str::to_owned))
        .or_else(|| preview.as_ref().map(|p| p.data.clone()))
        .unwrap_or_default();
    let error = refused.as_ref().map(|r| {
        r.errors
            .for_field("data")
            .map(|e| e.message(l).to_owned())
            .unwrap_or_else(|| t(l, "list.error").to_owned())
    });
    let page = Resource::new(|| (), |_| calendar_years());
    view! {
        <section class="card">
            <h1>{tr(l, "节假日历", "Holiday calendar")}</h1>
            {loaded.map(|m| view! { <div class="banner ok" role="status" id="calendar-loaded">{m}</div> })}
            <p class="intro" id="calendar-status">{status_line(l)}</p>
            <h2>{tr(l, "工作日计算", "Working days")}</h2>
            <WorkdayCalculator from=from n=n/>
        </section>
        {preview.map(|p| preview_view(p.data, l))}
        <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
            {move || page.get().map(|r| match r {
                Ok(p) => {
                    let form = p.may_load.then(|| view! {
                        <section class="card" id="calendar-import">
                            <h2>{tr(l, "导入年度节假日安排", "Load a year")}</h2>
                            <p class="intro">{tr(l, "粘贴国务院办公厅节假日安排通知的年度数据（与随软件发布的数据同一格式：year、papers、days 中每天的 name、date、isOffDay），先预览变化，再确认导入。", "Paste the year of the State Council's holiday notice (the shipped format: year, papers, and days with name, date, isOffDay); preview what changes, then confirm.")}</p>
                            <form method="post" action="/admin/calendar" class="field" class:invalid=error.is_some()>
                                <input type="hidden" name="action" value="preview"/>
                                <label for="data">{tr(l, "年度数据（JSON）", "The year (JSON)")}</label>
                                <textarea id="data" name="data" rows="8">{typed.clone()}</textarea>
                                <p class="field-error" id="err-data" role="alert">{error.clone()}</p>
                                <button type="submit" id="calendar-preview-button">{tr(l, "预览", "Preview")}</button>
                            </form>
                        </section>
                    });
                    let rows = p.years.into_iter().map(|y| view! {
                        <tr>
                            <td>{y.year}</td>
                            <td>{if y.shipped { tr(l, "随软件发布", "shipped") } else { tr(l, "本局导入", "loaded here") }}</td>
                            <td>{y.days_off}</td>
                            <td>{y.make_up_days}</td>
                            <td>{y.papers.into_iter().map(|href| view! { <a href=href.clone() rel="external noopener">{tr(l, "通知", "notice")}</a>" " }).collect_view()}</td>
                            <td>{if y.shipped { "—".to_owned() } else { y.loaded_at.china_display() }}</td>
                            <td>{match y.loaded_by.as_str() {
                                "shipped" => "—".to_owned(),
                                "cli" => tr(l, "命令行导入", "command line").to_owned(),
                                name => name.to_owned(),
                            }}</td>
                        </tr>
                    }).collect_view();
                    view! {
                        {form}
                        <section class="card">
                            <h2>{tr(l, "已载入年度", "Loaded years")}</h2>
                            <div class="table-scroll">
                                <table class="list" id="calendar-years">
                                    <thead><tr>
                                        <th>{tr(l, "年度", "Year")}</th><th>{tr(l, "来源", "Source")}</th>
                                        <th>{tr(l, "放假日", "Days off")}</th><th>{tr(l, "调休上班日", "Make-up days")}</th>
                                        <th>{tr(l, "依据", "Basis")}</th><th>{tr(l, "载入时间", "Loaded at")}</th><th>{tr(l, "载入人", "Loaded by")}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        </section>
                    }.into_any()
                }
                Err(_) => view! { <p class="banner error">{t(l, "list.error")}</p> }.into_any(),
            })}
        </Suspense>
    }
    .into_any()
}
