//! Budget lines, plans, approvals and their findings in the database. Each step runs in one
//! transaction: read what the checks need, run `shared::plan::plan_checks`, refuse what
//! `shared::plan::refusals` forbids (nothing stored), else store the step, its findings and the
//! audit record. The row a step depends on is written first (a no-op update), so two concurrent
//! steps on one budget line or plan run one after the other on both databases. The SQL is in
//! the plans repository (`crate::db::plans`).

use app::api::plans::{PlanDesk, PlanDetail, PlanFormContext, PlanRow, RequestRow};
use app::service::plans::PlanServices;
use app::service::{BoxFuture, StoreError};
use serde_json::{json, Value};
use shared::access::{may_access, JurisdictionFilter, Principal, Record, Role};
use shared::approval::{may_decide, notice_until, RequestForm, Verdict};
use shared::checks::framework::CheckContext;
use shared::field::FieldErrors;
use shared::model::{GovLevel, Method, MethodGround};
use shared::plan::{
    plan_checks, refusals, IntentionForm, NewBudgetLine, NewPlan, PlanFacts, PlanFinding, PlanForm,
    PlanStep, RequestFacts,
};
use shared::time::Instant;
use sqlx::AnyConnection;

use crate::auth::AuditEntry;
use crate::db::plans::{self as repo, ListedPlan, StoredPlan};
use crate::steplog;
use crate::store::Store;
use shared::approval::RequestStatus;
use shared::plan_steps::{self, plan_gate, PlanAction, PlanPart, PlanSituation, PlanStatus, Round};

use crate::store::internal;

/// All units of Changzhou (city, districts, county-level city) are 市、县级 budget units.
fn gov_level(_jurisdiction: &str) -> GovLevel {
    GovLevel::CityCounty
}

/// A listed plan with its start gate applied, and its unit. The plan's start gate from the
/// counted rows (the desk lists many plans): the create form offers only the plans a round may
/// start from now.
fn plan_row(listed: ListedPlan) -> (PlanRow, i64) {
    let mut row = listed.row;
    row.startable = plan_steps::start_gate(row.status, listed.running, listed.waiting).is_ok();
    (row, listed.unit_id)
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
    let rounds = repo::rounds(conn, plan_id).await?;
    let failed = plan_steps::failed_round(&rounds);
    let mut before = Vec::new();
    let mut after_failure = Vec::new();
    for (r, linked) in repo::linked_request_facts(conn, plan_id).await? {
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
    let line = repo::line_facts(conn, line_id, unit_id, plan_id)
        .await?
        .ok_or_else(|| {
            StoreError::Rejected(FieldErrors(vec![plan_steps::unknown_budget_line()]))
        })?;
    let year = line.fiscal_year;
    let others = repo::other_plans(conn, unit_id, year, Some(category_code)).await?;
    let (requests, intention) = match plan_id {
        Some(id) => {
            let requests = repo::request_facts(conn, id).await?;
            let intention = repo::first_intention_at(conn, id).await?;
            (requests, intention)
        }
        None => (Vec::new(), None),
    };
    let unit_name = repo::unit(conn, unit_id).await?.name;
    Ok(PlanFacts {
        plan_id,
        unit_id,
        unit_name,
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
    let today = Instant::from_unix_seconds(app::service::plans::now_unix()).china_date();
    may_decide(
        row.kind,
        row.status == RequestStatus::Pending,
        row.notice_until,
        Verdict::Approve,
        today,
    )
    .is_ok()
}

/// The listed requests, each marked whether it may be approved today.
fn with_approvable(mut rows: Vec<RequestRow>) -> Vec<RequestRow> {
    for row in &mut rows {
        row.approvable = approvable(row);
    }
    rows
}

/// The actor's part in a plan: a purchaser of the plan's own unit, and whether it filed it.
fn plan_part(actor: &Principal, unit_id: i64, created_by: Option<i64>) -> PlanPart {
    PlanPart {
        unit: shared::access::of_unit(actor, unit_id),
        filed_it: created_by == Some(actor.user_id),
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
        plan_part(actor, stored.unit_id, stored.created_by),
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

fn scope(jurisdiction: &str, unit_id: i64) -> Record<'_> {
    Record {
        jurisdiction: Some(jurisdiction),
        purchaser_id: Some(unit_id),
        ..Record::default()
    }
}

impl Store {
    async fn desk_of(&self, unit_id: i64, lines_page: Option<u32>) -> Result<PlanDesk, StoreError> {
        use app::api::plans::LINES_PER_PAGE;
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let u = repo::unit(&mut conn, unit_id).await?;
        let total = repo::line_count(&mut conn, unit_id).await?;
        let (lines, lines_page) = match lines_page {
            // A page past the last shows the last.
            Some(page) => {
                let page = page.clamp(1, app::api::page_count(total, LINES_PER_PAGE));
                let lines = repo::lines_page(&mut conn, unit_id, (LINES_PER_PAGE, page)).await?;
                (lines, page)
            }
            None => (repo::lines(&mut conn, unit_id).await?, 1),
        };
        let plans = repo::unit_plans(&mut conn, unit_id)
            .await?
            .into_iter()
            .map(|p| plan_row(p).0)
            .filter(|p| p.startable)
            .collect();
        Ok(PlanDesk {
            unit_name: u.name,
            lines,
            lines_total: u32::try_from(total).unwrap_or(u32::MAX),
            lines_page,
            plans,
        })
    }

    /// The desk items of the purchaser's unit's plans: a plan filed by a colleague waits for
    /// this account's release (the one who filed it may not: `PlanPart::filed_it`); a plan a
    /// round may start from now (`start_gate`) and that has none yet waits for its start.
    async fn plan_tasks(&self, actor: &Principal) -> Result<Vec<shared::desk::Item>, StoreError> {
        use shared::desk::{Item, Target, Task};
        let Some(unit) = actor
            .organisation_id
            .filter(|_| actor.role == Role::Purchaser)
        else {
            return Ok(Vec::new());
        };
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let mut items = Vec::new();
        for listed in repo::unit_plans(&mut conn, unit).await? {
            let part = plan_part(actor, listed.unit_id, listed.created_by);
            let (row, _) = plan_row(listed);
            let task = if row.status == PlanStatus::Filed && !part.filed_it {
                Task::ReleasePlan
            } else if row.startable && row.rounds == 0 {
                Task::StartRound
            } else {
                continue;
            };
            // A release a check forbids now is still the reviewer's to look at, and says so
            // (the plan's page shows why and offers no release).
            let blocked = if task == Task::ReleasePlan {
                let stored = repo::stored_plan(&mut conn, row.id).await?;
                let now = app::service::plans::now_unix();
                let found = release_findings(&mut conn, &stored, row.id, now).await?;
                !refusals(&found, PlanStep::Release).is_empty()
            } else {
                false
            };
            let (note_zh, note_en) = if blocked {
                (
                    "；预警检查暂不允许下达，详见计划页",
                    "; a check forbids the release now: see the plan",
                )
            } else {
                ("", "")
            };
            let detail = shared::i18n::Both::new(
                format!(
                    "{} · {}{note_zh}",
                    row.method.name().zh,
                    shared::money::yuan(row.amount, shared::i18n::Lang::Zh)
                ),
                format!(
                    "{} · {}{note_en}",
                    row.method.name().en,
                    shared::money::yuan(row.amount, shared::i18n::Lang::En)
                ),
            );
            items.push(Item {
                task,
                target: Target::Plan(row.id),
                name: row.name,
                detail: Some(detail),
                due: None,
            });
        }
        Ok(items)
    }

    async fn form_context_of(&self, unit_id: i64, now: i64) -> Result<PlanFormContext, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let u = repo::unit(&mut conn, unit_id).await?;
        let lines = repo::lines(&mut conn, unit_id).await?;
        let mut others = Vec::new();
        let mut years: Vec<i32> = lines.iter().map(|l| l.fiscal_year).collect();
        years.dedup();
        for year in years {
            others.extend(repo::other_plans(&mut conn, unit_id, year, None).await?);
        }
        Ok(PlanFormContext {
            unit_id,
            unit_name: u.name,
            gov_level: gov_level(&u.jurisdiction),
            jurisdiction_code: u.jurisdiction,
            lines,
            others,
            now: Instant::from_unix_seconds(now),
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
        let u = repo::unit(&mut tx, unit_id).await?;
        if !may_access(actor, &scope(&u.jurisdiction, unit_id)) {
            return Err(StoreError::NotFound);
        }
        let id =
            repo::insert_budget_line(&mut tx, unit_id, &u.jurisdiction, line, now, actor.user_id)
                .await?;
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
        repo::lock_budget_line(&mut tx, line_id).await?;
        let u = repo::unit(&mut tx, unit_id).await?;
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
        let id = repo::insert_plan(
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
        let listed = repo::listed_plan(&mut conn, plan_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let (plan, unit_id) = plan_row(listed);
        if !may_access(actor, &scope(&plan.jurisdiction_code, unit_id)) {
            return Err(StoreError::NotFound);
        }
        let findings = repo::findings_of(&mut conn, "plan", plan_id).await?;
        let requests = with_approvable(repo::plan_requests(&mut conn, plan_id).await?);
        let intentions = repo::intentions(&mut conn, plan_id).await?;
        // What this account may do on the plan now: the plan's gate, with the checks a release
        // would run now (a release that a check forbids is not offered).
        let mut release_by_other = false;
        let mut release_blocked = false;
        let (actions, request_kinds) = if shared::access::of_unit(actor, unit_id) {
            let stored = repo::stored_plan(&mut conn, plan_id).await?;
            let part = plan_part(actor, unit_id, stored.created_by);
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
            release_by_other = status == PlanStatus::Filed && part.filed_it;
            release_blocked = status == PlanStatus::Filed
                && !refusals(&findings_now, PlanStep::Release).is_empty();
            (
                plan_steps::plan_offered(&situation, part),
                plan_steps::request_kinds(&situation),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let rounds = repo::round_rows(&mut conn, plan_id).await?;
        Ok(PlanDetail {
            plan,
            intentions,
            findings,
            requests,
            actions,
            request_kinds,
            rounds,
            release_by_other,
            release_blocked,
        })
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
                let failed = repo::round_method(&mut tx, project).await?;
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
        let id = repo::insert_request(
            &mut tx,
            plan_id,
            &stored.jurisdiction,
            &request,
            until,
            now,
            actor.user_id,
            failed_round,
        )
        .await?;
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
        let id = repo::insert_intention(&mut tx, plan_id, &intention, actor.user_id).await?;
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
        repo::mark_released(&mut tx, plan_id, now).await?;
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
        let rows = match filter {
            JurisdictionFilter::All => repo::all_requests(&mut conn).await?,
            JurisdictionFilter::Only(code) => repo::jurisdiction_requests(&mut conn, code).await?,
        };
        Ok(with_approvable(rows))
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
        if !repo::lock_approval(&mut tx, approval_id).await? {
            return Err(StoreError::NotFound);
        }
        let approval = repo::approval(&mut tx, approval_id).await?;
        let plan_id = approval.plan_id;
        let jurisdiction = approval.jurisdiction_code.as_str();
        let visible = actor.role == shared::access::Role::Regulator
            && may_access(
                actor,
                &Record {
                    jurisdiction: Some(jurisdiction),
                    ..Record::default()
                },
            );
        if !visible {
            return Err(StoreError::NotFound);
        }
        let state = approval.state()?;
        let today = Instant::from_unix_seconds(now).china_date();
        may_decide(
            state.kind,
            state.pending,
            state.notice_until,
            verdict,
            today,
        )
        .map_err(|e| StoreError::Rejected(FieldErrors(vec![e])))?;
        repo::decide_approval(&mut tx, approval_id, verdict, reason, now, actor.user_id).await?;
        let (plan_name, method) = repo::plan_label(&mut tx, plan_id).await?;
        let tail = plan_tail(
            &StepInfo {
                plan_id,
                plan_name: &plan_name,
                jurisdiction,
                method,
                step: "approval.decide",
                at: now,
            },
            &[],
            plan_steps::decision_detail(state.kind, verdict, reason),
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
        if !repo::lock_plan(&mut tx, plan_id).await? {
            return Err(StoreError::NotFound);
        }
        let stored = repo::stored_plan(&mut tx, plan_id).await?;
        if !may_access(actor, &scope(&stored.jurisdiction, stored.unit_id)) {
            return Err(StoreError::NotFound);
        }
        let rows = gate_rows(&mut tx, plan_id).await?;
        plan_gate_for(actor, &stored, &rows, action)?;
        Ok((tx, stored, rows))
    }
}

impl PlanServices for Store {
    fn desk(
        &self,
        unit_id: i64,
        lines_page: Option<u32>,
    ) -> BoxFuture<'_, Result<PlanDesk, StoreError>> {
        Box::pin(self.desk_of(unit_id, lines_page))
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

    fn tasks<'a>(
        &'a self,
        actor: &'a Principal,
    ) -> BoxFuture<'a, Result<Vec<shared::desk::Item>, StoreError>> {
        Box::pin(self.plan_tasks(actor))
    }

    fn plans<'a>(
        &'a self,
        scope: &'a shared::access::PlanScope,
        query: &'a app::api::plans::PlanQuery,
        page: Option<(u32, u32)>,
    ) -> BoxFuture<'a, Result<(Vec<PlanRow>, i64), StoreError>> {
        Box::pin(async move {
            let (rows, total) = repo::plan_rows(&self.db.pool, scope, query, page).await?;
            Ok((rows.into_iter().map(|p| plan_row(p).0).collect(), total))
        })
    }

    fn agencies(&self) -> BoxFuture<'_, Result<Vec<(i64, String)>, StoreError>> {
        Box::pin(repo::agencies(&self.db.pool))
    }

    fn queue<'a>(
        &'a self,
        filter: &'a JurisdictionFilter,
    ) -> BoxFuture<'a, Result<Vec<RequestRow>, StoreError>> {
        Box::pin(self.queue_of(filter))
    }

    fn request_page<'a>(
        &'a self,
        filter: &'a JurisdictionFilter,
        query: &'a app::api::plans::ApprovalQuery,
        page: Option<(u32, u32)>,
    ) -> BoxFuture<'a, Result<(Vec<RequestRow>, i64), StoreError>> {
        Box::pin(async move {
            let mut conn = self.db.pool.acquire().await.map_err(internal)?;
            let (rows, total) = repo::request_page(&mut conn, filter, query, page).await?;
            Ok((with_approvable(rows), total))
        })
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
