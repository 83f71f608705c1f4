//! The desk (`/` after signing in): what concerns the account now (`shared::desk`), and the
//! small count the navigation's badge refreshes.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::desk::Item;
use shared::time::Date;

/// The account's desk: its items, overdue first, and the China date they were counted on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Desk {
    pub today: Date,
    pub items: Vec<Item>,
}

/// The counts of the navigation's badge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Badge {
    /// Every item on the desk.
    pub items: u32,
    /// Overdue or due today or tomorrow (`shared::desk::Left::is_urgent`).
    pub urgent: u32,
}

/// The signed-in account's desk (any role; a visitor: 401).
#[server(prefix = "/api", endpoint = "desk", input = server_fn::codec::Json)]
pub async fn get_desk() -> Result<Desk, ServerFnError> {
    let principal = crate::service::require_signed_in()?;
    let services = crate::service::use_services()?;
    let now = crate::service::plans::now_unix();
    let items = crate::service::desk::items(services.as_ref(), &principal, now).await?;
    Ok(Desk {
        today: shared::time::Instant::from_unix_seconds(now).china_date(),
        items,
    })
}

/// How many items the desk holds and how many are urgent: the badge beside the navigation's
/// desk link, refreshed by the page without reloading it.
#[server(prefix = "/api", endpoint = "desk_count", input = server_fn::codec::Json)]
pub async fn desk_count() -> Result<Badge, ServerFnError> {
    let principal = crate::service::require_signed_in()?;
    // Every open page asks every minute: an account's count is reused for 30 seconds (the
    // desk itself is always counted afresh). Keyed by the store too (one process may serve
    // several databases, as the tests do).
    let store = std::sync::Arc::as_ptr(&crate::service::use_services()?) as *const () as usize;
    let key = (store, principal.user_id);
    if let Some(badge) = badge_cache::get(key) {
        return Ok(badge);
    }
    let desk = get_desk().await?;
    let urgent = shared::desk::urgent_count(&desk.items, desk.today, shared::calendar::china());
    let badge = Badge {
        items: u32::try_from(desk.items.len()).unwrap_or(u32::MAX),
        urgent: u32::try_from(urgent).unwrap_or(u32::MAX),
    };
    badge_cache::put(key, badge);
    Ok(badge)
}

/// The badges counted in the last 30 seconds, by account.
#[cfg(feature = "ssr")]
mod badge_cache {
    use std::collections::HashMap;
    use std::sync::Mutex;
    use std::time::{Duration, Instant};

    use super::Badge;

    const FRESH: Duration = Duration::from_secs(30);
    /// More accounts than this at once: the cache starts over (bounded memory).
    const MAX_ENTRIES: usize = 50_000;

    /// (the store's address, the account) → when counted, the badge.
    type Key = (usize, i64);

    static CACHE: Mutex<Option<HashMap<Key, (Instant, Badge)>>> = Mutex::new(None);

    pub fn get(user: Key) -> Option<Badge> {
        let cache = CACHE.lock().ok()?;
        let (at, badge) = cache.as_ref()?.get(&user)?;
        (at.elapsed() < FRESH).then_some(*badge)
    }

    pub fn put(user: Key, badge: Badge) {
        if let Ok(mut cache) = CACHE.lock() {
            let map = cache.get_or_insert_with(HashMap::new);
            if map.len() >= MAX_ENTRIES {
                map.retain(|_, (at, _)| at.elapsed() < FRESH);
                if map.len() >= MAX_ENTRIES {
                    map.clear();
                }
            }
            map.insert(user, (Instant::now(), badge));
        }
    }
}
