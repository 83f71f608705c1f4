//! The platform's first start (issue 17 point 1): `yiwang admin create` makes an administrator
//! (no default password exists outside the demo); until one exists, `yiwang serve` on a database
//! without demo data serves only the sign-in page and says how to create one.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use app::service::StoreError;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;
use shared::access::Role;

use crate::auth::{AuditEntry, NewUser};
use crate::db::Db;
use crate::steplog;
use crate::store::{internal, Store};

/// Whether the database holds an administrator's account.
pub async fn has_admin(db: &Db) -> Result<bool, sqlx::Error> {
    crate::db::accounts::has_role(&db.pool, Role::Admin).await
}

/// Why an administrator was not created.
#[derive(Debug)]
pub enum CreateError {
    /// The user name or the password is not acceptable (the messages, Chinese and English).
    Invalid(Vec<String>),
    /// The user name is taken.
    Taken,
    Store(StoreError),
}

impl Store {
    /// Creates an administrator's account from the command line, with its audit record (never
    /// the password).
    pub async fn create_admin(
        &self,
        username: &str,
        display_name: &str,
        password: &str,
        now: i64,
    ) -> Result<i64, CreateError> {
        let mut problems = Vec::new();
        if let Err(e) = shared::access::validate_login(username, "x") {
            problems.extend(e.0.iter().map(|f| format!("{} / {}", f.zh, f.en)));
        }
        if let Err(e) = crate::passwords::check(username, password) {
            problems.extend(e.0.iter().map(|f| format!("{} / {}", f.zh, f.en)));
        }
        if !problems.is_empty() {
            return Err(CreateError::Invalid(problems));
        }
        let id = self
            .create_user(
                &NewUser {
                    username: username.trim().to_owned(),
                    display_name: display_name.trim().to_owned(),
                    role: Role::Admin,
                    organisation_id: None,
                    supplier_id: None,
                    password: password.to_owned(),
                },
                now,
            )
            .await
            .map_err(|e| match e {
                StoreError::Duplicate => CreateError::Taken,
                e => CreateError::Store(e),
            })?;
        let tx = self
            .db
            .begin_write()
            .await
            .map_err(|e| CreateError::Store(internal(e)))?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            action: "user.create",
            subject_type: Some("user"),
            subject_id: Some(id.to_string()),
            after: Some(json!({ "username": username.trim(), "role": "admin", "by": "cli" })),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(|e| CreateError::Store(internal(e)))?;
        Ok(id)
    }
}

/// The page every path but the sign-in page answers while no administrator exists.
const NO_ADMIN_PAGE: &str = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>一网 · 尚无管理员</title></head>\
<body style=\"font-family:sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.6\">\
<h1>平台尚无管理员 · No administrator yet</h1>\
<p>这是一个没有演示数据的新数据库。请在服务器上运行以下命令创建第一个管理员，然后登录：</p>\
<p>This is a new database without demo data. On the server, create the first administrator, then sign in:</p>\
<pre style=\"background:#f3f4f6;padding:0.75rem\">yiwang admin create --username NAME</pre>\
<p><a href=\"/login\">登录 · Sign in</a></p></body></html>";

/// While no administrator exists: only the sign-in page (and its assets) is served; every other
/// path answers [`NO_ADMIN_PAGE`] (503). Once an account exists (created by `yiwang admin
/// create` from another process), the gate opens for good.
pub async fn gate(
    db: Db,
    open: Arc<AtomicBool>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    if open.load(Ordering::Acquire) {
        return next.run(request).await;
    }
    if has_admin(&db).await.unwrap_or(false) {
        open.store(true, Ordering::Release);
        return next.run(request).await;
    }
    let path = request.uri().path();
    let allowed = path == "/login"
        || path == "/healthz"
        || path.starts_with("/pkg/")
        || path.starts_with("/lang/");
    if allowed {
        request
            .extensions_mut()
            .insert(app::session::NoAdministrator);
        return next.run(request).await;
    }
    (StatusCode::SERVICE_UNAVAILABLE, Html(NO_ADMIN_PAGE)).into_response()
}
