//! # M01 — 投标人不足3家仍继续招标 (Fewer than 3 bidders, yet the tender continued)
//!
//! **What it checks.** Per lot of an open or invited tender: with fewer than 3 bids at the
//! deadline the bids may not be opened or evaluated (87号令 Art 41); with fewer than 3 qualified
//! bidders there is no evaluation (Art 44); with fewer than 3 bids passing the qualification and
//! compliance reviews the tender fails (废标, GP Law Art 36(一)) and no award may be made — except
//! after an approved change of method. Bids counted: not withdrawn and not received after the
//! deadline. Exactly 3 passes, 2 fails. "Opened" = an `opening_at` is recorded; "evaluated" = the
//! panel started, score sheets or reports exist; "awarded" = an award for the lot.
//!
//! **Why it matters.** With fewer than three bidders the tender must fail; going on means the
//! legally required competition is missing. 投标人不足三家应废标；继续评审或授标意味着缺乏法定竞争。
//!
//! **Legal basis.** 《政府采购法》 第36条(一) [V]; 财政部令第87号 第41条、第43条、第44条 [K].
//! The minimum of 3 is written in these articles; the threshold table has no row for it yet, so it
//! is the constant [`MIN_BIDDERS`] here.
//!
//! **Data.** `bids[]` (`status`, `received_at`, `qualified`, `responsive`, `lot_id`),
//! `deadline`, `opening_at`, `panel.started_at`, `score_sheets`, `reports`, `awards`,
//! `approvals[kind=method_change]`. A valid bid of an awarded lot counts as having passed both
//! reviews when the review results are not recorded. Insufficient data when no bid is known, or
//! when the unknown review results could decide the count.
//!
//! **Example.** Two bids at the deadline and an award made → flagged:
//! "截止时投标人2家（合格2家），不足3家仍继续授标".

use super::prelude::*;

/// The minimum number of bidders / qualified bidders (GP Law Art 36(一); 87号令 Art 41, 44).
pub const MIN_BIDDERS: i64 = 3;

pub static META: CheckMeta = CheckMeta {
    id: "M01",
    stage: Stage::During,
    subject: Subject::Lot,
    methods: methods::TENDER,
    nodes: &[Node::DeadlineOpening],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第36条(一)"), LegalBasis::k(law::ORDER_87, "第41条、第43条、第44条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("投标人不足3家仍继续招标", "Fewer than 3 bidders, yet the tender continued"),
    message: Text::new(
        "截止时投标人{bids}家（{qualified_note}），不足3家仍继续{next_step}",
        "{bids} bids ({qualified_note}) at the deadline, fewer than 3, yet the tender went on to {next_step}",
    ),
    why: Text::new(
        "投标人不足三家应废标；继续评审或授标意味着缺乏法定竞争。",
        "With fewer than three bidders the tender must fail; going on means the legally required competition is missing.",
    ),
};

pub static M01: Check = Check { meta: &META, run };

const OPENING: Text = Text::new("开标", "the opening");
const EVALUATION: Text = Text::new("评审", "the evaluation");
const AWARD: Text = Text::new("授标", "an award");

/// Counts of bids passing a review: (yes, unknown).
fn tally(bids: &[&Bid], pass: impl Fn(&Bid) -> Option<bool>) -> (i64, i64) {
    bids.iter().fold((0, 0), |(y, u), b| match pass(b) {
        Some(true) => (y + 1, u),
        Some(false) => (y, u),
        None => (y, u + 1),
    })
}

fn lot_outcome(p: &ProjectRecord, lot: Option<&str>) -> Outcome {
    let bids: Vec<&Bid> = p
        .bids_in_lot(lot)
        .filter(|b| b.status != BidStatus::Withdrawn)
        .filter(|b| match (b.received_at, p.deadline) {
            (Some(r), Some(d)) => r <= d,
            _ => true,
        })
        .collect();
    let n = bids.len() as i64;
    let opened = p.opening_at.is_some();
    let evaluated = p.panel.as_ref().is_some_and(|x| x.started_at.is_some())
        || !p.score_sheets.is_empty()
        || p.reports
            .iter()
            .any(|r| r.lot_id.as_deref() == lot || r.lot_id.is_none());
    let awarded = p.awards.iter().any(|a| a.lot_id.as_deref() == lot);
    let switched = p
        .approvals_of(ApprovalKind::MethodChange)
        .any(Approval::is_approved);

    let qualified = |b: &Bid| match (b.qualified, b.status) {
        (Some(q), _) => Some(q),
        (None, BidStatus::Valid) if awarded => Some(true),
        _ => None,
    };
    let responsive = |b: &Bid| match (b.qualified, b.responsive, b.status) {
        (Some(false), _, _) | (_, Some(false), _) => Some(false),
        (_, Some(true), _) => qualified(b),
        (_, None, BidStatus::Valid) if awarded => Some(true),
        (_, None, BidStatus::Disqualified) if awarded => Some(false),
        _ => None,
    };
    let (q_yes, q_unknown) = tally(&bids, qualified);
    let qualified_value = if q_unknown == 0 {
        Value::Count(q_yes)
    } else {
        Value::Label(Text::new("未知", "unknown"))
    };
    // How the message names it: a count, or that the review results are not known.
    let qualified_note = if q_unknown == 0 {
        Value::Phrase {
            zh: format!("合格{q_yes}家"),
            en: format!("{q_yes} qualified"),
        }
    } else {
        Value::Label(Text::new("合格家数未知", "qualified count not known"))
    };
    let evidence = |step: Text| {
        let mut e = Evidence::new();
        if let Some(l) = lot {
            e = e.text("lot", l);
        }
        e.count("bids", n)
            .with("qualified", qualified_value.clone())
            .with("qualified_note", qualified_note.clone())
            .label("next_step", step)
            .bool("opened", opened)
            .bool("evaluated", evaluated)
            .bool("awarded", awarded)
    };
    let furthest = if awarded {
        Some(AWARD)
    } else if evaluated {
        Some(EVALUATION)
    } else if opened {
        Some(OPENING)
    } else {
        None
    };
    if n < MIN_BIDDERS {
        if let Some(step) = furthest {
            if !(switched && !opened && !evaluated) {
                return Outcome::flag(&META, evidence(step));
            }
        }
        return Outcome::clear(evidence(Text::new("（未继续）", "(nothing)")));
    }
    if evaluated || awarded {
        if q_yes + q_unknown < MIN_BIDDERS {
            return Outcome::flag(&META, evidence(if awarded { AWARD } else { EVALUATION }));
        }
        if q_yes < MIN_BIDDERS {
            return Outcome::missing(&["bids[].qualified"]);
        }
    }
    if awarded && !switched {
        let (r_yes, r_unknown) = tally(&bids, responsive);
        if r_yes + r_unknown < MIN_BIDDERS {
            return Outcome::flag(&META, evidence(AWARD).count("responsive", r_yes));
        }
        if r_yes < MIN_BIDDERS {
            return Outcome::missing(&["bids[].responsive"]);
        }
    }
    Outcome::clear(evidence(
        furthest.unwrap_or(Text::new("（未继续）", "(nothing)")),
    ))
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    if p.bids.is_empty() {
        return Outcome::missing(&["bids"]);
    }
    let mut lots = p.bid_lots();
    for a in &p.awards {
        if !lots.contains(&a.lot_id.as_deref()) {
            lots.push(a.lot_id.as_deref());
        }
    }
    Outcome::combine(
        lots.into_iter().map(|l| lot_outcome(p, l)),
        Outcome::missing(&["bids"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};
    use serde_json::json;

    fn bid(i: usize, status: &str, qualified: Option<bool>, responsive: Option<bool>) -> Bid {
        serde_json::from_value(json!({
            "id": format!("B{i}"), "supplier_id": format!("S{i}"), "status": status,
            "qualified": qualified, "responsive": responsive,
            "received_at": "2026-03-23 09:00",
        }))
        .expect("bid")
    }

    fn valid(n: usize) -> Vec<Bid> {
        (1..=n)
            .map(|i| bid(i, "valid", Some(true), Some(true)))
            .collect()
    }

    /// Steps: "o" opened, "e" evaluated, "a" awarded, "s" approved method switch.
    fn project(bids: Vec<Bid>, steps: &str) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.deadline = Some(at("2026-03-23 09:30"));
        p.bids = bids;
        if steps.contains('o') {
            p.opening_at = Some(at("2026-03-23 09:30"));
        }
        if steps.contains('e') {
            p.panel = Some(Panel {
                started_at: Some(at("2026-03-23 10:00")),
                ..Panel::default()
            });
        }
        if steps.contains('a') {
            p.awards
                .push(serde_json::from_value(json!({"supplier_id": "S1"})).expect("award"));
        }
        if steps.contains('s') {
            p.approvals.push(
                serde_json::from_value(json!({"kind": "method_change", "result": "approved"}))
                    .expect("approval"),
            );
        }
        p
    }

    #[test]
    fn table() {
        let mut late = valid(2);
        late.push(serde_json::from_value(json!({"id": "B9", "supplier_id": "S9", "status": "valid", "received_at": "2026-03-23 09:31"})).expect("bid"));
        let mut withdrawn = valid(2);
        withdrawn.push(bid(3, "withdrawn", None, None));
        let cases: Vec<(&str, Vec<Bid>, &str, &str)> = vec![
            ("exactly 3 bids, awarded", valid(3), "oea", "clear"),
            ("2 bids, opened", valid(2), "o", "flag"),
            ("2 bids, nothing done", valid(2), "", "clear"),
            ("2 bids, awarded", valid(2), "oea", "flag"),
            ("late bid not counted", late, "o", "flag"),
            ("withdrawn bid not counted", withdrawn, "o", "flag"),
            (
                "3 bids, 2 qualified, evaluated",
                vec![
                    bid(1, "valid", Some(true), None),
                    bid(2, "valid", Some(true), None),
                    bid(3, "disqualified", Some(false), None),
                ],
                "oe",
                "flag",
            ),
            (
                "3 bids, qualification unknown, evaluated",
                vec![
                    bid(1, "valid", None, None),
                    bid(2, "valid", None, None),
                    bid(3, "disqualified", None, None),
                ],
                "oe",
                "missing",
            ),
            (
                "3 qualified, 2 responsive, awarded",
                vec![
                    bid(1, "valid", Some(true), Some(true)),
                    bid(2, "valid", Some(true), Some(true)),
                    bid(3, "disqualified", Some(true), Some(false)),
                ],
                "oea",
                "flag",
            ),
            (
                "3 qualified, 2 responsive, approved switch",
                vec![
                    bid(1, "valid", Some(true), Some(true)),
                    bid(2, "valid", Some(true), Some(true)),
                    bid(3, "disqualified", Some(true), Some(false)),
                ],
                "oeas",
                "clear",
            ),
            (
                "valid bids of an awarded lot count as passed",
                vec![
                    bid(1, "valid", None, None),
                    bid(2, "valid", None, None),
                    bid(3, "valid", None, None),
                ],
                "oea",
                "clear",
            ),
            ("no bids known", vec![], "oea", "missing"),
        ];
        let c = ctx("2026-11-26");
        for (name, bids, steps, expected) in cases {
            let out = M01.run(&project(bids, steps), &c);
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let out = M01.run(&project(valid(2), "oea"), &ctx("2026-11-26"));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "截止时投标人2家（合格2家），不足3家仍继续授标"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
        // Qualification not known: said in words, never 「合格未知家」.
        let mut p = project(valid(2), "oea");
        for b in &mut p.bids {
            b.qualified = None;
            b.status = BidStatus::Disqualified;
        }
        if let Outcome::Flagged(f) = M01.run(&p, &ctx("2026-11-26")) {
            assert_eq!(
                f.message_zh,
                "截止时投标人2家（合格家数未知），不足3家仍继续授标"
            );
            assert!(f.message_en.contains("(qualified count not known)"));
        } else {
            panic!("two bids awarded are flagged whatever their review");
        }
    }
}
