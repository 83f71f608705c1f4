//! # A21 — 非竞争性方式使用比例过高 (High use of non-competitive methods)
//!
//! **What it checks.** For each purchaser, the share of its projects bought by 单一来源 or
//! 竞争性谈判, by count and by value (`project.budget_amount`; projects without an amount count
//! for the count share only). Each share has its own peer fence Q3 + 1.5·IQR over the units with
//! ≥ `a21.min_processes` (5) projects (for the value share: projects with an amount), needing
//! ≥ `a21.min_subjects` (5) units. A unit is flagged when either share is strictly **above** its
//! fence (catalogue: "share > peer fence") and not 0, or — when `a21.ceiling_permille` is set —
//! strictly above that ceiling (compared exactly: `hits × 1000 > total × ceiling`).
//!
//! **Why it matters.** Heavy use of non-competitive methods erodes open competition.
//! 过度使用非竞争方式削弱公开竞争。
//!
//! **Legal basis.** OCP Red Flags (2024) R013 [L]; DIGIWHIST / opentender
//! INTEGRITY_PROCEDURE_TYPE [L]. A risk indicator.
//!
//! **Data.** `project.method`, `project.purchaser_id`, `project.budget_amount`.
//!
//! **Example.** Five units with 8 projects, 0, 1, 1, 2 and 6 of them single source or
//! negotiation → the last is flagged: "ORG-E的单一来源/竞争性谈判占比75%，高于43.8%".

use std::collections::BTreeMap;

use super::a17::{high_ratio_outliers, merge_tallies, tally, to_permille, RatioRule, Tally};
use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A21",
    stage: Stage::Post,
    subject: Subject::Purchaser,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::l(law::OCP, "R013"),
        LegalBasis::l(law::DIGIWHIST, "INTEGRITY_PROCEDURE_TYPE"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "非竞争性方式使用比例过高",
        "High use of non-competitive methods",
    ),
    message: Text::new(
        "{subject}的单一来源/竞争性谈判占比{share}，高于{fence}",
        "{subject}: share of single source / negotiation is {share}, above {fence}",
    ),
    why: Text::new(
        "过度使用非竞争方式削弱公开竞争。",
        "Heavy use of non-competitive methods erodes open competition.",
    ),
};

/// The portfolio check.
pub static A21: NonCompetitiveCheck = NonCompetitiveCheck;

#[derive(Debug, Default)]
pub struct Acc {
    by_count: BTreeMap<String, Tally>,
    /// Fen of non-competitive projects (`hits`) of all projects with an amount (`total`).
    by_value: BTreeMap<String, Tally>,
}

pub struct NonCompetitiveCheck;

fn non_competitive(m: Method) -> bool {
    matches!(m, Method::SingleSource | Method::CompetitiveNegotiation)
}

impl PortfolioCheck for NonCompetitiveCheck {
    type Acc = Acc;
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn fold(&self, acc: &mut Acc, p: &ProjectRecord, _ctx: &CheckContext) {
        let nc = non_competitive(p.project.method);
        let unit = &p.project.purchaser_id;
        tally(
            &mut acc.by_count,
            unit,
            Tally {
                hits: i64::from(nc),
                total: 1,
                processes: 1,
            },
        );
        if let Some(a) = p.project.budget_amount {
            let a = a.fen().max(0);
            tally(
                &mut acc.by_value,
                unit,
                Tally {
                    hits: if nc { a } else { 0 },
                    total: a,
                    processes: 1,
                },
            );
        }
    }

    fn merge(&self, mut a: Acc, b: Acc) -> Acc {
        merge_tallies(&mut a.by_count, b.by_count);
        merge_tallies(&mut a.by_value, b.by_value);
        a
    }

    fn finalize(&self, acc: Acc, ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)> {
        let s = ctx.settings.a21();
        let rule = |min_total| RatioRule {
            meta: &META,
            kind: Subject::Purchaser,
            min_total,
            min_processes: i64::from(s.min_processes),
            min_subjects: s.min_subjects as usize,
            strict: true,
            ratio_name: "share",
            too_small: "more projects of the unit (a21.min_processes)",
            too_few: "more units with a21.min_processes projects (a21.min_subjects)",
        };
        let counts = high_ratio_outliers(&rule(i64::from(s.min_processes)), &acc.by_count);
        let values: BTreeMap<String, Outcome> = high_ratio_outliers(&rule(1), &acc.by_value)
            .into_iter()
            .map(|(k, o)| (k.id, o))
            .collect();
        let ceiling = |t: &Tally| {
            s.ceiling_permille.filter(|c| {
                (t.hits as i128) * 1000 > (t.total as i128) * (*c as i128)
                    && t.total >= i64::from(s.min_processes).max(1)
            })
        };
        let mut out = Vec::new();
        for (subject, by_count) in counts {
            let by_value = values.get(&subject.id);
            let outcome = if by_count.is_flagged() {
                by_count
            } else if let Some(o @ Outcome::Flagged(_)) = by_value {
                o.clone()
            } else if let Some(c) = acc
                .by_count
                .get(&subject.id)
                .and_then(|t| ceiling(t).map(|c| (c, t)))
            {
                flag_ceiling(&subject.id, c.0, c.1, "count")
            } else if let Some(c) = acc
                .by_value
                .get(&subject.id)
                .and_then(|t| ceiling(t).map(|c| (c, t)))
            {
                flag_ceiling(&subject.id, c.0, c.1, "value")
            } else {
                match (by_count, by_value) {
                    (Outcome::Clear(mut e), Some(Outcome::Clear(v))) => {
                        if let Some(x) = v.get("share") {
                            e.push("value_share", x.clone());
                        }
                        Outcome::Clear(e)
                    }
                    (o, _) => o,
                }
            };
            out.push((subject, outcome));
        }
        out
    }
}

fn flag_ceiling(unit: &str, ceiling: i64, t: &Tally, basis: &'static str) -> Outcome {
    let share = if t.total == 0 {
        0.0
    } else {
        t.hits as f64 / t.total as f64
    };
    Outcome::flag(
        &META,
        Evidence::new()
            .text("subject", unit)
            .permille("share", to_permille(share))
            .permille("fence", ceiling)
            .text("basis", basis)
            .bool("ceiling", true),
    )
}

#[cfg(test)]
mod tests {
    use super::super::a13::split::{of, pieces, sorted, whole};
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use proptest::prelude::*;

    fn project(id: String, unit: &str, method: Method, wan: Option<i64>) -> ProjectRecord {
        let mut p = record(method);
        p.project.id = id;
        p.project.purchaser_id = unit.to_owned();
        p.project.budget_amount = wan.map(Fen::wan);
        p
    }

    /// Units A–E with 8 projects of 10万 each; `nc` of them single source (E: `e`).
    fn portfolio(e: usize) -> Vec<ProjectRecord> {
        let mut ps = Vec::new();
        for (u, nc) in [("A", 0), ("B", 1), ("C", 1), ("D", 2), ("E", e)] {
            for i in 0..8 {
                let m = if i < nc {
                    Method::SingleSource
                } else {
                    Method::PublicTender
                };
                ps.push(project(format!("{u}{i}"), u, m, Some(10)));
            }
        }
        ps
    }

    #[test]
    fn table() {
        // Shares 0, 1/8, 1/8, 1/4, e/8 → fence 7/16 (count and value alike).
        let cases: &[(&str, usize, &str)] = &[
            ("6 of 8", 6, "flag"),
            ("4 of 8", 4, "flag"),
            ("3 of 8", 3, "clear"),
        ];
        let c = ctx("2026-11-26");
        for (name, e, expected) in cases {
            let out = whole(&A21, &portfolio(*e), &c);
            assert_eq!(kind(of(&out, "E").unwrap()), *expected, "{name}");
        }
        let out = whole(&A21, &portfolio(6), &c);
        let Some(Outcome::Flagged(f)) = of(&out, "E") else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "E的单一来源/竞争性谈判占比75%，高于43.8%");
    }

    #[test]
    fn by_value_ceiling_and_minimums() {
        let c = ctx("2026-11-26");
        // E: 3 of 8 by count (below the fence) but the three are worth 1000万 each.
        let mut ps = portfolio(3);
        for p in ps
            .iter_mut()
            .filter(|p| p.project.purchaser_id == "E" && p.project.method == Method::SingleSource)
        {
            p.project.budget_amount = Some(Fen::wan(1000));
        }
        let out = whole(&A21, &ps, &c);
        assert!(of(&out, "E").unwrap().is_flagged(), "{out:?}");
        // Ceiling 250‰: D at exactly 2/8 = 250‰ passes, E at 3/8 fails.
        let settings = CheckSettings::from_json(r#"{"a21": {"ceiling_permille": 250}}"#).unwrap();
        let c2 = CheckContext {
            settings: &settings,
            ..c
        };
        let out = whole(&A21, &portfolio(3), &c2);
        assert!(of(&out, "D").unwrap().is_clear(), "{out:?}");
        assert!(of(&out, "E").unwrap().is_flagged(), "{out:?}");
        // Four projects: below the minimum.
        let few: Vec<ProjectRecord> = (0..4)
            .map(|i| project(format!("F{i}"), "F", Method::SingleSource, None))
            .collect();
        assert!(of(&whole(&A21, &few, &c), "F").unwrap().is_insufficient());
    }

    proptest! {
        #[test]
        fn fold_merge_in_any_split_equals_one_fold(
            spec in proptest::collection::vec((0u8..7, 0usize..6, proptest::option::of(1i64..500)), 0..60),
            cuts in proptest::collection::vec(0usize..65, 0..5),
            rot in 0usize..6,
        ) {
            let ps: Vec<ProjectRecord> = spec.iter().enumerate().map(|(i, (u, m, w))| project(format!("P{i}"), &format!("U{u}"), Method::SIX[*m], *w)).collect();
            let c = ctx("2026-11-26");
            prop_assert_eq!(sorted(whole(&A21, &ps, &c)), sorted(pieces(&A21, &ps, &cuts, rot, &c)));
        }
    }
}
