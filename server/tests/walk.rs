//! Every role's pages on the demo, every offered form posted as offered (issue 15, point 2).
//!
//! Each demo account signs in, opens its pages as the server renders them (what a browser
//! without JavaScript gets) — projects, plans, bids, panels, the approval queue, and every
//! project and plan page they link to — and posts every `<form method="post">` of a project,
//! plan or approval step with the values the page put in it, plus what a user types into the
//! fields left empty (`type_what_a_user_types`: a price, a reason, a date, a decision among the
//! choices offered). The answer must be the step done (303 back to the page with what was done)
//! or a field error about one of the form's own inputs, shown on the page. A refusal for a rule
//! reason (an error about anything but the form's inputs, a check that forbids the step, 404) or
//! a 422 without a message counts against the page: the page offered what the rules refuse.
//! After a post that changed something the page is read again (the offered steps change), so the
//! walk also climbs the projects and plans along their procedure.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::http::header;
use common::labels::{self, attr, unescape};
use common::{get_as, login, session_token, TestDb};
use server::demo;
use sqlx::Row;

/// One `<form method="post">` of a page: where it posts and the values it would send.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Form {
    action: String,
    fields: Vec<(String, String)>,
    /// Every input's name, sent or not (an unchecked radio group is still the form's input).
    names: BTreeSet<String>,
    /// The form offers the choice `decision=approve`.
    approve_offered: bool,
}

/// The post forms of a page, with the values a browser would send unchanged: inputs with their
/// `value`, checked boxes only, a textarea's text, a select's selected (else first) option.
fn forms(html: &str) -> Vec<Form> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<form") {
        let body = &rest[start..];
        let Some(end) = body.find("</form>") else {
            break;
        };
        let form = &body[..end];
        rest = &body[end..];
        let open = &form[..form.find('>').unwrap_or(form.len())];
        if attr(open, "method").as_deref() != Some("post") {
            continue;
        }
        let Some(action) = attr(open, "action") else {
            continue;
        };
        let mut fields = Vec::new();
        let mut names = BTreeSet::new();
        let mut r = form;
        while let Some(i) = r.find("<input") {
            let tag = &r[i..i + r[i..].find('>').unwrap_or(r.len() - i)];
            r = &r[i + 6..];
            let Some(name) = attr(tag, "name") else {
                continue;
            };
            names.insert(name.clone());
            let kind = attr(tag, "type").unwrap_or_default();
            if (kind == "checkbox" || kind == "radio") && !tag.contains(" checked") {
                continue;
            }
            let value = attr(tag, "value").unwrap_or_else(|| {
                if kind == "checkbox" {
                    "on".into()
                } else {
                    String::new()
                }
            });
            fields.push((name, value));
        }
        let mut r = form;
        while let Some(i) = r.find("<textarea") {
            let tag_end = i + r[i..].find('>').unwrap_or(0);
            let name = attr(&r[i..tag_end], "name");
            let text_end = tag_end + r[tag_end..].find("</textarea>").unwrap_or(0);
            if let Some(name) = name {
                fields.push((name, unescape(&r[tag_end + 1..text_end])));
            }
            r = &r[text_end..];
        }
        let mut r = form;
        while let Some(i) = r.find("<select") {
            let tag_end = i + r[i..].find('>').unwrap_or(0);
            let name = attr(&r[i..tag_end], "name");
            let close = tag_end + r[tag_end..].find("</select>").unwrap_or(0);
            let options = &r[tag_end..close];
            let chosen = options
                .split("<option")
                .skip(1)
                .find(|o| o.contains(" selected"))
                .or_else(|| options.split("<option").nth(1))
                .and_then(|o| attr(o, "value"));
            if let (Some(name), Some(v)) = (name, chosen) {
                fields.push((name, v));
            }
            r = &r[close..];
        }
        names.extend(fields.iter().map(|(k, _)| k.clone()));
        let approve_offered = form.contains("value=\"approve\"");
        out.push(Form {
            action,
            fields,
            names,
            approve_offered,
        });
    }
    out
}

/// The fields a refused answer names (`<li data-field=…>`) and the checks that forbid the step
/// (`<li data-check=…>` inside the refusal banner).
fn refusal(html: &str) -> Option<(Vec<String>, Vec<String>)> {
    let start = html.find("id=\"form-refused\"")?;
    let banner = &html[start..start + html[start..].find("</div>").unwrap_or(0)];
    let mut fields = Vec::new();
    let mut checks = Vec::new();
    for li in banner.split("<li").skip(1) {
        if let Some(f) = attr(li, "data-field") {
            fields.push(f);
        }
        if let Some(c) = attr(li, "data-check") {
            checks.push(c);
        }
    }
    Some((fields, checks))
}

/// The steps' post routes; other forms (sign-out, language, filters) are not steps.
fn is_step(action: &str) -> bool {
    // Starting a procurement (`POST /projects`) is a step too.
    action == "/projects"
        || ["/projects/", "/plans/", "/regulator/approvals/"]
            .iter()
            .any(|p| action.starts_with(p) && action.len() > p.len())
}

/// A step's answer when it was done: back to its page with what was done.
fn is_done(location: &str) -> bool {
    [
        "?done=",
        "?requested=",
        "?intention=",
        "?released=",
        "?decided=",
    ]
    .iter()
    .any(|d| location.contains(d))
}

/// Field names as the server names them (`scores.1` → `scores`).
fn base(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

async fn post(router: &axum::Router, form: &Form, token: &str) -> common::TestResponse {
    let pairs: Vec<(&str, &str)> = form
        .fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    common::post_form_as(router, &form.action, &pairs, token).await
}

/// The project and plan pages a page links to or posts under.
fn project_pages(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for prefix in ["/projects/", "/plans/"] {
        for piece in html.split(prefix).skip(1) {
            let id: String = piece.chars().take_while(char::is_ascii_digit).collect();
            if !id.is_empty() {
                out.insert(format!("{prefix}{id}"));
            }
        }
    }
    out
}

#[derive(Default, Debug)]
struct Tally {
    offered: usize,
    done: usize,
    field_errors: usize,
    refused: Vec<String>,
}

/// What a user types into the fields a page leaves empty: a bidder's price; a request's
/// reason; the intention's date, medium and content; a regulator's decision (the first choice
/// offered). A termination's reason stays empty (the walk would otherwise end every project).
fn type_what_a_user_types(form: &mut Form) {
    let today = shared::time::Instant::from_unix_seconds(server::store::now_unix())
        .china_date()
        .to_string();
    let terminating = form.action.ends_with("/termination");
    for (k, v) in &mut form.fields {
        if !v.is_empty() {
            continue;
        }
        match k.as_str() {
            "price" => *v = "800,000".to_owned(),
            "reason" if !terminating => *v = "技术复杂，无法事先确定详细规格".to_owned(),
            "published_on" => *v = today.clone(),
            "media" => *v = "江苏政府采购网".to_owned(),
            "content" => *v = "需求概况、预算金额和预计采购时间".to_owned(),
            _ => {}
        }
    }
    if form.names.contains("decision") && !form.fields.iter().any(|(k, _)| k == "decision") {
        let choice = if form.approve_offered {
            "approve"
        } else {
            "reject"
        };
        form.fields.push(("decision".to_owned(), choice.to_owned()));
    }
}

async fn walk_page(
    router: &axum::Router,
    user: &str,
    token: &str,
    page: &str,
    tally: &mut Tally,
    tried: &mut BTreeSet<(String, String)>,
) -> bool {
    // Read again after every post that was done: the offered steps move on.
    for _ in 0..40 {
        let r = get_as(router, page, token).await;
        if r.status != 200
            || r.body.contains("id=\"forbidden\"")
            || r.body.contains("id=\"not-found\"")
        {
            // Not this account's page (404, forbidden): nothing offered.
            return false;
        }
        let next = forms(&r.body)
            .into_iter()
            .filter(|f| is_step(&f.action))
            .find(|f| !tried.contains(&(page.to_owned(), f.action.clone())));
        let Some(form) = next else {
            return true;
        };
        tried.insert((page.to_owned(), form.action.clone()));
        // A bidder types a price (the one field a bid cannot leave empty); everything else is
        // posted as the page filled it.
        let mut form = form;
        type_what_a_user_types(&mut form);
        tally.offered += 1;
        let answer = post(router, &form, token).await;
        let location = answer
            .headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        if answer.status == 303 && is_done(&location) {
            tally.done += 1;
            continue;
        }
        let inputs: BTreeSet<&str> = form.names.iter().map(|k| base(k)).collect();
        match refusal(&answer.body) {
            Some((fields, checks))
                if answer.status == 422
                    && checks.is_empty()
                    && !fields.is_empty()
                    && fields.iter().all(|f| inputs.contains(f.as_str())) =>
            {
                if std::env::var("WALK_DEBUG").is_ok() {
                    eprintln!("field error: {user} {} {fields:?}", form.action);
                }
                tally.field_errors += 1;
            }
            other => tally.refused.push(format!(
                "{user} {page} → {} {:?}: {} {location} {other:?}",
                form.action, form.fields, answer.status
            )),
        }
    }
    true
}

/// The sample's projects all lie before the real clock's today: one open tender of a demo unit
/// with its deadline a month ahead gives the supplier accounts something to bid on.
async fn open_a_tender(t: &TestDb, router: &axum::Router) {
    let row = sqlx::query(
        "SELECT p.id, o.name FROM plans p JOIN organisations o ON o.id = p.unit_id \
         WHERE o.name IN ('常州市天宁区教育局', '常州市武进区教育局') AND p.status = 'released' \
         AND p.method = 'public_tender' AND p.id NOT IN (SELECT plan_id FROM projects) ORDER BY p.id",
    )
    .fetch_one(&t.db.pool)
    .await
    .expect("a released open tender of a unit with a demo account, without a project");
    let plan: i64 = row.try_get(0).unwrap();
    let unit: String = row.try_get(1).unwrap();
    let user = if unit == "常州市天宁区教育局" {
        "tnjyj"
    } else {
        "wjjyj"
    };
    let r = login(router, user, demo::DEMO_PASSWORD).await;
    let token = session_token(&r).expect("the unit's account signs in");
    let created = post(
        router,
        &Form {
            action: "/projects".into(),
            fields: vec![
                ("plan_id".into(), plan.to_string()),
                ("agency_id".into(), String::new()),
            ],
            names: BTreeSet::new(),
            approve_offered: false,
        },
        &token,
    )
    .await;
    let location = created
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        location.contains("?done=create"),
        "{} {location}",
        created.status
    );
    let project = location.split('?').next().unwrap_or_default().to_owned();
    let deadline =
        shared::time::Instant::from_unix_seconds(server::store::now_unix() + 30 * 86_400)
            .china_display();
    let fields = [
        ("max_price", "1,000,000"),
        ("deadline", deadline.as_str()),
        ("bid_security", "10,000"),
        ("min_validity_days", "90"),
        ("scoring_method", "comprehensive"),
        ("price_points", "30"),
        (
            "criteria",
            "技术方案|40|主观\n售后服务|20|主观\n业绩|10|客观",
        ),
        ("media", "江苏政府采购网"),
    ];
    let noticed = post(
        router,
        &Form {
            action: format!("{project}/notice"),
            fields: fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            names: BTreeSet::new(),
            approve_offered: false,
        },
        &token,
    )
    .await;
    assert_eq!(noticed.status, 303, "{}", noticed.body);
}

async fn every_offered_action_is_allowed(t: &TestDb) {
    let store = t.store();
    demo::load_with(&store, demo::DemoScale::Sample)
        .await
        .unwrap();
    let router = t.router();
    open_a_tender(t, &router).await;
    let mut tally = Tally::default();
    let mut per_user: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    // Every account opens its own pages and every project page any account reaches (a
    // supplier or expert may open a published project's page too).
    let mut sessions = Vec::new();
    let mut every_project: BTreeSet<String> = BTreeSet::new();
    for account in demo::DEMO_ACCOUNTS {
        let user = account.username;
        let r = login(&router, user, demo::DEMO_PASSWORD).await;
        let token = session_token(&r).unwrap_or_else(|| panic!("{user} signs in"));
        let mut pages: Vec<String> = Vec::new();
        for start in [
            "/projects",
            "/plans",
            "/supplier/bids",
            "/expert/panels",
            "/regulator/approvals",
        ] {
            let r = get_as(&router, start, &token).await;
            if r.status == 200 && !r.body.contains("id=\"forbidden\"") {
                pages.push(start.to_owned());
                every_project.extend(project_pages(&r.body));
            }
        }
        sessions.push((user, token, pages));
    }
    for (user, token, pages) in &sessions {
        let before = tally.offered;
        let mut tried = BTreeSet::new();
        let mut seen = 0;
        for page in pages.iter().chain(every_project.iter()) {
            if walk_page(&router, user, token, page, &mut tally, &mut tried).await {
                seen += 1;
            }
        }
        per_user.insert(user, (seen, tally.offered - before));
    }
    eprintln!(
        "walk: {} offered ({} done, {} field errors), {} refused; per account (pages, offered) {per_user:?}",
        tally.offered,
        tally.done,
        tally.field_errors,
        tally.refused.len()
    );
    assert!(tally.offered > 0, "the demo offers steps to someone");
    assert!(
        tally.refused.is_empty(),
        "offered and refused:\n{}",
        tally.refused.join("\n")
    );
}

on_both_databases!(every_offered_action_is_allowed);

// ---- Names and labels (issue 18, point 2) ----

/// Every page each demo account reaches from its desk by links, in both languages, shows names
/// and labels: no code, internal id or untranslated label (`common::labels`). The full demo gets
/// the same walk in `tests/demo.rs`.
async fn every_page_speaks_in_names_and_labels(t: &TestDb) {
    let store = t.store();
    demo::load_with(&store, demo::DemoScale::Sample)
        .await
        .unwrap();
    let router = t.router();
    let accounts: Vec<&str> = demo::DEMO_ACCOUNTS.iter().map(|a| a.username).collect();
    let walk = labels::walk_every_page(&router, &accounts, demo::DEMO_PASSWORD, 2).await;
    eprintln!(
        "labels: {} pages read ({} route shapes), {} with problems",
        walk.pages,
        walk.shapes.len(),
        walk.problems.len()
    );
    assert!(walk.shapes.len() > 60, "{:?}", walk.shapes.keys());
    assert!(
        walk.problems.is_empty(),
        "pages with codes or ids instead of labels:\n{}",
        walk.problems.join("\n")
    );
}

on_both_databases!(every_page_speaks_in_names_and_labels);

#[test]
fn raw_words_are_found_and_labels_pass() {
    let codes = labels::enum_codes();
    assert_eq!(
        labels::raw_words("状态 submitted", "zh", &codes),
        ["submitted"]
    );
    assert_eq!(
        labels::raw_words("ORG-125 的项目", "zh", &codes),
        ["ORG-125"]
    );
    assert_eq!(
        labels::raw_words("budget_total 1,000", "en", &codes),
        ["budget_total"]
    );
    assert_eq!(
        labels::raw_words("采购计划 plan 1784", "zh", &codes),
        ["plan 1784"]
    );
    assert!(labels::raw_words("已提交 · Open tender · 100.00元", "zh", &codes).is_empty());
    assert!(labels::raw_words("Submitted, a high risk", "en", &codes).is_empty());
    assert_eq!(labels::raw_words("400万元", "en", &codes), ["万元"]);
    assert_eq!(
        labels::visible_text("<p>a<script>var x = \"submitted\";</script> b &amp; c</p>")
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["a", "b", "&", "c"]
    );
    // People's own words are shown as typed, not read for codes.
    assert_eq!(
        labels::visible_text("<p>x <span class=\"free-text\">high 公开招标</span> y</p>")
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["x", "y"]
    );
}

#[test]
fn route_shapes_and_untranslated_labels() {
    assert_eq!(
        labels::shape("/projects/12?page=2&q=x"),
        "/projects/#?page&q"
    );
    assert_eq!(
        labels::shape("/regulator/suppliers/91320402MA1X"),
        "/regulator/suppliers/#"
    );
    let zh = labels::zh_labels();
    assert!(zh.contains("公开招标"), "{zh:?}");
    assert_eq!(labels::untranslated("Method: 公开招标", &zh), ["公开招标"]);
    assert!(labels::untranslated("常州市天宁区教育局 Open tender", &zh).is_empty());
    assert_eq!(
        labels::page_links(
            r#"<a href="/projects/3">x</a><a rel="external" href="/exports/p.csv">y</a><a href="/?lang=en">z</a>"#
        ),
        ["/projects/3"]
    );
}

// ---- The desk (issue 18, point 1) ----

async fn every_role_has_a_desk_that_leads_to_offered_steps(t: &TestDb) {
    let store = t.store();
    demo::load_with(&store, demo::DemoScale::Sample)
        .await
        .unwrap();
    let router = t.router();
    let settled: Vec<i64> = sqlx::query_scalar("SELECT id FROM projects WHERE settled = 1")
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
    assert!(
        !settled.is_empty(),
        "the sample demo has projects ended or paid in full"
    );
    // Rows stored before `settled` was recorded: the desk that reads one recording it.
    sqlx::query("UPDATE projects SET settled = 0")
        .execute(&t.db.pool)
        .await
        .unwrap();
    let mut seen_items = 0;
    for account in demo::DEMO_ACCOUNTS {
        let user = account.username;
        let token = common::session(&router, user).await;
        let r =
            common::post_json_as(&router, "/api/desk", serde_json::json!({}), Some(&token)).await;
        assert_eq!(r.status, 200, "{user}: {}", r.body);
        let desk: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        // The desk comes a page at a time; the counts are over every item.
        let pages = desk["pages"].as_u64().unwrap();
        let mut all: Vec<serde_json::Value> = desk["items"].as_array().unwrap().clone();
        for page in 2..=pages {
            let r = common::post_json_as(
                &router,
                "/api/desk",
                serde_json::json!({ "page": page }),
                Some(&token),
            )
            .await;
            let desk: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            assert_eq!(desk["page"].as_u64(), Some(page), "{user}");
            all.extend(desk["items"].as_array().unwrap().iter().cloned());
        }
        assert_eq!(desk["total"].as_u64(), Some(all.len() as u64), "{user}");
        let items = &all;
        // A settled project (ended, or contracted, accepted and paid; nothing unanswered, no
        // security held) is on nobody's desk.
        for item in items.iter().filter(|i| i["target"]["kind"] == "project") {
            let id = item["target"]["id"].as_i64().unwrap();
            assert!(
                !settled.contains(&id),
                "{user}: settled project {id} on the desk"
            );
        }
        let badge = common::post_json_as(
            &router,
            "/api/desk_count",
            serde_json::json!({}),
            Some(&token),
        )
        .await;
        let badge: serde_json::Value = serde_json::from_str(&badge.body).unwrap();
        assert_eq!(badge["items"].as_u64(), Some(items.len() as u64), "{user}");
        // Overdue first: the dated items by their last day, the undated after them.
        let days: Vec<Option<&str>> = items
            .iter()
            .map(|i| i["due"]["last_day"].as_str())
            .collect();
        let dated: Vec<&str> = days.iter().flatten().copied().collect();
        assert!(dated.windows(2).all(|w| w[0] <= w[1]), "{user}: {days:?}");
        assert!(
            days.iter().skip_while(|d| d.is_some()).all(|d| d.is_none()),
            "{user}: {days:?}"
        );
        // Each project step on the desk is a step the project's page offers to this account.
        for item in items
            .iter()
            .filter(|i| i["target"]["kind"] == "project")
            .take(5)
        {
            let id = item["target"]["id"].as_i64().unwrap();
            let page = common::post_json_as(
                &router,
                "/api/project_view",
                serde_json::json!({ "id": id }),
                Some(&token),
            )
            .await;
            let view: serde_json::Value = serde_json::from_str(&page.body).unwrap();
            let step = &item["task"]["step"];
            assert!(
                view["actions"].as_array().unwrap().contains(step),
                "{user}: {step} on project {id} is not offered: {}",
                view["actions"]
            );
        }
        seen_items += items.len();
    }
    assert!(
        seen_items > 0,
        "the sample demo gives someone something to do"
    );
    let repaired: Vec<i64> = sqlx::query_scalar("SELECT id FROM projects WHERE settled = 1")
        .fetch_all(&t.db.pool)
        .await
        .unwrap();
    assert!(!repaired.is_empty(), "the desks recorded settled projects");
    assert!(
        repaired.iter().all(|id| settled.contains(id)),
        "the desk and the steps agree: {repaired:?} ⊆ {settled:?}"
    );
    // 经办/审核: the plan the unit's handler filed waits on the reviewer's desk, not the handler's.
    let filed: i64 = sqlx::query_scalar(
        "SELECT p.id FROM plans p JOIN users u ON u.id = p.created_by WHERE u.username = 'tnjyj' AND p.status = 'filed' ORDER BY p.id LIMIT 1",
    )
    .fetch_optional(&t.db.pool)
    .await
    .unwrap()
    .unwrap_or(-1);
    if filed > 0 {
        for (user, expected) in [("tnsh", true), ("tnjyj", false)] {
            let token = common::session(&router, user).await;
            let r = common::post_json_as(&router, "/api/desk", serde_json::json!({}), Some(&token))
                .await;
            let desk: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            let waits = desk["items"].as_array().unwrap().iter().any(|i| {
                i["task"] == "release_plan"
                    && i["target"]["kind"] == "plan"
                    && i["target"]["id"] == filed
            });
            assert_eq!(waits, expected, "{user}: plan {filed}");
        }
    }
    // A visitor has no desk: the home page, and the desk's functions answer 401.
    let home = common::get(&router, "/").await;
    assert!(!home.body.contains("id=\"desk-items\""));
    let r = common::post_json_as(&router, "/api/desk", serde_json::json!({}), None).await;
    assert_eq!(r.status, 401);
}

on_both_databases!(every_role_has_a_desk_that_leads_to_offered_steps);
