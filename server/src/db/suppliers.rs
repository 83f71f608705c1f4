//! The suppliers repository: its SQL and named row types (see `crate::db`). The supplier
//! registry (`suppliers` and their `supplier_categories`), its search, and the row counts of
//! `crate::store::Store::count`.

use app::api::SupplierRow;
use app::service::StoreError;
use shared::supplier::SupplierRegistration;
use sqlx::{AnyConnection, AnyPool};

use crate::store::{internal, Table};

/// Stores a registration: the supplier's row, then its categories; returns its id
/// (`Duplicate` when the credit code is registered already).
pub(crate) async fn insert_supplier(
    conn: &mut AnyConnection,
    reg: &SupplierRegistration,
    at: i64,
) -> Result<i64, StoreError> {
    let id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO suppliers (credit_code, name, legal_rep, contact_person, phone, email, region_code, address, size, registered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(reg.credit_code().as_str().to_owned())
    .bind(reg.name().as_str().to_owned())
    .bind(reg.legal_rep().as_str().to_owned())
    .bind(reg.contact_person().as_str().to_owned())
    .bind(reg.phone().as_str().to_owned())
    .bind(reg.email().as_str().to_owned())
    .bind(reg.region().code.to_owned())
    .bind(reg.address().as_str().to_owned())
    .bind(reg.size().code().to_owned())
    .bind(at)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            StoreError::Duplicate
        } else {
            internal(e)
        }
    })?;
    for category in reg.categories() {
        sqlx::query("INSERT INTO supplier_categories (supplier_id, category_code) VALUES ($1, $2)")
            .bind(id)
            .bind(category.code.to_owned())
            .execute(&mut *conn)
            .await
            .map_err(internal)?;
    }
    Ok(id)
}

/// The search of the registry: `$1` the text (empty: any), `$2` and `$3` its `LIKE` patterns
/// for the name and the credit code, `$4` the region (empty: any).
const FILTER: &str = "($1 = '' OR name LIKE $2 ESCAPE '\\' OR credit_code LIKE $3 ESCAPE '\\') \
                      AND ($4 = '' OR region_code = $4)";

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
pub(crate) fn like_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The binds `$1`–`$4` of [`FILTER`] for `text` (trimmed) and `region`.
fn filter_binds(text: &str, region: &str) -> [String; 4] {
    [
        text.to_owned(),
        like_pattern(text),
        like_pattern(&text.to_uppercase()),
        region.to_owned(),
    ]
}

/// How many suppliers match `text` (trimmed; empty: all) in `region` (empty: all).
pub(crate) async fn count_suppliers(
    pool: &AnyPool,
    text: &str,
    region: &str,
) -> Result<i64, StoreError> {
    let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM suppliers WHERE {FILTER}"
    )));
    for b in filter_binds(text, region) {
        q = q.bind(b);
    }
    q.fetch_one(pool).await.map_err(internal)
}

/// A supplier as the registry lists it.
#[derive(sqlx::FromRow)]
struct SupplierListRow {
    credit_code: String,
    name: String,
    region_code: String,
    size: String,
    registered_at: i64,
}

/// The suppliers matching `text` in `region` (as [`count_suppliers`]), newest first: `limit`
/// of them after the first `offset`.
pub(crate) async fn supplier_rows(
    pool: &AnyPool,
    text: &str,
    region: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<SupplierRow>, StoreError> {
    let mut q = sqlx::query_as::<_, SupplierListRow>(sqlx::AssertSqlSafe(format!(
        "SELECT credit_code, name, region_code, size, registered_at FROM suppliers WHERE {FILTER} \
         ORDER BY registered_at DESC, id DESC LIMIT $5 OFFSET $6"
    )));
    for b in filter_binds(text, region) {
        q = q.bind(b);
    }
    Ok(q.bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|r| SupplierRow {
            credit_code: r.credit_code,
            name: r.name,
            region_code: r.region_code,
            size: r.size,
            registered_at: r.registered_at,
        })
        .collect())
}

/// The number of rows of `table`.
pub(crate) async fn count_rows(pool: &AnyPool, table: Table) -> Result<i64, sqlx::Error> {
    let sql = match table {
        Table::Suppliers => "SELECT COUNT(*) FROM suppliers",
        Table::Organisations => "SELECT COUNT(*) FROM organisations",
        Table::Jurisdictions => "SELECT COUNT(*) FROM jurisdictions",
        Table::SupplierCategories => "SELECT COUNT(*) FROM supplier_categories",
        Table::Users => "SELECT COUNT(*) FROM users",
        Table::Sessions => "SELECT COUNT(*) FROM sessions",
        Table::AuditLog => "SELECT COUNT(*) FROM audit_log",
    };
    sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_escape() {
        assert_eq!(super::like_pattern("a%b_c\\"), "%a\\%b\\_c\\\\%");
    }
}

/// A supplier's profile as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProfileRow {
    pub id: i64,
    pub credit_code: String,
    pub name: String,
    pub legal_rep: String,
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub region_code: String,
    pub address: String,
    pub size: String,
    pub registered_at: i64,
    pub verified_at: Option<i64>,
    pub updated_at: Option<i64>,
}

const PROFILE: &str = "SELECT id, credit_code, name, legal_rep, contact_person, phone, email, region_code, address, size, \
     registered_at, verified_at, updated_at FROM suppliers";

/// The supplier with this id, if any.
pub(crate) async fn profile(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<ProfileRow>, StoreError> {
    sqlx::query_as::<_, ProfileRow>(sqlx::AssertSqlSafe(format!("{PROFILE} WHERE id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(internal)
}

/// The supplier with this credit code, if any.
pub(crate) async fn profile_by_code(
    conn: &mut AnyConnection,
    code: &str,
) -> Result<Option<ProfileRow>, StoreError> {
    sqlx::query_as::<_, ProfileRow>(sqlx::AssertSqlSafe(format!(
        "{PROFILE} WHERE credit_code = $1"
    )))
    .bind(code.to_owned())
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

/// The supplier's category codes, in order.
pub(crate) async fn categories(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Vec<String>, StoreError> {
    sqlx::query_scalar(
        "SELECT category_code FROM supplier_categories WHERE supplier_id = $1 ORDER BY category_code",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)
}

/// Replaces the supplier's data (not its credit code) and its categories.
pub(crate) async fn update_profile(
    conn: &mut AnyConnection,
    id: i64,
    reg: &SupplierRegistration,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE suppliers SET name = $1, legal_rep = $2, contact_person = $3, phone = $4, email = $5, \
         region_code = $6, address = $7, size = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(reg.name().as_str().to_owned())
    .bind(reg.legal_rep().as_str().to_owned())
    .bind(reg.contact_person().as_str().to_owned())
    .bind(reg.phone().as_str().to_owned())
    .bind(reg.email().as_str().to_owned())
    .bind(reg.region().code.to_owned())
    .bind(reg.address().as_str().to_owned())
    .bind(reg.size().code().to_owned())
    .bind(at)
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    sqlx::query("DELETE FROM supplier_categories WHERE supplier_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    for category in reg.categories() {
        sqlx::query("INSERT INTO supplier_categories (supplier_id, category_code) VALUES ($1, $2)")
            .bind(id)
            .bind(category.code.to_owned())
            .execute(&mut *conn)
            .await
            .map_err(internal)?;
    }
    Ok(())
}

/// A regulator's request that a supplier correct its data.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CorrectionRow {
    pub id: i64,
    pub requested_at: i64,
    pub note: String,
    pub resolved_at: Option<i64>,
    pub requested_by_name: String,
}

pub(crate) async fn insert_correction(
    conn: &mut AnyConnection,
    supplier_id: i64,
    by: i64,
    note: &str,
    at: i64,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO supplier_corrections (supplier_id, requested_by, requested_at, note) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(supplier_id)
    .bind(by)
    .bind(at)
    .bind(note.to_owned())
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// The supplier's correction requests, the newest first (at most 50).
pub(crate) async fn corrections(
    conn: &mut AnyConnection,
    supplier_id: i64,
) -> Result<Vec<CorrectionRow>, StoreError> {
    sqlx::query_as::<_, CorrectionRow>(
        "SELECT c.id, c.requested_at, c.note, c.resolved_at, u.display_name AS requested_by_name \
         FROM supplier_corrections c JOIN users u ON u.id = c.requested_by \
         WHERE c.supplier_id = $1 ORDER BY c.id DESC LIMIT 50",
    )
    .bind(supplier_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)
}

/// Marks the supplier's open correction requests answered; how many were open.
pub(crate) async fn resolve_corrections(
    conn: &mut AnyConnection,
    supplier_id: i64,
    at: i64,
) -> Result<u64, StoreError> {
    Ok(sqlx::query(
        "UPDATE supplier_corrections SET resolved_at = $1 WHERE supplier_id = $2 AND resolved_at IS NULL",
    )
    .bind(at)
    .bind(supplier_id)
    .execute(&mut *conn)
    .await
    .map_err(internal)?
    .rows_affected())
}
