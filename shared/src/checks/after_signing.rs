//! The mechanism shared by the checks of an act due a number of working days after a contract is
//! signed (A02: published within 2, T21; A03: filed within 7, T22). Each check declares what it
//! watches in an [`AfterSigning`]; the counting, the "not yet / never" rule and the evidence are
//! written once here.

use super::prelude::*;

/// What one "N working days after signing" check watches.
pub struct AfterSigning {
    pub meta: &'static CheckMeta,
    /// The time limit in the dated table (B.2).
    pub limit: TimeLimitId,
    /// What an undated limit lacks, e.g. `"thresholds: T21"`.
    pub limit_missing: &'static str,
    /// The contract field of the act, e.g. `"contracts[].published_at"`.
    pub field: &'static str,
    /// When the act was done, if it was.
    pub done_at: fn(&Contract) -> Option<Instant>,
    /// The state words for the message: done late, not done, done in time.
    pub late: Text,
    pub never: Text,
    pub in_time: Text,
}

impl AfterSigning {
    /// Every contract of the project; no contract on a failed or cancelled project is clear.
    pub fn run(&self, p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
        if p.contracts.is_empty() {
            return match p.project.status {
                Some(s @ (ProjectStatus::Failed | ProjectStatus::Cancelled)) => {
                    Outcome::clear(Evidence::new().text("status", format!("{s:?}")))
                }
                _ => Outcome::missing(&["contracts[]"]),
            };
        }
        let parts: Vec<Outcome> = p.contracts.iter().map(|c| self.contract(c, ctx)).collect();
        Outcome::combine(parts, Outcome::missing(&["contracts[]"]))
    }

    /// One contract: working days from signing (not counted) to the act, or to "now" while it
    /// is not done. Not done and still within the limit is undecided (it can only become a flag).
    fn contract(&self, c: &Contract, ctx: &CheckContext) -> Outcome {
        let Some(signed) = c.signed_at else {
            return Outcome::missing(&["contracts[].signed_at"]);
        };
        let start = signed.china_date();
        let Some(limit) = ctx.thresholds.time_limit(self.limit, start) else {
            return Outcome::missing(&[self.limit_missing]);
        };
        let done = (self.done_at)(c);
        let until = done.map_or(ctx.as_of.china_date(), Instant::china_date);
        let (Ok(period_end), Ok(count)) = (
            ctx.calendar.period_end_workdays(start, limit.value.amount),
            ctx.calendar.workdays_between(start, until),
        ) else {
            return Outcome::missing(&["calendar: holiday data for the period"]);
        };
        let late = !limit.value.admits(count);
        let state = match (done.is_some(), late) {
            (true, true) => self.late,
            (true, false) => self.in_time,
            (false, _) => self.never,
        };
        let evidence = Evidence::new()
            .text("contract", c.id.clone())
            .instant("signed_at", signed)
            .date("until", until)
            .working_days("working_days", count)
            .working_days("limit", limit.value.amount)
            .date("period_end", period_end)
            .label("state", state)
            .text("source", limit.source);
        match (done.is_some(), late) {
            (_, true) => Outcome::flag(self.meta, evidence),
            (true, false) => Outcome::clear(evidence),
            (false, false) => Outcome::missing(&[self.field]),
        }
    }
}
