//! The dashboard's figures in the database: counts and sums over `plans`, `suppliers`,
//! `projects` (the contract facts every step keeps: amount, signature time, 品目) and
//! `findings`, scoped to the regulator's jurisdiction and the filter. Sums are cast to BIGINT so
//! both databases answer with integers (fen).
//!
//! The fast path: the rollups of migration 0012 (`dashboard_contracts`, `dashboard_plans`,
//! `dashboard_findings`, kept by triggers in every write's transaction) hold the sums per China
//! day, jurisdiction and method (findings: stage and severity), so any period, district and
//! method is answered from them — about 1,000 days × 42 rows at most, whatever the number of
//! projects. A category filter reads the category rollups of migration 0013
//! (`dashboard_category_contracts`, `dashboard_category_plans`: the same keys after the
//! category). An agency is in no rollup key: its contracts are read from the base table
//! (indexed). Findings and suppliers always take the same way. Both ways give the same answer
//! (`tests/dashboard.rs` compares them).

use app::api::dashboard::{DashFilter, DashboardData, Group, RecordRow};
use app::service::dashboard::DashboardServices;
use app::service::{BoxFuture, StoreError};
use shared::access::JurisdictionFilter;
use shared::dashboard::Kpis;
use shared::time::{Date, Instant};
use sqlx::Row;

use crate::store::Store;

use crate::store::internal;

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

/// Whether the contract figures may come from a rollup (no agency).
pub fn contracts_from_rollup(f: &DashFilter) -> bool {
    f.agency.trim().parse::<i64>().is_err()
}

/// Whether the filter names a category: the category rollups answer it.
fn by_category(f: &DashFilter) -> bool {
    !f.category.trim().is_empty()
}

/// Sums rows of (month, jurisdiction, method, count, budget, actual) up to the figures.
fn sum_up(rows: &[sqlx::any::AnyRow]) -> Result<ContractFigures, StoreError> {
    let mut total = Group {
        key: String::new(),
        count: 0,
        budget: 0,
        actual: 0,
    };
    let (mut methods, mut districts, mut months) =
        (Default::default(), Default::default(), Default::default());
    for r in rows {
        let month: String = r.try_get(0).map_err(internal)?;
        let district: String = r.try_get(1).map_err(internal)?;
        let method: String = r.try_get(2).map_err(internal)?;
        let g = Group {
            key: String::new(),
            count: r.try_get(3).map_err(internal)?,
            budget: r.try_get(4).map_err(internal)?,
            actual: r.try_get(5).map_err(internal)?,
        };
        if g.count == 0 {
            continue;
        }
        add(&mut methods, &method, &g);
        add(&mut districts, &district, &g);
        add(&mut months, &month, &g);
        total.count += g.count;
        total.budget += g.budget;
        total.actual += g.actual;
    }
    let mut by_method: Vec<Group> = methods.into_values().collect();
    // As the base query: by budget, largest first (ties by code).
    by_method.sort_by(|a, b| b.budget.cmp(&a.budget).then_with(|| a.key.cmp(&b.key)));
    Ok(ContractFigures {
        total,
        by_method,
        by_district: districts.into_values().collect(),
        by_month: months.into_values().collect(),
    })
}

/// The contract figures: total, by method, by district, by month.
struct ContractFigures {
    total: Group,
    by_method: Vec<Group>,
    by_district: Vec<Group>,
    by_month: Vec<Group>,
}

fn add(map: &mut std::collections::BTreeMap<String, Group>, key: &str, g: &Group) {
    let e = map.entry(key.to_owned()).or_insert_with(|| Group {
        key: key.to_owned(),
        count: 0,
        budget: 0,
        actual: 0,
    });
    e.count += g.count;
    e.budget += g.budget;
    e.actual += g.actual;
}

impl Store {
    /// The dashboard's figures; `rollups`: whether the rollups may be used (the fast path, when
    /// the filter allows). Tests compare both ways.
    pub async fn dashboard_data_with(
        &self,
        scope: &JurisdictionFilter,
        f: &DashFilter,
        rollups: bool,
    ) -> Result<DashboardData, StoreError> {
        let pool = &self.db.pool;
        let plans = if rollups {
            let w = rollup_where(scope, f, true, by_category(f));
            let table = if by_category(f) {
                "dashboard_category_plans"
            } else {
                "dashboard_plans"
            };
            w.query(format!(
                "SELECT COALESCE(CAST(SUM(plans) AS BIGINT), 0) FROM {table}{}",
                w.sql
            ))
            .fetch_one(pool)
            .await
            .map_err(internal)?
            .try_get(0)
            .map_err(internal)?
        } else {
            self.plans_base(scope, f).await?
        };
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
        let c = if !rollups {
            self.contracts_base(scope, f).await?
        } else if contracts_from_rollup(f) {
            self.contracts_rollup(scope, f).await?
        } else {
            self.contracts_grouped(scope, f).await?
        };
        let findings = if rollups {
            let w = rollup_where(scope, f, false, false);
            w.query(format!(
                "SELECT stage, severity, CAST(SUM(findings) AS BIGINT) FROM dashboard_findings{} \
                 GROUP BY stage, severity HAVING SUM(findings) > 0 ORDER BY stage, severity",
                w.sql
            ))
            .fetch_all(pool)
            .await
            .map_err(internal)?
        } else {
            self.findings_base(scope, f).await?
        }
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
            kpis: Kpis {
                plans,
                suppliers,
                contracts: c.total.count,
                budget_total: c.total.budget,
                actual_total: c.total.actual,
            },
            by_method: c.by_method,
            by_district: c.by_district,
            by_month: c.by_month,
            findings,
        })
    }

    /// The contract figures from `dashboard_contracts` (a category: `dashboard_category_contracts`):
    /// one query, grouped by month, jurisdiction and method (at most months × 42 rows), summed up
    /// here.
    async fn contracts_rollup(
        &self,
        scope: &JurisdictionFilter,
        f: &DashFilter,
    ) -> Result<ContractFigures, StoreError> {
        let w = rollup_where(scope, f, true, by_category(f));
        let table = if by_category(f) {
            "dashboard_category_contracts"
        } else {
            "dashboard_contracts"
        };
        let rows = w
            .query(format!(
                "SELECT month, jurisdiction_code, method, CAST(SUM(contracts) AS BIGINT), \
                 CAST(SUM(budget) AS BIGINT), CAST(SUM(actual) AS BIGINT) FROM {table}{} \
                 GROUP BY month, jurisdiction_code, method",
                w.sql
            ))
            .fetch_all(&self.db.pool)
            .await
            .map_err(internal)?;
        sum_up(&rows)
    }

    /// The contract figures of a filter no rollup answers (an agency): one query
    /// over `projects` grouped as the rollup (the indexes of migration 0012 cover it).
    async fn contracts_grouped(
        &self,
        scope: &JurisdictionFilter,
        f: &DashFilter,
    ) -> Result<ContractFigures, StoreError> {
        let w = project_where(scope, f);
        let month = crate::db::dialect::china_month(self.db.backend, "p.contract_signed_at");
        let rows = w
            .query(format!(
                "SELECT {month}, p.jurisdiction_code, p.method, COUNT(*), CAST(SUM(p.budget_amount) AS BIGINT), \
                 COALESCE(CAST(SUM(p.contract_amount) AS BIGINT), 0) FROM projects p{} \
                 GROUP BY {month}, p.jurisdiction_code, p.method",
                w.sql
            ))
            .fetch_all(&self.db.pool)
            .await
            .map_err(internal)?;
        sum_up(&rows)
    }
    /// Plans filed in the period, of the scope, method and category, counted in `plans`.
    async fn plans_base(
        &self,
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
        pw.query(format!("SELECT COUNT(*) FROM plans{}", pw.sql))
            .fetch_one(&self.db.pool)
            .await
            .map_err(internal)?
            .try_get(0)
            .map_err(internal)
    }

    /// The contract figures from `projects`.
    async fn contracts_base(
        &self,
        scope: &JurisdictionFilter,
        f: &DashFilter,
    ) -> Result<ContractFigures, StoreError> {
        let pool = &self.db.pool;
        let w = project_where(scope, f);
        let sums = "COUNT(*), COALESCE(CAST(SUM(p.budget_amount) AS BIGINT), 0), COALESCE(CAST(SUM(p.contract_amount) AS BIGINT), 0)";
        let total = w
            .query(format!("SELECT {sums} FROM projects p{}", w.sql))
            .fetch_one(pool)
            .await
            .map_err(internal)?;
        let total = Group {
            key: String::new(),
            count: total.try_get(0).map_err(internal)?,
            budget: total.try_get(1).map_err(internal)?,
            actual: total.try_get(2).map_err(internal)?,
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
        Ok(ContractFigures {
            total,
            by_method,
            by_district,
            by_month: months.into_values().collect(),
        })
    }

    /// Findings by stage and severity from `findings`.
    async fn findings_base(
        &self,
        scope: &JurisdictionFilter,
        f: &DashFilter,
    ) -> Result<Vec<sqlx::any::AnyRow>, StoreError> {
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
        fw.query(format!(
            "SELECT stage, severity, COUNT(*) FROM findings{} GROUP BY stage, severity ORDER BY stage, severity",
            fw.sql
        ))
        .fetch_all(&self.db.pool)
        .await
        .map_err(internal)
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
        Box::pin(self.dashboard_data_with(scope, filter, true))
    }

    fn records<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        filter: &'a DashFilter,
    ) -> BoxFuture<'a, Result<Vec<RecordRow>, StoreError>> {
        Box::pin(self.dashboard_records(scope, filter))
    }
}
