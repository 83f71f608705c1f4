//! Supplier remedies (询问 / 质疑 / 投诉): the dates they are due, from the working-day calendar
//! and the dated time-limit table, and whether a contract may be signed while one is open.
//!
//! # Deadlines (catalogue B.2; values from `ThresholdTable::time_limit`, by the start date)
//!
//! | function | limit | counted from | legal basis |
//! |---|---|---|---|
//! | [`inquiry_answer_due`] | T29: 3 working days | the day the inquiry is received (not counted) | 《政府采购法实施条例》 第52条 [V] |
//! | [`challenge_filing_due`] | T24: 7 working days | the day the supplier knew or should have known of the harm (条例 第53条 [V] says when: documents received / announcement period ended; end of each stage; result announcement period ended) | 《政府采购法》 第52条 [V] |
//! | [`challenge_answer_due`] | T25: 7 working days | the day the challenge is received | 《政府采购法》 第53条 [V] |
//! | [`complaint_filing_due`] | T26: 15 working days | the end of the answer period (the answer's due date) | 《政府采购法》 第55条 [V] |
//! | [`complaint_decision_due`] | T27: 30 working days, plus the excluded working days (testing, expert review) | the day the complaint is received | 《政府采购法》 第56条 [V]; 条例 第58条 [V] |
//!
//! The start day is not counted (民法典 第201条); the last day is the `n`-th working day after it
//! (`Calendar::period_end_workdays`) and the act is in time on any instant of that day, China
//! time ([`in_time`]). Periods in calendar days (none here) would use the holiday extension of
//! 民法典 第203条. These are the same limits M25 judges afterwards.
//!
//! # Signing while a remedy is open ([`signing_gate`])
//!
//! An inquiry or challenge filed at or before the signing instant and not answered by then
//! (M26's `pending_at`) blocks the signature when it may affect the result (条例 第54条 [V]);
//! when whether it may affect the result is not recorded the gate answers `Undecided` (the
//! purchaser must decide first, as M26 answers insufficient data). In addition, a procurement
//! suspended by the finance department during a complaint (《政府采购法》 第57条 [V]: `suspended_from`
//! reached, `suspended_until` not) may not sign either.

use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarError};
use crate::checks::m26::{pending_at, suspends_signing};
use crate::i18n::Lang;
use crate::model::{Challenge, ChallengeKind};
use crate::thresholds::{Dated, DayUnit, ThresholdTable, TimeLimit, TimeLimitId};
use crate::time::{Date, Instant};

/// Why a due date cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DueError {
    /// The threshold table has no such limit on that date.
    #[error("no time limit {id:?} on {on}")]
    NoLimit { id: TimeLimitId, on: Date },
    /// The calendar does not cover the period.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

impl DueError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (DueError::NoLimit { id, on }, Lang::Zh) => {
                format!("{on}没有适用的时限{}", id.description().zh)
            }
            (DueError::NoLimit { id, on }, Lang::En) => {
                format!("No time limit for “{}” on {on}", id.description().en)
            }
            (DueError::Calendar(e), lang) => e.message(lang),
        }
    }
}

/// A due date and the limit it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Due {
    /// The last day (China time) on which the act is in time.
    pub date: Date,
    pub limit: Dated<TimeLimit>,
}

/// The last day of the limit `id` (plus `extra_workdays`) counted from `start` (not counted).
pub fn due(
    calendar: &Calendar,
    thresholds: &ThresholdTable,
    id: TimeLimitId,
    start: Date,
    extra_workdays: i64,
) -> Result<Due, DueError> {
    let limit = thresholds
        .time_limit(id, start)
        .ok_or(DueError::NoLimit { id, on: start })?;
    let date = match limit.value.unit {
        DayUnit::Working => {
            calendar.period_end_workdays(start, limit.value.amount + extra_workdays.max(0))?
        }
        DayUnit::Calendar => {
            let d = calendar.period_end_calendar_days(start, limit.value.amount)?;
            calendar.period_end_workdays(d, extra_workdays.max(0))?
        }
        DayUnit::DateInYear => return Err(DueError::NoLimit { id, on: start }),
    };
    Ok(Due { date, limit })
}

/// Whether an act at `at` meets a due date: on or before that day, China time.
pub fn in_time(due: &Due, at: Instant) -> bool {
    at.china_date() <= due.date
}

/// T29: the answer to an inquiry received at `filed_at`.
pub fn inquiry_answer_due(
    calendar: &Calendar,
    thresholds: &ThresholdTable,
    filed_at: Instant,
) -> Result<Due, DueError> {
    due(
        calendar,
        thresholds,
        TimeLimitId::T29,
        filed_at.china_date(),
        0,
    )
}

/// T24: the last day a challenge may be filed, the supplier having known of the harm on
/// `known_on` (条例 第53条 decides that day).
pub fn challenge_filing_due(
    calendar: &Calendar,
    thresholds: &ThresholdTable,
    known_on: Date,
) -> Result<Due, DueError> {
    due(calendar, thresholds, TimeLimitId::T24, known_on, 0)
}

/// T25: the answer to a challenge received at `filed_at`.
pub fn challenge_answer_due(
    calendar: &Calendar,
    thresholds: &ThresholdTable,
    filed_at: Instant,
) -> Result<Due, DueError> {
    due(
        calendar,
        thresholds,
        TimeLimitId::T25,
        filed_at.china_date(),
        0,
    )
}

/// T26: the last day of a complaint, counted from the end of the answer period (`answer_due`,
/// the T25 date) — whether or not the answer came earlier.
pub fn complaint_filing_due(
    calendar: &Calendar,
    thresholds: &ThresholdTable,
    answer_due: Date,
) -> Result<Due, DueError> {
    due(calendar, thresholds, TimeLimitId::T26, answer_due, 0)
}

/// T27: the decision on a complaint received at `filed_at`, the `excluded_workdays` of testing
/// and expert review added (条例 第58条).
pub fn complaint_decision_due(
    calendar: &Calendar,
    thresholds: &ThresholdTable,
    filed_at: Instant,
    excluded_workdays: i64,
) -> Result<Due, DueError> {
    due(
        calendar,
        thresholds,
        TimeLimitId::T27,
        filed_at.china_date(),
        excluded_workdays,
    )
}

/// The answer due for one remedy by its kind (T29, T25, T27).
pub fn answer_due(
    calendar: &Calendar,
    thresholds: &ThresholdTable,
    c: &Challenge,
) -> Result<Due, DueError> {
    match c.kind {
        ChallengeKind::Inquiry => inquiry_answer_due(calendar, thresholds, c.filed_at),
        ChallengeKind::Challenge => challenge_answer_due(calendar, thresholds, c.filed_at),
        ChallengeKind::Complaint => complaint_decision_due(
            calendar,
            thresholds,
            c.filed_at,
            c.excluded_workdays.unwrap_or(0),
        ),
    }
}

/// Whether a contract may be signed at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SigningGate {
    /// Nothing open blocks the signature.
    Allowed,
    /// An open inquiry / challenge may affect the result (条例 第54条): `index` into the list.
    Blocked { index: usize },
    /// The procurement is suspended during a complaint (GP Law 第57条): `index` into the list.
    Suspended { index: usize },
    /// An open inquiry / challenge whose effect on the result is not recorded: decide first.
    Undecided { index: usize },
}

impl SigningGate {
    pub fn allows(&self) -> bool {
        *self == SigningGate::Allowed
    }

    /// The message for a user (`Allowed` has none).
    pub fn message(&self, lang: Lang) -> Option<&'static str> {
        Some(match (self, lang) {
            (SigningGate::Allowed, _) => return None,
            (SigningGate::Blocked { .. }, Lang::Zh) => {
                "有可能影响中标、成交结果的询问或质疑尚未处理完毕，应暂停签订合同"
            }
            (SigningGate::Blocked { .. }, Lang::En) => {
                "An inquiry or challenge that may affect the result is still open: the contract must wait"
            }
            (SigningGate::Suspended { .. }, Lang::Zh) => "投诉处理期间采购活动已被暂停，不得签订合同",
            (SigningGate::Suspended { .. }, Lang::En) => {
                "The procurement is suspended during a complaint: no contract may be signed"
            }
            (SigningGate::Undecided { .. }, Lang::Zh) => {
                "有尚未处理完毕的询问或质疑，请先判定其是否影响中标、成交结果"
            }
            (SigningGate::Undecided { .. }, Lang::En) => {
                "An inquiry or challenge is still open: decide first whether it may affect the result"
            }
        })
    }
}

/// Whether a contract may be signed at `at` given the project's remedies (see the module doc).
/// The first blocking remedy in list order is named; a block wins over a suspension, which wins
/// over an undecided remedy.
pub fn signing_gate(challenges: &[Challenge], at: Instant) -> SigningGate {
    let mut suspended = None;
    let mut undecided = None;
    for (index, c) in challenges.iter().enumerate() {
        if suspends_signing(c.kind) && pending_at(c, at) {
            match c.affects_result {
                Some(true) => return SigningGate::Blocked { index },
                None => {
                    undecided.get_or_insert(index);
                }
                Some(false) => {}
            }
        }
        if c.kind == ChallengeKind::Complaint
            && c.suspended_from.is_some_and(|f| f <= at)
            && c.suspended_until.is_none_or(|u| u > at)
        {
            suspended.get_or_insert(index);
        }
    }
    match (suspended, undecided) {
        (Some(index), _) => SigningGate::Suspended { index },
        (None, Some(index)) => SigningGate::Undecided { index },
        (None, None) => SigningGate::Allowed,
    }
}

#[cfg(test)]
mod tests;
