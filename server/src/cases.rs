//! Supervision cases in the database: `cases`, the findings they were opened from, and the
//! append-only history `case_events` whose latest row is a case's state. Every change is one
//! transaction: the case row is locked first (a no-op write), the step is checked against what
//! is stored (`shared::case`), the event and its audit record are inserted. Also the risk queue:
//! the projects of a scope ranked by `shared::risk`.

use app::api::cases::{
    CaseEvent, CaseFinding, CaseParty, CaseRow, CaseView, PartyItem, RiskQueue, RiskRow,
};
use app::service::cases::CaseServices;
use app::service::{BoxFuture, StoreError};
use serde_json::json;
use shared::access::{may_access, JurisdictionFilter, Principal, Record};
use shared::case::{
    after_answer, next, parse_case_step, reply_not_allowed, CaseAction, CaseSituation, CaseState,
    CaseStep, CaseStepForm, OpenCaseForm, ReplyForm,
};
use shared::field::{FieldError, FieldErrors};
use shared::i18n::Text;
use shared::risk::{rank, summarize, RiskFinding};
use shared::time::Instant;
use sqlx::Row;

use crate::auth::AuditEntry;
use crate::steplog;
use crate::store::Store;

use crate::store::internal;

/// A case's state: its latest event's.
const STATE: &str =
    "(SELECT e.to_state FROM case_events e WHERE e.case_id = c.id ORDER BY e.id DESC LIMIT 1)";

/// The latest triage state of finding `f`.
const TRIAGE: &str = "COALESCE((SELECT t.state FROM finding_triage t WHERE t.finding_id = f.id ORDER BY t.id DESC LIMIT 1), 'new')";

/// The organisations a case may address: the purchaser units of its findings' plans and
/// projects, and the agencies of those projects (also of a plan's project).
const PARTIES: &str = "SELECT o.id, o.name, o.kind FROM organisations o WHERE o.id IN (\
     SELECT pl.unit_id FROM case_findings cf JOIN findings f ON f.id = cf.finding_id \
       JOIN plans pl ON f.subject_type = 'plan' AND f.subject_id = CAST(pl.id AS TEXT) WHERE cf.case_id = $1 \
     UNION SELECT p.unit_id FROM case_findings cf JOIN findings f ON f.id = cf.finding_id \
       JOIN projects p ON f.subject_type = 'project' AND f.subject_id = CAST(p.id AS TEXT) WHERE cf.case_id = $1 \
     UNION SELECT p.agency_id FROM case_findings cf JOIN findings f ON f.id = cf.finding_id \
       JOIN projects p ON f.subject_type = 'project' AND f.subject_id = CAST(p.id AS TEXT) \
       WHERE cf.case_id = $1 AND p.agency_id IS NOT NULL \
     UNION SELECT p.agency_id FROM case_findings cf JOIN findings f ON f.id = cf.finding_id \
       JOIN projects p ON f.subject_type = 'plan' AND f.subject_id = CAST(p.plan_id AS TEXT) \
       WHERE cf.case_id = $1 AND p.agency_id IS NOT NULL \
       AND p.round = (SELECT MAX(x.round) FROM projects x WHERE x.plan_id = p.plan_id)) ORDER BY o.id";

fn regulator_sees(actor: &Principal, jurisdiction: &str) -> bool {
    may_access(
        actor,
        &Record {
            jurisdiction: Some(jurisdiction),
            ..Record::default()
        },
    )
}

fn rejected(field: &str, code: &str, text: Text) -> StoreError {
    StoreError::Rejected(FieldErrors(vec![FieldError::new(field, code, text)]))
}

/// The stored facts a step is checked against.
struct Stored {
    jurisdiction: String,
    state: CaseState,
    violations_found: bool,
}

async fn stored(conn: &mut sqlx::AnyConnection, case_id: i64) -> Result<Stored, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT c.jurisdiction_code, {STATE}, \
         (SELECT e.violations FROM case_events e WHERE e.case_id = c.id AND e.action = 'conclude' ORDER BY e.id DESC LIMIT 1) \
         FROM cases c WHERE c.id = $1"
    )))
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?
    .ok_or(StoreError::NotFound)?;
    let state: String = row.try_get(1).map_err(internal)?;
    let violations: Option<String> = row.try_get(2).map_err(internal)?;
    Ok(Stored {
        jurisdiction: row.try_get(0).map_err(internal)?,
        state: CaseState::from_code(&state)
            .ok_or_else(|| internal(format!("case {case_id}: unknown state {state:?}")))?,
        violations_found: violations.is_some_and(|v| !v.trim().is_empty()),
    })
}

/// Locks case `case_id` for this transaction (a no-op write on its row); `NotFound` without it.
async fn lock(conn: &mut sqlx::AnyConnection, case_id: i64) -> Result<(), StoreError> {
    let locked = sqlx::query("UPDATE cases SET title = title WHERE id = $1")
        .bind(case_id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    if locked.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

async fn parties(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
) -> Result<Vec<CaseParty>, StoreError> {
    sqlx::query(PARTIES)
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)?
        .iter()
        .map(|r| {
            Ok(CaseParty {
                organisation_id: r.try_get(0).map_err(internal)?,
                name: r.try_get(1).map_err(internal)?,
                kind: r.try_get(2).map_err(internal)?,
            })
        })
        .collect()
}

/// One history row to insert.
#[derive(Default)]
struct NewEvent<'a> {
    action: &'a str,
    from: Option<CaseState>,
    to: Option<CaseState>,
    text: Option<String>,
    violations: Option<String>,
    addressee: Option<i64>,
    due_date: Option<String>,
    reply_to: Option<i64>,
}

/// Stores a history row; returns the audit record of the step (the caller commits it through
/// the step log).
async fn insert_event(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
    e: &NewEvent<'_>,
    actor: &Principal,
    now: i64,
) -> Result<AuditEntry, StoreError> {
    let to = e.to.ok_or_else(|| internal("case event without a state"))?;
    let row = sqlx::query(
        "INSERT INTO case_events (case_id, action, from_state, to_state, text, violations, addressee_org_id, \
         due_date, reply_to, by_user, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(case_id)
    .bind(e.action.to_owned())
    .bind(e.from.map(|s| s.code().to_owned()))
    .bind(to.code().to_owned())
    .bind(e.text.clone())
    .bind(e.violations.clone())
    .bind(e.addressee)
    .bind(e.due_date.clone())
    .bind(e.reply_to)
    .bind(actor.user_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)?;
    let id: i64 = row.try_get(0).map_err(internal)?;
    Ok(AuditEntry {
        at: now,
        user_id: Some(actor.user_id),
        role: Some(actor.role),
        action: match e.action {
            "open" => "case.open",
            "ask" => "case.ask",
            "answer" => "case.answer",
            "conclude" => "case.conclude",
            "order_rectification" => "case.order_rectification",
            "receive_report" => "case.receive_report",
            _ => "case.close",
        },
        subject_type: Some("case"),
        subject_id: Some(case_id.to_string()),
        before: e.from.map(|s| json!({ "state": s.code() })),
        after: Some(json!({
            "state": to.code(),
            "event": id,
            "text": e.text,
            "violations": e.violations,
            "addressee": e.addressee,
            "due_date": e.due_date,
            "reply_to": e.reply_to,
        })),
        ..AuditEntry::default()
    })
}

impl Store {
    async fn case_list(
        &self,
        scope: &JurisdictionFilter,
        state: &str,
    ) -> Result<Vec<CaseRow>, StoreError> {
        let mut sql = format!(
            "SELECT c.id, c.title, c.jurisdiction_code, {STATE} AS st, c.opened_at, u.display_name, \
             (SELECT COUNT(*) FROM case_findings cf WHERE cf.case_id = c.id) \
             FROM cases c JOIN users u ON u.id = c.opened_by WHERE 1 = 1"
        );
        let mut binds = Vec::new();
        if let JurisdictionFilter::Only(code) = scope {
            binds.push(code.clone());
            sql.push_str(&format!(" AND c.jurisdiction_code = ${}", binds.len()));
        }
        if let Some(s) = CaseState::from_code(state) {
            binds.push(s.code().to_owned());
            sql.push_str(&format!(" AND {STATE} = ${}", binds.len()));
        }
        sql.push_str(" ORDER BY c.id DESC LIMIT 200");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            q = q.bind(b);
        }
        q.fetch_all(&self.db.pool)
            .await
            .map_err(internal)?
            .iter()
            .map(case_row)
            .collect()
    }

    /// Everything about one case, if `actor` (a regulator) may see it.
    pub async fn case_view(&self, actor: &Principal, case_id: i64) -> Result<CaseView, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT c.id, c.title, c.jurisdiction_code, {STATE} AS st, c.opened_at, u.display_name, \
             (SELECT COUNT(*) FROM case_findings cf WHERE cf.case_id = c.id) \
             FROM cases c JOIN users u ON u.id = c.opened_by WHERE c.id = $1"
        )))
        .bind(case_id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(internal)?
        .ok_or(StoreError::NotFound)?;
        let case = case_row(&row)?;
        if !regulator_sees(actor, &case.jurisdiction_code) {
            return Err(StoreError::NotFound);
        }
        let findings = sqlx::query(
            "SELECT f.id, f.subject_type, f.subject_id, f.check_id, f.severity, f.message_zh, f.message_en, f.created_at \
             FROM case_findings cf JOIN findings f ON f.id = cf.finding_id WHERE cf.case_id = $1 ORDER BY f.id",
        )
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)?
        .iter()
        .map(|r| {
            Ok(CaseFinding {
                id: r.try_get(0).map_err(internal)?,
                subject_type: r.try_get(1).map_err(internal)?,
                subject_id: r.try_get(2).map_err(internal)?,
                check_id: r.try_get(3).map_err(internal)?,
                severity: r.try_get(4).map_err(internal)?,
                message_zh: r.try_get(5).map_err(internal)?,
                message_en: r.try_get(6).map_err(internal)?,
                created_at: r.try_get(7).map_err(internal)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let parties = parties(&mut conn, case_id).await?;
        let events = sqlx::query(
            "SELECT e.id, e.action, e.from_state, e.to_state, e.text, e.violations, e.addressee_org_id, o.name, \
             e.due_date, e.reply_to, u.display_name, e.at FROM case_events e JOIN users u ON u.id = e.by_user \
             LEFT JOIN organisations o ON o.id = e.addressee_org_id WHERE e.case_id = $1 ORDER BY e.id",
        )
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)?
        .iter()
        .map(|r| {
            let violations: Option<String> = r.try_get(5).map_err(internal)?;
            Ok(CaseEvent {
                id: r.try_get(0).map_err(internal)?,
                action: r.try_get(1).map_err(internal)?,
                from_state: r.try_get(2).map_err(internal)?,
                to_state: r.try_get(3).map_err(internal)?,
                text: r.try_get(4).map_err(internal)?,
                violations: violations
                    .unwrap_or_default()
                    .split(',')
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
                    .collect(),
                addressee_id: r.try_get(6).map_err(internal)?,
                addressee: r.try_get(7).map_err(internal)?,
                due_date: r.try_get(8).map_err(internal)?,
                reply_to: r.try_get(9).map_err(internal)?,
                by: r.try_get(10).map_err(internal)?,
                at: r.try_get(11).map_err(internal)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let violations_found = events
            .iter()
            .rev()
            .find(|e| e.action == "conclude")
            .is_some_and(|e| !e.violations.is_empty());
        Ok(CaseView {
            case,
            findings,
            parties,
            events,
            violations_found,
        })
    }

    /// Opens a case from findings `actor` may see, all of one jurisdiction: the case, its
    /// findings, the `open` event and the audit record in one transaction.
    pub async fn open_case(
        &self,
        actor: &Principal,
        form: &OpenCaseForm,
        now: i64,
    ) -> Result<i64, StoreError> {
        let new = form.parse().map_err(StoreError::Rejected)?;
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let placeholders: Vec<String> = (1..=new.findings.len()).map(|i| format!("${i}")).collect();
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT id, jurisdiction_code FROM findings WHERE id IN ({})",
            placeholders.join(", ")
        )));
        for id in &new.findings {
            q = q.bind(*id);
        }
        let rows = q.fetch_all(&mut *tx).await.map_err(internal)?;
        let mut jurisdictions: Vec<String> = Vec::new();
        for r in &rows {
            let j: String = r.try_get(1).map_err(internal)?;
            if !regulator_sees(actor, &j) {
                return Err(StoreError::NotFound);
            }
            if !jurisdictions.contains(&j) {
                jurisdictions.push(j);
            }
        }
        if rows.len() != new.findings.len() {
            return Err(StoreError::NotFound);
        }
        let [jurisdiction] = jurisdictions.as_slice() else {
            return Err(rejected(
                "findings",
                "one_jurisdiction",
                shared::case::ONE_JURISDICTION,
            ));
        };
        let row = sqlx::query(
            "INSERT INTO cases (jurisdiction_code, title, opened_by, opened_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(jurisdiction.clone())
        .bind(new.title.as_str().to_owned())
        .bind(actor.user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal)?;
        let case_id: i64 = row.try_get(0).map_err(internal)?;
        for f in &new.findings {
            sqlx::query("INSERT INTO case_findings (case_id, finding_id) VALUES ($1, $2)")
                .bind(case_id)
                .bind(*f)
                .execute(&mut *tx)
                .await
                .map_err(internal)?;
        }
        let findings: Vec<String> = new.findings.iter().map(i64::to_string).collect();
        let opened = insert_event(
            &mut tx,
            case_id,
            &NewEvent {
                action: "open",
                to: Some(CaseState::Open),
                text: Some(new.title.into_string()),
                violations: None,
                reply_to: None,
                ..NewEvent::default()
            },
            actor,
            now,
        )
        .await?;
        // The findings behind the case, in the audit record too.
        let tail = steplog::Tail::new(opened).audit(AuditEntry {
            at: now,
            user_id: Some(actor.user_id),
            role: Some(actor.role),
            action: "case.findings",
            subject_type: Some("case"),
            subject_id: Some(case_id.to_string()),
            after: Some(json!({ "findings": findings })),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok(case_id)
    }

    /// A regulator's step (ask, conclude, order rectification, close) on a case of its
    /// jurisdiction; refused with nothing stored when `shared::case` does not allow it.
    pub async fn case_step(
        &self,
        actor: &Principal,
        case_id: i64,
        form: &CaseStepForm,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        lock(&mut tx, case_id).await?;
        let s = stored(&mut tx, case_id).await?;
        if !regulator_sees(actor, &s.jurisdiction) {
            return Err(StoreError::NotFound);
        }
        let party_ids: Vec<i64> = parties(&mut tx, case_id)
            .await?
            .iter()
            .map(|p| p.organisation_id)
            .collect();
        let (step, to) = parse_case_step(
            form,
            &CaseSituation {
                state: s.state,
                violations_found: s.violations_found,
                parties: &party_ids,
                today: Instant::from_unix_seconds(now).china_date(),
                calendar: shared::calendar::china(),
            },
        )
        .map_err(StoreError::Rejected)?;
        let action = step.action();
        let mut e = NewEvent {
            action: action.code(),
            from: Some(s.state),
            to: Some(to),
            ..NewEvent::default()
        };
        match step {
            CaseStep::Ask {
                addressee,
                questions,
                due,
            } => {
                e.addressee = Some(addressee);
                e.text = Some(questions.into_string());
                e.due_date = Some(due.to_string());
            }
            CaseStep::Conclude {
                violations,
                conclusion,
            } => {
                e.text = Some(conclusion.into_string());
                e.violations = Some(
                    violations
                        .iter()
                        .map(|v| v.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                );
            }
            CaseStep::OrderRectification {
                addressee,
                requirements,
                due,
            } => {
                e.addressee = Some(addressee);
                e.text = Some(requirements.into_string());
                e.due_date = Some(due.to_string());
            }
            CaseStep::Close { note } => e.text = note.map(|n| n.into_string()),
        }
        let audit = insert_event(&mut tx, case_id, &e, actor, now).await?;
        steplog::commit(tx, &self.events, steplog::Tail::new(audit))
            .await
            .map_err(internal)?;
        Ok(())
    }

    /// What was addressed to `actor`'s organisation (questions and rectification orders) with
    /// the replies given.
    pub async fn party_case_items(&self, actor: &Principal) -> Result<Vec<PartyItem>, StoreError> {
        let Some(org) = actor.organisation_id else {
            return Ok(Vec::new());
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT e.id, e.case_id, c.title, e.action, e.text, e.due_date, e.at, r.text, r.at, {STATE} \
             FROM case_events e JOIN cases c ON c.id = e.case_id LEFT JOIN case_events r ON r.reply_to = e.id \
             WHERE e.addressee_org_id = $1 AND e.action IN ('ask', 'order_rectification') ORDER BY e.id DESC LIMIT 200"
        )))
        .bind(org)
        .fetch_all(&self.db.pool)
        .await
        .map_err(internal)?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get(3).map_err(internal)?;
                let reply_text: Option<String> = r.try_get(7).map_err(internal)?;
                let reply_at: Option<i64> = r.try_get(8).map_err(internal)?;
                let state: String = r.try_get(9).map_err(internal)?;
                let reply = reply_text.zip(reply_at);
                let awaited = reply.is_none()
                    && matches!(
                        (kind.as_str(), CaseState::from_code(&state)),
                        ("ask", Some(CaseState::Inquiry))
                            | ("order_rectification", Some(CaseState::Rectifying))
                    );
                Ok(PartyItem {
                    event_id: r.try_get(0).map_err(internal)?,
                    case_id: r.try_get(1).map_err(internal)?,
                    case_title: r.try_get(2).map_err(internal)?,
                    kind,
                    text: r
                        .try_get::<Option<String>, _>(4)
                        .map_err(internal)?
                        .unwrap_or_default(),
                    due_date: r.try_get(5).map_err(internal)?,
                    at: r.try_get(6).map_err(internal)?,
                    reply,
                    awaited,
                })
            })
            .collect()
    }

    /// The addressed organisation answers question `event_id` or reports on rectification order
    /// `event_id`; anyone else gets `NotFound`.
    pub async fn case_reply(
        &self,
        actor: &Principal,
        event_id: i64,
        form: &ReplyForm,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let row = sqlx::query(
            "SELECT case_id, action, addressee_org_id FROM case_events \
             WHERE id = $1 AND action IN ('ask', 'order_rectification')",
        )
        .bind(event_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(internal)?
        .ok_or(StoreError::NotFound)?;
        let case_id: i64 = row.try_get(0).map_err(internal)?;
        let kind: String = row.try_get(1).map_err(internal)?;
        let addressee: Option<i64> = row.try_get(2).map_err(internal)?;
        let ours = matches!(
            actor.role,
            shared::access::Role::Purchaser | shared::access::Role::Agency
        ) && actor.organisation_id.is_some()
            && addressee == actor.organisation_id;
        if !ours {
            return Err(StoreError::NotFound);
        }
        lock(&mut tx, case_id).await?;
        let s = stored(&mut tx, case_id).await?;
        let replied: i64 = sqlx::query("SELECT COUNT(*) FROM case_events WHERE reply_to = $1")
            .bind(event_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(internal)?
            .try_get(0)
            .map_err(internal)?;
        if replied > 0 {
            return Err(StoreError::Rejected(reply_not_allowed()));
        }
        let (action, to) = if kind == "ask" {
            let waiting: i64 = sqlx::query(
                "SELECT COUNT(*) FROM case_events q WHERE q.case_id = $1 AND q.action = 'ask' AND q.id <> $2 \
                 AND NOT EXISTS (SELECT 1 FROM case_events a WHERE a.reply_to = q.id)",
            )
            .bind(case_id)
            .bind(event_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(internal)?
            .try_get(0)
            .map_err(internal)?;
            let to = after_answer(s.state, usize::try_from(waiting).unwrap_or(usize::MAX))
                .map_err(|_| StoreError::Rejected(reply_not_allowed()))?;
            (CaseAction::Answer, to)
        } else {
            let to = next(s.state, CaseAction::ReceiveReport, s.violations_found)
                .map_err(|_| StoreError::Rejected(reply_not_allowed()))?;
            (CaseAction::ReceiveReport, to)
        };
        let text = form.parse().map_err(StoreError::Rejected)?;
        let audit = insert_event(
            &mut tx,
            case_id,
            &NewEvent {
                action: action.code(),
                from: Some(s.state),
                to: Some(to),
                text: Some(text.into_string()),
                reply_to: Some(event_id),
                ..NewEvent::default()
            },
            actor,
            now,
        )
        .await?;
        steplog::commit(tx, &self.events, steplog::Tail::new(audit))
            .await
            .map_err(internal)?;
        Ok(())
    }

    /// The risk queue of a scope: the projects with counting findings (their own and their
    /// plan's), ranked by `shared::risk`, at most 200.
    pub async fn risk_queue(&self, scope: &JurisdictionFilter) -> Result<RiskQueue, StoreError> {
        let filter = match scope {
            JurisdictionFilter::Only(_) => " AND p.jurisdiction_code = $1",
            JurisdictionFilter::All => "",
        };
        let sql = format!(
            "SELECT p.id, f.id, f.check_id, f.severity, {TRIAGE} FROM projects p JOIN findings f \
             ON f.subject_type = 'project' AND f.subject_id = CAST(p.id AS TEXT) WHERE 1 = 1{filter} \
             UNION ALL \
             SELECT p.id, f.id, f.check_id, f.severity, {TRIAGE} FROM projects p JOIN findings f \
             ON f.subject_type = 'plan' AND f.subject_id = CAST(p.plan_id AS TEXT) WHERE 1 = 1{filter} \
             AND p.round = (SELECT MAX(x.round) FROM projects x WHERE x.plan_id = p.plan_id)"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let JurisdictionFilter::Only(code) = scope {
            q = q.bind(code.clone());
        }
        let rows = q.fetch_all(&self.db.pool).await.map_err(internal)?;
        let mut by_project: std::collections::BTreeMap<i64, Vec<(i64, RiskFinding)>> =
            std::collections::BTreeMap::new();
        for r in &rows {
            let project: i64 = r.try_get(0).map_err(internal)?;
            let severity: String = r.try_get(3).map_err(internal)?;
            let triage: String = r.try_get(4).map_err(internal)?;
            let Some(severity) = shared::risk::severity(&severity) else {
                continue;
            };
            by_project.entry(project).or_default().push((
                r.try_get(1).map_err(internal)?,
                RiskFinding {
                    check_id: r.try_get(2).map_err(internal)?,
                    severity,
                    triage: shared::case::TriageState::from_code(&triage)
                        .unwrap_or(shared::case::TriageState::New),
                },
            ));
        }
        let weights = self.risk_weights;
        let ranked = rank(
            by_project
                .iter()
                .map(|(id, fs)| {
                    let list: Vec<RiskFinding> = fs.iter().map(|(_, f)| f.clone()).collect();
                    (*id, summarize(&list, &weights))
                })
                .collect(),
        );
        let mut out = Vec::new();
        for (project, risk) in ranked.into_iter().take(200) {
            let r = sqlx::query(
                "SELECT p.name, u.name, p.jurisdiction_code, p.method FROM projects p \
                 JOIN organisations u ON u.id = p.unit_id WHERE p.id = $1",
            )
            .bind(project)
            .fetch_one(&self.db.pool)
            .await
            .map_err(internal)?;
            let mut finding_ids: Vec<i64> = by_project
                .get(&project)
                .map(|fs| {
                    fs.iter()
                        .filter(|(_, f)| shared::risk::counts(f.triage))
                        .map(|(id, _)| *id)
                        .collect()
                })
                .unwrap_or_default();
            finding_ids.sort_unstable();
            finding_ids.dedup();
            out.push(RiskRow {
                project_id: project,
                name: r.try_get(0).map_err(internal)?,
                unit_name: r.try_get(1).map_err(internal)?,
                jurisdiction_code: r.try_get(2).map_err(internal)?,
                method: r.try_get(3).map_err(internal)?,
                risk,
                finding_ids,
            });
        }
        Ok(RiskQueue { weights, rows: out })
    }
}

fn case_row(r: &sqlx::any::AnyRow) -> Result<CaseRow, StoreError> {
    Ok(CaseRow {
        id: r.try_get(0).map_err(internal)?,
        title: r.try_get(1).map_err(internal)?,
        jurisdiction_code: r.try_get(2).map_err(internal)?,
        state: r.try_get(3).map_err(internal)?,
        opened_at: r.try_get(4).map_err(internal)?,
        opened_by: r.try_get(5).map_err(internal)?,
        findings: r.try_get(6).map_err(internal)?,
    })
}

impl CaseServices for Store {
    fn list<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        state: &'a str,
    ) -> BoxFuture<'a, Result<Vec<CaseRow>, StoreError>> {
        Box::pin(self.case_list(scope, state))
    }

    fn view<'a>(
        &'a self,
        actor: &'a Principal,
        case_id: i64,
    ) -> BoxFuture<'a, Result<CaseView, StoreError>> {
        Box::pin(self.case_view(actor, case_id))
    }

    fn open<'a>(
        &'a self,
        actor: &'a Principal,
        form: OpenCaseForm,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>> {
        Box::pin(async move { self.open_case(actor, &form, now).await })
    }

    fn step<'a>(
        &'a self,
        actor: &'a Principal,
        case_id: i64,
        form: CaseStepForm,
        now: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move { self.case_step(actor, case_id, &form, now).await })
    }

    fn party_items<'a>(
        &'a self,
        actor: &'a Principal,
    ) -> BoxFuture<'a, Result<Vec<PartyItem>, StoreError>> {
        Box::pin(self.party_case_items(actor))
    }

    fn reply<'a>(
        &'a self,
        actor: &'a Principal,
        event_id: i64,
        form: ReplyForm,
        now: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move { self.case_reply(actor, event_id, &form, now).await })
    }

    fn risk<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
    ) -> BoxFuture<'a, Result<RiskQueue, StoreError>> {
        Box::pin(self.risk_queue(scope))
    }
}
