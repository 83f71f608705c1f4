use super::*;
use crate::access::{Principal, Role};

const T: Method = Method::PublicTender;
const N: Method = Method::CompetitiveNegotiation;

#[test]
fn the_panel_is_secret_until_the_result_notice_but_to_the_runner_and_the_seats() {
    for stage in Stage::ALL {
        for viewer in Viewer::ALL {
            let a = access(viewer, stage, Field::Panel, T);
            let expected = if stage >= Stage::AfterResult || viewer == Viewer::Runner {
                Access::All
            } else if matches!(
                viewer,
                Viewer::PanelMember
                    | Viewer::UndeclaredMember
                    | Viewer::ReserveExpert
                    | Viewer::PurchaserRepresentative
            ) {
                Access::Own
            } else {
                Access::None
            };
            assert_eq!(a, expected, "{viewer:?} at {stage:?}");
        }
    }
}

#[test]
fn nobody_sees_a_price_or_a_document_before_the_opening() {
    for stage in [Stage::Preparation, Stage::BeforeDeadline] {
        for viewer in Viewer::ALL {
            for field in [Field::Prices, Field::BidDocuments, Field::Bidders] {
                for method in [T, N] {
                    let own_name = viewer == Viewer::Bidder && field == Field::Bidders;
                    assert_eq!(
                        access(viewer, stage, field, method),
                        if own_name { Access::Own } else { Access::None },
                        "{viewer:?} {field:?} at {stage:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_obtainers_stay_with_the_runner_and_the_regulator() {
    for stage in Stage::ALL {
        for viewer in Viewer::ALL {
            let a = access(viewer, stage, Field::Obtainers, T);
            match viewer {
                Viewer::Runner => assert_eq!(a, Access::All),
                Viewer::Regulator | Viewer::Admin => assert_eq!(
                    a,
                    if stage >= Stage::AfterOpening {
                        Access::All
                    } else {
                        Access::None
                    }
                ),
                Viewer::DocumentObtainer | Viewer::Bidder => assert_eq!(a, Access::Own),
                _ => assert_eq!(a, Access::None, "{viewer:?} at {stage:?}"),
            }
        }
    }
}

#[test]
fn a_reserve_expert_sees_no_bidder_and_no_bid() {
    for stage in Stage::ALL {
        for field in [
            Field::BidReceipts,
            Field::Bidders,
            Field::Prices,
            Field::BidDocuments,
            Field::Scores,
            Field::Report,
            Field::Obtainers,
        ] {
            assert_eq!(access(Viewer::ReserveExpert, stage, field, T), Access::None);
        }
    }
}

#[test]
fn an_undeclared_member_sees_who_bid_but_no_offer() {
    for stage in [Stage::AfterOpening, Stage::Evaluation] {
        let may = |f| access(Viewer::UndeclaredMember, stage, f, T);
        assert_eq!(may(Field::Bidders), Access::All);
        for f in [
            Field::Prices,
            Field::BidDocuments,
            Field::Scores,
            Field::Report,
        ] {
            assert_eq!(may(f), Access::None, "{f:?}");
        }
    }
    assert_eq!(
        access(
            Viewer::UndeclaredMember,
            Stage::BeforeDeadline,
            Field::Bidders,
            T
        ),
        Access::None
    );
}

#[test]
fn bidders_hear_the_tender_opening_but_never_another_negotiation_offer() {
    let s = Stage::AfterOpening;
    assert_eq!(access(Viewer::Bidder, s, Field::Prices, T), Access::All);
    assert_eq!(access(Viewer::Bidder, s, Field::Prices, N), Access::Own);
    assert_eq!(
        access(Viewer::Bidder, s, Field::BidDocuments, T),
        Access::Own
    );
    assert_eq!(
        access(Viewer::OtherSupplier, s, Field::Prices, T),
        Access::None
    );
    assert_eq!(
        access(Viewer::DocumentObtainer, s, Field::Prices, T),
        Access::None
    );
}

#[test]
fn the_public_sees_the_summary_once_published_and_the_award_after_the_result() {
    for viewer in [
        Viewer::Anonymous,
        Viewer::OtherSupplier,
        Viewer::OtherRegulator,
        Viewer::OtherExpert,
    ] {
        assert!(
            !may_see_project(viewer, Stage::Preparation, T),
            "{viewer:?}"
        );
        for stage in Stage::ALL {
            for field in Field::ALL {
                let a = access(viewer, stage, field, T);
                let public = match field {
                    Field::Summary => stage >= Stage::BeforeDeadline,
                    Field::Panel | Field::Award => stage >= Stage::AfterResult,
                    Field::Contract => stage >= Stage::AfterContract,
                    _ => false,
                };
                assert_eq!(a == Access::All, public, "{viewer:?} {field:?} {stage:?}");
                assert_ne!(a, Access::Own);
            }
        }
    }
}

#[test]
fn scores_are_never_public() {
    for stage in Stage::ALL {
        for viewer in [
            Viewer::Anonymous,
            Viewer::OtherSupplier,
            Viewer::DocumentObtainer,
            Viewer::OtherRegulator,
        ] {
            assert_eq!(access(viewer, stage, Field::Scores, T), Access::None);
        }
    }
    assert_eq!(
        access(Viewer::Bidder, Stage::Evaluation, Field::Scores, T),
        Access::None
    );
    assert_eq!(
        access(Viewer::Bidder, Stage::AfterResult, Field::Scores, T),
        Access::Own
    );
}

#[test]
fn the_purchaser_representative_has_both_seats() {
    for stage in Stage::ALL {
        for field in Field::ALL {
            let rep = access(Viewer::PurchaserRepresentative, stage, field, T);
            assert!(rep >= access(Viewer::PurchaserStaff, stage, field, T));
            assert!(rep >= access(Viewer::PanelMember, stage, field, T).min(Access::Own));
        }
    }
}

#[test]
fn who_may_challenge() {
    use ChallengeSubject::*;
    for stage in Stage::ALL {
        for viewer in Viewer::ALL {
            for subject in ChallengeSubject::ALL {
                let r = may_challenge(viewer, stage, subject);
                let ok = stage >= Stage::BeforeDeadline
                    && (viewer == Viewer::Bidder
                        || (viewer == Viewer::DocumentObtainer && subject == Documents));
                assert_eq!(r.is_ok(), ok, "{viewer:?} {stage:?} {subject:?}");
            }
        }
    }
    assert_eq!(
        may_challenge(Viewer::DocumentObtainer, Stage::AfterResult, Result),
        Err(ChallengeRefusal::DocumentsOnly)
    );
    assert_eq!(
        may_challenge(Viewer::OtherSupplier, Stage::AfterResult, Documents),
        Err(ChallengeRefusal::NotParticipant)
    );
    assert_eq!(ChallengeSubject::from_code(" result "), Some(Result));
    assert_eq!(ChallengeSubject::from_code("x"), None);
}

fn principal(role: Role) -> Principal {
    Principal {
        duty: None,
        user_id: 1,
        role,
        organisation_id: Some(1),
        supplier_id: (role == Role::Supplier).then_some(1),
        jurisdiction: Some("320402".into()),
    }
}

#[test]
fn viewers_from_the_facts() {
    let none = Facts::default();
    assert_eq!(Viewer::of(None, &none), Viewer::Anonymous);
    let s = principal(Role::Supplier);
    assert_eq!(Viewer::of(Some(&s), &none), Viewer::OtherSupplier);
    let got = Facts {
        obtained_documents: true,
        ..none
    };
    assert_eq!(Viewer::of(Some(&s), &got), Viewer::DocumentObtainer);
    let bid = Facts {
        bidder: true,
        obtained_documents: true,
        ..none
    };
    assert_eq!(Viewer::of(Some(&s), &bid), Viewer::Bidder);
    let e = principal(Role::Expert);
    assert_eq!(Viewer::of(Some(&e), &none), Viewer::OtherExpert);
    let member = Facts {
        seat: Some(Seat::Member),
        ..none
    };
    assert_eq!(Viewer::of(Some(&e), &member), Viewer::PanelMember);
    let reserve = Facts {
        seat: Some(Seat::Reserve),
        ..none
    };
    assert_eq!(Viewer::of(Some(&e), &reserve), Viewer::ReserveExpert);
    let p = principal(Role::Purchaser);
    assert_eq!(Viewer::of(Some(&p), &none), Viewer::Anonymous);
    let unit = Facts {
        in_scope: true,
        ..none
    };
    assert_eq!(Viewer::of(Some(&p), &unit), Viewer::PurchaserStaff);
    let runs = Facts {
        in_scope: true,
        runner: true,
        ..none
    };
    assert_eq!(Viewer::of(Some(&p), &runs), Viewer::Runner);
    let rep = Facts {
        in_scope: true,
        seat: Some(Seat::PurchaserRepresentative),
        ..none
    };
    assert_eq!(Viewer::of(Some(&p), &rep), Viewer::PurchaserRepresentative);
    let a = principal(Role::Agency);
    assert_eq!(Viewer::of(Some(&a), &runs), Viewer::Runner);
    assert_eq!(Viewer::of(Some(&a), &unit), Viewer::Anonymous);
    let r = principal(Role::Regulator);
    assert_eq!(Viewer::of(Some(&r), &unit), Viewer::Regulator);
    assert_eq!(Viewer::of(Some(&r), &none), Viewer::OtherRegulator);
    assert_eq!(
        Viewer::of(Some(&principal(Role::Admin)), &none),
        Viewer::Admin
    );
}

#[test]
fn stages_in_order() {
    assert_eq!(
        Stage::of(false, false, false, false, false),
        Stage::Preparation
    );
    assert_eq!(
        Stage::of(true, false, false, false, false),
        Stage::BeforeDeadline
    );
    assert_eq!(
        Stage::of(true, true, false, false, false),
        Stage::AfterOpening
    );
    assert_eq!(Stage::of(true, true, true, false, false), Stage::Evaluation);
    assert_eq!(Stage::of(true, true, true, true, false), Stage::AfterResult);
    assert_eq!(
        Stage::of(true, true, true, true, true),
        Stage::AfterContract
    );
}
