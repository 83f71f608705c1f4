//! # P24 — 歧视性或限制性条款 (Discriminatory or restrictive terms)
//!
//! **What it checks.** A text rule over the documents' text (qualification, scoring and
//! specification parts): a curated list of Chinese phrases ([`PATTERNS`]) for the cases of 条例
//! Art 20 and 87号令 Art 17, matched as plain substrings (no regular expressions):
//! - 特定行政区域或者特定行业的业绩、奖项 as scoring or qualification (本地业绩, 省内业绩, 本行业奖项 …);
//! - a named brand, patent, trademark or supplier (指定品牌, 指定专利, 原厂授权 …);
//! - ownership form or location (国有企业, 本地注册, 本地设立分支机构 …);
//! - size conditions (注册资本, 资产总额, 营业收入, 从业人员, 利润, 纳税额) and founding age;
//! - specifications pointing at one product (独家, 唯一指定 …).
//!
//! Every match is evidence (named by the phrase, valued by the text around it). **A match is a
//! risk for a person to confirm, not a finding of a violation**: a phrase can appear in a lawful
//! sentence ("不得以注册资本作为资格条件"). The check is therefore a risk indicator.
//!
//! **Why it matters.** Treating suppliers differently through unreasonable conditions is
//! expressly forbidden, and such clauses are the usual way to tailor a procurement.
//! 以不合理条件对供应商实行差别或歧视待遇为条例明令禁止。
//!
//! **Legal basis.** 《政府采购法实施条例》 第20条 [V]; 《政府采购法》 第22条第2款 [V]; 财政部令第87号
//! 第17条 [K].
//!
//! **Data.** `documents.text`. Insufficient data when there is no text.
//!
//! **Example.** "投标人注册资本不低于5000万元" → flagged: "采购文件含疑似限制性条款（待人工确认）：
//! 注册资本（规模条件）".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P24",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::COMPETITIVE,
    nodes: &[Node::DocumentPreparation],
    severity: Severity::High,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::v(law::GP_REGS, "第20条"),
        LegalBasis::v(law::GP_LAW, "第22条第2款"),
        LegalBasis::k(law::ORDER_87, "第17条"),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("歧视性或限制性条款", "Discriminatory or restrictive terms"),
    message: Text::new(
        "采购文件含疑似限制性条款（待人工确认）：{term}（{category}），共{matches}处",
        "The documents contain a suspected restrictive term (to be confirmed by a reviewer): {term} ({category}), {matches} match(es) in all",
    ),
    why: Text::new(
        "以不合理条件对供应商实行差别或歧视待遇为条例明令禁止。",
        "Treating suppliers differently through unreasonable conditions is expressly forbidden.",
    ),
};

pub static P24: Check = Check { meta: &META, run };

const REGIONAL: Text = Text::new(
    "特定区域或行业的业绩、奖项",
    "regional or industry-specific performance or awards",
);
const NAMED: Text = Text::new(
    "指定品牌、专利、商标或供应商",
    "named brand, patent, trademark or supplier",
);
const OWNERSHIP: Text = Text::new("所有制形式或所在地限制", "ownership form or location");
const SIZE: Text = Text::new("规模条件", "size condition");
const ONE_PRODUCT: Text = Text::new("指向特定产品", "specification pointing at one product");

/// The curated patterns (条例 Art 20, 87号令 Art 17), each with its category.
pub const PATTERNS: &[(&str, Text)] = &[
    // 特定行政区域或者特定行业的业绩、奖项 (条例 Art 20(四)).
    ("本地业绩", REGIONAL),
    ("本市业绩", REGIONAL),
    ("本省业绩", REGIONAL),
    ("省内业绩", REGIONAL),
    ("市内业绩", REGIONAL),
    ("本地区业绩", REGIONAL),
    ("江苏省内业绩", REGIONAL),
    ("常州市内业绩", REGIONAL),
    ("本行业业绩", REGIONAL),
    ("本地奖项", REGIONAL),
    ("本省奖项", REGIONAL),
    ("省级奖项", REGIONAL),
    ("市级奖项", REGIONAL),
    ("行业奖项", REGIONAL),
    // 限定或者指定特定的专利、商标、品牌或者供应商 (条例 Art 20(六)).
    ("指定品牌", NAMED),
    ("限定品牌", NAMED),
    ("品牌须为", NAMED),
    ("品牌必须为", NAMED),
    ("指定专利", NAMED),
    ("指定商标", NAMED),
    ("指定供应商", NAMED),
    ("特定供应商", NAMED),
    ("原厂授权", NAMED),
    ("厂家授权", NAMED),
    ("制造商授权", NAMED),
    // 非法限定供应商的所有制形式、组织形式或者所在地 (条例 Art 20(八)).
    ("国有企业", OWNERSHIP),
    ("国有独资", OWNERSHIP),
    ("国有控股", OWNERSHIP),
    ("民营企业不得", OWNERSHIP),
    ("外资企业不得", OWNERSHIP),
    ("本地注册", OWNERSHIP),
    ("在本市注册", OWNERSHIP),
    ("在本地注册", OWNERSHIP),
    ("注册地须", OWNERSHIP),
    ("注册地必须", OWNERSHIP),
    ("本地企业", OWNERSHIP),
    ("本地设立分支机构", OWNERSHIP),
    ("本地设有分支机构", OWNERSHIP),
    ("本地设有服务网点", OWNERSHIP),
    ("本地办公场所", OWNERSHIP),
    // 规模条件 (87号令 Art 17).
    ("注册资本", SIZE),
    ("资产总额", SIZE),
    ("营业收入", SIZE),
    ("从业人员", SIZE),
    ("利润", SIZE),
    ("纳税额", SIZE),
    ("成立年限", SIZE),
    // 技术、服务等条件指向特定供应商、特定产品 (条例 Art 20(三)).
    ("独家", ONE_PRODUCT),
    ("唯一指定", ONE_PRODUCT),
    ("专有技术", ONE_PRODUCT),
];

/// Up to `n` characters either side of the match at byte `start..end`.
fn excerpt(text: &str, start: usize, end: usize, n: usize) -> String {
    let before: Vec<char> = text
        .get(..start)
        .unwrap_or("")
        .chars()
        .rev()
        .take(n)
        .collect();
    let after: String = text.get(end..).unwrap_or("").chars().take(n).collect();
    let before: String = before.into_iter().rev().collect();
    format!(
        "…{before}【{}】{after}…",
        text.get(start..end).unwrap_or("")
    )
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let Some(text) = p.documents.as_ref().and_then(|d| d.text.as_deref()) else {
        return Outcome::missing(&["documents.text"]);
    };
    let mut evidence = Evidence::new();
    let mut first: Option<(&str, Text)> = None;
    let mut matches = 0i64;
    for (pat, category) in PATTERNS {
        let found: Vec<usize> = text.match_indices(pat).map(|(i, _)| i).collect();
        if let Some(&i) = found.first() {
            matches += found.len() as i64;
            first.get_or_insert((pat, *category));
            evidence.push(pat, Value::Text(excerpt(text, i, i + pat.len(), 15)));
        }
    }
    match first {
        Some((term, category)) => {
            let head = Evidence::new()
                .text("term", term)
                .label("category", category)
                .count("matches", matches)
                .bool("to_be_confirmed", true);
            let mut all = head;
            for item in evidence.0 {
                all.push(item.name, item.value);
            }
            Outcome::flag(&META, all)
        }
        None => Outcome::clear(
            Evidence::new()
                .count("patterns_searched", PATTERNS.len() as i64)
                .count("matches", 0),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};

    fn run_text(text: Option<&str>) -> Outcome {
        let mut p = record(Method::PublicTender);
        p.documents = Some(ProcurementDocuments {
            text: text.map(str::to_owned),
            ..Default::default()
        });
        P24.run(&p, &ctx("2026-11-26"))
    }

    #[test]
    fn table() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            (
                "size condition",
                Some("投标人注册资本不低于5000万元。"),
                "flag",
            ),
            (
                "regional performance as score",
                Some("具有常州市内业绩的，每项加2分。"),
                "flag",
            ),
            ("named brand", Some("核心设备指定品牌为某某。"), "flag"),
            ("location", Some("投标人须在本地设立分支机构。"), "flag"),
            ("ownership", Some("投标人须为国有企业。"), "flag"),
            (
                "manufacturer authorisation",
                Some("须提供原厂授权书。"),
                "flag",
            ),
            (
                "neutral text",
                Some("投标人应具有独立承担民事责任的能力，具有良好的商业信誉。"),
                "clear",
            ),
            ("empty text", Some(""), "clear"),
            ("no text", None, "missing"),
        ];
        for (name, text, expected) in cases {
            let out = run_text(*text);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn every_match_is_evidence() {
        let out = run_text(Some(
            "注册资本不低于1000万元，营业收入不低于2亿元，注册资本实缴。",
        ));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(f.evidence.get("matches"), Some(&Value::Count(3)));
        assert_eq!(
            f.evidence.get("营业收入"),
            Some(&Value::Text(
                "…注册资本不低于1000万元，【营业收入】不低于2亿元，注册资本实缴。…".to_owned()
            ))
        );
        assert_eq!(
            f.message_zh,
            "采购文件含疑似限制性条款（待人工确认）：注册资本（规模条件），共3处"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
