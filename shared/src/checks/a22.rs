//! # A22 — 合同频繁变更 (Frequent contract amendments)
//!
//! **What it checks.** Per contract: flagged when it has ≥ `a22.min_amendments` (3) amendments
//! (prozorro-risks ari-1-1), or ≥ `a22.min_quality_changes` (2) amendments made on the "quality
//! improvement" ground (ari-1-2), or one amendment that changes the price and extends the period
//! together (sas24-3-4). 2 amendments pass the count rule, 3 fail; 1 quality amendment passes,
//! 2 fail. A contract below every limit whose amendments leave a fact unknown that could still
//! reach a limit (the quality ground, or whether a price change also extended the period)
//! answers insufficient data. A contract with no amendments is clear; a project without
//! contracts is insufficient data, unless it failed or was cancelled (clear). The worst contract
//! decides for the project.
//!
//! **Why it matters.** Frequent amendments often rewrite the deal after the award.
//! 频繁变更合同往往是在授标后调整条件，使竞争结果失去意义。
//!
//! **Legal basis.** prozorro-risks ari-1-1, ari-1-2, sas24-3-4 [L]; World Bank red flags flags
//! 8–9 [L]. A risk indicator.
//!
//! **Data.** `contracts[].amendments[]`: `delta_amount` (a non-zero amount is a price change),
//! `extends_period`, `quality_improvement`.
//!
//! **Example.** Contract C1 with three amendments → flagged: "合同C1共变更3次".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A22",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Low,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::l(law::PROZORRO_RISKS, "ari-1-1, ari-1-2, sas24-3-4"),
        LegalBasis::l(law::WORLD_BANK, "flags 8–9"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("合同频繁变更", "Frequent contract amendments"),
    message: Text::new(
        "合同{contract}共变更{amendments}次{detail}",
        "Contract {contract} was amended {amendments} times{detail}",
    ),
    why: Text::new(
        "频繁变更合同往往是在授标后调整条件，使竞争结果失去意义。",
        "Frequent amendments often rewrite the deal after the award.",
    ),
};

pub static A22: Check = Check { meta: &META, run };

const MANY: Text = Text::new("", "");
const QUALITY: Text = Text::new(
    "，其中以“提高质量”为由变更多次",
    ", several of them on the quality-improvement ground",
);
const PRICE_AND_TERM: Text = Text::new(
    "，且同时变更价格并延长期限",
    ", one of them changing the price and extending the period together",
);

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    if p.contracts.is_empty() {
        return match p.project.status {
            Some(s @ (ProjectStatus::Failed | ProjectStatus::Cancelled)) => {
                Outcome::clear(Evidence::new().text("status", format!("{s:?}")))
            }
            _ => Outcome::missing(&["contracts[]"]),
        };
    }
    let parts: Vec<Outcome> = p.contracts.iter().map(|c| contract(c, ctx)).collect();
    Outcome::combine(parts, Outcome::missing(&["contracts[]"]))
}

fn contract(c: &Contract, ctx: &CheckContext) -> Outcome {
    let s = ctx.settings.a22();
    let n = c.amendments.len() as i64;
    let quality = c
        .amendments
        .iter()
        .filter(|a| a.quality_improvement == Some(true))
        .count() as i64;
    let quality_unknown = c
        .amendments
        .iter()
        .filter(|a| a.quality_improvement.is_none())
        .count() as i64;
    let price_change = |a: &Amendment| a.delta_amount.map(|d| d.fen() != 0);
    let price_and_term = c
        .amendments
        .iter()
        .any(|a| price_change(a) == Some(true) && a.extends_period == Some(true));
    let price_term_unknown = c.amendments.iter().any(|a| {
        (price_change(a) == Some(true) && a.extends_period.is_none())
            || (price_change(a).is_none() && a.extends_period != Some(false))
    });
    let evidence = Evidence::new()
        .text("contract", c.id.as_str())
        .count("amendments", n)
        .count("quality_amendments", quality)
        .bool("price_and_extension", price_and_term)
        .count("min_amendments", i64::from(s.min_amendments))
        .count("min_quality_changes", i64::from(s.min_quality_changes));
    let detail = if quality >= i64::from(s.min_quality_changes) {
        Some(QUALITY)
    } else if price_and_term {
        Some(PRICE_AND_TERM)
    } else if n >= i64::from(s.min_amendments) {
        Some(MANY)
    } else {
        None
    };
    if let Some(d) = detail {
        return Outcome::flag(&META, evidence.label("detail", d));
    }
    let mut need = Vec::new();
    if quality + quality_unknown >= i64::from(s.min_quality_changes) && quality_unknown > 0 {
        need.push("contracts[].amendments[].quality_improvement");
    }
    if price_term_unknown {
        need.push("contracts[].amendments[] (delta_amount, extends_period)");
    }
    if need.is_empty() {
        Outcome::clear(evidence)
    } else {
        Outcome::InsufficientData { missing: need }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};

    fn am(delta: Option<i64>, extends: Option<bool>, quality: Option<bool>) -> Amendment {
        Amendment {
            kind: AmendmentKind::Change,
            signed_at: None,
            delta_amount: delta.map(Fen),
            legal_ground: None,
            justification: None,
            extends_period: extends,
            quality_improvement: quality,
        }
    }

    fn project(amendments: Vec<Amendment>) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.contracts.push(Contract {
            id: "C1".to_owned(),
            lot_id: None,
            supplier_id: "S1".to_owned(),
            amount: Some(Fen::yuan(100_000)),
            signed_at: None,
            published_at: None,
            filed_at: None,
            terms_match_award: None,
            payment_term_days: None,
            payment_after_acceptance: None,
            payment_term_agreed: None,
            amendments,
            subcontracts: Vec::new(),
        });
        p
    }

    #[test]
    fn table() {
        let plain = || am(Some(0), Some(false), Some(false));
        let cases: Vec<(&str, Vec<Amendment>, &str)> = vec![
            ("no amendments", vec![], "clear"),
            ("two plain amendments", vec![plain(), plain()], "clear"),
            ("three amendments", vec![plain(), plain(), plain()], "flag"),
            (
                "one quality amendment",
                vec![am(Some(0), Some(false), Some(true))],
                "clear",
            ),
            (
                "two quality amendments",
                vec![
                    am(Some(0), Some(false), Some(true)),
                    am(None, Some(false), Some(true)),
                ],
                "flag",
            ),
            (
                "price change and extension",
                vec![am(Some(500), Some(true), Some(false))],
                "flag",
            ),
            (
                "price change alone",
                vec![am(Some(-500), Some(false), Some(false))],
                "clear",
            ),
            (
                "extension alone",
                vec![am(Some(0), Some(true), Some(false))],
                "clear",
            ),
            (
                "price change, extension unknown",
                vec![am(Some(500), None, Some(false))],
                "missing",
            ),
            (
                "two amendments, quality unknown",
                vec![
                    am(Some(0), Some(false), None),
                    am(Some(0), Some(false), None),
                ],
                "missing",
            ),
            (
                "one amendment, quality unknown",
                vec![am(Some(0), Some(false), None)],
                "clear",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, ams, expected) in cases {
            let out = A22.run(&project(ams), &c);
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn settings_messages_and_no_contract() {
        let c = ctx("2026-11-26");
        let plain = || am(Some(0), Some(false), Some(false));
        let out = A22.run(&project(vec![plain(), plain(), plain()]), &c);
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "合同C1共变更3次");
        assert_eq!(f.message_en, "Contract C1 was amended 3 times");
        let out = A22.run(&project(vec![am(Some(500), Some(true), Some(false))]), &c);
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "合同C1共变更1次，且同时变更价格并延长期限");
        let settings = CheckSettings::from_json(r#"{"a22": {"min_amendments": 4}}"#).unwrap();
        let c4 = CheckContext {
            settings: &settings,
            ..c
        };
        assert!(A22
            .run(&project(vec![plain(), plain(), plain()]), &c4)
            .is_clear());
        let mut p = record(Method::PublicTender);
        assert_eq!(A22.run(&p, &c), Outcome::missing(&["contracts[]"]));
        p.project.status = Some(ProjectStatus::Cancelled);
        assert!(A22.run(&p, &c).is_clear());
    }
}
