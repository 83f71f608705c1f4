//! Thresholds kept by the bureau (issue 16 point 3): a city's finance bureau enters a new version
//! or a correction of its values; the operator loads values of other issuers from a file
//! (`yiwang thresholds import`). Each entry is one row and one audit record in one transaction,
//! then the table in force is installed again (`Db::load_thresholds`).

use app::api::thresholds::KeptEntry;
use app::service::thresholds::ThresholdServices;
use app::service::{BoxFuture, StoreError};
use serde_json::json;
use shared::access::Principal;
use shared::i18n::Lang;
use shared::thresholds::{issuer_level, province_of, KeptValue, Override, ThresholdForm};
use shared::time::Instant;

use crate::auth::AuditEntry;
use crate::db;
use crate::steplog;
use crate::store::{internal, Store};

/// One value of a file the operator loads: the override and its source document.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    pub source: String,
    pub entry: Override,
}

impl Store {
    async fn kept_entries(&self) -> Result<Vec<KeptEntry>, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let rows = db::thresholds::all(&mut conn).await.map_err(internal)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(KeptEntry {
                value: r.value().map_err(internal)?,
                reason: r.reason.clone(),
                entered_by: r.entered_by.clone(),
                entered_at: Instant::from_unix_seconds(r.entered_at),
                corrected_by: rows.iter().find(|c| c.corrects == Some(r.id)).map(|c| c.id),
            });
        }
        out.reverse();
        Ok(out)
    }

    /// Stores a checked value as `by` with its audit record; installs the table again.
    async fn store_kept(
        &self,
        user: Option<&Principal>,
        by: &str,
        value: &KeptValue,
        reason: Option<&str>,
        now: i64,
    ) -> Result<i64, StoreError> {
        // Refused here, before anything is stored, if the table would not take it.
        let mut all = shared::thresholds::kept_values();
        all.push(value.clone());
        shared::thresholds::ThresholdTable::builtin()
            .with_kept(&all)
            .map_err(|e| {
                StoreError::Rejected(shared::field::FieldErrors(vec![
                    shared::field::FieldError::with_message(
                        "value",
                        "invalid",
                        e.message(Lang::Zh),
                        e.message(Lang::En),
                    ),
                ]))
            })?;
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        // One correction an entry: two at once would both take its place.
        if let Some(c) = value.corrects {
            if db::thresholds::is_corrected(&mut tx, c).await? {
                return Err(StoreError::Rejected(shared::field::FieldErrors(vec![
                    shared::thresholds::already_corrected(),
                ])));
            }
        }
        let id = db::thresholds::insert(
            &mut tx,
            &db::thresholds::NewRow {
                override_json: serde_json::to_string(&value.entry).map_err(internal)?,
                source: &value.source,
                issuer: &value.issuer,
                corrects: value.corrects,
                reason,
                by,
            },
            now,
        )
        .await?;
        let e = &value.entry;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: user.map(|u| u.user_id),
            role: user.map(|u| u.role),
            action: if value.corrects.is_some() {
                "threshold.correct"
            } else {
                "threshold.keep"
            },
            subject_type: Some("threshold_value"),
            subject_id: Some(id.to_string()),
            after: Some(json!({
                "param": e.param.code(),
                "level": e.level,
                "province": e.province,
                "object_type": e.object_type,
                "valid_from": e.valid_from.map(|d| d.to_string()),
                "valid_to": e.valid_to.map(|d| d.to_string()),
                "value": e.value.display(Lang::Zh),
                "confidence": e.confidence,
                "source": value.source,
                "issuer": value.issuer,
                "corrects": value.corrects,
                "reason": reason,
            })),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        // Stored: the answer is yes. Should the table not install now, the minute's reload tries
        // again (serve); the cause goes to the log.
        if let Err(e) = self.db.load_thresholds().await {
            tracing::error!(error = %e, "a kept threshold could not be installed at once");
        }
        Ok(id)
    }

    /// A city regulator's new version or correction (see `shared::thresholds::ThresholdForm`).
    pub async fn enter_threshold(
        &self,
        actor: &Principal,
        form: &ThresholdForm,
        now: i64,
    ) -> Result<i64, StoreError> {
        let level = issuer_level(actor).ok_or(StoreError::NotFound)?;
        let issuer = actor.jurisdiction.clone().unwrap_or_default();
        let own: Vec<KeptValue> = self
            .kept_entries()
            .await?
            .into_iter()
            .filter(|k| k.value.issuer == issuer && k.corrected_by.is_none())
            .map(|k| k.value)
            .collect();
        let today = Instant::from_unix_seconds(now).china_date();
        let n = form
            .parse(level, province_of(&issuer), today, &own)
            .map_err(StoreError::Rejected)?;
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let by = db::calendar::username(&mut conn, actor.user_id).await?;
        drop(conn);
        let value = KeptValue {
            id: 0,
            entry: n.entry,
            source: n.source,
            issuer,
            corrects: n.corrects,
        };
        let reason = (!n.reason.is_empty()).then_some(n.reason.as_str());
        self.store_kept(Some(actor), &by, &value, reason, now).await
    }

    /// `yiwang thresholds import FILE --issuer CODE`: the operator loads values set by another
    /// issuer (a province, the central government), each checked as the table takes them.
    pub async fn import_thresholds(
        &self,
        issuer: &str,
        entries: Vec<FileEntry>,
        now: i64,
    ) -> Result<Vec<i64>, StoreError> {
        // Every entry checked before any is stored: all or nothing.
        let today = Instant::from_unix_seconds(now).china_date();
        let mut values = Vec::with_capacity(entries.len());
        for f in entries {
            let value = KeptValue {
                id: 0,
                entry: f.entry,
                source: f.source.trim().to_owned(),
                issuer: issuer.to_owned(),
                corrects: None,
            };
            // The same rules as the bureau's form: a source document, effective today or later
            // (the past is never changed).
            let checked = shared::thresholds::check_source(&value.source)
                .map(|_| ())
                .and_then(|()| {
                    shared::thresholds::check_effective(value.entry.valid_from, today).map(|_| ())
                });
            if let Err(e) = checked {
                return Err(StoreError::Internal(format!(
                    "{}: {} / {}",
                    value.source, e.zh, e.en
                )));
            }
            values.push(value);
        }
        let mut all = shared::thresholds::kept_values();
        all.extend(values.iter().cloned());
        shared::thresholds::ThresholdTable::builtin()
            .with_kept(&all)
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        let mut ids = Vec::with_capacity(values.len());
        for value in &values {
            ids.push(self.store_kept(None, "cli", value, None, now).await?);
        }
        Ok(ids)
    }
}

impl ThresholdServices for Store {
    fn kept(&self) -> BoxFuture<'_, Result<Vec<KeptEntry>, StoreError>> {
        Box::pin(self.kept_entries())
    }

    fn enter<'a>(
        &'a self,
        actor: &'a Principal,
        form: ThresholdForm,
        now: i64,
    ) -> BoxFuture<'a, Result<i64, StoreError>> {
        Box::pin(async move { self.enter_threshold(actor, &form, now).await })
    }
}
