//! The second half of a project step, pure: what the step changes. [`crate::steps::gate`] says
//! whether the step may happen now; the functions here apply it to the project's record and
//! say what the audit record holds ([`Change`]), and [`conclude`] — the common end of every
//! step — moves the state by the step's events, runs the checks of the step's nodes and refuses
//! what the step's forbidding checks flag. The server loads, gates, applies, concludes and
//! persists, in one transaction; nothing here reads or writes storage.

use serde_json::{json, Value};

use crate::checks::framework::CheckContext;
use crate::checks::run_node;
use crate::execution::{self, ProjectStep, DEFAULT_MEDIUM};
use crate::i18n::Text;
use crate::model::{
    Acceptance, Clarification, Method, Notice, NoticeContent, NoticeKind, Payment, ProjectRecord,
};
use crate::money::Fen;
use crate::plan::PlanFinding;
use crate::time::Instant;
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

/// The result notice (中标 / 成交结果公告) and the award notice to the winner, at once.
pub fn result_notice(
    record: &mut ProjectRecord,
    method: Method,
    at: Instant,
) -> Result<Change, Inconsistent> {
    let award = record
        .awards
        .first_mut()
        .ok_or(Inconsistent("a result notice without an award"))?;
    award.notified_at = Some(at);
    award.published_at = Some(at);
    let amount = award.amount;
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
            amount: Some(amount.is_some()),
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

/// The acceptance (履约验收) of the contract, passed or not.
pub fn accept(
    record: &mut ProjectRecord,
    method: Method,
    passed: bool,
    at: Instant,
) -> Result<Change, Inconsistent> {
    let contract = record
        .contracts
        .first()
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
        audit: json!({"passed": passed}),
    })
}

/// A payment under the contract to its supplier.
pub fn pay(
    record: &mut ProjectRecord,
    method: Method,
    amount: Fen,
    is_final: bool,
    at: Instant,
) -> Result<Change, Inconsistent> {
    let contract = record
        .contracts
        .first()
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
        audit: json!({"amount": amount, "is_final": is_final}),
    })
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
    use crate::model::{Contract, Project};
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

    #[test]
    fn acting_on_what_is_not_there_is_inconsistent_not_applied() {
        let mut r = record();
        assert!(accept(&mut r, Method::PublicTender, true, at(0)).is_err());
        assert!(pay(&mut r, Method::PublicTender, Fen(1), true, at(0)).is_err());
        assert!(result_notice(&mut r, Method::PublicTender, at(0)).is_err());
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
            amendments: Vec::new(),
            subcontracts: Vec::new(),
        });
        let c = accept(&mut r, Method::PublicTender, false, at(5)).unwrap();
        assert_eq!(r.acceptances[0].contract_id, "c1");
        assert_eq!(r.acceptances[0].passed, Some(false));
        assert_eq!(c.audit["passed"], false);
        pay(&mut r, Method::PublicTender, Fen(500), true, at(6)).unwrap();
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
