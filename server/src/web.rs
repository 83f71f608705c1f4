//! The HTTP face: the Leptos pages and server functions, the browser bundle, the language
//! switch and the no-JavaScript form posts. Handlers stay thin: they parse, call a service from
//! `app::service`, and answer.

use std::path::Path;

use app::api::{RegisterOutcome, SubmittedForm};
use app::i18n::LANG_COOKIE;
use app::service::SharedServices;
use app::{shell, App};
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use shared::supplier::SupplierForm;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

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
}

impl axum::extract::FromRef<WebState> for LeptosOptions {
    fn from_ref(state: &WebState) -> LeptosOptions {
        state.options.clone()
    }
}

/// The whole web application.
pub fn router(options: LeptosOptions, services: SharedServices) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let services = services.clone();
        move || provide_context(services.clone())
    };
    let pkg_dir = Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let state = WebState {
        options: options.clone(),
        services,
    };
    let app_shell = {
        let options = options.clone();
        move || shell(options.clone())
    };
    Router::new()
        .route("/lang/{code}", get(set_lang))
        .route("/suppliers/register", post(register_form_post))
        .route("/healthz", get(|| async { "ok" }))
        .leptos_routes_with_context(&state, routes, context.clone(), app_shell)
        .nest_service("/pkg", ServeDir::new(pkg_dir).precompressed_gzip())
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            WebState,
            _,
        >(context, shell))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

#[derive(serde::Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// `/lang/{zh|en}?next=/path`: remembers the language in a cookie and goes back.
async fn set_lang(UrlPath(code): UrlPath<String>, Query(q): Query<NextQuery>) -> Response {
    let lang = app::i18n::Lang::from_code(&code);
    // Only a local path may be the target (no open redirect).
    let next = q
        .next
        .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
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
            _ => {}
        }
    }
    form
}

/// The registration form posted without JavaScript: on success go to the list; otherwise show
/// the form again with the typed values and the server's messages.
async fn register_form_post(State(state): State<WebState>, request: Request<Body>) -> Response {
    let (parts, body) = request.into_parts();
    let bytes: Bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let form = parse_supplier_form(&bytes);
    let outcome = app::service::register_supplier(state.services.as_ref(), form.clone()).await;
    let status = match &outcome {
        RegisterOutcome::Registered { credit_code } => {
            return Redirect::to(&format!("/suppliers?registered={credit_code}")).into_response();
        }
        RegisterOutcome::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        RegisterOutcome::Conflict(_) => StatusCode::CONFLICT,
        RegisterOutcome::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    };
    // Render the registration page (as for a GET of the same address) with the submission.
    let mut get = Request::builder().method("GET").uri(parts.uri.clone());
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE {
            get = get.header(name, value);
        }
    }
    let Ok(get) = get.body(Body::empty()) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let submitted = SubmittedForm { form, outcome };
    let services = state.services.clone();
    let options = state.options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(services.clone());
            provide_context(submitted.clone());
        },
        move || shell(options.clone()),
    );
    let mut response = render(get).await.into_response();
    *response.status_mut() = status;
    response
}
