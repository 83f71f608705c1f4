//! The ingest API (`/api/v1/…`, JSON) for external systems: budget lines and payments from the
//! finance system; plans, notices, bids after opening, evaluation results, awards and contracts
//! from trading systems. Reference: docs/ingest.md and the OpenAPI document served at
//! `/api/v1/openapi.json` (docs/openapi.json).
//!
//! Every write: a live API key (`Authorization: Bearer …`, else 401) allowed the kind (else
//! 403) and the record's jurisdiction (else 403, revealing nothing); an `Idempotency-Key`
//! (else 400) — a replay answers the first answer and stores nothing, the same key with another
//! body is 422; a JSON body parsed by `shared::ingest` (422 with field errors, nothing stored);
//! then one transaction with the record, the findings of its node's checks and the audit record
//! (`write`). Internal causes are logged, never sent.

pub mod keys;
pub mod openapi;
pub mod write;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use shared::field::{FieldError, FieldErrors};
use shared::ingest::{
    from_json, AwardInput, BidsInput, BudgetLineInput, ContractInput, EvaluationInput, Kind,
    NoticeInput, Patch, PaymentInput, PlanInput, UnitInput,
};

use crate::store::{now_unix, Store};
use crate::web::MAX_BODY_BYTES;
use keys::ApiKey;
use write::{Input, Stored, Written};

/// The header naming a write's idempotency key.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Set on an answer that repeats a stored one.
pub const REPLAYED: &str = "idempotent-replayed";
/// The longest idempotency key accepted.
pub const MAX_IDEMPOTENCY_KEY: usize = 200;
/// The longest external project id accepted.
pub const MAX_PROJECT_ID: usize = 100;

/// Why a request was refused. The body says it in both languages; an internal cause is logged
/// and replaced by a general message.
#[derive(Debug)]
pub enum ApiError {
    /// No key, or not a live one: one answer for every case.
    Unauthorized,
    /// The key may not send this kind, or not for this jurisdiction.
    Forbidden,
    /// A write without (or with a malformed) `Idempotency-Key`.
    IdempotencyKey,
    /// The idempotency key was used before for another request.
    IdempotencyKeyReused,
    UnsupportedMediaType,
    PayloadTooLarge,
    /// The project is not known (for this source).
    NotFound,
    Invalid(FieldErrors),
    /// The law forbids the step while these checks flag (`shared::plan::refusals`).
    Refused(Vec<shared::plan::PlanFinding>),
    Conflict(FieldErrors),
    /// The key sent more than its rate; retry after this many seconds.
    TooManyRequests(u64),
    /// The database failed; the cause was logged where the error was made
    /// ([`ApiError::internal`], through the error edge `app::service::error::AppError`).
    Unavailable,
}

impl From<app::service::error::AppError> for ApiError {
    /// The error edge's answer as the ingest API says it.
    fn from(e: app::service::error::AppError) -> ApiError {
        use app::service::error::AppError;
        use app::service::Denied;
        match e {
            AppError::Denied(Denied::Unauthenticated) => ApiError::Unauthorized,
            AppError::Denied(Denied::Forbidden) => ApiError::Forbidden,
            AppError::NotFound => ApiError::NotFound,
            AppError::Invalid(errors) => ApiError::Invalid(errors),
            AppError::Refused(findings) => ApiError::Refused(findings),
            AppError::Unavailable => ApiError::Unavailable,
        }
    }
}

fn field_errors(field: &str, code: &str, zh: &str, en: &str) -> FieldErrors {
    FieldErrors(vec![FieldError::with_message(
        field,
        code,
        zh.to_owned(),
        en.to_owned(),
    )])
}

impl ApiError {
    /// A failure inside (the database, an undecodable row): logged once, here, through the
    /// error edge; the client reads "unavailable".
    pub(crate) fn internal(e: impl std::fmt::Display) -> ApiError {
        app::service::error::AppError::from_store(
            app::service::StoreError::Internal(e.to_string()),
            "ingest",
        )
        .into()
    }

    /// A store failure through the error edge.
    pub(crate) fn from_store(e: app::service::StoreError) -> ApiError {
        app::service::error::AppError::from_store(e, "ingest").into()
    }

    fn field(field: &str, code: &str, zh: &str, en: &str) -> ApiError {
        ApiError::Invalid(field_errors(field, code, zh, en))
    }

    /// Status, code and message.
    fn parts(&self) -> (StatusCode, &'static str, &'static str, &'static str) {
        match self {
            ApiError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "需要有效的 API 密钥（Authorization: Bearer …）",
                "A valid API key is required (Authorization: Bearer …)",
            ),
            ApiError::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "该 API 密钥无权报送此数据",
                "This API key may not send this record",
            ),
            ApiError::IdempotencyKey => (
                StatusCode::BAD_REQUEST,
                "idempotency_key_required",
                "每个写请求须带 Idempotency-Key 请求头（1–200 个可见 ASCII 字符）",
                "Every write needs an Idempotency-Key header (1–200 visible ASCII characters)",
            ),
            ApiError::IdempotencyKeyReused => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "该 Idempotency-Key 已用于另一个请求",
                "This Idempotency-Key was used for a different request",
            ),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "请求内容须为 JSON（Content-Type: application/json）",
                "The body must be JSON (Content-Type: application/json)",
            ),
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "请求内容过大",
                "The body is too large",
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "没有该项目（请先报送项目的第一条公告）",
                "No such project (send its first notice first)",
            ),
            ApiError::Invalid(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                "请求内容有误，未保存任何数据",
                "The request is invalid; nothing was stored",
            ),
            ApiError::Refused(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "refused",
                "依法不得办理：检查发现禁止该步骤的问题，未保存任何数据",
                "Refused by law: a check flags what forbids this step; nothing was stored",
            ),
            ApiError::Conflict(_) => (
                StatusCode::CONFLICT,
                "conflict",
                "与已保存的数据冲突，未保存任何数据",
                "Conflicts with stored data; nothing was stored",
            ),
            ApiError::TooManyRequests(_) => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "请求过于频繁，请稍后用同一 Idempotency-Key 重试",
                "Too many requests; retry later with the same Idempotency-Key",
            ),
            ApiError::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "服务暂时不可用，请稍后用同一 Idempotency-Key 重试",
                "The service is unavailable right now; retry later with the same Idempotency-Key",
            ),
        }
    }
}

/// The request field a refusing check is about: the budget checks concern the plan's amount.
fn refused_field(check_id: &str) -> &'static str {
    match check_id {
        "P01" => "amount",
        "P04" => "method",
        "P09" => "imports_wanted",
        _ => "plan",
    }
}

/// The JSON error body (also of a server function's refused arguments, `web`).
pub(crate) fn error_body(code: &str, zh: &str, en: &str, fields: &FieldErrors) -> Value {
    json!({
        "error": code,
        "message_zh": zh,
        "message_en": en,
        "fields": fields.iter().map(|f| json!({
            "field": f.field,
            "code": f.code,
            "message_zh": f.zh,
            "message_en": f.en,
        })).collect::<Vec<_>>(),
    })
}

pub(crate) fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, zh, en) = self.parts();
        let mut body = match &self {
            ApiError::Invalid(f) | ApiError::Conflict(f) => error_body(code, zh, en, f),
            ApiError::Refused(findings) => {
                let fields = FieldErrors(
                    findings
                        .iter()
                        .map(|f| {
                            FieldError::with_message(
                                refused_field(&f.check_id),
                                &format!("refused.{}", f.check_id),
                                f.message_zh.clone(),
                                f.message_en.clone(),
                            )
                        })
                        .collect(),
                );
                let mut body = error_body(code, zh, en, &fields);
                body["findings"] = findings.iter().map(write::finding_json).collect();
                body
            }
            _ => error_body(code, zh, en, &FieldErrors::new()),
        };
        if body.is_null() {
            body = json!({});
        }
        let mut response = json_response(status, body.to_string());
        let retry_after = match self {
            ApiError::TooManyRequests(seconds) => Some(seconds),
            // The database is down, unreachable or full: retry with the same Idempotency-Key.
            ApiError::Unavailable => Some(crate::web::RETRY_AFTER_SECS),
            _ => None,
        };
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Requests per second one API key may send on average, and at once.
pub const KEY_RATE_PER_SECOND: u32 = 500;
pub const KEY_BURST: u32 = 1000;

#[derive(Clone)]
struct IngestState {
    store: Store,
    limiter: std::sync::Arc<crate::ratelimit::RateLimiter>,
}

/// The `/api/v1` routes: method, path under `/api/v1`, handler. The router is built from this
/// list and the security test (`server/tests/routes.rs`) reads it ([`route_list`]), so no route
/// is added unreviewed.
fn routes() -> Vec<(
    axum::http::Method,
    &'static str,
    axum::routing::MethodRouter<IngestState>,
)> {
    use axum::http::Method;
    vec![
        (Method::GET, "/openapi.json", get(openapi_json)),
        (Method::POST, "/units", post(units)),
        (Method::POST, "/budget-lines", post(budget_lines)),
        (Method::POST, "/plans", post(plans)),
        (
            Method::POST,
            "/projects/{project_id}/notices",
            post(notices),
        ),
        (Method::POST, "/projects/{project_id}/bids", post(bids)),
        (
            Method::POST,
            "/projects/{project_id}/evaluations",
            post(evaluations),
        ),
        (Method::POST, "/projects/{project_id}/awards", post(awards)),
        (
            Method::POST,
            "/projects/{project_id}/contracts",
            post(contracts),
        ),
        (Method::POST, "/payments", post(payments)),
    ]
}

/// The method and full path of every `/api/v1` route.
pub fn route_list() -> Vec<(axum::http::Method, String)> {
    routes()
        .into_iter()
        .map(|(m, p, _)| (m, format!("/api/v1{p}")))
        .collect()
}

/// The `/api/v1` routes (nested by `web::router`).
pub fn router<S: Clone + Send + Sync + 'static>(store: Store) -> Router<S> {
    let mut router = Router::new();
    for (_, path, handler) in routes() {
        router = router.route(path, handler);
    }
    router.fallback(not_found).with_state(IngestState {
        store,
        limiter: std::sync::Arc::new(crate::ratelimit::RateLimiter::new(
            KEY_RATE_PER_SECOND,
            KEY_BURST,
        )),
    })
}

async fn not_found() -> Response {
    json_response(
        StatusCode::NOT_FOUND,
        error_body(
            "no_such_endpoint",
            "没有该接口（见 /api/v1/openapi.json）",
            "No such endpoint (see /api/v1/openapi.json)",
            &FieldErrors::new(),
        )
        .to_string(),
    )
}

async fn openapi_json() -> Response {
    json_response(StatusCode::OK, openapi::document_text())
}

/// What a handler hands on: the kind, the path's project id if any, and how to parse the body.
struct Request {
    kind: Kind,
    path: String,
    headers: HeaderMap,
    body: Body,
}

async fn units(State(s): State<IngestState>, request: axum::extract::Request) -> Response {
    run(&s, Request::new(Kind::Unit, request), |b, _| {
        let entry = parse::<UnitInput>(b)?.parse().map_err(ApiError::Invalid)?;
        Ok(Input::Unit(entry))
    })
    .await
}

async fn budget_lines(State(s): State<IngestState>, request: axum::extract::Request) -> Response {
    run(&s, Request::new(Kind::BudgetLine, request), |b, _| {
        let entry = parse::<BudgetLineInput>(b)?
            .parse()
            .map_err(ApiError::Invalid)?;
        Ok(Input::BudgetLine(entry))
    })
    .await
}

async fn plans(State(s): State<IngestState>, request: axum::extract::Request) -> Response {
    run(&s, Request::new(Kind::Plan, request), |b, _| {
        let entry = parse::<PlanInput>(b)?.parse().map_err(ApiError::Invalid)?;
        Ok(Input::Plan(entry))
    })
    .await
}

/// A project patch sent by a trading system, for its own project `id`.
fn own_project(key: &ApiKey, id: &str, patch: Patch) -> Result<Input, ApiError> {
    Ok(Input::Project {
        source: key.name.clone(),
        external_id: project_id(id, "project_id")?,
        patch,
    })
}

async fn notices(
    State(s): State<IngestState>,
    Path(id): Path<String>,
    request: axum::extract::Request,
) -> Response {
    run(&s, Request::new(Kind::Notice, request), |b, key| {
        let input = parse::<NoticeInput>(b)?;
        own_project(key, &id, Patch::Notice(Box::new(input)))
    })
    .await
}

async fn bids(
    State(s): State<IngestState>,
    Path(id): Path<String>,
    request: axum::extract::Request,
) -> Response {
    run(&s, Request::new(Kind::Bid, request), |b, key| {
        let input = parse::<BidsInput>(b)?;
        own_project(key, &id, Patch::Bids(input.bids))
    })
    .await
}

async fn evaluations(
    State(s): State<IngestState>,
    Path(id): Path<String>,
    request: axum::extract::Request,
) -> Response {
    run(&s, Request::new(Kind::Evaluation, request), |b, key| {
        let input = parse::<EvaluationInput>(b)?;
        own_project(key, &id, Patch::Evaluation(Box::new(input)))
    })
    .await
}

async fn awards(
    State(s): State<IngestState>,
    Path(id): Path<String>,
    request: axum::extract::Request,
) -> Response {
    run(&s, Request::new(Kind::Award, request), |b, key| {
        let input = parse::<AwardInput>(b)?;
        own_project(key, &id, Patch::Award(input.award))
    })
    .await
}

async fn contracts(
    State(s): State<IngestState>,
    Path(id): Path<String>,
    request: axum::extract::Request,
) -> Response {
    run(&s, Request::new(Kind::Contract, request), |b, key| {
        let input = parse::<ContractInput>(b)?;
        own_project(key, &id, Patch::Contract(Box::new(input.contract)))
    })
    .await
}

async fn payments(State(s): State<IngestState>, request: axum::extract::Request) -> Response {
    run(&s, Request::new(Kind::Payment, request), |b, _| {
        let input = parse::<PaymentInput>(b)?;
        let source = input.project_source.trim();
        if source.is_empty() || source.chars().count() > 100 {
            return Err(ApiError::field(
                "project_source",
                "project_source.invalid",
                "请填写报送该项目的交易系统名称（1–100 个字符）",
                "Name the trading system that sent the project (1–100 characters)",
            ));
        }
        Ok(Input::Project {
            source: source.to_owned(),
            external_id: project_id(&input.project_id, "project_id")?,
            patch: Patch::Payment(input.payment),
        })
    })
    .await
}

impl Request {
    fn new(kind: Kind, request: axum::extract::Request) -> Request {
        let (parts, body) = request.into_parts();
        Request {
            kind,
            path: parts.uri.path().to_owned(),
            headers: parts.headers,
            body,
        }
    }
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    from_json(body).map_err(ApiError::Invalid)
}

/// A trading system's project id: 1–100 characters, no control characters.
fn project_id(id: &str, field: &str) -> Result<String, ApiError> {
    let id = id.trim();
    if id.is_empty() || id.chars().count() > MAX_PROJECT_ID || id.chars().any(char::is_control) {
        return Err(ApiError::field(
            field,
            "project_id.invalid",
            "项目编号须为 1–100 个字符",
            "The project id must have 1–100 characters",
        ));
    }
    Ok(id.to_owned())
}

/// The `Idempotency-Key` header: 1–200 visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers
        .get(IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    if key.is_empty()
        || key.len() > MAX_IDEMPOTENCY_KEY
        || !key.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(ApiError::IdempotencyKey);
    }
    Ok(key.to_owned())
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            let m = m.trim();
            m.eq_ignore_ascii_case("application/json")
                || (m.len() > 5 && m[m.len() - 5..].eq_ignore_ascii_case("+json"))
        })
}

/// The hash that tells a replay from another request under the same idempotency key.
fn request_hash(path: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(b"POST ");
    h.update(path.as_bytes());
    h.update(b"\n");
    h.update(body);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn replay(stored: Stored, hash: &str) -> Result<Response, ApiError> {
    if stored.request_hash != hash {
        return Err(ApiError::IdempotencyKeyReused);
    }
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::CREATED);
    let mut response = json_response(status, stored.body);
    response
        .headers_mut()
        .insert(REPLAYED, HeaderValue::from_static("true"));
    Ok(response)
}

async fn run(
    state: &IngestState,
    request: Request,
    parse_input: impl FnOnce(&[u8], &ApiKey) -> Result<Input, ApiError>,
) -> Response {
    match accept(state, request, parse_input).await {
        Ok(response) => response,
        Err(e) => e.into_response(),
    }
}

async fn accept(
    state: &IngestState,
    request: Request,
    parse_input: impl FnOnce(&[u8], &ApiKey) -> Result<Input, ApiError>,
) -> Result<Response, ApiError> {
    let db = &state.store.db;
    let authorization = request
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let key = keys::authenticate(db, authorization)
        .await
        .map_err(ApiError::internal)?
        .ok_or(ApiError::Unauthorized)?;
    if let Err(wait) = state.limiter.check(key.id) {
        return Err(ApiError::TooManyRequests(wait.as_secs().max(1)));
    }
    if !key.kinds.contains(&request.kind) {
        return Err(ApiError::Forbidden);
    }
    let idem = idempotency_key(&request.headers)?;
    if !is_json(&request.headers) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let body: Bytes = axum::body::to_bytes(request.body, MAX_BODY_BYTES)
        .await
        .map_err(|_| ApiError::PayloadTooLarge)?;
    let hash = request_hash(&request.path, &body);
    if let Some(stored) = write::stored_response(db, key.id, &idem)
        .await
        .map_err(ApiError::internal)?
    {
        return replay(stored, &hash);
    }
    let input = parse_input(&body, &key)?;
    let sent: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    match write::write(
        db,
        &state.store.events,
        &key,
        &idem,
        &hash,
        input,
        sent,
        now_unix(),
    )
    .await?
    {
        Written::Created(answer) => Ok(json_response(StatusCode::CREATED, answer.to_string())),
        Written::Replay(stored) => replay(stored, &hash),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let mut h = HeaderMap::new();
        assert!(idempotency_key(&h).is_err());
        h.insert(IDEMPOTENCY_KEY, HeaderValue::from_static("abc-1"));
        assert_eq!(idempotency_key(&h).unwrap(), "abc-1");
        h.insert(IDEMPOTENCY_KEY, HeaderValue::from_static("a b"));
        assert!(idempotency_key(&h).is_err());
        assert!(!is_json(&h));
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        assert!(is_json(&h));
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/merge-patch+json"),
        );
        assert!(is_json(&h));
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(!is_json(&h));
        assert_ne!(request_hash("/a", b"{}"), request_hash("/b", b"{}"));
        assert!(project_id(" X-1 ", "p").is_ok());
        assert!(project_id("", "p").is_err());
        assert!(project_id("a\nb", "p").is_err());
    }
}
