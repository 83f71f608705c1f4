//! The dashboard repository: its SQL and named row types (see `crate::db`). The dashboard's
//! figures — counts and sums over `plans`, `suppliers`, `projects` (contracted ones) and
//! `findings`, or over the rollups of migrations 0012 and 0013 — and the projects the portfolio
//! analytics read, each scoped to the regulator's jurisdiction and the filter by the WHERE
//! builders here. Sums are cast to BIGINT so both databases answer with integers (fen).

use app::api::dashboard::{DashFilter, Group, RecordRow, RECORDS_LIMIT};
use app::service::StoreError;
use shared::access::JurisdictionFilter;
use shared::checks::framework::{Severity, Stage};
use shared::model::{Method, ProjectRecord};
use shared::money::Fen;
use shared::time::{Date, Instant};
use sqlx::{AnyConnection, AnyPool};

use super::Backend;
use crate::store::internal;

/// A WHERE clause with its binds, built from the scope and the filter.
struct Where {
    sql: String,
    binds: Vec<Bind>,
}

enum Bind {
    Text(String),
    Int(i64),
}

impl Where {
    fn new() -> Where {
        Where {
            sql: " WHERE 1 = 1".to_owned(),
            binds: Vec::new(),
        }
    }
    fn text(&mut self, column: &str, value: &str) {
        self.binds.push(Bind::Text(value.to_owned()));
        self.sql
            .push_str(&format!(" AND {column} = ${}", self.binds.len()));
    }
    fn int(&mut self, column: &str, op: &str, value: i64) {
        self.binds.push(Bind::Int(value));
        self.sql
            .push_str(&format!(" AND {column} {op} ${}", self.binds.len()));
    }
    /// `sql` (holding this clause) as a query of rows `T`, with the clause's binds.
    fn query_as<'q, T>(
        &self,
        sql: String,
    ) -> sqlx::query::QueryAs<'q, sqlx::Any, T, sqlx::any::AnyArguments>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let mut q = sqlx::query_as::<sqlx::Any, T>(sqlx::AssertSqlSafe(sql));
        for b in &self.binds {
            q = match b {
                Bind::Text(s) => q.bind(s.clone()),
                Bind::Int(i) => q.bind(*i),
            };
        }
        q
    }
    /// `sql` (holding this clause) as a query of one value `T`, with the clause's binds.
    fn query_scalar<'q, T>(
        &self,
        sql: String,
    ) -> sqlx::query::QueryScalar<'q, sqlx::Any, T, sqlx::any::AnyArguments>
    where
        (T,): for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let mut q = sqlx::query_scalar::<sqlx::Any, T>(sqlx::AssertSqlSafe(sql));
        for b in &self.binds {
            q = match b {
                Bind::Text(s) => q.bind(s.clone()),
                Bind::Int(i) => q.bind(*i),
            };
        }
        q
    }
}

/// The period as Unix seconds [from, to] (China days, both inclusive).
fn period(f: &DashFilter) -> (Option<i64>, Option<i64>) {
    let from = Date::parse(f.from.trim())
        .ok()
        .map(|d| d.start_in_china().unix_seconds());
    let to = Date::parse(f.to.trim())
        .ok()
        .and_then(|d| d.succ())
        .map(|d| d.start_in_china().unix_seconds() - 1);
    (from, to)
}

/// The conditions on `projects` for the scope and the filter's district, method, category and
/// agency (any period, contracted or not).
fn scope_where(scope: &JurisdictionFilter, f: &DashFilter) -> Where {
    let mut w = Where::new();
    if let JurisdictionFilter::Only(code) = scope {
        w.text("p.jurisdiction_code", code);
    }
    if !f.district.trim().is_empty() {
        w.text("p.jurisdiction_code", f.district.trim());
    }
    if !f.method.trim().is_empty() {
        w.text("p.method", f.method.trim());
    }
    if !f.category.trim().is_empty() {
        w.text("p.category_code", f.category.trim());
    }
    if let Ok(agency) = f.agency.trim().parse::<i64>() {
        w.int("p.agency_id", "=", agency);
    }
    w
}

/// The conditions on `projects` (contracted ones) for the scope and the filter.
fn project_where(scope: &JurisdictionFilter, f: &DashFilter) -> Where {
    let mut w = scope_where(scope, f);
    w.sql.push_str(" AND p.contract_signed_at IS NOT NULL");
    let (from, to) = period(f);
    if let Some(from) = from {
        w.int("p.contract_signed_at", ">=", from);
    }
    if let Some(to) = to {
        w.int("p.contract_signed_at", "<=", to);
    }
    w
}

/// The China day number of a Unix time, as the rollups key it.
fn day_of(unix: i64) -> i64 {
    (unix + 28_800) / 86_400
}

/// The conditions on a rollup: scope, district, method (if `method`) and period in days; with
/// `category`, the filter's category first (the category rollups' key).
fn rollup_where(scope: &JurisdictionFilter, f: &DashFilter, method: bool, category: bool) -> Where {
    let mut w = Where::new();
    if category {
        w.text("category_code", f.category.trim());
    }
    if let JurisdictionFilter::Only(code) = scope {
        w.text("jurisdiction_code", code);
    }
    if !f.district.trim().is_empty() {
        w.text("jurisdiction_code", f.district.trim());
    }
    if method && !f.method.trim().is_empty() {
        w.text("method", f.method.trim());
    }
    let (from, to) = period(f);
    if let Some(from) = from {
        w.int("day", ">=", day_of(from));
    }
    if let Some(to) = to {
        w.int("day", "<=", day_of(to));
    }
    w
}

/// Whether the filter names a category: the category rollups answer it.
fn by_category(f: &DashFilter) -> bool {
    !f.category.trim().is_empty()
}

/// The plans filed in the period, of the scope, method and category, from `dashboard_plans`
/// (a category: `dashboard_category_plans`).
pub(crate) async fn rolled_up_plans(
    pool: &AnyPool,
    scope: &JurisdictionFilter,
    f: &DashFilter,
) -> Result<i64, StoreError> {
    let w = rollup_where(scope, f, true, by_category(f));
    let table = if by_category(f) {
        "dashboard_category_plans"
    } else {
        "dashboard_plans"
    };
    w.query_scalar::<i64>(format!(
        "SELECT COALESCE(CAST(SUM(plans) AS BIGINT), 0) FROM {table}{}",
        w.sql
    ))
    .fetch_one(pool)
    .await
    .map_err(internal)
}

/// The plans filed in the period, of the scope, method and category, counted in `plans`.
pub(crate) async fn plans(
    pool: &AnyPool,
    scope: &JurisdictionFilter,
    f: &DashFilter,
) -> Result<i64, StoreError> {
    let mut pw = Where::new();
    if let JurisdictionFilter::Only(code) = scope {
        pw.text("jurisdiction_code", code);
    }
    if !f.district.trim().is_empty() {
        pw.text("jurisdiction_code", f.district.trim());
    }
    if !f.method.trim().is_empty() {
        pw.text("method", f.method.trim());
    }
    if !f.category.trim().is_empty() {
        pw.text("category_code", f.category.trim());
    }
    let (from, to) = period(f);
    if let Some(from) = from {
        pw.int("created_at", ">=", from);
    }
    if let Some(to) = to {
        pw.int("created_at", "<=", to);
    }
    pw.query_scalar::<i64>(format!("SELECT COUNT(*) FROM plans{}", pw.sql))
        .fetch_one(pool)
        .await
        .map_err(internal)
}

/// The suppliers registered in the scope (or the filter's district).
pub(crate) async fn suppliers(
    pool: &AnyPool,
    scope: &JurisdictionFilter,
    f: &DashFilter,
) -> Result<i64, StoreError> {
    let mut sw = Where::new();
    if let JurisdictionFilter::Only(code) = scope {
        sw.text("region_code", code);
    }
    if !f.district.trim().is_empty() {
        sw.text("region_code", f.district.trim());
    }
    sw.query_scalar::<i64>(format!("SELECT COUNT(*) FROM suppliers{}", sw.sql))
        .fetch_one(pool)
        .await
        .map_err(internal)
}

/// The contracts of one China month, jurisdiction and method: how many, their budgets and
/// their amounts (fen).
#[derive(sqlx::FromRow)]
pub(crate) struct ContractGroupRow {
    pub month: String,
    pub jurisdiction_code: String,
    pub method: String,
    pub contracts: i64,
    pub budget: i64,
    pub actual: i64,
}

/// The contracts of the scope and filter from `dashboard_contracts` (a category:
/// `dashboard_category_contracts`), grouped by month, jurisdiction and method (at most
/// months × 42 rows).
pub(crate) async fn rolled_up_contracts(
    pool: &AnyPool,
    scope: &JurisdictionFilter,
    f: &DashFilter,
) -> Result<Vec<ContractGroupRow>, StoreError> {
    let w = rollup_where(scope, f, true, by_category(f));
    let table = if by_category(f) {
        "dashboard_category_contracts"
    } else {
        "dashboard_contracts"
    };
    w.query_as::<ContractGroupRow>(format!(
        "SELECT month, jurisdiction_code, method, CAST(SUM(contracts) AS BIGINT) AS contracts, \
         CAST(SUM(budget) AS BIGINT) AS budget, CAST(SUM(actual) AS BIGINT) AS actual FROM {table}{} \
         GROUP BY month, jurisdiction_code, method",
        w.sql
    ))
    .fetch_all(pool)
    .await
    .map_err(internal)
}

/// The contracts of a filter no rollup answers (an agency) from `projects`, grouped as the
/// rollup (the indexes of migration 0012 cover it).
pub(crate) async fn contract_groups(
    pool: &AnyPool,
    backend: Backend,
    scope: &JurisdictionFilter,
    f: &DashFilter,
) -> Result<Vec<ContractGroupRow>, StoreError> {
    let w = project_where(scope, f);
    let month = super::dialect::china_month(backend, "p.contract_signed_at");
    w.query_as::<ContractGroupRow>(format!(
        "SELECT {month} AS month, p.jurisdiction_code, p.method, COUNT(*) AS contracts, \
         CAST(SUM(p.budget_amount) AS BIGINT) AS budget, \
         COALESCE(CAST(SUM(p.contract_amount) AS BIGINT), 0) AS actual FROM projects p{} \
         GROUP BY {month}, p.jurisdiction_code, p.method",
        w.sql
    ))
    .fetch_all(pool)
    .await
    .map_err(internal)
}

/// The sums of contracted projects selected with [`project_where`].
const SUMS: &str =
    "COUNT(*) AS contracts, COALESCE(CAST(SUM(p.budget_amount) AS BIGINT), 0) AS budget, \
     COALESCE(CAST(SUM(p.contract_amount) AS BIGINT), 0) AS actual";

/// The contracts of all the selected projects.
#[derive(sqlx::FromRow)]
struct SumsRow {
    contracts: i64,
    budget: i64,
    actual: i64,
}

/// The contracts of one group of the selected projects.
#[derive(sqlx::FromRow)]
struct GroupRow {
    group_key: String,
    contracts: i64,
    budget: i64,
    actual: i64,
}

impl GroupRow {
    fn into_group(self) -> Group {
        Group {
            key: self.group_key,
            count: self.contracts,
            budget: Fen(self.budget),
            actual: Fen(self.actual),
        }
    }

    /// The group of a method (the key is the stored method code).
    fn into_method_group(self) -> Result<Group<Method>, StoreError> {
        Ok(Group {
            key: method(&self.group_key)?,
            count: self.contracts,
            budget: Fen(self.budget),
            actual: Fen(self.actual),
        })
    }
}

/// A stored method code as a [`Method`] (an unknown one is an internal error).
pub(crate) fn method(code: &str) -> Result<Method, StoreError> {
    Method::from_code(code).ok_or_else(|| internal(format!("unknown method code {code:?}")))
}

/// The contracts of the scope and filter from `projects`, all together (the group's key empty).
pub(crate) async fn contract_totals(
    pool: &AnyPool,
    scope: &JurisdictionFilter,
    f: &DashFilter,
) -> Result<Group, StoreError> {
    let w = project_where(scope, f);
    let total = w
        .query_as::<SumsRow>(format!("SELECT {SUMS} FROM projects p{}", w.sql))
        .fetch_one(pool)
        .await
        .map_err(internal)?;
    Ok(Group {
        key: String::new(),
        count: total.contracts,
        budget: Fen(total.budget),
        actual: Fen(total.actual),
    })
}

/// The contracts of the scope and filter from `projects` by method, the largest budget first.
pub(crate) async fn contracts_by_method(
    pool: &AnyPool,
    scope: &JurisdictionFilter,
    f: &DashFilter,
) -> Result<Vec<Group<Method>>, StoreError> {
    let w = project_where(scope, f);
    let rows = w
        .query_as::<GroupRow>(format!(
            "SELECT p.method AS group_key, {SUMS} FROM projects p{} GROUP BY p.method ORDER BY 3 DESC",
            w.sql
        ))
        .fetch_all(pool)
        .await
        .map_err(internal)?;
    rows.into_iter().map(GroupRow::into_method_group).collect()
}

/// The contracts of the scope and filter from `projects` by jurisdiction, in code order.
pub(crate) async fn contracts_by_district(
    pool: &AnyPool,
    scope: &JurisdictionFilter,
    f: &DashFilter,
) -> Result<Vec<Group>, StoreError> {
    let w = project_where(scope, f);
    let rows = w
        .query_as::<GroupRow>(format!(
            "SELECT p.jurisdiction_code AS group_key, {SUMS} FROM projects p{} GROUP BY p.jurisdiction_code ORDER BY p.jurisdiction_code",
            w.sql
        ))
        .fetch_all(pool)
        .await
        .map_err(internal)?;
    Ok(rows.into_iter().map(GroupRow::into_group).collect())
}

/// One contracted project's signature time, budget and contract amount (fen).
#[derive(sqlx::FromRow)]
pub(crate) struct ContractFactsRow {
    pub contract_signed_at: i64,
    pub budget_amount: i64,
    pub contract_amount: Option<i64>,
}

/// The contracted projects of the scope and filter, one row each (to be grouped by China month).
pub(crate) async fn contract_facts(
    pool: &AnyPool,
    scope: &JurisdictionFilter,
    f: &DashFilter,
) -> Result<Vec<ContractFactsRow>, StoreError> {
    let w = project_where(scope, f);
    w.query_as::<ContractFactsRow>(format!(
        "SELECT p.contract_signed_at, p.budget_amount, p.contract_amount FROM projects p{}",
        w.sql
    ))
    .fetch_all(pool)
    .await
    .map_err(internal)
}

/// How many findings of one stage and severity.
#[derive(sqlx::FromRow)]
struct FindingCountRow {
    stage: String,
    severity: String,
    count: i64,
}

impl FindingCountRow {
    fn into_tuple(self) -> Result<(Stage, Severity, i64), StoreError> {
        let stage = Stage::from_code(&self.stage)
            .ok_or_else(|| internal(format!("unknown stage code {:?}", self.stage)))?;
        let severity = Severity::from_code(&self.severity)
            .ok_or_else(|| internal(format!("unknown severity code {:?}", self.severity)))?;
        Ok((stage, severity, self.count))
    }
}

/// The findings of the scope, district and period by (stage, severity, count), from
/// `dashboard_findings` (groups without findings left out).
pub(crate) async fn rolled_up_findings(
    pool: &AnyPool,
    scope: &JurisdictionFilter,
    f: &DashFilter,
) -> Result<Vec<(Stage, Severity, i64)>, StoreError> {
    let w = rollup_where(scope, f, false, false);
    let rows = w
        .query_as::<FindingCountRow>(format!(
            "SELECT stage, severity, CAST(SUM(findings) AS BIGINT) AS count FROM dashboard_findings{} \
             GROUP BY stage, severity HAVING SUM(findings) > 0 ORDER BY stage, severity",
            w.sql
        ))
        .fetch_all(pool)
        .await
        .map_err(internal)?;
    rows.into_iter().map(FindingCountRow::into_tuple).collect()
}

/// The findings of the scope, district and period by (stage, severity, count), from `findings`.
pub(crate) async fn findings(
    pool: &AnyPool,
    scope: &JurisdictionFilter,
    f: &DashFilter,
) -> Result<Vec<(Stage, Severity, i64)>, StoreError> {
    let (from, to) = period(f);
    let mut fw = Where::new();
    if let JurisdictionFilter::Only(code) = scope {
        fw.text("jurisdiction_code", code);
    }
    if !f.district.trim().is_empty() {
        fw.text("jurisdiction_code", f.district.trim());
    }
    if let Some(from) = from {
        fw.int("created_at", ">=", from);
    }
    if let Some(to) = to {
        fw.int("created_at", "<=", to);
    }
    let rows = fw
        .query_as::<FindingCountRow>(format!(
            "SELECT stage, severity, COUNT(*) AS count FROM findings{} GROUP BY stage, severity ORDER BY stage, severity",
            fw.sql
        ))
        .fetch_all(pool)
        .await
        .map_err(internal)?;
    rows.into_iter().map(FindingCountRow::into_tuple).collect()
}

/// One contracted project as a drill-down lists it.
#[derive(sqlx::FromRow)]
struct ContractRecordRow {
    project_id: i64,
    name: String,
    unit_name: String,
    jurisdiction_code: String,
    method: String,
    budget_amount: i64,
    contract_amount: Option<i64>,
    contract_signed_at: Option<i64>,
}

impl ContractRecordRow {
    fn into_record(self) -> Result<RecordRow, StoreError> {
        Ok(RecordRow {
            project_id: self.project_id,
            name: self.name,
            unit_name: self.unit_name,
            jurisdiction_code: self.jurisdiction_code,
            method: method(&self.method)?,
            budget: Fen(self.budget_amount),
            actual: Fen(self.contract_amount.unwrap_or(0)),
            signed_at: Instant::from_unix_seconds(self.contract_signed_at.unwrap_or(0)),
        })
    }
}

/// The contracted projects of the scope and filter, newest contract first, at most
/// [`RECORDS_LIMIT`].
pub(crate) async fn records(
    pool: &AnyPool,
    scope: &JurisdictionFilter,
    f: &DashFilter,
) -> Result<Vec<RecordRow>, StoreError> {
    let w = project_where(scope, f);
    let rows = w
        .query_as::<ContractRecordRow>(format!(
            "SELECT p.id AS project_id, p.name, o.name AS unit_name, p.jurisdiction_code, p.method, p.budget_amount, \
             p.contract_amount, p.contract_signed_at FROM projects p JOIN organisations o ON o.id = p.unit_id{} \
             ORDER BY p.contract_signed_at DESC, p.id DESC LIMIT {}",
            w.sql, RECORDS_LIMIT
        ))
        .fetch_all(pool)
        .await
        .map_err(internal)?;
    rows.into_iter()
        .map(ContractRecordRow::into_record)
        .collect()
}

/// A project's id and record, as the portfolio checks read them.
#[derive(sqlx::FromRow)]
struct PortfolioRow {
    id: i64,
    record_json: String,
    /// The plan's budget line (stored apart from the record).
    line_id: Option<i64>,
    line_unit: Option<i64>,
    line_year: Option<i64>,
    line_approved: Option<i64>,
    line_adjusted: Option<i64>,
    /// When the plan's change to this method was approved (Unix seconds), if it was.
    method_approved_at: Option<i64>,
}

impl PortfolioRow {
    /// The record with what the portfolio checks read and the platform keeps beside it: the
    /// budget line of the project's plan (P11 groups a unit's purchases by budget line, P01
    /// reads it) and the approval of the plan's method change (P11 leaves approved non-tender
    /// purchases out of the sum).
    fn record(self) -> Result<(i64, ProjectRecord), StoreError> {
        let mut record: ProjectRecord =
            serde_json::from_str(&self.record_json).map_err(internal)?;
        if record.budget_line.is_none() {
            if let (Some(id), Some(unit), Some(year), Some(approved)) = (
                self.line_id,
                self.line_unit,
                self.line_year,
                self.line_approved,
            ) {
                record.budget_line = Some(shared::model::BudgetLine {
                    id: id.to_string(),
                    unit_id: unit.to_string(),
                    fiscal_year: i32::try_from(year).map_err(internal)?,
                    approved_amount: shared::money::Fen(approved),
                    adjusted_amount: self.line_adjusted.map(shared::money::Fen),
                    committed_amount: None,
                });
            }
        }
        if let Some(at) = self.method_approved_at {
            if !record
                .approvals
                .iter()
                .any(|a| a.kind == shared::model::ApprovalKind::MethodChange)
            {
                record.approvals.push(shared::model::Approval {
                    kind: shared::model::ApprovalKind::MethodChange,
                    submitted_at: None,
                    decided_at: Some(shared::time::Instant::from_unix_seconds(at)),
                    result: Some(shared::model::ApprovalResult::Approved),
                    to_method: Some(record.project.method),
                });
            }
        }
        Ok((self.id, record))
    }
}

/// The projects of the scope and of the filter's district, method, category and agency (any
/// period, contracted or not), by id: (id, record).
pub(crate) async fn portfolio_projects(
    conn: &mut AnyConnection,
    scope: &JurisdictionFilter,
    f: &DashFilter,
) -> Result<Vec<(i64, ProjectRecord)>, StoreError> {
    let w = scope_where(scope, f);
    let rows = w
        .query_as::<PortfolioRow>(format!(
            "SELECT p.id, p.record_json, bl.id AS line_id, bl.unit_id AS line_unit, \
             bl.fiscal_year AS line_year, bl.approved_amount AS line_approved, \
             bl.adjusted_amount AS line_adjusted, \
             (SELECT MAX(a.decided_at) FROM approvals a WHERE a.plan_id = p.plan_id \
              AND a.kind = 'method_change' AND a.status = 'approved' \
              AND (a.to_method IS NULL OR a.to_method = p.method)) AS method_approved_at \
             FROM projects p LEFT JOIN plans pl ON pl.id = p.plan_id \
             LEFT JOIN budget_lines bl ON bl.id = pl.budget_line_id{} ORDER BY p.id",
            w.sql
        ))
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)?;
    rows.into_iter().map(PortfolioRow::record).collect()
}
