use super::*;
use crate::model::GovLevel::*;
use crate::model::Method::*;
use crate::model::ObjectType::*;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn t() -> &'static ThresholdTable {
    builtin_ref()
}

#[test]
fn every_builtin_date_parses_and_ranges_are_ordered() {
    for (i, row) in builtin::ROWS.iter().enumerate() {
        for s in row.dates() {
            assert!(s.is_empty() || Date::parse(s).is_ok(), "row {i}: {s:?}");
        }
        let e = row.entry();
        if let (Some(f), Some(to)) = (e.from, e.to) {
            assert!(f <= to, "row {i}");
        }
        assert_eq!(e.value.kind(), e.param.kind(), "row {i}");
        assert_eq!(
            e.param == Param::TimeLimit,
            e.scope.limit.is_some(),
            "row {i}"
        );
    }
}

#[test]
fn no_two_builtin_rows_overlap_in_the_same_scope() {
    let rows: Vec<Entry> = builtin::ROWS.iter().map(builtin::Row::entry).collect();
    for (i, a) in rows.iter().enumerate() {
        for b in &rows[i + 1..] {
            if a.param != b.param || a.scope != b.scope {
                continue;
            }
            let a_before_b = a.to.zip(b.from).is_some_and(|(x, y)| x < y);
            let b_before_a = b.to.zip(a.from).is_some_and(|(x, y)| x < y);
            assert!(a_before_b || b_before_a, "overlap: {a:?} / {b:?}");
        }
    }
}

#[test]
fn open_tender_threshold_changes_on_2021_01_01() {
    let before = t()
        .open_tender_threshold(CityCounty, Goods, d("2020-12-31"))
        .unwrap();
    let after = t()
        .open_tender_threshold(CityCounty, Goods, d("2021-01-01"))
        .unwrap();
    assert_eq!(after.value, Fen::wan(400));
    assert_eq!(after.valid_from, Some(d("2021-01-01")));
    assert_eq!(after.valid_to, None);
    assert_eq!(after.confidence, Confidence::Knowledge);
    assert!(after.source.contains("国办发〔2019〕55号"));
    // Before 2021 the value is Jiangsu's own, a documented unverified placeholder.
    assert_eq!(before.value, Fen::wan(200));
    assert_eq!(before.valid_to, Some(d("2020-12-31")));
    assert_eq!(before.confidence, Confidence::Unverified);
    assert!(before.in_force(d("2020-12-31")) && !before.in_force(d("2021-01-01")));
    // Central units: 200万 on both sides.
    assert_eq!(
        t().open_tender_threshold(Central, Services, d("2020-12-31"))
            .unwrap()
            .value,
        Fen::wan(200)
    );
    assert_eq!(
        t().open_tender_threshold(Central, Services, d("2021-01-01"))
            .unwrap()
            .value,
        Fen::wan(200)
    );
    // Works: Bidding Law construction scale, 200万 → 400万 on 2018-06-01.
    assert_eq!(
        t().open_tender_threshold(CityCounty, Works, d("2018-05-31"))
            .unwrap()
            .value,
        Fen::wan(200)
    );
    assert_eq!(
        t().open_tender_threshold(Central, Works, d("2018-06-01"))
            .unwrap()
            .value,
        Fen::wan(400)
    );
    // No value is guessed: another province before 2021, or before any known table.
    let other = ThresholdTable::builtin().with_province(Some(11));
    assert_eq!(
        other.open_tender_threshold(CityCounty, Goods, d("2019-06-01")),
        None
    );
    assert_eq!(
        other
            .open_tender_threshold(CityCounty, Goods, d("2021-06-01"))
            .unwrap()
            .value,
        Fen::wan(400)
    );
    assert_eq!(
        t().open_tender_threshold(CityCounty, Goods, d("2017-12-31")),
        None
    );
}

#[test]
fn procurement_limits() {
    let on = d("2023-05-01");
    assert_eq!(
        t().procurement_limit(Central, Goods, on).unwrap().value,
        Fen::wan(100)
    );
    assert_eq!(
        t().procurement_limit(Central, Works, on).unwrap().value,
        Fen::wan(120)
    );
    assert_eq!(
        t().procurement_limit(Provincial, Services, on)
            .unwrap()
            .value,
        Fen::wan(50)
    );
    assert_eq!(
        t().procurement_limit(CityCounty, Goods, on).unwrap().value,
        Fen::wan(30)
    );
    assert_eq!(
        t().procurement_limit(CityCounty, Works, on).unwrap().value,
        Fen::wan(60)
    );
    assert_eq!(
        t().procurement_limit(CityCounty, Goods, d("2019-01-01")),
        None
    );
}

#[test]
fn securities_and_add_ons() {
    let on = d("2019-06-01");
    let bid = t().bid_security_max_permille(on).unwrap();
    assert_eq!((bid.value, bid.confidence), (20, Confidence::Verified));
    assert_eq!(t().performance_bond_max_permille(on).unwrap().value, 100);
    assert_eq!(t().add_on_max_permille(on).unwrap().value, 100);
    assert_eq!(t().bid_security_max_permille(d("2015-02-28")), None);
    assert_eq!(
        t().bid_security_max_permille(d("2015-03-01"))
            .unwrap()
            .value,
        20
    );
    assert!(Fen::yuan(20_000).within_permille(Fen::yuan(1_000_000), bid.value));
}

#[test]
fn price_weight_changes_on_2017_10_01() {
    let old = t()
        .price_weight(PublicTender, Goods, d("2017-09-30"))
        .unwrap();
    let new = t()
        .price_weight(PublicTender, Goods, d("2017-10-01"))
        .unwrap();
    assert_eq!(old.value, PermilleRange::new(300, Some(600)));
    assert_eq!(old.valid_to, Some(d("2017-09-30")));
    assert!(old.source.contains("第18号"));
    assert_eq!(new.value, PermilleRange::new(300, None));
    assert!(new.source.contains("第87号"));
    assert!(new.value.contains(800) && !old.value.contains(800));
    assert_eq!(
        t().price_weight(InvitedTender, Services, d("2017-09-30"))
            .unwrap()
            .value,
        PermilleRange::new(100, Some(300))
    );
    assert_eq!(
        t().price_weight(InvitedTender, Services, d("2017-10-01"))
            .unwrap()
            .value,
        PermilleRange::new(100, None)
    );
    // Consultation keeps its caps; negotiation and RFQ have no weighted scoring.
    assert_eq!(
        t().price_weight(CompetitiveConsultation, Goods, d("2024-01-01"))
            .unwrap()
            .value,
        PermilleRange::new(300, Some(600))
    );
    assert_eq!(
        t().price_weight(CompetitiveConsultation, Services, d("2024-01-01"))
            .unwrap()
            .value,
        PermilleRange::new(100, Some(300))
    );
    assert_eq!(
        t().price_weight(CompetitiveNegotiation, Goods, d("2024-01-01")),
        None
    );
    assert_eq!(t().price_weight(PublicTender, Works, d("2024-01-01")), None);
}

#[test]
fn panels() {
    let on = d("2024-03-01");
    let small = t()
        .panel_rule(PublicTender, CityCounty, Goods, Fen::wan(999), on)
        .unwrap();
    assert_eq!(small.value.min_members, 5);
    assert!(small.value.admits(5, 4) && !small.value.admits(5, 3) && !small.value.admits(6, 6));
    let large = t()
        .panel_rule(PublicTender, CityCounty, Goods, Fen::wan(1000), on)
        .unwrap();
    assert_eq!(large.value.min_members, 7);
    assert!(!large.value.admits(5, 5) && large.value.admits(7, 5) && !large.value.admits(7, 4));
    // Before 87号令 there was no 7-member rule.
    assert_eq!(
        t().panel_rule(
            PublicTender,
            CityCounty,
            Goods,
            Fen::wan(5000),
            d("2017-09-30")
        )
        .unwrap()
        .value
        .min_members,
        5
    );
    // Negotiation / RFQ: 3, or 5 from the open-tender threshold (400万 local goods, 200万 central).
    assert_eq!(
        t().panel_rule(CompetitiveNegotiation, CityCounty, Goods, Fen::wan(399), on)
            .unwrap()
            .value
            .min_members,
        3
    );
    assert_eq!(
        t().panel_rule(CompetitiveNegotiation, CityCounty, Goods, Fen::wan(400), on)
            .unwrap()
            .value
            .min_members,
        5
    );
    assert_eq!(
        t().panel_rule(RequestForQuotation, Central, Services, Fen::wan(200), on)
            .unwrap()
            .value
            .min_members,
        5
    );
    assert_eq!(
        t().panel_rule(RequestForQuotation, CityCounty, Works, Fen::wan(400), on)
            .unwrap()
            .value
            .min_members,
        5
    );
    let c = t()
        .panel_rule(
            CompetitiveConsultation,
            CityCounty,
            Goods,
            Fen::wan(5000),
            on,
        )
        .unwrap();
    assert_eq!((c.value.min_members, c.value.odd), (3, true));
    assert!(c.value.admits(3, 2) && !c.value.admits(3, 1) && !c.value.admits(4, 4));
    assert_eq!(
        t().panel_rule(SingleSource, CityCounty, Goods, Fen::wan(100), on),
        None
    );
    assert_eq!(
        t().panel_large_trigger(PublicTender, on).unwrap().value,
        BudgetTrigger::Fixed(Fen::wan(1000))
    );
}

#[test]
fn sme_rules_change_on_2022_07_01() {
    let before = t().sme_price_deduction(Goods, d("2022-06-30")).unwrap();
    let after = t().sme_price_deduction(Goods, d("2022-07-01")).unwrap();
    assert_eq!(before.value, PermilleRange::new(60, Some(100)));
    assert_eq!(before.valid_to, Some(d("2022-06-30")));
    assert_eq!(after.value, PermilleRange::new(100, Some(200)));
    assert_eq!(after.valid_from, Some(d("2022-07-01")));
    assert_eq!(
        t().sme_price_deduction(Works, d("2022-07-01"))
            .unwrap()
            .value,
        PermilleRange::new(30, Some(50))
    );
    assert_eq!(
        t().sme_price_deduction(Services, d("2019-01-01"))
            .unwrap()
            .value,
        PermilleRange::new(60, Some(100))
    );
    assert_eq!(
        t().sme_reserved_share_permille(Works, d("2022-06-30"))
            .unwrap()
            .value,
        300
    );
    assert_eq!(
        t().sme_reserved_share_permille(Works, d("2022-07-01"))
            .unwrap()
            .value,
        400
    );
    assert_eq!(
        t().sme_reserved_share_permille(Goods, d("2022-07-01"))
            .unwrap()
            .value,
        300
    );
    assert_eq!(
        t().sme_small_micro_share_permille(d("2022-07-01"))
            .unwrap()
            .value,
        600
    );
    assert_eq!(
        t().sme_full_reservation_limit(Services, d("2021-01-01"))
            .unwrap()
            .value,
        Fen::wan(200)
    );
    assert_eq!(
        t().sme_full_reservation_limit(Works, d("2021-01-01"))
            .unwrap()
            .value,
        Fen::wan(400)
    );
    assert_eq!(t().sme_full_reservation_limit(Works, d("2020-12-31")), None);
    assert_eq!(
        t().sme_consortium_deduction(Goods, d("2022-07-01"))
            .unwrap()
            .value,
        PermilleRange::new(40, Some(60))
    );
}

#[test]
fn demand_survey_and_payments() {
    let on = d("2021-07-01");
    assert_eq!(
        t().demand_survey_threshold(Goods, on).unwrap().value,
        Fen::wan(1000)
    );
    assert_eq!(
        t().demand_survey_threshold(Works, on).unwrap().value,
        Fen::wan(3000)
    );
    assert_eq!(t().demand_survey_threshold(Works, d("2021-06-30")), None);
    let p = t().sme_payment_days(d("2025-05-31")).unwrap();
    assert_eq!((p.value, p.source), (30, "国务院令第728号 第八条"));
    let p = t().sme_payment_days(d("2025-06-01")).unwrap();
    assert_eq!((p.value, p.source), (30, "国务院令第802号 第九条"));
    assert_eq!(t().sme_payment_max_days(d("2025-06-01")).unwrap().value, 60);
    assert_eq!(t().sme_payment_days(d("2020-08-31")), None);
    let r = t()
        .sme_late_interest_per_day(d("2024-01-01"))
        .unwrap()
        .value;
    assert_eq!(r, Ratio::new(5, 10_000));
}

#[test]
fn time_limits_table() {
    let on = d("2024-01-01");
    let cases: &[(TimeLimitId, i64, DayUnit, Bound)] = &[
        (TimeLimitId::T1, 20, DayUnit::Calendar, Bound::AtLeast),
        (TimeLimitId::T2, 5, DayUnit::Working, Bound::AtLeast),
        (TimeLimitId::T4, 5, DayUnit::Working, Bound::Exactly),
        (TimeLimitId::T10, 10, DayUnit::Calendar, Bound::AtLeast),
        (TimeLimitId::T15, 2, DayUnit::Working, Bound::AtMost),
        (TimeLimitId::T19, 1, DayUnit::Working, Bound::Exactly),
        (TimeLimitId::T20, 30, DayUnit::Calendar, Bound::AtMost),
        (TimeLimitId::T27, 30, DayUnit::Working, Bound::AtMost),
        (TimeLimitId::T28, 30, DayUnit::Calendar, Bound::AtMost),
        (TimeLimitId::T30, 30, DayUnit::Calendar, Bound::AtMost),
    ];
    for &(id, amount, unit, bound) in cases {
        assert_eq!(
            time_limit(id, on).unwrap().value,
            TimeLimit::new(amount, unit, bound),
            "{id:?}"
        );
    }
    for id in TimeLimitId::ALL {
        assert!(time_limit(id, on).is_some(), "{id:?} has a value in 2024");
        assert!(!id.description().zh.is_empty() && !id.description().en.is_empty());
    }
    let t31 = time_limit(TimeLimitId::T31, on).unwrap().value;
    assert_eq!(t31.date_in_year(2024), Some(d("2024-03-31")));
    assert!(TimeLimit::new(20, DayUnit::Calendar, Bound::AtLeast).admits(20));
    assert!(!TimeLimit::new(20, DayUnit::Calendar, Bound::AtLeast).admits(19));
    // Instruments not yet in force: no value.
    assert_eq!(time_limit(TimeLimitId::T4, d("2017-09-30")), None);
    assert!(time_limit(TimeLimitId::T4, d("2017-10-01")).is_some());
    // T14 (procurement intention) by level.
    assert_eq!(
        t().time_limit_for(TimeLimitId::T14, CityCounty, d("2021-12-31")),
        None
    );
    assert!(t()
        .time_limit_for(TimeLimitId::T14, CityCounty, d("2022-01-01"))
        .is_some());
    assert!(t()
        .time_limit_for(TimeLimitId::T14, Provincial, d("2021-01-01"))
        .is_some());
    assert!(t()
        .time_limit_for(TimeLimitId::T14, Central, d("2020-07-01"))
        .is_some());
    assert_eq!(t().time_limit(TimeLimitId::T14, d("2021-06-01")), None);
}

#[test]
fn overrides_replace_values() {
    let json = r#"{
        "entries": [
            {"param": "open_tender_threshold", "level": "city_county", "province": 32,
             "object_type": "goods", "valid_from": "2018-01-01", "valid_to": "2020-12-31",
             "value": {"wan": 150}, "confidence": "verified"},
            {"param": "bid_security_max", "value": {"permille": 10}, "valid_from": "2024-01-01"},
            {"param": "time_limit", "time_limit": "T14", "level": "city_county",
             "valid_from": "2021-01-01", "value": {"time_limit": {"amount": 30, "unit": "calendar", "bound": "at_least"}}}
        ]
    }"#;
    let table = ThresholdTable::from_overrides_json(json).unwrap();
    let v = table
        .open_tender_threshold(CityCounty, Goods, d("2019-06-01"))
        .unwrap();
    assert_eq!(v.value, Fen::wan(150));
    assert_eq!(
        (v.source, v.confidence),
        (OVERRIDE_SOURCE, Confidence::Verified)
    );
    // Scope and dates of the override are respected: other cases keep the built-in values.
    assert_eq!(
        table
            .open_tender_threshold(CityCounty, Services, d("2019-06-01"))
            .unwrap()
            .value,
        Fen::wan(200)
    );
    assert_eq!(
        table
            .open_tender_threshold(CityCounty, Goods, d("2021-06-01"))
            .unwrap()
            .value,
        Fen::wan(400)
    );
    assert_eq!(
        table
            .bid_security_max_permille(d("2023-12-31"))
            .unwrap()
            .value,
        20
    );
    let b = table.bid_security_max_permille(d("2024-01-01")).unwrap();
    assert_eq!((b.value, b.confidence), (10, Confidence::Knowledge));
    assert!(table
        .time_limit_for(TimeLimitId::T14, CityCounty, d("2021-06-01"))
        .is_some());
    // The built-in table is untouched.
    assert_eq!(
        t().bid_security_max_permille(d("2024-01-01"))
            .unwrap()
            .value,
        20
    );

    let one = ThresholdTable::builtin()
        .with_override(Override {
            param: Param::PriceWeight,
            level: None,
            province: None,
            object_type: Some(Goods),
            method: Some(PublicTender),
            time_limit: None,
            valid_from: None,
            valid_to: None,
            value: Value::PermilleRange(PermilleRange::new(300, Some(600))),
            confidence: Confidence::Literature,
        })
        .unwrap();
    assert_eq!(
        one.price_weight(PublicTender, Goods, d("2024-01-01"))
            .unwrap()
            .value,
        PermilleRange::new(300, Some(600))
    );
    assert_eq!(
        one.price_weight(PublicTender, Services, d("2024-01-01"))
            .unwrap()
            .value,
        PermilleRange::new(100, None)
    );
}

#[test]
fn overrides_are_checked() {
    let err = |json: &str| ThresholdTable::from_overrides_json(json).unwrap_err();
    // Unknown keys, at every level, and unknown parameter names are rejected.
    assert!(matches!(err(r#"{"entires": []}"#), OverrideError::Parse(_)));
    assert!(matches!(
        err(r#"{"entries": [{"param": "bid_security_max", "value": {"permille": 10}, "valid_form": "2024-01-01"}]}"#),
        OverrideError::Parse(m) if m.contains("valid_form")
    ));
    assert!(matches!(
        err(r#"{"entries": [{"param": "bid_bond", "value": {"permille": 10}}]}"#),
        OverrideError::Parse(_)
    ));
    assert!(matches!(
        err(
            r#"{"entries": [{"param": "price_weight", "value": {"permille_range": {"min": 300, "cap": 600}}}]}"#
        ),
        OverrideError::Parse(_)
    ));
    // Wrong value types and impossible values.
    assert_eq!(
        err(r#"{"entries": [{"param": "bid_security_max", "value": {"wan": 10}}]}"#),
        OverrideError::WrongType {
            index: 0,
            param: Param::BidSecurityMax
        }
    );
    assert!(matches!(
        err(r#"{"entries": [{"param": "bid_security_max", "value": {"permille": 1001}}]}"#),
        OverrideError::Invalid { .. }
    ));
    assert!(matches!(
        err(
            r#"{"entries": [{"param": "add_on_max", "value": {"permille": 5}, "valid_from": "2024-01-02", "valid_to": "2024-01-01"}]}"#
        ),
        OverrideError::Invalid { .. }
    ));
    assert!(matches!(
        err(
            r#"{"entries": [{"param": "time_limit", "value": {"time_limit": {"amount": 3, "unit": "working", "bound": "at_most"}}}]}"#
        ),
        OverrideError::Invalid { .. }
    ));
    assert!(matches!(
        err(
            r#"{"entries": [{"param": "open_tender_threshold", "value": {"wan": 9223372036854775807}}]}"#
        ),
        OverrideError::Invalid { .. }
    ));
    let e = err(r#"{"entries": [{"param": "bid_security_max", "value": {"wan": 10}}]}"#);
    assert!(e.message(Lang::Zh).contains("取值类型"));
    assert!(e.message(Lang::En).contains("wrong type"));
}

#[test]
fn province_can_be_switched_by_overrides() {
    let table = ThresholdTable::from_overrides_json(r#"{"province": 11}"#).unwrap();
    assert_eq!(table.province(), Some(11));
    assert_eq!(
        table.open_tender_threshold(Provincial, Goods, d("2019-06-01")),
        None
    );
    assert_eq!(t().province(), Some(JIANGSU));
}

#[test]
fn dated_helpers() {
    let v = t()
        .open_tender_threshold(Central, Goods, d("2022-01-01"))
        .unwrap();
    assert!(v.in_force(d("2021-01-01")) && !v.in_force(d("2020-12-31")));
    assert_eq!(v.map(|f| f.0).value, 200_000_000);
    assert_eq!(Confidence::Unverified.tag(), "[?]");
    assert_eq!(Confidence::Verified.tag(), "[V]");
}
