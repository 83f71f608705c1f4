//! Expert enrolment's SQL (issue 17 point 3): applications, the keeper's decisions, the days an
//! expert cannot serve. `crate::enrolment` decides; it holds no SQL.

use app::service::StoreError;
use sqlx::{AnyConnection, AnyPool};

use crate::store::internal;

/// A new application (status `applied`, not yet in the provincial library).
pub(crate) struct NewApplication<'a> {
    pub name: &'a str,
    pub specialties_json: &'a str,
    pub jurisdiction_code: &'a str,
    pub employer_name: &'a str,
    pub employment_json: &'a str,
    pub user_id: i64,
    pub title: &'a str,
    pub id_number_sealed: &'a str,
    pub id_number_masked: &'a str,
    pub relations_json: &'a str,
    pub legal: bool,
}

pub(crate) async fn insert_application(
    conn: &mut AnyConnection,
    a: &NewApplication<'_>,
    now: i64,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO experts (name, specialties_json, jurisdiction_code, employer_name, employment_json, legal, \
         registered, user_id, created_at, status, title, id_number_sealed, id_number_masked, relations_json) \
         VALUES ($1, $2, $3, $4, $5, $12, 0, $6, $7, 'applied', $8, $9, $10, $11) RETURNING id",
    )
    .bind(a.name.to_owned())
    .bind(a.specialties_json.to_owned())
    .bind(a.jurisdiction_code.to_owned())
    .bind(a.employer_name.to_owned())
    .bind(a.employment_json.to_owned())
    .bind(a.user_id)
    .bind(now)
    .bind(a.title.to_owned())
    .bind(a.id_number_sealed.to_owned())
    .bind(a.id_number_masked.to_owned())
    .bind(a.relations_json.to_owned())
    .bind(i64::from(a.legal))
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// An expert as the enrolment pages show it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExpertRecordRow {
    pub id: i64,
    pub name: String,
    pub specialties_json: String,
    pub employer_name: String,
    pub title: Option<String>,
    pub id_number_sealed: Option<String>,
    pub id_number_masked: Option<String>,
    pub status: String,
    pub decision_reason: Option<String>,
    pub decision_basis: Option<String>,
    pub decided_at: Option<i64>,
    pub created_at: i64,
    pub relations_json: String,
    pub jurisdiction_code: String,
    pub legal: i64,
}

const COLUMNS: &str = "id, name, specialties_json, employer_name, title, id_number_sealed, id_number_masked, status, \
     decision_reason, decision_basis, decided_at, created_at, relations_json, jurisdiction_code, legal FROM experts";

/// The names of the registered suppliers with these 统一社会信用代码 (code → name).
pub(crate) async fn supplier_names(
    pool: &AnyPool,
    codes: &[String],
) -> Result<std::collections::HashMap<String, String>, StoreError> {
    let mut out = std::collections::HashMap::new();
    for code in codes {
        let name: Option<String> =
            sqlx::query_scalar("SELECT name FROM suppliers WHERE credit_code = $1")
                .bind(code.clone())
                .fetch_optional(pool)
                .await
                .map_err(internal)?;
        if let Some(name) = name {
            out.insert(code.clone(), name);
        }
    }
    Ok(out)
}

/// Replaces an expert's declared relations (a JSON list of credit codes).
pub(crate) async fn set_relations(
    conn: &mut AnyConnection,
    id: i64,
    relations_json: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE experts SET relations_json = $1 WHERE id = $2")
        .bind(relations_json.to_owned())
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

pub(crate) async fn expert_of_user(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<ExpertRecordRow>, StoreError> {
    sqlx::query_as::<_, ExpertRecordRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} WHERE user_id = $1"
    )))
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

pub(crate) async fn expert(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<ExpertRecordRow>, StoreError> {
    sqlx::query_as::<_, ExpertRecordRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

/// A page of experts by state (`""`: any) and name, applications first, and the count.
pub(crate) async fn experts(
    pool: &AnyPool,
    status: &str,
    text: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ExpertRecordRow>, i64), StoreError> {
    const FILTER: &str = "($1 = '' OR status = $1) AND ($2 = '' OR name LIKE '%' || $2 || '%' OR employer_name LIKE '%' || $2 || '%')";
    let total = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM experts WHERE {FILTER}"
    )))
    .bind(status.to_owned())
    .bind(text.trim().to_owned())
    .fetch_one(pool)
    .await
    .map_err(internal)?;
    let rows = sqlx::query_as::<_, ExpertRecordRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} WHERE {FILTER} ORDER BY CASE WHEN status = 'applied' THEN 0 ELSE 1 END, id DESC LIMIT $3 OFFSET $4"
    )))
    .bind(status.to_owned())
    .bind(text.trim().to_owned())
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await
    .map_err(internal)?;
    Ok((rows, total))
}

/// Records the keeper's decision: the new state (an admitted expert is in the library), who,
/// when, why and on which basis.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn decide(
    conn: &mut AnyConnection,
    id: i64,
    status: &str,
    by: i64,
    now: i64,
    reason: &str,
    basis: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE experts SET status = $1, registered = CASE WHEN $1 = 'active' THEN 1 ELSE registered END, \
         decided_by = $2, decided_at = $3, decision_reason = $4, decision_basis = $5 WHERE id = $6",
    )
    .bind(status.to_owned())
    .bind(by)
    .bind(now)
    .bind(reason.to_owned())
    .bind(basis.to_owned())
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// The days an expert marked (ISO dates, in order).
pub(crate) async fn unavailable(pool: &AnyPool, expert_id: i64) -> Result<Vec<String>, StoreError> {
    sqlx::query_scalar("SELECT day FROM expert_unavailable WHERE expert_id = $1 ORDER BY day")
        .bind(expert_id)
        .fetch_all(pool)
        .await
        .map_err(internal)
}

/// Marks (`true`) or frees a day.
pub(crate) async fn set_unavailable(
    conn: &mut AnyConnection,
    expert_id: i64,
    day: &str,
    marked: bool,
) -> Result<(), StoreError> {
    let sql = if marked {
        "INSERT INTO expert_unavailable (expert_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM expert_unavailable WHERE expert_id = $1 AND day = $2"
    };
    sqlx::query(sql)
        .bind(expert_id)
        .bind(day.to_owned())
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// The experts who cannot serve on `day`.
pub(crate) async fn unavailable_on(
    conn: &mut AnyConnection,
    day: &str,
) -> Result<Vec<i64>, StoreError> {
    sqlx::query_scalar("SELECT expert_id FROM expert_unavailable WHERE day = $1")
        .bind(day.to_owned())
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)
}
