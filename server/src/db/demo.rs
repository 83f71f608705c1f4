//! The demo repository: what the demo loader (`crate::demo`) writes outside the store's domain
//! functions (the organisations) and what it reads to find its actors and the ids it plays on,
//! with their named row types.

use sqlx::{AnyConnection, AnyPool};

/// Inserts an organisation of `kind` without a credit code.
pub(crate) async fn insert_organisation(
    conn: &mut AnyConnection,
    kind: &str,
    name: String,
    jurisdiction: &str,
    created_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO organisations (kind, name, credit_code, jurisdiction_code, created_at) VALUES ($1, $2, NULL, $3, $4)")
        .bind(kind.to_owned())
        .bind(name)
        .bind(jurisdiction.to_owned())
        .bind(created_at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Inserts a purchaser unit without a credit code.
pub(crate) async fn insert_purchaser_unit(
    conn: &mut AnyConnection,
    name: String,
    jurisdiction: &str,
    created_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO organisations (kind, name, credit_code, jurisdiction_code, created_at) VALUES ('purchaser', $1, NULL, $2, $3)")
        .bind(name)
        .bind(jurisdiction.to_owned())
        .bind(created_at)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The id of the organisation named `name`, if there is one (in the caller's transaction).
pub(crate) async fn find_organisation(
    conn: &mut AnyConnection,
    name: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM organisations WHERE name = $1")
        .bind(name.to_owned())
        .fetch_optional(&mut *conn)
        .await
}

/// The id of the organisation named `name`.
pub(crate) async fn organisation_id(pool: &AnyPool, name: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM organisations WHERE name = $1")
        .bind(name.to_owned())
        .fetch_one(pool)
        .await
}

/// The first private agency's id.
pub(crate) async fn first_agency(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(id) FROM organisations WHERE kind = 'agency'")
        .fetch_one(pool)
        .await
}

/// The procurement center's id.
pub(crate) async fn procurement_center(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM organisations WHERE kind = 'procurement_center' ORDER BY id LIMIT 1",
    )
    .fetch_one(pool)
    .await
}

/// The private agencies' ids, in creation order.
pub(crate) async fn agency_ids(pool: &AnyPool) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM organisations WHERE kind = 'agency' ORDER BY id")
        .fetch_all(pool)
        .await
}

/// A regulator's organisation.
#[derive(sqlx::FromRow)]
pub(crate) struct RegulatorOrg {
    pub id: i64,
    pub jurisdiction_code: String,
}

/// The regulators' organisations, in creation order.
pub(crate) async fn regulators(pool: &AnyPool) -> Result<Vec<RegulatorOrg>, sqlx::Error> {
    sqlx::query_as::<_, RegulatorOrg>(
        "SELECT id, jurisdiction_code FROM organisations WHERE kind = 'regulator' ORDER BY id",
    )
    .fetch_all(pool)
    .await
}

/// How many organisations and suppliers the database holds, together.
pub(crate) async fn organisations_and_suppliers(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM suppliers)",
    )
    .fetch_one(pool)
    .await
}

/// The suppliers' ids, in registration order.
pub(crate) async fn supplier_ids(pool: &AnyPool) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM suppliers ORDER BY id")
        .fetch_all(pool)
        .await
}

/// Supplier `id`'s name.
pub(crate) async fn supplier_name(pool: &AnyPool, id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM suppliers WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
}

/// An account and its organisation.
#[derive(sqlx::FromRow)]
pub(crate) struct AccountOrg {
    pub id: i64,
    pub organisation_id: Option<i64>,
}

/// The demo purchaser account `tnjyj` and its unit (for the demo plans).
pub(crate) async fn demo_purchaser(pool: &AnyPool) -> Result<AccountOrg, sqlx::Error> {
    sqlx::query_as::<_, AccountOrg>(
        "SELECT id, organisation_id FROM users WHERE username = 'tnjyj'",
    )
    .fetch_one(pool)
    .await
}

/// The id of the account named `username`.
pub(crate) async fn user_id(pool: &AnyPool, username: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(username.to_owned())
        .fetch_one(pool)
        .await
}

/// An account as the demo acts with it: the jurisdiction of its organisation or supplier.
#[derive(sqlx::FromRow)]
pub(crate) struct Actor {
    pub id: i64,
    pub role: String,
    pub organisation_id: Option<i64>,
    pub supplier_id: Option<i64>,
    pub jurisdiction: Option<String>,
}

/// Account `user_id` with its jurisdiction.
pub(crate) async fn actor(pool: &AnyPool, user_id: i64) -> Result<Actor, sqlx::Error> {
    sqlx::query_as::<_, Actor>(
        "SELECT u.id, u.role, u.organisation_id, u.supplier_id, COALESCE(o.jurisdiction_code, s.region_code) AS jurisdiction \
         FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id LEFT JOIN suppliers s ON s.id = u.supplier_id \
         WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_one(pool)
    .await
}

/// The first purchaser account of unit `org`, if it has one.
pub(crate) async fn first_purchaser(pool: &AnyPool, org: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT MIN(id) FROM users WHERE organisation_id = $1 AND role = 'purchaser'",
    )
    .bind(org)
    .fetch_one(pool)
    .await
}

/// The second purchaser account of unit `org` (its reviewer, 审核), if it has one.
pub(crate) async fn second_purchaser(pool: &AnyPool, org: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM users WHERE organisation_id = $1 AND role = 'purchaser' ORDER BY id LIMIT 1 OFFSET 1",
    )
    .bind(org)
    .fetch_optional(pool)
    .await
}

/// The first account of organisation `org`, if it has one.
pub(crate) async fn first_account(pool: &AnyPool, org: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(id) FROM users WHERE organisation_id = $1")
        .bind(org)
        .fetch_one(pool)
        .await
}

/// The account acting for supplier `supplier_id`.
pub(crate) async fn supplier_account(pool: &AnyPool, supplier_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM users WHERE supplier_id = $1")
        .bind(supplier_id)
        .fetch_one(pool)
        .await
}

/// An expert of the library with an account.
#[derive(sqlx::FromRow)]
pub(crate) struct ExpertAccount {
    pub id: i64,
    pub user_id: i64,
}

/// The experts that have an account.
pub(crate) async fn expert_accounts(pool: &AnyPool) -> Result<Vec<ExpertAccount>, sqlx::Error> {
    sqlx::query_as::<_, ExpertAccount>("SELECT id, user_id FROM experts WHERE user_id IS NOT NULL")
        .fetch_all(pool)
        .await
}

/// The id of the small demo's budget line 2026-JY-001.
pub(crate) async fn budget_line_id(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM budget_lines WHERE code = '2026-JY-001'")
        .fetch_one(pool)
        .await
}

/// The id of the small demo's open-tender plan (多媒体教室台式计算机采购).
pub(crate) async fn tender_plan_id(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM plans WHERE name = '多媒体教室台式计算机采购'")
        .fetch_one(pool)
        .await
}

/// The experts drawn for project `project_id`, in draw order.
pub(crate) async fn drawn_experts(
    pool: &AnyPool,
    project_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT expert_id FROM panel_members WHERE project_id = $1 AND status = 'drawn' ORDER BY id",
    )
    .bind(project_id)
    .fetch_all(pool)
    .await
}

/// Whether the audit trail holds a record of `action` (the demo's marker).
pub(crate) async fn has_audit_action(
    pool: &AnyPool,
    action: &'static str,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("SELECT 1 FROM audit_log WHERE action = $1 LIMIT 1")
            .bind(action)
            .fetch_optional(pool)
            .await?
            .is_some(),
    )
}

/// How many of the demo accounts `admin`, `czczj` and `tnczj` were created at `created_at`.
pub(crate) async fn demo_accounts_created_at(
    pool: &AnyPool,
    created_at: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE username IN ('admin', 'czczj', 'tnczj') AND created_at = $1",
    )
    .bind(created_at)
    .fetch_one(pool)
    .await
}
