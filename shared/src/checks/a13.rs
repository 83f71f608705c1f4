//! # A13 — 节支率分析 (Savings-rate analytics)
//!
//! **What it checks.** Over the completed procurements of the portfolio it reports the savings
//! rate `(Σbudget − Σactual) / Σbudget` (the seed platform's KPI, computed exactly in integers and
//! rounded half up to basis points: Σbudget 92.47亿, Σactual 80.14亿 → 13.33 %). Per project it
//! flags award / budget ≥ 990 ‰ (the award is practically the budget: little competition, OCP
//! R031) or ≤ 500 ‰ (the award is half the budget or less: an inflated budget or a dumping bid,
//! SASU sas-3-6). Both fences are settings (`a13.high_ratio_permille`, `a13.low_ratio_permille`)
//! and are compared exactly (`actual × 1000 ≥ budget × 990`): a ratio of exactly 990 ‰ flags,
//! 989.9 ‰ does not; exactly 500 ‰ flags, 500.1 ‰ does not.
//!
//! **Why it matters.** An award almost equal to the budget suggests little competition; far below
//! suggests an inflated budget or a dumping bid. 成交价几乎等于预算提示缺乏竞争，远低于预算提示预算虚高或低价抢标。
//!
//! **Legal basis.** OCP Red Flags (2024) R031, R016 [L]; Prozorro SASU sas-3-6 [L]. A risk
//! indicator, not a violation.
//!
//! **Data.** `project.budget_amount`; the actual amount is Σ `contracts[].amount` when every
//! award has a contract with an amount, else Σ `awards[].amount`. A procurement is *completed*
//! when it has an award; projects with status `planned`, `in_progress`, `failed` or `cancelled`
//! are not folded (no outcome). A completed project lacking an amount answers insufficient data.
//! The portfolio outcome (subject `*`) is clear, with the totals and the rate as evidence, once
//! `a13.min_projects` completed projects are known; [`savings_rate`] is the same computation for
//! the dashboard.
//!
//! **Example.** Budget 1,000,000.00元, award 995,000.00元 → 99.5 % → flagged: "成交金额/预算为99.50%，接近或超过预算，竞争可能不足".

use std::collections::BTreeMap;

use super::prelude::*;

pub static META: CheckMeta = CheckMeta {
    id: "A13",
    stage: Stage::Post,
    subject: Subject::Project,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Low,
    nature: Nature::RiskIndicator,
    legal_basis: &[LegalBasis::l(law::OCP, "R031, R016"), LegalBasis::l(law::SASU, "sas-3-6")],
    valid_from: None,
    valid_to: None,
    title: Text::new("节支率分析", "Savings-rate analytics"),
    message: Text::new(
        "成交金额/预算为{ratio}，{issue}",
        "Award / budget = {ratio}: {issue}",
    ),
    why: Text::new(
        "成交价几乎等于预算提示缺乏竞争，远低于预算提示预算虚高或低价抢标。",
        "An award almost equal to the budget suggests little competition; far below suggests an inflated budget or a dumping bid.",
    ),
};

/// The portfolio check.
pub static A13: SavingsCheck = SavingsCheck;

const HIGH: Text = Text::new(
    "接近或超过预算，竞争可能不足",
    "close to or above the budget, competition may be lacking",
);
const LOW: Text = Text::new(
    "不足预算的一半，预算可能虚高或低价抢标",
    "half the budget or less, the budget may be inflated or the bid a dumping bid",
);

/// A savings rate, exact: `saved / budget_total` with `saved = budget_total − actual_total`
/// (negative when more was spent than budgeted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SavingsRate {
    pub budget_total: Fen,
    pub actual_total: Fen,
    pub saved: Fen,
    /// The rate in basis points (1/10 000), rounded half away from zero: 1333 = 13.33 %.
    pub basis_points: i64,
}

impl SavingsRate {
    /// `13.33%` (two decimals, as the dashboard shows it).
    pub fn percent(&self) -> String {
        basis_points_as_percent(self.basis_points)
    }
}

/// `(budget_total − actual_total) / budget_total`, exactly (128-bit integers), in basis points
/// rounded half away from zero. `None` when the budget total is not positive.
pub fn savings_rate(budget_total: Fen, actual_total: Fen) -> Option<SavingsRate> {
    if budget_total.fen() <= 0 {
        return None;
    }
    let saved = budget_total.fen() as i128 - actual_total.fen() as i128;
    let bp = ratio_basis_points(saved, budget_total.fen() as i128)?;
    Some(SavingsRate {
        budget_total,
        actual_total,
        saved: Fen(i64::try_from(saved).ok()?),
        basis_points: bp,
    })
}

/// `num / den` in basis points, rounded half away from zero; `None` for `den ≤ 0` or overflow.
pub fn ratio_basis_points(num: i128, den: i128) -> Option<i64> {
    if den <= 0 {
        return None;
    }
    let scaled = num.checked_mul(10_000)?;
    let q = scaled / den;
    let r = scaled % den;
    let q = if 2 * r.abs() >= den {
        q + scaled.signum()
    } else {
        q
    };
    i64::try_from(q).ok()
}

/// `1333` → `13.33%`, `-50` → `-0.50%`.
pub fn basis_points_as_percent(bp: i64) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let a = bp.unsigned_abs();
    format!("{sign}{}.{:02}%", a / 100, a % 100)
}

/// What one project contributes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Entry {
    Amounts { budget: Fen, actual: Fen },
    Missing(Vec<&'static str>),
}

/// Accumulator: one entry per project id. A project id folded twice counts once; of two
/// different records under one id the greater entry (by a fixed order) is kept, so the result
/// does not depend on the order of folding and merging.
#[derive(Debug, Default)]
pub struct Acc {
    projects: BTreeMap<String, Entry>,
}

pub struct SavingsCheck;

/// Σ contract amounts when every award has a contract with an amount, else Σ award amounts.
fn actual_amount(p: &ProjectRecord) -> Option<Fen> {
    let mut by_contract = Some(Fen::ZERO);
    for a in &p.awards {
        let c = p
            .contract_for_lot(a.lot_id.as_deref())
            .and_then(|c| c.amount);
        by_contract = match (by_contract, c) {
            (Some(s), Some(c)) => s.checked_add(c),
            _ => None,
        };
    }
    by_contract.or_else(|| {
        p.awards
            .iter()
            .try_fold(Fen::ZERO, |s, a| a.amount.and_then(|x| s.checked_add(x)))
    })
}

/// Inserts `v` under `k`, keeping the greater of two values (an order-independent choice).
pub(crate) fn keep_greater<K: Ord, V: Ord>(map: &mut BTreeMap<K, V>, k: K, v: V) {
    match map.entry(k) {
        std::collections::btree_map::Entry::Vacant(e) => {
            e.insert(v);
        }
        std::collections::btree_map::Entry::Occupied(mut e) => {
            if v > *e.get() {
                e.insert(v);
            }
        }
    }
}

impl PortfolioCheck for SavingsCheck {
    type Acc = Acc;
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn fold(&self, acc: &mut Acc, p: &ProjectRecord, _ctx: &CheckContext) {
        if matches!(
            p.project.status,
            Some(
                ProjectStatus::Planned
                    | ProjectStatus::InProgress
                    | ProjectStatus::Failed
                    | ProjectStatus::Cancelled
            )
        ) || p.awards.is_empty()
        {
            return;
        }
        let mut need = Need::new();
        let budget = need.get(p.project.budget_amount, "project.budget_amount");
        let actual = need.get(actual_amount(p), "awards[].amount");
        let entry = match (budget, actual) {
            (Some(budget), Some(actual)) if budget.fen() > 0 => Entry::Amounts { budget, actual },
            (Some(_), Some(_)) => Entry::Missing(vec!["project.budget_amount (positive)"]),
            _ => match need.outcome() {
                Outcome::InsufficientData { missing } => Entry::Missing(missing),
                _ => Entry::Missing(Vec::new()),
            },
        };
        keep_greater(&mut acc.projects, p.project.id.clone(), entry);
    }

    fn merge(&self, mut a: Acc, b: Acc) -> Acc {
        for (k, v) in b.projects {
            keep_greater(&mut a.projects, k, v);
        }
        a
    }

    fn finalize(&self, acc: Acc, ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)> {
        let s = ctx.settings.a13();
        let mut out = Vec::new();
        let (mut budget_total, mut actual_total, mut n) = (0i128, 0i128, 0u32);
        for (id, e) in &acc.projects {
            let subject = SubjectRef::new(Subject::Project, id.clone());
            let (budget, actual) = match e {
                Entry::Missing(m) => {
                    out.push((subject, Outcome::InsufficientData { missing: m.clone() }));
                    continue;
                }
                Entry::Amounts { budget, actual } => (*budget, *actual),
            };
            budget_total += budget.fen() as i128;
            actual_total += actual.fen() as i128;
            n += 1;
            let (a, b) = (actual.fen() as i128 * 1000, budget.fen() as i128);
            let issue = if a >= b * s.high_ratio_permille as i128 {
                Some(HIGH)
            } else if a <= b * s.low_ratio_permille as i128 {
                Some(LOW)
            } else {
                None
            };
            let bp = ratio_basis_points(actual.fen() as i128, b).unwrap_or(0);
            let evidence = Evidence::new()
                .money("budget", budget)
                .money("actual", actual)
                .text("ratio", basis_points_as_percent(bp))
                .permille("high_fence", s.high_ratio_permille)
                .permille("low_fence", s.low_ratio_permille);
            out.push((
                subject,
                match issue {
                    Some(t) => Outcome::flag(&META, evidence.label("issue", t)),
                    None => Outcome::clear(evidence),
                },
            ));
        }
        let all = SubjectRef::all(Subject::Project);
        let rate = match (i64::try_from(budget_total), i64::try_from(actual_total)) {
            (Ok(b), Ok(a)) => savings_rate(Fen(b), Fen(a)),
            _ => None,
        };
        match rate {
            Some(r) if n >= s.min_projects.max(1) => out.push((
                all,
                Outcome::clear(
                    Evidence::new()
                        .count("projects", i64::from(n))
                        .money("budget_total", r.budget_total)
                        .money("actual_total", r.actual_total)
                        .money("saved", r.saved)
                        .text("savings_rate", r.percent())
                        .count("savings_rate_bp", r.basis_points),
                ),
            )),
            _ => out.push((
                all,
                Outcome::missing(&["completed projects with project.budget_amount and awards[].amount (a13.min_projects)"]),
            )),
        }
        out
    }
}

/// Test support shared by the portfolio checks: folding a portfolio in pieces and merging the
/// pieces in any order must give what one fold gives.
#[cfg(test)]
pub(crate) mod split {
    use super::*;

    /// Folds all projects at once.
    pub fn whole<C: PortfolioCheck>(
        c: &C,
        ps: &[ProjectRecord],
        ctx: &CheckContext,
    ) -> Vec<(SubjectRef, Outcome)> {
        let mut acc = C::Acc::default();
        for p in ps {
            c.fold(&mut acc, p, ctx);
        }
        c.finalize(acc, ctx)
    }

    /// Cuts `ps` at `cuts` (taken modulo the length), folds each piece, merges the pieces in the
    /// order given by rotating by `rot` and alternately merging left and right, then finalizes.
    pub fn pieces<C: PortfolioCheck>(
        c: &C,
        ps: &[ProjectRecord],
        cuts: &[usize],
        rot: usize,
        ctx: &CheckContext,
    ) -> Vec<(SubjectRef, Outcome)> {
        let mut at: Vec<usize> = cuts.iter().map(|x| x % (ps.len() + 1)).collect();
        at.push(0);
        at.push(ps.len());
        at.sort_unstable();
        at.dedup();
        let mut accs: Vec<C::Acc> = at
            .windows(2)
            .map(|w| {
                let mut acc = C::Acc::default();
                for p in &ps[w[0]..w[1]] {
                    c.fold(&mut acc, p, ctx);
                }
                acc
            })
            .collect();
        let n = accs.len();
        accs.rotate_left(rot % n.max(1));
        let mut merged = C::Acc::default();
        for (i, a) in accs.into_iter().enumerate() {
            merged = if i % 2 == 0 {
                c.merge(merged, a)
            } else {
                c.merge(a, merged)
            };
        }
        c.finalize(merged, ctx)
    }

    /// Sorted by subject so the comparison does not depend on the order of the output.
    pub fn sorted(mut v: Vec<(SubjectRef, Outcome)>) -> Vec<(SubjectRef, Outcome)> {
        v.sort_by(|a, b| {
            (format!("{:?}", a.0.kind), &a.0.id).cmp(&(format!("{:?}", b.0.kind), &b.0.id))
        });
        v
    }

    /// The outcome of one subject id.
    pub fn of<'a>(out: &'a [(SubjectRef, Outcome)], id: &str) -> Option<&'a Outcome> {
        out.iter().find(|(s, _)| s.id == id).map(|(_, o)| o)
    }
}

#[cfg(test)]
mod tests {
    use super::split::{of, pieces, sorted, whole};
    use super::*;
    use crate::checks::testing::{ctx, kind, record};
    use proptest::prelude::*;

    fn project(id: &str, budget: Option<i64>, award: Option<i64>) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.id = id.to_owned();
        p.project.budget_amount = budget.map(Fen);
        p.awards.push(Award {
            lot_id: None,
            supplier_id: "S1".to_owned(),
            bid_id: None,
            amount: award.map(Fen),
            confirmed_at: None,
            notified_at: None,
            published_at: None,
            deviation_reason: None,
        });
        p
    }

    #[test]
    fn the_seed_savings_rate() {
        // Σbudget 92.47亿 = 9,247,000,000.00元, Σactual 80.14亿.
        let r = savings_rate(Fen::wan(924_700), Fen::wan(801_400)).unwrap();
        assert_eq!(r.basis_points, 1333);
        assert_eq!(r.percent(), "13.33%");
        assert_eq!(r.saved, Fen::wan(123_300));
        assert_eq!(savings_rate(Fen::ZERO, Fen::wan(1)), None);
        // Rounding half away from zero, and overspending.
        assert_eq!(
            savings_rate(Fen(20_000), Fen(19_999)).unwrap().basis_points,
            1
        ); // 0.5 bp → 1
        assert_eq!(
            savings_rate(Fen(30_000), Fen(29_999)).unwrap().basis_points,
            0
        ); // 0.33 bp → 0
        assert_eq!(
            savings_rate(Fen(100), Fen(105)).unwrap().percent(),
            "-5.00%"
        );
        assert_eq!(basis_points_as_percent(-50), "-0.50%");
    }

    #[test]
    fn table() {
        let cases: &[(&str, Option<i64>, Option<i64>, &str)] = &[
            ("ratio exactly 990‰", Some(1_000_000), Some(990_000), "flag"),
            (
                "ratio just under 990‰",
                Some(1_000_000),
                Some(989_999),
                "clear",
            ),
            (
                "award above budget",
                Some(1_000_000),
                Some(1_100_000),
                "flag",
            ),
            ("ratio exactly 500‰", Some(1_000_000), Some(500_000), "flag"),
            (
                "ratio just above 500‰",
                Some(1_000_000),
                Some(500_001),
                "clear",
            ),
            ("normal saving", Some(1_000_000), Some(866_700), "clear"),
            ("no budget", None, Some(500_000), "missing"),
            ("no award amount", Some(1_000_000), None, "missing"),
            ("zero budget", Some(0), Some(0), "missing"),
        ];
        let c = ctx("2026-11-26");
        for (name, budget, award, expected) in cases {
            let out = whole(&A13, &[project("X", *budget, *award)], &c);
            let o = of(&out, "X").unwrap();
            assert_eq!(kind(o), *expected, "{name}: {o:?}");
        }
    }

    #[test]
    fn portfolio_rate_message_and_exclusions() {
        let c = ctx("2026-11-26");
        let mut failed = project("F", Some(5_000_000), Some(1));
        failed.project.status = Some(ProjectStatus::Failed);
        let ps = vec![
            project("A", Some(924_700_000), Some(801_400_000)),
            project("B", Some(1_000_000), Some(995_000)),
            failed,
            project("N", None, Some(1)),
        ];
        let out = whole(&A13, &ps, &c);
        assert!(of(&out, "F").is_none());
        let Some(Outcome::Flagged(f)) = of(&out, "B") else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "成交金额/预算为99.50%，接近或超过预算，竞争可能不足"
        );
        assert_eq!(
            f.message_en,
            "Award / budget = 99.50%: close to or above the budget, competition may be lacking"
        );
        let all = of(&out, "*").unwrap().evidence().unwrap();
        assert_eq!(all.get("projects"), Some(&Value::Count(2)));
        assert_eq!(
            all.get("budget_total"),
            Some(&Value::Money(Fen(925_700_000)))
        );
        // (925,700,000 − 802,395,000) / 925,700,000 = 13.3202… %
        assert_eq!(
            all.get("savings_rate"),
            Some(&Value::Text("13.32%".to_owned()))
        );
        // Contract amounts win over award amounts.
        let mut p = project("C", Some(1_000_000), Some(995_000));
        p.contracts.push(Contract {
            id: "K".to_owned(),
            lot_id: None,
            supplier_id: "S1".to_owned(),
            amount: Some(Fen(900_000)),
            signed_at: None,
            published_at: None,
            filed_at: None,
            terms_match_award: None,
            payment_term_days: None,
            payment_after_acceptance: None,
            payment_term_agreed: None,
            amendments: Vec::new(),
            subcontracts: Vec::new(),
        });
        assert!(of(&whole(&A13, &[p], &c), "C").unwrap().is_clear());
    }

    #[test]
    fn insufficient_without_completed_projects() {
        let c = ctx("2026-11-26");
        let out = whole(&A13, &[], &c);
        assert!(of(&out, "*").unwrap().is_insufficient());
        let out = whole(&A13, &[project("N", None, Some(1))], &c);
        assert!(of(&out, "*").unwrap().is_insufficient());
    }

    proptest! {
        #[test]
        fn fold_merge_in_any_split_equals_one_fold(
            amounts in proptest::collection::vec((1i64..5_000_000, 0i64..6_000_000, proptest::option::of(0u8..3)), 0..25),
            cuts in proptest::collection::vec(0usize..30, 0..5),
            rot in 0usize..6,
        ) {
            let ps: Vec<ProjectRecord> = amounts
                .iter()
                .enumerate()
                .map(|(i, (b, a, m))| project(&format!("P{}", i % 20), if *m == Some(0) { None } else { Some(*b) }, Some(*a)))
                .collect();
            let c = ctx("2026-11-26");
            prop_assert_eq!(sorted(whole(&A13, &ps, &c)), sorted(pieces(&A13, &ps, &cuts, rot, &c)));
        }
    }
}
