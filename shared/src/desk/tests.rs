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
