//! Online scoring (综合评分法): the scheme of the documents, the price score by the documents'
//! formula, an expert's score sheet as typed and its validation, the panel's ranking from all
//! sheets, and the deviating scores the report shows. The browser validates each keystroke with
//! [`ScoreSheetForm::parse`] and shows [`ScoreSheetForm::running_total`]; the server runs the same
//! `parse` before storing. See `scoring.md`.
//!
//! # Rules
//!
//! - **Scheme.** Items with a maximum in points (kept in hundredths); the maxima, the price item
//!   included, add up to exactly 100 points (财政部令第87号 第55条 [K]: each factor quantified,
//!   weights summing to 100 %). At most one price item, computed, never typed.
//! - **Price score (低价优先法).** Base price = the lowest evaluated price among the valid bids;
//!   each bid scores `price max × base / evaluated price`, rounded half up to a hundredth
//!   (87号令 第55条 [K]). The evaluated price is the bid price, less the documents' deduction for
//!   small and micro enterprises (`sme_deduction_permille`, 财库〔2020〕46号 第9条 and 〔2022〕19号
//!   [K]), in fen, rounded down.
//! - **Score sheet.** Each typed item: a number in `[0, max]`, with at most the scheme's decimals
//!   (0, 1 or 2). **Comment rule:** a comment of at least [`COMMENT_MIN_CHARS`] characters is
//!   required for a subjective item scored 0 or its maximum, and for an objective item scored 0
//!   (it names what the bid lacks); an objective item at its maximum needs none. Every item must be
//!   scored; the total is the sum of the items and the price score.
//! - **Ranking.** Per bid, the mean of the panel's sheet totals (exact, compared as fractions).
//!   Order: mean score descending; equal means → price ascending; equal prices → technical score
//!   (the mean total without the price item) descending; still equal → tied (并列, same rank)
//!   (87号令 第65条 [K]; the technical tie-break is what the issue asks and what 87号令 uses for
//!   最低评标价法). [`rank_by_price`] ranks a 最低评标价法 evaluation.
//! - **Deviating scores (A20).** Per bid, the median of the sheet totals (A20's `median2`, the
//!   mean of the two middle values for an even count) and each sheet's deviation from it; a sheet
//!   deviating by at least `a20.deviation_hundredths` (10 points) **in either direction** is
//!   listed (A20 counts the upward ones for winners across projects).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::checks::a20::median2;
use crate::field::{FieldError, FieldErrors};
use crate::i18n::{Lang, Text};
use crate::model::{
    EvaluationReport, Expert, ItemScore, MemberRole, PanelMember, ScoreSheet, Scoring,
    ScoringMethod,
};
use crate::money::Fen;

/// The points of the whole scheme, in hundredths (100 points).
pub const TOTAL_HUNDREDTHS: i64 = 10_000;
/// The shortest comment an extreme score needs, characters.
pub const COMMENT_MIN_CHARS: usize = 5;
/// The longest comment, characters.
pub const COMMENT_MAX_CHARS: usize = 500;

/// One scored item of the documents (评审因素).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub id: String,
    pub name: String,
    pub max_hundredths: i64,
    /// A subjective item (主观分).
    pub subjective: bool,
}

/// How the price score is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceFormula {
    /// 低价优先法: lowest evaluated price / evaluated price × price maximum (87号令 Art 55).
    LowestBase,
}

/// The price item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceCriterion {
    pub id: String,
    pub max_hundredths: i64,
    pub formula: PriceFormula,
}

/// Why a scheme is not valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SchemeError {
    #[error("no item to score")]
    Empty,
    #[error("item id {id} used twice")]
    DuplicateId { id: String },
    #[error("item {id} has no positive maximum")]
    NonPositiveMax { id: String },
    #[error("the maxima add up to {total} hundredths, not 10000")]
    TotalNot100 { total: i64 },
    #[error("decimals must be 0, 1 or 2")]
    Decimals,
}

impl SchemeError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SchemeError::Empty, Lang::Zh) => "评分办法没有评审因素".to_owned(),
            (SchemeError::DuplicateId { id }, Lang::Zh) => format!("评审因素编号{id}重复"),
            (SchemeError::NonPositiveMax { id }, Lang::Zh) => {
                format!("评审因素{id}的分值必须大于0")
            }
            (SchemeError::TotalNot100 { total }, Lang::Zh) => {
                format!("各评审因素分值合计{}分，应为100分", points(*total))
            }
            (SchemeError::Decimals, Lang::Zh) => "评分小数位数只能为0、1或2".to_owned(),
            (e, Lang::En) => e.to_string(),
        }
    }
}

/// Hundredths as points: `8750` → `87.5`, `8700` → `87`.
pub fn points(hundredths: i64) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let a = hundredths.unsigned_abs();
    match a % 100 {
        0 => format!("{sign}{}", a / 100),
        f if f % 10 == 0 => format!("{sign}{}.{}", a / 100, f / 10),
        f => format!("{sign}{}.{f:02}", a / 100),
    }
}

/// The scoring scheme of the documents. Only [`ScoringScheme::new`] creates one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoringScheme {
    criteria: Vec<Criterion>,
    price: Option<PriceCriterion>,
    decimals: u8,
}

impl ScoringScheme {
    /// A scheme of typed `criteria` and an optional computed `price` item, scores typed with at
    /// most `decimals` decimals.
    pub fn new(
        criteria: Vec<Criterion>,
        price: Option<PriceCriterion>,
        decimals: u8,
    ) -> Result<ScoringScheme, SchemeError> {
        if decimals > 2 {
            return Err(SchemeError::Decimals);
        }
        if criteria.is_empty() && price.is_none() {
            return Err(SchemeError::Empty);
        }
        let mut ids: Vec<(&str, i64)> = criteria
            .iter()
            .map(|c| (c.id.as_str(), c.max_hundredths))
            .collect();
        if let Some(p) = &price {
            ids.push((p.id.as_str(), p.max_hundredths));
        }
        let mut total = 0i64;
        for (i, (id, max)) in ids.iter().enumerate() {
            if ids[..i].iter().any(|(x, _)| x == id) {
                return Err(SchemeError::DuplicateId {
                    id: (*id).to_owned(),
                });
            }
            if *max <= 0 {
                return Err(SchemeError::NonPositiveMax {
                    id: (*id).to_owned(),
                });
            }
            total = total.saturating_add(*max);
        }
        if total != TOTAL_HUNDREDTHS {
            return Err(SchemeError::TotalNot100 { total });
        }
        Ok(ScoringScheme {
            criteria,
            price,
            decimals,
        })
    }

    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }
    pub fn price(&self) -> Option<&PriceCriterion> {
        self.price.as_ref()
    }
    pub fn decimals(&self) -> u8 {
        self.decimals
    }

    /// The price weight in permille of the total (300 = 30 %), for P23's range check.
    pub fn price_weight_permille(&self) -> Option<i64> {
        self.price
            .as_ref()
            .map(|p| p.max_hundredths * 1000 / TOTAL_HUNDREDTHS)
    }

    /// The scheme as the model's `project.scoring`, so the pre-event checks can judge it.
    pub fn model_scoring(&self) -> Scoring {
        Scoring {
            method: ScoringMethod::Comprehensive,
            price_weight_permille: self.price_weight_permille(),
            weight_approved: None,
        }
    }

    /// The price score of every bid (bid id → hundredths); empty without a price item or without
    /// a positive price. See the module doc for the formula and the rounding.
    pub fn price_scores(
        &self,
        bids: &[PriceInput],
        sme_deduction_permille: Option<i64>,
    ) -> BTreeMap<String, i64> {
        let mut out = BTreeMap::new();
        let Some(p) = &self.price else {
            return out;
        };
        let evaluated: Vec<(&str, i64)> = bids
            .iter()
            .map(|b| {
                (
                    b.bid_id.as_str(),
                    evaluated_price(b.price, b.small_micro, sme_deduction_permille).fen(),
                )
            })
            .filter(|(_, f)| *f > 0)
            .collect();
        let Some(base) = evaluated.iter().map(|(_, f)| *f).min() else {
            return out;
        };
        match p.formula {
            PriceFormula::LowestBase => {
                for (id, price) in evaluated {
                    let num =
                        2 * i128::from(p.max_hundredths) * i128::from(base) + i128::from(price);
                    let score = num / (2 * i128::from(price));
                    out.insert(id.to_owned(), i64::try_from(score).unwrap_or(0));
                }
            }
        }
        out
    }
}

/// A bid's price for the price score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceInput {
    pub bid_id: String,
    pub price: Fen,
    /// The bidder is a small or micro enterprise (the deduction applies).
    pub small_micro: bool,
}

/// The price used for scoring: less `deduction_permille` ‰ for small and micro enterprises
/// (rounded down to the fen); the bid price otherwise.
pub fn evaluated_price(price: Fen, small_micro: bool, deduction_permille: Option<i64>) -> Fen {
    match deduction_permille {
        Some(d) if small_micro && (0..1000).contains(&d) => {
            price.mul_ratio(1000 - d, 1000).unwrap_or(price)
        }
        _ => price,
    }
}

/// The score-sheet form: one expert's scores for one bid, as typed (item id → text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScoreSheetForm {
    pub bid_id: String,
    pub scores: BTreeMap<String, String>,
    pub comments: BTreeMap<String, String>,
}

/// A valid score sheet. Created only by [`ScoreSheetForm::parse`] against a scheme (so it is not
/// deserialisable: the server parses the form it receives).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidScoreSheet {
    bid_id: String,
    /// (item id, hundredths) in scheme order, the price item last.
    items: Vec<(String, i64)>,
    comments: BTreeMap<String, String>,
    total_hundredths: i64,
}

impl ValidScoreSheet {
    pub fn bid_id(&self) -> &str {
        &self.bid_id
    }
    pub fn items(&self) -> &[(String, i64)] {
        &self.items
    }
    pub fn comments(&self) -> &BTreeMap<String, String> {
        &self.comments
    }
    pub fn total_hundredths(&self) -> i64 {
        self.total_hundredths
    }

    /// The sheet as the model stores it (for the checks), signed by `person_id`.
    pub fn to_model(&self, scheme: &ScoringScheme, person_id: &str) -> ScoreSheet {
        let items = self
            .items
            .iter()
            .map(|(id, s)| {
                let c = scheme.criteria.iter().find(|c| c.id == *id);
                ItemScore {
                    item: id.clone(),
                    score_hundredths: *s,
                    max_hundredths: c
                        .map(|c| c.max_hundredths)
                        .or_else(|| scheme.price.as_ref().map(|p| p.max_hundredths)),
                    subjective: Some(c.is_some_and(|c| c.subjective)),
                }
            })
            .collect();
        ScoreSheet {
            person_id: person_id.to_owned(),
            bid_id: self.bid_id.clone(),
            total_hundredths: self.total_hundredths,
            items,
        }
    }
}

/// Why a typed score is not a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PointsError {
    Empty,
    NotANumber,
    Decimals,
    AboveMax,
}

/// Reads points as typed (`12`, `12.5`, ` 7.25 `) into hundredths, with at most `decimals`
/// decimals and at most `max` hundredths. Negative numbers are not numbers here.
fn parse_points(text: &str, decimals: u8, max: i64) -> Result<i64, PointsError> {
    let s = text.trim();
    if s.is_empty() {
        return Err(PointsError::Empty);
    }
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty()
        || int.len() > 6
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (s.contains('.') && frac.is_empty())
    {
        return Err(PointsError::NotANumber);
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > usize::from(decimals) {
        return Err(PointsError::Decimals);
    }
    let whole: i64 = int.parse().map_err(|_| PointsError::NotANumber)?;
    let f: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| PointsError::NotANumber)? * 10,
        _ => frac.parse().map_err(|_| PointsError::NotANumber)?,
    };
    let v = whole * 100 + f;
    if v > max {
        return Err(PointsError::AboveMax);
    }
    Ok(v)
}

fn needs_comment(c: &Criterion, score: i64) -> bool {
    score == 0 || (c.subjective && score == c.max_hundredths)
}

impl ScoreSheetForm {
    /// Every field's error at once (`scores.<item>`, `comments.<item>`, `price`), in scheme
    /// order. `price_hundredths` is this bid's price score ([`ScoringScheme::price_scores`]);
    /// required when the scheme has a price item.
    pub fn parse(
        &self,
        scheme: &ScoringScheme,
        price_hundredths: Option<i64>,
    ) -> Result<ValidScoreSheet, FieldErrors> {
        let mut e = FieldErrors::new();
        if self.bid_id.trim().is_empty() {
            e.push(FieldError::new(
                "bid_id",
                "required",
                Text::new("请选择投标文件", "Choose a bid"),
            ));
        }
        let mut items = Vec::with_capacity(scheme.criteria.len() + 1);
        let mut comments = BTreeMap::new();
        for c in &scheme.criteria {
            let field = format!("scores.{}", c.id);
            let text = self.scores.get(&c.id).map_or("", String::as_str);
            let max = points(c.max_hundredths);
            let score = match parse_points(text, scheme.decimals, c.max_hundredths) {
                Ok(v) => v,
                Err(err) => {
                    let (code, zh, en) = match err {
                        PointsError::Empty => (
                            "required",
                            format!("请为“{}”打分", c.name),
                            format!("Score “{}”", c.name),
                        ),
                        PointsError::NotANumber => (
                            "not_a_number",
                            format!("请输入0–{max}之间的分数"),
                            format!("Enter a score from 0 to {max}"),
                        ),
                        PointsError::Decimals => (
                            "decimals",
                            format!("分数最多{}位小数", scheme.decimals),
                            format!("At most {} decimals", scheme.decimals),
                        ),
                        PointsError::AboveMax => (
                            "above_max",
                            format!("“{}”最高{max}分", c.name),
                            format!("“{}” scores at most {max}", c.name),
                        ),
                    };
                    e.push(FieldError::with_message(&field, code, zh, en));
                    continue;
                }
            };
            let comment = self
                .comments
                .get(&c.id)
                .map(|s| s.trim())
                .filter(|s| !s.is_empty());
            let comment_field = format!("comments.{}", c.id);
            match comment {
                Some(t) if t.chars().count() > COMMENT_MAX_CHARS => {
                    e.push(FieldError::with_message(
                        &comment_field,
                        "too_long",
                        format!("评审意见不能超过{COMMENT_MAX_CHARS}个字"),
                        format!("At most {COMMENT_MAX_CHARS} characters"),
                    ));
                }
                Some(t) if needs_comment(c, score) && t.chars().count() < COMMENT_MIN_CHARS => {
                    e.push(FieldError::with_message(
                        &comment_field,
                        "comment_too_short",
                        format!("给出{}分须说明理由（至少{COMMENT_MIN_CHARS}个字）", points(score)),
                        format!(
                            "A score of {} needs a reason (at least {COMMENT_MIN_CHARS} characters)",
                            points(score)
                        ),
                    ));
                }
                Some(t) => {
                    comments.insert(c.id.clone(), t.to_owned());
                }
                None if needs_comment(c, score) => {
                    e.push(FieldError::with_message(
                        &comment_field,
                        "comment_required",
                        format!("给出{}分须说明理由（至少{COMMENT_MIN_CHARS}个字）", points(score)),
                        format!(
                            "A score of {} needs a reason (at least {COMMENT_MIN_CHARS} characters)",
                            points(score)
                        ),
                    ));
                }
                None => {}
            }
            items.push((c.id.clone(), score));
        }
        if let Some(p) = &scheme.price {
            if self.scores.get(&p.id).is_some_and(|s| !s.trim().is_empty()) {
                e.push(FieldError::new(
                    &format!("scores.{}", p.id),
                    "computed",
                    Text::new(
                        "价格分由系统按采购文件规定的公式计算，不能手工打分",
                        "The price score is computed by the documents' formula, not typed",
                    ),
                ));
            }
            match price_hundredths {
                Some(v) if (0..=p.max_hundredths).contains(&v) => items.push((p.id.clone(), v)),
                _ => e.push(FieldError::new(
                    "price",
                    "price_unknown",
                    Text::new("价格分尚未计算", "The price score is not computed yet"),
                )),
            }
        }
        for id in self.scores.keys() {
            let known = scheme.criteria.iter().any(|c| c.id == *id)
                || scheme.price.as_ref().is_some_and(|p| p.id == *id);
            if !known {
                e.push(FieldError::new(
                    &format!("scores.{id}"),
                    "unknown_item",
                    Text::new("评分办法中没有该评审因素", "Not an item of the scheme"),
                ));
            }
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(ValidScoreSheet {
            bid_id: self.bid_id.trim().to_owned(),
            total_hundredths: items.iter().map(|(_, s)| *s).sum(),
            items,
            comments,
        })
    }

    /// The total of what is valid so far (invalid or empty items count 0), for the live display.
    pub fn running_total(&self, scheme: &ScoringScheme, price_hundredths: Option<i64>) -> i64 {
        let typed: i64 = scheme
            .criteria
            .iter()
            .filter_map(|c| {
                let t = self.scores.get(&c.id)?;
                parse_points(t, scheme.decimals, c.max_hundredths).ok()
            })
            .sum();
        let price = match (&scheme.price, price_hundredths) {
            (Some(p), Some(v)) if (0..=p.max_hundredths).contains(&v) => v,
            _ => 0,
        };
        typed + price
    }
}

/// A bid to rank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankInput {
    pub bid_id: String,
    pub supplier_id: String,
    /// The (evaluated) price, for the tie-break.
    pub price: Fen,
}

/// One bid in the ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    /// 1-based; tied bids share a rank (并列) and the next rank skips (1, 1, 3).
    pub rank: u32,
    pub bid_id: String,
    pub supplier_id: String,
    pub price: Fen,
    pub sheets: u32,
    pub sum_hundredths: i64,
    /// The mean total, rounded half up to a hundredth (the order uses the exact mean).
    pub mean_hundredths: i64,
    /// The mean total without the price item, rounded half up.
    pub technical_mean_hundredths: i64,
}

/// The ranking of a panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranking {
    pub ranked: Vec<Ranked>,
    /// Bids without any score sheet (not ranked).
    pub unscored: Vec<String>,
}

impl Ranking {
    /// The supplier ids best first, as `EvaluationReport::ranking`.
    pub fn supplier_ids(&self) -> Vec<String> {
        self.ranked.iter().map(|r| r.supplier_id.clone()).collect()
    }
}

fn mean_rounded(sum: i64, n: u32) -> i64 {
    if n == 0 {
        return 0;
    }
    let n = i64::from(n);
    (2 * sum + n).div_euclid(2 * n)
}

/// Compares the fractions `a/na` and `b/nb` exactly.
fn cmp_frac(a: i64, na: u32, b: i64, nb: u32) -> Ordering {
    (i128::from(a) * i128::from(nb)).cmp(&(i128::from(b) * i128::from(na)))
}

/// The ranking of `bids` from `sheets` (see the module doc). `price_item` is the id of the
/// computed price item (for the technical score); sheets of other bids are ignored.
pub fn rank(bids: &[RankInput], sheets: &[ScoreSheet], price_item: Option<&str>) -> Ranking {
    struct Acc<'a> {
        b: &'a RankInput,
        n: u32,
        sum: i64,
        tech: i64,
    }
    let mut accs: Vec<Acc<'_>> = Vec::new();
    let mut unscored = Vec::new();
    for b in bids {
        let mine: Vec<&ScoreSheet> = sheets.iter().filter(|s| s.bid_id == b.bid_id).collect();
        if mine.is_empty() {
            unscored.push(b.bid_id.clone());
            continue;
        }
        let sum: i64 = mine.iter().map(|s| s.total_hundredths).sum();
        let price: i64 = mine
            .iter()
            .flat_map(|s| &s.items)
            .filter(|i| Some(i.item.as_str()) == price_item)
            .map(|i| i.score_hundredths)
            .sum();
        accs.push(Acc {
            b,
            n: u32::try_from(mine.len()).unwrap_or(u32::MAX),
            sum,
            tech: sum - price,
        });
    }
    let order = |x: &Acc<'_>, y: &Acc<'_>| {
        cmp_frac(y.sum, y.n, x.sum, x.n)
            .then(x.b.price.cmp(&y.b.price))
            .then(cmp_frac(y.tech, y.n, x.tech, x.n))
    };
    accs.sort_by(|x, y| order(x, y).then(x.b.bid_id.cmp(&y.b.bid_id)));
    let mut ranked: Vec<Ranked> = Vec::with_capacity(accs.len());
    for (i, a) in accs.iter().enumerate() {
        let tied = i > 0 && order(&accs[i - 1], a) == Ordering::Equal;
        let rank = match ranked.last() {
            Some(prev) if tied => prev.rank,
            _ => u32::try_from(i + 1).unwrap_or(u32::MAX),
        };
        ranked.push(Ranked {
            rank,
            bid_id: a.b.bid_id.clone(),
            supplier_id: a.b.supplier_id.clone(),
            price: a.b.price,
            sheets: a.n,
            sum_hundredths: a.sum,
            mean_hundredths: mean_rounded(a.sum, a.n),
            technical_mean_hundredths: mean_rounded(a.tech, a.n),
        });
    }
    Ranking { ranked, unscored }
}

/// 最低评标价法: the bids by (evaluated) price ascending; equal prices are tied (87号令 第65条 [K]).
pub fn rank_by_price(bids: &[RankInput]) -> Ranking {
    let mut v: Vec<&RankInput> = bids.iter().collect();
    v.sort_by(|a, b| a.price.cmp(&b.price).then(a.bid_id.cmp(&b.bid_id)));
    let mut ranked: Vec<Ranked> = Vec::with_capacity(v.len());
    for (i, b) in v.iter().enumerate() {
        let rank = match ranked.last() {
            Some(prev) if prev.price == b.price => prev.rank,
            _ => u32::try_from(i + 1).unwrap_or(u32::MAX),
        };
        ranked.push(Ranked {
            rank,
            bid_id: b.bid_id.clone(),
            supplier_id: b.supplier_id.clone(),
            price: b.price,
            sheets: 0,
            sum_hundredths: 0,
            mean_hundredths: 0,
            technical_mean_hundredths: 0,
        });
    }
    Ranking {
        ranked,
        unscored: Vec::new(),
    }
}

/// The (member, bid) pairs still without a sheet: every expert and purchaser representative of
/// the panel scores every bid.
pub fn missing_sheets(
    members: &[PanelMember],
    bid_ids: &[String],
    sheets: &[ScoreSheet],
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for m in members {
        for b in bid_ids {
            if !sheets
                .iter()
                .any(|s| s.person_id == m.person_id && s.bid_id == *b)
            {
                out.push((m.person_id.clone(), b.clone()));
            }
        }
    }
    out
}

/// A sheet total far from the panel's median for that bid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deviation {
    pub person_id: String,
    pub bid_id: String,
    pub total_hundredths: i64,
    /// Twice the median of the bid's totals (exact; halve for display).
    pub median_x2: i64,
    /// Twice (total − median): positive = above the median.
    pub deviation_x2: i64,
}

/// Sheets deviating from their bid's median total by at least `threshold_hundredths` in either
/// direction (A20's median and threshold; `ctx.settings.a20().deviation_hundredths`). Purchaser
/// representatives are listed too (the report shows every member). Bid order, then person.
pub fn deviating_scores(sheets: &[ScoreSheet], threshold_hundredths: i64) -> Vec<Deviation> {
    let mut by_bid: BTreeMap<&str, Vec<&ScoreSheet>> = BTreeMap::new();
    for s in sheets {
        by_bid.entry(s.bid_id.as_str()).or_default().push(s);
    }
    let limit = threshold_hundredths.saturating_mul(2);
    let mut out = Vec::new();
    for (bid, list) in by_bid {
        let mut totals: Vec<i64> = list.iter().map(|s| s.total_hundredths).collect();
        let Some(m2) = median2(&mut totals) else {
            continue;
        };
        let mut flagged: Vec<Deviation> = list
            .iter()
            .filter_map(|s| {
                let d = s.total_hundredths.saturating_mul(2).saturating_sub(m2);
                (d.saturating_abs() >= limit).then(|| Deviation {
                    person_id: s.person_id.clone(),
                    bid_id: bid.to_owned(),
                    total_hundredths: s.total_hundredths,
                    median_x2: m2,
                    deviation_x2: d,
                })
            })
            .collect();
        flagged.sort_by(|a, b| a.person_id.cmp(&b.person_id));
        out.extend(flagged);
    }
    out
}

/// The panel as the report lists it: (person id, name, role) in panel order; the name is the
/// registry's, else the id.
pub fn report_members(
    members: &[PanelMember],
    experts: &[Expert],
) -> Vec<(String, String, MemberRole)> {
    members
        .iter()
        .map(|m| {
            let name = experts
                .iter()
                .find(|e| e.id == m.person_id)
                .map_or_else(|| m.person_id.clone(), |e| e.name.clone());
            (m.person_id.clone(), name, m.role)
        })
        .collect()
}

/// A first report version (version 1) of `lot` with the ranking's suppliers best first; the
/// server sets `signed_at` / `delivered_at`.
pub fn draft_report(lot_id: Option<&str>, ranking: &Ranking) -> EvaluationReport {
    EvaluationReport {
        version: 1,
        lot_id: lot_id.map(str::to_owned),
        signed_at: None,
        delivered_at: None,
        ranking: ranking.supplier_ids(),
        change_reason: None,
        reported_to_finance: None,
    }
}

#[cfg(test)]
mod tests;
