//! Thresholds kept by the bureau (issue 16 point 3): the dated values a finance department
//! issues (采购限额标准, 公开招标数额标准, …) entered by the regulator of the level that issues
//! them, each with its effective date and source document (文号), on top of the built-in table.
//!
//! - **Never changing the past.** A new version takes effect from today or later; a check of an
//!   earlier event keeps the value in force then (a 2025 plan is judged on 2025's values).
//! - **A correction is not a version.** A wrongly entered value is corrected (with the reason):
//!   the correction takes the corrected entry's place, dates and scope; both stay on record.
//! - **Who keeps what.** A city's finance bureau keeps the city and county (市县级) values of its
//!   province's scope; provincial and central values come from their issuers (the operator loads
//!   them with `yiwang thresholds import`); districts issue none.
//! - **One table everywhere.** The server installs the built-in table with the kept values
//!   ([`install_kept`]); pages carry the kept values to the browser, which installs them too, so
//!   the browser's instant checks use the server's values.

use std::sync::{Mutex, RwLock};

use serde::{Deserialize, Serialize};

use super::{Confidence, Entry, Override, OverrideError, Param, ThresholdTable, Value};
use crate::access::{Principal, Role};
use crate::field::{FieldError, FieldErrors};
use crate::i18n::{Lang, Text};
use crate::model::{GovLevel, ObjectType};
use crate::money::Fen;
use crate::time::Date;

/// A value the bureau keeps, as stored: the override (parameter, scope, dates, value,
/// confidence), its source document, who issued it, and the entry it corrects (if it is a
/// correction).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptValue {
    pub id: i64,
    pub entry: Override,
    /// The document that sets the value (文号), e.g. `苏财购〔2026〕12号`.
    pub source: String,
    /// The issuing jurisdiction (GB/T 2260 code).
    pub issuer: String,
    #[serde(default)]
    pub corrects: Option<i64>,
}

/// The parameters a bureau keeps through the web form (amounts, shares and day counts); the
/// others (panel rules, ranges, time limits) are loaded from a file by the operator.
pub const KEEPABLE: [Param; 11] = [
    Param::OpenTenderThreshold,
    Param::ProcurementLimit,
    Param::SmeFullReservationLimit,
    Param::DemandSurveyThreshold,
    Param::BidSecurityMax,
    Param::PerformanceBondMax,
    Param::AddOnMax,
    Param::SmeReservedShare,
    Param::SmeSmallMicroShare,
    Param::SmePaymentDays,
    Param::SmePaymentMaxDays,
];

impl Param {
    /// The parameter's name for people.
    pub fn name(self) -> Text {
        use Param::*;
        match self {
            OpenTenderThreshold => Text::new("公开招标数额标准", "Open-tender threshold"),
            ProcurementLimit => Text::new("分散采购限额标准", "Procurement limit"),
            BidSecurityMax => Text::new("投标保证金上限", "Bid security maximum"),
            PerformanceBondMax => Text::new("履约保证金上限", "Performance bond maximum"),
            AddOnMax => Text::new("添购上限", "Add-on purchases maximum"),
            PanelMin => Text::new("评审小组最低组成", "Minimum panel"),
            PanelLargeTrigger => Text::new("扩大评审小组的预算标准", "Budget for a larger panel"),
            PanelLarge => Text::new("扩大的评审小组组成", "Larger panel"),
            PriceWeight => Text::new("价格分值比重", "Price weight"),
            SmeFullReservationLimit => Text::new(
                "专门面向中小企业采购的预算上限",
                "SME full reservation limit",
            ),
            SmeReservedShare => Text::new("面向中小企业预留份额", "Share reserved for SMEs"),
            SmeSmallMicroShare => Text::new("预留给小微企业的比例", "Small and micro share"),
            SmePriceDeduction => Text::new("小微企业价格扣除", "Small/micro price deduction"),
            SmeConsortiumDeduction => {
                Text::new("联合体/分包价格扣除", "Consortium price deduction")
            }
            DemandSurveyThreshold => Text::new("需求调查的预算标准", "Demand survey threshold"),
            SmePaymentDays => Text::new("中小企业付款期限", "SME payment term"),
            SmePaymentMaxDays => Text::new("中小企业付款最长约定期限", "Longest SME payment term"),
            SmeLateInterestPerDay => Text::new("逾期付款日利息", "Late payment interest a day"),
            TimeLimit => Text::new("法定期限", "Time limit"),
        }
    }

    /// The parameter's code (as in a file of overrides).
    pub fn code(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    pub fn from_code(code: &str) -> Option<Param> {
        serde_json::from_value(serde_json::Value::String(code.trim().to_owned())).ok()
    }
}

impl Value {
    /// The value for people: 万元 / yuan, %, days, ranges, rules.
    pub fn display(self, l: Lang) -> String {
        let pct = |p: i64| {
            let s = format!("{}.{:01}", p / 10, p % 10);
            format!("{}%", s.trim_end_matches(".0"))
        };
        match self {
            Value::Fen(f) => crate::money::yuan(f, l),
            Value::Wan(w) => crate::money::yuan(Fen(w.saturating_mul(1_000_000)), l),
            Value::Permille(p) => pct(p),
            Value::PermilleRange(r) => match r.max {
                Some(m) => format!("{}–{}", pct(r.min), pct(m)),
                None => format!("≥{}", pct(r.min)),
            },
            Value::Days(d) => match l {
                Lang::Zh => format!("{d}日"),
                Lang::En => format!("{d} days"),
            },
            Value::Ratio(r) => format!("{}/{}", r.num, r.den),
            Value::Panel(p) => match l {
                Lang::Zh => format!(
                    "≥{}人{}，专家≥{}/{}",
                    p.min_members,
                    if p.odd { "单数" } else { "" },
                    p.expert_share_min.num,
                    p.expert_share_min.den
                ),
                Lang::En => format!(
                    "≥{}{}, experts ≥{}/{}",
                    p.min_members,
                    if p.odd { " (odd)" } else { "" },
                    p.expert_share_min.num,
                    p.expert_share_min.den
                ),
            },
            Value::Trigger(super::BudgetTrigger::Fixed(f)) => crate::money::yuan(f, l),
            Value::Trigger(super::BudgetTrigger::OpenTenderThreshold) => {
                Param::OpenTenderThreshold.name().get(l).to_owned()
            }
            Value::TimeLimit(t) => {
                let unit = match (t.unit, l) {
                    (super::DayUnit::Calendar, Lang::Zh) => "日",
                    (super::DayUnit::Working, Lang::Zh) => "个工作日",
                    (super::DayUnit::DateInYear, Lang::Zh) => "（月日）",
                    (super::DayUnit::Calendar, Lang::En) => " days",
                    (super::DayUnit::Working, Lang::En) => " working days",
                    (super::DayUnit::DateInYear, Lang::En) => " (month-day)",
                };
                let bound = match (t.bound, l) {
                    (super::Bound::AtLeast, Lang::Zh) => "不少于",
                    (super::Bound::AtMost, Lang::Zh) => "不超过",
                    (super::Bound::Exactly, Lang::Zh) => "",
                    (super::Bound::AtLeast, Lang::En) => "at least ",
                    (super::Bound::AtMost, Lang::En) => "at most ",
                    (super::Bound::Exactly, Lang::En) => "",
                };
                format!("{bound}{}{unit}", t.amount)
            }
        }
    }
}

/// One row of the table as a page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowView {
    pub param: Param,
    pub level: Option<GovLevel>,
    pub province: Option<u8>,
    pub object_type: Option<ObjectType>,
    pub method: Option<crate::model::Method>,
    pub time_limit: Option<super::TimeLimitId>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub value: Value,
    pub source: String,
    pub confidence: Confidence,
    /// Entered by the bureau (not built in).
    pub kept: bool,
}

impl ThresholdTable {
    /// Every row, built-in first, then the kept values (in the order they apply).
    pub fn rows(&self) -> Vec<RowView> {
        self.entries
            .iter()
            .map(|e| RowView {
                param: e.param,
                level: e.scope.level,
                province: e.scope.province,
                object_type: e.scope.object,
                method: e.scope.method,
                time_limit: e.scope.limit,
                valid_from: e.from,
                valid_to: e.to,
                value: e.value,
                source: e.source.to_owned(),
                confidence: e.confidence,
                kept: e.overridden,
            })
            .collect()
    }

    /// The built-in table with the kept values that are in effect (a corrected entry gives way
    /// to its correction), in the order they apply: by effective date, then as entered.
    pub fn with_kept(mut self, kept: &[KeptValue]) -> Result<ThresholdTable, OverrideError> {
        let mut effective: Vec<&KeptValue> = kept
            .iter()
            .filter(|k| !kept.iter().any(|c| c.corrects == Some(k.id)))
            .collect();
        // A correction takes its entry's place: ordered by the entry it (at last) corrects.
        effective.sort_by_key(|k| (k.entry.valid_from, root(kept, k)));
        for (index, k) in effective.into_iter().enumerate() {
            let value = super::validate(index, &k.entry)?;
            self.entries
                .push(Entry::overriding(&k.entry, value, keep_str(&k.source)));
        }
        Ok(self)
    }
}

/// The id of the entry at the start of `k`'s chain of corrections (`k`'s own when it corrects
/// none).
fn root(kept: &[KeptValue], k: &KeptValue) -> i64 {
    let mut id = k.id;
    let mut next = k.corrects;
    let mut steps = 0;
    while let Some(c) = next {
        id = c;
        next = kept.iter().find(|x| x.id == c).and_then(|x| x.corrects);
        steps += 1;
        if steps > kept.len() {
            break;
        }
    }
    id
}

/// The kept values in effect, as the table applies them: corrected entries left out, each
/// correction under its root entry's id (its place in the order).
fn in_effect(kept: &[KeptValue]) -> Vec<KeptValue> {
    kept.iter()
        .filter(|k| !kept.iter().any(|c| c.corrects == Some(k.id)))
        .map(|k| KeptValue {
            id: root(kept, k),
            corrects: None,
            issuer: String::new(),
            ..k.clone()
        })
        .collect()
}

/// Source texts kept once for the life of the process (the table's rows name `&'static str`).
static SOURCES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

fn keep_str(s: &str) -> &'static str {
    let Ok(mut all) = SOURCES.lock() else {
        return super::OVERRIDE_SOURCE;
    };
    if let Some(k) = all.iter().find(|k| **k == s) {
        return k;
    }
    let k: &'static str = Box::leak(s.to_owned().into_boxed_str());
    all.push(k);
    k
}

struct Installed {
    table: &'static ThresholdTable,
    kept: Vec<KeptValue>,
}

static INSTALLED: RwLock<Option<&'static Installed>> = RwLock::new(None);

/// The table in force (see [`super::builtin_ref`]).
pub(super) fn installed() -> Option<&'static ThresholdTable> {
    INSTALLED.read().ok().and_then(|g| g.map(|i| i.table))
}

/// Puts the built-in table with `kept` in force for [`super::builtin_ref`] (process-wide):
/// the server at start and after each entry, the browser from the page. Installing what is in
/// force changes nothing.
pub fn install_kept(kept: &[KeptValue]) -> Result<(), OverrideError> {
    let current = INSTALLED.read().ok().and_then(|g| *g);
    if current.is_some_and(|i| i.kept == kept) || (current.is_none() && kept.is_empty()) {
        return Ok(());
    }
    let table = ThresholdTable::builtin().with_kept(kept)?;
    let fresh: &'static Installed = Box::leak(Box::new(Installed {
        table: Box::leak(Box::new(table)),
        kept: kept.to_vec(),
    }));
    if let Ok(mut g) = INSTALLED.write() {
        *g = Some(fresh);
    }
    Ok(())
}

/// Every parameter, in a fixed order (the compact form a page carries names them by index).
const PARAMS: [Param; 19] = [
    Param::OpenTenderThreshold,
    Param::ProcurementLimit,
    Param::BidSecurityMax,
    Param::PerformanceBondMax,
    Param::AddOnMax,
    Param::PanelMin,
    Param::PanelLargeTrigger,
    Param::PanelLarge,
    Param::PriceWeight,
    Param::SmeFullReservationLimit,
    Param::SmeReservedShare,
    Param::SmeSmallMicroShare,
    Param::SmePriceDeduction,
    Param::SmeConsortiumDeduction,
    Param::DemandSurveyThreshold,
    Param::SmePaymentDays,
    Param::SmePaymentMaxDays,
    Param::SmeLateInterestPerDay,
    Param::TimeLimit,
];

const LEVELS: [GovLevel; 3] = [
    GovLevel::Central,
    GovLevel::Provincial,
    GovLevel::CityCounty,
];
const CONFIDENCES: [Confidence; 4] = [
    Confidence::Verified,
    Confidence::Knowledge,
    Confidence::Literature,
    Confidence::Unverified,
];
const UNITS: [super::DayUnit; 3] = [
    super::DayUnit::Calendar,
    super::DayUnit::Working,
    super::DayUnit::DateInYear,
];
const BOUNDS: [super::Bound; 3] = [
    super::Bound::AtLeast,
    super::Bound::AtMost,
    super::Bound::Exactly,
];

fn index_of<T: PartialEq>(all: &[T], x: &T) -> String {
    all.iter()
        .position(|a| a == x)
        .map_or_else(|| "-".to_owned(), |i| i.to_string())
}

fn opt_index<T: PartialEq>(all: &[T], x: Option<&T>) -> String {
    x.map_or_else(|| "-".to_owned(), |x| index_of(all, x))
}

/// The kept values in effect (corrections in their entries' places; nothing superseded, no
/// issuer) in the compact form a page carries to the browser (`""` while none): a line each, `|`-separated — id, parameter, level, province, object, method, time
/// limit (indexes; `-` for none), from, to (YYYYMMDD), the value, confidence, corrected id, and
/// last the source. Read by [`install_carried`].
pub fn carried() -> String {
    encode(&in_effect(&kept_values()))
}

fn encode(kept: &[KeptValue]) -> String {
    let mut out = String::new();
    for k in kept {
        let e = &k.entry;
        let day = |d: Option<Date>| {
            d.map_or_else(
                || "-".to_owned(),
                |d| format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()),
            )
        };
        let value = match e.value {
            Value::Fen(f) => format!("F{}", f.0),
            Value::Wan(w) => format!("F{}", w.saturating_mul(1_000_000)),
            Value::Permille(p) => format!("P{p}"),
            Value::PermilleRange(r) => format!(
                "R{},{}",
                r.min,
                r.max.map_or_else(|| "-".to_owned(), |m| m.to_string())
            ),
            Value::Days(d) => format!("D{d}"),
            Value::Ratio(r) => format!("Q{},{}", r.num, r.den),
            Value::Panel(p) => format!(
                "N{},{},{},{}",
                p.min_members,
                u8::from(p.odd),
                p.expert_share_min.num,
                p.expert_share_min.den
            ),
            Value::Trigger(super::BudgetTrigger::Fixed(f)) => format!("T{}", f.0),
            Value::Trigger(super::BudgetTrigger::OpenTenderThreshold) => "T-".to_owned(),
            Value::TimeLimit(t) => format!(
                "L{},{},{}",
                t.amount,
                index_of(&UNITS, &t.unit),
                index_of(&BOUNDS, &t.bound)
            ),
        };
        let fields = [
            k.id.to_string(),
            index_of(&PARAMS, &e.param),
            opt_index(&LEVELS, e.level.as_ref()),
            e.province.map_or_else(|| "-".to_owned(), |p| p.to_string()),
            opt_index(&ObjectType::ALL, e.object_type.as_ref()),
            opt_index(&crate::model::Method::ALL, e.method.as_ref()),
            opt_index(&super::TimeLimitId::ALL, e.time_limit.as_ref()),
            day(e.valid_from),
            day(e.valid_to),
            value,
            index_of(&CONFIDENCES, &e.confidence),
            k.corrects.map_or_else(|| "-".to_owned(), |c| c.to_string()),
            k.source.replace(['\n', '\r'], " "),
        ];
        out.push_str(&fields.join("|"));
        out.push('\n');
    }
    out
}

/// In the browser: puts in force the kept values a page carried ([`carried`]); each is checked
/// as the table takes any value. A line that cannot be read is refused as a whole.
pub fn install_carried(text: &str) -> Result<(), OverrideError> {
    install_kept(&decode(text)?)
}

fn decode(text: &str) -> Result<Vec<KeptValue>, OverrideError> {
    let bad = || OverrideError::Parse("carried thresholds".to_owned());
    let mut kept = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.splitn(13, '|').collect();
        if f.len() != 13 {
            return Err(bad());
        }
        let num = |s: &str| s.parse::<i64>().map_err(|_| bad());
        let pick = |s: &str, len: usize| -> Result<Option<usize>, OverrideError> {
            if s == "-" {
                return Ok(None);
            }
            let i = s.parse::<usize>().map_err(|_| bad())?;
            if i < len {
                Ok(Some(i))
            } else {
                Err(bad())
            }
        };
        let day = |s: &str| -> Result<Option<Date>, OverrideError> {
            if s == "-" {
                return Ok(None);
            }
            let n = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
            match (n(0..4), n(4..6), n(6..8)) {
                (Some(y), Some(m), Some(d)) => Date::new(y as i32, m as u8, d as u8)
                    .map(Some)
                    .ok_or_else(bad),
                _ => Err(bad()),
            }
        };
        let parts = |s: &str| s.split(',').map(str::to_owned).collect::<Vec<_>>();
        let (tag, rest) = f[9].split_at(f[9].len().min(1));
        let p = parts(rest);
        let at = |i: usize| p.get(i).map(String::as_str).unwrap_or("");
        let value = match tag {
            "F" => Value::Fen(Fen(num(rest)?)),
            "P" => Value::Permille(num(rest)?),
            "R" => Value::PermilleRange(super::PermilleRange::new(
                num(at(0))?,
                if at(1) == "-" {
                    None
                } else {
                    Some(num(at(1))?)
                },
            )),
            "D" => Value::Days(num(rest)?),
            "Q" => Value::Ratio(super::Ratio::new(num(at(0))?, num(at(1))?)),
            "N" => Value::Panel(super::PanelRule {
                min_members: u32::try_from(num(at(0))?).map_err(|_| bad())?,
                odd: at(1) == "1",
                expert_share_min: super::Ratio::new(num(at(2))?, num(at(3))?),
            }),
            "T" if rest == "-" => Value::Trigger(super::BudgetTrigger::OpenTenderThreshold),
            "T" => Value::Trigger(super::BudgetTrigger::Fixed(Fen(num(rest)?))),
            "L" => Value::TimeLimit(super::TimeLimit::new(
                num(at(0))?,
                UNITS[pick(at(1), UNITS.len())?.ok_or_else(bad)?],
                BOUNDS[pick(at(2), BOUNDS.len())?.ok_or_else(bad)?],
            )),
            _ => return Err(bad()),
        };
        kept.push(KeptValue {
            id: num(f[0])?,
            entry: Override {
                param: PARAMS[pick(f[1], PARAMS.len())?.ok_or_else(bad)?],
                level: pick(f[2], LEVELS.len())?.map(|i| LEVELS[i]),
                province: if f[3] == "-" {
                    None
                } else {
                    Some(f[3].parse::<u8>().map_err(|_| bad())?)
                },
                object_type: pick(f[4], 3)?.map(|i| ObjectType::ALL[i]),
                method: pick(f[5], crate::model::Method::ALL.len())?
                    .map(|i| crate::model::Method::ALL[i]),
                time_limit: pick(f[6], super::TimeLimitId::ALL.len())?
                    .map(|i| super::TimeLimitId::ALL[i]),
                valid_from: day(f[7])?,
                valid_to: day(f[8])?,
                value,
                confidence: CONFIDENCES[pick(f[10], CONFIDENCES.len())?.ok_or_else(bad)?],
            },
            source: f[12].to_owned(),
            issuer: String::new(),
            corrects: if f[11] == "-" {
                None
            } else {
                Some(num(f[11])?)
            },
        });
    }
    Ok(kept)
}

/// The kept values in force (empty while none).
pub fn kept_values() -> Vec<KeptValue> {
    INSTALLED
        .read()
        .ok()
        .and_then(|g| g.map(|i| i.kept.clone()))
        .unwrap_or_default()
}

/// The level whose values `p` may keep: a province's finance department (jurisdiction `NN0000`)
/// its provincial values, a city's finance bureau the city and county values; districts and
/// every other role none.
pub fn issuer_level(p: &Principal) -> Option<GovLevel> {
    if p.role != Role::Regulator {
        return None;
    }
    let code = p.jurisdiction.as_deref().unwrap_or_default();
    if code.len() == 6 && code.ends_with("0000") && province_of(code).is_some() {
        return Some(GovLevel::Provincial);
    }
    p.is_city_regulator().then_some(GovLevel::CityCounty)
}

/// The province of a jurisdiction code (its first two digits).
pub fn province_of(code: &str) -> Option<u8> {
    code.get(0..2).and_then(|p| p.parse().ok())
}

/// The form of a new version or a correction, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ThresholdForm {
    /// `version` or `correction`.
    pub kind: String,
    pub param: String,
    /// `goods`, `services`, `works`, or empty for all.
    pub object_type: String,
    /// Amounts in yuan, shares in %, terms in days.
    pub value: String,
    pub valid_from: String,
    pub source: String,
    /// `verified` (checked against the published document) or `knowledge`.
    pub confidence: String,
    /// A correction: the id of the entry it corrects.
    pub corrects: String,
    pub reason: String,
}

/// A checked new entry: what to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKept {
    pub entry: Override,
    pub source: String,
    pub corrects: Option<i64>,
    pub reason: String,
}

fn err(field: &str, code: &str, zh: &'static str, en: &'static str) -> FieldError {
    FieldError::new(field, code, Text::new(zh, en))
}

impl ThresholdForm {
    /// Checks the form for `issuer` (`level` and `province` of the issuing bureau) on `today`
    /// (China date); a correction names one of `kept` (the issuer's own entries).
    pub fn parse(
        &self,
        level: GovLevel,
        province: Option<u8>,
        today: Date,
        kept: &[KeptValue],
    ) -> Result<NewKept, FieldErrors> {
        let mut errors = FieldErrors::new();
        let correction = self.kind.trim() == "correction";
        let corrected = if correction {
            let id = self.corrects.trim().parse::<i64>().ok();
            match id.and_then(|id| kept.iter().find(|k| k.id == id)) {
                Some(k) => Some(k),
                None => {
                    errors.push(err(
                        "corrects",
                        "unknown",
                        "请选择要更正的本局录入值",
                        "Choose the entry to correct",
                    ));
                    None
                }
            }
        } else {
            None
        };
        let param = match corrected {
            Some(k) => Some(k.entry.param),
            None => match Param::from_code(&self.param).filter(|p| KEEPABLE.contains(p)) {
                Some(p) => Some(p),
                None => {
                    errors.push(err("param", "unknown", "请选择参数", "Choose a parameter"));
                    None
                }
            },
        };
        let object_type = match (corrected, self.object_type.trim()) {
            (Some(k), _) => k.entry.object_type,
            (None, "") => None,
            (None, code) => match ObjectType::from_code(code) {
                Some(o) => Some(o),
                None => {
                    errors.push(err(
                        "object_type",
                        "unknown",
                        "采购对象无效",
                        "Unknown object type",
                    ));
                    None
                }
            },
        };
        let value = param.and_then(|p| match parse_value(p, &self.value) {
            Ok(v) => Some(v),
            Err(e) => {
                errors.push(e);
                None
            }
        });
        let valid_from = match corrected {
            Some(k) => k.entry.valid_from,
            None => match Date::parse(self.valid_from.trim()) {
                Ok(d) => match check_effective(Some(d), today) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                },
                Err(_) => {
                    errors.push(err(
                        "valid_from",
                        "invalid",
                        "请输入生效日期（YYYY-MM-DD）",
                        "Enter the effective date (YYYY-MM-DD)",
                    ));
                    None
                }
            },
        };
        let source = match check_source(&self.source) {
            Ok(s) => s,
            Err(e) => {
                errors.push(e);
                ""
            }
        };
        let confidence = match self.confidence.trim() {
            "verified" => Confidence::Verified,
            "" if corrected.is_some() => {
                corrected.map_or(Confidence::Knowledge, |k| k.entry.confidence)
            }
            "knowledge" | "" => Confidence::Knowledge,
            _ => {
                errors.push(err(
                    "confidence",
                    "unknown",
                    "核实状态无效",
                    "Unknown status",
                ));
                Confidence::Knowledge
            }
        };
        let reason = self.reason.trim();
        if correction && (reason.is_empty() || reason.chars().count() > 500) {
            errors.push(err(
                "reason",
                "required",
                "更正须写明原因（不超过500字）",
                "A correction needs its reason (at most 500 characters)",
            ));
        }
        if !errors.0.is_empty() {
            return Err(errors);
        }
        let (Some(param), Some(value)) = (param, value) else {
            return Err(errors);
        };
        Ok(NewKept {
            entry: Override {
                param,
                level: Some(level),
                province,
                object_type,
                method: None,
                time_limit: None,
                valid_from,
                valid_to: corrected.and_then(|k| k.entry.valid_to),
                value,
                confidence,
            },
            source: source.to_owned(),
            corrects: corrected.map(|k| k.id),
            reason: reason.to_owned(),
        })
    }
}

/// A value's source document (文号), as stored and carried to the browser: 1–100 characters
/// without `|`, `<`, `>` or control characters; trimmed.
pub fn check_source(source: &str) -> Result<&str, FieldError> {
    let s = source.trim();
    if s.is_empty()
        || s.chars().count() > 100
        || s.contains(|c: char| matches!(c, '|' | '<' | '>') || c.is_control())
    {
        return Err(err(
            "source",
            "required",
            "请填写发布该数值的文件文号（不超过100字，不含 | < >）",
            "Enter the document that sets the value (at most 100 characters, no | < >)",
        ));
    }
    Ok(s)
}

/// A new value's effective date: given, and today or later (a kept value never changes how an
/// earlier event is judged; a wrongly entered value is corrected instead).
pub fn check_effective(from: Option<Date>, today: Date) -> Result<Date, FieldError> {
    match from {
        Some(d) if d >= today => Ok(d),
        _ => Err(err(
            "valid_from",
            "past",
            "新版本只能从今天或以后生效（不改变过去的判断）；录错的值请用“更正”",
            "A new version takes effect today or later (the past is not changed); to fix a wrongly entered value, correct it",
        )),
    }
}

/// The refusal of a second correction of one entry (checked again where it is stored).
pub fn already_corrected() -> FieldError {
    err(
        "corrects",
        "corrected",
        "该录入已被更正，请更正最新的值",
        "That entry was corrected already: correct the latest value",
    )
}

/// The typed value of parameter `p`: yuan for amounts, % for shares, days for terms.
fn parse_value(p: Param, text: &str) -> Result<Value, FieldError> {
    let t = text.trim();
    match p.kind() {
        super::Kind::Money => Fen::parse_yuan(t)
            .ok()
            .filter(|f| f.0 > 0)
            .map(Value::Fen)
            .ok_or_else(|| {
                err(
                    "value",
                    "invalid",
                    "请输入金额（元）",
                    "Enter an amount in yuan",
                )
            }),
        super::Kind::Permille => {
            let t = t.trim_end_matches('%');
            let (int, frac) = t.split_once('.').unwrap_or((t, "0"));
            let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
            match (int.parse::<i64>(), frac.parse::<i64>()) {
                (Ok(i), Ok(f))
                    if digits(int)
                        && digits(frac)
                        && frac.len() == 1
                        && (0..=100).contains(&i)
                        && i * 10 + f <= 1000 =>
                {
                    Ok(Value::Permille(i * 10 + f))
                }
                _ => Err(err(
                    "value",
                    "invalid",
                    "请输入百分比（0—100，至多一位小数）",
                    "Enter a percentage (0–100, at most one decimal)",
                )),
            }
        }
        super::Kind::Days => t
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=3650).contains(d))
            .map(Value::Days)
            .ok_or_else(|| err("value", "invalid", "请输入天数", "Enter a number of days")),
        _ => Err(err(
            "value",
            "unsupported",
            "该参数请由运维以文件导入",
            "This parameter is loaded from a file by the operator",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn city() -> Principal {
        Principal {
            duty: None,
            user_id: 1,
            role: Role::Regulator,
            organisation_id: Some(1),
            supplier_id: None,
            jurisdiction: Some("320400".into()),
        }
    }

    fn form(value: &str, from: &str) -> ThresholdForm {
        ThresholdForm {
            kind: "version".into(),
            param: "open_tender_threshold".into(),
            object_type: "goods".into(),
            value: value.into(),
            valid_from: from.into(),
            source: "常财购〔2026〕8号".into(),
            confidence: "verified".into(),
            ..ThresholdForm::default()
        }
    }

    fn kept(id: i64, n: NewKept) -> KeptValue {
        KeptValue {
            id,
            entry: n.entry,
            source: n.source,
            issuer: "320400".into(),
            corrects: n.corrects,
        }
    }

    #[test]
    fn a_new_version_applies_from_its_date_and_never_to_the_past() {
        let level = issuer_level(&city()).unwrap();
        assert_eq!(level, GovLevel::CityCounty);
        let today = d("2026-12-07");
        let v = form("3,000,000", "2027-01-01")
            .parse(level, province_of("320400"), today, &[])
            .unwrap();
        let t = ThresholdTable::builtin().with_kept(&[kept(1, v)]).unwrap();
        let before = t
            .open_tender_threshold(GovLevel::CityCounty, ObjectType::Goods, d("2026-12-31"))
            .unwrap();
        assert_eq!(before.value, Fen(400_000_000));
        let after = t
            .open_tender_threshold(GovLevel::CityCounty, ObjectType::Goods, d("2027-01-01"))
            .unwrap();
        assert_eq!(after.value, Fen(300_000_000));
        assert_eq!(after.source, "常财购〔2026〕8号");
        assert_eq!(after.confidence, Confidence::Verified);
        // Services and other levels keep the built-in value.
        assert_eq!(
            t.open_tender_threshold(GovLevel::CityCounty, ObjectType::Services, d("2027-01-01"))
                .unwrap()
                .value,
            Fen(400_000_000)
        );
        // A version in the past is refused: a correction is the way to fix a wrong value.
        let e = form("3,000,000", "2026-12-06")
            .parse(level, Some(32), today, &[])
            .unwrap_err();
        assert!(e.for_field("valid_from").is_some());
        // Districts keep no values; a province's department keeps its provincial ones.
        let mut district = city();
        district.jurisdiction = Some("320402".into());
        assert_eq!(issuer_level(&district), None);
        let mut province = city();
        province.jurisdiction = Some("320000".into());
        assert_eq!(issuer_level(&province), Some(GovLevel::Provincial));
        province.role = Role::Admin;
        assert_eq!(issuer_level(&province), None);
    }

    #[test]
    fn a_correction_takes_the_corrected_entrys_place_and_needs_a_reason() {
        let today = d("2026-12-07");
        let v = form("3,000,000", "2027-01-01")
            .parse(GovLevel::CityCounty, Some(32), today, &[])
            .unwrap();
        let first = kept(1, v);
        let mut c = ThresholdForm {
            kind: "correction".into(),
            corrects: "1".into(),
            value: "3,500,000".into(),
            source: "常财购〔2026〕8号".into(),
            ..ThresholdForm::default()
        };
        let e = c
            .parse(
                GovLevel::CityCounty,
                Some(32),
                today,
                std::slice::from_ref(&first),
            )
            .unwrap_err();
        assert!(e.for_field("reason").is_some());
        c.reason = "录入时少写一个5".into();
        let n = c
            .parse(
                GovLevel::CityCounty,
                Some(32),
                today,
                std::slice::from_ref(&first),
            )
            .unwrap();
        assert_eq!(n.entry.valid_from, Some(d("2027-01-01")));
        assert_eq!(n.corrects, Some(1));
        let t = ThresholdTable::builtin()
            .with_kept(&[first, kept(2, n)])
            .unwrap();
        let v = t
            .open_tender_threshold(GovLevel::CityCounty, ObjectType::Goods, d("2027-03-01"))
            .unwrap();
        assert_eq!(v.value, Fen(350_000_000));
        assert_eq!(t.rows().iter().filter(|r| r.kept).count(), 1);
        // The browser gets what is in effect, the correction under its entry's id.
        let effective = in_effect(&[kept(1, v_first()), kept(2, n_second())]);
        assert_eq!(effective.len(), 1);
        assert_eq!((effective[0].id, effective[0].corrects), (1, None));
    }

    fn v_first() -> NewKept {
        form("3,000,000", "2027-01-01")
            .parse(GovLevel::CityCounty, Some(32), d("2026-12-07"), &[])
            .unwrap()
    }

    fn n_second() -> NewKept {
        let first = kept(1, v_first());
        ThresholdForm {
            kind: "correction".into(),
            corrects: "1".into(),
            value: "3,500,000".into(),
            source: "常财购〔2026〕8号".into(),
            reason: "录入错误".into(),
            ..ThresholdForm::default()
        }
        .parse(GovLevel::CityCounty, Some(32), d("2026-12-07"), &[first])
        .unwrap()
    }

    #[test]
    fn every_parameter_has_its_place_in_the_carried_form() {
        for p in PARAMS {
            assert_eq!(PARAMS.iter().filter(|x| **x == p).count(), 1);
        }
        // Every kind of value comes back as it went.
        let values = [
            Value::Fen(Fen(123)),
            Value::Permille(20),
            Value::PermilleRange(super::super::PermilleRange::new(100, None)),
            Value::PermilleRange(super::super::PermilleRange::new(100, Some(300))),
            Value::Days(30),
            Value::Ratio(super::super::Ratio::new(5, 10_000)),
            Value::Panel(super::super::PanelRule {
                min_members: 5,
                odd: true,
                expert_share_min: super::super::Ratio::new(2, 3),
            }),
            Value::Trigger(super::super::BudgetTrigger::OpenTenderThreshold),
            Value::Trigger(super::super::BudgetTrigger::Fixed(Fen(9))),
            Value::TimeLimit(super::super::TimeLimit::new(
                20,
                super::super::DayUnit::Working,
                super::super::Bound::AtMost,
            )),
        ];
        let kept: Vec<KeptValue> = values
            .iter()
            .enumerate()
            .map(|(i, v)| KeptValue {
                id: i as i64 + 1,
                entry: Override {
                    param: PARAMS[i],
                    level: Some(GovLevel::CityCounty),
                    province: Some(32),
                    object_type: Some(ObjectType::Works),
                    method: Some(crate::model::Method::ALL[i % 8]),
                    time_limit: Some(super::super::TimeLimitId::ALL[i]),
                    valid_from: Some(d("2027-01-01")),
                    valid_to: (i % 2 == 0).then(|| d("2027-12-31")),
                    value: *v,
                    confidence: CONFIDENCES[i % 4],
                },
                source: format!("源|文号{i}"),
                issuer: String::new(),
                corrects: (i > 0).then_some(i as i64),
            })
            .collect();
        assert_eq!(decode(&encode(&kept)).unwrap(), kept);
        assert!(decode("1|2|3").is_err());
    }

    #[test]
    fn values_read_as_typed_and_show_as_people_write_them() {
        assert_eq!(
            parse_value(Param::BidSecurityMax, "2"),
            Ok(Value::Permille(20))
        );
        assert_eq!(
            parse_value(Param::BidSecurityMax, "1.5%"),
            Ok(Value::Permille(15))
        );
        assert!(parse_value(Param::BidSecurityMax, "101").is_err());
        assert!(parse_value(Param::BidSecurityMax, "-0.5").is_err());
        assert!(parse_value(Param::BidSecurityMax, "+1").is_err());
        assert_eq!(
            parse_value(Param::SmePaymentDays, "30"),
            Ok(Value::Days(30))
        );
        assert_eq!(Value::Permille(15).display(Lang::Zh), "1.5%");
        assert_eq!(Value::Permille(20).display(Lang::En), "2%");
        assert_eq!(
            Param::from_code("procurement_limit"),
            Some(Param::ProcurementLimit)
        );
        assert_eq!(Param::ProcurementLimit.code(), "procurement_limit");
    }
}
