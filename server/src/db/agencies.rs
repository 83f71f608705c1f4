//! Agencies' list registration (`agency_listings`): its SQL. `crate::agencies` decides.

use app::service::StoreError;
use sqlx::AnyConnection;

use crate::store::internal;

/// An agency's listing as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListingRow {
    pub legal_rep: String,
    pub address: String,
    pub phone: String,
    pub full_time_staff: i64,
    pub listed_on: String,
    pub updated_at: i64,
}

/// The listing of organisation `id`, if it has one.
pub(crate) async fn listing(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<ListingRow>, StoreError> {
    sqlx::query_as::<_, ListingRow>(
        "SELECT legal_rep, address, phone, full_time_staff, listed_on, updated_at FROM agency_listings \
         WHERE organisation_id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

/// Stores (or replaces) organisation `id`'s listing.
pub(crate) async fn put_listing(
    conn: &mut AnyConnection,
    id: i64,
    l: &shared::agency::Listing,
    by: Option<i64>,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM agency_listings WHERE organisation_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    sqlx::query(
        "INSERT INTO agency_listings (organisation_id, legal_rep, address, phone, full_time_staff, listed_on, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(l.legal_rep.clone())
    .bind(l.address.clone())
    .bind(l.phone.clone())
    .bind(i64::from(l.full_time_staff))
    .bind(l.listed_on.to_string())
    .bind(at)
    .bind(by)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// Whether the actor's organisation is a private agency without a listing (its permissions to
/// publish and draw are not open).
pub(crate) async fn unlisted(conn: &mut AnyConnection, org: i64) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM organisations o WHERE o.id = $1 AND o.kind = 'agency' \
         AND NOT EXISTS (SELECT 1 FROM agency_listings l WHERE l.organisation_id = o.id)",
    )
    .bind(org)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(n > 0)
}
