//! The writes of the ingest API. Each runs in one transaction that starts by inserting the
//! request's idempotency row (so two identical requests racing each other serialize on its
//! primary key: the second finds the first's answer) and ends by storing the answer in it;
//! between them the record, its findings and its audit record. Anything refused rolls all back.

use serde_json::{json, Value};
use shared::access::jurisdiction_covers;
use shared::checks::CheckContext;
use shared::ingest::{
    run_kind, BudgetLineEntry, Kind, OrgFacts, OrgRef, Patch, PatchError, PlanEntry, UnitEntry,
};
use shared::plan::{plan_checks, refusals, PlanFinding, PlanStep};
use shared::time::Instant;
use sqlx::AnyConnection;

use super::keys::ApiKey;
use super::ApiError;
use crate::auth::AuditEntry;
use crate::db::ingest::{self as repo, store_project, ProjectRow};
use crate::db::{is_unique_violation, Db};
use crate::events::EventHub;
use crate::steplog;

/// A parsed request, ready to be written.
#[derive(Debug, Clone)]
pub enum Input {
    BudgetLine(BudgetLineEntry),
    Plan(PlanEntry),
    Unit(UnitEntry),
    Project {
        /// The name of the key that sent (or sends) the project.
        source: String,
        external_id: String,
        patch: Patch,
    },
}

impl Input {
    pub fn kind(&self) -> Kind {
        match self {
            Input::BudgetLine(_) => Kind::BudgetLine,
            Input::Plan(_) => Kind::Plan,
            Input::Unit(_) => Kind::Unit,
            Input::Project { patch, .. } => patch.kind(),
        }
    }
}

/// The first answer to an idempotency key.
#[derive(Debug, Clone)]
pub struct Stored {
    pub request_hash: String,
    pub status: u16,
    pub body: String,
}

/// What a write came to.
#[derive(Debug)]
pub enum Written {
    /// Stored now; the answer's body.
    Created(Value),
    /// An identical request got there first (or at the same time): its stored answer.
    Replay(Stored),
}

/// The stored answer of a key's idempotency key, if any.
pub async fn stored_response(
    db: &Db,
    api_key_id: i64,
    idem_key: &str,
) -> Result<Option<Stored>, sqlx::Error> {
    let row = repo::stored_response(&db.pool, api_key_id, idem_key).await?;
    Ok(row.map(|r| Stored {
        request_hash: r.request_hash,
        status: u16::try_from(r.status_code).unwrap_or(500),
        body: r.response_json,
    }))
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::internal(e)
}

fn audit_action(kind: Kind) -> &'static str {
    match kind {
        Kind::BudgetLine => "ingest.budget_line",
        Kind::Plan => "ingest.plan",
        Kind::Notice => "ingest.notice",
        Kind::Bid => "ingest.bid",
        Kind::Evaluation => "ingest.evaluation",
        Kind::Award => "ingest.award",
        Kind::Contract => "ingest.contract",
        Kind::Payment => "ingest.payment",
        Kind::Unit => "ingest.unit",
    }
}

/// Writes one request: the idempotency row, the record, its findings, the audit record and the
/// answer, in one transaction. `body` is the request as sent (for the audit trail).
#[allow(clippy::too_many_arguments)] // one request: each argument is a different part of it
pub async fn write(
    db: &Db,
    hub: &EventHub,
    key: &ApiKey,
    idem_key: &str,
    request_hash: &str,
    input: Input,
    body: Value,
    now: i64,
) -> Result<Written, ApiError> {
    let mut tx = db.begin_write().await.map_err(internal)?;
    let claimed = repo::claim_idempotency_key(&mut tx, key.id, idem_key, request_hash, now).await;
    match claimed {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            drop(tx);
            let stored = stored_response(db, key.id, idem_key)
                .await
                .map_err(internal)?
                .ok_or_else(|| internal("an idempotency row vanished"))?;
            return Ok(Written::Replay(stored));
        }
        Err(e) => return Err(internal(e)),
    }
    let kind = input.kind();
    let ctx = CheckContext::builtin(Instant::from_unix_seconds(now));
    let done = match input {
        Input::BudgetLine(entry) => budget_line(&mut tx, key, &entry, now).await?,
        Input::Plan(entry) => plan(&mut tx, db, key, &entry, &ctx, now).await?,
        Input::Unit(entry) => unit(&mut tx, key, &entry, now).await?,
        Input::Project {
            source,
            external_id,
            patch,
        } => project(&mut tx, db, key, &source, &external_id, patch, &ctx, now).await?,
    };
    let findings: Vec<Value> = done.flags.iter().map(finding_json).collect();
    let mut answer = json!({
        "id": done.id,
        "kind": kind.code(),
        "findings": findings,
    });
    if let Some(external) = &done.external_id {
        answer["project_id"] = Value::String(external.clone());
    }
    repo::save_answer(&mut tx, key.id, idem_key, 201_i64, answer.to_string())
        .await
        .map_err(internal)?;
    let named = done
        .external_id
        .clone()
        .unwrap_or_else(|| done.id.to_string());
    let tail = steplog::Tail::new(AuditEntry {
        at: now,
        action: audit_action(kind),
        subject_type: Some(done.subject_type),
        subject_id: Some(done.id.to_string()),
        after: Some(json!({
            "api_key": { "id": key.id, "name": key.name },
            "idempotency_key": idem_key,
            "request": body,
        })),
        findings: Some(Value::Array(findings)),
        ..AuditEntry::default()
    })
    .flags(
        &steplog::Subject {
            kind: done.subject_type,
            id: done.id.to_string(),
            jurisdiction: &done.jurisdiction,
            step: audit_action(kind),
            method: None,
            name: None,
        },
        &done.flags,
    )
    .event(crate::events::NewEvent {
        at: now,
        jurisdiction_code: &done.jurisdiction,
        kind: "step",
        stage: None,
        severity: None,
        method: None,
        subject_type: done.subject_type,
        subject_id: done.id.to_string(),
        check_id: None,
        action: audit_action(kind),
        title_zh: format!("数据接入：{}", kind.code()),
        title_en: format!("Ingested: {}", kind.code()),
        message_zh: format!("{}（{named}）", key.name),
        message_en: format!("{} ({named})", key.name),
    });
    // The step log's tail (findings, audit record, events), the commit, and the monitors woken.
    steplog::commit(tx, hub, tail).await.map_err(internal)?;
    Ok(Written::Created(answer))
}

/// One finding as the answer and the audit trail show it.
pub fn finding_json(finding: &PlanFinding) -> Value {
    json!({
        "check_id": finding.check_id,
        "stage": finding.stage,
        "severity": finding.severity,
        "message_zh": finding.message_zh,
        "message_en": finding.message_en,
    })
}

/// What one write stored.
struct Done {
    subject_type: &'static str,
    id: i64,
    external_id: Option<String>,
    jurisdiction: String,
    flags: Vec<PlanFinding>,
}

/// The organisation a request names, within the key's jurisdiction. Unknown: a field error;
/// outside the jurisdiction: 403, with nothing about it.
async fn organisation(
    conn: &mut AnyConnection,
    key: &ApiKey,
    org: &OrgRef,
    field: &str,
) -> Result<OrgFacts, ApiError> {
    let Some(facts) = repo::organisation(conn, org).await.map_err(internal)? else {
        return Err(ApiError::field(
            field,
            "org.unknown",
            "平台上没有该单位（请核对统一社会信用代码或单位编号）",
            "No such organisation on the platform (check the credit code or id)",
        ));
    };
    if !jurisdiction_covers(&key.jurisdiction_code, &facts.jurisdiction_code) {
        return Err(ApiError::Forbidden);
    }
    Ok(facts)
}

/// A purchaser unit from the budget system: created, or — known by its credit code — its name
/// and jurisdiction updated. Both the unit's jurisdiction before and after must be the key's.
async fn unit(
    conn: &mut AnyConnection,
    key: &ApiKey,
    entry: &UnitEntry,
    now: i64,
) -> Result<Done, ApiError> {
    if !jurisdiction_covers(&key.jurisdiction_code, entry.jurisdiction) {
        return Err(ApiError::Forbidden);
    }
    let code = shared::credit_code::CreditCode::parse(&entry.credit_code).map_err(|e| {
        ApiError::Invalid(shared::field::FieldErrors(vec![
            e.to_field_error("credit_code")
        ]))
    })?;
    let existing = repo::organisation(conn, &OrgRef::CreditCode(code))
        .await
        .map_err(internal)?;
    let name_taken = || {
        ApiError::Conflict(super::field_errors(
            "name",
            "organisation.name_taken",
            "平台上已有同名单位",
            "An organisation of that name is on the platform already",
        ))
    };
    // Another jurisdiction's organisation: 403 before anything about it is said.
    if existing
        .as_ref()
        .is_some_and(|o| !jurisdiction_covers(&key.jurisdiction_code, &o.jurisdiction_code))
    {
        return Err(ApiError::Forbidden);
    }
    let id = match existing {
        Some(o) if o.kind != "purchaser" => {
            return Err(ApiError::Conflict(super::field_errors(
                "credit_code",
                "organisation.kind",
                "该统一社会信用代码属于非采购人单位",
                "This credit code belongs to an organisation that is not a purchaser unit",
            )))
        }
        Some(o) => {
            if !jurisdiction_covers(&key.jurisdiction_code, &o.jurisdiction_code) {
                return Err(ApiError::Forbidden);
            }
            repo::update_unit(conn, o.id, &entry.name, entry.jurisdiction)
                .await
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        name_taken()
                    } else {
                        internal(e)
                    }
                })?;
            o.id
        }
        None => repo::insert_unit(conn, entry, now).await.map_err(|e| {
            if is_unique_violation(&e) {
                name_taken()
            } else {
                internal(e)
            }
        })?,
    };
    Ok(Done {
        subject_type: "organisation",
        id,
        external_id: None,
        jurisdiction: entry.jurisdiction.to_owned(),
        flags: Vec::new(),
    })
}

async fn budget_line(
    conn: &mut AnyConnection,
    key: &ApiKey,
    entry: &BudgetLineEntry,
    now: i64,
) -> Result<Done, ApiError> {
    let unit = organisation(conn, key, &entry.unit, "unit").await?;
    unit.require_purchaser("unit")
        .map_err(|e| ApiError::Invalid(shared::field::FieldErrors(vec![e])))?;
    let id = repo::insert_budget_line(conn, unit.id, &unit.jurisdiction_code, entry, now)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                ApiError::Conflict(super::field_errors(
                    "code",
                    "budget_line.duplicate",
                    "该单位该年度已有此编码的预算指标",
                    "The unit already has a budget line with this code for the year",
                ))
            } else {
                internal(e)
            }
        })?;
    Ok(Done {
        subject_type: "budget_line",
        id,
        external_id: None,
        jurisdiction: unit.jurisdiction_code,
        flags: Vec::new(),
    })
}

/// Files a plan as the web app does: `shared::plan::plan_checks` with facts read inside this
/// transaction, refused while `refusals(…, PlanStep::File)` names a flag (nothing stored), else
/// stored as `filed` with every flag.
async fn plan(
    conn: &mut AnyConnection,
    db: &Db,
    key: &ApiKey,
    entry: &PlanEntry,
    ctx: &CheckContext<'_>,
    now: i64,
) -> Result<Done, ApiError> {
    let unit = organisation(conn, key, &entry.unit, "unit").await?;
    unit.require_purchaser("unit")
        .map_err(|e| ApiError::Invalid(shared::field::FieldErrors(vec![e])))?;
    let line_id = repo::lock_budget_line(
        conn,
        db.backend,
        unit.id,
        i64::from(entry.fiscal_year),
        &entry.budget_line_code,
    )
    .await
    .map_err(internal)?
    .ok_or_else(|| {
        ApiError::field(
            "budget_line_code",
            "budget_line.unknown",
            "该单位该年度没有此编码的预算指标",
            "The unit has no budget line with this code for the year",
        )
    })?;
    let new_plan = entry.plan(line_id).map_err(ApiError::Invalid)?;
    let facts = crate::plans::facts(
        conn,
        unit.id,
        &unit.jurisdiction_code,
        line_id,
        new_plan.category().code,
        None,
        now,
    )
    .await
    .map_err(ApiError::from_store)?;
    let flags = plan_checks(&new_plan, &facts, ctx);
    let refused = refusals(&flags, PlanStep::File);
    if !refused.is_empty() {
        return Err(ApiError::Refused(refused.into_iter().cloned().collect()));
    }
    let id = crate::db::plans::insert_plan(
        conn,
        unit.id,
        &unit.jurisdiction_code,
        facts.line.fiscal_year,
        &new_plan,
        now,
        None,
    )
    .await
    .map_err(ApiError::from_store)?;
    Ok(Done {
        subject_type: "plan",
        id,
        external_id: None,
        jurisdiction: unit.jurisdiction_code,
        flags,
    })
}

#[allow(clippy::too_many_arguments)]
async fn project(
    conn: &mut AnyConnection,
    db: &Db,
    key: &ApiKey,
    source: &str,
    external_id: &str,
    patch: Patch,
    ctx: &CheckContext<'_>,
    now: i64,
) -> Result<Done, ApiError> {
    let kind = patch.kind();
    let purchaser = match patch.project() {
        Some(p) => {
            let org = OrgRef::parse("project.purchaser_id", &p.purchaser_id)
                .map_err(|e| ApiError::Invalid(shared::field::FieldErrors(vec![e])))?;
            let org = organisation(conn, key, &org, "project.purchaser_id").await?;
            org.require_purchaser("project.purchaser_id")
                .map_err(|e| ApiError::Invalid(shared::field::FieldErrors(vec![e])))?;
            Some(org)
        }
        None => None,
    };
    let row = repo::lock_ingest_project(conn, db.backend, source, external_id)
        .await
        .map_err(internal)?;
    let existing = match row {
        Some(r) => {
            if !jurisdiction_covers(&key.jurisdiction_code, &r.jurisdiction_code) {
                return Err(ApiError::Forbidden);
            }
            let id = r.id;
            let record = r
                .record()
                .map_err(|e| internal(format!("stored project {id}: {e}")))?;
            Some((id, r.jurisdiction_code, record))
        }
        None => None,
    };
    let (row_id, jurisdiction, stored) = match existing {
        Some((id, j, r)) => (Some(id), Some(j), Some(r)),
        None => (None, None, None),
    };
    let record = patch
        .apply(
            stored,
            external_id,
            purchaser.as_ref(),
            Instant::from_unix_seconds(now),
        )
        .map_err(|e| match e {
            PatchError::UnknownProject => ApiError::NotFound,
            PatchError::Invalid(errors) => ApiError::Invalid(errors),
        })?;
    let flags = run_kind(&record, kind, ctx);
    let (id, jurisdiction) = match (row_id, jurisdiction, purchaser) {
        (Some(id), Some(j), _) => {
            store_project(
                conn,
                ProjectRow::Existing(id),
                source,
                external_id,
                &record,
                now,
            )
            .await
            .map_err(internal)?;
            (id, j)
        }
        (_, _, Some(org)) => {
            let id = store_project(
                conn,
                ProjectRow::New {
                    jurisdiction: &org.jurisdiction_code,
                    purchaser_id: org.id,
                },
                source,
                external_id,
                &record,
                now,
            )
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    ApiError::Conflict(super::field_errors(
                        "project_id",
                        "project.concurrent",
                        "该项目正由另一请求同时创建，请重试",
                        "Another request is creating this project at the same time; please retry",
                    ))
                } else {
                    internal(e)
                }
            })?;
            (id, org.jurisdiction_code)
        }
        // `apply` creates a project only from a notice that brings it, with its purchaser.
        _ => return Err(internal("a new project without a purchaser")),
    };
    Ok(Done {
        subject_type: "project",
        id,
        external_id: Some(external_id.to_owned()),
        jurisdiction,
        flags,
    })
}
