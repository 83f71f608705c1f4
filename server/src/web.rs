//! The HTTP face: the Leptos pages and server functions, the browser bundle, the language
//! switch and the no-JavaScript form posts. Handlers stay thin: they parse, call a service from
//! `app::service`, and answer.

use std::path::Path;

use std::net::SocketAddr;
use std::sync::Arc;

use app::api::{LoginSubmitted, RegisterOutcome, SubmittedForm};
use app::i18n::LANG_COOKIE;
use app::service::projects::{self as project_service, StepInput};
use app::service::{SessionUser, SharedServices};
use app::session::is_local_path;
use app::{shell, App};
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use futures_util::StreamExt;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use shared::field::{FieldError, FieldErrors};
use shared::supplier::SupplierForm;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use crate::auth;
use crate::store::{now_unix, Store};

/// The longest a request may take before it is answered 408 (slow clients, stuck work).
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The Content-Security-Policy of every response: only the site's own scripts (and the inline
/// hydration script carrying this response's nonce), the wasm bundle, styles and images; no
/// framing; forms post only here.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// A fresh random nonce (128 bits, hex).
fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // Without randomness the nonce would be guessable: give none, so no inline script runs.
        return String::new();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether the responses to `path` are never to be stored by a browser or a proxy: server
/// functions and the API (`/api/…`), exports (`/export/…`, `/regulator/records.csv|xlsx`) and the
/// test routes. (Every response to a signed-in request is marked too, in `session_layer`.)
pub fn is_no_store_path(path: &str) -> bool {
    path.starts_with("/api/")
        || path.starts_with("/export/")
        || path.starts_with("/__test/")
        || matches!(path, "/regulator/records.csv" | "/regulator/records.xlsx")
}

/// `Strict-Transport-Security` of a site served over TLS (`YIWANG_SECURE_COOKIES=1`): one year.
pub const HSTS: &str = "max-age=31536000";

/// Security headers on every response, and the CSP nonce for the page's inline scripts;
/// `Cache-Control: no-store` on the paths of [`is_no_store_path`]; HSTS when the site is served
/// over TLS.
async fn security_headers(
    State(state): State<WebState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    let nonce = new_nonce();
    request
        .extensions_mut()
        .insert(app::service::CspNonce(nonce.clone()));
    let no_store = is_no_store_path(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if no_store {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.store.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    let csp = if nonce.is_empty() {
        content_security_policy("none").replace(" 'nonce-none'", "")
    } else {
        content_security_policy(&nonce)
    };
    if let Ok(v) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// The largest request body accepted (a registration is well under 4 KB).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Leptos' settings for a site whose bundle is in `site_root/pkg`.
pub fn leptos_options(site_root: &Path, addr: std::net::SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("yiwang")
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}

#[derive(Clone)]
struct WebState {
    options: LeptosOptions,
    services: SharedServices,
    store: Store,
}

impl axum::extract::FromRef<WebState> for LeptosOptions {
    fn from_ref(state: &WebState) -> LeptosOptions {
        state.options.clone()
    }
}

/// The app's routes, listed once per process. Listing them renders the app with resource loading
/// suppressed through a process-wide flag, so listing again while another router renders a page
/// could leave that page's resources suppressed and the response hanging (leptos issue #4773).
/// Tests build many routers in one process; the server builds one.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Routes a router may add besides the application's own.
#[derive(Debug, Clone, Copy, Default)]
pub struct RouterOptions {
    /// Browser tests only (`YIWANG_TEST_CLOCK=1`): `POST /__test/clock?advance=SECONDS` moves the
    /// procurement clock forward. Inside the router's layers like every route: a same-origin
    /// POST only, with the session read and the security headers set.
    pub test_clock: bool,
}

/// The whole web application over the database-backed services.
pub fn router(options: LeptosOptions, store: Store) -> Router {
    router_with(options, store, RouterOptions::default())
}

/// [`router`] with the extra routes of `extra`.
pub fn router_with(options: LeptosOptions, store: Store, extra: RouterOptions) -> Router {
    let services: SharedServices = Arc::new(store.clone());
    let routes = route_list();
    let context = {
        let services = services.clone();
        move || {
            provide_context(services.clone());
            app::service::provide_request_nonce();
        }
    };
    let pkg_dir = Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let state = WebState {
        options: options.clone(),
        services,
        store,
    };
    let app_shell = {
        let options = options.clone();
        move || shell(options.clone())
    };
    let mut app = test_routes(Router::new(), extra);
    for (_, path, handler) in form_routes() {
        app = app.route(path, handler);
    }
    app.nest("/api/v1", crate::ingest::router(state.store.clone()))
        .leptos_routes_with_context(&state, routes, context.clone(), app_shell)
        .nest_service("/pkg", ServeDir::new(pkg_dir).precompressed_gzip())
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            WebState,
            _,
        >(context, shell))
        .layer(middleware::from_fn(server_fn_errors))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            signup_throttle,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), session_layer))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            unavailable_answers,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            same_origin_only,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The application's own routes besides its pages and server functions: method, path, handler.
/// The router is built from this list and the security test (`server/tests/routes.rs`) reads it
/// ([`route_table`]), so a route cannot be added without an entry there.
fn form_routes() -> Vec<(Method, &'static str, MethodRouter<WebState>)> {
    vec![
        (Method::GET, "/lang/{code}", get(set_lang)),
        (
            Method::POST,
            "/suppliers/register",
            post(register_form_post),
        ),
        (Method::POST, "/suppliers/claim", post(claim_post)),
        (Method::POST, "/account/verify", post(verify_post)),
        (Method::POST, "/account/password", post(password_post)),
        (Method::POST, "/account/identity", post(identity_post)),
        (Method::POST, "/account/colleagues", post(colleague_post)),
        (
            Method::POST,
            "/account/sessions/{id}/end",
            post(session_end_post),
        ),
        (Method::POST, "/admin/users", post(admin_user_post)),
        (
            Method::POST,
            "/admin/users/action",
            post(admin_user_action_post),
        ),
        (
            Method::POST,
            "/admin/organisations",
            post(admin_organisation_post),
        ),
        (
            Method::POST,
            "/admin/organisations/{id}/listing",
            post(listing_post),
        ),
        (Method::POST, "/experts/apply", post(expert_apply_post)),
        (
            Method::POST,
            "/expert/unavailable",
            post(expert_unavailable_post),
        ),
        (
            Method::POST,
            "/expert/relations",
            post(expert_relations_post),
        ),
        (
            Method::POST,
            "/supplier/profile",
            post(supplier_profile_post),
        ),
        (
            Method::POST,
            "/regulator/suppliers/{code}/correction",
            post(correction_post),
        ),
        (
            Method::POST,
            "/regulator/experts/{id}/decision",
            post(expert_decision_post),
        ),
        (Method::POST, "/login", post(login_form_post)),
        (Method::POST, "/login/otp", post(otp_post)),
        (Method::POST, "/account/2fa", post(two_factor_post)),
        (Method::POST, "/logout", post(logout_post)),
        (Method::POST, "/budget-lines", post(budget_line_post)),
        (Method::POST, "/plans", post(plan_post)),
        (Method::POST, "/plans/{id}/requests", post(request_post)),
        (Method::POST, "/plans/{id}/release", post(release_post)),
        (Method::POST, "/plans/{id}/intentions", post(intention_post)),
        (
            Method::POST,
            "/regulator/approvals/{id}/decision",
            post(decision_post),
        ),
        (
            Method::GET,
            "/regulator/monitor/stream",
            get(monitor_stream),
        ),
        (Method::GET, "/export/{file}", get(export_get)),
        (Method::GET, "/regulator/records.csv", get(records_csv)),
        (Method::GET, "/regulator/records.xlsx", get(records_xlsx)),
        (
            Method::POST,
            "/regulator/findings/{id}/triage",
            post(triage_post),
        ),
        (Method::POST, "/regulator/cases", post(case_open_post)),
        (
            Method::POST,
            "/regulator/cases/{id}/steps",
            post(case_step_post),
        ),
        (Method::POST, "/cases/replies/{id}", post(case_reply_post)),
        (Method::POST, "/projects", post(project_create_post)),
        (Method::POST, "/projects/{id}/notice", post(notice_post)),
        (
            Method::POST,
            "/projects/{id}/invitations",
            post(invite_post),
        ),
        (
            Method::POST,
            "/projects/{id}/clarifications",
            post(clarify_post),
        ),
        (
            Method::POST,
            "/projects/{id}/qualification",
            post(qualification_post),
        ),
        (Method::POST, "/projects/{id}/bids", post(bid_post)),
        (
            Method::POST,
            "/projects/{id}/bids/{bid_id}/withdraw",
            post(withdraw_post),
        ),
        (
            Method::POST,
            "/projects/{id}/bids/{bid_id}/replace",
            post(replace_post),
        ),
        (Method::POST, "/projects/{id}/open", post(open_post)),
        (Method::POST, "/projects/{id}/draw", post(draw_post)),
        (
            Method::POST,
            "/projects/{id}/declaration",
            post(declaration_post),
        ),
        (Method::POST, "/projects/{id}/scores", post(score_post)),
        (Method::POST, "/projects/{id}/report", post(report_post)),
        (Method::POST, "/projects/{id}/confirm", post(confirm_post)),
        (
            Method::POST,
            "/projects/{id}/result-notice",
            post(result_notice_post),
        ),
        (Method::POST, "/projects/{id}/contract", post(contract_post)),
        (Method::POST, "/projects/{id}/amendments", post(amend_post)),
        (Method::POST, "/projects/{id}/acceptance", post(accept_post)),
        (Method::POST, "/projects/{id}/payments", post(pay_post)),
        (
            Method::POST,
            "/projects/{id}/termination",
            post(terminate_post),
        ),
        (
            Method::POST,
            "/projects/{id}/security-refunds",
            post(refund_post),
        ),
        (
            Method::POST,
            "/projects/{id}/challenges",
            post(challenge_post),
        ),
        (
            Method::POST,
            "/projects/{id}/challenges/{cid}/answer",
            post(answer_post),
        ),
        (Method::POST, "/admin/calendar", post(calendar_post)),
        (Method::POST, "/regulator/thresholds", post(thresholds_post)),
        (Method::GET, "/healthz", get(|| async { "ok" })),
    ]
}

/// Every route of the web application with its method: the form routes, the ingest API, the
/// pages (the Leptos route list) and the server functions (as registered) — what the security
/// test compares with its reviewed table. Test-only routes are not listed.
pub fn route_table() -> Vec<(Method, String)> {
    let mut out: Vec<(Method, String)> = form_routes()
        .into_iter()
        .map(|(m, p, _)| (m, p.to_owned()))
        .collect();
    out.extend(crate::ingest::route_list());
    for listing in route_list() {
        for m in listing.methods() {
            let method = match m {
                leptos_router::Method::Get => Method::GET,
                leptos_router::Method::Post => Method::POST,
                leptos_router::Method::Put => Method::PUT,
                leptos_router::Method::Delete => Method::DELETE,
                leptos_router::Method::Patch => Method::PATCH,
            };
            out.push((method, listing.path().to_owned()));
        }
    }
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        out.push((method, path.to_owned()));
    }
    out.sort_by(|a, b| (a.1.as_str(), a.0.as_str()).cmp(&(b.1.as_str(), b.0.as_str())));
    out.dedup();
    out
}

/// The test-only routes of `extra` (none in production).
fn test_routes(router: Router<WebState>, extra: RouterOptions) -> Router<WebState> {
    if !extra.test_clock {
        return router;
    }
    router.route(
        "/__test/clock",
        post(
            |q: Query<std::collections::HashMap<String, String>>| async move {
                let s = q
                    .get("advance")
                    .and_then(|v| v.parse::<i64>().ok())
                    .unwrap_or(0);
                app::service::plans::advance_clock(s).to_string()
            },
        ),
    )
}

#[derive(serde::Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// `/lang/{zh|en}?next=/path`: remembers the language in a cookie and goes back.
async fn set_lang(UrlPath(code): UrlPath<String>, Query(q): Query<NextQuery>) -> Response {
    let lang = app::i18n::Lang::from_code(&code);
    // Only a local path may be the target (no open redirect): the one rule of the login form.
    let next = q
        .next
        .filter(|n| is_local_path(n))
        .unwrap_or_else(|| "/".into());
    let cookie = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    let mut response = Redirect::to(&next).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Reads an `application/x-www-form-urlencoded` registration; `categories` may repeat.
pub fn parse_supplier_form(body: &[u8]) -> SupplierForm {
    let mut form = SupplierForm::default();
    for (key, value) in form_urlencoded::parse(body) {
        let value = value.into_owned();
        match &*key {
            "name" => form.name = value,
            "credit_code" => form.credit_code = value,
            "legal_rep" => form.legal_rep = value,
            "contact_person" => form.contact_person = value,
            "phone" => form.phone = value,
            "email" => form.email = value,
            "region" => form.region = value,
            "address" => form.address = value,
            "size" => form.size = value,
            "categories" => form.categories.push(value),
            "username" => form.username = value,
            "mobile" => form.mobile = value,
            "password" => form.password = shared::account::Secret(value),
            "password2" => form.password2 = shared::account::Secret(value),
            _ => {}
        }
    }
    form
}

/// The registration form (posted by the page with or without JavaScript): on success the new
/// account is signed in and goes on to verify its mobile; otherwise the form again with the
/// typed values (never the passwords) and the server's messages.
async fn register_form_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, body) = request.into_parts();
    let bytes: Bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let mut form = parse_supplier_form(&bytes);
    let actor = parts
        .extensions
        .get::<SessionUser>()
        .map(|u| u.principal.clone());
    let (outcome, user_id) =
        app::service::signup(state.services.as_ref(), form.clone(), actor).await;
    let status = match (&outcome, user_id) {
        (RegisterOutcome::Registered { .. }, Some(user_id)) => {
            return signed_in_redirect(&state, user_id, "/account/verify?sent=mobile").await;
        }
        (RegisterOutcome::Registered { .. }, None) => StatusCode::SERVICE_UNAVAILABLE,
        (RegisterOutcome::Invalid(_), _) => StatusCode::UNPROCESSABLE_ENTITY,
        (RegisterOutcome::Conflict(_), _) => StatusCode::CONFLICT,
        (RegisterOutcome::Unavailable, _) => StatusCode::SERVICE_UNAVAILABLE,
    };
    form.password = Default::default();
    form.password2 = Default::default();
    let submitted = SubmittedForm { form, outcome };
    let uri = parts.uri.clone();
    render_as_get(&state, parts, uri, submitted, status).await
}

/// A new session for a new account and a redirect to `to` (after a registration or a claim);
/// when the session cannot be made, the sign-in page.
async fn signed_in_redirect(state: &WebState, user_id: i64, to: &str) -> Response {
    match state.store.create_session(user_id, now_unix()).await {
        Ok(token) => {
            let mut response = Redirect::to(to).into_response();
            set_cookie(
                &mut response,
                &auth::session_cookie(&token, state.store.secure_cookies),
            );
            response
        }
        Err(e) => {
            tracing::error!(error.cause = %e, "no session for the new account");
            Redirect::to(&format!(
                "/login?next={}",
                to.replace('?', "%3F")
                    .replace('=', "%3D")
                    .replace('&', "%26")
            ))
            .into_response()
        }
    }
}

/// The session id of a request (the first 16 hex digits of its hash), if signed in.
fn session_of(parts: &axum::http::request::Parts) -> String {
    parts
        .extensions
        .get::<SessionUser>()
        .map(|u| u.session.clone())
        .unwrap_or_default()
}

/// `POST /account/verify`: send a code to the account's mobile or e-mail, or check one.
async fn verify_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        app::service::accounts::verify(state.services.as_ref(), principal.as_ref(), form).await;
    answer_form(&state, parts, "/account/verify", outcome).await
}

/// `POST /account/password`: the owner's new password.
async fn password_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let session = session_of(&parts);
    let outcome = app::service::accounts::change_password(
        state.services.as_ref(),
        principal.as_ref(),
        &session,
        form,
    )
    .await;
    answer_form(&state, parts, "/account/password", outcome).await
}

/// `POST /account/identity`: a supplier account binds itself to its legal entity.
async fn identity_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        app::service::accounts::bind(state.services.as_ref(), principal.as_ref(), form).await;
    answer_form(&state, parts, "/account/identity", outcome).await
}

/// `POST /account/sessions/{id}/end`: the owner ends one of its sessions.
async fn session_end_post(
    State(state): State<WebState>,
    UrlPath(id): UrlPath<String>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, _form) =
        match read_form::<std::collections::HashMap<String, String>>(request).await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let outcome =
        app::service::accounts::end_session(state.services.as_ref(), principal.as_ref(), &id).await;
    answer_form(&state, parts, "/account", outcome).await
}

/// Answers an administrator's account form: a temporary password is shown once on its page
/// (rendered, never put into a URL); anything else as [`answer_form`].
async fn answer_admin(
    state: &WebState,
    parts: axum::http::request::Parts,
    page: &str,
    outcome: app::service::accounts::AdminOutcome,
) -> Response {
    match outcome {
        app::service::accounts::AdminOutcome::Form(f) => answer_form(state, parts, page, f).await,
        app::service::accounts::AdminOutcome::Refused { page, outcome } => {
            answer_form(state, parts, &page, outcome).await
        }
        app::service::accounts::AdminOutcome::Issued { page, issued } => {
            let Ok(uri) = page.parse::<axum::http::Uri>() else {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            };
            render_as_get(state, parts, uri, issued, StatusCode::OK).await
        }
    }
}

/// `POST /admin/users`: an administrator creates a staff account.
async fn admin_user_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        app::service::accounts::create_account(state.services.as_ref(), principal.as_ref(), form)
            .await;
    answer_admin(&state, parts, "/admin/users", outcome).await
}

/// `POST /admin/users/action`: disable, enable or reset an account.
async fn admin_user_action_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        app::service::accounts::account_action(state.services.as_ref(), principal.as_ref(), form)
            .await;
    answer_admin(&state, parts, "/admin/users", outcome).await
}

/// `POST /admin/organisations`: an administrator creates an organisation.
async fn admin_organisation_post(
    State(state): State<WebState>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome = app::service::accounts::create_organisation(
        state.services.as_ref(),
        principal.as_ref(),
        form,
    )
    .await;
    answer_form(&state, parts, "/admin/organisations", outcome).await
}

/// The anonymous sign-ups (each an Argon2 hash and maybe a code to a mobile): counted per client
/// address (`Store::signups_per_hour`); beyond it 429 with `Retry-After`.
const SIGNUP_PATHS: &[&str] = &[
    "/suppliers/register",
    "/suppliers/claim",
    "/experts/apply",
    "/api/register_supplier",
];

async fn signup_throttle(
    State(state): State<WebState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    if request.method() != Method::POST || !SIGNUP_PATHS.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| {
            state
                .store
                .trusted_proxies
                .client(c.0.ip(), request.headers())
                .to_string()
        })
        .unwrap_or_else(|| "unknown".to_owned());
    match state
        .store
        .count_signup(&auth::throttle_address(&client), now_unix())
        .await
    {
        Ok(Ok(())) => next.run(request).await,
        Ok(Err(wait)) => {
            let mut response = (
                StatusCode::TOO_MANY_REQUESTS,
                axum::response::Html(
                    "<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>一网</title>\
                     <p>此地址的注册申请过多，请一小时后再试。· Too many sign-ups from this address: try again in an hour.</p>\
                     <p><a href=\"/\">一网 · Yiwang</a></p></html>",
                ),
            )
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            response
        }
        Err(e) => {
            tracing::error!(error.cause = %e, "sign-up throttle failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// `POST /login/otp`: the second factor of a sign-in whose password was right.
async fn otp_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let token = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == auth::CHALLENGE_COOKIE)
        .map(|(_, v)| v.to_owned())
        .unwrap_or_default();
    let (parts, _principal, form) =
        match read_form::<std::collections::HashMap<String, String>>(request).await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let code = form.get("code").cloned().unwrap_or_default();
    let next = form
        .get("next")
        .filter(|n| is_local_path(n))
        .cloned()
        .unwrap_or_else(|| "/".to_owned());
    let refused = |errors: FieldErrors| app::api::plans::Refused {
        form: "otp".to_owned(),
        errors,
        ..Default::default()
    };
    match state.store.second_factor(&token, &code, now_unix()).await {
        Ok(crate::accounts::SecondFactor::Done(session)) => {
            let mut response = Redirect::to(&next).into_response();
            set_cookie(
                &mut response,
                &auth::session_cookie(&session, state.store.secure_cookies),
            );
            set_cookie(
                &mut response,
                &format!(
                    "{}=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict",
                    auth::CHALLENGE_COOKIE
                ),
            );
            response
        }
        Ok(crate::accounts::SecondFactor::Wrong) => {
            let outcome = app::service::plans::FormOutcome::Refused(refused(FieldErrors(vec![
                shared::account::totp_refused(),
            ])));
            answer_form(&state, parts, "/login/otp", outcome).await
        }
        Ok(crate::accounts::SecondFactor::Expired) => {
            Redirect::to(&app::session::login_href(&next)).into_response()
        }
        Err(e) => {
            tracing::error!(error.cause = %e, "second factor failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// `POST /account/2fa`: set up (start, confirm) or turn off the second factor.
async fn two_factor_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, principal, form) =
        match read_form::<std::collections::HashMap<String, String>>(request).await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let Some(principal) = principal else {
        return Redirect::to(&app::session::login_href("/account/2fa")).into_response();
    };
    let action = form.get("action").map(String::as_str).unwrap_or("");
    let code = form.get("code").map(String::as_str).unwrap_or("");
    let now = now_unix();
    let result = match action {
        "start" => state
            .store
            .totp_start(&principal, code, now)
            .await
            .map(|_| "/account/2fa"),
        "confirm" => state
            .store
            .totp_confirm(&principal, code, now)
            .await
            .map(|_| "/account/2fa?enabled=1"),
        "disable" => state
            .store
            .totp_disable(&principal, code, now)
            .await
            .map(|_| "/account/2fa?disabled=1"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let outcome = match result {
        Ok(to) => app::service::plans::FormOutcome::Done(to.to_owned()),
        Err(app::service::StoreError::Rejected(errors)) => {
            app::service::plans::FormOutcome::Refused(app::api::plans::Refused {
                form: "2fa".to_owned(),
                errors,
                ..Default::default()
            })
        }
        Err(e) => {
            tracing::error!(error.cause = %e, "second factor set-up failed");
            app::service::plans::FormOutcome::Refused(app::api::plans::Refused {
                form: "2fa".to_owned(),
                unavailable: true,
                ..Default::default()
            })
        }
    };
    answer_form(&state, parts, "/account/2fa", outcome).await
}

/// `POST /experts/apply`: an expert applies to the library (its account and its application);
/// the new account is signed in and sees its record.
async fn expert_apply_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    const SHAPE: FormShape = FormShape {
        lists: &["specialties"],
        maps: &[],
    };
    let (parts, _principal, form) =
        match read_shaped_form::<shared::enrolment::ApplicationForm>(request, &SHAPE).await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let mut values: Vec<(String, String)> = [
        ("username", &form.account.username),
        ("display_name", &form.account.display_name),
        ("mobile", &form.account.mobile),
        ("email", &form.account.email),
        ("id_number", &form.id_number),
        ("employer", &form.employer),
        ("title", &form.title),
        ("relations", &form.relations),
        ("region", &form.region),
        ("legal", &form.legal),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.chars().take(400).collect()))
    .collect();
    values.extend(
        form.specialties
            .iter()
            .map(|s| ("specialties".to_owned(), s.chars().take(10).collect())),
    );
    let refused = |errors: FieldErrors, unavailable: bool| {
        app::service::plans::FormOutcome::Refused(app::api::plans::Refused {
            form: "expert-apply".to_owned(),
            values: values.clone(),
            errors,
            unavailable,
            ..Default::default()
        })
    };
    let application = match shared::enrolment::validate_application(&form) {
        Ok(a) => a,
        Err(errors) => {
            return answer_form(&state, parts, "/experts/apply", refused(errors, false)).await
        }
    };
    match state.store.apply_expert(&application, now_unix()).await {
        Ok(user_id) => signed_in_redirect(&state, user_id, "/expert/profile?applied=1").await,
        Err(app::service::StoreError::Rejected(errors)) => {
            answer_form(&state, parts, "/experts/apply", refused(errors, false)).await
        }
        Err(e) => {
            tracing::error!(error.cause = %e, "expert application failed");
            answer_form(
                &state,
                parts,
                "/experts/apply",
                refused(FieldErrors::new(), true),
            )
            .await
        }
    }
}

/// A store answer to a form as its outcome: done → `to`; a field error → the page again.
fn store_outcome(
    form: &str,
    r: Result<(), app::service::StoreError>,
    to: String,
) -> app::service::plans::FormOutcome {
    use app::service::plans::FormOutcome;
    match r {
        Ok(()) => FormOutcome::Done(to),
        Err(app::service::StoreError::NotFound) => FormOutcome::NotFound,
        Err(app::service::StoreError::Rejected(errors)) => {
            FormOutcome::Refused(app::api::plans::Refused {
                form: form.to_owned(),
                errors,
                ..Default::default()
            })
        }
        Err(e) => {
            tracing::error!(error.cause = %e, form, "form failed");
            FormOutcome::Refused(app::api::plans::Refused {
                form: form.to_owned(),
                unavailable: true,
                ..Default::default()
            })
        }
    }
}

/// `POST /expert/unavailable`: the expert marks or frees a day it cannot serve.
async fn expert_unavailable_post(
    State(state): State<WebState>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, form) =
        match read_form::<std::collections::HashMap<String, String>>(request).await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let Some(p) = principal.filter(|p| p.role == shared::access::Role::Expert) else {
        return (StatusCode::FORBIDDEN, "forbidden").into_response();
    };
    let day = form.get("day").cloned().unwrap_or_default();
    let marked = form.get("action").map(String::as_str) != Some("free");
    let r = state
        .store
        .mark_unavailable(&p, &day, marked, now_unix())
        .await;
    let outcome = store_outcome("unavailable", r, "/expert/profile".to_owned());
    answer_form(&state, parts, "/expert/profile", outcome).await
}

/// `POST /expert/relations`: the expert replaces the suppliers it declares a relation with.
async fn expert_relations_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, principal, form) =
        match read_form::<std::collections::HashMap<String, String>>(request).await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let Some(p) = principal.filter(|p| p.role == shared::access::Role::Expert) else {
        return (StatusCode::FORBIDDEN, "forbidden").into_response();
    };
    let text = form.get("relations").cloned().unwrap_or_default();
    let r = state.store.set_relations(&p, &text, now_unix()).await;
    let outcome = match store_outcome("relations", r, "/expert/profile?saved=1".to_owned()) {
        app::service::plans::FormOutcome::Refused(mut refused) => {
            refused
                .values
                .push(("relations".to_owned(), text.chars().take(2000).collect()));
            app::service::plans::FormOutcome::Refused(refused)
        }
        other => other,
    };
    answer_form(&state, parts, "/expert/profile", outcome).await
}

/// `POST /admin/organisations/{id}/listing`: an agency's list registration (名录登记) is
/// recorded by whoever keeps it (the system administrator, a regulator of its jurisdiction, its
/// own unit administrator).
async fn listing_post(
    State(state): State<WebState>,
    UrlPath(id): UrlPath<i64>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, form) = match read_form::<shared::agency::ListingForm>(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(p) = principal else {
        return Redirect::to(&app::session::login_href("/admin/organisations")).into_response();
    };
    if !shared::access::may_open(Some(&p), shared::access::Page::Accounts) {
        return (StatusCode::FORBIDDEN, "forbidden").into_response();
    }
    let r = state
        .store
        .record_listing(Some(&p), id, &form, now_unix())
        .await;
    let page = format!("/admin/users?organisation={id}");
    let outcome = match store_outcome("listing", r, format!("{page}&listed=1")) {
        app::service::plans::FormOutcome::Refused(mut refused) => {
            refused.values = [
                ("legal_rep", &form.legal_rep),
                ("address", &form.address),
                ("phone", &form.phone),
                ("full_time_staff", &form.full_time_staff),
                ("internal_rules", &form.internal_rules),
                ("listed_on", &form.listed_on),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.chars().take(200).collect()))
            .collect();
            app::service::plans::FormOutcome::Refused(refused)
        }
        other => other,
    };
    answer_form(&state, parts, &page, outcome).await
}

/// `POST /supplier/profile`: a supplier's bound account changes its company's data.
async fn supplier_profile_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    const SHAPE: FormShape = FormShape {
        lists: &["categories"],
        maps: &[],
    };
    let (parts, principal, form) =
        match read_shaped_form::<shared::supplier::SupplierForm>(request, &SHAPE).await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let Some(p) = principal.filter(|p| p.role == shared::access::Role::Supplier) else {
        return (StatusCode::FORBIDDEN, "forbidden").into_response();
    };
    let r = state
        .store
        .update_supplier_profile(&p, &form, now_unix())
        .await;
    let outcome = match store_outcome("supplier-profile", r, "/supplier/profile?saved=1".into()) {
        app::service::plans::FormOutcome::Refused(mut refused) => {
            refused.values = [
                ("name", &form.name),
                ("legal_rep", &form.legal_rep),
                ("contact_person", &form.contact_person),
                ("phone", &form.phone),
                ("email", &form.email),
                ("region", &form.region),
                ("address", &form.address),
                ("size", &form.size),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.chars().take(400).collect()))
            .chain(
                form.categories
                    .iter()
                    .take(shared::supplier::MAX_CATEGORIES)
                    .map(|c| ("categories".to_owned(), c.chars().take(12).collect())),
            )
            .collect();
            app::service::plans::FormOutcome::Refused(refused)
        }
        other => other,
    };
    answer_form(&state, parts, "/supplier/profile", outcome).await
}

/// `POST /regulator/suppliers/{code}/correction`: a regulator asks a supplier of its
/// jurisdiction to correct its data.
async fn correction_post(
    State(state): State<WebState>,
    UrlPath(code): UrlPath<String>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, form) =
        match read_form::<std::collections::HashMap<String, String>>(request).await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let Some(p) = principal.filter(|p| p.role == shared::access::Role::Regulator) else {
        return (StatusCode::FORBIDDEN, "forbidden").into_response();
    };
    // A credit code is 18 ASCII letters and digits: nothing else reaches the redirect.
    let code: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(18)
        .collect();
    let note = form.get("note").cloned().unwrap_or_default();
    let r = state
        .store
        .request_correction(&p, &code, &note, now_unix())
        .await;
    let page = format!("/regulator/suppliers/{code}");
    let outcome = match store_outcome("correction", r, format!("{page}?asked=1")) {
        app::service::plans::FormOutcome::Refused(mut refused) => {
            refused
                .values
                .push(("note".to_owned(), note.chars().take(600).collect()));
            app::service::plans::FormOutcome::Refused(refused)
        }
        other => other,
    };
    answer_form(&state, parts, &page, outcome).await
}

/// `POST /regulator/experts/{id}/decision`: the library's keeper admits, refuses, suspends,
/// restores or removes an expert.
async fn expert_decision_post(
    State(state): State<WebState>,
    UrlPath(id): UrlPath<i64>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, form) =
        match read_form::<std::collections::HashMap<String, String>>(request).await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let Some(p) = principal else {
        return Redirect::to(&app::session::login_href("/regulator/experts")).into_response();
    };
    if !state.store.keeps_library(&p) {
        return (StatusCode::FORBIDDEN, "forbidden").into_response();
    }
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let r = state
        .store
        .decide_expert(
            &p,
            id,
            &get("decision"),
            &get("reason"),
            &get("basis"),
            now_unix(),
        )
        .await
        .map(|_| ());
    let outcome = store_outcome(
        &format!("decision:{id}"),
        r,
        format!("/regulator/experts?decided={id}"),
    );
    answer_form(&state, parts, "/regulator/experts", outcome).await
}

/// `POST /account/colleagues`: a bound supplier account adds a colleague's account; its
/// temporary password is shown once on `/account`.
async fn colleague_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, principal, form) =
        match read_form::<std::collections::HashMap<String, String>>(request).await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let Some(p) = principal.filter(|p| p.role == shared::access::Role::Supplier) else {
        return (StatusCode::FORBIDDEN, "forbidden").into_response();
    };
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    match state
        .store
        .add_colleague(
            &p,
            &get("username"),
            &get("display_name"),
            &get("mobile"),
            &get("email"),
            now_unix(),
        )
        .await
    {
        Ok(password) => {
            let issued = app::service::accounts::IssuedPassword {
                username: get("username").trim().to_lowercase(),
                password,
            };
            render_as_get(
                &state,
                parts,
                axum::http::Uri::from_static("/account"),
                issued,
                StatusCode::OK,
            )
            .await
        }
        Err(e) => {
            let values = ["username", "display_name", "mobile", "email"]
                .iter()
                .map(|k| (k.to_string(), get(k).chars().take(100).collect()))
                .collect();
            let outcome = match store_outcome("colleague", Err(e), String::new()) {
                app::service::plans::FormOutcome::Refused(mut r) => {
                    r.values = values;
                    app::service::plans::FormOutcome::Refused(r)
                }
                other => other,
            };
            answer_form(&state, parts, "/account", outcome).await
        }
    }
}

/// `POST /suppliers/claim`: the verified legal entity claims a credit code someone else
/// registered; the new account is signed in.
async fn claim_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, _principal, form) =
        match read_form::<app::service::accounts::ClaimPost>(request).await {
            Ok(x) => x,
            Err(r) => return r,
        };
    let values = form.values();
    let refused = |errors: FieldErrors, unavailable: bool| app::api::plans::Refused {
        form: "claim".to_owned(),
        values: values.clone(),
        errors,
        unavailable,
        ..Default::default()
    };
    let account = match shared::account::validate_account(&form.account) {
        Ok(a) => a,
        Err(errors) => {
            let mut all = FieldErrors::new();
            if let Err(e) = shared::credit_code::CreditCode::parse(&form.credit_code) {
                all.push(e.to_field_error("credit_code"));
            }
            all.0.extend(errors.0);
            let outcome = app::service::plans::FormOutcome::Refused(refused(all, false));
            return answer_form(&state, parts, "/suppliers/claim", outcome).await;
        }
    };
    match state
        .store
        .claim_supplier(&form.credit_code, &form.evidence, &account, now_unix())
        .await
    {
        Ok(done) => {
            let _ = state
                .store
                .send_code(done.user_id, crate::delivery::Medium::Mobile, now_unix())
                .await;
            signed_in_redirect(&state, done.user_id, "/account/verify?sent=mobile").await
        }
        Err(app::service::StoreError::Rejected(errors)) => {
            let outcome = app::service::plans::FormOutcome::Refused(refused(errors, false));
            answer_form(&state, parts, "/suppliers/claim", outcome).await
        }
        Err(e) => {
            tracing::error!(error.cause = %e, "claim failed");
            let outcome =
                app::service::plans::FormOutcome::Refused(refused(FieldErrors::new(), true));
            answer_form(&state, parts, "/suppliers/claim", outcome).await
        }
    }
}

/// Which fields of a form are not single texts.
struct FormShape {
    /// Repeated fields read into a list (each value also split into its non-empty lines), e.g.
    /// a bid's `documents`, a declaration's `conflicts`.
    lists: &'static [&'static str],
    /// Prefixes of `prefix.key` fields read into a map, e.g. a score sheet's `scores.c1`.
    maps: &'static [&'static str],
}

impl FormShape {
    const TEXT: FormShape = FormShape {
        lists: &[],
        maps: &[],
    };
}

/// Reads an `application/x-www-form-urlencoded` body by its shape: text fields (the last value of
/// a repeated field wins), lists and maps; unknown fields are ignored, and a body that does not
/// fit gives the empty form, whose parse names the missing fields.
fn parse_shaped_form<T: serde::de::DeserializeOwned + Default>(
    body: &[u8],
    shape: &FormShape,
) -> T {
    use serde_json::{Map, Value};
    let mut map: Map<String, Value> = Map::new();
    for (k, v) in form_urlencoded::parse(body) {
        if shape.lists.contains(&&*k) {
            let list = map
                .entry(k.into_owned())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(items) = list {
                items.extend(
                    v.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(|l| Value::String(l.to_owned())),
                );
            }
            continue;
        }
        if let Some((prefix, key)) = k.split_once('.') {
            if shape.maps.contains(&prefix) {
                let inner = map
                    .entry(prefix.to_owned())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(inner) = inner {
                    inner.insert(key.to_owned(), Value::String(v.into_owned()));
                }
                continue;
            }
        }
        map.insert(k.into_owned(), Value::String(v.into_owned()));
    }
    serde_json::from_value(Value::Object(map)).unwrap_or_default()
}

/// A posted form of text fields: the request's parts, the signed-in principal and the parsed
/// body.
async fn read_form<T: serde::de::DeserializeOwned + Default>(
    request: Request<Body>,
) -> Result<
    (
        axum::http::request::Parts,
        Option<shared::access::Principal>,
        T,
    ),
    Response,
> {
    read_shaped_form(request, &FormShape::TEXT).await
}

/// [`read_form`] for a form with lists or maps.
async fn read_shaped_form<T: serde::de::DeserializeOwned + Default>(
    request: Request<Body>,
    shape: &FormShape,
) -> Result<
    (
        axum::http::request::Parts,
        Option<shared::access::Principal>,
        T,
    ),
    Response,
> {
    let (parts, body) = request.into_parts();
    let bytes: Bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())?;
    let principal = parts
        .extensions
        .get::<SessionUser>()
        .map(|u| u.principal.clone());
    Ok((parts, principal, parse_shaped_form(&bytes, shape)))
}

/// Answers a posted form: 303 to the next page; a refused form renders `page` again with the
/// typed values and the reasons (422; 409 when the checks forbid the step; 503 when the
/// service failed); 303 to the login page without a session; 403 / 404 with no detail.
async fn answer_form(
    state: &WebState,
    parts: axum::http::request::Parts,
    page: &str,
    outcome: app::service::plans::FormOutcome,
) -> Response {
    use app::service::plans::FormOutcome;
    match outcome {
        FormOutcome::Done(to) => Redirect::to(&to).into_response(),
        FormOutcome::Denied(app::service::Denied::Unauthenticated) => {
            Redirect::to(&app::session::login_href(page)).into_response()
        }
        FormOutcome::Denied(app::service::Denied::Forbidden) => {
            (StatusCode::FORBIDDEN, "forbidden").into_response()
        }
        FormOutcome::NotFound => (StatusCode::NOT_FOUND, "not found").into_response(),
        FormOutcome::Refused(refused) => {
            let status = if refused.unavailable {
                StatusCode::SERVICE_UNAVAILABLE
            } else if !refused.findings.is_empty() {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let Ok(uri) = page.parse::<axum::http::Uri>() else {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            };
            render_as_get(state, parts, uri, refused, status).await
        }
    }
}

async fn budget_line_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        app::service::plans::create_budget_line(state.services.as_ref(), principal.as_ref(), form)
            .await;
    answer_form(&state, parts, "/plans", outcome).await
}

async fn plan_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        app::service::plans::file_plan(state.services.as_ref(), principal.as_ref(), form).await;
    answer_form(&state, parts, "/plans/new", outcome).await
}

async fn request_post(
    State(state): State<WebState>,
    UrlPath(id): UrlPath<i64>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        app::service::plans::request(state.services.as_ref(), principal.as_ref(), id, form).await;
    answer_form(&state, parts, &format!("/plans/{id}"), outcome).await
}

async fn intention_post(
    State(state): State<WebState>,
    UrlPath(id): UrlPath<i64>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome = app::service::plans::publish_intention(
        state.services.as_ref(),
        principal.as_ref(),
        id,
        form,
    )
    .await;
    answer_form(&state, parts, &format!("/plans/{id}"), outcome).await
}

async fn release_post(
    State(state): State<WebState>,
    UrlPath(id): UrlPath<i64>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, ()) = match read_form::<()>(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        app::service::plans::release(state.services.as_ref(), principal.as_ref(), id).await;
    answer_form(&state, parts, &format!("/plans/{id}"), outcome).await
}

async fn decision_post(
    State(state): State<WebState>,
    UrlPath(id): UrlPath<i64>,
    request: Request<Body>,
) -> Response {
    // The list the decision was taken on (filter and page, in the form's address): the answer
    // returns to it, parsed as the list parses it.
    let params: std::collections::HashMap<String, String> =
        form_urlencoded::parse(request.uri().query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let list = app::api::plans::ApprovalQuery::from_params(|k| params.get(k).cloned());
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        app::service::plans::decide(state.services.as_ref(), principal.as_ref(), id, form, &list)
            .await;
    answer_form(&state, parts, &list.href(), outcome).await
}

/// A step's form post under `/projects/{id}/…`: read the form (of `$shape`), call the service,
/// answer (refused: the project page again with the `Refused` context).
macro_rules! step_post {
    ($name:ident, $service:path, $shape:expr) => {
        step_post!($name, $service, $shape, project_service::project_page_for);
    };
    // `$page`: the page a refusal is answered on (the page that holds the form).
    ($name:ident, $service:path, $shape:expr, $page:path) => {
        async fn $name(
            State(state): State<WebState>,
            UrlPath(id): UrlPath<i64>,
            request: Request<Body>,
        ) -> Response {
            let (parts, principal, form) = match read_shaped_form(request, &$shape).await {
                Ok(x) => x,
                Err(r) => return r,
            };
            let outcome = $service(state.services.as_ref(), principal.as_ref(), id, form).await;
            answer_form(&state, parts, &$page(principal.as_ref(), id), outcome).await
        }
    };
}

/// A step without a form (opening, draw, report, result notice).
macro_rules! bare_step_post {
    ($name:ident, $form:literal, $input:expr) => {
        async fn $name(
            State(state): State<WebState>,
            UrlPath(id): UrlPath<i64>,
            request: Request<Body>,
        ) -> Response {
            let (parts, principal, ()) = match read_form::<()>(request).await {
                Ok(x) => x,
                Err(r) => return r,
            };
            let outcome = app::service::projects::simple(
                state.services.as_ref(),
                principal.as_ref(),
                id,
                $form,
                $input,
            )
            .await;
            answer_form(
                &state,
                parts,
                &project_service::project_page_for(principal.as_ref(), id),
                outcome,
            )
            .await
        }
    };
}

const BID_FORM: FormShape = FormShape {
    lists: &["documents"],
    maps: &[],
};
const DECLARATION_FORM: FormShape = FormShape {
    lists: &["conflicts"],
    maps: &[],
};
const SCORE_FORM: FormShape = FormShape {
    lists: &[],
    maps: &["scores", "comments"],
};

step_post!(notice_post, project_service::notice, FormShape::TEXT);
step_post!(invite_post, project_service::invite, FormShape::TEXT);
step_post!(clarify_post, project_service::clarify, FormShape::TEXT);
const QUALIFICATION_FORM: FormShape = FormShape {
    lists: &[],
    maps: &["verdict", "reason"],
};
step_post!(
    qualification_post,
    project_service::qualify,
    QUALIFICATION_FORM
);
step_post!(bid_post, project_service::submit_bid, BID_FORM);
step_post!(declaration_post, project_service::declare, DECLARATION_FORM);
step_post!(score_post, project_service::score, SCORE_FORM);
step_post!(confirm_post, project_service::confirm, FormShape::TEXT);
step_post!(contract_post, project_service::contract, FormShape::TEXT);
step_post!(amend_post, project_service::amend, FormShape::TEXT);
step_post!(accept_post, project_service::accept, FormShape::TEXT);
step_post!(terminate_post, project_service::terminate, FormShape::TEXT);
step_post!(pay_post, project_service::pay, FormShape::TEXT);
step_post!(
    refund_post,
    project_service::refund_security,
    FormShape::TEXT
);
// The challenge form is on the project page only: a refusal is answered there, for a
// supplier too.
step_post!(
    challenge_post,
    project_service::file_challenge,
    FormShape::TEXT,
    project_service::challenge_page
);
bare_step_post!(open_post, "open", StepInput::Open);
bare_step_post!(draw_post, "draw", StepInput::Draw);
bare_step_post!(report_post, "report", StepInput::Report);
bare_step_post!(result_notice_post, "result_notice", StepInput::ResultNotice);

/// `POST /projects`: the purchaser starts a released plan's procurement; refused: the plan's
/// page again.
async fn project_create_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, principal, form) = match read_form::<shared::execution::CreateForm>(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let page = match form.plan_id.trim().parse::<i64>() {
        Ok(plan) if plan > 0 => format!("/plans/{plan}"),
        _ => "/plans".to_owned(),
    };
    let outcome = project_service::create(state.services.as_ref(), principal.as_ref(), form).await;
    answer_form(&state, parts, &page, outcome).await
}

async fn withdraw_post(
    State(state): State<WebState>,
    UrlPath((id, bid_id)): UrlPath<(i64, i64)>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, ()) = match read_form::<()>(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        project_service::withdraw_bid(state.services.as_ref(), principal.as_ref(), id, bid_id)
            .await;
    answer_form(
        &state,
        parts,
        &project_service::project_page_for(principal.as_ref(), id),
        outcome,
    )
    .await
}

async fn replace_post(
    State(state): State<WebState>,
    UrlPath((id, bid_id)): UrlPath<(i64, i64)>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, form) = match read_shaped_form(request, &BID_FORM).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome = project_service::replace_bid(
        state.services.as_ref(),
        principal.as_ref(),
        id,
        bid_id,
        form,
    )
    .await;
    answer_form(
        &state,
        parts,
        &project_service::project_page_for(principal.as_ref(), id),
        outcome,
    )
    .await
}

async fn answer_post(
    State(state): State<WebState>,
    UrlPath((id, cid)): UrlPath<(i64, i64)>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome = project_service::answer_challenge(
        state.services.as_ref(),
        principal.as_ref(),
        id,
        cid,
        form,
    )
    .await;
    answer_form(
        &state,
        parts,
        &project_service::project_page_for(principal.as_ref(), id),
        outcome,
    )
    .await
}

async fn triage_post(
    State(state): State<WebState>,
    UrlPath(id): UrlPath<i64>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        app::service::triage::triage(state.services.as_ref(), principal.as_ref(), id, form).await;
    answer_form(&state, parts, "/regulator/findings", outcome).await
}

const OPEN_CASE_FORM: FormShape = FormShape {
    lists: &["findings"],
    maps: &[],
};

/// `POST /regulator/cases`: a case from the ticked findings (from the findings page or the risk
/// queue); refused: the findings page again with the reasons.
async fn case_open_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, principal, form) = match read_shaped_form(request, &OPEN_CASE_FORM).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        app::service::cases::open(state.services.as_ref(), principal.as_ref(), form).await;
    answer_form(&state, parts, "/regulator/findings", outcome).await
}

async fn case_step_post(
    State(state): State<WebState>,
    UrlPath(id): UrlPath<i64>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        app::service::cases::step(state.services.as_ref(), principal.as_ref(), id, form).await;
    answer_form(&state, parts, &format!("/regulator/cases/{id}"), outcome).await
}

async fn case_reply_post(
    State(state): State<WebState>,
    UrlPath(id): UrlPath<i64>,
    request: Request<Body>,
) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        app::service::cases::reply(state.services.as_ref(), principal.as_ref(), id, form).await;
    answer_form(&state, parts, "/cases", outcome).await
}

/// The calendar page's form: `action=preview` shows what loading the year would change (the
/// page again, with the preview); `action=import` loads it.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct CalendarPost {
    action: String,
    data: String,
}

/// `POST /admin/calendar`: an administrator previews or loads a year of the holiday calendar.
async fn calendar_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, principal, form) = match read_form::<CalendarPost>(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    if form.action == "preview" {
        return match principal.as_ref() {
            None => Redirect::to(&app::session::login_href("/admin/calendar")).into_response(),
            Some(p) if !shared::access::may_load_calendar(p) => {
                (StatusCode::FORBIDDEN, "forbidden").into_response()
            }
            Some(_) => {
                let preview = app::pages::calendar::CalendarPreview { data: form.data };
                let uri = axum::http::Uri::from_static("/admin/calendar");
                render_as_get(&state, parts, uri, preview, StatusCode::OK).await
            }
        };
    }
    let outcome =
        app::service::calendar::import(state.services.as_ref(), principal.as_ref(), form.data)
            .await;
    answer_form(&state, parts, "/admin/calendar", outcome).await
}

/// `POST /regulator/thresholds`: a city's finance bureau enters a new version or a correction.
async fn thresholds_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, principal, form) = match read_form(request).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let outcome =
        app::service::thresholds::enter(state.services.as_ref(), principal.as_ref(), form).await;
    answer_form(&state, parts, "/regulator/thresholds", outcome).await
}

/// `/export/{view}.csv|xlsx?…`: a table view as a file (`crate::exports`).
async fn export_get(
    State(state): State<WebState>,
    UrlPath(file): UrlPath<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
    request: Request<Body>,
) -> Response {
    let principal = request
        .extensions()
        .get::<SessionUser>()
        .map(|u| u.principal.clone());
    let lang = request
        .headers()
        .get(axum::http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(app::i18n::lang_from_cookie_header)
        .unwrap_or_default();
    crate::exports::respond(
        state.services.as_ref(),
        principal.as_ref(),
        &file,
        &query,
        lang,
    )
    .await
}

/// `/regulator/records.csv?…` and `.xlsx`: the dashboard's records (the same as
/// `/export/records.csv`).
async fn records_csv(
    State(state): State<WebState>,
    Query(query): Query<std::collections::HashMap<String, String>>,
    request: Request<Body>,
) -> Response {
    export_get(
        State(state),
        UrlPath("records.csv".to_owned()),
        Query(query),
        request,
    )
    .await
}

async fn records_xlsx(
    State(state): State<WebState>,
    Query(query): Query<std::collections::HashMap<String, String>>,
    request: Request<Body>,
) -> Response {
    export_get(
        State(state),
        UrlPath("records.xlsx".to_owned()),
        Query(query),
        request,
    )
    .await
}

/// `?last_id=` of the monitor stream (the `Last-Event-ID` header wins: the browser sends it when
/// it reconnects) and the filter.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct StreamQuery {
    last_id: Option<i64>,
    #[serde(flatten)]
    filter: app::api::monitor::MonitorFilter,
}

/// The live monitor as server-sent events: regulators only, their jurisdiction only; resumes
/// after `Last-Event-ID` (or `?last_id=`), so a monitor that reconnects after a network drop gets
/// every event it missed.
async fn monitor_stream(
    State(state): State<WebState>,
    headers: HeaderMap,
    Query(q): Query<StreamQuery>,
    request: Request<Body>,
) -> Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    let principal = match request.extensions().get::<SessionUser>() {
        None => return StatusCode::UNAUTHORIZED.into_response(),
        Some(u) => u.principal.clone(),
    };
    if !shared::access::may_open(Some(&principal), shared::access::Page::RegulatorMonitor) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let resume = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(q.last_id);
    let hub = state.store.events.clone();
    let db = state.store.db.clone();
    let rx = hub.subscribe(&db).await;
    let last = resume.unwrap_or_else(|| hub.last_broadcast());
    let stream = crate::events::monitor_stream(db, hub, rx, last, principal, q.filter).map(
        |e: std::sync::Arc<app::api::monitor::MonitorEvent>| {
            Event::default()
                .id(e.id.to_string())
                .event(e.kind.clone())
                .json_data(&*e)
                .map_err(|e| std::io::Error::other(e.to_string()))
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(std::time::Duration::from_secs(15)))
        .into_response()
}

/// Renders the page at the posted address (as for a GET of it) with `submitted` in the context,
/// answering with `status`: a refused form comes back with what was typed and why.
async fn render_as_get<T: Clone + Send + Sync + 'static>(
    state: &WebState,
    parts: axum::http::request::Parts,
    uri: axum::http::Uri,
    submitted: T,
    status: StatusCode,
) -> Response {
    let mut get = Request::builder().method("GET").uri(uri);
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE {
            get = get.header(name, value);
        }
    }
    let Ok(mut get) = get.body(Body::empty()) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Some(user) = parts.extensions.get::<SessionUser>() {
        get.extensions_mut().insert(user.clone());
    }
    if let Some(nonce) = parts.extensions.get::<app::service::CspNonce>() {
        get.extensions_mut().insert(nonce.clone());
    }
    if let Some(mark) = parts.extensions.get::<app::session::NoAdministrator>() {
        get.extensions_mut().insert(*mark);
    }
    let services = state.services.clone();
    let options = state.options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(services.clone());
            provide_context(submitted.clone());
            app::service::provide_request_nonce();
        },
        move || shell(options.clone()),
    );
    let mut response = render(get).await.into_response();
    *response.status_mut() = status;
    response
}

/// Finds the session of a request (cookie → live row) and puts the signed-in account into the
/// request's extensions, where pages and server functions find it
/// (`app::service::current_user`). An expired or unknown session cookie is removed.
async fn session_layer(
    State(state): State<WebState>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    // The browser bundle and the stylesheet need no account; the ingest API's requests carry
    // an API key, never a session.
    if request.uri().path().starts_with("/pkg/") || is_ingest_api(request.uri().path()) {
        return next.run(request).await;
    }
    let token = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| auth::token_from_cookie_header(h).map(str::to_owned));
    let mut stale = false;
    let mut signed_in = false;
    if let Some(token) = token {
        match state.store.session_user(&token, now_unix()).await {
            Ok(Some(user)) => {
                // A temporary or expired password: nothing but its change (and signing out)
                // until it is changed.
                let path = request.uri().path();
                let first = if user.account.password_change_required {
                    Some("/account/password")
                } else if user.account.second_factor_required {
                    Some("/account/2fa")
                } else {
                    None
                };
                if let Some(first) = first.filter(|f| {
                    path != *f
                        && !matches!(path, "/logout" | "/healthz")
                        && !path.starts_with("/lang/")
                }) {
                    let mut response = if request.method() == Method::GET {
                        Redirect::to(first).into_response()
                    } else {
                        (
                            StatusCode::FORBIDDEN,
                            "password change or second factor required",
                        )
                            .into_response()
                    };
                    response
                        .headers_mut()
                        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                    return response;
                }
                request.extensions_mut().insert(user);
                signed_in = true;
            }
            Ok(None) => stale = true,
            Err(e) => {
                tracing::error!(error.cause = %e, "session lookup failed");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        }
    }
    let mut response = next.run(request).await;
    if signed_in {
        // A signed-in page (or anything else answered to a session) is never stored: not by the
        // browser's back/forward cache for the next user of a shared computer, not by a proxy.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if stale && !response.headers().contains_key(header::SET_COOKIE) {
        set_cookie(
            &mut response,
            &auth::clear_session_cookie(state.store.secure_cookies),
        );
    }
    response
}

/// How long a client is told to wait (`Retry-After`) when a request answers 503.
pub const RETRY_AFTER_SECS: u64 = 5;

/// The page a browser gets when the service is unavailable (the database down or unreachable).
const UNAVAILABLE_PAGE: &str =
    "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>服务暂时不可用 · temporarily unavailable</title>\
<link rel=\"stylesheet\" href=\"/pkg/yiwang.css\"></head><body><main><section class=\"card\">\
<h1>服务暂时不可用 · temporarily unavailable</h1>\
<p>平台暂时无法访问数据库，请稍后刷新本页重试。已保存的数据不受影响。</p>\
<p>The platform cannot reach its database right now. Please reload this page in a few seconds; \
what was saved before is safe.</p></section></main></body></html>\n";

/// While the database is down or unreachable (`Db::is_reachable`), a page request answers a page
/// that says so (503) instead of rendering empty lists; every 503 says when to retry
/// (`Retry-After`, unless the answer set its own), and a browser whose request got a bare 503
/// (e.g. the session lookup failed) gets that page instead of an empty one (issue 14 point 12).
async fn unavailable_answers(
    State(state): State<WebState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let browser = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let path = request.uri().path();
    let page = browser
        && matches!(*request.method(), Method::GET | Method::HEAD)
        && !path.starts_with("/pkg/")
        && !is_ingest_api(path)
        && path != "/healthz";
    let mut response = if page && !state.store.db.is_reachable().await {
        StatusCode::SERVICE_UNAVAILABLE.into_response()
    } else {
        next.run(request).await
    };
    if response.status() != StatusCode::SERVICE_UNAVAILABLE {
        return response;
    }
    if browser && !response.headers().contains_key(header::CONTENT_TYPE) {
        let headers = std::mem::take(response.headers_mut());
        response = (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::response::Html(UNAVAILABLE_PAGE),
        )
            .into_response();
        for (name, value) in headers.iter() {
            if name != header::CONTENT_LENGTH {
                response.headers_mut().append(name, value.clone());
            }
        }
    }
    if !response.headers().contains_key(header::RETRY_AFTER) {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    }
    response
}

/// Whether a request's `Origin` (or, without one, its `Referer`) is this site: the site's scheme
/// (`https` when it is served over TLS, `secure` = `YIWANG_SECURE_COOKIES=1`, else `http`) and
/// the same host and port as the `Host` header. `https://host` is another origin than
/// `http://host`.
pub fn is_same_origin(headers: &HeaderMap, secure: bool) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    let Some(source) = source else { return false };
    let scheme = if secure { "https://" } else { "http://" };
    let rest = match source.get(..scheme.len()) {
        Some(s) if s.eq_ignore_ascii_case(scheme) => &source[scheme.len()..],
        _ => return false, // another scheme, or `Origin: null`
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    !authority.is_empty() && authority.eq_ignore_ascii_case(host)
}

/// The texts of server-function errors that may reach the client (`app::session`,
/// `app::service`): they name what happened, nothing internal. Any other text of a failed server
/// function answered with a 3xx or 5xx status is replaced (`server_fn_errors`).
pub const CLIENT_SAFE_SERVER_FN_ERRORS: &[&str] = &[
    app::session::UNAUTHENTICATED,
    app::session::FORBIDDEN,
    app::service::plans::NOT_FOUND,
    "service unavailable",
];

/// The header by which server functions mark an error response (`Variant|text` body).
const SERVER_FN_ERROR_HEADER: &str = leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

/// Whether a path is a server function's (`/api/{name}`; not the ingest API's `/api/v1/…`).
pub fn is_server_fn(path: &str) -> bool {
    path.starts_with("/api/") && !is_ingest_api(path)
}

/// The answers of server functions that failed, made safe in one place:
///
/// - arguments that cannot be read (not JSON, not an object, a missing field, a value of the
///   wrong type: server_fn's `Deserialization`, `Args`, `MissingArg` errors, which it answers
///   500 with the deserialiser's text) → 400 with the ingest API's JSON error body naming the
///   field (`fields[].field`, a JSON path like `form.name`; `$` is the whole body) in Chinese and
///   English. The function did not run: nothing was stored.
/// - any other failure answered 3xx or 5xx whose text is not one of
///   [`CLIENT_SAFE_SERVER_FN_ERRORS`] (a serialisation error, an error converted with `?`) →
///   the same status (500 for a 3xx) with the text `service unavailable`; the cause is logged.
async fn server_fn_errors(request: Request<Body>, next: Next) -> Response {
    if !is_server_fn(request.uri().path()) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    let (parts, body) = request.into_parts();
    let Ok(sent) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let response = next
        .run(Request::from_parts(parts, Body::from(sent.clone())))
        .await;
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => String::new(),
    };
    let (variant, message) = text.split_once('|').unwrap_or(("", text.as_str()));
    if matches!(variant, "Deserialization" | "Args" | "MissingArg") {
        let field = shared::ingest::unreadable_arguments(&sent, message);
        let body = crate::ingest::error_body(
            "invalid",
            "请求内容有误，未保存任何数据",
            "The request is invalid; nothing was stored",
            &FieldErrors(vec![field]),
        );
        return crate::ingest::json_response(StatusCode::BAD_REQUEST, body.to_string());
    }
    let safe = variant == "ServerError" && CLIENT_SAFE_SERVER_FN_ERRORS.contains(&message);
    if safe || (variant == "ServerError" && parts.status.is_client_error()) {
        return Response::from_parts(parts, Body::from(text));
    }
    tracing::error!(server_fn = %path, error.kind = variant, error.cause = message, "server function failed");
    if !parts.status.is_server_error() {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
    }
    parts.headers.remove(header::LOCATION);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from("ServerError|service unavailable"))
}

/// Whether a path is the ingest API's (`/api/v1/…`): machines with API keys, no cookies.
pub fn is_ingest_api(path: &str) -> bool {
    path.starts_with("/api/v1/")
}

/// Cross-site request protection for every state-changing request (server functions and form
/// posts alike), on top of the `SameSite=Strict` session cookie: anything but GET, HEAD and
/// OPTIONS must come from a page of this site (`Origin`, or `Referer` when a browser sends no
/// `Origin`); otherwise 403. Requests naming no origin at all are refused too. The ingest API is
/// exempt: it ignores cookies (a session grants nothing there), so a cross-site request has no
/// credential to borrow; its bearer key is the protection.
async fn same_origin_only(
    State(state): State<WebState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe
        || is_ingest_api(request.uri().path())
        || is_same_origin(request.headers(), state.store.secure_cookies)
    {
        next.run(request).await
    } else {
        (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
    }
}

fn set_cookie(response: &mut Response, cookie: &str) {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// The login form, posted with or without JavaScript. Success: the session cookie and a
/// redirect to `next` (a local path) or `/account`. Refused: the login page again with the
/// typed user name and the messages — the same for a wrong password and an unknown user.
async fn login_form_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, body) = request.into_parts();
    let bytes: Bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let (mut username, mut password, mut next) = (String::new(), String::new(), String::new());
    for (key, value) in form_urlencoded::parse(&bytes) {
        match &*key {
            "username" => username = value.into_owned(),
            "password" => password = value.into_owned(),
            "next" => next = value.into_owned(),
            _ => {}
        }
    }
    if !is_local_path(&next) {
        next.clear();
    }
    let mut submitted = LoginSubmitted {
        username: username.chars().take(100).collect(),
        next: next.clone(),
        errors: FieldErrors::new(),
        message: None,
    };
    if let Err(errors) = shared::access::validate_login(&username, &password) {
        submitted.errors = errors;
        let uri = parts.uri.clone();
        return render_as_get(
            &state,
            parts,
            uri,
            submitted,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    // The TCP peer, or behind a trusted reverse proxy the client it forwards.
    let client = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| {
            state
                .store
                .trusted_proxies
                .client(c.0.ip(), &parts.headers)
                .to_string()
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let result = state
        .store
        .login(&username, &password, &client, now_unix())
        .await;
    let (status, message, retry) = match result {
        Ok(auth::LoginResult::Success { token, .. }) => {
            let target = if next.is_empty() { "/" } else { &next };
            let mut response = Redirect::to(target).into_response();
            set_cookie(
                &mut response,
                &auth::session_cookie(&token, state.store.secure_cookies),
            );
            return response;
        }
        Ok(auth::LoginResult::SecondFactor { token }) => {
            let target = format!(
                "/login/otp?next={}",
                form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
            );
            let mut response = Redirect::to(&target).into_response();
            set_cookie(
                &mut response,
                &format!(
                    "{}={token}; Path=/login; Max-Age={}; HttpOnly; SameSite=Strict{}",
                    auth::CHALLENGE_COOKIE,
                    auth::SECOND_FACTOR_SECS,
                    if state.store.secure_cookies {
                        "; Secure"
                    } else {
                        ""
                    }
                ),
            );
            return response;
        }
        Ok(auth::LoginResult::BadCredentials) => (
            StatusCode::UNAUTHORIZED,
            FieldError::new(
                "form",
                "login.bad_credentials",
                shared::access::BAD_CREDENTIALS,
            ),
            None,
        ),
        Ok(auth::LoginResult::Throttled { retry_after }) => (
            StatusCode::TOO_MANY_REQUESTS,
            shared::access::login_throttled(retry_after),
            Some(retry_after),
        ),
        Err(e) => {
            tracing::error!(error.cause = %e, "login failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                FieldError::new(
                    "form",
                    "login.unavailable",
                    shared::access::LOGIN_UNAVAILABLE,
                ),
                None,
            )
        }
    };
    submitted.message = Some(message);
    let uri = parts.uri.clone();
    let mut response = render_as_get(&state, parts, uri, submitted, status).await;
    if let Some(seconds) = retry {
        if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
    response
}

/// Logout: the session's row is deleted (and the logout recorded), the cookie removed.
async fn logout_post(State(state): State<WebState>, headers: HeaderMap) -> Response {
    let token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(auth::token_from_cookie_header);
    if let Some(token) = token {
        if let Err(e) = state.store.logout(token, now_unix()).await {
            tracing::error!(error.cause = %e, "logout failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    }
    let mut response = Redirect::to("/").into_response();
    set_cookie(
        &mut response,
        &auth::clear_session_cookie(state.store.secure_cookies),
    );
    response
}

#[cfg(test)]
mod server_fn_error_tests {
    use super::*;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    /// A stand-in server function that fails with `status` and the server_fn body `text`.
    async fn answer(router_status: StatusCode, text: &'static str) -> (StatusCode, String) {
        let router: Router = Router::new()
            .route(
                "/api/stub",
                post(move || async move {
                    (router_status, [(SERVER_FN_ERROR_HEADER, "/api/stub")], text)
                }),
            )
            .layer(middleware::from_fn(server_fn_errors));
        let response = router
            .oneshot(
                Request::post("/api/stub")
                    .body(Body::from(r#"{"id":1}"#))
                    .unwrap(),
            )
            .await
            .unwrap();
        let status = response.status();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn failed_server_functions_show_no_internal_text() {
        // Internal text (an error converted with `?`, a serialisation error) is replaced.
        for text in [
            "ServerError|error returned from database: no such table: plans",
            "Serialization|key must be a string",
            "Response|something internal",
        ] {
            let (status, body) = answer(StatusCode::INTERNAL_SERVER_ERROR, text).await;
            assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
            assert_eq!(body, "ServerError|service unavailable");
        }
        let (status, body) = answer(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServerError|pool timed out while waiting for an open connection",
        )
        .await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body, "ServerError|service unavailable");
        // The app's own short texts stay: pages decide by them.
        for (status, text) in [
            (StatusCode::UNAUTHORIZED, "ServerError|unauthenticated"),
            (StatusCode::FORBIDDEN, "ServerError|forbidden"),
            (StatusCode::INTERNAL_SERVER_ERROR, "ServerError|not found"),
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "ServerError|service unavailable",
            ),
        ] {
            assert_eq!(answer(status, text).await, (status, text.to_owned()));
        }
        // Unreadable arguments: 400, the field, no deserialiser text.
        let (status, body) = answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Deserialization|invalid type: string \"x\", expected i64 at line 1 column 8",
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(!body.contains("expected"), "{body}");
    }
}
