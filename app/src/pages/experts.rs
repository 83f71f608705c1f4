//! 专家入库 — expert enrolment: the application (`/experts/apply`, no sign-in), the expert's
//! own record with the days it cannot serve (`/expert/profile`), and the library with its
//! applications for the finance department that keeps it (`/regulator/experts`), which admits,
//! refuses, suspends, restores or removes with a reason and a legal basis. Plain forms.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::access::Page;
use shared::enrolment::{specialty_name, ExpertStatus, SPECIALTIES, TITLES};
use shared::i18n::Lang;

use crate::api::accounts::{expert_library, own_expert, ExpertView};
use crate::api::plans::Refused;
use crate::i18n::{t, tr, use_lang};
use crate::pages::regulator::Forbidden;
use crate::session::{gate, login_href, refused_form, Gate};

fn refused(form: &str) -> Option<Refused> {
    refused_form().filter(|r| r.form == form)
}

fn specialties_text(codes: &[String], l: Lang) -> String {
    codes
        .iter()
        .map(|c| {
            specialty_name(c)
                .map(|n| n.get(l).to_owned())
                .unwrap_or_else(|| c.clone())
        })
        .collect::<Vec<_>>()
        .join(if l == Lang::Zh { "、" } else { ", " })
}

fn title_text(code: Option<&str>, l: Lang) -> String {
    code.and_then(|c| TITLES.iter().find(|(k, _)| *k == c))
        .map(|(_, n)| n.get(l).to_owned())
        .unwrap_or_else(|| "—".into())
}

fn region_text(code: &str, l: Lang) -> String {
    shared::region::region(code)
        .map(|r| r.name.get(l).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// Declared relations: the supplier's name (when registered) and its credit code.
fn relations_text(relations: &[(String, Option<String>)], l: Lang) -> String {
    relations
        .iter()
        .map(|(code, name)| match name {
            Some(n) if l == Lang::Zh => format!("{n}（{code}）"),
            Some(n) => format!("{n} ({code})"),
            None => code.clone(),
        })
        .collect::<Vec<_>>()
        .join(if l == Lang::Zh { "；" } else { "; " })
}

fn status_badge(s: ExpertStatus, l: Lang) -> impl IntoView {
    let class = if s == ExpertStatus::Active {
        "badge ok"
    } else {
        "badge warn"
    };
    view! { <span class=class data-status=s.code()>{s.name().get(l)}</span> }
}

#[component]
pub fn ExpertApplyPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    let r = refused("expert-apply");
    let typed = |f: &str| {
        r.as_ref()
            .and_then(|r| r.value(f).map(str::to_owned))
            .unwrap_or_default()
    };
    let chosen: Vec<String> = r
        .as_ref()
        .map(|r| {
            r.values
                .iter()
                .filter(|(k, _)| k == "specialties")
                .map(|(_, v)| v.clone())
                .collect()
        })
        .unwrap_or_default();
    let error = |f: &str| {
        r.as_ref()
            .and_then(|r| r.errors.for_field(f).map(|e| e.message(l).to_owned()))
    };
    let field = |name: &'static str,
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
    view! {
        <section class="card form-card" id="expert-apply-page">
            <h1>{tr(l, "评审专家入库申请", "Apply to the expert library")}</h1>
            <p class="intro">{tr(l, "申请提交后由管理专家库的财政部门审核入库（财库〔2016〕198号第九条）。身份证号码加密保存，除您本人外任何页面只显示部分号码；专家名单在结果公告中公布（条例第四十三条）。", "The finance department that keeps the library reviews the application (MOF 2016 No. 198 Art 9). Your ID number is stored encrypted and shown only partly on every page but your own; the panel's names are published with the result (Regulations Art 43).")}</p>
            {r.as_ref().filter(|r| r.unavailable).map(|_| view! { <p class="banner error" role="alert">{t(l, "form.unavailable")}</p> })}
            <form method="post" action="/experts/apply" id="expert-apply" novalidate=true>
                {field("display_name", tr(l, "姓名", "Name"), "text", typed("display_name"), error("display_name"))}
                {field("id_number", tr(l, "居民身份证号码", "ID number"), "text", typed("id_number"), error("id_number"))}
                {field("employer", tr(l, "工作单位", "Employer"), "text", typed("employer"), error("employer"))}
                <div class="field" class:invalid=error("title").is_some()>
                    <label for="title">{tr(l, "职称", "Title")}</label>
                    <select id="title" name="title">
                        <option value="">{tr(l, "请选择", "Choose")}</option>
                        {TITLES.iter().map(|(c, n)| { let sel = typed("title") == *c; view! { <option value=*c selected=sel>{n.get(l)}</option> } }).collect_view()}
                    </select>
                    <p class="field-error" id="err-title" role="alert">{error("title")}</p>
                </div>
                <fieldset class="field" class:invalid=error("specialties").is_some()>
                    <legend>{tr(l, "评审专业", "Specialties")}</legend>
                    {SPECIALTIES.iter().map(|(c, n)| {
                        let on = chosen.iter().any(|x| x == c);
                        view! { <label class="choice"><input type="checkbox" name="specialties" value=*c checked=on/>{n.get(l)}</label> }
                    }).collect_view()}
                    <p class="field-error" id="err-specialties" role="alert">{error("specialties")}</p>
                </fieldset>
                <div class="field" class:invalid=error("region").is_some()>
                    <label for="region">{tr(l, "所在地区", "Region")}</label>
                    <select id="region" name="region" aria-describedby="err-region">
                        <option value="">{tr(l, "请选择", "Choose")}</option>
                        {shared::region::REGIONS.iter().map(|r| { let sel = typed("region") == r.code; view! { <option value=r.code selected=sel>{r.name.get(l)}</option> } }).collect_view()}
                    </select>
                    <p class="field-error" id="err-region" role="alert">{error("region")}</p>
                </div>
                <div class="field">
                    <label class="choice"><input type="checkbox" id="legal" name="legal" value="1" checked=typed("legal") == "1"/>{tr(l, "法律专家（具有法律职业资格）", "Legal expert (qualified in law)")}</label>
                </div>
                <div class="field" class:invalid=error("relations").is_some()>
                    <label for="relations">{tr(l, "需回避的供应商（近三年任职、持股等，每行一个统一社会信用代码，可空）", "Suppliers to recuse from (employment or holdings in the last 3 years; one credit code a line; may be empty)")}</label>
                    <textarea id="relations" name="relations" rows="3">{typed("relations")}</textarea>
                    <p class="field-error" id="err-relations" role="alert">{error("relations")}</p>
                </div>
                <h2>{tr(l, "登录账户", "Your account")}</h2>
                {field("username", tr(l, "登录名", "Login name"), "text", typed("username"), error("username"))}
                {field("mobile", tr(l, "手机号码", "Mobile"), "tel", typed("mobile"), error("mobile"))}
                {field("email", tr(l, "电子邮箱", "E-mail"), "email", typed("email"), error("email"))}
                {field("password", tr(l, "密码", "Password"), "password", String::new(), error("password"))}
                {field("password2", tr(l, "确认密码", "Password again"), "password", String::new(), error("password2"))}
                <button type="submit" id="expert-apply-submit">{tr(l, "提交申请", "Apply")}</button>
            </form>
        </section>
    }
}

#[component]
pub fn ExpertProfilePage() -> impl IntoView {
    let l = use_lang().get_untracked();
    match gate(Page::ExpertProfile, "/expert/profile") {
        Gate::Open(_) => {}
        Gate::SignIn => return view! { <section class="card"><p id="sign-in-first"><a href=login_href("/expert/profile")>{t(l, "account.sign_in")}</a></p></section> }.into_any(),
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    }
    let query = use_query_map().get_untracked();
    let applied = query.get("applied").is_some();
    let saved = query.get("saved").is_some();
    let r = refused("unavailable");
    let error = r
        .as_ref()
        .and_then(|r| r.errors.for_field("day").map(|e| e.message(l).to_owned()));
    let rel = refused("relations");
    let rel_error = rel.as_ref().and_then(|r| {
        r.errors
            .for_field("relations")
            .map(|e| e.message(l).to_owned())
    });
    let rel_typed = rel
        .as_ref()
        .and_then(|r| r.value("relations").map(str::to_owned));
    let data = Resource::new(|| (), |_| own_expert());
    view! {
        <section class="card" id="expert-profile">
            <h1>{tr(l, "我的专家档案", "My expert record")}</h1>
            {applied.then(|| view! { <div class="banner ok" role="status" id="applied-notice">{tr(l, "申请已提交，等待管理专家库的财政部门审核。", "Application sent: the finance department that keeps the library will decide.")}</div> })}
            {saved.then(|| view! { <div class="banner ok" role="status" id="relations-saved">{tr(l, "已保存申报的回避供应商；下一次抽取起生效。", "Declared relations saved; they count from the next draw.")}</div> })}
            <Suspense fallback=move || view! { <p>{t(l, "loading")}</p> }>
                {move || {
                    let error = error.clone();
                    let rel_error = rel_error.clone();
                    let rel_typed = rel_typed.clone();
                    data.get().map(|res| match res {
                        Err(_) => view! { <p class="banner error" role="alert">{tr(l, "没有您的专家档案。", "No expert record of yours.")}</p> }.into_any(),
                        Ok(e) => {
                            let days = e.unavailable.iter().map(|d| view! {
                                <li>{d.clone()} " "
                                    <form method="post" action="/expert/unavailable" class="inline">
                                        <input type="hidden" name="day" value=d.clone()/>
                                        <input type="hidden" name="action" value="free"/>
                                        <button type="submit" class="secondary">{tr(l, "取消", "Remove")}</button>
                                    </form>
                                </li>
                            }).collect_view();
                            view! {
                                <dl class="facts">
                                    <dt>{tr(l, "状态", "State")}</dt><dd id="expert-status">{status_badge(e.status, l)}</dd>
                                    {e.decision_reason.clone().map(|why| view! { <dt>{tr(l, "决定理由", "Reason")}</dt><dd>{why}</dd> })}
                                    {e.decision_basis.clone().map(|b| view! { <dt>{tr(l, "决定依据", "Legal basis")}</dt><dd>{b}</dd> })}
                                    <dt>{tr(l, "姓名", "Name")}</dt><dd>{e.name.clone()}</dd>
                                    <dt>{tr(l, "身份证号码", "ID number")}</dt><dd id="expert-id-number">{e.id_number.clone().unwrap_or_else(|| "—".into())}</dd>
                                    <dt>{tr(l, "工作单位", "Employer")}</dt><dd>{e.employer.clone()}</dd>
                                    <dt>{tr(l, "职称", "Title")}</dt><dd>{title_text(e.title.as_deref(), l)}</dd>
                                    <dt>{tr(l, "评审专业", "Specialties")}</dt><dd>{specialties_text(&e.specialties, l)}</dd>
                                    <dt>{tr(l, "所在地区", "Region")}</dt><dd>{region_text(&e.region, l)}</dd>
                                    <dt>{tr(l, "法律专家", "Legal expert")}</dt><dd>{if e.legal { tr(l, "是", "Yes") } else { tr(l, "否", "No") }}</dd>
                                    <dt>{tr(l, "申报的回避供应商", "Declared relations")}</dt><dd id="expert-relations">{if e.relations.is_empty() { tr(l, "无", "None").to_owned() } else { relations_text(&e.relations, l) }}</dd>
                                    <dt>{tr(l, "申请时间", "Applied on")}</dt><dd>{e.applied_at.china_display()}</dd>
                                </dl>
                                <h2>{tr(l, "申报回避的供应商", "Suppliers I must recuse from")}</h2>
                                <p class="hint">{tr(l, "近三年任职、持股或有其他利害关系的供应商（条例第九条），每行一个统一社会信用代码。抽取专家时不会抽中您参加这些供应商投标的项目，评审前的回避声明仍须如实填写。", "Suppliers you worked for, hold shares in or are otherwise related to in the last 3 years (Regulations Art 9), one credit code a line. Draws pass over you for projects they bid on; you still declare before each evaluation.")}</p>
                                <form method="post" action="/expert/relations" id="relations-form">
                                    <div class="field" class:invalid=rel_error.is_some()>
                                        <label for="relations">{tr(l, "统一社会信用代码（每行一个）", "Credit codes (one a line)")}</label>
                                        <textarea id="relations" name="relations" rows="4" aria-describedby="err-relations">{rel_typed.clone().unwrap_or_else(|| e.relations.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>().join("\n"))}</textarea>
                                        <p class="field-error" id="err-relations" role="alert">{rel_error.clone()}</p>
                                    </div>
                                    <button type="submit" id="relations-submit">{tr(l, "保存", "Save")}</button>
                                </form>
                                <h2>{tr(l, "不能参加评审的日期", "Days I cannot serve")}</h2>
                                <p class="hint">{tr(l, "抽取专家时跳过您标记的日期。", "The draw passes over you on the days you mark.")}</p>
                                <ul id="unavailable-days">{days}</ul>
                                <form method="post" action="/expert/unavailable" id="unavailable-form">
                                    <input type="hidden" name="action" value="mark"/>
                                    <div class="field" class:invalid=error.is_some()>
                                        <label for="day">{tr(l, "日期", "Date")}</label>
                                        <input id="day" name="day" type="date"/>
                                        <p class="field-error" id="err-day" role="alert">{error.clone()}</p>
                                    </div>
                                    <button type="submit" id="unavailable-submit">{tr(l, "标记", "Mark")}</button>
                                </form>
                            }.into_any()
                        }
                    })
                }}
            </Suspense>
        </section>
    }
    .into_any()
}

fn decision_form(e: &ExpertView, l: Lang) -> AnyView {
    let decisions = e.status.decisions();
    if decisions.is_empty() {
        return view! { <span>"—"</span> }.into_any();
    }
    let action = format!("/regulator/experts/{}/decision", e.id);
    let r = refused(&format!("decision:{}", e.id));
    let error = r
        .as_ref()
        .and_then(|r| r.errors.iter().next().map(|e| e.message(l).to_owned()));
    view! {
        <form method="post" action=action class="decision" data-expert=e.id.to_string()>
            <select name="decision" aria-label=tr(l, "决定", "Decision")>
                {decisions.iter().map(|(d, n)| view! { <option value=*d>{n.get(l)}</option> }).collect_view()}
            </select>
            <input type="text" name="reason" placeholder=tr(l, "理由", "Reason") aria-label=tr(l, "理由", "Reason")/>
            <input type="text" name="basis" value="财库〔2016〕198号" aria-label=tr(l, "依据", "Basis")/>
            <button type="submit">{tr(l, "决定", "Decide")}</button>
            {error.map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </form>
    }
    .into_any()
}

#[component]
pub fn ExpertLibraryPage() -> impl IntoView {
    let l = use_lang().get_untracked();
    match gate(Page::ExpertLibrary, "/regulator/experts") {
        Gate::Open(_) => {}
        Gate::SignIn => return view! { <section class="card"><p id="sign-in-first"><a href=login_href("/regulator/experts")>{t(l, "account.sign_in")}</a></p></section> }.into_any(),
        Gate::Forbidden => return view! { <Forbidden/> }.into_any(),
    }
    let query = use_query_map().get_untracked();
    let status = query.get("status").unwrap_or_else(|| "applied".to_owned());
    let q = query.get("q").unwrap_or_default();
    let page = query
        .get("page")
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1);
    let data = {
        let (status, q) = (status.clone(), q.clone());
        Resource::new(
            move || (),
            move |_| expert_library(status.clone(), q.clone(), page),
        )
    };
    view! {
        <section class="card">
            <h1>{tr(l, "评审专家库", "Expert library")}</h1>
            <p class="intro">{tr(l, "管理专家库的财政部门审核入库申请，并可暂停、恢复或解聘专家；每项决定须写明理由和依据，由人作出（个人信息保护法第二十四条）。抽取专家只在在库且当日可参加的专家中进行。", "The finance department that keeps the library decides on applications and may suspend, restore or remove experts; each decision gives its reason and legal basis and is taken by a person (PIPL Art 24). Draws take only experts in the library and available on the day.")}</p>
            <form method="get" action="/regulator/experts" class="search">
                <select name="status" aria-label=tr(l, "状态", "State")>
                    <option value="all" selected=status == "all">{tr(l, "全部", "All")}</option>
                    {[ExpertStatus::Applied, ExpertStatus::Active, ExpertStatus::Suspended, ExpertStatus::Dismissed].iter().map(|s| {
                        let sel = status == s.code();
                        view! { <option value=s.code() selected=sel>{s.name().get(l)}</option> }
                    }).collect_view()}
                </select>
                <input type="search" name="q" value=q.clone() placeholder=tr(l, "姓名或单位", "Name or employer") aria-label=tr(l, "搜索", "Search")/>
                <button type="submit">{tr(l, "搜索", "Search")}</button>
            </form>
        </section>
        <Suspense fallback=move || view! { <p>{t(l, "loading")}</p> }>
            {move || data.get().map(|res| match res {
                Err(_) => view! { <section class="card"><p id="not-keeper">{tr(l, "专家库由指定的财政部门管理，您所在的部门不管理专家库。", "The library is kept by the designated finance department; yours does not keep it.")}</p></section> }.into_any(),
                Ok(p) => {
                    let pages = crate::api::page_count(p.total, p.per_page);
                    let rows = p.rows.iter().map(|e| view! {
                        <tr data-expert=e.id.to_string() class="expert-row">
                            <td>{e.name.clone()}</td>
                            <td>{e.employer.clone()}</td>
                            <td>{title_text(e.title.as_deref(), l)}</td>
                            <td>{specialties_text(&e.specialties, l)}{e.legal.then(|| view! { " · " {tr(l, "法律", "law")} })}</td>
                            <td>{region_text(&e.region, l)}</td>
                            <td><code>{e.id_number.clone().unwrap_or_else(|| "—".into())}</code></td>
                            <td>{status_badge(e.status, l)}</td>
                        </tr>
                        <tr class="decision-row"><td colspan="7">{decision_form(e, l)}</td></tr>
                    }).collect_view();
                    view! {
                        <section class="card">
                            <div class="table-scroll">
                                <table class="list" id="expert-library">
                                    <thead><tr>
                                        <th>{tr(l, "姓名", "Name")}</th><th>{tr(l, "工作单位", "Employer")}</th><th>{tr(l, "职称", "Title")}</th>
                                        <th>{tr(l, "专业", "Specialties")}</th><th>{tr(l, "地区", "Region")}</th><th>{tr(l, "身份证号码", "ID number")}</th><th>{tr(l, "状态", "State")}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            <p>{match l { Lang::Zh => format!("共 {} 人 · 第 {}/{} 页", p.total, p.page, pages), Lang::En => format!("{} in all · page {} of {}", p.total, p.page, pages) }}
                                {(p.page > 1).then(|| view! { " " <a href=format!("/regulator/experts?status={status}&q={q}&page={}", p.page - 1)>{tr(l, "上一页", "Previous")}</a> })}
                                {(p.page < pages).then(|| view! { " " <a href=format!("/regulator/experts?status={status}&q={q}&page={}", p.page + 1)>{tr(l, "下一页", "Next")}</a> })}
                            </p>
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
    .into_any()
}
