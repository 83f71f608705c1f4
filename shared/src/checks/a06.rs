//! # A06 — 擅自变更、中止或终止合同 (Unauthorised change, suspension or termination)
//!
//! **What it checks.** Every amendment of a contract that changes, suspends or terminates it
//! (kinds `change`, `suspend`, `terminate`; add-ons are A05's subject) must have a lawful ground
//! on record: the parties may not change, suspend or end a procurement contract at will; the
//! exception is continued performance harming the state or public interest (GP Law Art 50 ¶2).
//! An amendment with `legal_ground = false` is flagged; an unknown ground is insufficient data.
//! A contract without such amendments is clear.
//!
//! **Why it matters.** Parties may not change, suspend or end the contract at will; the
//! public-interest exception must be recorded. 合同双方不得擅自变更、中止或终止合同，公共利益例外须有记录。
//!
//! **Legal basis.** 《政府采购法》 第50条 [V]; 《政府采购法实施条例》 第67条(六)、第72条(六) [V].
//!
//! **Data.** `contracts[].amendments[]` (`kind`, `signed_at`, `legal_ground`, `justification`).
//! No contract known → insufficient data.
//!
//! **Example.** A change signed 2026-06-01 with no lawful ground → flagged: "合同C1于2026-06-01
//! 10:00变更，无法定理由".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A06",
    stage: Stage::Post,
    subject: Subject::Contract,
    methods: methods::SIX,
    nodes: &[Node::Contract],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第50条"), LegalBasis::v(law::GP_REGS, "第67条(六)、第72条(六)")],
    valid_from: None,
    valid_to: None,
    title: Text::new("擅自变更、中止或终止合同", "Unauthorised change, suspension or termination"),
    message: Text::new(
        "合同{contract}于{signed_at}{kind}，无法定理由",
        "Contract {contract} was {kind} on {signed_at} without a legal ground",
    ),
    why: Text::new(
        "合同双方不得擅自变更、中止或终止合同，公共利益例外须有记录。",
        "Parties may not change, suspend or end the contract at will; the public-interest exception must be recorded.",
    ),
};

pub static A06: Check = Check { meta: &META, run };

const DATE_UNKNOWN: Text = Text::new("（日期不详）", "(date unknown)");

fn kind_name(kind: AmendmentKind) -> Option<Text> {
    match kind {
        AmendmentKind::Change => Some(Text::new("变更", "changed")),
        AmendmentKind::Suspend => Some(Text::new("中止", "suspended")),
        AmendmentKind::Terminate => Some(Text::new("终止", "terminated")),
        AmendmentKind::AddOn => None,
    }
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let parts: Vec<Outcome> = p.contracts.iter().map(contract).collect();
    Outcome::combine(parts, Outcome::missing(&["contracts[]"]))
}

fn contract(c: &Contract) -> Outcome {
    let mut parts = Vec::new();
    for a in &c.amendments {
        let Some(name) = kind_name(a.kind) else {
            continue;
        };
        let mut evidence = Evidence::new()
            .text("contract", c.id.clone())
            .label("kind", name)
            .with(
                "signed_at",
                a.signed_at
                    .map_or(Value::Label(DATE_UNKNOWN), Value::Instant),
            );
        if let Some(j) = &a.justification {
            evidence.push("justification", Value::Text(j.clone()));
        }
        parts.push(match a.legal_ground {
            Some(true) => Outcome::clear(evidence.bool("legal_ground", true)),
            Some(false) => Outcome::flag(&META, evidence.bool("legal_ground", false)),
            None => Outcome::missing(&["contracts[].amendments[].legal_ground"]),
        });
    }
    Outcome::combine(
        parts,
        Outcome::clear(
            Evidence::new()
                .text("contract", c.id.clone())
                .count("changes", 0),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn project(amendments: &[(AmendmentKind, Option<bool>)]) -> ProjectRecord {
        let mut c: Contract =
            serde_json::from_value(serde_json::json!({"id": "C1", "supplier_id": "S1"}))
                .expect("contract");
        for (k, ground) in amendments {
            let mut a: Amendment =
                serde_json::from_value(serde_json::json!({ "kind": k })).expect("amendment");
            a.signed_at = Some(at("2026-06-01 10:00"));
            a.legal_ground = *ground;
            c.amendments.push(a);
        }
        let mut p = record(Method::PublicTender);
        p.contracts.push(c);
        p
    }

    /// Name, (kind, legal ground) of each amendment, expected.
    type Case = (
        &'static str,
        &'static [(AmendmentKind, Option<bool>)],
        &'static str,
    );

    #[test]
    fn table() {
        use AmendmentKind::*;
        #[rustfmt::skip]
        let cases: &[Case] = &[
            ("no amendments", &[], "clear"),
            ("change with a lawful ground", &[(Change, Some(true))], "clear"),
            ("change without a lawful ground", &[(Change, Some(false))], "flag"),
            ("termination without a lawful ground", &[(Terminate, Some(false))], "flag"),
            ("suspension, ground unknown", &[(Suspend, None)], "missing"),
            ("add-ons are A05's subject", &[(AddOn, Some(false))], "clear"),
            ("one lawful, one not", &[(Change, Some(true)), (Suspend, Some(false))], "flag"),
        ];
        for (name, amendments, expected) in cases {
            let out = A06.run(&project(amendments), &ctx("2026-11-26"));
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
        assert!(A06
            .run(&record(Method::PublicTender), &ctx("2026-11-26"))
            .is_insufficient());
    }

    #[test]
    fn message() {
        let out = A06.run(
            &project(&[(AmendmentKind::Change, Some(false))]),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "合同C1于2026-06-01 10:00变更，无法定理由");
        assert_eq!(
            f.message_en,
            "Contract C1 was changed on 2026-06-01 10:00 without a legal ground"
        );
    }
}
