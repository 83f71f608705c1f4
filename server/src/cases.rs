//! Supervision cases in the database: `cases`, the findings they were opened from, and the
//! append-only history `case_events` whose latest row is a case's state. Every change is one
//! transaction: the case row is locked first (a no-op write), the step is checked against what
//! is stored (`shared::case`), the event and its audit record are inserted. Also the risk queue:
//! the projects of a scope ranked by `shared::risk`.

use app::api::cases::{CaseRow, CaseView, PartyItem, RiskQueue, RiskRow};
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
use shared::model::Method;
use shared::risk::{rank, summarize, RiskFinding};
use shared::time::Instant;

use crate::auth::AuditEntry;
use crate::db;
use crate::steplog;
use crate::store::{internal, Store};

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
    let id = db::cases::insert_event(
        conn,
        &db::cases::NewEventRow {
            case_id,
            action: e.action,
            from_state: e.from.map(CaseState::code),
            to_state: to.code(),
            text: e.text.as_deref(),
            violations: e.violations.as_deref(),
            addressee_org_id: e.addressee,
            due_date: e.due_date.as_deref(),
            reply_to: e.reply_to,
            by_user: actor.user_id,
            at: now,
        },
    )
    .await?;
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
        page: Option<(u32, u32)>,
    ) -> Result<(Vec<CaseRow>, i64), StoreError> {
        db::cases::list_cases(&self.db.pool, scope, CaseState::from_code(state), page).await
    }

    /// Everything about one case, if `actor` (a regulator) may see it.
    pub async fn case_view(&self, actor: &Principal, case_id: i64) -> Result<CaseView, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let case = db::cases::case_by_id(&mut conn, case_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        if !regulator_sees(actor, &case.jurisdiction_code) {
            return Err(StoreError::NotFound);
        }
        let findings = db::cases::case_findings(&mut conn, case_id).await?;
        let parties = db::cases::case_parties(&mut conn, case_id).await?;
        let events = db::cases::case_events(&mut conn, case_id).await?;
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
        let found = db::cases::finding_jurisdictions(&mut tx, &new.findings).await?;
        let mut jurisdictions: Vec<String> = Vec::new();
        for j in &found {
            if !regulator_sees(actor, j) {
                return Err(StoreError::NotFound);
            }
            if !jurisdictions.contains(j) {
                jurisdictions.push(j.clone());
            }
        }
        if found.len() != new.findings.len() {
            return Err(StoreError::NotFound);
        }
        let [jurisdiction] = jurisdictions.as_slice() else {
            return Err(rejected(
                "findings",
                "one_jurisdiction",
                shared::case::ONE_JURISDICTION,
            ));
        };
        let case_id = db::cases::insert_case(
            &mut tx,
            jurisdiction,
            new.title.as_str(),
            actor.user_id,
            now,
        )
        .await?;
        db::cases::insert_case_findings(&mut tx, case_id, &new.findings).await?;
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
        db::cases::lock_case(&mut tx, case_id).await?;
        let s = db::cases::stored_case(&mut tx, case_id).await?;
        if !regulator_sees(actor, &s.jurisdiction) {
            return Err(StoreError::NotFound);
        }
        let party_ids: Vec<i64> = db::cases::case_parties(&mut tx, case_id)
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
                // A party's answer period: provisional where next year's notice is not out.
                calendar: shared::calendar::provisional(),
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
        db::cases::addressed_items(&self.db.pool, org).await
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
        let db::cases::AddressedEventRow {
            case_id,
            action: kind,
            addressee_org_id: addressee,
        } = db::cases::addressed_event(&mut tx, event_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let ours = matches!(
            actor.role,
            shared::access::Role::Purchaser | shared::access::Role::Agency
        ) && actor.organisation_id.is_some()
            && addressee == actor.organisation_id;
        if !ours {
            return Err(StoreError::NotFound);
        }
        db::cases::lock_case(&mut tx, case_id).await?;
        let s = db::cases::stored_case(&mut tx, case_id).await?;
        let replied = db::cases::reply_count(&mut tx, event_id).await?;
        if replied > 0 {
            return Err(StoreError::Rejected(reply_not_allowed()));
        }
        let (action, to) = if kind == "ask" {
            let waiting = db::cases::other_unanswered_questions(&mut tx, case_id, event_id).await?;
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
    /// The ranked risk queue of `scope`: every project with findings is ranked (the score is
    /// `shared::risk`'s, computed here); the page (`Some((per_page, page))`, clamped to the
    /// last) or all of them are read in full.
    pub async fn risk_queue(
        &self,
        scope: &JurisdictionFilter,
        page: Option<(u32, u32)>,
    ) -> Result<RiskQueue, StoreError> {
        let mut by_project: std::collections::BTreeMap<i64, Vec<(i64, RiskFinding)>> =
            std::collections::BTreeMap::new();
        for f in db::cases::risk_findings(&self.db.pool, scope).await? {
            by_project
                .entry(f.project_id)
                .or_default()
                .push((f.finding_id, f.finding));
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
        let total = ranked.len() as i64;
        let (per_page, page) = match page {
            Some((per_page, page)) => {
                let last = app::api::page_count(total, per_page.max(1));
                (per_page.max(1), page.clamp(1, last))
            }
            None => (u32::try_from(ranked.len()).unwrap_or(u32::MAX).max(1), 1),
        };
        let skip = (page as usize - 1).saturating_mul(per_page as usize);
        let mut out = Vec::new();
        for (project, risk) in ranked.into_iter().skip(skip).take(per_page as usize) {
            let p = db::cases::risk_project(&self.db.pool, project).await?;
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
                name: p.name,
                unit_name: p.unit_name,
                jurisdiction_code: p.jurisdiction_code,
                method: Method::from_code(&p.method).ok_or_else(|| internal(&p.method))?,
                risk,
                finding_ids,
            });
        }
        Ok(RiskQueue {
            weights,
            total,
            rows: out,
            page,
            per_page,
        })
    }
}

impl CaseServices for Store {
    fn list<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        state: &'a str,
        page: Option<(u32, u32)>,
    ) -> BoxFuture<'a, Result<(Vec<CaseRow>, i64), StoreError>> {
        Box::pin(self.case_list(scope, state, page))
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
        page: Option<(u32, u32)>,
    ) -> BoxFuture<'a, Result<RiskQueue, StoreError>> {
        Box::pin(self.risk_queue(scope, page))
    }
}
