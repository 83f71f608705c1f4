//! # M18 — 接收逾期投标 (Late bid accepted)
//!
//! **What it checks.** Every bid received after the bid / response deadline must be refused
//! (拒收). A bid whose `received_at` is later than the `deadline` (compared to the second) and
//! whose status is still `valid` is flagged; a late bid that was awarded is reported first. A late
//! bid marked `disqualified` or `withdrawn` was not accepted and passes. A bid received exactly at
//! the deadline is on time.
//!
//! **Why it matters.** Late bids must be refused; accepting one is unfair to the other bidders.
//! 逾期送达的投标文件必须拒收；接收即对其他投标人不公平。
//!
//! **Legal basis.** 财政部令第87号 第33条 [K]; Cardinal R030 [L].
//!
//! **Data.** `deadline`, `bids[].received_at`, `bids[].status`, `awards[].bid_id` /
//! `awards[].supplier_id`. Insufficient data when the deadline is unknown, when no bid is known,
//! or when a bid still in the procedure has no receipt time (and no late bid was found).
//!
//! **Example.** Deadline 2026-03-23 09:30, bid B2 received 09:31 and still valid → flagged:
//! "投标B2于2026-03-23 09:31送达，晚于截止时间2026-03-23 09:30，却未被拒收".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M18",
    stage: Stage::During,
    subject: Subject::Bid,
    methods: methods::COMPETITIVE,
    nodes: &[Node::DeadlineOpening],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::k(law::ORDER_87, "第33条"),
        LegalBasis::l(law::CARDINAL, "R030"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("接收逾期投标", "Late bid accepted"),
    message: Text::new(
        "投标{bid}于{received_at}送达，晚于截止时间{deadline}，却未被拒收",
        "Bid {bid} arrived at {received_at}, after the deadline {deadline}, and was not rejected",
    ),
    why: Text::new(
        "逾期送达的投标文件必须拒收；接收即对其他投标人不公平。",
        "Late bids must be refused; accepting one is unfair to the other bidders.",
    ),
};

pub static M18: Check = Check { meta: &META, run };

/// Whether the bid won its lot.
fn is_awarded(p: &ProjectRecord, b: &Bid) -> bool {
    p.awards.iter().any(|a| match &a.bid_id {
        Some(id) => *id == b.id,
        None => a.supplier_id == b.supplier_id && a.lot_id == b.lot_id,
    })
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let mut need = Need::new();
    let deadline = need.get(p.deadline, "deadline");
    let any_bid = need.get((!p.bids.is_empty()).then_some(()), "bids");
    let (Some(deadline), Some(())) = (deadline, any_bid) else {
        return need.outcome();
    };
    let mut late: Option<(&Bid, Instant, bool)> = None;
    let mut unknown = false;
    let mut latest: Option<Instant> = None;
    for b in &p.bids {
        let Some(received) = b.received_at else {
            if b.status == BidStatus::Valid {
                unknown = true;
            }
            continue;
        };
        latest = latest.max(Some(received));
        if received > deadline && b.status == BidStatus::Valid {
            let awarded = is_awarded(p, b);
            // An awarded late bid is the worst case: report it first.
            if late.is_none_or(|(_, _, a)| awarded && !a) {
                late = Some((b, received, awarded));
            }
        }
    }
    if let Some((b, received, awarded)) = late {
        let evidence = Evidence::new()
            .text("bid", b.id.clone())
            .text("supplier", b.supplier_id.clone())
            .instant("received_at", received)
            .instant("deadline", deadline)
            .bool("awarded", awarded);
        return Outcome::flag(&META, evidence);
    }
    if unknown {
        return Outcome::missing(&["bids[].received_at"]);
    }
    let mut evidence = Evidence::new()
        .instant("deadline", deadline)
        .count("bids", p.bids.len() as i64);
    if let Some(l) = latest {
        evidence = evidence.instant("latest_received_at", l);
    }
    Outcome::clear(evidence)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};
    use serde_json::json;

    fn bid(id: &str, received: Option<&str>, status: &str) -> Bid {
        let mut v = json!({"id": id, "supplier_id": format!("S-{id}"), "status": status});
        if let Some(r) = received {
            v["received_at"] = json!(r);
        }
        serde_json::from_value(v).expect("bid")
    }

    fn project(deadline: Option<&str>, bids: Vec<Bid>) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.deadline = deadline.map(at);
        p.bids = bids;
        p
    }

    #[test]
    fn table() {
        let d = Some("2026-03-23 09:30");
        let on_time = || bid("B1", Some("2026-03-23 09:00"), "valid");
        let cases: Vec<(&str, Option<&str>, Vec<Bid>, &str)> = vec![
            ("all on time", d, vec![on_time()], "clear"),
            (
                "exactly at the deadline passes",
                d,
                vec![on_time(), bid("B2", Some("2026-03-23 09:30"), "valid")],
                "clear",
            ),
            (
                "one minute late, still valid",
                d,
                vec![on_time(), bid("B2", Some("2026-03-23 09:31"), "valid")],
                "flag",
            ),
            (
                "one second late",
                d,
                vec![bid("B2", Some("2026-03-23 09:30:01"), "valid")],
                "flag",
            ),
            (
                "late but disqualified",
                d,
                vec![
                    on_time(),
                    bid("B2", Some("2026-03-23 10:00"), "disqualified"),
                ],
                "clear",
            ),
            (
                "late but withdrawn",
                d,
                vec![bid("B2", Some("2026-03-24 10:00"), "withdrawn")],
                "clear",
            ),
            (
                "receipt time unknown",
                d,
                vec![on_time(), bid("B2", None, "valid")],
                "missing",
            ),
            (
                "late found despite an unknown one",
                d,
                vec![
                    bid("B3", None, "valid"),
                    bid("B2", Some("2026-03-24"), "valid"),
                ],
                "flag",
            ),
            ("no deadline", None, vec![on_time()], "missing"),
            ("no bids", d, vec![], "missing"),
        ];
        let c = ctx("2026-11-26");
        for (name, deadline, bids, expected) in cases {
            let out = M18.run(&project(deadline, bids), &c);
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn awarded_late_bid_is_reported_and_message_filled() {
        let mut p = project(
            Some("2026-03-23 09:30"),
            vec![
                bid("B2", Some("2026-03-23 09:31"), "valid"),
                bid("B3", Some("2026-03-23 10:00"), "valid"),
            ],
        );
        p.awards.push(
            serde_json::from_value(json!({"supplier_id": "S-B3", "bid_id": "B3"})).expect("award"),
        );
        let out = M18.run(&p, &ctx("2026-11-26"));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "投标B3于2026-03-23 10:00送达，晚于截止时间2026-03-23 09:30，却未被拒收"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
        assert_eq!(f.evidence.get("awarded"), Some(&Value::Bool(true)));
    }
}
