//! The expert draw (专家抽取): the panel's legal size, which experts of the library may be drawn,
//! a reproducible random draw with reserves, recusal and replacement, and the gate an expert
//! passes before seeing bids. The same functions the checks M03–M09 and A20 judge a finished
//! panel with decide here, before the panel exists. See `panel.md`.
//!
//! # Size ([`panel_spec`])
//!
//! From the dated threshold table (`ThresholdTable::panel_rule`), as M03 judges it: tenders ≥ 5
//! members, ≥ 7 when the budget is ≥ 1000万元 or the project is technically complex or of high
//! social impact (财政部令第87号 第47条 [K]); negotiation / RFQ ≥ 3, ≥ 5 when the budget reaches the
//! open-tender threshold for the level and object (财政部令第74号 第7条 [K]; 《政府采购法》 第38条、
//! 第40条 [V]); consultation ≥ 3 (财库〔2014〕214号 第14条 [K]). Always odd, experts ≥ 2/3 of the
//! members. The spec is the **smallest** panel that satisfies the rule with the purchaser
//! representatives asked for; a complex negotiation or consultation needs one legal expert (M06).
//!
//! # Who may be drawn ([`eligibility`])
//!
//! In this order, the first reason found excludes:
//!
//! 1. not in the expert library (`registered = false`: a purchaser representative);
//! 2. none of the requested specialties (when any are requested);
//! 3. outside the requested jurisdictions (GB/T 2260 prefixes: `320000` = all of Jiangsu,
//!    `320400` = Changzhou and its districts, `320402` = that district only; none = anywhere);
//! 4. employed by the purchaser or by the agency on the draw date (M08, M09 — the same
//!    `employed_on`); an empty employment history cannot be cleared and excludes too;
//! 5. a relation with a known bidder within the 3 years before the draw date (条例 第9条, M07 —
//!    the same `relation` and window); bidders are often unknown at the draw, so the experts
//!    declare conflicts again before seeing bids ([`Draw::gate`]);
//! 6. drawn too often: the expert already sat on `max_panels_per_year` panels of this purchaser
//!    or of this agency in the year (A20's `a20.max_panels_per_year`, default 5: one more panel
//!    would make A20 flag).
//!
//! # The draw ([`draw`])
//!
//! The eligible experts are sorted by id (so the order the pool was read in does not matter),
//! shuffled by Fisher–Yates with [`SplitMix64`] seeded by the recorded `seed`, and taken in that
//! order: the first `experts` form the panel, the next `reserves` are the reserves in order. When
//! a legal expert is required and none is among the first `experts`, the last seat goes to the
//! first legal expert in the shuffled order. Same seed + same pool → same panel; [`Draw::verify`]
//! re-runs it. Too few eligible experts → [`PanelError::PoolTooSmall`].
//!
//! # Recusal ([`Draw::recuse`])
//!
//! A recused expert's seat goes to the first unused reserve (the first legal reserve when the
//! recused expert was the panel's only legal expert and one is required). Recusals are appended,
//! never rewritten; [`Draw::members`] applies them.

use serde::{Deserialize, Serialize};

use crate::checks::m07::{relation, window_start};
use crate::checks::m08::employed_on;
use crate::i18n::{Lang, Text};
use crate::model::{
    Expert, GovLevel, MemberRole, MemberSource, Method, ObjectType, PanelMember, Supplier,
};
use crate::money::Fen;
use crate::thresholds::{Dated, PanelRule, ThresholdTable};
use crate::time::{Date, Instant};

/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast, well-mixed 64-bit generator. Not for
/// secrets — the seed is recorded so that anyone can re-run the draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform value in `0..n` without modulo bias (draws below `2^64 mod n` are rejected);
    /// 0 for `n == 0`.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let reject_below = n.wrapping_neg() % n;
        loop {
            let x = self.next_u64();
            if x >= reject_below {
                return x % n;
            }
        }
    }
}

/// Why a panel cannot be formed or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PanelError {
    /// The method has no panel on that date (单一来源, 框架协议, 合作创新).
    #[error("no panel rule for {method:?} on {on}")]
    NoPanelRule { method: Method, on: Date },
    /// Fewer eligible experts than seats.
    #[error("{eligible} eligible experts, {needed} needed")]
    PoolTooSmall { eligible: u32, needed: u32 },
    /// A legal expert is required and none is eligible.
    #[error("a legal expert is required and none is eligible")]
    NoLegalExpert,
    /// The expert is not (or no longer) on the panel.
    #[error("expert {expert_id} is not on the panel")]
    NotOnPanel { expert_id: String },
    /// No reserve is left to replace a recused expert: draw again.
    #[error("no reserve left to replace expert {expert_id}")]
    NoReserve { expert_id: String },
}

impl PanelError {
    /// The message for a user.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PanelError::NoPanelRule { method, .. }, Lang::Zh) => {
                format!("{}不组建评审小组", method.name().zh)
            }
            (PanelError::NoPanelRule { method, .. }, Lang::En) => {
                format!("{} has no evaluation panel", method.name().en)
            }
            (PanelError::PoolTooSmall { eligible, needed }, Lang::Zh) => format!(
                "符合条件的专家仅{eligible}人，不足{needed}人，请调整专业或地域范围后重新抽取"
            ),
            (PanelError::PoolTooSmall { eligible, needed }, Lang::En) => format!(
                "Only {eligible} eligible experts, {needed} needed: widen the specialties or the region and draw again"
            ),
            (PanelError::NoLegalExpert, Lang::Zh) => {
                "须有一名法律专家，但没有符合条件的法律专家".to_owned()
            }
            (PanelError::NoLegalExpert, Lang::En) => {
                "A legal expert is required and none is eligible".to_owned()
            }
            (PanelError::NotOnPanel { expert_id }, Lang::Zh) => {
                format!("专家{expert_id}不在本评审小组中")
            }
            (PanelError::NotOnPanel { expert_id }, Lang::En) => {
                format!("Expert {expert_id} is not on this panel")
            }
            (PanelError::NoReserve { expert_id }, Lang::Zh) => {
                format!("专家{expert_id}回避后已无备选专家，请补充抽取")
            }
            (PanelError::NoReserve { expert_id }, Lang::En) => {
                format!("No reserve left to replace expert {expert_id}: draw again")
            }
        }
    }
}

/// The panel to draw: the rule in force and the smallest panel satisfying it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PanelSpec {
    pub rule: Dated<PanelRule>,
    /// Members in all (odd, ≥ the minimum).
    pub members: u32,
    /// Experts to draw: members − purchaser representatives.
    pub experts: u32,
    pub purchaser_reps: u32,
    /// One of the experts must be a legal expert (M06).
    pub legal_expert: bool,
}

/// The facts the panel size depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelFacts {
    pub method: Method,
    pub level: GovLevel,
    pub object: ObjectType,
    pub budget: Fen,
    /// Technically complex or specialised (技术复杂、专业性强).
    pub complex: bool,
    /// High social impact (社会影响较大; tenders).
    pub high_impact: bool,
    /// Purchaser representatives who will sit (0 or more).
    pub purchaser_reps: u32,
    /// The day of the evaluation (decides the rule in force).
    pub on: Date,
}

/// The legal panel for `facts`: the rule of the threshold table (the larger tender panel when
/// complex or of high impact, as M03), the smallest odd size admitting the representatives with
/// experts ≥ 2/3, and whether a legal expert is required (complex negotiation or consultation,
/// M06).
pub fn panel_spec(t: &ThresholdTable, facts: &PanelFacts) -> Result<PanelSpec, PanelError> {
    let no_rule = || PanelError::NoPanelRule {
        method: facts.method,
        on: facts.on,
    };
    let mut rule = t
        .panel_rule(
            facts.method,
            facts.level,
            facts.object,
            facts.budget,
            facts.on,
        )
        .ok_or_else(no_rule)?;
    if facts.method.is_tender() && (facts.complex || facts.high_impact) {
        if let Some(large) = t.panel_rule(
            facts.method,
            facts.level,
            facts.object,
            Fen(i64::MAX),
            facts.on,
        ) {
            rule = large;
        }
    }
    let reps = facts.purchaser_reps;
    let start = rule.value.min_members.max(reps);
    let members = (start..start.saturating_add(4 * reps + 4))
        .find(|&n| rule.value.admits(n, n - reps))
        .ok_or_else(no_rule)?;
    Ok(PanelSpec {
        rule,
        members,
        experts: members - reps,
        purchaser_reps: reps,
        legal_expert: facts.complex
            && matches!(
                facts.method,
                Method::CompetitiveNegotiation | Method::CompetitiveConsultation
            ),
    })
}

/// An organisation by id and registered name (an employment entry may carry either).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgRef<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
}

/// One expert of the library, with what the draw needs beyond the registry entry.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub expert: &'a Expert,
    /// GB/T 2260 code of the expert's region.
    pub jurisdiction_code: Option<&'a str>,
    /// Registered as a legal expert (法律专家).
    pub legal: bool,
    /// Panels of this purchaser the expert sat on in the year of the draw.
    pub panels_with_purchaser: u32,
    /// Panels of this agency the expert sat on in the year of the draw.
    pub panels_with_agency: u32,
}

/// What the draw asks for.
#[derive(Debug, Clone, Copy)]
pub struct DrawRequest<'a> {
    /// Experts to draw and whether a legal expert is required ([`panel_spec`]).
    pub experts: u32,
    pub legal_expert: bool,
    /// Reserves to draw beyond the panel (for recusals).
    pub reserves: u32,
    /// At least one of these specialties; empty = any.
    pub specialties: &'a [String],
    /// GB/T 2260 scopes the expert's region must lie in; empty = anywhere.
    pub jurisdictions: &'a [String],
    pub purchaser: OrgRef<'a>,
    /// `None` for self-procurement.
    pub agency: Option<OrgRef<'a>>,
    /// The bidders known at the draw (often none yet).
    pub bidders: &'a [&'a Supplier],
    /// The draw date (employment, 3-year window).
    pub date: Date,
    /// A20's `max_panels_per_year`.
    pub max_panels_per_year: u32,
    pub seed: u64,
}

/// Why an expert of the library was not eligible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Exclusion {
    NotRegistered,
    Specialty,
    Jurisdiction,
    EmployedByPurchaser,
    EmployedByAgency,
    /// The employment history is empty: M08/M09 could not clear the expert.
    EmploymentUnknown,
    /// A relation with a bidder (条例 Art 9), in both languages.
    TiedToBidder {
        supplier_id: String,
        relation_zh: String,
        relation_en: String,
    },
    /// Already `panels` panels of the purchaser (or agency) this year, the limit being `max`.
    DrawnTooOften {
        agency: bool,
        panels: u32,
        max: u32,
    },
}

impl Exclusion {
    /// The reason for a user.
    pub fn message(&self, lang: Lang) -> String {
        let t = |zh: &str, en: &str| match lang {
            Lang::Zh => zh.to_owned(),
            Lang::En => en.to_owned(),
        };
        match self {
            Exclusion::NotRegistered => t("不在评审专家库中", "not in the expert library"),
            Exclusion::Specialty => t("专业不符", "no requested specialty"),
            Exclusion::Jurisdiction => t("不在抽取地域范围内", "outside the requested region"),
            Exclusion::EmployedByPurchaser => t("受雇于采购人", "employed by the purchaser"),
            Exclusion::EmployedByAgency => t("受雇于代理机构", "employed by the agency"),
            Exclusion::EmploymentUnknown => t(
                "工作经历不详，无法排除利害关系",
                "employment history unknown: a conflict cannot be ruled out",
            ),
            Exclusion::TiedToBidder {
                supplier_id,
                relation_zh,
                relation_en,
            } => match lang {
                Lang::Zh => format!("与供应商{supplier_id}存在利害关系：{relation_zh}"),
                Lang::En => format!("related to supplier {supplier_id}: {relation_en}"),
            },
            Exclusion::DrawnTooOften {
                agency,
                panels,
                max,
            } => match (lang, agency) {
                (Lang::Zh, false) => format!("本年度已参加采购人项目评审{panels}次（上限{max}次）"),
                (Lang::Zh, true) => {
                    format!("本年度已参加代理机构项目评审{panels}次（上限{max}次）")
                }
                (Lang::En, false) => {
                    format!("already {panels} panels of the purchaser this year (limit {max})")
                }
                (Lang::En, true) => {
                    format!("already {panels} panels of the agency this year (limit {max})")
                }
            },
        }
    }
}

/// Whether the GB/T 2260 `scope` covers `code`: `320000` covers every `32xxxx`, `320400` every
/// `3204xx`, `320402` only itself. Both must be six digits.
pub fn region_covers(scope: &str, code: &str) -> bool {
    let six = |s: &str| s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit());
    if !six(scope) || !six(code) {
        return false;
    }
    let mut prefix = scope;
    while prefix.len() > 2 && prefix.ends_with("00") {
        prefix = &prefix[..prefix.len() - 2];
    }
    code.starts_with(prefix)
}

/// A relation of `expert` with one of `bidders` within the 3 years before `date` (M07's rule):
/// the supplier and the relation in both languages.
pub fn conflict_with_bidders(
    expert: &Expert,
    bidders: &[&Supplier],
    date: Date,
) -> Option<(String, Text)> {
    let since = window_start(date);
    bidders
        .iter()
        .find_map(|s| relation(expert, s, since).map(|r| (s.id.clone(), r)))
}

/// Whether `c` may be drawn for `req`: `Ok` or the first reason that excludes it (see the module
/// doc for the order).
pub fn eligibility(c: &Candidate<'_>, req: &DrawRequest<'_>) -> Result<(), Exclusion> {
    let e = c.expert;
    if e.registered == Some(false) {
        return Err(Exclusion::NotRegistered);
    }
    if !req.specialties.is_empty()
        && !e
            .specialties
            .iter()
            .any(|s| req.specialties.iter().any(|r| r.trim() == s.trim()))
    {
        return Err(Exclusion::Specialty);
    }
    if !req.jurisdictions.is_empty()
        && !c
            .jurisdiction_code
            .is_some_and(|code| req.jurisdictions.iter().any(|s| region_covers(s, code)))
    {
        return Err(Exclusion::Jurisdiction);
    }
    match employed_on(e, req.purchaser.id, req.purchaser.name, req.date) {
        None => return Err(Exclusion::EmploymentUnknown),
        Some(true) => return Err(Exclusion::EmployedByPurchaser),
        Some(false) => {}
    }
    if let Some(a) = req.agency {
        if employed_on(e, a.id, a.name, req.date) == Some(true) {
            return Err(Exclusion::EmployedByAgency);
        }
    }
    if let Some((supplier_id, r)) = conflict_with_bidders(e, req.bidders, req.date) {
        return Err(Exclusion::TiedToBidder {
            supplier_id,
            relation_zh: r.zh.to_owned(),
            relation_en: r.en.to_owned(),
        });
    }
    let max = req.max_panels_per_year;
    if c.panels_with_purchaser >= max {
        return Err(Exclusion::DrawnTooOften {
            agency: false,
            panels: c.panels_with_purchaser,
            max,
        });
    }
    if req.agency.is_some() && c.panels_with_agency >= max {
        return Err(Exclusion::DrawnTooOften {
            agency: true,
            panels: c.panels_with_agency,
            max,
        });
    }
    Ok(())
}

/// One excluded expert of the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excluded {
    pub expert_id: String,
    pub reason: Exclusion,
}

/// Why an expert left the panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RecusalReason {
    /// The expert declared a conflict with this supplier.
    DeclaredConflict { supplier_id: String },
    /// The platform found a relation (M07) with this supplier.
    DetectedConflict { supplier_id: String },
    /// Cannot attend (illness, …).
    Unavailable,
}

/// One recusal and the reserve who took the seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recusal {
    pub expert_id: String,
    pub replaced_by: String,
    pub reason: RecusalReason,
    pub at: Instant,
}

/// The recorded draw: enough to re-run it ([`Draw::verify`]) and to show who was excluded why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draw {
    pub seed: u64,
    /// FNV-1a of the eligible experts' ids in sorted order (what the shuffle ran on).
    pub pool_fingerprint: u64,
    pub eligible: u32,
    pub legal_required: bool,
    /// The panel as drawn, in draw order.
    pub panel: Vec<String>,
    /// The reserves as drawn, in the order they are used.
    pub reserves: Vec<String>,
    /// The legal experts among `panel` and `reserves`.
    pub legal: Vec<String>,
    pub excluded: Vec<Excluded>,
    /// Appended by [`Draw::recuse`].
    pub recusals: Vec<Recusal>,
}

/// 64-bit FNV-1a of the ids, each followed by a zero byte.
fn fingerprint<'a>(ids: impl Iterator<Item = &'a str>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for id in ids {
        for b in id.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Draws the panel for `req` from `pool` (see the module doc). Duplicate ids in the pool count
/// once (the first entry after sorting by id).
pub fn draw(req: &DrawRequest<'_>, pool: &[Candidate<'_>]) -> Result<Draw, PanelError> {
    let mut sorted: Vec<&Candidate<'_>> = pool.iter().collect();
    sorted.sort_by(|a, b| a.expert.id.cmp(&b.expert.id));
    sorted.dedup_by(|a, b| a.expert.id == b.expert.id);
    let mut eligible: Vec<&Candidate<'_>> = Vec::new();
    let mut excluded = Vec::new();
    for c in sorted {
        match eligibility(c, req) {
            Ok(()) => eligible.push(c),
            Err(reason) => excluded.push(Excluded {
                expert_id: c.expert.id.clone(),
                reason,
            }),
        }
    }
    let n = eligible.len();
    let seats = usize::try_from(req.experts).unwrap_or(usize::MAX);
    let count = u32::try_from(n).unwrap_or(u32::MAX);
    if n < seats {
        return Err(PanelError::PoolTooSmall {
            eligible: count,
            needed: req.experts,
        });
    }
    if req.legal_expert && !eligible.iter().any(|c| c.legal) {
        return Err(PanelError::NoLegalExpert);
    }
    let pool_fingerprint = fingerprint(eligible.iter().map(|c| c.expert.id.as_str()));
    let mut rng = SplitMix64::new(req.seed);
    for i in 0..n.saturating_sub(1) {
        let span = u64::try_from(n - i).unwrap_or(u64::MAX);
        let j = i + usize::try_from(rng.below(span)).unwrap_or(0);
        eligible.swap(i, j);
    }
    let mut chosen: Vec<usize> = (0..seats).collect();
    if req.legal_expert && seats > 0 && !eligible[..seats].iter().any(|c| c.legal) {
        if let Some(l) = eligible.iter().position(|c| c.legal) {
            chosen[seats - 1] = l;
        }
    }
    let reserves: Vec<usize> = (0..n)
        .filter(|i| !chosen.contains(i))
        .take(usize::try_from(req.reserves).unwrap_or(usize::MAX))
        .collect();
    let id = |i: &usize| eligible[*i].expert.id.clone();
    let legal = chosen
        .iter()
        .chain(&reserves)
        .filter(|i| eligible[**i].legal)
        .map(id)
        .collect();
    Ok(Draw {
        seed: req.seed,
        pool_fingerprint,
        eligible: count,
        legal_required: req.legal_expert,
        panel: chosen.iter().map(id).collect(),
        reserves: reserves.iter().map(id).collect(),
        legal,
        excluded,
        recusals: Vec::new(),
    })
}

/// Where an expert stands before seeing the bids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpertGate {
    /// Not on this panel: sees nothing of the project's bids.
    NotOnPanel,
    /// Recused: sees nothing more.
    Recused,
    /// On the panel, has not declared yet: must declare (no conflict / conflicts) first.
    MustDeclare,
    /// Declared a conflict: the server records the recusal ([`Draw::recuse`]).
    ConflictDeclared,
    /// Declared no conflict: may see the bids and score.
    MayScore,
}

impl ExpertGate {
    /// Where the expert stands, in words (the expert's panels page).
    pub fn name(self) -> Text {
        match self {
            ExpertGate::NotOnPanel => Text::new("候补专家（未上会）", "Reserve (not sitting)"),
            ExpertGate::Recused => Text::new("已回避", "Recused"),
            ExpertGate::MustDeclare => Text::new("待提交回避声明", "Declaration due"),
            ExpertGate::ConflictDeclared => Text::new("已申报利害关系", "Conflict declared"),
            ExpertGate::MayScore => Text::new("已声明无利害关系", "Declared, no conflict"),
        }
    }

    /// The code (as serialised), for the page's markup.
    pub fn code(self) -> &'static str {
        match self {
            ExpertGate::NotOnPanel => "not_on_panel",
            ExpertGate::Recused => "recused",
            ExpertGate::MustDeclare => "must_declare",
            ExpertGate::ConflictDeclared => "conflict_declared",
            ExpertGate::MayScore => "may_score",
        }
    }
}

/// An expert's declaration before seeing the bids (回避声明), against the list of bidders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declaration {
    pub expert_id: String,
    pub declared_at: Instant,
    /// Suppliers the expert declares a conflict with; empty = no conflict.
    pub conflicts: Vec<String>,
}

impl Draw {
    /// The panel now: the drawn panel with each recused expert replaced in place.
    pub fn members(&self) -> Vec<String> {
        let mut m = self.panel.clone();
        for r in &self.recusals {
            if let Some(seat) = m.iter_mut().find(|x| **x == r.expert_id) {
                seat.clone_from(&r.replaced_by);
            }
        }
        m
    }

    /// The reserves not used yet, in order.
    pub fn reserves_left(&self) -> Vec<&str> {
        self.reserves
            .iter()
            .filter(|r| !self.recusals.iter().any(|x| x.replaced_by == **r))
            .filter(|r| !self.recusals.iter().any(|x| x.expert_id == **r))
            .map(String::as_str)
            .collect()
    }

    fn is_legal(&self, id: &str) -> bool {
        self.legal.iter().any(|l| l == id)
    }

    /// Recuses `expert_id` and seats the next reserve (the next legal reserve when the panel
    /// would otherwise lose its only required legal expert). Returns the replacement's id.
    pub fn recuse(
        &mut self,
        expert_id: &str,
        reason: RecusalReason,
        at: Instant,
    ) -> Result<String, PanelError> {
        let members = self.members();
        if !members.iter().any(|m| m == expert_id) {
            return Err(PanelError::NotOnPanel {
                expert_id: expert_id.to_owned(),
            });
        }
        let needs_legal = self.legal_required
            && self.is_legal(expert_id)
            && !members.iter().any(|m| m != expert_id && self.is_legal(m));
        let left = self.reserves_left();
        let next = if needs_legal {
            left.iter().find(|r| self.is_legal(r))
        } else {
            left.first()
        };
        let Some(next) = next.map(|s| (*s).to_owned()) else {
            return Err(PanelError::NoReserve {
                expert_id: expert_id.to_owned(),
            });
        };
        self.recusals.push(Recusal {
            expert_id: expert_id.to_owned(),
            replaced_by: next.clone(),
            reason,
            at,
        });
        Ok(next)
    }

    /// Where `expert_id` stands: see [`ExpertGate`]. The latest declaration of the expert counts.
    pub fn gate(&self, expert_id: &str, declarations: &[Declaration]) -> ExpertGate {
        if self.recusals.iter().any(|r| r.expert_id == expert_id) {
            return ExpertGate::Recused;
        }
        if !self.members().iter().any(|m| m == expert_id) {
            return ExpertGate::NotOnPanel;
        }
        match declarations
            .iter()
            .filter(|d| d.expert_id == expert_id)
            .max_by_key(|d| d.declared_at)
        {
            None => ExpertGate::MustDeclare,
            Some(d) if d.conflicts.is_empty() => ExpertGate::MayScore,
            Some(_) => ExpertGate::ConflictDeclared,
        }
    }

    /// Re-runs the draw with `req` and `pool` and tells whether it gives the recorded panel,
    /// reserves and pool fingerprint (recusals are not part of the draw).
    pub fn verify(&self, req: &DrawRequest<'_>, pool: &[Candidate<'_>]) -> bool {
        match draw(req, pool) {
            Ok(d) => {
                d.seed == self.seed
                    && d.pool_fingerprint == self.pool_fingerprint
                    && d.panel == self.panel
                    && d.reserves == self.reserves
            }
            Err(_) => false,
        }
    }

    /// The experts now on the panel as model members (role expert, drawn at random at
    /// `drawn_at`), for the checks M03–M09.
    pub fn panel_members(&self, drawn_at: Instant) -> Vec<PanelMember> {
        self.members()
            .into_iter()
            .map(|id| PanelMember {
                is_legal_expert: Some(self.is_legal(&id)),
                person_id: id,
                role: MemberRole::Expert,
                source: MemberSource::Random,
                drawn_at: Some(drawn_at),
            })
            .collect()
    }
}

/// The suppliers an expert declares a conflict with must be bidders of the project.
pub fn check_conflicts(
    conflicts: &[String],
    bidders: &[String],
) -> Result<(), crate::field::FieldError> {
    match conflicts.iter().find(|c| !bidders.contains(c)) {
        None => Ok(()),
        Some(bad) => Err(crate::field::FieldError::with_message(
            "conflicts",
            "not_a_bidder",
            format!("{bad}不是本项目的投标人"),
            format!("{bad} is not a bidder of this project"),
        )),
    }
}

#[cfg(test)]
mod tests;
