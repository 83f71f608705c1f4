//! # P14 — 采购文件未公开预算金额 (Budget amount not disclosed)
//!
//! **What it checks.** Every notice that opens a competitive procedure (招标公告, 投标邀请书, 竞争性
//! 谈判/磋商公告, 询价公告) must state the budget amount (采购项目预算金额). A notice whose
//! `budget_amount` is empty is flagged — the model defines an empty amount on a notice as "not
//! disclosed". Pre-qualification notices, single-source notices and later notices (corrections,
//! results) are not judged. No such notice yet → insufficient data.
//!
//! **Why it matters.** Disclosing the budget is required and prevents price manipulation through
//! unequal information. 公开预算金额是条例的要求，也防止以预算信息不对称操纵报价。
//!
//! **Legal basis.** 《政府采购法实施条例》 第30条 [V].
//!
//! **Data.** `notices[kind ∈ tender, invitation, negotiation, consultation,
//! request_for_quotation].budget_amount`.
//!
//! **Example.** Tender notice without an amount → flagged: "招标公告未载明采购预算金额".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P14",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第30条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("采购文件未公开预算金额", "Budget amount not disclosed"),
    message: Text::new(
        "{notice_kind}未载明采购预算金额",
        "The {notice_kind} does not state the budget amount",
    ),
    why: Text::new(
        "公开预算金额是条例的要求，也防止以预算信息不对称操纵报价。",
        "Disclosing the budget is required and prevents price manipulation through unequal information.",
    ),
};

pub static P14: Check = Check { meta: &META, run };

/// The notice kinds that must disclose the budget, with their names.
fn kind_name(kind: NoticeKind) -> Option<Text> {
    match kind {
        NoticeKind::Tender => Some(Text::new("招标公告", "tender notice")),
        NoticeKind::Invitation => Some(Text::new("投标（响应）邀请书", "invitation")),
        NoticeKind::Negotiation => Some(Text::new("竞争性谈判公告", "negotiation notice")),
        NoticeKind::Consultation => Some(Text::new("竞争性磋商公告", "consultation notice")),
        NoticeKind::RequestForQuotation => {
            Some(Text::new("询价公告", "request-for-quotation notice"))
        }
        _ => None,
    }
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let parts: Vec<Outcome> = p
        .notices
        .iter()
        .filter_map(|n| kind_name(n.kind).map(|name| (n, name)))
        .map(|(n, name)| {
            let mut e = Evidence::new()
                .label("notice_kind", name)
                .instant("published_at", n.published_at);
            if let Some(lot) = &n.lot_id {
                e = e.text("lot", lot.clone());
            }
            match n.budget_amount {
                Some(b) => Outcome::clear(e.money("disclosed_budget", b)),
                None => Outcome::flag(&META, e),
            }
        })
        .collect();
    Outcome::combine(
        parts,
        Outcome::missing(&[
            "notices[] (tender / invitation / negotiation / consultation / RFQ notice)",
        ]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    fn notice(kind: NoticeKind, budget: Option<i64>) -> Notice {
        Notice {
            id: None,
            kind,
            lot_id: None,
            published_at: at("2026-03-02 09:00"),
            media: vec![],
            period_end: None,
            budget_amount: budget.map(Fen),
            content: None,
        }
    }

    #[test]
    fn table() {
        use NoticeKind::*;
        let cases: Vec<(&str, Vec<Notice>, &str)> = vec![
            ("disclosed", vec![notice(Tender, Some(100))], "clear"),
            ("not disclosed", vec![notice(Tender, None)], "flag"),
            (
                "one lot notice without amount",
                vec![notice(Negotiation, Some(100)), notice(Negotiation, None)],
                "flag",
            ),
            (
                "result notice does not count",
                vec![notice(RequestForQuotation, Some(100)), notice(Result, None)],
                "clear",
            ),
            (
                "only a pre-qualification notice",
                vec![notice(Prequalification, None)],
                "missing",
            ),
            ("no notice", vec![], "missing"),
        ];
        let c = ctx("2026-11-26");
        for (name, notices, expected) in cases {
            let mut p = record(Method::PublicTender);
            p.notices = notices;
            let out = P14.run(&p, &c);
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let mut p = record(Method::PublicTender);
        p.notices = vec![notice(NoticeKind::Tender, None)];
        let Outcome::Flagged(f) = P14.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(f.message_zh, "招标公告未载明采购预算金额");
        assert_eq!(
            f.message_en,
            "The tender notice does not state the budget amount"
        );
    }
}
