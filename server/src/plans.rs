//! Budget lines, plans, approvals and their findings in the database. Each step runs in one
//! transaction: read what the checks need, run `shared::plan::plan_checks`, refuse what
//! `shared::plan::refusals` forbids (nothing stored), else store the step, its findings and the
//! audit record. The row a step depends on is written first (a no-op update), so two concurrent
//! steps on one budget line or plan run one after the other on both databases.

use app::api::plans::{
    FindingRow, IntentionRow, LineRow, PlanDesk, PlanDetail, PlanFormContext, PlanRow, RequestRow,
    RoundRow,
};
use app::service::plans::PlanServices;
use app::service::{BoxFuture, StoreError};
use serde_json::{json, Value};
use shared::access::{may_access, JurisdictionFilter, Principal, Record};
use shared::approval::{may_decide, notice_until, RequestForm, Verdict};
use shared::checks::framework::CheckContext;
use shared::field::FieldErrors;
use shared::model::{GovLevel, Method, MethodGround, ObjectType};
use shared::money::Fen;
use shared::plan::{
    plan_checks, refusals, IntentionForm, LineFacts, NewBudgetLine, NewPlan, OtherPlan, PlanFacts,
    PlanFinding, PlanForm, PlanStep, RequestFacts,
};
use shared::time::{Date, Instant};
use sqlx::{AnyConnection, Row};

use crate::auth::AuditEntry;
use crate::steplog;
use crate::store::Store;
use shared::approval::RequestStatus;
use shared::execution::FailureGround;
use shared::plan_steps::{self, plan_gate, PlanAction, PlanPart, PlanSituation, PlanStatus, Round};

use crate::store::internal;

/// All units of Changzhou (city, districts, county-level city) are 市、县级 budget units.
fn gov_level(_jurisdiction: &str) -> GovLevel {
    GovLevel::CityCounty
}

struct Unit {
    name: String,
    jurisdiction: String,
}

async fn unit(conn: &mut AnyConnection, unit_id: i64) -> Result<Unit, StoreError> {
    let row = sqlx::query(
        "SELECT name, jurisdiction_code FROM organisations WHERE id = $1 AND kind = 'purchaser'",
    )
    .bind(unit_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?
    .ok_or(StoreError::NotFound)?;
    Ok(Unit {
        name: row.try_get(0).map_err(internal)?,
        jurisdiction: row.try_get(1).map_err(internal)?,
    })
}

const LINE_COLUMNS: &str = "b.id, b.code, b.name, b.fiscal_year, b.approved_amount, b.adjusted_amount, \
     COALESCE((SELECT CAST(SUM(p.amount) AS BIGINT) FROM plans p WHERE p.budget_line_id = b.id), 0)";

fn line_row(r: &sqlx::any::AnyRow) -> Result<LineRow, StoreError> {
    Ok(LineRow {
        id: r.try_get(0).map_err(internal)?,
        code: r.try_get(1).map_err(internal)?,
        name: r.try_get(2).map_err(internal)?,
        fiscal_year: r.try_get::<i64, _>(3).map_err(internal)? as i32,
        approved: r.try_get(4).map_err(internal)?,
        adjusted: r.try_get(5).map_err(internal)?,
        committed: r.try_get(6).map_err(internal)?,
    })
}

async fn lines(conn: &mut AnyConnection, unit_id: i64) -> Result<Vec<LineRow>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {LINE_COLUMNS} FROM budget_lines b WHERE b.unit_id = $1 ORDER BY b.fiscal_year DESC, b.code"
    )))
    .bind(unit_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    rows.iter().map(line_row).collect()
}

const PLAN_COLUMNS: &str = "p.id, p.name, o.name, p.jurisdiction_code, p.fiscal_year, p.object_type, p.category_code, \
     p.amount, p.method, p.imports_wanted, p.planned_date, p.status, p.budget_line_id, b.code, p.created_at, \
     (SELECT COUNT(*) FROM findings f WHERE f.subject_type = 'plan' AND f.subject_id = CAST(p.id AS TEXT)), \
     (SELECT COUNT(*) FROM approvals a WHERE a.plan_id = p.id AND a.status = 'pending'), p.unit_id, \
     (SELECT COUNT(*) FROM projects x WHERE x.plan_id = p.id AND NOT EXISTS \
        (SELECT 1 FROM project_terminations t WHERE t.project_id = x.id)), \
     (SELECT COUNT(*) FROM approvals a WHERE a.plan_id = p.id AND a.status = 'pending' AND a.failed_project_id = \
        (SELECT MAX(x.id) FROM projects x WHERE x.plan_id = p.id)), \
     (SELECT COUNT(*) FROM projects x WHERE x.plan_id = p.id)";

const PLAN_FROM: &str =
    "FROM plans p JOIN organisations o ON o.id = p.unit_id JOIN budget_lines b ON b.id = p.budget_line_id";

fn plan_row(r: &sqlx::any::AnyRow) -> Result<(PlanRow, i64), StoreError> {
    let status: String = r.try_get(11).map_err(internal)?;
    let running = r.try_get::<i64, _>(18).map_err(internal)? > 0;
    let waiting = r.try_get::<i64, _>(19).map_err(internal)? > 0;
    // The plan's start gate from the counted rows (the desk lists many plans): the create
    // form offers only the plans a round may start from now.
    let status = PlanStatus::from_code(&status).ok_or_else(|| internal(&status))?;
    let startable = plan_steps::start_gate(status, running, waiting).is_ok();
    Ok((
        PlanRow {
            id: r.try_get(0).map_err(internal)?,
            name: r.try_get(1).map_err(internal)?,
            unit_name: r.try_get(2).map_err(internal)?,
            jurisdiction_code: r.try_get(3).map_err(internal)?,
            fiscal_year: r.try_get::<i64, _>(4).map_err(internal)? as i32,
            object_type: r.try_get(5).map_err(internal)?,
            category_code: r.try_get(6).map_err(internal)?,
            amount: r.try_get(7).map_err(internal)?,
            method: {
                let code: String = r.try_get(8).map_err(internal)?;
                Method::from_code(&code).ok_or_else(|| internal(&code))?
            },
            imports_wanted: r.try_get::<i64, _>(9).map_err(internal)? == 1,
            planned_date: r.try_get(10).map_err(internal)?,
            status,
            budget_line_id: r.try_get(12).map_err(internal)?,
            budget_line_code: r.try_get(13).map_err(internal)?,
            created_at: r.try_get(14).map_err(internal)?,
            findings: r.try_get(15).map_err(internal)?,
            pending_requests: r.try_get(16).map_err(internal)?,
            startable,
            rounds: r.try_get(20).map_err(internal)?,
        },
        r.try_get(17).map_err(internal)?,
    ))
}

/// The unit's plans of a fiscal year, as the splitting checks see them.
/// The unit's plans of the year; with a category, only those of the category: the splitting
/// checks' group (P11: unit, line, category, year; P12: unit, category) — plans of other
/// categories are in other groups, which `plan_checks` does not report, so the server's checks
/// do not read them (a unit with many plans stays cheap). The plan form gets them all: its
/// category can change while the user types.
async fn other_plans(
    conn: &mut AnyConnection,
    unit_id: i64,
    year: i32,
    category_code: Option<&str>,
) -> Result<Vec<OtherPlan>, StoreError> {
    let rows = sqlx::query(
        "SELECT p.id, p.budget_line_id, CAST(CASE WHEN b.adjusted_amount IS NULL THEN 0 ELSE 1 END AS BIGINT), p.object_type, \
         p.category_code, p.amount, p.method, p.planned_date, \
         (SELECT COUNT(*) FROM approvals a WHERE a.plan_id = p.id AND a.kind = 'method_change' AND a.status = 'approved') \
         FROM plans p JOIN budget_lines b ON b.id = p.budget_line_id \
         WHERE p.unit_id = $1 AND p.fiscal_year = $2 AND ($3 IS NULL OR p.category_code = $3) ORDER BY p.id",
    )
    .bind(unit_id)
    .bind(i64::from(year))
    .bind(category_code.map(str::to_owned))
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    rows.iter()
        .map(|r| {
            let object: String = r.try_get(3).map_err(internal)?;
            let method: String = r.try_get(6).map_err(internal)?;
            let date: String = r.try_get(7).map_err(internal)?;
            Ok(OtherPlan {
                id: r.try_get(0).map_err(internal)?,
                budget_line_id: r.try_get(1).map_err(internal)?,
                line_adjusted: r.try_get::<i64, _>(2).map_err(internal)? == 1,
                object_type: ObjectType::from_code(&object).ok_or_else(|| internal(&object))?,
                category_code: r.try_get(4).map_err(internal)?,
                amount: Fen(r.try_get(5).map_err(internal)?),
                method: Method::from_code(&method).ok_or_else(|| internal(&method))?,
                planned_date: Date::parse(&date).map_err(internal)?,
                method_change_approved: r.try_get::<i64, _>(8).map_err(internal)? > 0,
            })
        })
        .collect()
}

async fn requests_of(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<RequestFacts>, StoreError> {
    Ok(requests_linked(conn, plan_id)
        .await?
        .into_iter()
        .map(|(r, _)| r)
        .collect())
}

/// The plan's requests, each with the failed round it was filed after (if any).
async fn requests_linked(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<(RequestFacts, Option<i64>)>, StoreError> {
    let rows = sqlx::query(
        "SELECT kind, to_method, ground, submitted_at, decided_at, status, failed_project_id FROM approvals \
         WHERE plan_id = $1 ORDER BY id",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get(0).map_err(internal)?;
            let to: Option<String> = r.try_get(1).map_err(internal)?;
            let ground: Option<String> = r.try_get(2).map_err(internal)?;
            let decided: Option<i64> = r.try_get(4).map_err(internal)?;
            let status: String = r.try_get(5).map_err(internal)?;
            let facts = RequestFacts {
                kind: shared::approval::kind_from_code(&kind).ok_or_else(|| internal(&kind))?,
                to_method: to.as_deref().and_then(Method::from_code),
                ground: ground.as_deref().and_then(MethodGround::from_code),
                submitted_at: Instant::from_unix_seconds(r.try_get(3).map_err(internal)?),
                decided_at: decided.map(Instant::from_unix_seconds),
                approved: match status.as_str() {
                    "approved" => Some(true),
                    "rejected" => Some(false),
                    _ => None,
                },
            };
            Ok((facts, r.try_get(6).map_err(internal)?))
        })
        .collect()
}

/// What the plan's gate reads besides the plan's status: the requests filed with the plan, its
/// rounds, and the requests filed after the last round failed.
pub(crate) struct GateRows {
    pub before: Vec<RequestFacts>,
    pub rounds: Vec<Round>,
    pub after_failure: Vec<RequestFacts>,
}

impl GateRows {
    pub fn situation(&self, status: PlanStatus) -> PlanSituation<'_> {
        PlanSituation {
            status,
            requests: &self.before,
            rounds: &self.rounds,
            after_failure: &self.after_failure,
            findings_now: &[],
        }
    }
}

pub(crate) async fn gate_rows(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<GateRows, StoreError> {
    let rounds = sqlx::query(
        "SELECT x.id, CAST(CASE WHEN t.project_id IS NULL THEN 0 ELSE 1 END AS BIGINT) FROM projects x \
         LEFT JOIN project_terminations t ON t.project_id = x.id WHERE x.plan_id = $1 ORDER BY x.round",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?
    .iter()
    .map(|r| {
        Ok(Round {
            project_id: r.try_get(0).map_err(internal)?,
            terminated: r.try_get::<i64, _>(1).map_err(internal)? == 1,
        })
    })
    .collect::<Result<Vec<_>, StoreError>>()?;
    let failed = plan_steps::failed_round(&rounds);
    let mut before = Vec::new();
    let mut after_failure = Vec::new();
    for (r, linked) in requests_linked(conn, plan_id).await? {
        match linked {
            None => before.push(r),
            Some(id) if Some(id) == failed => after_failure.push(r),
            Some(_) => {}
        }
    }
    Ok(GateRows {
        before,
        rounds,
        after_failure,
    })
}

/// A stored plan read back as the validated plan it was filed from.
struct StoredPlan {
    plan: NewPlan,
    unit_id: i64,
    jurisdiction: String,
    status: String,
    created_at: i64,
}

async fn stored_plan(conn: &mut AnyConnection, plan_id: i64) -> Result<StoredPlan, StoreError> {
    let r = sqlx::query(
        "SELECT budget_line_id, name, object_type, category_code, amount, method, imports_wanted, planned_date, \
         unit_id, jurisdiction_code, status, created_at FROM plans WHERE id = $1",
    )
    .bind(plan_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?
    .ok_or(StoreError::NotFound)?;
    let form = PlanForm {
        budget_line_id: r.try_get::<i64, _>(0).map_err(internal)?.to_string(),
        name: r.try_get(1).map_err(internal)?,
        object_type: r.try_get(2).map_err(internal)?,
        category_code: r.try_get(3).map_err(internal)?,
        amount: Fen(r.try_get(4).map_err(internal)?).to_string(),
        method: r.try_get(5).map_err(internal)?,
        imports_wanted: if r.try_get::<i64, _>(6).map_err(internal)? == 1 {
            "on".into()
        } else {
            String::new()
        },
        planned_date: r.try_get(7).map_err(internal)?,
    };
    Ok(StoredPlan {
        plan: form
            .parse()
            .map_err(|e| internal(format!("stored plan {plan_id} no longer parses: {e:?}")))?,
        unit_id: r.try_get(8).map_err(internal)?,
        jurisdiction: r.try_get(9).map_err(internal)?,
        status: r.try_get(10).map_err(internal)?,
        created_at: r.try_get(11).map_err(internal)?,
    })
}

/// Everything the checks need about a plan of `unit_id` charged to line `line_id` (the web
/// form and the ingest API read the same facts).
#[allow(clippy::too_many_arguments)] // the plan's coordinates, each a different one
pub(crate) async fn facts(
    conn: &mut AnyConnection,
    unit_id: i64,
    jurisdiction: &str,
    line_id: i64,
    category_code: &str,
    plan_id: Option<i64>,
    filed_at: i64,
) -> Result<PlanFacts, StoreError> {
    let r = sqlx::query(
        "SELECT fiscal_year, approved_amount, adjusted_amount, \
         COALESCE((SELECT CAST(SUM(p.amount) AS BIGINT) FROM plans p WHERE p.budget_line_id = b.id AND p.id <> $3), 0) \
         FROM budget_lines b WHERE b.id = $1 AND b.unit_id = $2",
    )
    .bind(line_id)
    .bind(unit_id)
    .bind(plan_id.unwrap_or(0))
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?
    .ok_or_else(|| StoreError::Rejected(FieldErrors(vec![plan_steps::unknown_budget_line()])))?;
    let year = r.try_get::<i64, _>(0).map_err(internal)? as i32;
    let line = LineFacts {
        id: line_id,
        fiscal_year: year,
        approved: Fen(r.try_get(1).map_err(internal)?),
        adjusted: r.try_get::<Option<i64>, _>(2).map_err(internal)?.map(Fen),
        committed_elsewhere: Fen(r.try_get(3).map_err(internal)?),
    };
    let others = other_plans(conn, unit_id, year, Some(category_code)).await?;
    let (requests, intention) = match plan_id {
        Some(id) => {
            let requests = requests_of(conn, id).await?;
            let intention: Option<i64> =
                sqlx::query_scalar("SELECT MIN(published_at) FROM intentions WHERE plan_id = $1")
                    .bind(id)
                    .fetch_one(&mut *conn)
                    .await
                    .map_err(internal)?;
            (requests, intention.map(Instant::from_unix_seconds))
        }
        None => (Vec::new(), None),
    };
    Ok(PlanFacts {
        plan_id,
        unit_id,
        gov_level: gov_level(jurisdiction),
        jurisdiction_code: jurisdiction.to_owned(),
        line,
        others,
        requests,
        intention_published_at: intention,
        filed_at: Instant::from_unix_seconds(filed_at),
        activity_starts_at: None,
    })
}

/// The stored findings of a plan or project, oldest first.
pub(crate) async fn findings_of(
    conn: &mut AnyConnection,
    subject_type: &str,
    subject_id: i64,
) -> Result<Vec<FindingRow>, StoreError> {
    sqlx::query(
        "SELECT check_id, severity, stage, step, message_zh, message_en, created_at FROM findings \
         WHERE subject_type = $1 AND subject_id = $2 ORDER BY id",
    )
    .bind(subject_type.to_owned())
    .bind(subject_id.to_string())
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?
    .iter()
    .map(|r| {
        Ok(FindingRow {
            check_id: r.try_get(0).map_err(internal)?,
            severity: r.try_get(1).map_err(internal)?,
            stage: r.try_get(2).map_err(internal)?,
            step: r.try_get(3).map_err(internal)?,
            message_zh: r.try_get(4).map_err(internal)?,
            message_en: r.try_get(5).map_err(internal)?,
            created_at: r.try_get(6).map_err(internal)?,
        })
    })
    .collect()
}

/// What a step on a plan is, for its findings and the monitor's events.
struct StepInfo<'a> {
    plan_id: i64,
    plan_name: &'a str,
    jurisdiction: &'a str,
    method: Method,
    /// `plan.file`, `plan.release` …
    step: &'a str,
    at: i64,
}

/// The plan's checks as a release now would run them (release opens the activity: judged as of
/// now) — for the release step and for the page's offer of it alike.
async fn release_findings(
    conn: &mut AnyConnection,
    stored: &StoredPlan,
    plan_id: i64,
    now: i64,
) -> Result<Vec<PlanFinding>, StoreError> {
    let mut facts = facts(
        conn,
        stored.unit_id,
        &stored.jurisdiction,
        stored.plan.budget_line_id(),
        stored.plan.category().code,
        Some(plan_id),
        stored.created_at,
    )
    .await?;
    facts.activity_starts_at = Some(Instant::from_unix_seconds(now));
    Ok(plan_checks(&stored.plan, &facts, &context(now)))
}

/// Whether the request may be approved today (`shared::approval::may_decide`).
fn approvable(row: &RequestRow) -> bool {
    let until = row
        .notice_until
        .as_deref()
        .and_then(|d| Date::parse(d).ok());
    let today = Instant::from_unix_seconds(app::service::plans::now_unix()).china_date();
    may_decide(
        row.kind,
        row.status == RequestStatus::Pending,
        until,
        Verdict::Approve,
        today,
    )
    .is_ok()
}

/// The actor's part in a plan: a purchaser of the plan's own unit.
fn plan_part(actor: &Principal, unit_id: i64) -> PlanPart {
    PlanPart {
        unit: shared::access::of_unit(actor, unit_id),
    }
}

/// The plan's gate (`shared::plan_steps::plan_gate`) for a step of the server: not the plan's
/// unit → `NotFound` (nothing disclosed); not now → a field error with the gate's reason.
fn plan_gate_for(
    actor: &Principal,
    stored: &StoredPlan,
    rows: &GateRows,
    action: PlanAction,
) -> Result<(), StoreError> {
    let status = PlanStatus::from_code(&stored.status).ok_or_else(|| internal(&stored.status))?;
    plan_gate(
        action,
        &rows.situation(status),
        plan_part(actor, stored.unit_id),
    )
    .map_err(crate::store::refusal)
}

/// The step log's tail of a plan or approval step: its findings with their events, the step's
/// own event, and the audit record.
fn plan_tail<'a>(
    s: &StepInfo<'a>,
    findings: &[PlanFinding],
    detail: (String, String),
    audit: AuditEntry,
) -> steplog::Tail<'a> {
    let title = plan_steps::step_title(s.step);
    steplog::Tail::new(audit)
        .flags(
            &steplog::Subject {
                kind: "plan",
                id: s.plan_id.to_string(),
                jurisdiction: s.jurisdiction,
                step: s.step,
                method: Some(s.method.code()),
                name: Some(s.plan_name),
            },
            findings,
        )
        .event(crate::events::NewEvent {
            at: s.at,
            jurisdiction_code: s.jurisdiction,
            kind: "step",
            stage: None,
            severity: None,
            method: Some(s.method.code()),
            subject_type: "plan",
            subject_id: s.plan_id.to_string(),
            check_id: None,
            action: s.step,
            title_zh: title.zh.to_owned(),
            title_en: title.en.to_owned(),
            message_zh: format!("{}：{}", s.plan_name, detail.0),
            message_en: format!("{}: {}", s.plan_name, detail.1),
        })
}

fn amount_detail(plan: &NewPlan) -> (String, String) {
    plan_steps::plan_detail(plan.method(), plan.amount())
}

fn plan_json(p: &NewPlan) -> Value {
    serde_json::to_value(PlanForm::from(p.clone())).unwrap_or(Value::Null)
}

fn context(now: i64) -> CheckContext<'static> {
    CheckContext::builtin(Instant::from_unix_seconds(now))
}

/// Takes the write lock of a row first (a no-op update), so concurrent steps that read and then
/// write the same budget line or plan are serialised (PostgreSQL: row lock; SQLite: the database
/// write lock). Returns whether the row exists.
async fn lock(conn: &mut AnyConnection, sql: &'static str, id: i64) -> Result<bool, StoreError> {
    let done = sqlx::query(sql)
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(done.rows_affected() > 0)
}

/// Stores a filed plan (after its checks allowed it); returns its id.
pub(crate) async fn insert_plan_row(
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

fn scope(jurisdiction: &str, unit_id: i64) -> Record<'_> {
    Record {
        jurisdiction: Some(jurisdiction),
        purchaser_id: Some(unit_id),
        ..Record::default()
    }
}

impl Store {
    async fn desk_of(&self, unit_id: i64) -> Result<PlanDesk, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let u = unit(&mut conn, unit_id).await?;
        let lines = lines(&mut conn, unit_id).await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PLAN_COLUMNS} {PLAN_FROM} WHERE p.unit_id = $1 ORDER BY p.id DESC"
        )))
        .bind(unit_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)?;
        let plans = rows
            .iter()
            .map(|r| plan_row(r).map(|(p, _)| p))
            .collect::<Result<_, _>>()?;
        Ok(PlanDesk {
            unit_name: u.name,
            lines,
            plans,
        })
    }

    async fn form_context_of(&self, unit_id: i64, now: i64) -> Result<PlanFormContext, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let u = unit(&mut conn, unit_id).await?;
        let lines = lines(&mut conn, unit_id).await?;
        let mut others = Vec::new();
        let mut years: Vec<i32> = lines.iter().map(|l| l.fiscal_year).collect();
        years.dedup();
        for year in years {
            others.extend(other_plans(&mut conn, unit_id, year, None).await?);
        }
        Ok(PlanFormContext {
            unit_id,
            unit_name: u.name,
            gov_level: gov_level(&u.jurisdiction),
            jurisdiction_code: u.jurisdiction,
            lines,
            others,
            now,
        })
    }

    pub async fn insert_budget_line(
        &self,
        actor: &Principal,
        unit_id: i64,
        line: &NewBudgetLine,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let u = unit(&mut tx, unit_id).await?;
        if !may_access(actor, &scope(&u.jurisdiction, unit_id)) {
            return Err(StoreError::NotFound);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO budget_lines (unit_id, jurisdiction_code, fiscal_year, code, name, approved_amount, adjusted_amount, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8) RETURNING id",
        )
        .bind(unit_id)
        .bind(u.jurisdiction.clone())
        .bind(i64::from(line.fiscal_year()))
        .bind(line.code().to_owned())
        .bind(line.name().to_owned())
        .bind(line.approved_amount().fen())
        .bind(now)
        .bind(actor.user_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if crate::db::is_unique_violation(&e) {
                StoreError::Duplicate
            } else {
                internal(e)
            }
        })?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(actor.user_id),
            role: Some(actor.role),
            action: "budget_line.create",
            subject_type: Some("budget_line"),
            subject_id: Some(id.to_string()),
            after: Some(serde_json::to_value(line).unwrap_or(Value::Null)),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok(id)
    }

    pub async fn insert_plan(
        &self,
        actor: &Principal,
        unit_id: i64,
        plan: &NewPlan,
        now: i64,
    ) -> Result<(i64, Vec<PlanFinding>), StoreError> {
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let line_id = plan.budget_line_id();
        // Serialise filings on one line (the budget check reads the line's total).
        lock(
            &mut tx,
            "UPDATE budget_lines SET code = code WHERE id = $1",
            line_id,
        )
        .await?;
        let u = unit(&mut tx, unit_id).await?;
        if !may_access(actor, &scope(&u.jurisdiction, unit_id)) {
            return Err(StoreError::NotFound);
        }
        let facts = facts(
            &mut tx,
            unit_id,
            &u.jurisdiction,
            line_id,
            plan.category().code,
            None,
            now,
        )
        .await?;
        let findings = plan_checks(plan, &facts, &context(now));
        let refused = refusals(&findings, PlanStep::File);
        if !refused.is_empty() {
            return Err(StoreError::Refused(refused.into_iter().cloned().collect()));
        }
        let id = insert_plan_row(
            &mut tx,
            unit_id,
            &u.jurisdiction,
            facts.line.fiscal_year,
            plan,
            now,
            Some(actor.user_id),
        )
        .await?;
        let tail = plan_tail(
            &StepInfo {
                plan_id: id,
                plan_name: plan.name(),
                jurisdiction: &u.jurisdiction,
                method: plan.method(),
                step: "plan.file",
                at: now,
            },
            &findings,
            amount_detail(plan),
            AuditEntry {
                at: now,
                user_id: Some(actor.user_id),
                role: Some(actor.role),
                action: "plan.file",
                subject_type: Some("plan"),
                subject_id: Some(id.to_string()),
                after: Some(plan_json(plan)),
                ..AuditEntry::default()
            },
        );
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok((id, findings))
    }

    async fn detail_of(&self, actor: &Principal, plan_id: i64) -> Result<PlanDetail, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PLAN_COLUMNS} {PLAN_FROM} WHERE p.id = $1"
        )))
        .bind(plan_id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(internal)?
        .ok_or(StoreError::NotFound)?;
        let (plan, unit_id) = plan_row(&row)?;
        if !may_access(actor, &scope(&plan.jurisdiction_code, unit_id)) {
            return Err(StoreError::NotFound);
        }
        let findings = findings_of(&mut conn, "plan", plan_id).await?;
        let requests = self
            .request_rows(&mut conn, "a.plan_id = $1", Some(plan_id), None)
            .await?;
        let intentions = sqlx::query(
            "SELECT published_at, media, content FROM intentions WHERE plan_id = $1 ORDER BY published_at, id",
        )
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)?
        .iter()
        .map(|r| {
            Ok(IntentionRow {
                published_on: Instant::from_unix_seconds(r.try_get(0).map_err(internal)?)
                    .china_date()
                    .to_string(),
                media: r.try_get(1).map_err(internal)?,
                content: r.try_get(2).map_err(internal)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        // What this account may do on the plan now: the plan's gate, with the checks a release
        // would run now (a release that a check forbids is not offered).
        let part = plan_part(actor, unit_id);
        let (actions, request_kinds) = if part.unit {
            let stored = stored_plan(&mut conn, plan_id).await?;
            let status =
                PlanStatus::from_code(&stored.status).ok_or_else(|| internal(&stored.status))?;
            let rows = gate_rows(&mut conn, plan_id).await?;
            let findings_now = if status == PlanStatus::Filed {
                // The procurement clock of the steps (a test deployment may move it).
                let now = app::service::plans::now_unix();
                release_findings(&mut conn, &stored, plan_id, now).await?
            } else {
                Vec::new()
            };
            let situation = PlanSituation {
                findings_now: &findings_now,
                ..rows.situation(status)
            };
            (
                plan_steps::plan_offered(&situation, part),
                plan_steps::request_kinds(&situation),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let rounds = sqlx::query(
            "SELECT x.id, x.round, x.method, t.ground, t.reason FROM projects x \
             LEFT JOIN project_terminations t ON t.project_id = x.id WHERE x.plan_id = $1 ORDER BY x.round",
        )
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)?
        .iter()
        .map(|r| {
            let method: String = r.try_get(2).map_err(internal)?;
            let ground: Option<String> = r.try_get(3).map_err(internal)?;
            let reason: Option<String> = r.try_get(4).map_err(internal)?;
            Ok(RoundRow {
                project_id: r.try_get(0).map_err(internal)?,
                round: r.try_get(1).map_err(internal)?,
                method: Method::from_code(&method).ok_or_else(|| internal(&method))?,
                failed: ground
                    .as_deref()
                    .and_then(FailureGround::from_code)
                    .map(|g| (g, reason.unwrap_or_default())),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(PlanDetail {
            plan,
            intentions,
            findings,
            requests,
            actions,
            request_kinds,
            rounds,
        })
    }

    async fn request_rows(
        &self,
        conn: &mut AnyConnection,
        condition: &str,
        id: Option<i64>,
        jurisdiction: Option<&str>,
    ) -> Result<Vec<RequestRow>, StoreError> {
        let sql = format!(
            "SELECT a.id, a.plan_id, p.name, o.name, a.jurisdiction_code, a.kind, a.to_method, a.ground, a.reason, \
             a.supplier_name, a.notice_from, a.notice_until, a.status, a.submitted_at, us.display_name, a.decided_at, \
             ud.display_name, a.decision_reason, p.amount, a.failed_project_id, ft.ground \
             FROM approvals a JOIN plans p ON p.id = a.plan_id JOIN organisations o ON o.id = p.unit_id \
             LEFT JOIN project_terminations ft ON ft.project_id = a.failed_project_id \
             LEFT JOIN users us ON us.id = a.submitted_by LEFT JOIN users ud ON ud.id = a.decided_by \
             WHERE {condition} ORDER BY CASE WHEN a.status = 'pending' THEN 0 ELSE 1 END, a.submitted_at, a.id"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let Some(id) = id {
            q = q.bind(id);
        }
        if let Some(j) = jurisdiction {
            q = q.bind(j.to_owned());
        }
        let rows = q.fetch_all(&mut *conn).await.map_err(internal)?;
        rows.iter()
            .map(|r| {
                Ok(RequestRow {
                    id: r.try_get(0).map_err(internal)?,
                    plan_id: r.try_get(1).map_err(internal)?,
                    plan_name: r.try_get(2).map_err(internal)?,
                    unit_name: r.try_get(3).map_err(internal)?,
                    jurisdiction_code: r.try_get(4).map_err(internal)?,
                    kind: {
                        let code: String = r.try_get(5).map_err(internal)?;
                        shared::approval::kind_from_code(&code).ok_or_else(|| internal(&code))?
                    },
                    to_method: r
                        .try_get::<Option<String>, _>(6)
                        .map_err(internal)?
                        .as_deref()
                        .and_then(Method::from_code),
                    ground: r
                        .try_get::<Option<String>, _>(7)
                        .map_err(internal)?
                        .as_deref()
                        .and_then(MethodGround::from_code),
                    reason: r.try_get(8).map_err(internal)?,
                    supplier_name: r.try_get(9).map_err(internal)?,
                    notice_from: r.try_get(10).map_err(internal)?,
                    notice_until: r.try_get(11).map_err(internal)?,
                    status: {
                        let code: String = r.try_get(12).map_err(internal)?;
                        RequestStatus::from_code(&code).ok_or_else(|| internal(&code))?
                    },
                    submitted_at: r.try_get(13).map_err(internal)?,
                    submitted_by: r.try_get(14).map_err(internal)?,
                    decided_at: r.try_get(15).map_err(internal)?,
                    decided_by: r.try_get(16).map_err(internal)?,
                    decision_reason: r.try_get(17).map_err(internal)?,
                    amount: r.try_get(18).map_err(internal)?,
                    failed_round: {
                        let id: Option<i64> = r.try_get(19).map_err(internal)?;
                        let ground: Option<String> = r.try_get(20).map_err(internal)?;
                        id.zip(ground.as_deref().and_then(FailureGround::from_code))
                    },
                    approvable: false,
                })
                .map(|mut row: RequestRow| {
                    row.approvable = approvable(&row);
                    row
                })
            })
            .collect()
    }

    pub async fn insert_request(
        &self,
        actor: &Principal,
        plan_id: i64,
        form: &RequestForm,
        now: i64,
    ) -> Result<i64, StoreError> {
        let (mut tx, stored, rows) = self.plan_step(actor, plan_id, PlanAction::Request).await?;
        let status =
            PlanStatus::from_code(&stored.status).ok_or_else(|| internal(&stored.status))?;
        let situation = rows.situation(status);
        // A request after a failed round is linked to it (the regulator decides seeing it).
        let failed_round = match status {
            PlanStatus::Released => situation.failed_round(),
            PlanStatus::Filed => None,
        };
        let request = match failed_round {
            None => form.parse(stored.plan.method()),
            Some(project) => {
                let method: String =
                    sqlx::query_scalar("SELECT method FROM projects WHERE id = $1")
                        .bind(project)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(internal)?;
                let failed = Method::from_code(&method).ok_or_else(|| internal(&method))?;
                form.parse_after_failure(failed)
            }
        }
        .map_err(StoreError::Rejected)?;
        plan_steps::check_request_kind(request.kind(), &situation)
            .map_err(|e| StoreError::Rejected(FieldErrors(vec![e])))?;
        let ctx = context(now);
        let until = match request.notice_from() {
            Some(from) => Some(notice_until(from, &ctx).map_err(|e| {
                StoreError::Rejected(FieldErrors(vec![plan_steps::notice_period_error(&e)]))
            })?),
            None => None,
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO approvals (plan_id, jurisdiction_code, kind, to_method, ground, reason, supplier_name, notice_from, \
             notice_until, status, submitted_at, submitted_by, decided_at, decided_by, decision_reason, failed_project_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, NULL, NULL, NULL, $12) RETURNING id",
        )
        .bind(plan_id)
        .bind(stored.jurisdiction.clone())
        .bind(shared::approval::kind_code(request.kind()).to_owned())
        .bind(request.to_method().map(|m| m.code().to_owned()))
        .bind(request.ground().map(|g| g.code().to_owned()))
        .bind(request.reason().to_owned())
        .bind(request.supplier_name().map(str::to_owned))
        .bind(request.notice_from().map(|d| d.to_string()))
        .bind(until.map(|d| d.to_string()))
        .bind(now)
        .bind(actor.user_id)
        .bind(failed_round)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal)?;
        let tail = plan_tail(
            &StepInfo {
                plan_id,
                plan_name: stored.plan.name(),
                jurisdiction: &stored.jurisdiction,
                method: stored.plan.method(),
                step: "approval.request",
                at: now,
            },
            &[],
            (
                shared::approval::kind_name(request.kind()).zh.to_owned(),
                shared::approval::kind_name(request.kind()).en.to_owned(),
            ),
            AuditEntry {
                at: now,
                user_id: Some(actor.user_id),
                role: Some(actor.role),
                action: "approval.request",
                subject_type: Some("approval"),
                subject_id: Some(id.to_string()),
                after: Some(json!({
                    "plan_id": plan_id,
                    "kind": shared::approval::kind_code(request.kind()),
                    "to_method": request.to_method().map(Method::code),
                    "ground": request.ground().map(MethodGround::code),
                    "reason": request.reason(),
                    "supplier_name": request.supplier_name(),
                    "notice_from": request.notice_from().map(|d| d.to_string()),
                    "notice_until": until.map(|d| d.to_string()),
                    "failed_project_id": failed_round,
                })),
                ..AuditEntry::default()
            },
        );
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok(id)
    }

    pub async fn insert_intention(
        &self,
        actor: &Principal,
        plan_id: i64,
        form: &IntentionForm,
        now: i64,
    ) -> Result<i64, StoreError> {
        let (mut tx, stored, _) = self
            .plan_step(actor, plan_id, PlanAction::Intention)
            .await?;
        let today = Instant::from_unix_seconds(now).china_date();
        let intention = form.parse(today).map_err(StoreError::Rejected)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO intentions (plan_id, published_at, media, content, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(plan_id)
        .bind(intention.published_at().unix_seconds())
        .bind(intention.media().to_owned())
        .bind(intention.content().to_owned())
        .bind(actor.user_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal)?;
        let facts = facts(
            &mut tx,
            stored.unit_id,
            &stored.jurisdiction,
            stored.plan.budget_line_id(),
            stored.plan.category().code,
            Some(plan_id),
            stored.created_at,
        )
        .await?;
        let findings = plan_checks(&stored.plan, &facts, &context(now));
        let tail = plan_tail(
            &StepInfo {
                plan_id,
                plan_name: stored.plan.name(),
                jurisdiction: &stored.jurisdiction,
                method: stored.plan.method(),
                step: "plan.intention",
                at: now,
            },
            &findings,
            (
                format!("{} {}", intention.published_on(), intention.media()),
                format!("{} {}", intention.published_on(), intention.media()),
            ),
            AuditEntry {
                at: now,
                user_id: Some(actor.user_id),
                role: Some(actor.role),
                action: "intention.publish",
                subject_type: Some("plan"),
                subject_id: Some(plan_id.to_string()),
                after: Some(json!({
                    "intention_id": id,
                    "published_on": intention.published_on().to_string(),
                    "media": intention.media(),
                    "content": intention.content(),
                })),
                ..AuditEntry::default()
            },
        );
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok(id)
    }

    pub async fn release_plan(
        &self,
        actor: &Principal,
        plan_id: i64,
        now: i64,
    ) -> Result<Vec<PlanFinding>, StoreError> {
        let (mut tx, stored, _) = self.plan_step(actor, plan_id, PlanAction::Release).await?;
        let findings = release_findings(&mut tx, &stored, plan_id, now).await?;
        let refused = refusals(&findings, PlanStep::Release);
        if !refused.is_empty() {
            return Err(StoreError::Refused(refused.into_iter().cloned().collect()));
        }
        sqlx::query("UPDATE plans SET status = 'released', released_at = $1 WHERE id = $2")
            .bind(now)
            .bind(plan_id)
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
        let tail = plan_tail(
            &StepInfo {
                plan_id,
                plan_name: stored.plan.name(),
                jurisdiction: &stored.jurisdiction,
                method: stored.plan.method(),
                step: "plan.release",
                at: now,
            },
            &findings,
            amount_detail(&stored.plan),
            AuditEntry {
                at: now,
                user_id: Some(actor.user_id),
                role: Some(actor.role),
                action: "plan.release",
                subject_type: Some("plan"),
                subject_id: Some(plan_id.to_string()),
                before: Some(json!({"status": "filed"})),
                after: Some(json!({"status": "released"})),
                ..AuditEntry::default()
            },
        );
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok(findings)
    }

    async fn queue_of(&self, filter: &JurisdictionFilter) -> Result<Vec<RequestRow>, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        match filter {
            JurisdictionFilter::All => self.request_rows(&mut conn, "1 = 1", None, None).await,
            JurisdictionFilter::Only(code) => {
                self.request_rows(&mut conn, "a.jurisdiction_code = $1", None, Some(code))
                    .await
            }
        }
    }

    pub async fn decide_request(
        &self,
        actor: &Principal,
        approval_id: i64,
        verdict: Verdict,
        reason: &str,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        if !lock(
            &mut tx,
            "UPDATE approvals SET status = status WHERE id = $1",
            approval_id,
        )
        .await?
        {
            return Err(StoreError::NotFound);
        }
        let r = sqlx::query(
            "SELECT plan_id, jurisdiction_code, kind, status, notice_until FROM approvals WHERE id = $1",
        )
        .bind(approval_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal)?;
        let plan_id: i64 = r.try_get(0).map_err(internal)?;
        let jurisdiction: String = r.try_get(1).map_err(internal)?;
        let kind: String = r.try_get(2).map_err(internal)?;
        let status: String = r.try_get(3).map_err(internal)?;
        let until: Option<String> = r.try_get(4).map_err(internal)?;
        let visible = actor.role == shared::access::Role::Regulator
            && may_access(
                actor,
                &Record {
                    jurisdiction: Some(&jurisdiction),
                    ..Record::default()
                },
            );
        if !visible {
            return Err(StoreError::NotFound);
        }
        let kind = shared::approval::kind_from_code(&kind).ok_or_else(|| internal(&kind))?;
        let until = until
            .as_deref()
            .map(Date::parse)
            .transpose()
            .map_err(internal)?;
        let today = Instant::from_unix_seconds(now).china_date();
        may_decide(kind, status == "pending", until, verdict, today)
            .map_err(|e| StoreError::Rejected(FieldErrors(vec![e])))?;
        sqlx::query(
            "UPDATE approvals SET status = $1, decided_at = $2, decided_by = $3, decision_reason = $4 WHERE id = $5",
        )
        .bind(verdict.code().to_owned())
        .bind(now)
        .bind(actor.user_id)
        .bind(reason.to_owned())
        .bind(approval_id)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
        let plan_row = sqlx::query("SELECT name, method FROM plans WHERE id = $1")
            .bind(plan_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(internal)?;
        let plan_name: String = plan_row.try_get(0).map_err(internal)?;
        let method: String = plan_row.try_get(1).map_err(internal)?;
        let tail = plan_tail(
            &StepInfo {
                plan_id,
                plan_name: &plan_name,
                jurisdiction: &jurisdiction,
                method: Method::from_code(&method).ok_or_else(|| internal(&method))?,
                step: "approval.decide",
                at: now,
            },
            &[],
            plan_steps::decision_detail(kind, verdict, reason),
            AuditEntry {
                at: now,
                user_id: Some(actor.user_id),
                role: Some(actor.role),
                action: "approval.decide",
                subject_type: Some("approval"),
                subject_id: Some(approval_id.to_string()),
                before: Some(json!({"status": "pending"})),
                after: Some(
                    json!({"status": verdict.code(), "reason": reason, "plan_id": plan_id}),
                ),
                ..AuditEntry::default()
            },
        );
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok(plan_id)
    }
}

impl Store {
    /// The start of every plan step: the write transaction with the plan's row locked, the
    /// plan and what its gate reads; refused by the gate (`NotFound` when the plan is not the
    /// actor's to see, a field error when the step is not allowed now).
    async fn plan_step(
        &self,
        actor: &Principal,
        plan_id: i64,
        action: PlanAction,
    ) -> Result<(crate::db::WriteTx, StoredPlan, GateRows), StoreError> {
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        if !lock(
            &mut tx,
            "UPDATE plans SET status = status WHERE id = $1",
            plan_id,
        )
        .await?
        {
            return Err(StoreError::NotFound);
        }
        let stored = stored_plan(&mut tx, plan_id).await?;
        if !may_access(actor, &scope(&stored.jurisdiction, stored.unit_id)) {
            return Err(StoreError::NotFound);
        }
        let rows = gate_rows(&mut tx, plan_id).await?;
        plan_gate_for(actor, &stored, &rows, action)?;
        Ok((tx, stored, rows))
    }
}

impl PlanServices for Store {
    fn desk(&self, unit_id: i64) -> BoxFuture<'_, Result<PlanDesk, StoreError>> {
        Box::pin(self.desk_of(unit_id))
    }

    fn form_context(
        &self,
        unit_id: i64,
        now: i64,
    ) -> BoxFuture<'_, Result<PlanFormContext, StoreError>> {
        Box::pin(self.form_context_of(unit_id, now))
    }

    fn create_budget_line<'a>(
        &'a self,
        actor: &'a Principal,
        unit_id: i64,
        line: NewBudgetLine,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>> {
        Box::pin(async move { self.insert_budget_line(actor, unit_id, &line, now).await })
    }

    fn file_plan<'a>(
        &'a self,
        actor: &'a Principal,
        unit_id: i64,
        plan: NewPlan,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>> {
        Box::pin(async move {
            self.insert_plan(actor, unit_id, &plan, now)
                .await
                .map(|(id, _)| id)
        })
    }

    fn plan_detail<'a>(
        &'a self,
        actor: &'a Principal,
        plan_id: i64,
    ) -> BoxFuture<'a, Result<PlanDetail, StoreError>> {
        Box::pin(self.detail_of(actor, plan_id))
    }

    fn request<'a>(
        &'a self,
        actor: &'a Principal,
        plan_id: i64,
        form: RequestForm,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>> {
        Box::pin(async move { self.insert_request(actor, plan_id, &form, now).await })
    }

    fn publish_intention<'a>(
        &'a self,
        actor: &'a Principal,
        plan_id: i64,
        form: IntentionForm,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>> {
        Box::pin(async move { self.insert_intention(actor, plan_id, &form, now).await })
    }

    fn release<'a>(
        &'a self,
        actor: &'a Principal,
        plan_id: i64,
        now: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move { self.release_plan(actor, plan_id, now).await.map(|_| ()) })
    }

    fn agencies(&self) -> BoxFuture<'_, Result<Vec<(i64, String)>, StoreError>> {
        Box::pin(async move {
            let rows = sqlx::query(
                "SELECT id, name FROM organisations WHERE kind IN ('procurement_center', 'agency') \
                 ORDER BY CASE WHEN kind = 'procurement_center' THEN 0 ELSE 1 END, name",
            )
            .fetch_all(&self.db.pool)
            .await
            .map_err(internal)?;
            rows.iter()
                .map(|r| {
                    Ok((
                        r.try_get(0).map_err(internal)?,
                        r.try_get(1).map_err(internal)?,
                    ))
                })
                .collect()
        })
    }

    fn queue<'a>(
        &'a self,
        filter: &'a JurisdictionFilter,
    ) -> BoxFuture<'a, Result<Vec<RequestRow>, StoreError>> {
        Box::pin(self.queue_of(filter))
    }

    fn decide<'a>(
        &'a self,
        actor: &'a Principal,
        approval_id: i64,
        verdict: Verdict,
        reason: String,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>> {
        Box::pin(async move {
            self.decide_request(actor, approval_id, verdict, &reason, now)
                .await
        })
    }
}
