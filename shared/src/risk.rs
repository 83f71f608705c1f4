//! The regulator's risk queue: each project's risk score from its findings, with weights by
//! severity that the server's configuration may change, and the queue's order.
//!
//! **Score.** The findings that still count — every finding but those triaged as resolved or a
//! false positive — are weighed by severity, each check once at its highest severity
//! ([`crate::dashboard::risk_score`], capped at 100 for display). **Order.** Highest score
//! first; ties by the uncapped sum, then by more untriaged findings, then by the older project
//! (smaller id).
//!
//! **Weights** (`YIWANG_RISK_WEIGHTS`, e.g. `high=10,medium=3,low=1`; a severity not named keeps
//! its default): critical 40, high 20, medium 8, low 3.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::case::TriageState;
use crate::checks::framework::Severity;
pub use crate::dashboard::{risk_score, RiskWeights};

/// The largest weight accepted for one severity.
pub const MAX_WEIGHT: i64 = 1000;

/// Why a weights setting could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RiskWeightsError {
    #[error("{0:?} is not severity=weight (critical, high, medium, low)")]
    Item(String),
    #[error("unknown severity {0:?} (critical, high, medium, low)")]
    Severity(String),
    #[error("weight of {0} must be a whole number 0..=1000")]
    Weight(String),
    #[error("severity {0} is named twice")]
    Twice(String),
}

/// A severity from its code as a setting may write it (`critical`, `high`, `medium`, `low`;
/// case-insensitive): `Severity::from_code` on the lower-cased text.
pub fn severity(code: &str) -> Option<Severity> {
    Severity::from_code(&code.to_ascii_lowercase())
}

impl RiskWeights {
    /// Reads `severity=weight` pairs separated by commas; severities not named keep their
    /// default; an empty setting is the defaults.
    pub fn parse(text: &str) -> Result<RiskWeights, RiskWeightsError> {
        let mut w = RiskWeights::default();
        let mut seen: Vec<Severity> = Vec::new();
        for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let (k, v) = item
                .split_once('=')
                .ok_or_else(|| RiskWeightsError::Item(item.to_owned()))?;
            let s = severity(k).ok_or_else(|| RiskWeightsError::Severity(k.trim().to_owned()))?;
            if seen.contains(&s) {
                return Err(RiskWeightsError::Twice(k.trim().to_owned()));
            }
            seen.push(s);
            let n = v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=MAX_WEIGHT).contains(n))
                .ok_or_else(|| RiskWeightsError::Weight(k.trim().to_owned()))?;
            match s {
                Severity::Critical => w.critical = n,
                Severity::High => w.high = n,
                Severity::Medium => w.medium = n,
                Severity::Low => w.low = n,
            }
        }
        Ok(w)
    }

    /// The setting that [`RiskWeights::parse`] reads back.
    pub fn to_setting(&self) -> String {
        format!(
            "critical={},high={},medium={},low={}",
            self.critical, self.high, self.medium, self.low
        )
    }
}

/// One stored finding of a project, as the score needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskFinding {
    pub check_id: String,
    pub severity: Severity,
    pub triage: TriageState,
}

/// Whether a finding still counts (not resolved, not a false positive).
pub fn counts(triage: TriageState) -> bool {
    !matches!(triage, TriageState::Resolved | TriageState::FalsePositive)
}

/// A project's risk: the score and what it is made of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskSummary {
    /// 0..=100.
    pub score: i64,
    /// The uncapped sum (breaks ties of the capped score).
    pub raw: i64,
    /// Counting findings by severity.
    pub critical: i64,
    pub high: i64,
    pub medium: i64,
    pub low: i64,
    /// Findings nobody has triaged yet.
    pub untriaged: i64,
}

impl RiskSummary {
    pub fn counted(&self) -> i64 {
        self.critical + self.high + self.medium + self.low
    }
}

/// The risk of one project from its findings.
pub fn summarize(findings: &[RiskFinding], weights: &RiskWeights) -> RiskSummary {
    let mut s = RiskSummary::default();
    let mut best: BTreeMap<&str, i64> = BTreeMap::new();
    for f in findings.iter().filter(|f| counts(f.triage)) {
        match f.severity {
            Severity::Critical => s.critical += 1,
            Severity::High => s.high += 1,
            Severity::Medium => s.medium += 1,
            Severity::Low => s.low += 1,
        }
        if f.triage == TriageState::New {
            s.untriaged += 1;
        }
        let w = weights.of(f.severity);
        let e = best.entry(f.check_id.as_str()).or_insert(0);
        *e = (*e).max(w);
    }
    s.raw = best.values().sum();
    let pairs: Vec<(String, Severity)> = findings
        .iter()
        .filter(|f| counts(f.triage))
        .map(|f| (f.check_id.clone(), f.severity))
        .collect();
    s.score = risk_score(&pairs, weights);
    s
}

/// Sorts the queue: `(project id, risk)` pairs, riskiest first (see the module's order). Projects
/// with nothing counting are left out.
pub fn rank(mut items: Vec<(i64, RiskSummary)>) -> Vec<(i64, RiskSummary)> {
    items.retain(|(_, r)| r.counted() > 0);
    items.sort_by(|(a, ra), (b, rb)| {
        rb.score
            .cmp(&ra.score)
            .then(rb.raw.cmp(&ra.raw))
            .then(rb.untriaged.cmp(&ra.untriaged))
            .then(a.cmp(b))
    });
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(check: &str, s: Severity, t: TriageState) -> RiskFinding {
        RiskFinding {
            check_id: check.into(),
            severity: s,
            triage: t,
        }
    }

    #[test]
    fn weights_parse_with_defaults() {
        let w = RiskWeights::parse("high=10,medium=3,low=1").unwrap();
        assert_eq!(
            w,
            RiskWeights {
                critical: 40,
                high: 10,
                medium: 3,
                low: 1
            }
        );
        assert_eq!(RiskWeights::parse("").unwrap(), RiskWeights::default());
        assert_eq!(RiskWeights::parse(&w.to_setting()).unwrap(), w);
        assert_eq!(
            RiskWeights::parse(" HIGH = 5 ").unwrap().high,
            5,
            "case and spaces are forgiven"
        );
        assert!(matches!(
            RiskWeights::parse("urgent=3"),
            Err(RiskWeightsError::Severity(_))
        ));
        assert!(matches!(
            RiskWeights::parse("high=-1"),
            Err(RiskWeightsError::Weight(_))
        ));
        assert!(matches!(
            RiskWeights::parse("high"),
            Err(RiskWeightsError::Item(_))
        ));
        assert!(matches!(
            RiskWeights::parse("low=1,low=2"),
            Err(RiskWeightsError::Twice(_))
        ));
    }

    #[test]
    fn the_score_weighs_counting_findings_once_per_check() {
        use Severity::*;
        use TriageState::*;
        let w = RiskWeights::parse("high=10,medium=3,low=1").unwrap();
        let s = summarize(
            &[
                f("P04", High, New),
                f("P04", High, Acknowledged),
                f("P12", Medium, Assigned),
                f("A11", Low, New),
                f("M25", Critical, FalsePositive),
                f("A20", High, Resolved),
            ],
            &w,
        );
        assert_eq!(s.raw, 10 + 3 + 1);
        assert_eq!(s.score, 14);
        assert_eq!((s.critical, s.high, s.medium, s.low), (0, 2, 1, 1));
        assert_eq!(s.untriaged, 2);
        // Capped for display, not for the order.
        let many: Vec<RiskFinding> = (1..=6)
            .map(|n| f(&format!("P{n:02}"), Critical, New))
            .collect();
        let s = summarize(&many, &RiskWeights::default());
        assert_eq!((s.score, s.raw), (100, 240));
    }

    #[test]
    fn the_queue_is_ranked() {
        use Severity::*;
        use TriageState::*;
        let w = RiskWeights::default();
        let a = summarize(&[f("P04", High, Acknowledged)], &w); // 20
        let b = summarize(&[f("P04", High, New)], &w); // 20, one untriaged
        let c = summarize(&[f("P12", Medium, New)], &w); // 8
        let d = summarize(&[f("P12", Medium, Resolved)], &w); // nothing counts
        let e = summarize(
            &[
                f("P04", Critical, New),
                f("P05", Critical, New),
                f("P06", Critical, New),
            ],
            &w,
        );
        let ids: Vec<i64> = rank(vec![(1, a), (2, b), (3, c), (4, d), (5, e)])
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, [5, 2, 1, 3]);
        // Other weights, another order.
        let w = RiskWeights::parse("high=1,medium=30").unwrap();
        let a = summarize(&[f("P04", High, New)], &w);
        let c = summarize(&[f("P12", Medium, New)], &w);
        let ids: Vec<i64> = rank(vec![(1, a), (3, c)])
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, [3, 1]);
    }
}
