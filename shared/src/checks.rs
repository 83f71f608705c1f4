//! The supervision checks (catalogue B.3: 27 事前预警 P01–P27, 27 事中监控 M01–M27, 25 事后分析
//! A01–A25) and the framework they are written in.
//!
//! - [`framework`]: `CheckMeta`, `Outcome`, `Evidence`, `CheckContext`, the `ProjectCheck` and
//!   `PortfolioCheck` traits; [`settings`]: per-check settings; [`stats`]: quartiles and fences;
//!   [`prelude`]: the one import of every check file.
//! - One file per check (`p19.rs`): its documentation, `META`, and `pub static P19`.
//! - The registry below lists every check once; [`run_all`] runs the per-project checks that
//!   apply to a project, [`run_portfolio`] the portfolio checks over many projects.
//!
//! How to write a check: `checks/README.md`.

mod after_signing;
pub mod framework;
pub mod labels;
pub mod prelude;
pub mod settings;
pub mod stats;
#[cfg(test)]
pub mod testing;

pub use framework::*;

mod data_paragraphs {
    include!(concat!(env!("OUT_DIR"), "/check_data.rs"));
    pub(super) static ALL: &[(&str, &str)] = &CHECK_DATA;
}

/// The "**Data.**" paragraph of check `id`'s doc: the inputs it reads and when it answers
/// "insufficient data" (taken from the check's file at build time).
pub fn data_paragraph(id: &str) -> Option<&'static str> {
    data_paragraphs::ALL
        .iter()
        .find(|(k, _)| *k == id)
        .map(|(_, v)| *v)
}

/// The checks that, where the record lacks a fact the law itself supplies, use the law's value
/// instead of answering "insufficient data" — and say so in their evidence.
pub static STATUTORY_DEFAULTS: &[(&str, crate::i18n::Text)] = &[
    (
        "A11",
        crate::i18n::Text::new(
            "合同记载未约定付款期限的，按法定30日（《保障中小企业款项支付条例》第9条、第10条）计算，证据注明依据",
            "a contract recording that no payment term was agreed is judged on the statutory 30 days (保障中小企业款项支付条例 Art 9, 10); the evidence names the basis",
        ),
    ),
    (
        "P07",
        crate::i18n::Text::new(
            "公示未写明截止日期时，以申请审批的日期判断5个工作日是否已满（公示须先于申请，《政府采购法实施条例》第38条）",
            "a notice stating no end date is judged by the request date: the 5 working days must have passed before it (条例 Art 38)",
        ),
    ),
];
pub use settings::*;

use crate::model::ProjectRecord;

// ---- The 79 checks: one module each (generated list; keep catalogue order) ----
pub mod a01;
pub mod a02;
pub mod a03;
pub mod a04;
pub mod a05;
pub mod a06;
pub mod a07;
pub mod a08;
pub mod a09;
pub mod a10;
pub mod a11;
pub mod a12;
pub mod a13;
pub mod a14;
pub mod a15;
pub mod a16;
pub mod a17;
pub mod a18;
pub mod a19;
pub mod a20;
pub mod a21;
pub mod a22;
pub mod a23;
pub mod a24;
pub mod a25;
pub mod m01;
pub mod m02;
pub mod m03;
pub mod m04;
pub mod m05;
pub mod m06;
pub mod m07;
pub mod m08;
pub mod m09;
pub mod m10;
pub mod m11;
pub mod m12;
pub mod m13;
pub mod m14;
pub mod m15;
pub mod m16;
pub mod m17;
pub mod m18;
pub mod m19;
pub mod m20;
pub mod m21;
pub mod m22;
pub mod m23;
pub mod m24;
pub mod m25;
pub mod m26;
pub mod m27;
pub mod p01;
pub mod p02;
pub mod p03;
pub mod p04;
pub mod p05;
pub mod p06;
pub mod p07;
pub mod p08;
pub mod p09;
pub mod p10;
pub mod p11;
pub mod p12;
pub mod p13;
pub mod p14;
pub mod p15;
pub mod p16;
pub mod p17;
pub mod p18;
pub mod p19;
pub mod p20;
pub mod p21;
pub mod p22;
pub mod p23;
pub mod p24;
pub mod p25;
pub mod p26;
pub mod p27;

/// Every per-project check, in catalogue order. Add a new check here and in the `mod` list.
static PROJECT_CHECKS: [&dyn ProjectCheck; 67] = [
    &p01::P01,
    &p02::P02,
    &p03::P03,
    &p04::P04,
    &p05::P05,
    &p06::P06,
    &p07::P07,
    &p08::P08,
    &p09::P09,
    &p10::P10,
    &p13::P13,
    &p14::P14,
    &p15::P15,
    &p16::P16,
    &p17::P17,
    &p18::P18,
    &p19::P19,
    &p20::P20,
    &p21::P21,
    &p22::P22,
    &p23::P23,
    &p24::P24,
    &p25::P25,
    &p26::P26,
    &p27::P27,
    &m01::M01,
    &m02::M02,
    &m03::M03,
    &m04::M04,
    &m05::M05,
    &m06::M06,
    &m07::M07,
    &m08::M08,
    &m09::M09,
    &m10::M10,
    &m11::M11,
    &m12::M12,
    &m13::M13,
    &m14::M14,
    &m15::M15,
    &m16::M16,
    &m17::M17,
    &m18::M18,
    &m19::M19,
    &m20::M20,
    &m21::M21,
    &m22::M22,
    &m23::M23,
    &m24::M24,
    &m25::M25,
    &m26::M26,
    &a01::A01,
    &a02::A02,
    &a03::A03,
    &a04::A04,
    &a05::A05,
    &a06::A06,
    &a07::A07,
    &a08::A08,
    &a09::A09,
    &a10::A10,
    &a11::A11,
    &a12::A12,
    &a22::A22,
    &a23::A23,
    &a24::A24,
    &a25::A25,
];

/// Every portfolio check, in catalogue order.
static PORTFOLIO_CHECKS: [&dyn DynPortfolioCheck; 12] = [
    &p11::P11,
    &p12::P12,
    &m27::M27,
    &a13::A13,
    &a14::A14,
    &a15::A15,
    &a16::A16,
    &a17::A17,
    &a18::A18,
    &a19::A19,
    &a20::A20,
    &a21::A21,
];

/// Every per-project check, in catalogue order.
pub fn project_checks() -> &'static [&'static dyn ProjectCheck] {
    &PROJECT_CHECKS
}

/// Every portfolio check, in catalogue order.
pub fn portfolio_checks() -> &'static [&'static dyn DynPortfolioCheck] {
    &PORTFOLIO_CHECKS
}

/// The metadata of all 79 checks in catalogue order (P, then M, then A; by number).
pub fn all_metas() -> Vec<&'static CheckMeta> {
    let mut all: Vec<&'static CheckMeta> = project_checks()
        .iter()
        .map(|c| c.meta())
        .chain(portfolio_checks().iter().map(|c| c.meta()))
        .collect();
    all.sort_by_key(|m| catalogue_order(m.id));
    all
}

/// The metadata of one check by id (`"P19"`, case-insensitive).
pub fn meta(id: &str) -> Option<&'static CheckMeta> {
    all_metas()
        .into_iter()
        .find(|m| m.id.eq_ignore_ascii_case(id))
}

/// Sort key: P before M before A, then the number.
fn catalogue_order(id: &str) -> (u8, u32) {
    let stage = match id.as_bytes().first() {
        Some(b'P') => 0,
        Some(b'M') => 1,
        Some(b'A') => 2,
        _ => 3,
    };
    (
        stage,
        id.get(1..).and_then(|n| n.parse().ok()).unwrap_or(u32::MAX),
    )
}

/// Runs every per-project check that applies to the project: its method is among the check's
/// methods and the check's validity covers the project's reference date
/// ([`ProjectRecord::reference_date`]). A dated check on an undated project answers
/// "insufficient data". Results are in catalogue order.
pub fn run_all(project: &ProjectRecord, ctx: &CheckContext) -> Vec<(&'static CheckMeta, Outcome)> {
    run_where(project, ctx, |_| true)
}

/// Runs the per-project checks that fire at `node` (B.4 of the catalogue: the check's `nodes`
/// include it) and apply to the project as in [`run_all`]. A step taken at a node — in the web
/// app or through the ingest API — runs exactly these.
pub fn run_node(
    project: &ProjectRecord,
    node: crate::workflow::Node,
    ctx: &CheckContext,
) -> Vec<(&'static CheckMeta, Outcome)> {
    run_where(project, ctx, |m| m.nodes.contains(&node))
}

fn run_where(
    project: &ProjectRecord,
    ctx: &CheckContext,
    wanted: impl Fn(&CheckMeta) -> bool,
) -> Vec<(&'static CheckMeta, Outcome)> {
    let method = project.project.method;
    let date = project.reference_date();
    project_checks()
        .iter()
        .map(|c| (c, c.meta()))
        .filter(|(_, m)| wanted(m))
        .filter_map(|(c, m)| match m.applicability(method, date) {
            Applicability::Applies => Some((m, c.run(project, ctx))),
            Applicability::NotApplicable => None,
            Applicability::DateUnknown => Some((m, Outcome::missing(&[REFERENCE_DATE]))),
        })
        .collect()
}

/// What an undated project lacks for a dated check.
pub const REFERENCE_DATE: &str = "notices[].published_at (reference date)";

/// One outcome of a portfolio check.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PortfolioOutcome {
    pub check: &'static CheckMeta,
    pub subject: SubjectRef,
    pub outcome: Outcome,
}

/// Runs every portfolio check over `projects`: each check folds the projects it applies to
/// (method and date as in [`run_all`]; undated projects are skipped by dated checks), then
/// finalizes. Single-threaded here; a caller with threads can use the [`DynPortfolioCheck`]
/// methods directly (fold per thread, `merge_any`, `finalize_any`).
pub fn run_portfolio(projects: &[ProjectRecord], ctx: &CheckContext) -> Vec<PortfolioOutcome> {
    let mut out = Vec::new();
    for check in portfolio_checks() {
        let m = check.meta();
        let mut acc = check.new_acc();
        for p in projects {
            if m.applicability(p.project.method, p.reference_date()) == Applicability::Applies {
                check.fold_any(&mut acc, p, ctx);
            }
        }
        for (subject, outcome) in check.finalize_any(acc, ctx) {
            out.push(PortfolioOutcome {
                check: m,
                subject,
                outcome,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Method;

    #[test]
    fn registry_holds_the_79_checks_once_in_order() {
        let all = all_metas();
        assert_eq!(all.len(), 79);
        let ids: Vec<&str> = all.iter().map(|m| m.id).collect();
        let mut expected = Vec::new();
        for n in 1..=27 {
            expected.push(format!("P{n:02}"));
        }
        for n in 1..=27 {
            expected.push(format!("M{n:02}"));
        }
        for n in 1..=25 {
            expected.push(format!("A{n:02}"));
        }
        assert_eq!(ids, expected);
        assert_eq!(meta("p19").map(|m| m.id), Some("P19"));
    }

    #[test]
    fn metadata_is_complete_and_consistent() {
        for m in all_metas() {
            let stage = match &m.id[..1] {
                "P" => Stage::Pre,
                "M" => Stage::During,
                _ => Stage::Post,
            };
            assert_eq!(m.stage, stage, "{}", m.id);
            assert!(
                !m.methods.is_empty() && !m.nodes.is_empty() && !m.legal_basis.is_empty(),
                "{}",
                m.id
            );
            for t in [m.title, m.message, m.why] {
                assert!(!t.zh.is_empty() && !t.en.is_empty(), "{}", m.id);
                assert_eq!(
                    t.zh.matches('{').count(),
                    t.zh.matches('}').count(),
                    "{}",
                    m.id
                );
            }
            if let Some(f) = m.valid_from {
                assert!(f.date().is_some(), "{}", m.id);
            }
            if let Some(t) = m.valid_to {
                assert!(t.date().is_some(), "{}", m.id);
            }
            // Literature-only sources make a risk indicator, never a violation.
            if m.legal_basis
                .iter()
                .all(|b| b.confidence == Confidence::Literature)
            {
                assert_eq!(m.nature, Nature::RiskIndicator, "{}", m.id);
            }
            // The same placeholders in both languages.
            let names = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split('}').next())
                    .map(str::to_owned)
                    .collect();
                v.sort();
                v
            };
            assert_eq!(names(m.message.zh), names(m.message.en), "{}", m.id);
        }
    }

    #[test]
    fn outcome_combination_and_messages() {
        let e = Evidence::new()
            .money("budget", crate::money::Fen::yuan(1_000_000))
            .permille("rate", 25)
            .days("d", 1);
        assert_eq!(
            e.fill("{budget} {rate} {d} {unknown}", crate::i18n::Lang::Zh),
            "1,000,000.00元 2.5% 1天 {unknown}"
        );
        assert_eq!(
            e.fill("{budget}, {d}", crate::i18n::Lang::En),
            "CNY 1,000,000.00, 1 day"
        );
        let combined = Outcome::combine(
            [
                Outcome::clear(Evidence::new()),
                Outcome::missing(&["a"]),
                Outcome::missing(&["a", "b"]),
            ],
            Outcome::missing(&["x"]),
        );
        assert_eq!(
            combined,
            Outcome::InsufficientData {
                missing: vec!["a", "b"]
            }
        );
        assert_eq!(
            Outcome::combine([], Outcome::missing(&["x"])),
            Outcome::missing(&["x"])
        );
        let mut need = Need::new();
        assert_eq!(need.get(Some(1), "a"), Some(1));
        assert_eq!(need.get(None::<i32>, "b"), None);
        assert_eq!(need.outcome(), Outcome::missing(&["b"]));
    }

    #[test]
    fn applicability_by_method_and_date() {
        let p13 = meta("P13").unwrap();
        let d = |y, m, dd| crate::time::Date::new(y, m, dd);
        assert_eq!(
            p13.applicability(Method::PublicTender, d(2020, 12, 31)),
            Applicability::NotApplicable
        );
        assert_eq!(
            p13.applicability(Method::PublicTender, d(2021, 1, 1)),
            Applicability::Applies
        );
        assert_eq!(
            p13.applicability(Method::PublicTender, None),
            Applicability::DateUnknown
        );
        let p07 = meta("P07").unwrap();
        assert_eq!(
            p07.applicability(Method::PublicTender, d(2024, 1, 1)),
            Applicability::NotApplicable
        );
        assert_eq!(
            p07.applicability(Method::SingleSource, None),
            Applicability::Applies
        );
    }
}

#[cfg(test)]
mod run_tests {
    use super::*;
    use crate::checks::testing::{at, ctx};
    use crate::model::tests::EXAMPLES;
    use crate::model::{BidStatus, Method};
    use crate::money::Fen;
    use crate::time::Instant;
    use proptest::prelude::*;

    fn example(i: usize) -> ProjectRecord {
        let (name, text, _) = EXAMPLES[i % EXAMPLES.len()];
        ProjectRecord::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    #[test]
    fn the_templates_clear_every_example() {
        for (i, (name, _, _)) in EXAMPLES.iter().enumerate() {
            let p = example(i);
            let results = run_all(&p, &ctx("2026-11-26"));
            for (m, o) in &results {
                // Checks that apply must be in the result; not-applicable ones are skipped.
                assert!(m.applies_to_method(p.project.method));
                if ["P16", "P19", "A01"].contains(&m.id) {
                    assert!(o.is_clear(), "{name} {}: {o:?}", m.id);
                }
            }
            let expected = project_checks()
                .iter()
                .filter(|c| c.meta().applies_to_method(p.project.method))
                .count();
            assert_eq!(results.len(), expected, "{name}");
        }
    }

    #[test]
    fn portfolio_runs_every_portfolio_check() {
        let projects: Vec<ProjectRecord> = (0..EXAMPLES.len()).map(example).collect();
        let out = run_portfolio(&projects, &ctx("2026-11-26"));
        for o in &out {
            assert!(
                portfolio_checks()
                    .iter()
                    .any(|c| std::ptr::eq(c.meta(), o.check)),
                "{}",
                o.check.id
            );
        }
    }

    fn instant() -> impl Strategy<Value = Option<Instant>> {
        // 2000 … 2040, plus extremes.
        prop_oneof![
            Just(None),
            (946_684_800i64..2_208_988_800).prop_map(|s| Some(Instant::from_unix_seconds(s))),
            Just(Some(Instant::from_unix_seconds(i64::MIN / 4))),
            Just(Some(Instant::from_unix_seconds(i64::MAX / 4))),
        ]
    }

    fn money() -> impl Strategy<Value = Option<Fen>> {
        prop_oneof![
            Just(None),
            any::<i64>().prop_map(|v| Some(Fen(v))),
            (0i64..10_000_000_000).prop_map(|v| Some(Fen(v)))
        ]
    }

    prop_compose! {
        fn record()(
            i in 0usize..6,
            method in prop::sample::select(Method::ALL.to_vec()),
            budget in money(),
            security in money(),
            price in money(),
            issued in instant(),
            deadline in instant(),
            notified in instant(),
            signed in instant(),
            drop_lists in any::<u8>(),
            status in prop::sample::select(vec![BidStatus::Valid, BidStatus::Disqualified, BidStatus::Withdrawn]),
        ) -> ProjectRecord {
            let mut p = example(i);
            p.project.method = method;
            p.project.budget_amount = budget;
            if let Some(d) = p.project.deposit.as_mut() { d.bid_security = security; }
            if let Some(d) = p.documents.as_mut() { d.issued_from = issued; }
            p.deadline = deadline;
            for b in &mut p.bids { b.price = price; b.status = status; }
            for a in &mut p.awards { a.notified_at = notified; }
            for c in &mut p.contracts { c.signed_at = signed; }
            if drop_lists & 1 != 0 { p.notices.clear(); }
            if drop_lists & 2 != 0 { p.awards.clear(); }
            if drop_lists & 4 != 0 { p.contracts.clear(); }
            if drop_lists & 8 != 0 { p.bids.clear(); }
            if drop_lists & 16 != 0 { p.panel = None; p.plan = None; p.budget_line = None; }
            if drop_lists & 32 != 0 { p.project.deposit = None; p.documents = None; }
            p
        }
    }

    proptest! {
        #[test]
        fn run_all_never_panics(p in record(), now in 946_684_800i64..2_208_988_800) {
            let c = ctx("2026-11-26");
            let c = CheckContext { as_of: Instant::from_unix_seconds(now), ..c };
            let results = run_all(&p, &c);
            for (m, o) in &results {
                prop_assert!(m.applies_to_method(p.project.method));
                if let Outcome::Flagged(f) = o {
                    prop_assert!(!f.message_zh.is_empty());
                }
            }
            let _ = run_portfolio(std::slice::from_ref(&p), &c);
            let _ = at("2026-01-01");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn run_portfolio_never_panics(ps in prop::collection::vec(record(), 0..16)) {
            let out = run_portfolio(&ps, &ctx("2026-11-26"));
            for o in &out {
                if let Outcome::Flagged(f) = &o.outcome {
                    prop_assert!(!f.message_zh.is_empty() && !f.message_en.is_empty());
                }
            }
        }
    }
}
