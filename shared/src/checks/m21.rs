//! # M21 — 违规重新评审或未报告 (Re-evaluation outside the permitted cases or unreported)
//!
//! **What it checks.** After the report is signed the result may only be corrected for a sum
//! error, an item score outside its range, inconsistent objective scores, or an abnormally high or
//! low score, and the correction must be reported in writing to the finance department. For each
//! lot, each report version ≥ 2 whose ranking differs from the previous version is judged: flagged
//! when the recorded reason is `other` or when `reported_to_finance = false`.
//!
//! **Why it matters.** After signing, results may only be corrected in the listed cases and must
//! be reported. 评审结果签字后只能在法定情形下复核纠正，并须报告财政部门。
//!
//! **Legal basis.** 《政府采购法实施条例》 第44条 [V]; 财政部令第87号 第64条 [K].
//!
//! **Data.** `reports[]` (`version`, `lot_id`, `ranking`, `change_reason`,
//! `reported_to_finance`). One version only → clear. Insufficient data when no report is known,
//! when a version has an empty ranking, or when a changed version's reason or report is unknown.
//!
//! **Example.** Version 2 puts S2 first instead of S1, reason `other` → flagged: "评审报告第2版改变了
//! 结果，理由其他不属于法定情形或未书面报告财政部门".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "M21",
    stage: Stage::During,
    subject: Subject::Project,
    methods: methods::TENDER,
    nodes: &[Node::Evaluation],
    severity: Severity::High,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第44条"), LegalBasis::k(law::ORDER_87, "第64条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("违规重新评审或未报告", "Re-evaluation outside the permitted cases or unreported"),
    message: Text::new(
        "评审报告第{version}版改变了结果，理由{reason}不属于法定情形或未书面报告财政部门",
        "Report version {version} changed the result for a reason ({reason}) outside the permitted cases, or was not reported to the finance department",
    ),
    why: Text::new(
        "评审结果签字后只能在法定情形下复核纠正，并须报告财政部门。",
        "After signing, results may only be corrected in the listed cases and must be reported.",
    ),
};
pub static M21: Check = Check { meta: &META, run };

fn reason_name(r: Option<ReEvaluationReason>) -> Text {
    match r {
        Some(ReEvaluationReason::SumError) => Text::new("分值汇总计算错误", "sum error"),
        Some(ReEvaluationReason::ItemScoreOutOfRange) => {
            Text::new("分项评分超出评分标准范围", "item score out of range")
        }
        Some(ReEvaluationReason::InconsistentObjectiveScores) => {
            Text::new("客观分评分不一致", "inconsistent objective scores")
        }
        Some(ReEvaluationReason::AbnormalScore) => Text::new("评分畸高、畸低", "abnormal score"),
        Some(ReEvaluationReason::Other) => Text::new("其他", "other"),
        None => Text::new("未记录", "not recorded"),
    }
}

fn run(p: &ProjectRecord, _ctx: &CheckContext) -> Outcome {
    if p.reports.is_empty() {
        return Outcome::missing(&["reports"]);
    }
    let mut lots: Vec<Option<&str>> = Vec::new();
    for r in &p.reports {
        if !lots.contains(&r.lot_id.as_deref()) {
            lots.push(r.lot_id.as_deref());
        }
    }
    let mut need = Need::new();
    let mut changes = 0i64;
    for lot in lots {
        let mut versions: Vec<&EvaluationReport> = p
            .reports
            .iter()
            .filter(|r| r.lot_id.as_deref() == lot)
            .collect();
        versions.sort_by_key(|r| r.version);
        for w in versions.windows(2) {
            let (prev, cur) = (w[0], w[1]);
            if prev.ranking.is_empty() || cur.ranking.is_empty() {
                need.get(None::<()>, "reports[].ranking");
                continue;
            }
            if prev.ranking == cur.ranking {
                continue;
            }
            changes += 1;
            let mut evidence = Evidence::new()
                .count("version", i64::from(cur.version))
                .label("reason", reason_name(cur.change_reason))
                .text("previous_first", prev.ranking[0].clone())
                .text("new_first", cur.ranking[0].clone());
            if let Some(l) = lot {
                evidence = evidence.text("lot", l);
            }
            let bad_reason = cur.change_reason == Some(ReEvaluationReason::Other);
            let unreported = cur.reported_to_finance == Some(false);
            if bad_reason || unreported {
                let evidence = match cur.reported_to_finance {
                    Some(r) => evidence.bool("reported_to_finance", r),
                    None => evidence,
                };
                return Outcome::flag(&META, evidence);
            }
            need.get(cur.change_reason, "reports[].change_reason");
            need.get(cur.reported_to_finance, "reports[].reported_to_finance");
        }
    }
    if !need.is_complete() {
        return need.outcome();
    }
    Outcome::clear(
        Evidence::new()
            .count("reports", p.reports.len() as i64)
            .count("result_changes", changes),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use serde_json::json;

    fn project(v2: Option<serde_json::Value>) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.reports.push(
            serde_json::from_value(json!({"version": 1, "ranking": ["S1", "S2"]})).expect("r1"),
        );
        if let Some(v) = v2 {
            p.reports.push(serde_json::from_value(v).expect("r2"));
        }
        p
    }

    #[test]
    fn table() {
        let changed = |reason: Option<&str>, reported: Option<bool>| {
            Some(
                json!({"version": 2, "ranking": ["S2", "S1"], "change_reason": reason, "reported_to_finance": reported}),
            )
        };
        let cases: Vec<(&str, Option<serde_json::Value>, &str)> = vec![
            ("one version", None, "clear"),
            (
                "sum error, reported",
                changed(Some("sum_error"), Some(true)),
                "clear",
            ),
            (
                "abnormal score, reported",
                changed(Some("abnormal_score"), Some(true)),
                "clear",
            ),
            ("other reason", changed(Some("other"), Some(true)), "flag"),
            (
                "permitted but not reported",
                changed(Some("sum_error"), Some(false)),
                "flag",
            ),
            ("reason unknown", changed(None, Some(true)), "missing"),
            (
                "report to finance unknown",
                changed(Some("sum_error"), None),
                "missing",
            ),
            (
                "new version, same ranking",
                Some(json!({"version": 2, "ranking": ["S1", "S2"], "change_reason": "other"})),
                "clear",
            ),
            (
                "new version without ranking",
                Some(json!({"version": 2})),
                "missing",
            ),
        ];
        for (name, v2, expected) in cases {
            let out = M21.run(&project(v2), &ctx("2026-11-26"));
            assert_eq!(kind(&out), expected, "{name}: {out:?}");
        }
        assert!(M21
            .run(&record(Method::PublicTender), &ctx("2026-11-26"))
            .is_insufficient());
    }

    #[test]
    fn message() {
        let v2 = json!({"version": 2, "ranking": ["S2", "S1"], "change_reason": "other", "reported_to_finance": true});
        let out = M21.run(&project(Some(v2)), &ctx("2026-11-26"));
        let Outcome::Flagged(f) = out else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "评审报告第2版改变了结果，理由其他不属于法定情形或未书面报告财政部门"
        );
        assert!(!f.message_en.contains('{'), "{}", f.message_en);
    }
}
