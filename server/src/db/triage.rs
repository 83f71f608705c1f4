//! The triage repository: its SQL and named row types (see `crate::db`). Findings and their
//! triage history `finding_triage`, whose latest row is a finding's state.

use app::api::triage::{FindingItem, TriageEntry};
use app::service::StoreError;
use shared::access::JurisdictionFilter;
use shared::case::TriageState;
use shared::checks::framework::{Severity, Stage};
use shared::time::Instant;

use crate::store::internal;

/// The latest triage state of finding `f` (NULL when never triaged).
const LATEST: &str =
    "(SELECT t.state FROM finding_triage t WHERE t.finding_id = f.id ORDER BY t.id DESC LIMIT 1)";

/// A finding with its triage state.
#[derive(sqlx::FromRow)]
pub(crate) struct FindingRow {
    pub(crate) id: i64,
    pub(crate) subject_type: String,
    pub(crate) subject_id: String,
    /// The plan's or platform project's name, when the subject is one (a project reported by
    /// the ingest API or an import is an `ingest_projects` row: no name here, no link).
    pub(crate) subject_name: Option<String>,
    pub(crate) jurisdiction_code: String,
    pub(crate) check_id: String,
    pub(crate) severity: String,
    pub(crate) stage: String,
    pub(crate) message_zh: String,
    pub(crate) message_en: String,
    pub(crate) created_at: i64,
    /// The latest triage state's code (`new` when never triaged).
    pub(crate) st: String,
}

impl FindingRow {
    /// The finding with its triage history; a stored code that is not one is an internal
    /// failure.
    pub(crate) fn into_item(self, history: Vec<TriageEntry>) -> Result<FindingItem, StoreError> {
        Ok(FindingItem {
            severity: Severity::from_code(&self.severity)
                .ok_or_else(|| internal(&self.severity))?,
            stage: Stage::from_code(&self.stage).ok_or_else(|| internal(&self.stage))?,
            state: TriageState::from_code(&self.st).ok_or_else(|| internal(&self.st))?,
            id: self.id,
            subject_type: self.subject_type,
            subject_name: self.subject_name,
            subject_id: self.subject_id,
            jurisdiction_code: self.jurisdiction_code,
            check_id: self.check_id,
            message_zh: self.message_zh,
            message_en: self.message_en,
            created_at: Instant::from_unix_seconds(self.created_at),
            history,
        })
    }
}

/// One change of a finding's triage, with who made it.
#[derive(sqlx::FromRow)]
pub(crate) struct TriageEntryRow {
    pub(crate) state: String,
    pub(crate) assignee: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) display_name: String,
    pub(crate) at: i64,
}

impl TriageEntryRow {
    fn into_entry(self) -> Result<TriageEntry, StoreError> {
        Ok(TriageEntry {
            state: TriageState::from_code(&self.state).ok_or_else(|| internal(&self.state))?,
            assignee: self.assignee,
            note: self.note,
            by: self.display_name,
            at: Instant::from_unix_seconds(self.at),
        })
    }
}

/// A finding's jurisdiction and latest triage state.
#[derive(sqlx::FromRow)]
pub(crate) struct FindingStateRow {
    pub(crate) jurisdiction_code: String,
    /// The latest triage state's code (`new` when never triaged).
    pub(crate) state: String,
}

/// What a triage step on a finding is checked against.
pub(crate) struct FindingState {
    pub(crate) jurisdiction: String,
    /// The latest triage state (an unknown code reads as `New`).
    pub(crate) state: TriageState,
}

impl FindingStateRow {
    fn into_state(self) -> FindingState {
        FindingState {
            state: TriageState::from_code(&self.state).unwrap_or(TriageState::New),
            jurisdiction: self.jurisdiction_code,
        }
    }
}

/// The findings of `scope` matching `query`, newest first: one page (`per_page`, 1-based
/// `page`) or all; and how many match.
pub(crate) async fn list_findings(
    conn: &mut sqlx::AnyConnection,
    scope: &JurisdictionFilter,
    query: &app::api::triage::FindingQuery,
    page: Option<(u32, u32)>,
) -> Result<(Vec<FindingRow>, i64), StoreError> {
    let mut filter = String::from(" WHERE 1 = 1");
    let mut binds: Vec<String> = Vec::new();
    let bind = |binds: &mut Vec<String>, v: String| {
        binds.push(v);
        format!("${}", binds.len())
    };
    if let JurisdictionFilter::Only(code) = scope {
        let n = bind(&mut binds, code.clone());
        filter.push_str(&format!(" AND f.jurisdiction_code = {n}"));
    }
    if let Some(s) = TriageState::from_code(&query.state) {
        let n = bind(&mut binds, s.code().to_owned());
        filter.push_str(&format!(" AND COALESCE({LATEST}, 'new') = {n}"));
    }
    if let Some(s) = Severity::from_code(&query.severity) {
        let n = bind(&mut binds, s.code().to_owned());
        filter.push_str(&format!(" AND f.severity = {n}"));
    }
    if !query.check.is_empty() {
        let n = bind(&mut binds, query.check.clone());
        filter.push_str(&format!(" AND f.check_id = {n}"));
    }
    if !query.q.is_empty() {
        let n = bind(&mut binds, super::suppliers::like_pattern(&query.q));
        filter.push_str(&format!(
            " AND (f.message_zh LIKE {n} ESCAPE '\\' OR f.message_en LIKE {n} ESCAPE '\\')"
        ));
    }
    // A page counts at most COUNT_CAP + 1 matches (beyond, the list says "more than"); all the
    // rows (an export) need no count.
    let total = if page.is_some() {
        let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM findings f{filter} LIMIT {}) c",
            app::api::projects::COUNT_CAP + 1
        )));
        for b in &binds {
            count = count.bind(b.clone());
        }
        count.fetch_one(&mut *conn).await.map_err(internal)?
    } else {
        0
    };
    let limit = super::page_clause(page);
    let sql = format!(
        "SELECT f.id, f.subject_type, f.subject_id, \
         CASE WHEN f.subject_type = 'plan' THEN \
         (SELECT pl.name FROM plans pl WHERE pl.id = CAST(f.subject_id AS BIGINT) \
         AND pl.jurisdiction_code = f.jurisdiction_code) \
         WHEN f.subject_type = 'project' AND f.step <> 'import' AND f.step NOT LIKE 'ingest.%' THEN \
         (SELECT pr.name FROM projects pr WHERE pr.id = CAST(f.subject_id AS BIGINT) \
         AND pr.jurisdiction_code = f.jurisdiction_code) \
         END AS subject_name, f.jurisdiction_code, f.check_id, f.severity, f.stage, \
         f.message_zh, f.message_en, f.created_at, COALESCE({LATEST}, 'new') AS st FROM findings f\
         {filter} ORDER BY f.id DESC{limit}"
    );
    let mut q = sqlx::query_as::<_, FindingRow>(sqlx::AssertSqlSafe(sql));
    for b in binds {
        q = q.bind(b);
    }
    let rows = q.fetch_all(&mut *conn).await.map_err(internal)?;
    let total = if page.is_some() {
        total
    } else {
        rows.len() as i64
    };
    Ok((rows, total))
}

/// The triage histories of many findings at once (a list or an export of thousands: one query
/// per 500 findings, not one per finding), each oldest first.
pub(crate) async fn triage_histories(
    conn: &mut sqlx::AnyConnection,
    finding_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<TriageEntry>>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        finding_id: i64,
        #[sqlx(flatten)]
        entry: TriageEntryRow,
    }
    let mut out: std::collections::HashMap<i64, Vec<TriageEntry>> = Default::default();
    for chunk in finding_ids.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT t.finding_id, t.state, t.assignee, t.note, u.display_name, t.at FROM finding_triage t \
             JOIN users u ON u.id = t.by_user WHERE t.finding_id IN ({}) ORDER BY t.id",
            marks.join(", ")
        );
        let mut q = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(*id);
        }
        for r in q.fetch_all(&mut *conn).await.map_err(internal)? {
            out.entry(r.finding_id)
                .or_default()
                .push(r.entry.into_entry()?);
        }
    }
    Ok(out)
}

/// Locks finding `finding_id` for this transaction (a no-op write on its row), which
/// serialises triage of one finding; `NotFound` without it.
pub(crate) async fn lock_finding(
    conn: &mut sqlx::AnyConnection,
    finding_id: i64,
) -> Result<(), StoreError> {
    if !super::lock(conn, super::Lock::Finding, finding_id).await? {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// The jurisdiction and latest triage state of finding `finding_id` (it exists: locked first).
pub(crate) async fn finding_state(
    conn: &mut sqlx::AnyConnection,
    finding_id: i64,
) -> Result<FindingState, StoreError> {
    Ok(sqlx::query_as::<_, FindingStateRow>(sqlx::AssertSqlSafe(format!(
        "SELECT f.jurisdiction_code, COALESCE({LATEST}, 'new') AS state FROM findings f WHERE f.id = $1"
    )))
    .bind(finding_id)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)?
    .into_state())
}

/// Appends a triage change of finding `finding_id` in state `state`.
pub(crate) async fn insert_triage(
    conn: &mut sqlx::AnyConnection,
    finding_id: i64,
    state: &str,
    assignee: Option<&str>,
    note: Option<&str>,
    by_user: i64,
    at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO finding_triage (finding_id, state, assignee, note, by_user, at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(finding_id)
    .bind(state.to_owned())
    .bind(assignee.map(str::to_owned))
    .bind(note.map(str::to_owned))
    .bind(by_user)
    .bind(at)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}
