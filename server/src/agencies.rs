//! Agencies' list registration (代理机构名录登记, 财库〔2018〕2号; issue 17 point 4): the system
//! administrator, a regulator of the agency's jurisdiction, or the agency's own unit
//! administrator records the data the provincial list publishes (`shared::agency`); complete
//! data opens the agency's permissions to publish notices and draw experts (the project gate,
//! `shared::steps::Part::unlisted`). Audited (`agency.listing`).

use app::service::StoreError;
use serde_json::json;
use shared::access::{Principal, StaffScope};
use shared::agency::ListingForm;

use crate::audit::AuditEntry;
use crate::db::{accounts, agencies as repo};
use crate::steplog;
use crate::store::{internal, Store};

impl Store {
    /// Records agency `org`'s listing (replacing the one before); `actor: None` is the
    /// operator's command line or the demo.
    pub async fn record_listing(
        &self,
        actor: Option<&Principal>,
        org: i64,
        form: &ListingForm,
        now: i64,
    ) -> Result<(), StoreError> {
        let Some((kind, jurisdiction)) = accounts::organisation_kind(&self.db.pool, org).await?
        else {
            return Err(StoreError::NotFound);
        };
        // Out of the actor's share: answered as an unknown organisation (nothing disclosed).
        if !may_keep(actor, org, &jurisdiction) {
            return Err(StoreError::NotFound);
        }
        if kind != "agency" {
            return Err(StoreError::NotFound);
        }
        let today = shared::time::Instant::from_unix_seconds(now).china_date();
        let listing =
            shared::agency::validate_listing(form, today).map_err(StoreError::Rejected)?;
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let before = repo::listing(&mut tx, org).await?;
        repo::put_listing(&mut tx, org, &listing, actor.map(|a| a.user_id), now).await?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: actor.map(|a| a.user_id),
            role: actor.map(|a| a.role),
            action: "agency.listing",
            subject_type: Some("organisation"),
            subject_id: Some(org.to_string()),
            before: before.map(|b| {
                json!({ "legal_rep": b.legal_rep, "address": b.address, "phone": b.phone,
                        "full_time_staff": b.full_time_staff, "listed_on": b.listed_on })
            }),
            after: Some(json!({
                "legal_rep": listing.legal_rep, "address": listing.address, "phone": listing.phone,
                "full_time_staff": listing.full_time_staff, "listed_on": listing.listed_on.to_string(),
            })),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)
    }

    /// Agency `org`'s listing, and whether `actor` may change it (`None` for anything but a
    /// private agency).
    pub async fn listing_of(
        &self,
        actor: &Principal,
        org: i64,
    ) -> Result<Option<(Option<repo::ListingRow>, bool)>, StoreError> {
        let Some((kind, jurisdiction)) = accounts::organisation_kind(&self.db.pool, org).await?
        else {
            return Ok(None);
        };
        if kind != "agency" {
            return Ok(None);
        }
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let listing = repo::listing(&mut conn, org).await?;
        Ok(Some((listing, may_keep(Some(actor), org, &jurisdiction))))
    }
}

/// Who keeps an agency's listing: whoever may create its staff accounts
/// (`shared::access::may_create_account` for an agency account of that organisation: the
/// system administrator, a regulator of its jurisdiction, its own unit administrator).
fn may_keep(actor: Option<&Principal>, org: i64, jurisdiction: &str) -> bool {
    shared::access::may_create_account(
        actor,
        &StaffScope {
            role: shared::access::Role::Agency,
            organisation_id: Some(org),
            jurisdiction: Some(jurisdiction),
        },
    )
}
