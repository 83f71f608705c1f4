//! # P10 — 获准进口但排斥国内产品 (Approved import but domestic products excluded)
//!
//! **What it checks.** An import approval lets imported products take part; the documents may
//! not then exclude or restrict domestic products. When an import approval is granted, the check
//! reads `documents.excludes_domestic_products`; when that is not given, it searches the
//! documents' text for a short curated list of phrases ([`PATTERNS`], plain substring
//! matching) — a text match is a risk for a person to confirm. Without an approved import
//! approval there is nothing to judge (clear; imports without approval are P09).
//!
//! **Why it matters.** An import approval lets imported products compete; it does not allow
//! excluding domestic ones. 进口核准只是允许进口产品参与，不得限制或排斥国内产品。
//!
//! **Legal basis.** 财办库〔2008〕248号 [K].
//!
//! **Data.** `approvals[kind=import]`, `documents.excludes_domestic_products`, `documents.text`.
//!
//! **Example.** Import approved, text "本项目只接受进口产品" → flagged: "已获进口产品审批，但采购文件
//! 排斥国内产品".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P10",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ImportApproval],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::CBK_2008_248, "")],
    valid_from: None,
    valid_to: None,
    title: Text::new("获准进口但排斥国内产品", "Approved import but domestic products excluded"),
    message: Text::new(
        "已获进口产品审批，但采购文件排斥国内产品",
        "Imports are approved, but the documents exclude domestic products",
    ),
    why: Text::new(
        "进口核准只是允许进口产品参与，不得限制或排斥国内产品。",
        "An import approval lets imported products compete; it does not allow excluding domestic ones.",
    ),
};

pub static P10: Check = Check { meta: &META, run };

/// Phrases that exclude domestic products.
pub const PATTERNS: &[&str] = &[
    "只接受进口",
    "仅接受进口",
    "仅限进口",
    "只限进口",
    "必须为进口",
    "必须是进口",
    "须为进口产品",
    "不接受国产",
    "不接受国内产品",
    "拒绝国产",
    "国产产品不得",
    "国产品牌不得",
    "排除国产",
    "不得投报国产",
];

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    if !p
        .approvals_of(ApprovalKind::Import)
        .any(Approval::is_approved)
    {
        return Outcome::clear(Evidence::new().bool("import_approved", false));
    }
    let docs = p.documents.as_ref();
    let evidence = Evidence::new().bool("import_approved", true);
    match docs.and_then(|d| d.excludes_domestic_products) {
        Some(true) => {
            return Outcome::flag(&META, evidence.bool("excludes_domestic_products", true))
        }
        Some(false) => return Outcome::clear(evidence.bool("excludes_domestic_products", false)),
        None => {}
    }
    let Some(text) = docs.and_then(|d| d.text.as_deref()) else {
        return Outcome::missing(&["documents.excludes_domestic_products", "documents.text"]);
    };
    match PATTERNS.iter().find(|pat| text.contains(*pat)) {
        Some(pat) => Outcome::flag(
            &META,
            evidence
                .text("matched_phrase", *pat)
                .bool("to_be_confirmed", true),
        ),
        None => Outcome::clear(evidence.count("patterns_searched", PATTERNS.len() as i64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};

    type Case<'a> = (
        &'a str,
        Option<ApprovalResult>,
        Option<bool>,
        Option<&'a str>,
        &'a str,
    );

    #[test]
    fn table() {
        use ApprovalResult::*;
        let cases: &[Case] = &[
            (
                "approved, excludes domestic",
                Some(Approved),
                Some(true),
                None,
                "flag",
            ),
            (
                "approved, does not exclude",
                Some(Approved),
                Some(false),
                Some("只接受进口"),
                "clear",
            ),
            (
                "approved, text excludes",
                Some(Approved),
                None,
                Some("本项目只接受进口产品投标。"),
                "flag",
            ),
            (
                "approved, text neutral",
                Some(Approved),
                None,
                Some("本项目接受进口产品投标。"),
                "clear",
            ),
            (
                "approved, nothing known",
                Some(Approved),
                None,
                None,
                "missing",
            ),
            ("not approved", Some(Rejected), Some(true), None, "clear"),
            ("no approval", None, Some(true), None, "clear"),
        ];
        let c = ctx("2026-11-26");
        for (name, result, excludes, text, expected) in cases {
            let mut p = record(Method::PublicTender);
            if let Some(r) = result {
                p.approvals.push(Approval {
                    kind: ApprovalKind::Import,
                    submitted_at: None,
                    decided_at: None,
                    result: Some(*r),
                    to_method: None,
                });
            }
            p.documents = Some(ProcurementDocuments {
                excludes_domestic_products: *excludes,
                text: text.map(str::to_owned),
                ..Default::default()
            });
            let out = P10.run(&p, &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }
}
