//! The plans repository: its SQL and named row types (see `crate::db`). Budget lines, plans,
//! the requests to the finance department (`approvals`), intentions, a plan's rounds and the
//! stored findings of a plan or project.

use app::api::plans::{FindingRow, IntentionRow, LineRow, PlanRow, RequestRow, RoundRow};
use app::service::StoreError;
use shared::approval::{NewRequest, RequestStatus, Verdict};
use shared::checks::framework::{Severity, Stage};
use shared::execution::FailureGround;
use shared::model::{ApprovalKind, Method, MethodGround, ObjectType};
use shared::money::Fen;
use shared::plan::{
    LineFacts, NewBudgetLine, NewIntention, NewPlan, OtherPlan, PlanForm, RequestFacts,
};
use shared::plan_steps::{PlanStatus, Round};
use shared::time::{Date, Instant};
use sqlx::{AnyConnection, AnyPool};

use crate::store::internal;

/// A purchaser unit: its name and jurisdiction.
pub(crate) struct Unit {
    pub(crate) name: String,
    pub(crate) jurisdiction: String,
}

/// A row of `organisations` read as a purchaser unit.
#[derive(sqlx::FromRow)]
pub(crate) struct UnitRow {
    pub(crate) name: String,
    pub(crate) jurisdiction_code: String,
}

/// The purchaser unit `unit_id` (`NotFound` when there is no such purchaser).
pub(crate) async fn unit(conn: &mut AnyConnection, unit_id: i64) -> Result<Unit, StoreError> {
    let row = sqlx::query_as::<_, UnitRow>(
        "SELECT name, jurisdiction_code FROM organisations WHERE id = $1 AND kind = 'purchaser'",
    )
    .bind(unit_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?
    .ok_or(StoreError::NotFound)?;
    Ok(Unit {
        name: row.name,
        jurisdiction: row.jurisdiction_code,
    })
}

const LINE_COLUMNS: &str = "b.id, b.code, b.name, b.fiscal_year, b.approved_amount, b.adjusted_amount, \
     COALESCE((SELECT CAST(SUM(p.amount) AS BIGINT) FROM plans p WHERE p.budget_line_id = b.id), 0) AS committed";

/// A budget line with the total of the plans charged to it (`LINE_COLUMNS`).
#[derive(sqlx::FromRow)]
pub(crate) struct BudgetLineRow {
    pub(crate) id: i64,
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) fiscal_year: i64,
    pub(crate) approved_amount: i64,
    pub(crate) adjusted_amount: Option<i64>,
    pub(crate) committed: i64,
}

impl BudgetLineRow {
    fn into_line(self) -> LineRow {
        LineRow {
            id: self.id,
            code: self.code,
            name: self.name,
            fiscal_year: self.fiscal_year as i32,
            approved: Fen(self.approved_amount),
            adjusted: self.adjusted_amount.map(Fen),
            committed: Fen(self.committed),
        }
    }
}

/// How many budget lines the unit has.
pub(crate) async fn line_count(conn: &mut AnyConnection, unit_id: i64) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT COUNT(*) FROM budget_lines WHERE unit_id = $1")
        .bind(unit_id)
        .fetch_one(&mut *conn)
        .await
        .map_err(internal)
}

/// One page of the unit's budget lines (`page`: lines a page, page from 1), latest fiscal year
/// first.
pub(crate) async fn lines_page(
    conn: &mut AnyConnection,
    unit_id: i64,
    page: (u32, u32),
) -> Result<Vec<LineRow>, StoreError> {
    let rows = sqlx::query_as::<_, BudgetLineRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {LINE_COLUMNS} FROM budget_lines b WHERE b.unit_id = $1 ORDER BY b.fiscal_year DESC, b.code{}",
        super::page_clause(Some(page))
    )))
    .bind(unit_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(rows.into_iter().map(BudgetLineRow::into_line).collect())
}

/// The unit's budget lines, latest fiscal year first.
pub(crate) async fn lines(
    conn: &mut AnyConnection,
    unit_id: i64,
) -> Result<Vec<LineRow>, StoreError> {
    let rows = sqlx::query_as::<_, BudgetLineRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {LINE_COLUMNS} FROM budget_lines b WHERE b.unit_id = $1 ORDER BY b.fiscal_year DESC, b.code"
    )))
    .bind(unit_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(rows.into_iter().map(BudgetLineRow::into_line).collect())
}

const PLAN_COLUMNS: &str = "p.id, p.name, o.name AS unit_name, p.jurisdiction_code, p.fiscal_year, p.object_type, p.category_code, \
     p.amount, p.method, p.imports_wanted, p.planned_date, p.status, p.budget_line_id, b.code AS budget_line_code, p.created_at, p.created_by, \
     (SELECT COUNT(*) FROM findings f WHERE f.subject_type = 'plan' AND f.subject_id = CAST(p.id AS TEXT)) AS findings, \
     (SELECT COUNT(*) FROM approvals a WHERE a.plan_id = p.id AND a.status = 'pending') AS pending_requests, p.unit_id, \
     (SELECT COUNT(*) FROM projects x WHERE x.plan_id = p.id AND (NOT EXISTS \
        (SELECT 1 FROM project_terminations t WHERE t.project_id = x.id) OR EXISTS \
        (SELECT 1 FROM challenges c WHERE c.project_id = x.id AND c.answered_at IS NULL AND c.affects_result = 1))) AS running, \
     (SELECT COUNT(*) FROM approvals a WHERE a.plan_id = p.id AND a.status = 'pending' AND a.failed_project_id = \
        (SELECT MAX(x.id) FROM projects x WHERE x.plan_id = p.id)) AS waiting, \
     (SELECT COUNT(*) FROM projects x WHERE x.plan_id = p.id) AS rounds";

const PLAN_FROM: &str =
    "FROM plans p JOIN organisations o ON o.id = p.unit_id JOIN budget_lines b ON b.id = p.budget_line_id";

/// A plan as the lists show it (`PLAN_COLUMNS`).
#[derive(sqlx::FromRow)]
pub(crate) struct PlanListRow {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) unit_name: String,
    pub(crate) jurisdiction_code: String,
    pub(crate) fiscal_year: i64,
    pub(crate) object_type: String,
    pub(crate) category_code: String,
    pub(crate) amount: i64,
    pub(crate) method: String,
    pub(crate) imports_wanted: i64,
    pub(crate) planned_date: String,
    pub(crate) status: String,
    pub(crate) budget_line_id: i64,
    pub(crate) budget_line_code: String,
    pub(crate) created_at: i64,
    pub(crate) created_by: Option<i64>,
    pub(crate) findings: i64,
    pub(crate) pending_requests: i64,
    pub(crate) unit_id: i64,
    /// Rounds under way (started, not ended by 废标 / 终止).
    pub(crate) running: i64,
    /// Pending requests filed after the last round.
    pub(crate) waiting: i64,
    pub(crate) rounds: i64,
}

/// A listed plan, its unit and what its start gate reads (`shared::plan_steps::start_gate`).
pub(crate) struct ListedPlan {
    /// The plan; `startable` is `false` here, the caller sets it from the start gate.
    pub(crate) row: PlanRow,
    pub(crate) unit_id: i64,
    /// A round is under way.
    pub(crate) running: bool,
    /// A request filed after the last round failed waits for its decision.
    pub(crate) waiting: bool,
    /// The account that filed it (经办).
    pub(crate) created_by: Option<i64>,
}

impl PlanListRow {
    fn into_listed(self) -> Result<ListedPlan, StoreError> {
        let status = PlanStatus::from_code(&self.status).ok_or_else(|| internal(&self.status))?;
        Ok(ListedPlan {
            row: PlanRow {
                id: self.id,
                name: self.name,
                unit_name: self.unit_name,
                jurisdiction_code: self.jurisdiction_code,
                fiscal_year: self.fiscal_year as i32,
                object_type: ObjectType::from_code(&self.object_type)
                    .ok_or_else(|| internal(&self.object_type))?,
                category_code: self.category_code,
                amount: Fen(self.amount),
                method: Method::from_code(&self.method).ok_or_else(|| internal(&self.method))?,
                imports_wanted: self.imports_wanted == 1,
                planned_date: Date::parse(&self.planned_date).map_err(internal)?,
                status,
                budget_line_id: self.budget_line_id,
                budget_line_code: self.budget_line_code,
                created_at: Instant::from_unix_seconds(self.created_at),
                findings: self.findings,
                pending_requests: self.pending_requests,
                startable: false,
                rounds: self.rounds,
            },
            unit_id: self.unit_id,
            running: self.running > 0,
            waiting: self.waiting > 0,
            created_by: self.created_by,
        })
    }
}

/// The unit's plans, newest first.
pub(crate) async fn unit_plans(
    conn: &mut AnyConnection,
    unit_id: i64,
) -> Result<Vec<ListedPlan>, StoreError> {
    let rows = sqlx::query_as::<_, PlanListRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {PLAN_COLUMNS} {PLAN_FROM} WHERE p.unit_id = $1 ORDER BY p.id DESC"
    )))
    .bind(unit_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    rows.into_iter().map(PlanListRow::into_listed).collect()
}

/// The plans in `scope` matching `query`, newest first: one page (`Some((per_page, page))`) or
/// all; and how many match (a page counts at most `COUNT_CAP` + 1: beyond, the list says "more
/// than"). The search finds a part of the plan's or the unit's name, or the plan's number.
pub(crate) async fn plan_rows(
    pool: &sqlx::AnyPool,
    scope: &shared::access::PlanScope,
    query: &app::api::plans::PlanQuery,
    page: Option<(u32, u32)>,
) -> Result<(Vec<ListedPlan>, i64), StoreError> {
    use shared::access::{JurisdictionFilter, PlanScope};
    let scope_filter = match scope {
        PlanScope::Unit(_) => "p.unit_id = $1",
        PlanScope::Jurisdiction(JurisdictionFilter::Only(_)) => "p.jurisdiction_code = $1",
        PlanScope::Jurisdiction(JurisdictionFilter::All) => "$1 = $1",
    };
    let q = query.q.trim();
    // $2 the pattern, $3 the number it may be, $4 the year, $5 the status.
    let search = if q.is_empty() {
        "($2 = $2 AND $3 = $3)"
    } else {
        "(p.name LIKE $2 ESCAPE '\\' OR o.name LIKE $2 ESCAPE '\\' OR p.id = $3)"
    };
    let filter = format!(
        "{scope_filter} AND {search} AND ($4 = 0 OR p.fiscal_year = $4) AND ($5 = '' OR p.status = $5)"
    );
    let year: i64 = query.year.trim().parse().unwrap_or(0);
    let number: i64 = q.parse().unwrap_or(-1);
    let pattern = super::suppliers::like_pattern(q);
    macro_rules! bind_all {
        ($q:expr) => {{
            let bound = match scope {
                PlanScope::Unit(id) => $q.bind(*id),
                PlanScope::Jurisdiction(JurisdictionFilter::Only(code)) => $q.bind(code.clone()),
                PlanScope::Jurisdiction(JurisdictionFilter::All) => $q.bind(0_i64),
            };
            bound
                .bind(pattern.clone())
                .bind(number)
                .bind(year)
                .bind(query.status.clone())
        }};
    }
    let total: i64 = match page {
        Some(_) => bind_all!(sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM (SELECT 1 {PLAN_FROM} WHERE {filter} LIMIT {}) c",
            app::api::projects::COUNT_CAP + 1
        ))))
        .fetch_one(pool)
        .await
        .map_err(internal)?,
        None => 0,
    };
    let limit = super::page_clause(page);
    let rows = bind_all!(sqlx::query_as::<_, PlanListRow>(sqlx::AssertSqlSafe(
        format!("SELECT {PLAN_COLUMNS} {PLAN_FROM} WHERE {filter} ORDER BY p.id DESC{limit}")
    )))
    .fetch_all(pool)
    .await
    .map_err(internal)?
    .into_iter()
    .map(PlanListRow::into_listed)
    .collect::<Result<Vec<_>, _>>()?;
    Ok(super::counted(rows, page, total))
}

/// The plan `plan_id` as the lists show it, if there is one.
pub(crate) async fn listed_plan(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Option<ListedPlan>, StoreError> {
    sqlx::query_as::<_, PlanListRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {PLAN_COLUMNS} {PLAN_FROM} WHERE p.id = $1"
    )))
    .bind(plan_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?
    .map(PlanListRow::into_listed)
    .transpose()
}

/// Another plan of the unit, as the splitting checks see it.
#[derive(sqlx::FromRow)]
pub(crate) struct OtherPlanRow {
    pub(crate) id: i64,
    pub(crate) budget_line_id: i64,
    pub(crate) line_adjusted: i64,
    pub(crate) object_type: String,
    pub(crate) category_code: String,
    pub(crate) amount: i64,
    pub(crate) method: String,
    pub(crate) planned_date: String,
    pub(crate) method_change_approved: i64,
}

impl OtherPlanRow {
    fn into_other(self) -> Result<OtherPlan, StoreError> {
        Ok(OtherPlan {
            id: self.id,
            budget_line_id: self.budget_line_id,
            line_adjusted: self.line_adjusted == 1,
            object_type: ObjectType::from_code(&self.object_type)
                .ok_or_else(|| internal(&self.object_type))?,
            category_code: self.category_code,
            amount: Fen(self.amount),
            method: Method::from_code(&self.method).ok_or_else(|| internal(&self.method))?,
            planned_date: Date::parse(&self.planned_date).map_err(internal)?,
            method_change_approved: self.method_change_approved > 0,
        })
    }
}

/// The unit's plans of a fiscal year, as the splitting checks see them.
/// The unit's plans of the year; with a category, only those of the category: the splitting
/// checks' group (P11: unit, line, category, year; P12: unit, category) — plans of other
/// categories are in other groups, which `plan_checks` does not report, so the server's checks
/// do not read them (a unit with many plans stays cheap). The plan form gets them all: its
/// category can change while the user types.
pub(crate) async fn other_plans(
    conn: &mut AnyConnection,
    unit_id: i64,
    year: i32,
    category_code: Option<&str>,
) -> Result<Vec<OtherPlan>, StoreError> {
    let rows = sqlx::query_as::<_, OtherPlanRow>(
        "SELECT p.id, p.budget_line_id, CAST(CASE WHEN b.adjusted_amount IS NULL THEN 0 ELSE 1 END AS BIGINT) AS line_adjusted, p.object_type, \
         p.category_code, p.amount, p.method, p.planned_date, \
         (SELECT COUNT(*) FROM approvals a WHERE a.plan_id = p.id AND a.kind = 'method_change' AND a.status = 'approved') AS method_change_approved \
         FROM plans p JOIN budget_lines b ON b.id = p.budget_line_id \
         WHERE p.unit_id = $1 AND p.fiscal_year = $2 AND ($3 IS NULL OR p.category_code = $3) ORDER BY p.id",
    )
    .bind(unit_id)
    .bind(i64::from(year))
    .bind(category_code.map(str::to_owned))
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    rows.into_iter().map(OtherPlanRow::into_other).collect()
}

/// A request about a plan as the checks see it, with the failed round it was filed after.
#[derive(sqlx::FromRow)]
pub(crate) struct RequestFactsRow {
    pub(crate) kind: String,
    pub(crate) to_method: Option<String>,
    pub(crate) ground: Option<String>,
    pub(crate) submitted_at: i64,
    pub(crate) decided_at: Option<i64>,
    pub(crate) status: String,
    pub(crate) failed_project_id: Option<i64>,
}

impl RequestFactsRow {
    fn into_linked(self) -> Result<(RequestFacts, Option<i64>), StoreError> {
        let facts = RequestFacts {
            kind: shared::approval::kind_from_code(&self.kind)
                .ok_or_else(|| internal(&self.kind))?,
            to_method: self.to_method.as_deref().and_then(Method::from_code),
            ground: self.ground.as_deref().and_then(MethodGround::from_code),
            submitted_at: Instant::from_unix_seconds(self.submitted_at),
            decided_at: self.decided_at.map(Instant::from_unix_seconds),
            approved: match self.status.as_str() {
                "approved" => Some(true),
                "rejected" => Some(false),
                _ => None,
            },
        };
        Ok((facts, self.failed_project_id))
    }
}

/// The plan's requests as the checks see them, oldest first.
pub(crate) async fn request_facts(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<RequestFacts>, StoreError> {
    Ok(linked_request_facts(conn, plan_id)
        .await?
        .into_iter()
        .map(|(r, _)| r)
        .collect())
}

/// The plan's requests, each with the failed round it was filed after (if any).
pub(crate) async fn linked_request_facts(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<(RequestFacts, Option<i64>)>, StoreError> {
    let rows = sqlx::query_as::<_, RequestFactsRow>(
        "SELECT kind, to_method, ground, submitted_at, decided_at, status, failed_project_id FROM approvals \
         WHERE plan_id = $1 ORDER BY id",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    rows.into_iter().map(RequestFactsRow::into_linked).collect()
}

/// A round of the plan as its gate reads it: the project, whether it was terminated and whether
/// a challenge that may affect its result is unanswered.
#[derive(sqlx::FromRow)]
pub(crate) struct RoundStateRow {
    pub(crate) id: i64,
    pub(crate) terminated: i64,
    pub(crate) challenged: i64,
}

/// The plan's rounds (its projects) in round order, as the gate reads them.
pub(crate) async fn rounds(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<Round>, StoreError> {
    let rows = sqlx::query_as::<_, RoundStateRow>(
        "SELECT x.id, CAST(CASE WHEN t.project_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS terminated, \
         (SELECT COUNT(*) FROM challenges c WHERE c.project_id = x.id AND c.answered_at IS NULL \
         AND c.affects_result = 1) AS challenged FROM projects x \
         LEFT JOIN project_terminations t ON t.project_id = x.id WHERE x.plan_id = $1 ORDER BY x.round",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(rows
        .into_iter()
        .map(|r| Round {
            project_id: r.id,
            terminated: r.terminated == 1,
            challenged: r.challenged > 0,
        })
        .collect())
}

/// A stored plan read back as the validated plan it was filed from.
pub(crate) struct StoredPlan {
    pub(crate) plan: NewPlan,
    pub(crate) unit_id: i64,
    pub(crate) jurisdiction: String,
    pub(crate) status: String,
    pub(crate) created_at: i64,
    /// The account that filed it (经办), if known.
    pub(crate) created_by: Option<i64>,
}

/// A row of `plans` with the fields of the form it was filed from.
#[derive(sqlx::FromRow)]
pub(crate) struct StoredPlanRow {
    pub(crate) budget_line_id: i64,
    pub(crate) name: String,
    pub(crate) object_type: String,
    pub(crate) category_code: String,
    pub(crate) amount: i64,
    pub(crate) method: String,
    pub(crate) imports_wanted: i64,
    pub(crate) planned_date: String,
    pub(crate) unit_id: i64,
    pub(crate) jurisdiction_code: String,
    pub(crate) status: String,
    pub(crate) created_at: i64,
    pub(crate) created_by: Option<i64>,
}

impl StoredPlanRow {
    fn into_stored(self, plan_id: i64) -> Result<StoredPlan, StoreError> {
        let form = PlanForm {
            budget_line_id: self.budget_line_id.to_string(),
            name: self.name,
            object_type: self.object_type,
            category_code: self.category_code,
            amount: Fen(self.amount).to_string(),
            method: self.method,
            imports_wanted: if self.imports_wanted == 1 {
                "on".into()
            } else {
                String::new()
            },
            planned_date: self.planned_date,
        };
        Ok(StoredPlan {
            plan: form
                .parse()
                .map_err(|e| internal(format!("stored plan {plan_id} no longer parses: {e:?}")))?,
            unit_id: self.unit_id,
            jurisdiction: self.jurisdiction_code,
            status: self.status,
            created_at: self.created_at,
            created_by: self.created_by,
        })
    }
}

/// The stored plan `plan_id` (`NotFound` when there is none).
pub(crate) async fn stored_plan(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<StoredPlan, StoreError> {
    sqlx::query_as::<_, StoredPlanRow>(
        "SELECT budget_line_id, name, object_type, category_code, amount, method, imports_wanted, planned_date, \
         unit_id, jurisdiction_code, status, created_at, created_by FROM plans WHERE id = $1",
    )
    .bind(plan_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?
    .ok_or(StoreError::NotFound)?
    .into_stored(plan_id)
}

/// A budget line as the checks see it: the other plans' total excludes the plan itself.
#[derive(sqlx::FromRow)]
pub(crate) struct LineFactsRow {
    pub(crate) fiscal_year: i64,
    pub(crate) approved_amount: i64,
    pub(crate) adjusted_amount: Option<i64>,
    pub(crate) committed_elsewhere: i64,
}

/// The unit's budget line `line_id` as the checks see it for plan `plan_id` (`None`: a new
/// plan), if the unit has that line.
pub(crate) async fn line_facts(
    conn: &mut AnyConnection,
    line_id: i64,
    unit_id: i64,
    plan_id: Option<i64>,
) -> Result<Option<LineFacts>, StoreError> {
    let row = sqlx::query_as::<_, LineFactsRow>(
        "SELECT fiscal_year, approved_amount, adjusted_amount, \
         COALESCE((SELECT CAST(SUM(p.amount) AS BIGINT) FROM plans p WHERE p.budget_line_id = b.id AND p.id <> $3), 0) AS committed_elsewhere \
         FROM budget_lines b WHERE b.id = $1 AND b.unit_id = $2",
    )
    .bind(line_id)
    .bind(unit_id)
    .bind(plan_id.unwrap_or(0))
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(row.map(|r| LineFacts {
        id: line_id,
        fiscal_year: r.fiscal_year as i32,
        approved: Fen(r.approved_amount),
        adjusted: r.adjusted_amount.map(Fen),
        committed_elsewhere: Fen(r.committed_elsewhere),
    }))
}

/// When the plan's first intention was published, if one was.
pub(crate) async fn first_intention_at(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Option<Instant>, StoreError> {
    let at: Option<i64> =
        sqlx::query_scalar("SELECT MIN(published_at) FROM intentions WHERE plan_id = $1")
            .bind(plan_id)
            .fetch_one(&mut *conn)
            .await
            .map_err(internal)?;
    Ok(at.map(Instant::from_unix_seconds))
}

/// A row of `findings`.
#[derive(sqlx::FromRow)]
pub(crate) struct StoredFindingRow {
    pub(crate) check_id: String,
    pub(crate) severity: String,
    pub(crate) stage: String,
    pub(crate) step: String,
    pub(crate) message_zh: String,
    pub(crate) message_en: String,
    pub(crate) created_at: i64,
}

impl StoredFindingRow {
    fn into_finding(self) -> Result<FindingRow, StoreError> {
        Ok(FindingRow {
            severity: Severity::from_code(&self.severity)
                .ok_or_else(|| internal(&self.severity))?,
            stage: Stage::from_code(&self.stage).ok_or_else(|| internal(&self.stage))?,
            check_id: self.check_id,
            step: self.step,
            message_zh: self.message_zh,
            message_en: self.message_en,
            created_at: Instant::from_unix_seconds(self.created_at),
        })
    }
}

/// The stored findings of a plan or project, oldest first.
pub(crate) async fn findings_of(
    conn: &mut AnyConnection,
    subject_type: &str,
    subject_id: i64,
) -> Result<Vec<FindingRow>, StoreError> {
    let rows = sqlx::query_as::<_, StoredFindingRow>(
        "SELECT check_id, severity, stage, step, message_zh, message_en, created_at FROM findings \
         WHERE subject_type = $1 AND subject_id = $2 ORDER BY id",
    )
    .bind(subject_type.to_owned())
    .bind(subject_id.to_string())
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    rows.into_iter()
        .map(StoredFindingRow::into_finding)
        .collect()
}

/// A published intention of a plan.
#[derive(sqlx::FromRow)]
pub(crate) struct IntentionListRow {
    pub(crate) published_at: i64,
    pub(crate) media: String,
    pub(crate) content: String,
}

/// The plan's published intentions, in publication order.
pub(crate) async fn intentions(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<IntentionRow>, StoreError> {
    let rows = sqlx::query_as::<_, IntentionListRow>(
        "SELECT published_at, media, content FROM intentions WHERE plan_id = $1 ORDER BY published_at, id",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(rows
        .into_iter()
        .map(|r| IntentionRow {
            published_on: Instant::from_unix_seconds(r.published_at).china_date(),
            media: r.media,
            content: r.content,
        })
        .collect())
}

/// A round of the plan as its page shows it: the project and how it was terminated, if it was.
#[derive(sqlx::FromRow)]
pub(crate) struct RoundListRow {
    pub(crate) id: i64,
    pub(crate) round: i64,
    pub(crate) method: String,
    pub(crate) ground: Option<String>,
    pub(crate) reason: Option<String>,
}

impl RoundListRow {
    fn into_round(self) -> Result<RoundRow, StoreError> {
        Ok(RoundRow {
            project_id: self.id,
            round: self.round,
            method: Method::from_code(&self.method).ok_or_else(|| internal(&self.method))?,
            failed: self
                .ground
                .as_deref()
                .and_then(FailureGround::from_code)
                .map(|g| (g, self.reason.unwrap_or_default())),
        })
    }
}

/// The plan's rounds of procurement, in round order.
pub(crate) async fn round_rows(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<RoundRow>, StoreError> {
    let rows = sqlx::query_as::<_, RoundListRow>(
        "SELECT x.id, x.round, x.method, t.ground, t.reason FROM projects x \
         LEFT JOIN project_terminations t ON t.project_id = x.id WHERE x.plan_id = $1 ORDER BY x.round",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    rows.into_iter().map(RoundListRow::into_round).collect()
}

/// A stored China date that may be absent (`YYYY-MM-DD`; anything else is an internal failure).
fn optional_date(stored: Option<&str>) -> Result<Option<Date>, StoreError> {
    stored.map(Date::parse).transpose().map_err(internal)
}

/// A request to the finance department as the lists show it.
#[derive(sqlx::FromRow)]
pub(crate) struct RequestListRow {
    pub(crate) id: i64,
    pub(crate) plan_id: i64,
    pub(crate) plan_name: String,
    pub(crate) unit_name: String,
    pub(crate) jurisdiction_code: String,
    pub(crate) kind: String,
    pub(crate) to_method: Option<String>,
    pub(crate) ground: Option<String>,
    pub(crate) reason: String,
    pub(crate) supplier_name: Option<String>,
    pub(crate) notice_from: Option<String>,
    pub(crate) notice_until: Option<String>,
    pub(crate) status: String,
    pub(crate) submitted_at: i64,
    pub(crate) submitted_by: Option<String>,
    pub(crate) decided_at: Option<i64>,
    pub(crate) decided_by: Option<String>,
    pub(crate) decision_reason: Option<String>,
    pub(crate) amount: i64,
    pub(crate) failed_project_id: Option<i64>,
    pub(crate) failed_ground: Option<String>,
}

impl RequestListRow {
    fn into_request(self) -> Result<RequestRow, StoreError> {
        Ok(RequestRow {
            id: self.id,
            plan_id: self.plan_id,
            plan_name: self.plan_name,
            unit_name: self.unit_name,
            jurisdiction_code: self.jurisdiction_code,
            kind: shared::approval::kind_from_code(&self.kind)
                .ok_or_else(|| internal(&self.kind))?,
            to_method: self.to_method.as_deref().and_then(Method::from_code),
            ground: self.ground.as_deref().and_then(MethodGround::from_code),
            reason: self.reason,
            supplier_name: self.supplier_name,
            notice_from: optional_date(self.notice_from.as_deref())?,
            notice_until: optional_date(self.notice_until.as_deref())?,
            status: RequestStatus::from_code(&self.status).ok_or_else(|| internal(&self.status))?,
            submitted_at: Instant::from_unix_seconds(self.submitted_at),
            submitted_by: self.submitted_by,
            decided_at: self.decided_at.map(Instant::from_unix_seconds),
            decided_by: self.decided_by,
            decision_reason: self.decision_reason,
            amount: Fen(self.amount),
            failed_round: self.failed_project_id.zip(
                self.failed_ground
                    .as_deref()
                    .and_then(FailureGround::from_code),
            ),
            approvable: false,
        })
    }
}

const REQUEST_SELECT: &str = "SELECT a.id, a.plan_id, p.name AS plan_name, o.name AS unit_name, a.jurisdiction_code, a.kind, a.to_method, a.ground, a.reason, \
     a.supplier_name, a.notice_from, a.notice_until, a.status, a.submitted_at, us.display_name AS submitted_by, a.decided_at, \
     ud.display_name AS decided_by, a.decision_reason, p.amount, a.failed_project_id, ft.ground AS failed_ground \
     FROM approvals a JOIN plans p ON p.id = a.plan_id JOIN organisations o ON o.id = p.unit_id \
     LEFT JOIN project_terminations ft ON ft.project_id = a.failed_project_id \
     LEFT JOIN users us ON us.id = a.submitted_by LEFT JOIN users ud ON ud.id = a.decided_by";
const REQUEST_ORDER: &str =
    "ORDER BY CASE WHEN a.status = 'pending' THEN 0 ELSE 1 END, a.submitted_at, a.id";

/// The requests of `scope` matching `query` (status; part of the plan's or the unit's name, or
/// the request's number), pending first: one page (`Some((per_page, page))`) or all; and how
/// many match (`approvable` left `false`).
pub(crate) async fn request_page(
    conn: &mut AnyConnection,
    scope: &shared::access::JurisdictionFilter,
    query: &app::api::plans::ApprovalQuery,
    page: Option<(u32, u32)>,
) -> Result<(Vec<RequestRow>, i64), StoreError> {
    use shared::access::JurisdictionFilter;
    let scope_filter = match scope {
        JurisdictionFilter::Only(_) => "a.jurisdiction_code = $1",
        JurisdictionFilter::All => "$1 = $1",
    };
    let q = query.q.trim();
    // $2 the status, $3 the pattern, $4 the number it may be.
    let search = if q.is_empty() {
        "($3 = $3 AND $4 = $4)"
    } else {
        "(p.name LIKE $3 ESCAPE '\\' OR o.name LIKE $3 ESCAPE '\\' OR a.id = $4)"
    };
    let filter = format!("{scope_filter} AND ($2 = '' OR a.status = $2) AND {search}");
    let number: i64 = q.parse().unwrap_or(-1);
    let pattern = super::suppliers::like_pattern(q);
    macro_rules! bind_all {
        ($q:expr) => {{
            let bound = match scope {
                JurisdictionFilter::Only(code) => $q.bind(code.clone()),
                JurisdictionFilter::All => $q.bind(String::new()),
            };
            bound
                .bind(query.status.clone())
                .bind(pattern.clone())
                .bind(number)
        }};
    }
    let total: i64 = match page {
        Some(_) => bind_all!(sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM approvals a JOIN plans p ON p.id = a.plan_id JOIN organisations o ON o.id = p.unit_id WHERE {filter}"
        ))))
        .fetch_one(&mut *conn)
        .await
        .map_err(internal)?,
        None => 0,
    };
    let limit = super::page_clause(page);
    let rows = bind_all!(sqlx::query_as::<_, RequestListRow>(sqlx::AssertSqlSafe(
        format!("{REQUEST_SELECT} WHERE {filter} {REQUEST_ORDER}{limit}")
    )))
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?
    .into_iter()
    .map(RequestListRow::into_request)
    .collect::<Result<Vec<_>, _>>()?;
    Ok(super::counted(rows, page, total))
}

/// The requests that meet `condition` (binding `id` or `jurisdiction` as `$1`), pending first;
/// `approvable` is `false` here, the caller sets it.
async fn request_rows(
    conn: &mut AnyConnection,
    condition: &'static str,
    id: Option<i64>,
    jurisdiction: Option<&str>,
) -> Result<Vec<RequestRow>, StoreError> {
    let sql = format!("{REQUEST_SELECT} WHERE {condition} {REQUEST_ORDER}");
    let mut q = sqlx::query_as::<_, RequestListRow>(sqlx::AssertSqlSafe(sql));
    if let Some(id) = id {
        q = q.bind(id);
    }
    if let Some(j) = jurisdiction {
        q = q.bind(j.to_owned());
    }
    let rows = q.fetch_all(&mut *conn).await.map_err(internal)?;
    rows.into_iter().map(RequestListRow::into_request).collect()
}

/// Every request, pending first (`approvable` left `false`).
pub(crate) async fn all_requests(conn: &mut AnyConnection) -> Result<Vec<RequestRow>, StoreError> {
    request_rows(conn, "1 = 1", None, None).await
}

/// The requests of one jurisdiction, pending first (`approvable` left `false`).
pub(crate) async fn jurisdiction_requests(
    conn: &mut AnyConnection,
    jurisdiction: &str,
) -> Result<Vec<RequestRow>, StoreError> {
    request_rows(conn, "a.jurisdiction_code = $1", None, Some(jurisdiction)).await
}

/// The plan's requests, pending first (`approvable` left `false`).
pub(crate) async fn plan_requests(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<RequestRow>, StoreError> {
    request_rows(conn, "a.plan_id = $1", Some(plan_id), None).await
}

/// Locks the plan's row (`lock`); whether the plan exists.
pub(crate) async fn lock_plan(conn: &mut AnyConnection, plan_id: i64) -> Result<bool, StoreError> {
    super::lock(conn, super::Lock::Plan, plan_id).await
}

/// Locks the budget line's row (`lock`); whether the line exists.
pub(crate) async fn lock_budget_line(
    conn: &mut AnyConnection,
    line_id: i64,
) -> Result<bool, StoreError> {
    super::lock(conn, super::Lock::BudgetLine, line_id).await
}

/// Locks the request's row (`lock`); whether the request exists.
pub(crate) async fn lock_approval(
    conn: &mut AnyConnection,
    approval_id: i64,
) -> Result<bool, StoreError> {
    super::lock(conn, super::Lock::Approval, approval_id).await
}

/// Stores a budget line of the unit; returns its id (`Duplicate` when its code is taken).
pub(crate) async fn insert_budget_line(
    conn: &mut AnyConnection,
    unit_id: i64,
    jurisdiction: &str,
    line: &NewBudgetLine,
    now: i64,
    created_by: i64,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO budget_lines (unit_id, jurisdiction_code, fiscal_year, code, name, approved_amount, adjusted_amount, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8) RETURNING id",
    )
    .bind(unit_id)
    .bind(jurisdiction.to_owned())
    .bind(i64::from(line.fiscal_year()))
    .bind(line.code().to_owned())
    .bind(line.name().to_owned())
    .bind(line.approved_amount().fen())
    .bind(now)
    .bind(created_by)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            StoreError::Duplicate
        } else {
            internal(e)
        }
    })
}

/// Stores a filed plan (after its checks allowed it); returns its id.
pub(crate) async fn insert_plan(
    conn: &mut AnyConnection,
    unit_id: i64,
    jurisdiction: &str,
    fiscal_year: i32,
    plan: &NewPlan,
    now: i64,
    created_by: Option<i64>,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO plans (unit_id, jurisdiction_code, budget_line_id, fiscal_year, name, object_type, category_code, \
         amount, method, imports_wanted, planned_date, status, created_at, created_by, released_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'filed', $12, $13, NULL) RETURNING id",
    )
    .bind(unit_id)
    .bind(jurisdiction.to_owned())
    .bind(plan.budget_line_id())
    .bind(i64::from(fiscal_year))
    .bind(plan.name().to_owned())
    .bind(plan.object_type().code().to_owned())
    .bind(plan.category().code.to_owned())
    .bind(plan.amount().fen())
    .bind(plan.method().code().to_owned())
    .bind(i64::from(plan.imports_wanted()))
    .bind(plan.planned_date().to_string())
    .bind(now)
    .bind(created_by)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// The method of the round (project) `project_id`.
pub(crate) async fn round_method(
    conn: &mut AnyConnection,
    project_id: i64,
) -> Result<Method, StoreError> {
    let method: String = sqlx::query_scalar("SELECT method FROM projects WHERE id = $1")
        .bind(project_id)
        .fetch_one(&mut *conn)
        .await
        .map_err(internal)?;
    Method::from_code(&method).ok_or_else(|| internal(&method))
}

/// Stores a pending request about the plan (`failed_round`: the failed round it follows);
/// returns its id.
#[allow(clippy::too_many_arguments)] // the request's columns, each a different one
pub(crate) async fn insert_request(
    conn: &mut AnyConnection,
    plan_id: i64,
    jurisdiction: &str,
    request: &NewRequest,
    notice_until: Option<Date>,
    now: i64,
    submitted_by: i64,
    failed_round: Option<i64>,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO approvals (plan_id, jurisdiction_code, kind, to_method, ground, reason, supplier_name, notice_from, \
         notice_until, status, submitted_at, submitted_by, decided_at, decided_by, decision_reason, failed_project_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, NULL, NULL, NULL, $12) RETURNING id",
    )
    .bind(plan_id)
    .bind(jurisdiction.to_owned())
    .bind(shared::approval::kind_code(request.kind()).to_owned())
    .bind(request.to_method().map(|m| m.code().to_owned()))
    .bind(request.ground().map(|g| g.code().to_owned()))
    .bind(request.reason().to_owned())
    .bind(request.supplier_name().map(str::to_owned))
    .bind(request.notice_from().map(|d| d.to_string()))
    .bind(notice_until.map(|d| d.to_string()))
    .bind(now)
    .bind(submitted_by)
    .bind(failed_round)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// Stores a published intention of the plan; returns its id.
pub(crate) async fn insert_intention(
    conn: &mut AnyConnection,
    plan_id: i64,
    intention: &NewIntention,
    created_by: i64,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO intentions (plan_id, published_at, media, content, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(plan_id)
    .bind(intention.published_at().unix_seconds())
    .bind(intention.media().to_owned())
    .bind(intention.content().to_owned())
    .bind(created_by)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// Marks the plan released at `now`.
pub(crate) async fn mark_released(
    conn: &mut AnyConnection,
    plan_id: i64,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE plans SET status = 'released', released_at = $1 WHERE id = $2")
        .bind(now)
        .bind(plan_id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// A request as its decision reads it.
#[derive(sqlx::FromRow)]
pub(crate) struct ApprovalRow {
    pub(crate) plan_id: i64,
    pub(crate) jurisdiction_code: String,
    pub(crate) kind: String,
    pub(crate) status: String,
    pub(crate) notice_until: Option<String>,
}

/// A request's kind, whether it waits for its decision, and the end of its notice.
pub(crate) struct ApprovalState {
    pub(crate) kind: ApprovalKind,
    pub(crate) pending: bool,
    pub(crate) notice_until: Option<Date>,
}

impl ApprovalRow {
    /// The row's codes read as their types (a separate step: the caller checks first whether
    /// the request is the actor's to see).
    pub(crate) fn state(&self) -> Result<ApprovalState, StoreError> {
        let kind =
            shared::approval::kind_from_code(&self.kind).ok_or_else(|| internal(&self.kind))?;
        let notice_until = optional_date(self.notice_until.as_deref())?;
        Ok(ApprovalState {
            kind,
            pending: self.status == "pending",
            notice_until,
        })
    }
}

/// The request `approval_id` (it exists: the caller locked it).
pub(crate) async fn approval(
    conn: &mut AnyConnection,
    approval_id: i64,
) -> Result<ApprovalRow, StoreError> {
    sqlx::query_as::<_, ApprovalRow>(
        "SELECT plan_id, jurisdiction_code, kind, status, notice_until FROM approvals WHERE id = $1",
    )
    .bind(approval_id)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// Stores the decision on a request.
pub(crate) async fn decide_approval(
    conn: &mut AnyConnection,
    approval_id: i64,
    verdict: Verdict,
    reason: &str,
    now: i64,
    decided_by: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE approvals SET status = $1, decided_at = $2, decided_by = $3, decision_reason = $4 WHERE id = $5",
    )
    .bind(verdict.code().to_owned())
    .bind(now)
    .bind(decided_by)
    .bind(reason.to_owned())
    .bind(approval_id)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// A plan's name and method.
#[derive(sqlx::FromRow)]
pub(crate) struct PlanLabelRow {
    pub(crate) name: String,
    pub(crate) method: String,
}

/// The name and method of the plan `plan_id` (it exists).
pub(crate) async fn plan_label(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<(String, Method), StoreError> {
    let row = sqlx::query_as::<_, PlanLabelRow>("SELECT name, method FROM plans WHERE id = $1")
        .bind(plan_id)
        .fetch_one(&mut *conn)
        .await
        .map_err(internal)?;
    let method = Method::from_code(&row.method).ok_or_else(|| internal(&row.method))?;
    Ok((row.name, method))
}

/// A procurement centre or agency.
#[derive(sqlx::FromRow)]
pub(crate) struct AgencyRow {
    pub(crate) id: i64,
    pub(crate) name: String,
}

/// The procurement centres and agencies (id, name), the centres first.
pub(crate) async fn agencies(pool: &AnyPool) -> Result<Vec<(i64, String)>, StoreError> {
    let rows = sqlx::query_as::<_, AgencyRow>(
        "SELECT id, name FROM organisations WHERE kind IN ('procurement_center', 'agency') \
         ORDER BY CASE WHEN kind = 'procurement_center' THEN 0 ELSE 1 END, name",
    )
    .fetch_all(pool)
    .await
    .map_err(internal)?;
    Ok(rows.into_iter().map(|r| (r.id, r.name)).collect())
}
