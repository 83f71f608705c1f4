use super::*;
use crate::calendar::china;
use crate::checks::framework::ProjectCheck;
use crate::checks::testing::{at, ctx, day, kind, record};
use crate::checks::{a04, a05, m23};
use crate::model::{EvaluationReport, Method};
use crate::thresholds::builtin_ref;

fn award(supplier: &str, amount: Option<i64>, reason: Option<&str>) -> Award {
    Award {
        lot_id: None,
        supplier_id: supplier.into(),
        bid_id: None,
        amount: amount.map(Fen::yuan),
        confirmed_at: Some(at("2026-03-11 10:00")),
        notified_at: None,
        published_at: None,
        deviation_reason: reason.map(str::to_owned),
    }
}

fn contract(supplier: &str, amount: Option<i64>, terms: Option<bool>) -> Contract {
    Contract {
        id: "C1".into(),
        lot_id: None,
        supplier_id: supplier.into(),
        amount: amount.map(Fen::yuan),
        signed_at: Some(at("2026-03-20 10:00")),
        published_at: None,
        filed_at: None,
        terms_match_award: terms,
        payment_term_days: None,
        payment_after_acceptance: None,
        payment_term_agreed: None,
        amendments: vec![],
        subcontracts: vec![],
    }
}

#[test]
fn award_follows_the_ranking_unless_a_reason_is_recorded() {
    let ranking = vec!["S1".to_owned(), "S2".to_owned()];
    let rows: [(&str, Option<&str>, bool); 5] = [
        ("S1", None, true),
        ("S2", None, false),
        ("S2", Some("第一名放弃中标"), true),
        ("S2", Some("  "), false), // a blank reason is no reason
        ("S1", Some("x"), true),
    ];
    for (winner, reason, ok) in rows {
        assert_eq!(
            award_follows_ranking(&ranking, winner, reason),
            ok,
            "{winner} {reason:?}"
        );
        // The same answer as M23 on a record (timing in order).
        let mut p = record(Method::PublicTender);
        p.reports = vec![EvaluationReport {
            version: 1,
            lot_id: None,
            signed_at: None,
            delivered_at: Some(at("2026-03-10 10:00")),
            ranking: ranking.clone(),
            change_reason: None,
            reported_to_finance: None,
        }];
        p.awards = vec![award(winner, None, reason)];
        let o = m23::M23.run(&p, &ctx("2026-04-01 00:00"));
        assert_eq!(
            kind(&o),
            if ok { "clear" } else { "flag" },
            "{winner} {reason:?}"
        );
    }
    assert!(award_follows_ranking(&[], "S9", None));
}

#[test]
fn contract_against_award_as_a04() {
    let rows = [
        (
            contract("S1", Some(900_000), Some(true)),
            ContractCheck::Matches,
            "clear",
        ),
        (
            contract("S2", Some(900_000), Some(true)),
            ContractCheck::OtherSupplier,
            "flag",
        ),
        (
            contract("S1", Some(900_001), Some(true)),
            ContractCheck::OtherAmount,
            "flag",
        ),
        (
            contract("S1", Some(900_000), Some(false)),
            ContractCheck::TermsChanged,
            "flag",
        ),
        (
            contract("S1", None, Some(false)),
            ContractCheck::TermsChanged,
            "flag",
        ),
        (
            contract("S1", None, None),
            ContractCheck::Unknown {
                missing: vec![
                    "contracts[].amount".into(),
                    "contracts[].terms_match_award".into(),
                ],
            },
            "missing",
        ),
    ];
    let a = award("S1", Some(900_000), None);
    for (c, expected, a04_kind) in rows {
        assert_eq!(contract_matches_award(&c, &a), expected, "{c:?}");
        let mut p = record(Method::PublicTender);
        p.awards = vec![a.clone()];
        p.contracts = vec![c.clone()];
        assert_eq!(
            kind(&a04::A04.run(&p, &ctx("2026-04-01 00:00"))),
            a04_kind,
            "{c:?}"
        );
    }
    assert!(contract_matches_award(&contract("S1", Some(900_000), Some(true)), &a).is_match());
    assert_eq!(
        ContractCheck::OtherAmount.message(Lang::Zh),
        Some("合同金额与中标（成交）金额不一致")
    );
}

fn add_on(delta: Option<i64>) -> Amendment {
    Amendment {
        kind: AmendmentKind::AddOn,
        signed_at: Some(at("2026-06-01 10:00")),
        delta_amount: delta.map(Fen),
        legal_ground: None,
        justification: None,
        extends_period: None,
        quality_improvement: None,
    }
}

#[test]
fn add_ons_up_to_ten_percent() {
    let t = builtin_ref();
    let on = day("2026-06-01");
    let mut c = contract("S1", Some(1_000_000), Some(true));
    c.amendments = vec![add_on(Some(6_000_000))]; // 60,000.00 元
                                                  // + 40,000.00 → exactly 10 %: within; one fen more: not.
    let ok = add_on_check(t, &c, Some(&add_on(Some(4_000_000))), on).unwrap();
    assert!(ok.within);
    assert_eq!(
        (ok.added, ok.limit, ok.ratio_permille),
        (Fen::yuan(100_000), Fen::yuan(100_000), 100)
    );
    let over = add_on_check(t, &c, Some(&add_on(Some(4_000_001))), on).unwrap();
    assert!(!over.within);
    // Other kinds do not count.
    let change = Amendment {
        kind: AmendmentKind::Change,
        ..add_on(Some(99_000_000))
    };
    assert!(add_on_check(t, &c, Some(&change), on).unwrap().within);
    // The same answer as A05 once stored.
    for (delta, a05_kind) in [(4_000_000, "clear"), (4_000_001, "flag")] {
        let mut stored = c.clone();
        stored.amendments.push(add_on(Some(delta)));
        let mut p = record(Method::PublicTender);
        p.contracts = vec![stored.clone()];
        assert_eq!(kind(&a05::A05.run(&p, &ctx("2026-07-01 00:00"))), a05_kind);
        assert_eq!(
            add_on_check(t, &stored, None, on).unwrap().within,
            a05_kind == "clear"
        );
    }
    // Unknown facts.
    assert_eq!(
        add_on_check(t, &c, Some(&add_on(None)), on),
        Err(AddOnError::UnknownDelta)
    );
    let no_amount = contract("S1", None, None);
    assert_eq!(
        add_on_check(t, &no_amount, None, on),
        Err(AddOnError::NoOriginalAmount)
    );
}

#[test]
fn bid_security_refund_in_five_working_days() {
    // Award notice Friday 2026-03-06 → refund by Friday 2026-03-13.
    let d = security_refund_due(china(), builtin_ref(), at("2026-03-06 15:00")).unwrap();
    assert_eq!(d.date, day("2026-03-13"));
    assert_eq!(d.limit.value.amount, 5);
}

#[test]
fn a_confirmation_names_a_ranked_supplier_and_a_reason_to_pass_the_first() {
    let ranking = vec!["s1".to_owned(), "s2".to_owned()];
    assert!(check_confirmation(&ranking, "s1", None).is_ok());
    assert_eq!(
        check_confirmation(&ranking, "s3", None).unwrap_err().field,
        "supplier_id"
    );
    assert_eq!(
        check_confirmation(&ranking, "s2", Some("  "))
            .unwrap_err()
            .field,
        "deviation_reason"
    );
    assert!(check_confirmation(&ranking, "s2", Some("第一名放弃中标")).is_ok());
}
