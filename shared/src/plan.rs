//! Budget lines and procurement plans (预算指标 → 采购计划), the front of the chain: the forms as
//! typed, their parsing, the pre-event checks of a plan (事前预警), and which steps the law
//! forbids while a check flags. The browser runs [`plan_checks`] on every keystroke of the plan
//! form; the server runs the same function when the plan is filed and again when it is released
//! for execution, stores the flags, and refuses what [`refusals`] names. See `plan.md`.

use serde::{Deserialize, Serialize};

use crate::checks::framework::{
    CheckContext, CheckMeta, DynPortfolioCheck, Outcome, ProjectCheck, Severity, Stage,
};
use crate::checks::{p01, p02, p03, p04, p05, p06, p08, p09, p10, p11, p12, p13};
use crate::field::{FieldError, FieldErrors};
use crate::i18n::Text;
use crate::model::{
    Approval, ApprovalKind, BudgetLine, GovLevel, Intention, Method, MethodGround, Notice,
    NoticeKind, ObjectType, Plan, Project, ProjectRecord,
};
use crate::money::{Fen, MoneyError};
use crate::supplier::{category, Category};
use crate::time::{Date, Instant};
use crate::workflow::Node;

/// Longest name of a budget line or plan, in characters.
pub const NAME_MAX: usize = 100;
/// Longest budget-line code, in characters.
pub const CODE_MAX: usize = 40;
/// Fiscal years a form accepts.
pub const YEARS: std::ops::RangeInclusive<i32> = 2015..=2035;

/// The label of a form field in both languages.
pub fn field_label(field: &str) -> Text {
    match field {
        "code" => Text::new("指标编码", "Line code"),
        "name" => Text::new("名称", "Name"),
        "fiscal_year" => Text::new("预算年度", "Fiscal year"),
        "approved_amount" => Text::new("批复金额（元）", "Approved amount (yuan)"),
        "budget_line_id" => Text::new("预算指标", "Budget line"),
        "object_type" => Text::new("采购对象", "Object type"),
        "category_code" => Text::new("采购品目", "Category"),
        "amount" => Text::new("计划金额（元）", "Planned amount (yuan)"),
        "method" => Text::new("拟采用采购方式", "Intended method"),
        "imports_wanted" => Text::new("拟采购进口产品", "Imported products wanted"),
        "planned_date" => Text::new("拟开始采购日期", "Intended start date"),
        "published_on" => Text::new("公开日期", "Published on"),
        "media" => Text::new("公开媒体", "Published in"),
        "content" => Text::new("意向内容", "Content"),
        _ => Text::new("该项", "This field"),
    }
}

fn required(field: &str) -> FieldError {
    FieldError::new(
        field,
        "required",
        Text::new("此项必填", "This field is required"),
    )
}

fn text_field(field: &str, value: &str, max: usize) -> Result<String, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(required(field));
    }
    if v.chars().count() > max {
        return Err(FieldError::with_message(
            field,
            "too_long",
            format!("不能超过{max}个字"),
            format!("At most {max} characters"),
        ));
    }
    if v.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            "control_chars",
            Text::new("含有不可见的控制字符", "Contains control characters"),
        ));
    }
    Ok(v.to_owned())
}

/// A positive amount in yuan as typed (`1,234.56`).
pub fn parse_amount(field: &str, value: &str) -> Result<Fen, FieldError> {
    match Fen::parse_yuan(value) {
        Ok(f) if f > Fen::ZERO => Ok(f),
        Ok(_) => Err(FieldError::new(
            field,
            "not_positive",
            Text::new("金额必须大于0", "The amount must be above zero"),
        )),
        Err(MoneyError::Empty) => Err(required(field)),
        Err(MoneyError::NotANumber) => Err(FieldError::new(
            field,
            "not_a_number",
            Text::new(
                "请输入金额（元），如 1,234.56",
                "Enter an amount in yuan, e.g. 1,234.56",
            ),
        )),
        Err(MoneyError::TooManyDecimals) => Err(FieldError::new(
            field,
            "decimals",
            Text::new("金额最多两位小数（分）", "At most two decimals (fen)"),
        )),
        Err(MoneyError::TooLarge) => Err(FieldError::new(
            field,
            "too_large",
            Text::new("金额过大", "The amount is too large"),
        )),
    }
}

fn parse_year(value: &str) -> Result<i32, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(required("fiscal_year"));
    }
    match v.parse::<i32>() {
        Ok(y) if YEARS.contains(&y) => Ok(y),
        _ => Err(FieldError::with_message(
            "fiscal_year",
            "out_of_range",
            format!("预算年度应在{}–{}之间", YEARS.start(), YEARS.end()),
            format!(
                "The fiscal year must lie in {}–{}",
                YEARS.start(),
                YEARS.end()
            ),
        )),
    }
}

/// The budget-line form, exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BudgetLineForm {
    pub code: String,
    pub name: String,
    pub fiscal_year: String,
    pub approved_amount: String,
}

/// A valid new budget line. Only [`BudgetLineForm::parse`] (and deserialisation) creates one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "BudgetLineForm", into = "BudgetLineForm")]
pub struct NewBudgetLine {
    code: String,
    name: String,
    fiscal_year: i32,
    approved_amount: Fen,
}

impl NewBudgetLine {
    pub fn code(&self) -> &str {
        &self.code
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn fiscal_year(&self) -> i32 {
        self.fiscal_year
    }
    pub fn approved_amount(&self) -> Fen {
        self.approved_amount
    }
}

impl BudgetLineForm {
    /// Every field's error at once, in form order.
    pub fn parse(&self) -> Result<NewBudgetLine, FieldErrors> {
        let mut e = FieldErrors::new();
        let code = e.take(text_field("code", &self.code, CODE_MAX).and_then(|c| {
            if c.chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '.')
            {
                Ok(c)
            } else {
                Err(FieldError::new(
                    "code",
                    "charset",
                    Text::new(
                        "编码只能包含字母、数字、“-”和“.”",
                        "Use letters, digits, '-' and '.' only",
                    ),
                ))
            }
        }));
        let name = e.take(text_field("name", &self.name, NAME_MAX));
        let fiscal_year = e.take(parse_year(&self.fiscal_year));
        let approved_amount = e.take(parse_amount("approved_amount", &self.approved_amount));
        match (code, name, fiscal_year, approved_amount) {
            (Some(code), Some(name), Some(fiscal_year), Some(approved_amount)) if e.is_empty() => {
                Ok(NewBudgetLine {
                    code,
                    name,
                    fiscal_year,
                    approved_amount,
                })
            }
            _ => Err(e),
        }
    }
}

impl TryFrom<BudgetLineForm> for NewBudgetLine {
    type Error = FieldErrors;
    fn try_from(f: BudgetLineForm) -> Result<NewBudgetLine, FieldErrors> {
        f.parse()
    }
}

impl From<NewBudgetLine> for BudgetLineForm {
    fn from(l: NewBudgetLine) -> BudgetLineForm {
        BudgetLineForm {
            code: l.code,
            name: l.name,
            fiscal_year: l.fiscal_year.to_string(),
            approved_amount: l.approved_amount.to_string(),
        }
    }
}

/// The plan form, exactly as typed. `imports_wanted` is a checkbox (`"on"`/`"true"` = yes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanForm {
    pub budget_line_id: String,
    pub name: String,
    pub object_type: String,
    pub category_code: String,
    pub amount: String,
    pub method: String,
    pub imports_wanted: String,
    pub planned_date: String,
}

/// The form's fields in form order.
pub const PLAN_FIELDS: &[&str] = &[
    "budget_line_id",
    "name",
    "object_type",
    "category_code",
    "amount",
    "method",
    "imports_wanted",
    "planned_date",
];

/// A valid new plan. Only [`PlanForm::parse`] (and deserialisation) creates one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PlanForm", into = "PlanForm")]
pub struct NewPlan {
    budget_line_id: i64,
    name: String,
    object_type: ObjectType,
    category: &'static Category,
    amount: Fen,
    method: Method,
    imports_wanted: bool,
    planned_date: Date,
}

impl NewPlan {
    pub fn budget_line_id(&self) -> i64 {
        self.budget_line_id
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn object_type(&self) -> ObjectType {
        self.object_type
    }
    pub fn category(&self) -> &'static Category {
        self.category
    }
    pub fn amount(&self) -> Fen {
        self.amount
    }
    pub fn method(&self) -> Method {
        self.method
    }
    pub fn imports_wanted(&self) -> bool {
        self.imports_wanted
    }
    pub fn planned_date(&self) -> Date {
        self.planned_date
    }
}

fn checkbox(v: &str) -> bool {
    matches!(v.trim(), "on" | "true" | "1" | "yes")
}

impl PlanForm {
    /// Every field's error at once, in [`PLAN_FIELDS`] order.
    pub fn parse(&self) -> Result<NewPlan, FieldErrors> {
        let mut e = FieldErrors::new();
        let line = e.take(match self.budget_line_id.trim() {
            "" => Err(FieldError::new(
                "budget_line_id",
                "required",
                Text::new(
                    "请选择预算指标：无预算不得采购",
                    "Choose a budget line: no procurement without a budget",
                ),
            )),
            v => v.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
                FieldError::new(
                    "budget_line_id",
                    "unknown",
                    Text::new("没有这个预算指标", "No such budget line"),
                )
            }),
        });
        let name = e.take(text_field("name", &self.name, NAME_MAX));
        let object =
            e.take(ObjectType::from_code(&self.object_type).ok_or_else(|| required("object_type")));
        let cat = e.take(match self.category_code.trim() {
            "" => Err(required("category_code")),
            code => category(code).ok_or_else(|| {
                FieldError::new(
                    "category_code",
                    "unknown",
                    Text::new("品目不在采购目录中", "Not a category of the catalogue"),
                )
            }),
        });
        if let (Some(o), Some(c)) = (object, cat) {
            if c.object_type != o {
                e.push(FieldError::with_message(
                    "category_code",
                    "object_mismatch",
                    format!(
                        "品目{}属于{}，与采购对象不符",
                        c.code,
                        c.object_type.name().zh
                    ),
                    format!(
                        "Category {} is {}, not the object type chosen",
                        c.code,
                        c.object_type.name().en.to_lowercase()
                    ),
                ));
            }
        }
        let amount = e.take(parse_amount("amount", &self.amount));
        let method = e.take(match self.method.trim() {
            "" => Err(required("method")),
            code => Method::from_code(code)
                .filter(|m| Method::SIX.contains(m))
                .ok_or_else(|| {
                    FieldError::new(
                        "method",
                        "unknown",
                        Text::new("请选择法定采购方式", "Choose one of the legal methods"),
                    )
                }),
        });
        let planned_date = e.take(match self.planned_date.trim() {
            "" => Err(required("planned_date")),
            v => Date::parse(v).map_err(|_| {
                FieldError::new(
                    "planned_date",
                    "format",
                    Text::new("日期格式为 YYYY-MM-DD", "Use the format YYYY-MM-DD"),
                )
            }),
        });
        match (line, name, object, cat, amount, method, planned_date) {
            (
                Some(budget_line_id),
                Some(name),
                Some(object_type),
                Some(category),
                Some(amount),
                Some(method),
                Some(planned_date),
            ) if e.is_empty() => Ok(NewPlan {
                budget_line_id,
                name,
                object_type,
                category,
                amount,
                method,
                imports_wanted: checkbox(&self.imports_wanted),
                planned_date,
            }),
            _ => Err(e),
        }
    }
}

impl TryFrom<PlanForm> for NewPlan {
    type Error = FieldErrors;
    fn try_from(f: PlanForm) -> Result<NewPlan, FieldErrors> {
        f.parse()
    }
}

impl From<NewPlan> for PlanForm {
    fn from(p: NewPlan) -> PlanForm {
        PlanForm {
            budget_line_id: p.budget_line_id.to_string(),
            name: p.name,
            object_type: p.object_type.code().to_owned(),
            category_code: p.category.code.to_owned(),
            amount: p.amount.to_string(),
            method: p.method.code().to_owned(),
            imports_wanted: if p.imports_wanted { "on" } else { "" }.to_owned(),
            planned_date: p.planned_date.to_string(),
        }
    }
}

/// The procurement-intention form (采购意向公开), exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IntentionForm {
    /// The day it was published, `YYYY-MM-DD` (China date).
    pub published_on: String,
    /// Where: 中国政府采购网, 江苏政府采购网 …
    pub media: String,
    /// What was published: the need, the budget, the expected time.
    pub content: String,
}

/// Longest intention text, in characters.
pub const INTENTION_MAX: usize = 2000;

/// A valid published intention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewIntention {
    published_on: Date,
    media: String,
    content: String,
}

impl NewIntention {
    pub fn published_on(&self) -> Date {
        self.published_on
    }
    /// The publication instant the checks use: the start of that day in China.
    pub fn published_at(&self) -> Instant {
        self.published_on.start_in_china()
    }
    pub fn media(&self) -> &str {
        &self.media
    }
    pub fn content(&self) -> &str {
        &self.content
    }
}

impl IntentionForm {
    /// Every field's error at once. `today` (China date): a publication cannot lie ahead.
    pub fn parse(&self, today: Date) -> Result<NewIntention, FieldErrors> {
        let mut e = FieldErrors::new();
        let published_on = e.take(match self.published_on.trim() {
            "" => Err(required("published_on")),
            v => match Date::parse(v) {
                Ok(d) if d > today => Err(FieldError::new(
                    "published_on",
                    "future",
                    Text::new(
                        "公开日期不能晚于今天",
                        "The publication date cannot be in the future",
                    ),
                )),
                Ok(d) => Ok(d),
                Err(_) => Err(FieldError::new(
                    "published_on",
                    "format",
                    Text::new("日期格式为 YYYY-MM-DD", "Use the format YYYY-MM-DD"),
                )),
            },
        });
        let media = e.take(text_field("media", &self.media, NAME_MAX));
        let content = e.take(text_field("content", &self.content, INTENTION_MAX));
        match (published_on, media, content) {
            (Some(published_on), Some(media), Some(content)) if e.is_empty() => Ok(NewIntention {
                published_on,
                media,
                content,
            }),
            _ => Err(e),
        }
    }
}

/// A budget line as the checks see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineFacts {
    pub id: i64,
    pub fiscal_year: i32,
    pub approved: Fen,
    pub adjusted: Option<Fen>,
    /// Σ amounts of the other plans charged to the line (this plan excluded).
    pub committed_elsewhere: Fen,
}

/// Another plan of the same unit and fiscal year (for the splitting checks P11, P12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherPlan {
    pub id: i64,
    pub budget_line_id: i64,
    /// The line was adjusted (条例 Art 28 exception).
    pub line_adjusted: bool,
    pub object_type: ObjectType,
    pub category_code: String,
    pub amount: Fen,
    pub method: Method,
    pub planned_date: Date,
    /// A method change away from open tender was approved for it.
    pub method_change_approved: bool,
}

/// A request to the finance department about a plan, as the checks see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestFacts {
    pub kind: ApprovalKind,
    pub to_method: Option<Method>,
    pub ground: Option<MethodGround>,
    pub submitted_at: Instant,
    pub decided_at: Option<Instant>,
    pub approved: Option<bool>,
}

/// Everything the plan checks need besides the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFacts {
    /// The plan's id once stored (`None` for a draft).
    pub plan_id: Option<i64>,
    pub unit_id: i64,
    /// The unit's name (the checks name it in their messages).
    #[serde(default)]
    pub unit_name: String,
    pub gov_level: GovLevel,
    pub jurisdiction_code: String,
    pub line: LineFacts,
    pub others: Vec<OtherPlan>,
    pub requests: Vec<RequestFacts>,
    /// When the procurement intention was published, if it was.
    pub intention_published_at: Option<Instant>,
    /// When the plan was (or is being) filed.
    pub filed_at: Instant,
    /// When the procurement activity starts: set for the release step (下达执行), which opens
    /// the activity; the checks then judge as of that first notice (a method change or import
    /// approval still undecided at that moment is a flag, not missing data).
    #[serde(default)]
    pub activity_starts_at: Option<Instant>,
}

/// The notice that opens the activity of a method (its "first notice").
pub fn activity_notice_kind(method: Method) -> NoticeKind {
    match method {
        Method::PublicTender => NoticeKind::Tender,
        Method::CompetitiveNegotiation => NoticeKind::Negotiation,
        Method::CompetitiveConsultation => NoticeKind::Consultation,
        Method::RequestForQuotation => NoticeKind::RequestForQuotation,
        Method::SingleSource => NoticeKind::SingleSourcePublic,
        Method::InvitedTender | Method::FrameworkAgreement | Method::InnovationPartnership => {
            NoticeKind::Invitation
        }
    }
}

/// One flag of a plan check, ready to show and store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanFinding {
    pub check_id: String,
    pub title_zh: String,
    pub title_en: String,
    pub stage: Stage,
    pub severity: Severity,
    pub message_zh: String,
    pub message_en: String,
    pub evidence: serde_json::Value,
}

impl PlanFinding {
    /// The finding of a flagged outcome; `None` for any other outcome.
    pub fn new(meta: &CheckMeta, outcome: &Outcome) -> Option<PlanFinding> {
        let Outcome::Flagged(f) = outcome else {
            return None;
        };
        Some(PlanFinding {
            check_id: meta.id.to_owned(),
            title_zh: meta.title.zh.to_owned(),
            title_en: meta.title.en.to_owned(),
            stage: meta.stage,
            severity: meta.severity,
            message_zh: f.message_zh.clone(),
            message_en: f.message_en.clone(),
            evidence: serde_json::to_value(&f.evidence).unwrap_or(serde_json::Value::Null),
        })
    }

    pub fn message(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Zh => &self.message_zh,
            crate::i18n::Lang::En => &self.message_en,
        }
    }

    pub fn title(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Zh => &self.title_zh,
            crate::i18n::Lang::En => &self.title_en,
        }
    }
}

/// The nodes of a plan: its checks are those of these nodes (B.4 of the catalogue).
pub const PLAN_NODES: [Node; 3] = [Node::BudgetPlan, Node::MethodApproval, Node::ImportApproval];

/// The per-project checks of the plan nodes, listed by name so the browser bundle holds only
/// these (a test asserts this is exactly the catalogue's set).
pub static PLAN_PROJECT_CHECKS: [&dyn ProjectCheck; 10] = [
    &p01::P01,
    &p02::P02,
    &p03::P03,
    &p04::P04,
    &p05::P05,
    &p06::P06,
    &p08::P08,
    &p09::P09,
    &p10::P10,
    &p13::P13,
];

/// The portfolio checks of the plan nodes (splitting across the year).
pub static PLAN_PORTFOLIO_CHECKS: [&dyn DynPortfolioCheck; 2] = [&p11::P11, &p12::P12];

fn unit_ref(id: i64) -> String {
    format!("ORG-{id}")
}

/// The plan's unit as the records name it.
fn unit_organisation(facts: &PlanFacts) -> crate::model::Organisation {
    crate::model::Organisation {
        id: unit_ref(facts.unit_id),
        name: facts.unit_name.clone(),
        kind: crate::model::OrgKind::Purchaser,
        credit_code: None,
        jurisdiction_code: Some(facts.jurisdiction_code.clone()),
        gov_level: Some(facts.gov_level),
    }
}

fn line_ref(id: i64) -> String {
    format!("BL-{id}")
}

fn plan_ref(id: Option<i64>) -> String {
    id.map_or_else(|| "PLAN-NEW".to_owned(), |id| format!("PLAN-{id}"))
}

fn approval(r: &RequestFacts) -> Approval {
    Approval {
        kind: r.kind,
        submitted_at: Some(r.submitted_at),
        decided_at: r.decided_at,
        result: r.approved.map(|a| {
            if a {
                crate::model::ApprovalResult::Approved
            } else {
                crate::model::ApprovalResult::Rejected
            }
        }),
        to_method: r.to_method,
    }
}

/// The plan as a project record, the input of every check.
pub fn plan_record(plan: &NewPlan, facts: &PlanFacts) -> ProjectRecord {
    let id = plan_ref(facts.plan_id);
    let ground = facts
        .requests
        .iter()
        .filter(|r| r.kind == ApprovalKind::MethodChange && r.approved != Some(false))
        .filter_map(|r| r.ground)
        .next_back();
    let mut record = ProjectRecord::empty(Project {
        id: id.clone(),
        name: plan.name.clone(),
        purchaser_id: unit_ref(facts.unit_id),
        method: plan.method,
        method_ground: ground,
        object_type: plan.object_type,
        jurisdiction_code: Some(facts.jurisdiction_code.clone()),
        gov_level: Some(facts.gov_level),
        fiscal_year: Some(facts.line.fiscal_year),
        category_code: Some(plan.category.code.to_owned()),
        budget_amount: Some(plan.amount),
        imports_allowed: Some(plan.imports_wanted),
        ..Project::minimal(&id, plan.method, plan.object_type)
    });
    record.budget_line = Some(BudgetLine {
        id: line_ref(facts.line.id),
        unit_id: unit_ref(facts.unit_id),
        fiscal_year: facts.line.fiscal_year,
        approved_amount: facts.line.approved,
        adjusted_amount: facts.line.adjusted,
        committed_amount: Some(facts.line.committed_elsewhere.saturating_add(plan.amount)),
    });
    record.plan = Some(Plan {
        id: id.clone(),
        unit_id: unit_ref(facts.unit_id),
        budget_line_id: Some(line_ref(facts.line.id)),
        category_code: Some(plan.category.code.to_owned()),
        object_type: plan.object_type,
        amount: plan.amount,
        planned_method: Some(plan.method),
        filed_at: Some(facts.filed_at),
    });
    record.organisations.push(unit_organisation(facts));
    record.intention = facts.intention_published_at.map(|at| Intention {
        plan_id: Some(id),
        published_at: at,
        media: None,
    });
    record.approvals = facts.requests.iter().map(approval).collect();
    if let Some(at) = facts.activity_starts_at {
        record.notices.push(Notice {
            id: None,
            kind: activity_notice_kind(plan.method),
            lot_id: None,
            published_at: at,
            media: Vec::new(),
            period_end: None,
            budget_amount: Some(plan.amount),
            content: None,
        });
    }
    record
}

fn other_record(o: &OtherPlan, facts: &PlanFacts) -> ProjectRecord {
    let id = format!("PLAN-{}", o.id);
    let mut record = ProjectRecord::empty(Project {
        purchaser_id: unit_ref(facts.unit_id),
        gov_level: Some(facts.gov_level),
        jurisdiction_code: Some(facts.jurisdiction_code.clone()),
        fiscal_year: Some(facts.line.fiscal_year),
        category_code: Some(o.category_code.clone()),
        budget_amount: Some(o.amount),
        ..Project::minimal(&id, o.method, o.object_type)
    });
    record.budget_line = Some(BudgetLine {
        id: line_ref(o.budget_line_id),
        unit_id: unit_ref(facts.unit_id),
        fiscal_year: facts.line.fiscal_year,
        approved_amount: Fen::ZERO,
        adjusted_amount: o.line_adjusted.then_some(Fen::ZERO),
        committed_amount: None,
    });
    record.plan = Some(Plan {
        id,
        unit_id: unit_ref(facts.unit_id),
        budget_line_id: Some(line_ref(o.budget_line_id)),
        category_code: Some(o.category_code.clone()),
        object_type: o.object_type,
        amount: o.amount,
        planned_method: Some(o.method),
        filed_at: Some(o.planned_date.start_in_china()),
    });
    record.organisations.push(unit_organisation(facts));
    if o.method_change_approved {
        record.approvals.push(Approval {
            kind: ApprovalKind::MethodChange,
            submitted_at: None,
            decided_at: None,
            result: Some(crate::model::ApprovalResult::Approved),
            to_method: Some(o.method),
        });
    }
    record
}

/// The pre-event checks of a plan: every check of the plan nodes that flags, in catalogue order.
/// Checks that lack data for a plan (e.g. P10 needs the documents) say nothing here; they run
/// again at later nodes. The splitting checks (P11, P12) look at the unit's other plans of the
/// year and report only the group this plan belongs to.
pub fn plan_checks(plan: &NewPlan, facts: &PlanFacts, ctx: &CheckContext) -> Vec<PlanFinding> {
    let record = plan_record(plan, facts);
    let date = record.reference_date();
    let mut out: Vec<PlanFinding> = PLAN_PROJECT_CHECKS
        .iter()
        .filter_map(|c| {
            let m = c.meta();
            if m.applicability(plan.method, date)
                != crate::checks::framework::Applicability::Applies
            {
                return None;
            }
            PlanFinding::new(m, &c.run(&record, ctx))
        })
        .collect();
    let others: Vec<ProjectRecord> = facts
        .others
        .iter()
        .filter(|o| Some(o.id) != facts.plan_id)
        .map(|o| other_record(o, facts))
        .collect();
    let year = facts.line.fiscal_year;
    let unit = unit_ref(facts.unit_id);
    let code = plan.category.code;
    let mine = [
        format!("{unit}|{}|{code}|{year}", line_ref(facts.line.id)),
        format!("{unit}|{code}"),
    ];
    for check in PLAN_PORTFOLIO_CHECKS {
        let m = check.meta();
        let mut acc = check.new_acc();
        for p in others.iter().chain(std::iter::once(&record)) {
            if m.applicability(p.project.method, p.reference_date())
                == crate::checks::framework::Applicability::Applies
            {
                check.fold_any(&mut acc, p, ctx);
            }
        }
        for (subject, outcome) in check.finalize_any(acc, ctx) {
            if mine.contains(&subject.id) {
                out.extend(PlanFinding::new(m, &outcome));
            }
        }
    }
    out
}

/// A step on a plan that the checks may forbid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStep {
    /// 计划备案: record the plan.
    File,
    /// 下达执行: let the procurement activity start.
    Release,
}

/// The checks whose flag forbids a step. Filing is refused only without or over budget (GP Law
/// Art 6: no procurement without a budget). Release — the start of the activity — is refused
/// while the open-tender threshold is reached without an approved method change (P04; GP Law
/// Art 27, 条例 Art 23) or imports lack approval (P09; GP Law Art 10), and still over budget.
/// Every other flag is a warning: it is stored and shown, the step goes ahead.
pub fn forbidding_checks(step: PlanStep) -> &'static [&'static str] {
    match step {
        PlanStep::File => &["P01"],
        PlanStep::Release => &["P01", "P04", "P09"],
    }
}

/// The findings that forbid `step` (empty: the step may go ahead, with the rest as warnings).
pub fn refusals(findings: &[PlanFinding], step: PlanStep) -> Vec<&PlanFinding> {
    let ids = forbidding_checks(step);
    findings
        .iter()
        .filter(|f| ids.contains(&f.check_id.as_str()))
        .collect()
}

#[cfg(test)]
mod tests;
