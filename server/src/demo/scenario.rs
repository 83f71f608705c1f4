//! The full demo's procurement scenario as a pure value: which unit files which plan on which
//! budget line, with which method and amount, how far each procurement goes, who bids what, who
//! wins, and when every step happens. No IO: [`scenario`] computes it from the seed, the tests
//! check its totals, and `super::full` plays it through the store's domain functions.
//!
//! Shape (the seed platform's figures): 1864 plans in all (with the 3 plans of the small demo),
//! 565 of them contracted, whose budgets sum to exactly 9,247,000,000.00 yuan and whose contract
//! amounts to exactly 8,014,000,000.00 yuan (savings rate 13.33 %). Open tender carries most of
//! the value; RFQ, negotiation and consultation most of the count; a few single-source and
//! invited tenders. Amounts are chosen by the generator, then the open tenders' budgets are
//! scaled to the budget total and the savings to the actual total; the last contracted project
//! takes the remaining fen (the scenario checks it stays legal: award ≤ ceiling ≤ budget).

use std::collections::BTreeMap;

use shared::calendar;
use shared::model::{Method, ObjectType};
use shared::region::REGIONS;
use shared::supplier::CATEGORIES;
use shared::time::{Date, Instant};

use super::{supplier_forms, Rng, DEMO_SEED, DEMO_SUPPLIERS};

/// Plans in the full demo (the small demo's 3 plans included).
pub const FULL_PLANS: usize = 1864;
/// Projects of the full demo that reach a signed contract.
pub const FULL_CONTRACTS: usize = 565;
/// Σ budget of the contracted projects, fen (92.47亿元).
pub const FULL_BUDGET_FEN: i64 = 924_700_000_000;
/// Σ contract amounts, fen (80.14亿元).
pub const FULL_ACTUAL_FEN: i64 = 801_400_000_000;
/// The small demo's plans (天宁区教育局), filed before the scenario's.
pub const BASE_PLANS: usize = 3;

/// Purchaser units the full scale adds in every jurisdiction (besides the small demo's four).
pub const EXTRA_UNITS: &[&str] = &[
    "公安局",
    "民政局",
    "交通运输局",
    "城市管理局",
    "文化广电和旅游局",
    "水利局",
];

/// The small demo's purchaser units, in the order of `super::organisations`.
pub const BASE_UNITS: &[&str] = &[
    "教育局",
    "卫生健康委员会",
    "住房和城乡建设局",
    "机关事务管理局",
];

/// How far a plan's procurement goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Filed (some with a method request pending or rejected).
    Filed,
    /// Released for execution, no project yet.
    Released,
    /// Project created, notice and documents published.
    Notice,
    /// Bids opened (and the panel drawn).
    Opened,
    /// Evaluation report delivered.
    Evaluated,
    /// Winner confirmed and result notice sent.
    Awarded,
    /// Contract signed.
    Contracted,
    /// Accepted.
    Accepted,
    /// Paid.
    Paid,
}

/// A request on a plan and its fate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSpec {
    /// `method_change` or `single_source`.
    pub kind: &'static str,
    pub ground: &'static str,
    pub reason: &'static str,
    /// Single source: the supplier (index into the demo suppliers).
    pub supplier: Option<usize>,
    pub at: i64,
    /// `Some((approve, at))`: decided; `None`: pending.
    pub decision: Option<(bool, i64)>,
}

/// One bid: supplier index and price (fen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BidSpec {
    pub supplier: usize,
    pub price: i64,
    pub at: i64,
}

/// A procurement project run from a released plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectSpec {
    /// `None`: self-procurement; `Some(0)`: the procurement center; `Some(i)`: the i-th
    /// private agency.
    pub agency: Option<usize>,
    pub created_at: i64,
    pub notice_at: i64,
    pub deadline: i64,
    pub max_price: i64,
    pub bid_security: Option<i64>,
    /// Comprehensive scoring: the price points (the rest on three criteria).
    pub price_points: Option<i64>,
    /// Invited suppliers (methods other than open tender and single source) and bidders.
    pub bids: Vec<BidSpec>,
    pub opened_at: i64,
    pub drawn_at: i64,
    pub draw_seed: u64,
    pub reported_at: i64,
    /// Index into `bids` of the first-ranked bid (lowest price, best scores).
    pub first: usize,
    /// Index into `bids` of the awarded bid (≠ `first` only with a reason, M23).
    pub awarded: usize,
    pub deviation_reason: Option<&'static str>,
    /// One expert scores one bid far off the median (A20).
    pub deviating_expert: bool,
    /// Single source: the supplier and the negotiated amount.
    pub single_source: Option<(usize, i64)>,
    pub confirmed_at: i64,
    pub result_at: i64,
    /// A losing bidder's challenge after the result notice: filed, answered.
    pub challenge: Option<(i64, i64)>,
    pub contract_at: i64,
    pub accepted_at: i64,
    /// Payments: (at, amount, final).
    pub payments: Vec<(i64, i64, bool)>,
    /// How far it goes (the plan's stage, or earlier when the later steps would lie after the
    /// demo's today).
    pub stage: Stage,
}

impl ProjectSpec {
    /// The contract amount: the awarded price.
    pub fn award_amount(&self) -> i64 {
        match self.single_source {
            Some((_, a)) => a,
            None => self.bids[self.awarded].price,
        }
    }
}

/// One plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSpec {
    pub unit: usize,
    pub line: usize,
    pub name: String,
    pub category: &'static str,
    pub object: ObjectType,
    pub method: Method,
    pub amount: i64,
    pub planned_date: Date,
    pub filed_at: i64,
    pub intention_at: Option<i64>,
    pub request: Option<RequestSpec>,
    pub released_at: Option<i64>,
    pub stage: Stage,
    pub project: Option<ProjectSpec>,
}

/// A budget line of a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSpec {
    pub unit: usize,
    pub code: String,
    pub name: String,
    pub year: i32,
    pub amount: i64,
    pub created_at: i64,
}

/// The whole scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// Purchaser units: (name, jurisdiction code).
    pub units: Vec<(String, &'static str)>,
    pub lines: Vec<LineSpec>,
    pub plans: Vec<PlanSpec>,
}

impl Scenario {
    pub fn contracted(&self) -> impl Iterator<Item = (&PlanSpec, &ProjectSpec)> {
        self.plans.iter().filter_map(|p| match &p.project {
            Some(pr) if p.stage >= Stage::Contracted => Some((p, pr)),
            _ => None,
        })
    }
    /// Σ budget and Σ contract amount of the contracted projects (fen).
    pub fn totals(&self) -> (i64, i64) {
        self.contracted().fold((0, 0), |(b, a), (p, pr)| {
            (b + p.amount, a + pr.award_amount())
        })
    }
    /// The suppliers that act on the platform (bid, or are single-source suppliers).
    pub fn active_suppliers(&self) -> Vec<usize> {
        let mut s: Vec<usize> = self
            .plans
            .iter()
            .filter_map(|p| p.project.as_ref())
            .flat_map(|pr| {
                pr.bids
                    .iter()
                    .map(|b| b.supplier)
                    .chain(pr.single_source.map(|s| s.0))
            })
            .collect();
        s.sort_unstable();
        s.dedup();
        s
    }
}

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;
/// Nothing happens after this day (the demo's "today": steps lie in the past).
const LAST_DAY: (i32, u8, u8) = (2026, 11, 20);

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::new(y, m, d).unwrap_or_else(|| unreachable!("a valid literal date"))
}

fn last_day() -> Date {
    date(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2)
}

/// The working day on or after `d` (the calendar covers 2007–2026; outside: `d` itself).
fn workday(d: Date) -> Date {
    calendar::china().workday_on_or_after(d).unwrap_or(d)
}

fn add_workdays(d: Date, n: i64) -> Date {
    calendar::china().add_workdays(d, n).unwrap_or(d)
}

/// `hour:minute` China time on the working day on or after `d`.
fn at(d: Date, hour: i64, minute: i64) -> i64 {
    workday(d).start_in_china().unix_seconds() + hour * HOUR + minute * 60
}

fn day_of(t: i64) -> Date {
    Instant::from_unix_seconds(t).china_date()
}

fn plus_days(t: i64, n: i64) -> Date {
    day_of(t).add_days(n).unwrap_or_else(|| day_of(t))
}

/// A number in `lo..=hi`.
fn between(rng: &mut Rng, lo: i64, hi: i64) -> i64 {
    lo + rng.below((hi - lo + 1).max(1) as usize) as i64
}

/// A roughly log-uniform amount in `lo..hi` (fen), rounded to `step` fen.
fn log_amount(rng: &mut Rng, lo: i64, hi: i64, step: i64) -> i64 {
    let u = rng.below(1_000_000) as f64 / 1_000_000.0;
    let v = (lo as f64) * ((hi as f64) / (lo as f64)).powf(u);
    ((v as i64) / step).max(1) * step
}

/// 万元 in fen.
const fn wan(n: i64) -> i64 {
    n * 1_000_000
}

const THRESHOLD: i64 = wan(400);
const LIMIT: i64 = wan(30);

fn categories(object: ObjectType) -> Vec<&'static str> {
    CATEGORIES
        .iter()
        .filter(|c| c.object_type == object)
        .map(|c| c.code)
        .collect()
}

fn object_prefix(object: ObjectType) -> &'static str {
    match object {
        ObjectType::Goods => "A",
        ObjectType::Works => "B",
        ObjectType::Services => "C",
    }
}

/// Plan names by category.
fn plan_name(rng: &mut Rng, unit: &str, category: &str) -> String {
    let what: &[&str] = match category {
        "A02010104" => &["服务器采购", "数据中心服务器扩容", "业务系统服务器更新"],
        "A02010105" => &["台式计算机采购", "办公电脑更新", "计算机教室设备采购"],
        "A02010108" => &["便携式计算机采购", "移动执法终端采购"],
        "A02021000" => &["打印机采购", "复印打印设备更新"],
        "A02061804" => &["空调机采购", "中央空调设备更新"],
        "B01000000" => &["业务用房建设工程", "综合楼新建工程", "附属用房施工"],
        "B07000000" => &["办公楼装修工程", "服务大厅改造装修", "楼层装饰工程"],
        "B08000000" => &["房屋修缮工程", "屋面防水修缮", "外立面维修工程"],
        "C16000000" => &["信息化运维服务", "网络安全服务", "数据治理服务"],
        "C16070000" => &["信息系统集成项目", "智慧平台建设", "业务系统升级集成"],
        _ => &["物业管理服务", "保洁及安保服务", "楼宇综合物业服务"],
    };
    let short = unit
        .trim_start_matches("常州市")
        .trim_start_matches("天宁区")
        .trim_start_matches("钟楼区")
        .trim_start_matches("新北区")
        .trim_start_matches("武进区")
        .trim_start_matches("金坛区")
        .trim_start_matches("溧阳市");
    format!("{short}{}", rng.pick(what))
}

/// The purchaser units of the full scale, in the loader's order: the small demo's units of
/// every jurisdiction, then the added ones.
pub fn units() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    for list in [BASE_UNITS, EXTRA_UNITS] {
        for r in REGIONS {
            let base = if r.code == REGIONS[0].code {
                "常州市".to_owned()
            } else {
                format!("常州市{}", r.name.zh)
            };
            for u in list {
                out.push((format!("{base}{u}"), r.code));
            }
        }
    }
    out
}

/// How many plans of each method and stage. Contracted by method (count): open tender,
/// consultation, RFQ, negotiation, single source, invited tender.
const CONTRACTED: [(Method, usize); 6] = [
    (Method::PublicTender, 170),
    (Method::CompetitiveConsultation, 150),
    (Method::RequestForQuotation, 90),
    (Method::CompetitiveNegotiation, 85),
    (Method::SingleSource, 38),
    (Method::InvitedTender, 32),
];

/// The other plans: (stage, count). Σ = 1864 − 3 − 565 = 1296.
const OTHERS: [(Stage, usize); 6] = [
    (Stage::Filed, 300),
    (Stage::Released, 330),
    (Stage::Notice, 230),
    (Stage::Opened, 150),
    (Stage::Evaluated, 136),
    (Stage::Awarded, 150),
];

/// Cases the generator deliberately plants (a realistic share of problems).
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    /// Reaches the open-tender threshold with another method, request pending or rejected (P04).
    p04: bool,
    /// Amount just under the threshold (P12 clusters).
    near_threshold: bool,
    /// Intention published less than 30 days before the activity (P13).
    late_intention: bool,
}

fn method_for_other(rng: &mut Rng) -> Method {
    match rng.below(100) {
        0..=27 => Method::PublicTender,
        28..=52 => Method::CompetitiveConsultation,
        53..=70 => Method::RequestForQuotation,
        71..=88 => Method::CompetitiveNegotiation,
        89..=94 => Method::SingleSource,
        _ => Method::InvitedTender,
    }
}

fn object_for(rng: &mut Rng, method: Method) -> ObjectType {
    match method {
        Method::RequestForQuotation => ObjectType::Goods,
        Method::PublicTender => match rng.below(10) {
            0..=3 => ObjectType::Goods,
            4..=6 => ObjectType::Services,
            _ => ObjectType::Works,
        },
        Method::InvitedTender => {
            if rng.below(2) == 0 {
                ObjectType::Goods
            } else {
                ObjectType::Services
            }
        }
        Method::CompetitiveConsultation => match rng.below(10) {
            0..=2 => ObjectType::Goods,
            3..=7 => ObjectType::Services,
            _ => ObjectType::Works,
        },
        _ => match rng.below(10) {
            0..=4 => ObjectType::Goods,
            5..=8 => ObjectType::Services,
            _ => ObjectType::Works,
        },
    }
}

/// A budget for a method (fen). Open tenders get a weight here and are scaled later.
fn amount_for(rng: &mut Rng, method: Method, object: ObjectType, flags: Flags) -> i64 {
    if flags.p04 {
        return log_amount(rng, wan(410), wan(900), wan(1));
    }
    if flags.near_threshold {
        return between(rng, 3_800, 3_990) * 100_000;
    }
    match method {
        Method::PublicTender => match object {
            ObjectType::Works => log_amount(rng, wan(600), wan(30_000), wan(1)),
            _ => log_amount(rng, wan(420), wan(6_000), wan(1)),
        },
        Method::InvitedTender => log_amount(rng, wan(420), wan(1_200), wan(1)),
        Method::SingleSource => log_amount(rng, wan(35), wan(600), 100_000),
        Method::RequestForQuotation => log_amount(rng, wan(32), wan(380), 100_000),
        _ => {
            // A few above the threshold with an approved method change.
            if rng.below(30) == 0 {
                log_amount(rng, wan(420), wan(1_500), wan(1))
            } else {
                log_amount(rng, wan(32), wan(390), 100_000)
            }
        }
    }
}

/// Savings of the award against the budget, per mille, by method.
fn savings_for(rng: &mut Rng, method: Method) -> i64 {
    match method {
        Method::PublicTender => between(rng, 70, 200),
        Method::InvitedTender => between(rng, 50, 150),
        Method::CompetitiveConsultation => between(rng, 60, 180),
        Method::CompetitiveNegotiation => between(rng, 50, 160),
        Method::RequestForQuotation => between(rng, 80, 230),
        _ => between(rng, 5, 45),
    }
}

fn ground_for(method: Method, object: ObjectType) -> (&'static str, &'static str) {
    match method {
        Method::InvitedTender => (
            "invited_few_suppliers",
            "该项目具有特殊性，只能从有限范围的供应商处采购",
        ),
        Method::CompetitiveNegotiation => (
            "negotiation_complex",
            "技术复杂、性质特殊，不能确定详细规格和具体要求",
        ),
        Method::RequestForQuotation => (
            "rfq_standard_goods",
            "采购的货物规格、标准统一，现货货源充足且价格变化幅度小",
        ),
        Method::CompetitiveConsultation if object == ObjectType::Services => (
            "consultation_purchased_service",
            "政府购买服务项目，需与供应商磋商确定服务方案",
        ),
        Method::CompetitiveConsultation => (
            "consultation_complex",
            "技术复杂、性质特殊，不能确定详细规格和具体要求",
        ),
        _ => (
            "single_only_supplier",
            "只能从唯一供应商处采购，与原有系统配套",
        ),
    }
}

/// A budget project of a unit: (unit, year, object prefix, number).
type LineKey = (usize, i32, &'static str, usize);

/// The working hours of a step: 09:00–16:59 with a minute.
fn office_at(d: Date, rng: &mut Rng) -> i64 {
    at(d, between(rng, 9, 16), between(rng, 0, 59))
}

/// Suppliers able to supply an object type (by their registered categories), by index.
fn suppliers_by_object() -> [Vec<usize>; 3] {
    let forms = supplier_forms(DEMO_SEED, DEMO_SUPPLIERS);
    let mut out = [Vec::new(), Vec::new(), Vec::new()];
    for (i, f) in forms.iter().enumerate() {
        for (k, p) in ["A", "B", "C"].iter().enumerate() {
            if f.categories.iter().any(|c| c.starts_with(p)) {
                out[k].push(i);
            }
        }
    }
    out
}

/// Whether a supplier is small or micro (A11 needs one).
fn small_or_micro() -> Vec<bool> {
    supplier_forms(DEMO_SEED, DEMO_SUPPLIERS)
        .iter()
        .map(|f| f.size == "small" || f.size == "micro")
        .collect()
}

/// The scenario for `seed` (the demo uses [`DEMO_SEED`]).
pub fn scenario(seed: u64) -> Scenario {
    let mut rng = Rng::new(seed ^ 0x00F0_11DE_3000);
    let units = units();
    let by_object = suppliers_by_object();
    let small = small_or_micro();
    let private_agencies = super::DEMO_PRIVATE_AGENCIES;

    // 1. Who files what: method, stage, flags, object, category, unit, year.
    struct Draft {
        method: Method,
        stage: Stage,
        flags: Flags,
        object: ObjectType,
        category: &'static str,
        unit: usize,
        amount: i64,
        saving_permille: i64,
        /// The day the plan is filed.
        filed: Date,
    }
    let mut drafts: Vec<Draft> = Vec::new();
    let mut kinds: Vec<(Method, Stage)> = Vec::new();
    for (m, n) in CONTRACTED {
        for i in 0..n {
            // Most contracted projects are paid; the latest are still being performed.
            let stage = match i % 20 {
                0 => Stage::Contracted,
                1 | 2 => Stage::Accepted,
                _ => Stage::Paid,
            };
            kinds.push((m, stage));
        }
    }
    for (stage, n) in OTHERS {
        for _ in 0..n {
            let m = method_for_other(&mut rng);
            kinds.push((m, stage));
        }
    }
    // Interleave deterministically.
    for i in (1..kinds.len()).rev() {
        let j = rng.below(i + 1);
        kinds.swap(i, j);
    }
    let (p04_total, mut p04_left) = (14, 14);
    let mut near_left = 40;
    let mut near_prev: Option<(usize, ObjectType, &'static str, Option<Date>, Stage)> = None;
    for (method, stage) in kinds {
        let mut flags = Flags::default();
        let mut method = method;
        if stage == Stage::Filed && p04_left > 0 && method != Method::PublicTender {
            flags.p04 = true;
            p04_left -= 1;
        }
        if !flags.p04
            && near_left > 0
            && matches!(
                method,
                Method::CompetitiveConsultation | Method::CompetitiveNegotiation
            )
            && rng.below(6) == 0
        {
            flags.near_threshold = true;
            near_left -= 1;
        }
        if method == Method::SingleSource && flags.p04 {
            method = Method::CompetitiveNegotiation;
        }
        flags.late_intention = rng.below(25) == 0;
        let mut object = object_for(&mut rng, method);
        let cats = categories(object);
        let mut category = *rng.pick(&cats);
        let mut unit = rng.below(units.len());
        // Near-threshold plans come in pairs: the same unit and 品目 within weeks (P12).
        let mut pair_filed = None;
        if flags.near_threshold {
            match near_prev.take() {
                Some((u, o, c, Some(f), st)) if st == stage => {
                    unit = u;
                    object = o;
                    category = c;
                    pair_filed = Some(f);
                }
                _ => near_prev = Some((unit, object, category, None, stage)),
            }
        }
        let amount = amount_for(&mut rng, method, object, flags).max(LIMIT + wan(2));
        let saving_permille = savings_for(&mut rng, method);
        // When: contracted projects are filed 2025-01 … 2026-06 (spread); the others later.
        let filed = match stage {
            Stage::Contracted | Stage::Accepted | Stage::Paid => {
                let span = date(2025, 1, 6).days_until(date(2026, 5, 31));
                let mut d = date(2025, 1, 6)
                    .add_days(between(&mut rng, 0, span))
                    .unwrap_or(date(2025, 1, 6));
                // The latest contracts are still being performed.
                if stage == Stage::Contracted {
                    d = d.max(date(2026, 3, 1));
                }
                d
            }
            Stage::Awarded | Stage::Evaluated => date(2026, 6, 1)
                .add_days(between(&mut rng, 0, 60))
                .unwrap_or(date(2026, 6, 1)),
            Stage::Opened | Stage::Notice => date(2026, 7, 1)
                .add_days(between(&mut rng, 0, 60))
                .unwrap_or(date(2026, 7, 1)),
            Stage::Released => date(2026, 8, 1)
                .add_days(between(&mut rng, 0, 60))
                .unwrap_or(date(2026, 8, 1)),
            Stage::Filed => {
                if flags.p04 || rng.below(3) == 0 {
                    // Filed and left: the older ones never went ahead.
                    date(2025, 3, 1)
                        .add_days(between(&mut rng, 0, 600))
                        .unwrap_or(date(2025, 3, 1))
                } else {
                    date(2026, 10, 1)
                        .add_days(between(&mut rng, 0, 45))
                        .unwrap_or(date(2026, 10, 1))
                }
            }
        };
        let filed = match pair_filed {
            Some(f) => f.add_days(between(&mut rng, 15, 45)).unwrap_or(f),
            None => filed,
        };
        let filed = workday(filed);
        if let Some(prev) = near_prev.as_mut() {
            if prev.3.is_none() {
                prev.3 = Some(filed);
            }
        }
        drafts.push(Draft {
            method,
            stage,
            flags,
            object,
            category,
            unit,
            amount,
            saving_permille,
            filed,
        });
    }
    let _ = p04_total;

    // 2. Exact totals: scale the contracted open tenders' budgets to the remaining budget.
    let contracted = |d: &Draft| d.stage >= Stage::Contracted;
    let fixed: i64 = drafts
        .iter()
        .filter(|d| contracted(d) && d.method != Method::PublicTender)
        .map(|d| d.amount)
        .sum();
    let weights: i64 = drafts
        .iter()
        .filter(|d| contracted(d) && d.method == Method::PublicTender)
        .map(|d| d.amount)
        .sum();
    let remaining = FULL_BUDGET_FEN - fixed;
    assert!(
        remaining > weights / 2,
        "the open tenders carry most of the value"
    );
    for d in drafts
        .iter_mut()
        .filter(|d| d.stage >= Stage::Contracted && d.method == Method::PublicTender)
    {
        let scaled = (i128::from(d.amount) * i128::from(remaining) / i128::from(weights)) as i64;
        d.amount = (scaled / wan(1)).max(420) * wan(1);
    }
    let last_pt = drafts
        .iter()
        .rposition(|d| contracted(d) && d.method == Method::PublicTender)
        .unwrap_or_else(|| unreachable!("there are contracted open tenders"));
    let sum: i64 = drafts
        .iter()
        .filter(|d| contracted(d))
        .map(|d| d.amount)
        .sum();
    drafts[last_pt].amount += FULL_BUDGET_FEN - sum;
    assert!(drafts[last_pt].amount > THRESHOLD);

    // Savings: scale every contracted project's saving so the awards sum to the actual total.
    let wanted_saving = FULL_BUDGET_FEN - FULL_ACTUAL_FEN;
    let raw: i64 = drafts
        .iter()
        .filter(|d| contracted(d))
        .map(|d| d.amount / 1000 * d.saving_permille)
        .sum();
    let mut awards: Vec<Option<i64>> = Vec::with_capacity(drafts.len());
    for d in &drafts {
        if contracted(d) {
            let s =
                (i128::from(d.amount) * i128::from(d.saving_permille) * i128::from(wanted_saving)
                    / (i128::from(raw) * 1000)) as i64;
            let s = s.clamp(d.amount / 200, d.amount * 3 / 10);
            // Awards in whole yuan.
            awards.push(Some((d.amount - s) / 100 * 100));
        } else {
            let s = d.amount / 1000 * d.saving_permille;
            awards.push(Some((d.amount - s) / 100 * 100));
        }
    }
    let actual: i64 = drafts
        .iter()
        .zip(&awards)
        .filter(|(d, _)| contracted(d))
        .map(|(_, a)| a.unwrap_or(0))
        .sum();
    if let Some(a) = awards[last_pt].as_mut() {
        *a += FULL_ACTUAL_FEN - actual;
        let d = &drafts[last_pt];
        assert!(
            *a > d.amount * 6 / 10 && *a < d.amount,
            "the last award stays a plausible saving: {a} of {}",
            d.amount
        );
    }

    // 3. Budget lines: per unit and year, lines by object; each line covers its plans with a
    // margin.
    let mut lines: Vec<LineSpec> = Vec::new();
    let mut line_of = BTreeMap::new();
    let mut plan_lines = Vec::with_capacity(drafts.len());
    // Running Σ of non-tender purchases per (line key, category), as P11 sums them.
    let mut summed: BTreeMap<(LineKey, &str), i64> = BTreeMap::new();
    let mut split_left = 20;
    for d in &drafts {
        let year = d.filed.year();
        let counts = d.method != Method::PublicTender
            && d.object != ObjectType::Works
            && !(d.amount >= THRESHOLD && d.method != Method::SingleSource);
        let mut bucket = 0;
        if counts {
            // A few purchasers keep buying one item on one budget project (P11).
            let split = split_left > 0 && rng.below(40) == 0;
            if split {
                split_left -= 1;
            } else {
                while summed
                    .get(&((d.unit, year, object_prefix(d.object), bucket), d.category))
                    .is_some_and(|s| s + d.amount > THRESHOLD)
                {
                    bucket += 1;
                }
            }
            *summed
                .entry(((d.unit, year, object_prefix(d.object), bucket), d.category))
                .or_insert(0) += d.amount;
        }
        let key = (d.unit, year, object_prefix(d.object), bucket);
        let idx = *line_of.entry(key).or_insert_with(|| {
            let n = lines
                .iter()
                .filter(|l| l.unit == d.unit && l.year == year)
                .count();
            let name = match d.object {
                ObjectType::Goods => "设备购置",
                ObjectType::Works => "维修改造及基本建设",
                ObjectType::Services => "购买服务",
            };
            lines.push(LineSpec {
                unit: d.unit,
                code: format!("{year}-YS-{:03}-{:02}", d.unit, n + 1),
                name: format!("{year}年度{name}"),
                year,
                amount: 0,
                created_at: at(date(year - 1, 12, 20), 10, (d.unit % 50) as i64),
            });
            lines.len() - 1
        });
        lines[idx].amount += d.amount;
        plan_lines.push(idx);
    }
    for l in &mut lines {
        // 5–25 % headroom, rounded up to 万元.
        let margin = l.amount / 100 * (5 + (l.code.len() as i64 * 7 + l.amount / wan(1)) % 21);
        l.amount = (l.amount + margin) / wan(1) * wan(1) + wan(1);
    }

    // 4. Plans and their projects, step by step in time.
    let mut plans = Vec::with_capacity(drafts.len());
    let mut deviations_left = 12;
    let mut a20_left = 30;
    let mut late_pay_left = 22;
    let mut challenges_left = 16;
    for (i, d) in drafts.iter().enumerate() {
        let unit_name = &units[d.unit].0;
        let name = plan_name(&mut rng, unit_name, d.category);
        let filed_at = office_at(d.filed, &mut rng);
        let intention_at = filed_at + HOUR;
        let method = d.method;
        let needs_change = method != Method::PublicTender
            && method != Method::SingleSource
            && d.amount >= THRESHOLD;
        let request = if method == Method::SingleSource {
            let supplier = *rng.pick(&by_object[object_index(d.object)]);
            let at_req = office_at(add_workdays(d.filed, 2), &mut rng);
            let (ground, reason) = ground_for(method, d.object);
            // The notice runs 5 working days; decided after it.
            let decided = if d.stage == Stage::Filed {
                None
            } else {
                Some((true, office_at(add_workdays(day_of(at_req), 9), &mut rng)))
            };
            Some(RequestSpec {
                kind: "single_source",
                ground,
                reason,
                supplier: Some(supplier),
                at: at_req,
                decision: decided,
            })
        } else if needs_change {
            let at_req = office_at(add_workdays(d.filed, 1), &mut rng);
            let (ground, reason) = ground_for(method, d.object);
            let decision = if d.flags.p04 {
                // Pending, or rejected (stays filed).
                if rng.below(3) == 0 {
                    Some((false, office_at(add_workdays(day_of(at_req), 4), &mut rng)))
                } else {
                    None
                }
            } else {
                Some((true, office_at(add_workdays(day_of(at_req), 3), &mut rng)))
            };
            Some(RequestSpec {
                kind: "method_change",
                ground,
                reason,
                supplier: None,
                at: at_req,
                decision,
            })
        } else {
            None
        };
        let ready = request
            .as_ref()
            .and_then(|r| r.decision.map(|x| x.1))
            .unwrap_or(intention_at);
        let released_at = (d.stage >= Stage::Released).then(|| {
            let wait = if d.flags.late_intention {
                between(&mut rng, 12, 25)
            } else {
                between(&mut rng, 31, 40)
            };
            let r = office_at(plus_days(intention_at, wait), &mut rng);
            r.max(ready + DAY)
        });
        let planned = day_of(released_at.unwrap_or(filed_at + 35 * DAY) + 2 * DAY);
        let deviation = d.stage >= Stage::Awarded
            && deviations_left > 0
            && method != Method::SingleSource
            && rng.below(25) == 0;
        if deviation {
            deviations_left -= 1;
        }
        let a20 = a20_left > 0 && rng.below(8) == 0;
        if a20 {
            a20_left -= 1;
        }
        let challenge = d.stage >= Stage::Contracted
            && challenges_left > 0
            && method != Method::SingleSource
            && rng.below(30) == 0;
        if challenge {
            challenges_left -= 1;
        }
        let project = match released_at {
            Some(rel) if d.stage >= Stage::Notice => Some(project(
                &mut rng,
                ProjectInput {
                    method,
                    object: d.object,
                    budget: d.amount,
                    award: awards[i].unwrap_or(d.amount),
                    released_at: rel,
                    stage: d.stage,
                    bidders: &by_object[object_index(d.object)],
                    small: &small,
                    single_source: request.as_ref().and_then(|r| r.supplier),
                    private_agencies,
                    deviation,
                    a20,
                    late_pay: &mut late_pay_left,
                    challenge,
                },
            )),
            _ => None,
        };
        let stage = project.as_ref().map(|pr| pr.stage).unwrap_or(d.stage);
        plans.push(PlanSpec {
            unit: d.unit,
            line: plan_lines[i],
            name,
            category: d.category,
            object: d.object,
            method,
            amount: d.amount,
            planned_date: planned,
            filed_at,
            intention_at: Some(intention_at),
            request,
            released_at,
            stage,
            project,
        });
    }
    Scenario {
        units,
        lines,
        plans,
    }
}

fn object_index(o: ObjectType) -> usize {
    match o {
        ObjectType::Goods => 0,
        ObjectType::Works => 1,
        ObjectType::Services => 2,
    }
}

struct ProjectInput<'a> {
    method: Method,
    object: ObjectType,
    budget: i64,
    award: i64,
    released_at: i64,
    stage: Stage,
    bidders: &'a [usize],
    small: &'a [bool],
    single_source: Option<usize>,
    private_agencies: usize,
    deviation: bool,
    a20: bool,
    late_pay: &'a mut usize,
    challenge: bool,
}

/// The deviation reason recorded when the first-ranked is not awarded (M23).
pub const DEVIATION_REASON: &str = "排名第一的中标候选人放弃中标，依法确定排名第二的中标候选人";

fn project(rng: &mut Rng, p: ProjectInput<'_>) -> ProjectSpec {
    let method = p.method;
    let agency = match rng.below(100) {
        0..=14 => Some(0),
        15..=94 => Some(1 + rng.below(p.private_agencies)),
        _ => None,
    };
    let created_at = office_at(plus_days(p.released_at, between(rng, 1, 6)), rng);
    let notice_at = office_at(plus_days(created_at, between(rng, 1, 4)), rng);
    // Bid / response periods: 20 days for tenders, 10 for consultation, 3 working days for
    // negotiation and RFQ (given generously), the single-source notice 5 working days.
    let period = match method {
        Method::PublicTender | Method::InvitedTender => between(rng, 21, 26),
        Method::CompetitiveConsultation => between(rng, 11, 15),
        Method::CompetitiveNegotiation | Method::RequestForQuotation => between(rng, 8, 12),
        _ => 9,
    };
    let deadline = match method {
        // Working days: holidays may not eat the 3 working days.
        Method::CompetitiveNegotiation | Method::RequestForQuotation => {
            at(add_workdays(day_of(notice_at), between(rng, 4, 7)), 9, 30)
        }
        _ => at(plus_days(notice_at, period), 9, 30),
    };
    let max_price = if method == Method::SingleSource || rng.below(3) == 0 {
        p.budget
    } else {
        // A ceiling a little under the budget, never under the award.
        (p.budget - p.budget / 100 * between(rng, 0, 3)).max(p.award + p.award / 50) / 100 * 100
    }
    .min(p.budget);
    let bid_security = (matches!(method, Method::PublicTender | Method::InvitedTender)
        && rng.below(3) == 0)
        .then(|| (max_price / 100).max(100_000) / 100_000 * 100_000);
    let scored = match method {
        Method::CompetitiveConsultation => true,
        Method::PublicTender | Method::InvitedTender => rng.below(10) < 7,
        _ => false,
    };
    let price_points = scored.then_some(match p.object {
        ObjectType::Goods => 40,
        ObjectType::Works => 30,
        ObjectType::Services => 20,
    });
    // Bidders: 3–6 distinct suppliers of the object type.
    let mut bids: Vec<BidSpec> = Vec::new();
    let mut first = 0;
    let mut awarded = 0;
    let mut single_source = None;
    if method == Method::SingleSource {
        single_source = Some((p.single_source.unwrap_or(p.bidders[0]), p.award));
    } else {
        let n = match method {
            Method::PublicTender => between(rng, 3, 7),
            _ => between(rng, 3, 5),
        } as usize;
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < n {
            let s = *rng.pick(p.bidders);
            if !chosen.contains(&s) {
                chosen.push(s);
            }
        }
        // The award is the lowest price (or the second with a deviation, the first a little
        // lower); the others spread up to the ceiling.
        let mut prices = vec![p.award];
        if p.deviation {
            prices.push((p.award - p.award / 100 * between(rng, 1, 3)) / 100 * 100);
        }
        while prices.len() < n {
            let room = (max_price - p.award).max(200);
            let x = p.award + 100 + (room - 100) / 1000 * between(rng, 60, 1000);
            let x = (x / 100 * 100).min(max_price);
            if !prices.contains(&x) {
                prices.push(x);
            } else {
                prices.push((x - 100 * prices.len() as i64).max(p.award + 100));
            }
        }
        prices.sort_unstable();
        prices.dedup();
        while prices.len() < n {
            let x = prices[prices.len() - 1] - 100;
            prices.push(x);
            prices.sort_unstable();
            prices.dedup();
        }
        let span = (deadline - notice_at - DAY).max(HOUR);
        for (k, s) in chosen.iter().enumerate() {
            bids.push(BidSpec {
                supplier: *s,
                price: prices[k],
                at: notice_at + DAY + (span / 1000) * between(rng, 0, 990),
            });
        }
        bids.sort_by_key(|b| b.at);
        first = bids
            .iter()
            .enumerate()
            .min_by_key(|(_, b)| b.price)
            .map(|(i, _)| i)
            .unwrap_or(0);
        awarded = bids
            .iter()
            .position(|b| b.price == p.award)
            .unwrap_or(first);
    }
    let opened_at = deadline;
    let drawn_at = deadline + 15 * 60;
    let reported_at = deadline + 4 * HOUR;
    let confirmed_at = office_at(add_workdays(day_of(reported_at), between(rng, 1, 3)), rng);
    let confirmed_at = if method == Method::SingleSource {
        office_at(add_workdays(day_of(deadline), 1), rng)
    } else {
        confirmed_at
    };
    let result_at = office_at(add_workdays(day_of(confirmed_at), between(rng, 0, 1)), rng)
        .max(confirmed_at + HOUR);
    let challenge = p.challenge.then(|| {
        let filed = office_at(add_workdays(day_of(result_at), between(rng, 1, 4)), rng);
        // Mostly answered in time (7 working days), sometimes late (M25).
        let days = if rng.below(4) == 0 {
            between(rng, 9, 14)
        } else {
            between(rng, 2, 6)
        };
        (
            filed,
            office_at(add_workdays(day_of(filed), days), rng).max(filed + HOUR),
        )
    });
    let after_result = challenge.map(|c| c.1).unwrap_or(result_at);
    let contract_at =
        office_at(plus_days(after_result, between(rng, 3, 18)), rng).max(after_result + HOUR);
    let perform = match p.object {
        ObjectType::Goods => between(rng, 20, 60),
        ObjectType::Services => between(rng, 60, 200),
        ObjectType::Works => between(rng, 90, 240),
    };
    let last = at(last_day(), 17, 0);
    let accepted_at = office_at(plus_days(contract_at, perform), rng);
    let mut stage = p.stage;
    if stage >= Stage::Accepted && accepted_at > last {
        // Not yet due: still being performed.
        stage = Stage::Contracted;
    }
    let winner = single_source
        .map(|s| s.0)
        .unwrap_or_else(|| bids.get(awarded).map(|b| b.supplier).unwrap_or(0));
    let amount = single_source.map(|s| s.1).unwrap_or(p.award);
    let mut payments = Vec::new();
    if stage >= Stage::Paid {
        let late =
            p.small.get(winner).copied().unwrap_or(false) && *p.late_pay > 0 && rng.below(6) == 0;
        let days = if late {
            *p.late_pay -= 1;
            between(rng, 45, 90)
        } else {
            between(rng, 5, 25)
        };
        let paid = office_at(plus_days(accepted_at, days), rng);
        if paid <= last {
            payments.push((paid, amount, true));
        } else {
            stage = Stage::Accepted;
        }
    }
    ProjectSpec {
        agency,
        created_at,
        notice_at,
        deadline,
        max_price,
        bid_security,
        price_points,
        bids,
        opened_at,
        drawn_at,
        draw_seed: rng.next_u64() >> 12,
        reported_at,
        first,
        awarded,
        deviation_reason: p.deviation.then_some(DEVIATION_REASON),
        deviating_expert: p.a20 && scored,
        single_source,
        confirmed_at,
        result_at,
        challenge,
        contract_at,
        accepted_at,
        payments,
        stage,
    }
}

/// A sample of `sc` for the tests that walk the pages (`DemoScale::Sample`): for every method,
/// stage and runner (self-procured, the procurement center, a private agency), the first plan of
/// a unit with a demo account (天宁区教育局, 武进区教育局), every unit and budget line kept. Small enough to load in seconds, every stage of every method there.
pub fn sample(sc: &Scenario) -> Scenario {
    let with_account = |unit: usize| {
        sc.units.get(unit).is_some_and(|(name, _)| {
            name.ends_with("天宁区教育局") || name.ends_with("武进区教育局")
        })
    };
    let mut seen: Vec<(Method, Stage, u8)> = Vec::new();
    let plans = sc
        .plans
        .iter()
        .filter(|p| {
            let runner = match p.project.as_ref().map(|pr| pr.agency) {
                Some(None) => 0,
                Some(Some(0)) => 1,
                _ => 2,
            };
            let key = (p.method, p.stage, runner);
            if !with_account(p.unit) || seen.contains(&key) {
                return false;
            }
            seen.push(key);
            true
        })
        .cloned()
        .collect();
    Scenario {
        units: sc.units.clone(),
        lines: sc.lines.clone(),
        plans,
    }
}
