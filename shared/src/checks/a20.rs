//! # A20 — 评审专家行为异常 (Expert behaviour)
//!
//! **What it checks.** Two patterns per evaluation expert (评审专家; purchaser representatives
//! are not judged):
//!
//! - **Frequent panels for one unit.** The panels (one per project record) an expert sat on, per
//!   purchaser (采购人) and per agency (代理机构), per year — the year of `panel.started_at`
//!   (else `panel.ended_at`; China time), else `project.fiscal_year`. Flagged when an expert sat
//!   on **more than** `a20.max_panels_per_year` (n, default 5) panels of the same unit or agency
//!   in one year: exactly n passes.
//! - **Scores in favour of the winner.** For every award, the score sheets of the winning bid
//!   (`awards[].bid_id`, else the winner's bid in the lot): the panel median of their totals
//!   (all sheets, purchaser representatives included; for an even number the mean of the two
//!   middle values) and each expert's deviation from it. A panel counts as *favouring* when the
//!   expert scored a winner at least `a20.deviation_hundredths` (1000 = 10 points) above the
//!   median — compared exactly, in hundredths. Flagged when an expert favoured the winner on
//!   **at least** `a20.min_panels` (3) panels. An expert who scored winners on fewer than
//!   `min_panels` panels answers insufficient data (too few for a systematic pattern).
//!
//! One outcome per expert: a flag when either pattern is found (both are named when both are);
//! otherwise insufficient data when either pattern cannot be judged (no dated panel; too few
//! scored panels); otherwise clear.
//!
//! **Why it matters.** An expert who often sits for one unit or systematically favours winners
//! may be captured. 同一专家频繁评审同一单位项目或系统性偏向中标人，提示可能被"固定"。
//!
//! **Legal basis.** 《政府采购法实施条例》 第62条第2款 [V] (the experts' performance is to be
//! recorded); 财库〔2016〕198号 [K]. A risk indicator.
//!
//! **Data.** `panel.members[]` (person, role), `panel.started_at` / `panel.ended_at`,
//! `project.fiscal_year`, `project.purchaser_id`, `project.agency.org_id`,
//! `score_sheets[]` (person, bid, total), `awards[]`, `bids[]`. Subject: kind `expert` with the
//! person id. Evidence: for the frequency the unit, the year, the panels and the limit; for the
//! scores the panels scored and favoured, the threshold, the largest and the mean deviation.
//!
//! **Example.** Expert E1 sat on 6 panels of ORG-P in 2026 → flagged:
//! "专家E1于2026年参加ORG-P项目评审6次，超过5次".

use std::collections::{BTreeMap, BTreeSet};

use super::prelude::*;
use crate::i18n::Lang;

pub static META: CheckMeta = CheckMeta {
    id: "A20",
    stage: Stage::Post,
    subject: Subject::Expert,
    methods: methods::SIX,
    nodes: &[Node::Portfolio],
    severity: Severity::Medium,
    nature: Nature::RiskIndicator,
    legal_basis: &[
        LegalBasis::v(law::GP_REGS, "第62条第2款"),
        LegalBasis::k(law::CK_2016_198, ""),
    ],
    valid_from: None,
    valid_to: None,
    title: Text::new("评审专家行为异常", "Expert behaviour"),
    message: Text::new("专家{expert}{issue}", "Expert {expert}: {issue}"),
    why: Text::new(
        "同一专家频繁评审同一单位项目或系统性偏向中标人，提示可能被\"固定\"。",
        "An expert who often sits for one unit or systematically favours winners may be captured.",
    ),
};

/// The portfolio check.
pub static A20: ExpertBehaviourCheck = ExpertBehaviourCheck;

const FREQUENT: Text = Text::new("频繁评审同一单位项目", "sits often for the same unit");
const FAVOURS: Text = Text::new("系统性偏向中标人", "systematically favours the winner");
const BOTH: Text = Text::new(
    "频繁评审同一单位项目且系统性偏向中标人",
    "sits often for the same unit and systematically favours the winner",
);
const PURCHASER: Text = Text::new("采购人", "purchaser");
const AGENCY: Text = Text::new("代理机构", "agency");

const FREQUENT_MSG: Text = Text::new(
    "专家{expert}于{year}年参加{unit}项目评审{panels}次，超过{max_panels}次",
    "Expert {expert} sat on {panels} panels of {unit} in {year}, more than {max_panels}",
);
const FAVOURS_MSG: Text = Text::new(
    "专家{expert}在{favoured}次评审中给中标人的评分高于评审小组中位数{deviation}分以上（共评审中标人{scored}次）",
    "Expert {expert} scored the eventual winner at least {deviation} points above the panel median on {favoured} of {scored} panels",
);
const BOTH_MSG: Text = Text::new(
    "专家{expert}于{year}年参加{unit}项目评审{panels}次，超过{max_panels}次；且在{favoured}次评审中给中标人的评分高于评审小组中位数{deviation}分以上（共评审中标人{scored}次）",
    "Expert {expert} sat on {panels} panels of {unit} in {year}, more than {max_panels}, and scored the eventual winner at least {deviation} points above the panel median on {favoured} of {scored} panels",
);

const UNDATED: &str = "panel.started_at or project.fiscal_year (the year of the panel)";
const NO_PANEL: &str = "panel.members[] (the panels the expert sat on)";
const TOO_FEW: &str = "score_sheets[] of the winning bid on more panels (a20.min_panels)";

/// Scores of one expert for winners. Merging adds (and keeps the largest deviation).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Scores {
    /// Panels on which the expert scored a winning bid.
    scored: i64,
    /// Panels on which the deviation reached the threshold.
    favoured: i64,
    /// Largest deviation from the median, in half-hundredths (2 × hundredths, exact).
    max_dev2: Option<i64>,
    /// Sum over the scored panels of the largest deviation of the panel, half-hundredths.
    sum_dev2: i64,
}

impl Scores {
    fn add(&mut self, o: Scores) {
        self.scored = self.scored.saturating_add(o.scored);
        self.favoured = self.favoured.saturating_add(o.favoured);
        self.max_dev2 = self.max_dev2.max(o.max_dev2);
        self.sum_dev2 = self.sum_dev2.saturating_add(o.sum_dev2);
    }
}

/// (expert, purchaser or agency, organisation id, year).
type UnitYear = (String, Subject, String, i32);

#[derive(Debug, Default)]
pub struct Acc {
    panels: BTreeMap<UnitYear, i64>,
    /// Expert → panels with no year known.
    undated: BTreeMap<String, i64>,
    scores: BTreeMap<String, Scores>,
}

pub struct ExpertBehaviourCheck;

/// A flag whose message is `template` filled from the evidence.
fn flag(template: Text, issue: Text, evidence: Evidence) -> Outcome {
    let evidence = evidence.label("issue", issue);
    Outcome::Flagged(Finding {
        message_zh: evidence.fill(template.zh, Lang::Zh),
        message_en: evidence.fill(template.en, Lang::En),
        evidence,
    })
}

/// Twice the median of `v` (exact in integers); `None` for an empty list. Sorts `v`. Also used
/// by the panel's live deviation flags (`crate::scoring`).
pub(crate) fn median2(v: &mut [i64]) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2].saturating_mul(2)
    } else {
        v[n / 2 - 1].saturating_add(v[n / 2])
    })
}

/// The id of the winning bid of an award.
fn winning_bid<'a>(p: &'a ProjectRecord, a: &'a Award) -> Option<&'a str> {
    a.bid_id.as_deref().or_else(|| {
        p.bids_in_lot(a.lot_id.as_deref())
            .find(|b| b.supplier_id == a.supplier_id && b.status != BidStatus::Withdrawn)
            .map(|b| b.id.as_str())
    })
}

fn add_count<K: Ord>(map: &mut BTreeMap<K, i64>, k: K, n: i64) {
    let c = map.entry(k).or_default();
    *c = c.saturating_add(n);
}

impl PortfolioCheck for ExpertBehaviourCheck {
    type Acc = Acc;
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn fold(&self, acc: &mut Acc, p: &ProjectRecord, ctx: &CheckContext) {
        // Frequency: one panel per project.
        if let Some(panel) = &p.panel {
            let mut experts: Vec<&str> = panel
                .members
                .iter()
                .filter(|m| m.role == MemberRole::Expert)
                .map(|m| m.person_id.as_str())
                .collect();
            experts.sort_unstable();
            experts.dedup();
            let year = panel
                .started_at
                .or(panel.ended_at)
                .map(|i| i.china_date().year())
                .or(p.project.fiscal_year);
            let agency = p.project.agency.as_ref().and_then(|a| a.org_id.as_deref());
            for e in experts {
                let Some(y) = year else {
                    add_count(&mut acc.undated, e.to_owned(), 1);
                    continue;
                };
                let unit = (
                    e.to_owned(),
                    Subject::Purchaser,
                    p.project.purchaser_id.clone(),
                    y,
                );
                add_count(&mut acc.panels, unit, 1);
                if let Some(g) = agency {
                    add_count(
                        &mut acc.panels,
                        (e.to_owned(), Subject::Agency, g.to_owned(), y),
                        1,
                    );
                }
            }
        }
        // Scores: per expert, the largest deviation for a winner on this panel.
        let reps: BTreeSet<&str> = p
            .panel
            .iter()
            .flat_map(|x| &x.members)
            .filter(|m| m.role == MemberRole::PurchaserRep)
            .map(|m| m.person_id.as_str())
            .collect();
        let threshold2 = ctx.settings.a20().deviation_hundredths.saturating_mul(2);
        let mut best: BTreeMap<&str, i64> = BTreeMap::new();
        for a in &p.awards {
            let Some(bid) = winning_bid(p, a) else {
                continue;
            };
            let sheets: Vec<&ScoreSheet> =
                p.score_sheets.iter().filter(|s| s.bid_id == bid).collect();
            let mut totals: Vec<i64> = sheets.iter().map(|s| s.total_hundredths).collect();
            let Some(m2) = median2(&mut totals) else {
                continue;
            };
            for s in sheets {
                if reps.contains(s.person_id.as_str()) {
                    continue;
                }
                let dev2 = s.total_hundredths.saturating_mul(2).saturating_sub(m2);
                let b = best.entry(s.person_id.as_str()).or_insert(dev2);
                *b = (*b).max(dev2);
            }
        }
        for (e, dev2) in best {
            acc.scores.entry(e.to_owned()).or_default().add(Scores {
                scored: 1,
                favoured: i64::from(dev2 >= threshold2),
                max_dev2: Some(dev2),
                sum_dev2: dev2,
            });
        }
    }

    fn merge(&self, mut a: Acc, b: Acc) -> Acc {
        for (k, n) in b.panels {
            add_count(&mut a.panels, k, n);
        }
        for (k, n) in b.undated {
            add_count(&mut a.undated, k, n);
        }
        for (k, s) in b.scores {
            a.scores.entry(k).or_default().add(s);
        }
        a
    }

    fn finalize(&self, acc: Acc, ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)> {
        let s = ctx.settings.a20();
        let limit = i64::from(s.max_panels_per_year);
        let min_panels = i64::from(s.min_panels.max(1));
        // Expert → the unit-year with the most panels (the first in key order on a tie).
        let mut worst: BTreeMap<&str, (&UnitYear, i64)> = BTreeMap::new();
        for (k, n) in &acc.panels {
            let w = worst.entry(k.0.as_str()).or_insert((k, *n));
            if *n > w.1 {
                *w = (k, *n);
            }
        }
        let experts: BTreeSet<&str> = worst
            .keys()
            .copied()
            .chain(acc.undated.keys().map(String::as_str))
            .chain(acc.scores.keys().map(String::as_str))
            .collect();
        let mut out = Vec::with_capacity(experts.len());
        for e in experts {
            let subject = SubjectRef::new(Subject::Expert, e);
            let mut evidence = Evidence::new().text("expert", e);
            let mut missing: Vec<&'static str> = Vec::new();
            let mut frequent = false;
            match worst.get(e) {
                Some(((_, kind, unit, year), n)) => {
                    frequent = *n > limit;
                    evidence = evidence
                        .text("unit", unit.as_str())
                        .label(
                            "unit_kind",
                            if *kind == Subject::Agency {
                                AGENCY
                            } else {
                                PURCHASER
                            },
                        )
                        .count("year", i64::from(*year))
                        .count("panels", *n)
                        .count("max_panels", limit);
                }
                None if acc.undated.contains_key(e) => missing.push(UNDATED),
                None => missing.push(NO_PANEL),
            }
            if let Some(n) = acc.undated.get(e) {
                evidence = evidence.count("undated_panels", *n);
            }
            let mut favours = false;
            match acc.scores.get(e) {
                Some(sc) if sc.scored >= min_panels => {
                    favours = sc.favoured >= min_panels;
                    evidence = evidence
                        .count("scored", sc.scored)
                        .count("favoured", sc.favoured)
                        .count("min_panels", min_panels)
                        .number("deviation", s.deviation_hundredths as f64 / 100.0)
                        .number("max_deviation", sc.max_dev2.unwrap_or(0) as f64 / 200.0)
                        .number(
                            "mean_deviation",
                            sc.sum_dev2 as f64 / 200.0 / sc.scored as f64,
                        );
                }
                Some(sc) => {
                    evidence = evidence.count("scored", sc.scored);
                    missing.push(TOO_FEW);
                }
                None => missing.push(TOO_FEW),
            }
            let outcome = match (frequent, favours) {
                (true, true) => flag(BOTH_MSG, BOTH, evidence),
                (true, false) => flag(FREQUENT_MSG, FREQUENT, evidence),
                (false, true) => flag(FAVOURS_MSG, FAVOURS, evidence),
                (false, false) if !missing.is_empty() => Outcome::InsufficientData { missing },
                (false, false) => Outcome::clear(evidence),
            };
            out.push((subject, outcome));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::a13::split::{of, pieces, sorted, whole};
    use super::*;
    use crate::checks::testing::{at, ctx, kind, record};
    use proptest::prelude::*;

    fn member(id: &str, role: MemberRole) -> PanelMember {
        PanelMember {
            person_id: id.to_owned(),
            role,
            source: MemberSource::Random,
            drawn_at: None,
            is_legal_expert: None,
        }
    }

    fn sheet(person: &str, bid: &str, total: i64) -> ScoreSheet {
        ScoreSheet {
            person_id: person.to_owned(),
            bid_id: bid.to_owned(),
            total_hundredths: total,
            items: Vec::new(),
        }
    }

    /// A panel of `unit` in `year` (none: undated) with experts E1–E3 and a purchaser
    /// representative R; E1 scores the winner W `e1`, the others 80.00 points.
    fn panel(i: usize, unit: &str, year: Option<i32>, e1: i64) -> ProjectRecord {
        let mut p = record(Method::PublicTender);
        p.project.id = format!("P{i}");
        p.project.purchaser_id = unit.to_owned();
        p.panel = Some(Panel {
            members: vec![
                member("E1", MemberRole::Expert),
                member("E2", MemberRole::Expert),
                member("E3", MemberRole::Expert),
                member("R", MemberRole::PurchaserRep),
            ],
            started_at: year.map(|y| at(&format!("{y}-03-02 09:00"))),
            ended_at: None,
            off_site: None,
        });
        p.awards.push(Award {
            lot_id: None,
            supplier_id: "W".to_owned(),
            bid_id: Some("B-W".to_owned()),
            amount: None,
            confirmed_at: None,
            notified_at: None,
            published_at: None,
            deviation_reason: None,
        });
        for (who, score) in [("E1", e1), ("E2", 8000), ("E3", 8000), ("R", 8000)] {
            p.score_sheets.push(sheet(who, "B-W", score));
            p.score_sheets.push(sheet(who, "B-L", 6000));
        }
        p
    }

    /// `n` panels of `unit` in 2026 where E1 deviates by `dev` hundredths.
    fn panels(n: usize, unit: &str, dev: i64) -> Vec<ProjectRecord> {
        (0..n)
            .map(|i| panel(i, unit, Some(2026), 8000 + dev))
            .collect()
    }

    #[test]
    fn table() {
        // (name, portfolio, expected for E1)
        let mut agency = panels(6, "U", 0);
        for (i, p) in agency.iter_mut().enumerate() {
            p.project.purchaser_id = format!("U{i}");
            p.project.agency = Some(AgencyRef {
                kind: AgencyKind::PrivateAgency,
                org_id: Some("AG".to_owned()),
                self_procurement_approved: None,
            });
        }
        let mut years = panels(3, "U", 0);
        years.extend((3..6).map(|i| panel(i, "U", Some(2025), 8000)));
        let mut two_of_three = panels(2, "U", 1000);
        two_of_three.push(panel(9, "U", Some(2026), 8000));
        let mut fiscal = panels(6, "U", 0);
        for p in &mut fiscal {
            if let Some(x) = p.panel.as_mut() {
                x.started_at = None;
            }
            p.project.fiscal_year = Some(2026);
        }
        let mut undated = fiscal.clone();
        for p in &mut undated {
            p.project.fiscal_year = None;
        }
        let cases: Vec<(&str, Vec<ProjectRecord>, &str)> = vec![
            (
                "6 panels of one unit in a year (n + 1)",
                panels(6, "U", 0),
                "flag",
            ),
            ("exactly 5 panels (n)", panels(5, "U", 0), "clear"),
            ("6 panels of one agency", agency, "flag"),
            ("3 + 3 panels in two years", years, "clear"),
            ("year from project.fiscal_year", fiscal, "flag"),
            ("no year known", undated, "missing"),
            (
                "favours the winner by 10.00 on 3 panels",
                panels(3, "U", 1000),
                "flag",
            ),
            ("by 9.99 on 3 panels", panels(3, "U", 999), "clear"),
            ("favours on 2 of 3 panels", two_of_three, "clear"),
            (
                "scored winners on 2 panels (below min)",
                panels(2, "U", 1000),
                "missing",
            ),
        ];
        let c = ctx("2026-11-26");
        for (name, ps, expected) in cases {
            let out = whole(&A20, &ps, &c);
            let o = of(&out, "E1").unwrap_or_else(|| panic!("{name}: {out:?}"));
            assert_eq!(kind(o), expected, "{name}: {o:?}");
        }
    }

    #[test]
    fn messages_and_evidence() {
        let c = ctx("2026-11-26");
        let out = whole(&A20, &panels(6, "ORG-P", 0), &c);
        let Some(Outcome::Flagged(f)) = of(&out, "E1") else {
            panic!("{out:?}")
        };
        assert_eq!(f.message_zh, "专家E1于2026年参加ORG-P项目评审6次，超过5次");
        assert_eq!(
            f.message_en,
            "Expert E1 sat on 6 panels of ORG-P in 2026, more than 5"
        );
        // E2 sat as often: flagged too; the representative R is never a subject.
        assert!(of(&out, "E2").unwrap().is_flagged());
        assert!(of(&out, "R").is_none());

        let out = whole(&A20, &panels(3, "ORG-P", 1500), &c);
        let Some(Outcome::Flagged(f)) = of(&out, "E1") else {
            panic!("{out:?}")
        };
        assert_eq!(
            f.message_zh,
            "专家E1在3次评审中给中标人的评分高于评审小组中位数10分以上（共评审中标人3次）"
        );
        assert_eq!(f.evidence.get("max_deviation"), Some(&Value::Number(15.0)));
        assert!(of(&out, "E2").unwrap().is_clear());

        let out = whole(&A20, &panels(6, "ORG-P", 1000), &c);
        let Some(Outcome::Flagged(f)) = of(&out, "E1") else {
            panic!("{out:?}")
        };
        assert!(f.message_en.contains("more than 5, and scored"), "{f:?}");
        assert!(!f.message_zh.contains('{'), "{f:?}");
    }

    #[test]
    fn median_and_settings() {
        // Four sheets: median of 70, 80, 80, 90 is 80; E1 at 90 deviates by exactly 10.
        let mut ps = panels(3, "U", 1000);
        for p in &mut ps {
            p.score_sheets.retain(|s| s.person_id != "R");
            p.score_sheets.push(sheet("E4", "B-W", 7000));
        }
        let c = ctx("2026-11-26");
        assert!(of(&whole(&A20, &ps, &c), "E1").unwrap().is_flagged());
        // An even panel with middle values 80 and 85: median 82.5, E1 at 92.49 is below.
        for p in &mut ps {
            for s in &mut p.score_sheets {
                if s.person_id == "E2" && s.bid_id == "B-W" {
                    s.total_hundredths = 8500;
                }
                if s.person_id == "E1" && s.bid_id == "B-W" {
                    s.total_hundredths = 9249;
                }
            }
        }
        assert!(of(&whole(&A20, &ps, &c), "E1").unwrap().is_clear());
        let settings = CheckSettings::from_json(
            r#"{"a20": {"max_panels_per_year": 6, "deviation_hundredths": 500, "min_panels": 2}}"#,
        )
        .unwrap();
        let c2 = CheckContext {
            settings: &settings,
            ..c
        };
        assert!(of(&whole(&A20, &panels(6, "U", 0), &c2), "E1")
            .unwrap()
            .is_clear());
        assert!(of(&whole(&A20, &panels(2, "U", 500), &c2), "E1")
            .unwrap()
            .is_flagged());
    }

    proptest! {
        #[test]
        fn fold_merge_in_any_split_equals_one_fold(
            spec in proptest::collection::vec((0u8..3, proptest::option::of(2024i32..2027), 7000i64..9500, proptest::option::of(0u8..2)), 0..40),
            cuts in proptest::collection::vec(0usize..45, 0..5),
            rot in 0usize..6,
        ) {
            let ps: Vec<ProjectRecord> = spec
                .iter()
                .enumerate()
                .map(|(i, (u, y, e1, ag))| {
                    let mut p = panel(i, &format!("U{u}"), *y, *e1);
                    p.project.agency = ag.map(|a| AgencyRef { kind: AgencyKind::PrivateAgency, org_id: Some(format!("G{a}")), self_procurement_approved: None });
                    p
                })
                .collect();
            let settings = CheckSettings::from_json(r#"{"a20": {"max_panels_per_year": 2, "deviation_hundredths": 500, "min_panels": 2}}"#).unwrap();
            let c = CheckContext { settings: &settings, ..ctx("2026-11-26") };
            prop_assert_eq!(sorted(whole(&A20, &ps, &c)), sorted(pieces(&A20, &ps, &cuts, rot, &c)));
        }
    }
}
