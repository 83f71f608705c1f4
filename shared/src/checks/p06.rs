//! # P06 — 非招标方式适用情形不符 (Non-tender method used outside its legal grounds)
//!
//! **What it checks.** Each method other than open tender is lawful only on its listed grounds:
//! 邀请招标 on GP Law Art 29 (few suppliers; open-tender cost disproportionate), 竞争性谈判 on
//! Art 30 (tender failed; complex; urgent; price not calculable), 单一来源 on Art 31 (only one
//! supplier; emergency; add-on), 询价 on Art 32 (standard goods with stable prices — so only for
//! goods), 竞争性磋商 on 214号 Art 3 (purchased services; complex; scarce market / research;
//! price not calculable; works outside the Bidding Law). The claimed `project.method_ground`
//! must belong to the method used; a ground of another method or `other` is flagged, and 询价
//! for services or works is flagged whatever the ground. Whether the facts behind the ground are
//! true is for a reviewer; this check only tests that the claim is a lawful one for the method.
//!
//! **Why it matters.** Each method is lawful only in its listed cases; a wrong ground is a common
//! way to avoid competition. 每种采购方式只能在法定情形下使用；理由不符是规避竞争的常见手段。
//!
//! **Legal basis.** 《政府采购法》 第29条—第32条 [V]; 《政府采购法实施条例》 第26条、第27条 [V];
//! 财库〔2014〕214号 第3条 [K].
//!
//! **Data.** `project.method`, `project.method_ground`, `project.object_type`.
//!
//! **Example.** Single source on the ground "technically complex" → flagged: "采用单一来源，所述
//! 理由技术复杂或性质特殊（谈判）不属于法定适用情形".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P06",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::NOT_OPEN_TENDER,
    nodes: &[Node::MethodApproval],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第29条—第32条"), LegalBasis::v(law::GP_REGS, "第26条、第27条"), LegalBasis::k(law::CK_2014_214, "第3条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("非招标方式适用情形不符", "Non-tender method used outside its legal grounds"),
    message: Text::new(
        "采用{method}，所述理由{ground}不属于法定适用情形",
        "{method} was used on a ground ({ground}) outside its legal cases",
    ),
    why: Text::new(
        "每种采购方式只能在法定情形下使用；理由不符是规避竞争的常见手段。",
        "Each method is lawful only in its listed cases; a wrong ground is a common way to avoid competition.",
    ),
};

pub static P06: Check = Check { meta: &META, run };

const RFQ_NOT_GOODS: Text = Text::new("询价只适用于货物", "RFQ is for goods only");

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let method = p.project.method;
    let Some(g) = p.project.method_ground else {
        return Outcome::missing(&["project.method_ground"]);
    };
    let (name, belongs_to) = (g.name(), g.method());
    let mut evidence = Evidence::new()
        .label("method", method.name())
        .label("ground", name)
        .label("object_type", p.project.object_type.name());
    if let Some(r) = &p.project.method_reason {
        evidence = evidence.text("reason", r.clone());
    }
    if method == Method::RequestForQuotation && p.project.object_type != ObjectType::Goods {
        return Outcome::flag(&META, evidence.label("issue", RFQ_NOT_GOODS));
    }
    if belongs_to == Some(method) {
        Outcome::clear(evidence)
    } else {
        Outcome::flag(&META, evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};

    type Case<'a> = (&'a str, Method, Option<MethodGround>, ObjectType, &'a str);

    #[test]
    fn table() {
        use Method::*;
        use MethodGround::*;
        use ObjectType::*;
        let cases: &[Case] = &[
            (
                "invited, few suppliers",
                InvitedTender,
                Some(InvitedFewSuppliers),
                Goods,
                "clear",
            ),
            (
                "invited on a negotiation ground",
                InvitedTender,
                Some(NegotiationUrgent),
                Goods,
                "flag",
            ),
            (
                "negotiation, tender failed",
                CompetitiveNegotiation,
                Some(NegotiationTenderFailed),
                Services,
                "clear",
            ),
            (
                "single source, complex",
                SingleSource,
                Some(NegotiationComplex),
                Goods,
                "flag",
            ),
            (
                "single source, only supplier",
                SingleSource,
                Some(SingleOnlySupplier),
                Goods,
                "clear",
            ),
            (
                "rfq, standard goods",
                RequestForQuotation,
                Some(RfqStandardGoods),
                Goods,
                "clear",
            ),
            (
                "rfq for services",
                RequestForQuotation,
                Some(RfqStandardGoods),
                Services,
                "flag",
            ),
            (
                "consultation, purchased services",
                CompetitiveConsultation,
                Some(ConsultationPurchasedService),
                Services,
                "clear",
            ),
            (
                "consultation, other",
                CompetitiveConsultation,
                Some(Other),
                Services,
                "flag",
            ),
            (
                "ground unknown",
                CompetitiveNegotiation,
                None,
                Goods,
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, method, g, object, expected) in cases {
            let mut p = record(*method);
            p.project.method_ground = *g;
            p.project.object_type = *object;
            let out = P06.run(&p, &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let mut p = record(Method::SingleSource);
        p.project.method_ground = Some(MethodGround::NegotiationComplex);
        let Outcome::Flagged(f) = P06.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "采用单一来源，所述理由技术复杂或性质特殊（谈判）不属于法定适用情形"
        );
        assert!(!f.message_en.contains('{'));
    }
}
