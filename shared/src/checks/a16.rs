//! # A16 — 轮流中标/陪标 (Repeat awards and rotation)
//!
//! **What it checks.** For every pair of suppliers, the processes they bid in together and who
//! won them. A process is a lot (a project without lots is one process) with exactly one award,
//! not to a consortium ([`sole_winner`], as A18); its bidders are the suppliers with a submitted
//! bid (status `valid` or `disqualified`; withdrawn bids were not submitted; consortium bids are
//! not counted), each once per process; cancelled projects are skipped. A pair with at least
//! `a16.min_co_bids` (k, default 3) shared processes is flagged for
//!
//! - **rotation** (轮流中标, OCP R057): each of the two won at least one shared process and
//!   between them they won **every** shared process;
//! - **recurrent winner** (固定陪标, OCP R053): one of the two won every shared process.
//!
//! Otherwise (a third supplier won at least one shared process) the pair is clear. A pair with
//! fewer than k shared processes answers insufficient data (too few to speak of a pattern). The
//! order of the wins in time is not examined: "alternating" means the wins are shared between
//! the two, not that they strictly take turns.
//!
//! **Why it matters.** A fixed group taking turns to win is the classic bid-rotation pattern.
//! 固定组合轮流中标是围标串标的典型模式。
//!
//! **Legal basis.** OCP Red Flags (2024) R053, R057 [L]; World Bank red flags flag 7 [L]; OECD
//! bid-rigging guidelines BR-06 [L]. A risk indicator.
//!
//! **Data.** `bids[].supplier_id`, `bids[].lot_id`, `bids[].status`,
//! `bids[].consortium_members`, `awards[].supplier_id`, `awards[].lot_id`, `project.status`.
//! Subject: kind `pair`, id `a|b` (the two supplier ids in order). Evidence: the suppliers, the
//! shared processes, the wins of each and of others, the pattern.
//!
//! **Example.** S1 and S2 bid together in three processes; S1 won two and S2 one → flagged:
//! "S1与S2共同投标3次，中标交替出现".

use std::collections::BTreeMap;

use super::a18::sole_winner;
use super::prelude::*;
use crate::i18n::Lang;

pub static META: CheckMeta = CheckMeta {
    id: "A16",
    stage: Stage::Post,
    subject: Subject::Pair,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::l(law::OCP, "R053, R057"),
        LegalBasis::l(law::WORLD_BANK, "flag 7"),
        LegalBasis::l(law::OECD, "BR-06"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("轮流中标/陪标", "Repeat awards and rotation"),
    message: Text::new(
        "{supplier_a}与{supplier_b}共同投标{co_bids}次，中标交替出现",
        "{supplier_a} and {supplier_b} bid together {co_bids} times with alternating wins",
    ),
    why: Text::new(
        "固定组合轮流中标是围标串标的典型模式。",
        "A fixed group taking turns to win is the classic bid-rotation pattern.",
    ),
};

/// The portfolio check.
pub static A16: RotationCheck = RotationCheck;

const ROTATION: Text = Text::new("轮流中标", "rotation");
const RECURRENT: Text = Text::new("固定中标人", "recurrent winner");

/// The message of a recurrent-winner flag (META.message is the rotation message).
const RECURRENT_MSG: Text = Text::new(
    "{supplier_a}与{supplier_b}共同投标{co_bids}次，均由{winner}中标",
    "{supplier_a} and {supplier_b} bid together {co_bids} times and {winner} won every time",
);

/// What a pair below the minimum lacks.
const TOO_FEW: &str = "bids[] of the pair in more processes (a16.min_co_bids)";

/// Shared processes of a pair and who won them. Merging adds.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct PairTally {
    co_bids: i64,
    wins_a: i64,
    wins_b: i64,
}

/// Pair `(a, b)` with `a < b` → tally.
#[derive(Debug, Default)]
pub struct Acc {
    pairs: BTreeMap<(String, String), PairTally>,
}

pub struct RotationCheck;

/// The lots of a project that are processes: every lot with bids or an award.
fn lots(p: &ProjectRecord) -> Vec<Option<&str>> {
    let mut lots = p.bid_lots();
    for a in &p.awards {
        if !lots.contains(&a.lot_id.as_deref()) {
            lots.push(a.lot_id.as_deref());
        }
    }
    lots
}

/// A flag whose message is `template` filled from the evidence.
fn flag(template: Text, evidence: Evidence) -> Outcome {
    Outcome::Flagged(Finding {
        message_zh: evidence.fill(template.zh, Lang::Zh),
        message_en: evidence.fill(template.en, Lang::En),
        evidence,
    })
}

impl PortfolioCheck for RotationCheck {
    type Acc = Acc;
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn fold(&self, acc: &mut Acc, p: &ProjectRecord, _ctx: &CheckContext) {
        if p.project.status == Some(ProjectStatus::Cancelled) {
            return;
        }
        for lot in lots(p) {
            let Some(winner) = sole_winner(p, lot) else {
                continue;
            };
            let mut bidders: Vec<&str> = p
                .bids_in_lot(lot)
                .filter(|b| b.status != BidStatus::Withdrawn && b.consortium_members.is_empty())
                .map(|b| b.supplier_id.as_str())
                .collect();
            bidders.sort_unstable();
            bidders.dedup();
            for (i, a) in bidders.iter().enumerate() {
                for b in &bidders[i + 1..] {
                    let t = acc
                        .pairs
                        .entry(((*a).to_owned(), (*b).to_owned()))
                        .or_default();
                    t.co_bids += 1;
                    t.wins_a += i64::from(*a == winner);
                    t.wins_b += i64::from(*b == winner);
                }
            }
        }
    }

    fn merge(&self, mut a: Acc, b: Acc) -> Acc {
        if a.pairs.len() < b.pairs.len() {
            return self.merge(b, a);
        }
        for (k, t) in b.pairs {
            let s = a.pairs.entry(k).or_default();
            s.co_bids = s.co_bids.saturating_add(t.co_bids);
            s.wins_a = s.wins_a.saturating_add(t.wins_a);
            s.wins_b = s.wins_b.saturating_add(t.wins_b);
        }
        a
    }

    fn finalize(&self, acc: Acc, ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)> {
        let k = i64::from(ctx.settings.a16().min_co_bids.max(1));
        let mut out = Vec::with_capacity(acc.pairs.len());
        for ((a, b), t) in acc.pairs {
            let subject = SubjectRef::new(Subject::Pair, format!("{a}|{b}"));
            if t.co_bids < k {
                out.push((subject, Outcome::missing(&[TOO_FEW])));
                continue;
            }
            let others = t.co_bids - t.wins_a - t.wins_b;
            let evidence = Evidence::new()
                .text("supplier_a", a.as_str())
                .text("supplier_b", b.as_str())
                .count("co_bids", t.co_bids)
                .count("wins_a", t.wins_a)
                .count("wins_b", t.wins_b)
                .count("won_by_others", others)
                .count("min_co_bids", k);
            let outcome = if t.wins_a == t.co_bids || t.wins_b == t.co_bids {
                let winner = if t.wins_a == t.co_bids { &a } else { &b };
                flag(
                    RECURRENT_MSG,
                    evidence
                        .label("pattern", RECURRENT)
                        .text("winner", winner.as_str()),
                )
            } else if others == 0 && t.wins_a > 0 && t.wins_b > 0 {
                flag(META.message, evidence.label("pattern", ROTATION))
            } else {
                Outcome::clear(evidence)
            };
            out.push((subject, outcome));
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

    fn bid(supplier: &str, lot: Option<&str>, status: BidStatus) -> Bid {
        Bid {
            id: format!("B-{supplier}-{}", lot.unwrap_or("")),
            supplier_id: supplier.to_owned(),
            lot_id: lot.map(str::to_owned),
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

    fn award(supplier: &str, lot: Option<&str>) -> Award {
        Award {
            lot_id: lot.map(str::to_owned),
            supplier_id: supplier.to_owned(),
            bid_id: None,
            amount: None,
            confirmed_at: None,
            notified_at: None,
            published_at: None,
            deviation_reason: None,
        }
    }

    /// One process without lots: `bidders` bid (valid), `winner` wins.
    fn process(i: usize, bidders: &[&str], winner: &str) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.id = format!("P{i}");
        for s in bidders {
            p.bids.push(bid(s, None, BidStatus::Valid));
        }
        p.awards.push(award(winner, None));
        p
    }

    /// Processes in which S1, S2 and X bid, won in turn by the given winners.
    fn history(winners: &[&str]) -> Vec<ProjectRecord> {
        winners
            .iter()
            .enumerate()
            .map(|(i, w)| process(i, &["S1", "S2", "X"], w))
            .collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("rotation over 3 (k)", &["S1", "S2", "S1"], "flag"),
            ("rotation over 5", &["S2", "S1", "S2", "S1", "S2"], "flag"),
            ("one of the pair won all 3", &["S1", "S1", "S1"], "flag"),
            ("a third supplier won one", &["S1", "S2", "X"], "clear"),
            ("X won everything", &["X", "X", "X"], "clear"),
            ("2 shared processes (k − 1)", &["S1", "S2"], "missing"),
            ("no shared process won by the pair", &["X"], "missing"),
        ];
        let c = ctx("2026-11-26");
        for (name, winners, expected) in cases {
            let out = whole(&A16, &history(winners), &c);
            let o = of(&out, "S1|S2").unwrap_or_else(|| panic!("{name}: {out:?}"));
            assert_eq!(kind(o), *expected, "{name}: {o:?}");
        }
    }

    #[test]
    fn messages_and_evidence() {
        let c = ctx("2026-11-26");
        let out = whole(&A16, &history(&["S1", "S2", "S1"]), &c);
        let Some(Outcome::Flagged(f)) = of(&out, "S1|S2") else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "S1与S2共同投标3次，中标交替出现");
        assert_eq!(
            f.message_en,
            "S1 and S2 bid together 3 times with alternating wins"
        );
        assert_eq!(f.evidence.get("wins_a"), Some(&Value::Count(2)));
        assert_eq!(f.evidence.get("wins_b"), Some(&Value::Count(1)));
        // S1 won all three against X as well: a recurrent winner of the pair S1|X.
        let out = whole(&A16, &history(&["S1", "S1", "S1"]), &c);
        let Some(Outcome::Flagged(f)) = of(&out, "S1|X") else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "S1与X共同投标3次，均由S1中标");
        assert_eq!(
            f.message_en,
            "S1 and X bid together 3 times and S1 won every time"
        );
        // The pair S2|X never won: clear (a third supplier won).
        assert!(of(&out, "S2|X").unwrap().is_clear());
    }

    #[test]
    fn what_counts_as_a_shared_process() {
        let c = ctx("2026-11-26");
        // A withdrawn bid is not a bid; a disqualified one is.
        let mut ps = history(&["S1", "S2", "S1"]);
        ps[0].bids[1].status = BidStatus::Withdrawn;
        assert!(of(&whole(&A16, &ps, &c), "S1|S2")
            .unwrap()
            .is_insufficient());
        ps[0].bids[1].status = BidStatus::Disqualified;
        assert!(of(&whole(&A16, &ps, &c), "S1|S2").unwrap().is_flagged());
        // A cancelled project and a lot with two awards are not processes.
        ps[0].project.status = Some(ProjectStatus::Cancelled);
        assert!(of(&whole(&A16, &ps, &c), "S1|S2")
            .unwrap()
            .is_insufficient());
        ps[0].project.status = None;
        ps[1].awards.push(award("X", None));
        assert!(of(&whole(&A16, &ps, &c), "S1|S2")
            .unwrap()
            .is_insufficient());
        // Lots are separate processes: one project with three lots is three shared processes.
        let mut p = record(Method::PublicTender);
        for (lot, w) in [("L1", "S1"), ("L2", "S2"), ("L3", "S2")] {
            p.bids.push(bid("S1", Some(lot), BidStatus::Valid));
            p.bids.push(bid("S2", Some(lot), BidStatus::Valid));
            p.awards.push(award(w, Some(lot)));
        }
        let out = whole(&A16, &[p], &c);
        assert!(of(&out, "S1|S2").unwrap().is_flagged(), "{out:?}");
        // k from the settings.
        let settings = CheckSettings::from_json(r#"{"a16": {"min_co_bids": 2}}"#).unwrap();
        let c2 = CheckContext {
            settings: &settings,
            ..c
        };
        assert!(of(&whole(&A16, &history(&["S1", "S2"]), &c2), "S1|S2")
            .unwrap()
            .is_flagged());
    }

    proptest! {
        #[test]
        fn fold_merge_in_any_split_equals_one_fold(
            spec in proptest::collection::vec((proptest::collection::vec(0u8..5, 1..5), 0u8..5, proptest::option::of(0u8..2)), 0..40),
            cuts in proptest::collection::vec(0usize..45, 0..5),
            rot in 0usize..6,
        ) {
            let ps: Vec<ProjectRecord> = spec
                .iter()
                .enumerate()
                .map(|(i, (bidders, w, lot))| {
                    let mut p = record(Method::PublicTender);
                    p.project.id = format!("P{i}");
                    let lot = lot.map(|l| format!("L{l}"));
                    for s in bidders {
                        p.bids.push(bid(&format!("S{s}"), lot.as_deref(), BidStatus::Valid));
                    }
                    p.awards.push(award(&format!("S{w}"), lot.as_deref()));
                    p
                })
                .collect();
            let c = ctx("2026-11-26");
            prop_assert_eq!(sorted(whole(&A16, &ps, &c)), sorted(pieces(&A16, &ps, &cuts, rot, &c)));
        }
    }
}
