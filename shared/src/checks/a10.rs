//! # A10 — 未验收即付款或验收不规范 (Payment before or without acceptance)
//!
//! **What it checks.** Per contract:
//! 1. **paid without acceptance**: the contract is paid in full (a payment marked final, or the
//!    payments reach the contract amount) and there is no acceptance record, or the acceptance
//!    was completed (China date) after the day of that payment, or it did not pass;
//! 2. **no inspector**: a technically complex project (`project.complex`) whose acceptance had no
//!    third-party quality inspector (条例 Art 45 ¶1; "large" projects have no number in law, so
//!    only the complex flag is used);
//! 3. **no service recipients**: a public service to the public (`acceptances[].public_service`,
//!    services only) whose acceptance did not invite the service recipients (条例 Art 45 ¶2).
//!
//! A contract not yet paid in full (every payment marked not final and below the amount) is
//! clear for the first part. An unknown fact that could change the answer → insufficient data.
//!
//! **Why it matters.** Paying in full without acceptance leaves quality problems without
//! recourse. 未经验收付清款项，质量问题将无从追究。
//!
//! **Legal basis.** 《政府采购法》 第41条 [V]; 《政府采购法实施条例》 第45条、第68条(十) [V].
//!
//! **Data.** `payments[]` (`contract_id`, `paid_at`, `amount`, `is_final`), `contracts[].amount`,
//! `acceptances[]` (`done_at`, `passed`, `third_party`, `recipients_involved`, `public_service`),
//! `project.complex`, `project.object_type`.
//!
//! **Example.** Final payment 2026-05-10, acceptance done 2026-05-20 → flagged: "合同C1末笔款于
//! 2026-05-10 10:00支付，早于验收完成时间2026-05-20 10:00".

use super::prelude::*;
use crate::i18n::Lang;

pub static META: CheckMeta = CheckMeta {
    id: "A10",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Performance],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[
        LegalBasis::v(law::GP_LAW, "第41条"),
        LegalBasis::v(law::GP_REGS, "第45条、第68条(十)"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new(
        "未验收即付款或验收不规范",
        "Payment before or without acceptance",
    ),
    message: Text::new("合同{contract}：{issue}", "Contract {contract}: {issue}"),
    why: Text::new(
        "未经验收付清款项，质量问题将无从追究。",
        "Paying in full without acceptance leaves quality problems without recourse.",
    ),
};

pub static A10: Check = Check { meta: &META, run };

const NO_ACCEPTANCE: Text = Text::new(
    "付清款项但无验收记录",
    "paid in full without an acceptance record",
);
const BEFORE: Text = Text::new("验收前付清款项", "paid in full before acceptance");
const FAILED: Text = Text::new(
    "验收未通过仍付清款项",
    "paid in full although acceptance failed",
);
const NO_INSPECTOR: Text = Text::new(
    "复杂项目验收无质量检测机构参加",
    "complex project accepted without a quality inspector",
);
const NO_RECIPIENTS: Text = Text::new(
    "公共服务项目验收未邀请服务对象",
    "public service accepted without the service recipients",
);

/// The detailed message of each issue (META.message names the issue only).
const NO_ACCEPTANCE_MSG: Text = Text::new(
    "合同{contract}已于{paid_at}付清款项，但无验收记录",
    "Contract {contract} was paid in full on {paid_at} without any acceptance record",
);
const BEFORE_MSG: Text = Text::new(
    "合同{contract}末笔款于{paid_at}支付，早于验收完成时间{accepted_at}",
    "The final payment of contract {contract} on {paid_at} came before the acceptance on {accepted_at}",
);
const FAILED_MSG: Text = Text::new(
    "合同{contract}验收未通过，仍于{paid_at}付清款项",
    "Contract {contract} failed acceptance but was paid in full on {paid_at}",
);
const NO_INSPECTOR_MSG: Text = Text::new(
    "合同{contract}属技术复杂项目，验收未邀请质量检测机构参加",
    "Contract {contract} is technically complex, but no quality inspector took part in the acceptance",
);
const NO_RECIPIENTS_MSG: Text = Text::new(
    "合同{contract}为向社会公众提供的公共服务项目，验收未邀请服务对象参与",
    "Contract {contract} delivers a public service, but the service recipients were not invited to the acceptance",
);

/// A flag whose message is `template` filled from the evidence.
fn flag(template: Text, issue: Text, evidence: Evidence) -> Outcome {
    let evidence = evidence.label("issue", issue);
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
    let acceptance = p.acceptances.iter().find(|a| a.contract_id == c.id);
    let paid = p
        .payments
        .iter()
        .any(|x| x.contract_id.as_deref() == Some(c.id.as_str()));
    let mut parts = Vec::new();
    if paid {
        parts.push(payment(p, c, acceptance));
    }
    if let Some(a) = acceptance {
        parts.push(inspector(p, c, a));
        parts.push(recipients(p, c, a));
    }
    Outcome::combine(parts, Outcome::missing(&["payments[]", "acceptances[]"]))
}

fn payment(p: &ProjectRecord, c: &Contract, acceptance: Option<&Acceptance>) -> Outcome {
    let evidence = Evidence::new().text("contract", c.id.clone());
    let Some(final_payment) = paid_in_full(p, c) else {
        let unknown = p
            .payments
            .iter()
            .filter(|x| x.contract_id.as_deref() == Some(c.id.as_str()))
            .any(|x| x.is_final.is_none());
        return if unknown && c.amount.is_none() {
            Outcome::missing(&["payments[].is_final", "contracts[].amount"])
        } else {
            Outcome::clear(evidence.bool("paid_in_full", false))
        };
    };
    let evidence = evidence
        .bool("paid_in_full", true)
        .instant("paid_at", final_payment);
    let Some(a) = acceptance else {
        return flag(NO_ACCEPTANCE_MSG, NO_ACCEPTANCE, evidence);
    };
    let Some(done) = a.done_at else {
        return Outcome::missing(&["acceptances[].done_at"]);
    };
    let evidence = evidence.instant("accepted_at", done);
    if done.china_date() > final_payment.china_date() {
        return flag(BEFORE_MSG, BEFORE, evidence);
    }
    match a.passed {
        Some(false) => flag(FAILED_MSG, FAILED, evidence.bool("passed", false)),
        Some(true) => Outcome::clear(evidence.bool("passed", true)),
        None => Outcome::missing(&["acceptances[].passed"]),
    }
}

fn inspector(p: &ProjectRecord, c: &Contract, a: &Acceptance) -> Outcome {
    let evidence = Evidence::new().text("contract", c.id.clone());
    if a.third_party == Some(true) {
        return Outcome::clear(evidence.bool("third_party", true));
    }
    match (p.project.complex, a.third_party) {
        (Some(false), _) => Outcome::clear(evidence.bool("complex", false)),
        (Some(true), Some(false)) => flag(
            NO_INSPECTOR_MSG,
            NO_INSPECTOR,
            evidence.bool("complex", true).bool("third_party", false),
        ),
        (None, _) => Outcome::missing(&["project.complex"]),
        (Some(true), _) => Outcome::missing(&["acceptances[].third_party"]),
    }
}

fn recipients(p: &ProjectRecord, c: &Contract, a: &Acceptance) -> Outcome {
    let evidence = Evidence::new().text("contract", c.id.clone());
    if p.project.object_type != ObjectType::Services || a.recipients_involved == Some(true) {
        return Outcome::clear(evidence);
    }
    match (a.public_service, a.recipients_involved) {
        (Some(false), _) => Outcome::clear(evidence.bool("public_service", false)),
        (Some(true), Some(false)) => flag(
            NO_RECIPIENTS_MSG,
            NO_RECIPIENTS,
            evidence.bool("public_service", true),
        ),
        (None, _) => Outcome::missing(&["acceptances[].public_service"]),
        (Some(true), _) => Outcome::missing(&["acceptances[].recipients_involved"]),
    }
}

/// When the contract was paid in full: the first payment marked final, or the payment with which
/// the total reaches the contract amount.
fn paid_in_full(p: &ProjectRecord, c: &Contract) -> Option<Instant> {
    let mut payments: Vec<&Payment> = p
        .payments
        .iter()
        .filter(|x| x.contract_id.as_deref() == Some(c.id.as_str()))
        .collect();
    payments.sort_by_key(|x| x.paid_at);
    let mut total = Fen::ZERO;
    for x in payments {
        total = total.saturating_add(x.amount);
        if x.is_final == Some(true) || c.amount.is_some_and(|a| total >= a) {
            return Some(x.paid_at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    struct Case {
        name: &'static str,
        /// (when, yuan, is_final)
        payments: &'static [(&'static str, i64, Option<bool>)],
        /// (done_at, passed, third_party); `None` = no acceptance record.
        acceptance: Option<(Option<&'static str>, Option<bool>, Option<bool>)>,
        complex: Option<bool>,
        expected: &'static str,
    }

    fn project(c: &Case) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.complex = c.complex;
        let mut k: Contract =
            serde_json::from_value(serde_json::json!({"id": "C1", "supplier_id": "S1"}))
                .expect("contract");
        k.amount = Some(Fen::yuan(100_000));
        p.contracts.push(k);
        for (when, yuan, is_final) in c.payments {
            let mut x: Payment = serde_json::from_value(serde_json::json!({
                "paid_at": at(when), "amount": Fen::yuan(*yuan), "payee_id": "S1"
            }))
            .expect("payment");
            x.contract_id = Some("C1".to_owned());
            x.is_final = *is_final;
            p.payments.push(x);
        }
        if let Some((done, passed, third)) = c.acceptance {
            let mut a: Acceptance =
                serde_json::from_value(serde_json::json!({"contract_id": "C1"}))
                    .expect("acceptance");
            a.done_at = done.map(at);
            a.passed = passed;
            a.third_party = third;
            p.acceptances.push(a);
        }
        p
    }

    #[test]
    fn table() {
        let ok = Some((Some("2026-05-10 09:00"), Some(true), Some(false)));
        let simple = Some(false);
        #[rustfmt::skip]
        let cases = [
            Case { name: "paid after acceptance", payments: &[("2026-05-10 15:00", 100_000, None)], acceptance: ok, complex: simple, expected: "clear" },
            Case { name: "paid the day before acceptance", payments: &[("2026-05-09 15:00", 100_000, None)], acceptance: ok, complex: simple, expected: "flag" },
            Case { name: "final flag before acceptance", payments: &[("2026-05-01", 10_000, Some(true))], acceptance: ok, complex: simple, expected: "flag" },
            Case { name: "partial payment before acceptance", payments: &[("2026-05-01", 99_999, Some(false))], acceptance: ok, complex: simple, expected: "clear" },
            Case { name: "paid in full, no acceptance record", payments: &[("2026-05-01", 100_000, None)], acceptance: None, complex: simple, expected: "flag" },
            Case { name: "acceptance failed, paid in full", payments: &[("2026-05-11", 100_000, None)], acceptance: Some((Some("2026-05-10 09:00"), Some(false), Some(false))), complex: simple, expected: "flag" },
            Case { name: "acceptance date unknown", payments: &[("2026-05-11", 100_000, None)], acceptance: Some((None, Some(true), Some(false))), complex: simple, expected: "missing" },
            Case { name: "complex without inspector", payments: &[], acceptance: ok, complex: Some(true), expected: "flag" },
            Case { name: "complex with inspector", payments: &[], acceptance: Some((Some("2026-05-10 09:00"), Some(true), Some(true))), complex: Some(true), expected: "clear" },
            Case { name: "complexity unknown", payments: &[], acceptance: ok, complex: None, expected: "missing" },
            Case { name: "nothing known", payments: &[], acceptance: None, complex: simple, expected: "missing" },
        ];
        for c in &cases {
            let out = A10.run(&project(c), &ctx("2026-11-26"));
            assert_eq!(kind(&out), c.expected, "{}: {out:?}", c.name);
        }
    }

    #[test]
    fn public_service() {
        let c = Case {
            name: "",
            payments: &[],
            acceptance: Some((Some("2026-05-10 09:00"), Some(true), Some(false))),
            complex: Some(false),
            expected: "",
        };
        let mut p = project(&c);
        assert!(
            A10.run(&p, &ctx("2026-11-26")).is_clear(),
            "goods: not a public service"
        );
        p.project.object_type = ObjectType::Services;
        assert!(A10.run(&p, &ctx("2026-11-26")).is_insufficient());
        p.acceptances[0].public_service = Some(true);
        p.acceptances[0].recipients_involved = Some(false);
        assert!(A10.run(&p, &ctx("2026-11-26")).is_flagged());
        p.acceptances[0].recipients_involved = Some(true);
        assert!(A10.run(&p, &ctx("2026-11-26")).is_clear());
    }

    #[test]
    fn message() {
        let c = Case {
            name: "",
            payments: &[("2026-05-09 15:00", 100_000, None)],
            acceptance: Some((Some("2026-05-10 09:00"), Some(true), Some(false))),
            complex: Some(false),
            expected: "",
        };
        let out = A10.run(&project(&c), &ctx("2026-11-26"));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "合同C1末笔款于2026-05-09 15:00支付，早于验收完成时间2026-05-10 09:00"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
