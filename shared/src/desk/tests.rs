use super::*;
use crate::calendar::china;
use crate::model::{Award, Method, ObjectType, Project, ProjectRecord};
use crate::steps::SupplierPart;
use crate::thresholds::builtin_ref;
use crate::workflow::{Node, ProcState};

fn record() -> ProjectRecord {
    ProjectRecord::empty(Project::minimal(
        "p1",
        Method::PublicTender,
        ObjectType::Goods,
    ))
}

fn at(s: &str) -> Instant {
    Instant::parse(s).unwrap()
}

fn day(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn situation<'a>(r: &'a ProjectRecord, state: &'a ProcState) -> Situation<'a> {
    Situation {
        method: Method::PublicTender,
        state,
        record: r,
        scored: false,
        bids_in_force: &[],
        unanswered: 0,
        reviewed: false,
        now: at("2026-03-03T10:00:00+08:00"),
    }
}

fn award(notified: &str) -> Award {
    Award {
        lot_id: None,
        supplier_id: "s".into(),
        bid_id: None,
        amount: None,
        confirmed_at: Some(at("2026-02-27T10:00:00+08:00")),
        notified_at: Some(at(notified)),
        published_at: None,
        deviation_reason: None,
    }
}

#[test]
fn the_contract_is_due_30_days_after_the_award_notice() {
    // As A01 counts it: notice 2026-03-02, last day 2026-04-01.
    let mut r = record();
    r.awards.push(award("2026-03-02T10:00:00+08:00"));
    let state = ProcState::default();
    let d = step_deadline(
        ProjectStep::Contract,
        &situation(&r, &state),
        china(),
        builtin_ref(),
    )
    .unwrap();
    assert_eq!(d.last_day, day("2026-04-01"));
    assert_eq!(
        d.counted,
        Counted::Period {
            amount: 30,
            unit: DayUnit::Calendar,
            basis: Some(TimeLimitId::T20)
        }
    );
    assert_eq!(d.rule(Lang::Zh), "法定30日");
    assert_eq!(d.rule(Lang::En), "30 days by law");
}

#[test]
fn a_calendar_period_ending_on_a_holiday_moves_to_the_next_working_day() {
    // 2026-09-01 + 30 days = 2026-10-01, National Day: the period ends on the first working
    // day after the holiday (民法典 Art 203).
    let mut r = record();
    r.awards.push(award("2026-09-01T10:00:00+08:00"));
    let state = ProcState::default();
    let d = step_deadline(
        ProjectStep::Contract,
        &situation(&r, &state),
        china(),
        builtin_ref(),
    )
    .unwrap();
    assert!(d.last_day > day("2026-10-01"));
    assert!(china().is_workday(d.last_day).unwrap());
    let before = d.last_day.pred().unwrap();
    assert!(
        !china().is_workday(before).unwrap(),
        "the first working day after the holiday"
    );
}

#[test]
fn refunds_are_due_in_working_days_and_say_how_many_are_left() {
    // Notice Mon 2026-03-02: 5 working days → Mon 2026-03-09 (as A09 counts it).
    let mut r = record();
    r.awards.push(award("2026-03-02T10:00:00+08:00"));
    let held = |supplier: &str| HeldSecurity {
        supplier_id: supplier.into(),
        lot: None,
    };
    // The winner's security is due from the contract's signature: not yet.
    assert_eq!(
        refund_deadline(&r, &[held("s")], china(), builtin_ref()),
        None
    );
    let d = refund_deadline(&r, &[held("s"), held("s2")], china(), builtin_ref()).unwrap();
    assert_eq!(d.last_day, day("2026-03-09"));
    // From Thu 03-05: Fri 06 and Mon 09 are left (the weekend not counted).
    let left = d.left(day("2026-03-05"), china());
    assert_eq!(
        left,
        Left::Remaining {
            count: 2,
            working: true
        }
    );
    assert_eq!(left.text(Lang::Zh), "还剩2个工作日");
    assert_eq!(left.text(Lang::En), "2 working days left");
    assert_eq!(d.left(day("2026-03-09"), china()), Left::Today);
    assert_eq!(
        d.left(day("2026-03-12"), china()),
        Left::Overdue { days: 3 }
    );
    assert_eq!(Left::Overdue { days: 3 }.text(Lang::Zh), "已逾期3日");
}

#[test]
fn bids_and_the_opening_are_due_at_the_deadline() {
    let r = record();
    let state = ProcState {
        node: Some(Node::DocumentIssue),
        deadline: Some(at("2026-03-20T09:30:00+08:00")),
        ..ProcState::default()
    };
    let d = step_deadline(
        ProjectStep::Open,
        &situation(&r, &state),
        china(),
        builtin_ref(),
    )
    .unwrap();
    assert_eq!(d.last_day, day("2026-03-20"));
    assert_eq!(d.rule(Lang::Zh), "截止时间 2026-03-20 09:30");
    // Steps without a period of their own have no due date.
    assert_eq!(
        step_deadline(
            ProjectStep::Draw,
            &situation(&r, &state),
            china(),
            builtin_ref()
        ),
        None
    );
}

#[test]
fn only_what_waits_is_a_desk_item() {
    let r = record();
    let state = ProcState::default();
    let s = situation(&r, &state);
    let runner = Part {
        runs: true,
        ..Part::default()
    };
    assert!(to_do(ProjectStep::Open, &s, &runner));
    assert!(!to_do(ProjectStep::Clarify, &s, &runner));
    assert!(!to_do(ProjectStep::Terminate, &s, &runner));
    let invited = Part {
        supplier: Some(SupplierPart {
            invited: true,
            ..SupplierPart::default()
        }),
        ..Part::default()
    };
    let anyone = Part {
        supplier: Some(SupplierPart::default()),
        ..Part::default()
    };
    assert!(to_do(ProjectStep::BidSubmit, &s, &invited));
    assert!(!to_do(ProjectStep::BidSubmit, &s, &anyone));
    assert!(!to_do(ProjectStep::BidWithdraw, &s, &invited));
}

#[test]
fn the_desk_puts_the_overdue_first_and_the_undated_last() {
    let item = |name: &str, last: Option<&str>| Item {
        task: Task::StartRound,
        target: Target::Plan(1),
        name: name.into(),
        detail: None,
        due: last.map(|d| Deadline::set(day(d), china())),
    };
    let mut items = vec![
        item("c", None),
        item("b", Some("2026-03-10")),
        item("a", Some("2026-03-01")),
    ];
    sort(&mut items);
    let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(urgent_count(&items, day("2026-03-05"), china()), 1);
}

#[test]
fn targets_link_to_the_page_of_the_record() {
    assert_eq!(Target::Project(7).href(), "/projects/7");
    assert_eq!(Target::Plan(3).href(), "/plans/3");
    let json = serde_json::to_string(&Task::Step(ProjectStep::Confirm)).unwrap();
    assert_eq!(
        serde_json::from_str::<Task>(&json).unwrap(),
        Task::Step(ProjectStep::Confirm)
    );
}

fn contract() -> crate::model::Contract {
    crate::model::Contract {
        id: "c1".into(),
        lot_id: None,
        supplier_id: "s".into(),
        amount: Some(crate::money::Fen::yuan(100_000)),
        signed_at: Some(at("2026-03-10T10:00:00+08:00")),
        published_at: None,
        filed_at: None,
        terms_match_award: None,
        payment_term_days: None,
        payment_after_acceptance: None,
        payment_term_agreed: None,
        amendments: Vec::new(),
        subcontracts: Vec::new(),
    }
}

/// Every part an account may have in a project.
fn every_part() -> Vec<Part> {
    let supplier = |invited, lots: &[usize]| Part {
        supplier: Some(SupplierPart {
            invited,
            in_force: lots
                .iter()
                .fold(crate::lots::LotSet::EMPTY, |s, i| s.with(*i)),
            ..SupplierPart::default()
        }),
        ..Part::default()
    };
    let expert = |g| Part {
        expert: Some(g),
        ..Part::default()
    };
    use crate::panel::ExpertGate as G;
    vec![
        Part {
            runs: true,
            ..Part::default()
        },
        Part {
            unit: true,
            ..Part::default()
        },
        Part {
            runs: true,
            unit: true,
            ..Part::default()
        },
        supplier(true, &[]),
        supplier(true, &[0]),
        supplier(false, &[0]),
        expert(G::MustDeclare),
        expert(G::MayScore),
        expert(G::ConflictDeclared),
    ]
}

/// What any part would find waiting on the project at any of several times, no security being
/// held (the refund is an item only while one is: the server lists the held securities).
fn waiting_for_anyone(s: &Situation<'_>) -> Vec<ProjectStep> {
    let mut out = Vec::new();
    for now in [
        "2026-03-03T10:00:00+08:00",
        "2026-06-01T10:00:00+08:00",
        "2031-01-01T10:00:00+08:00",
    ] {
        let s = Situation { now: at(now), ..*s };
        for part in every_part() {
            out.extend(
                crate::steps::offered(&s, &part)
                    .into_iter()
                    .filter(|step| *step != ProjectStep::RefundSecurity)
                    .filter(|step| to_do(*step, &s, &part)),
            );
        }
    }
    out
}

#[test]
fn a_settled_project_puts_nothing_on_any_desk_at_any_time() {
    // Ended (废标 / 终止), nothing unanswered, no security held.
    let r = record();
    let ended = ProcState {
        node: Some(Node::DeadlineOpening),
        terminated: true,
        ..ProcState::default()
    };
    let s = situation(&r, &ended);
    assert!(settled(&s, false));
    assert_eq!(waiting_for_anyone(&s), []);
    // A security still held, or a challenge unanswered: not settled (each is a to-do).
    assert!(!settled(&s, true));
    let asked = Situation {
        unanswered: 1,
        ..situation(&r, &ended)
    };
    assert!(!settled(&asked, false));
    assert!(waiting_for_anyone(&asked).contains(&ProjectStep::ChallengeAnswer));

    // Awarded and contracted: settled once the contract is accepted and paid in full.
    let mut r = record();
    r.awards.push(award("2026-03-02T10:00:00+08:00"));
    r.contracts.push(contract());
    let contracted = ProcState {
        node: Some(Node::Contract),
        award_notice_sent: true,
        ..ProcState::default()
    };
    assert!(!settled(&situation(&r, &contracted), false));
    assert!(waiting_for_anyone(&situation(&r, &contracted)).contains(&ProjectStep::Accept));
    r.acceptances.push(crate::model::Acceptance {
        contract_id: "c1".into(),
        delivered_at: Some(at("2026-04-01T10:00:00+08:00")),
        done_at: Some(at("2026-04-02T10:00:00+08:00")),
        passed: Some(true),
        third_party: None,
        recipients_involved: None,
        public_service: None,
    });
    let performed = ProcState {
        node: Some(Node::Performance),
        ..contracted
    };
    assert!(!settled(&situation(&r, &performed), false));
    assert!(waiting_for_anyone(&situation(&r, &performed)).contains(&ProjectStep::Pay));
    r.payments.push(crate::model::Payment {
        contract_id: Some("c1".into()),
        paid_at: at("2026-04-10T10:00:00+08:00"),
        amount: crate::money::Fen::yuan(100_000),
        payee_id: "s".into(),
        is_final: Some(true),
    });
    let s = situation(&r, &performed);
    assert!(settled(&s, false));
    assert_eq!(waiting_for_anyone(&s), []);
}
