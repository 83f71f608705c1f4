//! Whether a step of a project may be taken now, by this actor, and why not — the one gate.
//!
//! Every project step ([`ProjectStep`]) has its preconditions here and nowhere else: the
//! server's step calls [`gate`] after it has locked and loaded the project and refuses with the
//! gate's reason; the project page, the supplier's bid list and the expert's panel page show a
//! button only for a step in [`offered`] — the server computes that list with the same function
//! while it builds the page's data, from the same facts. So a button a page offers is never
//! refused for a rule reason; only the form's own input can still be wrong (a field error).
//!
//! The gate reads:
//! - the actor's [`Part`] in the project (runs the procedure, the purchaser's staff, a supplier
//!   invited or with a bid in force, an expert's seat) — derived by the server from the account
//!   and the stored rows;
//! - the project's [`Situation`]: method, workflow state, the record, the bids in force and the
//!   time.
//!
//! The workflow part of a step with events is decided by applying its events to the state with
//! [`crate::workflow::next`], exactly as the step does when it is stored.
//!
//! | step | who | besides the workflow |
//! |---|---|---|
//! | notice | runner | — |
//! | invite | runner | a method that invites; before the opening and the deadline |
//! | clarify | runner | before the deadline |
//! | bid submit | supplier (invited, unless public tender) | before the deadline; a lot without its bid in force |
//! | bid replace / withdraw | supplier with a bid in force | before the deadline |
//! | open | runner | at or after the deadline; enough bids in every lot (`check_opening`) |
//! | draw | runner | no panel yet |
//! | declare | expert on the panel, not declared | evaluation open |
//! | score | expert declared without conflict | evaluation open; a scored project |
//! | report | runner | every sheet in (`missing_sheets`) |
//! | confirm | purchaser | a lot without an award whose report ranks someone (single source: no report needed) |
//! | result notice | runner | an award in every lot |
//! | contract | purchaser | a lot's award without its contract; no remedy that blocks signing (`signing_gate`) |
//! | amend / accept / pay | purchaser | a contract (pay: one not paid in full) |
//! | refund security | runner | the award notice sent |
//! | challenge | supplier | `disclosure::may_challenge` (the page asks it per subject) |
//! | answer | runner | an unanswered challenge |
//! | 废标 / 终止 | runner | started, not ended, no contract; the ground fits the stage ([`ground_fits`]) |
//!
//! Lots (`crate::lots`): the steps of [`per_lot`] act on one lot, named by the form; [`lots_for`]
//! lists the lots such a step may act on now, and [`gate_lot`] refuses any other (field `lot`).

use crate::bidding::{check_bid_action, check_opening, BidAction};
use crate::execution::{FailureGround, ProjectStep};
use crate::i18n::{Lang, Text};
use crate::lots::{failed, live_keys, lot_keys, LotSet};
use crate::model::{Method, ProjectRecord};
use crate::panel::ExpertGate;
use crate::scoring::missing_sheets;
use crate::time::Instant;
use crate::workflow::{next, Event, EventKind, Node, ProcState};

/// The actor's part in one project, as the server derived it from the account and the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Part {
    /// Runs the procedure (`access::runs_procedure`): the entrusted agency, or the purchaser
    /// without one.
    pub runs: bool,
    /// Staff of the purchasing unit.
    pub unit: bool,
    /// A supplier account: its relation to the project.
    pub supplier: Option<SupplierPart>,
    /// An expert account on the project's draw: its seat's gate.
    pub expert: Option<ExpertGate>,
    /// The actor runs the procedure for a private agency whose list registration is incomplete
    /// (`agency::validate_listing`): it may not publish a notice or draw experts yet.
    pub unlisted: bool,
}

/// A supplier's relation to one project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SupplierPart {
    /// Invited (only the methods other than public tender need it).
    pub invited: bool,
    /// The lots (by position among `lots::lot_keys`) it has a bid in force in (submitted, not
    /// withdrawn or replaced); position 0 for a project without lots.
    pub in_force: LotSet,
    /// The account is not yet bound to its legal entity (where the platform has an entity
    /// verifier): it may not sign a bid until it is (`account::unbound_refusal`).
    pub unbound: bool,
}

/// A bid in force (submitted, not withdrawn or replaced) and its lot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InForce {
    pub id: String,
    pub lot: Option<String>,
}

/// What the gate reads of the project.
#[derive(Debug, Clone, Copy)]
pub struct Situation<'a> {
    pub method: Method,
    pub state: &'a ProcState,
    /// The full record (the server's, not a viewer's redaction).
    pub record: &'a ProjectRecord,
    /// The documents set a scoring scheme (comprehensive scoring): experts score and the report
    /// needs every sheet.
    pub scored: bool,
    /// The bids in force.
    pub bids_in_force: &'a [InForce],
    /// Challenges (inquiries included) not yet answered.
    pub unanswered: usize,
    /// The qualification review of the bids is recorded.
    pub reviewed: bool,
    pub now: Instant,
}

/// Why a step may not be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The actor has no part in this step of this project: answered as if there were no such
    /// project (no id enumeration, nothing disclosed).
    NotYours,
    /// The actor may take this step, but not now: the reason in Chinese and English, and the
    /// form field it concerns (`deadline` for the time limits, else `step`).
    NotNow { field: &'static str, reason: Text },
}

impl Refusal {
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            Refusal::NotYours => Text::new("无权办理此事项", "not yours to do").get(lang),
            Refusal::NotNow { reason, .. } => reason.get(lang),
        }
    }

    fn step(reason: Text) -> Refusal {
        Refusal::NotNow {
            field: "step",
            reason,
        }
    }
}

/// Every step a page may offer, in the order of the procedure.
pub const STEPS: [ProjectStep; 22] = [
    ProjectStep::Notice,
    ProjectStep::Invite,
    ProjectStep::Clarify,
    ProjectStep::BidSubmit,
    ProjectStep::BidReplace,
    ProjectStep::BidWithdraw,
    ProjectStep::Open,
    ProjectStep::Qualify,
    ProjectStep::Draw,
    ProjectStep::Declare,
    ProjectStep::Score,
    ProjectStep::Report,
    ProjectStep::Confirm,
    ProjectStep::ResultNotice,
    ProjectStep::Contract,
    ProjectStep::Amend,
    ProjectStep::Accept,
    ProjectStep::Pay,
    ProjectStep::RefundSecurity,
    ProjectStep::ChallengeFile,
    ProjectStep::ChallengeAnswer,
    ProjectStep::Terminate,
];

fn not_now(zh: &'static str, en: &'static str) -> Refusal {
    Refusal::step(Text::new(zh, en))
}

/// A refusal by a time limit: it concerns the form's deadline.
fn late(zh: &'static str, en: &'static str) -> Refusal {
    Refusal::NotNow {
        field: "deadline",
        reason: Text::new(zh, en),
    }
}

/// The workflow part: the step's events applied to the state in order, as the step will.
fn workflow(step: ProjectStep, s: &Situation<'_>) -> Result<(), Refusal> {
    step.allowed_in(s.method, s.state).map_err(Refusal::step)?;
    let mut state = *s.state;
    // Single source confirms without a report: the report's events go first (as the step does).
    let mut kinds: Vec<EventKind> = Vec::new();
    if step == ProjectStep::Confirm
        && s.method == Method::SingleSource
        && s.record.reports.is_empty()
    {
        kinds.extend_from_slice(ProjectStep::Report.events(s.method));
    }
    kinds.extend_from_slice(step.events(s.method));
    for kind in kinds {
        let event = Event {
            kind,
            at: s.now,
            deadline: None,
            affects_result: false,
        };
        state = next(s.method, &state, &event).map_err(|e| Refusal::step(e.reason))?;
    }
    Ok(())
}

fn before_deadline(s: &Situation<'_>, zh: &'static str, en: &'static str) -> Result<(), Refusal> {
    match s.state.deadline {
        Some(d) if s.now >= d => Err(late(zh, en)),
        _ => Ok(()),
    }
}

/// Whether `part` may take `step` on the project now; the reason if not.
pub fn gate(step: ProjectStep, s: &Situation<'_>, part: &Part) -> Result<(), Refusal> {
    use ProjectStep as S;
    // Who: the actor's part decides first, so that a stranger learns nothing about the state.
    let who = match step {
        S::Create => part.unit,
        S::Notice
        | S::Invite
        | S::Clarify
        | S::Open
        | S::Qualify
        | S::Draw
        | S::Report
        | S::ResultNotice
        | S::RefundSecurity
        | S::ChallengeAnswer
        | S::Terminate => part.runs,
        S::Confirm | S::Contract | S::Amend | S::Accept | S::Pay => part.unit,
        S::BidSubmit | S::BidReplace | S::BidWithdraw => match part.supplier {
            // Before the notice the project is not public to suppliers.
            Some(p) => {
                s.state.node.is_some_and(|n| n >= Node::NoticeInvitation)
                    && (s.method == Method::PublicTender || p.invited)
            }
            None => false,
        },
        S::ChallengeFile => part.supplier.is_some(),
        S::Declare | S::Score => matches!(
            part.expert,
            Some(ExpertGate::MustDeclare | ExpertGate::MayScore | ExpertGate::ConflictDeclared)
        ),
    };
    if !who {
        return Err(Refusal::NotYours);
    }
    if part.unlisted && matches!(step, S::Notice | S::Draw) {
        return Err(Refusal::step(crate::agency::unlisted_refusal()));
    }
    // After the qualification review a tender goes on only with three qualified bids; with
    // fewer the procurement fails (政府采购法 Art 36(一)): the panel neither sits nor reports.
    if matches!(step, S::Draw | S::Score | S::Report)
        && s.reviewed
        && s.method.is_tender()
        && i64::try_from(fewest_bids(s)).unwrap_or(i64::MAX) < crate::checks::m01::MIN_BIDDERS
    {
        return Err(not_now(
            "资格审查后合格的投标人不足三家，应予废标（政府采购法第三十六条）",
            "fewer than three bids passed the qualification review: the procurement fails (GP Law Art 36)",
        ));
    }
    // In a tender the purchaser or its agency reviews the bidders' qualification after the
    // opening, and the panel evaluates only the bids that passed (财政部令第87号 Art 44). A
    // tender whose panel began scoring before the review was a step of the platform goes on
    // (the review is no longer possible once a sheet is in; here no sheet can come before it).
    if matches!(step, S::Score | S::Report)
        && s.method.is_tender()
        && !s.reviewed
        && s.record.score_sheets.is_empty()
    {
        return Err(not_now(
            "开标后须先完成投标人资格审查，再进行评审（财政部令第87号第四十四条）",
            "the bidders' qualification is reviewed after the opening, before the evaluation (MoF Order 87 Art 44)",
        ));
    }
    match step {
        S::Create => Ok(()),
        // From the notice on, also after 废标 / 终止 (the failure is a result to challenge).
        S::ChallengeFile => workflow(step, s),
        S::Notice => workflow(step, s),
        S::Invite => {
            if matches!(s.method, Method::PublicTender | Method::SingleSource) {
                return Err(not_now(
                    "该采购方式不邀请供应商",
                    "this method does not invite suppliers",
                ));
            }
            workflow(step, s)?;
            before_deadline(
                s,
                "投标截止后不能再邀请供应商",
                "no invitation after the deadline",
            )
        }
        S::Clarify => {
            workflow(step, s)?;
            before_deadline(
                s,
                "投标截止后不能再澄清或修改采购文件",
                "no clarification after the deadline",
            )
        }
        S::BidSubmit | S::BidReplace | S::BidWithdraw => {
            workflow(step, s)?;
            let deadline = s
                .state
                .deadline
                .ok_or_else(|| late("未设定截止时间", "no deadline is set"))?;
            let action = match step {
                S::BidSubmit => BidAction::Submit,
                S::BidReplace => BidAction::Replace,
                _ => BidAction::Withdraw,
            };
            check_bid_action(action, deadline, s.now)
                .map_err(|_| late("投标截止时间已过", "the deadline has passed"))?;
            if step != S::BidWithdraw && part.supplier.is_some_and(|p| p.unbound) {
                return Err(Refusal::step(crate::account::unbound_refusal()));
            }
            if !lots_for(step, s, part).is_empty() {
                Ok(())
            } else if step == S::BidSubmit {
                Err(not_now(
                    "已递交投标文件：请修改（替换）或撤回",
                    "A bid is already in: replace or withdraw it",
                ))
            } else {
                Err(not_now("没有有效的投标文件", "no bid in force"))
            }
        }
        S::Open => {
            let deadline = s
                .state
                .deadline
                .ok_or_else(|| late("未设定投标截止时间", "no bid deadline is set"))?;
            check_opening(s.method, deadline, s.now, fewest_bids(s)).map_err(|e| match e {
                crate::bidding::BidWindowError::TooEarlyToOpen { .. } => {
                    late("投标截止时间未到", "the deadline has not come yet")
                }
                _ => late(
                    "投标人不足三家，不得开标",
                    "fewer than three bids: the bids may not be opened",
                ),
            })?;
            workflow(step, s)
        }
        S::Qualify => {
            if s.method == Method::SingleSource {
                return Err(not_now(
                    "单一来源采购不进行投标资格审查",
                    "single source has no qualification review of bids",
                ));
            }
            workflow(step, s)?;
            if s.reviewed {
                return Err(not_now(
                    "资格审查已完成",
                    "the qualification review is recorded",
                ));
            }
            if !s.record.score_sheets.is_empty() || !s.record.reports.is_empty() {
                return Err(not_now(
                    "评审已开始，不能再进行资格审查",
                    "the evaluation has begun: no qualification review now",
                ));
            }
            if s.bids_in_force.is_empty() {
                return Err(not_now("没有有效的投标文件", "no bid in force"));
            }
            Ok(())
        }
        S::Draw => {
            if s.record
                .panel
                .as_ref()
                .is_some_and(|p| !p.members.is_empty())
            {
                return Err(not_now("专家已抽取", "the panel has been drawn"));
            }
            workflow(step, s)
        }
        S::Declare => {
            match part.expert {
                Some(ExpertGate::MustDeclare) => {}
                _ => return Err(not_now("已声明", "already declared")),
            }
            workflow(step, s)
        }
        S::Score => {
            match part.expert {
                Some(ExpertGate::MayScore) => {}
                Some(ExpertGate::MustDeclare) => {
                    return Err(not_now(
                        "请先声明与投标人的利害关系",
                        "declare your conflicts first",
                    ))
                }
                _ => return Err(not_now("已声明回避", "you declared a conflict")),
            }
            if !s.scored {
                return Err(not_now(
                    "本项目不打分（最低价法）",
                    "this project is not scored (lowest price)",
                ));
            }
            workflow(step, s)
        }
        S::Report => {
            workflow(step, s)?;
            if s.scored {
                let members = s
                    .record
                    .panel
                    .as_ref()
                    .map(|p| p.members.as_slice())
                    .unwrap_or_default();
                let ids: Vec<String> = s.bids_in_force.iter().map(|b| b.id.clone()).collect();
                if !missing_sheets(members, &ids, &s.record.score_sheets).is_empty() {
                    return Err(not_now(
                        "还有评分表未提交",
                        "score sheets are still missing",
                    ));
                }
            }
            Ok(())
        }
        S::Confirm => {
            // One winner a lot: a second confirmation would silently replace the first award.
            if live_keys(s.record)
                .iter()
                .all(|k| s.record.award_for_lot(k.as_deref()).is_some())
            {
                return Err(not_now(
                    "已确定中标（成交）供应商",
                    "the winner is confirmed already",
                ));
            }
            if lots_for(step, s, part).is_empty() {
                return Err(not_now("评审报告尚未送交", "no evaluation report yet"));
            }
            workflow(step, s)
        }
        S::ResultNotice => {
            if s.record.awards.is_empty() {
                return Err(not_now("尚未确定中标人", "no winner confirmed yet"));
            }
            // One result notice for all lots, once each live one has its winner.
            if live_keys(s.record)
                .iter()
                .any(|k| s.record.award_for_lot(k.as_deref()).is_none())
            {
                return Err(not_now(
                    "尚有分包未确定中标（成交）供应商",
                    "a lot has no winner yet",
                ));
            }
            workflow(step, s)
        }
        S::Contract => {
            if s.record.awards.is_empty() {
                return Err(not_now("尚未确定中标人", "no winner confirmed yet"));
            }
            if lots_for(step, s, part).is_empty() {
                return Err(not_now("合同已签订", "the contract is signed"));
            }
            // A pending remedy is named before the workflow's own refusal of it.
            let signing = crate::challenge::signing_gate(&s.record.challenges, s.now);
            if let (Some(zh), Some(en)) = (signing.message(Lang::Zh), signing.message(Lang::En)) {
                return Err(Refusal::NotNow {
                    field: "challenge",
                    reason: Text::new(zh, en),
                });
            }
            // The first contract moves the procurement to the contract node; a later lot's
            // contract takes no event.
            if s.record.contracts.is_empty() {
                workflow(step, s)
            } else {
                step.allowed_in(s.method, s.state).map_err(Refusal::step)
            }
        }
        S::Amend | S::Accept | S::Pay => {
            if s.record.contracts.is_empty() {
                return Err(not_now("尚未签订合同", "no contract yet"));
            }
            if lots_for(step, s, part).is_empty() {
                return Err(not_now("合同款项已付清", "the contract is paid in full"));
            }
            workflow(step, s)
        }
        // A lot that failed alone has its securities refunded at once (财政部令第87号 Art 38);
        // the others after the award notice ([`may_refund`] decides per bid).
        S::RefundSecurity if !takes_security(s.record) => Err(not_now(
            "本项目未收取投标保证金",
            "this procurement takes no bid security",
        )),
        S::RefundSecurity if s.record.lots.iter().any(|l| l.failed.is_some()) => Ok(()),
        S::RefundSecurity => workflow(step, s),
        S::Terminate => {
            if s.state.node.is_none() {
                return Err(not_now("采购尚未开始", "the procurement has not started"));
            }
            // Terminated already, or a contract signed: the workflow refuses.
            workflow(step, s)
        }
        S::ChallengeAnswer => {
            if s.unanswered == 0 {
                return Err(not_now("没有待答复的询问或质疑", "nothing to answer"));
            }
            step.allowed_in(s.method, s.state).map_err(Refusal::step)
        }
    }
}

/// The latest report of a lot.
pub fn report_of<'a>(
    record: &'a ProjectRecord,
    lot: Option<&str>,
) -> Option<&'a crate::model::EvaluationReport> {
    record
        .reports
        .iter()
        .rev()
        .find(|r| r.lot_id.as_deref() == lot)
}

/// The fewest bids in force in any live lot (the opening needs enough in each).
fn fewest_bids(s: &Situation<'_>) -> usize {
    live_keys(s.record)
        .iter()
        .map(|k| s.bids_in_force.iter().filter(|b| &b.lot == k).count())
        .min()
        .unwrap_or(0)
}

/// The steps taken per lot (`crate::lots`): the form names the lot, and [`lots_for`] lists the
/// lots the step may act on now.
pub fn per_lot(step: ProjectStep) -> bool {
    use ProjectStep as S;
    matches!(
        step,
        S::BidSubmit
            | S::BidReplace
            | S::BidWithdraw
            | S::Confirm
            | S::Contract
            | S::Amend
            | S::Accept
            | S::Pay
    )
}

/// The lots (keys of `lots::lot_keys`: `None` for a project without lots) a per-lot step may act
/// on now, as far as the lot decides it: a bid where the supplier has none in force (replace and
/// withdraw: where it has one), a winner where the lot has none and its report ranks someone
/// (single source: no report), a contract where the lot's winner has none, an amendment or
/// acceptance of a lot's contract, a payment of one not paid in full. Empty for other steps.
/// The rest of [`gate`] decides the step as a whole; [`gate_lot`] combines both.
pub fn lots_for(step: ProjectStep, s: &Situation<'_>, part: &Part) -> Vec<Option<String>> {
    use ProjectStep as S;
    let r = s.record;
    let in_force = part.supplier.map(|p| p.in_force).unwrap_or_default();
    let contract = |k: &Option<String>| r.contract_for_lot(k.as_deref());
    lot_keys(r)
        .into_iter()
        .enumerate()
        // A lot that failed alone takes no step of its own any more.
        .filter(|(_, k)| !failed(r, k.as_deref()))
        .filter(|(i, k)| match step {
            S::BidSubmit => !in_force.contains(*i),
            S::BidReplace | S::BidWithdraw => in_force.contains(*i),
            S::Confirm => {
                r.award_for_lot(k.as_deref()).is_none()
                    && (s.method == Method::SingleSource
                        || report_of(r, k.as_deref()).is_some_and(|r| !r.ranking.is_empty()))
            }
            S::Contract => r.award_for_lot(k.as_deref()).is_some() && contract(k).is_none(),
            S::Amend | S::Accept => contract(k).is_some(),
            S::Pay => contract(k).is_some_and(|c| !paid_in_full(r, c)),
            _ => false,
        })
        .map(|(_, k)| k)
        .collect()
}

/// The lots that may fail alone now (废标 of one lot, the others going on): the live lots
/// without a winner, while at least two are live (the last one ends the whole procurement).
pub fn lots_to_fail(s: &Situation<'_>) -> Vec<Option<String>> {
    let live = live_keys(s.record);
    if live.len() < 2 || live.contains(&None) {
        return Vec::new();
    }
    live.into_iter()
        .filter(|k| s.record.award_for_lot(k.as_deref()).is_none())
        .collect()
}

/// Whether the documents asked the bidders for a bid security (投标保证金): without one there is
/// nothing to refund.
pub fn takes_security(record: &ProjectRecord) -> bool {
    record
        .project
        .deposit
        .as_ref()
        .and_then(|d| d.bid_security)
        .is_some_and(|f| f > crate::money::Fen::ZERO)
}

/// Whether the security of a bid in `lot` may be refunded now: after the award notice, after
/// 废标 / 终止 of the procurement, or once its lot failed alone.
pub fn may_refund(s: &Situation<'_>, lot: Option<&str>) -> bool {
    s.state.award_notice_sent || s.state.terminated || failed(s.record, lot)
}

/// [`may_refund`] as the refund step's answer: the reason when the bid's lot is not there yet.
pub fn refund_gate(s: &Situation<'_>, lot: Option<&str>) -> Result<(), Refusal> {
    if may_refund(s, lot) {
        Ok(())
    } else {
        Err(not_now(
            "通知书发出前不退还投标保证金",
            "securities are refunded after the award notice",
        ))
    }
}

/// [`gate`] for the step on one lot (`None`: the project without lots): a per-lot step only on
/// a lot [`lots_for`] lists, refused on the form's `lot` field otherwise.
pub fn gate_lot(
    step: ProjectStep,
    s: &Situation<'_>,
    part: &Part,
    lot: Option<&str>,
) -> Result<(), Refusal> {
    gate(step, s, part)?;
    let listed = match (step, lot) {
        (ProjectStep::Terminate, None) => true,
        (ProjectStep::Terminate, Some(_)) => lots_to_fail(s).iter().any(|k| k.as_deref() == lot),
        _ => !per_lot(step) || lots_for(step, s, part).iter().any(|k| k.as_deref() == lot),
    };
    if !listed {
        return Err(Refusal::NotNow {
            field: "lot",
            reason: Text::new(
                "该包当前不能办理此事项",
                "this lot does not take this step now",
            ),
        });
    }
    Ok(())
}

/// What a step finds in its own rows after the gate: an id that names nothing, or a row that
/// changed since it was read (a concurrent step took it). One text each, for every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    NoSuchSupplier,
    NoSuchBid,
    NoSuchAgency,
    BidNotInForce,
    AlreadyAnswered,
    PanelDrawn,
    PlanNotReleased,
    PlanTaken,
    NoNotice,
    SecurityRefunded,
}

impl Found {
    pub fn text(self) -> Text {
        match self {
            Found::NoSuchSupplier => Text::new("没有这个供应商", "No such supplier"),
            Found::NoSuchBid => Text::new("没有这份投标文件", "No such bid"),
            Found::NoSuchAgency => Text::new("没有这个采购代理机构", "No such procurement agency"),
            Found::BidNotInForce => Text::new(
                "该投标文件已撤回或已被替换",
                "This bid was withdrawn or replaced",
            ),
            Found::AlreadyAnswered => Text::new("已答复", "already answered"),
            Found::PanelDrawn => Text::new("专家已抽取", "the panel has been drawn"),
            Found::PlanNotReleased => {
                Text::new("采购计划尚未下达执行", "The plan has not been released")
            }
            Found::PlanTaken => {
                Text::new("该计划已开始采购", "This plan's procurement has started")
            }
            Found::NoNotice => Text::new("尚未发布公告", "no notice yet"),
            Found::SecurityRefunded => Text::new(
                "该投标保证金已退还，或该投标已被替换",
                "This bid's security is refunded already, or the bid was replaced",
            ),
        }
    }
}

/// Three suppliers at least: fewer end a procurement (GP Law Art 36(一)).
const MIN_SUPPLIERS: usize = 3;

/// Whether a termination's ground fits the project's stage: too few suppliers only once the
/// deadline has passed with fewer than three bids or once they are opened, prices over the
/// budget only once they are opened.
/// A violation or a cancelled task may end the procurement at any stage before the contract.
pub fn ground_fits(ground: FailureGround, s: &Situation<'_>) -> Result<(), Refusal> {
    ground_fits_lot(ground, s, None)
}

/// [`ground_fits`] for the failure of one lot (`None`: the whole procurement): too few suppliers
/// counts the lot's own bids.
pub fn ground_fits_lot(
    ground: FailureGround,
    s: &Situation<'_>,
    lot: Option<&str>,
) -> Result<(), Refusal> {
    let bids = match lot {
        Some(l) => s
            .bids_in_force
            .iter()
            .filter(|b| b.lot.as_deref() == Some(l))
            .count(),
        None => fewest_bids(s),
    };
    match ground {
        // Before the opening the count of bids decides; after it, the review may find fewer
        // qualified or responsive suppliers than bid.
        FailureGround::TooFewSuppliers => match s.state.deadline {
            Some(d)
                if s.now >= d
                    && (bids < MIN_SUPPLIERS || s.record.opening_at.is_some()) =>
            {
                Ok(())
            }
            _ => Err(Refusal::NotNow {
                field: "ground",
                reason: Text::new(
                    "投标截止后、且投标不足三家或开标后方可以供应商不足为由废标",
                    "Too few suppliers is a ground after the deadline with fewer than three bids, or after the opening",
                ),
            }),
        },
        FailureGround::OverBudget => {
            if s.record.opening_at.is_some()
                || s.state.node.is_some_and(|n| n >= Node::DeadlineOpening)
            {
                Ok(())
            } else {
                Err(Refusal::NotNow {
                    field: "ground",
                    reason: Text::new(
                        "开标前不能以报价超过预算为由废标",
                        "Prices over the budget is a ground only after the opening",
                    ),
                })
            }
        }
        FailureGround::Violation | FailureGround::Cancelled => Ok(()),
    }
}

/// The grounds `part` may end the procurement on now: none unless it may take the step.
pub fn termination_grounds(s: &Situation<'_>, part: &Part) -> Vec<FailureGround> {
    if gate(ProjectStep::Terminate, s, part).is_err() {
        return Vec::new();
    }
    FailureGround::ALL
        .into_iter()
        .filter(|g| ground_fits(*g, s).is_ok())
        .collect()
}

/// The final payment is recorded, or what was paid reaches the contract's amount with its
/// amendments: nothing is left to pay.
pub(crate) fn paid_in_full(record: &ProjectRecord, contract: &crate::model::Contract) -> bool {
    let mine =
        |p: &&crate::model::Payment| p.contract_id.as_deref().is_none_or(|c| c == contract.id);
    if record
        .payments
        .iter()
        .filter(mine)
        .any(|p| p.is_final == Some(true))
    {
        return true;
    }
    let Some(amount) = contract.amount else {
        return false;
    };
    let total = contract
        .amendments
        .iter()
        .filter_map(|a| a.delta_amount)
        .fold(amount.fen(), |t, d| t.saturating_add(d.fen()));
    let paid = record
        .payments
        .iter()
        .filter(mine)
        .fold(0_i64, |t, p| t.saturating_add(p.amount.fen()));
    paid >= total
}

/// The steps `part` may take now: what a page offers. A challenge is listed when the actor is
/// a supplier; which subjects it may challenge is `disclosure::may_challenge`'s.
pub fn offered(s: &Situation<'_>, part: &Part) -> Vec<ProjectStep> {
    STEPS
        .into_iter()
        .filter(|step| gate(*step, s, part).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Award, MemberRole, MemberSource, ObjectType, Panel, PanelMember, Project};
    use crate::workflow::allowed_events;

    fn record() -> ProjectRecord {
        ProjectRecord::empty(Project::minimal(
            "p1",
            Method::PublicTender,
            ObjectType::Goods,
        ))
    }

    fn award() -> Award {
        Award {
            lot_id: None,
            supplier_id: "s".into(),
            bid_id: None,
            amount: None,
            confirmed_at: Some(at(50)),
            notified_at: None,
            published_at: None,
            deviation_reason: None,
        }
    }

    fn in_force(ids: &[&str]) -> Vec<InForce> {
        ids.iter()
            .map(|id| InForce {
                id: (*id).to_owned(),
                lot: None,
            })
            .collect()
    }

    fn at(s: i64) -> Instant {
        Instant::from_unix_seconds(s)
    }

    fn state(node: Node, deadline: Option<i64>) -> ProcState {
        ProcState {
            node: Some(node),
            deadline: deadline.map(at),
            last_at: Some(at(0)),
            ..ProcState::default()
        }
    }

    fn situation<'a>(
        method: Method,
        state: &'a ProcState,
        record: &'a ProjectRecord,
        bids: &'a [InForce],
        now: i64,
    ) -> Situation<'a> {
        Situation {
            method,
            state,
            record,
            scored: true,
            bids_in_force: bids,
            unanswered: 0,
            reviewed: false,
            now: at(now),
        }
    }

    /// The qualification review: after the opening, before any score, once; with fewer than
    /// three bids passing, a tender's panel neither sits nor reports.
    #[test]
    fn the_qualification_review_comes_once_before_the_scores() {
        let r = record();
        let opened = state(Node::DeadlineOpening, Some(0));
        let three = in_force(&["1", "2", "3"]);
        let s = situation(Method::PublicTender, &opened, &r, &three, 10);
        assert!(gate(ProjectStep::Qualify, &s, &RUNNER).is_ok());
        assert_eq!(
            gate(ProjectStep::Qualify, &s, &UNIT),
            Err(Refusal::NotYours)
        );
        let before = state(Node::DocumentIssue, Some(100));
        let s = situation(Method::PublicTender, &before, &r, &three, 10);
        assert!(gate(ProjectStep::Qualify, &s, &RUNNER).is_err());
        let s = Situation {
            reviewed: true,
            ..situation(Method::PublicTender, &opened, &r, &three, 10)
        };
        assert!(gate(ProjectStep::Qualify, &s, &RUNNER).is_err());
        assert!(gate(ProjectStep::Draw, &s, &RUNNER).is_ok());
        let two = in_force(&["1", "3"]);
        let s = Situation {
            reviewed: true,
            ..situation(Method::PublicTender, &opened, &r, &two, 10)
        };
        assert!(gate(ProjectStep::Draw, &s, &RUNNER).is_err());
        // Single source has no bids to review.
        let s = situation(Method::SingleSource, &opened, &r, &three, 10);
        assert!(gate(ProjectStep::Qualify, &s, &RUNNER).is_err());
    }

    const RUNNER: Part = Part {
        runs: true,
        unit: false,
        supplier: None,
        expert: None,
        unlisted: false,
    };
    const UNIT: Part = Part {
        runs: false,
        unit: true,
        supplier: None,
        expert: None,
        unlisted: false,
    };

    #[test]
    fn an_unlisted_agency_neither_publishes_nor_draws() {
        let st = state(Node::NoticeInvitation, Some(1_000));
        let r = record();
        let s = situation(Method::PublicTender, &st, &r, &[], 500);
        let unlisted = Part {
            unlisted: true,
            ..RUNNER
        };
        for step in [ProjectStep::Notice, ProjectStep::Draw] {
            assert_eq!(
                gate(step, &s, &unlisted),
                Err(Refusal::step(crate::agency::unlisted_refusal()))
            );
        }
        assert!(!offered(&s, &unlisted).contains(&ProjectStep::Notice));
    }

    #[test]
    fn a_stranger_is_refused_before_anything_is_said_about_the_state() {
        let st = state(Node::NoticeInvitation, Some(1_000));
        let r = record();
        let s = situation(Method::PublicTender, &st, &r, &[], 10);
        for step in STEPS {
            assert_eq!(
                gate(step, &s, &Part::default()),
                Err(Refusal::NotYours),
                "{step:?}"
            );
        }
    }

    #[test]
    fn invitations_and_clarifications_end_at_the_deadline() {
        let st = state(Node::DocumentIssue, Some(1_000));
        let r = record();
        let before = situation(Method::CompetitiveNegotiation, &st, &r, &[], 999);
        assert!(gate(ProjectStep::Invite, &before, &RUNNER).is_ok());
        assert!(gate(ProjectStep::Clarify, &before, &RUNNER).is_ok());
        let after = situation(Method::CompetitiveNegotiation, &st, &r, &[], 1_000);
        assert!(matches!(
            gate(ProjectStep::Invite, &after, &RUNNER),
            Err(Refusal::NotNow { .. })
        ));
        assert!(matches!(
            gate(ProjectStep::Clarify, &after, &RUNNER),
            Err(Refusal::NotNow { .. })
        ));
        let tender = situation(Method::PublicTender, &st, &r, &[], 999);
        assert!(gate(ProjectStep::Invite, &tender, &RUNNER).is_err());
    }

    #[test]
    fn a_bid_is_submitted_once_then_replaced_or_withdrawn_before_the_deadline() {
        let st = state(Node::NoticeInvitation, Some(1_000));
        let r = record();
        let s = situation(Method::PublicTender, &st, &r, &[], 500);
        let fresh = Part {
            supplier: Some(SupplierPart::default()),
            ..Part::default()
        };
        let holding = Part {
            supplier: Some(SupplierPart {
                invited: false,
                in_force: LotSet::EMPTY.with(0),
                unbound: false,
            }),
            ..Part::default()
        };
        assert_eq!(
            offered(&s, &fresh),
            vec![ProjectStep::BidSubmit, ProjectStep::ChallengeFile]
        );
        assert_eq!(
            offered(&s, &holding),
            vec![
                ProjectStep::BidReplace,
                ProjectStep::BidWithdraw,
                ProjectStep::ChallengeFile
            ]
        );
        let late = situation(Method::PublicTender, &st, &r, &[], 1_000);
        assert_eq!(offered(&late, &holding), vec![ProjectStep::ChallengeFile]);
        // An account not yet bound to its legal entity may not sign a bid (nor replace one);
        // it may still withdraw one and challenge.
        let unbound = |p: SupplierPart| Part {
            supplier: Some(SupplierPart { unbound: true, ..p }),
            ..Part::default()
        };
        assert_eq!(
            offered(&s, &unbound(SupplierPart::default())),
            vec![ProjectStep::ChallengeFile]
        );
        assert!(matches!(
            gate(
                ProjectStep::BidSubmit,
                &s,
                &unbound(SupplierPart::default())
            ),
            Err(Refusal::NotNow { field: "step", .. })
        ));
        assert_eq!(
            offered(&s, &unbound(holding.supplier.unwrap())),
            vec![ProjectStep::BidWithdraw, ProjectStep::ChallengeFile]
        );
        // Invited methods: an uninvited supplier has no part at all.
        let neg = situation(Method::CompetitiveNegotiation, &st, &r, &[], 500);
        assert_eq!(
            gate(ProjectStep::BidSubmit, &neg, &fresh),
            Err(Refusal::NotYours)
        );
    }

    #[test]
    fn the_report_waits_for_every_sheet_and_the_result_notice_for_an_award() {
        let st = state(Node::ExpertDraw, Some(100));
        let mut r = record();
        r.panel = Some(Panel {
            members: vec![PanelMember {
                person_id: "e1".into(),
                role: MemberRole::Expert,
                source: MemberSource::Random,
                drawn_at: None,
                is_legal_expert: None,
            }],
            ..Panel::default()
        });
        let bids = in_force(&["1", "2", "3"]);
        let s = situation(Method::PublicTender, &st, &r, &bids, 500);
        // A tender reports only after the qualification review (财政部令第87号 Art 44).
        let unscored = Situation { scored: false, ..s };
        assert!(gate(ProjectStep::Report, &unscored, &RUNNER).is_err());
        let s = Situation {
            reviewed: true,
            ..s
        };
        assert!(matches!(
            gate(ProjectStep::Report, &s, &RUNNER),
            Err(Refusal::NotNow { .. })
        ));
        let unscored = Situation { scored: false, ..s };
        assert!(gate(ProjectStep::Report, &unscored, &RUNNER).is_ok());
        // The other methods' panels review qualification themselves: no separate step needed.
        let negotiation = Situation {
            method: Method::CompetitiveNegotiation,
            reviewed: false,
            ..unscored
        };
        assert!(gate(ProjectStep::Report, &negotiation, &RUNNER).is_ok());
        assert!(gate(ProjectStep::ResultNotice, &s, &RUNNER).is_err());
        assert!(gate(ProjectStep::Confirm, &s, &UNIT).is_err());
        // Once confirmed, never again.
        let mut awarded = r.clone();
        awarded.awards.push(award());
        let s = situation(Method::SingleSource, &st, &awarded, &bids, 500);
        assert!(matches!(
            gate(ProjectStep::Confirm, &s, &UNIT),
            Err(Refusal::NotNow { .. })
        ));
    }

    #[test]
    fn a_procurement_fails_before_the_contract_on_a_ground_that_fits_its_stage() {
        let noticed = state(Node::DocumentIssue, Some(1_000));
        let r = record();
        let before = situation(Method::PublicTender, &noticed, &r, &[], 500);
        assert!(gate(ProjectStep::Terminate, &before, &RUNNER).is_ok());
        assert_eq!(
            gate(ProjectStep::Terminate, &before, &UNIT),
            Err(Refusal::NotYours)
        );
        assert!(ground_fits(FailureGround::Cancelled, &before).is_ok());
        assert_eq!(
            termination_grounds(&before, &RUNNER),
            vec![FailureGround::Violation, FailureGround::Cancelled]
        );
        assert!(termination_grounds(&before, &UNIT).is_empty());
        assert!(ground_fits(FailureGround::TooFewSuppliers, &before).is_err());
        assert!(ground_fits(FailureGround::OverBudget, &before).is_err());
        let after = situation(Method::PublicTender, &noticed, &r, &[], 1_000);
        assert!(ground_fits(FailureGround::TooFewSuppliers, &after).is_ok());
        // Three bids in, not opened: the count does not fail the procurement.
        let three = in_force(&["1", "2", "3"]);
        let enough = situation(Method::PublicTender, &noticed, &r, &three, 1_000);
        assert!(ground_fits(FailureGround::TooFewSuppliers, &enough).is_err());
        // Ended already, or a contract signed: nothing more to end.
        let ended = ProcState {
            terminated: true,
            ..noticed
        };
        let s = situation(Method::PublicTender, &ended, &r, &[], 1_000);
        assert!(gate(ProjectStep::Terminate, &s, &RUNNER).is_err());
        // Without a bid security in the documents nothing is left to do…
        assert_eq!(offered(&s, &RUNNER), vec![]);
        let mut r = r.clone();
        r.project.deposit = Some(crate::model::DepositTerms {
            bid_security: Some(crate::money::Fen(2_000_000)),
            bid_security_guarantee_accepted: None,
            performance_bond_permille: None,
            performance_bond_guarantee_accepted: None,
        });
        let s = situation(Method::PublicTender, &ended, &r, &[], 1_000);
        let mut zero = r.clone();
        if let Some(d) = zero.project.deposit.as_mut() {
            d.bid_security = Some(crate::money::Fen::ZERO);
        }
        assert!(takes_security(&r) && !takes_security(&zero));
        // …with one, only the bid securities are still refunded (财政部令第87号 Art 38)…
        assert_eq!(offered(&s, &RUNNER), vec![ProjectStep::RefundSecurity]);
        // …and a bidder may challenge the failure (财政部令第94号 Art 10), then be answered.
        let bidder = Part {
            supplier: Some(SupplierPart {
                invited: false,
                in_force: LotSet::EMPTY.with(0),
                unbound: false,
            }),
            ..Part::default()
        };
        assert_eq!(offered(&s, &bidder), vec![ProjectStep::ChallengeFile]);
        let challenged = ProcState {
            open_challenges: 1,
            ..ended
        };
        let s = Situation {
            unanswered: 1,
            reviewed: false,
            ..situation(Method::PublicTender, &challenged, &r, &[], 1_000)
        };
        assert_eq!(
            offered(&s, &RUNNER),
            vec![ProjectStep::RefundSecurity, ProjectStep::ChallengeAnswer]
        );
        let signed = state(Node::Contract, Some(100));
        let s = situation(Method::PublicTender, &signed, &r, &[], 1_000);
        assert!(gate(ProjectStep::Terminate, &s, &RUNNER).is_err());
    }

    #[test]
    fn per_lot_steps_act_on_the_lots_that_allow_them() {
        use crate::model::{Contract, EvaluationReport, Lot};
        let mut r = record();
        r.lots = ["1", "2"]
            .map(|id| Lot {
                failed: None,
                id: id.into(),
                name: format!("包{id}"),
                budget_amount: None,
                max_price: None,
            })
            .to_vec();
        // A supplier with a bid in force in lot 2 may bid in lot 1 only, and replace in lot 2.
        let st = state(Node::DocumentIssue, Some(1_000));
        let s = situation(Method::PublicTender, &st, &r, &[], 500);
        let holding = Part {
            supplier: Some(SupplierPart {
                invited: false,
                in_force: LotSet::EMPTY.with(1),
                unbound: false,
            }),
            ..Part::default()
        };
        let one = |k: &str| Some(k.to_owned());
        assert_eq!(lots_for(ProjectStep::BidSubmit, &s, &holding), [one("1")]);
        assert_eq!(lots_for(ProjectStep::BidReplace, &s, &holding), [one("2")]);
        assert!(gate_lot(ProjectStep::BidSubmit, &s, &holding, Some("1")).is_ok());
        assert!(matches!(
            gate_lot(ProjectStep::BidSubmit, &s, &holding, Some("2")),
            Err(Refusal::NotNow { field: "lot", .. })
        ));
        assert!(gate_lot(ProjectStep::BidSubmit, &s, &holding, None).is_err());
        // The opening needs enough bids in every lot.
        let bids: Vec<InForce> = ["a", "b", "c", "d"]
            .iter()
            .enumerate()
            .map(|(i, id)| InForce {
                id: (*id).to_owned(),
                lot: Some(if i < 3 { "1" } else { "2" }.to_owned()),
            })
            .collect();
        let late = situation(Method::PublicTender, &st, &r, &bids, 1_000);
        assert!(gate(ProjectStep::Open, &late, &RUNNER).is_err());
        // Lot 1 reported and awarded, lot 2 reported: confirm lot 2 only; no result notice yet.
        let st = state(Node::ReportAward, Some(100));
        for lot in ["1", "2"] {
            r.reports.push(EvaluationReport {
                version: 1,
                lot_id: Some(lot.into()),
                signed_at: None,
                delivered_at: None,
                ranking: vec!["s".into()],
                change_reason: None,
                reported_to_finance: None,
            });
        }
        r.awards.push(Award {
            lot_id: one("1"),
            ..award()
        });
        let s = situation(Method::PublicTender, &st, &r, &[], 500);
        assert_eq!(lots_for(ProjectStep::Confirm, &s, &UNIT), [one("2")]);
        assert!(gate(ProjectStep::ResultNotice, &s, &RUNNER).is_err());
        r.awards.push(Award {
            lot_id: one("2"),
            ..award()
        });
        let s = situation(Method::PublicTender, &st, &r, &[], 500);
        assert!(gate(ProjectStep::Confirm, &s, &UNIT).is_err());
        assert!(gate(ProjectStep::ResultNotice, &s, &RUNNER).is_ok());
        // After the award notice: lot 1's contract signed, lot 2's still to sign — without a
        // workflow event, at the contract node.
        let mut st = state(Node::Contract, Some(100));
        st.award_notice_sent = true;
        r.contracts.push(Contract {
            id: "p-1".into(),
            lot_id: one("1"),
            supplier_id: "s".into(),
            amount: None,
            signed_at: None,
            published_at: None,
            filed_at: None,
            terms_match_award: None,
            payment_term_days: None,
            payment_after_acceptance: None,
            payment_term_agreed: None,
            amendments: Vec::new(),
            subcontracts: Vec::new(),
        });
        let s = situation(Method::PublicTender, &st, &r, &[], 500);
        assert_eq!(lots_for(ProjectStep::Contract, &s, &UNIT), [one("2")]);
        assert!(gate_lot(ProjectStep::Contract, &s, &UNIT, Some("2")).is_ok());
        assert!(gate_lot(ProjectStep::Contract, &s, &UNIT, Some("1")).is_err());
        assert_eq!(lots_for(ProjectStep::Pay, &s, &UNIT), [one("1")]);
    }

    #[test]
    fn every_step_has_its_own_form_name() {
        for step in STEPS.into_iter().chain([ProjectStep::Create]) {
            assert_eq!(ProjectStep::of_form(step.form()), Some(step));
        }
        assert_eq!(ProjectStep::of_form("nonsense"), None);
    }

    #[test]
    fn offered_steps_are_a_subset_of_what_the_workflow_allows() {
        // Whatever the offered list holds for a step with events, its first event is allowed.
        let st = state(Node::ReportAward, Some(100));
        let mut r = record();
        r.awards.push(award());
        let s = situation(Method::PublicTender, &st, &r, &[], 500);
        let allowed = allowed_events(Method::PublicTender, &st);
        for part in [RUNNER, UNIT] {
            for step in offered(&s, &part) {
                if let Some(first) = step.events(Method::PublicTender).first() {
                    assert!(allowed.contains(first), "{step:?}");
                }
            }
        }
    }
}
