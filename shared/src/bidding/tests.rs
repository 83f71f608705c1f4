use super::*;
use crate::checks::testing::at;
use crate::disclosure::{Stage, Viewer};
use crate::model::BidStatus;

fn clar(issued: &str, after: Option<&str>) -> Clarification {
    Clarification {
        issued_at: at(issued),
        affects_preparation: Some(true),
        prequalification: false,
        deadline_before: None,
        deadline_after: after.map(at),
    }
}

#[test]
fn window_is_strictly_before_the_deadline() {
    let deadline = at("2026-03-20 09:30");
    for (when, open) in [
        ("2026-03-20 09:29", true),
        ("2026-03-20 09:30", false),
        ("2026-03-20 09:31", false),
        ("2026-03-01 00:00", true),
    ] {
        assert_eq!(window_open(deadline, at(when)), open, "{when}");
        for action in [BidAction::Submit, BidAction::Withdraw, BidAction::Replace] {
            assert_eq!(
                check_bid_action(action, deadline, at(when)).is_ok(),
                open,
                "{when} {action:?}"
            );
        }
    }
    // One second before is still in time.
    assert!(window_open(deadline, deadline.add_seconds(-1)));
    let e = check_bid_action(BidAction::Replace, deadline, deadline).unwrap_err();
    assert_eq!(
        e.message(Lang::Zh),
        "投标截止时间2026-03-20 09:30已到，不能修改投标文件"
    );
    assert_eq!(
        e.message(Lang::En),
        "The deadline 2026-03-20 09:30 has passed: you can no longer replace the bid"
    );
}

#[test]
fn the_deadline_in_force_follows_the_clarifications_issued_so_far() {
    let initial = at("2026-03-20 09:30");
    let cs = [
        clar("2026-03-05 10:00", Some("2026-03-25 09:30")),
        clar("2026-03-06 10:00", None), // no new deadline
        clar("2026-03-10 10:00", Some("2026-03-30 09:30")),
    ];
    assert_eq!(
        deadline_in_force(initial, &cs, at("2026-03-01 00:00")),
        initial
    );
    assert_eq!(
        deadline_in_force(initial, &cs, at("2026-03-05 10:00")),
        at("2026-03-25 09:30")
    );
    assert_eq!(
        deadline_in_force(initial, &cs, at("2026-03-08 00:00")),
        at("2026-03-25 09:30")
    );
    assert_eq!(
        deadline_in_force(initial, &cs, at("2026-03-26 00:00")),
        at("2026-03-30 09:30")
    );
    // Order of the list does not matter, the issue time does.
    let rev = [cs[2].clone(), cs[1].clone(), cs[0].clone()];
    assert_eq!(
        deadline_in_force(initial, &rev, at("2026-03-26 00:00")),
        at("2026-03-30 09:30")
    );
    // Extended: a bid at the old deadline is now in time.
    let d = deadline_in_force(initial, &cs, initial);
    assert!(window_open(d, initial));
}

#[test]
fn opening_at_or_after_the_deadline_and_three_bids_in_a_tender() {
    let deadline = at("2026-03-20 09:30");
    let m = Method::PublicTender;
    assert!(matches!(
        check_opening(m, deadline, at("2026-03-20 09:29"), 5),
        Err(BidWindowError::TooEarlyToOpen { .. })
    ));
    assert_eq!(check_opening(m, deadline, deadline, 3), Ok(()));
    assert_eq!(
        check_opening(m, deadline, deadline, 2),
        Err(BidWindowError::TooFewBids { bids: 2, min: 3 })
    );
    assert_eq!(
        check_opening(Method::InvitedTender, deadline, deadline, 2),
        Err(BidWindowError::TooFewBids { bids: 2, min: 3 })
    );
    // Negotiation: the minimum is judged on the final quotes, not at the opening.
    assert_eq!(
        check_opening(Method::CompetitiveNegotiation, deadline, deadline, 2),
        Ok(())
    );
    let e = check_opening(m, deadline, deadline, 2).unwrap_err();
    assert_eq!(
        e.message(Lang::Zh),
        "投标截止时仅收到2份投标文件，不足3家，不得开标"
    );
    assert!(is_opened(Some(deadline), deadline));
    assert!(!is_opened(Some(deadline), deadline.add_seconds(-1)));
    assert!(!is_opened(None, deadline));
}

#[test]
fn nobody_reads_a_price_before_the_opening() {
    for method in Method::SIX {
        for v in Viewer::ALL {
            for stage in [Stage::Preparation, Stage::BeforeDeadline] {
                for own in [false, true] {
                    let before = bid_visibility(v, stage, method, own, false);
                    assert!(!before.price && !before.documents, "{v:?} {method:?}");
                    // Nobody but the bidder learns who bid before the opening.
                    assert_eq!(before.bidder, v == Viewer::Bidder && own, "{v:?}");
                }
            }
        }
    }
    let t = Method::PublicTender;
    let s = Stage::BeforeDeadline;
    assert!(bid_visibility(Viewer::Runner, s, t, false, false).receipt);
    assert!(bid_visibility(Viewer::Regulator, s, t, false, false).receipt);
    assert!(!bid_visibility(Viewer::PurchaserStaff, s, t, false, false).receipt);
    assert!(!bid_visibility(Viewer::OtherSupplier, s, t, false, false).receipt);
    assert!(!bid_visibility(Viewer::Bidder, s, t, false, false).receipt);
    assert!(bid_visibility(Viewer::Bidder, s, t, true, false).receipt);
}

#[test]
fn after_the_opening() {
    use Viewer::*;
    let t = Method::PublicTender;
    let n = Method::CompetitiveNegotiation;
    let s = Stage::AfterOpening;
    for v in [Runner, PanelMember, Regulator, Admin] {
        assert_eq!(
            bid_visibility(v, s, t, false, false),
            BidVisibility::ALL,
            "{v:?}"
        );
        assert_eq!(
            bid_visibility(v, s, n, false, false),
            BidVisibility::ALL,
            "{v:?}"
        );
    }
    let staff = bid_visibility(PurchaserStaff, s, t, false, false);
    assert!(staff.price && staff.bidder && !staff.documents);
    assert_eq!(
        bid_visibility(Bidder, s, n, true, false),
        BidVisibility::ALL
    );
    // 唱标 at a tender: the other bidders' names and prices, not their documents.
    let other = bid_visibility(Bidder, s, t, false, false);
    assert!(other.price && other.bidder && !other.documents);
    assert_eq!(
        bid_visibility(Bidder, s, n, false, false),
        BidVisibility::NOTHING
    );
    assert_eq!(
        bid_visibility(OtherSupplier, s, t, false, false),
        BidVisibility::NOTHING
    );
    assert_eq!(
        bid_visibility(OtherExpert, s, t, false, false),
        BidVisibility::NOTHING
    );
    assert_eq!(
        bid_visibility(ReserveExpert, s, t, false, false),
        BidVisibility::NOTHING
    );
}

#[test]
fn a_withdrawn_bid_is_never_opened_to_others() {
    let s = Stage::AfterOpening;
    let t = Method::PublicTender;
    for v in Viewer::ALL {
        let seen = bid_visibility(v, s, t, false, true);
        assert!(!seen.bidder && !seen.price && !seen.documents, "{v:?}");
    }
    assert!(bid_visibility(Viewer::Runner, s, t, false, true).receipt);
    assert_eq!(
        bid_visibility(Viewer::Bidder, s, t, true, true),
        BidVisibility::ALL
    );
}

#[test]
fn redacted_view() {
    let bid = Bid {
        id: "B1".into(),
        supplier_id: "S1".into(),
        lot_id: None,
        received_at: Some(at("2026-03-19 15:00")),
        price: Some(Fen::yuan(900_000)),
        final_price: None,
        status: BidStatus::Valid,
        disqualification_reason: None,
        qualified: None,
        responsive: None,
        brand: None,
        device: None,
        consortium_members: Vec::new(),
        deposit_payer_account: None,
        deposit_refunded_at: None,
        low_price_explanation: None,
        contacts: Vec::new(),
    };
    let sealed = BidView::of(
        &bid,
        bid_visibility(
            Viewer::Runner,
            Stage::BeforeDeadline,
            Method::PublicTender,
            false,
            false,
        ),
    )
    .unwrap();
    assert_eq!(sealed.price, None);
    assert_eq!(sealed.supplier_id, None);
    assert!(!sealed.documents);
    assert_eq!(sealed.received_at, bid.received_at);
    assert_eq!(
        BidView::of(
            &bid,
            bid_visibility(
                Viewer::PurchaserStaff,
                Stage::BeforeDeadline,
                Method::PublicTender,
                false,
                false
            )
        ),
        None
    );
    let open = BidView::of(
        &bid,
        bid_visibility(
            Viewer::PurchaserStaff,
            Stage::AfterOpening,
            Method::PublicTender,
            false,
            false,
        ),
    )
    .unwrap();
    assert_eq!(open.price, Some(Fen::yuan(900_000)));
    assert_eq!(open.supplier_id.as_deref(), Some("S1"));
}

fn form(price: &str, validity: &str, docs: &[&str]) -> BidForm {
    BidForm {
        price: price.into(),
        validity_days: validity.into(),
        documents: docs.iter().map(|d| (*d).to_owned()).collect(),
        lot: String::new(),
    }
}

#[test]
fn the_form_parses_yuan_to_fen() {
    let b = form(
        "1,234,567.8",
        " 90 ",
        &["商务文件.pdf", " ", "技术文件.pdf"],
    )
    .parse()
    .unwrap();
    assert_eq!(b.price(), Fen(123_456_780));
    assert_eq!(b.validity_days(), 90);
    assert_eq!(b.documents(), ["商务文件.pdf", "技术文件.pdf"]);
    // Round trip through JSON goes through parse().
    let json = serde_json::to_string(&b).unwrap();
    let again: NewBid = serde_json::from_str(&json).unwrap();
    assert_eq!(again, b);
    let bad: Result<NewBid, _> =
        serde_json::from_str(r#"{"price": "0", "validity_days": "90", "documents": ["a"]}"#);
    assert!(bad.is_err());
}

#[test]
fn the_form_reports_every_error_at_once() {
    let e = form("1.234", "0", &["a.pdf", "a.pdf", "b\u{7}.pdf"])
        .parse()
        .unwrap_err();
    let codes: Vec<(&str, &str)> = e
        .iter()
        .map(|x| (x.field.as_str(), x.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("price", "decimals"),
            ("validity_days", "out_of_range"),
            ("documents[1]", "duplicate"),
            ("documents[2]", "control_chars"),
        ]
    );
    let e = form("", "", &[]).parse().unwrap_err();
    let codes: Vec<(&str, &str)> = e
        .iter()
        .map(|x| (x.field.as_str(), x.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("price", "required"),
            ("validity_days", "required"),
            ("documents", "required"),
        ]
    );
    assert_eq!(
        e.for_field("documents").unwrap().zh,
        "请至少上传一份投标文件"
    );
    let e = form("-5", "366", &["a"]).parse().unwrap_err();
    assert_eq!(e.for_field("price").unwrap().code, "not_a_number");
    assert_eq!(e.for_field("validity_days").unwrap().code, "out_of_range");
    let long = "x".repeat(DOCUMENT_NAME_MAX + 1);
    let e = form("1", "1", &[&long]).parse().unwrap_err();
    assert_eq!(e.for_field("documents[0]").unwrap().code, "too_long");
}

#[test]
fn terms_of_the_documents() {
    let terms = BidTerms {
        max_price: Some(Fen::yuan(1_000_000)),
        min_validity_days: Some(90),
    };
    // Exactly the ceiling passes; one fen more fails.
    assert!(form("1,000,000.00", "90", &["a"])
        .parse_against(&terms)
        .is_ok());
    let e = form("1,000,000.01", "89", &["a"])
        .parse_against(&terms)
        .unwrap_err();
    let codes: Vec<&str> = e.iter().map(|x| x.code.as_str()).collect();
    assert_eq!(codes, ["above_max_price", "below_required"]);
    assert_eq!(
        e.for_field("price").unwrap().zh,
        "报价超过最高限价1,000,000.00元，投标无效"
    );
    // A form error elsewhere does not hide the term errors of the parsed fields.
    let e = form("1,000,000.01", "abc", &[])
        .parse_against(&terms)
        .unwrap_err();
    let codes: Vec<(&str, &str)> = e
        .iter()
        .map(|x| (x.field.as_str(), x.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("price", "above_max_price"),
            ("validity_days", "out_of_range"),
            ("documents", "required"),
        ]
    );
    // No terms: parse alone.
    assert!(form("5", "1", &["a"])
        .parse_against(&BidTerms::default())
        .is_ok());
}

#[test]
fn a_bidder_learns_its_own_score_rank_and_verdict_once_the_result_is_out() {
    use crate::model::{Award, EvaluationReport, ScoreSheet};
    let mut r = crate::checks::testing::record(Method::PublicTender);
    r.opening_at = Some(at("2025-03-01T09:00:00+08:00"));
    for (person, bid, total) in [
        ("e1", "b2", 8_751),
        ("e2", "b2", 8_650),
        ("e1", "b1", 9_000),
    ] {
        r.score_sheets.push(ScoreSheet {
            person_id: person.into(),
            bid_id: bid.into(),
            total_hundredths: total,
            items: Vec::new(),
        });
    }
    let mut reviewed = r.bids.first().cloned().unwrap_or_else(|| Bid {
        id: "b3".into(),
        supplier_id: "s3".into(),
        lot_id: None,
        received_at: None,
        price: None,
        final_price: None,
        status: BidStatus::Valid,
        disqualification_reason: None,
        qualified: None,
        responsive: None,
        brand: None,
        device: None,
        consortium_members: Vec::new(),
        deposit_payer_account: None,
        deposit_refunded_at: None,
        low_price_explanation: None,
        contacts: Vec::new(),
    });
    reviewed.id = "b3".into();
    reviewed.supplier_id = "s3".into();
    reviewed.qualified = Some(false);
    reviewed.disqualification_reason = Some("未提供有效的营业执照".into());
    r.bids.push(reviewed);
    let facts = |bid: &'static str, supplier: &'static str| OwnBidFacts {
        bid_id: bid,
        supplier_id: supplier,
        lot: None,
        status: "submitted",
        refunded_at: None,
    };
    let now = at("2025-03-20T09:00:00+08:00");
    // Under evaluation: the outcome only, no score, no verdict.
    let before = own_result(&r, false, facts("b2", "s2"), now);
    assert_eq!(before.outcome, BidOutcome::Opened);
    assert_eq!((before.score_hundredths, before.sheets), (None, 0));
    let b3 = own_result(&r, false, facts("b3", "s3"), now);
    assert_eq!((b3.qualified, b3.disqualification_reason), (None, None));
    // The result is out: its own mean score (87.005 → 87.01) and rank, and the verdict.
    r.reports.push(EvaluationReport {
        version: 1,
        lot_id: None,
        signed_at: None,
        delivered_at: None,
        ranking: vec!["s1".into(), "s2".into()],
        change_reason: None,
        reported_to_finance: None,
    });
    r.awards.push(Award {
        lot_id: None,
        supplier_id: "s1".into(),
        bid_id: Some("b1".into()),
        amount: None,
        confirmed_at: None,
        notified_at: Some(at("2025-03-15T09:00:00+08:00")),
        published_at: None,
        deviation_reason: None,
    });
    let after = own_result(&r, false, facts("b2", "s2"), now);
    assert_eq!(after.outcome, BidOutcome::NotWon { rank: Some(2) });
    assert_eq!((after.score_hundredths, after.sheets), (Some(8_701), 2));
    let winner = own_result(&r, false, facts("b1", "s1"), now);
    assert_eq!(winner.outcome, BidOutcome::Won);
    assert_eq!(winner.score_hundredths, Some(9_000));
    let b3 = own_result(&r, false, facts("b3", "s3"), now);
    assert_eq!(b3.outcome, BidOutcome::NotWon { rank: None });
    assert_eq!(b3.qualified, Some(false));
    assert_eq!(
        b3.disqualification_reason.as_deref(),
        Some("未提供有效的营业执照")
    );
    assert_eq!(b3.score_hundredths, None, "not scored");
}
