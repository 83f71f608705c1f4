//! The projects repository: a project's row and its children (bids, document obtainers, the
//! expert draw and panel, score sheets, challenges, terminations) and the expert library, with
//! their named row types. The steps in `crate::projects` load through it, decide with `shared`
//! and persist through it.

use app::api::projects::{ChallengeRow, ProjectRow};
use app::service::StoreError;
use serde_json::Value;
use shared::access::Record;
use shared::execution::{FailureGround, Terms};
use shared::model::{Expert, Method, ProjectRecord, Supplier};
use shared::money::Fen;
use shared::panel::{Declaration, Draw};
use shared::time::Instant;
use shared::workflow::ProcState;
use sqlx::AnyConnection;

use crate::store::internal;

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(internal)
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, StoreError> {
    serde_json::from_str(s).map_err(internal)
}

/// A project row, as the steps read it: its state, record and terms decoded.
pub(crate) struct Loaded {
    pub id: i64,
    pub unit_id: i64,
    pub agency_id: Option<i64>,
    pub jurisdiction: String,
    pub name: String,
    pub method: Method,
    pub budget: Fen,
    pub state: ProcState,
    pub record: ProjectRecord,
    pub terms: Option<Terms>,
}

impl Loaded {
    /// Whose project this is, for `shared::access::may_access`.
    pub fn scope(&self) -> Record<'_> {
        Record {
            jurisdiction: Some(&self.jurisdiction),
            purchaser_id: Some(self.unit_id),
            agency_id: self.agency_id,
            ..Record::default()
        }
    }
}

#[derive(sqlx::FromRow)]
struct LoadedRow {
    id: i64,
    unit_id: i64,
    agency_id: Option<i64>,
    jurisdiction_code: String,
    name: String,
    method: String,
    budget_amount: i64,
    state_json: String,
    record_json: String,
    terms_json: Option<String>,
}

impl LoadedRow {
    fn decode(self) -> Result<Loaded, StoreError> {
        Ok(Loaded {
            id: self.id,
            unit_id: self.unit_id,
            agency_id: self.agency_id,
            jurisdiction: self.jurisdiction_code,
            name: self.name,
            method: Method::from_code(&self.method).ok_or_else(|| internal(&self.method))?,
            budget: Fen(self.budget_amount),
            state: from_json(&self.state_json)?,
            record: from_json(&self.record_json)?,
            terms: self.terms_json.as_deref().map(from_json).transpose()?,
        })
    }
}

/// Locks project `id`'s row for the rest of the transaction (on both databases: a write to
/// it) and reads it; none: `NotFound`.
pub(crate) async fn lock_project(conn: &mut AnyConnection, id: i64) -> Result<Loaded, StoreError> {
    if !super::lock(conn, super::Lock::Project, id).await? {
        return Err(StoreError::NotFound);
    }
    read_project(conn, id).await
}

/// Reads project `id`; none: `NotFound`.
pub(crate) async fn read_project(conn: &mut AnyConnection, id: i64) -> Result<Loaded, StoreError> {
    sqlx::query_as::<_, LoadedRow>(
        "SELECT id, unit_id, agency_id, jurisdiction_code, name, method, budget_amount, state_json, record_json, terms_json \
         FROM projects WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?
    .ok_or(StoreError::NotFound)?
    .decode()
}

/// The ids of every project, newest first.
pub(crate) async fn project_ids(conn: &mut AnyConnection) -> Result<Vec<i64>, StoreError> {
    sqlx::query_scalar("SELECT id FROM projects ORDER BY id DESC")
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)
}

/// The projects that take bids at `now`, newest first: published (a notice, documents or a
/// clarification is the workflow's node) with a deadline after `now`. Reads each project's small
/// stored state only (not its record); projects with a contract are left out in SQL.
pub(crate) async fn projects_taking_bids(
    conn: &mut AnyConnection,
    now: i64,
) -> Result<Vec<i64>, StoreError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, state_json FROM projects WHERE contract_signed_at IS NULL ORDER BY id DESC",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    let mut out = Vec::new();
    for (id, state) in rows {
        let state: shared::workflow::ProcState = from_json(&state)?;
        let taking = state.deadline.is_some_and(|d| d.unix_seconds() > now)
            && matches!(
                state.node,
                Some(
                    shared::workflow::Node::NoticeInvitation
                        | shared::workflow::Node::DocumentIssue
                        | shared::workflow::Node::Clarification
                )
            );
        if taking {
            out.push(id);
        }
    }
    Ok(out)
}

/// What a step's outcome stores beside the state and record, for queries that should not read
/// them: the dashboard's (the first signed contract's amount and date) and the desk's (whether
/// the project is settled, `shared::desk::settled`).
pub(crate) struct Facts {
    pub contract_amount: Option<i64>,
    pub contract_signed_at: Option<i64>,
    pub settled: bool,
}

/// Stores a step's outcome on the project's row: state, record, terms, the 品目 and [`Facts`].
pub(crate) async fn save_project(
    conn: &mut AnyConnection,
    l: &Loaded,
    facts: Facts,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE projects SET state_json = $1, record_json = $2, terms_json = $3, updated_at = $4, \
         category_code = $5, contract_amount = $6, contract_signed_at = $7, settled = $8 WHERE id = $9",
    )
    .bind(to_json(&l.state)?)
    .bind(to_json(&l.record)?)
    .bind(l.terms.as_ref().map(to_json).transpose()?)
    .bind(now)
    .bind(l.record.project.category_code.clone())
    .bind(facts.contract_amount)
    .bind(facts.contract_signed_at)
    .bind(i64::from(facts.settled))
    .bind(l.id)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// Records project `id` as settled (`shared::desk::settled`), on the locked row.
pub(crate) async fn mark_settled(conn: &mut AnyConnection, id: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE projects SET settled = 1 WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// A new project's row (its state and record are stored by the step's tail).
pub(crate) struct NewProject<'a> {
    pub plan_id: i64,
    pub unit_id: i64,
    pub agency_id: Option<i64>,
    pub jurisdiction: &'a str,
    pub name: &'a str,
    pub method: Method,
    pub object_type: &'a str,
    pub budget: i64,
    pub round: i64,
    pub created_by: i64,
}

/// Inserts a new project; returns its id.
pub(crate) async fn insert_project(
    conn: &mut AnyConnection,
    p: &NewProject<'_>,
    now: i64,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO projects (plan_id, unit_id, agency_id, jurisdiction_code, name, method, object_type, budget_amount, \
         state_json, record_json, terms_json, created_at, created_by, updated_at, round) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '{}', '{}', NULL, $9, $10, $9, $11) RETURNING id",
    )
    .bind(p.plan_id)
    .bind(p.unit_id)
    .bind(p.agency_id)
    .bind(p.jurisdiction.to_owned())
    .bind(p.name.to_owned())
    .bind(p.method.code().to_owned())
    .bind(p.object_type.to_owned())
    .bind(p.budget)
    .bind(now)
    .bind(p.created_by)
    .bind(p.round)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// A plan as the start of its procurement reads it.
#[derive(sqlx::FromRow)]
pub(crate) struct PlanForProject {
    pub unit_id: i64,
    pub jurisdiction_code: String,
    pub name: String,
    pub method: String,
    pub object_type: String,
    pub amount: i64,
    pub status: String,
    pub fiscal_year: i64,
    pub category_code: String,
    pub unit_name: String,
}

/// Locks plan `id`'s row and reads what a new project takes from it; none: `NotFound`.
pub(crate) async fn lock_plan_for_project(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<PlanForProject, StoreError> {
    if !super::lock(conn, super::Lock::Plan, plan_id).await? {
        return Err(StoreError::NotFound);
    }
    sqlx::query_as::<_, PlanForProject>(
        "SELECT p.unit_id, p.jurisdiction_code, p.name, p.method, p.object_type, p.amount, p.status, p.fiscal_year, \
         p.category_code, o.name AS unit_name FROM plans p JOIN organisations o ON o.id = p.unit_id WHERE p.id = $1",
    )
    .bind(plan_id)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// An agency or the procurement center, as a project entrusted to it names it.
#[derive(sqlx::FromRow)]
pub(crate) struct AgencyRow {
    pub kind: String,
    pub name: String,
    pub jurisdiction_code: Option<String>,
}

/// Agency `id` (kind `procurement_center` or `agency`), if there is one.
pub(crate) async fn agency(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<AgencyRow>, StoreError> {
    sqlx::query_as::<_, AgencyRow>(
        "SELECT kind, name, jurisdiction_code FROM organisations WHERE id = $1 AND kind IN ('procurement_center', 'agency')",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

/// A stored bid, sealed: only the bid view of `crate::projects` and the checks inside a step
/// read price and documents.
pub(crate) struct StoredBid {
    pub id: i64,
    pub supplier_id: i64,
    pub price: i64,
    pub documents: Vec<String>,
    pub status: String,
    pub submitted_at: i64,
    pub withdrawn_at: Option<i64>,
    pub refunded_at: Option<i64>,
    /// The lot (`None`: the project has no lots).
    pub lot_id: Option<String>,
    /// The qualification review's verdict (`None`: not reviewed) and, for a failed bid, why.
    pub qualified: Option<bool>,
    pub review_reason: Option<String>,
}

#[derive(sqlx::FromRow)]
struct BidRow {
    id: i64,
    supplier_id: i64,
    price: i64,
    documents_json: String,
    status: String,
    submitted_at: i64,
    withdrawn_at: Option<i64>,
    security_refunded_at: Option<i64>,
    lot_id: Option<String>,
    qualified: Option<i64>,
    review_reason: Option<String>,
}

/// A project's bids (every status), in order of submission, with their qualification review.
pub(crate) async fn bids_of(
    conn: &mut AnyConnection,
    project_id: i64,
) -> Result<Vec<StoredBid>, StoreError> {
    sqlx::query_as::<_, BidRow>(
        "SELECT b.id, b.supplier_id, b.price, b.documents_json, b.status, b.submitted_at, b.withdrawn_at, \
         b.security_refunded_at, b.lot_id, r.qualified, r.reason AS review_reason \
         FROM bids b LEFT JOIN bid_reviews r ON r.bid_id = b.id WHERE b.project_id = $1 ORDER BY b.id",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?
    .into_iter()
    .map(|r| {
        Ok(StoredBid {
            id: r.id,
            supplier_id: r.supplier_id,
            price: r.price,
            documents: from_json(&r.documents_json)?,
            status: r.status,
            submitted_at: r.submitted_at,
            withdrawn_at: r.withdrawn_at,
            refunded_at: r.security_refunded_at,
            lot_id: r.lot_id,
            qualified: r.qualified.map(|q| q == 1),
            review_reason: r.review_reason,
        })
    })
    .collect()
}

/// Stores one bid's verdict of the qualification review.
pub(crate) async fn insert_bid_review(
    conn: &mut AnyConnection,
    project_id: i64,
    verdict: &shared::execution::Qualification,
    at: i64,
    by: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO bid_reviews (bid_id, project_id, qualified, reason, reviewed_at, reviewed_by) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(verdict.bid_id)
    .bind(project_id)
    .bind(i64::from(verdict.qualified))
    .bind(verdict.reason.clone())
    .bind(at)
    .bind(by)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// The ids of a supplier's bids on a project.
pub(crate) async fn bid_ids_of_supplier(
    conn: &mut AnyConnection,
    project_id: i64,
    supplier_id: i64,
) -> Result<Vec<i64>, StoreError> {
    sqlx::query_scalar("SELECT id FROM bids WHERE project_id = $1 AND supplier_id = $2")
        .bind(project_id)
        .bind(supplier_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)
}

/// The projects a supplier has bid on.
pub(crate) async fn projects_bid_on(
    conn: &mut AnyConnection,
    supplier_id: i64,
) -> Result<Vec<i64>, StoreError> {
    sqlx::query_scalar("SELECT DISTINCT project_id FROM bids WHERE supplier_id = $1")
        .bind(supplier_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)
}

/// The projects whose desk items an account may have, newest first: its unit's or its
/// agency's projects, a supplier's (documents obtained: invited, bid or downloaded) or an expert's seats, that are
/// not settled (`shared::desk::settled`: nothing can wait on them any more).
pub(crate) async fn desk_project_ids(
    conn: &mut AnyConnection,
    whose: DeskProjects,
) -> Result<Vec<i64>, StoreError> {
    let (sql, id) = match whose {
        DeskProjects::Unit(id) => (
            "SELECT id FROM projects WHERE unit_id = $1 AND settled = 0 ORDER BY id DESC",
            id,
        ),
        DeskProjects::Agency(id) => (
            "SELECT id FROM projects WHERE agency_id = $1 AND settled = 0 ORDER BY id DESC",
            id,
        ),
        DeskProjects::Supplier(id) => (
            "SELECT o.project_id FROM document_obtainers o JOIN projects p ON p.id = o.project_id \
             WHERE o.supplier_id = $1 AND p.settled = 0 ORDER BY o.project_id DESC",
            id,
        ),
        DeskProjects::Expert(id) => (
            "SELECT DISTINCT m.project_id FROM panel_members m JOIN projects p ON p.id = m.project_id \
             WHERE m.expert_id = $1 AND p.settled = 0 ORDER BY m.project_id DESC",
            id,
        ),
    };
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)
}

/// Whose projects [`desk_project_ids`] lists.
#[derive(Debug, Clone, Copy)]
pub(crate) enum DeskProjects {
    Unit(i64),
    Agency(i64),
    Supplier(i64),
    /// An expert's seats (on a panel or its reserve).
    Expert(i64),
}

/// Who a bid belongs to.
#[derive(sqlx::FromRow)]
pub(crate) struct BidOwner {
    pub project_id: i64,
    pub supplier_id: i64,
    pub status: String,
    pub lot_id: Option<String>,
}

/// Bid `id`'s project, supplier and status, if there is one.
pub(crate) async fn bid_owner(
    conn: &mut AnyConnection,
    bid_id: i64,
) -> Result<Option<BidOwner>, StoreError> {
    sqlx::query_as::<_, BidOwner>(
        "SELECT project_id, supplier_id, status, lot_id FROM bids WHERE id = $1",
    )
    .bind(bid_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

/// The project of row `id` of a project's child table, if there is one.
pub(crate) async fn project_of(
    conn: &mut AnyConnection,
    table: Child,
    id: i64,
) -> Result<Option<i64>, StoreError> {
    let sql = match table {
        Child::Bid => "SELECT project_id FROM bids WHERE id = $1",
        Child::Challenge => "SELECT project_id FROM challenges WHERE id = $1",
    };
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(internal)
}

/// A project's child table whose rows are addressed by their own id.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Child {
    Bid,
    Challenge,
}

/// A bid to store.
pub(crate) struct NewBidRow<'a> {
    pub project_id: i64,
    pub supplier_id: i64,
    pub price: i64,
    pub validity_days: i64,
    pub documents: &'a [String],
    pub lot_id: Option<&'a str>,
}

/// Inserts a submitted bid; returns its id.
pub(crate) async fn insert_bid(
    conn: &mut AnyConnection,
    b: &NewBidRow<'_>,
    now: i64,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO bids (project_id, supplier_id, price, validity_days, documents_json, status, submitted_at, lot_id) \
         VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $7) RETURNING id",
    )
    .bind(b.project_id)
    .bind(b.supplier_id)
    .bind(b.price)
    .bind(b.validity_days)
    .bind(to_json(&b.documents)?)
    .bind(now)
    .bind(b.lot_id)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// Ends a bid in force as `status` (`withdrawn` or `replaced`); false when it was no longer in
/// force (a concurrent withdrawal or replacement committed first).
pub(crate) async fn end_bid(
    conn: &mut AnyConnection,
    bid_id: i64,
    status: &'static str,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE bids SET status = $1, withdrawn_at = $2 WHERE id = $3 AND status = 'submitted'",
    )
    .bind(status)
    .bind(now)
    .bind(bid_id)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(done.rows_affected() == 1)
}

/// Records the refund of a bid's security; false when refunded already or the bid was
/// replaced.
pub(crate) async fn refund_security(
    conn: &mut AnyConnection,
    bid_id: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE bids SET security_refunded_at = $1 WHERE id = $2 AND security_refunded_at IS NULL \
         AND status <> 'replaced'",
    )
    .bind(now)
    .bind(bid_id)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(done.rows_affected() == 1)
}

/// Records that a supplier obtained the procurement documents (the first time counts).
pub(crate) async fn record_obtained(
    conn: &mut AnyConnection,
    project_id: i64,
    supplier: i64,
    via: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO document_obtainers (project_id, supplier_id, obtained_at, via) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (project_id, supplier_id) DO NOTHING",
    )
    .bind(project_id)
    .bind(supplier)
    .bind(now)
    .bind(via.to_owned())
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// Whether a supplier is recorded as having obtained a project's documents.
pub(crate) async fn obtained(
    conn: &mut AnyConnection,
    project_id: i64,
    supplier: i64,
) -> Result<bool, StoreError> {
    let recorded: Option<i64> = sqlx::query_scalar(
        "SELECT supplier_id FROM document_obtainers WHERE project_id = $1 AND supplier_id = $2",
    )
    .bind(project_id)
    .bind(supplier)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(recorded.is_some())
}

/// A supplier as a project's record names it.
#[derive(sqlx::FromRow)]
struct SupplierRow {
    name: String,
    credit_code: Option<String>,
    size: String,
    address: Option<String>,
}

/// The supplier a form names: by number, by credit code, or by its full name (brackets compared
/// half-width: 有限公司（常州） = 有限公司(常州)). No supplier: the field's error; several of the
/// same name: the field's error asking for the credit code.
pub(crate) async fn invitee(
    conn: &mut AnyConnection,
    who: &shared::execution::Invitee,
) -> Result<i64, StoreError> {
    use shared::execution::Invitee;
    let ids: Vec<i64> = match who {
        Invitee::Id(id) => return Ok(*id),
        Invitee::Code(code) => {
            sqlx::query_scalar("SELECT id FROM suppliers WHERE credit_code = $1 LIMIT 2")
                .bind(code.as_str().to_owned())
                .fetch_all(&mut *conn)
                .await
        }
        // A name is anyone's to type at registration: only a supplier whose identity was
        // verified (its business licence) is found by name; the others by their code.
        Invitee::Name(name) => {
            const SAME_NAME: &str = "REPLACE(REPLACE(name, '（', '('), '）', ')') = $1";
            let name = name.replace('（', "(").replace('）', ")");
            let verified: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT id FROM suppliers WHERE {SAME_NAME} AND verified_at IS NOT NULL LIMIT 2"
            )))
            .bind(name.clone())
            .fetch_all(&mut *conn)
            .await
            .map_err(internal)?;
            if verified.is_empty() {
                let unverified: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "SELECT id FROM suppliers WHERE {SAME_NAME} LIMIT 1"
                )))
                .bind(name)
                .fetch_optional(&mut *conn)
                .await
                .map_err(internal)?;
                if unverified.is_some() {
                    return Err(StoreError::Rejected(shared::field::FieldErrors(vec![
                        shared::execution::unverified_invitee(),
                    ])));
                }
            }
            Ok(verified)
        }
    }
    .map_err(internal)?;
    match ids.as_slice() {
        [one] => Ok(*one),
        [] => Err(StoreError::Rejected(shared::field::FieldErrors(vec![
            shared::execution::unknown_invitee(),
        ]))),
        _ => Err(StoreError::Rejected(shared::field::FieldErrors(vec![
            shared::execution::ambiguous_invitee(),
        ]))),
    }
}

/// Supplier `id` as the model's supplier, if there is one.
pub(crate) async fn supplier(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<Supplier>, StoreError> {
    let Some(r) = sqlx::query_as::<_, SupplierRow>(
        "SELECT name, credit_code, size, address FROM suppliers WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?
    else {
        return Ok(None);
    };
    Ok(Some(Supplier {
        id: id.to_string(),
        credit_code: r.credit_code,
        name: r.name,
        address: r.address,
        size: serde_json::from_value(Value::String(r.size)).ok(),
        legal_rep: None,
        responsible_person: None,
        shareholders: Vec::new(),
        officers: Vec::new(),
        debarments: Vec::new(),
    }))
}

/// An expert of the library, as the draw reads it.
pub(crate) struct LibraryExpert {
    pub id: i64,
    pub expert: Expert,
    pub jurisdiction: String,
    pub legal: bool,
}

#[derive(sqlx::FromRow)]
struct ExpertRow {
    id: i64,
    name: String,
    specialties_json: String,
    jurisdiction_code: String,
    employment_json: String,
    legal: i64,
    registered: i64,
    relations_json: String,
}

/// The expert library — the experts admitted and not suspended or removed — in order of
/// registration.
pub(crate) async fn library(conn: &mut AnyConnection) -> Result<Vec<LibraryExpert>, StoreError> {
    sqlx::query_as::<_, ExpertRow>(
        "SELECT id, name, specialties_json, jurisdiction_code, employment_json, legal, registered, relations_json FROM experts \
         WHERE status = 'active' ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?
    .into_iter()
    .map(|r| {
        Ok(LibraryExpert {
            id: r.id,
            expert: Expert {
                id: r.id.to_string(),
                name: r.name,
                registered: Some(r.registered == 1),
                specialties: from_json(&r.specialties_json)?,
                title: None,
                birth_date: None,
                employment_history: from_json(&r.employment_json)?,
                relatives: Vec::new(),
                declared_relations: from_json(&r.relations_json)?,
            },
            jurisdiction: r.jurisdiction_code,
            legal: r.legal == 1,
        })
    })
    .collect()
}

/// The expert of user `user_id`, if the account is one.
pub(crate) async fn expert_of_user(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<i64>, StoreError> {
    sqlx::query_scalar("SELECT id FROM experts WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(internal)
}

/// An expert to add to the library.
pub(crate) struct NewExpertRow<'a> {
    pub name: &'a str,
    pub specialties: &'a [String],
    pub jurisdiction_code: &'a str,
    pub employer_id: Option<i64>,
    pub employer_name: &'a str,
    pub employment: &'a [shared::model::Employment],
    pub legal: bool,
    pub user_id: Option<i64>,
}

/// Inserts an expert (registered); returns its id.
pub(crate) async fn insert_expert(
    conn: &mut AnyConnection,
    e: &NewExpertRow<'_>,
    now: i64,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO experts (name, specialties_json, jurisdiction_code, employer_id, employer_name, employment_json, \
         legal, registered, user_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9) RETURNING id",
    )
    .bind(e.name.to_owned())
    .bind(to_json(&e.specialties)?)
    .bind(e.jurisdiction_code.to_owned())
    .bind(e.employer_id)
    .bind(e.employer_name.to_owned())
    .bind(to_json(&e.employment)?)
    .bind(i64::from(e.legal))
    .bind(e.user_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// How often each expert sat (drawn or declared) on panels since `since` with a purchaser and
/// with an agency: expert id → (with the purchaser, with the agency).
pub(crate) async fn panels_since(
    conn: &mut AnyConnection,
    unit_id: i64,
    agency_id: Option<i64>,
    since: i64,
) -> Result<std::collections::BTreeMap<i64, (u32, u32)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Count {
        expert_id: i64,
        with_unit: i64,
        with_agency: i64,
    }
    let rows = sqlx::query_as::<_, Count>(
        "SELECT m.expert_id, \
         CAST(SUM(CASE WHEN p.unit_id = $1 THEN 1 ELSE 0 END) AS BIGINT) AS with_unit, \
         CAST(SUM(CASE WHEN p.agency_id = $2 THEN 1 ELSE 0 END) AS BIGINT) AS with_agency \
         FROM panel_members m JOIN projects p ON p.id = m.project_id JOIN panel_draws d ON d.id = m.draw_id \
         WHERE m.status IN ('drawn', 'declared') AND d.drawn_at >= $3 GROUP BY m.expert_id",
    )
    .bind(unit_id)
    .bind(agency_id.unwrap_or(-1))
    .bind(since)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(rows
        .into_iter()
        .map(|c| (c.expert_id, (c.with_unit as u32, c.with_agency as u32)))
        .collect())
}

/// A project's stored draw with the declarations made so far.
pub(crate) struct StoredDraw {
    pub id: i64,
    pub draw: Draw,
    pub drawn_at: i64,
    pub declarations: Vec<Declaration>,
    /// The request the draw ran with (for its verification).
    pub request: Value,
}

#[derive(sqlx::FromRow)]
struct DrawRow {
    id: i64,
    draw_json: String,
    drawn_at: i64,
    request_json: String,
}

#[derive(sqlx::FromRow)]
struct DeclarationRow {
    expert_id: i64,
    declared_at: i64,
    conflicts_json: Option<String>,
}

/// A project's draw, if it has one.
pub(crate) async fn draw_of(
    conn: &mut AnyConnection,
    project_id: i64,
) -> Result<Option<StoredDraw>, StoreError> {
    let Some(r) = sqlx::query_as::<_, DrawRow>(
        "SELECT id, draw_json, drawn_at, request_json FROM panel_draws WHERE project_id = $1",
    )
    .bind(project_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?
    else {
        return Ok(None);
    };
    let declarations = sqlx::query_as::<_, DeclarationRow>(
        "SELECT expert_id, declared_at, conflicts_json FROM panel_members WHERE project_id = $1 AND declared_at IS NOT NULL",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?
    .into_iter()
    .map(|d| {
        Ok(Declaration {
            expert_id: d.expert_id.to_string(),
            declared_at: Instant::from_unix_seconds(d.declared_at),
            conflicts: d.conflicts_json.as_deref().map(from_json).transpose()?.unwrap_or_default(),
        })
    })
    .collect::<Result<_, StoreError>>()?;
    Ok(Some(StoredDraw {
        id: r.id,
        draw: from_json(&r.draw_json)?,
        drawn_at: r.drawn_at,
        declarations,
        request: from_json(&r.request_json)?,
    }))
}

/// A draw to store.
pub(crate) struct NewDraw<'a> {
    pub project_id: i64,
    pub draw: &'a Draw,
    pub request: &'a Value,
    pub drawn_by: i64,
}

/// Why a draw was not stored.
pub(crate) enum DrawRefused {
    /// The project has a draw already (a concurrent draw committed first).
    Drawn,
    Store(StoreError),
}

/// Stores a draw and its members (panel `drawn`, reserves `reserve`); returns the draw's id.
pub(crate) async fn insert_draw(
    conn: &mut AnyConnection,
    d: &NewDraw<'_>,
    now: i64,
) -> Result<i64, DrawRefused> {
    let draw_id: i64 = sqlx::query_scalar(
        "INSERT INTO panel_draws (project_id, seed, pool_fingerprint, request_json, draw_json, drawn_at, drawn_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(d.project_id)
    .bind(d.draw.seed.to_string())
    .bind(d.draw.pool_fingerprint.to_string())
    .bind(d.request.to_string())
    .bind(to_json(d.draw).map_err(DrawRefused::Store)?)
    .bind(now)
    .bind(d.drawn_by)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            DrawRefused::Drawn
        } else {
            DrawRefused::Store(internal(e))
        }
    })?;
    for (ids, status) in [(&d.draw.panel, "drawn"), (&d.draw.reserves, "reserve")] {
        for e in ids {
            sqlx::query(
                "INSERT INTO panel_members (draw_id, project_id, expert_id, status) VALUES ($1, $2, $3, $4)",
            )
            .bind(draw_id)
            .bind(d.project_id)
            .bind(e.parse::<i64>().map_err(|e| DrawRefused::Store(internal(e)))?)
            .bind(status)
            .execute(&mut *conn)
            .await
            .map_err(|e| DrawRefused::Store(internal(e)))?;
        }
    }
    Ok(draw_id)
}

/// Records an expert's declaration: `declared` without conflicts, else `recused`.
pub(crate) async fn declare(
    conn: &mut AnyConnection,
    project_id: i64,
    expert: i64,
    conflicts: &[String],
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE panel_members SET declared_at = $1, conflicts_json = $2, status = $3 WHERE project_id = $4 AND expert_id = $5",
    )
    .bind(now)
    .bind(to_json(&conflicts)?)
    .bind(if conflicts.is_empty() { "declared" } else { "recused" })
    .bind(project_id)
    .bind(expert)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// Seats a reserve on the panel in a recused expert's place and stores the draw as it is now.
pub(crate) async fn seat_reserve(
    conn: &mut AnyConnection,
    project_id: i64,
    draw_id: i64,
    reserve: i64,
    draw: &Draw,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE panel_members SET status = 'drawn' WHERE project_id = $1 AND expert_id = $2",
    )
    .bind(project_id)
    .bind(reserve)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    sqlx::query("UPDATE panel_draws SET draw_json = $1 WHERE id = $2")
        .bind(to_json(draw)?)
        .bind(draw_id)
        .execute(&mut *conn)
        .await
        .map_err(internal)?;
    Ok(())
}

/// An expert's seat on a project's panel: the expert and the seat's status.
#[derive(sqlx::FromRow)]
pub(crate) struct SeatRow {
    pub project_id: i64,
    pub expert_id: i64,
    pub status: String,
}

/// The seat of user `user_id` (an expert's account) on project `project_id`'s panel, if any.
pub(crate) async fn seat_of_user(
    conn: &mut AnyConnection,
    project_id: i64,
    user_id: i64,
) -> Result<Option<SeatRow>, StoreError> {
    sqlx::query_as::<_, SeatRow>(
        "SELECT pm.project_id, pm.expert_id, pm.status FROM panel_members pm JOIN experts e ON e.id = pm.expert_id \
         WHERE pm.project_id = $1 AND e.user_id = $2",
    )
    .bind(project_id)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)
}

/// An expert's seats, newest project first.
pub(crate) async fn seats_of_expert(
    conn: &mut AnyConnection,
    expert: i64,
) -> Result<Vec<SeatRow>, StoreError> {
    sqlx::query_as::<_, SeatRow>(
        "SELECT project_id, expert_id, status FROM panel_members WHERE expert_id = $1 ORDER BY project_id DESC",
    )
    .bind(expert)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)
}

/// A score sheet to store.
pub(crate) struct NewSheet<'a> {
    pub project_id: i64,
    pub expert: i64,
    pub bid_id: i64,
    pub sheet: &'a shared::model::ScoreSheet,
}

/// Stores an expert's score sheet on a bid, in place of the expert's earlier sheet on it;
/// returns its id.
pub(crate) async fn replace_sheet(
    conn: &mut AnyConnection,
    s: &NewSheet<'_>,
    now: i64,
) -> Result<i64, StoreError> {
    sqlx::query(
        "DELETE FROM score_sheets WHERE project_id = $1 AND expert_id = $2 AND bid_id = $3",
    )
    .bind(s.project_id)
    .bind(s.expert)
    .bind(s.bid_id)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    sqlx::query_scalar(
        "INSERT INTO score_sheets (project_id, expert_id, bid_id, scores_json, total_hundredths, submitted_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(s.project_id)
    .bind(s.expert)
    .bind(s.bid_id)
    .bind(to_json(s.sheet)?)
    .bind(s.sheet.total_hundredths)
    .bind(now)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// The number of a project's challenges not answered yet.
pub(crate) async fn unanswered_challenges(
    conn: &mut AnyConnection,
    project_id: i64,
) -> Result<usize, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM challenges WHERE project_id = $1 AND answered_at IS NULL",
    )
    .bind(project_id)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// A challenge to store.
pub(crate) struct NewChallenge<'a> {
    pub project_id: i64,
    pub supplier_id: i64,
    pub kind: &'a str,
    pub text: &'a str,
    pub affects_result: bool,
    pub due_on: String,
    pub subject: &'a str,
}

/// Inserts a challenge; returns its id.
pub(crate) async fn insert_challenge(
    conn: &mut AnyConnection,
    c: &NewChallenge<'_>,
    now: i64,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO challenges (project_id, supplier_id, kind, text, filed_at, affects_result, due_on, subject) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(c.project_id)
    .bind(c.supplier_id)
    .bind(c.kind.to_owned())
    .bind(c.text.to_owned())
    .bind(now)
    .bind(i64::from(c.affects_result))
    .bind(c.due_on.clone())
    .bind(c.subject.to_owned())
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)
}

/// The ids of a project's challenges, in order of filing.
pub(crate) async fn challenge_ids(
    conn: &mut AnyConnection,
    project_id: i64,
) -> Result<Vec<i64>, StoreError> {
    sqlx::query_scalar("SELECT id FROM challenges WHERE project_id = $1 ORDER BY id")
        .bind(project_id)
        .fetch_all(&mut *conn)
        .await
        .map_err(internal)
}

/// Records the answer to a challenge; false when it was answered already.
pub(crate) async fn answer_challenge(
    conn: &mut AnyConnection,
    challenge_id: i64,
    answer: &str,
    by: i64,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE challenges SET answered_at = $1, answer = $2, answered_by = $3 WHERE id = $4 AND answered_at IS NULL",
    )
    .bind(now)
    .bind(answer.to_owned())
    .bind(by)
    .bind(challenge_id)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(done.rows_affected() != 0)
}

#[derive(sqlx::FromRow)]
struct ChallengeDbRow {
    id: i64,
    supplier_id: i64,
    kind: String,
    text: String,
    filed_at: i64,
    affects_result: i64,
    due_on: String,
    answered_at: Option<i64>,
    answer: Option<String>,
}

/// A project's challenges, in order of filing.
pub(crate) async fn challenges_of(
    conn: &mut AnyConnection,
    project_id: i64,
) -> Result<Vec<ChallengeRow>, StoreError> {
    sqlx::query_as::<_, ChallengeDbRow>(
        "SELECT id, supplier_id, kind, text, filed_at, affects_result, due_on, answered_at, answer FROM challenges \
         WHERE project_id = $1 ORDER BY id",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?
    .into_iter()
    .map(|r| {
        Ok(ChallengeRow {
            id: r.id,
            supplier_id: r.supplier_id,
            kind: serde_json::from_value(Value::String(r.kind)).map_err(internal)?,
            text: r.text,
            filed_at: Instant::from_unix_seconds(r.filed_at),
            affects_result: r.affects_result == 1,
            due_on: r.due_on.parse().map_err(internal)?,
            answered_at: r.answered_at.map(Instant::from_unix_seconds),
            answer: r.answer,
        })
    })
    .collect()
}

/// Records a failed or terminated procurement (废标 / 终止): its ground and reason.
pub(crate) async fn insert_termination(
    conn: &mut AnyConnection,
    project_id: i64,
    ground: FailureGround,
    reason: &str,
    by: i64,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO project_terminations (project_id, ground, reason, terminated_at, terminated_by) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(project_id)
    .bind(ground.code())
    .bind(reason.to_owned())
    .bind(now)
    .bind(by)
    .execute(&mut *conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// A project's termination: ground, reason, when.
pub(crate) struct TerminationOf {
    pub ground: FailureGround,
    pub reason: String,
    pub at: i64,
}

/// A project's termination, if it was terminated.
pub(crate) async fn termination_of(
    conn: &mut AnyConnection,
    project_id: i64,
) -> Result<Option<TerminationOf>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        ground: String,
        reason: String,
        terminated_at: i64,
    }
    sqlx::query_as::<_, Row>(
        "SELECT ground, reason, terminated_at FROM project_terminations WHERE project_id = $1",
    )
    .bind(project_id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(internal)?
    .map(|r| {
        Ok(TerminationOf {
            ground: FailureGround::from_code(&r.ground).ok_or_else(|| internal(&r.ground))?,
            reason: r.reason,
            at: r.terminated_at,
        })
    })
    .transpose()
}

/// Whose projects a list holds.
pub(crate) enum Scope<'a> {
    All,
    Unit(i64),
    Agency(i64),
    Jurisdiction(&'a str),
}

#[derive(sqlx::FromRow)]
struct ListRow {
    id: i64,
    plan_id: i64,
    name: String,
    unit_id: i64,
    unit_name: String,
    agency_id: Option<i64>,
    agency_name: Option<String>,
    jurisdiction_code: String,
    method: String,
    object_type: String,
    budget_amount: i64,
    state_json: String,
    updated_at: i64,
    findings: i64,
}

impl ListRow {
    fn decode(self) -> Result<ProjectRow, StoreError> {
        Ok(ProjectRow {
            id: self.id,
            plan_id: self.plan_id,
            name: self.name,
            unit_id: self.unit_id,
            unit_name: self.unit_name,
            agency_id: self.agency_id,
            agency_name: self.agency_name,
            jurisdiction_code: self.jurisdiction_code,
            method: Method::from_code(&self.method).ok_or_else(|| internal(&self.method))?,
            object_type: shared::model::ObjectType::from_code(&self.object_type)
                .ok_or_else(|| internal(&self.object_type))?,
            budget_amount: Fen(self.budget_amount),
            state: from_json(&self.state_json)?,
            updated_at: Instant::from_unix_seconds(self.updated_at),
            findings: self.findings,
        })
    }
}

const ROW_COLUMNS: &str = "p.id, p.plan_id, p.name, p.unit_id, u.name AS unit_name, p.agency_id, a.name AS agency_name, \
     p.jurisdiction_code, p.method, p.object_type, p.budget_amount, p.state_json, p.updated_at, \
     (SELECT COUNT(*) FROM findings f WHERE f.subject_type = 'project' AND f.subject_id = CAST(p.id AS TEXT)) AS findings";
const ROW_FROM: &str = "FROM projects p JOIN organisations u ON u.id = p.unit_id LEFT JOIN organisations a ON a.id = p.agency_id";

/// The list rows of the projects in `scope` matching `query`, newest first: one page
/// (`per_page`, 1-based `page`) or all; and how many match. The search finds a part of the
/// project's, the unit's or the agency's name (`LIKE`, so two characters such as 教育 match), or
/// the project's number.
pub(crate) async fn project_rows(
    db: &super::Db,
    scope: Scope<'_>,
    query: &app::api::projects::ProjectQuery,
    page: Option<(u32, u32)>,
) -> Result<(Vec<ProjectRow>, i64), StoreError> {
    let pool = &db.pool;
    let scope_filter = match scope {
        Scope::All => "$1 = $1",
        Scope::Unit(_) => "p.unit_id = $1",
        Scope::Agency(_) => "p.agency_id = $1",
        Scope::Jurisdiction(_) => "p.jurisdiction_code = $1",
    };
    // $2 the text, $3 its pattern, $4 the number it may be, $5 method, $6 district, $7 year.
    // Without a text the search is left out of the statement (a plan of its own); with one it
    // finds the project's name through the name index, the unit's or agency's name (small
    // tables), or the project's number.
    let pattern = super::suppliers::like_pattern(query.q.trim());
    let by_org = if query.q.trim().is_empty() {
        None
    } else {
        // The units and agencies whose name holds the text (a small table), written into the
        // statement as numbers: the planner sees them as they are.
        let orgs: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM organisations WHERE name LIKE $1 ESCAPE '\\' ORDER BY id LIMIT 501",
        )
        .bind(pattern.clone())
        .fetch_all(pool)
        .await
        .map_err(internal)?;
        let by_org = if orgs.is_empty() {
            String::new()
        } else if orgs.len() > 500 {
            // Too many to write out: the same set as a subquery.
            " OR p.unit_id IN (SELECT o.id FROM organisations o WHERE o.name LIKE $3 ESCAPE '\\') \
             OR p.agency_id IN (SELECT o.id FROM organisations o WHERE o.name LIKE $3 ESCAPE '\\')"
                .to_owned()
        } else {
            let ids = orgs
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            format!(" OR p.unit_id IN ({ids}) OR p.agency_id IN ({ids})")
        };
        Some(by_org)
    };
    // How common the text is among the scope's newest 2,000 names (PostgreSQL): a text in a few
    // names of a thousand or more (物业管理: 6 %) is found fastest by reading the newest rows
    // backwards, which stops once a page is full; the name index would collect and sort every
    // match first (241 ms against 1 ms for 物业管理 at 1,000,000 projects). A rarer text is
    // found through the index. The count, reading up to 2,001 matches, goes backwards only for a
    // text in one name of fifty or more.
    let (page_dense, count_dense) =
        if db.backend == super::Backend::Postgres && !query.q.trim().is_empty() {
            let probe = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM (SELECT p.name FROM projects p WHERE {scope_filter} \
             ORDER BY p.id DESC LIMIT 2000) s WHERE s.name LIKE $2 ESCAPE '\\'"
            )));
            let probe = match scope {
                Scope::All => probe.bind(0_i64),
                Scope::Unit(id) | Scope::Agency(id) => probe.bind(id),
                Scope::Jurisdiction(code) => probe.bind(code.to_owned()),
            };
            let hits = probe
                .bind(pattern.clone())
                .fetch_one(pool)
                .await
                .map_err(internal)?;
            (hits >= 5, hits >= 40)
        } else {
            (false, false)
        };
    let search_for = |dense: bool| -> String {
        match &by_org {
            None => "($2 = '' AND $3 = $3 AND $4 = $4)".to_owned(),
            // Dense: the same matches without the name index, the pattern on the name.
            Some(by_org) if dense => {
                format!("(($2 <> '' AND p.name LIKE $3 ESCAPE '\\'){by_org} OR p.id = $4)")
            }
            Some(by_org) => format!(
                "({}{by_org} OR p.id = $4)",
                super::dialect::name_search(db.backend, "p", "$2", "$3")
            ),
        }
    };
    let filter_for = |dense: bool| {
        format!(
            "{scope_filter} \
             AND {} \
             AND ($5 = '' OR p.method = $5) \
             AND ($6 = '' OR p.jurisdiction_code = $6) \
             AND ($7 = 0 OR EXISTS (SELECT 1 FROM plans pl WHERE pl.id = p.plan_id AND pl.fiscal_year = $7))",
            search_for(dense)
        )
    };
    let number: i64 = query.q.trim().parse().unwrap_or(-1);
    let year: i64 = query.year.trim().parse().unwrap_or(0);
    macro_rules! bind_all {
        ($q:expr) => {{
            let q = match scope {
                Scope::All => $q.bind(0_i64),
                Scope::Unit(id) | Scope::Agency(id) => $q.bind(id),
                Scope::Jurisdiction(code) => $q.bind(code.to_owned()),
            };
            q.bind(query.q.trim().to_owned())
                .bind(pattern.clone())
                .bind(number)
                .bind(query.method.clone())
                .bind(query.district.clone())
                .bind(year)
        }};
    }
    // A page counts at most COUNT_CAP + 1 matches (beyond, the list says "more than"); all the
    // rows (an export) need no count.
    let total: i64 = match page {
        Some(_) => bind_all!(sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM (SELECT 1 {ROW_FROM} WHERE {} LIMIT {}) c",
            filter_for(count_dense),
            app::api::projects::COUNT_CAP + 1
        ))))
        .fetch_one(pool)
        .await
        .map_err(internal)?,
        None => 0,
    };
    let limit = super::page_clause(page);
    let rows = bind_all!(sqlx::query_as::<_, ListRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {ROW_COLUMNS} {ROW_FROM} WHERE {} ORDER BY p.id DESC{limit}",
        filter_for(page_dense)
    ))))
    .fetch_all(pool)
    .await
    .map_err(internal)?
    .into_iter()
    .map(ListRow::decode)
    .collect::<Result<Vec<_>, _>>()?;
    Ok(super::counted(rows, page, total))
}

/// Project `id`'s list row.
pub(crate) async fn project_row(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<ProjectRow, StoreError> {
    sqlx::query_as::<_, ListRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {ROW_COLUMNS} {ROW_FROM} WHERE p.id = $1"
    )))
    .bind(id)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)?
    .decode()
}
