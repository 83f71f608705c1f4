//! # M27 — 评审定标周期异常 (Decision period anomalous)
//!
//! **What it checks.** The decision period of a project: calendar days from the bid / response
//! deadline (`deadline`, China date) to the first award confirmation (`awards[].confirmed_at`).
//! Peer group: the same method and the same first-level 品目 (the first `m27.category_chars`
//! characters of `project.category_code`, default 3). A project is flagged when its period is
//! strictly below the `m27.low_percentile` (5th) or strictly above the `m27.high_percentile`
//! (95th) percentile of its peer group (type-7 quantiles, [`stats`]; the project is part of its
//! own group); a value equal to a percentile is inside the range. A peer group smaller than
//! `m27.min_peer_group` (20) answers insufficient data for each of its projects.
//!
//! **Why it matters.** A decision much faster or slower than peers may mean a formality or
//! behind-the-scenes coordination. 定标过快或过慢都偏离常态，可能意味着走过场或场外协调。
//!
//! **Legal basis.** DIGIWHIST / opentender INTEGRITY_DECISION_PERIOD [L]; OCP Red Flags (2024)
//! R061/R062 [L]; Prozorro SASU RISK1-4 [L]. A risk indicator.
//!
//! **Data.** `deadline`, `awards[].confirmed_at`, `project.method`, `project.category_code`.
//! A project lacking one answers insufficient data.
//!
//! **Example.** Peers decide in 5–20 days (p5 5.95, p95 19.05); a project decided in 45 days →
//! flagged: "截止至定标用时45天，超出同类项目p5–p95区间（5.95—19.05）".

use std::collections::BTreeMap;

use super::a13::keep_greater;
use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M27",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ReportAward],
    severity: Severity::Low,
    nature: Nature::RiskIndicator,
    legal_basis: &[LegalBasis::l(law::DIGIWHIST, "INTEGRITY_DECISION_PERIOD"), LegalBasis::l(law::OCP, "R061/R062"), LegalBasis::l(law::SASU, "RISK1-4")],
    valid_from: None,
    valid_to: None,
    title: Text::new("评审定标周期异常", "Decision period anomalous"),
    message: Text::new(
        "截止至定标用时{days}，超出同类项目{percentile_range}区间（{low}—{high}）",
        "Deadline to award took {days}, outside the peer range {percentile_range} ({low}–{high})",
    ),
    why: Text::new(
        "定标过快或过慢都偏离常态，可能意味着走过场或场外协调。",
        "A decision much faster or slower than peers may mean a formality or behind-the-scenes coordination.",
    ),
};

/// The portfolio check.
pub static M27: DecisionPeriodCheck = DecisionPeriodCheck;

#[derive(Debug, Default)]
pub struct Acc {
    /// (method, full category code) → project id → days. Cut to the peer category in `finalize`.
    groups: BTreeMap<(Method, String), BTreeMap<String, i64>>,
    missing: BTreeMap<String, Vec<&'static str>>,
}

pub struct DecisionPeriodCheck;

impl PortfolioCheck for DecisionPeriodCheck {
    type Acc = Acc;
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn fold(&self, acc: &mut Acc, p: &ProjectRecord, _ctx: &CheckContext) {
        let mut need = Need::new();
        let deadline = need.get(p.deadline, "deadline");
        let confirmed = need.get(
            p.awards.iter().filter_map(|a| a.confirmed_at).min(),
            "awards[].confirmed_at",
        );
        let category = need.get(p.project.category_code.clone(), "project.category_code");
        let (Some(deadline), Some(confirmed), Some(category)) = (deadline, confirmed, category)
        else {
            if let Outcome::InsufficientData { missing } = need.outcome() {
                keep_greater(&mut acc.missing, p.project.id.clone(), missing);
            }
            return;
        };
        let days = deadline.china_date().days_until(confirmed.china_date());
        keep_greater(
            acc.groups.entry((p.project.method, category)).or_default(),
            p.project.id.clone(),
            days,
        );
    }

    fn merge(&self, mut a: Acc, b: Acc) -> Acc {
        for (k, g) in b.groups {
            let t = a.groups.entry(k).or_default();
            for (id, d) in g {
                keep_greater(t, id, d);
            }
        }
        for (k, m) in b.missing {
            keep_greater(&mut a.missing, k, m);
        }
        a
    }

    fn finalize(&self, acc: Acc, ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)> {
        let s = ctx.settings.m27();
        let mut out = Vec::new();
        for (id, missing) in acc.missing {
            out.push((
                SubjectRef::new(Subject::Project, id),
                Outcome::InsufficientData { missing },
            ));
        }
        // Regroup by the peer category.
        let mut peers: BTreeMap<(Method, String), BTreeMap<String, i64>> = BTreeMap::new();
        for ((m, code), g) in acc.groups {
            let cat: String = code.chars().take(s.category_chars.max(1)).collect();
            let t = peers.entry((m, cat)).or_default();
            for (id, d) in g {
                keep_greater(t, id, d);
            }
        }
        let lo_p = f64::from(s.low_percentile.min(100)) / 100.0;
        let hi_p = f64::from(s.high_percentile.min(100)) / 100.0;
        let range = format!("p{}–p{}", s.low_percentile, s.high_percentile);
        for ((method, cat), g) in peers {
            let values: Vec<f64> = g.values().map(|d| *d as f64).collect();
            let enough = g.len() >= (s.min_peer_group as usize).max(1);
            let (Some(low), Some(high)) = (
                stats::quantile(&values, lo_p),
                stats::quantile(&values, hi_p),
            ) else {
                continue;
            };
            for (id, d) in &g {
                let subject = SubjectRef::new(Subject::Project, id.clone());
                if !enough {
                    out.push((
                        subject,
                        Outcome::missing(&["more peer projects (m27.min_peer_group)"]),
                    ));
                    continue;
                }
                let x = *d as f64;
                let evidence = Evidence::new()
                    .days("days", *d)
                    .text("percentile_range", range.as_str())
                    .number("low", low)
                    .number("high", high)
                    .label("method", method.name())
                    .text("category", cat.as_str())
                    .count("peers", g.len() as i64);
                if x < low || x > high {
                    out.push((subject, Outcome::flag(&META, evidence)));
                } else {
                    out.push((subject, Outcome::clear(evidence)));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::a13::split::{of, pieces, sorted, whole};
    use super::*;
    use crate::checks::testing::{ctx, day, kind, record};
    use proptest::prelude::*;

    fn project(id: &str, days: i64) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.id = id.to_owned();
        p.project.category_code = Some("A020101".to_owned());
        let d = day("2026-03-02");
        p.deadline = Some(d.start_in_china().add_seconds(9 * 3600));
        p.awards.push(Award {
            lot_id: None,
            supplier_id: "S1".to_owned(),
            bid_id: None,
            amount: None,
            confirmed_at: d
                .add_days(days)
                .map(|x| x.start_in_china().add_seconds(15 * 3600)),
            notified_at: None,
            published_at: None,
            deviation_reason: None,
        });
        p
    }

    /// 20 peers deciding in 5, 6, …, 23 days, and X in `x` days.
    fn portfolio(x: i64) -> Vec<ProjectRecord> {
        let mut ps: Vec<ProjectRecord> =
            (0..19).map(|i| project(&format!("P{i}"), 5 + i)).collect();
        ps.push(project("X", x));
        ps
    }

    #[test]
    fn table() {
        // Values 5..=23 and x. With x = 45: p95 at h = 18.05 → 23 + 0.05·22 = 24.1; p5 at h = 0.95 →
        // 5.95. With x = 1: p5 = 1 + 0.95·4 = 4.8.
        let cases: &[(&str, i64, &str)] = &[
            ("45 days", 45, "flag"),
            ("1 day", 1, "flag"),
            ("14 days", 14, "clear"),
        ];
        let c = ctx("2026-11-26");
        for (name, x, expected) in cases {
            let out = whole(&M27, &portfolio(*x), &c);
            assert_eq!(kind(of(&out, "X").unwrap()), *expected, "{name}: {out:?}");
        }
        let out = whole(&M27, &portfolio(45), &c);
        let Some(Outcome::Flagged(f)) = of(&out, "X") else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "截止至定标用时45天，超出同类项目p5–p95区间（5.95—24.1）"
        );
    }

    #[test]
    fn equal_to_a_percentile_is_inside() {
        // 20 projects all at 10 days but X: p5 = p95 = 10 unless X moves them.
        let c = ctx("2026-11-26");
        let mut ps: Vec<ProjectRecord> = (0..19).map(|i| project(&format!("P{i}"), 10)).collect();
        ps.push(project("X", 10));
        assert!(of(&whole(&M27, &ps, &c), "X").unwrap().is_clear());
        // The lowest of 20 values with p5 interpolated above it is below p5.
        ps.pop();
        ps.push(project("X", 9));
        assert!(of(&whole(&M27, &ps, &c), "X").unwrap().is_flagged());
    }

    #[test]
    fn insufficient() {
        let c = ctx("2026-11-26");
        let mut ps = portfolio(45);
        ps.pop();
        assert!(of(&whole(&M27, &ps, &c), "P0").unwrap().is_insufficient());
        let mut p = project("Y", 3);
        p.deadline = None;
        assert_eq!(
            of(&whole(&M27, &[p], &c), "Y"),
            Some(&Outcome::missing(&["deadline"]))
        );
    }

    proptest! {
        #[test]
        fn fold_merge_in_any_split_equals_one_fold(
            spec in proptest::collection::vec((0i64..60, 0u8..2), 0..50),
            cuts in proptest::collection::vec(0usize..55, 0..5),
            rot in 0usize..6,
        ) {
            let ps: Vec<ProjectRecord> = spec.iter().enumerate().map(|(i, (d, cat))| {
                let mut p = project(&format!("P{}", i % 40), *d);
                if *cat == 1 { p.project.category_code = Some("C16".to_owned()); }
                p
            }).collect();
            let settings = CheckSettings::from_json(r#"{"m27": {"min_peer_group": 5}}"#).unwrap();
            let c = CheckContext { settings: &settings, ..ctx("2026-11-26") };
            prop_assert_eq!(sorted(whole(&M27, &ps, &c)), sorted(pieces(&M27, &ps, &cuts, rot, &c)));
        }
    }
}
