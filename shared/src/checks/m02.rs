//! # M02 — 最后报价供应商不足3家 (Fewer than 3 final quotes)
//!
//! **What it checks.** In competitive negotiation, consultation and RFQ, per lot: when fewer than
//! 3 suppliers took part in the final quotation round (`bids[].final_price` present, bid not
//! withdrawn) and the procurement went on to an award, outside the legal exceptions where 2 are
//! enough: negotiation after a failed open tender with exactly 2 responsive suppliers and an
//! approved `two_supplier_continuation` (74号令 Art 27 ¶2); consultation for government-purchased
//! services (财库〔2015〕124号) or for a research project with insufficient market competition
//! (214号 Art 3(四)/21, ground `consultation_scarce_market`). Exactly 3 passes; 2 fails outside
//! the exceptions; 1 always fails.
//!
//! **Why it matters.** Competitive methods need at least three quotes; with fewer the price is not
//! disciplined by competition. 竞争性方式要求至少三家报价，少于三家时成交价缺乏竞争约束。
//!
//! **Legal basis.** 《政府采购法》 第38条、第40条 [V]; 财政部令第74号 第33条、第37条、第49条 [K];
//! 财库〔2014〕214号 第21条 [K]. The minimum of 3 is [`MIN_BIDDERS`](super::m01::MIN_BIDDERS).
//!
//! **Data.** `bids[].final_price`, `bids[].status`, `awards[]` (lot), `project.method_ground`,
//! `project.government_purchased_service`, `approvals[kind=two_supplier_continuation]`.
//! Insufficient data when no bid is known or no bid of an awarded lot carries a final price.
//!
//! **Example.** RFQ with final quotes from 2 suppliers, award made → flagged:
//! "最后报价的供应商仅2家，且不属于法定例外".

use super::prelude::*;
use crate::checks::m01::MIN_BIDDERS;

pub static META: CheckMeta = CheckMeta {
    id: "M02",
    stage: Stage::During,
    subject: Subject::Lot,
    methods: methods::NON_TENDER_COMPETITIVE,
    nodes: &[Node::Evaluation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第38条、第40条"), LegalBasis::k(law::ORDER_74, "第33条、第37条、第49条"), LegalBasis::k(law::CK_2014_214, "第21条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("最后报价供应商不足3家", "Fewer than 3 final quotes"),
    message: Text::new(
        "最后报价的供应商仅{final_quotes}家，且不属于法定例外",
        "Only {final_quotes} suppliers gave a final quote, outside the legal exceptions",
    ),
    why: Text::new(
        "竞争性方式要求至少三家报价，少于三家时成交价缺乏竞争约束。",
        "Competitive methods need at least three quotes; with fewer the price is not disciplined by competition.",
    ),
};
pub static M02: Check = Check { meta: &META, run };

/// Whether 2 final quotes are allowed for this project, and why.
fn two_allowed(p: &ProjectRecord) -> Option<Text> {
    let ground = p.project.method_ground;
    match p.project.method {
        Method::CompetitiveNegotiation => {
            let approved = p
                .approvals_of(ApprovalKind::TwoSupplierContinuation)
                .any(Approval::is_approved);
            (approved && ground == Some(MethodGround::NegotiationTenderFailed)).then_some(
                Text::new(
                    "公开招标失败后经批准两家继续谈判",
                    "two suppliers after a failed tender, approved",
                ),
            )
        }
        Method::CompetitiveConsultation => {
            if p.project.government_purchased_service == Some(true)
                || ground == Some(MethodGround::ConsultationPurchasedService)
            {
                Some(Text::new(
                    "政府购买服务项目",
                    "government-purchased service",
                ))
            } else if ground == Some(MethodGround::ConsultationScarceMarket) {
                Some(Text::new(
                    "市场竞争不充分的科研项目",
                    "research project with scarce competition",
                ))
            } else {
                None
            }
        }
        _ => None,
    }
}

fn lot_outcome(p: &ProjectRecord, lot: Option<&str>) -> Outcome {
    let bids: Vec<&Bid> = p
        .bids_in_lot(lot)
        .filter(|b| b.status != BidStatus::Withdrawn)
        .collect();
    let quotes = bids.iter().filter(|b| b.final_price.is_some()).count() as i64;
    let awarded = p.awards.iter().any(|a| a.lot_id.as_deref() == lot);
    let mut evidence = Evidence::new()
        .count("final_quotes", quotes)
        .count("responses", bids.len() as i64)
        .bool("awarded", awarded);
    if let Some(l) = lot {
        evidence = evidence.text("lot", l);
    }
    if !awarded || quotes >= MIN_BIDDERS {
        return Outcome::clear(evidence);
    }
    if quotes == 0 {
        return Outcome::missing(&["bids[].final_price"]);
    }
    match two_allowed(p) {
        Some(why) if quotes == 2 => Outcome::clear(evidence.label("exception", why)),
        _ => Outcome::flag(&META, evidence),
    }
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    if p.bids.is_empty() {
        return Outcome::missing(&["bids"]);
    }
    let mut lots = p.bid_lots();
    for a in &p.awards {
        if !lots.contains(&a.lot_id.as_deref()) {
            lots.push(a.lot_id.as_deref());
        }
    }
    Outcome::combine(
        lots.into_iter().map(|l| lot_outcome(p, l)),
        Outcome::missing(&["bids"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    /// `quotes` bids with a final price, `silent` without; award made when `awarded`.
    fn project(method: Method, quotes: usize, silent: usize, awarded: bool) -> ProjectRecord {
        let mut p = record(method);
        for i in 0..quotes + silent {
            let fp = (i < quotes).then_some(100_000 + i as i64);
            p.bids.push(
                serde_json::from_value(json!({"id": format!("B{i}"), "supplier_id": format!("S{i}"), "status": "valid", "final_price": fp}))
                    .expect("bid"),
            );
        }
        if awarded {
            p.awards
                .push(serde_json::from_value(json!({"supplier_id": "S0"})).expect("award"));
        }
        p
    }

    #[test]
    fn table() {
        use Method::*;
        let approved = |mut p: ProjectRecord| {
            p.project.method_ground = Some(MethodGround::NegotiationTenderFailed);
            p.approvals.push(
                serde_json::from_value(
                    json!({"kind": "two_supplier_continuation", "result": "approved"}),
                )
                .expect("a"),
            );
            p
        };
        let service = |mut p: ProjectRecord| {
            p.project.government_purchased_service = Some(true);
            p
        };
        let research = |mut p: ProjectRecord| {
            p.project.method_ground = Some(MethodGround::ConsultationScarceMarket);
            p
        };
        let cases: Vec<(&str, ProjectRecord, &str)> = vec![
            (
                "rfq 3 final quotes",
                project(RequestForQuotation, 3, 0, true),
                "clear",
            ),
            (
                "rfq 2 final quotes",
                project(RequestForQuotation, 2, 1, true),
                "flag",
            ),
            (
                "rfq 2 quotes, no award",
                project(RequestForQuotation, 2, 0, false),
                "clear",
            ),
            (
                "negotiation 2, approved after failed tender",
                approved(project(CompetitiveNegotiation, 2, 0, true)),
                "clear",
            ),
            (
                "negotiation 1, approved: still too few",
                approved(project(CompetitiveNegotiation, 1, 0, true)),
                "flag",
            ),
            (
                "negotiation 2 without approval",
                project(CompetitiveNegotiation, 2, 0, true),
                "flag",
            ),
            (
                "consultation 2, purchased service",
                service(project(CompetitiveConsultation, 2, 0, true)),
                "clear",
            ),
            (
                "consultation 2, research project",
                research(project(CompetitiveConsultation, 2, 0, true)),
                "clear",
            ),
            (
                "consultation 2, no exception",
                project(CompetitiveConsultation, 2, 0, true),
                "flag",
            ),
            (
                "rfq 2, a service exception does not apply",
                service(project(RequestForQuotation, 2, 0, true)),
                "flag",
            ),
            (
                "final prices unknown",
                project(RequestForQuotation, 0, 3, true),
                "missing",
            ),
            (
                "no bids",
                project(RequestForQuotation, 0, 0, true),
                "missing",
            ),
        ];
        for (name, p, expected) in cases {
            let out = M02.run(&p, &ctx("2026-11-26"));
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let out = M02.run(
            &project(Method::RequestForQuotation, 2, 0, true),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "最后报价的供应商仅2家，且不属于法定例外");
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
