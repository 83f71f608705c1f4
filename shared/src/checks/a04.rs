//! # A04 — 合同与中标结果或采购文件不一致 (Contract deviates from the award or the documents)
//!
//! **What it checks.** For each contract, against the award of the same lot (`lot_id`; `None`
//! = the whole project): the contracted supplier must be the awarded supplier, the contract
//! amount must equal the award amount (exactly, in fen), and the key terms (delivery, payment,
//! quantity) must match the documents and the winning bid (`terms_match_award`, recorded by the
//! reviewer or the contract-filing form). Any definite deviation is a flag even when other facts
//! are unknown; otherwise an unknown fact makes the answer "insufficient data".
//!
//! **Why it matters.** The contract must follow the documents and the winning bid; changing the
//! substance undoes the competition. 合同须按采购文件和中标人投标文件订立，改变实质内容即架空竞争结果。
//!
//! **Legal basis.** 《政府采购法》 第46条 [V]; 《政府采购法实施条例》 第67条(四)、第72条(三) [V];
//! 财政部令第87号 第71条 [K].
//!
//! **Data.** `contracts[]` (`supplier_id`, `amount`, `terms_match_award`, `lot_id`), `awards[]`
//! (`supplier_id`, `amount`, `lot_id`). No contract → insufficient data; a contract whose lot has
//! no award → insufficient data (`awards[]`; a contract without any procedure is A08's subject).
//!
//! **Example.** Award 900,000.00 元, contract 950,000.00 元 → flagged: "合同C1金额950,000.00元与
//! 中标（成交）金额900,000.00元不一致".

use super::prelude::*;
use crate::i18n::Lang;

pub static META: CheckMeta = CheckMeta {
    id: "A04",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第46条"), LegalBasis::v(law::GP_REGS, "第67条(四)、第72条(三)"), LegalBasis::k(law::ORDER_87, "第71条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("合同与中标结果或采购文件不一致", "Contract deviates from the award or the documents"),
    message: Text::new(
        "合同{contract}与中标（成交）结果不一致：{issue}",
        "Contract {contract} deviates from the award: {issue}",
    ),
    why: Text::new(
        "合同须按采购文件和中标人投标文件订立，改变实质内容即架空竞争结果。",
        "The contract must follow the documents and the winning bid; changing the substance undoes the competition.",
    ),
};

pub static A04: Check = Check { meta: &META, run };

const SUPPLIER: Text = Text::new("供应商不同", "another supplier");
const AMOUNT: Text = Text::new("金额不同", "another amount");
const TERMS: Text = Text::new("实质性条款被改变", "material terms changed");

/// The detailed message of each deviation (META.message names the deviation only).
const SUPPLIER_MSG: Text = Text::new(
    "合同{contract}的供应商{contract_supplier}不是中标（成交）供应商{award_supplier}",
    "Contract {contract} is with {contract_supplier}, not with the awarded supplier {award_supplier}",
);
const AMOUNT_MSG: Text = Text::new(
    "合同{contract}金额{contract_amount}与中标（成交）金额{award_amount}不一致",
    "The amount of contract {contract}, {contract_amount}, differs from the award, {award_amount}",
);
const TERMS_MSG: Text = Text::new(
    "合同{contract}的实质性条款（交付、付款、数量等）与采购文件或中标（成交）供应商的响应文件不一致",
    "Material terms (delivery, payment, quantity) of contract {contract} differ from the documents or the winning bid",
);

/// A flag whose message is `template` filled from the evidence.
fn flag(template: Text, evidence: Evidence) -> Outcome {
    Outcome::Flagged(Finding {
        message_zh: evidence.fill(template.zh, Lang::Zh),
        message_en: evidence.fill(template.en, Lang::En),
        evidence,
    })
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let parts: Vec<Outcome> = p.contracts.iter().map(|c| contract(p, c)).collect();
    Outcome::combine(parts, Outcome::missing(&["contracts[]"]))
}

fn contract(p: &ProjectRecord, c: &Contract) -> Outcome {
    let Some(a) = p.awards.iter().find(|a| a.lot_id == c.lot_id) else {
        return Outcome::missing(&["awards[] (the award of the contract's lot)"]);
    };
    let mut evidence = Evidence::new()
        .text("contract", c.id.clone())
        .text("contract_supplier", c.supplier_id.clone())
        .text("award_supplier", a.supplier_id.clone());
    if let Some(lot) = &c.lot_id {
        evidence.push("lot", Value::Text(lot.clone()));
    }
    if let Some(m) = c.amount {
        evidence.push("contract_amount", Value::Money(m));
    }
    if let Some(m) = a.amount {
        evidence.push("award_amount", Value::Money(m));
    }
    if let Some(t) = c.terms_match_award {
        evidence.push("terms_match_award", Value::Bool(t));
    }
    match compare(c, a) {
        Ok(()) => Outcome::clear(evidence),
        Err(Mismatch::Supplier) => flag(SUPPLIER_MSG, evidence.label("issue", SUPPLIER)),
        Err(Mismatch::Amount) => flag(AMOUNT_MSG, evidence.label("issue", AMOUNT)),
        Err(Mismatch::Terms) => flag(TERMS_MSG, evidence.label("issue", TERMS)),
        Err(Mismatch::Unknown(missing)) => Outcome::missing(&missing),
    }
}

/// How a contract deviates from its award (the first deviation found, in the order supplier,
/// amount, terms), or which facts are missing to tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mismatch {
    Supplier,
    Amount,
    Terms,
    Unknown(Vec<&'static str>),
}

/// The rule of A04 for one contract and its award; also the yes/no of
/// `crate::award::contract_matches_award` before a contract is stored.
pub(crate) fn compare(c: &Contract, a: &Award) -> Result<(), Mismatch> {
    if c.supplier_id != a.supplier_id {
        return Err(Mismatch::Supplier);
    }
    let mut missing = Vec::new();
    match (c.amount, a.amount) {
        (Some(contracted), Some(awarded)) if contracted != awarded => return Err(Mismatch::Amount),
        (contracted, awarded) => {
            if contracted.is_none() {
                missing.push("contracts[].amount");
            }
            if awarded.is_none() {
                missing.push("awards[].amount");
            }
        }
    }
    match c.terms_match_award {
        Some(false) => Err(Mismatch::Terms),
        None => {
            missing.push("contracts[].terms_match_award");
            Err(Mismatch::Unknown(missing))
        }
        Some(true) if missing.is_empty() => Ok(()),
        Some(true) => Err(Mismatch::Unknown(missing)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};

    fn project(
        supplier: &str,
        amount: Option<i64>,
        awarded: Option<i64>,
        terms: Option<bool>,
    ) -> ProjectRecord {
        let mut p = record(Method::CompetitiveConsultation);
        let mut a: Award =
            serde_json::from_value(serde_json::json!({"supplier_id": "S1"})).expect("award");
        a.amount = awarded.map(Fen);
        p.awards.push(a);
        let mut c: Contract =
            serde_json::from_value(serde_json::json!({"id": "C1", "supplier_id": supplier}))
                .expect("contract");
        c.amount = amount.map(Fen);
        c.terms_match_award = terms;
        p.contracts.push(c);
        p
    }

    /// Name, contracted supplier, contract amount, award amount, terms match, expected.
    type Case = (
        &'static str,
        &'static str,
        Option<i64>,
        Option<i64>,
        Option<bool>,
        &'static str,
    );

    #[test]
    fn table() {
        let nine = Some(90_000_000);
        #[rustfmt::skip]
        let cases: &[Case] = &[
            ("same supplier, amount and terms", "S1", nine, nine, Some(true), "clear"),
            ("one fen more than the award", "S1", Some(90_000_001), nine, Some(true), "flag"),
            ("one fen less than the award", "S1", Some(89_999_999), nine, Some(true), "flag"),
            ("another supplier", "S2", nine, nine, Some(true), "flag"),
            ("terms changed", "S1", nine, nine, Some(false), "flag"),
            ("amount differs, terms unknown", "S1", Some(1), nine, None, "flag"),
            ("terms unknown", "S1", nine, nine, None, "missing"),
            ("contract amount unknown", "S1", None, nine, Some(true), "missing"),
            ("award amount unknown", "S1", nine, None, Some(true), "missing"),
        ];
        let now = ctx("2026-11-26");
        for (name, supplier, amount, awarded, terms, expected) in cases {
            let out = A04.run(&project(supplier, *amount, *awarded, *terms), &now);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
        assert!(A04
            .run(&record(Method::PublicTender), &now)
            .is_insufficient());
    }

    #[test]
    fn contract_of_a_lot_without_award() {
        let mut p = project("S1", Some(1), Some(1), Some(true));
        p.contracts[0].lot_id = Some("2".to_owned());
        assert!(A04.run(&p, &ctx("2026-11-26")).is_insufficient());
    }

    #[test]
    fn message() {
        let out = A04.run(
            &project("S1", Some(95_000_000), Some(90_000_000), Some(true)),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "合同C1金额950,000.00元与中标（成交）金额900,000.00元不一致"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
