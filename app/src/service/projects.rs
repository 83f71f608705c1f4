//! Procurement execution (issue 5) on the server: who may take which step, and the one path for
//! the server functions and the plain form posts. The store checks, inside the transaction of
//! each step, that the project is the actor's (the purchaser of its unit, the entrusted agency,
//! the invited or bidding supplier, an expert of its panel) and answers `NotFound` otherwise;
//! the role is checked here first (403).

use leptos::prelude::*;
use shared::access::{may_open, Page, Principal, Role};
use shared::bidding::{BidForm, NewBid};
use shared::execution::{
    AcceptForm, AmendForm, AnswerForm, ChallengeForm, ClarifyForm, ConfirmForm, Confirmation,
    ContractForm, CreateForm, DeclarationForm, InviteForm, NoticeForm, PaymentForm, ProjectStep,
    RefundForm,
};
use shared::field::FieldErrors;
use shared::lots::lot_field;
use shared::money::Fen;
use shared::scoring::ScoreSheetForm;

use super::error::{read, AppError};
use super::plans::{now_unix, FormOutcome};
use super::{BoxFuture, Denied, StoreError};
use crate::api::plans::Refused;
use crate::api::projects::{OpenProject, OwnBid, PanelSeat, ProjectRow, ProjectView, StepDone};

/// A step as the store takes it: the forms the store must read against the project (the
/// notice's budget and method, the clarification's deadline, the score sheet's scheme) as
/// typed, the others parsed.
#[derive(Debug, Clone)]
pub enum StepInput {
    /// The plan to start; the agency (`None`: self-procurement).
    Create {
        plan_id: i64,
        agency_id: Option<i64>,
    },
    Notice(NoticeForm),
    Invite {
        supplier: shared::execution::Invitee,
    },
    Clarify(ClarifyForm),
    /// The qualification review: the verdicts, parsed against the bids in force by the store.
    Qualify(shared::execution::QualificationForm),
    SubmitBid(NewBid),
    WithdrawBid {
        bid_id: i64,
    },
    ReplaceBid {
        bid_id: i64,
        bid: NewBid,
    },
    Open,
    /// The store draws with a fresh random seed (recorded with the draw).
    Draw,
    Declare {
        conflicts: Vec<String>,
    },
    Score(ScoreSheetForm),
    Report,
    Confirm(Confirmation),
    ResultNotice,
    /// The lot's contract (`lot`: `None` for a project without lots; also below).
    Contract {
        lot: Option<String>,
        amount: Fen,
        payment_term_days: u32,
    },
    Amend {
        lot: Option<String>,
        delta: Fen,
        justification: String,
    },
    Accept {
        lot: Option<String>,
        passed: bool,
    },
    Pay {
        lot: Option<String>,
        amount: Fen,
        is_final: bool,
    },
    RefundSecurity {
        bid_id: i64,
    },
    FileChallenge(shared::execution::ChallengeFiling),
    AnswerChallenge {
        challenge_id: i64,
        answer: String,
    },
    /// 废标 / 终止.
    Terminate(shared::execution::Termination),
}

/// What the store does for projects. Every method checks, inside its transaction, that the
/// record is the actor's to see or act on (`NotFound` otherwise, the same as for no record).
pub trait ProjectServices: Send + Sync {
    /// The projects the account may see (purchaser: its unit's; agency: entrusted; regulator:
    /// its jurisdiction; admin: all).
    /// The account's projects matching `query`, newest first — one page (`per_page`, 1-based
    /// page) or all of them — and how many match.
    fn desk<'a>(
        &'a self,
        actor: &'a Principal,
        query: &'a crate::api::projects::ProjectQuery,
        page: Option<(u32, u32)>,
    ) -> BoxFuture<'a, Result<(Vec<ProjectRow>, i64), StoreError>>;
    /// One project as `shared::disclosure`'s matrix lets the actor (`None`: a visitor) see it.
    fn view<'a>(
        &'a self,
        actor: Option<&'a Principal>,
        project_id: i64,
        now: i64,
    ) -> BoxFuture<'a, Result<ProjectView, StoreError>>;
    /// The projects a supplier may bid on now.
    fn open_projects<'a>(
        &'a self,
        actor: &'a Principal,
        now: i64,
    ) -> BoxFuture<'a, Result<Vec<OpenProject>, StoreError>>;
    /// The desk items of the account's projects: each step `shared::steps::offered` lets it
    /// take now that `shared::desk::to_do` counts as waiting, with its due date.
    fn tasks<'a>(
        &'a self,
        actor: &'a Principal,
        now: i64,
    ) -> BoxFuture<'a, Result<Vec<shared::desk::Item>, StoreError>>;
    /// A supplier's own bids (sealed until the opening, even to the bidder).
    fn own_bids<'a>(
        &'a self,
        actor: &'a Principal,
        now: i64,
    ) -> BoxFuture<'a, Result<Vec<OwnBid>, StoreError>>;
    /// An expert's seats: the scheme, and the opened bids after a declaration without conflict.
    fn panel_seats<'a>(
        &'a self,
        actor: &'a Principal,
        now: i64,
    ) -> BoxFuture<'a, Result<Vec<PanelSeat>, StoreError>>;
    /// One step on project `project_id` (ignored by `Create`), in one transaction: the checks
    /// of its nodes run, what they forbid is refused (`Refused`, nothing stored), else the step,
    /// its findings, its monitor events and its audit record are stored.
    fn step<'a>(
        &'a self,
        actor: &'a Principal,
        project_id: i64,
        input: StepInput,
        now: i64,
    ) -> BoxFuture<'a, Result<StepDone, StoreError>>;
}

pub async fn desk(
    services: &dyn super::Services,
    principal: &Principal,
    query: &crate::api::projects::ProjectQuery,
    page: Option<(u32, u32)>,
) -> Result<(Vec<ProjectRow>, i64), ServerFnError> {
    if !may_open(Some(principal), Page::Projects) {
        return Err(Denied::Forbidden.into_error());
    }
    let (mut rows, total) = read(
        services.projects().desk(principal, query, page).await,
        "projects",
    )?;
    let before = rows.len();
    rows.retain(|r| {
        shared::access::may_access(
            principal,
            &shared::access::Record {
                jurisdiction: Some(&r.jurisdiction_code),
                purchaser_id: Some(r.unit_id),
                agency_id: r.agency_id,
                ..Default::default()
            },
        )
    });
    if rows.len() != before {
        tracing::error!(
            user.id = principal.user_id,
            "the store returned projects outside the account's scope"
        );
    }
    Ok((rows, total))
}

pub async fn view(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    project_id: i64,
) -> Result<ProjectView, ServerFnError> {
    read(
        services
            .projects()
            .view(principal, project_id, now_unix())
            .await,
        "projects",
    )
}

pub async fn open_projects(
    services: &dyn super::Services,
    principal: &Principal,
) -> Result<Vec<OpenProject>, ServerFnError> {
    read(
        services
            .projects()
            .open_projects(principal, now_unix())
            .await,
        "projects",
    )
}

pub async fn own_bids(
    services: &dyn super::Services,
    principal: &Principal,
) -> Result<Vec<OwnBid>, ServerFnError> {
    read(
        services.projects().own_bids(principal, now_unix()).await,
        "projects",
    )
}

pub async fn panel_seats(
    services: &dyn super::Services,
    principal: &Principal,
) -> Result<Vec<PanelSeat>, ServerFnError> {
    read(
        services.projects().panel_seats(principal, now_unix()).await,
        "projects",
    )
}

/// Who takes a step (the store checks it is this very project's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The purchaser of the unit.
    Purchaser,
    /// The entrusted agency, or the purchaser of a self-procured project.
    Runner,
    /// A supplier (invited, for the methods that invite).
    Supplier,
    /// An expert of the project's panel.
    Expert,
}

impl Actor {
    fn admits(self, p: &Principal) -> bool {
        match self {
            Actor::Purchaser => p.role == Role::Purchaser && may_open(Some(p), Page::Projects),
            Actor::Runner => {
                matches!(p.role, Role::Purchaser | Role::Agency)
                    && may_open(Some(p), Page::Projects)
            }
            Actor::Supplier => may_open(Some(p), Page::SupplierBids),
            Actor::Expert => may_open(Some(p), Page::ExpertPanels),
        }
    }
}

/// The page a refused step is shown again on.
pub fn project_page(project_id: i64) -> String {
    format!("/projects/{project_id}")
}

/// The page a step of this account comes back to: suppliers to their bids, experts to their
/// panels (they do not see the project page), everyone else to the project.
pub fn project_page_for(principal: Option<&Principal>, project_id: i64) -> String {
    match principal.map(|p| p.role) {
        Some(shared::access::Role::Supplier) => "/supplier/bids".to_owned(),
        Some(shared::access::Role::Expert) => "/expert/panels".to_owned(),
        _ => project_page(project_id),
    }
}

/// Where a challenge is filed and answered: the project page, for every role.
pub fn challenge_page(_principal: Option<&Principal>, project_id: i64) -> String {
    project_page(project_id)
}

fn gate(principal: Option<&Principal>, actor: Actor) -> Result<Principal, FormOutcome> {
    match principal {
        None => Err(FormOutcome::Denied(Denied::Unauthenticated)),
        Some(p) if actor.admits(p) => Ok(p.clone()),
        Some(_) => Err(FormOutcome::Denied(Denied::Forbidden)),
    }
}

fn invalid(form: &str, values: Vec<(String, String)>, errors: FieldErrors) -> FormOutcome {
    FormOutcome::Refused(Refused {
        form: form.to_owned(),
        values,
        errors,
        ..Refused::default()
    })
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A step's common path: the role, the parse, the store, the answer. `form`: the step's name
/// (the `Refused` context's `form` and the `?done=` flag).
async fn run(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    actor: Actor,
    project_id: i64,
    form: &str,
    values: Vec<(String, String)>,
    input: Result<StepInput, FieldErrors>,
) -> FormOutcome {
    let p = match gate(principal, actor) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let input = match input {
        Ok(i) => i,
        Err(e) => return invalid(form, values, e),
    };
    let create = matches!(input, StepInput::Create { .. });
    match services
        .projects()
        .step(&p, project_id, input, now_unix())
        .await
    {
        Ok(done) if create => FormOutcome::Done(format!("/projects/{}?done={form}", done.id)),
        Ok(_) if form == ProjectStep::ChallengeFile.form() => FormOutcome::Done(format!(
            "{}?done={form}",
            challenge_page(Some(&p), project_id)
        )),
        Ok(_) => FormOutcome::Done(format!(
            "{}?done={form}",
            project_page_for(Some(&p), project_id)
        )),
        Err(e) => AppError::from_store(e, "projects").into_outcome(form, values),
    }
}

/// `POST /projects`: the purchaser starts the procurement of a released plan.
pub async fn create(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    form: CreateForm,
) -> FormOutcome {
    let values = pairs(&[("plan_id", &form.plan_id), ("agency_id", &form.agency_id)]);
    let input = form
        .parse()
        .map(|(plan_id, agency_id)| StepInput::Create { plan_id, agency_id });
    run(
        services,
        principal,
        Actor::Purchaser,
        0,
        "create",
        values,
        input,
    )
    .await
}

pub async fn notice(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: NoticeForm,
) -> FormOutcome {
    let values = pairs(&[
        ("max_price", &form.max_price),
        ("deadline", &form.deadline),
        ("bid_security", &form.bid_security),
        ("min_validity_days", &form.min_validity_days),
        ("scoring_method", &form.scoring_method),
        ("price_points", &form.price_points),
        ("criteria", &form.criteria),
        ("media", &form.media),
        ("lots", &form.lots),
    ]);
    let input = Ok(StepInput::Notice(form));
    run(
        services,
        principal,
        Actor::Runner,
        id,
        "notice",
        values,
        input,
    )
    .await
}

pub async fn invite(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: InviteForm,
) -> FormOutcome {
    let values = pairs(&[
        ("supplier", &form.supplier),
        ("supplier_id", &form.supplier_id),
    ]);
    let input = form.parse().map(|supplier| StepInput::Invite { supplier });
    run(
        services,
        principal,
        Actor::Runner,
        id,
        "invite",
        values,
        input,
    )
    .await
}

pub async fn qualify(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: shared::execution::QualificationForm,
) -> FormOutcome {
    let mut values: Vec<(String, String)> = form
        .verdict
        .iter()
        .map(|(k, v)| (format!("verdict.{k}"), v.clone()))
        .collect();
    values.extend(
        form.reason
            .iter()
            .map(|(k, v)| (format!("reason.{k}"), v.clone())),
    );
    run(
        services,
        principal,
        Actor::Runner,
        id,
        "qualification",
        values,
        Ok(StepInput::Qualify(form)),
    )
    .await
}

pub async fn clarify(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: ClarifyForm,
) -> FormOutcome {
    let values = pairs(&[("text", &form.text), ("deadline", &form.deadline)]);
    let input = Ok(StepInput::Clarify(form));
    run(
        services,
        principal,
        Actor::Runner,
        id,
        "clarify",
        values,
        input,
    )
    .await
}

fn bid_values(form: &BidForm) -> Vec<(String, String)> {
    let mut v = pairs(&[
        ("price", &form.price),
        ("validity_days", &form.validity_days),
        ("lot", &form.lot),
    ]);
    v.extend(
        form.documents
            .iter()
            .map(|d| ("documents".to_owned(), d.clone())),
    );
    v
}

pub async fn submit_bid(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: BidForm,
) -> FormOutcome {
    let values = bid_values(&form);
    let input = form.parse().map(StepInput::SubmitBid);
    run(
        services,
        principal,
        Actor::Supplier,
        id,
        "bid",
        values,
        input,
    )
    .await
}

pub async fn withdraw_bid(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    bid_id: i64,
) -> FormOutcome {
    let input = Ok(StepInput::WithdrawBid { bid_id });
    run(
        services,
        principal,
        Actor::Supplier,
        id,
        "withdraw",
        Vec::new(),
        input,
    )
    .await
}

pub async fn replace_bid(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    bid_id: i64,
    form: BidForm,
) -> FormOutcome {
    let values = bid_values(&form);
    let input = form
        .parse()
        .map(|bid| StepInput::ReplaceBid { bid_id, bid });
    run(
        services,
        principal,
        Actor::Supplier,
        id,
        "replace",
        values,
        input,
    )
    .await
}

/// The steps without a form: opening, draw, report, result notice.
pub async fn simple(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: &str,
    input: StepInput,
) -> FormOutcome {
    run(
        services,
        principal,
        Actor::Runner,
        id,
        form,
        Vec::new(),
        Ok(input),
    )
    .await
}

pub async fn declare(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: DeclarationForm,
) -> FormOutcome {
    let mut values = pairs(&[("confirm", &form.confirm)]);
    values.extend(
        form.conflicts
            .iter()
            .map(|c| ("conflicts".to_owned(), c.clone())),
    );
    let input = form
        .parse()
        .map(|conflicts| StepInput::Declare { conflicts });
    run(
        services,
        principal,
        Actor::Expert,
        id,
        "declaration",
        values,
        input,
    )
    .await
}

pub async fn score(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: ScoreSheetForm,
) -> FormOutcome {
    let mut values = pairs(&[("bid_id", &form.bid_id)]);
    values.extend(
        form.scores
            .iter()
            .map(|(k, v)| (format!("scores.{k}"), v.clone())),
    );
    values.extend(
        form.comments
            .iter()
            .map(|(k, v)| (format!("comments.{k}"), v.clone())),
    );
    let input = Ok(StepInput::Score(form));
    run(
        services,
        principal,
        Actor::Expert,
        id,
        "score",
        values,
        input,
    )
    .await
}

pub async fn confirm(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: ConfirmForm,
) -> FormOutcome {
    let values = pairs(&[
        ("supplier_id", &form.supplier_id),
        ("supplier", &form.supplier),
        ("deviation_reason", &form.deviation_reason),
        ("amount", &form.amount),
        ("lot", &form.lot),
    ]);
    let input = form.parse().map(StepInput::Confirm);
    run(
        services,
        principal,
        Actor::Purchaser,
        id,
        "confirm",
        values,
        input,
    )
    .await
}

pub async fn contract(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: ContractForm,
) -> FormOutcome {
    let values = pairs(&[
        ("amount", &form.amount),
        ("payment_term_days", &form.payment_term_days),
        ("lot", &form.lot),
    ]);
    let input = form
        .parse()
        .map(|(amount, payment_term_days)| StepInput::Contract {
            lot: lot_field(&form.lot),
            amount,
            payment_term_days,
        });
    run(
        services,
        principal,
        Actor::Purchaser,
        id,
        "contract",
        values,
        input,
    )
    .await
}

pub async fn amend(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: AmendForm,
) -> FormOutcome {
    let values = pairs(&[
        ("delta", &form.delta),
        ("justification", &form.justification),
        ("lot", &form.lot),
    ]);
    let input = form.parse().map(|(delta, justification)| StepInput::Amend {
        lot: lot_field(&form.lot),
        delta,
        justification,
    });
    run(
        services,
        principal,
        Actor::Purchaser,
        id,
        "amendment",
        values,
        input,
    )
    .await
}

pub async fn accept(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: AcceptForm,
) -> FormOutcome {
    let values = pairs(&[("result", &form.result), ("lot", &form.lot)]);
    let input = form.parse().map(|passed| StepInput::Accept {
        lot: lot_field(&form.lot),
        passed,
    });
    run(
        services,
        principal,
        Actor::Purchaser,
        id,
        "acceptance",
        values,
        input,
    )
    .await
}

/// `POST /projects/{id}/termination`: the runner ends a failed procurement (废标 / 终止).
pub async fn terminate(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: shared::execution::TerminateForm,
) -> FormOutcome {
    let values = pairs(&[
        ("ground", &form.ground),
        ("reason", &form.reason),
        ("lot", &form.lot),
    ]);
    let input = form.parse().map(StepInput::Terminate);
    run(
        services,
        principal,
        Actor::Runner,
        id,
        "terminate",
        values,
        input,
    )
    .await
}

pub async fn pay(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: PaymentForm,
) -> FormOutcome {
    let values = pairs(&[
        ("amount", &form.amount),
        ("is_final", &form.is_final),
        ("lot", &form.lot),
    ]);
    let input = form.parse().map(|(amount, is_final)| StepInput::Pay {
        lot: lot_field(&form.lot),
        amount,
        is_final,
    });
    run(
        services,
        principal,
        Actor::Purchaser,
        id,
        "payment",
        values,
        input,
    )
    .await
}

pub async fn refund_security(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: RefundForm,
) -> FormOutcome {
    let values = pairs(&[("bid_id", &form.bid_id)]);
    let input = form
        .parse()
        .map(|bid_id| StepInput::RefundSecurity { bid_id });
    run(
        services,
        principal,
        Actor::Runner,
        id,
        "security_refund",
        values,
        input,
    )
    .await
}

pub async fn file_challenge(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    form: ChallengeForm,
) -> FormOutcome {
    let values = pairs(&[
        ("kind", &form.kind),
        ("subject", &form.subject),
        ("text", &form.text),
        ("affects_result", &form.affects_result),
    ]);
    let input = form.parse().map(StepInput::FileChallenge);
    run(
        services,
        principal,
        Actor::Supplier,
        id,
        "challenge",
        values,
        input,
    )
    .await
}

pub async fn answer_challenge(
    services: &dyn super::Services,
    principal: Option<&Principal>,
    id: i64,
    challenge_id: i64,
    form: AnswerForm,
) -> FormOutcome {
    let values = pairs(&[("answer", &form.answer)]);
    let input = form.parse().map(|answer| StepInput::AnswerChallenge {
        challenge_id,
        answer,
    });
    run(
        services,
        principal,
        Actor::Runner,
        id,
        "answer",
        values,
        input,
    )
    .await
}
