//! The cases repository: its SQL and named row types (see `crate::db`). Supervision cases, the
//! findings they were opened from, the append-only history `case_events` whose latest row is a
//! case's state, the organisations a case may address, and the findings of the risk queue.

use app::api::cases::{CaseEvent, CaseFinding, CaseParty, CaseRow, PartyItem};
use app::service::StoreError;
use shared::access::JurisdictionFilter;
use shared::case::{CaseAction, CaseState, TriageState};
use shared::checks::framework::Severity;
use shared::risk::RiskFinding;
use shared::time::{Date, Instant};

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

/// The stored facts a step is checked against.
pub(crate) struct StoredCase {
    pub(crate) jurisdiction: String,
    pub(crate) state: CaseState,
    /// Whether the latest conclusion names violations.
    pub(crate) violations_found: bool,
}

/// A case's jurisdiction, state and latest conclusion's violations (comma-separated check ids).
#[derive(sqlx::FromRow)]
pub(crate) struct StoredCaseRow {
    pub(crate) jurisdiction_code: String,
    pub(crate) state: String,
    pub(crate) violations: Option<String>,
}

impl StoredCaseRow {
    /// The stored facts of case `case_id`; an unknown state is an internal failure.
    fn into_stored(self, case_id: i64) -> Result<StoredCase, StoreError> {
        let state = self.state;
        Ok(StoredCase {
            jurisdiction: self.jurisdiction_code,
            state: CaseState::from_code(&state)
                .ok_or_else(|| internal(format!("case {case_id}: unknown state {state:?}")))?,
            violations_found: self.violations.is_some_and(|v| !v.trim().is_empty()),
        })
    }
}

/// One case as listed: its state, who opened it and how many findings it was opened from.
#[derive(sqlx::FromRow)]
pub(crate) struct CaseListRow {
    pub(crate) id: i64,
    pub(crate) title: String,
    pub(crate) jurisdiction_code: String,
    /// The state's code.
    pub(crate) st: String,
    pub(crate) opened_at: i64,
    /// Who opened it.
    pub(crate) display_name: String,
    pub(crate) findings: i64,
}

impl CaseListRow {
    fn into_case(self) -> Result<CaseRow, StoreError> {
        Ok(CaseRow {
            state: case_state(&self.st)?,
            id: self.id,
            title: self.title,
            jurisdiction_code: self.jurisdiction_code,
            opened_at: Instant::from_unix_seconds(self.opened_at),
            opened_by: self.display_name,
            findings: self.findings,
        })
    }
}

/// A stored case state; an unknown code is an internal failure.
fn case_state(code: &str) -> Result<CaseState, StoreError> {
    CaseState::from_code(code).ok_or_else(|| internal(format!("unknown case state {code:?}")))
}

/// A stored China date (`YYYY-MM-DD`) that may be absent; anything else is an internal failure.
fn optional_date(stored: Option<&str>) -> Result<Option<Date>, StoreError> {
    stored.map(Date::parse).transpose().map_err(internal)
}

/// A finding a case was opened from.
#[derive(sqlx::FromRow)]
pub(crate) struct CaseFindingRow {
    pub(crate) id: i64,
    pub(crate) subject_type: String,
    pub(crate) subject_id: String,
    pub(crate) check_id: String,
    pub(crate) severity: String,
    pub(crate) message_zh: String,
    pub(crate) message_en: String,
    pub(crate) created_at: i64,
}

impl CaseFindingRow {
    fn into_finding(self) -> Result<CaseFinding, StoreError> {
        Ok(CaseFinding {
            severity: Severity::from_code(&self.severity)
                .ok_or_else(|| internal(&self.severity))?,
            id: self.id,
            subject_type: self.subject_type,
            subject_id: self.subject_id,
            check_id: self.check_id,
            message_zh: self.message_zh,
            message_en: self.message_en,
            created_at: Instant::from_unix_seconds(self.created_at),
        })
    }
}

/// An organisation a case may address.
#[derive(sqlx::FromRow)]
pub(crate) struct PartyRow {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) kind: String,
}

impl PartyRow {
    fn into_party(self) -> CaseParty {
        CaseParty {
            organisation_id: self.id,
            name: self.name,
            kind: self.kind,
        }
    }
}

/// One row of a case's history, with the addressee's name and who recorded it.
#[derive(sqlx::FromRow)]
pub(crate) struct CaseEventRow {
    pub(crate) id: i64,
    pub(crate) action: String,
    pub(crate) from_state: Option<String>,
    pub(crate) to_state: String,
    pub(crate) text: Option<String>,
    /// A conclusion's check ids, comma-separated.
    pub(crate) violations: Option<String>,
    pub(crate) addressee_org_id: Option<i64>,
    /// The addressee's name.
    pub(crate) name: Option<String>,
    pub(crate) due_date: Option<String>,
    pub(crate) reply_to: Option<i64>,
    /// Who recorded it.
    pub(crate) display_name: String,
    pub(crate) at: i64,
}

impl CaseEventRow {
    fn into_event(self) -> Result<CaseEvent, StoreError> {
        Ok(CaseEvent {
            from_state: self.from_state.as_deref().map(case_state).transpose()?,
            to_state: case_state(&self.to_state)?,
            due_date: optional_date(self.due_date.as_deref())?,
            id: self.id,
            action: self.action,
            text: self.text,
            violations: self
                .violations
                .unwrap_or_default()
                .split(',')
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .collect(),
            addressee_id: self.addressee_org_id,
            addressee: self.name,
            reply_to: self.reply_to,
            by: self.display_name,
            at: Instant::from_unix_seconds(self.at),
        })
    }
}

/// The values of one `case_events` row to insert, named like its columns.
pub(crate) struct NewEventRow<'a> {
    pub(crate) case_id: i64,
    pub(crate) action: &'a str,
    pub(crate) from_state: Option<&'a str>,
    pub(crate) to_state: &'a str,
    pub(crate) text: Option<&'a str>,
    pub(crate) violations: Option<&'a str>,
    pub(crate) addressee_org_id: Option<i64>,
    pub(crate) due_date: Option<&'a str>,
    pub(crate) reply_to: Option<i64>,
    pub(crate) by_user: i64,
    pub(crate) at: i64,
}

/// The jurisdiction of a finding a case is opened from.
#[derive(sqlx::FromRow)]
pub(crate) struct FindingJurisdictionRow {
    pub(crate) jurisdiction_code: String,
}

/// A question or rectification order addressed to an organisation, with its reply and its
/// case's state.
#[derive(sqlx::FromRow)]
pub(crate) struct AddressedItemRow {
    pub(crate) id: i64,
    pub(crate) case_id: i64,
    pub(crate) title: String,
    pub(crate) action: String,
    pub(crate) text: Option<String>,
    pub(crate) due_date: Option<String>,
    pub(crate) at: i64,
    pub(crate) reply_text: Option<String>,
    pub(crate) reply_at: Option<i64>,
    /// The case's state code.
    pub(crate) state: String,
}

impl AddressedItemRow {
    /// The item; a reply is awaited while there is none and the case waits for one (a question
    /// in inquiry, an order in rectification).
    fn into_item(self) -> Result<PartyItem, StoreError> {
        let reply = self
            .reply_text
            .zip(self.reply_at.map(Instant::from_unix_seconds));
        let kind = CaseAction::from_code(&self.action).ok_or_else(|| internal(&self.action))?;
        let awaited = reply.is_none()
            && matches!(
                (kind, CaseState::from_code(&self.state)),
                (CaseAction::Ask, Some(CaseState::Inquiry))
                    | (CaseAction::OrderRectification, Some(CaseState::Rectifying))
            );
        Ok(PartyItem {
            event_id: self.id,
            case_id: self.case_id,
            case_title: self.title,
            kind,
            text: self.text.unwrap_or_default(),
            due_date: optional_date(self.due_date.as_deref())?,
            at: Instant::from_unix_seconds(self.at),
            reply,
            awaited,
        })
    }
}

/// A question or rectification order a reply is given to: its case and addressee.
#[derive(sqlx::FromRow)]
pub(crate) struct AddressedEventRow {
    pub(crate) case_id: i64,
    /// ask or order_rectification.
    pub(crate) action: String,
    pub(crate) addressee_org_id: Option<i64>,
}

/// A finding of a project for the risk queue (its own or its plan's), with its triage state.
#[derive(sqlx::FromRow)]
pub(crate) struct RiskFindingRow {
    pub(crate) project_id: i64,
    pub(crate) finding_id: i64,
    pub(crate) check_id: String,
    pub(crate) severity: String,
    /// The latest triage state's code (`new` when never triaged).
    pub(crate) triage: String,
}

/// A finding of a project that the risk queue ranks.
pub(crate) struct ProjectFinding {
    pub(crate) project_id: i64,
    pub(crate) finding_id: i64,
    pub(crate) finding: RiskFinding,
}

impl RiskFindingRow {
    /// The finding as the ranking reads it; `None` for a severity the ranking does not know.
    fn into_project_finding(self) -> Option<ProjectFinding> {
        let severity = shared::risk::severity(&self.severity)?;
        Some(ProjectFinding {
            project_id: self.project_id,
            finding_id: self.finding_id,
            finding: RiskFinding {
                check_id: self.check_id,
                severity,
                triage: TriageState::from_code(&self.triage).unwrap_or(TriageState::New),
            },
        })
    }
}

/// What the risk queue shows of a project.
#[derive(sqlx::FromRow)]
pub(crate) struct RiskProjectRow {
    pub(crate) name: String,
    pub(crate) unit_name: String,
    pub(crate) jurisdiction_code: String,
    pub(crate) method: String,
}

/// Locks case `case_id` for this transaction (a no-op write on its row); `NotFound` without it.
pub(crate) async fn lock_case(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
) -> Result<(), StoreError> {
    if !super::lock(conn, super::Lock::Case, case_id).await? {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// The stored facts of case `case_id` a step is checked against; `NotFound` without the case.
pub(crate) async fn stored_case(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
) -> Result<StoredCase, StoreError> {
    sqlx::query_as::<_, StoredCaseRow>(sqlx::AssertSqlSafe(format!(
        "SELECT c.jurisdiction_code, {STATE} AS state, \
         (SELECT e.violations FROM case_events e WHERE e.case_id = c.id AND e.action = 'conclude' ORDER BY e.id DESC LIMIT 1) AS violations \
         FROM cases c WHERE c.id = $1"
    )))
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?
    .ok_or(StoreError::NotFound)?
    .into_stored(case_id)
}

/// The organisations case `case_id` may address, by id.
pub(crate) async fn case_parties(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
) -> Result<Vec<CaseParty>, StoreError> {
    Ok(sqlx::query_as::<_, PartyRow>(PARTIES)
        .bind(case_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(PartyRow::into_party)
        .collect())
}

/// Appends a row to a case's history; returns its id.
pub(crate) async fn insert_event(
    conn: &mut sqlx::AnyConnection,
    e: &NewEventRow<'_>,
) -> Result<i64, StoreError> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO case_events (case_id, action, from_state, to_state, text, violations, addressee_org_id, \
         due_date, reply_to, by_user, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(e.case_id)
    .bind(e.action.to_owned())
    .bind(e.from_state.map(str::to_owned))
    .bind(e.to_state.to_owned())
    .bind(e.text.map(str::to_owned))
    .bind(e.violations.map(str::to_owned))
    .bind(e.addressee_org_id)
    .bind(e.due_date.map(str::to_owned))
    .bind(e.reply_to)
    .bind(e.by_user)
    .bind(e.at)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// The cases of `scope` (newest first), only those in `state` when it is given: one page
/// (`Some((per_page, page))`) with the number that match, or all of them.
pub(crate) async fn list_cases(
    pool: &sqlx::AnyPool,
    scope: &JurisdictionFilter,
    state: Option<CaseState>,
    page: Option<(u32, u32)>,
) -> Result<(Vec<CaseRow>, i64), StoreError> {
    let mut filter = String::from("1 = 1");
    let mut binds = Vec::new();
    if let JurisdictionFilter::Only(code) = scope {
        binds.push(code.clone());
        filter.push_str(&format!(" AND c.jurisdiction_code = ${}", binds.len()));
    }
    if let Some(s) = state {
        binds.push(s.code().to_owned());
        filter.push_str(&format!(" AND {STATE} = ${}", binds.len()));
    }
    let total = match page {
        Some(_) => {
            let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM cases c WHERE {filter}"
            )));
            for b in &binds {
                q = q.bind(b.clone());
            }
            q.fetch_one(pool).await.map_err(internal)?
        }
        None => 0,
    };
    let mut q = sqlx::query_as::<_, CaseListRow>(sqlx::AssertSqlSafe(format!(
        "SELECT c.id, c.title, c.jurisdiction_code, {STATE} AS st, c.opened_at, u.display_name, \
         (SELECT COUNT(*) FROM case_findings cf WHERE cf.case_id = c.id) AS findings \
         FROM cases c JOIN users u ON u.id = c.opened_by WHERE {filter} ORDER BY c.id DESC{}",
        super::page_clause(page)
    )));
    for b in binds {
        q = q.bind(b);
    }
    let rows = q
        .fetch_all(pool)
        .await
        .map_err(internal)?
        .into_iter()
        .map(CaseListRow::into_case)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(super::counted(rows, page, total))
}

/// Case `case_id` as listed, if it exists.
pub(crate) async fn case_by_id(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
) -> Result<Option<CaseRow>, StoreError> {
    let row = sqlx::query_as::<_, CaseListRow>(sqlx::AssertSqlSafe(format!(
        "SELECT c.id, c.title, c.jurisdiction_code, {STATE} AS st, c.opened_at, u.display_name, \
         (SELECT COUNT(*) FROM case_findings cf WHERE cf.case_id = c.id) AS findings \
         FROM cases c JOIN users u ON u.id = c.opened_by WHERE c.id = $1"
    )))
    .bind(case_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?;
    row.map(CaseListRow::into_case).transpose()
}

/// The findings case `case_id` was opened from, by id.
pub(crate) async fn case_findings(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
) -> Result<Vec<CaseFinding>, StoreError> {
    sqlx::query_as::<_, CaseFindingRow>(
        "SELECT f.id, f.subject_type, f.subject_id, f.check_id, f.severity, f.message_zh, f.message_en, f.created_at \
         FROM case_findings cf JOIN findings f ON f.id = cf.finding_id WHERE cf.case_id = $1 ORDER BY f.id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?
    .into_iter()
    .map(CaseFindingRow::into_finding)
    .collect()
}

/// The history of case `case_id`, oldest first.
pub(crate) async fn case_events(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
) -> Result<Vec<CaseEvent>, StoreError> {
    sqlx::query_as::<_, CaseEventRow>(
        "SELECT e.id, e.action, e.from_state, e.to_state, e.text, e.violations, e.addressee_org_id, o.name, \
         e.due_date, e.reply_to, u.display_name, e.at FROM case_events e JOIN users u ON u.id = e.by_user \
         LEFT JOIN organisations o ON o.id = e.addressee_org_id WHERE e.case_id = $1 ORDER BY e.id",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?
    .into_iter()
    .map(CaseEventRow::into_event)
    .collect()
}

/// The jurisdictions of those of findings `ids` that exist, one per finding found.
pub(crate) async fn finding_jurisdictions(
    conn: &mut sqlx::AnyConnection,
    ids: &[i64],
) -> Result<Vec<String>, StoreError> {
    let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let mut q = sqlx::query_as::<_, FindingJurisdictionRow>(sqlx::AssertSqlSafe(format!(
        "SELECT id, jurisdiction_code FROM findings WHERE id IN ({})",
        placeholders.join(", ")
    )));
    for id in ids {
        q = q.bind(*id);
    }
    Ok(q.fetch_all(&mut *conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|r| r.jurisdiction_code)
        .collect())
}

/// Inserts a case; returns its id.
pub(crate) async fn insert_case(
    conn: &mut sqlx::AnyConnection,
    jurisdiction: &str,
    title: &str,
    opened_by: i64,
    opened_at: i64,
) -> Result<i64, StoreError> {
    sqlx::query_scalar::<_, i64>(
        "INSERT INTO cases (jurisdiction_code, title, opened_by, opened_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(jurisdiction.to_owned())
    .bind(title.to_owned())
    .bind(opened_by)
    .bind(opened_at)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// Records the findings case `case_id` is opened from, in the order given.
pub(crate) async fn insert_case_findings(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
    findings: &[i64],
) -> Result<(), StoreError> {
    for f in findings {
        sqlx::query("INSERT INTO case_findings (case_id, finding_id) VALUES ($1, $2)")
            .bind(case_id)
            .bind(*f)
            .execute(&mut *conn)
            .await
            .map_err(internal)?;
    }
    Ok(())
}

/// The questions and rectification orders addressed to organisation `org` (newest first, at
/// most 200), with their replies.
pub(crate) async fn addressed_items(
    pool: &sqlx::AnyPool,
    org: i64,
) -> Result<Vec<PartyItem>, StoreError> {
    sqlx::query_as::<_, AddressedItemRow>(sqlx::AssertSqlSafe(format!(
        "SELECT e.id, e.case_id, c.title, e.action, e.text, e.due_date, e.at, r.text AS reply_text, r.at AS reply_at, {STATE} AS state \
         FROM case_events e JOIN cases c ON c.id = e.case_id LEFT JOIN case_events r ON r.reply_to = e.id \
         WHERE e.addressee_org_id = $1 AND e.action IN ('ask', 'order_rectification') ORDER BY e.id DESC LIMIT 200"
    )))
    .bind(org)
    .fetch_all(pool)
    .await
    .map_err(internal)?
    .into_iter()
    .map(AddressedItemRow::into_item)
    .collect()
}

/// The question or rectification order `event_id`, if it is one.
pub(crate) async fn addressed_event(
    conn: &mut sqlx::AnyConnection,
    event_id: i64,
) -> Result<Option<AddressedEventRow>, StoreError> {
    sqlx::query_as::<_, AddressedEventRow>(
        "SELECT case_id, action, addressee_org_id FROM case_events \
         WHERE id = $1 AND action IN ('ask', 'order_rectification')",
    )
    .bind(event_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

/// How many replies event `event_id` has.
pub(crate) async fn reply_count(
    conn: &mut sqlx::AnyConnection,
    event_id: i64,
) -> Result<i64, StoreError> {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM case_events WHERE reply_to = $1")
        .bind(event_id)
        .fetch_one(&mut *conn)
        .await
        .map_err(internal)
}

/// How many questions of case `case_id` other than `event_id` are not answered yet.
pub(crate) async fn other_unanswered_questions(
    conn: &mut sqlx::AnyConnection,
    case_id: i64,
    event_id: i64,
) -> Result<i64, StoreError> {
    sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM case_events q WHERE q.case_id = $1 AND q.action = 'ask' AND q.id <> $2 \
         AND NOT EXISTS (SELECT 1 FROM case_events a WHERE a.reply_to = q.id)",
    )
    .bind(case_id)
    .bind(event_id)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// The findings of the projects of `scope` that the risk queue ranks: each project's own and
/// its plan's (on the plan's latest round only), with their latest triage state.
pub(crate) async fn risk_findings(
    pool: &sqlx::AnyPool,
    scope: &JurisdictionFilter,
) -> Result<Vec<ProjectFinding>, StoreError> {
    let filter = match scope {
        JurisdictionFilter::Only(_) => " AND p.jurisdiction_code = $1",
        JurisdictionFilter::All => "",
    };
    let sql = format!(
        "SELECT p.id AS project_id, f.id AS finding_id, f.check_id, f.severity, {TRIAGE} AS triage FROM projects p JOIN findings f \
         ON f.subject_type = 'project' AND f.subject_id = CAST(p.id AS TEXT) WHERE 1 = 1{filter} \
         UNION ALL \
         SELECT p.id AS project_id, f.id AS finding_id, f.check_id, f.severity, {TRIAGE} AS triage FROM projects p JOIN findings f \
         ON f.subject_type = 'plan' AND f.subject_id = CAST(p.plan_id AS TEXT) WHERE 1 = 1{filter} \
         AND p.round = (SELECT MAX(x.round) FROM projects x WHERE x.plan_id = p.plan_id)"
    );
    let mut q = sqlx::query_as::<_, RiskFindingRow>(sqlx::AssertSqlSafe(sql));
    if let JurisdictionFilter::Only(code) = scope {
        q = q.bind(code.clone());
    }
    Ok(q.fetch_all(pool)
        .await
        .map_err(internal)?
        .into_iter()
        .filter_map(RiskFindingRow::into_project_finding)
        .collect())
}

/// What the risk queue shows of project `project_id`.
pub(crate) async fn risk_project(
    pool: &sqlx::AnyPool,
    project_id: i64,
) -> Result<RiskProjectRow, StoreError> {
    sqlx::query_as::<_, RiskProjectRow>(
        "SELECT p.name, u.name AS unit_name, p.jurisdiction_code, p.method FROM projects p \
         JOIN organisations u ON u.id = p.unit_id WHERE p.id = $1",
    )
    .bind(project_id)
    .fetch_one(pool)
    .await
    .map_err(internal)
}
