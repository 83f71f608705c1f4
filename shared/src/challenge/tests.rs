use super::*;
use crate::calendar::china;
use crate::checks::framework::ProjectCheck;
use crate::checks::testing::{at, ctx, day, kind, record};
use crate::checks::{m25, m26};
use crate::model::{Contract, Method};
use crate::thresholds::builtin_ref;

fn remedy(kind: ChallengeKind, filed: &str) -> Challenge {
    Challenge {
        kind,
        supplier_id: Some("S1".into()),
        filed_at: at(filed),
        answered_at: None,
        decided_at: None,
        affects_result: None,
        excluded_workdays: None,
        suspended_from: None,
        suspended_until: None,
        upheld: None,
    }
}

#[test]
fn due_dates_in_working_days() {
    let (c, t) = (china(), builtin_ref());
    // Challenge received Monday 2026-03-02: 7 working days → Wednesday 2026-03-11 (M25's example:
    // answered 03-12 is 8 working days, late).
    let d = challenge_answer_due(c, t, at("2026-03-02 09:00")).unwrap();
    assert_eq!(d.date, day("2026-03-11"));
    assert_eq!(d.limit.value.amount, 7);
    assert!(in_time(&d, at("2026-03-11 23:59")));
    assert!(!in_time(&d, at("2026-03-12 00:00")));
    // Inquiry received Friday 2026-03-06: 3 working days → Wednesday 2026-03-11.
    assert_eq!(
        inquiry_answer_due(c, t, at("2026-03-06 16:00"))
            .unwrap()
            .date,
        day("2026-03-11")
    );
    // Knowing of the harm on Friday 2026-03-06: challenge by Tuesday 2026-03-17.
    assert_eq!(
        challenge_filing_due(c, t, day("2026-03-06")).unwrap().date,
        day("2026-03-17")
    );
    // Complaint: 15 working days after the end of the answer period (2026-03-11) → 2026-04-01.
    assert_eq!(
        complaint_filing_due(c, t, day("2026-03-11")).unwrap().date,
        day("2026-04-01")
    );
}

#[test]
fn holidays_and_make_up_days_count_as_the_calendar_says() {
    let (c, t) = (china(), builtin_ref());
    // National Day 2025: 10-01…10-08 off, Saturday 10-11 a make-up working day.
    // Filed Tuesday 09-30: 10-09, 10-10, 10-11, 10-13, 10-14, 10-15, 10-16.
    assert_eq!(
        challenge_answer_due(c, t, at("2025-09-30 10:00"))
            .unwrap()
            .date,
        day("2025-10-16")
    );
    // Outside the calendar: an error, not a guess.
    let e = challenge_answer_due(c, t, at("2030-01-02 10:00")).unwrap_err();
    assert!(matches!(e, DueError::Calendar(_)));
    assert!(e.message(Lang::Zh).contains("超出节假日历覆盖范围"));
}

#[test]
fn complaint_decision_adds_the_excluded_days() {
    let (c, t) = (china(), builtin_ref());
    let plain = complaint_decision_due(c, t, at("2026-03-02 09:00"), 0).unwrap();
    let with = complaint_decision_due(c, t, at("2026-03-02 09:00"), 5).unwrap();
    assert_eq!(c.workdays_between(day("2026-03-02"), plain.date), Ok(30));
    assert_eq!(c.workdays_between(plain.date, with.date), Ok(5));
    // Negative exclusions are ignored.
    assert_eq!(
        complaint_decision_due(c, t, at("2026-03-02 09:00"), -3).unwrap(),
        plain
    );
    let mut comp = remedy(ChallengeKind::Complaint, "2026-03-02 09:00");
    comp.excluded_workdays = Some(5);
    assert_eq!(answer_due(c, t, &comp).unwrap(), with);
}

#[test]
fn the_due_date_is_the_boundary_m25_uses() {
    let (c, t) = (china(), builtin_ref());
    for k in [
        ChallengeKind::Inquiry,
        ChallengeKind::Challenge,
        ChallengeKind::Complaint,
    ] {
        let mut r = remedy(k, "2026-03-02 09:00");
        let d = answer_due(c, t, &r).unwrap();
        let on_time = Instant::parse(&format!("{}T17:00", d.date)).unwrap();
        let late =
            Instant::parse(&format!("{}T09:00", c.add_workdays(d.date, 1).unwrap())).unwrap();
        for (answer, expect) in [(on_time, "clear"), (late, "flag")] {
            if k == ChallengeKind::Complaint {
                r.decided_at = Some(answer);
                r.excluded_workdays = Some(0);
            } else {
                r.answered_at = Some(answer);
            }
            let mut p = record(Method::PublicTender);
            p.challenges = vec![r.clone()];
            let o = m25::M25.run(&p, &ctx("2026-06-01 00:00"));
            assert_eq!(kind(&o), expect, "{k:?} {answer}");
        }
    }
}

#[test]
fn signing_waits_for_remedies_that_may_affect_the_result() {
    let sign = at("2026-04-03 10:00");
    let mut ch = remedy(ChallengeKind::Challenge, "2026-04-01 09:00");
    // Undecided → decide first.
    assert_eq!(
        signing_gate(&[ch.clone()], sign),
        SigningGate::Undecided { index: 0 }
    );
    ch.affects_result = Some(true);
    let g = signing_gate(&[ch.clone()], sign);
    assert_eq!(g, SigningGate::Blocked { index: 0 });
    assert!(!g.allows());
    assert_eq!(
        g.message(Lang::Zh),
        Some("有可能影响中标、成交结果的询问或质疑尚未处理完毕，应暂停签订合同")
    );
    // Answered at the very signing instant → closed; answered after → still open.
    ch.answered_at = Some(sign);
    assert_eq!(signing_gate(&[ch.clone()], sign), SigningGate::Allowed);
    ch.answered_at = Some(sign.add_seconds(1));
    assert_eq!(
        signing_gate(&[ch.clone()], sign),
        SigningGate::Blocked { index: 0 }
    );
    // Filed after the signature → not in the way.
    assert_eq!(
        signing_gate(&[ch.clone()], at("2026-03-31 10:00")),
        SigningGate::Allowed
    );
    // Does not affect the result → allowed.
    let mut minor = remedy(ChallengeKind::Inquiry, "2026-04-01 09:00");
    minor.affects_result = Some(false);
    assert!(signing_gate(&[minor.clone()], sign).allows());
    // A complaint with a suspension in force.
    let mut comp = remedy(ChallengeKind::Complaint, "2026-03-20 09:00");
    comp.suspended_from = Some(at("2026-03-21 09:00"));
    assert_eq!(
        signing_gate(&[minor.clone(), comp.clone()], sign),
        SigningGate::Suspended { index: 1 }
    );
    comp.suspended_until = Some(sign);
    assert!(signing_gate(&[minor, comp], sign).allows());
    assert_eq!(SigningGate::Allowed.message(Lang::En), None);
}

#[test]
fn the_gate_agrees_with_m26() {
    let sign = at("2026-04-03 10:00");
    let cases: Vec<(Option<bool>, Option<&str>, &str)> = vec![
        (Some(true), None, "flag"),
        (Some(true), Some("2026-04-02 10:00"), "clear"),
        (Some(true), Some("2026-04-08 10:00"), "flag"),
        (Some(false), None, "clear"),
        (None, None, "missing"),
        (None, Some("2026-04-02 10:00"), "clear"),
    ];
    for (affects, answered, m26_kind) in cases {
        let mut ch = remedy(ChallengeKind::Challenge, "2026-04-01 09:00");
        ch.affects_result = affects;
        ch.answered_at = answered.map(at);
        let mut p = record(Method::PublicTender);
        p.challenges = vec![ch.clone()];
        p.contracts = vec![Contract {
            id: "C1".into(),
            lot_id: None,
            supplier_id: "S1".into(),
            amount: None,
            signed_at: Some(sign),
            published_at: None,
            filed_at: None,
            terms_match_award: None,
            payment_term_days: None,
            payment_after_acceptance: None,
            payment_term_agreed: None,
            amendments: vec![],
            subcontracts: vec![],
        }];
        let o = m26::M26.run(&p, &ctx("2026-06-01 00:00"));
        assert_eq!(kind(&o), m26_kind, "{affects:?} {answered:?}");
        let gate = signing_gate(&[ch], sign);
        let expected = match m26_kind {
            "flag" => SigningGate::Blocked { index: 0 },
            "missing" => SigningGate::Undecided { index: 0 },
            _ => SigningGate::Allowed,
        };
        assert_eq!(gate, expected, "{affects:?} {answered:?}");
    }
}
