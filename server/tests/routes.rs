//! The security review of every route (issue 14): each route, page and server function of the
//! web application with who may use it. The table is compared with the router's own lists
//! (`server::web::route_table`: the form routes and the ingest API the router is built from,
//! the Leptos route list, the registered server functions), so a route added without an entry
//! here — or an entry whose route is gone — fails this test: no route is added unreviewed.
//! Then every entry is tried without a session and as each role of the demo data, on SQLite and
//! PostgreSQL: who may not use it is refused (401 / 403 / to the login page), who may is not.

mod common;

use common::location;

use axum::body::Body;
use axum::http::{header, Request};
use common::{get_as, post_json_as, session_token, TestDb, HOST, ORIGIN};
use server::demo;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    /// Anyone, without signing in.
    Public,
    /// Any signed-in account.
    SignedIn,
    /// Signed-in accounts of these roles.
    Roles(&'static [&'static str]),
    /// Machines with an ingest API key (no session grants anything).
    ApiKey,
    /// A sign-in whose password was right, by its challenge cookie (no session grants
    /// anything: without the cookie it is sent back to sign in).
    Challenge,
}

use Who::*;

const PURCHASER: Who = Roles(&["purchaser"]);
const SUPPLIER: Who = Roles(&["supplier"]);
const EXPERT: Who = Roles(&["expert"]);
const REGULATOR: Who = Roles(&["regulator"]);
const RUNNERS: Who = Roles(&["purchaser", "agency"]);
const DESK: Who = Roles(&["purchaser", "agency", "regulator", "admin"]);
const CALENDAR: Who = Roles(&["regulator", "admin"]);
/// The plan list: a purchaser's unit's plans, a regulator's jurisdiction's.
const PLAN_LIST: Who = Roles(&["purchaser", "regulator"]);
const ADMIN: Who = Roles(&["admin"]);
/// A city's finance bureau only (`shared::thresholds::issuer_level`): the regulator account
/// tried here is a district's (天宁区), which is refused like every other role.
const CITY_REGULATOR: Who = Roles(&[]);
/// The expert library's keeper (the city's bureau by default): the district regulator tried
/// here is refused like every other role.
const KEEPER: Who = Roles(&[]);
/// The audit administrator (三员) only: the demo's `admin` tried here is the system
/// administrator, refused like every other role (server/tests/accounts.rs signs in as one).
const AUDITOR: Who = Roles(&[]);
/// Account management: administrators, regulators (their jurisdiction's staff), unit
/// administrators (their own organisation's; the demo purchaser `tnjyj` is one).
const ACCOUNTS: Who = Roles(&["admin", "regulator", "purchaser"]);

/// The reviewed table: method, path, who may use it, and for server functions the arguments of
/// a well-formed call (so the role check, not the argument check, answers).
const ROUTES: &[(&str, &str, Who, &str)] = &[
    // Pages (server-rendered; the page itself says "sign in" or "not allowed").
    ("GET", "/", Public, ""),
    ("GET", "/login", Public, ""),
    ("GET", "/account", SignedIn, ""),
    ("GET", "/account/verify", SignedIn, ""),
    ("GET", "/account/password", SignedIn, ""),
    ("GET", "/account/identity", SignedIn, ""),
    ("GET", "/account/2fa", SignedIn, ""),
    ("GET", "/login/otp", Public, ""),
    ("GET", "/suppliers/claim", Public, ""),
    ("GET", "/experts/apply", Public, ""),
    ("GET", "/expert/profile", EXPERT, ""),
    ("GET", "/supplier/profile", SUPPLIER, ""),
    ("GET", "/regulator/suppliers/{code}", REGULATOR, ""),
    ("GET", "/regulator/experts", KEEPER, ""),
    ("GET", "/suppliers/register", Public, ""),
    ("GET", "/suppliers", Public, ""),
    ("GET", "/plans", PLAN_LIST, ""),
    ("GET", "/plans/new", PURCHASER, ""),
    ("GET", "/plans/{id}", SignedIn, ""),
    ("GET", "/projects", DESK, ""),
    ("GET", "/projects/{id}", SignedIn, ""),
    ("GET", "/supplier/bids", SUPPLIER, ""),
    ("GET", "/expert/panels", EXPERT, ""),
    ("GET", "/cases", RUNNERS, ""),
    ("GET", "/regulator/approvals", REGULATOR, ""),
    ("GET", "/regulator/monitor", REGULATOR, ""),
    ("GET", "/regulator/dashboard", REGULATOR, ""),
    ("GET", "/regulator/records", REGULATOR, ""),
    ("GET", "/regulator/suppliers", REGULATOR, ""),
    ("GET", "/regulator/findings", REGULATOR, ""),
    ("GET", "/regulator/cases", REGULATOR, ""),
    ("GET", "/regulator/cases/{id}", REGULATOR, ""),
    ("GET", "/regulator/cases/{id}/print", REGULATOR, ""),
    ("GET", "/regulator/risk", REGULATOR, ""),
    ("GET", "/regulator/analytics", REGULATOR, ""),
    ("GET", "/admin/calendar", CALENDAR, ""),
    ("GET", "/admin/users", ACCOUNTS, ""),
    ("GET", "/admin/organisations", ACCOUNTS, ""),
    ("GET", "/admin/audit", AUDITOR, ""),
    ("GET", "/regulator/thresholds", CALENDAR, ""),
    // Form posts and other routes of the router.
    ("GET", "/lang/{code}", Public, ""),
    ("POST", "/suppliers/register", Public, ""),
    ("POST", "/suppliers/claim", Public, ""),
    ("POST", "/experts/apply", Public, ""),
    ("POST", "/expert/unavailable", EXPERT, ""),
    ("POST", "/expert/relations", EXPERT, ""),
    ("POST", "/supplier/profile", SUPPLIER, ""),
    (
        "POST",
        "/regulator/suppliers/{code}/correction",
        REGULATOR,
        "",
    ),
    ("POST", "/regulator/experts/{id}/decision", KEEPER, ""),
    ("POST", "/account/verify", SignedIn, ""),
    ("POST", "/account/password", SignedIn, ""),
    ("POST", "/account/identity", SUPPLIER, ""),
    ("POST", "/account/colleagues", SUPPLIER, ""),
    ("POST", "/account/2fa", SignedIn, ""),
    ("POST", "/login/otp", Challenge, ""),
    ("POST", "/account/sessions/{id}/end", SignedIn, ""),
    ("POST", "/login", Public, ""),
    ("POST", "/logout", Public, ""),
    ("POST", "/budget-lines", PURCHASER, ""),
    ("POST", "/plans", PURCHASER, ""),
    ("POST", "/plans/{id}/requests", PURCHASER, ""),
    ("POST", "/plans/{id}/release", PURCHASER, ""),
    ("POST", "/plans/{id}/intentions", PURCHASER, ""),
    ("POST", "/regulator/approvals/{id}/decision", REGULATOR, ""),
    ("GET", "/regulator/monitor/stream", REGULATOR, ""),
    // Each view as its page: probed with projects.csv (the project desk's roles); the other
    // views are in exports.rs.
    ("GET", "/export/{file}", DESK, ""),
    ("GET", "/regulator/records.csv", REGULATOR, ""),
    ("GET", "/regulator/records.xlsx", REGULATOR, ""),
    ("POST", "/regulator/findings/{id}/triage", REGULATOR, ""),
    ("POST", "/regulator/cases", REGULATOR, ""),
    ("POST", "/regulator/cases/{id}/steps", REGULATOR, ""),
    ("POST", "/cases/replies/{id}", RUNNERS, ""),
    ("POST", "/projects", PURCHASER, ""),
    ("POST", "/projects/{id}/notice", RUNNERS, ""),
    ("POST", "/projects/{id}/invitations", RUNNERS, ""),
    ("POST", "/projects/{id}/clarifications", RUNNERS, ""),
    ("POST", "/projects/{id}/qualification", RUNNERS, ""),
    ("POST", "/projects/{id}/bids", SUPPLIER, ""),
    (
        "POST",
        "/projects/{id}/bids/{bid_id}/withdraw",
        SUPPLIER,
        "",
    ),
    ("POST", "/projects/{id}/bids/{bid_id}/replace", SUPPLIER, ""),
    ("POST", "/projects/{id}/open", RUNNERS, ""),
    ("POST", "/projects/{id}/draw", RUNNERS, ""),
    ("POST", "/projects/{id}/declaration", EXPERT, ""),
    ("POST", "/projects/{id}/scores", EXPERT, ""),
    ("POST", "/projects/{id}/report", RUNNERS, ""),
    ("POST", "/projects/{id}/confirm", PURCHASER, ""),
    ("POST", "/projects/{id}/result-notice", RUNNERS, ""),
    ("POST", "/projects/{id}/contract", PURCHASER, ""),
    ("POST", "/projects/{id}/amendments", PURCHASER, ""),
    ("POST", "/projects/{id}/acceptance", PURCHASER, ""),
    ("POST", "/projects/{id}/termination", RUNNERS, ""),
    ("POST", "/projects/{id}/payments", PURCHASER, ""),
    ("POST", "/projects/{id}/security-refunds", RUNNERS, ""),
    ("POST", "/projects/{id}/challenges", SUPPLIER, ""),
    (
        "POST",
        "/projects/{id}/challenges/{cid}/answer",
        RUNNERS,
        "",
    ),
    ("POST", "/admin/calendar", ADMIN, ""),
    // Who may act on which account is decided by the store (`may_create_account`,
    // `may_secure_account`): a regulator or unit administrator out of its share gets a field
    // error, tested in server/tests/accounts.rs.
    ("POST", "/admin/users", ACCOUNTS, ""),
    ("POST", "/admin/users/action", ACCOUNTS, ""),
    ("POST", "/admin/organisations", ADMIN, ""),
    // Who keeps which agency's listing is the store's (`record_listing`); an unknown one 404.
    ("POST", "/admin/organisations/{id}/listing", ACCOUNTS, ""),
    ("POST", "/regulator/thresholds", CITY_REGULATOR, ""),
    ("GET", "/healthz", Public, ""),
    // The ingest API (bearer keys; docs/ingest.md).
    ("GET", "/api/v1/openapi.json", Public, ""),
    ("POST", "/api/v1/units", ApiKey, ""),
    ("POST", "/api/v1/budget-lines", ApiKey, ""),
    ("POST", "/api/v1/plans", ApiKey, ""),
    ("POST", "/api/v1/projects/{project_id}/notices", ApiKey, ""),
    ("POST", "/api/v1/projects/{project_id}/bids", ApiKey, ""),
    (
        "POST",
        "/api/v1/projects/{project_id}/evaluations",
        ApiKey,
        "",
    ),
    ("POST", "/api/v1/projects/{project_id}/awards", ApiKey, ""),
    (
        "POST",
        "/api/v1/projects/{project_id}/contracts",
        ApiKey,
        "",
    ),
    ("POST", "/api/v1/payments", ApiKey, ""),
];

/// A concrete path for a route pattern (ids that exist in no table: the role check answers
/// before any lookup, and a lookup answers 404 the same for every role).
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if seg == "{code}" {
                "en".to_owned()
            } else if seg == "{file}" {
                "projects.csv".to_owned()
            } else if seg.starts_with('{') || seg.starts_with(':') {
                "999999".to_owned()
            } else {
                seg.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn is_server_fn(path: &str) -> bool {
    path.starts_with("/api/") && !path.starts_with("/api/v1/")
}

#[test]
fn every_route_has_a_reviewed_entry() {
    let mut listed: Vec<(String, String)> = server::web::route_table()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p))
        .collect();
    listed.sort();
    let reviewed: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(m, p, _, _)| (m.to_string(), p.to_string()))
        .chain(
            SERVER_FNS
                .iter()
                .map(|(p, _, _)| ("POST".to_owned(), p.to_string())),
        )
        .collect();
    let missing: Vec<_> = listed.iter().filter(|r| !reviewed.contains(r)).collect();
    let stale: Vec<_> = reviewed.iter().filter(|r| !listed.contains(r)).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "routes without a reviewed entry in server/tests/routes.rs: {missing:#?}\n\
         entries whose route is gone: {stale:#?}"
    );
    println!(
        "route review: {} routes and pages, {} server functions",
        ROUTES.len(),
        SERVER_FNS.len()
    );
}

/// The server functions: path, who, arguments of a well-formed call.
const SERVER_FNS: &[(&str, Who, &str)] = &[
    ("/api/register_supplier", Public, r#"{"form":{}}"#),
    ("/api/my_account", SignedIn, "{}"),
    ("/api/desk", SignedIn, "{}"),
    ("/api/desk_count", SignedIn, "{}"),
    ("/api/own_expert", EXPERT, "{}"),
    ("/api/own_supplier_profile", SUPPLIER, "{}"),
    // An unknown code answers 404 to a regulator (its jurisdiction decides the rest).
    (
        "/api/regulator_supplier",
        REGULATOR,
        r#"{"code":"91320400000000000X"}"#,
    ),
    // The library's keeper is the city's bureau (YIWANG_EXPERT_KEEPER); the district's
    // regulator tried here gets the page but not the data.
    (
        "/api/expert_library",
        KEEPER,
        r#"{"status":"","q":"","page":1}"#,
    ),
    (
        "/api/account_list",
        ACCOUNTS,
        r#"{"q":"","role":"","organisation":null,"page":1}"#,
    ),
    (
        "/api/organisation_list",
        ACCOUNTS,
        r#"{"q":"","kind":"","page":1}"#,
    ),
    (
        "/api/audit_log",
        AUDITOR,
        r#"{"q":"","page":1,"verify":false}"#,
    ),
    ("/api/calendar_years", CALENDAR, "{}"),
    ("/api/threshold_page", CALENDAR, "{}"),
    ("/api/list_suppliers", Public, r#"{"q":"","page":1}"#),
    ("/api/supplier_count", Public, ""),
    // The project as the disclosure matrix shows it to the caller; a visitor sees a published
    // project as the public does (and nothing of an unknown or unpublished one: 404).
    ("/api/project_view", Public, r#"{"id":999999}"#),
    ("/api/plan_detail", SignedIn, r#"{"id":999999}"#),
    ("/api/plan_desk", PURCHASER, ""),
    ("/api/plan_page", PLAN_LIST, r#"{"query":{}}"#),
    ("/api/plan_form_context", PURCHASER, ""),
    ("/api/agency_options", PURCHASER, ""),
    ("/api/project_desk", DESK, r#"{"query":{}}"#),
    ("/api/open_projects", SUPPLIER, ""),
    ("/api/own_bids", SUPPLIER, ""),
    ("/api/panel_seats", EXPERT, ""),
    ("/api/party_case_items", RUNNERS, ""),
    ("/api/approval_queue", REGULATOR, ""),
    ("/api/approval_page", REGULATOR, r#"{"query":{}}"#),
    ("/api/monitor_recent", REGULATOR, r#"{"filter":{}}"#),
    ("/api/regulator_findings", REGULATOR, r#"{"query":{}}"#),
    ("/api/dashboard", REGULATOR, r#"{"filter":{}}"#),
    ("/api/dashboard_records", REGULATOR, r#"{"filter":{}}"#),
    ("/api/analytics", REGULATOR, r#"{"filter":{}}"#),
    ("/api/regulator_cases", REGULATOR, r#"{"state":""}"#),
    (
        "/api/regulator_case_page",
        REGULATOR,
        r#"{"state":"","page":1}"#,
    ),
    ("/api/case_view", REGULATOR, r#"{"id":999999}"#),
    ("/api/risk_queue", REGULATOR, r#"{"page":1}"#),
    (
        "/api/regulator_suppliers",
        REGULATOR,
        r#"{"q":"","page":1}"#,
    ),
];

async fn get_anonymous(router: &axum::Router, path: &str) -> common::TestResponse {
    let request = Request::get(path)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap();
    common::send(router, request).await
}

async fn post_form(router: &axum::Router, path: &str, token: Option<&str>) -> common::TestResponse {
    let mut request = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(t) = token {
        request = request.header(header::COOKIE, format!("yiwang_session={t}"));
    }
    common::send(router, request.body(Body::empty()).unwrap()).await
}

/// Whether an answer refuses the caller for who it is (or is not).
fn refused(r: &common::TestResponse) -> bool {
    matches!(r.status, 401 | 403)
        || (r.status == 303 && location(r).starts_with("/login"))
        || r.body.contains(r#"id="forbidden""#)
        || r.body.contains(r#"id="sign-in-first""#)
}

async fn every_route_refuses_who_may_not_use_it(t: &TestDb) {
    let store = t.store();
    demo::load(&store).await.unwrap();
    let router = t.router();
    let roles = [
        ("purchaser", "tnjyj"),
        ("agency", "cgzx"),
        ("supplier", "gys"),
        ("expert", "zj000"),
        ("regulator", "tnczj"),
        ("admin", "admin"),
    ];
    let mut tokens = Vec::new();
    for (role, user) in roles {
        let r = common::login(&router, user, demo::DEMO_PASSWORD).await;
        tokens.push((role, session_token(&r).expect(user)));
    }
    let mut cases = 0;
    let mut wrong: Vec<String> = Vec::new();
    let entries = ROUTES
        .iter()
        .map(|(m, p, w, a)| (*m, *p, *w, *a))
        .chain(SERVER_FNS.iter().map(|(p, w, a)| ("POST", *p, *w, *a)));
    for (method, pattern, who, args) in entries {
        let path = concrete(pattern);
        let call = |token: Option<String>| {
            let router = router.clone();
            let path = path.clone();
            async move {
                if is_server_fn(&path) {
                    let args: serde_json::Value =
                        serde_json::from_str(if args.is_empty() { "{}" } else { args }).unwrap();
                    post_json_as(&router, &path, args, token.as_deref()).await
                } else if path.ends_with("/stream") {
                    // An event stream never ends: read the status and headers only.
                    use tower::ServiceExt;
                    let mut request = Request::get(&path).header(header::HOST, HOST);
                    if let Some(t) = &token {
                        request = request.header(header::COOKIE, format!("yiwang_session={t}"));
                    }
                    let response = router
                        .clone()
                        .oneshot(request.body(Body::empty()).unwrap())
                        .await
                        .unwrap();
                    common::TestResponse {
                        status: response.status().as_u16(),
                        headers: response.headers().clone(),
                        body: String::new(),
                        bytes: Vec::new(),
                    }
                } else if method == "GET" {
                    match token {
                        Some(t) => get_as(&router, &path, &t).await,
                        None => get_anonymous(&router, &path).await,
                    }
                } else {
                    post_form(&router, &path, token.as_deref()).await
                }
            }
        };
        // Without a session.
        let r = call(None).await;
        cases += 1;
        let ok = match who {
            Public => !refused(&r),
            ApiKey => r.status == 401,
            Challenge => location(&r).starts_with("/login"),
            _ => refused(&r),
        };
        if !ok {
            wrong.push(format!(
                "{method} {pattern} anonymous: {} {}",
                r.status,
                location(&r)
            ));
        }
        if pattern == "/logout" {
            // Signing out as each role would end the sessions this test goes on with; the
            // logout of a session is tested in auth.rs.
            continue;
        }
        for (role, token) in &tokens {
            let r = call(Some(token.clone())).await;
            cases += 1;
            let ok = match who {
                Public | SignedIn => !refused(&r),
                ApiKey => r.status == 401,
                Challenge => location(&r).starts_with("/login"),
                Roles(allowed) => allowed.contains(role) != refused(&r),
            };
            if !ok {
                wrong.push(format!(
                    "{method} {pattern} as {role}: {} {} {}",
                    r.status,
                    location(&r),
                    r.body.chars().take(120).collect::<String>()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong answers:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    println!("route review: {cases} role × route cases");
}
on_both_databases!(every_route_refuses_who_may_not_use_it);
