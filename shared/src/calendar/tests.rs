use super::*;
use proptest::prelude::*;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn cal() -> &'static Calendar {
    china()
}

#[test]
fn covered_years() {
    assert_eq!(cal().first_year(), 2007);
    assert_eq!(cal().last_year(), 2026);
    assert!(cal().covers(d("2007-01-01")));
    assert!(cal().covers(d("2026-12-31")));
    assert!(!cal().covers(d("2006-12-31")));
    assert!(!cal().covers(d("2027-01-01")));
}

#[test]
fn known_days() {
    use DayKind::*;
    // (date, working day?, kind discriminant name)
    let table: &[(&str, bool, &str)] = &[
        // 2019 National Day: 10-01..07 off; Sun 09-29 and Sat 10-12 are make-up working days.
        ("2019-09-28", false, "weekend"),
        ("2019-09-29", true, "makeup"),
        ("2019-09-30", true, "workday"),
        ("2019-10-01", false, "holiday"),
        ("2019-10-02", false, "holiday"),
        ("2019-10-03", false, "holiday"),
        ("2019-10-04", false, "holiday"),
        ("2019-10-05", false, "holiday"),
        ("2019-10-06", false, "holiday"),
        ("2019-10-07", false, "holiday"),
        ("2019-10-08", true, "workday"),
        ("2019-10-12", true, "makeup"),
        ("2019-10-13", false, "weekend"),
        // 2020 Spring Festival, extended by 国办发明电〔2020〕1号 to 2020-02-02.
        ("2020-01-19", true, "makeup"),
        ("2020-01-24", false, "holiday"),
        ("2020-01-30", false, "holiday"),
        ("2020-01-31", false, "holiday"),
        ("2020-02-01", false, "holiday"),
        ("2020-02-02", false, "holiday"),
        ("2020-02-03", true, "workday"),
        // Days of the adjacent year listed in the next year's file.
        ("2018-12-29", true, "makeup"), // from 2019.json
        ("2018-12-31", false, "holiday"),
        ("2007-12-29", true, "makeup"), // from 2008.json
        ("2011-12-31", true, "makeup"), // from 2012.json
        // A one-off holiday and the 2026 notice.
        ("2015-09-03", false, "holiday"),
        ("2015-09-06", true, "makeup"),
        ("2026-02-14", true, "makeup"),
        ("2026-02-23", false, "holiday"),
        ("2026-11-26", true, "workday"),
        ("2026-11-28", false, "weekend"),
    ];
    for &(date, work, kind) in table {
        let k = cal().day_kind(d(date)).unwrap();
        let got = match k {
            Workday => "workday",
            Weekend => "weekend",
            Holiday { .. } => "holiday",
            MakeUpWorkday { .. } => "makeup",
        };
        assert_eq!(got, kind, "{date}");
        assert_eq!(cal().is_workday(d(date)).unwrap(), work, "{date}");
        assert_eq!(k.is_workday(), work, "{date}");
    }
}

#[test]
fn holiday_names_and_labels() {
    let k = cal().day_kind(d("2019-10-01")).unwrap();
    assert_eq!(
        k,
        DayKind::Holiday {
            name: Text::new("国庆节", "National Day")
        }
    );
    assert_eq!(k.label(Lang::Zh), "国庆节（放假）");
    assert_eq!(k.label(Lang::En), "National Day (holiday)");
    let k = cal().day_kind(d("2007-05-01")).unwrap(); // listed as “五一” in the source
    assert_eq!(k.label(Lang::Zh), "劳动节（放假）");
    let k = cal().day_kind(d("2019-10-12")).unwrap();
    assert_eq!(k.label(Lang::En), "National Day (make-up working day)");
}

#[test]
fn working_days_per_year() {
    // Totals computed from the source files; 2019 (250) matches the published figure.
    let expected = [
        (2007, 249),
        (2008, 251),
        (2009, 250),
        (2010, 250),
        (2011, 250),
        (2012, 249),
        (2013, 250),
        (2014, 250),
        (2015, 249),
        (2016, 250),
        (2017, 249),
        (2018, 250),
        (2019, 250),
        (2020, 249),
        (2021, 250),
        (2022, 249),
        (2023, 249),
        (2024, 251),
        (2025, 248),
        (2026, 248),
    ];
    for (year, n) in expected {
        let jan1 = Date::new(year, 1, 1).unwrap();
        let dec31 = Date::new(year, 12, 31).unwrap();
        let first = i64::from(cal().is_workday(jan1).unwrap());
        assert_eq!(
            cal().workdays_between(jan1, dec31).unwrap() + first,
            n,
            "{year}"
        );
    }
}

#[test]
fn add_workdays_table() {
    let table: &[(&str, i64, &str)] = &[
        ("2019-09-30", 0, "2019-09-30"),
        ("2019-10-03", 0, "2019-10-03"), // n = 0 is d itself, even on a holiday
        ("2019-09-27", 1, "2019-09-29"), // Friday → make-up Sunday
        ("2019-09-28", 1, "2019-09-29"),
        ("2019-09-29", 1, "2019-09-30"),
        ("2019-09-30", 1, "2019-10-08"), // across the National Day
        ("2019-09-30", 5, "2019-10-12"), // 08, 09, 10, 11, Sat 12
        ("2019-09-30", 6, "2019-10-14"),
        ("2019-10-03", 1, "2019-10-08"),
        ("2019-10-08", -1, "2019-09-30"),
        ("2019-10-12", -5, "2019-09-30"),
        ("2019-10-12", -7, "2019-09-27"),
        ("2019-10-05", -1, "2019-09-30"),
        ("2020-01-23", 1, "2020-02-03"), // across the extended 2020 Spring Festival
        ("2020-02-03", -1, "2020-01-23"),
        ("2018-12-28", 1, "2018-12-29"), // Saturday make-up day listed in 2019.json
        ("2018-12-29", 1, "2019-01-02"),
        ("2026-12-30", 1, "2026-12-31"),
        ("2007-01-05", -1, "2007-01-04"),
    ];
    for &(start, n, end) in table {
        assert_eq!(cal().add_workdays(d(start), n), Ok(d(end)), "{start} {n:+}");
        assert_eq!(cal().period_end_workdays(d(start), n), Ok(d(end)));
    }
}

#[test]
fn workdays_between_table() {
    let table: &[(&str, &str, i64)] = &[
        ("2019-09-30", "2019-09-30", 0),
        ("2019-09-30", "2019-10-08", 1),
        ("2019-09-27", "2019-10-12", 7), // 09-29, 09-30, 10-08..11, 10-12
        ("2019-10-12", "2019-09-27", -7),
        ("2019-10-01", "2019-10-07", 0),
        ("2019-01-01", "2019-12-31", 250),
        ("2020-01-23", "2020-02-03", 1),
    ];
    for &(a, b, n) in table {
        assert_eq!(cal().workdays_between(d(a), d(b)), Ok(n), "({a}, {b}]");
    }
}

#[test]
fn calendar_day_periods() {
    let table: &[(&str, i64, &str)] = &[
        ("2019-09-10", 20, "2019-09-30"), // ends on a Monday: unchanged
        ("2019-09-11", 20, "2019-10-08"), // ends on 10-01 (holiday) → next working day
        ("2019-09-15", 20, "2019-10-08"), // ends on Saturday 10-05 inside the holiday
        ("2019-11-01", 1, "2019-11-04"),  // ends on an ordinary Saturday → Monday
        ("2019-10-11", 1, "2019-10-12"),  // ends on a make-up working Saturday: unchanged
        ("2020-01-01", 30, "2020-02-03"), // 01-31 is in the extended Spring Festival
        ("2019-10-08", 0, "2019-10-08"),
        ("2019-10-08", -2, "2019-10-06"), // backwards: no Art 203 adjustment
    ];
    for &(start, days, end) in table {
        assert_eq!(
            cal().period_end_calendar_days(d(start), days),
            Ok(d(end)),
            "{start} + {days}"
        );
    }
    assert_eq!(days_between_exclusive(d("2019-09-10"), d("2019-09-30")), 20);
    assert_eq!(
        days_between_exclusive(d("2019-09-30"), d("2019-09-10")),
        -20
    );
    assert_eq!(days_between_exclusive(d("2030-01-01"), d("2030-01-02")), 1);
}

#[test]
fn out_of_range_is_an_error() {
    let err = |date: &str| CalendarError::OutOfRange {
        date: d(date),
        first_year: 2007,
        last_year: 2026,
    };
    assert_eq!(cal().is_workday(d("2006-12-31")), Err(err("2006-12-31")));
    assert_eq!(cal().day_kind(d("2027-01-01")), Err(err("2027-01-01")));
    assert_eq!(
        cal().add_workdays(d("2026-12-31"), 1),
        Err(err("2027-01-01"))
    );
    assert_eq!(
        cal().add_workdays(d("2007-01-04"), -2),
        Err(err("2006-12-31"))
    );
    assert_eq!(
        cal().add_workdays(d("2026-06-01"), i64::MAX),
        Err(err("2027-01-01"))
    );
    assert_eq!(
        cal().add_workdays(d("2026-06-01"), i64::MIN),
        Err(err("2006-12-31"))
    );
    assert_eq!(
        cal().add_workdays(d("2027-06-01"), 0),
        Err(err("2027-06-01"))
    );
    assert_eq!(
        cal().workdays_between(d("2019-01-01"), d("2030-01-01")),
        Err(err("2030-01-01"))
    );
    assert_eq!(
        cal().period_end_calendar_days(d("2026-12-20"), 20),
        Err(err("2027-01-01"))
    );
    assert_eq!(
        cal().period_end_calendar_days(d("2026-12-31"), i64::MAX),
        Err(err("2027-01-01"))
    );
    assert_eq!(
        cal().period_end_calendar_days(d("2007-01-01"), i64::MIN),
        Err(err("2006-12-31"))
    );
    // 2026-12-31 is a Thursday working day; a period ending on it needs no later data.
    assert_eq!(
        cal().period_end_calendar_days(d("2026-12-01"), 30),
        Ok(d("2026-12-31"))
    );
    let e = err("2027-01-04");
    assert_eq!(
        e.message(Lang::Zh),
        "日期 2027-01-04 超出节假日历覆盖范围（2007—2026 年），无法计算工作日"
    );
    assert_eq!(
        e.message(Lang::En),
        "date 2027-01-04 is outside the holiday calendar (2007–2026); working days cannot be computed"
    );
}

fn covered_date() -> impl Strategy<Value = Date> {
    let lo = d("2007-01-01").to_days();
    let hi = d("2026-12-31").to_days();
    (lo..=hi).prop_map(|n| Date::from_days(n).unwrap())
}

fn naive_count(a: Date, b: Date) -> i64 {
    let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
    let mut n = 0;
    let mut x = lo;
    while x < hi {
        x = x.succ().unwrap();
        if cal().is_workday(x).unwrap() {
            n += 1;
        }
    }
    sign * n
}

proptest! {
    #[test]
    fn add_then_count_round_trips(start in covered_date(), n in 1i64..400) {
        match cal().add_workdays(start, n) {
            Ok(end) => {
                prop_assert!(end > start);
                prop_assert!(cal().is_workday(end).unwrap());
                prop_assert_eq!(cal().workdays_between(start, end), Ok(n));
            }
            Err(CalendarError::OutOfRange { date, .. }) => prop_assert_eq!(date, d("2027-01-01")),
        }
        match cal().add_workdays(start, -n) {
            Ok(end) => {
                prop_assert!(end < start);
                prop_assert!(cal().is_workday(end).unwrap());
                // (end, start] holds n − 1 working days before start, plus start if it works.
                let start_works = i64::from(cal().is_workday(start).unwrap());
                prop_assert_eq!(cal().workdays_between(start, end), Ok(-(n - 1 + start_works)));
                if let Ok(back) = cal().workday_on_or_after(start) {
                    prop_assert_eq!(cal().add_workdays(end, n), Ok(back));
                }
            }
            Err(CalendarError::OutOfRange { date, .. }) => prop_assert_eq!(date, d("2006-12-31")),
        }
    }

    #[test]
    fn fast_count_matches_day_by_day(a in covered_date(), span in -800i64..800) {
        if let Some(b) = a.add_days(span).filter(|b| cal().covers(*b)) {
            prop_assert_eq!(cal().workdays_between(a, b), Ok(naive_count(a, b)));
        }
    }

    #[test]
    fn calendar_period_ends_on_a_workday(start in covered_date(), days in 1i64..400) {
        if let Ok(end) = cal().period_end_calendar_days(start, days) {
            prop_assert!(cal().is_workday(end).unwrap());
            let raw = start.add_days(days).unwrap();
            prop_assert!(end >= raw);
            // Every day from the raw last day up to the end (exclusive) is a rest day.
            let mut x = raw;
            while x < end {
                prop_assert!(!cal().is_workday(x).unwrap());
                x = x.succ().unwrap();
            }
        }
    }

    #[test]
    fn never_panics(day in -719_162i64..2_932_896, other in -719_162i64..2_932_896, n in any::<i64>()) {
        let a = Date::from_days(day).unwrap();
        let b = Date::from_days(other).unwrap();
        let c = cal();
        let _ = c.is_workday(a);
        let _ = c.day_kind(a);
        let _ = c.add_workdays(a, n);
        let _ = c.add_workdays(a, n % 1000);
        let _ = c.workdays_between(a, b);
        let _ = c.period_end_calendar_days(a, n);
        let _ = c.period_end_calendar_days(a, n % 1000);
        let _ = c.period_end_workdays(a, n % 1000);
        let _ = days_between_exclusive(a, b);
    }
}

#[test]
fn the_missing_year_is_named_from_november() {
    assert_eq!(unpublished_year(d("2026-10-31")), None);
    assert_eq!(unpublished_year(d("2026-11-01")), Some(2027));
    assert_eq!(unpublished_year(d("2026-12-07")), Some(2027));
    assert_eq!(unpublished_year(d("2027-01-04")), Some(2027));
    assert_eq!(unpublished_year(d("2025-11-20")), None);
}

/// The provisional calendar: the published years as they are, then the statutory days of the years
/// not yet published (issue 16 point 2), every date there marked provisional and erring early.
#[test]
fn the_provisional_calendar_reaches_into_the_unpublished_years() {
    let p = provisional();
    assert_eq!(p.last_year(), 2035);
    assert_eq!(p.provisional_from(), 2027);
    assert!(!p.is_provisional(d("2026-12-31")));
    assert!(p.is_provisional(d("2027-01-04")));
    assert!(
        !china().is_provisional(d("2027-01-04")),
        "china() does not cover 2027"
    );
    // The statutory days (2027: 除夕 2-05, 春节 2-06..08; 国庆 10-01..03).
    for day in [
        "2027-01-01",
        "2027-02-05",
        "2027-02-08",
        "2027-05-02",
        "2027-10-03",
    ] {
        assert!(
            matches!(p.day_kind(d(day)), Ok(DayKind::Holiday { .. })),
            "{day}"
        );
    }
    // A weekend near a statutory day may become a make-up working day: counted as one (early);
    // a weekend far from any is a rest day.
    assert!(
        p.is_workday(d("2027-02-13")).unwrap(),
        "Sat after the Spring Festival"
    );
    assert_eq!(p.day_kind(d("2027-03-13")), Ok(DayKind::Weekend));
    // Across the year boundary: a challenge filed on Thu 2026-12-24, answered within 7 working
    // days: Fri 25, Mon 28 – Thu 31 (5), 1 Jan off, Sat 2 and Sun 3 possible make-up days → 3 Jan.
    let due = p.add_workdays(d("2026-12-24"), 7).unwrap();
    assert_eq!(due, d("2027-01-03"));
    assert!(p.is_provisional(due));
    assert!(china().add_workdays(d("2026-12-24"), 7).is_err());
    // Never later than weekdays less the statutory days would put it (Tue 5 Jan).
    assert!(due <= d("2027-01-05"));
    // Counting into the provisional years agrees with stepping.
    let n = p
        .workdays_between(d("2026-12-20"), d("2027-02-20"))
        .unwrap();
    let mut stepped = 0;
    let mut x = d("2026-12-20");
    while x < d("2027-02-20") {
        x = x.succ().unwrap();
        if p.is_workday(x).unwrap() {
            stepped += 1;
        }
    }
    assert_eq!(n, stepped);
    // Beyond the statutory data nothing is guessed.
    assert!(p.is_workday(d("2036-01-02")).is_err());
}

proptest! {
    /// On the published years the provisional calendar is the published one.
    #[test]
    fn provisional_agrees_on_published_years(a in covered_date(), n in -300i64..300) {
        prop_assert_eq!(provisional().is_workday(a), china().is_workday(a));
        prop_assert_eq!(provisional().day_kind(a), china().day_kind(a));
        if let Ok(x) = china().add_workdays(a, n) {
            prop_assert_eq!(provisional().add_workdays(a, n), Ok(x));
        }
    }
}
