//! # A09 — 投标保证金退还超期 (Bid-security refund late)
//!
//! **What it checks.** For each bid (withdrawn bids aside): the bid security must be refunded
//! within 5 working days (B.2 T23) — of the award notice (中标 / 成交通知书, `notified_at` of the
//! lot's award) for the bidders that did not win, of the contract's signing for the winner.
//! Working days come from the statutory calendar, the start day not counted, so the last allowed
//! day is `calendar.add_workdays(start, 5)`. The limit comes from the dated threshold table by
//! the start date. A refund before the start event is in time.
//!
//! **Not refunded.** A bid with no refund date is flagged once "now" (`ctx.as_of`) is past the
//! last day, provided a security was required (`project.deposit.bid_security` > 0); before that
//! the answer is "insufficient data" (stability rule of A01). A project that required no
//! security (amount 0) is clear. Withdrawn bids are skipped: their clock starts at the written
//! withdrawal notice (87号令 Art 38), which the model does not hold.
//!
//! **Why it matters.** Late refunds tie up suppliers' money and carry statutory interest.
//! 迟退保证金占用供应商资金，并须按规定支付利息。
//!
//! **Legal basis.** 《政府采购法实施条例》 第33条 [V]; 财政部令第87号 第38条 [K].
//!
//! **Data.** `bids[]` (`supplier_id`, `lot_id`, `status`, `deposit_refunded_at`), `awards[]`
//! (`supplier_id`, `notified_at`, `lot_id`), `contracts[].signed_at`,
//! `project.deposit.bid_security`.
//!
//! **Example.** Award notice Mon 2026-03-02; a losing bidder's security refunded on Tue
//! 2026-03-10 = 6 working days → flagged: "供应商S2的投标保证金自中标（成交）通知书发出
//! （2026-03-02 10:00）至2026-03-10已过6个工作日，退还过晚（法定5个工作日内，期满日2026-03-09）".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A09",
    stage: Stage::Post,
    subject: Subject::Bid,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第33条"), LegalBasis::k(law::ORDER_87, "第38条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("投标保证金退还超期", "Bid-security refund late"),
    message: Text::new(
        "供应商{supplier}的投标保证金自{from_event}（{from}）至{until}已过{working_days}，{state}（法定{limit}内，期满日{period_end}）",
        "Supplier {supplier}'s bid security: {working_days} from {from_event} ({from}) to {until}, {state} ({limit} allowed, last day {period_end})",
    ),
    why: Text::new(
        "迟退保证金占用供应商资金，并须按规定支付利息。",
        "Late refunds tie up suppliers' money and carry statutory interest.",
    ),
};

pub static A09: Check = Check { meta: &META, run };

const AWARD_NOTICE: Text = Text::new("中标（成交）通知书发出", "the award notice");
const SIGNING: Text = Text::new("合同签订", "the contract signing");
const LATE: Text = Text::new("退还过晚", "refunded late");
const NOT_REFUNDED: Text = Text::new("仍未退还", "still not refunded");
const IN_TIME: Text = Text::new("已按期退还", "refunded in time");

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    let security = p.project.deposit.as_ref().and_then(|d| d.bid_security);
    if security == Some(Fen::ZERO) {
        return Outcome::clear(Evidence::new().money("bid_security", Fen::ZERO));
    }
    let parts: Vec<Outcome> = p
        .bids
        .iter()
        .filter(|b| b.status != BidStatus::Withdrawn)
        .map(|b| bid(p, b, security, ctx))
        .collect();
    Outcome::combine(parts, Outcome::missing(&["bids[]"]))
}

fn bid(p: &ProjectRecord, b: &Bid, security: Option<Fen>, ctx: &CheckContext) -> Outcome {
    let Some(award) = p.awards.iter().find(|a| a.lot_id == b.lot_id) else {
        return Outcome::missing(&["awards[] (the award of the bid's lot)"]);
    };
    let winner = award
        .bid_id
        .as_deref()
        .map_or(award.supplier_id == b.supplier_id, |id| id == b.id);
    let (from, event) = if winner {
        let signed = p
            .contract_for_lot(b.lot_id.as_deref())
            .and_then(|c| c.signed_at);
        let Some(signed) = signed else {
            return Outcome::missing(&["contracts[].signed_at"]);
        };
        (signed, SIGNING)
    } else {
        let Some(notified) = award.notified_at else {
            return Outcome::missing(&["awards[].notified_at"]);
        };
        (notified, AWARD_NOTICE)
    };
    let start = from.china_date();
    let Some(limit) = ctx.thresholds.time_limit(TimeLimitId::T23, start) else {
        return Outcome::missing(&["thresholds: T23"]);
    };
    let refunded = b.deposit_refunded_at;
    if refunded.is_none() && security.is_none() {
        return Outcome::missing(&["project.deposit.bid_security"]);
    }
    let until = refunded.map_or(ctx.as_of.china_date(), Instant::china_date);
    let (Ok(period_end), Ok(count)) = (
        ctx.calendar.period_end_workdays(start, limit.value.amount),
        ctx.calendar.workdays_between(start, until),
    ) else {
        return Outcome::missing(&["calendar: holiday data for the period"]);
    };
    let late = !limit.value.admits(count);
    let state = match (refunded.is_some(), late) {
        (true, true) => LATE,
        (true, false) => IN_TIME,
        (false, _) => NOT_REFUNDED,
    };
    let evidence = Evidence::new()
        .text("supplier", b.supplier_id.clone())
        .text("bid", b.id.clone())
        .bool("winner", winner)
        .label("from_event", event)
        .instant("from", from)
        .date("until", until)
        .working_days("working_days", count)
        .working_days("limit", limit.value.amount)
        .date("period_end", period_end)
        .label("state", state);
    match (refunded.is_some(), late) {
        (_, true) => Outcome::flag(&META, evidence),
        (true, false) => Outcome::clear(evidence),
        (false, false) => Outcome::missing(&["bids[].deposit_refunded_at"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    /// Two bids, S1 wins (notice Mon 2026-03-02, contract signed Mon 2026-03-09), S2 loses.
    fn project(
        security: Option<i64>,
        winner_refund: Option<&str>,
        loser_refund: Option<&str>,
    ) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        let mut d: DepositTerms = serde_json::from_value(serde_json::json!({})).expect("deposit");
        d.bid_security = security.map(Fen);
        p.project.deposit = Some(d);
        for (id, supplier, refund) in [("B1", "S1", winner_refund), ("B2", "S2", loser_refund)] {
            let mut b: Bid = serde_json::from_value(serde_json::json!({
                "id": id, "supplier_id": supplier, "status": "valid"
            }))
            .expect("bid");
            b.deposit_refunded_at = refund.map(at);
            p.bids.push(b);
        }
        let mut a: Award =
            serde_json::from_value(serde_json::json!({"supplier_id": "S1"})).expect("award");
        a.notified_at = Some(at("2026-03-02 10:00"));
        p.awards.push(a);
        let mut c: Contract =
            serde_json::from_value(serde_json::json!({"id": "C1", "supplier_id": "S1"}))
                .expect("contract");
        c.signed_at = Some(at("2026-03-09 10:00"));
        p.contracts.push(c);
        p
    }

    /// Name, security (fen), winner's refund, loser's refund, now, expected.
    type Case = (
        &'static str,
        Option<i64>,
        Option<&'static str>,
        Option<&'static str>,
        &'static str,
        &'static str,
    );

    #[test]
    fn table() {
        let s = Some(1_000_000);
        // Loser: 03-02 + 5 working days = Mon 03-09. Winner: 03-09 + 5 = Mon 03-16.
        #[rustfmt::skip]
        let cases: &[Case] = &[
            ("both on the 5th working day", s, Some("2026-03-16 10:00"), Some("2026-03-09 10:00"), "2026-11-26", "clear"),
            ("loser on the 6th working day", s, Some("2026-03-16 10:00"), Some("2026-03-10 10:00"), "2026-11-26", "flag"),
            ("winner on the 6th working day", s, Some("2026-03-17 10:00"), Some("2026-03-09 10:00"), "2026-11-26", "flag"),
            ("winner before signing", s, Some("2026-03-05 10:00"), Some("2026-03-05 10:00"), "2026-11-26", "clear"),
            ("loser never refunded, period over", s, Some("2026-03-16 10:00"), None, "2026-03-10 08:00", "flag"),
            ("loser not refunded yet, last day today", s, Some("2026-03-16 10:00"), None, "2026-03-09 20:00", "missing"),
            ("no refund dates, security unknown", None, None, None, "2026-11-26", "missing"),
            ("refunds in time, security unknown", None, Some("2026-03-16 10:00"), Some("2026-03-09 10:00"), "2026-11-26", "clear"),
            ("no security required", Some(0), None, None, "2026-11-26", "clear"),
        ];
        for (name, security, w, l, now, expected) in cases {
            let out = A09.run(&project(*security, *w, *l), &ctx(now));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn withdrawn_bids_are_skipped_and_unknown_award_is_missing() {
        let mut p = project(Some(1_000_000), Some("2026-03-16 10:00"), None);
        p.bids[1].status = BidStatus::Withdrawn;
        assert!(A09.run(&p, &ctx("2026-11-26")).is_clear());
        p.awards.clear();
        assert!(A09.run(&p, &ctx("2026-11-26")).is_insufficient());
    }

    #[test]
    fn message() {
        let out = A09.run(
            &project(
                Some(1_000_000),
                Some("2026-03-16 10:00"),
                Some("2026-03-10 10:00"),
            ),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "供应商S2的投标保证金自中标（成交）通知书发出（2026-03-02 10:00）至2026-03-10已过6个工作日，退还过晚（法定5个工作日内，期满日2026-03-09）"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
