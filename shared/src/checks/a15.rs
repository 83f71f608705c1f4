//! # A15 — 供应商集中度过高 (Supplier concentration)
//!
//! **What it checks.** For each purchaser, the contract value by supplier (Σ `contracts[].amount`;
//! a project without contracts counts its awards' amounts). A purchaser with at least
//! `a15.min_contracts` (5) contracts (the minimum sample) is flagged when its top supplier holds
//! strictly more than `a15.top_share_permille` (500 ‰) of the value — compared exactly, `top ×
//! 1000 > total × 500`: exactly half passes — or when its Herfindahl–Hirschman index (0–10 000)
//! is strictly above the peer fence Q3 + 1.5·IQR of the HHIs of all purchasers meeting the
//! minimum, when there are ≥ `a15.min_subjects` (5) of them (else the HHI part is not judged
//! and the share rule alone decides). Below `min_contracts` the answer is insufficient data.
//!
//! **Why it matters.** One supplier holding most of a unit's business may indicate favouritism.
//! 单一供应商长期占据大部分份额，提示可能存在利益输送。
//!
//! **Legal basis.** OCP Red Flags (2024) R040, R050, R051 [L]; DIGIWHIST / opentender
//! WINNER_CA_SHARE [L]. A risk indicator.
//!
//! **Data.** `contracts[].supplier_id`, `contracts[].amount` (else `awards[]`),
//! `project.purchaser_id`. Contracts or awards without an amount count as contracts of value 0.
//!
//! **Example.** ORG-P: 6 contracts, 4 of them with S1 for 3,000,000.00元 of 4,000,000.00元 →
//! flagged: "ORG-P的合同金额中S1占75%（4份合同）".

use std::collections::BTreeMap;

use super::a17::to_permille;
use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A15",
    stage: Stage::Post,
    subject: Subject::Purchaser,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::l(law::OCP, "R040, R050, R051"),
        LegalBasis::l(law::DIGIWHIST, "WINNER_CA_SHARE"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("供应商集中度过高", "Supplier concentration"),
    message: Text::new(
        "{subject}的合同金额中{supplier}占{share}（{contracts}份合同）",
        "{supplier} holds {share} of {subject}'s contract value ({contracts} contracts)",
    ),
    why: Text::new(
        "单一供应商长期占据大部分份额，提示可能存在利益输送。",
        "One supplier holding most of a unit's business may indicate favouritism.",
    ),
};

/// The portfolio check.
pub static A15: ConcentrationCheck = ConcentrationCheck;

/// Value (fen) and number of contracts of one supplier.
type Share = (i64, i64);

#[derive(Debug, Default)]
pub struct Acc {
    units: BTreeMap<String, BTreeMap<String, Share>>,
}

pub struct ConcentrationCheck;

fn add(
    units: &mut BTreeMap<String, BTreeMap<String, Share>>,
    unit: &str,
    supplier: &str,
    s: Share,
) {
    let e = units
        .entry(unit.to_owned())
        .or_default()
        .entry(supplier.to_owned())
        .or_default();
    e.0 = e.0.saturating_add(s.0);
    e.1 = e.1.saturating_add(s.1);
}

impl PortfolioCheck for ConcentrationCheck {
    type Acc = Acc;
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn fold(&self, acc: &mut Acc, p: &ProjectRecord, _ctx: &CheckContext) {
        let unit = &p.project.purchaser_id;
        if p.contracts.is_empty() {
            for a in &p.awards {
                add(
                    &mut acc.units,
                    unit,
                    &a.supplier_id,
                    (a.amount.map_or(0, Fen::fen).max(0), 1),
                );
            }
        } else {
            for c in &p.contracts {
                add(
                    &mut acc.units,
                    unit,
                    &c.supplier_id,
                    (c.amount.map_or(0, Fen::fen).max(0), 1),
                );
            }
        }
    }

    fn merge(&self, mut a: Acc, b: Acc) -> Acc {
        for (unit, sups) in b.units {
            for (s, x) in sups {
                add(&mut a.units, &unit, &s, x);
            }
        }
        a
    }

    fn finalize(&self, acc: Acc, ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)> {
        let s = ctx.settings.a15();
        let eligible = |sups: &BTreeMap<String, Share>| {
            let n: i64 = sups.values().map(|x| x.1).sum();
            let total: i64 = sups.values().map(|x| x.0).sum();
            n >= i64::from(s.min_contracts) && total > 0
        };
        let hhi_of = |sups: &BTreeMap<String, Share>| {
            stats::hhi(&sups.values().map(|x| x.0).collect::<Vec<_>>())
        };
        let hhis: Vec<f64> = acc
            .units
            .values()
            .filter(|x| eligible(x))
            .filter_map(hhi_of)
            .collect();
        let fences = stats::iqr_fences(&hhis, (s.min_subjects as usize).max(1));
        let mut out = Vec::new();
        for (unit, sups) in &acc.units {
            let subject = SubjectRef::new(Subject::Purchaser, unit.clone());
            if !eligible(sups) {
                out.push((
                    subject,
                    Outcome::missing(&[
                        "contracts[] with amounts of more contracts (a15.min_contracts)",
                    ]),
                ));
                continue;
            }
            let total: i64 = sups.values().map(|x| x.0).sum();
            let n: i64 = sups.values().map(|x| x.1).sum();
            // Top supplier: greatest value, then the smaller id.
            let Some((top, (value, count))) = sups
                .iter()
                .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.0.cmp(a.0)))
            else {
                continue;
            };
            let hhi = hhi_of(sups).unwrap_or(0.0);
            let share_high =
                (*value as i128) * 1000 > (total as i128) * (s.top_share_permille as i128);
            let hhi_high = fences.is_some_and(|f| hhi > f.upper);
            let mut evidence = Evidence::new()
                .text("subject", unit.as_str())
                .text("supplier", top.as_str())
                .permille("share", to_permille(*value as f64 / total as f64))
                .count("contracts", *count)
                .money("supplier_value", Fen(*value))
                .money("total_value", Fen(total))
                .count("unit_contracts", n)
                .permille("top_share_limit", s.top_share_permille)
                .number("hhi", hhi);
            if let Some(f) = fences {
                evidence = evidence
                    .number("hhi_q1", f.quartiles.q1)
                    .number("hhi_q3", f.quartiles.q3)
                    .number("hhi_fence", f.upper)
                    .count("peers", f.quartiles.n as i64);
            }
            if share_high || hhi_high {
                out.push((
                    subject,
                    Outcome::flag(&META, evidence.bool("hhi_above_fence", hhi_high)),
                ));
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

    fn contract(i: usize, unit: &str, supplier: &str, yuan: i64) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.id = format!("P{i}");
        p.project.purchaser_id = unit.to_owned();
        p.contracts.push(Contract {
            id: format!("C{i}"),
            lot_id: None,
            supplier_id: supplier.to_owned(),
            amount: Some(Fen::yuan(yuan)),
            signed_at: None,
            published_at: None,
            filed_at: None,
            terms_match_award: None,
            payment_term_days: None,
            payment_after_acceptance: None,
            payment_term_agreed: None,
            amendments: Vec::new(),
            subcontracts: Vec::new(),
        });
        p
    }

    /// `unit` with contracts (supplier, yuan).
    fn unit(unit: &str, cs: &[(&str, i64)]) -> Vec<ProjectRecord> {
        cs.iter()
            .enumerate()
            .map(|(i, (s, y))| contract(i, unit, s, *y))
            .collect()
    }

    #[test]
    fn table() {
        type Case<'a> = (&'a str, &'a [(&'a str, i64)], &'a str);
        let cases: &[Case] = &[
            (
                "75 %",
                &[
                    ("S1", 1_000_000),
                    ("S1", 1_000_000),
                    ("S1", 500_000),
                    ("S1", 500_000),
                    ("S2", 500_000),
                    ("S3", 500_000),
                ],
                "flag",
            ),
            (
                "exactly 50 %",
                &[
                    ("S1", 500_000),
                    ("S1", 500_000),
                    ("S2", 500_000),
                    ("S3", 250_000),
                    ("S4", 250_000),
                ],
                "clear",
            ),
            (
                "just over 50 %",
                &[
                    ("S1", 500_000),
                    ("S1", 500_000),
                    ("S2", 500_000),
                    ("S3", 250_000),
                    ("S4", 249_999),
                ],
                "flag",
            ),
            (
                "spread",
                &[("S1", 1), ("S2", 1), ("S3", 1), ("S4", 1), ("S5", 1)],
                "clear",
            ),
            (
                "four contracts",
                &[("S1", 1), ("S1", 1), ("S1", 1), ("S1", 1)],
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, cs, expected) in cases {
            let out = whole(&A15, &unit("U", cs), &c);
            assert_eq!(kind(of(&out, "U").unwrap()), *expected, "{name}: {out:?}");
        }
        let out = whole(&A15, &unit("U", cases[0].1), &c);
        let Some(Outcome::Flagged(f)) = of(&out, "U") else {
            panic!()
        };
        assert_eq!(f.message_zh, "U的合同金额中S1占75%（4份合同）");
    }

    #[test]
    fn hhi_above_the_peer_fence() {
        // Five units with 5 equal suppliers (HHI 2000) and one with shares 40/30/10/10/10 (HHI 2800,
        // top 40 %): the fence is 2000, so it is flagged on the HHI alone.
        let c = ctx("2026-11-26");
        let mut ps = Vec::new();
        for u in ["A", "B", "C", "D", "E"] {
            ps.extend(unit(
                u,
                &[("S1", 10), ("S2", 10), ("S3", 10), ("S4", 10), ("S5", 10)],
            ));
        }
        ps.extend(unit(
            "X",
            &[("S1", 40), ("S2", 30), ("S3", 10), ("S4", 10), ("S5", 10)],
        ));
        let out = whole(&A15, &ps, &c);
        let o = of(&out, "X").unwrap();
        assert!(o.is_flagged(), "{o:?}");
        assert_eq!(
            o.evidence().unwrap().get("hhi_above_fence"),
            Some(&Value::Bool(true))
        );
        assert!(of(&out, "A").unwrap().is_clear());
    }

    proptest! {
        #[test]
        fn fold_merge_in_any_split_equals_one_fold(
            spec in proptest::collection::vec((0u8..7, 0u8..4, 0i64..1_000), 0..60),
            cuts in proptest::collection::vec(0usize..65, 0..5),
            rot in 0usize..6,
        ) {
            let ps: Vec<ProjectRecord> = spec.iter().enumerate().map(|(i, (u, s, y))| contract(i, &format!("U{u}"), &format!("S{s}"), *y)).collect();
            let c = ctx("2026-11-26");
            prop_assert_eq!(sorted(whole(&A15, &ps, &c)), sorted(pieces(&A15, &ps, &cuts, rot, &c)));
        }
    }
}
