//! Node control: the legal sequence of nodes per procurement method (B.4 of the catalogue), as a
//! pure transition function. The server calls [`next`] inside the transaction that stores the new
//! state and the audit record; the browser calls [`allowed_events`] to show what may happen next.
//!
//! Sequence (nodes in brackets are optional, `*` repeatable):
//! 预算/计划/意向 → [方式确定/审批] → [进口产品] → [文件编制] → 公告/邀请 → 文件发出 → [澄清修改*] →
//! 截止/开标 → 专家抽取 → 评审 → 报告/确认/公告* → 合同 → 履约/验收/支付*.
//! Single source has no document issue, clarification, opening, expert draw or evaluation: after
//! the public notice (公示) and approval it goes to the negotiated result, then the contract.
//! Challenges (质疑投诉) run beside the chain: they may be filed from the notice on, and a challenge
//! that may affect the result blocks the contract until resolved (条例 Art 54).

mod node;

pub use node::Node;

use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::model::Method;
use crate::time::Instant;

/// What can happen to a procurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    PlanFiled,
    IntentionPublished,
    MethodApproved,
    ImportApproved,
    DocumentsPrepared,
    NoticePublished,
    DocumentsIssued,
    Clarified,
    BidsOpened,
    ExpertsDrawn,
    EvaluationDone,
    ReportDelivered,
    WinnerConfirmed,
    AwardNoticeSent,
    ChallengeFiled,
    ChallengeResolved,
    ContractSigned,
    Accepted,
    PaymentMade,
    /// 废标 / 终止: the procurement ends without a contract.
    Terminated,
}

impl EventKind {
    pub const ALL: [EventKind; 20] = [
        EventKind::PlanFiled,
        EventKind::IntentionPublished,
        EventKind::MethodApproved,
        EventKind::ImportApproved,
        EventKind::DocumentsPrepared,
        EventKind::NoticePublished,
        EventKind::DocumentsIssued,
        EventKind::Clarified,
        EventKind::BidsOpened,
        EventKind::ExpertsDrawn,
        EventKind::EvaluationDone,
        EventKind::ReportDelivered,
        EventKind::WinnerConfirmed,
        EventKind::AwardNoticeSent,
        EventKind::ChallengeFiled,
        EventKind::ChallengeResolved,
        EventKind::ContractSigned,
        EventKind::Accepted,
        EventKind::PaymentMade,
        EventKind::Terminated,
    ];

    /// The node an event belongs to (`None` for challenges and termination, which run beside
    /// the chain).
    pub fn node(self) -> Option<Node> {
        use EventKind::*;
        Some(match self {
            PlanFiled | IntentionPublished => Node::BudgetPlan,
            MethodApproved => Node::MethodApproval,
            ImportApproved => Node::ImportApproval,
            DocumentsPrepared => Node::DocumentPreparation,
            NoticePublished => Node::NoticeInvitation,
            DocumentsIssued => Node::DocumentIssue,
            Clarified => Node::Clarification,
            BidsOpened => Node::DeadlineOpening,
            ExpertsDrawn => Node::ExpertDraw,
            EvaluationDone => Node::Evaluation,
            ReportDelivered | WinnerConfirmed | AwardNoticeSent => Node::ReportAward,
            ContractSigned => Node::Contract,
            Accepted | PaymentMade => Node::Performance,
            ChallengeFiled | ChallengeResolved | Terminated => return None,
        })
    }
}

/// An event with its instant. `deadline` is the bid / response deadline an event sets or moves
/// (notice, documents issued, clarification); `affects_result` marks a challenge that may change
/// the award.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub kind: EventKind,
    pub at: Instant,
    #[serde(default)]
    pub deadline: Option<Instant>,
    #[serde(default)]
    pub affects_result: bool,
}

impl Event {
    pub fn new(kind: EventKind, at: Instant) -> Event {
        Event {
            kind,
            at,
            deadline: None,
            affects_result: false,
        }
    }
}

/// Where a procurement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcState {
    /// The last node reached; `None` before anything happened.
    pub node: Option<Node>,
    /// The bid / response deadline in force.
    pub deadline: Option<Instant>,
    /// The award notice has been sent.
    pub award_notice_sent: bool,
    /// Challenges filed and not yet resolved; of which may affect the result.
    pub open_challenges: u32,
    pub open_blocking_challenges: u32,
    pub terminated: bool,
    /// Instant of the last accepted event (events must come in time order).
    pub last_at: Option<Instant>,
}

impl ProcState {
    /// Where the procurement stands, for people: the node reached, 未开始 before anything, or
    /// 已废标 / 终止 once it ended.
    pub fn label(&self) -> Text {
        if self.terminated {
            return Text::new("已废标 / 终止", "Failed / ended");
        }
        self.node
            .map_or(Text::new("未开始", "Not started"), |n| n.name())
    }
}

/// Why an event may not happen now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{event:?} not allowed: {}", reason.en)]
pub struct IllegalTransition {
    pub event: EventKind,
    pub reason: Text,
}

fn illegal(event: EventKind, zh: &'static str, en: &'static str) -> IllegalTransition {
    IllegalTransition {
        event,
        reason: Text::new(zh, en),
    }
}

/// One step of a method's sequence.
#[derive(Debug, Clone, Copy)]
struct Step {
    node: Node,
    required: bool,
    repeatable: bool,
}

const fn s(node: Node, required: bool, repeatable: bool) -> Step {
    Step {
        node,
        required,
        repeatable,
    }
}

const COMPETITIVE_SEQUENCE: [Step; 13] = [
    s(Node::BudgetPlan, true, true),
    s(Node::MethodApproval, false, true),
    s(Node::ImportApproval, false, true),
    s(Node::DocumentPreparation, false, true),
    s(Node::NoticeInvitation, true, true),
    s(Node::DocumentIssue, true, false),
    s(Node::Clarification, false, true),
    s(Node::DeadlineOpening, true, false),
    s(Node::ExpertDraw, true, false),
    s(Node::Evaluation, true, false),
    s(Node::ReportAward, true, true),
    s(Node::Contract, true, false),
    s(Node::Performance, false, true),
];

const SINGLE_SOURCE_SEQUENCE: [Step; 8] = [
    s(Node::BudgetPlan, true, true),
    s(Node::MethodApproval, false, true),
    s(Node::ImportApproval, false, true),
    s(Node::DocumentPreparation, false, true),
    s(Node::NoticeInvitation, true, true),
    s(Node::ReportAward, true, true),
    s(Node::Contract, true, false),
    s(Node::Performance, false, true),
];

fn sequence(method: Method) -> &'static [Step] {
    match method {
        Method::SingleSource => &SINGLE_SOURCE_SEQUENCE,
        _ => &COMPETITIVE_SEQUENCE,
    }
}

/// The nodes of a method in legal order.
pub fn legal_nodes(method: Method) -> Vec<Node> {
    sequence(method).iter().map(|s| s.node).collect()
}

fn position(method: Method, node: Node) -> Option<usize> {
    sequence(method).iter().position(|s| s.node == node)
}

/// The rules that do not depend on time: is the event's node reachable from the state's node?
fn structural(method: Method, state: &ProcState, kind: EventKind) -> Result<(), IllegalTransition> {
    // After 废标 / 终止 only a challenge (of the failure) and its answer happen.
    if state.terminated
        && !matches!(
            kind,
            EventKind::ChallengeFiled | EventKind::ChallengeResolved
        )
    {
        return Err(illegal(kind, "采购已终止", "the procurement has ended"));
    }
    let current = state.node.and_then(|n| position(method, n));
    match kind {
        EventKind::ChallengeFiled => {
            let notice = position(method, Node::NoticeInvitation);
            return if current >= notice && current.is_some() {
                Ok(())
            } else {
                Err(illegal(
                    kind,
                    "公告发布前不能提出质疑",
                    "no challenge before the notice",
                ))
            };
        }
        EventKind::ChallengeResolved => {
            return if state.open_challenges > 0 {
                Ok(())
            } else {
                Err(illegal(kind, "没有未决的质疑", "no open challenge"))
            };
        }
        EventKind::Terminated => {
            return if state.node.is_some_and(|n| n >= Node::Contract) {
                Err(illegal(
                    kind,
                    "合同签订后不能废标",
                    "no termination after the contract",
                ))
            } else {
                Ok(())
            };
        }
        _ => {}
    }
    let Some(target_node) = kind.node() else {
        return Ok(());
    };
    let Some(target) = position(method, target_node) else {
        return Err(match target_node {
            Node::ExpertDraw => illegal(
                kind,
                "单一来源采购不抽取评审专家",
                "single source has no expert draw",
            ),
            Node::DeadlineOpening => illegal(
                kind,
                "单一来源采购不开标",
                "single source has no bid opening",
            ),
            _ => illegal(kind, "该采购方式没有此环节", "this method has no such step"),
        });
    };
    let steps = sequence(method);
    match current {
        None => {
            if steps
                .get(..target)
                .unwrap_or(&[])
                .iter()
                .any(|s| s.required)
            {
                return Err(illegal(
                    kind,
                    "须先完成预算和计划环节",
                    "the budget and plan step comes first",
                ));
            }
        }
        Some(c) => {
            if target < c || (target == c && !steps.get(c).is_some_and(|s| s.repeatable)) {
                return Err(illegal(
                    kind,
                    "环节不能倒退或重复",
                    "steps cannot go back or repeat",
                ));
            }
            if let Some(skipped) = steps
                .get(c + 1..target)
                .unwrap_or(&[])
                .iter()
                .find(|s| s.required)
            {
                return Err(match skipped.node {
                    Node::NoticeInvitation => illegal(
                        kind,
                        "须先发布公告或邀请",
                        "the notice or invitation comes first",
                    ),
                    Node::DeadlineOpening => {
                        illegal(kind, "须先开标", "the bids must be opened first")
                    }
                    Node::ReportAward => illegal(
                        kind,
                        "须先确定成交供应商并发出通知书",
                        "the award and its notice come first",
                    ),
                    _ => illegal(kind, "跳过了必经环节", "a required step was skipped"),
                });
            }
        }
    }
    match kind {
        EventKind::AwardNoticeSent | EventKind::ReportDelivered | EventKind::WinnerConfirmed
            if state.award_notice_sent && kind != EventKind::AwardNoticeSent =>
        {
            Err(illegal(
                kind,
                "通知书已发出",
                "the award notice has been sent",
            ))
        }
        EventKind::ContractSigned if !state.award_notice_sent => Err(illegal(
            kind,
            "中标（成交）通知书发出前不能签订合同",
            "no contract before the award notice",
        )),
        EventKind::ContractSigned if state.open_blocking_challenges > 0 => Err(illegal(
            kind,
            "可能影响结果的质疑尚未处理完毕，应暂停签订合同",
            "a challenge that may affect the result is still open",
        )),
        _ => Ok(()),
    }
}

/// The transition function: the state after `event`, or why the event may not happen now.
pub fn next(
    method: Method,
    state: &ProcState,
    event: &Event,
) -> Result<ProcState, IllegalTransition> {
    let kind = event.kind;
    structural(method, state, kind)?;
    if state.last_at.is_some_and(|t| event.at < t) {
        return Err(illegal(
            kind,
            "事件时间早于上一事件",
            "the event is dated before the previous one",
        ));
    }
    let mut new = *state;
    match kind {
        EventKind::BidsOpened => match state.deadline {
            None => {
                return Err(illegal(
                    kind,
                    "未设定投标截止时间",
                    "no bid deadline is set",
                ))
            }
            Some(d) if event.at < d => {
                return Err(illegal(
                    kind,
                    "开标时间早于投标截止时间",
                    "bids opened before the deadline",
                ))
            }
            Some(_) => {}
        },
        EventKind::NoticePublished | EventKind::DocumentsIssued | EventKind::Clarified => {
            if let Some(d) = event.deadline {
                if d < event.at {
                    return Err(illegal(
                        kind,
                        "截止时间早于发布时间",
                        "the deadline is before the event",
                    ));
                }
                new.deadline = Some(d);
            }
        }
        EventKind::AwardNoticeSent => new.award_notice_sent = true,
        EventKind::ChallengeFiled => {
            new.open_challenges = new.open_challenges.saturating_add(1);
            if event.affects_result {
                new.open_blocking_challenges = new.open_blocking_challenges.saturating_add(1);
            }
        }
        EventKind::ChallengeResolved => {
            new.open_challenges = new.open_challenges.saturating_sub(1);
            // Resolve a blocking one first only if no non-blocking one is left.
            if new.open_blocking_challenges > new.open_challenges {
                new.open_blocking_challenges = new.open_challenges;
            }
        }
        EventKind::Terminated => new.terminated = true,
        _ => {}
    }
    if let Some(n) = kind.node() {
        new.node = Some(n);
    }
    new.last_at = Some(event.at);
    Ok(new)
}

/// The kinds of event that may happen next (time rules aside: an opening must still wait for the
/// deadline).
pub fn allowed_events(method: Method, state: &ProcState) -> Vec<EventKind> {
    EventKind::ALL
        .into_iter()
        .filter(|k| structural(method, state, *k).is_ok())
        .collect()
}

/// Whether a state can be legal for a method — written independently of [`next`], for tests and
/// for validating stored states.
pub fn state_allowed(method: Method, state: &ProcState) -> bool {
    let nodes = legal_nodes(method);
    let node_ok = state.node.is_none_or(|n| nodes.contains(&n));
    let after = |n: Node| {
        state.node.is_some_and(|cur| {
            nodes.iter().position(|x| *x == cur) >= nodes.iter().position(|x| *x == n)
        })
    };
    let contract_ok = !after(Node::Contract) || state.award_notice_sent;
    let opened_ok =
        method == Method::SingleSource || !after(Node::DeadlineOpening) || state.deadline.is_some();
    let challenges_ok = state.open_blocking_challenges <= state.open_challenges
        && (state.open_challenges == 0 || after(Node::NoticeInvitation));
    let award_ok = !state.award_notice_sent || after(Node::ReportAward);
    node_ok && contract_ok && opened_ok && challenges_ok && award_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(s: &str) -> Instant {
        Instant::parse(s).unwrap()
    }

    fn run(method: Method, events: &[Event]) -> Result<ProcState, IllegalTransition> {
        events
            .iter()
            .try_fold(ProcState::default(), |st, e| next(method, &st, e))
    }

    fn tender_chain() -> Vec<Event> {
        use EventKind::*;
        let mut v = vec![
            Event::new(PlanFiled, t("2026-03-01T09:00")),
            Event {
                deadline: Some(t("2026-03-23T09:30")),
                ..Event::new(NoticePublished, t("2026-03-02T09:00"))
            },
            Event::new(DocumentsIssued, t("2026-03-02T09:00")),
            Event::new(BidsOpened, t("2026-03-23T09:30")),
            Event::new(ExpertsDrawn, t("2026-03-23T09:40")),
            Event::new(EvaluationDone, t("2026-03-23T17:00")),
            Event::new(ReportDelivered, t("2026-03-24T10:00")),
            Event::new(WinnerConfirmed, t("2026-03-26T10:00")),
            Event::new(AwardNoticeSent, t("2026-03-27T10:00")),
            Event::new(ContractSigned, t("2026-04-10T10:00")),
            Event::new(Accepted, t("2026-06-10T10:00")),
            Event::new(PaymentMade, t("2026-06-20T10:00")),
        ];
        v.truncate(12);
        v
    }

    #[test]
    fn a_full_tender_is_legal() {
        let st = run(Method::PublicTender, &tender_chain()).unwrap();
        assert_eq!(st.node, Some(Node::Performance));
        assert!(state_allowed(Method::PublicTender, &st));
    }

    #[test]
    fn typical_illegal_steps_say_why() {
        let chain = tender_chain();
        // Opening before the deadline.
        let mut early = chain[..4].to_vec();
        early[3].at = t("2026-03-23T09:00");
        assert_eq!(
            run(Method::PublicTender, &early).unwrap_err().reason.en,
            "bids opened before the deadline"
        );
        // Contract before the award notice.
        let mut no_notice = chain[..10].to_vec();
        no_notice.remove(8);
        assert_eq!(
            run(Method::PublicTender, &no_notice).unwrap_err().reason.en,
            "no contract before the award notice"
        );
        // Expert draw for single source.
        let ss = [
            Event::new(EventKind::PlanFiled, t("2026-03-01")),
            Event::new(EventKind::NoticePublished, t("2026-03-02")),
            Event::new(EventKind::ExpertsDrawn, t("2026-03-03")),
        ];
        assert_eq!(
            run(Method::SingleSource, &ss).unwrap_err().reason.en,
            "single source has no expert draw"
        );
        // A challenge that may affect the result blocks the contract.
        let mut blocked = chain[..9].to_vec();
        blocked.push(Event {
            affects_result: true,
            ..Event::new(EventKind::ChallengeFiled, t("2026-03-28T10:00"))
        });
        blocked.push(Event::new(EventKind::ContractSigned, t("2026-04-10T10:00")));
        assert!(run(Method::PublicTender, &blocked).is_err());
        blocked.insert(
            10,
            Event::new(EventKind::ChallengeResolved, t("2026-04-03T10:00")),
        );
        assert!(run(Method::PublicTender, &blocked).is_ok());
    }

    #[test]
    fn allowed_events_show_the_next_step() {
        let st = run(Method::PublicTender, &tender_chain()[..3]).unwrap();
        let allowed = allowed_events(Method::PublicTender, &st);
        assert!(
            allowed.contains(&EventKind::BidsOpened) && allowed.contains(&EventKind::Clarified)
        );
        assert!(!allowed.contains(&EventKind::ContractSigned));
        assert!(allowed_events(Method::SingleSource, &st)
            .iter()
            .all(|k| *k != EventKind::ExpertsDrawn));
    }

    fn event() -> impl Strategy<Value = Event> {
        (
            prop::sample::select(EventKind::ALL.to_vec()),
            0i64..200,
            prop::option::of(0i64..200),
            any::<bool>(),
        )
            .prop_map(|(kind, day, dl, affects)| Event {
                kind,
                at: Instant::from_unix_seconds(1_767_225_600 + day * 86_400),
                deadline: dl.map(|d| Instant::from_unix_seconds(1_767_225_600 + d * 86_400)),
                affects_result: affects,
            })
    }

    /// Builds the event `kind` for state `st` at `at` (seconds), with a deadline `dl` days after
    /// the event for the events that set one, and an opening no earlier than the deadline in force.
    fn timed(st: &ProcState, kind: EventKind, at: i64, dl: i64, affects: bool) -> Event {
        let mut at = st.last_at.map_or(at, |t| at.max(t.unix_seconds()));
        if kind == EventKind::BidsOpened {
            if let Some(d) = st.deadline {
                at = at.max(d.unix_seconds());
            }
        }
        let sets_deadline = matches!(
            kind,
            EventKind::NoticePublished | EventKind::DocumentsIssued | EventKind::Clarified
        );
        Event {
            kind,
            at: Instant::from_unix_seconds(at),
            deadline: sets_deadline.then(|| Instant::from_unix_seconds(at + dl * 86_400)),
            affects_result: affects,
        }
    }

    /// One step of a guided walk: mostly a legal next event (an index into [`allowed_events`]),
    /// sometimes any event; the time gap in quarter days; the deadline offset; a challenge's
    /// effect on the result.
    fn guided_step() -> impl Strategy<Value = (bool, usize, EventKind, i64, i64, bool)> {
        (
            prop::bool::weighted(0.85),
            any::<usize>(),
            prop::sample::select(EventKind::ALL.to_vec()),
            0i64..12,
            0i64..30,
            prop::bool::weighted(0.3),
        )
    }

    /// A walk of `steps` events, each drawn from [`allowed_events`] (without termination) by a
    /// small linear congruential generator seeded with `seed`; the state reached.
    fn legal_walk(method: Method, seed: u64, steps: usize) -> ProcState {
        let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let mut st = ProcState::default();
        let mut now = 1_767_225_600i64;
        for _ in 0..steps {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let allowed: Vec<EventKind> = allowed_events(method, &st)
                .into_iter()
                .filter(|k| *k != EventKind::Terminated)
                .collect();
            if allowed.is_empty() {
                break;
            }
            let kind = allowed[((x >> 33) as usize) % allowed.len()];
            now += 6 * 3_600 * ((x >> 20) % 8) as i64;
            let e = timed(
                &st,
                kind,
                now,
                10 + ((x >> 40) % 20) as i64,
                (x >> 50).is_multiple_of(3),
            );
            st = next(method, &st, &e).unwrap_or_else(|err| panic!("{method:?} {st:?}: {err}"));
            now = e.at.unix_seconds();
        }
        st
    }

    #[test]
    fn legal_walks_reach_the_contract_and_payment_for_every_method() {
        for method in Method::ALL {
            let reached = (0..50u64)
                .filter(|seed| legal_walk(method, *seed, 80).node == Some(Node::Performance))
                .count();
            assert!(
                reached >= 40,
                "{method:?}: only {reached} of 50 walks reached performance"
            );
        }
    }

    proptest! {
        /// Guided walks go deep (to the contract and payment) and check two things at every
        /// step: every accepted state is legal, and an event offered by [`allowed_events`] with
        /// its timing right (after the previous event, an opening after the deadline) is
        /// accepted by [`next`].
        #[test]
        fn guided_sequences_stay_legal_and_allowed_events_are_accepted(
            method in prop::sample::select(Method::ALL.to_vec()),
            steps in prop::collection::vec(guided_step(), 0..80),
        ) {
            let mut st = ProcState::default();
            let mut now = 1_767_225_600i64;
            for (legal, pick, any_kind, gap, dl, affects) in steps {
                let allowed = allowed_events(method, &st);
                let kind = if legal && !allowed.is_empty() { allowed[pick % allowed.len()] } else { any_kind };
                now += gap * 6 * 3_600;
                let e = timed(&st, kind, now, dl, affects);
                match next(method, &st, &e) {
                    Ok(new) => {
                        prop_assert!(state_allowed(method, &new), "{method:?} {new:?} after {e:?}");
                        prop_assert!(allowed.contains(&kind), "{method:?}: {kind:?} accepted but not offered in {st:?}");
                        st = new;
                        now = e.at.unix_seconds();
                    }
                    Err(err) => {
                        let no_deadline = kind == EventKind::BidsOpened && st.deadline.is_none();
                        prop_assert!(
                            !allowed.contains(&kind) || no_deadline,
                            "{method:?}: {kind:?} offered but refused in {st:?}: {err}"
                        );
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn random_sequences_stay_legal(
            method in prop::sample::select(Method::ALL.to_vec()),
            events in prop::collection::vec(event(), 0..60),
        ) {
            let nodes = legal_nodes(method);
            let mut st = ProcState::default();
            let mut visited: Vec<Node> = Vec::new();
            for e in &events {
                if let Ok(new) = next(method, &st, e) {
                    prop_assert!(state_allowed(method, &new), "{method:?} {new:?} after {e:?}");
                    if let Some(n) = new.node {
                        if visited.last() != Some(&n) { visited.push(n); }
                    }
                    st = new;
                }
            }
            // Nodes visited in the method's order, without skipping a required one.
            let idx: Vec<usize> = visited.iter().map(|n| nodes.iter().position(|x| x == n).unwrap()).collect();
            prop_assert!(idx.windows(2).all(|w| w[0] < w[1]), "{visited:?}");
            if let Some(last) = idx.last() {
                let steps = sequence(method);
                for (i, step) in steps.iter().enumerate().take(*last + 1) {
                    if step.required { prop_assert!(idx.contains(&i), "{method:?} skipped {:?}: {visited:?}", step.node); }
                }
            }
        }
    }
}
