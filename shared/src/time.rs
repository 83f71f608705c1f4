//! Civil dates and instants. Instants are stored in UTC (seconds since the Unix epoch) and read in
//! China time (UTC+8, no daylight saving since 1991), where every legal period is counted.

use serde::{Deserialize, Serialize};

/// China Standard Time offset from UTC, in seconds.
pub const CHINA_OFFSET_SECONDS: i64 = 8 * 3600;

/// A calendar date (proleptic Gregorian). Always valid: built only through [`Date::new`] or parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Sat | Weekday::Sun)
    }
}

/// Why a date or instant could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("expected a date as YYYY-MM-DD, got {0:?}")]
    Format(String),
    #[error("no such date: {0}")]
    Invalid(String),
    #[error("expected a time as YYYY-MM-DDTHH:MM[:SS](Z|+08:00), got {0:?}")]
    InstantFormat(String),
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A date, if it exists. Years are limited to 1..=9999 so every date prints as `YYYY-MM-DD`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
        {
            return None;
        }
        Some(Date { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`.
    pub fn to_days(self) -> i64 {
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01, if it lies in years 1..=9999.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let y = y + if m <= 2 { 1 } else { 0 };
        i32::try_from(y).ok().and_then(|y| Date::new(y, m, d))
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match self.to_days().rem_euclid(7) {
            0 => Weekday::Thu,
            1 => Weekday::Fri,
            2 => Weekday::Sat,
            3 => Weekday::Sun,
            4 => Weekday::Mon,
            5 => Weekday::Tue,
            _ => Weekday::Wed,
        }
    }

    /// The date `n` calendar days later (earlier for negative `n`); `None` outside years 1..=9999.
    pub fn add_days(self, n: i64) -> Option<Date> {
        self.to_days().checked_add(n).and_then(Date::from_days)
    }

    pub fn succ(self) -> Option<Date> {
        self.add_days(1)
    }

    pub fn pred(self) -> Option<Date> {
        self.add_days(-1)
    }

    /// Calendar days from `self` to `other` (`other − self`).
    pub fn days_until(self, other: Date) -> i64 {
        other.to_days() - self.to_days()
    }

    /// The start of this day in China time, as an instant.
    pub fn start_in_china(self) -> Instant {
        Instant(self.to_days() * 86_400 - CHINA_OFFSET_SECONDS)
    }

    /// Reads `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Format(s.to_owned()));
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, DateError> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| DateError::Format(s.to_owned()))
            } else {
                Err(DateError::Format(s.to_owned()))
            }
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::new(y as i32, m as u8, d as u8).ok_or_else(|| DateError::Invalid(s.to_owned()))
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}

impl TryFrom<String> for Date {
    type Error = DateError;
    fn try_from(s: String) -> Result<Date, DateError> {
        Date::parse(&s)
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

/// A point in time: whole seconds since 1970-01-01T00:00:00Z. Stored in UTC, shown in China time.
///
/// Written as RFC 3339 text in China time; read from that text or from Unix seconds (a number),
/// so a client built before instants travelled as text still reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "InstantWire", into = "String")]
pub struct Instant(i64);

/// How an [`Instant`] may arrive: RFC 3339 text, or Unix seconds.
#[derive(Deserialize)]
#[serde(untagged)]
enum InstantWire {
    Text(String),
    Seconds(i64),
}

impl TryFrom<InstantWire> for Instant {
    type Error = DateError;
    fn try_from(w: InstantWire) -> Result<Instant, DateError> {
        match w {
            InstantWire::Text(s) => Instant::parse(&s),
            // Years 0001–9999, as RFC 3339 text can say them.
            InstantWire::Seconds(n) if (-62_135_596_800..=253_402_300_799).contains(&n) => {
                Ok(Instant(n))
            }
            InstantWire::Seconds(n) => Err(DateError::InstantFormat(n.to_string())),
        }
    }
}

impl Instant {
    pub const fn from_unix_seconds(s: i64) -> Instant {
        Instant(s)
    }

    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    /// The calendar date of this instant in China time.
    pub fn china_date(self) -> Date {
        let days = self
            .0
            .saturating_add(CHINA_OFFSET_SECONDS)
            .div_euclid(86_400);
        Date::from_days(days).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }

    /// Seconds since midnight in China time.
    pub fn china_seconds_of_day(self) -> i64 {
        self.0
            .saturating_add(CHINA_OFFSET_SECONDS)
            .rem_euclid(86_400)
    }

    pub fn add_seconds(self, s: i64) -> Instant {
        Instant(self.0.saturating_add(s))
    }

    /// Formats in China time as `YYYY-MM-DD HH:MM`, the way the platform shows times.
    pub fn china_display(self) -> String {
        let s = self.china_seconds_of_day();
        format!(
            "{} {:02}:{:02}",
            self.china_date(),
            s / 3600,
            (s % 3600) / 60
        )
    }

    /// RFC 3339 in China time: `2024-05-01T09:30:00+08:00`.
    pub fn to_rfc3339_china(self) -> String {
        let s = self.china_seconds_of_day();
        format!(
            "{}T{:02}:{:02}:{:02}+08:00",
            self.china_date(),
            s / 3600,
            (s % 3600) / 60,
            s % 60
        )
    }

    /// Reads `YYYY-MM-DDTHH:MM[:SS]` followed by `Z` or an offset `±HH:MM`. Without an offset the
    /// time is read as China time (the way every Chinese notice writes times). A date alone means
    /// 00:00 China time.
    pub fn parse(s: &str) -> Result<Instant, DateError> {
        let bad = || DateError::InstantFormat(s.to_owned());
        if s.len() == 10 {
            return Date::parse(s).map(Date::start_in_china).map_err(|_| bad());
        }
        if s.len() < 16 || !s.is_char_boundary(10) || !matches!(s.as_bytes()[10], b'T' | b' ') {
            return Err(bad());
        }
        let date = Date::parse(&s[..10]).map_err(|_| bad())?;
        let rest = &s[11..];
        let two = |t: &str| -> Result<i64, DateError> {
            if t.len() == 2 && t.bytes().all(|c| c.is_ascii_digit()) {
                t.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        if rest.len() < 5 || rest.as_bytes()[2] != b':' || !rest.is_char_boundary(5) {
            return Err(bad());
        }
        let hh = two(&rest[0..2])?;
        let mm = two(&rest[3..5])?;
        let mut tail = &rest[5..];
        let mut ss = 0;
        if let Some(t) = tail.strip_prefix(':') {
            if t.len() < 2 || !t.is_char_boundary(2) {
                return Err(bad());
            }
            ss = two(&t[..2])?;
            tail = &t[2..];
            // Fractions of a second are accepted and dropped.
            if let Some(f) = tail.strip_prefix('.') {
                let n = f.bytes().take_while(|c| c.is_ascii_digit()).count();
                if n == 0 {
                    return Err(bad());
                }
                tail = &f[n..];
            }
        }
        if hh > 23 || mm > 59 || ss > 60 {
            return Err(bad());
        }
        let offset = match tail {
            "" => CHINA_OFFSET_SECONDS,
            "Z" | "z" => 0,
            t if t.len() == 6
                && (t.starts_with('+') || t.starts_with('-'))
                && t.as_bytes()[3] == b':' =>
            {
                let sign = if t.starts_with('-') { -1 } else { 1 };
                let oh = two(&t[1..3])?;
                let om = two(&t[4..6])?;
                if oh > 23 || om > 59 {
                    return Err(bad());
                }
                sign * (oh * 3600 + om * 60)
            }
            _ => return Err(bad()),
        };
        Ok(Instant(
            date.to_days() * 86_400 + hh * 3600 + mm * 60 + ss.min(59) - offset,
        ))
    }
}

impl std::fmt::Display for Instant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rfc3339_china())
    }
}

impl TryFrom<String> for Instant {
    type Error = DateError;
    fn try_from(s: String) -> Result<Instant, DateError> {
        Instant::parse(&s)
    }
}

impl From<Instant> for String {
    fn from(i: Instant) -> String {
        i.to_rfc3339_china()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_instant_reads_from_text_or_from_seconds() {
        let i = Instant::from_unix_seconds(1_780_000_000);
        let text = serde_json::to_string(&i).unwrap();
        assert_eq!(serde_json::from_str::<Instant>(&text).unwrap(), i);
        assert_eq!(serde_json::from_str::<Instant>("1780000000").unwrap(), i);
        assert!(serde_json::from_str::<Instant>("\"yesterday\"").is_err());
        // Seconds outside the years RFC 3339 text can write are refused, never formatted.
        assert!(serde_json::from_str::<Instant>("9223372036854775807").is_err());
        assert!(serde_json::from_str::<Instant>("-9223372036854775808").is_err());
        let far = Instant::from_unix_seconds(i64::MAX);
        let _ = far.china_display();
    }

    #[test]
    fn known_dates() {
        let d = Date::parse("2019-10-12").unwrap();
        assert_eq!(d.weekday(), Weekday::Sat);
        assert_eq!(Date::parse("1970-01-01").unwrap().to_days(), 0);
        assert_eq!(
            Date::parse("2024-02-29").unwrap().add_days(1),
            Date::new(2024, 3, 1)
        );
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2023-2-28").is_err());
    }

    #[test]
    fn instants_in_china_time() {
        let i = Instant::parse("2024-05-01T09:30:00+08:00").unwrap();
        assert_eq!(i, Instant::parse("2024-05-01T01:30:00Z").unwrap());
        assert_eq!(i, Instant::parse("2024-05-01 09:30").unwrap());
        assert_eq!(i.china_display(), "2024-05-01 09:30");
        // 23:30 UTC is already the next day in China.
        assert_eq!(
            Instant::parse("2024-05-01T23:30:00Z").unwrap().china_date(),
            Date::new(2024, 5, 2).unwrap()
        );
        assert!(Instant::parse("2024-05-01T24:00").is_err());
        assert!(Instant::parse("2024-05-01T09:30+8").is_err());
    }

    proptest! {
        #[test]
        fn days_round_trip(n in -719_162i64..2_932_896) {
            let d = Date::from_days(n).unwrap();
            prop_assert_eq!(d.to_days(), n);
            prop_assert_eq!(Date::parse(&d.to_string()).unwrap(), d);
        }

        #[test]
        fn instant_round_trip(s in -62_135_596_800i64..253_402_300_000) {
            let i = Instant::from_unix_seconds(s);
            prop_assert_eq!(Instant::parse(&i.to_rfc3339_china()).unwrap(), i);
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,40}") {
            let _ = Date::parse(&s);
            let _ = Instant::parse(&s);
        }
    }
}
