//! # P12 — 金额聚集在限额标准之下 (Near-threshold clustering)
//!
//! **What it checks.** Per purchaser and 品目 code: at least `p12.min_count` (default 2)
//! purchases by methods other than open tender whose dates lie within one rolling window of
//! `p12.window_days` (default 90) calendar days — the last date at most `window_days − 1` days
//! after the first, so 2 March and 30 May (89 days) are in one window, 2 March and 31 May (90
//! days) are not — and whose amounts lie in `[(1000 − near)‰ · T, T)` for the same threshold T:
//! the open-tender threshold or the procurement limit (分散采购限额标准) in force on each purchase's
//! date, by government level and object type (dated table). With the default `near_permille`
//! 100: 3,600,000.00元 is near 4,000,000.00元, 3,599,999.99元 is not, and 4,000,000.00元 itself is
//! not below it.
//!
//! **Why it matters.** Several purchases just under a threshold often indicate splitting to
//! avoid a procedure. 多笔采购金额刚好低于数额标准，常是拆分规避程序的迹象。
//!
//! **Legal basis.** OCP Red Flags (2024) R011/R049/R055 [L]; Prozorro SASU RISK2-5_1, RISK2-6_1
//! [L]; World Bank red flags flag 2 [L]. A risk indicator.
//!
//! **Data.** `project.purchaser_id`, `project.category_code` (else `plan.category_code`),
//! `project.gov_level`, `project.budget_amount` (else `plan.amount`), the reference date. A
//! project lacking one answers insufficient data under `unit|project id`; groups are
//! `unit|category`.
//!
//! **Example.** Two RFQs of 品目 A02010104 by ORG-P, 3,900,000.00元 on 2026-03-02 and
//! 3,800,000.00元 on 2026-04-20 → flagged: "ORG-P在90天内有2笔服务器采购金额介于限额标准4,000,000.00元的10%以内".

use std::collections::BTreeMap;

use super::a13::keep_greater;
use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P12",
    stage: Stage::Pre,
    subject: Subject::Purchaser,
    methods: methods::SIX,
    nodes: &[Node::BudgetPlan],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[LegalBasis::l(law::OCP, "R011/R049/R055"), LegalBasis::l(law::SASU, "RISK2-5_1, RISK2-6_1"), LegalBasis::l(law::WORLD_BANK, "flag 2")],
    valid_from: None,
    valid_to: None,
    title: Text::new("金额聚集在限额标准之下", "Near-threshold clustering"),
    message: Text::new(
        "{unit}在{window_days}天内有{count}笔{category}采购金额介于限额标准{threshold}的{near}以内",
        "{unit} made {count} purchases of {category} within {window_days} days with amounts just below the threshold {threshold} (within {near})",
    ),
    why: Text::new(
        "多笔采购金额刚好低于数额标准，常是拆分规避程序的迹象。",
        "Several purchases just under a threshold often indicate splitting to avoid a procedure.",
    ),
};

/// The portfolio check.
pub static P12: ClusterCheck = ClusterCheck;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Purchase {
    date: Date,
    amount: Fen,
    object: ObjectType,
    level: GovLevel,
}

#[derive(Debug, Default)]
pub struct Acc {
    /// (unit, category) → project id → purchase.
    groups: BTreeMap<(String, String), BTreeMap<String, Purchase>>,
    missing: BTreeMap<String, Vec<&'static str>>,
    /// The units' names as the records give them (the message names the unit).
    names: BTreeMap<String, String>,
}

pub struct ClusterCheck;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    OpenTender,
    ProcurementLimit,
}

const KIND_OPEN: Text = Text::new("公开招标数额标准", "open-tender threshold");
const KIND_LIMIT: Text = Text::new("分散采购限额标准", "procurement limit");

impl PortfolioCheck for ClusterCheck {
    type Acc = Acc;
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn fold(&self, acc: &mut Acc, p: &ProjectRecord, _ctx: &CheckContext) {
        let pr = &p.project;
        if pr.method == Method::PublicTender {
            return;
        }
        let mut need = Need::new();
        let category = need.get(
            pr.category_code
                .clone()
                .or_else(|| p.plan.as_ref().and_then(|pl| pl.category_code.clone())),
            "project.category_code",
        );
        let level = need.get(pr.gov_level, "project.gov_level");
        let amount = need.get(
            pr.budget_amount.or(p.plan.as_ref().map(|pl| pl.amount)),
            "project.budget_amount",
        );
        let date = need.get(
            p.reference_date(),
            "notices[].published_at (reference date)",
        );
        let (Some(category), Some(level), Some(amount), Some(date)) =
            (category, level, amount, date)
        else {
            if let Outcome::InsufficientData { missing } = need.outcome() {
                keep_greater(
                    &mut acc.missing,
                    format!("{}|{}", pr.purchaser_id, pr.id),
                    missing,
                );
            }
            return;
        };
        let purchase = Purchase {
            date,
            amount,
            object: pr.object_type,
            level,
        };
        if let Some(o) = p.organisation(&pr.purchaser_id) {
            acc.names.insert(o.id.clone(), o.name.clone());
        }
        keep_greater(
            acc.groups
                .entry((pr.purchaser_id.clone(), category))
                .or_default(),
            pr.id.clone(),
            purchase,
        );
    }

    fn merge(&self, mut a: Acc, b: Acc) -> Acc {
        for (k, ps) in b.groups {
            let g = a.groups.entry(k).or_default();
            for (id, p) in ps {
                keep_greater(g, id, p);
            }
        }
        for (k, m) in b.missing {
            keep_greater(&mut a.missing, k, m);
        }
        a.names.extend(b.names);
        a
    }

    fn finalize(&self, acc: Acc, ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)> {
        let s = ctx.settings.p12();
        let mut out = Vec::new();
        for (k, missing) in acc.missing {
            out.push((
                SubjectRef::new(Subject::Purchaser, k),
                Outcome::InsufficientData { missing },
            ));
        }
        for ((unit, category), purchases) in acc.groups {
            let subject = SubjectRef::new(Subject::Purchaser, format!("{unit}|{category}"));
            let shown = acc
                .names
                .get(&unit)
                .filter(|n| !n.is_empty())
                .unwrap_or(&unit);
            let base = Evidence::new()
                .text("unit", shown.as_str())
                .category("category", category.as_str())
                .count("window_days", s.window_days)
                .permille("near", s.near_permille)
                .count("purchases", purchases.len() as i64);
            // Near-threshold purchases per (kind, threshold value), in date order.
            let mut near: BTreeMap<(Kind, Fen), Vec<Near>> = BTreeMap::new();
            for (id, p) in &purchases {
                for kind in [Kind::OpenTender, Kind::ProcurementLimit] {
                    let t = match kind {
                        Kind::OpenTender => ctx
                            .thresholds
                            .open_tender_threshold(p.level, p.object, p.date),
                        Kind::ProcurementLimit => {
                            ctx.thresholds.procurement_limit(p.level, p.object, p.date)
                        }
                    };
                    let Some(t) = t else { continue };
                    let lower = (t.value.fen() as i128) * (1000 - s.near_permille) as i128;
                    let a = p.amount.fen() as i128;
                    if a * 1000 >= lower && p.amount < t.value {
                        near.entry((kind, t.value))
                            .or_default()
                            .push((p.date, id, p.amount));
                    }
                }
            }
            let mut found = None;
            for ((kind, t), mut list) in near {
                list.sort();
                let best = densest_window(&list, s.window_days);
                if best.1 >= s.min_count.max(1) as usize && found.is_none() {
                    found = Some((kind, t, best, list));
                }
            }
            let outcome = match found {
                Some((kind, t, (start, count), list)) => {
                    let first = list[start].0;
                    let last = list[start + count - 1].0;
                    let total = list[start..start + count]
                        .iter()
                        .fold(Fen::ZERO, |s, x| s.saturating_add(x.2));
                    Outcome::flag(
                        &META,
                        base.count("count", count as i64)
                            .money("threshold", t)
                            .label(
                                "threshold_kind",
                                if kind == Kind::OpenTender {
                                    KIND_OPEN
                                } else {
                                    KIND_LIMIT
                                },
                            )
                            .date("first", first)
                            .date("last", last)
                            .money("total", total),
                    )
                }
                None => Outcome::clear(base),
            };
            out.push((subject, outcome));
        }
        out
    }
}

/// A near-threshold purchase: date, project id, amount.
type Near<'a> = (Date, &'a String, Fen);

/// The start index and size of the largest run of sorted dates whose span (last − first) is
/// below `window_days`; the earliest such run on ties.
fn densest_window<T>(list: &[(Date, T, Fen)], window_days: i64) -> (usize, usize) {
    let mut best = (0, 0);
    let mut start = 0;
    for end in 0..list.len() {
        while list[start].0.days_until(list[end].0) >= window_days {
            start += 1;
        }
        if end + 1 - start > best.1 {
            best = (start, end + 1 - start);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::super::a13::split::{of, pieces, sorted, whole};
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};
    use proptest::prelude::*;

    fn purchase(id: &str, fen: i64, date: &str) -> ProjectRecord {
        let mut p = record(Method::RequestForQuotation);
        p.project.id = id.to_owned();
        p.project.gov_level = Some(GovLevel::CityCounty);
        p.project.category_code = Some("A02010104".to_owned());
        p.project.budget_amount = Some(Fen(fen));
        p.notices.push(Notice {
            id: None,
            kind: NoticeKind::RequestForQuotation,
            lot_id: None,
            published_at: at(date),
            media: Vec::new(),
            period_end: None,
            budget_amount: None,
            content: None,
        });
        p
    }

    const W: i64 = 1_000_000; // 1万元 in fen

    #[test]
    fn table() {
        // Local open-tender threshold 400万元 from 2021; city/county procurement limit 30万元 (goods).
        type Case<'a> = (&'a str, &'a [(i64, &'a str)], &'a str);
        let cases: &[Case] = &[
            (
                "two just under 400万 within 90 days",
                &[(390 * W, "2026-03-02"), (380 * W, "2026-04-20")],
                "flag",
            ),
            (
                "exactly 0.9·T is near",
                &[(360 * W, "2026-03-02"), (360 * W, "2026-04-20")],
                "flag",
            ),
            (
                "one fen under 0.9·T is not",
                &[(360 * W - 1, "2026-03-02"), (390 * W, "2026-04-20")],
                "clear",
            ),
            (
                "the threshold itself is not below it",
                &[(400 * W, "2026-03-02"), (390 * W, "2026-04-20")],
                "clear",
            ),
            (
                "89 days apart: one window",
                &[(390 * W, "2026-03-02"), (390 * W, "2026-05-30")],
                "flag",
            ),
            (
                "90 days apart: not",
                &[(390 * W, "2026-03-02"), (390 * W, "2026-05-31")],
                "clear",
            ),
            (
                "near the procurement limit",
                &[(28 * W, "2026-03-02"), (29 * W, "2026-03-20")],
                "flag",
            ),
            ("one alone", &[(390 * W, "2026-03-02")], "clear"),
        ];
        let c = ctx("2026-11-26");
        for (name, buys, expected) in cases {
            let ps: Vec<ProjectRecord> = buys
                .iter()
                .enumerate()
                .map(|(i, (f, d))| purchase(&format!("P{i}"), *f, &format!("{d} 09:00")))
                .collect();
            let out = whole(&P12, &ps, &c);
            let o = of(&out, "ORG-P|A02010104").unwrap();
            assert_eq!(kind(o), *expected, "{name}: {o:?}");
        }
    }

    #[test]
    fn message_settings_and_missing() {
        let c = ctx("2026-11-26");
        let ps = [
            purchase("A", 390 * W, "2026-03-02 09:00"),
            purchase("B", 380 * W, "2026-04-20 09:00"),
        ];
        let out = whole(&P12, &ps, &c);
        let Some(Outcome::Flagged(f)) = of(&out, "ORG-P|A02010104") else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "ORG-P在90天内有2笔服务器采购金额介于限额标准4,000,000.00元的10%以内"
        );
        // min_count 3 → clear.
        let settings = CheckSettings::from_json(r#"{"p12": {"min_count": 3}}"#).unwrap();
        let c3 = CheckContext {
            settings: &settings,
            ..c
        };
        assert!(of(&whole(&P12, &ps, &c3), "ORG-P|A02010104")
            .unwrap()
            .is_clear());
        let mut p = purchase("X", 390 * W, "2026-03-02 09:00");
        p.project.category_code = None;
        assert_eq!(
            of(&whole(&P12, &[p], &c), "ORG-P|X"),
            Some(&Outcome::missing(&["project.category_code"]))
        );
    }

    proptest! {
        #[test]
        fn fold_merge_in_any_split_equals_one_fold(
            buys in proptest::collection::vec((0u8..2, 25i64..400, 1u32..300), 0..20),
            cuts in proptest::collection::vec(0usize..25, 0..5),
            rot in 0usize..6,
        ) {
            let ps: Vec<ProjectRecord> = buys
                .iter()
                .enumerate()
                .map(|(i, (u, w, d))| {
                    let date = crate::checks::testing::day("2026-01-01").add_days(i64::from(*d)).unwrap();
                    let mut p = purchase(&format!("P{}", i % 15), w * W, &format!("{date} 09:00"));
                    p.project.purchaser_id = format!("U{u}");
                    p
                })
                .collect();
            let c = ctx("2026-11-26");
            prop_assert_eq!(sorted(whole(&P12, &ps, &c)), sorted(pieces(&P12, &ps, &cuts, rot, &c)));
        }
    }
}
