//! # A07 — 未经同意分包或转包 (Subcontracting without consent, or transfer of the whole contract)
//!
//! **What it checks.** Every subcontract of a contract: passing on the whole contract (转包) is
//! forbidden outright (flag whatever the consent); a partial subcontract needs the purchaser's
//! consent (`purchaser_consent = false` → flag; unknown → insufficient data). A contract without
//! subcontracts is clear.
//!
//! **Why it matters.** Subcontracting needs the purchaser's consent and the whole contract may
//! not be passed on. 分包须经采购人同意，且不得转包整个合同，否则中标供应商名不副实。
//!
//! **Legal basis.** 《政府采购法》 第48条 [V]; 《政府采购法实施条例》 第72条(四) [V].
//!
//! **Data.** `contracts[].subcontracts[]` (`supplier_id`, `amount`, `purchaser_consent`,
//! `whole_contract`). No contract known → insufficient data.
//!
//! **Example.** Subcontract of contract C1 to S9 without consent → flagged: "合同C1分包给S9，
//! 未经采购人同意".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A07",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::v(law::GP_LAW, "第48条"),
        LegalBasis::v(law::GP_REGS, "第72条(四)"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "未经同意分包或转包",
        "Subcontracting without consent, or transfer of the whole contract",
    ),
    message: Text::new(
        "合同{contract}分包给{subcontractor}，{issue}",
        "Contract {contract} subcontracted to {subcontractor}: {issue}",
    ),
    why: Text::new(
        "分包须经采购人同意，且不得转包整个合同，否则中标供应商名不副实。",
        "Subcontracting needs the purchaser's consent and the whole contract may not be passed on.",
    ),
};

pub static A07: Check = Check { meta: &META, run };

const WHOLE: Text = Text::new("属整体转包", "the whole contract was passed on");
const NO_CONSENT: Text = Text::new("未经采购人同意", "without the purchaser's consent");

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let parts: Vec<Outcome> = p.contracts.iter().map(contract).collect();
    Outcome::combine(parts, Outcome::missing(&["contracts[]"]))
}

fn contract(c: &Contract) -> Outcome {
    let parts = c.subcontracts.iter().map(|s| {
        let mut evidence = Evidence::new()
            .text("contract", c.id.clone())
            .text("subcontractor", s.supplier_id.clone())
            .bool("whole_contract", s.whole_contract);
        if let Some(a) = s.amount {
            evidence.push("amount", Value::Money(a));
        }
        if s.whole_contract {
            return Outcome::flag(&META, evidence.label("issue", WHOLE));
        }
        match s.purchaser_consent {
            Some(true) => Outcome::clear(evidence.bool("purchaser_consent", true)),
            Some(false) => Outcome::flag(
                &META,
                evidence
                    .bool("purchaser_consent", false)
                    .label("issue", NO_CONSENT),
            ),
            None => Outcome::missing(&["contracts[].subcontracts[].purchaser_consent"]),
        }
    });
    Outcome::combine(
        parts,
        Outcome::clear(
            Evidence::new()
                .text("contract", c.id.clone())
                .count("subcontracts", 0),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};

    fn project(subcontracts: &[(bool, Option<bool>)]) -> ProjectRecord {
        let mut c: Contract =
            serde_json::from_value(serde_json::json!({"id": "C1", "supplier_id": "S1"}))
                .expect("contract");
        for (whole, consent) in subcontracts {
            let mut s: Subcontract =
                serde_json::from_value(serde_json::json!({"supplier_id": "S9"}))
                    .expect("subcontract");
            s.whole_contract = *whole;
            s.purchaser_consent = *consent;
            c.subcontracts.push(s);
        }
        let mut p = record(Method::PublicTender);
        p.contracts.push(c);
        p
    }

    /// Name, (whole contract, consent) of each subcontract, expected.
    type Case = (&'static str, &'static [(bool, Option<bool>)], &'static str);

    #[test]
    fn table() {
        #[rustfmt::skip]
        let cases: &[Case] = &[
            ("no subcontract", &[], "clear"),
            ("partial, with consent", &[(false, Some(true))], "clear"),
            ("partial, without consent", &[(false, Some(false))], "flag"),
            ("partial, consent unknown", &[(false, None)], "missing"),
            ("whole contract, even with consent", &[(true, Some(true))], "flag"),
            ("whole contract, consent unknown", &[(true, None)], "flag"),
        ];
        for (name, subs, expected) in cases {
            let out = A07.run(&project(subs), &ctx("2026-11-26"));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
        assert!(A07
            .run(&record(Method::PublicTender), &ctx("2026-11-26"))
            .is_insufficient());
    }

    #[test]
    fn message() {
        let out = A07.run(&project(&[(false, Some(false))]), &ctx("2026-11-26"));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "合同C1分包给S9，未经采购人同意");
        assert_eq!(
            f.message_en,
            "Contract C1 subcontracted to S9: without the purchaser's consent"
        );
    }
}
