//! The signed-in account as pages see it, in both builds: the server reads it from the request
//! (put there by its session middleware); the browser reads the JSON copy that the header
//! carries, so it hydrates the very same page. Pages use it to show; the server decides.

use serde::de::DeserializeOwned;

use crate::api::{Account, LoginSubmitted};

/// The id of the header's JSON copy of the signed-in account.
pub const ACCOUNT_ID: &str = "yw-account";
/// The id of the login page's JSON copy of a refused login.
pub const LOGIN_ID: &str = "yw-login";

/// The signed-in account of this page, if any.
pub fn current_account() -> Option<Account> {
    #[cfg(feature = "ssr")]
    {
        crate::service::current_user().map(|u| u.account)
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        from_page(ACCOUNT_ID)
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        None
    }
}

/// The refused login this page shows, if any.
pub fn login_submitted() -> Option<LoginSubmitted> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<LoginSubmitted>()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        from_page(LOGIN_ID)
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        None
    }
}

/// The refused form this page shows again, if any (`crate::api::plans::Refused`): the server
/// renders it; an island that needs it gets it as a prop.
pub fn refused_form() -> Option<crate::api::plans::Refused> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<crate::api::plans::Refused>()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The id of the page's `<script type="application/json">` with the server's holiday calendar
/// years that differ from the shipped ones.
pub const CALENDAR_ID: &str = "yw-calendar";

/// The id of the page's `<script type="text/plain">` with the threshold values the bureau keeps
/// (`shared::thresholds::carried`).
pub const THRESHOLDS_ID: &str = "yw-thresholds";

/// In the browser, before the islands hydrate: installs the holiday calendar years and the
/// threshold values the server sent with the page (checked again as they are read), so the
/// browser's checks use the server's calendar and values.
pub fn install_page_calendar() {
    #[cfg(feature = "hydrate")]
    {
        let text_of = |id: &str| {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(id))
                .and_then(|e| e.text_content())
        };
        if let Some(text) = text_of(CALENDAR_ID) {
            let _ = shared::calendar::install_carried(&text);
        }
        if let Some(text) = text_of(THRESHOLDS_ID) {
            let _ = shared::thresholds::install_carried(&text);
        }
    }
}

/// JSON safe inside `<script type="application/json">` (no `<` can close the element).
pub fn script_json<T: serde::Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value)
        .ok()
        .map(|json| json.replace('<', "\\u003c"))
}

#[allow(dead_code)]
fn from_page<T: DeserializeOwned>(id: &str) -> Option<T> {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.text_content())
            .and_then(|json| serde_json::from_str(&json).ok())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

/// What a role-decided page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// The signed-in account may open the page.
    Open(crate::api::Account),
    /// Nobody is signed in: the server answers with a redirect to the login page.
    SignIn,
    /// The account may not open the page: the server answers 403.
    Forbidden,
}

/// Decides a page with `shared::access::may_open`; on the server it also sets the response
/// (redirect to `/login?next=PATH` or status 403). The page's data still comes from server
/// functions that check again on their own.
pub fn gate(page: shared::access::Page, path: &str) -> Gate {
    let account = current_account();
    let gate = match account {
        None => Gate::SignIn,
        Some(a) if shared::access::may_open(Some(&a.principal), page) => Gate::Open(a),
        Some(_) => Gate::Forbidden,
    };
    #[cfg(feature = "ssr")]
    if let Some(r) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        use axum::http::{header, HeaderValue, StatusCode};
        match gate {
            Gate::SignIn => {
                if let Ok(location) = HeaderValue::from_str(&login_href(path)) {
                    r.insert_header(header::LOCATION, location);
                    r.set_status(StatusCode::SEE_OTHER);
                }
            }
            Gate::Forbidden => r.set_status(StatusCode::FORBIDDEN),
            Gate::Open(_) => {}
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = path;
    gate
}

/// The login page's address that comes back to `path` afterwards.
pub fn login_href(path: &str) -> String {
    format!(
        "/login?next={}",
        crate::pages::layout::encode_component(path)
    )
}

/// Whether `next` is a local path (no open redirect after login or the language switch): the
/// rule of `shared::redirect::is_local_path`.
pub fn is_local_path(next: &str) -> bool {
    shared::redirect::is_local_path(next)
}

/// The error texts of a refused server function (the same for every record asked for).
pub const UNAUTHENTICATED: &str = "unauthenticated";
pub const FORBIDDEN: &str = "forbidden";

/// Whether a server function refused for lack of a session or of the right.
pub fn is_denied(error: &leptos::prelude::ServerFnError) -> bool {
    matches!(error, leptos::prelude::ServerFnError::ServerError(m) if m == UNAUTHENTICATED || m == FORBIDDEN)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_login_forms_next_follows_the_shared_rule() {
        for bad in [
            "/%09/evil.example",
            "/\t/evil.example",
            "/\r\n/x",
            "//x",
            "/\\x",
        ] {
            assert!(!super::is_local_path(bad), "{bad:?}");
        }
        assert!(super::is_local_path("/projects/3?x=1"));
    }
}

/// The platform has no administrator yet (a new database without demo data): the server's gate
/// puts this into the sign-in request, whose page then says how to create one.
#[derive(Debug, Clone, Copy)]
pub struct NoAdministrator;

/// Whether this request was marked [`NoAdministrator`].
pub fn no_administrator() -> bool {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<axum::http::request::Parts>()
            .is_some_and(|p| p.extensions.get::<NoAdministrator>().is_some())
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}
