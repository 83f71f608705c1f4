//! Findings and their triage in the database: the latest `finding_triage` row is a finding's
//! state; each change appends a row and an audit record in one transaction.

use app::api::triage::FindingItem;
use app::service::triage::TriageServices;
use app::service::{BoxFuture, StoreError};
use serde_json::json;
use shared::access::{may_access, JurisdictionFilter, Principal, Record};
use shared::case::{parse_triage, TriageForm};

use crate::auth::AuditEntry;
use crate::db;
use crate::steplog;
use crate::store::{internal, Store};

impl Store {
    async fn findings_list(
        &self,
        scope: &JurisdictionFilter,
        query: &app::api::triage::FindingQuery,
        page: Option<(u32, u32)>,
    ) -> Result<(Vec<FindingItem>, i64), StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let (rows, total) = db::triage::list_findings(&mut conn, scope, query, page).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut histories = db::triage::triage_histories(&mut conn, &ids).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let history = histories.remove(&r.id).unwrap_or_default();
            out.push(r.into_item(history)?);
        }
        Ok((out, total))
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
        db::triage::lock_finding(&mut tx, finding_id).await?;
        let db::triage::FindingState {
            jurisdiction,
            state: from,
        } = db::triage::finding_state(&mut tx, finding_id).await?;
        if !may_access(
            actor,
            &Record {
                jurisdiction: Some(&jurisdiction),
                ..Record::default()
            },
        ) {
            return Err(StoreError::NotFound);
        }
        let (action, to, note, assignee) =
            parse_triage(form, from).map_err(StoreError::Rejected)?;
        db::triage::insert_triage(
            &mut tx,
            finding_id,
            to.code(),
            assignee.as_deref(),
            note.as_deref(),
            actor.user_id,
            now,
        )
        .await?;
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
        query: &'a app::api::triage::FindingQuery,
        page: Option<(u32, u32)>,
    ) -> BoxFuture<'a, Result<(Vec<FindingItem>, i64), StoreError>> {
        Box::pin(self.findings_list(scope, query, page))
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
