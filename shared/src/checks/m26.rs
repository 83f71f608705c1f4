//! # M26 — 质疑未决即签订合同 (Contract signed while a challenge is pending)
//!
//! **What it checks.** When an inquiry (询问) or challenge (质疑) may affect the award result, the
//! purchaser must suspend the signing of the contract until it is answered. Flagged: a contract
//! signed at or after the filing of such an inquiry or challenge and before its answer (or with no
//! answer recorded). An inquiry or challenge answered before the signature, filed after it, or
//! marked as not affecting the result passes.
//!
//! **Why it matters.** When a challenge may affect the result, the contract must wait.
//! 质疑可能影响中标结果时，采购人应暂停签订合同。
//!
//! **Legal basis.** 《政府采购法实施条例》 第54条 [V].
//!
//! **Data.** `challenges[]` (`kind`, `filed_at`, `answered_at`, `affects_result`),
//! `contracts[].signed_at`. No challenge or no signed contract → clear (nothing to judge).
//! Insufficient data when a challenge was pending at a signature and whether it may affect the
//! result is unknown.
//!
//! **Example.** Challenge filed 2026-04-01 (may affect the result), contract signed 2026-04-03,
//! answer 2026-04-08 → flagged: "可能影响结果的质疑（2026-04-01 09:00提出）尚未处理完毕，合同已于
//! 2026-04-03 10:00签订".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M26",
    stage: Stage::During,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Challenge],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第54条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("质疑未决即签订合同", "Contract signed while a challenge is pending"),
    message: Text::new(
        "可能影响结果的{kind}（{filed_at}提出）尚未处理完毕，合同已于{signed_at}签订",
        "A {kind} that may affect the result (filed {filed_at}) was still open when the contract was signed on {signed_at}",
    ),
    why: Text::new(
        "质疑可能影响中标结果时，采购人应暂停签订合同。",
        "When a challenge may affect the result, the contract must wait.",
    ),
};

pub static M26: Check = Check { meta: &META, run };

fn kind_name(k: ChallengeKind) -> Text {
    match k {
        ChallengeKind::Inquiry => Text::new("询问", "inquiry"),
        ChallengeKind::Challenge => Text::new("质疑", "challenge"),
        ChallengeKind::Complaint => Text::new("投诉", "complaint"),
    }
}

/// The remedies that suspend the signing of the contract when they may affect the result
/// (条例 Art 54): inquiries and challenges.
pub(crate) fn suspends_signing(kind: ChallengeKind) -> bool {
    matches!(kind, ChallengeKind::Inquiry | ChallengeKind::Challenge)
}

/// Whether `c` is open at `at`: filed at or before it and not answered by then (an answer at the
/// very instant closes it). Also used by `crate::challenge::signing_gate`.
pub(crate) fn pending_at(c: &Challenge, at: Instant) -> bool {
    c.filed_at <= at && c.answered_at.is_none_or(|a| a > at)
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let signed: Vec<(&Contract, Instant)> = p
        .contracts
        .iter()
        .filter_map(|c| c.signed_at.map(|s| (c, s)))
        .collect();
    let remedies: Vec<&Challenge> = p
        .challenges
        .iter()
        .filter(|c| suspends_signing(c.kind))
        .collect();
    let mut unknown = false;
    for &(contract, at) in &signed {
        for c in &remedies {
            let pending = pending_at(c, at);
            if !pending {
                continue;
            }
            match c.affects_result {
                Some(true) => {
                    let mut evidence = Evidence::new()
                        .label("kind", kind_name(c.kind))
                        .instant("filed_at", c.filed_at)
                        .instant("signed_at", at)
                        .text("contract", contract.id.clone());
                    evidence = match c.answered_at {
                        Some(a) => evidence.instant("answered_at", a),
                        None => evidence.bool("answered", false),
                    };
                    return Outcome::flag(&META, evidence);
                }
                Some(false) => {}
                None => unknown = true,
            }
        }
    }
    if unknown {
        return Outcome::missing(&["challenges[].affects_result"]);
    }
    Outcome::clear(
        Evidence::new()
            .count("signed_contracts", signed.len() as i64)
            .count("inquiries_and_challenges", remedies.len() as i64),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    fn project(challenge: Option<serde_json::Value>, signed: Option<&str>) -> ProjectRecord {
        let mut p = record(Method::CompetitiveNegotiation);
        if let Some(c) = challenge {
            p.challenges
                .push(serde_json::from_value(c).expect("challenge"));
        }
        p.contracts.push(
            serde_json::from_value(json!({"id": "C1", "supplier_id": "S1", "signed_at": signed}))
                .expect("contract"),
        );
        p
    }

    #[test]
    fn table() {
        let f = "2026-04-01 09:00";
        let s = Some("2026-04-03 10:00");
        let cases: Vec<(&str, Option<serde_json::Value>, Option<&str>, &str)> = vec![
            (
                "pending challenge, affects",
                Some(
                    json!({"kind": "challenge", "filed_at": f, "answered_at": "2026-04-08", "affects_result": true}),
                ),
                s,
                "flag",
            ),
            (
                "never answered, affects",
                Some(json!({"kind": "inquiry", "filed_at": f, "affects_result": true})),
                s,
                "flag",
            ),
            (
                "answered the minute before signing",
                Some(
                    json!({"kind": "challenge", "filed_at": f, "answered_at": "2026-04-03 09:59", "affects_result": true}),
                ),
                s,
                "clear",
            ),
            (
                "answered at the signing minute",
                Some(
                    json!({"kind": "challenge", "filed_at": f, "answered_at": "2026-04-03 10:00", "affects_result": true}),
                ),
                s,
                "clear",
            ),
            (
                "filed after signing",
                Some(
                    json!({"kind": "challenge", "filed_at": "2026-04-04", "affects_result": true}),
                ),
                s,
                "clear",
            ),
            (
                "does not affect the result",
                Some(json!({"kind": "challenge", "filed_at": f, "affects_result": false})),
                s,
                "clear",
            ),
            (
                "effect unknown",
                Some(json!({"kind": "challenge", "filed_at": f})),
                s,
                "missing",
            ),
            (
                "complaints are not judged here",
                Some(json!({"kind": "complaint", "filed_at": f, "affects_result": true})),
                s,
                "clear",
            ),
            (
                "contract not signed",
                Some(json!({"kind": "challenge", "filed_at": f, "affects_result": true})),
                None,
                "clear",
            ),
            ("no challenge", None, s, "clear"),
        ];
        for (name, challenge, signed, expected) in cases {
            let out = M26.run(&project(challenge, signed), &ctx("2026-11-26"));
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let c = json!({"kind": "challenge", "filed_at": "2026-04-01 09:00", "answered_at": "2026-04-08", "affects_result": true});
        let out = M26.run(
            &project(Some(c), Some("2026-04-03 10:00")),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "可能影响结果的质疑（2026-04-01 09:00提出）尚未处理完毕，合同已于2026-04-03 10:00签订"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
