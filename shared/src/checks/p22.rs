//! # P22 — 未在指定媒体发布 (Not published in a designated medium)
//!
//! **What it checks.** Every notice must appear in at least one medium designated by the finance
//! department: 中国政府采购网 (`ccgp.gov.cn`, including its subdomains) or a provincial branch
//! (`ccgp-jiangsu.gov.cn` …). The list is data in this file ([`DESIGNATED`]): host names, matched
//! after removing the scheme, `www.`, port and path, exactly or as a parent domain; the Chinese
//! site names are accepted too. A notice with no medium recorded is insufficient data.
//!
//! **Why it matters.** Procurement information must appear in the media designated by the
//! finance department, so it is complete and searchable. 采购信息须在财政部门指定的媒体发布。
//!
//! **Legal basis.** 《政府采购法实施条例》 第8条 [V]; 财政部令第101号 [K].
//!
//! **Data.** `notices[].media`.
//!
//! **Example.** Tender notice only on `www.example-bid.com` → flagged: "招标公告发布媒体
//! www.example-bid.com不在指定媒体之列".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P22",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::NoticeInvitation],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第8条"), LegalBasis::k(law::ORDER_101, "")],
    valid_from: None,
    valid_to: None,
    title: Text::new("未在指定媒体发布", "Not published in a designated medium"),
    message: Text::new(
        "{notice_kind}发布媒体{media}不在指定媒体之列",
        "The {notice_kind} was published in {media}, not a designated medium",
    ),
    why: Text::new(
        "采购信息须在财政部门指定的媒体发布，确保统一、可查。",
        "Procurement information must appear in the media designated by the finance department, so it is complete and searchable.",
    ),
};

pub static P22: Check = Check { meta: &META, run };

/// The designated media: 中国政府采购网 and its provincial (and separately listed city) branches,
/// by host name. A host matches when equal or a subdomain (`www.`, `js.ccgp.gov.cn`).
pub const DESIGNATED: &[&str] = &[
    "ccgp.gov.cn",
    "ccgp-beijing.gov.cn",
    "ccgp-tianjin.gov.cn",
    "ccgp-hebei.gov.cn",
    "ccgp-shanxi.gov.cn",
    "ccgp-neimenggu.gov.cn",
    "ccgp-liaoning.gov.cn",
    "ccgp-jilin.gov.cn",
    "ccgp-heilongj.gov.cn",
    "ccgp-shanghai.gov.cn",
    "zfcg.sh.gov.cn",
    "ccgp-jiangsu.gov.cn",
    "ccgp-zhejiang.gov.cn",
    "zfcg.czt.zj.gov.cn",
    "ccgp-anhui.gov.cn",
    "ccgp-fujian.gov.cn",
    "ccgp-jiangxi.gov.cn",
    "ccgp-shandong.gov.cn",
    "ccgp-henan.gov.cn",
    "ccgp-hubei.gov.cn",
    "ccgp-hunan.gov.cn",
    "ccgp-guangdong.gov.cn",
    "ccgp-guangxi.gov.cn",
    "ccgp-hainan.gov.cn",
    "ccgp-chongqing.gov.cn",
    "ccgp-sichuan.gov.cn",
    "ccgp-guizhou.gov.cn",
    "ccgp-yunnan.gov.cn",
    "ccgp-xizang.gov.cn",
    "ccgp-shaanxi.gov.cn",
    "ccgp-gansu.gov.cn",
    "ccgp-qinghai.gov.cn",
    "ccgp-ningxia.gov.cn",
    "ccgp-xinjiang.gov.cn",
    "ccgp-dalian.gov.cn",
    "ccgp-qingdao.gov.cn",
    "ccgp-ningbo.gov.cn",
    "ccgp-xiamen.gov.cn",
    "ccgp-shenzhen.gov.cn",
    "zfcg.sz.gov.cn",
];

/// Site names accepted as written.
pub const DESIGNATED_NAMES: &[&str] = &["中国政府采购网", "江苏政府采购网", "江苏省政府采购网"];

/// `https://www.ccgp-jiangsu.gov.cn:443/x` → `ccgp-jiangsu.gov.cn`.
fn host(medium: &str) -> String {
    let s = medium.trim().to_ascii_lowercase();
    let s = s.split("://").last().unwrap_or("").to_owned();
    let s = s.split(['/', '?', '#']).next().unwrap_or("");
    let s = s.split(':').next().unwrap_or("");
    s.trim_start_matches("www.")
        .trim_end_matches('.')
        .to_owned()
}

/// Whether a medium is designated.
pub fn is_designated(medium: &str) -> bool {
    let m = medium.trim();
    if DESIGNATED_NAMES.contains(&m) {
        return true;
    }
    let h = host(m);
    DESIGNATED
        .iter()
        .any(|d| h == *d || h.ends_with(&format!(".{d}")))
}

fn kind_name(kind: NoticeKind) -> Text {
    match kind {
        NoticeKind::Tender => Text::new("招标公告", "tender notice"),
        NoticeKind::Prequalification => Text::new("资格预审公告", "pre-qualification notice"),
        NoticeKind::Invitation => Text::new("邀请书", "invitation"),
        NoticeKind::Negotiation => Text::new("竞争性谈判公告", "negotiation notice"),
        NoticeKind::Consultation => Text::new("竞争性磋商公告", "consultation notice"),
        NoticeKind::RequestForQuotation => Text::new("询价公告", "request-for-quotation notice"),
        NoticeKind::SingleSourcePublic => Text::new("单一来源公示", "single-source notice"),
        NoticeKind::Correction => Text::new("更正公告", "correction notice"),
        NoticeKind::Result => Text::new("结果公告", "result notice"),
        NoticeKind::Termination => Text::new("终止公告", "termination notice"),
        NoticeKind::Contract => Text::new("合同公告", "contract notice"),
    }
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let parts = p.notices.iter().map(|n| {
        if n.media.is_empty() {
            return Outcome::missing(&["notices[].media"]);
        }
        let evidence = Evidence::new()
            .label("notice_kind", kind_name(n.kind))
            .instant("published_at", n.published_at)
            .text("media", n.media.join("、"));
        if n.media.iter().any(|m| is_designated(m)) {
            Outcome::clear(evidence)
        } else {
            Outcome::flag(&META, evidence)
        }
    });
    Outcome::combine(parts, Outcome::missing(&["notices[]"]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    #[test]
    fn media_matching() {
        for ok in [
            "ccgp.gov.cn",
            "http://www.ccgp.gov.cn/cggg/",
            "https://www.ccgp-jiangsu.gov.cn:443/ggxx",
            "CCGP-JIANGSU.GOV.CN",
            "js.ccgp.gov.cn",
            "中国政府采购网",
        ] {
            assert!(is_designated(ok), "{ok}");
        }
        for bad in [
            "www.example-bid.com",
            "ccgp.gov.cn.evil.com",
            "notccgp.gov.cn",
            "fakeccgp-jiangsu.gov.cn",
            "",
            "常州日报",
        ] {
            assert!(!is_designated(bad), "{bad}");
        }
    }

    fn notice(kind: NoticeKind, media: &[&str]) -> Notice {
        Notice {
            id: None,
            kind,
            lot_id: None,
            published_at: at("2026-03-02 09:00"),
            media: media.iter().map(|s| (*s).to_owned()).collect(),
            period_end: None,
            budget_amount: None,
            content: None,
        }
    }

    #[test]
    fn table() {
        use NoticeKind::*;
        let cases: Vec<(&str, Vec<Notice>, &str)> = vec![
            (
                "provincial branch",
                vec![notice(Tender, &["ccgp-jiangsu.gov.cn"])],
                "clear",
            ),
            (
                "also elsewhere",
                vec![notice(Tender, &["www.czggzy.cn", "ccgp.gov.cn"])],
                "clear",
            ),
            (
                "only elsewhere",
                vec![notice(Tender, &["www.example-bid.com"])],
                "flag",
            ),
            (
                "result notice elsewhere",
                vec![
                    notice(Tender, &["ccgp.gov.cn"]),
                    notice(Result, &["www.example-bid.com"]),
                ],
                "flag",
            ),
            ("media unknown", vec![notice(Tender, &[])], "missing"),
            ("no notices", vec![], "missing"),
        ];
        let c = ctx("2026-11-26");
        for (name, notices, expected) in cases {
            let mut p = record(Method::PublicTender);
            p.notices = notices;
            let out = P22.run(&p, &c);
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let mut p = record(Method::PublicTender);
        p.notices = vec![notice(NoticeKind::Tender, &["www.example-bid.com"])];
        let Outcome::Flagged(f) = P22.run(&p, &ctx("2026-11-26")) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "招标公告发布媒体www.example-bid.com不在指定媒体之列"
        );
        assert!(!f.message_en.contains('{'));
    }
}
