//! The holiday calendar in the database (issue 16 points 1–2): the years the bureau loads, the
//! import with its audit record, and what an import re-computes.
//!
//! An import of a year:
//! 1. re-runs every platform project's checks on the calendar with the year loaded and compares
//!    them with the calendar in force: a check that now flags (a period published while the year
//!    was provisional turns out too short on the real calendar) raises a finding on the project —
//!    the published deadline itself is never moved;
//! 2. re-computes the due dates of unanswered challenges that were computed on the provisional
//!    calendar (a party's own deadline, not a published one);
//! 3. stores the year, the moved due dates, the findings and one audit record (the year's days
//!    before and after) in one transaction;
//! 4. installs the stored years as the calendar in force (`Db::load_calendar`).

use app::api::calendar::{CalendarYear, ImportReport};
use app::service::calendar::CalendarServices;
use app::service::{BoxFuture, StoreError};
use serde_json::json;
use shared::access::Principal;
use shared::calendar::YearData;
use shared::checks::{run_all, CheckContext};
use shared::model::{Challenge, ChallengeKind};
use shared::plan::PlanFinding;
use shared::time::{Date, Instant};

use crate::auth::AuditEntry;
use crate::db;
use crate::projects::model_bids;
use crate::steplog;
use crate::store::{internal, Store};

/// A project whose checks flag on the loaded calendar and did not before.
struct Flagged {
    id: String,
    jurisdiction: String,
    name: String,
    method: &'static str,
    findings: Vec<PlanFinding>,
}

impl Store {
    async fn calendar_years(&self) -> Result<Vec<CalendarYear>, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let rows = db::calendar::years(&mut conn).await.map_err(internal)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows.into_iter().rev() {
            let data = YearData::parse(&r.data_json).map_err(internal)?;
            let (days_off, make_up_days) = data.counts();
            out.push(CalendarYear {
                year: data.year(),
                shipped: r.source == "shipped",
                loaded_at: Instant::from_unix_seconds(r.loaded_at),
                loaded_by: r.loaded_by,
                days_off,
                make_up_days,
                papers: data.papers().to_vec(),
            });
        }
        Ok(out)
    }

    /// Loads `year` as `by` (an account's login name, or `cli`). See the module's text.
    pub async fn import_calendar_year(
        &self,
        user: Option<(i64, shared::access::Role)>,
        year: YearData,
        now: i64,
    ) -> Result<ImportReport, StoreError> {
        let changes = shared::calendar::preview(&year)
            .map_err(|e| StoreError::Rejected(app::service::calendar::data_error(&e)))?;
        let (published, provisional) = shared::calendar::with_year(&year)
            .map_err(|e| StoreError::Rejected(app::service::calendar::data_error(&e)))?;
        let before_provisional_from = shared::calendar::provisional().provisional_from();
        let old = CheckContext::builtin(Instant::from_unix_seconds(now));
        let mut new = old;
        new.calendar = &published;

        // What the loaded year changes, read before the write (the checks are advisory; a step
        // taken meanwhile runs its own checks on the calendar in force then).
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let mut flagged = Vec::new();
        for id in db::projects::project_ids(&mut conn).await? {
            let mut l = db::projects::read_project(&mut conn, id).await?;
            l.record.bids = model_bids(&mut conn, id).await?;
            let before: Vec<String> = shared::execution::findings(&run_all(&l.record, &old))
                .into_iter()
                .map(|f| f.check_id)
                .collect();
            let findings: Vec<PlanFinding> =
                shared::execution::findings(&run_all(&l.record, &new))
                    .into_iter()
                    .filter(|f| !before.contains(&f.check_id))
                    .map(|mut f| {
                        f.message_zh = format!(
                            "按导入的{}年节假日安排重新计算（已发布的期限不变）：{}",
                            year.year(),
                            f.message_zh
                        );
                        f.message_en = format!(
                            "Re-computed on the loaded {} holiday calendar (the published deadline stands): {}",
                            year.year(),
                            f.message_en
                        );
                        f
                    })
                    .collect();
            if !findings.is_empty() {
                flagged.push(Flagged {
                    id: id.to_string(),
                    jurisdiction: l.jurisdiction,
                    name: l.name,
                    method: l.method.code(),
                    findings,
                });
            }
        }
        drop(conn);

        let mut tx = self.db.begin_write().await.map_err(internal)?;
        // Unanswered challenges whose due date was computed on the provisional calendar, read
        // under the write lock: a challenge filed meanwhile is not missed.
        let from = format!("{before_provisional_from:04}-01-01");
        let mut moved = Vec::new();
        for c in db::calendar::open_challenges_due_from(&mut tx, &from).await? {
            let Ok(kind) = serde_json::from_value::<ChallengeKind>(json!(c.kind)) else {
                continue;
            };
            let challenge = Challenge {
                kind,
                supplier_id: None,
                filed_at: Instant::from_unix_seconds(c.filed_at),
                answered_at: None,
                decided_at: None,
                affects_result: None,
                excluded_workdays: None,
                suspended_from: None,
                suspended_until: None,
                upheld: None,
            };
            let Ok(due) = shared::challenge::answer_due(&provisional, new.thresholds, &challenge)
            else {
                continue;
            };
            if Date::parse(&c.due_on).ok() != Some(due.date) {
                moved.push((c.id, c.due_on, due.date.to_string()));
            }
        }
        let by = match user {
            Some((id, _)) => db::calendar::username(&mut tx, id).await?,
            None => "cli".to_owned(),
        };
        let stored_before = db::calendar::year(&mut tx, year.year()).await?;
        db::calendar::put_year(&mut tx, &year, &by, now).await?;
        for (id, _, due) in &moved {
            db::calendar::set_challenge_due(&mut tx, *id, due).await?;
        }
        let counts = |y: &YearData| {
            let (off, work) = y.counts();
            json!({ "days_off": off, "make_up_days": work, "papers": y.papers() })
        };
        let changed: Vec<_> = changes
            .iter()
            .map(|c| {
                json!({
                    "date": c.date.to_string(),
                    "before": c.before.map(|k| k.label(shared::i18n::Lang::Zh)),
                    "after": c.after.label(shared::i18n::Lang::Zh),
                })
            })
            .collect();
        let step = "calendar.import";
        let mut tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: user.map(|u| u.0),
            role: user.map(|u| u.1),
            action: step,
            subject_type: Some("calendar_year"),
            subject_id: Some(year.year().to_string()),
            before: stored_before.as_ref().map(counts),
            after: Some(json!({
                "year": counts(&year),
                "changed_days": changed,
                "moved_challenge_dues": moved.iter().map(|(id, from, to)| json!({"challenge": id, "from": from, "to": to})).collect::<Vec<_>>(),
            })),
            ..AuditEntry::default()
        });
        for f in &flagged {
            tail = tail.flags(
                &steplog::Subject {
                    kind: "project",
                    id: f.id.clone(),
                    jurisdiction: &f.jurisdiction,
                    step,
                    method: Some(f.method),
                    name: Some(&f.name),
                },
                &f.findings,
            );
        }
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        // Stored: the answer is yes. Should the calendar not install now, the minute's reload
        // tries again (serve); the cause goes to the log.
        if let Err(e) = self.db.load_calendar().await {
            tracing::error!(error = %e, "a loaded calendar year could not be installed at once");
        }
        Ok(ImportReport {
            year: year.year(),
            changed_days: changes.len(),
            moved_dues: moved.len(),
            findings: flagged.iter().map(|f| f.findings.len()).sum(),
        })
    }
}

impl CalendarServices for Store {
    fn years(&self) -> BoxFuture<'_, Result<Vec<CalendarYear>, StoreError>> {
        Box::pin(self.calendar_years())
    }

    fn import<'a>(
        &'a self,
        actor: &'a Principal,
        year: YearData,
        now: i64,
    ) -> BoxFuture<'a, Result<ImportReport, StoreError>> {
        Box::pin(self.import_calendar_year(Some((actor.user_id, actor.role)), year, now))
    }
}
