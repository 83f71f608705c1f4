//! # A19 — 中标品目异常分散 (Heterogeneous supplier)
//!
//! **What it checks.** Cardinal R048. For each supplier, its *variety*: the number of distinct
//! first-level 品目 codes (the first `a19.category_chars` characters, default 3: `A02` 通用设备,
//! `C16` …) of the items it was awarded, across all projects. The upper fence Q3 + 1.5·IQR is
//! computed over the suppliers awarded in ≥ `a19.min_awards` (20) projects and rounded **up** to
//! a whole number (as Cardinal: 8.5 → 9); such a supplier is flagged when its variety is at or
//! above the fence. Suppliers with fewer awards answer insufficient data (their variety is
//! expected to be small), as do all when fewer than `a19.min_subjects` (5) suppliers qualify.
//! An award to a consortium is excluded (Cardinal: "made to multiple suppliers").
//!
//! **Why it matters.** A supplier winning across many unrelated categories may be a shell or a
//! pass-through. 横跨大量不相关品类中标的供应商可能是皮包公司或转包平台。
//!
//! **Legal basis.** Cardinal R048 [L]; Prozorro SASU sas-3-3 [L]. A risk indicator.
//!
//! **Data.** `awards[].supplier_id`, `awards[].lot_id`, `project.items[].category_code` of the
//! awarded lot (all items when the award has no lot), else `project.category_code`. An award with
//! no category known still counts as an award.
//!
//! **Example.** Five suppliers with 20 awards in 1, 1, 2, 2 and 9 categories: Q1 1, Q3 2, fence
//! 3.5 → 4; the supplier with 9 is flagged: "供应商S5中标的一级品目有9类，高于上界4".

use std::collections::{BTreeMap, BTreeSet};

use super::a18::sole_winner;
use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A19",
    stage: Stage::Post,
    subject: Subject::Supplier,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Low,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::l(law::CARDINAL, "R048"),
        LegalBasis::l(law::SASU, "sas-3-3"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("中标品目异常分散", "Heterogeneous supplier"),
    message: Text::new(
        "供应商{supplier}中标的一级品目有{categories}类，高于上界{fence}",
        "Supplier {supplier} won in {categories} first-level categories, above the fence {fence}",
    ),
    why: Text::new(
        "横跨大量不相关品类中标的供应商可能是皮包公司或转包平台。",
        "A supplier winning across many unrelated categories may be a shell or a pass-through.",
    ),
};

/// The portfolio check.
pub static A19: HeterogeneousCheck = HeterogeneousCheck;

#[derive(Debug, Default, Clone)]
struct Supplier {
    /// Full category codes won (cut to the first level in `finalize`).
    codes: BTreeSet<String>,
    /// Projects awarded.
    projects: BTreeSet<String>,
}

#[derive(Debug, Default)]
pub struct Acc {
    suppliers: BTreeMap<String, Supplier>,
}

pub struct HeterogeneousCheck;

impl PortfolioCheck for HeterogeneousCheck {
    type Acc = Acc;
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn fold(&self, acc: &mut Acc, p: &ProjectRecord, _ctx: &CheckContext) {
        for a in &p.awards {
            if sole_winner(p, a.lot_id.as_deref()) != Some(a.supplier_id.as_str()) {
                continue;
            }
            let s = acc.suppliers.entry(a.supplier_id.clone()).or_default();
            s.projects.insert(p.project.id.clone());
            let mut any = false;
            for it in &p.project.items {
                if a.lot_id.is_none() || it.lot_id == a.lot_id {
                    if let Some(c) = &it.category_code {
                        s.codes.insert(c.clone());
                        any = true;
                    }
                }
            }
            if !any {
                if let Some(c) = &p.project.category_code {
                    s.codes.insert(c.clone());
                }
            }
        }
    }

    fn merge(&self, mut a: Acc, b: Acc) -> Acc {
        for (k, s) in b.suppliers {
            let t = a.suppliers.entry(k).or_default();
            t.codes.extend(s.codes);
            t.projects.extend(s.projects);
        }
        a
    }

    fn finalize(&self, acc: Acc, ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)> {
        let s = ctx.settings.a19();
        let variety = |sup: &Supplier| {
            sup.codes
                .iter()
                .map(|c| c.chars().take(s.category_chars.max(1)).collect::<String>())
                .collect::<BTreeSet<String>>()
                .len() as i64
        };
        let eligible: Vec<f64> = acc
            .suppliers
            .values()
            .filter(|x| x.projects.len() >= s.min_awards as usize)
            .map(|x| variety(x) as f64)
            .collect();
        let min_subjects = (s.min_subjects as usize).max(1);
        let fences = stats::iqr_fences(&eligible, min_subjects);
        let mut out = Vec::new();
        for (id, sup) in &acc.suppliers {
            let subject = SubjectRef::new(Subject::Supplier, id.clone());
            if sup.projects.len() < s.min_awards as usize {
                out.push((
                    subject,
                    Outcome::missing(&["awards[] in more projects (a19.min_awards)"]),
                ));
                continue;
            }
            let Some(f) = fences else {
                out.push((
                    subject,
                    Outcome::missing(&[
                        "more suppliers with a19.min_awards awards (a19.min_subjects)",
                    ]),
                ));
                continue;
            };
            let fence = f.upper.ceil();
            let v = variety(sup);
            let evidence = Evidence::new()
                .text("supplier", id.as_str())
                .count("categories", v)
                .count("fence", fence as i64)
                .count("awards", sup.projects.len() as i64)
                .number("q1", f.quartiles.q1)
                .number("q3", f.quartiles.q3)
                .number("upper_fence", f.upper)
                .count("peers", f.quartiles.n as i64);
            if v as f64 >= fence {
                out.push((subject, Outcome::flag(&META, evidence)));
            } else {
                out.push((subject, Outcome::clear(evidence)));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::a13::split::{of, pieces, sorted, whole};
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use proptest::prelude::*;

    fn award(i: usize, supplier: &str, code: &str) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.id = format!("P{i}-{supplier}");
        p.project.category_code = Some(code.to_owned());
        p.awards.push(Award {
            lot_id: None,
            supplier_id: supplier.to_owned(),
            bid_id: None,
            amount: None,
            confirmed_at: None,
            notified_at: None,
            published_at: None,
            deviation_reason: None,
        });
        p
    }

    /// `awards` projects of `supplier` spread over `varieties` first-level codes A01, A02, ….
    fn supplier(supplier: &str, awards: usize, varieties: usize) -> Vec<ProjectRecord> {
        (0..awards)
            .map(|i| {
                award(
                    i,
                    supplier,
                    &format!("A{:02}0101", 1 + i % varieties.max(1)),
                )
            })
            .collect()
    }

    #[test]
    fn table() {
        // Varieties 1, 1, 2, 2 and x (≥ 2): Q1 1, Q3 2, fence 3.5 → 4.
        let cases: &[(&str, usize, usize, &str)] = &[
            ("nine categories", 20, 9, "flag"),
            ("exactly the rounded-up fence", 20, 4, "flag"),
            ("one below it", 20, 3, "clear"),
            ("19 awards: below the minimum", 19, 9, "missing"),
        ];
        let c = ctx("2026-11-26");
        for (name, awards, v, expected) in cases {
            let mut ps = Vec::new();
            for (s, n) in [("S1", 1), ("S2", 1), ("S3", 2), ("S4", 2)] {
                ps.extend(supplier(s, 20, n));
            }
            ps.extend(supplier("X", *awards, *v));
            let out = whole(&A19, &ps, &c);
            let o = of(&out, "X").unwrap();
            assert_eq!(kind(o), *expected, "{name}: {o:?}");
        }
    }

    #[test]
    fn message_and_too_few_suppliers() {
        let c = ctx("2026-11-26");
        let mut ps = Vec::new();
        for (s, n) in [("S1", 1), ("S2", 1), ("S3", 2), ("S4", 2), ("S5", 9)] {
            ps.extend(supplier(s, 20, n));
        }
        let out = whole(&A19, &ps, &c);
        let Some(Outcome::Flagged(f)) = of(&out, "S5") else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "供应商S5中标的一级品目有9类，高于上界4");
        // Codes that differ below the first level are one category.
        let mut same = supplier("S1", 20, 1);
        same[0].project.category_code = Some("A01999".to_owned());
        ps.splice(0..20, same);
        assert_eq!(
            of(&whole(&A19, &ps, &c), "S1")
                .unwrap()
                .evidence()
                .unwrap()
                .get("categories"),
            Some(&Value::Count(1))
        );
        ps.truncate(80);
        assert!(of(&whole(&A19, &ps, &c), "S1").unwrap().is_insufficient());
    }

    proptest! {
        #[test]
        fn fold_merge_in_any_split_equals_one_fold(
            spec in proptest::collection::vec((0u8..6, 1u8..12), 0..60),
            cuts in proptest::collection::vec(0usize..65, 0..5),
            rot in 0usize..6,
        ) {
            let ps: Vec<ProjectRecord> = spec.iter().enumerate().map(|(i, (s, code))| award(i % 40, &format!("S{s}"), &format!("C{code:02}01"))).collect();
            let settings = CheckSettings::from_json(r#"{"a19": {"min_awards": 2, "min_subjects": 2}}"#).unwrap();
            let c = CheckContext { settings: &settings, ..ctx("2026-11-26") };
            prop_assert_eq!(sorted(whole(&A19, &ps, &c)), sorted(pieces(&A19, &ps, &cuts, rot, &c)));
        }
    }
}
