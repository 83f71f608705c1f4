//! 阈值标准 — the thresholds in force (`/regulator/thresholds`): every dated value the checks
//! compare against, with its period, source and whether it was verified against the published
//! document or is still an assumption; the values the bureau entered (versions, corrections with
//! their reasons); and for a city's finance bureau the forms that enter a new version or correct
//! a wrongly entered value. Works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::access::Page;
use shared::i18n::Lang;
use shared::model::{GovLevel, ObjectType};
use shared::thresholds::{Confidence, RowView, KEEPABLE};

use crate::api::thresholds::{threshold_page, KeptEntry};
use crate::i18n::{t, tr, use_lang};
use crate::pages::regulator::Forbidden;
use crate::session::{gate, login_href, refused_form, Gate};

fn level_name(l: Option<GovLevel>, lang: Lang) -> &'static str {
    match l {
        None => tr(lang, "各级", "all levels"),
        Some(GovLevel::Central) => tr(lang, "中央", "central"),
        Some(GovLevel::Provincial) => tr(lang, "省级", "provincial"),
        Some(GovLevel::CityCounty) => tr(lang, "市县级", "city and county"),
    }
}

fn scope(r: &RowView, l: Lang) -> String {
    let mut parts = vec![level_name(r.level, l).to_owned()];
    if let Some(p) = r.province {
        parts.push(if p == 32 {
            tr(l, "江苏", "Jiangsu").to_owned()
        } else {
            format!("{}{p}", tr(l, "省份", "province "))
        });
    }
    if let Some(o) = r.object_type {
        parts.push(o.name().get(l).to_owned());
    }
    if let Some(m) = r.method {
        parts.push(m.name().get(l).to_owned());
    }
    if let Some(id) = r.time_limit {
        parts.push(format!("{:?} {}", id, id.description().get(l)));
    }
    parts.join(" · ")
}

fn is_verified(c: Confidence) -> bool {
    c == Confidence::Verified
}

fn table(rows: Vec<RowView>, id: &'static str, l: Lang) -> AnyView {
    let body = rows
        .into_iter()
        .map(|r| {
            let d = |x: Option<shared::time::Date>| x.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
            view! {
                <tr>
                    <td>{r.param.name().get(l)}</td>
                    <td>{scope(&r, l)}</td>
                    <td class="num">{r.value.display(l)}</td>
                    <td>{d(r.valid_from)}</td>
                    <td>{d(r.valid_to)}</td>
                    <td>{r.source.clone()}</td>
                    <td>{format!("{} {}", r.confidence.tag(), r.confidence.name().get(l))}</td>
                    <td>{if r.kept { tr(l, "本局录入", "entered here") } else { tr(l, "内置", "built in") }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="list" id=id>
                <thead><tr>
                    <th>{tr(l, "参数", "Parameter")}</th><th>{tr(l, "适用范围", "Applies to")}</th>
                    <th>{tr(l, "数值", "Value")}</th><th>{tr(l, "生效", "From")}</th><th>{tr(l, "截止", "To")}</th>
                    <th>{tr(l, "依据", "Source")}</th><th>{tr(l, "核实", "Status")}</th><th>{tr(l, "来源", "Kept by")}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn kept_table(kept: Vec<KeptEntry>, l: Lang) -> AnyView {
    let body = kept
        .into_iter()
        .map(|k| {
            let e = &k.value.entry;
            let state = match (k.value.corrects, k.corrected_by) {
                (_, Some(by)) => format!("{}{by}", tr(l, "已被更正：#", "corrected by #")),
                (Some(c), None) => format!("{}{c}", tr(l, "更正 #", "corrects #")),
                (None, None) => tr(l, "新版本", "new version").to_owned(),
            };
            view! {
                <tr>
                    <td>{format!("#{}", k.value.id)}</td>
                    <td>{e.param.name().get(l)}{e.object_type.map(|o| format!(" · {}", o.name().get(l)))}</td>
                    <td class="num">{e.value.display(l)}</td>
                    <td>{e.valid_from.map(|d| d.to_string()).unwrap_or_default()}</td>
                    <td>{k.value.source.clone()}</td>
                    <td>{state}</td>
                    <td>{k.reason.clone().unwrap_or_default()}</td>
                    <td>{k.entered_by.clone()}" "{k.entered_at.china_display()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="list" id="kept-values">
                <thead><tr>
                    <th>"#"</th><th>{tr(l, "参数", "Parameter")}</th><th>{tr(l, "数值", "Value")}</th>
                    <th>{tr(l, "生效", "From")}</th><th>{tr(l, "依据", "Source")}</th><th>{tr(l, "类型", "Kind")}</th>
                    <th>{tr(l, "更正原因", "Reason")}</th><th>{tr(l, "录入", "Entered")}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn ThresholdsPage() -> impl IntoView {
    let lang = use_lang();
    match gate(Page::Thresholds, "/regulator/thresholds") {
        Gate::Open(_) => {}
        Gate::SignIn => {
            let href = login_href("/regulator/thresholds");
            return view! { <section class="card"><p id="sign-in-first"><a href=href>{move || t(lang.get(), "account.sign_in")}</a></p></section> }.into_any();
        }
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    }
    let l = lang.get_untracked();
    let entered = use_query_map().with_untracked(|q| q.get("entered"));
    let refused = refused_form().filter(|r| r.form == "thresholds");
    let typed = move |f: &str| {
        refused
            .as_ref()
            .and_then(|r| r.value(f).map(str::to_owned))
            .unwrap_or_default()
    };
    let error = {
        let refused = refused_form().filter(|r| r.form == "thresholds");
        move |f: &str| {
            refused
                .as_ref()
                .and_then(|r| r.errors.for_field(f).map(|e| e.message(l).to_owned()))
        }
    };
    let kind = typed("kind");
    // What was typed goes back into the form it was typed in.
    let (version_typed, correction_typed) = if kind == "correction" {
        (
            (String::new(), String::new()),
            (typed("value"), typed("source")),
        )
    } else {
        (
            (typed("value"), typed("source")),
            (String::new(), String::new()),
        )
    };
    let data = Resource::new(|| (), |_| threshold_page());
    view! {
        <section class="card">
            <h1>{tr(l, "阈值标准", "Thresholds")}</h1>
            {entered.map(|id| view! { <div class="banner ok" role="status" id="threshold-entered">{format!("{}{id}", tr(l, "已录入并生效：#", "Entered and in force: #"))}</div> })}
            <p class="intro">{tr(l, "检查所比对的每个数值都带有生效期间、依据文件和核实状态：检查总是使用事件发生当日有效的数值。标为“据所知”或“未核实”的数值尚待与已发布的文件核对。", "Every value the checks compare against carries its period, its source and whether it was verified: a check uses the value in force on the day of the event it judges. Values marked “from knowledge” or “unverified” are still to be checked against the published document.")}</p>
        </section>
        <Suspense fallback=move || view! { <p>{move || t(lang.get(), "loading")}</p> }>
            {move || data.get().map(|r| match r {
                Ok(p) => {
                    let (verified, assumed): (Vec<RowView>, Vec<RowView>) =
                        p.rows.into_iter().partition(|r| is_verified(r.confidence));
                    let counts = match l {
                        Lang::Zh => format!("已核对原文 {} 项；尚为假设（据所知、文献或未核实）{} 项。", verified.len(), assumed.len()),
                        Lang::En => format!("{} verified against the published text; {} still assumptions (from knowledge, literature or unverified).", verified.len(), assumed.len()),
                    };
                    let chosen = typed("corrects");
                    let own: Vec<(i64, String)> = p.kept.iter()
                        .filter(|k| p.correctable.contains(&k.value.id))
                        .map(|k| (k.value.id, format!("#{} {} {}", k.value.id, k.value.entry.param.name().get(l), k.value.entry.value.display(l))))
                        .collect();
                    let forms = p.may_keep.then(|| view! {
                        <section class="card" id="threshold-forms">
                            <h2>{tr(l, "录入本级新版本", "Enter a new version of your level's values")}</h2>
                            <form method="post" action="/regulator/thresholds" id="threshold-version">
                                <input type="hidden" name="kind" value="version"/>
                                <div class="field" class:invalid=error("param").is_some()>
                                    <label for="param">{tr(l, "参数", "Parameter")}</label>
                                    <select id="param" name="param">
                                        {KEEPABLE.iter().map(|p| { let code = p.code(); let sel = typed("param") == code; view! { <option value=code selected=sel>{p.name().get(l)}</option> } }).collect_view()}
                                    </select>
                                    <p class="field-error" role="alert">{error("param")}</p>
                                </div>
                                <div class="field" class:invalid=error("object_type").is_some()>
                                    <label for="object_type">{tr(l, "采购对象", "Object")}</label>
                                    <select id="object_type" name="object_type">
                                        <option value="">{tr(l, "全部", "All")}</option>
                                        {ObjectType::ALL.iter().map(|o| { let sel = typed("object_type") == o.code(); view! { <option value=o.code() selected=sel>{o.name().get(l)}</option> } }).collect_view()}
                                    </select>
                                    <p class="field-error" role="alert">{error("object_type")}</p>
                                </div>
                                <div class="field" class:invalid=error("value").is_some()>
                                    <label for="value">{tr(l, "数值（金额填元，比例填%，期限填日）", "Value (amounts in yuan, shares in %, terms in days)")}</label>
                                    <input id="value" name="value" type="text" inputmode="decimal" value=version_typed.0.clone()/>
                                    <p class="field-error" id="err-value" role="alert">{(kind != "correction").then(|| error("value")).flatten()}</p>
                                </div>
                                <div class="field" class:invalid=error("valid_from").is_some()>
                                    <label for="valid_from">{tr(l, "生效日期（今天或以后）", "Effective from (today or later)")}</label>
                                    <input id="valid_from" name="valid_from" type="date" value=typed("valid_from")/>
                                    <p class="field-error" id="err-valid_from" role="alert">{error("valid_from")}</p>
                                </div>
                                <div class="field" class:invalid=error("source").is_some()>
                                    <label for="source">{tr(l, "依据文件文号", "Source document")}</label>
                                    <input id="source" name="source" type="text" value=version_typed.1.clone() placeholder="常财购〔2026〕8号"/>
                                    <p class="field-error" id="err-source" role="alert">{(kind != "correction").then(|| error("source")).flatten()}</p>
                                </div>
                                <div class="field">
                                    <label for="confidence">{tr(l, "核实状态", "Status")}</label>
                                    <select id="confidence" name="confidence">
                                        <option value="verified">{tr(l, "已与发布的文件核对", "Checked against the published document")}</option>
                                        <option value="knowledge" selected=typed("confidence") == "knowledge">{tr(l, "据所知，尚未核对原文", "From knowledge, not yet checked")}</option>
                                    </select>
                                </div>
                                <button type="submit" id="threshold-version-submit">{tr(l, "录入", "Enter")}</button>
                            </form>
                            {(!own.is_empty()).then(|| view! {
                                <h2>{tr(l, "更正录入错误", "Correct a wrongly entered value")}</h2>
                                <form method="post" action="/regulator/thresholds" id="threshold-correction">
                                    <input type="hidden" name="kind" value="correction"/>
                                    <div class="field" class:invalid=error("corrects").is_some()>
                                        <label for="corrects">{tr(l, "要更正的录入", "Entry to correct")}</label>
                                        <select id="corrects" name="corrects">
                                            {own.iter().map(|(id, label)| { let sel = chosen == id.to_string(); view! { <option value=id.to_string() selected=sel>{label.clone()}</option> } }).collect_view()}
                                        </select>
                                        <p class="field-error" role="alert">{error("corrects")}</p>
                                    </div>
                                    <div class="field" class:invalid=(kind == "correction" && error("value").is_some())>
                                        <label for="correct-value">{tr(l, "正确的数值", "Correct value")}</label>
                                        <input id="correct-value" name="value" type="text" inputmode="decimal" value=correction_typed.0.clone()/>
                                        <p class="field-error" role="alert">{(kind == "correction").then(|| error("value")).flatten()}</p>
                                    </div>
                                    <div class="field">
                                        <label for="correct-source">{tr(l, "依据文件文号", "Source document")}</label>
                                        <input id="correct-source" name="source" type="text" value=correction_typed.1.clone()/>
                                        <p class="field-error" role="alert">{(kind == "correction").then(|| error("source")).flatten()}</p>
                                    </div>
                                    <div class="field" class:invalid=error("reason").is_some()>
                                        <label for="reason">{tr(l, "更正原因", "Reason")}</label>
                                        <textarea id="reason" name="reason" rows="2">{typed("reason")}</textarea>
                                        <p class="field-error" id="err-reason" role="alert">{error("reason")}</p>
                                    </div>
                                    <button type="submit" id="threshold-correction-submit">{tr(l, "更正", "Correct")}</button>
                                </form>
                            })}
                        </section>
                    });
                    view! {
                        {forms}
                        {(!p.kept.is_empty()).then(|| view! {
                            <section class="card">
                                <h2>{tr(l, "本局录入记录", "Entered here")}</h2>
                                {kept_table(p.kept, l)}
                            </section>
                        })}
                        <section class="card">
                            <p id="threshold-counts">{counts}</p>
                            <h2>{tr(l, "尚为假设的数值（待核对原文）", "Still assumptions (to check against the text)")}</h2>
                            {table(assumed, "thresholds-assumed", l)}
                            <h2>{tr(l, "已核对原文的数值", "Verified against the published text")}</h2>
                            {table(verified, "thresholds-verified", l)}
                        </section>
                    }.into_any()
                }
                Err(_) => view! { <p class="banner error">{t(l, "list.error")}</p> }.into_any(),
            })}
        </Suspense>
    }
    .into_any()
}
