//! # M13 — 视为串通投标的技术特征 ("Deemed collusion" technical signals)
//!
//! **What it checks.** Any pair of bids in the same lot, from different suppliers and not
//! withdrawn, that share: the MAC address, IP address, CA lock, file creator / machine code or
//! document hash of the bid file (`bids[].device`); the bank account the bid security was paid
//! from; or a contact (phone, e-mail, preparer name in `bids[].contacts`). Values are compared
//! after trimming, case-insensitively; empty values are ignored. The evidence names the pair, the
//! signal and the shared value.
//!
//! **Why it matters.** Bids made on the same device, by the same person, or paid from the same
//! account are deemed collusive by law. 不同投标人的文件出自同一设备、同一人或保证金来自同一账户，
//! 依法视为串通投标。
//!
//! **Legal basis.** 财政部令第87号 第37条 [K]; 《招标投标法实施条例》 第40条 [V];
//! 《政府采购法实施条例》 第74条 [V]; OECD BR-10/11/17 [L]; Prozorro SASU RISK2-8 [L].
//!
//! **Data.** `bids[]` (`device`, `deposit_payer_account`, `contacts`, `supplier_id`, `lot_id`,
//! `status`). Insufficient data when no bid is known, or when no bid carries any of these traces.
//! A lot with a single bid is clear.
//!
//! **Example.** B1 (S1) and B2 (S2) made on the machine with MAC 00-1A-2B-3C-4D-5E → flagged:
//! "投标B1与B2存在相同MAC地址：00-1a-2b-3c-4d-5e".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M13",
    stage: Stage::During,
    subject: Subject::Pair,
    methods: methods::COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::ORDER_87, "第37条"), LegalBasis::v(law::BIDDING_REGS, "第40条"), LegalBasis::v(law::GP_REGS, "第74条"), LegalBasis::l(law::OECD, "BR-10/11/17"), LegalBasis::l(law::SASU, "RISK2-8")],
    valid_from: None,
    valid_to: None,
    title: Text::new("视为串通投标的技术特征", "\"Deemed collusion\" technical signals"),
    message: Text::new(
        "投标{bid_a}与{bid_b}存在相同{signal}：{value}",
        "Bids {bid_a} and {bid_b} share the same {signal}: {value}",
    ),
    why: Text::new(
        "不同投标人的文件出自同一设备、同一人或保证金来自同一账户，依法视为串通投标。",
        "Bids made on the same device, by the same person, or paid from the same account are deemed collusive by law.",
    ),
};
pub static M13: Check = Check { meta: &META, run };

/// The traces of a bid: (signal, normalised value).
fn traces(b: &Bid) -> Vec<(Text, String)> {
    let mut out = Vec::new();
    let mut add = |name: Text, v: Option<&String>| {
        if let Some(v) = v {
            let v = v.trim().to_lowercase();
            if !v.is_empty() {
                out.push((name, v));
            }
        }
    };
    if let Some(d) = &b.device {
        add(Text::new("MAC地址", "MAC address"), d.mac.as_ref());
        add(Text::new("IP地址", "IP address"), d.ip.as_ref());
        add(Text::new("CA锁", "CA lock"), d.ca_lock_id.as_ref());
        add(
            Text::new("文件制作机器码", "file creator"),
            d.file_creator.as_ref(),
        );
        add(Text::new("文件哈希", "document hash"), d.file_hash.as_ref());
    }
    add(
        Text::new("保证金付款账户", "deposit payer account"),
        b.deposit_payer_account.as_ref(),
    );
    for c in &b.contacts {
        add(Text::new("联系人/联系方式", "contact"), Some(c));
    }
    out
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    if p.bids.is_empty() {
        return Outcome::missing(&["bids"]);
    }
    let mut any_trace = false;
    for lot in p.bid_lots() {
        let bids: Vec<(&Bid, Vec<(Text, String)>)> = p
            .bids_in_lot(lot)
            .filter(|b| b.status != BidStatus::Withdrawn)
            .map(|b| (b, traces(b)))
            .collect();
        any_trace |= bids.iter().any(|(_, t)| !t.is_empty());
        for (i, (a, ta)) in bids.iter().enumerate() {
            for (b, tb) in &bids[i + 1..] {
                if a.supplier_id == b.supplier_id {
                    continue;
                }
                let shared = ta
                    .iter()
                    .find(|(sa, va)| tb.iter().any(|(sb, vb)| sa == sb && va == vb));
                if let Some((signal, value)) = shared {
                    let mut evidence = Evidence::new()
                        .text("bid_a", a.id.clone())
                        .text("bid_b", b.id.clone())
                        .text("supplier_a", a.supplier_id.clone())
                        .text("supplier_b", b.supplier_id.clone())
                        .label("signal", *signal)
                        .text("value", value.clone());
                    if let Some(l) = lot {
                        evidence = evidence.text("lot", l);
                    }
                    return Outcome::flag(&META, evidence);
                }
            }
        }
    }
    if !any_trace {
        return Outcome::missing(&[
            "bids[].device",
            "bids[].contacts",
            "bids[].deposit_payer_account",
        ]);
    }
    Outcome::clear(Evidence::new().count("bids", p.bids.len() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    fn project(bids: serde_json::Value) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.bids = serde_json::from_value(bids).expect("bids");
        p
    }

    fn two(a: serde_json::Value, b: serde_json::Value) -> serde_json::Value {
        let mut x = json!({"id": "B1", "supplier_id": "S1", "status": "valid"});
        let mut y = json!({"id": "B2", "supplier_id": "S2", "status": "valid"});
        for (k, v) in a.as_object().expect("object") {
            x[k] = v.clone();
        }
        for (k, v) in b.as_object().expect("object") {
            y[k] = v.clone();
        }
        json!([x, y])
    }

    #[test]
    fn table() {
        let cases: Vec<(&str, serde_json::Value, &str)> = vec![
            (
                "same MAC, different case",
                two(
                    json!({"device": {"mac": "00-1A-2B"}}),
                    json!({"device": {"mac": " 00-1a-2b"}}),
                ),
                "flag",
            ),
            (
                "same IP",
                two(
                    json!({"device": {"ip": "10.0.0.5"}}),
                    json!({"device": {"ip": "10.0.0.5"}}),
                ),
                "flag",
            ),
            (
                "same document hash",
                two(
                    json!({"device": {"file_hash": "abc"}}),
                    json!({"device": {"file_hash": "abc"}}),
                ),
                "flag",
            ),
            (
                "same deposit account",
                two(
                    json!({"deposit_payer_account": "6222"}),
                    json!({"deposit_payer_account": "6222"}),
                ),
                "flag",
            ),
            (
                "shared contact",
                two(
                    json!({"contacts": ["139", "a@x.cn"]}),
                    json!({"contacts": ["a@x.cn"]}),
                ),
                "flag",
            ),
            (
                "same value, different signal",
                two(
                    json!({"device": {"ip": "x"}}),
                    json!({"device": {"mac": "x"}}),
                ),
                "clear",
            ),
            (
                "different devices",
                two(
                    json!({"device": {"mac": "m1"}}),
                    json!({"device": {"mac": "m2"}}),
                ),
                "clear",
            ),
            (
                "empty values ignored",
                two(
                    json!({"device": {"mac": " "}}),
                    json!({"device": {"mac": ""}, "contacts": ["1"]}),
                ),
                "clear",
            ),
            (
                "different lots",
                two(
                    json!({"lot_id": "L1", "device": {"mac": "m"}}),
                    json!({"lot_id": "L2", "device": {"mac": "m"}}),
                ),
                "clear",
            ),
            (
                "one withdrawn",
                two(
                    json!({"status": "withdrawn", "device": {"mac": "m"}}),
                    json!({"device": {"mac": "m"}}),
                ),
                "clear",
            ),
            ("no traces at all", two(json!({}), json!({})), "missing"),
            ("no bids", json!([]), "missing"),
        ];
        for (name, bids, expected) in cases {
            let out = M13.run(&project(bids), &ctx("2026-11-26"));
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let out = M13.run(
            &project(two(
                json!({"device": {"mac": "00-1A-2B-3C-4D-5E"}}),
                json!({"device": {"mac": "00-1a-2b-3c-4d-5e"}}),
            )),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "投标B1与B2存在相同MAC地址：00-1a-2b-3c-4d-5e");
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
