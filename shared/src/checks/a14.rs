//! # A14 — 低竞争画像 (Low-competition profile)
//!
//! **What it checks.** For each purchaser, each agency and each first-level 品目 (the first three
//! characters of `project.category_code`), the share of its processes with fewer than
//! `a14.max_bids_low` (3) bidders. A process is a lot (a project without lots is one); its
//! bidders are the distinct suppliers with a submitted bid (valid or disqualified); a failed
//! project with no bids is a process with none. Single source is left out (one supplier by
//! design; its use is A21's subject). Within each of the three groups the upper fence
//! Q3 + 1.5·IQR is computed over the subjects with ≥ `a14.min_processes` (5) processes, and a
//! subject is flagged when its share is strictly **above** the fence (catalogue: "share > peer
//! Q3 + 1.5·IQR") and not 0. A fence needs ≥ `a14.min_subjects` (5) subjects; below a minimum
//! the answer is insufficient data.
//!
//! **Why it matters.** Units or categories with persistently weak competition are more likely
//! to restrict it. 长期竞争不足的单位或品类更可能存在限制竞争。
//!
//! **Legal basis.** Cardinal R018 [L]; OCP Red Flags (2024) R018/R019 [L]; DIGIWHIST /
//! opentender single bidding [L]. A risk indicator.
//!
//! **Data.** `bids[].status`, `bids[].supplier_id`, `bids[].lot_id`, `project.status`,
//! `project.purchaser_id`, `project.agency.org_id`, `project.category_code`. Subjects: kind
//! `purchaser` (unit id), `agency` (org id), and kind `project` with id `category:A02` for a
//! category (the subject kinds have no category; the prefix names it).
//!
//! **Example.** Five units with 8 processes each, 0, 1, 1, 2 and 6 of them with fewer than 3
//! bidders: Q1 1/8, Q3 1/4, fence 7/16 → the unit at 6/8 is flagged:
//! "ORG-E的少于3家投标项目占比75%，高于同类上界43.8%".

use std::collections::BTreeMap;

use super::a17::{high_ratio_outliers, merge_tallies, tally, RatioRule, Tally};
use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A14",
    stage: Stage::Post,
    subject: Subject::Purchaser,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[LegalBasis::l(law::CARDINAL, "R018"), LegalBasis::l(law::OCP, "R018/R019"), LegalBasis::l(law::DIGIWHIST, "single bidding")],
    valid_from: None,
    valid_to: None,
    title: Text::new("低竞争画像", "Low-competition profile"),
    message: Text::new(
        "{subject}的少于3家投标项目占比{share}，高于同类上界{fence}",
        "{subject}: share of processes with fewer than 3 bids is {share}, above the peer fence {fence}",
    ),
    why: Text::new(
        "长期竞争不足的单位或品类更可能存在限制竞争。",
        "Units or categories with persistently weak competition are more likely to restrict it.",
    ),
};

/// The portfolio check.
pub static A14: LowCompetitionCheck = LowCompetitionCheck;

#[derive(Debug, Default)]
pub struct Acc {
    purchasers: BTreeMap<String, Tally>,
    agencies: BTreeMap<String, Tally>,
    categories: BTreeMap<String, Tally>,
}

pub struct LowCompetitionCheck;

/// Bidders per process (lot) of a project; `None` when nothing is known.
fn bidders_per_process(p: &ProjectRecord) -> Option<Vec<usize>> {
    if p.bids.is_empty() {
        return (p.project.status == Some(ProjectStatus::Failed)).then(|| vec![0]);
    }
    Some(
        p.bid_lots()
            .into_iter()
            .map(|lot| {
                let mut s: Vec<&str> = p
                    .bids_in_lot(lot)
                    .filter(|b| b.status != BidStatus::Withdrawn)
                    .map(|b| b.supplier_id.as_str())
                    .collect();
                s.sort_unstable();
                s.dedup();
                s.len()
            })
            .collect(),
    )
}

impl PortfolioCheck for LowCompetitionCheck {
    type Acc = Acc;
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn fold(&self, acc: &mut Acc, p: &ProjectRecord, ctx: &CheckContext) {
        if p.project.method == Method::SingleSource {
            return;
        }
        let Some(counts) = bidders_per_process(p) else {
            return;
        };
        let max = ctx.settings.a14().max_bids_low as usize;
        let low = counts.iter().filter(|n| **n < max).count() as i64;
        let n = counts.len() as i64;
        let t = Tally {
            hits: low,
            total: n,
            processes: n,
        };
        tally(&mut acc.purchasers, &p.project.purchaser_id, t);
        if let Some(org) = p.project.agency.as_ref().and_then(|a| a.org_id.as_deref()) {
            tally(&mut acc.agencies, org, t);
        }
        if let Some(code) = &p.project.category_code {
            let first: String = code.chars().take(3).collect();
            tally(&mut acc.categories, &format!("category:{first}"), t);
        }
    }

    fn merge(&self, mut a: Acc, b: Acc) -> Acc {
        merge_tallies(&mut a.purchasers, b.purchasers);
        merge_tallies(&mut a.agencies, b.agencies);
        merge_tallies(&mut a.categories, b.categories);
        a
    }

    fn finalize(&self, acc: Acc, ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)> {
        let s = ctx.settings.a14();
        let rule = |kind| RatioRule {
            meta: &META,
            kind,
            min_total: i64::from(s.min_processes),
            min_processes: i64::from(s.min_processes),
            min_subjects: s.min_subjects as usize,
            strict: true,
            ratio_name: "share",
            too_small: "bids[] of more processes (a14.min_processes)",
            too_few: "more subjects with a14.min_processes processes (a14.min_subjects)",
        };
        let mut out = high_ratio_outliers(&rule(Subject::Purchaser), &acc.purchasers);
        out.extend(high_ratio_outliers(&rule(Subject::Agency), &acc.agencies));
        out.extend(high_ratio_outliers(
            &rule(Subject::Project),
            &acc.categories,
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

    fn bid(i: usize) -> Bid {
        Bid {
            id: format!("B{i}"),
            supplier_id: format!("S{i}"),
            lot_id: None,
            received_at: None,
            price: None,
            final_price: None,
            status: BidStatus::Valid,
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

    fn process(id: String, unit: &str, bidders: usize) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.id = id;
        p.project.purchaser_id = unit.to_owned();
        p.project.category_code = Some("A020101".to_owned());
        p.bids = (0..bidders).map(bid).collect();
        if bidders == 0 {
            p.project.status = Some(ProjectStatus::Failed);
        }
        p
    }

    /// Units A–E with 8 processes each; `low` of them with 2 bidders (E: `e`).
    fn portfolio(e: usize) -> Vec<ProjectRecord> {
        let mut ps = Vec::new();
        for (u, low) in [("A", 0), ("B", 1), ("C", 1), ("D", 2), ("E", e)] {
            for i in 0..8 {
                ps.push(process(format!("{u}{i}"), u, if i < low { 2 } else { 4 }));
            }
        }
        ps
    }

    fn outcome<'a>(out: &'a [(SubjectRef, Outcome)], k: Subject, id: &str) -> &'a Outcome {
        &out.iter()
            .find(|(s, _)| s.kind == k && s.id == id)
            .unwrap_or_else(|| panic!("{id}: {out:?}"))
            .1
    }

    #[test]
    fn table() {
        // Shares 0, 1/8, 1/8, 1/4, e/8: Q1 1/8, Q3 1/4, fence 7/16 = 3.5/8.
        let cases: &[(&str, usize, &str)] = &[
            ("6 of 8", 6, "flag"),
            ("4 of 8 > 7/16", 4, "flag"),
            ("3 of 8 < 7/16", 3, "clear"),
        ];
        let c = ctx("2026-11-26");
        for (name, e, expected) in cases {
            let out = whole(&A14, &portfolio(*e), &c);
            assert_eq!(
                kind(outcome(&out, Subject::Purchaser, "E")),
                *expected,
                "{name}"
            );
        }
        let out = whole(&A14, &portfolio(6), &c);
        let Outcome::Flagged(f) = outcome(&out, Subject::Purchaser, "E") else {
            panic!()
        };
        assert_eq!(f.message_zh, "E的少于3家投标项目占比75%，高于同类上界43.8%");
        // One category only: no peers for a fence.
        assert!(outcome(&out, Subject::Project, "category:A02").is_insufficient());
    }

    #[test]
    fn strictly_above_the_fence_and_minimums() {
        // Shares 0, 0, 1/4, 1/4, x: Q1 0, Q3 1/4, fence 5/8. x = 5/8 exactly: not above.
        let c = ctx("2026-11-26");
        let mut ps = Vec::new();
        for (u, low) in [("A", 0), ("B", 0), ("C", 2), ("D", 2), ("E", 5)] {
            for i in 0..8 {
                ps.push(process(format!("{u}{i}"), u, if i < low { 1 } else { 3 }));
            }
        }
        assert!(outcome(&whole(&A14, &ps, &c), Subject::Purchaser, "E").is_clear());
        // A failed project without bids is a process with none; four processes are too few.
        let few: Vec<ProjectRecord> = (0..4).map(|i| process(format!("F{i}"), "F", 0)).collect();
        assert!(outcome(&whole(&A14, &few, &c), Subject::Purchaser, "F").is_insufficient());
        // Single source is left out.
        let mut s = process("S".to_owned(), "S", 1);
        s.project.method = Method::SingleSource;
        assert!(whole(&A14, &[s], &c).is_empty());
    }

    proptest! {
        #[test]
        fn fold_merge_in_any_split_equals_one_fold(
            spec in proptest::collection::vec((0u8..7, 0usize..5), 0..60),
            cuts in proptest::collection::vec(0usize..65, 0..5),
            rot in 0usize..6,
        ) {
            let ps: Vec<ProjectRecord> = spec.iter().enumerate().map(|(i, (u, n))| process(format!("P{i}"), &format!("U{u}"), *n)).collect();
            let c = ctx("2026-11-26");
            prop_assert_eq!(sorted(whole(&A14, &ps, &c)), sorted(pieces(&A14, &ps, &cuts, rot, &c)));
        }
    }
}
