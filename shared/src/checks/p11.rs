//! # P11 — 化整为零规避公开招标 (Splitting to avoid open tender)
//!
//! **What it checks.** 条例 Art 28: within one fiscal year, a purchaser buys goods or services
//! of one 品目 under one budget project (预算项目) several times by methods other than open tender,
//! and the amounts together *exceed* (超过) the open-tender threshold. The purchases of a group
//! (unit × budget line × category code × fiscal year) are taken in date order and summed; the
//! group is flagged at the first purchase after which at least two purchases are summed and the
//! running total is strictly above the threshold in force on that purchase's date (dated table,
//! by the unit's government level and the object type). Exactly the threshold passes, one fen
//! more fails. Exceptions (Art 28): a purchase whose non-tender method was approved
//! (`approvals[]` of kind `method_change`, approved) is left out of the sum; a group whose budget
//! line was adjusted (`budget_line.adjusted_amount`) is clear. Works are outside Art 28 (the
//! Bidding Law governs them) and open tenders are never summed. One purchase alone is not
//! splitting (a single purchase above the threshold without open tender is P04's concern).
//!
//! **Why it matters.** Repeated purchases of one item in a year that together reach the
//! open-tender threshold without an open tender are splitting. 同一预算项目同一品目一年内多次采购累计达到公开招标标准而未公开招标，属化整为零规避公开招标。
//!
//! **Legal basis.** 《政府采购法实施条例》 第28条、第67条(二) [V]; 《政府采购法》 第28条 [V].
//!
//! **Data.** `project.purchaser_id`, `budget_line.id`, `project.category_code` (else
//! `plan.category_code`), `project.fiscal_year` (else `budget_line.fiscal_year`),
//! `project.gov_level`, `project.budget_amount` (else `plan.amount`), the reference date. A
//! non-tender goods/services project lacking one of them answers insufficient data under the
//! subject `unit|project id`. Subjects of groups are `unit|budget line|category|year`.
//!
//! **Example.** City unit ORG-P, budget line BL-1, 品目 A02010104, 2026: negotiation 2,500,000.00元
//! (March) + RFQ 1,600,000.00元 (May) = 4,100,000.00元 > 4,000,000.00元 → flagged: "ORG-P在2026年度同一品目服务器以非公开招标方式采购合计4,100,000.00元，超过公开招标数额标准4,000,000.00元".

use std::collections::BTreeMap;

use super::a13::keep_greater;
use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "P11",
    stage: Stage::Pre,
    subject: Subject::Purchaser,
    methods: methods::SIX,
    nodes: &[Node::BudgetPlan],
    severity: Severity::Critical,
    nature: Nature::Violation,
    legal_basis: &[LegalBasis::v(law::GP_REGS, "第28条、第67条(二)"), LegalBasis::v(law::GP_LAW, "第28条")],
    valid_from: None,
    valid_to: None,
    title: Text::new("化整为零规避公开招标", "Splitting to avoid open tender"),
    message: Text::new(
        "{unit}在{fiscal_year}年度同一品目{category}以非公开招标方式采购合计{total}，超过公开招标数额标准{threshold}",
        "{unit} bought {total} of category {category} in {fiscal_year} by methods other than open tender, above the open-tender threshold {threshold}",
    ),
    why: Text::new(
        "同一预算项目同一品目一年内多次采购累计达到公开招标标准而未公开招标，属化整为零规避公开招标。",
        "Repeated purchases of one item in a year that together reach the open-tender threshold without an open tender are splitting.",
    ),
};

/// The portfolio check.
pub static P11: SplittingCheck = SplittingCheck;

/// Splitting needs more than one purchase (by definition, not a setting).
const MIN_PURCHASES: usize = 2;

/// One non-tender purchase. Field order = the order that breaks ties between two records of one id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Purchase {
    date: Date,
    amount: Fen,
    object: ObjectType,
    level: GovLevel,
    /// The non-tender method was approved: left out of the sum.
    approved: bool,
    budget_adjusted: bool,
}

/// unit, budget line, category, fiscal year.
type GroupKey = (String, String, String, i32);

#[derive(Debug, Default)]
pub struct Acc {
    groups: BTreeMap<GroupKey, BTreeMap<String, Purchase>>,
    /// `unit|project` → missing fields.
    missing: BTreeMap<String, Vec<&'static str>>,
    /// The units' names as the records give them (the message names the unit).
    names: BTreeMap<String, String>,
}

pub struct SplittingCheck;

impl PortfolioCheck for SplittingCheck {
    type Acc = Acc;
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn fold(&self, acc: &mut Acc, p: &ProjectRecord, _ctx: &CheckContext) {
        let pr = &p.project;
        if pr.method == Method::PublicTender || pr.object_type == ObjectType::Works {
            return;
        }
        let mut need = Need::new();
        let line = need.get(p.budget_line.as_ref(), "budget_line.id");
        let category = need.get(
            pr.category_code
                .clone()
                .or_else(|| p.plan.as_ref().and_then(|pl| pl.category_code.clone())),
            "project.category_code",
        );
        let year = need.get(
            pr.fiscal_year.or(line.map(|l| l.fiscal_year)),
            "project.fiscal_year",
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
        let (Some(line), Some(category), Some(year), Some(level), Some(amount), Some(date)) =
            (line, category, year, level, amount, date)
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
        let approved = p
            .approvals_of(ApprovalKind::MethodChange)
            .any(|a| a.is_approved() && a.to_method.is_none_or(|m| m == pr.method));
        let purchase = Purchase {
            date,
            amount,
            object: pr.object_type,
            level,
            approved,
            budget_adjusted: line.adjusted_amount.is_some(),
        };
        if let Some(o) = p.organisation(&pr.purchaser_id) {
            acc.names.insert(o.id.clone(), o.name.clone());
        }
        let key = (pr.purchaser_id.clone(), line.id.clone(), category, year);
        keep_greater(acc.groups.entry(key).or_default(), pr.id.clone(), purchase);
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
        let mut out = Vec::new();
        for (k, missing) in acc.missing {
            out.push((
                SubjectRef::new(Subject::Purchaser, k),
                Outcome::InsufficientData { missing },
            ));
        }
        for ((unit, line, category, year), purchases) in acc.groups {
            let subject = SubjectRef::new(
                Subject::Purchaser,
                format!("{unit}|{line}|{category}|{year}"),
            );
            let shown = acc
                .names
                .get(&unit)
                .filter(|n| !n.is_empty())
                .unwrap_or(&unit);
            out.push((
                subject,
                group(shown, &line, &category, year, purchases, ctx),
            ));
        }
        out
    }
}

fn group(
    unit: &str,
    line: &str,
    category: &str,
    year: i32,
    purchases: BTreeMap<String, Purchase>,
    ctx: &CheckContext,
) -> Outcome {
    let mut list: Vec<(&String, &Purchase)> = purchases.iter().collect();
    list.sort_by(|a, b| (a.1.date, a.0).cmp(&(b.1.date, b.0)));
    let approved = list.iter().filter(|(_, p)| p.approved).count();
    let adjusted = list.iter().any(|(_, p)| p.budget_adjusted);
    let evidence = Evidence::new()
        .text("unit", unit)
        .text("budget_line", line)
        .category("category", category)
        .count("fiscal_year", i64::from(year))
        .count("approved_excluded", approved as i64);
    let mut total = Fen::ZERO;
    let mut n = 0usize;
    let mut last_threshold = None;
    for (id, p) in list.iter().filter(|(_, p)| !p.approved) {
        let Some(t) = ctx
            .thresholds
            .open_tender_threshold(p.level, p.object, p.date)
        else {
            return Outcome::missing(&["thresholds: open-tender threshold for the date"]);
        };
        total = total.saturating_add(p.amount);
        n += 1;
        last_threshold = Some(t.value);
        if n >= MIN_PURCHASES && total > t.value {
            let evidence = evidence
                .money("total", total)
                .money("threshold", t.value)
                .count("purchases", n as i64)
                .date("crossed_on", p.date)
                .text("crossing_project", id.as_str())
                .text("threshold_source", t.source);
            if adjusted {
                return Outcome::clear(evidence.bool("budget_adjusted", true));
            }
            return Outcome::flag(&META, evidence);
        }
    }
    let evidence = evidence.money("total", total).count("purchases", n as i64);
    Outcome::clear(match last_threshold {
        Some(t) => evidence.money("threshold", t),
        None => evidence,
    })
}

#[cfg(test)]
mod tests {
    use super::super::a13::split::{of, pieces, sorted, whole};
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};
    use proptest::prelude::*;

    const SUBJECT: &str = "ORG-P|BL-1|A02010104|2026";

    fn purchase(id: &str, method: Method, yuan: i64, date: &str) -> ProjectRecord {
        let mut p = record(method);
        p.project.id = id.to_owned();
        p.project.gov_level = Some(GovLevel::CityCounty);
        p.project.fiscal_year = Some(2026);
        p.project.category_code = Some("A02010104".to_owned());
        p.project.budget_amount = Some(Fen::yuan(yuan));
        p.budget_line = Some(BudgetLine {
            id: "BL-1".to_owned(),
            unit_id: "ORG-P".to_owned(),
            fiscal_year: 2026,
            approved_amount: Fen::wan(1000),
            adjusted_amount: None,
            committed_amount: None,
        });
        p.notices.push(Notice {
            id: None,
            kind: NoticeKind::Negotiation,
            lot_id: None,
            published_at: at(date),
            media: Vec::new(),
            period_end: None,
            budget_amount: None,
            content: None,
        });
        p
    }

    fn run(ps: &[ProjectRecord]) -> Vec<(SubjectRef, Outcome)> {
        whole(&P11, ps, &ctx("2026-11-26"))
    }

    #[test]
    fn table() {
        use Method::*;
        // Local threshold from 2021: 400万元 (goods/services).
        type Case<'a> = (&'a str, &'a [(Method, i64)], &'a str);
        let cases: &[Case] = &[
            (
                "above: 250万 + 160万",
                &[
                    (CompetitiveNegotiation, 2_500_000),
                    (RequestForQuotation, 1_600_000),
                ],
                "flag",
            ),
            (
                "exactly the threshold passes",
                &[
                    (CompetitiveNegotiation, 2_500_000),
                    (RequestForQuotation, 1_500_000),
                ],
                "clear",
            ),
            (
                "open tender is not summed",
                &[
                    (PublicTender, 3_000_000),
                    (CompetitiveNegotiation, 2_000_000),
                ],
                "clear",
            ),
            (
                "one purchase alone is not splitting",
                &[(CompetitiveNegotiation, 4_500_000)],
                "clear",
            ),
            (
                "three small ones",
                &[
                    (RequestForQuotation, 1_500_000),
                    (RequestForQuotation, 1_500_000),
                    (CompetitiveConsultation, 1_500_000),
                ],
                "flag",
            ),
        ];
        for (name, buys, expected) in cases {
            let ps: Vec<ProjectRecord> = buys
                .iter()
                .enumerate()
                .map(|(i, (m, y))| {
                    purchase(
                        &format!("P{i}"),
                        *m,
                        *y,
                        &format!("2026-0{}-02 09:00", i + 3),
                    )
                })
                .collect();
            let out = run(&ps);
            let o = of(&out, SUBJECT);
            let k = o.map_or("none", kind);
            assert_eq!(k, *expected, "{name}: {out:?}");
        }
        // One fen above the threshold.
        let mut b = purchase(
            "B",
            Method::RequestForQuotation,
            1_500_000,
            "2026-05-02 09:00",
        );
        b.project.budget_amount = Some(Fen(Fen::yuan(1_500_000).fen() + 1));
        let out = run(&[
            purchase(
                "A",
                Method::CompetitiveNegotiation,
                2_500_000,
                "2026-03-02 09:00",
            ),
            b,
        ]);
        assert!(of(&out, SUBJECT).unwrap().is_flagged(), "{out:?}");
    }

    #[test]
    fn exceptions_and_message() {
        let a = purchase(
            "A",
            Method::CompetitiveNegotiation,
            2_500_000,
            "2026-03-02 09:00",
        );
        let b = purchase(
            "B",
            Method::RequestForQuotation,
            1_600_000,
            "2026-05-02 09:00",
        );
        let out = run(&[a.clone(), b.clone()]);
        let Some(Outcome::Flagged(f)) = of(&out, SUBJECT) else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "ORG-P在2026年度同一品目服务器以非公开招标方式采购合计4,100,000.00元，超过公开招标数额标准4,000,000.00元"
        );
        assert_eq!(
            f.evidence.get("crossed_on"),
            Some(&Value::Date(crate::checks::testing::day("2026-05-02")))
        );
        // The method of B was approved: left out of the sum.
        let mut b2 = b.clone();
        b2.approvals.push(Approval {
            kind: ApprovalKind::MethodChange,
            submitted_at: None,
            decided_at: None,
            result: Some(ApprovalResult::Approved),
            to_method: Some(Method::RequestForQuotation),
        });
        assert!(of(&run(&[a.clone(), b2]), SUBJECT).unwrap().is_clear());
        // The budget was adjusted.
        let mut a2 = a.clone();
        if let Some(l) = a2.budget_line.as_mut() {
            l.adjusted_amount = Some(Fen::wan(1200));
        }
        let out = run(&[a2, b.clone()]);
        let o = of(&out, SUBJECT).unwrap();
        assert!(o.is_clear(), "{o:?}");
        assert_eq!(
            o.evidence().unwrap().get("budget_adjusted"),
            Some(&Value::Bool(true))
        );
        // Another fiscal year or category is another group.
        let mut b3 = b.clone();
        b3.project.fiscal_year = Some(2025);
        assert!(of(&run(&[a.clone(), b3]), SUBJECT).unwrap().is_clear());
        // Works are outside Art 28.
        let mut w = b.clone();
        w.project.object_type = ObjectType::Works;
        assert!(of(&run(&[a, w]), SUBJECT).unwrap().is_clear());
    }

    #[test]
    fn insufficient_data() {
        let mut p = purchase(
            "A",
            Method::CompetitiveNegotiation,
            2_500_000,
            "2026-03-02 09:00",
        );
        p.budget_line = None;
        p.project.gov_level = None;
        let out = run(&[p]);
        assert_eq!(
            of(&out, "ORG-P|A"),
            Some(&Outcome::missing(&["budget_line.id", "project.gov_level"]))
        );
    }

    proptest! {
        #[test]
        fn fold_merge_in_any_split_equals_one_fold(
            buys in proptest::collection::vec((0u8..3, 0u8..2, 1i64..3_000_000, 1u8..12, any::<bool>()), 0..20),
            cuts in proptest::collection::vec(0usize..25, 0..5),
            rot in 0usize..6,
        ) {
            let ps: Vec<ProjectRecord> = buys
                .iter()
                .enumerate()
                .map(|(i, (m, unit, y, month, adj))| {
                    let method = [Method::CompetitiveNegotiation, Method::RequestForQuotation, Method::PublicTender][*m as usize];
                    let mut p = purchase(&format!("P{}", i % 15), method, *y, &format!("2026-{month:02}-02 09:00"));
                    p.project.purchaser_id = format!("U{unit}");
                    if *adj && i % 4 == 0 {
                        if let Some(l) = p.budget_line.as_mut() { l.adjusted_amount = Some(Fen::wan(1)); }
                    }
                    if i % 7 == 3 { p.project.gov_level = None; }
                    p
                })
                .collect();
            let c = ctx("2026-11-26");
            prop_assert_eq!(sorted(whole(&P11, &ps, &c)), sorted(pieces(&P11, &ps, &cuts, rot, &c)));
        }
    }
}
