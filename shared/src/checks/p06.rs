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

/// The name of a ground, and the method it belongs to.
fn ground(g: MethodGround) -> (Text, Option<Method>) {
    use Method::*;
    use MethodGround::*;
    match g {
        InvitedFewSuppliers => (
            Text::new(
                "具有特殊性，只能从有限范围的供应商处采购（邀请招标）",
                "special nature, few suppliers (invited tender)",
            ),
            Some(InvitedTender),
        ),
        InvitedCostDisproportionate => (
            Text::new(
                "公开招标费用占采购总价比例过大（邀请招标）",
                "open-tender cost disproportionate (invited tender)",
            ),
            Some(InvitedTender),
        ),
        NegotiationTenderFailed => (
            Text::new(
                "招标后没有供应商投标或没有合格标的（谈判）",
                "tender failed (negotiation)",
            ),
            Some(CompetitiveNegotiation),
        ),
        NegotiationComplex => (
            Text::new(
                "技术复杂或性质特殊（谈判）",
                "technically complex or special (negotiation)",
            ),
            Some(CompetitiveNegotiation),
        ),
        NegotiationUrgent => (
            Text::new(
                "采用招标所需时间不能满足紧急需要（谈判）",
                "urgent, tendering too slow (negotiation)",
            ),
            Some(CompetitiveNegotiation),
        ),
        NegotiationPriceNotCalculable => (
            Text::new(
                "不能事先计算出价格总额（谈判）",
                "total price not calculable (negotiation)",
            ),
            Some(CompetitiveNegotiation),
        ),
        SingleOnlySupplier => (
            Text::new(
                "只能从唯一供应商处采购（单一来源）",
                "only one supplier (single source)",
            ),
            Some(SingleSource),
        ),
        SingleEmergency => (
            Text::new(
                "发生不可预见的紧急情况（单一来源）",
                "unforeseeable emergency (single source)",
            ),
            Some(SingleSource),
        ),
        SingleAddOn => (
            Text::new(
                "需从原供应商处添购（单一来源）",
                "add-on to the original contract (single source)",
            ),
            Some(SingleSource),
        ),
        RfqStandardGoods => (
            Text::new(
                "货物规格标准统一、现货充足且价格变化小（询价）",
                "standard goods, stable prices (RFQ)",
            ),
            Some(RequestForQuotation),
        ),
        ConsultationPurchasedService => (
            Text::new(
                "政府购买服务项目（磋商）",
                "government-purchased services (consultation)",
            ),
            Some(CompetitiveConsultation),
        ),
        ConsultationComplex => (
            Text::new(
                "技术复杂或性质特殊（磋商）",
                "technically complex or special (consultation)",
            ),
            Some(CompetitiveConsultation),
        ),
        ConsultationScarceMarket => (
            Text::new(
                "市场竞争不充分的科研项目等（磋商）",
                "research with a scarce market (consultation)",
            ),
            Some(CompetitiveConsultation),
        ),
        ConsultationPriceNotCalculable => (
            Text::new(
                "不能事先计算出价格总额（磋商）",
                "total price not calculable (consultation)",
            ),
            Some(CompetitiveConsultation),
        ),
        ConsultationWorksOutsideTender => (
            Text::new(
                "必须招标以外的工程建设项目（磋商）",
                "works outside the must-tender scope (consultation)",
            ),
            Some(CompetitiveConsultation),
        ),
        Other => (Text::new("其他理由", "another reason"), None),
    }
}

const RFQ_NOT_GOODS: Text = Text::new("询价只适用于货物", "RFQ is for goods only");

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let method = p.project.method;
    let Some(g) = p.project.method_ground else {
        return Outcome::missing(&["project.method_ground"]);
    };
    let (name, belongs_to) = ground(g);
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
