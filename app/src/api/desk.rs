//! The desk (`/` after signing in): what concerns the account now (`shared::desk`), and the
//! small count the navigation's badge refreshes.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::desk::Item;
use shared::time::Date;

/// One page of the account's desk: the counts over every item, and the page's items (overdue
/// first), on the China date they were counted on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Desk {
    pub today: Date,
    /// Every item on the desk; of them overdue; overdue or due today or tomorrow.
    pub total: u32,
    pub overdue: u32,
    pub urgent: u32,
    /// The page shown (from 1; a page past the last shows the last) and how many there are.
    pub page: u32,
    pub pages: u32,
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

/// Items on one page of the desk.
pub const DESK_PER_PAGE: usize = 30;

/// One page of the signed-in account's desk (any role; a visitor: 401); the first without
/// `page`.
#[server(prefix = "/api", endpoint = "desk", input = server_fn::codec::Json)]
pub async fn get_desk(page: Option<u32>) -> Result<Desk, ServerFnError> {
    let (today, items) = all_items().await?;
    let calendar = shared::calendar::china();
    let overdue = shared::desk::overdue_count(&items, today, calendar);
    let urgent = shared::desk::urgent_count(&items, today, calendar);
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let pages = crate::api::page_count(total, count(DESK_PER_PAGE));
    let page = page.unwrap_or(1).clamp(1, pages);
    Ok(Desk {
        today,
        total: count(items.len()),
        overdue: count(overdue),
        urgent: count(urgent),
        page,
        pages,
        items: items
            .into_iter()
            .skip((page as usize - 1) * DESK_PER_PAGE)
            .take(DESK_PER_PAGE)
            .collect(),
    })
}

/// Every item of the signed-in account's desk, sorted, and the China date of `now`.
#[cfg(feature = "ssr")]
async fn all_items() -> Result<(Date, Vec<Item>), ServerFnError> {
    let principal = crate::service::require_signed_in()?;
    let services = crate::service::use_services()?;
    let now = crate::service::plans::now_unix();
    let items = crate::service::desk::items(services.as_ref(), &principal, now).await?;
    Ok((
        shared::time::Instant::from_unix_seconds(now).china_date(),
        items,
    ))
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
    let desk = get_desk(None).await?;
    let badge = Badge {
        items: desk.total,
        urgent: desk.urgent,
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
