//! # M24 — 结果公告迟延或内容不全 (Result notice late or incomplete)
//!
//! **What it checks.** For each award: within 2 working days of confirming the winner (B.2 T18;
//! start day not counted) the award notice must be sent and the result published; the result
//! notice (`notices[kind=result]` of the lot, or the award's `published_at`) must name the
//! supplier and its address, the amount, the main items and the panel (expert) list, and — except
//! in single source — the procurement documents must be published with it. A result not yet
//! published is flagged once "now" is past the limit. The limit comes from the dated threshold
//! table by the confirmation date.
//!
//! **Why it matters.** The result notice must be prompt and name the supplier, amount, main items
//! and experts, so it can be scrutinised. 结果公告须及时并载明供应商、金额、主要标的和评审专家名单，
//! 以接受监督。
//!
//! **Legal basis.** 《政府采购法实施条例》 第43条第2—3款 [V]; 财政部令第87号 第69条 [K].
//!
//! **Data.** `awards[].confirmed_at`, `awards[].published_at` / `notices[kind=result].published_at`,
//! `awards[].notified_at`, `notices[kind=result].content`. Insufficient data when there is no
//! award, no confirmation, or (when nothing was flagged) no result notice content.
//!
//! **Example.** Winner confirmed 2026-03-10 (Tue), result published 2026-03-13 (Fri) → flagged:
//! "确定成交人2026-03-10 10:00后3个工作日才公告结果，或公告缺少（无）".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M24",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::ReportAward],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第43条第2—3款"), LegalBasis::k(law::ORDER_87, "第69条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("结果公告迟延或内容不全", "Result notice late or incomplete"),
    message: Text::new(
        "确定成交人{confirmed_at}后{working_days}才公告结果，或公告缺少{missing_item}",
        "The result was published {working_days} after confirmation ({confirmed_at}), or the notice lacks {missing_item}",
    ),
    why: Text::new(
        "结果公告须及时并载明供应商、金额、主要标的和评审专家名单，以接受监督。",
        "The result notice must be prompt and name the supplier, amount, main items and experts, so it can be scrutinised.",
    ),
};

pub static M24: Check = Check { meta: &META, run };

const NOTHING: Text = Text::new("（无）", "nothing");

/// The required elements of a result notice: name, field path, value.
fn elements(c: &NoticeContent, single_source: bool) -> Vec<(Text, &'static str, Option<bool>)> {
    let mut v = vec![
        (
            Text::new("供应商名称", "the supplier's name"),
            "notices[].content.supplier_name",
            c.supplier_name,
        ),
        (
            Text::new("供应商地址", "the supplier's address"),
            "notices[].content.supplier_address",
            c.supplier_address,
        ),
        (
            Text::new("成交金额", "the amount"),
            "notices[].content.amount",
            c.amount,
        ),
        (
            Text::new("主要标的", "the main items"),
            "notices[].content.main_items",
            c.main_items,
        ),
        (
            Text::new("评审专家名单", "the expert list"),
            "notices[].content.expert_list",
            c.expert_list,
        ),
    ];
    if !single_source {
        v.push((
            Text::new("随附采购文件", "the procurement documents"),
            "notices[].content.documents_attached",
            c.documents_attached,
        ));
    }
    v
}

fn judge(p: &ProjectRecord, a: &Award, ctx: &CheckContext) -> Outcome {
    let Some(confirmed) = a.confirmed_at else {
        return Outcome::missing(&["awards[].confirmed_at"]);
    };
    let start = confirmed.china_date();
    let Some(limit) = ctx.thresholds.time_limit(TimeLimitId::T18, start) else {
        return Outcome::missing(&["thresholds: T18"]);
    };
    let notice = p
        .notices
        .iter()
        .filter(|n| n.kind == NoticeKind::Result)
        .filter(|n| n.lot_id == a.lot_id || n.lot_id.is_none())
        .min_by_key(|n| n.published_at);
    let published = a.published_at.or(notice.map(|n| n.published_at));
    // The later of publication and the award notice decides (both are due in 2 working days).
    let done = match (published, a.notified_at) {
        (Some(p), Some(n)) => Some(p.max(n)),
        (Some(p), None) => Some(p),
        _ => None,
    };
    let until = done.map_or(ctx.as_of.china_date(), Instant::china_date);
    let Ok(n) = ctx.calendar.workdays_between(start, until) else {
        return Outcome::missing(&["calendar: holiday data for the period"]);
    };
    let late = !limit.value.admits(n);
    let mut evidence = Evidence::new()
        .instant("confirmed_at", confirmed)
        .working_days("working_days", n)
        .working_days("limit", limit.value.amount)
        .bool("published", published.is_some());
    if let Some(x) = published {
        evidence = evidence.instant("published_at", x);
    }
    if let Some(x) = a.notified_at {
        evidence = evidence.instant("notified_at", x);
    }
    if let Some(l) = &a.lot_id {
        evidence = evidence.text("lot", l.clone());
    }
    if late {
        return Outcome::flag(&META, evidence.label("missing_item", NOTHING));
    }
    let Some(_) = published else {
        return Outcome::missing(&["awards[].published_at"]);
    };
    let Some(content) = notice.and_then(|n| n.content.as_ref()) else {
        return Outcome::missing(&["notices[kind=result].content"]);
    };
    let single_source = p.project.method == Method::SingleSource;
    let mut unknown: Vec<&'static str> = Vec::new();
    for (name, field, value) in elements(content, single_source) {
        match value {
            Some(false) => return Outcome::flag(&META, evidence.label("missing_item", name)),
            None => unknown.push(field),
            Some(true) => {}
        }
    }
    if !unknown.is_empty() {
        return Outcome::missing(&unknown);
    }
    if a.notified_at.is_none() {
        return Outcome::missing(&["awards[].notified_at"]);
    }
    Outcome::clear(evidence.label("missing_item", NOTHING))
}

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    Outcome::combine(
        p.awards.iter().map(|a| judge(p, a, ctx)),
        Outcome::missing(&["awards"]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    fn full() -> serde_json::Value {
        json!({"supplier_name": true, "supplier_address": true, "amount": true, "main_items": true,
               "expert_list": true, "documents_attached": true})
    }

    fn project(
        method: Method,
        confirmed: Option<&str>,
        published: Option<&str>,
        content: serde_json::Value,
    ) -> ProjectRecord {
        let mut p = record(method);
        p.awards.push(
            serde_json::from_value(
                json!({"supplier_id": "S1", "confirmed_at": confirmed, "notified_at": published}),
            )
            .expect("award"),
        );
        if let Some(x) = published {
            p.notices.push(
                serde_json::from_value(
                    json!({"kind": "result", "published_at": x, "content": content}),
                )
                .expect("notice"),
            );
        }
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        use Method::*;
        let c = Some("2026-03-10 10:00"); // Tuesday
        let mut no_experts = full();
        no_experts["expert_list"] = json!(false);
        let mut no_docs = full();
        no_docs["documents_attached"] = json!(false);
        let mut unknown_address = full();
        unknown_address["supplier_address"] = serde_json::Value::Null;
        let cases: Vec<(
            &str,
            Method,
            Option<&str>,
            Option<&str>,
            serde_json::Value,
            &str,
            &str,
        )> = vec![
            (
                "2 working days, complete",
                PublicTender,
                c,
                Some("2026-03-12 16:00"),
                full(),
                "2026-11-26",
                "clear",
            ),
            (
                "3 working days",
                PublicTender,
                c,
                Some("2026-03-13 09:00"),
                full(),
                "2026-11-26",
                "flag",
            ),
            (
                "expert list missing",
                PublicTender,
                c,
                Some("2026-03-11 09:00"),
                no_experts,
                "2026-11-26",
                "flag",
            ),
            (
                "documents not attached",
                PublicTender,
                c,
                Some("2026-03-11 09:00"),
                no_docs.clone(),
                "2026-11-26",
                "flag",
            ),
            (
                "single source needs no documents",
                SingleSource,
                c,
                Some("2026-03-11 09:00"),
                no_docs,
                "2026-11-26",
                "clear",
            ),
            (
                "address unknown",
                PublicTender,
                c,
                Some("2026-03-11 09:00"),
                unknown_address,
                "2026-11-26",
                "missing",
            ),
            (
                "not published, overdue",
                PublicTender,
                c,
                None,
                full(),
                "2026-11-26",
                "flag",
            ),
            (
                "not published, not yet due",
                PublicTender,
                c,
                None,
                full(),
                "2026-03-11 10:00",
                "missing",
            ),
            (
                "no confirmation date",
                PublicTender,
                None,
                Some("2026-03-11 09:00"),
                full(),
                "2026-11-26",
                "missing",
            ),
        ];
        for (name, method, confirmed, published, content, now, expected) in cases {
            let out = M24.run(&project(method, confirmed, published, content), &ctx(now));
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
        assert_eq!(
            M24.run(&record(Method::PublicTender), &ctx("2026-11-26")),
            Outcome::missing(&["awards"])
        );
    }

    #[test]
    fn message() {
        let mut content = full();
        content["expert_list"] = json!(false);
        let out = M24.run(
            &project(
                Method::PublicTender,
                Some("2026-03-10 10:00"),
                Some("2026-03-11 09:00"),
                content,
            ),
            &ctx("2026-11-26"),
        );
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "确定成交人2026-03-10 10:00后1个工作日才公告结果，或公告缺少评审专家名单"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
