//! Dated legal thresholds and time limits: every number a check compares against, with the date
//! range it was in force, its source and how sure we are of it, so a check always uses the value in
//! force on the date of the event it judges (catalogue B.1, B.2, B.5).
//!
//! Money is [`Fen`], percentages are integer permille (‰), exact fractions are [`Ratio`]; no
//! floats. Date ranges are **inclusive at both ends** (`valid_from` is the first day in force,
//! `valid_to` the last; `None` = open). Values marked [K] (from knowledge, no official copy at hand)
//! or [?] (unverified placeholder) can be replaced without a code change through [`Override`]s.
//! See `thresholds.md`.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Text};
use crate::model::{GovLevel, Method, ObjectType};
use crate::money::Fen;
use crate::time::Date;

mod builtin;
mod kept;
mod time_limits;

pub use kept::{
    already_corrected, carried, check_effective, check_source, install_carried, install_kept,
    issuer_level, kept_values, province_of, KeptValue, NewKept, RowView, ThresholdForm, KEEPABLE,
};

pub use time_limits::{Bound, DayUnit, TimeLimit, TimeLimitId};

/// How sure we are of a value (the catalogue's confidence marks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// [V] verified word for word against the official text.
    Verified,
    /// [K] from knowledge of the official text; believed correct, no copy at hand.
    Knowledge,
    /// [L] literature or international practice: a risk signal, not a legal rule.
    Literature,
    /// [?] a placeholder that could not be verified at all; configure the real value. A check
    /// should not call a breach of such a value a violation.
    Unverified,
}

impl Confidence {
    /// The catalogue's mark: `[V]`, `[K]`, `[L]` or `[?]`.
    pub fn tag(self) -> &'static str {
        match self {
            Confidence::Verified => "[V]",
            Confidence::Knowledge => "[K]",
            Confidence::Literature => "[L]",
            Confidence::Unverified => "[?]",
        }
    }

    pub fn name(self) -> Text {
        match self {
            Confidence::Verified => Text::new("已核对原文", "verified against the text"),
            Confidence::Knowledge => Text::new("据所知（未核对原文）", "from knowledge"),
            Confidence::Literature => Text::new("文献/国际实践", "literature"),
            Confidence::Unverified => Text::new("未核实的占位值", "unverified placeholder"),
        }
    }
}

/// A value with the period it is in force (inclusive at both ends), its source and confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Dated<T> {
    pub value: T,
    /// First day in force (inclusive); `None` = since before any date we judge.
    pub valid_from: Option<Date>,
    /// Last day in force (inclusive); `None` = still in force.
    pub valid_to: Option<Date>,
    /// The instrument and article, e.g. `国办发〔2019〕55号 地方指引(2020年版)`.
    pub source: &'static str,
    pub confidence: Confidence,
}

impl<T> Dated<T> {
    /// Whether `on` lies in `[valid_from, valid_to]`.
    pub fn in_force(&self, on: Date) -> bool {
        self.valid_from.is_none_or(|f| f <= on) && self.valid_to.is_none_or(|t| on <= t)
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Dated<U> {
        Dated {
            value: f(self.value),
            valid_from: self.valid_from,
            valid_to: self.valid_to,
            source: self.source,
            confidence: self.confidence,
        }
    }
}

/// An inclusive range of permille values; `max: None` means no upper cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermilleRange {
    pub min: i64,
    #[serde(default)]
    pub max: Option<i64>,
}

impl PermilleRange {
    pub const fn new(min: i64, max: Option<i64>) -> PermilleRange {
        PermilleRange { min, max }
    }

    pub fn contains(self, permille: i64) -> bool {
        permille >= self.min && self.max.is_none_or(|m| permille <= m)
    }
}

/// An exact fraction `num / den` (e.g. 2/3 of a panel, 5/10000 interest a day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ratio {
    pub num: i64,
    pub den: i64,
}

impl Ratio {
    pub const fn new(num: i64, den: i64) -> Ratio {
        Ratio { num, den }
    }

    /// Whether `part / whole ≥ num / den`, exactly.
    pub fn is_met_by(self, part: i64, whole: i64) -> bool {
        i128::from(part) * i128::from(self.den) >= i128::from(whole) * i128::from(self.num)
    }
}

/// The composition rule of an evaluation panel (评标委员会 / 谈判小组 / 询价小组 / 磋商小组).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelRule {
    /// Minimum number of members.
    pub min_members: u32,
    /// Whether the number of members must be odd (单数).
    pub odd: bool,
    /// Minimum share of independent experts among the members (2/3).
    pub expert_share_min: Ratio,
}

impl PanelRule {
    /// Whether a panel of `members` with `experts` experts satisfies the rule.
    pub fn admits(&self, members: u32, experts: u32) -> bool {
        members >= self.min_members
            && (!self.odd || members % 2 == 1)
            && experts <= members
            && self
                .expert_share_min
                .is_met_by(i64::from(experts), i64::from(members))
    }
}

/// When a larger panel is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetTrigger {
    /// Budget ≥ this amount (tenders: 1000万元, 87号令 Art 47).
    Fixed(Fen),
    /// Budget ≥ the open-tender threshold in force for the level and object type (74号令 Art 7).
    OpenTenderThreshold,
}

/// The parameters of the table. Serialized names (snake_case) are the override keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Param {
    /// 公开招标数额标准 (Fen).
    OpenTenderThreshold,
    /// 分散采购限额标准 (Fen).
    ProcurementLimit,
    /// 投标保证金 maximum (‰ of the budget).
    BidSecurityMax,
    /// 履约保证金 maximum (‰ of the contract amount).
    PerformanceBondMax,
    /// 补充合同 / add-on purchases maximum (‰ of the original contract amount).
    AddOnMax,
    /// Minimum panel composition (PanelRule), by method.
    PanelMin,
    /// When the larger panel applies (BudgetTrigger), by method.
    PanelLargeTrigger,
    /// The larger panel composition (PanelRule), by method.
    PanelLarge,
    /// Price weight in 综合评分法 (PermilleRange), by method and object type.
    PriceWeight,
    /// Budget up to which a suitable project is reserved entirely for SMEs (Fen).
    SmeFullReservationLimit,
    /// Share reserved for SMEs above that (‰).
    SmeReservedShare,
    /// Share of the reserved part for small and micro enterprises (‰).
    SmeSmallMicroShare,
    /// Price deduction for small/micro bidders (PermilleRange).
    SmePriceDeduction,
    /// Price deduction for consortia / subcontracting with small/micro enterprises (PermilleRange).
    SmeConsortiumDeduction,
    /// Budget from which a demand survey (需求调查) is required (Fen).
    DemandSurveyThreshold,
    /// SME payment deadline without other agreement (calendar days).
    SmePaymentDays,
    /// Longest SME payment deadline a contract may agree (calendar days).
    SmePaymentMaxDays,
    /// Default overdue interest on SME payments, per day (Ratio).
    SmeLateInterestPerDay,
    /// A B.2 time limit (TimeLimit); needs `time_limit` in the scope.
    TimeLimit,
}

/// The kind of value a parameter holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Money,
    Permille,
    Range,
    Days,
    Ratio,
    Panel,
    Trigger,
    Limit,
}

impl Param {
    fn kind(self) -> Kind {
        use Param::*;
        match self {
            OpenTenderThreshold
            | ProcurementLimit
            | SmeFullReservationLimit
            | DemandSurveyThreshold => Kind::Money,
            BidSecurityMax | PerformanceBondMax | AddOnMax | SmeReservedShare
            | SmeSmallMicroShare => Kind::Permille,
            PriceWeight | SmePriceDeduction | SmeConsortiumDeduction => Kind::Range,
            SmePaymentDays | SmePaymentMaxDays => Kind::Days,
            SmeLateInterestPerDay => Kind::Ratio,
            PanelMin | PanelLarge => Kind::Panel,
            PanelLargeTrigger => Kind::Trigger,
            TimeLimit => Kind::Limit,
        }
    }
}

/// A value of the table (and of an override: `{"wan": 400}`, `{"permille": 20}`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// An amount in fen.
    Fen(Fen),
    /// An amount in 万元 (override convenience; stored as fen).
    Wan(i64),
    Permille(i64),
    PermilleRange(PermilleRange),
    Days(i64),
    Ratio(Ratio),
    Panel(PanelRule),
    Trigger(BudgetTrigger),
    TimeLimit(TimeLimit),
}

impl Value {
    fn kind(self) -> Kind {
        match self {
            Value::Fen(_) | Value::Wan(_) => Kind::Money,
            Value::Permille(_) => Kind::Permille,
            Value::PermilleRange(_) => Kind::Range,
            Value::Days(_) => Kind::Days,
            Value::Ratio(_) => Kind::Ratio,
            Value::Panel(_) => Kind::Panel,
            Value::Trigger(_) => Kind::Trigger,
            Value::TimeLimit(_) => Kind::Limit,
        }
    }
}

/// What an entry applies to; `None` = any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Scope {
    level: Option<GovLevel>,
    /// GB/T 2260 province code (32 = 江苏), for province-specific values.
    province: Option<u8>,
    object: Option<ObjectType>,
    method: Option<Method>,
    limit: Option<TimeLimitId>,
}

impl Scope {
    fn specificity(&self) -> u8 {
        u8::from(self.level.is_some())
            + u8::from(self.province.is_some())
            + u8::from(self.object.is_some())
            + u8::from(self.method.is_some())
            + u8::from(self.limit.is_some())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    param: Param,
    scope: Scope,
    from: Option<Date>,
    to: Option<Date>,
    value: Value,
    source: &'static str,
    confidence: Confidence,
    overridden: bool,
}

impl Entry {
    /// The row of an override (its `value` checked by [`validate`]), named by `source`.
    fn overriding(e: &Override, value: Value, source: &'static str) -> Entry {
        Entry {
            param: e.param,
            scope: Scope {
                level: e.level,
                province: e.province,
                object: e.object_type,
                method: e.method,
                limit: e.time_limit,
            },
            from: e.valid_from,
            to: e.valid_to,
            value,
            source,
            confidence: e.confidence,
            overridden: true,
        }
    }
}

/// The source named for a value that came from an override.
pub const OVERRIDE_SOURCE: &str = "本地配置覆盖 (local override)";

/// One configured value that replaces or adds to the built-in table. Unknown keys are rejected.
///
/// ```json
/// {"param": "open_tender_threshold", "level": "city_county", "province": 32,
///  "object_type": "goods", "valid_from": "2018-01-01", "valid_to": "2020-12-31",
///  "value": {"wan": 200}, "confidence": "verified"}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub param: Param,
    #[serde(default)]
    pub level: Option<GovLevel>,
    #[serde(default)]
    pub province: Option<u8>,
    #[serde(default)]
    pub object_type: Option<ObjectType>,
    #[serde(default)]
    pub method: Option<Method>,
    #[serde(default)]
    pub time_limit: Option<TimeLimitId>,
    #[serde(default)]
    pub valid_from: Option<Date>,
    #[serde(default)]
    pub valid_to: Option<Date>,
    pub value: Value,
    /// How sure the operator is of the value; `knowledge` when not given.
    #[serde(default = "default_override_confidence")]
    pub confidence: Confidence,
}

fn default_override_confidence() -> Confidence {
    Confidence::Knowledge
}

/// A set of overrides, e.g. read from a configuration file. Unknown keys are rejected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// The province whose province-specific values apply (GB/T 2260 code); the built-in table
    /// uses 32 (江苏, the platform's home) when this is not given.
    #[serde(default)]
    pub province: Option<u8>,
    #[serde(default)]
    pub entries: Vec<Override>,
}

/// Why an override was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverrideError {
    #[error("threshold overrides could not be read: {0}")]
    Parse(String),
    #[error("override #{index} ({param:?}): the value has the wrong type for this parameter")]
    WrongType { index: usize, param: Param },
    #[error("override #{index} ({param:?}): {problem}")]
    Invalid {
        index: usize,
        param: Param,
        problem: &'static str,
    },
}

impl OverrideError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (OverrideError::Parse(e), Lang::Zh) => format!("阈值覆盖配置无法读取：{e}"),
            (OverrideError::WrongType { index, param }, Lang::Zh) => {
                format!("第 {index} 项覆盖（{param:?}）的取值类型与该参数不符")
            }
            (
                OverrideError::Invalid {
                    index,
                    param,
                    problem,
                },
                Lang::Zh,
            ) => {
                format!("第 {index} 项覆盖（{param:?}）无效：{problem}")
            }
            (e, Lang::En) => e.to_string(),
        }
    }
}

fn validate(index: usize, o: &Override) -> Result<Value, OverrideError> {
    let param = o.param;
    let invalid = |problem| OverrideError::Invalid {
        index,
        param,
        problem,
    };
    if o.value.kind() != param.kind() {
        return Err(OverrideError::WrongType { index, param });
    }
    if (param == Param::TimeLimit) != o.time_limit.is_some() {
        return Err(invalid(
            "time_limit is required for, and only for, param time_limit",
        ));
    }
    if let (Some(f), Some(t)) = (o.valid_from, o.valid_to) {
        if f > t {
            return Err(invalid("valid_from is after valid_to"));
        }
    }
    let value = match o.value {
        Value::Wan(w) => Value::Fen(Fen(w
            .checked_mul(1_000_000)
            .ok_or(invalid("amount too large"))?)),
        v => v,
    };
    let ok = match value {
        Value::Fen(f) => f.0 >= 0,
        Value::Permille(p) => (0..=1000).contains(&p),
        Value::PermilleRange(r) => {
            (0..=1000).contains(&r.min) && r.max.is_none_or(|m| (r.min..=1000).contains(&m))
        }
        Value::Days(d) => d >= 0,
        Value::Ratio(r) => r.den > 0 && r.num >= 0,
        Value::Panel(p) => p.min_members >= 1 && p.expert_share_min.den > 0,
        Value::Trigger(BudgetTrigger::Fixed(f)) => f.0 >= 0,
        Value::Trigger(_) => true,
        Value::TimeLimit(t) => t.amount >= 0,
        Value::Wan(_) => false,
    };
    if !ok {
        return Err(invalid("value out of range"));
    }
    Ok(value)
}

/// The table of dated thresholds: the built-in values plus any overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThresholdTable {
    entries: Vec<Entry>,
    province: Option<u8>,
}

/// The province code of Jiangsu (GB/T 2260), the platform's home province.
pub const JIANGSU: u8 = 32;

/// The table in force: the built-in values, with the values the bureau keeps once the server
/// (from its database) or the browser (from the page) installed them ([`install_kept`]).
pub fn builtin_ref() -> &'static ThresholdTable {
    static TABLE: OnceLock<ThresholdTable> = OnceLock::new();
    kept::installed().unwrap_or_else(|| TABLE.get_or_init(ThresholdTable::builtin))
}

/// The B.2 time limit in force on `on`, from the built-in table.
pub fn time_limit(id: TimeLimitId, on: Date) -> Option<Dated<TimeLimit>> {
    builtin_ref().time_limit(id, on)
}

impl ThresholdTable {
    /// The built-in values (catalogue B.1/B.2/B.5), for Jiangsu (province 32).
    pub fn builtin() -> ThresholdTable {
        ThresholdTable {
            entries: builtin::ROWS.iter().map(builtin::Row::entry).collect(),
            province: Some(JIANGSU),
        }
    }

    /// The built-in table with `overrides` applied (see [`ThresholdTable::with_overrides`]).
    pub fn from_overrides_json(json: &str) -> Result<ThresholdTable, OverrideError> {
        let o: Overrides =
            serde_json::from_str(json).map_err(|e| OverrideError::Parse(e.to_string()))?;
        ThresholdTable::builtin().with_overrides(o)
    }

    /// The province whose province-specific (pre-2021) values apply.
    pub fn province(&self) -> Option<u8> {
        self.province
    }

    /// Uses the province-specific values of another province (`None`: none at all).
    pub fn with_province(mut self, province: Option<u8>) -> ThresholdTable {
        self.province = province;
        self
    }

    /// Adds one override. A matching override always wins over a built-in value; among matching
    /// overrides the most specific scope wins, then the one added last.
    pub fn with_override(self, o: Override) -> Result<ThresholdTable, OverrideError> {
        self.with_overrides(Overrides {
            province: None,
            entries: vec![o],
        })
    }

    /// Adds a set of overrides (all or nothing), and switches province if it names one.
    pub fn with_overrides(mut self, o: Overrides) -> Result<ThresholdTable, OverrideError> {
        let mut new = Vec::with_capacity(o.entries.len());
        for (index, e) in o.entries.iter().enumerate() {
            let value = validate(index, e)?;
            new.push(Entry::overriding(e, value, OVERRIDE_SOURCE));
        }
        self.entries.extend(new);
        if o.province.is_some() {
            self.province = o.province;
        }
        Ok(self)
    }

    /// The entry in force for `param` in scope `q` on `on`.
    fn find(&self, param: Param, q: Scope, on: Date) -> Option<&Entry> {
        fn fits<T: PartialEq>(entry: Option<T>, query: Option<T>) -> bool {
            entry.is_none() || entry == query
        }
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.param == param
                    && fits(e.scope.level, q.level)
                    && fits(e.scope.province, self.province)
                    && fits(e.scope.object, q.object)
                    && fits(e.scope.method, q.method)
                    && fits(e.scope.limit, q.limit)
                    && e.from.is_none_or(|f| f <= on)
                    && e.to.is_none_or(|t| on <= t)
            })
            .max_by_key(|(i, e)| (e.overridden, e.scope.specificity(), *i))
            .map(|(_, e)| e)
    }

    fn get<T>(
        &self,
        param: Param,
        q: Scope,
        on: Date,
        pick: impl FnOnce(Value) -> Option<T>,
    ) -> Option<Dated<T>> {
        let e = self.find(param, q, on)?;
        Some(Dated {
            value: pick(e.value)?,
            valid_from: e.from,
            valid_to: e.to,
            source: e.source,
            confidence: e.confidence,
        })
    }

    fn money(&self, param: Param, q: Scope, on: Date) -> Option<Dated<Fen>> {
        self.get(param, q, on, |v| match v {
            Value::Fen(f) => Some(f),
            _ => None,
        })
    }

    fn permille(&self, param: Param, q: Scope, on: Date) -> Option<Dated<i64>> {
        self.get(param, q, on, |v| match v {
            Value::Permille(p) => Some(p),
            _ => None,
        })
    }

    fn range(&self, param: Param, q: Scope, on: Date) -> Option<Dated<PermilleRange>> {
        self.get(param, q, on, |v| match v {
            Value::PermilleRange(r) => Some(r),
            _ => None,
        })
    }

    fn days(&self, param: Param, on: Date) -> Option<Dated<i64>> {
        self.get(param, Scope::default(), on, |v| match v {
            Value::Days(d) => Some(d),
            _ => None,
        })
    }

    fn panel(&self, param: Param, method: Method, on: Date) -> Option<Dated<PanelRule>> {
        let q = Scope {
            method: Some(method),
            ..Scope::default()
        };
        self.get(param, q, on, |v| match v {
            Value::Panel(p) => Some(p),
            _ => None,
        })
    }

    /// 公开招标数额标准: at or above it, goods/services must be procured by open tender (works:
    /// the Bidding Law's must-tender scale for construction). Local values before 2021 are
    /// province-specific (see [`ThresholdTable::with_province`]).
    pub fn open_tender_threshold(
        &self,
        level: GovLevel,
        object: ObjectType,
        on: Date,
    ) -> Option<Dated<Fen>> {
        let q = Scope {
            level: Some(level),
            object: Some(object),
            ..Scope::default()
        };
        self.money(Param::OpenTenderThreshold, q, on)
    }

    /// 分散采购限额标准: below it the GP Law procedures need not apply. Local values from 2021
    /// are the guideline floors (provinces may set higher ones: configure them).
    pub fn procurement_limit(
        &self,
        level: GovLevel,
        object: ObjectType,
        on: Date,
    ) -> Option<Dated<Fen>> {
        let q = Scope {
            level: Some(level),
            object: Some(object),
            ..Scope::default()
        };
        self.money(Param::ProcurementLimit, q, on)
    }

    /// Maximum bid security, ‰ of the project budget (20 ‰, 条例 Art 33).
    pub fn bid_security_max_permille(&self, on: Date) -> Option<Dated<i64>> {
        self.permille(Param::BidSecurityMax, Scope::default(), on)
    }

    /// Maximum performance bond, ‰ of the contract amount (100 ‰, 条例 Art 48).
    pub fn performance_bond_max_permille(&self, on: Date) -> Option<Dated<i64>> {
        self.permille(Param::PerformanceBondMax, Scope::default(), on)
    }

    /// Maximum total of add-on purchases, ‰ of the original contract (100 ‰, GP Law Art 49).
    pub fn add_on_max_permille(&self, on: Date) -> Option<Dated<i64>> {
        self.permille(Param::AddOnMax, Scope::default(), on)
    }

    /// The panel rule for a project of `budget` under `method`: the larger panel when its
    /// trigger is met (tenders: budget ≥ 1000万元; negotiation/RFQ: budget ≥ the open-tender
    /// threshold for `level` and `object`). `None` when the method has no panel rule on `on`
    /// (单一来源, 框架协议, 合作创新). "Technically complex / high social impact" (87号令 Art 47)
    /// cannot be seen from the budget; a check must ask for it separately.
    pub fn panel_rule(
        &self,
        method: Method,
        level: GovLevel,
        object: ObjectType,
        budget: Fen,
        on: Date,
    ) -> Option<Dated<PanelRule>> {
        let base = self.panel(Param::PanelMin, method, on)?;
        let q = Scope {
            method: Some(method),
            ..Scope::default()
        };
        let trigger = self.get(Param::PanelLargeTrigger, q, on, |v| match v {
            Value::Trigger(t) => Some(t),
            _ => None,
        });
        let threshold = match trigger.map(|t| t.value) {
            Some(BudgetTrigger::Fixed(f)) => Some(f),
            Some(BudgetTrigger::OpenTenderThreshold) => self
                .open_tender_threshold(level, object, on)
                .map(|d| d.value),
            None => None,
        };
        match threshold {
            Some(t) if budget >= t => self.panel(Param::PanelLarge, method, on).or(Some(base)),
            _ => Some(base),
        }
    }

    /// The budget trigger of the larger panel for `method`, if any.
    pub fn panel_large_trigger(&self, method: Method, on: Date) -> Option<Dated<BudgetTrigger>> {
        let q = Scope {
            method: Some(method),
            ..Scope::default()
        };
        self.get(Param::PanelLargeTrigger, q, on, |v| match v {
            Value::Trigger(t) => Some(t),
            _ => None,
        })
    }

    /// The allowed price weight in 综合评分法, ‰ of the total score. `None` where the method has
    /// no weighted scoring (谈判 and 询价 award the lowest price) or for works.
    pub fn price_weight(
        &self,
        method: Method,
        object: ObjectType,
        on: Date,
    ) -> Option<Dated<PermilleRange>> {
        let q = Scope {
            method: Some(method),
            object: Some(object),
            ..Scope::default()
        };
        self.range(Param::PriceWeight, q, on)
    }

    /// Budget up to which a project suitable for SMEs is reserved entirely for them (46号 Art 8).
    pub fn sme_full_reservation_limit(&self, object: ObjectType, on: Date) -> Option<Dated<Fen>> {
        let q = Scope {
            object: Some(object),
            ..Scope::default()
        };
        self.money(Param::SmeFullReservationLimit, q, on)
    }

    /// Minimum share reserved for SMEs above the full-reservation limit, ‰.
    pub fn sme_reserved_share_permille(&self, object: ObjectType, on: Date) -> Option<Dated<i64>> {
        let q = Scope {
            object: Some(object),
            ..Scope::default()
        };
        self.permille(Param::SmeReservedShare, q, on)
    }

    /// Minimum share of the reserved part for small and micro enterprises, ‰.
    pub fn sme_small_micro_share_permille(&self, on: Date) -> Option<Dated<i64>> {
        self.permille(Param::SmeSmallMicroShare, Scope::default(), on)
    }

    /// Price deduction for small/micro bidders, ‰ of their price.
    pub fn sme_price_deduction(
        &self,
        object: ObjectType,
        on: Date,
    ) -> Option<Dated<PermilleRange>> {
        let q = Scope {
            object: Some(object),
            ..Scope::default()
        };
        self.range(Param::SmePriceDeduction, q, on)
    }

    /// Price deduction for a consortium with / subcontracting to small/micro enterprises, ‰.
    pub fn sme_consortium_deduction(
        &self,
        object: ObjectType,
        on: Date,
    ) -> Option<Dated<PermilleRange>> {
        let q = Scope {
            object: Some(object),
            ..Scope::default()
        };
        self.range(Param::SmeConsortiumDeduction, q, on)
    }

    /// Budget from which a demand survey is required (财库〔2021〕22号).
    pub fn demand_survey_threshold(&self, object: ObjectType, on: Date) -> Option<Dated<Fen>> {
        let q = Scope {
            object: Some(object),
            ..Scope::default()
        };
        self.money(Param::DemandSurveyThreshold, q, on)
    }

    /// Days to pay an SME after delivery/acceptance without another agreement (30).
    pub fn sme_payment_days(&self, on: Date) -> Option<Dated<i64>> {
        self.days(Param::SmePaymentDays, on)
    }

    /// Longest payment period a contract with an SME may agree (60).
    pub fn sme_payment_max_days(&self, on: Date) -> Option<Dated<i64>> {
        self.days(Param::SmePaymentMaxDays, on)
    }

    /// Default overdue interest on late SME payments, per day (5/10000).
    pub fn sme_late_interest_per_day(&self, on: Date) -> Option<Dated<Ratio>> {
        self.get(
            Param::SmeLateInterestPerDay,
            Scope::default(),
            on,
            |v| match v {
                Value::Ratio(r) => Some(r),
                _ => None,
            },
        )
    }

    /// The B.2 time limit `id` in force on `on`, whatever the level (for T14 that is the date
    /// from which *all* levels are bound; see [`ThresholdTable::time_limit_for`]).
    pub fn time_limit(&self, id: TimeLimitId, on: Date) -> Option<Dated<TimeLimit>> {
        self.time_limit_scoped(id, None, on)
    }

    /// The B.2 time limit `id` in force on `on` for a unit of `level` (T14, the procurement-
    /// intention notice, started earlier for central and provincial units).
    pub fn time_limit_for(
        &self,
        id: TimeLimitId,
        level: GovLevel,
        on: Date,
    ) -> Option<Dated<TimeLimit>> {
        self.time_limit_scoped(id, Some(level), on)
    }

    fn time_limit_scoped(
        &self,
        id: TimeLimitId,
        level: Option<GovLevel>,
        on: Date,
    ) -> Option<Dated<TimeLimit>> {
        let q = Scope {
            level,
            limit: Some(id),
            ..Scope::default()
        };
        self.get(Param::TimeLimit, q, on, |v| match v {
            Value::TimeLimit(t) => Some(t),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests;
