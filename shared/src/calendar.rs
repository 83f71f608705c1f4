//! The legal clock: the State Council holiday calendar (statutory holidays and 调休 make-up
//! working days) for 2007–2026, working-day arithmetic, and period counting per 民法典 Art 201/203.
//!
//! The table is generated at build time by `shared/build.rs` from `shared/data/holidays-cn/*.json`
//! (NateScarlet/holiday-cn, MIT); nothing is read or parsed at run time. Outside the covered years
//! every function answers [`CalendarError::OutOfRange`] instead of guessing. See `calendar.md`.
//!
//! **Years not yet published.** The State Council publishes a year's 调休 late in the year before.
//! [`china()`] covers only the published years: the checks use it, so a violation is found only on
//! a published calendar. [`provisional()`] reaches on into the years whose statutory days the law
//! fixes in advance (`data/holidays-cn/statutory/`, 全国年节及纪念日放假办法 Art 2): a party's own
//! deadline computed there is *provisional* ([`Calendar::is_provisional`]) and errs early — a
//! weekend day within [`MAKE_UP_WINDOW_DAYS`] of a statutory day may become a 调休 working day, so
//! it is counted as one, and a bridging day off not yet announced counts as a working day.

use std::borrow::Cow;

use serde::Serialize;

use crate::i18n::{Lang, Text};
use crate::time::Date;

mod data;
mod names;

pub use data::{
    all_loaded, carried, install, install_carried, loaded_years, preview, shipped_years, with_year,
    DayChange, YearData, YearDay, YearError,
};

mod table {
    use crate::i18n::Text;
    include!(concat!(env!("OUT_DIR"), "/holidays_cn.rs"));

    pub(super) const FIRST: i32 = FIRST_YEAR;
    pub(super) const LAST: i32 = LAST_YEAR;
    pub(super) const BASE: i64 = BASE_DAY;
    pub(super) const END: i64 = END_DAY;
    pub(super) const PROVISIONAL_LAST: i32 = PROVISIONAL_LAST_YEAR;
    pub(super) const PROVISIONAL_END: i64 = PROVISIONAL_END_DAY;
    pub(super) static ENTRIES: &[(u16, u8)] = &DAYS;
    pub(super) static HOLIDAY_NAMES: &[Text] = &NAMES;
    pub(super) static SHIPPED: &[(i32, &str)] = &SHIPPED_JSON;
}

/// Flag bit of a table entry: the day is an off day (放假); otherwise a working day (上班).
const OFF: u8 = 0x80;
/// Flag bit of a table entry: listed by the next year's notice (the 2019 notice lists
/// 2018-12-29…31), so an import of that next year replaces it.
const SPILL: u8 = 0x40;
/// The bits of a table entry's flags that index the holiday names.
const NAME_BITS: u8 = 0x3f;

/// In a provisional year, a Saturday or Sunday within this many days of a statutory day off may
/// become a 调休 make-up working day (the published years put them up to 9 days after the last
/// statutory day of the Spring Festival); it is counted as a working day, so that a deadline
/// comes no later than the published calendar will put it.
pub const MAKE_UP_WINDOW_DAYS: i64 = 10;

const POSSIBLE_MAKE_UP: Text = Text::new(
    "可能调休上班（暂定）",
    "possible make-up working day (provisional)",
);

/// A holiday calendar: statutory holidays and 调休 make-up working days over a range of years.
/// Plain weekends are rest days unless the table makes them working days.
pub struct Calendar {
    first_year: i32,
    last_year: i32,
    /// Days since 1970-01-01 of `first_year`-01-01.
    first_day: i64,
    /// Days since 1970-01-01 of the day after `last_year`-12-31 (exclusive end).
    end_day: i64,
    /// Sorted `(days since first_day, flags)`; flags: [`OFF`] | [`SPILL`] | index into `names`.
    entries: Cow<'static, [(u16, u8)]>,
    names: Cow<'static, [Text]>,
    /// The first year whose 调休 is not published: statutory days only, provisional.
    provisional_from: i32,
}

static CHINA: Calendar = Calendar {
    first_year: table::FIRST,
    last_year: table::LAST,
    first_day: table::BASE,
    end_day: table::END,
    entries: Cow::Borrowed(table::ENTRIES),
    names: Cow::Borrowed(table::HOLIDAY_NAMES),
    provisional_from: table::LAST + 1,
};

static PROVISIONAL: Calendar = Calendar {
    first_year: table::FIRST,
    last_year: table::PROVISIONAL_LAST,
    first_day: table::BASE,
    end_day: table::PROVISIONAL_END,
    entries: Cow::Borrowed(table::ENTRIES),
    names: Cow::Borrowed(table::HOLIDAY_NAMES),
    provisional_from: table::LAST + 1,
};

/// The mainland-China calendar in force: the published years only (the State Council's holiday
/// notices). The checks use it. It is the one shipped inside the crate (2007–2026) until the
/// server (from its database) or the browser (from the page the server sent) installs the
/// bureau's years with [`install`]; both then answer alike.
pub fn china() -> &'static Calendar {
    data::installed().map_or(&CHINA, |i| i.china)
}

/// [`china()`] and, after it, the provisional years (statutory days only, 2027–2035): for a
/// party's own deadline, which must not fail because next year's notice is not out; every date it
/// gives in those years is provisional ([`Calendar::is_provisional`]) and errs early.
pub fn provisional() -> &'static Calendar {
    data::installed().map_or(&PROVISIONAL, |i| i.provisional)
}

/// A day's label on `cal`, marked 「（暂定）」 / " (provisional)" in a provisional year (once).
pub fn provisional_label(cal: &Calendar, d: Date, kind: DayKind, lang: Lang) -> String {
    let label = kind.label(lang);
    let mark = Text::new("（暂定）", " (provisional)").get(lang);
    if cal.is_provisional(d) && !label.ends_with(mark) {
        format!("{label}{mark}")
    } else {
        label
    }
}

/// What a page writes after a due date computed on the provisional calendar (a year whose 调休
/// is not published yet), naming the assumption: 「（暂定：该年调休安排尚未公布）」; nothing for a
/// published year.
pub fn provisional_mark(d: Date, lang: Lang) -> &'static str {
    if provisional().is_provisional(d) {
        Text::new(
            "（暂定：该年调休安排尚未公布）",
            " (provisional: that year's holiday arrangement is not published yet)",
        )
        .get(lang)
    } else {
        ""
    }
}

/// The year whose State Council holiday notice is not loaded and is needed now (China date
/// `today`): this year when it is not covered, next year from 1 November on (the notice usually
/// comes in November or December); `None` otherwise. Regulators and administrators are told.
pub fn unpublished_year(today: Date) -> Option<i32> {
    let cal = china();
    if !cal.covers(today) {
        return Some(today.year());
    }
    let next = today.year() + 1;
    let next_covered = Date::new(next, 1, 1).is_some_and(|d| cal.covers(d));
    (today.month() >= 11 && !next_covered).then_some(next)
}

/// Calendar days from `a` to `b` with the start day not counted (民法典 Art 201): `b − a`.
/// Negative when `b` is before `a`. Needs no holiday data, so it works for any dates.
pub fn days_between_exclusive(a: Date, b: Date) -> i64 {
    b.to_days() - a.to_days()
}

/// What kind of day a date is on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayKind {
    /// An ordinary Monday–Friday working day.
    Workday,
    /// An ordinary Saturday or Sunday rest day.
    Weekend,
    /// A day off of a statutory holiday period (法定节假日放假), including the weekend days the
    /// holiday notice folds into the period.
    Holiday { name: Text },
    /// A Saturday or Sunday that is a working day by 调休 (上班).
    MakeUpWorkday { name: Text },
}

impl DayKind {
    pub fn is_workday(self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeUpWorkday { .. })
    }

    /// A short label for the user interface, e.g. `国庆节（放假）` / `National Day (holiday)`.
    pub fn label(self, lang: Lang) -> String {
        if let DayKind::MakeUpWorkday { name } = self {
            if name == POSSIBLE_MAKE_UP {
                return name.get(lang).to_owned();
            }
        }
        match (self, lang) {
            (DayKind::Workday, Lang::Zh) => "工作日".to_owned(),
            (DayKind::Workday, Lang::En) => "working day".to_owned(),
            (DayKind::Weekend, Lang::Zh) => "周末休息日".to_owned(),
            (DayKind::Weekend, Lang::En) => "weekend".to_owned(),
            (DayKind::Holiday { name }, Lang::Zh) => format!("{}（放假）", name.zh),
            (DayKind::Holiday { name }, Lang::En) => format!("{} (holiday)", name.en),
            (DayKind::MakeUpWorkday { name }, Lang::Zh) => format!("{}（调休上班）", name.zh),
            (DayKind::MakeUpWorkday { name }, Lang::En) => {
                format!("{} (make-up working day)", name.en)
            }
        }
    }
}

/// Why a calendar question could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The date (or a date the computation had to reach) lies outside the years the holiday
    /// table covers; working days there are unknown, so nothing is guessed.
    #[error(
        "date {date} is outside the holiday calendar ({first_year}–{last_year}); working days cannot be computed"
    )]
    OutOfRange {
        date: Date,
        first_year: i32,
        last_year: i32,
    },
}

impl CalendarError {
    /// The message for a user, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CalendarError::OutOfRange {
                date,
                first_year,
                last_year,
            } => match lang {
                Lang::Zh => format!(
                    "日期 {date} 超出节假日历覆盖范围（{first_year}—{last_year} 年），无法计算工作日"
                ),
                Lang::En => self.to_string(),
            },
        }
    }
}

/// Weekday index of a day number (days since 1970-01-01): 0 = Monday … 6 = Sunday.
fn weekday_index(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

fn is_weekend_day(day: i64) -> bool {
    weekday_index(day) >= 5
}

/// Number of Monday–Friday days among day numbers `< day` counted from a fixed Monday
/// (1969-12-29 = day −3); only differences of this function are meaningful.
fn weekdays_before(day: i64) -> i64 {
    let s = day + 3;
    s.div_euclid(7) * 5 + s.rem_euclid(7).min(5)
}

impl std::fmt::Debug for Calendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Calendar")
            .field("first_year", &self.first_year)
            .field("last_year", &self.last_year)
            .field("entries", &self.entries.len())
            .finish()
    }
}

impl Calendar {
    pub fn first_year(&self) -> i32 {
        self.first_year
    }

    pub fn last_year(&self) -> i32 {
        self.last_year
    }

    /// Whether the holiday table covers this date (its year is within first..=last year).
    pub fn covers(&self, d: Date) -> bool {
        (self.first_year..=self.last_year).contains(&d.year())
    }

    /// Whether `d` lies in a year whose 调休 is not published: what this calendar says of it is
    /// provisional (statutory days only).
    pub fn is_provisional(&self, d: Date) -> bool {
        self.covers(d) && d.year() >= self.provisional_from
    }

    /// The first year whose 调休 is not published (the provisional years start there).
    pub fn provisional_from(&self) -> i32 {
        self.provisional_from
    }

    /// A weekend day of a provisional year near a statutory day off: it may become a make-up
    /// working day, so it counts as one (see [`MAKE_UP_WINDOW_DAYS`]).
    fn possible_make_up(&self, day: i64) -> bool {
        if !is_weekend_day(day) {
            return false;
        }
        let provisional_start = self.end_day_of_year(self.provisional_from - 1);
        if day < provisional_start {
            return false;
        }
        (day - MAKE_UP_WINDOW_DAYS..=day + MAKE_UP_WINDOW_DAYS)
            .any(|d| d != day && self.in_range(d) && matches!(self.entry(d), Some((true, _))))
    }

    /// The day number after the last day of `year` (its Dec 31 + 1).
    fn end_day_of_year(&self, year: i32) -> i64 {
        Date::new(year + 1, 1, 1).map_or(self.end_day, Date::to_days)
    }

    /// The error for a day number reached by a computation; `fallback` (the input date) is named
    /// only if the day number were not a valid date, which cannot happen one step outside the
    /// covered years.
    fn out_of_range_day(&self, day: i64, fallback: Date) -> CalendarError {
        self.out_of_range(Date::from_days(day).unwrap_or(fallback))
    }

    fn out_of_range(&self, date: Date) -> CalendarError {
        CalendarError::OutOfRange {
            date,
            first_year: self.first_year,
            last_year: self.last_year,
        }
    }

    /// The day number of a covered date.
    fn check(&self, d: Date) -> Result<i64, CalendarError> {
        if self.covers(d) {
            Ok(d.to_days())
        } else {
            Err(self.out_of_range(d))
        }
    }

    fn in_range(&self, day: i64) -> bool {
        (self.first_day..self.end_day).contains(&day)
    }

    /// The table entry of a covered day number: `(is off day, holiday name)`. O(log n).
    fn entry(&self, day: i64) -> Option<(bool, Text)> {
        let offset = u16::try_from(day - self.first_day).ok()?;
        let i = self.entries.binary_search_by_key(&offset, |e| e.0).ok()?;
        let flags = self.entries[i].1;
        let name = self
            .names
            .get(usize::from(flags & NAME_BITS))
            .copied()
            .unwrap_or(Text::new("节假日", "holiday"));
        Some((flags & OFF != 0, name))
    }

    /// Working day or not, for a covered day number.
    fn is_work(&self, day: i64) -> bool {
        match self.entry(day) {
            Some((off, _)) => !off,
            None => !is_weekend_day(day) || self.possible_make_up(day),
        }
    }

    /// Whether `d` is a working day: Monday–Friday unless a statutory holiday; Saturday/Sunday
    /// only when it is a 调休 make-up working day.
    pub fn is_workday(&self, d: Date) -> Result<bool, CalendarError> {
        let day = self.check(d)?;
        Ok(self.is_work(day))
    }

    /// The kind of day `d` is (working day, weekend, holiday, make-up working day).
    ///
    /// A listed working day that falls on a weekday (the source marks 2020-02-03, the first day
    /// back after the extended 2020 Spring Festival, this way) is an ordinary [`DayKind::Workday`].
    pub fn day_kind(&self, d: Date) -> Result<DayKind, CalendarError> {
        let day = self.check(d)?;
        Ok(match self.entry(day) {
            Some((true, name)) => DayKind::Holiday { name },
            Some((false, name)) if is_weekend_day(day) => DayKind::MakeUpWorkday { name },
            Some((false, _)) => DayKind::Workday,
            None if self.possible_make_up(day) => DayKind::MakeUpWorkday {
                name: POSSIBLE_MAKE_UP,
            },
            None if is_weekend_day(day) => DayKind::Weekend,
            None => DayKind::Workday,
        })
    }

    /// The `n`-th working day after `d` (`d` itself not counted) for `n > 0`, the `|n|`-th working
    /// day before `d` for `n < 0`, and `d` itself for `n == 0` (even when `d` is a rest day).
    ///
    /// Errors when `d` or any day the count has to reach is outside the covered years; the error
    /// names the first uncovered day reached. Cost: O(|n| log m), never more than the number of
    /// covered days.
    pub fn add_workdays(&self, d: Date, n: i64) -> Result<Date, CalendarError> {
        let mut day = self.check(d)?;
        if n == 0 {
            return Ok(d);
        }
        let step = n.signum();
        let mut remaining = n.unsigned_abs();
        loop {
            day += step;
            if !self.in_range(day) {
                return Err(self.out_of_range_day(day, d));
            }
            if self.is_work(day) {
                remaining -= 1;
                if remaining == 0 {
                    return Date::from_days(day).ok_or_else(|| self.out_of_range_day(day, d));
                }
            }
        }
    }

    /// The number of working days in `(a, b]` (the start day not counted, the end day counted);
    /// the negative of the number in `(b, a]` when `b < a`; 0 when `a == b`.
    /// Computed in O(log m): Monday–Friday count, corrected by the table entries in the interval.
    pub fn workdays_between(&self, a: Date, b: Date) -> Result<i64, CalendarError> {
        let da = self.check(a)?;
        let db = self.check(b)?;
        Ok(if db >= da {
            self.count_workdays(da, db)
        } else {
            -self.count_workdays(db, da)
        })
    }

    /// Working days in `(lo, hi]` for covered day numbers `lo <= hi`.
    fn count_workdays(&self, lo: i64, hi: i64) -> i64 {
        // Into the provisional years the possible make-up days are no table entries: count day
        // by day (at most the provisional years' length).
        if hi >= self.end_day_of_year(self.provisional_from - 1) {
            return (lo + 1..=hi).filter(|d| self.is_work(*d)).count() as i64;
        }
        let mut n = weekdays_before(hi + 1) - weekdays_before(lo + 1);
        let key = |day: i64| u16::try_from(day - self.first_day).unwrap_or(u16::MAX);
        let start = self.entries.partition_point(|e| e.0 <= key(lo));
        let end = self.entries.partition_point(|e| e.0 <= key(hi));
        for &(offset, flags) in self.entries.get(start..end).unwrap_or(&[]) {
            let day = self.first_day + i64::from(offset);
            let off = flags & OFF != 0;
            match (off, is_weekend_day(day)) {
                (true, false) => n -= 1, // holiday on a weekday
                (false, true) => n += 1, // make-up working weekend day
                _ => {}
            }
        }
        n
    }

    /// The first working day on or after `d`.
    pub fn workday_on_or_after(&self, d: Date) -> Result<Date, CalendarError> {
        if self.is_workday(d)? {
            Ok(d)
        } else {
            self.add_workdays(d, 1)
        }
    }

    /// The last day of a period of `days` calendar days starting on `start` (民法典 Art 201: the
    /// start day is not counted, so the raw last day is `start + days`).
    ///
    /// 民法典 Art 203: "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日".
    /// **Choice**: following common practice (the Supreme People's Court's reading that 法定休假日
    /// includes the weekly rest days, 民通意见 198), a raw last day that is *not a working day* —
    /// a statutory holiday or an ordinary weekend rest day — moves to the next working day. A 调休
    /// make-up working Saturday/Sunday is a working day and does not move the end.
    ///
    /// For `days <= 0` (a count backwards, or no period) the result is `start + days` without any
    /// adjustment: Art 203 only extends the end of a forward period.
    pub fn period_end_calendar_days(&self, start: Date, days: i64) -> Result<Date, CalendarError> {
        let first = self.check(start)?;
        let raw = first.checked_add(days).unwrap_or(if days < 0 {
            self.first_day - 1
        } else {
            self.end_day
        });
        if !self.in_range(raw) {
            let reached = raw.clamp(self.first_day - 1, self.end_day);
            return Err(self.out_of_range_day(reached, start));
        }
        let last = Date::from_days(raw).ok_or_else(|| self.out_of_range_day(raw, start))?;
        if days <= 0 {
            return Ok(last);
        }
        self.workday_on_or_after(last)
    }

    /// The last day of a period of `n` working days from `start` (start not counted):
    /// exactly [`Calendar::add_workdays`]`(start, n)`.
    pub fn period_end_workdays(&self, start: Date, n: i64) -> Result<Date, CalendarError> {
        self.add_workdays(start, n)
    }
}

#[cfg(test)]
mod tests;
