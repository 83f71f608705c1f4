//! Procurement execution (issue 5) in the database: projects run from a released plan, sealed
//! bids, the expert draw, score sheets, the award, the contract, payments and challenges.
//!
//! Every step runs in ONE transaction: lock the project row (a no-op update), check access
//! (`shared::access::may_access`: `NotFound` when the account may not see the project) and the
//! role, apply the step to the `ProjectRecord`, move the state with `shared::workflow::next`
//! (an illegal transition is `Rejected`), run the checks of the step's nodes
//! (`shared::checks::run_node`), refuse what `shared::execution::refusals` forbids (`Refused`,
//! nothing stored), else store the record, the findings and the audit record.
//!
//! Sealed bids: the price and documents of a bid leave this module only through
//! [`bid_view`], which applies `shared::bidding::bid_visibility` and the project's opening; the
//! stored record (`projects.record_json`) never holds bids, and the audit trail never a price.

use app::api::projects::{
    LotStep, OpenProject, OwnBid, PanelSeat, ProjectRow, ProjectView, StepDone, TerminationRow,
};
use app::service::projects::{ProjectServices, StepInput};
use app::service::{BoxFuture, StoreError};
use serde_json::{json, Value};
use shared::access::{may_access, Principal, Record, Role};
use shared::apply::{self, step_events};
use shared::bidding::{bid_visibility, is_opened, BidTerms, BidView, NewBid};
use shared::checks::framework::CheckContext;
use shared::disclosure::{
    access, may_challenge, may_see_project, redact, Access, Facts, Field, Own, Seat, Stage,
    Viewer as DViewer,
};
use shared::execution::{self, Confirmation, NewNotice, ProjectStep, Termination};
use shared::field::{FieldError, FieldErrors};
use shared::i18n::{Lang, Text};
use shared::lots::{lot_index, LotSet};
use shared::model::{
    AgencyKind, AgencyRef, Bid, BidStatus, EnterpriseSize, GovLevel, Method, ObjectType, OrgKind,
    Organisation, Project, ProjectRecord, Supplier,
};
use shared::money::Fen;
use shared::panel::{
    draw, panel_spec, Candidate, DrawRequest, ExpertGate, OrgRef, PanelFacts, RecusalReason,
};
use shared::plan::PlanFinding;
use shared::scoring::{rank, rank_by_price, PriceInput, RankInput, ScoreSheetForm};
use shared::steps::{
    gate_lot, ground_fits_lot, lots_for, offered, termination_grounds, Found, InForce, Part,
    Situation, SupplierPart,
};
use shared::time::Instant;
use shared::workflow::{allowed_events, Event, Node, ProcState};
use sqlx::AnyConnection;

use crate::auth::AuditEntry;
use crate::db::projects::{
    self as repo, bids_of, draw_of, library, lock_project, read_project, record_obtained, Loaded,
    StoredBid,
};
use crate::steplog::{self, code_of};
use crate::store::Store;
use shared::plan_steps::{PlanAction, PlanPart, PlanStatus};

use crate::store::internal;

fn rejected(field: &str, code: &str, zh: String, en: String) -> StoreError {
    StoreError::Rejected(FieldErrors(vec![FieldError::with_message(
        field, code, zh, en,
    )]))
}

fn rejected_text(field: &str, code: &str, t: Text) -> StoreError {
    StoreError::Rejected(FieldErrors(vec![FieldError::new(field, code, t)]))
}

fn context(now: i64) -> CheckContext<'static> {
    CheckContext::builtin(Instant::from_unix_seconds(now))
}

/// A stored bid as the model's bid (for the checks and the views); replaced bids are left out.
/// A project's bids as the checks read them — for the portfolio analytics, which add them only
/// to projects opened already (sealed bids never leave the store before the opening).
pub(crate) async fn model_bids(
    conn: &mut AnyConnection,
    project_id: i64,
) -> Result<Vec<Bid>, StoreError> {
    Ok(bids_of(conn, project_id)
        .await?
        .iter()
        .filter_map(model_bid)
        .collect())
}

fn model_bid(b: &StoredBid) -> Option<Bid> {
    let status = match b.status.as_str() {
        "submitted" if b.qualified == Some(false) => BidStatus::Disqualified,
        "submitted" => BidStatus::Valid,
        "withdrawn" => BidStatus::Withdrawn,
        _ => return None,
    };
    Some(Bid {
        id: b.id.to_string(),
        supplier_id: b.supplier_id.to_string(),
        lot_id: b.lot_id.clone(),
        received_at: Some(Instant::from_unix_seconds(b.submitted_at)),
        price: Some(Fen(b.price)),
        final_price: None,
        status,
        disqualification_reason: b.review_reason.clone(),
        qualified: b.qualified,
        responsive: None,
        brand: None,
        device: None,
        consortium_members: Vec::new(),
        deposit_payer_account: None,
        deposit_refunded_at: b.refunded_at.map(Instant::from_unix_seconds),
        low_price_explanation: None,
        contacts: Vec::new(),
    })
}

/// The one way a bid leaves the store: as `viewer` may see it at `stage` of a procurement of
/// `method` (`shared::bidding::bid_visibility`, read off `shared::disclosure`'s matrix); `own`
/// holds the viewer's own bids.
fn bid_view(
    b: &StoredBid,
    viewer: DViewer,
    stage: Stage,
    method: Method,
    own: &Own,
) -> Option<BidView> {
    let bid = model_bid(b)?;
    let mine = own.bid_ids.contains(&bid.id);
    let withdrawn = b.status == "withdrawn";
    let mut view = BidView::of(&bid, bid_visibility(viewer, stage, method, mine, withdrawn))?;
    if access(viewer, stage, Field::Report, method) == shared::disclosure::Access::All {
        view.review = b.qualified.map(|passed| shared::bidding::Review {
            passed,
            reason: b.review_reason.clone(),
        });
    }
    Some(view)
}

/// Who `actor` is to project `l` (`shared::disclosure::Viewer`, from what the store knows of
/// them), the project's disclosure stage at `now`, and which entries are the viewer's own.
async fn disclosure_of(
    conn: &mut AnyConnection,
    actor: Option<&Principal>,
    l: &Loaded,
    now: i64,
) -> Result<(DViewer, Stage, Own), StoreError> {
    let mut facts = Facts::default();
    let mut own = Own::default();
    if let Some(a) = actor {
        facts.in_scope =
            !matches!(a.role, Role::Supplier | Role::Expert) && may_access(a, &l.scope());
        facts.runner = shared::access::runs_procedure(a, l.unit_id, l.agency_id);
        if let (Role::Supplier, Some(supplier)) = (a.role, a.supplier_id) {
            let sid = supplier.to_string();
            let bids = repo::bid_ids_of_supplier(conn, l.id, supplier).await?;
            facts.bidder = !bids.is_empty();
            facts.obtained_documents = repo::obtained(conn, l.id, supplier).await?
                || l.record
                    .invited_suppliers
                    .iter()
                    .any(|i| i.supplier_id == sid);
            own.bid_ids = bids.iter().map(i64::to_string).collect();
            own.supplier_id = Some(sid);
        }
        if a.role == Role::Expert {
            if let Some(seat) = repo::seat_of_user(conn, l.id, a.user_id).await? {
                let expert = seat.expert_id;
                facts.seat = Some(match seat.status.as_str() {
                    "declared" => Seat::Member,
                    "drawn" => Seat::Drawn,
                    _ => Seat::Reserve,
                });
                own.person_id = Some(expert.to_string());
            }
        }
    }
    let stage = Stage::of(
        l.state.node.is_some_and(|n| n >= Node::NoticeInvitation),
        is_opened(l.record.opening_at, Instant::from_unix_seconds(now)),
        l.record.panel.is_some(),
        l.state.award_notice_sent,
        !l.record.contracts.is_empty(),
    );
    Ok((DViewer::of(actor, &facts), stage, own))
}

fn not_now(t: Text) -> StoreError {
    rejected_text("step", "not_allowed_now", t)
}

/// What a step adds to the audit record besides its findings.
struct Audit {
    subject_type: &'static str,
    subject_id: String,
    after: Value,
}

/// What a step hands to [`finish`]: which step, its workflow events, the findings it raised
/// itself and its audit record.
struct Outcome {
    step: ProjectStep,
    events: Vec<Event>,
    extra: Vec<PlanFinding>,
    audit: Audit,
}

impl Outcome {
    fn new(step: ProjectStep, events: Vec<Event>, audit: Audit) -> Outcome {
        Outcome {
            step,
            events,
            extra: Vec::new(),
            audit,
        }
    }

    /// The findings the step raised itself (besides those of its nodes' checks).
    fn with_findings(mut self, extra: Vec<PlanFinding>) -> Outcome {
        self.extra = extra;
        self
    }
}

impl Store {
    /// The end of every step: move the state, run the checks of the step's nodes on the record
    /// with the bids, refuse what the step's forbidding checks flag (`shared::apply::conclude`),
    /// else store state, record, findings and the audit record, and commit (the step log).
    async fn finish(
        &self,
        mut tx: crate::db::WriteTx,
        actor: &Principal,
        mut l: Loaded,
        outcome: Outcome,
        now: i64,
    ) -> Result<Vec<PlanFinding>, StoreError> {
        let Outcome {
            step,
            events: evs,
            extra,
            audit,
        } = outcome;
        let mut full = l.record.clone();
        let stored = bids_of(&mut tx, l.id).await?;
        full.bids = stored.iter().filter_map(model_bid).collect();
        let concluded =
            apply::conclude(l.method, &l.state, &full, step, &evs, extra, &context(now)).map_err(
                |e| match e {
                    apply::NotConcluded::Illegal(reason) => {
                        rejected_text("step", "illegal_transition", reason)
                    }
                    apply::NotConcluded::Refused(flags) => StoreError::Refused(flags),
                },
            )?;
        l.state = concluded.state;
        let findings = concluded.findings;
        l.record.bids.clear();
        // The dashboard's facts: the (first) signed contract and the 品目.
        let contract = l.record.contracts.iter().find(|c| c.signed_at.is_some());
        let facts = step_facts(&mut tx, l.id, &stored).await?;
        let settled = shared::desk::settled(
            &situation(&l, &facts, now),
            stored.iter().any(|b| security_held(&l.record, b)),
        );
        repo::save_project(
            &mut tx,
            &l,
            repo::Facts {
                contract_amount: contract.and_then(|c| c.amount).map(|a| a.fen()),
                contract_signed_at: contract.and_then(|c| c.signed_at).map(|t| t.unix_seconds()),
                settled,
            },
            now,
        )
        .await?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            user_id: Some(actor.user_id),
            role: Some(actor.role),
            action: step.code(),
            subject_type: Some(audit.subject_type),
            subject_id: Some(audit.subject_id),
            after: Some(audit.after),
            ..AuditEntry::default()
        })
        .flags(
            &steplog::Subject {
                kind: "project",
                id: l.id.to_string(),
                jurisdiction: &l.jurisdiction,
                step: step.code(),
                method: Some(l.method.code()),
                name: Some(&l.name),
            },
            &findings,
        )
        .event(step_event(&l, step, now));
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok(findings)
    }
}

/// The monitor's event of a step (after the events of its findings). Sealed bids: the event of
/// a bid step names neither the bidder nor a price.
fn step_event(l: &Loaded, step: ProjectStep, now: i64) -> crate::events::NewEvent<'_> {
    let title = step.name();
    crate::events::NewEvent {
        at: now,
        jurisdiction_code: &l.jurisdiction,
        kind: "step",
        stage: None,
        severity: None,
        method: Some(l.method.code()),
        subject_type: "project",
        subject_id: l.id.to_string(),
        check_id: None,
        action: step.code(),
        title_zh: title.zh.to_owned(),
        title_en: title.en.to_owned(),
        message_zh: format!("{}：{}（{}）", l.name, title.zh, l.method.name().zh),
        message_en: format!("{}: {} ({})", l.name, title.en, l.method.name().en),
    }
}

/// A bid step on a bid that is no longer in force.
fn not_in_force() -> StoreError {
    rejected_text("bid", "not_in_force", Found::BidNotInForce.text())
}

fn project_audit(l: &Loaded, after: Value) -> Audit {
    Audit {
        subject_type: "project",
        subject_id: l.id.to_string(),
        after,
    }
}

async fn supplier_entry(conn: &mut AnyConnection, id: i64) -> Result<Supplier, StoreError> {
    repo::supplier(conn, id)
        .await?
        .ok_or_else(|| rejected_text("supplier_id", "unknown", Found::NoSuchSupplier.text()))
}

fn small_micro(record: &ProjectRecord, supplier_id: &str) -> bool {
    record
        .supplier(supplier_id)
        .and_then(|s| s.size)
        .is_some_and(EnterpriseSize::is_small_or_micro)
}

/// The bids whose security is held and may be refunded now (`shared::steps::may_refund`): what
/// the project page offers to refund, and what keeps the refund on the runner's desk.
fn refundable<'a>(
    bids: &'a [StoredBid],
    s: &'a Situation<'a>,
) -> impl Iterator<Item = &'a StoredBid> + 'a {
    bids.iter()
        .filter(|b| security_held(s.record, b))
        .filter(|b| shared::steps::may_refund(s, b.lot_id.as_deref()))
}

/// The bid's security is held: the documents asked for one (`shared::steps::takes_security`),
/// the bid is not replaced (a replaced bid's security passes to the bid that replaced it) and
/// its security is not refunded yet.
fn security_held(record: &ProjectRecord, b: &StoredBid) -> bool {
    shared::steps::takes_security(record) && b.status != "replaced" && b.refunded_at.is_none()
}

/// The bids in force (submitted, not withdrawn or replaced, not failed in the qualification
/// review): what the panel evaluates and ranks.
fn in_force(bids: &[StoredBid]) -> Vec<&StoredBid> {
    bids.iter()
        .filter(|b| b.status == "submitted" && b.qualified != Some(false))
        .collect()
}

/// The expert of an expert account.
async fn expert_of(conn: &mut AnyConnection, actor: &Principal) -> Result<i64, StoreError> {
    if actor.role != Role::Expert {
        return Err(StoreError::NotFound);
    }
    repo::expert_of_user(conn, actor.user_id)
        .await?
        .ok_or(StoreError::NotFound)
}

/// The actor's part in the project (`shared::steps::Part`), from the account and the rows.
async fn part_of(
    conn: &mut AnyConnection,
    actor: Option<&Principal>,
    l: &Loaded,
    bids: &[StoredBid],
) -> Result<Part, StoreError> {
    let Some(actor) = actor else {
        return Ok(Part::default());
    };
    let supplier = match (actor.role, actor.supplier_id) {
        (Role::Supplier, Some(s)) => Some(SupplierPart {
            invited: l
                .record
                .invited_suppliers
                .iter()
                .any(|i| i.supplier_id == s.to_string()),
            in_force: bids
                .iter()
                .filter(|b| b.supplier_id == s && b.status == "submitted")
                .filter_map(|b| lot_index(&l.record, b.lot_id.as_deref()))
                .fold(LotSet::EMPTY, LotSet::with),
            unbound: !crate::db::users::is_bound(conn, actor.user_id).await?,
        }),
        _ => None,
    };
    let expert = if actor.role == Role::Expert {
        match (expert_of(conn, actor).await, draw_of(conn, l.id).await?) {
            (Ok(e), Some(sd)) => Some(sd.draw.gate(&e.to_string(), &sd.declarations)),
            _ => None,
        }
    } else {
        None
    };
    let runs = shared::access::runs_procedure(actor, l.unit_id, l.agency_id);
    // A private agency publishes and draws once its list registration is complete.
    let unlisted = match (actor.role, actor.organisation_id) {
        (Role::Agency, Some(org)) if runs => crate::db::agencies::unlisted(conn, org).await?,
        _ => false,
    };
    Ok(Part {
        runs,
        unit: actor.role == Role::Purchaser && may_access(actor, &l.scope()),
        supplier,
        expert,
        unlisted,
    })
}

/// What `shared::steps::gate` reads of the project, from the loaded row and its bids.
struct GateFacts {
    bids_in_force: Vec<InForce>,
    unanswered: usize,
    /// The qualification review is recorded.
    reviewed: bool,
}

async fn step_facts(
    conn: &mut AnyConnection,
    project_id: i64,
    bids: &[StoredBid],
) -> Result<GateFacts, StoreError> {
    Ok(GateFacts {
        bids_in_force: in_force(bids)
            .iter()
            .map(|b| InForce {
                id: b.id.to_string(),
                lot: b.lot_id.clone(),
            })
            .collect(),
        unanswered: repo::unanswered_challenges(conn, project_id).await?,
        reviewed: bids.iter().any(|b| b.qualified.is_some()),
    })
}

fn situation<'a>(l: &'a Loaded, f: &'a GateFacts, now: i64) -> Situation<'a> {
    Situation {
        method: l.method,
        state: &l.state,
        record: &l.record,
        scored: l
            .terms
            .as_ref()
            .and_then(|t| t.scheme.as_ref())
            .and_then(|s| s.scheme())
            .is_some(),
        bids_in_force: &f.bids_in_force,
        unanswered: f.unanswered,
        reviewed: f.reviewed,
        now: Instant::from_unix_seconds(now),
    }
}

use crate::store::refusal;

/// The one gate of every step (`shared::steps::gate_lot`), on the locked project: who may take
/// it and whether it may happen now — on `lot` for a step taken per lot (`None`: the project
/// without lots). The step's own input is parsed and checked after it. Returns what the gate
/// read, for the step's own checks.
async fn gate_step(
    conn: &mut AnyConnection,
    actor: &Principal,
    l: &Loaded,
    step: ProjectStep,
    lot: Option<&str>,
    now: i64,
) -> Result<GateFacts, StoreError> {
    let (part, facts) = gate_inputs(conn, Some(actor), l).await?;
    gate_lot(step, &situation(l, &facts, now), &part, lot).map_err(refusal)?;
    Ok(facts)
}

/// What the gate reads, loaded once: the actor's part and the project's facts.
async fn gate_inputs(
    conn: &mut AnyConnection,
    actor: Option<&Principal>,
    l: &Loaded,
) -> Result<(Part, GateFacts), StoreError> {
    let bids = bids_of(conn, l.id).await?;
    let part = part_of(conn, actor, l, &bids).await?;
    let facts = step_facts(conn, l.id, &bids).await?;
    Ok((part, facts))
}

/// The steps the actor may take now (`shared::steps::offered`): what its pages offer.
async fn offered_steps(
    conn: &mut AnyConnection,
    actor: Option<&Principal>,
    l: &Loaded,
    now: i64,
) -> Result<Vec<ProjectStep>, StoreError> {
    let (part, facts) = gate_inputs(conn, actor, l).await?;
    Ok(offered(&situation(l, &facts, now), &part))
}

/// Each bid's price score, the bids of a lot compared among themselves (a lot's lowest price is
/// its benchmark; a project without lots is one lot).
fn price_scores_by_lot(
    scheme: &shared::scoring::ScoringScheme,
    record: &ProjectRecord,
    live: &[&StoredBid],
) -> std::collections::BTreeMap<String, i64> {
    shared::lots::lot_keys(record)
        .iter()
        .flat_map(|lot| {
            let mine: Vec<&StoredBid> = live.iter().copied().filter(|b| &b.lot_id == lot).collect();
            scheme.price_scores(&price_inputs(record, &mine), sme_deduction(record))
        })
        .collect()
}

fn price_inputs(record: &ProjectRecord, bids: &[&StoredBid]) -> Vec<PriceInput> {
    bids.iter()
        .map(|b| PriceInput {
            bid_id: b.id.to_string(),
            price: Fen(b.price),
            small_micro: small_micro(record, &b.supplier_id.to_string()),
        })
        .collect()
}

fn sme_deduction(record: &ProjectRecord) -> Option<i64> {
    record
        .project
        .sme
        .as_ref()
        .and_then(|s| s.price_deduction_permille)
}

impl Store {
    async fn begin(&self) -> Result<crate::db::WriteTx, StoreError> {
        self.db.begin_write().await.map_err(internal)
    }

    /// The purchaser starts the procurement of a released plan, entrusting it to an agency
    /// (`agency_id`) or running it itself (`None`).
    pub async fn create_project(
        &self,
        actor: &Principal,
        plan_id: i64,
        agency_id: Option<i64>,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let plan = repo::lock_plan_for_project(&mut tx, plan_id).await?;
        let unit_id = plan.unit_id;
        let jurisdiction = plan.jurisdiction_code;
        let scope = Record {
            jurisdiction: Some(&jurisdiction),
            purchaser_id: Some(unit_id),
            ..Record::default()
        };
        if actor.role != Role::Purchaser || !may_access(actor, &scope) {
            return Err(StoreError::NotFound);
        }
        let (name, method_code, object_code, amount, status, year, category, unit_name) = (
            plan.name,
            plan.method,
            plan.object_type,
            plan.amount,
            plan.status,
            plan.fiscal_year,
            plan.category_code,
            plan.unit_name,
        );
        // The plan's gate: released, no round under way, no request after a failure waiting
        // (shared::plan_steps); the round's method is the approved change after the last
        // failure, else the plan's own.
        let rows = crate::plans::gate_rows(&mut tx, plan_id).await?;
        let status = PlanStatus::from_code(&status).ok_or_else(|| internal(&status))?;
        shared::plan_steps::plan_gate(
            PlanAction::Start,
            &rows.situation(status),
            PlanPart {
                unit: shared::access::of_unit(actor, unit_id),
                // Starting a round is the runner's step, not the plan's review.
                filed_it: false,
            },
        )
        .map_err(refusal)?;
        let round = rows.rounds.len() as i64 + 1;
        // A later round is told apart by its name (第2轮): lists, notices and the monitor show it.
        let name = if round > 1 {
            format!("{name}（第{round}轮）")
        } else {
            name
        };
        let plan_method = Method::from_code(&method_code).ok_or_else(|| internal(&method_code))?;
        let method = shared::plan_steps::next_round_method(plan_method, &rows.after_failure);
        let object = ObjectType::from_code(&object_code).ok_or_else(|| internal(&object_code))?;
        let mut organisations = vec![Organisation {
            id: unit_id.to_string(),
            name: unit_name,
            kind: OrgKind::Purchaser,
            credit_code: None,
            jurisdiction_code: Some(jurisdiction.clone()),
            gov_level: Some(GovLevel::CityCounty),
        }];
        let agency = match agency_id {
            None => AgencyRef {
                kind: AgencyKind::SelfProcurement,
                org_id: None,
                self_procurement_approved: None,
            },
            Some(a) => {
                let row = repo::agency(&mut tx, a).await?.ok_or_else(|| {
                    rejected_text("agency_id", "unknown", Found::NoSuchAgency.text())
                })?;
                let center = row.kind == "procurement_center";
                organisations.push(Organisation {
                    id: a.to_string(),
                    name: row.name,
                    kind: if center {
                        OrgKind::CentralizedProcurementCenter
                    } else {
                        OrgKind::PrivateAgency
                    },
                    credit_code: None,
                    jurisdiction_code: row.jurisdiction_code,
                    gov_level: Some(GovLevel::CityCounty),
                });
                AgencyRef {
                    kind: if center {
                        AgencyKind::CentralizedCenter
                    } else {
                        AgencyKind::PrivateAgency
                    },
                    org_id: Some(a.to_string()),
                    self_procurement_approved: None,
                }
            }
        };
        let id = repo::insert_project(
            &mut tx,
            &repo::NewProject {
                plan_id,
                unit_id,
                agency_id,
                jurisdiction: &jurisdiction,
                name: &name,
                method,
                object_type: &object_code,
                budget: amount,
                round,
                created_by: actor.user_id,
            },
            now,
        )
        .await?;
        let mut project = Project::minimal(&id.to_string(), method, object);
        project.name = name.clone();
        project.purchaser_id = unit_id.to_string();
        project.agency = Some(agency);
        project.jurisdiction_code = Some(jurisdiction.clone());
        project.gov_level = Some(GovLevel::CityCounty);
        project.fiscal_year = Some(year as i32);
        project.category_code = Some(category.clone());
        project.budget_amount = Some(Fen(amount));
        let mut record = ProjectRecord::empty(project);
        record.organisations = organisations;
        let l = Loaded {
            id,
            unit_id,
            agency_id,
            jurisdiction,
            name,
            method,
            budget: Fen(amount),
            state: ProcState::default(),
            record,
            terms: None,
        };
        let evs = step_events(
            ProjectStep::Create,
            method,
            Instant::from_unix_seconds(now),
            None,
            false,
        );
        let audit = project_audit(
            &l,
            json!({"plan_id": plan_id, "agency_id": agency_id, "round": round, "method": method.code()}),
        );
        let outcome = Outcome::new(ProjectStep::Create, evs, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone { id, findings })
    }

    /// Notice and documents: budget, ceiling, deadline, bid security, scoring.
    pub async fn publish_notice(
        &self,
        actor: &Principal,
        project_id: i64,
        notice: &NewNotice,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        gate_step(&mut tx, actor, &l, ProjectStep::Notice, None, now).await?;
        let at = Instant::from_unix_seconds(now);
        let change = apply::notice(&mut l.record, &mut l.terms, l.method, l.budget, notice, at);
        let (evs, audit) = (change.events, project_audit(&l, change.audit));
        let outcome = Outcome::new(ProjectStep::Notice, evs, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: project_id,
            findings,
        })
    }

    /// Invites a supplier (invited tender, negotiation, consultation, RFQ).
    pub async fn invite_supplier(
        &self,
        actor: &Principal,
        project_id: i64,
        supplier: &shared::execution::Invitee,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        gate_step(&mut tx, actor, &l, ProjectStep::Invite, None, now).await?;
        // Named after the gate: who may not invite learns nothing of who is registered.
        let supplier_id = repo::invitee(&mut tx, supplier).await?;
        let s = supplier_entry(&mut tx, supplier_id).await?;
        // The invitation hands the documents over.
        record_obtained(&mut tx, project_id, supplier_id, "invitation", now).await?;
        let change = apply::invite(&mut l.record, &s, Instant::from_unix_seconds(now));
        let (evs, audit) = (change.events, project_audit(&l, change.audit));
        let outcome = Outcome::new(ProjectStep::Invite, evs, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: project_id,
            findings,
        })
    }

    /// A clarification; `deadline`: the new deadline, if it moves.
    pub async fn clarify(
        &self,
        actor: &Principal,
        project_id: i64,
        text: &str,
        deadline: Option<Instant>,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        gate_step(&mut tx, actor, &l, ProjectStep::Clarify, None, now).await?;
        let at = Instant::from_unix_seconds(now);
        let change = apply::clarify(&mut l.record, &l.state, l.method, text, deadline, at);
        let (evs, audit) = (change.events, project_audit(&l, change.audit));
        let outcome = Outcome::new(ProjectStep::Clarify, evs, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: project_id,
            findings,
        })
    }

    /// Checks a supplier may take a bid step on the project now (`shared::steps::gate`) and,
    /// for a new bid, its terms; a refusal and the bid's field errors are answered together.
    /// Returns the supplier.
    async fn bid_gate(
        tx: &mut AnyConnection,
        actor: &Principal,
        l: &Loaded,
        step: ProjectStep,
        lot: Option<&str>,
        bid: Option<&NewBid>,
        now: i64,
    ) -> Result<i64, StoreError> {
        let supplier = match (actor.role, actor.supplier_id) {
            (Role::Supplier, Some(s)) => s,
            _ => return Err(StoreError::NotFound),
        };
        let terms = bid.map_or(Ok(()), |b| Self::check_terms(l, lot, b));
        match (gate_step(tx, actor, l, step, lot, now).await, terms) {
            (Err(StoreError::Rejected(mut refused)), Err(StoreError::Rejected(fields))) => {
                refused.0.extend(fields.0);
                Err(StoreError::Rejected(refused))
            }
            (Err(e), _) | (Ok(_), Err(e)) => Err(e),
            (Ok(_), Ok(())) => Ok(supplier),
        }
    }

    /// The documents' terms for a bid in `lot`: the lot's ceiling where it has one.
    fn check_terms(l: &Loaded, lot: Option<&str>, bid: &NewBid) -> Result<(), StoreError> {
        let terms = BidTerms {
            max_price: shared::lots::lot(&l.record, lot)
                .and_then(|x| x.max_price)
                .or_else(|| l.terms.as_ref().and_then(|t| t.max_price)),
            min_validity_days: l.terms.as_ref().and_then(|t| t.min_validity_days),
        };
        let e = bid.check_terms(&terms);
        if e.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Rejected(e))
        }
    }

    async fn insert_bid(
        tx: &mut AnyConnection,
        project_id: i64,
        supplier: i64,
        lot: Option<&str>,
        bid: &NewBid,
        now: i64,
    ) -> Result<i64, StoreError> {
        let row = repo::NewBidRow {
            project_id,
            supplier_id: supplier,
            price: bid.price().fen(),
            validity_days: i64::from(bid.validity_days()),
            documents: bid.documents(),
            lot_id: lot,
        };
        repo::insert_bid(tx, &row, now).await
    }

    /// Sealed bids: a supplier submits a bid before the deadline. The audit record holds no
    /// price.
    pub async fn submit_bid(
        &self,
        actor: &Principal,
        project_id: i64,
        bid: &NewBid,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let l = lock_project(&mut tx, project_id).await?;
        let lot = bid.lot();
        let supplier = Self::bid_gate(
            &mut tx,
            actor,
            &l,
            ProjectStep::BidSubmit,
            lot,
            Some(bid),
            now,
        )
        .await?;
        let id = Self::insert_bid(&mut tx, project_id, supplier, lot, bid, now).await?;
        record_obtained(&mut tx, project_id, supplier, "bid", now).await?;
        let mut after = json!({"project_id": project_id, "supplier_id": supplier, "sealed": true});
        if let Some(lot) = lot {
            after["lot"] = json!(lot);
        }
        let audit = Audit {
            subject_type: "bid",
            subject_id: id.to_string(),
            after,
        };
        let outcome = Outcome::new(ProjectStep::BidSubmit, Vec::new(), audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone { id, findings })
    }

    /// The project and lot of the actor's bid in force `bid_id`.
    async fn own_bid_project(
        tx: &mut AnyConnection,
        actor: &Principal,
        bid_id: i64,
    ) -> Result<(i64, Option<String>), StoreError> {
        let r = repo::bid_owner(tx, bid_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mine = Record {
            supplier_id: Some(r.supplier_id),
            ..Record::default()
        };
        if actor.role != Role::Supplier || !may_access(actor, &mine) {
            return Err(StoreError::NotFound);
        }
        if r.status != "submitted" {
            return Err(not_in_force());
        }
        Ok((r.project_id, r.lot_id))
    }

    /// Withdraws a bid before the deadline.
    pub async fn withdraw_bid(
        &self,
        actor: &Principal,
        bid_id: i64,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let (project_id, lot) = Self::own_bid_project(&mut tx, actor, bid_id).await?;
        let l = lock_project(&mut tx, project_id).await?;
        let lot = lot.as_deref();
        Self::bid_gate(&mut tx, actor, &l, ProjectStep::BidWithdraw, lot, None, now).await?;
        // The status again, under the project's lock: a concurrent withdrawal or replacement of
        // the same bid may have committed since it was read.
        if !repo::end_bid(&mut tx, bid_id, "withdrawn", now).await? {
            return Err(not_in_force());
        }
        let audit = Audit {
            subject_type: "bid",
            subject_id: bid_id.to_string(),
            after: json!({"project_id": project_id, "status": "withdrawn"}),
        };
        let outcome = Outcome::new(ProjectStep::BidWithdraw, Vec::new(), audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: bid_id,
            findings,
        })
    }

    /// Replaces a bid before the deadline: the old one is `replaced`, the new one in force, in
    /// the old one's lot.
    pub async fn replace_bid(
        &self,
        actor: &Principal,
        bid_id: i64,
        bid: &NewBid,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let (project_id, lot) = Self::own_bid_project(&mut tx, actor, bid_id).await?;
        let l = lock_project(&mut tx, project_id).await?;
        let lot = lot.as_deref();
        let supplier = Self::bid_gate(
            &mut tx,
            actor,
            &l,
            ProjectStep::BidReplace,
            lot,
            Some(bid),
            now,
        )
        .await?;
        // Under the project's lock, only the bid in force: two concurrent replacements of one bid
        // would otherwise both insert a new bid in force.
        if !repo::end_bid(&mut tx, bid_id, "replaced", now).await? {
            return Err(not_in_force());
        }
        let id = Self::insert_bid(&mut tx, project_id, supplier, lot, bid, now).await?;
        record_obtained(&mut tx, project_id, supplier, "bid", now).await?;
        let audit = Audit {
            subject_type: "bid",
            subject_id: id.to_string(),
            after: json!({"project_id": project_id, "replaces": bid_id, "sealed": true}),
        };
        let outcome = Outcome::new(ProjectStep::BidReplace, Vec::new(), audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone { id, findings })
    }

    /// The opening, at or after the deadline (`shared::bidding::check_opening`). The bidders'
    /// registry entries join the record now, not before.
    pub async fn open_bids(
        &self,
        actor: &Principal,
        project_id: i64,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        gate_step(&mut tx, actor, &l, ProjectStep::Open, None, now).await?;
        let bids = bids_of(&mut tx, project_id).await?;
        let live = in_force(&bids);
        // The registry entries of the bidders the record does not hold yet, each once.
        let mut entries: Vec<Supplier> = Vec::new();
        for b in &live {
            let sid = b.supplier_id.to_string();
            if l.record.supplier(&sid).is_none() && !entries.iter().any(|s| s.id == sid) {
                entries.push(supplier_entry(&mut tx, b.supplier_id).await?);
            }
        }
        let at = Instant::from_unix_seconds(now);
        let change = apply::open(&mut l.record, l.method, live.len(), entries, at);
        let (evs, audit) = (change.events, project_audit(&l, change.audit));
        let outcome = Outcome::new(ProjectStep::Open, evs, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: project_id,
            findings,
        })
    }

    /// The qualification review (资格审查, 财政部令第87号 Art 44): each bid in force passes or
    /// fails, a failed one with the reason its bidder is told (Art 69); recorded once, after the
    /// opening and before the panel scores. A failed bid leaves the evaluation.
    pub async fn review_qualification(
        &self,
        actor: &Principal,
        project_id: i64,
        form: &shared::execution::QualificationForm,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let l = lock_project(&mut tx, project_id).await?;
        let facts = gate_step(&mut tx, actor, &l, ProjectStep::Qualify, None, now).await?;
        let ids: Vec<i64> = facts
            .bids_in_force
            .iter()
            .filter_map(|b| b.id.parse().ok())
            .collect();
        let verdicts = form.parse(&ids).map_err(StoreError::Rejected)?;
        for v in &verdicts {
            repo::insert_bid_review(&mut tx, project_id, v, now, actor.user_id).await?;
        }
        let failed: Vec<_> = verdicts
            .iter()
            .filter(|v| !v.qualified)
            .map(|v| json!({"bid_id": v.bid_id, "reason": v.reason}))
            .collect();
        let passed: Vec<i64> = verdicts
            .iter()
            .filter(|v| v.qualified)
            .map(|v| v.bid_id)
            .collect();
        let audit = project_audit(
            &l,
            json!({"project_id": project_id, "passed": passed, "failed": failed}),
        );
        let outcome = Outcome::new(ProjectStep::Qualify, Vec::new(), audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: project_id,
            findings,
        })
    }

    /// The expert draw: random from the library by specialty and jurisdiction, the legal size
    /// for the method and amount, conflicts and over-used experts excluded
    /// (`shared::panel::draw`); recorded with its seed so it can be re-run.
    pub async fn draw_panel(
        &self,
        actor: &Principal,
        project_id: i64,
        seed: u64,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        gate_step(&mut tx, actor, &l, ProjectStep::Draw, None, now).await?;
        let at = Instant::from_unix_seconds(now);
        let date = at.china_date();
        let ctx = context(now);
        let spec = panel_spec(
            ctx.thresholds,
            &PanelFacts {
                method: l.method,
                level: GovLevel::CityCounty,
                object: l.record.project.object_type,
                budget: l.budget,
                complex: false,
                high_impact: false,
                purchaser_reps: 0,
                on: date,
            },
        )
        .map_err(|e| rejected("panel", "no_rule", e.message(Lang::Zh), e.message(Lang::En)))?;
        // Only admitted experts (the library), and not those who marked the day as one they
        // cannot serve.
        let away = crate::db::enrolment::unavailable_on(&mut tx, &date.to_string()).await?;
        let experts: Vec<_> = library(&mut tx)
            .await?
            .into_iter()
            .filter(|e| !away.contains(&e.id))
            .collect();
        let year_start = shared::time::Date::new(date.year(), 1, 1)
            .map(|d| d.start_in_china().unix_seconds())
            .unwrap_or(0);
        let used = repo::panels_since(&mut tx, l.unit_id, l.agency_id, year_start).await?;
        let pool: Vec<Candidate<'_>> = experts
            .iter()
            .map(|e| {
                let (p, a) = used.get(&e.id).copied().unwrap_or((0, 0));
                Candidate {
                    expert: &e.expert,
                    jurisdiction_code: Some(&e.jurisdiction),
                    legal: e.legal,
                    panels_with_purchaser: p,
                    panels_with_agency: a,
                }
            })
            .collect();
        let bidders: Vec<&Supplier> = l.record.suppliers.iter().collect();
        let unit_id = l.unit_id.to_string();
        let agency_id = l.agency_id.map(|a| a.to_string());
        let purchaser_name = l
            .record
            .organisations
            .iter()
            .find(|o| o.id == unit_id)
            .map(|o| o.name.clone());
        let agency_name = agency_id
            .as_ref()
            .and_then(|a| l.record.organisations.iter().find(|o| &o.id == a))
            .map(|o| o.name.clone());
        let specialties = l
            .terms
            .as_ref()
            .map(|t| t.specialties.clone())
            .unwrap_or_default();
        let jurisdictions = vec!["320400".to_owned()];
        let req = DrawRequest {
            experts: spec.experts,
            legal_expert: spec.legal_expert,
            reserves: 2,
            specialties: &specialties,
            jurisdictions: &jurisdictions,
            purchaser: OrgRef {
                id: &unit_id,
                name: purchaser_name.as_deref(),
            },
            agency: agency_id.as_deref().map(|id| OrgRef {
                id,
                name: agency_name.as_deref(),
            }),
            bidders: &bidders,
            date,
            max_panels_per_year: ctx.settings.a20().max_panels_per_year,
            seed,
        };
        let d = draw(&req, &pool).map_err(|e| {
            rejected(
                "panel",
                "draw_failed",
                e.message(Lang::Zh),
                e.message(Lang::En),
            )
        })?;
        let request_json = json!({
            "experts": spec.experts, "legal_expert": spec.legal_expert, "reserves": 2,
            "specialties": specialties, "jurisdictions": jurisdictions, "date": date,
            "max_panels_per_year": req.max_panels_per_year,
        });
        let new = repo::NewDraw {
            project_id,
            draw: &d,
            request: &request_json,
            drawn_by: actor.user_id,
        };
        let draw_id = repo::insert_draw(&mut tx, &new, now)
            .await
            .map_err(|e| match e {
                repo::DrawRefused::Drawn => not_now(Found::PanelDrawn.text()),
                repo::DrawRefused::Store(e) => e,
            })?;
        let change = apply::draw(
            &mut l.record,
            l.method,
            project_id,
            &d,
            experts.iter().map(|e| &e.expert),
            at,
        );
        let audit = Audit {
            subject_type: "panel_draw",
            subject_id: draw_id.to_string(),
            after: change.audit,
        };
        let outcome = Outcome::new(ProjectStep::Draw, change.events, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: draw_id,
            findings,
        })
    }

    /// Re-runs a stored draw with the stored request over the library as it is now, and tells
    /// whether it gives the recorded panel (the library unchanged: always).
    pub async fn verify_draw(&self, project_id: i64) -> Result<bool, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let l = read_project(&mut conn, project_id).await?;
        let Some(sd) = draw_of(&mut conn, project_id).await? else {
            return Err(StoreError::NotFound);
        };
        let req = &sd.request;
        let experts = library(&mut conn).await?;
        // Counts as at the draw: the panels drawn before it.
        let pool: Vec<Candidate<'_>> = experts
            .iter()
            .map(|e| Candidate {
                expert: &e.expert,
                jurisdiction_code: Some(&e.jurisdiction),
                legal: e.legal,
                panels_with_purchaser: 0,
                panels_with_agency: 0,
            })
            .collect();
        let specialties: Vec<String> =
            serde_json::from_value(req["specialties"].clone()).map_err(internal)?;
        let jurisdictions: Vec<String> =
            serde_json::from_value(req["jurisdictions"].clone()).map_err(internal)?;
        let date: shared::time::Date =
            serde_json::from_value(req["date"].clone()).map_err(internal)?;
        let bidders: Vec<&Supplier> = l.record.suppliers.iter().collect();
        let unit_id = l.unit_id.to_string();
        let agency_id = l.agency_id.map(|a| a.to_string());
        let purchaser_name = l
            .record
            .organisations
            .iter()
            .find(|o| o.id == unit_id)
            .map(|o| o.name.clone());
        let agency_name = agency_id
            .as_ref()
            .and_then(|a| l.record.organisations.iter().find(|o| &o.id == a))
            .map(|o| o.name.clone());
        let req = DrawRequest {
            experts: req["experts"].as_u64().unwrap_or(0) as u32,
            legal_expert: req["legal_expert"].as_bool().unwrap_or(false),
            reserves: req["reserves"].as_u64().unwrap_or(0) as u32,
            specialties: &specialties,
            jurisdictions: &jurisdictions,
            purchaser: OrgRef {
                id: &unit_id,
                name: purchaser_name.as_deref(),
            },
            agency: agency_id.as_deref().map(|id| OrgRef {
                id,
                name: agency_name.as_deref(),
            }),
            bidders: &bidders,
            date,
            max_panels_per_year: req["max_panels_per_year"].as_u64().unwrap_or(5) as u32,
            seed: sd.draw.seed,
        };
        Ok(sd.draw.verify(&req, &pool))
    }

    /// An expert's declaration before seeing the bids (M07–M09): no conflict → may score; a
    /// conflict → recused, the next reserve seated.
    pub async fn declare(
        &self,
        actor: &Principal,
        project_id: i64,
        conflicts: &[String],
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let expert = expert_of(&mut tx, actor).await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        let mut sd = draw_of(&mut tx, project_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let eid = expert.to_string();
        gate_step(&mut tx, actor, &l, ProjectStep::Declare, None, now).await?;
        let bidders: Vec<String> = l.record.suppliers.iter().map(|s| s.id.clone()).collect();
        shared::panel::check_conflicts(conflicts, &bidders)
            .map_err(|e| StoreError::Rejected(FieldErrors(vec![e])))?;
        repo::declare(&mut tx, project_id, expert, conflicts, now).await?;
        let mut replaced_by = None;
        if let Some(first) = conflicts.first() {
            let next_id = sd
                .draw
                .recuse(
                    &eid,
                    RecusalReason::DeclaredConflict {
                        supplier_id: first.clone(),
                    },
                    Instant::from_unix_seconds(now),
                )
                .map_err(|e| {
                    rejected(
                        "panel",
                        "no_reserve",
                        e.message(Lang::Zh),
                        e.message(Lang::En),
                    )
                })?;
            let reserve = next_id.parse::<i64>().map_err(internal)?;
            repo::seat_reserve(&mut tx, project_id, sd.id, reserve, &sd.draw).await?;
            replaced_by = Some(next_id);
        }
        let drawn_at = Instant::from_unix_seconds(sd.drawn_at);
        let change = apply::declare(&mut l.record, &sd.draw, drawn_at, conflicts, replaced_by);
        let audit = Audit {
            subject_type: "panel_member",
            subject_id: format!("{project_id}:{expert}"),
            after: change.audit,
        };
        let outcome = Outcome::new(ProjectStep::Declare, change.events, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: project_id,
            findings,
        })
    }

    /// An expert's score sheet, validated again with `shared::scoring` against the documents'
    /// scheme and the price scores computed here. Only after a declaration without conflict.
    pub async fn submit_score(
        &self,
        actor: &Principal,
        project_id: i64,
        form: &ScoreSheetForm,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let expert = expert_of(&mut tx, actor).await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        let eid = expert.to_string();
        gate_step(&mut tx, actor, &l, ProjectStep::Score, None, now).await?;
        // The gate admitted a scored project only.
        let scheme = l
            .terms
            .as_ref()
            .and_then(|t| t.scheme.as_ref())
            .and_then(|s| s.scheme())
            .ok_or_else(|| internal("scored project without a scheme"))?;
        let bids = bids_of(&mut tx, project_id).await?;
        let live = in_force(&bids);
        let Some(bid) = live.iter().find(|b| b.id.to_string() == form.bid_id.trim()) else {
            return Err(rejected_text("bid_id", "unknown", Found::NoSuchBid.text()));
        };
        let prices = price_scores_by_lot(&scheme, &l.record, &live);
        let sheet = form
            .parse(&scheme, prices.get(&bid.id.to_string()).copied())
            .map_err(StoreError::Rejected)?;
        let model = sheet.to_model(&scheme, &eid);
        let new = repo::NewSheet {
            project_id,
            expert,
            bid_id: bid.id,
            sheet: &model,
        };
        let id = repo::replace_sheet(&mut tx, &new, now).await?;
        let change = apply::score(&mut l.record, project_id, model);
        let audit = Audit {
            subject_type: "score_sheet",
            subject_id: id.to_string(),
            after: change.audit,
        };
        let outcome = Outcome::new(ProjectStep::Score, change.events, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone { id, findings })
    }

    /// The evaluation report: all sheets in (`missing_sheets`), the ranking from all sheets
    /// (`rank`; lowest price: `rank_by_price`), deviating scores flagged as A20.
    pub async fn deliver_report(
        &self,
        actor: &Principal,
        project_id: i64,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        gate_step(&mut tx, actor, &l, ProjectStep::Report, None, now).await?;
        let bids = bids_of(&mut tx, project_id).await?;
        let live = in_force(&bids);
        // Each lot is ranked among its own bids (the price score compares the lot's prices).
        let inputs_of = |lot: &Option<String>| -> Vec<RankInput> {
            live.iter()
                .filter(|b| &b.lot_id == lot)
                .map(|b| RankInput {
                    bid_id: b.id.to_string(),
                    supplier_id: b.supplier_id.to_string(),
                    price: Fen(b.price),
                })
                .collect()
        };
        let scheme = l
            .terms
            .as_ref()
            .and_then(|t| t.scheme.as_ref())
            .and_then(|s| s.scheme());
        let mut extra = Vec::new();
        if scheme.is_some() {
            let ctx = context(now);
            extra.extend(execution::score_deviation_findings(
                &l.record.score_sheets,
                ctx.settings.a20().deviation_hundredths,
            ));
        }
        // The lots still live (one that failed alone is not ranked).
        let rankings: Vec<_> = shared::lots::live_keys(&l.record)
            .into_iter()
            .map(|lot| {
                let inputs = inputs_of(&lot);
                let ranking = match &scheme {
                    // The gate admitted the report with every sheet in.
                    Some(scheme) => rank(
                        &inputs,
                        &l.record.score_sheets,
                        scheme.price().map(|p| p.id.as_str()),
                    ),
                    None => rank_by_price(&inputs),
                };
                (lot, ranking)
            })
            .collect();
        let at = Instant::from_unix_seconds(now);
        let change = apply::report(&mut l.record, l.method, &rankings, at);
        let (evs, audit) = (change.events, project_audit(&l, change.audit));
        let outcome = Outcome::new(ProjectStep::Report, evs, audit).with_findings(extra);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: project_id,
            findings,
        })
    }

    /// The purchaser confirms the winner: the first-ranked, or another with a recorded reason
    /// (`shared::award::award_follows_ranking`, M23). Single source: the supplier and the
    /// negotiated amount.
    pub async fn confirm_award(
        &self,
        actor: &Principal,
        project_id: i64,
        c: &Confirmation,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let (deviation_reason, lot) = (c.deviation_reason.as_deref(), c.lot.as_deref());
        let mut tx = self.begin().await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        gate_step(&mut tx, actor, &l, ProjectStep::Confirm, lot, now).await?;
        let supplier_id = repo::invitee(&mut tx, &c.supplier).await?;
        let sid = supplier_id.to_string();
        let (bid_id, amount, entry) = if l.method == Method::SingleSource {
            let amount = shared::award::single_source_amount(c.amount)
                .map_err(|e| StoreError::Rejected(FieldErrors(vec![e])))?;
            // Single source: no opening brought the supplier's registry entry in.
            let entry = if l.record.supplier(&sid).is_none() {
                Some(supplier_entry(&mut tx, supplier_id).await?)
            } else {
                None
            };
            (None, amount, entry)
        } else {
            let ranking = shared::steps::report_of(&l.record, lot)
                .map(|r| r.ranking.clone())
                .unwrap_or_default();
            shared::award::check_confirmation(&ranking, &sid, deviation_reason)
                .map_err(|e| StoreError::Rejected(FieldErrors(vec![e])))?;
            let bids = bids_of(&mut tx, project_id).await?;
            let bid = in_force(&bids)
                .into_iter()
                .find(|b| b.supplier_id == supplier_id && b.lot_id.as_deref() == lot)
                .map(|b| (b.id, b.price))
                .ok_or_else(|| internal("ranked supplier without a bid"))?;
            (Some(bid.0.to_string()), Fen(bid.1), None)
        };
        let change = apply::confirm(
            &mut l.record,
            l.method,
            lot,
            &sid,
            entry,
            bid_id,
            amount,
            deviation_reason,
            Instant::from_unix_seconds(now),
        );
        let (evs, audit) = (change.events, project_audit(&l, change.audit));
        let outcome = Outcome::new(ProjectStep::Confirm, evs, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: project_id,
            findings,
        })
    }

    /// The result notice and the award notice to the winner.
    pub async fn send_result_notice(
        &self,
        actor: &Principal,
        project_id: i64,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        gate_step(&mut tx, actor, &l, ProjectStep::ResultNotice, None, now).await?;
        let change = apply::result_notice(&mut l.record, l.method, Instant::from_unix_seconds(now))
            .map_err(internal)?;
        let (evs, audit) = (change.events, project_audit(&l, change.audit));
        let outcome = Outcome::new(ProjectStep::ResultNotice, evs, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: project_id,
            findings,
        })
    }

    /// The contract: must match the award (A04) and may not be signed while a challenge that may
    /// affect the result is pending (`shared::challenge::signing_gate`, M26).
    pub async fn sign_contract(
        &self,
        actor: &Principal,
        project_id: i64,
        lot: Option<&str>,
        amount: Fen,
        payment_term_days: u32,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        gate_step(&mut tx, actor, &l, ProjectStep::Contract, lot, now).await?;
        let at = Instant::from_unix_seconds(now);
        let change = apply::contract(
            &mut l.record,
            l.method,
            project_id,
            lot,
            amount,
            payment_term_days,
            at,
        )
        .map_err(|e| match e {
            apply::NotApplied::Rejected(refusal) => {
                StoreError::Rejected(FieldErrors(vec![refusal]))
            }
            apply::NotApplied::Inconsistent(e) => internal(e),
        })?;
        let (evs, audit) = (change.events, project_audit(&l, change.audit));
        let outcome = Outcome::new(ProjectStep::Contract, evs, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: project_id,
            findings,
        })
    }

    /// An add-on amendment; over 10 % of the original amount is flagged (A05).
    pub async fn amend_contract(
        &self,
        actor: &Principal,
        project_id: i64,
        lot: Option<&str>,
        delta: Fen,
        justification: &str,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        gate_step(&mut tx, actor, &l, ProjectStep::Amend, lot, now).await?;
        let at = Instant::from_unix_seconds(now);
        let change =
            apply::amend(&mut l.record, lot, delta, justification, at).map_err(internal)?;
        let (evs, audit) = (change.events, project_audit(&l, change.audit));
        let outcome = Outcome::new(ProjectStep::Amend, evs, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: project_id,
            findings,
        })
    }

    /// Acceptance of the contract's performance.
    pub async fn accept(
        &self,
        actor: &Principal,
        project_id: i64,
        lot: Option<&str>,
        passed: bool,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        gate_step(&mut tx, actor, &l, ProjectStep::Accept, lot, now).await?;
        let change = apply::accept(
            &mut l.record,
            l.method,
            lot,
            passed,
            Instant::from_unix_seconds(now),
        )
        .map_err(internal)?;
        let (evs, audit) = (change.events, project_audit(&l, change.audit));
        let outcome = Outcome::new(ProjectStep::Accept, evs, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: project_id,
            findings,
        })
    }

    /// A payment under the contract; A10–A12 judge it (no acceptance, late to an SME, anomalies).
    pub async fn pay(
        &self,
        actor: &Principal,
        project_id: i64,
        lot: Option<&str>,
        amount: Fen,
        is_final: bool,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        gate_step(&mut tx, actor, &l, ProjectStep::Pay, lot, now).await?;
        let at = Instant::from_unix_seconds(now);
        let change =
            apply::pay(&mut l.record, l.method, lot, amount, is_final, at).map_err(internal)?;
        let (evs, audit) = (change.events, project_audit(&l, change.audit));
        let outcome = Outcome::new(ProjectStep::Pay, evs, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: project_id,
            findings,
        })
    }

    /// 废标 / 终止 (GP Law Art 36): the runner ends the procurement on a ground that fits the
    /// stage (`shared::steps::ground_fits`), with the reason stored for every bidder to read and a
    /// termination notice; the workflow ends (`EventKind::Terminated`).
    pub async fn terminate(
        &self,
        actor: &Principal,
        project_id: i64,
        t: &Termination,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        let facts = gate_step(&mut tx, actor, &l, ProjectStep::Terminate, t.lot(), now).await?;
        ground_fits_lot(t.ground(), &situation(&l, &facts, now), t.lot()).map_err(refusal)?;
        if t.lot().is_some() {
            // One lot fails; the procurement goes on with the others.
            let change = apply::terminate_lot(&mut l.record, t, Instant::from_unix_seconds(now))
                .map_err(internal)?;
            let (evs, audit) = (change.events, project_audit(&l, change.audit));
            let outcome = Outcome::new(ProjectStep::Terminate, evs, audit);
            let findings = self.finish(tx, actor, l, outcome, now).await?;
            return Ok(StepDone {
                id: project_id,
                findings,
            });
        }
        repo::insert_termination(
            &mut tx,
            project_id,
            t.ground(),
            t.reason(),
            actor.user_id,
            now,
        )
        .await?;
        let change = apply::terminate(&mut l.record, l.method, t, Instant::from_unix_seconds(now));
        let (evs, audit) = (change.events, project_audit(&l, change.audit));
        let outcome = Outcome::new(ProjectStep::Terminate, evs, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: project_id,
            findings,
        })
    }

    /// The refund of a bid security (A09 judges its timing).
    pub async fn refund_security(
        &self,
        actor: &Principal,
        bid_id: i64,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let project_id = repo::project_of(&mut tx, repo::Child::Bid, bid_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let l = lock_project(&mut tx, project_id).await?;
        let facts = gate_step(&mut tx, actor, &l, ProjectStep::RefundSecurity, None, now).await?;
        // The bid's own lot decides when its security comes back.
        let lot = repo::bid_owner(&mut tx, bid_id)
            .await?
            .and_then(|b| b.lot_id);
        shared::steps::refund_gate(&situation(&l, &facts, now), lot.as_deref()).map_err(refusal)?;
        // Refunded already (a double click, a replay) or a replaced bid: nothing to record.
        if !repo::refund_security(&mut tx, bid_id, now).await? {
            return Err(rejected_text(
                "bid_id",
                "already_refunded",
                Found::SecurityRefunded.text(),
            ));
        }
        let audit = Audit {
            subject_type: "bid",
            subject_id: bid_id.to_string(),
            after: json!({"security_refunded_at": now}),
        };
        let outcome = Outcome::new(ProjectStep::RefundSecurity, Vec::new(), audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: bid_id,
            findings,
        })
    }

    /// A supplier's inquiry or challenge; its answer is due in working days
    /// (`shared::challenge::answer_due`).
    pub async fn file_challenge(
        &self,
        actor: &Principal,
        project_id: i64,
        filing: &shared::execution::ChallengeFiling,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let mut l = lock_project(&mut tx, project_id).await?;
        let supplier = match (actor.role, actor.supplier_id) {
            (Role::Supplier, Some(s)) => s,
            _ => return Err(StoreError::NotFound),
        };
        // Only a supplier that took part (or obtained the documents, for the documents) may
        // file; to anyone else the project answers as if it did not exist.
        let (viewer, stage, _) = disclosure_of(&mut tx, Some(actor), &l, now).await?;
        match may_challenge(viewer, stage, filing.subject) {
            Ok(()) => {}
            Err(shared::disclosure::ChallengeRefusal::DocumentsOnly) => {
                return Err(rejected_text(
                    "subject",
                    "documents_only",
                    shared::disclosure::ChallengeRefusal::DocumentsOnly.message(),
                ))
            }
            Err(_) => return Err(StoreError::NotFound),
        }
        let at = Instant::from_unix_seconds(now);
        let challenge = apply::challenge(filing, &supplier.to_string(), at);
        let ctx = context(now);
        // The answerer's own deadline: on the provisional calendar where next year's notice is
        // not out yet (early, marked on the page), never an error in the supplier's face.
        let due = shared::challenge::answer_due(
            shared::calendar::provisional(),
            ctx.thresholds,
            &challenge,
        )
        .map_err(|e| {
            rejected(
                "kind",
                "no_due_date",
                e.message(Lang::Zh),
                e.message(Lang::En),
            )
        })?;
        let kind_code = code_of(&filing.kind);
        let new = repo::NewChallenge {
            project_id,
            supplier_id: supplier,
            kind: &kind_code,
            text: filing.text.as_str(),
            affects_result: filing.affects_result,
            due_on: due.date.to_string(),
            subject: filing.subject.code(),
        };
        let id = repo::insert_challenge(&mut tx, &new, now).await?;
        let change = apply::challenge_file(
            &mut l.record,
            l.method,
            project_id,
            filing,
            challenge,
            due.date,
        );
        let audit = Audit {
            subject_type: "challenge",
            subject_id: id.to_string(),
            after: change.audit,
        };
        let outcome = Outcome::new(ProjectStep::ChallengeFile, change.events, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone { id, findings })
    }

    /// The answer to a challenge (by the agency, or the purchaser for self-procurement); late
    /// answers are flagged by M25.
    pub async fn answer_challenge(
        &self,
        actor: &Principal,
        challenge_id: i64,
        answer: &str,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let mut tx = self.begin().await?;
        let project_id = repo::project_of(&mut tx, repo::Child::Challenge, challenge_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut l = lock_project(&mut tx, project_id).await?;
        gate_step(&mut tx, actor, &l, ProjectStep::ChallengeAnswer, None, now).await?;
        let ids = repo::challenge_ids(&mut tx, project_id).await?;
        let index = ids
            .iter()
            .position(|i| *i == challenge_id)
            .ok_or_else(|| internal("challenge index"))?;
        if !repo::answer_challenge(&mut tx, challenge_id, answer, actor.user_id, now).await? {
            return Err(not_now(Found::AlreadyAnswered.text()));
        }
        let at = Instant::from_unix_seconds(now);
        let change = apply::challenge_answer(&mut l.record, l.method, index, answer, at);
        let audit = Audit {
            subject_type: "challenge",
            subject_id: challenge_id.to_string(),
            after: change.audit,
        };
        let outcome = Outcome::new(ProjectStep::ChallengeAnswer, change.events, audit);
        let findings = self.finish(tx, actor, l, outcome, now).await?;
        Ok(StepDone {
            id: challenge_id,
            findings,
        })
    }

    // ---- Reads ----

    /// The projects an account may see: the purchaser's unit's, the agency's entrusted ones, a
    /// regulator's jurisdiction (every row checked with `may_access`).
    pub async fn project_desk(
        &self,
        actor: &Principal,
        query: &app::api::projects::ProjectQuery,
        page: Option<(u32, u32)>,
    ) -> Result<(Vec<ProjectRow>, i64), StoreError> {
        let scope = match actor.role {
            Role::Purchaser => repo::Scope::Unit(actor.organisation_id.unwrap_or(-1)),
            Role::Agency => repo::Scope::Agency(actor.organisation_id.unwrap_or(-1)),
            Role::Regulator if actor.is_city_regulator() => repo::Scope::All,
            Role::Regulator => {
                repo::Scope::Jurisdiction(actor.jurisdiction.as_deref().unwrap_or_default())
            }
            Role::Admin => repo::Scope::All,
            Role::Supplier | Role::Expert => return Ok((Vec::new(), 0)),
        };
        let (rows, total) = repo::project_rows(&self.db, scope, query, page).await?;
        let mut out = Vec::new();
        for row in rows {
            let scope = Record {
                jurisdiction: Some(&row.jurisdiction_code),
                purchaser_id: Some(row.unit_id),
                agency_id: row.agency_id,
                ..Record::default()
            };
            if may_access(actor, &scope) {
                out.push(row);
            }
        }
        Ok((out, total))
    }

    /// One project as `actor` (`None`: a visitor) may see it: every part through
    /// `shared::disclosure`'s matrix for the viewer and the project's stage — never the stored
    /// record. A project the viewer may see nothing of: `NotFound`.
    pub async fn project_view(
        &self,
        actor: Option<&Principal>,
        project_id: i64,
        now: i64,
    ) -> Result<ProjectView, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let l = read_project(&mut conn, project_id).await?;
        let (viewer, stage, own) = disclosure_of(&mut conn, actor, &l, now).await?;
        if !may_see_project(viewer, stage, l.method) {
            return Err(StoreError::NotFound);
        }
        let may = |field: Field| access(viewer, stage, field, l.method);
        let mut row = repo::project_row(&mut conn, project_id).await?;
        if may(Field::Findings) != Access::All {
            row.findings = 0;
        }
        let stored_bids = bids_of(&mut conn, project_id).await?;
        let bids = stored_bids
            .iter()
            .filter_map(|b| bid_view(b, viewer, stage, l.method, &own))
            .collect();
        // A bidder's own bids: what became of them, read from the full record (its own parts).
        let own_bids = match own.supplier_id.as_deref() {
            Some(supplier) if viewer.is_supplier() => {
                // The record with the bids as the store keeps them (the qualification review's
                // verdicts with them); `own_result` reads the bidder's own parts only.
                let mut full = l.record.clone();
                full.bids = stored_bids.iter().filter_map(model_bid).collect();
                stored_bids
                    .iter()
                    .filter(|b| b.supplier_id.to_string() == supplier)
                    .map(|b| {
                        let id = b.id.to_string();
                        shared::bidding::own_result(
                            &full,
                            l.state.terminated,
                            shared::bidding::OwnBidFacts {
                                bid_id: &id,
                                supplier_id: supplier,
                                lot: b.lot_id.as_deref(),
                                status: &b.status,
                                refunded_at: b.refunded_at.map(Instant::from_unix_seconds),
                            },
                            Instant::from_unix_seconds(now),
                        )
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        let findings = if may(Field::Findings) == Access::All {
            crate::db::plans::findings_of(&mut conn, "project", project_id).await?
        } else {
            Vec::new()
        };
        let challenges_may = may(Field::Challenges);
        let mut challenges = repo::challenges_of(&mut conn, project_id).await?;
        challenges.retain(|c| {
            challenges_may.admits(own.supplier_id.as_deref() == Some(&c.supplier_id.to_string()))
        });
        // The next steps are the business of those who act on the project.
        let allowed = if may(Field::Internal) == Access::All || viewer.is_supplier() {
            allowed_events(l.method, &l.state)
        } else {
            Vec::new()
        };
        let (part, facts) = gate_inputs(&mut conn, actor, &l).await?;
        let (actions, termination_grounds, lot_steps) = {
            let s = situation(&l, &facts, now);
            let actions = offered(&s, &part);
            let lot_steps = actions
                .iter()
                .filter(|step| shared::steps::per_lot(**step))
                .map(|step| LotStep {
                    step: *step,
                    lots: lots_for(*step, &s, &part),
                })
                .collect();
            (actions, termination_grounds(&s, &part), lot_steps)
        };
        // The lots that may fail alone, for the runner's termination form.
        let lots_to_fail = if termination_grounds.is_empty() {
            Vec::new()
        } else {
            shared::steps::lots_to_fail(&situation(&l, &facts, now))
        };
        // The bids whose security the runner may refund now (also after 废标 / 终止, and in a
        // lot that failed alone).
        let refundable = if actions.contains(&ProjectStep::RefundSecurity) {
            let s = situation(&l, &facts, now);
            refundable(&stored_bids, &s)
                .map(|b| b.id.to_string())
                .collect()
        } else {
            Vec::new()
        };
        // The ground and reason of a failed procurement are public with its notice.
        let termination =
            repo::termination_of(&mut conn, project_id)
                .await?
                .map(|t| TerminationRow {
                    ground: t.ground,
                    reason: t.reason,
                    at: Instant::from_unix_seconds(t.at),
                });
        let plan_page = (termination.is_some()
            && actor.is_some_and(|a| shared::access::of_unit(a, l.unit_id)))
        .then_some(row.plan_id);
        Ok(ProjectView {
            termination,
            termination_grounds,
            refundable,
            plan_page,
            viewer,
            stage,
            allowed,
            actions,
            lot_steps,
            lots_to_fail,
            row,
            record: redact(&l.record, viewer, stage, &own),
            terms: l.terms,
            bids,
            own_bids,
            findings,
            challenges,
        })
    }

    /// The projects a supplier may bid on now: published, deadline not reached, and (for the
    /// methods that invite) invited.
    pub async fn open_projects(
        &self,
        actor: &Principal,
        now: i64,
    ) -> Result<Vec<OpenProject>, StoreError> {
        if actor.supplier_id.is_none() || actor.role != Role::Supplier {
            return Ok(Vec::new());
        }
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        // Only a project taking bids can offer one: found from the stored states first.
        let ids = repo::projects_taking_bids(&mut conn, now).await?;
        let mut out = Vec::new();
        for id in ids {
            let l = read_project(&mut conn, id).await?;
            // (Checked again on the loaded project: the same rule.)
            let taking = l.state.deadline.is_some_and(|d| d.unix_seconds() > now)
                && matches!(
                    l.state.node,
                    Some(Node::NoticeInvitation | Node::DocumentIssue | Node::Clarification)
                );
            if !taking {
                continue;
            }
            let (part, facts) = gate_inputs(&mut conn, Some(actor), &l).await?;
            let s = situation(&l, &facts, now);
            if offered(&s, &part).contains(&ProjectStep::BidSubmit) {
                let open = lots_for(ProjectStep::BidSubmit, &s, &part);
                let lots = l
                    .record
                    .lots
                    .iter()
                    .filter(|x| open.contains(&Some(x.id.clone())))
                    .cloned()
                    .collect();
                out.push(OpenProject {
                    id,
                    name: l.name.clone(),
                    method: l.method,
                    jurisdiction_code: l.jurisdiction.clone(),
                    budget_amount: l.budget,
                    max_price: l.terms.as_ref().and_then(|t| t.max_price),
                    deadline: l.state.deadline,
                    lots,
                });
            }
        }
        Ok(out)
    }

    /// A supplier's own bids: price and documents only after the project's opening.
    pub async fn own_bids(&self, actor: &Principal, now: i64) -> Result<Vec<OwnBid>, StoreError> {
        let Some(supplier) = actor.supplier_id.filter(|_| actor.role == Role::Supplier) else {
            return Err(StoreError::NotFound);
        };
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let projects = repo::projects_bid_on(&mut conn, supplier).await?;
        let mut out = Vec::new();
        for pid in projects {
            let l = read_project(&mut conn, pid).await?;
            let (viewer, stage, _) = disclosure_of(&mut conn, Some(actor), &l, now).await?;
            let vis = bid_visibility(viewer, stage, l.method, true, false);
            let actions = offered_steps(&mut conn, Some(actor), &l, now).await?;
            for b in bids_of(&mut conn, pid)
                .await?
                .iter()
                .filter(|b| b.supplier_id == supplier)
            {
                out.push(OwnBid {
                    id: b.id,
                    project_id: pid,
                    project_name: l.name.clone(),
                    status: b.status.clone(),
                    lot: shared::lots::lot(&l.record, b.lot_id.as_deref()).cloned(),
                    submitted_at: Instant::from_unix_seconds(b.submitted_at),
                    withdrawn_at: b.withdrawn_at.map(Instant::from_unix_seconds),
                    price: vis.price.then_some(Fen(b.price)),
                    documents: vis.documents.then(|| b.documents.clone()),
                    outcome: shared::bidding::bid_outcome(
                        &l.record,
                        l.state.terminated,
                        &supplier.to_string(),
                        b.lot_id.as_deref(),
                        &b.status,
                        Instant::from_unix_seconds(now),
                    ),
                    security_refunded_at: b.refunded_at.map(Instant::from_unix_seconds),
                    // Withdrawal and replacement act on the bid in force only.
                    actions: if b.status == "submitted" {
                        actions
                            .iter()
                            .copied()
                            .filter(|a| {
                                matches!(a, ProjectStep::BidWithdraw | ProjectStep::BidReplace)
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                });
            }
        }
        out.sort_by_key(|b| std::cmp::Reverse(b.id));
        Ok(out)
    }

    /// The desk items of the account's projects (`shared::desk`): for each project it acts on —
    /// its unit's or agency's, a supplier's invitations and bids, an expert's seats — the steps
    /// `offered` lets it take now that `to_do` counts as waiting, with their due dates. The
    /// same gate as the project page, so an item always leads to a form the page offers.
    pub async fn desk_tasks(
        &self,
        actor: &Principal,
        now: i64,
    ) -> Result<Vec<shared::desk::Item>, StoreError> {
        use repo::DeskProjects;
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let ids = match (actor.role, actor.organisation_id, actor.supplier_id) {
            (Role::Purchaser, Some(org), _) => {
                repo::desk_project_ids(&mut conn, DeskProjects::Unit(org)).await?
            }
            (Role::Agency, Some(org), _) => {
                repo::desk_project_ids(&mut conn, DeskProjects::Agency(org)).await?
            }
            (Role::Supplier, _, Some(s)) => {
                repo::desk_project_ids(&mut conn, DeskProjects::Supplier(s)).await?
            }
            (Role::Expert, _, _) => match expert_of(&mut conn, actor).await {
                Ok(e) => repo::desk_project_ids(&mut conn, DeskProjects::Expert(e)).await?,
                Err(_) => Vec::new(),
            },
            _ => Vec::new(),
        };
        let ctx = context(now);
        let mut items = Vec::new();
        let mut to_settle = Vec::new();
        for id in ids {
            let l = read_project(&mut conn, id).await?;
            if matches!(actor.role, Role::Purchaser | Role::Agency)
                && !may_access(actor, &l.scope())
            {
                continue;
            }
            // What the gate reads (`gate_inputs`), the bids read once for the refunds too.
            let stored = bids_of(&mut conn, id).await?;
            let part = part_of(&mut conn, Some(actor), &l, &stored).await?;
            let facts = step_facts(&mut conn, id, &stored).await?;
            let s = situation(&l, &facts, now);
            let before = items.len();
            // An expert declares and scores on its panels page, not on the project's.
            let target = if actor.role == Role::Expert {
                shared::desk::Target::Seat(id)
            } else {
                shared::desk::Target::Project(id)
            };
            for step in offered(&s, &part) {
                if !shared::desk::to_do(step, &s, &part) {
                    continue;
                }
                let due = if step == ProjectStep::RefundSecurity {
                    // Waiting only while a security is held that may be refunded now.
                    let held: Vec<shared::desk::HeldSecurity> = refundable(&stored, &s)
                        .map(|b| shared::desk::HeldSecurity {
                            supplier_id: b.supplier_id.to_string(),
                            lot: b.lot_id.clone(),
                        })
                        .collect();
                    if held.is_empty() {
                        continue;
                    }
                    shared::desk::refund_deadline(&l.record, &held, ctx.calendar, ctx.thresholds)
                } else {
                    shared::desk::step_deadline(step, &s, ctx.calendar, ctx.thresholds)
                };
                items.push(shared::desk::Item {
                    task: shared::desk::Task::Step(step),
                    target,
                    name: l.name.clone(),
                    detail: None,
                    due,
                });
            }
            // A project stored before `settled` was recorded (or whose last step predates it)
            // and that can wait on nobody any more: recorded below, so no desk reads it again.
            if items.len() == before
                && shared::desk::settled(&s, stored.iter().any(|b| security_held(&l.record, b)))
            {
                to_settle.push(id);
            }
        }
        // With the read connection given back (a write waits for its turn without holding
        // one), and best effort: the desk is answered whether or not the record is written.
        drop(conn);
        for id in to_settle {
            // The cause of a failure is logged where it arose; the desk reads it next time.
            if self.record_settled(id, now).await.is_err() {
                tracing::warn!(project = id, "a settled project was not recorded as such");
                break;
            }
        }
        Ok(items)
    }

    /// Records project `id` as settled when, locked, it still is (a step may have come
    /// between the desk's read and this write).
    async fn record_settled(&self, id: i64, now: i64) -> Result<(), StoreError> {
        let mut tx = self.db.begin_write().await.map_err(internal)?;
        let l = repo::lock_project(&mut tx, id).await?;
        let stored = bids_of(&mut tx, id).await?;
        let facts = step_facts(&mut tx, id, &stored).await?;
        if shared::desk::settled(
            &situation(&l, &facts, now),
            stored.iter().any(|b| security_held(&l.record, b)),
        ) {
            repo::mark_settled(&mut tx, id).await?;
            tx.commit().await.map_err(internal)?;
        }
        Ok(())
    }

    /// An expert's panels: only those the expert sits on (or is a reserve of). Bids and price
    /// scores only after a declaration without conflict (`ExpertGate::MayScore`).
    pub async fn panel_seats(
        &self,
        actor: &Principal,
        now: i64,
    ) -> Result<Vec<PanelSeat>, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let expert = expert_of(&mut conn, actor).await?;
        let mut out = Vec::new();
        for seat in repo::seats_of_expert(&mut conn, expert).await? {
            let (pid, status) = (seat.project_id, seat.status);
            let l = read_project(&mut conn, pid).await?;
            let mine = Record {
                expert_user_id: Some(actor.user_id),
                ..Record::default()
            };
            if !may_access(actor, &mine) {
                continue;
            }
            let Some(sd) = draw_of(&mut conn, pid).await? else {
                continue;
            };
            let gate = sd.draw.gate(&expert.to_string(), &sd.declarations);
            // A reserve sees neither the bidders nor the bids of a panel it does not sit on.
            let (viewer, stage, own) = disclosure_of(&mut conn, Some(actor), &l, now).await?;
            let bidders_may = access(viewer, stage, Field::Bidders, l.method);
            let (bids, price_scores) = if gate == ExpertGate::MayScore {
                let stored = bids_of(&mut conn, pid).await?;
                let live = in_force(&stored);
                let views = live
                    .iter()
                    .filter_map(|b| bid_view(b, viewer, stage, l.method, &own))
                    .collect();
                let scores = l
                    .terms
                    .as_ref()
                    .and_then(|t| t.scheme.as_ref())
                    .and_then(|s| s.scheme())
                    .map(|s| price_scores_by_lot(&s, &l.record, &live))
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
                (views, scores)
            } else {
                (Vec::new(), Vec::new())
            };
            let actions = offered_steps(&mut conn, Some(actor), &l, now)
                .await?
                .into_iter()
                .filter(|a| matches!(a, ProjectStep::Declare | ProjectStep::Score))
                .collect();
            out.push(PanelSeat {
                actions,
                project_id: pid,
                project_name: l.name.clone(),
                method: l.method,
                stage: l.state.label().into(),
                status,
                gate,
                bidders: if bidders_may == Access::All {
                    l.record
                        .suppliers
                        .iter()
                        .map(|s| (s.id.clone(), s.name.clone()))
                        .collect()
                } else {
                    Vec::new()
                },
                scheme: l.terms.as_ref().and_then(|t| t.scheme.clone()),
                bids,
                price_scores,
            });
        }
        Ok(out)
    }
}

/// An expert of the library, as registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewExpert {
    pub name: String,
    pub specialties: Vec<String>,
    pub jurisdiction_code: String,
    pub employer_id: Option<i64>,
    pub employer_name: String,
    pub legal: bool,
    pub user_id: Option<i64>,
}

impl Store {
    /// Adds an expert to the library (employment: the employer since 2015), audited.
    pub async fn insert_expert(&self, e: &NewExpert, now: i64) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let employment = vec![shared::model::Employment {
            org_id: e.employer_id.map(|i| i.to_string()),
            org_name: e.employer_name.clone(),
            role: None,
            from: shared::time::Date::new(2015, 1, 1),
            until: None,
        }];
        let row = repo::NewExpertRow {
            name: &e.name,
            specialties: &e.specialties,
            jurisdiction_code: &e.jurisdiction_code,
            employer_id: e.employer_id,
            employer_name: &e.employer_name,
            employment: &employment,
            legal: e.legal,
            user_id: e.user_id,
        };
        let id = repo::insert_expert(&mut tx, &row, now).await?;
        let tail = steplog::Tail::new(AuditEntry {
            at: now,
            action: "expert.register",
            subject_type: Some("expert"),
            subject_id: Some(id.to_string()),
            after: Some(
                json!({"name": e.name, "specialties": e.specialties, "jurisdiction": e.jurisdiction_code}),
            ),
            ..AuditEntry::default()
        });
        steplog::commit(tx, &self.events, tail)
            .await
            .map_err(internal)?;
        Ok(id)
    }
}

impl Store {
    /// The project as its runner (agency, or purchaser of a self-procured project) sees it, to
    /// read a form against it before the step; anyone else: `NotFound`.
    async fn runner_read(&self, actor: &Principal, project_id: i64) -> Result<Loaded, StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let l = read_project(&mut conn, project_id).await?;
        if !shared::access::runs_procedure(actor, l.unit_id, l.agency_id) {
            return Err(StoreError::NotFound);
        }
        Ok(l)
    }

    /// `NotFound` unless row `id` of `table` (bids, challenges) belongs to `project_id`: a step
    /// addressed under a project acts on that project's records only.
    async fn belongs(
        &self,
        table: repo::Child,
        id: i64,
        project_id: i64,
    ) -> Result<(), StoreError> {
        let mut conn = self.db.pool.acquire().await.map_err(internal)?;
        let p = repo::project_of(&mut conn, table, id).await?;
        if p == Some(project_id) {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    /// One step of the HTTP surface (`app::service::projects::StepInput`).
    pub async fn run_step(
        &self,
        actor: &Principal,
        project_id: i64,
        input: StepInput,
        now: i64,
    ) -> Result<StepDone, StoreError> {
        let at = Instant::from_unix_seconds(now);
        match input {
            StepInput::Create { plan_id, agency_id } => {
                self.create_project(actor, plan_id, agency_id, now).await
            }
            StepInput::Notice(form) => {
                let l = self.runner_read(actor, project_id).await?;
                let notice = form
                    .parse(l.method, l.budget, at)
                    .map_err(StoreError::Rejected)?;
                self.publish_notice(actor, project_id, &notice, now).await
            }
            StepInput::Invite { supplier } => {
                self.invite_supplier(actor, project_id, &supplier, now)
                    .await
            }
            StepInput::Clarify(form) => {
                let l = self.runner_read(actor, project_id).await?;
                let current = l
                    .state
                    .deadline
                    .ok_or_else(|| not_now(Found::NoNotice.text()))?;
                let (text, deadline) = form.parse(current).map_err(StoreError::Rejected)?;
                self.clarify(actor, project_id, &text, deadline, now).await
            }
            StepInput::SubmitBid(bid) => self.submit_bid(actor, project_id, &bid, now).await,
            StepInput::WithdrawBid { bid_id } => {
                self.belongs(repo::Child::Bid, bid_id, project_id).await?;
                self.withdraw_bid(actor, bid_id, now).await
            }
            StepInput::ReplaceBid { bid_id, bid } => {
                self.belongs(repo::Child::Bid, bid_id, project_id).await?;
                self.replace_bid(actor, bid_id, &bid, now).await
            }
            StepInput::Open => self.open_bids(actor, project_id, now).await,
            StepInput::Draw => {
                let mut seed = [0u8; 8];
                getrandom::fill(&mut seed).map_err(internal)?;
                self.draw_panel(actor, project_id, u64::from_le_bytes(seed), now)
                    .await
            }
            StepInput::Declare { conflicts } => {
                self.declare(actor, project_id, &conflicts, now).await
            }
            StepInput::Score(form) => self.submit_score(actor, project_id, &form, now).await,
            StepInput::Qualify(form) => {
                self.review_qualification(actor, project_id, &form, now)
                    .await
            }
            StepInput::Report => self.deliver_report(actor, project_id, now).await,
            StepInput::Confirm(c) => self.confirm_award(actor, project_id, &c, now).await,
            StepInput::ResultNotice => self.send_result_notice(actor, project_id, now).await,
            StepInput::Contract {
                lot,
                amount,
                payment_term_days,
            } => {
                self.sign_contract(
                    actor,
                    project_id,
                    lot.as_deref(),
                    amount,
                    payment_term_days,
                    now,
                )
                .await
            }
            StepInput::Amend {
                lot,
                delta,
                justification,
            } => {
                self.amend_contract(
                    actor,
                    project_id,
                    lot.as_deref(),
                    delta,
                    &justification,
                    now,
                )
                .await
            }
            StepInput::Accept { lot, passed } => {
                self.accept(actor, project_id, lot.as_deref(), passed, now)
                    .await
            }
            StepInput::Terminate(t) => self.terminate(actor, project_id, &t, now).await,
            StepInput::Pay {
                lot,
                amount,
                is_final,
            } => {
                self.pay(actor, project_id, lot.as_deref(), amount, is_final, now)
                    .await
            }
            StepInput::RefundSecurity { bid_id } => {
                self.belongs(repo::Child::Bid, bid_id, project_id).await?;
                self.refund_security(actor, bid_id, now).await
            }
            StepInput::FileChallenge(filing) => {
                self.file_challenge(actor, project_id, &filing, now).await
            }
            StepInput::AnswerChallenge {
                challenge_id,
                answer,
            } => {
                self.belongs(repo::Child::Challenge, challenge_id, project_id)
                    .await?;
                self.answer_challenge(actor, challenge_id, &answer, now)
                    .await
            }
        }
    }
}

impl ProjectServices for Store {
    fn desk<'a>(
        &'a self,
        actor: &'a Principal,
        query: &'a app::api::projects::ProjectQuery,
        page: Option<(u32, u32)>,
    ) -> BoxFuture<'a, Result<(Vec<ProjectRow>, i64), StoreError>> {
        Box::pin(self.project_desk(actor, query, page))
    }

    fn view<'a>(
        &'a self,
        actor: Option<&'a Principal>,
        project_id: i64,
        now: i64,
    ) -> BoxFuture<'a, Result<ProjectView, StoreError>> {
        Box::pin(self.project_view(actor, project_id, now))
    }

    fn open_projects<'a>(
        &'a self,
        actor: &'a Principal,
        now: i64,
    ) -> BoxFuture<'a, Result<Vec<OpenProject>, StoreError>> {
        Box::pin(Store::open_projects(self, actor, now))
    }

    fn tasks<'a>(
        &'a self,
        actor: &'a Principal,
        now: i64,
    ) -> BoxFuture<'a, Result<Vec<shared::desk::Item>, StoreError>> {
        Box::pin(self.desk_tasks(actor, now))
    }

    fn own_bids<'a>(
        &'a self,
        actor: &'a Principal,
        now: i64,
    ) -> BoxFuture<'a, Result<Vec<OwnBid>, StoreError>> {
        Box::pin(Store::own_bids(self, actor, now))
    }

    fn panel_seats<'a>(
        &'a self,
        actor: &'a Principal,
        now: i64,
    ) -> BoxFuture<'a, Result<Vec<PanelSeat>, StoreError>> {
        Box::pin(Store::panel_seats(self, actor, now))
    }

    fn step<'a>(
        &'a self,
        actor: &'a Principal,
        project_id: i64,
        input: StepInput,
        now: i64,
    ) -> BoxFuture<'a, Result<StepDone, StoreError>> {
        Box::pin(self.run_step(actor, project_id, input, now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(id: i64, price: i64, lot: Option<&str>) -> StoredBid {
        StoredBid {
            id,
            supplier_id: id,
            price,
            documents: Vec::new(),
            status: "submitted".into(),
            submitted_at: 0,
            withdrawn_at: None,
            refunded_at: None,
            lot_id: lot.map(str::to_owned),
            qualified: None,
            review_reason: None,
        }
    }

    /// In lots, a bid's price score compares it with its own lot's prices only: each lot's lowest
    /// price scores full marks.
    #[test]
    fn price_scores_compare_a_lots_bids_among_themselves() {
        let notice = execution::NoticeForm {
            deadline: "2026-03-23 09:30".into(),
            scoring_method: "comprehensive".into(),
            price_points: "30".into(),
            criteria: "技术方案|70|主观".into(),
            lots: "服务器|600,000\n存储|400,000".into(),
            ..execution::NoticeForm::default()
        }
        .parse(
            Method::PublicTender,
            Fen(100_000_000),
            Instant::parse("2026-03-01T09:00").unwrap(),
        )
        .unwrap();
        let scheme = notice
            .terms
            .scheme
            .as_ref()
            .and_then(|s| s.scheme())
            .unwrap();
        let mut record = ProjectRecord::empty(shared::model::Project::minimal(
            "p",
            Method::PublicTender,
            ObjectType::Goods,
        ));
        record.lots = notice.lots.clone();
        let bids = [
            stored(1, 50_000_000, Some("1")),
            stored(2, 55_000_000, Some("1")),
            stored(3, 30_000_000, Some("2")),
            stored(4, 36_000_000, Some("2")),
        ];
        let live: Vec<&StoredBid> = bids.iter().collect();
        let scores = price_scores_by_lot(&scheme, &record, &live);
        assert_eq!(
            scores.get("1"),
            scores.get("3"),
            "each lot's lowest gets full marks"
        );
        assert!(scores["2"] < scores["1"] && scores["4"] < scores["3"]);
        assert_eq!(scores.get("1"), Some(&3_000));
    }
}
