//! # P13 — 采购意向未提前30日公开 (Procurement intention not published 30 days ahead)
//!
//! **What it checks.** The procurement intention (采购意向) must be published at least 30
//! calendar days before the procurement activity starts (B.2 T14): from the intention's
//! publication day to the first activity notice's day, start day not counted (民法典 Art 201).
//! 30 days passes, 29 fails. The rule reached units in stages (财库〔2020〕10号): central units from
//! 2020-07-01, provincial from 2021-01-01, all levels from 2022-01-01 — the dated table answers
//! per level (`time_limit_for(T14, level, …)`), and a project before its level was bound is
//! clear. The check is dated from 2021-01-01 (B.5: disabled for the Changzhou data before 2021).
//! Secret and unforeseeable-urgent projects are exempt.
//!
//! **Why it matters.** Publishing the intention early gives suppliers time to prepare; it is a
//! condition of fair competition. 提前公开采购意向让供应商有时间准备，是公平竞争的前提。
//!
//! **Legal basis.** 财库〔2020〕10号 [K].
//!
//! **Data.** `intention.published_at`, `notices[]` (first activity notice), `project.gov_level`,
//! `project.secret_or_urgent`. **Choice:** `intention: None` cannot be told apart from "not
//! known", so it answers insufficient data rather than "never published"; a too-short interval is
//! flagged only when the project is known not to be exempt (`secret_or_urgent: false`).
//!
//! **Example.** Intention 2026-02-01, tender notice 2026-03-02 → 29 days → flagged: "采购意向公开
//! 2026-02-01 09:00至采购公告2026-03-02 09:00仅29天（要求不少于30日）".

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P13",
    stage: Stage::Pre,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::BudgetPlan],
    severity: Severity::Medium,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::k(law::CK_2020_10, "")],
    valid_from: Some(LawDate::ymd(2021, 1, 1)),
    valid_to: None,
    title: Text::new("采购意向未提前30日公开", "Procurement intention not published 30 days ahead"),
    message: Text::new(
        "采购意向公开{intention_at}至采购公告{first_notice_at}仅{days}（要求不少于{required}）",
        "The intention ({intention_at}) preceded the notice ({first_notice_at}) by only {days} (at least {required} required)",
    ),
    why: Text::new(
        "提前公开采购意向让供应商有时间准备，是公平竞争的前提。",
        "Publishing the intention early gives suppliers time to prepare; it is a condition of fair competition.",
    ),
};

pub static P13: Check = Check { meta: &META, run };

const NOT_YET_BOUND: Text = Text::new(
    "该级次单位当时尚未要求公开采购意向",
    "units of this level were not yet bound on that date",
);

fn run(p: &ProjectRecord, ctx: &CheckContext) -> Outcome {
    if p.project.secret_or_urgent == Some(true) {
        return Outcome::clear(Evidence::new().bool("secret_or_urgent", true));
    }
    let Some(notice) = p.first_activity_notice() else {
        return Outcome::missing(&["notices[] (first activity notice)"]);
    };
    let notice_day = notice.published_at.china_date();
    let limit = match p.project.gov_level {
        Some(level) => match ctx
            .thresholds
            .time_limit_for(TimeLimitId::T14, level, notice_day)
        {
            Some(l) => l,
            None => {
                return Outcome::clear(
                    Evidence::new()
                        .instant("first_notice_at", notice.published_at)
                        .label("rule", NOT_YET_BOUND),
                )
            }
        },
        None => match ctx.thresholds.time_limit(TimeLimitId::T14, notice_day) {
            Some(l) => l,
            None => return Outcome::missing(&["project.gov_level"]),
        },
    };
    let Some(intention) = &p.intention else {
        return Outcome::missing(&["intention"]);
    };
    let days = days_between_exclusive(intention.published_at.china_date(), notice_day);
    let evidence = Evidence::new()
        .instant("intention_at", intention.published_at)
        .instant("first_notice_at", notice.published_at)
        .days("days", days)
        .days("required", limit.value.amount);
    if limit.value.admits(days) {
        return Outcome::clear(evidence);
    }
    match p.project.secret_or_urgent {
        Some(_) => Outcome::flag(&META, evidence.bool("secret_or_urgent", false)),
        None => Outcome::missing(&["project.secret_or_urgent"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};

    type Case<'a> = (
        &'a str,
        Option<&'a str>,
        &'a str,
        Option<GovLevel>,
        Option<bool>,
        &'a str,
    );

    fn project(
        intention: Option<&str>,
        notice: &str,
        level: Option<GovLevel>,
        exempt: Option<bool>,
    ) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.gov_level = level;
        p.project.secret_or_urgent = exempt;
        p.intention = intention.map(|i| Intention {
            plan_id: None,
            published_at: at(i),
            media: None,
        });
        p.notices.push(Notice {
            id: None,
            kind: NoticeKind::Tender,
            lot_id: None,
            published_at: at(notice),
            media: vec![],
            period_end: None,
            budget_amount: None,
            content: None,
        });
        p
    }

    #[test]
    fn table() {
        use GovLevel::*;
        let n = "2026-03-02 09:00";
        let cases: &[Case] = &[
            (
                "30 days",
                Some("2026-01-31 09:00"),
                n,
                Some(CityCounty),
                Some(false),
                "clear",
            ),
            (
                "29 days",
                Some("2026-02-01 09:00"),
                n,
                Some(CityCounty),
                Some(false),
                "flag",
            ),
            (
                "29 days, exemption unknown",
                Some("2026-02-01 09:00"),
                n,
                Some(CityCounty),
                None,
                "missing",
            ),
            (
                "29 days, urgent",
                Some("2026-02-01 09:00"),
                n,
                Some(CityCounty),
                Some(true),
                "clear",
            ),
            (
                "no intention known",
                None,
                n,
                Some(CityCounty),
                Some(false),
                "missing",
            ),
            (
                "level unknown, 2026: all levels bound",
                Some("2026-02-01 09:00"),
                n,
                None,
                Some(false),
                "flag",
            ),
            // City/county units were bound only from 2022-01-01.
            (
                "city 2021: not yet bound",
                Some("2021-06-01 09:00"),
                "2021-06-10 09:00",
                Some(CityCounty),
                Some(false),
                "clear",
            ),
            (
                "provincial 2021: bound",
                Some("2021-06-01 09:00"),
                "2021-06-10 09:00",
                Some(Provincial),
                Some(false),
                "flag",
            ),
            (
                "level unknown 2021",
                Some("2021-06-01 09:00"),
                "2021-06-10 09:00",
                None,
                Some(false),
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, intention, notice, level, exempt, expected) in cases {
            let out = P13.run(&project(*intention, notice, *level, *exempt), &c);
            assert_eq!(kind(&out), *expected, "{name}: {out:?}");
        }
    }

    #[test]
    fn disabled_before_2021() {
        let p = project(
            Some("2019-06-01 09:00"),
            "2019-06-10 09:00",
            Some(GovLevel::CityCounty),
            Some(false),
        );
        assert!(crate::checks::run_all(&p, &ctx("2026-11-26"))
            .iter()
            .all(|(m, _)| m.id != "P13"));
    }

    #[test]
    fn message() {
        let Outcome::Flagged(f) = P13.run(
            &project(
                Some("2026-02-01 09:00"),
                "2026-03-02 09:00",
                Some(GovLevel::CityCounty),
                Some(false),
            ),
            &ctx("2026-11-26"),
        ) else {
            panic!()
        };
        assert_eq!(
            f.message_zh,
            "采购意向公开2026-02-01 09:00至采购公告2026-03-02 09:00仅29天（要求不少于30天）"
        );
        assert!(!f.message_en.contains('{'));
    }
}
