//! # M07 — 专家/采购人员与供应商存在利害关系 (Conflict of interest of experts or procurement staff)
//!
//! **What it checks.** A panel member (expert or purchaser representative) must recuse when, with
//! a bidder (bidding supplier or consortium member): (1) within the 3 years before the evaluation
//! they had a labour relation with it (`employment_history`, matched by organisation id or the
//! supplier's registered name); (2) within those 3 years they were its director, supervisor or
//! manager (`suppliers[].officers`, matched by person id); (3) they are its controlling shareholder
//! or actual controller (`shareholders[].controlling`); (4) they are the spouse, a lineal
//! relative, a collateral relative within three generations or a close in-law of its legal
//! representative or responsible person (`experts[].relatives`, matched by person id); (5) the
//! expert itself declared a relation with it (`experts[].declared_relations`, the supplier's
//! 统一社会信用代码, declared at enrolment or on its profile). The
//! 3-year window ends on the evaluation date and starts on the same calendar day 3 years earlier.
//!
//! **Why it matters.** People with an interest in a supplier must recuse themselves; otherwise the
//! evaluation is not impartial. 与供应商有利害关系者必须回避，否则评审结果不公正。
//!
//! **Legal basis.** 《政府采购法》 第12条 [V]; 《政府采购法实施条例》 第9条、第70条、第75条第2款 [V];
//! 财库〔2016〕198号 第16条 [K]. The 3 years are written in 条例 Art 9 ([`LOOK_BACK_YEARS`]).
//!
//! **Data.** `panel.members[].person_id`, `experts[]` (`employment_history`, `relatives`, `declared_relations`),
//! `suppliers[]` of the bidders (`officers`, `shareholders`, `legal_rep`, `responsible_person`),
//! the evaluation date (`panel.started_at`, else the reference date). Insufficient data (unless a
//! relation is found) when a member or a bidder has no registry entry, or a member's employment
//! history is empty.
//!
//! **Example.** Expert 张三 left supplier S1 (甲公司) on 2024-06-30; evaluation 2026-03-10 →
//! flagged: "评审委员会成员（编号E1）与供应商甲公司存在利害关系：3年内与供应商存在劳动关系".

use super::prelude::*;
use crate::checks::REFERENCE_DATE;

/// The look-back of 条例 Art 9 (参加采购活动前3年内).
pub const LOOK_BACK_YEARS: i32 = 3;

pub static META: CheckMeta = CheckMeta {
    id: "M07",
    stage: Stage::During,
    subject: Subject::Expert,
    methods: methods::COMPETITIVE,
    nodes: &[Node::ExpertDraw],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_LAW, "第12条"), LegalBasis::v(law::GP_REGS, "第9条、第70条、第75条第2款"), LegalBasis::k(law::CK_2016_198, "第16条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("专家/采购人员与供应商存在利害关系", "Conflict of interest of experts or procurement staff"),
    message: Text::new(
        "评审委员会成员（编号{person_id}）与供应商{supplier}存在利害关系：{relation}",
        "Panel member no. {person_id} is related to supplier {supplier}: {relation}",
    ),
    why: Text::new(
        "与供应商有利害关系者必须回避，否则评审结果不公正。",
        "People with an interest in a supplier must recuse themselves; otherwise the evaluation is not impartial.",
    ),
};
pub static M07: Check = Check { meta: &META, run };

/// The first day of the 3-year window ending on `date`: the same calendar day [`LOOK_BACK_YEARS`]
/// earlier (29 February → 28 February). Also used by the expert draw (`crate::panel`).
pub(crate) fn window_start(date: Date) -> Date {
    Date::new(date.year() - LOOK_BACK_YEARS, date.month(), date.day())
        .or_else(|| Date::new(date.year() - LOOK_BACK_YEARS, date.month(), date.day() - 1))
        .unwrap_or(date)
}

/// The relation of `e` to `s`, if any, judged on `date` with the window starting at `since`.
/// Also used by the expert draw and the recusal step (`crate::panel`).
pub(crate) fn relation(e: &Expert, s: &Supplier, since: Date) -> Option<Text> {
    let recent = |until: Option<Date>| until.is_none_or(|u| u >= since);
    if let Some(code) = s.credit_code.as_deref().map(str::trim) {
        if e.declared_relations
            .iter()
            .any(|d| d.trim().eq_ignore_ascii_case(code))
        {
            return Some(Text::new(
                "本人申报与该供应商存在利害关系",
                "a relation the expert declared",
            ));
        }
    }
    if e.employment_history.iter().any(|j| {
        let same = match &j.org_id {
            Some(o) => *o == s.id,
            None => j.org_name == s.name,
        };
        same && recent(j.until)
    }) {
        return Some(Text::new(
            "3年内与供应商存在劳动关系",
            "a labour relation within 3 years",
        ));
    }
    if s.officers
        .iter()
        .any(|o| o.person.id.as_deref() == Some(e.id.as_str()) && recent(o.until))
    {
        return Some(Text::new(
            "3年内担任供应商董事、监事或高级管理人员",
            "director, supervisor or manager within 3 years",
        ));
    }
    if s.shareholders
        .iter()
        .any(|h| h.holder_id.as_deref() == Some(e.id.as_str()) && h.controlling == Some(true))
    {
        return Some(Text::new(
            "是供应商的控股股东或实际控制人",
            "controlling shareholder or actual controller",
        ));
    }
    let heads: Vec<&str> = [s.legal_rep.as_ref(), s.responsible_person.as_ref()]
        .into_iter()
        .flatten()
        .filter_map(|p| p.id.as_deref())
        .collect();
    if e.relatives
        .iter()
        .any(|r| r.person.id.as_deref().is_some_and(|id| heads.contains(&id)))
    {
        return Some(Text::new(
            "与供应商法定代表人或负责人有夫妻、直系血亲、三代以内旁系血亲或近姻亲关系",
            "kinship with the supplier's legal representative or responsible person",
        ));
    }
    None
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    let mut need = Need::new();
    let members = need.get(
        p.panel
            .as_ref()
            .filter(|x| !x.members.is_empty())
            .map(|x| &x.members),
        "panel.members",
    );
    let bids = need.get((!p.bids.is_empty()).then_some(&p.bids), "bids");
    let date = need.get(
        p.panel
            .as_ref()
            .and_then(|x| x.started_at)
            .map(Instant::china_date)
            .or_else(|| p.reference_date()),
        REFERENCE_DATE,
    );
    let (Some(members), Some(bids), Some(date)) = (members, bids, date) else {
        return need.outcome();
    };
    let since = window_start(date);
    let mut bidders: Vec<&str> = Vec::new();
    for b in bids.iter().filter(|b| b.status != BidStatus::Withdrawn) {
        for s in std::iter::once(&b.supplier_id).chain(b.consortium_members.iter()) {
            if !bidders.contains(&s.as_str()) {
                bidders.push(s.as_str());
            }
        }
    }
    let suppliers: Vec<&Supplier> = bidders
        .iter()
        .filter_map(|id| need.get(p.supplier(id), "suppliers[]"))
        .collect();
    for m in members {
        let Some(e) = need.get(p.expert(&m.person_id), "experts[]") else {
            continue;
        };
        for s in &suppliers {
            if let Some(rel) = relation(e, s, since) {
                // By number, never by name: the panel is secret until the result notice.
                let evidence = Evidence::new()
                    .text("person_id", e.id.clone())
                    .text("supplier", s.name.clone())
                    .text("supplier_id", s.id.clone())
                    .label("relation", rel)
                    .date("evaluation_date", date)
                    .date("window_from", since);
                return Outcome::flag(&META, evidence);
            }
        }
        if e.employment_history.is_empty() {
            need.get(None::<()>, "experts[].employment_history");
        }
    }
    if !need.is_complete() {
        return need.outcome();
    }
    Outcome::clear(
        Evidence::new()
            .count("members", members.len() as i64)
            .count("bidders", bidders.len() as i64)
            .date("evaluation_date", date)
            .date("window_from", since),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};
    use serde_json::json;

    fn merge(mut base: serde_json::Value, extra: serde_json::Value) -> serde_json::Value {
        for (k, v) in extra.as_object().expect("object") {
            base[k] = v.clone();
        }
        base
    }

    fn project(
        expert: Option<serde_json::Value>,
        supplier: Option<serde_json::Value>,
    ) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        let mut panel: Panel = serde_json::from_value(
            json!({"members": [{"person_id": "E1", "role": "expert", "source": "random"}]}),
        )
        .expect("panel");
        panel.started_at = Some(at("2026-03-10 09:00"));
        p.panel = Some(panel);
        p.bids =
            serde_json::from_value(json!([{"id": "B1", "supplier_id": "S1", "status": "valid"}]))
                .expect("bids");
        if let Some(e) = expert {
            let base = json!({"id": "E1", "name": "张三", "employment_history": [{"org_id": "U1", "org_name": "某大学"}]});
            p.experts
                .push(serde_json::from_value(merge(base, e)).expect("expert"));
        }
        if let Some(s) = supplier {
            p.suppliers.push(
                serde_json::from_value(merge(json!({"id": "S1", "name": "甲公司"}), s))
                    .expect("supplier"),
            );
        }
        p
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn table() {
        let none = || Some(json!({}));
        let job = |until: &str| {
            Some(
                json!({"employment_history": [{"org_id": "S1", "org_name": "甲公司", "until": until}]}),
            )
        };
        let cases: Vec<(
            &str,
            Option<serde_json::Value>,
            Option<serde_json::Value>,
            &str,
        )> = vec![
            ("no relation", none(), none(), "clear"),
            (
                "left 2024: within 3 years",
                job("2024-06-30"),
                none(),
                "flag",
            ),
            (
                "left on the first day of the window",
                job("2023-03-10"),
                none(),
                "flag",
            ),
            (
                "left the day before the window",
                job("2023-03-09"),
                none(),
                "clear",
            ),
            (
                "matched by name",
                Some(json!({"employment_history": [{"org_name": "甲公司"}]})),
                none(),
                "flag",
            ),
            (
                "director until 2025",
                none(),
                Some(
                    json!({"officers": [{"person": {"id": "E1", "name": "张三"}, "role": "director", "until": "2025-01-01"}]}),
                ),
                "flag",
            ),
            (
                "controlling shareholder",
                none(),
                Some(
                    json!({"shareholders": [{"holder_id": "E1", "name": "张三", "controlling": true}]}),
                ),
                "flag",
            ),
            (
                "minority shareholder",
                none(),
                Some(
                    json!({"shareholders": [{"holder_id": "E1", "name": "张三", "controlling": false}]}),
                ),
                "clear",
            ),
            (
                "spouse of the legal representative",
                Some(
                    json!({"relatives": [{"person": {"id": "P9", "name": "李某"}, "relation": "spouse"}]}),
                ),
                Some(json!({"legal_rep": {"id": "P9", "name": "李某"}})),
                "flag",
            ),
            ("expert not in the registry", None, none(), "missing"),
            ("bidder not in the registry", none(), None, "missing"),
            (
                "employment history empty",
                Some(json!({"employment_history": []})),
                none(),
                "missing",
            ),
        ];
        for (name, expert, supplier, expected) in cases {
            let out = M07.run(&project(expert, supplier), &ctx("2026-11-26"));
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn message() {
        let e = json!({"employment_history": [{"org_id": "S1", "org_name": "甲公司", "until": "2024-06-30"}]});
        let out = M07.run(&project(Some(e), Some(json!({}))), &ctx("2026-11-26"));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "评审委员会成员（编号E1）与供应商甲公司存在利害关系：3年内与供应商存在劳动关系"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
