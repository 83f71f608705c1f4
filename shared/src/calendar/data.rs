//! The calendar as data the bureau loads: a year of the State Council's holiday notice in the
//! shipped per-year format (`data/holidays-cn/YYYY.json`: `year`, `papers`, `days` of `name`,
//! `date`, `isOffDay`), checked as it is read ([`YearData`]), what loading it would change
//! ([`preview`]), and the calendar in force built from the shipped table and the loaded years
//! ([`install`]).
//!
//! The server keeps the years in its database and installs them when it starts and after every
//! import; every page it renders carries the years that differ from the shipped table
//! ([`loaded_years`]), and the browser installs them before its checks run — so the browser, the
//! server and the CLI count working days on the same calendar.
//!
//! A year's data replaces what that year's notice governs: its own days, and the days of the year
//! before that it lists (the 2019 notice lists 2018-12-29…31). Loaded years after the shipped
//! ones must follow each other without a gap; the years after the last loaded one stay
//! provisional (statutory days only).

use std::borrow::Cow;
use std::sync::{Mutex, RwLock};

use serde::{Deserialize, Serialize};

use super::{table, Calendar, DayKind, NAME_BITS, OFF, SPILL};
use crate::i18n::{Lang, Text};
use crate::time::Date;

/// The most days one year's notice may list (the published ones list 30–45).
pub const MAX_DAYS: usize = 120;
/// The latest year that can be loaded (the day offsets of the table are 16 bits from 2007).
pub const MAX_YEAR: i32 = 2150;

/// One listed day of a year's notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearDay {
    name: String,
    date: Date,
    #[serde(rename = "isOffDay")]
    off: bool,
}

impl YearDay {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn date(&self) -> Date {
        self.date
    }
    /// An off day (放假); otherwise a working day (上班, a 调休 make-up day on a weekend).
    pub fn is_off(&self) -> bool {
        self.off
    }
}

/// One year of the State Council's holiday notice, checked: every listed date lies in the year
/// (or in the December before it), none twice, every name given, at most [`MAX_DAYS`] days.
/// Deserialising checks again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawYear")]
pub struct YearData {
    year: i32,
    papers: Vec<String>,
    days: Vec<YearDay>,
}

#[derive(Deserialize)]
struct RawDay {
    name: String,
    date: String,
    #[serde(rename = "isOffDay")]
    off: bool,
}

#[derive(Deserialize)]
struct RawYear {
    year: i32,
    #[serde(default)]
    papers: Vec<String>,
    days: Vec<RawDay>,
}

/// Why a year's data was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum YearError {
    #[error("not a holiday calendar year in JSON: {0}")]
    Format(String),
    #[error("year {0} cannot be loaded (2007–{MAX_YEAR})")]
    Year(i32),
    #[error("{date}: not a date of {year} (or of the December before it)")]
    Date { year: i32, date: String },
    #[error("{0} is listed twice")]
    Twice(Date),
    #[error("{0}: the holiday has no name")]
    Name(Date),
    #[error("more than {MAX_DAYS} days listed")]
    TooMany,
    #[error("no day off listed")]
    NoDaysOff,
    #[error("year {missing} must be loaded before {year}")]
    Gap { missing: i32, year: i32 },
    #[error("more than 64 different holiday names over the loaded years")]
    TooManyNames,
}

impl YearError {
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => match self {
                YearError::Format(e) => format!("不是节假日历年度数据（JSON）：{e}"),
                YearError::Year(y) => format!("无法载入 {y} 年（可载入 2007—{MAX_YEAR} 年）"),
                YearError::Date { year, date } => {
                    format!("{date}：不是 {year} 年（或其前一年 12 月）的日期")
                }
                YearError::Twice(d) => format!("{d} 重复列出"),
                YearError::Name(d) => format!("{d}：未写节日名称"),
                YearError::TooMany => format!("列出的日期超过 {MAX_DAYS} 天"),
                YearError::NoDaysOff => "未列出任何放假日".to_owned(),
                YearError::Gap { missing, year } => {
                    format!("须先载入 {missing} 年，才能载入 {year} 年")
                }
                YearError::TooManyNames => "各年度节日名称合计超过64种".to_owned(),
            },
        }
    }
}

impl TryFrom<RawYear> for YearData {
    type Error = YearError;

    fn try_from(raw: RawYear) -> Result<YearData, YearError> {
        let days = raw
            .days
            .into_iter()
            .map(|d| {
                let date = Date::parse(d.date.trim())
                    .map_err(|_| d.date.chars().take(20).collect::<String>());
                (date, d.name, d.off)
            })
            .collect();
        YearData::checked(raw.year, raw.papers, days)
    }
}

impl YearData {
    /// The one check of a year's data, however it was read: `days` as `(date or the text that
    /// is not one, name, off)`.
    fn checked(
        year: i32,
        papers: Vec<String>,
        listed: Vec<(Result<Date, String>, String, bool)>,
    ) -> Result<YearData, YearError> {
        if !(table::FIRST..=MAX_YEAR).contains(&year) {
            return Err(YearError::Year(year));
        }
        if listed.len() > MAX_DAYS {
            return Err(YearError::TooMany);
        }
        let mut days = Vec::with_capacity(listed.len());
        for (date, name, off) in listed {
            let date = match date {
                Ok(d) if d.year() == year || (d.year() == year - 1 && d.month() == 12) => d,
                Ok(d) => {
                    return Err(YearError::Date {
                        year,
                        date: d.to_string(),
                    })
                }
                Err(text) => return Err(YearError::Date { year, date: text }),
            };
            let name = name.trim();
            if name.is_empty()
                || name.chars().count() > 40
                || name.contains(|c: char| matches!(c, '|' | '<' | '>') || c.is_control())
            {
                return Err(YearError::Name(date));
            }
            days.push(YearDay {
                name: name.to_owned(),
                date,
                off,
            });
        }
        days.sort_by_key(|d| d.date);
        if let Some(w) = days.windows(2).find(|w| w[0].date == w[1].date) {
            return Err(YearError::Twice(w[0].date));
        }
        if !days.iter().any(|d| d.off) {
            return Err(YearError::NoDaysOff);
        }
        // The notices' addresses on the web (shown as links): http(s) only.
        let papers = papers
            .into_iter()
            .map(|p| p.trim().chars().take(300).collect::<String>())
            .filter(|p| {
                (p.starts_with("https://") || p.starts_with("http://"))
                    && !p.contains(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>'))
            })
            .take(10)
            .collect();
        Ok(YearData { year, papers, days })
    }
}

impl YearData {
    /// Reads one year in the shipped format.
    pub fn parse(json: &str) -> Result<YearData, YearError> {
        let raw: RawYear =
            serde_json::from_str(json).map_err(|e| YearError::Format(e.to_string()))?;
        YearData::try_from(raw)
    }

    /// Reads a list of years (what a page carries to the browser).
    pub fn parse_list(json: &str) -> Result<Vec<YearData>, YearError> {
        serde_json::from_str(json).map_err(|e| YearError::Format(e.to_string()))
    }

    /// The year in the shipped format (what [`YearData::parse`] reads).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn year(&self) -> i32 {
        self.year
    }
    /// The notices the data comes from (their addresses on gov.cn).
    pub fn papers(&self) -> &[String] {
        &self.papers
    }
    pub fn days(&self) -> &[YearDay] {
        &self.days
    }

    /// `(days off, make-up working days)` listed.
    pub fn counts(&self) -> (usize, usize) {
        let off = self.days.iter().filter(|d| d.off).count();
        (off, self.days.len() - off)
    }

    /// The listed days as the table keeps them: `(day number, off, name, listed for the year
    /// before)`; days before the table's first year (the 2007 notice lists 2006-12-30) are left
    /// out.
    fn entries(&self) -> impl Iterator<Item = (i64, bool, Text, bool)> + '_ {
        self.days
            .iter()
            .filter(|d| d.date.year() >= table::FIRST)
            .map(move |d| {
                (
                    d.date.to_days(),
                    d.off,
                    name_text(&d.name),
                    d.date.year() != self.year,
                )
            })
    }
}

/// The year files shipped with the software (2007–2026), as they are: what the server seeds its
/// database with.
pub fn shipped_years() -> Vec<YearData> {
    table::SHIPPED
        .iter()
        .filter_map(|(_, json)| YearData::parse(json).ok())
        .collect()
}

/// The most holiday names beyond the known list kept for the life of the process.
const MAX_EXTRA_NAMES: usize = 64;

/// Names beyond the known list, kept once for the life of the process.
static EXTRA_NAMES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

/// The (zh, en) name of a holiday as the notices spell it; a name the software does not know is
/// kept as written for both languages.
fn name_text(raw: &str) -> Text {
    if let Some(&(_, zh, en)) = super::names::NAME_MAP.iter().find(|(r, _, _)| *r == raw) {
        return Text::new(zh, en);
    }
    if let Some(t) = table::HOLIDAY_NAMES.iter().find(|t| t.zh == raw) {
        return *t;
    }
    let Ok(mut extra) = EXTRA_NAMES.lock() else {
        return Text::new("节假日", "holiday");
    };
    let kept = match extra.iter().find(|n| **n == raw) {
        Some(n) => *n,
        // Names the software does not know are few; past a bound they read as "holiday".
        None if extra.len() >= MAX_EXTRA_NAMES => return Text::new("节假日", "holiday"),
        None => {
            let n: &'static str = Box::leak(raw.to_owned().into_boxed_str());
            extra.push(n);
            n
        }
    };
    Text::new(kept, kept)
}

fn jan1(year: i32) -> i64 {
    Date::new(year, 1, 1).map_or(0, Date::to_days)
}

/// A table entry: `(day number, off, name, listed by the next year's notice)`.
type Entry = (i64, bool, Text, bool);

/// The shipped table's entries, sorted by day.
fn shipped_entries() -> Vec<Entry> {
    table::ENTRIES
        .iter()
        .map(|&(offset, flags)| {
            let name = table::HOLIDAY_NAMES
                .get(usize::from(flags & NAME_BITS))
                .copied()
                .unwrap_or(Text::new("节假日", "holiday"));
            (
                table::BASE + i64::from(offset),
                flags & OFF != 0,
                name,
                flags & SPILL != 0,
            )
        })
        .collect()
}

/// Whether an entry is governed by year `y`'s notice: a day of `y` it owns, or a day of the
/// December before that it lists.
fn governed_by(e: &Entry, y: i32) -> bool {
    let (day, spill) = (e.0, e.3);
    ((jan1(y)..jan1(y + 1)).contains(&day) && !spill)
        || ((jan1(y - 1)..jan1(y)).contains(&day) && spill)
}

/// Whether a year's data says something other than the shipped table (a year after the shipped
/// ones always does).
fn differs_from_shipped(year: &YearData, shipped: &[Entry]) -> bool {
    if year.year > table::LAST {
        return true;
    }
    let governed = shipped
        .iter()
        .filter(|e| governed_by(e, year.year))
        .map(|e| (e.0, e.1, e.2.zh));
    let listed = year.entries().map(|e| (e.0, e.1, e.2.zh));
    !governed.eq(listed)
}

/// The published calendar and the provisional one over the shipped table with `years` loaded.
fn build(years: &[YearData]) -> Result<(Calendar, Calendar), YearError> {
    let mut days = shipped_entries();
    let mut sorted: Vec<&YearData> = years.iter().collect();
    sorted.sort_by_key(|y| y.year);
    sorted.dedup_by_key(|y| y.year);
    let mut last = table::LAST;
    for y in &sorted {
        if y.year > last + 1 {
            return Err(YearError::Gap {
                missing: last + 1,
                year: y.year,
            });
        }
        let listed: Vec<Entry> = y.entries().collect();
        days.retain(|e| !governed_by(e, y.year) && !listed.iter().any(|l| l.0 == e.0));
        days.extend(listed);
        last = last.max(y.year);
    }
    days.sort_by_key(|e| e.0);
    let provisional_last = last.max(table::PROVISIONAL_LAST);
    let mut names: Vec<Text> = Vec::new();
    let mut entries = Vec::with_capacity(days.len());
    for (day, off, name, spill) in days {
        let Ok(offset) = u16::try_from(day - table::BASE) else {
            return Err(YearError::Year(last));
        };
        let idx = match names.iter().position(|n| *n == name) {
            Some(i) => i,
            None => {
                names.push(name);
                names.len() - 1
            }
        };
        if idx > usize::from(NAME_BITS) {
            return Err(YearError::TooManyNames);
        }
        entries.push((
            offset,
            idx as u8 | if off { OFF } else { 0 } | if spill { SPILL } else { 0 },
        ));
    }
    let entries: Cow<'static, [(u16, u8)]> = Cow::Owned(entries);
    let names: Cow<'static, [Text]> = Cow::Owned(names);
    let published = Calendar {
        first_year: table::FIRST,
        last_year: last,
        first_day: table::BASE,
        end_day: jan1(last + 1),
        entries: entries.clone(),
        names: names.clone(),
        provisional_from: last + 1,
    };
    let provisional = Calendar {
        first_year: table::FIRST,
        last_year: provisional_last,
        first_day: table::BASE,
        end_day: jan1(provisional_last + 1),
        entries,
        names,
        provisional_from: last + 1,
    };
    Ok((published, provisional))
}

/// What [`install`] put in force.
pub(super) struct Installed {
    pub(super) china: &'static Calendar,
    pub(super) provisional: &'static Calendar,
    /// The loaded years that differ from the shipped table, by year.
    differing: Vec<YearData>,
    /// Every year loaded.
    all: Vec<YearData>,
}

static INSTALLED: RwLock<Option<&'static Installed>> = RwLock::new(None);

pub(super) fn installed() -> Option<&'static Installed> {
    INSTALLED.read().ok().and_then(|g| *g)
}

/// Puts the shipped table with `years` loaded in force for [`super::china`] and
/// [`super::provisional`] (process-wide). Installing what is already in force changes nothing.
pub fn install(years: &[YearData]) -> Result<(), YearError> {
    let shipped = shipped_entries();
    let differing: Vec<YearData> = years
        .iter()
        .filter(|y| differs_from_shipped(y, &shipped))
        .cloned()
        .collect();
    put_in_force(differing, years.to_vec())
}

/// Puts in force the shipped table with `differing` loaded (the years that differ from it);
/// `all` is every loaded year (for the administrator's page).
fn put_in_force(mut differing: Vec<YearData>, mut all: Vec<YearData>) -> Result<(), YearError> {
    differing.sort_by_key(|y| y.year);
    differing.dedup_by_key(|y| y.year);
    all.sort_by_key(|y| y.year);
    let (china, provisional): (&'static Calendar, &'static Calendar) = match installed() {
        Some(i) if i.differing == differing => (i.china, i.provisional),
        _ if differing.is_empty() => (&super::CHINA, &super::PROVISIONAL),
        _ => {
            let (c, p) = build(&differing)?;
            (Box::leak(Box::new(c)), Box::leak(Box::new(p)))
        }
    };
    if installed().is_some_and(|i| i.all == all && std::ptr::eq(i.china, china)) {
        return Ok(());
    }
    let fresh: &'static Installed = Box::leak(Box::new(Installed {
        china,
        provisional,
        differing,
        all,
    }));
    if let Ok(mut g) = INSTALLED.write() {
        *g = Some(fresh);
    }
    Ok(())
}

/// The loaded years that differ from the shipped table in the compact form a page carries to
/// the browser (`""` while the shipped table is in force): a line a year, `YEAR|YYYYMMDD+name|…`
/// (`+` a day off, `-` a working day). Read by [`install_carried`].
pub fn carried() -> String {
    let mut out = String::new();
    for y in installed()
        .map(|i| i.differing.as_slice())
        .unwrap_or_default()
    {
        out.push_str(&y.year.to_string());
        for d in &y.days {
            out.push('|');
            out.push_str(&format!(
                "{:04}{:02}{:02}{}{}",
                d.date.year(),
                d.date.month(),
                d.date.day(),
                if d.off { '+' } else { '-' },
                d.name
            ));
        }
        out.push('\n');
    }
    out
}

/// In the browser: puts in force the years a page carried ([`carried`]), checked as any year's
/// data is.
pub fn install_carried(text: &str) -> Result<(), YearError> {
    let mut years = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let mut parts = line.split('|');
        let year = parts
            .next()
            .and_then(|y| y.trim().parse::<i32>().ok())
            .ok_or_else(|| YearError::Format(line.chars().take(20).collect()))?;
        let days = parts
            .map(|d| {
                let num = |r: std::ops::Range<usize>| d.get(r).and_then(|x| x.parse::<u32>().ok());
                let date = match (num(0..4), num(4..6), num(6..8)) {
                    (Some(y), Some(m), Some(dd)) => {
                        Date::new(y as i32, m as u8, dd as u8).ok_or_else(|| d.to_owned())
                    }
                    _ => Err(d.chars().take(20).collect()),
                };
                let off = d.get(8..9) == Some("+");
                (date, d.get(9..).unwrap_or_default().to_owned(), off)
            })
            .collect();
        years.push(YearData::checked(year, Vec::new(), days)?);
    }
    put_in_force(years.clone(), years)
}

/// The loaded years that differ from the shipped table: what a page carries to the browser so
/// that its checks count on the server's calendar. Empty while the shipped table is in force.
pub fn loaded_years() -> Vec<YearData> {
    installed().map(|i| i.differing.clone()).unwrap_or_default()
}

/// The calendar in force with `year` loaded (replacing the year if it is loaded), not put in
/// force: `(published, provisional)` — for what loading it would change.
pub fn with_year(year: &YearData) -> Result<(Calendar, Calendar), YearError> {
    let mut years: Vec<YearData> = installed().map(|i| i.differing.clone()).unwrap_or_default();
    years.retain(|y| y.year != year.year);
    years.push(year.clone());
    build(&years)
}

/// A day that loading a year would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayChange {
    pub date: Date,
    /// What the day is now; `None` when the calendar in force does not reach it.
    pub before: Option<DayKind>,
    /// Whether `before` is provisional (statutory days only).
    pub before_provisional: bool,
    pub after: DayKind,
}

/// What loading `year` (replacing the year if it is loaded) would change, day by day, against the
/// calendar in force (its provisional years included); refused as [`install`] would refuse it.
pub fn preview(year: &YearData) -> Result<Vec<DayChange>, YearError> {
    let (_, after) = with_year(year)?;
    let now = super::provisional();
    // From the December before: a notice may list days there, and a replaced one may have.
    let (from, to) = (
        Date::new(year.year - 1, 12, 1).map_or(jan1(year.year), Date::to_days),
        jan1(year.year + 1),
    );
    let mut out = Vec::new();
    for day in from..to {
        let Some(date) = Date::from_days(day) else {
            continue;
        };
        let before = now.day_kind(date).ok();
        let Ok(kind) = after.day_kind(date) else {
            continue;
        };
        if before != Some(kind) {
            out.push(DayChange {
                date,
                before,
                before_provisional: now.is_provisional(date),
                after: kind,
            });
        }
    }
    Ok(out)
}

/// Every loaded year (for the administrator's page).
pub fn all_loaded() -> Vec<YearData> {
    installed().map(|i| i.all.clone()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// A 2027 notice as the State Council might publish it (for the tests only).
    pub(crate) const Y2027: &str = r#"{"year": 2027, "papers": ["https://www.gov.cn/example"],
      "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
        {"name": "春节", "date": "2027-02-06", "isOffDay": true},
        {"name": "春节", "date": "2027-02-07", "isOffDay": true},
        {"name": "春节", "date": "2027-02-08", "isOffDay": true},
        {"name": "春节", "date": "2027-02-09", "isOffDay": true},
        {"name": "春节", "date": "2027-02-10", "isOffDay": true},
        {"name": "春节", "date": "2027-02-11", "isOffDay": true},
        {"name": "春节", "date": "2027-02-12", "isOffDay": true},
        {"name": "春节", "date": "2027-02-13", "isOffDay": true},
        {"name": "春节", "date": "2027-02-20", "isOffDay": false}
      ]}"#;

    #[test]
    fn every_shipped_year_reads_back_as_the_shipped_table() {
        let shipped = shipped_entries();
        let years = shipped_years();
        assert_eq!(years.len(), 20);
        for y in &years {
            assert!(!differs_from_shipped(y, &shipped), "{}", y.year());
        }
        // Built from all of them, the table is the shipped one.
        let (c, _) = build(&years).unwrap();
        assert_eq!(c.entries.as_ref(), table::ENTRIES);
    }

    #[test]
    fn a_loaded_year_extends_the_published_calendar() {
        let y = YearData::parse(Y2027).unwrap();
        assert_eq!(y.counts(), (9, 1));
        let (c, p) = build(std::slice::from_ref(&y)).unwrap();
        assert_eq!(c.last_year(), 2027);
        assert!(!c.is_provisional(d("2027-02-20")));
        assert!(p.is_provisional(d("2028-01-03")));
        assert!(c.is_workday(d("2027-02-20")).unwrap());
        assert!(!c.is_workday(d("2027-02-13")).unwrap());
        // 2026-12-31 (Thu) + 2 working days: Fri 2027-01-01 is off, Mon 01-04 and Tue 01-05.
        assert_eq!(c.add_workdays(d("2026-12-31"), 2).unwrap(), d("2027-01-05"));
        // A year after it without the one between is refused.
        let y2029 = YearData::parse(&Y2027.replace("2027", "2029")).unwrap();
        assert_eq!(
            build(&[y, y2029]).err(),
            Some(YearError::Gap {
                missing: 2028,
                year: 2029
            })
        );
    }

    #[test]
    fn a_changed_shipped_year_replaces_what_its_notice_listed() {
        let mut y = shipped_years()
            .into_iter()
            .find(|y| y.year() == 2019)
            .unwrap();
        // The 2019 notice lists 2018-12-29 (a make-up working Saturday); drop it.
        assert_eq!(y.days[0].date, d("2018-12-29"));
        y.days.remove(0);
        assert!(differs_from_shipped(&y, &shipped_entries()));
        let (c, _) = build(&[y]).unwrap();
        assert!(!c.is_workday(d("2018-12-29")).unwrap());
        assert!(super::super::china().is_workday(d("2018-12-29")).unwrap());
    }

    #[test]
    fn the_preview_names_each_day_that_changes() {
        let y = YearData::parse(Y2027).unwrap();
        let changes = preview(&y).unwrap();
        // Provisionally 02-05 (除夕) … 02-08 were off; the notice moves days: 02-05 is a working
        // Friday, 02-09 … 02-13 off, Sat 02-20 a working day.
        let dates: Vec<String> = changes.iter().map(|c| c.date.to_string()).collect();
        assert!(dates.contains(&"2027-02-05".to_owned()), "{dates:?}");
        assert!(dates.contains(&"2027-02-20".to_owned()), "{dates:?}");
        assert!(changes.iter().all(|c| c.before_provisional));
        let feb20 = changes.iter().find(|c| c.date == d("2027-02-20")).unwrap();
        assert!(feb20.after.is_workday());
    }

    #[test]
    fn a_page_carries_the_loaded_years_in_a_compact_form() {
        let y = YearData::parse(Y2027).unwrap();
        let (published, _) = build(std::slice::from_ref(&y)).unwrap();
        // What install_carried reads back is the same year.
        let line = format!(
            "2027{}\n",
            y.days()
                .iter()
                .map(|d| format!(
                    "|{}{}{}",
                    d.date().to_string().replace('-', ""),
                    if d.is_off() { '+' } else { '-' },
                    d.name()
                ))
                .collect::<String>()
        );
        let mut back = Vec::new();
        for l in line.lines() {
            let mut parts = l.split('|');
            assert_eq!(parts.next(), Some("2027"));
            back.push(parts.count());
        }
        assert_eq!(back, vec![y.days().len()]);
        assert_eq!(published.last_year(), 2027);
        assert_eq!(
            YearData::parse(&Y2027.replace("春节", "春<节")).unwrap_err(),
            YearError::Name(d("2027-02-06"))
        );
    }

    #[test]
    fn bad_data_is_refused_with_the_reason() {
        let bad = |s: &str| YearData::parse(s).unwrap_err();
        assert!(matches!(bad("[1,2]"), YearError::Format(_)));
        assert_eq!(
            bad(
                r#"{"year": 2027, "days": [{"name": "元旦", "date": "2028-01-01", "isOffDay": true}]}"#
            ),
            YearError::Date {
                year: 2027,
                date: "2028-01-01".into()
            }
        );
        assert_eq!(
            bad(
                r#"{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true},
                {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#
            ),
            YearError::Twice(d("2027-01-01"))
        );
        assert_eq!(
            bad(
                r#"{"year": 2027, "days": [{"name": " ", "date": "2027-01-01", "isOffDay": true}]}"#
            ),
            YearError::Name(d("2027-01-01"))
        );
        assert_eq!(
            bad(
                r#"{"year": 2027, "days": [{"name": "x", "date": "2027-01-02", "isOffDay": false}]}"#
            ),
            YearError::NoDaysOff
        );
        assert_eq!(bad(r#"{"year": 1999, "days": []}"#), YearError::Year(1999));
        assert!(bad(r#"{"year": 2027}"#)
            .message(Lang::Zh)
            .contains("不是节假日历"));
    }
}
