//! The calendar repository: the years of the State Council's holiday notice the bureau loaded
//! (`calendar_years`, one row a year in the shipped format; see migration 0018).

use app::service::StoreError;
use shared::calendar::YearData;

use crate::store::internal;

/// A stored year.
#[derive(sqlx::FromRow)]
pub(crate) struct YearRow {
    pub(crate) year: i64,
    pub(crate) data_json: String,
    pub(crate) source: String,
    pub(crate) loaded_at: i64,
    pub(crate) loaded_by: String,
}

/// Every stored year, oldest first.
pub(crate) async fn years(conn: &mut sqlx::AnyConnection) -> Result<Vec<YearRow>, sqlx::Error> {
    sqlx::query_as::<_, YearRow>(
        "SELECT year, data_json, source, loaded_at, loaded_by FROM calendar_years ORDER BY year",
    )
    .fetch_all(&mut *conn)
    .await
}

/// A stored year's source and data.
#[derive(sqlx::FromRow)]
struct Stored {
    year: i64,
    source: String,
    data_json: String,
}

/// Stores the shipped years the table lacks, and refreshes a stored shipped year that a newer
/// release of the software corrected (a year the bureau loaded stays as loaded).
pub(crate) async fn seed(conn: &mut sqlx::AnyConnection, now: i64) -> Result<(), sqlx::Error> {
    let have: Vec<Stored> =
        sqlx::query_as::<_, Stored>("SELECT year, source, data_json FROM calendar_years")
            .fetch_all(&mut *conn)
            .await?;
    for y in shared::calendar::shipped_years() {
        let json = y.to_json();
        if let Some(s) = have.iter().find(|s| s.year == i64::from(y.year())) {
            if s.source == "shipped" && s.data_json != json {
                sqlx::query(
                    "UPDATE calendar_years SET data_json = $1, loaded_at = $2 \
                     WHERE year = $3 AND source = 'shipped'",
                )
                .bind(json)
                .bind(now)
                .bind(i64::from(y.year()))
                .execute(&mut *conn)
                .await?;
            }
            continue;
        }
        sqlx::query(
            "INSERT INTO calendar_years (year, data_json, source, loaded_at, loaded_by) \
             VALUES ($1, $2, 'shipped', $3, 'shipped') ON CONFLICT (year) DO NOTHING",
        )
        .bind(i64::from(y.year()))
        .bind(json)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The stored year `year`, if any.
pub(crate) async fn year(
    conn: &mut sqlx::AnyConnection,
    year: i32,
) -> Result<Option<YearData>, StoreError> {
    let json: Option<String> =
        sqlx::query_scalar("SELECT data_json FROM calendar_years WHERE year = $1")
            .bind(i64::from(year))
            .fetch_optional(&mut *conn)
            .await
            .map_err(internal)?;
    json.map(|j| YearData::parse(&j).map_err(internal))
        .transpose()
}

/// Stores (or replaces) a year the bureau loaded.
pub(crate) async fn put_year(
    conn: &mut sqlx::AnyConnection,
    data: &YearData,
    by: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO calendar_years (year, data_json, source, loaded_at, loaded_by) \
         VALUES ($1, $2, 'import', $3, $4) ON CONFLICT (year) DO UPDATE SET \
         data_json = excluded.data_json, source = excluded.source, \
         loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by",
    )
    .bind(i64::from(data.year()))
    .bind(data.to_json())
    .bind(now)
    .bind(by.to_owned())
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// The login name of account `user_id` (who loaded a year).
pub(crate) async fn username(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
) -> Result<String, StoreError> {
    sqlx::query_scalar("SELECT username FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut *conn)
        .await
        .map_err(internal)
}

/// An unanswered challenge's clock: `(id, kind code, filed at, due on)`.
#[derive(sqlx::FromRow)]
pub(crate) struct OpenChallenge {
    pub(crate) id: i64,
    pub(crate) kind: String,
    pub(crate) filed_at: i64,
    pub(crate) due_on: String,
}

/// The challenges not answered yet whose due date is on or after `from` (YYYY-MM-DD).
pub(crate) async fn open_challenges_due_from(
    conn: &mut sqlx::AnyConnection,
    from: &str,
) -> Result<Vec<OpenChallenge>, StoreError> {
    sqlx::query_as::<_, OpenChallenge>(
        "SELECT id, kind, filed_at, due_on FROM challenges \
         WHERE answered_at IS NULL AND due_on >= $1 ORDER BY id",
    )
    .bind(from.to_owned())
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)
}

/// Moves an unanswered challenge's due date (re-computed on a loaded calendar).
pub(crate) async fn set_challenge_due(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    due_on: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE challenges SET due_on = $1 WHERE id = $2 AND answered_at IS NULL")
        .bind(due_on.to_owned())
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}
