//! The dashboard's figures in the database: counts and sums over `plans`, `suppliers`,
//! `projects` (the contract facts every step keeps: amount, signature time, 品目) and
//! `findings`, scoped to the regulator's jurisdiction and the filter. Sums are cast to BIGINT so
//! both databases answer with integers (fen).

use app::api::dashboard::{DashFilter, DashboardData, Group, RecordRow};
use app::service::dashboard::DashboardServices;
use app::service::{BoxFuture, StoreError};
use shared::access::JurisdictionFilter;
use shared::dashboard::Kpis;
use shared::time::{Date, Instant};
use sqlx::Row;

use crate::store::Store;

fn internal(e: impl std::fmt::Display) -> StoreError {
    StoreError::Internal(e.to_string())
}

/// A WHERE clause with its text binds, built from the scope and the filter.
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
    fn query<'q>(&self, sql: String) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
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

/// The conditions on `projects` (contracted ones) for the scope and the filter.
fn project_where(scope: &JurisdictionFilter, f: &DashFilter) -> Where {
    let mut w = Where::new();
    w.sql.push_str(" AND p.contract_signed_at IS NOT NULL");
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
    let (from, to) = period(f);
    if let Some(from) = from {
        w.int("p.contract_signed_at", ">=", from);
    }
    if let Some(to) = to {
        w.int("p.contract_signed_at", "<=", to);
    }
    w
}

fn groups(rows: Vec<sqlx::any::AnyRow>) -> Result<Vec<Group>, StoreError> {
    rows.iter()
        .map(|r| {
            Ok(Group {
                key: r.try_get(0).map_err(internal)?,
                count: r.try_get(1).map_err(internal)?,
                budget: r.try_get(2).map_err(internal)?,
                actual: r.try_get(3).map_err(internal)?,
            })
        })
        .collect()
}

/// The most records one drill-down lists (and exports); the page says when a filter hits it.
pub const RECORDS_LIMIT: usize = app::api::dashboard::RECORDS_LIMIT;

impl Store {
    async fn dashboard_data(
        &self,
        scope: &JurisdictionFilter,
        f: &DashFilter,
    ) -> Result<DashboardData, StoreError> {
        let pool = &self.db.pool;
        // Plans (filed in the period, of the scope, method and category).
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
        let plans: i64 = pw
            .query(format!("SELECT COUNT(*) FROM plans{}", pw.sql))
            .fetch_one(pool)
            .await
            .map_err(internal)?
            .try_get(0)
            .map_err(internal)?;
        // Suppliers registered in the scope (or the district).
        let mut sw = Where::new();
        if let JurisdictionFilter::Only(code) = scope {
            sw.text("region_code", code);
        }
        if !f.district.trim().is_empty() {
            sw.text("region_code", f.district.trim());
        }
        let suppliers: i64 = sw
            .query(format!("SELECT COUNT(*) FROM suppliers{}", sw.sql))
            .fetch_one(pool)
            .await
            .map_err(internal)?
            .try_get(0)
            .map_err(internal)?;
        let w = project_where(scope, f);
        let sums = "COUNT(*), COALESCE(CAST(SUM(p.budget_amount) AS BIGINT), 0), COALESCE(CAST(SUM(p.contract_amount) AS BIGINT), 0)";
        let total = w
            .query(format!("SELECT {sums} FROM projects p{}", w.sql))
            .fetch_one(pool)
            .await
            .map_err(internal)?;
        let kpis = Kpis {
            plans,
            suppliers,
            contracts: total.try_get(0).map_err(internal)?,
            budget_total: total.try_get(1).map_err(internal)?,
            actual_total: total.try_get(2).map_err(internal)?,
        };
        let by_method = groups(
            w.query(format!(
                "SELECT p.method, {sums} FROM projects p{} GROUP BY p.method ORDER BY 3 DESC",
                w.sql
            ))
            .fetch_all(pool)
            .await
            .map_err(internal)?,
        )?;
        let by_district = groups(
            w.query(format!(
                "SELECT p.jurisdiction_code, {sums} FROM projects p{} GROUP BY p.jurisdiction_code ORDER BY p.jurisdiction_code",
                w.sql
            ))
            .fetch_all(pool)
            .await
            .map_err(internal)?,
        )?;
        // Months in China time: grouped here (the databases name months differently).
        let rows = w
            .query(format!(
                "SELECT p.contract_signed_at, p.budget_amount, p.contract_amount FROM projects p{}",
                w.sql
            ))
            .fetch_all(pool)
            .await
            .map_err(internal)?;
        let mut months: std::collections::BTreeMap<String, Group> = Default::default();
        for r in &rows {
            let at: i64 = r.try_get(0).map_err(internal)?;
            let d = Instant::from_unix_seconds(at).china_date();
            let key = format!("{:04}-{:02}", d.year(), d.month());
            let g = months.entry(key.clone()).or_insert(Group {
                key,
                count: 0,
                budget: 0,
                actual: 0,
            });
            g.count += 1;
            g.budget += r.try_get::<i64, _>(1).map_err(internal)?;
            g.actual += r
                .try_get::<Option<i64>, _>(2)
                .map_err(internal)?
                .unwrap_or(0);
        }
        // Findings by stage and severity.
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
        let findings = fw
            .query(format!(
                "SELECT stage, severity, COUNT(*) FROM findings{} GROUP BY stage, severity ORDER BY stage, severity",
                fw.sql
            ))
            .fetch_all(pool)
            .await
            .map_err(internal)?
            .iter()
            .map(|r| {
                Ok((
                    r.try_get(0).map_err(internal)?,
                    r.try_get(1).map_err(internal)?,
                    r.try_get(2).map_err(internal)?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(DashboardData {
            kpis,
            by_method,
            by_district,
            by_month: months.into_values().collect(),
            findings,
        })
    }

    async fn dashboard_records(
        &self,
        scope: &JurisdictionFilter,
        f: &DashFilter,
    ) -> Result<Vec<RecordRow>, StoreError> {
        let w = project_where(scope, f);
        let rows = w
            .query(format!(
                "SELECT p.id, p.name, o.name, p.jurisdiction_code, p.method, p.budget_amount, p.contract_amount, \
                 p.contract_signed_at FROM projects p JOIN organisations o ON o.id = p.unit_id{} \
                 ORDER BY p.contract_signed_at DESC, p.id DESC LIMIT {}",
                w.sql,
                crate::dashboard::RECORDS_LIMIT
            ))
            .fetch_all(&self.db.pool)
            .await
            .map_err(internal)?;
        rows.iter()
            .map(|r| {
                Ok(RecordRow {
                    project_id: r.try_get(0).map_err(internal)?,
                    name: r.try_get(1).map_err(internal)?,
                    unit_name: r.try_get(2).map_err(internal)?,
                    jurisdiction_code: r.try_get(3).map_err(internal)?,
                    method: r.try_get(4).map_err(internal)?,
                    budget: r.try_get(5).map_err(internal)?,
                    actual: r
                        .try_get::<Option<i64>, _>(6)
                        .map_err(internal)?
                        .unwrap_or(0),
                    signed_at: r
                        .try_get::<Option<i64>, _>(7)
                        .map_err(internal)?
                        .unwrap_or(0),
                })
            })
            .collect()
    }
}

impl Store {
    /// The portfolio checks over the projects of the scope and filter: their records (with the
    /// bids of the projects opened by `now` only), the period by each project's reference date.
    async fn portfolio_report(
        &self,
        scope: &JurisdictionFilter,
        f: &DashFilter,
        now: i64,
    ) -> Result<shared::analytics::Report, StoreError> {
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
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let rows = w
            .query(format!(
                "SELECT p.id, p.record_json FROM projects p{} ORDER BY p.id",
                w.sql
            ))
            .fetch_all(&mut *conn)
            .await
            .map_err(internal)?;
        let from = Date::parse(f.from.trim()).ok();
        let to = Date::parse(f.to.trim()).ok();
        let as_of = Instant::from_unix_seconds(now);
        let mut records = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.try_get(0).map_err(internal)?;
            let text: String = r.try_get(1).map_err(internal)?;
            let mut record: shared::model::ProjectRecord =
                serde_json::from_str(&text).map_err(internal)?;
            let day = record.reference_date();
            if from.is_some_and(|d| day.is_none_or(|x| x < d))
                || to.is_some_and(|d| day.is_none_or(|x| x > d))
            {
                continue;
            }
            if record.opening_at.is_some_and(|o| o <= as_of) {
                record.bids = crate::projects::model_bids(&mut conn, id).await?;
            }
            records.push(record);
        }
        let ctx = shared::checks::CheckContext::builtin(as_of);
        Ok(shared::analytics::report(&records, &ctx))
    }
}

impl DashboardServices for Store {
    fn analytics<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        filter: &'a DashFilter,
        now: i64,
    ) -> BoxFuture<'a, Result<shared::analytics::Report, StoreError>> {
        Box::pin(self.portfolio_report(scope, filter, now))
    }

    fn data<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        filter: &'a DashFilter,
    ) -> BoxFuture<'a, Result<DashboardData, StoreError>> {
        Box::pin(self.dashboard_data(scope, filter))
    }

    fn records<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        filter: &'a DashFilter,
    ) -> BoxFuture<'a, Result<Vec<RecordRow>, StoreError>> {
        Box::pin(self.dashboard_records(scope, filter))
    }
}
