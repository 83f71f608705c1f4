//! # A17 — 无效投标比例过高 (Excessive disqualifications)
//!
//! **What it checks.** Cardinal R038, three ways: for each purchaser (采购人), each agency (代理机构)
//! and each supplier, the ratio of disqualified bids to submitted bids (status `valid` or
//! `disqualified`; withdrawn bids were not submitted) across all its projects. Within each of the
//! three groups the upper fence Q3 + 1.5·IQR (type-7 quartiles, [`stats`]) is computed over the
//! subjects that meet the minimum sample — purchasers and agencies with ≥ `a17.min_processes`
//! (2) projects with submitted bids, suppliers with ≥ `a17.min_bids` (2) submitted bids — and a
//! subject is flagged when its ratio is **at or above** the fence (as Cardinal). A fence needs
//! ≥ `a17.min_subjects` (5) subjects; below that every subject of the group answers insufficient
//! data, as does a subject below its minimum sample. Deliberate difference from Cardinal: a ratio
//! of 0 is never flagged (when most subjects disqualify nothing the fence is 0, and Cardinal would
//! flag everyone). Cardinal's own code thresholds purchasers on submitted bids, its documentation
//! on contracting processes; we follow the documentation. Consortium members count as bidders of
//! the consortium's bid (Cardinal counts every tenderer of a bid).
//!
//! **Why it matters.** Frequent disqualifications may mean the review is used to remove
//! competitors. 频繁否决投标可能是借审查排除竞争者。
//!
//! **Legal basis.** Cardinal R038 [L]; Prozorro SASU RISK-2-19 [L]. A risk indicator.
//!
//! **Data.** `bids[].status`, `bids[].supplier_id`, `bids[].consortium_members`,
//! `project.purchaser_id`, `project.agency.org_id`. Subjects: kind `purchaser`, `agency` or
//! `supplier` with the organisation id. Evidence: counts, the ratio, Q1, Q3 and the fence.
//!
//! **Example.** Five purchasers disqualify 0 %, 10 %, 10 %, 20 % and 60 % of bids: Q1 10 %,
//! Q3 20 %, fence 35 % → the one at 60 % is flagged: "ORG-E的投标被否决比例60%，高于同类上界35%".

use std::collections::BTreeMap;

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A17",
    stage: Stage::Post,
    subject: Subject::Purchaser,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::l(law::CARDINAL, "R038"),
        LegalBasis::l(law::SASU, "RISK-2-19"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("无效投标比例过高", "Excessive disqualifications"),
    message: Text::new(
        "{subject}的投标被否决比例{ratio}，高于同类上界{fence}",
        "{subject}: disqualification rate {ratio}, above the peer fence {fence}",
    ),
    why: Text::new(
        "频繁否决投标可能是借审查排除竞争者。",
        "Frequent disqualifications may mean the review is used to remove competitors.",
    ),
};

/// The portfolio check.
pub static A17: DisqualificationCheck = DisqualificationCheck;

pub(crate) use super::stats::{merge_tallies, tally, Tally};

/// How [`high_ratio_outliers`] judges one group of subjects.
pub(crate) struct RatioRule {
    pub meta: &'static CheckMeta,
    pub kind: Subject,
    /// Minimum `total` of a subject.
    pub min_total: i64,
    /// Minimum `processes` of a subject.
    pub min_processes: i64,
    /// Minimum number of eligible subjects for a fence.
    pub min_subjects: usize,
    /// `true`: flag above the fence (`>`); `false`: at or above it (`≥`, Cardinal).
    pub strict: bool,
    /// Evidence name of the ratio (`ratio`, `share`).
    pub ratio_name: &'static str,
    /// What a subject below the minimum sample lacks.
    pub too_small: &'static str,
    /// What a group too small for a fence lacks.
    pub too_few: &'static str,
}

/// Permille of a ratio, rounded half up (for display; decisions use the exact ratio).
pub(crate) fn to_permille(x: f64) -> i64 {
    (x * 1000.0).round() as i64
}

/// The upper-fence outcomes of one group: ratio ≥ (or >) Q3 + 1.5·IQR over eligible subjects,
/// never for a ratio of 0; insufficient data below the minimum samples.
pub(crate) fn high_ratio_outliers(
    rule: &RatioRule,
    tallies: &BTreeMap<String, Tally>,
) -> Vec<(SubjectRef, Outcome)> {
    let eligible: Vec<(&String, &Tally)> = tallies
        .iter()
        .filter(|(_, t)| t.total >= rule.min_total.max(1) && t.processes >= rule.min_processes)
        .collect();
    let values: Vec<f64> = eligible.iter().map(|(_, t)| t.ratio()).collect();
    let fences = if eligible.len() >= rule.min_subjects.max(1) {
        stats::iqr_fences(&values, rule.min_subjects.max(1))
    } else {
        None
    };
    let mut out = Vec::new();
    for (id, t) in tallies {
        let subject = SubjectRef::new(rule.kind, id.clone());
        if t.total < rule.min_total.max(1) || t.processes < rule.min_processes {
            out.push((subject, Outcome::missing(&[rule.too_small])));
            continue;
        }
        let Some(f) = fences else {
            out.push((subject, Outcome::missing(&[rule.too_few])));
            continue;
        };
        let r = t.ratio();
        let evidence = Evidence::new()
            .text("subject", id.as_str())
            .count("hits", t.hits)
            .count("total", t.total)
            .count("processes", t.processes)
            .permille(rule.ratio_name, to_permille(r))
            .permille("fence", to_permille(f.upper))
            .number("ratio_exact", r)
            .number("q1", f.quartiles.q1)
            .number("q3", f.quartiles.q3)
            .number("upper_fence", f.upper)
            .count("peers", f.quartiles.n as i64);
        let beyond = if rule.strict {
            r > f.upper
        } else {
            f.is_high(r)
        };
        if beyond && t.hits > 0 {
            out.push((subject, Outcome::flag(rule.meta, evidence)));
        } else {
            out.push((subject, Outcome::clear(evidence)));
        }
    }
    out
}

#[derive(Debug, Default)]
pub struct Acc {
    purchasers: BTreeMap<String, Tally>,
    agencies: BTreeMap<String, Tally>,
    suppliers: BTreeMap<String, Tally>,
}

pub struct DisqualificationCheck;

impl PortfolioCheck for DisqualificationCheck {
    type Acc = Acc;
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn fold(&self, acc: &mut Acc, p: &ProjectRecord, _ctx: &CheckContext) {
        let submitted: Vec<&Bid> = p
            .bids
            .iter()
            .filter(|b| b.status != BidStatus::Withdrawn)
            .collect();
        if submitted.is_empty() {
            return;
        }
        let disq = submitted
            .iter()
            .filter(|b| b.status == BidStatus::Disqualified)
            .count() as i64;
        let t = Tally {
            hits: disq,
            total: submitted.len() as i64,
            processes: 1,
        };
        tally(&mut acc.purchasers, &p.project.purchaser_id, t);
        if let Some(org) = p.project.agency.as_ref().and_then(|a| a.org_id.as_deref()) {
            tally(&mut acc.agencies, org, t);
        }
        let mut seen: Vec<&str> = Vec::new();
        for b in submitted {
            let hit = i64::from(b.status == BidStatus::Disqualified);
            for s in std::iter::once(&b.supplier_id).chain(&b.consortium_members) {
                let first = !seen.contains(&s.as_str());
                seen.push(s);
                tally(
                    &mut acc.suppliers,
                    s,
                    Tally {
                        hits: hit,
                        total: 1,
                        processes: i64::from(first),
                    },
                );
            }
        }
    }

    fn merge(&self, mut a: Acc, b: Acc) -> Acc {
        merge_tallies(&mut a.purchasers, b.purchasers);
        merge_tallies(&mut a.agencies, b.agencies);
        merge_tallies(&mut a.suppliers, b.suppliers);
        a
    }

    fn finalize(&self, acc: Acc, ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)> {
        let s = ctx.settings.a17();
        let rule = |kind, min_total: u32, min_processes: u32, too_small| RatioRule {
            meta: &META,
            kind,
            min_total: i64::from(min_total),
            min_processes: i64::from(min_processes),
            min_subjects: s.min_subjects as usize,
            strict: false,
            ratio_name: "ratio",
            too_small,
            too_few: "bids[] of more subjects (a17.min_subjects for a fence)",
        };
        let mut out = high_ratio_outliers(
            &rule(
                Subject::Purchaser,
                1,
                s.min_processes,
                "bids[] in more projects (a17.min_processes)",
            ),
            &acc.purchasers,
        );
        out.extend(high_ratio_outliers(
            &rule(
                Subject::Agency,
                1,
                s.min_processes,
                "bids[] in more projects (a17.min_processes)",
            ),
            &acc.agencies,
        ));
        out.extend(high_ratio_outliers(
            &rule(
                Subject::Supplier,
                s.min_bids,
                0,
                "more bids[] of the supplier (a17.min_bids)",
            ),
            &acc.suppliers,
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::a13::split::{pieces, sorted, whole};
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use proptest::prelude::*;

    pub(crate) fn bid(id: &str, supplier: &str, status: BidStatus) -> Bid {
        Bid {
            id: id.to_owned(),
            supplier_id: supplier.to_owned(),
            lot_id: None,
            received_at: None,
            price: None,
            final_price: None,
            status,
            disqualification_reason: None,
            qualified: None,
            responsive: None,
            brand: None,
            device: None,
            consortium_members: Vec::new(),
            deposit_payer_account: None,
            deposit_refunded_at: None,
            low_price_explanation: None,
            contacts: Vec::new(),
        }
    }

    /// A project of `unit` with `n` bids of which `d` are disqualified (suppliers S0…).
    fn project(id: &str, unit: &str, n: usize, d: usize) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.id = id.to_owned();
        p.project.purchaser_id = unit.to_owned();
        for i in 0..n {
            let st = if i < d {
                BidStatus::Disqualified
            } else {
                BidStatus::Valid
            };
            p.bids.push(bid(&format!("B{i}"), &format!("S{i}"), st));
        }
        p
    }

    fn outcome<'a>(out: &'a [(SubjectRef, Outcome)], kind: Subject, id: &str) -> &'a Outcome {
        &out.iter()
            .find(|(s, _)| s.kind == kind && s.id == id)
            .unwrap_or_else(|| panic!("{id}: {out:?}"))
            .1
    }

    /// Five purchasers, two projects of 8 bids each; E disqualifies `e` of its 16.
    fn portfolio(e: usize) -> Vec<ProjectRecord> {
        let mut ps = Vec::new();
        for (u, d) in [("A", 0), ("B", 2), ("C", 2), ("D", 4), ("E", e)] {
            ps.push(project(&format!("{u}1"), u, 8, d.min(8)));
            ps.push(project(&format!("{u}2"), u, 8, d.saturating_sub(8)));
        }
        ps
    }

    #[test]
    fn table() {
        // Ratios A 0, B 1/8, C 1/8, D 1/4, E e/16 (≥ 1/4): Q1 1/8, Q3 1/4, fence 1/4 + 1.5/8 = 7/16
        // (binary fractions, so the fence is exact).
        let cases: &[(&str, usize, &str, &str)] = &[
            ("E at 10/16", 10, "E", "flag"),
            ("E exactly at the fence 7/16", 7, "E", "flag"),
            ("E at 6/16 < fence", 6, "E", "clear"),
            ("a zero ratio is never flagged", 10, "A", "clear"),
        ];
        let c = ctx("2026-11-26");
        for (name, e, who, expected) in cases {
            let out = whole(&A17, &portfolio(*e), &c);
            let o = outcome(&out, Subject::Purchaser, who);
            assert_eq!(kind(o), *expected, "{name}: {o:?}");
        }
        let out = whole(&A17, &portfolio(7), &c);
        let Outcome::Flagged(f) = outcome(&out, Subject::Purchaser, "E") else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "E的投标被否决比例43.8%，高于同类上界43.8%");
        assert_eq!(
            f.message_en,
            "E: disqualification rate 43.8%, above the peer fence 43.8%"
        );
        assert_eq!(f.evidence.get("upper_fence"), Some(&Value::Number(0.4375)));
    }

    #[test]
    fn minimum_samples() {
        let c = ctx("2026-11-26");
        // One project only for E: below min_processes.
        let mut ps = portfolio(10);
        ps.retain(|p| p.project.id != "E2");
        let out = whole(&A17, &ps, &c);
        assert!(outcome(&out, Subject::Purchaser, "E").is_insufficient());
        // Four eligible purchasers: no fence.
        assert!(outcome(&out, Subject::Purchaser, "D").is_insufficient());
        // Suppliers with one bid each are below min_bids? S0 bid in every project.
        assert!(!outcome(&out, Subject::Supplier, "S0").is_insufficient());
        let one = whole(&A17, &[project("X", "X", 1, 1)], &c);
        assert!(outcome(&one, Subject::Supplier, "S0").is_insufficient());
    }

    proptest! {
        #[test]
        fn fold_merge_in_any_split_equals_one_fold(
            spec in proptest::collection::vec((0u8..7, 1usize..6, 0usize..6, proptest::option::of(0u8..3)), 0..30),
            cuts in proptest::collection::vec(0usize..35, 0..5),
            rot in 0usize..6,
        ) {
            let ps: Vec<ProjectRecord> = spec
                .iter()
                .enumerate()
                .map(|(i, (u, n, d, ag))| {
                    let mut p = project(&format!("P{i}"), &format!("U{u}"), *n, (*d).min(*n));
                    p.project.agency = ag.map(|a| AgencyRef { kind: AgencyKind::PrivateAgency, org_id: Some(format!("G{a}")), self_procurement_approved: None });
                    p
                })
                .collect();
            let c = ctx("2026-11-26");
            prop_assert_eq!(sorted(whole(&A17, &ps, &c)), sorted(pieces(&A17, &ps, &cuts, rot, &c)));
        }
    }
}
