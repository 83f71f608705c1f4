//! The check framework: metadata, outcomes, evidence, the context a check runs in, and the two
//! check traits (per project, and over a portfolio of projects).
//!
//! A check is a pure function of typed data. It answers one of three things (a tri-state, as in
//! Cardinal and Prozorro): **flagged** (with the evidence and a filled message), **clear** (with the
//! evidence that shows it), or **insufficient data** (naming the missing fields). It never guesses a
//! missing fact.

use std::any::Any;

use serde::Serialize;

use crate::calendar::Calendar;
use crate::checks::settings::CheckSettings;
use crate::i18n::{Lang, Text};
use crate::model::{Method, ProjectRecord};
use crate::money::Fen;
use crate::thresholds::ThresholdTable;
use crate::time::{Date, Instant};
pub use crate::workflow::Node;

/// When in the chain a check looks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 事前预警: planning, approvals, documents, notices.
    Pre,
    /// 事中监控: bid receipt, opening, evaluation, award.
    During,
    /// 事后分析: contract, performance, payment, portfolio analytics.
    Post,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Pre, Stage::During, Stage::Post];

    /// The stable code, as in JSON and as stored (`pre`, `during`, `post`).
    pub fn code(self) -> &'static str {
        match self {
            Stage::Pre => "pre",
            Stage::During => "during",
            Stage::Post => "post",
        }
    }

    /// Reads a code as [`Stage::code`] writes it (surrounding whitespace ignored).
    pub fn from_code(code: &str) -> Option<Stage> {
        let code = code.trim();
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            Stage::Pre => Text::new("事前预警", "Pre-event warning"),
            Stage::During => Text::new("事中监控", "In-process monitoring"),
            Stage::Post => Text::new("事后分析", "Post-event analysis"),
        }
    }
}

/// How serious a flag is (B.3 of the catalogue).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Block the step / a case must be opened.
    Critical,
    /// Probable violation: case queue.
    High,
    /// Warning: a reviewer confirms.
    Medium,
    /// Analytic signal / dashboard.
    Low,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    /// The stable code, as in JSON and as stored (`critical`, `high`, `medium`, `low`).
    pub fn code(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    /// Reads a code as [`Severity::code`] writes it (surrounding whitespace ignored).
    pub fn from_code(code: &str) -> Option<Severity> {
        let code = code.trim();
        Severity::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            Severity::Critical => Text::new("严重", "Critical"),
            Severity::High => Text::new("高", "High"),
            Severity::Medium => Text::new("中", "Medium"),
            Severity::Low => Text::new("低", "Low"),
        }
    }
}

/// What a flag is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Project,
    Lot,
    Bid,
    Contract,
    Supplier,
    Purchaser,
    Agency,
    Expert,
    /// A pair of suppliers (or a supplier and a person).
    Pair,
}

/// A legal violation (hard numbers from law) or a statistical risk indicator. Shown differently;
/// a flag is a reason to review, not proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Nature {
    Violation,
    RiskIndicator,
}

/// How sure we are of a citation (catalogue legend).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// [V] verified word for word against the official text.
    Verified,
    /// [K] from knowledge of the official text; article numbers believed correct.
    Known,
    /// [L] literature or international practice: a risk signal, not a legal rule.
    Literature,
}

/// One legal (or literature) source of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LegalBasis {
    /// The instrument, e.g. [`law::GP_LAW`].
    pub instrument: &'static str,
    /// The article(s), e.g. `第35条` or `R011`.
    pub article: &'static str,
    pub confidence: Confidence,
}

impl LegalBasis {
    /// A [V] citation.
    pub const fn v(instrument: &'static str, article: &'static str) -> LegalBasis {
        LegalBasis {
            instrument,
            article,
            confidence: Confidence::Verified,
        }
    }
    /// A [K] citation.
    pub const fn k(instrument: &'static str, article: &'static str) -> LegalBasis {
        LegalBasis {
            instrument,
            article,
            confidence: Confidence::Known,
        }
    }
    /// An [L] source.
    pub const fn l(instrument: &'static str, article: &'static str) -> LegalBasis {
        LegalBasis {
            instrument,
            article,
            confidence: Confidence::Literature,
        }
    }
}

/// The instruments cited by the checks, spelled once.
pub mod law {
    pub const GP_LAW: &str = "《政府采购法》";
    pub const GP_REGS: &str = "《政府采购法实施条例》";
    pub const ORDER_87: &str = "财政部令第87号";
    pub const ORDER_74: &str = "财政部令第74号";
    pub const ORDER_94: &str = "财政部令第94号";
    pub const ORDER_101: &str = "财政部令第101号";
    pub const CK_2014_214: &str = "财库〔2014〕214号";
    pub const CK_2015_124: &str = "财库〔2015〕124号";
    pub const CK_2016_198: &str = "财库〔2016〕198号";
    pub const CK_2020_46: &str = "财库〔2020〕46号";
    pub const CK_2022_19: &str = "财库〔2022〕19号";
    pub const CK_2020_10: &str = "财库〔2020〕10号";
    pub const CK_2021_22: &str = "财库〔2021〕22号";
    pub const CK_2007_119: &str = "财库〔2007〕119号";
    pub const CBK_2008_248: &str = "财办库〔2008〕248号";
    pub const SME_PAYMENT_2020: &str = "《保障中小企业款项支付条例》(2020)";
    pub const SME_PAYMENT_2025: &str = "《保障中小企业款项支付条例》(2025)";
    pub const BIDDING_REGS: &str = "《招标投标法实施条例》";
    pub const OCP: &str = "OCP Red Flags (2024)";
    pub const CARDINAL: &str = "Cardinal";
    pub const SASU: &str = "Prozorro SASU";
    pub const DIGIWHIST: &str = "DIGIWHIST / opentender";
    pub const WORLD_BANK: &str = "World Bank red flags";
    pub const OECD: &str = "OECD bid-rigging guidelines";
    pub const PROZORRO_RISKS: &str = "prozorro-risks";
}

/// A date that can be written in a `static` (`Date::new` is not `const`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LawDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl LawDate {
    pub const fn ymd(year: i32, month: u8, day: u8) -> LawDate {
        LawDate { year, month, day }
    }
    /// The date; `None` only for an impossible date (a test checks every check's dates).
    pub fn date(self) -> Option<Date> {
        Date::new(self.year, self.month, self.day)
    }
}

/// Everything a check declares about itself. All `'static`, so `yiwang checks list` and the
/// generated `docs/checks.md` read it without running anything.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CheckMeta {
    /// `P01` … `P27` (事前), `M01` … `M27` (事中), `A01` … `A25` (事后).
    pub id: &'static str,
    pub stage: Stage,
    pub subject: Subject,
    /// The methods the check applies to; a project of another method is skipped.
    pub methods: &'static [Method],
    /// The B.4 nodes at which the check fires.
    pub nodes: &'static [Node],
    pub severity: Severity,
    pub nature: Nature,
    pub legal_basis: &'static [LegalBasis],
    /// First day the rule applies (by the project's reference date); `None` = always.
    pub valid_from: Option<LawDate>,
    /// Last day the rule applies; `None` = still in force.
    pub valid_to: Option<LawDate>,
    pub title: Text,
    /// The flag message, with `{name}` placeholders filled from the evidence of the same name.
    pub message: Text,
    /// Why it matters, in one or two sentences.
    pub why: Text,
}

/// Whether a check applies to a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    Applies,
    /// Another method, or a date outside the rule's validity.
    NotApplicable,
    /// The rule is dated and the project has no reference date.
    DateUnknown,
}

impl CheckMeta {
    pub fn valid_from_date(&self) -> Option<Date> {
        self.valid_from.and_then(LawDate::date)
    }
    pub fn valid_to_date(&self) -> Option<Date> {
        self.valid_to.and_then(LawDate::date)
    }

    pub fn applies_to_method(&self, method: Method) -> bool {
        self.methods.contains(&method)
    }

    /// Whether the rule's validity covers `date`.
    pub fn covers(&self, date: Date) -> bool {
        self.valid_from_date().is_none_or(|f| f <= date)
            && self.valid_to_date().is_none_or(|t| date <= t)
    }

    pub fn applicability(&self, method: Method, reference_date: Option<Date>) -> Applicability {
        if !self.applies_to_method(method) {
            return Applicability::NotApplicable;
        }
        if self.valid_from.is_none() && self.valid_to.is_none() {
            return Applicability::Applies;
        }
        match reference_date {
            Some(d) if self.covers(d) => Applicability::Applies,
            Some(_) => Applicability::NotApplicable,
            None => Applicability::DateUnknown,
        }
    }
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Value {
    Date(Date),
    Instant(Instant),
    Money(Fen),
    /// Calendar days.
    Days(i64),
    WorkingDays(i64),
    Count(i64),
    /// Thousandths: 20 = 2 %.
    Permille(i64),
    /// A computed statistic (quartile, fence, ratio).
    Number(f64),
    Text(String),
    /// A static text in both languages (a method's name, a notice kind).
    Label(Text),
    /// A phrase composed at run time in both languages (「合格2家」 / "2 qualified").
    Phrase {
        zh: String,
        en: String,
    },
    Bool(bool),
}

impl Value {
    /// The value as shown in a message.
    pub fn display(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Value::Date(d) => d.to_string(),
            Value::Instant(i) => i.china_display(),
            Value::Money(f) => {
                if zh {
                    format!("{f}元")
                } else {
                    format!("CNY {f}")
                }
            }
            Value::Days(n) => {
                if zh {
                    format!("{n}天")
                } else if *n == 1 {
                    "1 day".to_owned()
                } else {
                    format!("{n} days")
                }
            }
            Value::WorkingDays(n) => {
                if zh {
                    format!("{n}个工作日")
                } else if *n == 1 {
                    "1 working day".to_owned()
                } else {
                    format!("{n} working days")
                }
            }
            Value::Count(n) => n.to_string(),
            Value::Permille(p) => permille_as_percent(*p),
            Value::Number(x) => {
                let s = format!("{x:.4}");
                let s = s.trim_end_matches('0').trim_end_matches('.');
                s.to_owned()
            }
            Value::Text(s) => s.clone(),
            Value::Label(t) => t.get(lang).to_owned(),
            Value::Phrase { zh: z, en } => {
                if zh {
                    z.clone()
                } else {
                    en.clone()
                }
            }
            Value::Bool(b) => match (zh, b) {
                (true, true) => "是".to_owned(),
                (true, false) => "否".to_owned(),
                (false, true) => "yes".to_owned(),
                (false, false) => "no".to_owned(),
            },
        }
    }
}

/// `25` → `2.5%`, `20` → `2%`, `-5` → `-0.5%`.
pub fn permille_as_percent(p: i64) -> String {
    let sign = if p < 0 { "-" } else { "" };
    let a = p.unsigned_abs();
    let tenths = a % 10;
    if tenths == 0 {
        format!("{sign}{}%", a / 10)
    } else {
        format!("{sign}{}.{tenths}%", a / 10)
    }
}

/// One named piece of evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceItem {
    pub name: &'static str,
    pub value: Value,
}

/// The facts and computed values behind an outcome, in the order a reader should see them.
/// Store both the raw timestamps and the computed counts (catalogue B.0).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Evidence(pub Vec<EvidenceItem>);

impl Evidence {
    pub fn new() -> Evidence {
        Evidence(Vec::new())
    }
    /// Adds (or replaces) a value.
    pub fn with(mut self, name: &'static str, value: Value) -> Evidence {
        self.push(name, value);
        self
    }
    pub fn push(&mut self, name: &'static str, value: Value) {
        if let Some(item) = self.0.iter_mut().find(|i| i.name == name) {
            item.value = value;
        } else {
            self.0.push(EvidenceItem { name, value });
        }
    }
    pub fn date(self, name: &'static str, v: Date) -> Evidence {
        self.with(name, Value::Date(v))
    }
    pub fn instant(self, name: &'static str, v: Instant) -> Evidence {
        self.with(name, Value::Instant(v))
    }
    pub fn money(self, name: &'static str, v: Fen) -> Evidence {
        self.with(name, Value::Money(v))
    }
    pub fn days(self, name: &'static str, v: i64) -> Evidence {
        self.with(name, Value::Days(v))
    }
    pub fn working_days(self, name: &'static str, v: i64) -> Evidence {
        self.with(name, Value::WorkingDays(v))
    }
    pub fn count(self, name: &'static str, v: i64) -> Evidence {
        self.with(name, Value::Count(v))
    }
    pub fn permille(self, name: &'static str, v: i64) -> Evidence {
        self.with(name, Value::Permille(v))
    }
    pub fn number(self, name: &'static str, v: f64) -> Evidence {
        self.with(name, Value::Number(v))
    }
    pub fn text(self, name: &'static str, v: impl Into<String>) -> Evidence {
        self.with(name, Value::Text(v.into()))
    }
    pub fn label(self, name: &'static str, v: Text) -> Evidence {
        self.with(name, Value::Label(v))
    }
    /// A 品目 by its name in the catalogue (`shared::supplier::catalogue`), else by its code.
    pub fn category(self, name: &'static str, code: &str) -> Evidence {
        match crate::supplier::category(code) {
            Some(c) => self.with(name, Value::Label(c.name)),
            None => self.text(name, code),
        }
    }
    pub fn bool(self, name: &'static str, v: bool) -> Evidence {
        self.with(name, Value::Bool(v))
    }
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|i| i.name == name).map(|i| &i.value)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Fills `{name}` placeholders of a template with the values of this evidence. Unknown
    /// placeholders stay as written (tests catch them: a filled message contains no `{`).
    pub fn fill(&self, template: &str, lang: Lang) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let name = &after[..close];
                    match self.get(name) {
                        Some(v) => out.push_str(&v.display(lang)),
                        None => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// A raised flag: the evidence and the check's message filled from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub evidence: Evidence,
    pub message_zh: String,
    pub message_en: String,
}

impl Finding {
    pub fn new(meta: &CheckMeta, evidence: Evidence) -> Finding {
        Finding {
            message_zh: evidence.fill(meta.message.zh, Lang::Zh),
            message_en: evidence.fill(meta.message.en, Lang::En),
            evidence,
        }
    }
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.message_zh,
            Lang::En => &self.message_en,
        }
    }
}

/// The answer of a check.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", content = "detail", rename_all = "snake_case")]
pub enum Outcome {
    Flagged(Finding),
    Clear(Evidence),
    /// The facts needed are not in the record; `missing` names them as field paths
    /// (`project.budget_amount`, `awards[].notified_at`).
    InsufficientData {
        missing: Vec<&'static str>,
    },
}

impl Outcome {
    /// A flag with the check's message filled from `evidence`.
    pub fn flag(meta: &CheckMeta, evidence: Evidence) -> Outcome {
        Outcome::Flagged(Finding::new(meta, evidence))
    }
    pub fn clear(evidence: Evidence) -> Outcome {
        Outcome::Clear(evidence)
    }
    pub fn missing(fields: &[&'static str]) -> Outcome {
        Outcome::InsufficientData {
            missing: fields.to_vec(),
        }
    }
    /// The stub answer of a check that is not written yet.
    pub fn not_implemented() -> Outcome {
        Outcome::InsufficientData {
            missing: vec!["not implemented"],
        }
    }

    pub fn is_flagged(&self) -> bool {
        matches!(self, Outcome::Flagged(_))
    }
    pub fn is_clear(&self) -> bool {
        matches!(self, Outcome::Clear(_))
    }
    pub fn is_insufficient(&self) -> bool {
        matches!(self, Outcome::InsufficientData { .. })
    }
    pub fn evidence(&self) -> Option<&Evidence> {
        match self {
            Outcome::Flagged(f) => Some(&f.evidence),
            Outcome::Clear(e) => Some(e),
            Outcome::InsufficientData { .. } => None,
        }
    }

    /// Combines the outcomes of several parts (lots, bids, contracts) into one answer for the
    /// project: the first flag wins; else, if any part lacks data, insufficient data (all missing
    /// fields, deduplicated); else the last clear; no parts at all → `if_empty`.
    pub fn combine(parts: impl IntoIterator<Item = Outcome>, if_empty: Outcome) -> Outcome {
        let mut missing: Vec<&'static str> = Vec::new();
        let mut clear: Option<Evidence> = None;
        let mut any = false;
        for p in parts {
            any = true;
            match p {
                Outcome::Flagged(f) => return Outcome::Flagged(f),
                Outcome::InsufficientData { missing: m } => {
                    for f in m {
                        if !missing.contains(&f) {
                            missing.push(f);
                        }
                    }
                }
                Outcome::Clear(e) => clear = Some(e),
            }
        }
        if !any {
            return if_empty;
        }
        if !missing.is_empty() {
            return Outcome::InsufficientData { missing };
        }
        match clear {
            Some(e) => Outcome::Clear(e),
            None => if_empty,
        }
    }
}

/// Collects the facts a check needs and remembers which are missing:
///
/// ```text
/// let mut need = Need::new();
/// let budget = need.get(p.project.budget_amount, "project.budget_amount");
/// let deposit = need.get(deposit_amount, "project.deposit.bid_security");
/// let (Some(budget), Some(deposit)) = (budget, deposit) else { return need.outcome() };
/// ```
#[derive(Debug, Default)]
pub struct Need {
    missing: Vec<&'static str>,
}

impl Need {
    pub fn new() -> Need {
        Need::default()
    }
    /// Passes `value` on; records `field` as missing when it is `None`.
    pub fn get<T>(&mut self, value: Option<T>, field: &'static str) -> Option<T> {
        if value.is_none() && !self.missing.contains(&field) {
            self.missing.push(field);
        }
        value
    }
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
    /// The insufficient-data outcome listing every missing field.
    pub fn outcome(self) -> Outcome {
        Outcome::InsufficientData {
            missing: self.missing,
        }
    }
}

/// What a check may use besides the record. Borrowed, so one context serves many checks.
#[derive(Clone, Copy)]
pub struct CheckContext<'a> {
    /// The statutory working-day calendar (holidays and 调休 make-up days).
    pub calendar: &'a Calendar,
    /// Dated numeric thresholds (B.1, B.2 of the catalogue).
    pub thresholds: &'a ThresholdTable,
    pub settings: &'a CheckSettings,
    /// "Now", for checks like "no contract 30 days after the award notice".
    pub as_of: Instant,
}

/// Settings with every default, for [`CheckContext::builtin`].
static DEFAULT_SETTINGS: CheckSettings = CheckSettings {
    p12: None,
    m16: None,
    m27: None,
    a13: None,
    a14: None,
    a15: None,
    a16: None,
    a17: None,
    a18: None,
    a19: None,
    a20: None,
    a21: None,
    a22: None,
};

impl CheckContext<'static> {
    /// The built-in China calendar, the built-in threshold table and default settings.
    pub fn builtin(as_of: Instant) -> CheckContext<'static> {
        CheckContext {
            calendar: crate::calendar::china(),
            thresholds: crate::thresholds::builtin_ref(),
            settings: &DEFAULT_SETTINGS,
            as_of,
        }
    }
}

/// A check over one project. Write it as a [`Check`] (a metadata reference and a function); the
/// trait exists so that a check with state can implement it directly.
pub trait ProjectCheck: Sync {
    fn meta(&self) -> &'static CheckMeta;
    fn run(&self, project: &ProjectRecord, ctx: &CheckContext) -> Outcome;
}

/// A per-project check as data: `pub static P19: Check = Check { meta: &META, run };`
pub struct Check {
    pub meta: &'static CheckMeta,
    pub run: fn(&ProjectRecord, &CheckContext) -> Outcome,
}

impl ProjectCheck for Check {
    fn meta(&self) -> &'static CheckMeta {
        self.meta
    }
    fn run(&self, project: &ProjectRecord, ctx: &CheckContext) -> Outcome {
        (self.run)(project, ctx)
    }
}

/// Who a portfolio outcome is about: a purchaser id, a supplier id, `"a|b"` for a pair, or `"*"`
/// for the whole portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SubjectRef {
    pub kind: Subject,
    pub id: String,
}

impl SubjectRef {
    pub fn new(kind: Subject, id: impl Into<String>) -> SubjectRef {
        SubjectRef {
            kind,
            id: id.into(),
        }
    }
    /// The whole portfolio (id `*`).
    pub fn all(kind: Subject) -> SubjectRef {
        SubjectRef {
            kind,
            id: "*".to_owned(),
        }
    }
}

/// A check over many projects (Cardinal's fold / reduce / finalize): `fold` adds one project to
/// an accumulator, `merge` joins two accumulators (projects split across threads or batches),
/// `finalize` computes the statistics (quartiles, fences — see [`super::stats`]) and the outcome
/// per subject. A subject below the minimum sample size gets `InsufficientData`, never a flag.
/// `fold` only sees projects whose method and date the check applies to.
pub trait PortfolioCheck: Sync {
    type Acc: Default + Send + 'static;
    fn meta(&self) -> &'static CheckMeta;
    fn fold(&self, acc: &mut Self::Acc, project: &ProjectRecord, ctx: &CheckContext);
    fn merge(&self, a: Self::Acc, b: Self::Acc) -> Self::Acc;
    fn finalize(&self, acc: Self::Acc, ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)>;
}

/// A type-erased accumulator of a portfolio check.
pub type AnyAcc = Box<dyn Any + Send>;

/// The object-safe face of [`PortfolioCheck`], implemented for every portfolio check, so the
/// registry can list them in one array. Not for check authors to implement.
pub trait DynPortfolioCheck: Sync {
    fn meta(&self) -> &'static CheckMeta;
    fn new_acc(&self) -> AnyAcc;
    fn fold_any(&self, acc: &mut AnyAcc, project: &ProjectRecord, ctx: &CheckContext);
    fn merge_any(&self, a: AnyAcc, b: AnyAcc) -> AnyAcc;
    fn finalize_any(&self, acc: AnyAcc, ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)>;
}

impl<T: PortfolioCheck> DynPortfolioCheck for T {
    fn meta(&self) -> &'static CheckMeta {
        PortfolioCheck::meta(self)
    }
    fn new_acc(&self) -> AnyAcc {
        Box::new(T::Acc::default())
    }
    fn fold_any(&self, acc: &mut AnyAcc, project: &ProjectRecord, ctx: &CheckContext) {
        if let Some(a) = acc.downcast_mut::<T::Acc>() {
            self.fold(a, project, ctx);
        }
    }
    fn merge_any(&self, a: AnyAcc, b: AnyAcc) -> AnyAcc {
        match (a.downcast::<T::Acc>(), b.downcast::<T::Acc>()) {
            (Ok(a), Ok(b)) => Box::new(self.merge(*a, *b)),
            (Ok(a), Err(_)) => a,
            (Err(_), Ok(b)) => b,
            (Err(_), Err(_)) => self.new_acc(),
        }
    }
    fn finalize_any(&self, acc: AnyAcc, ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)> {
        match acc.downcast::<T::Acc>() {
            Ok(a) => self.finalize(*a, ctx),
            Err(_) => self.finalize(T::Acc::default(), ctx),
        }
    }
}

/// The placeholder of a portfolio check not written yet: one "not implemented" outcome for the
/// whole portfolio.
pub struct PortfolioStub {
    pub meta: &'static CheckMeta,
}

impl PortfolioCheck for PortfolioStub {
    type Acc = ();
    fn meta(&self) -> &'static CheckMeta {
        self.meta
    }
    fn fold(&self, _acc: &mut (), _project: &ProjectRecord, _ctx: &CheckContext) {}
    fn merge(&self, _a: (), _b: ()) {}
    fn finalize(&self, _acc: (), _ctx: &CheckContext) -> Vec<(SubjectRef, Outcome)> {
        vec![(
            SubjectRef::all(self.meta.subject),
            Outcome::not_implemented(),
        )]
    }
}

/// Method sets used in check metadata (B.4 of the catalogue).
pub mod methods {
    use crate::model::Method::{self, *};

    /// All eight methods (rules that do not depend on the method: budget, payment, debarment).
    pub const ALL: &[Method] = &Method::ALL;
    /// The six methods of the seed platform.
    pub const SIX: &[Method] = &Method::SIX;
    /// The six without single source (every competitive method).
    pub const COMPETITIVE: &[Method] = &[
        PublicTender,
        InvitedTender,
        CompetitiveNegotiation,
        CompetitiveConsultation,
        RequestForQuotation,
    ];
    /// The five methods other than open tender.
    pub const NOT_OPEN_TENDER: &[Method] = &[
        InvitedTender,
        CompetitiveNegotiation,
        CompetitiveConsultation,
        SingleSource,
        RequestForQuotation,
    ];
    /// 公开招标, 邀请招标.
    pub const TENDER: &[Method] = &[PublicTender, InvitedTender];
    /// Tenders and consultation (document-sale period, price weights).
    pub const TENDER_CONSULTATION: &[Method] =
        &[PublicTender, InvitedTender, CompetitiveConsultation];
    /// Tenders and RFQ (expert-draw timing, 198号 Art 14).
    pub const TENDER_RFQ: &[Method] = &[PublicTender, InvitedTender, RequestForQuotation];
    /// Negotiation, consultation, RFQ (final quotes, 74号令 / 214号).
    pub const NON_TENDER_COMPETITIVE: &[Method] = &[
        CompetitiveNegotiation,
        CompetitiveConsultation,
        RequestForQuotation,
    ];
    /// Negotiation and consultation (legal expert on complex projects).
    pub const NEGOTIATION_CONSULTATION: &[Method] =
        &[CompetitiveNegotiation, CompetitiveConsultation];
    /// Methods with invited suppliers (invitation tender, negotiation, consultation, RFQ).
    pub const INVITING: &[Method] = &[
        InvitedTender,
        CompetitiveNegotiation,
        CompetitiveConsultation,
        RequestForQuotation,
    ];
    /// 单一来源 only.
    pub const SINGLE_SOURCE: &[Method] = &[SingleSource];
}

#[cfg(test)]
mod serde_tests {
    use super::*;

    #[test]
    fn stage_and_severity_codes_are_the_json_names() {
        for s in Stage::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
            assert_eq!(Stage::from_code(s.code()), Some(s));
        }
        for s in Severity::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
            assert_eq!(Severity::from_code(s.code()), Some(s));
        }
        assert_eq!(Stage::from_code("later"), None);
        assert_eq!(Severity::from_code("Critical"), None);
    }

    #[test]
    fn every_outcome_serialises_to_json() {
        let ev = Evidence::new().days("period", 19).money("budget", Fen(100));
        for o in [
            Outcome::clear(ev.clone()),
            Outcome::missing(&["project.budget_amount"]),
            Outcome::Flagged(Finding {
                evidence: ev,
                message_zh: "x".into(),
                message_en: "x".into(),
            }),
        ] {
            let json = serde_json::to_value(&o).expect("serialises");
            assert!(json["outcome"].is_string(), "{json}");
        }
    }
}
