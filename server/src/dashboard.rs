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
//!
//! The queries and their WHERE builders live in [`crate::db::dashboard`]; this module chooses
//! the way, sums the groups up and runs the portfolio checks.

use std::collections::BTreeMap;

use app::api::dashboard::{DashFilter, DashboardData, Group, RecordRow};
use app::service::dashboard::DashboardServices;
use app::service::{BoxFuture, StoreError};
use shared::access::JurisdictionFilter;
use shared::dashboard::Kpis;
use shared::model::Method;
use shared::money::Fen;
use shared::time::{Date, Instant};

use crate::db::dashboard as repo;
use crate::store::{internal, Store};

/// The most records one drill-down lists (and exports); the page says when a filter hits it.
pub const RECORDS_LIMIT: usize = app::api::dashboard::RECORDS_LIMIT;

/// Whether the contract figures may come from a rollup (no agency).
pub fn contracts_from_rollup(f: &DashFilter) -> bool {
    f.agency.trim().parse::<i64>().is_err()
}

/// Sums rows of (month, jurisdiction, method, count, budget, actual) up to the figures.
fn sum_up(rows: &[repo::ContractGroupRow]) -> Result<ContractFigures, StoreError> {
    let mut total = Group::empty(String::new());
    let mut methods: BTreeMap<Method, Group<Method>> = BTreeMap::new();
    let (mut districts, mut months) = (BTreeMap::new(), BTreeMap::new());
    for r in rows {
        let g = Group {
            key: (),
            count: r.contracts,
            budget: Fen(r.budget),
            actual: Fen(r.actual),
        };
        if g.count == 0 {
            continue;
        }
        add(&mut methods, &repo::method(&r.method)?, &g);
        add(&mut districts, &r.jurisdiction_code, &g);
        add(&mut months, &r.month, &g);
        total.add_figures(&g);
    }
    let mut by_method: Vec<Group<Method>> = methods.into_values().collect();
    // As the base query: by budget, largest first (ties by code).
    by_method.sort_by(|a, b| {
        b.budget
            .cmp(&a.budget)
            .then_with(|| a.key.code().cmp(b.key.code()))
    });
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
    by_method: Vec<Group<Method>>,
    by_district: Vec<Group>,
    by_month: Vec<Group>,
}

/// Adds `g` to the group of `key` in `map`.
fn add<K: Ord + Clone>(map: &mut BTreeMap<K, Group<K>>, key: &K, g: &Group<()>) {
    map.entry(key.clone())
        .or_insert_with(|| Group::empty(key.clone()))
        .add_figures(g);
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
            repo::rolled_up_plans(pool, scope, f).await?
        } else {
            repo::plans(pool, scope, f).await?
        };
        // Suppliers registered in the scope (or the district).
        let suppliers = repo::suppliers(pool, scope, f).await?;
        let c = if !rollups {
            self.contracts_base(scope, f).await?
        } else if contracts_from_rollup(f) {
            // One query over the rollup, grouped by month, jurisdiction and method, summed up here.
            sum_up(&repo::rolled_up_contracts(pool, scope, f).await?)?
        } else {
            // A filter no rollup answers (an agency): one query over `projects` grouped as the
            // rollup.
            sum_up(&repo::contract_groups(pool, self.db.backend, scope, f).await?)?
        };
        let findings = if rollups {
            repo::rolled_up_findings(pool, scope, f).await?
        } else {
            repo::findings(pool, scope, f).await?
        };
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

    /// The contract figures from `projects`.
    async fn contracts_base(
        &self,
        scope: &JurisdictionFilter,
        f: &DashFilter,
    ) -> Result<ContractFigures, StoreError> {
        let pool = &self.db.pool;
        let total = repo::contract_totals(pool, scope, f).await?;
        let by_method = repo::contracts_by_method(pool, scope, f).await?;
        let by_district = repo::contracts_by_district(pool, scope, f).await?;
        // Months in China time: grouped here (the databases name months differently).
        let rows = repo::contract_facts(pool, scope, f).await?;
        let mut months: BTreeMap<String, Group> = Default::default();
        for r in &rows {
            let d = Instant::from_unix_seconds(r.contract_signed_at).china_date();
            let key = format!("{:04}-{:02}", d.year(), d.month());
            let g = Group {
                key: (),
                count: 1,
                budget: Fen(r.budget_amount),
                actual: Fen(r.contract_amount.unwrap_or(0)),
            };
            add(&mut months, &key, &g);
        }
        Ok(ContractFigures {
            total,
            by_method,
            by_district,
            by_month: months.into_values().collect(),
        })
    }

    async fn dashboard_records(
        &self,
        scope: &JurisdictionFilter,
        f: &DashFilter,
    ) -> Result<Vec<RecordRow>, StoreError> {
        repo::records(&self.db.pool, scope, f).await
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
        let records = self.portfolio_records(scope, f, now).await?;
        let ctx = shared::checks::CheckContext::builtin(Instant::from_unix_seconds(now));
        Ok(shared::analytics::report(&records, &ctx))
    }

    /// The records the portfolio checks read: the projects of the scope and filter, with the
    /// bids of the projects opened by `now` only (`yiwang checks dump` writes them).
    pub async fn portfolio_records(
        &self,
        scope: &JurisdictionFilter,
        f: &DashFilter,
        now: i64,
    ) -> Result<Vec<shared::model::ProjectRecord>, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let rows = repo::portfolio_projects(&mut conn, scope, f).await?;
        let from = Date::parse(f.from.trim()).ok();
        let to = Date::parse(f.to.trim()).ok();
        let as_of = Instant::from_unix_seconds(now);
        let mut records = Vec::with_capacity(rows.len());
        for (id, mut record) in rows {
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
        Ok(records)
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
