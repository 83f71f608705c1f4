//! Procurement execution (issue 5): the data the project pages exchange with the server. Writes
//! arrive as form posts (`server/src/web.rs`) and go through `crate::service::projects`; the
//! store runs `shared::workflow::next`, the node's checks and `shared::execution`'s refusals in
//! the transaction that stores the step. Sealed bids: no type here carries a bid's price or
//! documents except through `shared::bidding::BidView`, which the server fills according to
//! `shared::bidding::bid_visibility` (before the opening: never a price, never a document).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::bidding::BidView;
use shared::execution::{FailureGround, ProjectStep, SchemeSpec, Terms};
use shared::model::{ChallengeKind, Method, ObjectType, ProjectRecord};
use shared::money::Fen;
use shared::panel::ExpertGate;
use shared::plan::PlanFinding;
use shared::time::{Date, Instant};
use shared::workflow::{EventKind, ProcState};

use crate::api::plans::FindingRow;

/// One project in a list (the desk of a purchaser, an agency or a regulator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRow {
    pub id: i64,
    pub plan_id: i64,
    pub name: String,
    pub unit_id: i64,
    pub unit_name: String,
    /// `None`: self-procurement.
    pub agency_id: Option<i64>,
    pub agency_name: Option<String>,
    pub jurisdiction_code: String,
    pub method: Method,
    pub object_type: ObjectType,
    pub budget_amount: Fen,
    pub state: ProcState,
    pub updated_at: Instant,
    pub findings: i64,
}

/// The search and filters of a project list (`/projects?q=…&method=…&district=…&year=…&page=…`);
/// the same query gives the export its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectQuery {
    /// Part of the project's, unit's or agency's name (one character or more), or the
    /// project's number.
    pub q: String,
    /// A method's code; empty: any.
    pub method: String,
    /// A jurisdiction's code; empty: any.
    pub district: String,
    /// A fiscal year (of the plan); empty: any.
    pub year: String,
    /// 1-based page.
    pub page: u32,
}

impl ProjectQuery {
    /// The query of a page's URL parameters.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> ProjectQuery {
        ProjectQuery {
            q: get("q")
                .unwrap_or_default()
                .trim()
                .chars()
                .take(crate::api::MAX_SEARCH_CHARS)
                .collect(),
            method: get("method").unwrap_or_default(),
            district: get("district").unwrap_or_default(),
            year: get("year").unwrap_or_default(),
            page: get("page").and_then(|p| p.parse().ok()).unwrap_or(1).max(1),
        }
    }

    /// The query as URL parameters (without the page), for links and exports.
    pub fn params(&self) -> String {
        let mut out = Vec::new();
        for (k, v) in [
            ("q", &self.q),
            ("method", &self.method),
            ("district", &self.district),
            ("year", &self.year),
        ] {
            if !v.is_empty() {
                out.push(format!("{k}={}", crate::pages::layout::encode_component(v)));
            }
        }
        out.join("&")
    }
}

/// Projects shown on one page of a list.
pub const PROJECTS_PER_PAGE: u32 = 50;

/// A list counts its matches up to this many; beyond, it says "more than" (an exact count of a
/// million rows would cost more than the page).
pub const COUNT_CAP: i64 = 2_000;

/// One page of a project list and the number of projects matching (at most [`COUNT_CAP`] + 1:
/// see [`ProjectPage::more`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectPage {
    pub rows: Vec<ProjectRow>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl ProjectPage {
    /// Whether more projects match than were counted ([`COUNT_CAP`]).
    pub fn more(&self) -> bool {
        self.total > COUNT_CAP
    }
}

/// A challenge as listed on the project (its text is the supplier's and the answerer's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeRow {
    pub id: i64,
    pub supplier_id: i64,
    /// An inquiry (询问) or a challenge (质疑).
    pub kind: ChallengeKind,
    pub text: String,
    pub filed_at: Instant,
    pub affects_result: bool,
    /// The last day of the answer, China date.
    pub due_on: Date,
    pub answered_at: Option<Instant>,
    pub answer: Option<String>,
}

/// One project as one account may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectView {
    /// Who the server took the account to be for this project, and the project's stage: the
    /// inputs of `shared::disclosure`, which the page asks what it may offer (a challenge).
    pub viewer: shared::disclosure::Viewer,
    pub stage: shared::disclosure::Stage,
    pub row: ProjectRow,
    /// What may happen next (`shared::workflow::allowed_events`).
    pub allowed: Vec<EventKind>,
    /// The steps this account may take now (`shared::steps::offered`, computed by the server
    /// from the full record): the page offers these and nothing else.
    pub actions: Vec<ProjectStep>,
    /// For each offered step taken per lot, the lots it may act on now
    /// (`shared::steps::lots_for`): the page offers a form per lot listed, and no other.
    pub lot_steps: Vec<LotStep>,
    /// The lots that may fail alone now (`shared::steps::lots_to_fail`), offered by the
    /// termination form beside the whole procurement; empty without lots.
    pub lots_to_fail: Vec<Option<String>>,
    /// 废标 / 终止: the ground and the reason, public with the termination notice.
    pub termination: Option<TerminationRow>,
    /// The grounds a termination may state now (`shared::steps::ground_fits`); empty unless
    /// the account may end the procurement.
    pub termination_grounds: Vec<FailureGround>,
    /// The bids whose security this account may refund now (the runner, after the award
    /// notice or after 废标 / 终止; `shared::steps::gate` for `RefundSecurity`).
    pub refundable: Vec<String>,
    /// The plan's page, for the purchaser's staff of a failed round: what may follow it (a
    /// method change, a new round) is done there.
    pub plan_page: Option<i64>,
    /// The record the checks read as `shared::disclosure::redact` leaves it for this viewer:
    /// without bids (they are in `bids`), without what the matrix closes.
    pub record: ProjectRecord,
    pub terms: Option<Terms>,
    /// The bids as `shared::bidding::bid_visibility` lets this viewer see them.
    pub bids: Vec<BidView>,
    /// A bidder's own bids and what became of them (`shared::bidding::own_result`: the outcome,
    /// and after the result its own score, rank and qualification verdict); empty for others.
    #[serde(default)]
    pub own_bids: Vec<shared::bidding::OwnResult>,
    pub findings: Vec<FindingRow>,
    pub challenges: Vec<ChallengeRow>,
}

/// A step taken per lot and the lots (`None`: the project without lots) it may act on now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotStep {
    pub step: ProjectStep,
    pub lots: Vec<Option<String>>,
}

impl ProjectView {
    /// The lots `step` may act on now (empty when it is not offered).
    pub fn lots_of(&self, step: ProjectStep) -> Vec<Option<String>> {
        self.lot_steps
            .iter()
            .find(|l| l.step == step)
            .map(|l| l.lots.clone())
            .unwrap_or_default()
    }
}

/// A failed or ended procurement (`shared::execution::FailureGround`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerminationRow {
    pub ground: FailureGround,
    pub reason: String,
    pub at: Instant,
}

/// A supplier's own bid: the receipt always; price and documents only after the opening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnBid {
    pub id: i64,
    pub project_id: i64,
    pub project_name: String,
    /// `submitted`, `withdrawn`, `replaced`.
    pub status: String,
    /// The lot bid on (`None`: the project has no lots).
    pub lot: Option<shared::model::Lot>,
    pub submitted_at: Instant,
    pub withdrawn_at: Option<Instant>,
    /// `None` before the opening (sealed, even to the bidder).
    pub price: Option<Fen>,
    pub documents: Option<Vec<String>>,
    /// Withdraw / replace while the bid is in force and the deadline not reached
    /// (`shared::steps::offered`).
    pub actions: Vec<ProjectStep>,
    /// What became of it (`shared::bidding::bid_outcome`).
    pub outcome: shared::bidding::BidOutcome,
    /// When its bid security was refunded.
    pub security_refunded_at: Option<Instant>,
}

/// A project open for bids, as a supplier sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenProject {
    pub id: i64,
    pub name: String,
    pub method: Method,
    pub jurisdiction_code: String,
    pub budget_amount: Fen,
    pub max_price: Option<Fen>,
    pub deadline: Option<Instant>,
    /// The lots the supplier may still bid in (empty: the project has no lots).
    pub lots: Vec<shared::model::Lot>,
}

/// An expert's seat on a panel. `bids` and `price_scores` are empty until the expert may score
/// (`shared::panel::ExpertGate::MayScore`: conflicts declared, none found).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelSeat {
    /// Declare / score as `shared::steps::offered` allows them now.
    pub actions: Vec<ProjectStep>,
    pub project_id: i64,
    pub project_name: String,
    pub method: Method,
    /// Where the project stands, in words (`ProcState::label`): its stage, nothing more.
    pub stage: shared::i18n::Both,
    /// `drawn`, `reserve`, `recused`, `declared`.
    pub status: String,
    /// Where the expert stands before seeing the bids.
    pub gate: ExpertGate,
    /// The bidders to declare against (supplier id, name); shown once the bids are opened.
    pub bidders: Vec<(String, String)>,
    pub scheme: Option<SchemeSpec>,
    pub bids: Vec<BidView>,
    /// Bid id → price score (hundredths), computed by `ScoringScheme::price_scores`.
    pub price_scores: Vec<(String, i64)>,
}

/// What a step stored: the id of what it made (or the project) and its findings (warnings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepDone {
    pub id: i64,
    pub findings: Vec<PlanFinding>,
}

/// The signed-in account's projects: a purchaser's unit's, an agency's entrusted ones, a
/// regulator's jurisdiction, all for an administrator (suppliers and experts: 403).
#[server(prefix = "/api", endpoint = "project_desk", input = server_fn::codec::Json)]
pub async fn get_project_desk(query: ProjectQuery) -> Result<ProjectPage, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::Projects)?;
    let services = crate::service::use_services()?;
    // The same limits as a page's URL: a long text is cut, a page below 1 is the first.
    let query = ProjectQuery::from_params(|k| match k {
        "q" => Some(query.q.clone()),
        "method" => Some(query.method.clone()),
        "district" => Some(query.district.clone()),
        "year" => Some(query.year.clone()),
        "page" => Some(query.page.to_string()),
        _ => None,
    });
    let page = query.page;
    let (rows, total) = crate::service::projects::desk(
        services.as_ref(),
        &principal,
        &query,
        Some((PROJECTS_PER_PAGE, page)),
    )
    .await?;
    Ok(ProjectPage {
        rows,
        total,
        page,
        per_page: PROJECTS_PER_PAGE,
    })
}

/// One project as the account (or a visitor) may see it: built on the server through
/// `shared::disclosure`'s matrix for the viewer and the project's stage; a project the viewer
/// may see nothing of: 404.
#[server(prefix = "/api", endpoint = "project_view", input = server_fn::codec::Json)]
pub async fn get_project_view(id: i64) -> Result<ProjectView, ServerFnError> {
    let principal = crate::service::current_user().map(|u| u.principal);
    let services = crate::service::use_services()?;
    crate::service::projects::view(services.as_ref(), principal.as_ref(), id).await
}

/// The projects the signed-in supplier may bid on now (published, before the deadline, invited
/// where the method invites).
#[server(prefix = "/api", endpoint = "open_projects", input = server_fn::codec::Json)]
pub async fn get_open_projects() -> Result<Vec<OpenProject>, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::SupplierBids)?;
    let services = crate::service::use_services()?;
    crate::service::projects::open_projects(services.as_ref(), &principal).await
}

/// The signed-in supplier's own bids: price and documents only after the opening.
#[server(prefix = "/api", endpoint = "own_bids", input = server_fn::codec::Json)]
pub async fn get_own_bids() -> Result<Vec<OwnBid>, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::SupplierBids)?;
    let services = crate::service::use_services()?;
    crate::service::projects::own_bids(services.as_ref(), &principal).await
}

/// The signed-in expert's panels: for the online score sheet, the scheme, the bidders to declare
/// against, and — after a declaration without conflict — the opened bids and their price scores.
#[server(prefix = "/api", endpoint = "panel_seats", input = server_fn::codec::Json)]
pub async fn get_panel_seats() -> Result<Vec<PanelSeat>, ServerFnError> {
    let principal = crate::service::require_page(shared::access::Page::ExpertPanels)?;
    let services = crate::service::use_services()?;
    crate::service::projects::panel_seats(services.as_ref(), &principal).await
}
