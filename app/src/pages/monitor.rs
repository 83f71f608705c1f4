//! 实时监控 — the regulator's live monitor: findings and steps of its jurisdiction as they are
//! stored, filtered by stage, severity, method and district. The server renders the latest events
//! (it works without JavaScript; reload to refresh); an island keeps the page live over
//! server-sent events and resumes after the last event it received when the network comes back.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::access::Page;
use shared::checks::framework::{Severity, Stage};
use shared::i18n::Lang;
use shared::model::Method;
use shared::region::{region, REGIONS};

use crate::api::monitor::{monitor_recent, MonitorEvent, MonitorFilter};
use crate::i18n::{t, use_lang};
use crate::pages::regulator::Forbidden;
use crate::session::{gate, is_denied, login_href, Gate};

const PATH: &str = "/regulator/monitor";

use crate::i18n::tr as tx;

/// One event as a list item (the server's list and the live island render the same).
fn event_item(e: MonitorEvent, lang: RwSignal<Lang>) -> impl IntoView {
    let when = e.at.china_display();
    let district = region(&e.jurisdiction_code).map(|r| r.name);
    let class = format!(
        "event {} {}",
        e.kind,
        e.severity
            .map(|s| format!("sev-{}", s.code()))
            .unwrap_or_default()
    );
    let stage = e.stage.map(Stage::name);
    let severity = e.severity.map(Severity::name);
    view! {
        <li class=class data-id=e.id.to_string() data-check=e.check_id.clone().unwrap_or_default() data-kind=e.kind.clone()>
            <time>{when}</time>
            " "<span class="district">{move || district.map(|d| d.get(lang.get()).to_owned()).unwrap_or_default()}</span>
            " "<span class="stage">{move || stage.map(|s| s.get(lang.get())).unwrap_or_default()}</span>
            " "<span class="severity">{move || severity.map(|s| s.get(lang.get())).unwrap_or_default()}</span>
            " "<strong>{move || if lang.get() == Lang::Zh { e.title_zh.clone() } else { e.title_en.clone() }}</strong>
            " "<span class="message">{move || if lang.get() == Lang::Zh { e.message_zh.clone() } else { e.message_en.clone() }}</span>
        </li>
    }
}

#[component]
pub fn MonitorPage() -> impl IntoView {
    let lang = use_lang();
    let account = match gate(Page::RegulatorMonitor, PATH) {
        Gate::Open(account) => account,
        Gate::SignIn => {
            return view! {
                <section class="card"><p id="sign-in-first"><a href=login_href(PATH)>{move || t(lang.get(), "account.sign_in")}</a></p></section>
            }
            .into_any()
        }
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    };
    let query = use_query_map();
    let filter = query.with_untracked(|q| MonitorFilter {
        stage: q.get("stage").unwrap_or_default(),
        severity: q.get("severity").unwrap_or_default(),
        method: q.get("method").unwrap_or_default(),
        district: q.get("district").unwrap_or_default(),
        before: q
            .get("before")
            .and_then(|b| b.trim().parse::<i64>().ok())
            .filter(|b| *b > 0)
            .unwrap_or(0),
    });
    let history = filter.before > 0;
    let newest_href = format!("{PATH}{}", filter.query());
    let paging_filter = filter.clone();
    let recent = Resource::new(
        {
            let filter = filter.clone();
            move || filter.clone()
        },
        monitor_recent,
    );
    let scope = account.principal.jurisdiction.clone();
    let city = account.principal.is_city_regulator();
    let select = move |name: &'static str,
                       label: (&'static str, &'static str),
                       current: String,
                       options: Vec<(String, String)>| {
        view! {
            <label>{move || tx(lang.get(), label.0, label.1)}" "
                <select name=name>
                    <option value="">{move || tx(lang.get(), "全部", "All")}</option>
                    {options.into_iter().map(|(v, text)| {
                        let selected = v == current;
                        view! { <option value=v selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
            </label>
        }
    };
    let l = lang.get_untracked();
    let stages = Stage::ALL
        .iter()
        .map(|s| (s.code().to_owned(), s.name().get(l).to_owned()))
        .collect();
    let severities = Severity::ALL
        .iter()
        .map(|s| (s.code().to_owned(), s.name().get(l).to_owned()))
        .collect();
    let methods = Method::SIX
        .iter()
        .map(|m| (m.code().to_owned(), m.name().get(l).to_owned()))
        .collect();
    let districts: Vec<(String, String)> = REGIONS
        .iter()
        .filter(|r| city || scope.as_deref() == Some(r.code))
        .map(|r| (r.code.to_owned(), r.name.get(l).to_owned()))
        .collect();
    let stream_query = filter.query();
    view! {
        <section class="card">
            <h1>{move || tx(lang.get(), "实时监控", "Live monitor")}</h1>
            <p class="intro" id="scope">{move || t(lang.get(), "regulator.scope")} " "
                <strong>{move || scope.as_deref().and_then(region).map(|r| r.name.get(lang.get()).to_owned()).unwrap_or_default()}</strong></p>
            <form class="search filters" method="get" action=PATH>
                {select("stage", ("阶段", "Stage"), filter.stage.clone(), stages)}
                {select("severity", ("等级", "Severity"), filter.severity.clone(), severities)}
                {select("method", ("方式", "Method"), filter.method.clone(), methods)}
                {select("district", ("辖区", "District"), filter.district.clone(), districts)}
                <button type="submit">{move || tx(lang.get(), "筛选", "Filter")}</button>
            </form>
            <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
                {move || {
                    let stream_query = stream_query.clone();
                    let newest_href = newest_href.clone();
                    let paging_filter = paging_filter.clone();
                    recent.get().map(move |result| match result {
                        Ok(events) => {
                            let last = events.first().map(|e| e.id).unwrap_or(0);
                            // A full page: older events may follow (the history pages back
                            // through the stored events, by id).
                            let older = (events.len() as u32 >= crate::api::monitor::RECENT_EVENTS)
                                .then(|| events.last().map(|e| format!("{PATH}{}", paging_filter.older_query(e.id))))
                                .flatten();
                            let live = if history {
                                view! {
                                    <p id="monitor-history" class="status">
                                        {move || tx(lang.get(), "较早的事件（不实时更新）。", "Earlier events (not live). ")}
                                        " "<a id="monitor-newest" href=newest_href.clone()>{move || tx(lang.get(), "回到最新事件", "Back to the latest events")}</a>
                                    </p>
                                }.into_any()
                            } else {
                                view! { <LiveFeed query=stream_query last_id=last/> }.into_any()
                            };
                            let empty = events.is_empty();
                            view! {
                                {live}
                                <ul id="monitor-events" class="events">
                                    {events.into_iter().map(|e| event_item(e, lang)).collect_view()}
                                </ul>
                                {empty.then(|| view! { <p class="empty">{move || tx(lang.get(), "没有事件。", "No events.")}</p> })}
                                {older.map(|href| view! {
                                    <nav class="pager" aria-label=move || tx(lang.get(), "事件历史", "Event history")>
                                        <a id="monitor-older" rel="next" href=href>{move || tx(lang.get(), "更早的事件 →", "Earlier events →")}</a>
                                    </nav>
                                })}
                            }.into_any()
                        }
                        Err(e) if is_denied(&e) => view! { <Forbidden/> }.into_any(),
                        Err(_) => view! { <p class="banner error">{move || t(lang.get(), "list.error")}</p> }.into_any(),
                    })
                }}
            </Suspense>
        </section>
    }
    .into_any()
}

/// The live part: new events over server-sent events, newest first, above the server's list.
/// The browser's EventSource reconnects by itself and sends the last id it saw.
#[island]
fn LiveFeed(query: String, last_id: i64) -> impl IntoView {
    let lang = use_lang();
    let events = RwSignal::new(Vec::<MonitorEvent>::new());
    let connected = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let sep = if query.is_empty() { '?' } else { '&' };
        let url = format!("/regulator/monitor/stream{query}{sep}last_id={last_id}");
        if let Ok(source) = web_sys::EventSource::new(&url) {
            let on_event = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |ev: web_sys::MessageEvent| {
                    if let Some(text) = ev.data().as_string() {
                        if let Ok(e) = serde_json::from_str::<MonitorEvent>(&text) {
                            events.update(|list| {
                                if !list.iter().any(|x| x.id == e.id) {
                                    list.insert(0, e);
                                    list.truncate(500);
                                }
                            });
                        }
                    }
                },
            );
            for kind in ["finding", "step"] {
                let _ = source
                    .add_event_listener_with_callback(kind, on_event.as_ref().unchecked_ref());
            }
            on_event.forget();
            let on_open = Closure::<dyn FnMut()>::new(move || connected.set(true));
            source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
            on_open.forget();
            let on_error = Closure::<dyn FnMut()>::new(move || connected.set(false));
            source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            on_error.forget();
            // The page keeps the connection for its lifetime.
            std::mem::forget(source);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (query, last_id);
    view! {
        <p id="monitor-status" class="status" data-connected=move || if connected.get() { "true" } else { "false" }>
            {move || if connected.get() { tx(lang.get(), "● 实时更新中", "● Live") } else { tx(lang.get(), "○ 未连接（刷新页面查看最新）", "○ Not live (reload for the latest)") }}
        </p>
        <ul id="monitor-live" class="events live" aria-live="polite" aria-relevant="additions" aria-label=move || tx(lang.get(), "新事件", "New events")>
            <For each=move || events.get() key=|e| e.id children=move |e| event_item(e, lang)/>
        </ul>
    }
}
