//! Findings and their triage in the database: the latest `finding_triage` row is a finding's
//! state; each change appends a row and an audit record in one transaction.

use app::api::triage::{FindingItem, TriageEntry};
use app::service::triage::TriageServices;
use app::service::{BoxFuture, StoreError};
use serde_json::json;
use shared::access::{may_access, JurisdictionFilter, Principal, Record};
use shared::case::{parse_triage, TriageForm, TriageState};
use sqlx::Row;

use crate::auth::AuditEntry;
use crate::steplog;
use crate::store::Store;

use crate::store::internal;

const LATEST: &str =
    "(SELECT t.state FROM finding_triage t WHERE t.finding_id = f.id ORDER BY t.id DESC LIMIT 1)";

impl Store {
    async fn findings_list(
        &self,
        scope: &JurisdictionFilter,
        state: &str,
    ) -> Result<Vec<FindingItem>, StoreError> {
        let mut sql = format!(
            "SELECT f.id, f.subject_type, f.subject_id, f.jurisdiction_code, f.check_id, f.severity, f.stage, \
             f.message_zh, f.message_en, f.created_at, COALESCE({LATEST}, 'new') AS st FROM findings f WHERE 1 = 1"
        );
        let mut binds = Vec::new();
        if let JurisdictionFilter::Only(code) = scope {
            binds.push(code.clone());
            sql.push_str(&format!(" AND f.jurisdiction_code = ${}", binds.len()));
        }
        if let Some(s) = TriageState::from_code(state) {
            binds.push(s.code().to_owned());
            sql.push_str(&format!(
                " AND COALESCE({LATEST}, 'new') = ${}",
                binds.len()
            ));
        }
        sql.push_str(" ORDER BY f.id DESC LIMIT 200");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            q = q.bind(b);
        }
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let rows = q.fetch_all(&mut *conn).await.map_err(internal)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.try_get(0).map_err(internal)?;
            let history = sqlx::query(
                "SELECT t.state, t.assignee, t.note, u.display_name, t.at FROM finding_triage t \
                 JOIN users u ON u.id = t.by_user WHERE t.finding_id = $1 ORDER BY t.id",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await
            .map_err(internal)?
            .iter()
            .map(|h| {
                Ok(TriageEntry {
                    state: h.try_get(0).map_err(internal)?,
                    assignee: h.try_get(1).map_err(internal)?,
                    note: h.try_get(2).map_err(internal)?,
                    by: h.try_get(3).map_err(internal)?,
                    at: h.try_get(4).map_err(internal)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
            out.push(FindingItem {
                id,
                subject_type: r.try_get(1).map_err(internal)?,
                subject_id: r.try_get(2).map_err(internal)?,
                jurisdiction_code: r.try_get(3).map_err(internal)?,
                check_id: r.try_get(4).map_err(internal)?,
                severity: r.try_get(5).map_err(internal)?,
                stage: r.try_get(6).map_err(internal)?,
                message_zh: r.try_get(7).map_err(internal)?,
                message_en: r.try_get(8).map_err(internal)?,
                created_at: r.try_get(9).map_err(internal)?,
                state: r.try_get(10).map_err(internal)?,
                history,
            });
        }
        Ok(out)
    }

    pub async fn triage_finding(
        &self,
        actor: &Principal,
        finding_id: i64,
        form: &TriageForm,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        // Serialise triage of one finding (a no-op write on its row takes the lock first).
        let locked = sqlx::query("UPDATE findings SET check_id = check_id WHERE id = $1")
            .bind(finding_id)
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
        if locked.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT f.jurisdiction_code, COALESCE({LATEST}, 'new') FROM findings f WHERE f.id = $1"
        )))
        .bind(finding_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal)?;
        let jurisdiction: String = row.try_get(0).map_err(internal)?;
        let state: String = row.try_get(1).map_err(internal)?;
        if !may_access(
            actor,
            &Record {
                jurisdiction: Some(&jurisdiction),
                ..Record::default()
            },
        ) {
            return Err(StoreError::NotFound);
        }
        let from = TriageState::from_code(&state).unwrap_or(TriageState::New);
        let (action, to, note, assignee) =
            parse_triage(form, from).map_err(StoreError::Rejected)?;
        sqlx::query(
            "INSERT INTO finding_triage (finding_id, state, assignee, note, by_user, at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(finding_id)
        .bind(to.code().to_owned())
        .bind(assignee.clone())
        .bind(note.clone())
        .bind(actor.user_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(internal)?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(actor.user_id),
            role: Some(actor.role),
            action: "finding.triage",
            subject_type: Some("finding"),
            subject_id: Some(finding_id.to_string()),
            before: Some(json!({ "state": from.code() })),
            after: Some(
                json!({ "state": to.code(), "action": action.code(), "note": note, "assignee": assignee }),
            ),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok(())
    }
}

impl TriageServices for Store {
    fn list<'a>(
        &'a self,
        scope: &'a JurisdictionFilter,
        state: &'a str,
    ) -> BoxFuture<'a, Result<Vec<FindingItem>, StoreError>> {
        Box::pin(self.findings_list(scope, state))
    }

    fn triage<'a>(
        &'a self,
        actor: &'a Principal,
        finding_id: i64,
        form: TriageForm,
        now: i64,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move { self.triage_finding(actor, finding_id, &form, now).await })
    }
}
