//! The second half of a project step, pure: what the step changes. [`crate::steps::gate`] says
//! whether the step may happen now; the functions here apply it to the project's record and
//! say what the audit record holds ([`Change`]), and [`conclude`] — the common end of every
//! step — moves the state by the step's events, runs the checks of the step's nodes and refuses
//! what the step's forbidding checks flag. The server loads, gates, applies, concludes and
//! persists, in one transaction; nothing here reads or writes storage.

use serde_json::{json, Value};

use crate::award::contract_matches_award;
use crate::checks::framework::CheckContext;
use crate::checks::run_node;
use crate::execution::{
    self, ChallengeFiling, NewNotice, ProjectStep, Termination, Terms, DEFAULT_MEDIUM,
};
use crate::field::FieldError;
use crate::i18n::Text;
use crate::model::{
    Acceptance, Amendment, AmendmentKind, Award, Challenge, Clarification, Contract, DepositTerms,
    Expert, InvitedSupplier, Method, Notice, NoticeContent, NoticeKind, Panel, Payment,
    ProcurementDocuments, ProjectRecord, ScoreSheet, Scoring, ScoringMethod, Supplier,
    SupplierSource,
};
use crate::money::Fen;
use crate::panel::Draw;
use crate::plan::{activity_notice_kind, PlanFinding};
use crate::scoring::{draft_report, report_members, Ranking};
use crate::time::{Date, Instant};
use crate::workflow::{next, Event, EventKind, ProcState};

/// What applying a step changed besides the record: the workflow events it takes and what its
/// audit record says.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub events: Vec<Event>,
    pub audit: Value,
}

/// A record that the gate admitted but that lacks what the step acts on (an acceptance without
/// a contract): a fault of the stored data, never of the user's input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("inconsistent record: {0}")]
pub struct Inconsistent(pub &'static str);

/// Why a step is not applied: the user's input does not fit the record (answered as a field
/// error, nothing stored), or the record lacks what the step acts on.
#[derive(Debug, Clone, PartialEq)]
pub enum NotApplied {
    /// The input does not fit the record (a contract that differs from its award).
    Rejected(FieldError),
    /// The record lacks what the step acts on.
    Inconsistent(Inconsistent),
}

impl From<Inconsistent> for NotApplied {
    fn from(e: Inconsistent) -> NotApplied {
        NotApplied::Inconsistent(e)
    }
}

/// An audit record's body with the lot it concerns (none without lots: the record stays as it
/// was before lots existed).
fn with_lot(mut audit: Value, lot: Option<&str>) -> Value {
    if let (Some(lot), Some(map)) = (lot, audit.as_object_mut()) {
        map.insert("lot".to_owned(), json!(lot));
    }
    audit
}

/// The workflow events of `step` at `at`; `deadline` goes with the events that set one.
pub fn step_events(
    step: ProjectStep,
    method: Method,
    at: Instant,
    deadline: Option<Instant>,
    affects_result: bool,
) -> Vec<Event> {
    step.events(method)
        .iter()
        .map(|k| Event {
            kind: *k,
            at,
            deadline: match k {
                EventKind::NoticePublished | EventKind::DocumentsIssued | EventKind::Clarified => {
                    deadline
                }
                _ => None,
            },
            affects_result,
        })
        .collect()
}

/// The notice and the documents: the documents' terms (`notice.terms`, the experts' specialties
/// from the project's category) become the project's `terms` and set its ceiling, bid security
/// and scoring; the notice is published with the `budget`, the documents are issued (single
/// source: none) and the deadline is set.
pub fn notice(
    record: &mut ProjectRecord,
    terms: &mut Option<Terms>,
    method: Method,
    budget: Fen,
    notice: &NewNotice,
    at: Instant,
) -> Change {
    let mut t = notice.terms.clone();
    if let Some(c) = &record.project.category_code {
        t.specialties = vec![c.chars().take(3).collect()];
    }
    let p = &mut record.project;
    p.max_price = t.max_price;
    p.deposit = Some(DepositTerms {
        bid_security: t.bid_security,
        bid_security_guarantee_accepted: Some(true),
        performance_bond_permille: None,
        performance_bond_guarantee_accepted: None,
    });
    p.scoring = Some(match t.scheme.as_ref().and_then(|s| s.scheme()) {
        Some(s) => s.model_scoring(),
        None => Scoring {
            method: ScoringMethod::LowestPrice,
            price_weight_permille: None,
            weight_approved: None,
        },
    });
    record.notices.push(Notice {
        id: None,
        kind: activity_notice_kind(method),
        lot_id: None,
        published_at: at,
        media: notice.media.clone(),
        period_end: None,
        budget_amount: Some(budget),
        content: None,
    });
    if method != Method::SingleSource {
        record.documents = Some(ProcurementDocuments {
            issued_from: Some(at),
            issued_until: None,
            prequal_application_deadline: None,
            prequal_issued_from: None,
            prequal_issued_until: None,
            excludes_domestic_products: None,
            text: None,
        });
    }
    record.deadline = Some(notice.deadline);
    record.lots = notice.lots.clone();
    let audit = if notice.lots.is_empty() {
        json!({"deadline": notice.deadline, "terms": t})
    } else {
        json!({"deadline": notice.deadline, "terms": t, "lots": notice.lots})
    };
    *terms = Some(t);
    Change {
        events: step_events(
            ProjectStep::Notice,
            method,
            at,
            Some(notice.deadline),
            false,
        ),
        audit,
    }
}

/// The invitation of `supplier` (invited tender, negotiation, consultation, RFQ): it joins the
/// invited suppliers at `at`, once.
pub fn invite(record: &mut ProjectRecord, supplier: &Supplier, at: Instant) -> Change {
    if !record
        .invited_suppliers
        .iter()
        .any(|i| i.supplier_id == supplier.id)
    {
        record.invited_suppliers.push(InvitedSupplier {
            supplier_id: supplier.id.clone(),
            source: SupplierSource::Other,
            invited_at: Some(at),
        });
    }
    Change {
        events: Vec::new(),
        audit: json!({"invited": supplier.id}),
    }
}

/// A clarification or change of the documents (澄清或者修改), optionally moving the deadline.
pub fn clarify(
    record: &mut ProjectRecord,
    state: &ProcState,
    method: Method,
    text: &str,
    deadline: Option<Instant>,
    at: Instant,
) -> Change {
    let before = state.deadline;
    record.clarifications.push(Clarification {
        issued_at: at,
        affects_preparation: Some(true),
        prequalification: false,
        deadline_before: before,
        deadline_after: deadline.or(before),
    });
    if deadline.is_some() {
        record.deadline = deadline;
    }
    Change {
        events: step_events(ProjectStep::Clarify, method, at, deadline, false),
        audit: json!({"text": text, "deadline_before": before, "deadline_after": deadline}),
    }
}

/// The opening at `at` of the `bids` bids in force: their bidders' registry entries (`entries`)
/// join the record now, not before; an entry the record holds already is not added again.
pub fn open(
    record: &mut ProjectRecord,
    method: Method,
    bids: usize,
    entries: Vec<Supplier>,
    at: Instant,
) -> Change {
    record.opening_at = Some(at);
    for s in entries {
        if record.supplier(&s.id).is_none() {
            record.suppliers.push(s);
        }
    }
    Change {
        events: step_events(ProjectStep::Open, method, at, None, false),
        audit: json!({"bids": bids}),
    }
}

/// The expert draw (`crate::panel::draw`, recorded with its seed) on the record: the panel as
/// drawn at `at`, and the registry entries of its experts and reserves from `library`. The audit
/// holds the seed, the panel, the reserves and how many experts were eligible.
pub fn draw<'a>(
    record: &mut ProjectRecord,
    method: Method,
    project_id: i64,
    drawn: &Draw,
    library: impl IntoIterator<Item = &'a Expert>,
    at: Instant,
) -> Change {
    record.panel = Some(Panel {
        members: drawn.panel_members(at),
        started_at: None,
        ended_at: None,
        off_site: None,
    });
    record.experts = library
        .into_iter()
        .filter(|e| drawn.panel.contains(&e.id) || drawn.reserves.contains(&e.id))
        .cloned()
        .collect();
    Change {
        events: step_events(ProjectStep::Draw, method, at, None, false),
        audit: json!({"project_id": project_id, "seed": drawn.seed.to_string(), "panel": drawn.panel, "reserves": drawn.reserves, "eligible": drawn.eligible}),
    }
}

/// An expert's declaration of `conflicts` before seeing the bids (M07–M09). After a recusal
/// (`replaced_by`: the reserve seated in `drawn`, the draw as it is now) the panel on the record
/// is `drawn`'s, drawn at `drawn_at`.
pub fn declare(
    record: &mut ProjectRecord,
    drawn: &Draw,
    drawn_at: Instant,
    conflicts: &[String],
    replaced_by: Option<String>,
) -> Change {
    if replaced_by.is_some() {
        if let Some(panel) = record.panel.as_mut() {
            panel.members = drawn.panel_members(drawn_at);
        }
    }
    Change {
        events: Vec::new(),
        audit: json!({"conflicts": conflicts, "replaced_by": replaced_by}),
    }
}

/// An expert's score sheet: it replaces the expert's earlier sheet of the same bid.
pub fn score(record: &mut ProjectRecord, project_id: i64, sheet: ScoreSheet) -> Change {
    let audit = json!({"project_id": project_id, "bid_id": sheet.bid_id, "total_hundredths": sheet.total_hundredths});
    record
        .score_sheets
        .retain(|s| !(s.person_id == sheet.person_id && s.bid_id == sheet.bid_id));
    record.score_sheets.push(sheet);
    Change {
        events: Vec::new(),
        audit,
    }
}

/// The evaluation report from the `rankings` of each lot (`crate::scoring::rank`; lowest price:
/// `rank_by_price`; one ranking keyed `None` for a project without lots): for each lot the
/// next version, signed and delivered at `at`; the panel's evaluation ends. The audit holds the
/// rankings and the names of the panel's experts.
pub fn report(
    record: &mut ProjectRecord,
    method: Method,
    rankings: &[(Option<String>, Ranking)],
    at: Instant,
) -> Change {
    let members = record
        .panel
        .as_ref()
        .map(|p| report_members(&p.members, &record.experts))
        .unwrap_or_default();
    let experts: Vec<&String> = members.iter().map(|m| &m.1).collect();
    let mut ranked = Vec::new();
    for (lot, ranking) in rankings {
        let mut report = draft_report(lot.as_deref(), ranking);
        report.version = record.reports.iter().filter(|r| r.lot_id == *lot).count() as u32 + 1;
        report.signed_at = Some(at);
        report.delivered_at = Some(at);
        ranked.push((lot.clone(), report.ranking.clone()));
        record.reports.push(report);
    }
    let audit = match ranked.as_slice() {
        [(None, ranking)] => json!({"ranking": ranking, "experts": experts}),
        _ => json!({
            "rankings": ranked.iter().map(|(lot, r)| json!({"lot": lot, "ranking": r})).collect::<Vec<_>>(),
            "experts": experts,
        }),
    };
    if let Some(p) = record.panel.as_mut() {
        p.ended_at = Some(at);
    }
    Change {
        events: step_events(ProjectStep::Report, method, at, None, false),
        audit,
    }
}

/// The purchaser's confirmation of the winner of `lot` (M23; `None`: the project without lots):
/// the award to `supplier_id` of its bid (`bid_id`; single source: none) at `amount`, with the
/// reason for not taking the first-ranked (`deviation_reason`), confirmed at `at`. `entry`: the
/// winner's registry entry when the record lacks it (single source: no opening brought it in).
/// Single source without a report: the report's events come first.
#[allow(clippy::too_many_arguments)] // the parts of the award, each a different one
pub fn confirm(
    record: &mut ProjectRecord,
    method: Method,
    lot: Option<&str>,
    supplier_id: &str,
    entry: Option<Supplier>,
    bid_id: Option<String>,
    amount: Fen,
    deviation_reason: Option<&str>,
    at: Instant,
) -> Change {
    if let Some(s) = entry {
        if record.supplier(&s.id).is_none() {
            record.suppliers.push(s);
        }
    }
    record.awards.retain(|a| a.lot_id.as_deref() != lot);
    record.awards.push(Award {
        lot_id: lot.map(str::to_owned),
        supplier_id: supplier_id.to_owned(),
        bid_id,
        amount: Some(amount),
        confirmed_at: Some(at),
        notified_at: None,
        published_at: None,
        deviation_reason: deviation_reason
            .map(str::to_owned)
            .filter(|r| !r.trim().is_empty()),
    });
    let mut events = Vec::new();
    if method == Method::SingleSource && record.reports.is_empty() {
        events.extend(step_events(ProjectStep::Report, method, at, None, false));
    }
    events.extend(step_events(ProjectStep::Confirm, method, at, None, false));
    Change {
        events,
        audit: with_lot(
            json!({"supplier_id": supplier_id, "amount": amount, "deviation_reason": deviation_reason}),
            lot,
        ),
    }
}

/// The result notice (中标 / 成交结果公告) and the award notices to the winners (of every lot),
/// at once.
pub fn result_notice(
    record: &mut ProjectRecord,
    method: Method,
    at: Instant,
) -> Result<Change, Inconsistent> {
    if record.awards.is_empty() {
        return Err(Inconsistent("a result notice without an award"));
    }
    for award in &mut record.awards {
        award.notified_at = Some(at);
        award.published_at = Some(at);
    }
    let amount = record.awards.iter().all(|a| a.amount.is_some());
    record.notices.push(Notice {
        id: None,
        kind: NoticeKind::Result,
        lot_id: None,
        published_at: at,
        media: vec![DEFAULT_MEDIUM.to_owned()],
        period_end: None,
        budget_amount: None,
        content: Some(NoticeContent {
            supplier_name: Some(true),
            supplier_address: Some(true),
            amount: Some(amount),
            main_items: Some(true),
            expert_list: Some(method != Method::SingleSource),
            reason: None,
            documents_attached: Some(true),
        }),
    });
    Ok(Change {
        events: step_events(ProjectStep::ResultNotice, method, at, None, false),
        audit: json!({"notified_at": at}),
    })
}

/// The contract `{project_id}-{n}` (the n-th of the project) with the supplier awarded `lot`
/// (`None`: the project without lots) at `amount`, paid within `payment_term_days` after the
/// acceptance, signed and published at `at`. It must match the award (A04,
/// `crate::award::contract_matches_award`): one that does not is refused. The first contract
/// takes the procurement to the contract node; a later lot's takes no event.
#[allow(clippy::too_many_arguments)] // the parts of the contract, each a different one
pub fn contract(
    record: &mut ProjectRecord,
    method: Method,
    project_id: i64,
    lot: Option<&str>,
    amount: Fen,
    payment_term_days: u32,
    at: Instant,
) -> Result<Change, NotApplied> {
    let award = record
        .award_for_lot(lot)
        .ok_or(Inconsistent("a contract without an award"))?;
    let contract = Contract {
        id: format!("{project_id}-{}", record.contracts.len() + 1),
        lot_id: lot.map(str::to_owned),
        supplier_id: award.supplier_id.clone(),
        amount: Some(amount),
        signed_at: Some(at),
        published_at: Some(at),
        filed_at: None,
        terms_match_award: Some(true),
        payment_term_days: Some(i64::from(payment_term_days)),
        payment_after_acceptance: Some(true),
        payment_term_agreed: None,
        amendments: Vec::new(),
        subcontracts: Vec::new(),
    };
    if let Some(refusal) = contract_matches_award(&contract, award).refusal() {
        return Err(NotApplied::Rejected(refusal));
    }
    let audit = with_lot(
        json!({"amount": amount, "supplier_id": award.supplier_id}),
        lot,
    );
    let events = if record.contracts.is_empty() {
        step_events(ProjectStep::Contract, method, at, None, false)
    } else {
        Vec::new()
    };
    record.contracts.push(contract);
    Ok(Change { events, audit })
}

/// An add-on amendment of the contract by `delta`, signed at `at`; over 10 % of the original
/// amount is flagged (A05).
pub fn amend(
    record: &mut ProjectRecord,
    lot: Option<&str>,
    delta: Fen,
    justification: &str,
    at: Instant,
) -> Result<Change, Inconsistent> {
    let c = record
        .contracts
        .iter_mut()
        .find(|c| c.lot_id.as_deref() == lot)
        .ok_or(Inconsistent("an amendment without a contract"))?;
    c.amendments.push(Amendment {
        kind: AmendmentKind::AddOn,
        signed_at: Some(at),
        delta_amount: Some(delta),
        legal_ground: Some(true),
        justification: Some(justification.to_owned()),
        extends_period: None,
        quality_improvement: None,
    });
    Ok(Change {
        events: Vec::new(),
        audit: with_lot(json!({"delta": delta, "justification": justification}), lot),
    })
}

/// The acceptance (履约验收) of the contract, passed or not.
pub fn accept(
    record: &mut ProjectRecord,
    method: Method,
    lot: Option<&str>,
    passed: bool,
    at: Instant,
) -> Result<Change, Inconsistent> {
    let contract = record
        .contract_for_lot(lot)
        .ok_or(Inconsistent("an acceptance without a contract"))?;
    record.acceptances.push(Acceptance {
        contract_id: contract.id.clone(),
        delivered_at: Some(at),
        done_at: Some(at),
        passed: Some(passed),
        third_party: None,
        recipients_involved: None,
        public_service: None,
    });
    Ok(Change {
        events: step_events(ProjectStep::Accept, method, at, None, false),
        audit: with_lot(json!({"passed": passed}), lot),
    })
}

/// A payment under the contract to its supplier.
pub fn pay(
    record: &mut ProjectRecord,
    method: Method,
    lot: Option<&str>,
    amount: Fen,
    is_final: bool,
    at: Instant,
) -> Result<Change, Inconsistent> {
    let contract = record
        .contract_for_lot(lot)
        .ok_or(Inconsistent("a payment without a contract"))?;
    let payment = Payment {
        contract_id: Some(contract.id.clone()),
        paid_at: at,
        amount,
        payee_id: contract.supplier_id.clone(),
        is_final: Some(is_final),
    };
    record.payments.push(payment);
    Ok(Change {
        events: step_events(ProjectStep::Pay, method, at, None, false),
        audit: with_lot(json!({"amount": amount, "is_final": is_final}), lot),
    })
}

/// 废标 / 终止 (GP Law Art 36) on the ground and reason of `t`, at `at`: the termination notice
/// states the reason; the workflow ends (`EventKind::Terminated`).
pub fn terminate(
    record: &mut ProjectRecord,
    method: Method,
    t: &Termination,
    at: Instant,
) -> Change {
    record.notices.push(termination_notice(None, at));
    Change {
        events: step_events(ProjectStep::Terminate, method, at, None, false),
        audit: json!({"ground": t.ground().code(), "reason": t.reason()}),
    }
}

/// 废标 of one lot alone (`t.lot()`), the other lots going on: the lot records its ground, reason
/// and time, a termination notice of the lot states the reason; the workflow does not move.
pub fn terminate_lot(
    record: &mut ProjectRecord,
    t: &Termination,
    at: Instant,
) -> Result<Change, Inconsistent> {
    let id = t
        .lot()
        .ok_or(Inconsistent("a lot's failure without its lot"))?;
    let lot = record
        .lots
        .iter_mut()
        .find(|l| l.id == id)
        .ok_or(Inconsistent("a failure of a lot the project does not have"))?;
    lot.failed = Some(crate::model::LotFailure {
        ground: t.ground(),
        reason: t.reason().to_owned(),
        at,
    });
    record.notices.push(termination_notice(Some(id), at));
    Ok(Change {
        events: Vec::new(),
        audit: json!({"lot": id, "ground": t.ground().code(), "reason": t.reason()}),
    })
}

/// The termination notice (废标 / 终止公告) of the procurement or of one lot, stating the reason.
fn termination_notice(lot: Option<&str>, at: Instant) -> Notice {
    Notice {
        id: None,
        kind: NoticeKind::Termination,
        lot_id: lot.map(str::to_owned),
        published_at: at,
        media: vec![DEFAULT_MEDIUM.to_owned()],
        period_end: None,
        budget_amount: None,
        content: Some(NoticeContent {
            reason: Some(true),
            ..NoticeContent::default()
        }),
    }
}

/// A supplier's inquiry or challenge as the record holds it, filed by `supplier_id` at `at`
/// (its answer's due date is reckoned from it: `crate::challenge::answer_due`).
pub fn challenge(filing: &ChallengeFiling, supplier_id: &str, at: Instant) -> Challenge {
    Challenge {
        kind: filing.kind,
        supplier_id: Some(supplier_id.to_owned()),
        filed_at: at,
        answered_at: None,
        decided_at: None,
        affects_result: Some(filing.affects_result),
        excluded_workdays: None,
        suspended_from: None,
        suspended_until: None,
        upheld: None,
    }
}

/// A supplier's inquiry or challenge (`challenge`, of `filing`) joins the record; its answer is
/// due on `due_on` (in working days: `crate::challenge::answer_due`). Its events say whether it
/// may affect the result.
pub fn challenge_file(
    record: &mut ProjectRecord,
    method: Method,
    project_id: i64,
    filing: &ChallengeFiling,
    challenge: Challenge,
    due_on: Date,
) -> Change {
    let at = challenge.filed_at;
    record.challenges.push(challenge);
    Change {
        events: step_events(
            ProjectStep::ChallengeFile,
            method,
            at,
            None,
            filing.affects_result,
        ),
        audit: json!({"project_id": project_id, "kind": filing.kind, "subject": filing.subject.code(), "affects_result": filing.affects_result, "due_on": due_on}),
    }
}

/// The answer at `at` to the record's challenge `index` (in filing order); M25 flags a late
/// one.
pub fn challenge_answer(
    record: &mut ProjectRecord,
    method: Method,
    index: usize,
    answer: &str,
    at: Instant,
) -> Change {
    if let Some(c) = record.challenges.get_mut(index) {
        c.answered_at = Some(at);
    }
    Change {
        events: step_events(ProjectStep::ChallengeAnswer, method, at, None, false),
        audit: json!({"answer": answer}),
    }
}

/// What the end of a step makes of the project.
#[derive(Debug, Clone, PartialEq)]
pub struct Concluded {
    /// The state after the step's events.
    pub state: ProcState,
    /// Every flag the step's checks raised (with the step's own), none of them forbidding.
    pub findings: Vec<PlanFinding>,
}

/// Why the end of a step refuses it; nothing is stored.
#[derive(Debug, Clone, PartialEq)]
pub enum NotConcluded {
    /// The workflow does not allow an event of the step now.
    Illegal(Text),
    /// The step's forbidding checks flag these.
    Refused(Vec<PlanFinding>),
}

/// The common end of every step: move `state` by `events` (an illegal transition refuses), run
/// the checks of the step's nodes on `full` (the applied record with the project's bids), add the
/// step's own findings (`extra`) and refuse what the step's forbidding checks flag
/// (`execution::refusals`).
pub fn conclude(
    method: Method,
    state: &ProcState,
    full: &ProjectRecord,
    step: ProjectStep,
    events: &[Event],
    extra: Vec<PlanFinding>,
    ctx: &CheckContext,
) -> Result<Concluded, NotConcluded> {
    let mut state = *state;
    for e in events {
        state = next(method, &state, e).map_err(|err| NotConcluded::Illegal(err.reason))?;
    }
    let mut outcomes = Vec::new();
    for node in step.check_nodes() {
        outcomes.extend(run_node(full, *node, ctx));
    }
    let mut findings = execution::findings(&outcomes);
    findings.extend(extra);
    let refused = execution::refusals(&findings, step);
    if !refused.is_empty() {
        return Err(NotConcluded::Refused(
            refused.into_iter().cloned().collect(),
        ));
    }
    Ok(Concluded { state, findings })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclosure::ChallengeSubject;
    use crate::execution::TerminateForm;
    use crate::model::{ChallengeKind, Project};
    use crate::workflow::Node;

    fn at(s: i64) -> Instant {
        Instant::from_unix_seconds(1_780_000_000 + s)
    }

    fn record() -> ProjectRecord {
        ProjectRecord::empty(Project::minimal(
            "1",
            Method::PublicTender,
            crate::model::ObjectType::Goods,
        ))
    }

    #[test]
    fn a_clarification_moves_the_deadline_and_says_so() {
        let mut r = record();
        let state = ProcState {
            node: Some(Node::NoticeInvitation),
            deadline: Some(at(1_000)),
            ..ProcState::default()
        };
        let c = clarify(
            &mut r,
            &state,
            Method::PublicTender,
            "改",
            Some(at(2_000)),
            at(10),
        );
        assert_eq!(r.deadline, Some(at(2_000)));
        assert_eq!(r.clarifications.len(), 1);
        assert_eq!(r.clarifications[0].deadline_before, Some(at(1_000)));
        assert_eq!(c.events[0].kind, EventKind::Clarified);
        assert_eq!(c.events[0].deadline, Some(at(2_000)));
        assert_eq!(c.audit["text"], "改");
        // Without a new deadline the old one stays.
        let c = clarify(&mut r, &state, Method::PublicTender, "再改", None, at(20));
        assert_eq!(r.deadline, Some(at(2_000)));
        assert_eq!(r.clarifications[1].deadline_after, Some(at(1_000)));
        assert_eq!(c.events[0].deadline, None);
    }

    fn supplier(id: &str) -> Supplier {
        Supplier {
            id: id.into(),
            credit_code: None,
            name: format!("供应商{id}"),
            address: None,
            size: None,
            legal_rep: None,
            responsible_person: None,
            shareholders: Vec::new(),
            officers: Vec::new(),
            debarments: Vec::new(),
        }
    }

    fn kinds(c: &Change) -> Vec<EventKind> {
        c.events.iter().map(|e| e.kind).collect()
    }

    #[test]
    fn a_notice_sets_the_terms_the_documents_and_the_deadline() {
        let mut r = record();
        r.project.category_code = Some("A0201".into());
        let mut terms = None;
        let n = NewNotice {
            terms: Terms {
                max_price: Some(Fen(900)),
                bid_security: Some(Fen(10)),
                min_validity_days: Some(90),
                scheme: None,
                specialties: Vec::new(),
            },
            deadline: at(5_000),
            media: vec!["ccgp.gov.cn".into()],
            lots: Vec::new(),
        };
        let c = notice(
            &mut r,
            &mut terms,
            Method::PublicTender,
            Fen(1_000),
            &n,
            at(0),
        );
        assert_eq!(r.project.max_price, Some(Fen(900)));
        assert_eq!(
            r.project.deposit.as_ref().and_then(|d| d.bid_security),
            Some(Fen(10))
        );
        assert_eq!(
            r.project.scoring.as_ref().map(|s| s.method),
            Some(ScoringMethod::LowestPrice)
        );
        assert_eq!(r.notices.len(), 1);
        assert_eq!(r.notices[0].kind, NoticeKind::Tender);
        assert_eq!(r.notices[0].budget_amount, Some(Fen(1_000)));
        assert_eq!(r.notices[0].media, vec!["ccgp.gov.cn".to_owned()]);
        assert_eq!(
            r.documents.as_ref().and_then(|d| d.issued_from),
            Some(at(0))
        );
        assert_eq!(r.deadline, Some(at(5_000)));
        // The experts' specialties: the category's first three characters.
        let t = terms.expect("the project's terms");
        assert_eq!(t.specialties, vec!["A02".to_owned()]);
        assert_eq!(t.max_price, Some(Fen(900)));
        let evs: Vec<_> = c.events.iter().map(|e| (e.kind, e.deadline)).collect();
        assert_eq!(
            evs,
            vec![
                (EventKind::NoticePublished, Some(at(5_000))),
                (EventKind::DocumentsIssued, Some(at(5_000))),
            ]
        );
        assert_eq!(c.audit["deadline"], json!(at(5_000)));
        assert_eq!(c.audit["terms"], json!(t));
        // Single source: a notice, no documents.
        let mut r = record();
        let mut terms = None;
        let c = notice(
            &mut r,
            &mut terms,
            Method::SingleSource,
            Fen(1_000),
            &n,
            at(0),
        );
        assert!(r.documents.is_none());
        assert_eq!(kinds(&c), vec![EventKind::NoticePublished]);
        assert_eq!(terms.map(|t| t.specialties), Some(Vec::new()));
    }

    #[test]
    fn a_confirmation_awards_the_chosen_supplier() {
        let mut r = record();
        let c = confirm(
            &mut r,
            Method::PublicTender,
            None,
            "s2",
            None,
            Some("b2".into()),
            Fen(700),
            Some("第一名放弃"),
            at(3),
        );
        assert_eq!(
            r.awards,
            vec![Award {
                lot_id: None,
                supplier_id: "s2".into(),
                bid_id: Some("b2".into()),
                amount: Some(Fen(700)),
                confirmed_at: Some(at(3)),
                notified_at: None,
                published_at: None,
                deviation_reason: Some("第一名放弃".into()),
            }]
        );
        assert!(r.suppliers.is_empty());
        assert_eq!(kinds(&c), vec![EventKind::WinnerConfirmed]);
        assert_eq!(
            c.audit,
            json!({"supplier_id": "s2", "amount": 700, "deviation_reason": "第一名放弃"})
        );
        // Single source: the supplier's entry joins the record, the report's events come first;
        // a blank reason is none on the award, as typed in the audit.
        let mut r = record();
        let c = confirm(
            &mut r,
            Method::SingleSource,
            None,
            "s1",
            Some(supplier("s1")),
            None,
            Fen(500),
            Some("  "),
            at(4),
        );
        assert_eq!(r.suppliers, vec![supplier("s1")]);
        assert_eq!(r.awards[0].bid_id, None);
        assert_eq!(r.awards[0].deviation_reason, None);
        assert_eq!(
            kinds(&c),
            vec![EventKind::ReportDelivered, EventKind::WinnerConfirmed]
        );
        assert_eq!(c.audit["deviation_reason"], "  ");
    }

    #[test]
    fn a_termination_publishes_its_reason_and_ends_the_workflow() {
        let mut r = record();
        let t = TerminateForm {
            ground: "cancelled".into(),
            reason: "采购任务取消".into(),
            lot: String::new(),
        }
        .parse()
        .unwrap();
        let c = terminate(&mut r, Method::PublicTender, &t, at(7));
        assert_eq!(r.notices.len(), 1);
        let n = &r.notices[0];
        assert_eq!(n.kind, NoticeKind::Termination);
        assert_eq!(n.published_at, at(7));
        assert_eq!(n.media, vec![DEFAULT_MEDIUM.to_owned()]);
        assert_eq!(n.content.as_ref().and_then(|c| c.reason), Some(true));
        assert_eq!(kinds(&c), vec![EventKind::Terminated]);
        assert_eq!(
            c.audit,
            json!({"ground": "cancelled", "reason": "采购任务取消"})
        );
    }

    #[test]
    fn a_challenge_joins_the_record_and_its_answer_is_recorded() {
        let mut r = record();
        let filing = ChallengeFiling {
            kind: ChallengeKind::Challenge,
            subject: ChallengeSubject::Result,
            text: "评审不公".into(),
            affects_result: true,
        };
        let due = Date::new(2026, 6, 12).unwrap();
        let ch = challenge(&filing, "s1", at(8));
        let c = challenge_file(&mut r, Method::PublicTender, 7, &filing, ch, due);
        assert_eq!(r.challenges.len(), 1);
        let ch = &r.challenges[0];
        assert_eq!(ch.kind, ChallengeKind::Challenge);
        assert_eq!(ch.supplier_id.as_deref(), Some("s1"));
        assert_eq!(ch.filed_at, at(8));
        assert_eq!(ch.affects_result, Some(true));
        assert_eq!(ch.answered_at, None);
        let evs: Vec<_> = c
            .events
            .iter()
            .map(|e| (e.kind, e.at, e.affects_result))
            .collect();
        assert_eq!(evs, vec![(EventKind::ChallengeFiled, at(8), true)]);
        assert_eq!(
            c.audit,
            json!({"project_id": 7, "kind": "challenge", "subject": "result", "affects_result": true, "due_on": due})
        );
        let c = challenge_answer(&mut r, Method::PublicTender, 0, "不成立", at(9));
        assert_eq!(r.challenges[0].answered_at, Some(at(9)));
        assert_eq!(kinds(&c), vec![EventKind::ChallengeResolved]);
        assert_eq!(c.audit, json!({"answer": "不成立"}));
    }

    #[test]
    fn a_contract_that_differs_from_the_award_is_refused() {
        let mut r = record();
        confirm(
            &mut r,
            Method::PublicTender,
            None,
            "s1",
            None,
            Some("b1".into()),
            Fen(700),
            None,
            at(1),
        );
        let before = r.clone();
        let out = contract(&mut r, Method::PublicTender, 9, None, Fen(800), 30, at(2));
        assert!(matches!(out, Err(NotApplied::Rejected(_))));
        assert_eq!(r, before);
        let c = contract(&mut r, Method::PublicTender, 9, None, Fen(700), 30, at(2)).unwrap();
        assert_eq!(r.contracts[0].id, "9-1");
        assert_eq!(r.contracts[0].supplier_id, "s1");
        assert_eq!(r.contracts[0].payment_term_days, Some(30));
        assert_eq!(kinds(&c), vec![EventKind::ContractSigned]);
        assert_eq!(c.audit, json!({"amount": 700, "supplier_id": "s1"}));
    }

    #[test]
    fn acting_on_what_is_not_there_is_inconsistent_not_applied() {
        let mut r = record();
        assert!(accept(&mut r, Method::PublicTender, None, true, at(0)).is_err());
        assert!(pay(&mut r, Method::PublicTender, None, Fen(1), true, at(0)).is_err());
        assert!(result_notice(&mut r, Method::PublicTender, at(0)).is_err());
        assert!(amend(&mut r, None, Fen(1), "追加", at(0)).is_err());
        assert!(matches!(
            contract(&mut r, Method::PublicTender, 1, None, Fen(1), 30, at(0)),
            Err(NotApplied::Inconsistent(_))
        ));
        assert_eq!(r, record());
    }

    #[test]
    fn acceptance_and_payment_follow_the_contract() {
        let mut r = record();
        r.contracts.push(Contract {
            id: "c1".into(),
            lot_id: None,
            supplier_id: "s1".into(),
            amount: None,
            signed_at: Some(at(1)),
            published_at: None,
            filed_at: None,
            terms_match_award: None,
            payment_term_days: None,
            payment_after_acceptance: None,
            payment_term_agreed: None,
            amendments: Vec::new(),
            subcontracts: Vec::new(),
        });
        let c = accept(&mut r, Method::PublicTender, None, false, at(5)).unwrap();
        assert_eq!(r.acceptances[0].contract_id, "c1");
        assert_eq!(r.acceptances[0].passed, Some(false));
        assert_eq!(c.audit["passed"], false);
        pay(&mut r, Method::PublicTender, None, Fen(500), true, at(6)).unwrap();
        assert_eq!(r.payments[0].payee_id, "s1");
        assert_eq!(r.payments[0].amount, Fen(500));
    }

    #[test]
    fn the_end_of_a_step_refuses_an_illegal_transition() {
        let r = record();
        let state = ProcState::default();
        let evs = step_events(ProjectStep::Pay, Method::PublicTender, at(0), None, false);
        let ctx = CheckContext::builtin(at(0));
        let out = conclude(
            Method::PublicTender,
            &state,
            &r,
            ProjectStep::Pay,
            &evs,
            Vec::new(),
            &ctx,
        );
        assert!(matches!(out, Err(NotConcluded::Illegal(_))));
    }
}
