//! The ingest API's rules (`/api/v1/…`, docs/ingest.md): the kinds of data an external system
//! may send, the request bodies and their parsers, and how a body patches the stored
//! [`ProjectRecord`] of a project. Pure: the server looks organisations and budget lines up, then
//! calls these functions; the checks a step runs are [`Kind::nodes`] through
//! [`crate::checks::run_node`], exactly as for a step taken in the web app.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::checks::{run_node, CheckContext, Outcome};
use crate::credit_code::CreditCode;
use crate::field::{FieldError, FieldErrors};
use crate::i18n::Text;
use crate::model::{
    json_path_at, Award, Bid, Contract, EvaluationReport, GovLevel, Lot, Notice, OrgKind,
    Organisation, Panel, Payment, ProcurementDocuments, Project, ProjectRecord, ScoreSheet,
};
use crate::money::Fen;
use crate::plan::{BudgetLineForm, NewBudgetLine, NewPlan, PlanFinding, PlanForm, PLAN_NODES};
use crate::time::Instant;
use crate::workflow::Node;

/// A kind of data an API key may send. Finance systems send budget lines and payments; trading
/// systems plans, notices, bids, evaluations, awards and contracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    BudgetLine,
    Plan,
    Notice,
    Bid,
    Evaluation,
    Award,
    Contract,
    Payment,
    /// A purchaser unit (预算单位) from the budget system.
    Unit,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::BudgetLine,
        Kind::Plan,
        Kind::Notice,
        Kind::Bid,
        Kind::Evaluation,
        Kind::Award,
        Kind::Contract,
        Kind::Payment,
        Kind::Unit,
    ];

    /// The code in the key's `kinds` list and in audit actions (`ingest.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Kind::BudgetLine => "budget_line",
            Kind::Plan => "plan",
            Kind::Notice => "notice",
            Kind::Bid => "bid",
            Kind::Evaluation => "evaluation",
            Kind::Award => "award",
            Kind::Contract => "contract",
            Kind::Payment => "payment",
            Kind::Unit => "unit",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    pub fn name(self) -> Text {
        match self {
            Kind::BudgetLine => Text::new("预算指标", "Budget line"),
            Kind::Plan => Text::new("采购计划", "Procurement plan"),
            Kind::Notice => Text::new("公告", "Notice"),
            Kind::Bid => Text::new("投标（开标后）", "Bids (after opening)"),
            Kind::Evaluation => Text::new("评审结果", "Evaluation result"),
            Kind::Award => Text::new("中标/成交结果", "Award"),
            Kind::Contract => Text::new("合同", "Contract"),
            Kind::Payment => Text::new("支付", "Payment"),
            Kind::Unit => Text::new("采购人单位（预算单位）", "Purchaser unit (budget unit)"),
        }
    }

    /// The nodes whose checks an ingested record of this kind runs, as the same step in the web
    /// app does (a plan: through [`crate::plan::plan_checks`]). A budget line alone is no step of
    /// a project: its checks (P01) run when a plan is charged to it.
    pub fn nodes(self) -> &'static [Node] {
        match self {
            Kind::BudgetLine => &[],
            Kind::Plan => &PLAN_NODES,
            Kind::Notice => &[Node::NoticeInvitation, Node::DocumentIssue],
            Kind::Bid => &[Node::DeadlineOpening],
            Kind::Evaluation => &[Node::Evaluation],
            Kind::Award => &[Node::ReportAward],
            Kind::Contract => &[Node::Contract],
            Kind::Payment => &[Node::Performance],
            Kind::Unit => &[],
        }
    }
}

/// Reads a key's comma-separated list of kinds (`budget_line,payment`): at least one, each
/// known; duplicates are dropped. The error names the unknown entry.
pub fn parse_kinds(list: &str) -> Result<Vec<Kind>, String> {
    let mut kinds = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let kind = Kind::from_code(part).ok_or_else(|| {
            let known: Vec<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
            format!("unknown kind {part:?} (known: {})", known.join(", "))
        })?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    if kinds.is_empty() {
        return Err("name at least one kind".to_owned());
    }
    kinds.sort();
    Ok(kinds)
}

/// The comma list stored for a key's kinds.
pub fn kinds_list(kinds: &[Kind]) -> String {
    kinds.iter().map(|k| k.code()).collect::<Vec<_>>().join(",")
}

/// An organisation as a request names it: its 统一社会信用代码, or its id on the platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgRef {
    CreditCode(CreditCode),
    Id(i64),
}

impl OrgRef {
    /// A string of digits only is a platform id; anything else must be a valid credit code.
    pub fn parse(field: &str, text: &str) -> Result<OrgRef, FieldError> {
        let t = text.trim();
        if !t.is_empty() && t.len() < 18 && t.bytes().all(|b| b.is_ascii_digit()) {
            return t.parse().map(OrgRef::Id).map_err(|_| {
                FieldError::new(
                    field,
                    "org.id",
                    Text::new("单位编号无效", "Not a valid organisation id"),
                )
            });
        }
        CreditCode::parse(t)
            .map(OrgRef::CreditCode)
            .map_err(|e| e.to_field_error(field))
    }
}

/// A registered organisation as the server found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgFacts {
    pub id: i64,
    pub name: String,
    /// `purchaser`, `procurement_center`, `agency` or `regulator` (the database's codes).
    pub kind: String,
    pub credit_code: Option<String>,
    pub jurisdiction_code: String,
}

impl OrgFacts {
    /// A budget line or a plan belongs to a purchaser unit only.
    pub fn require_purchaser(&self, field: &str) -> Result<(), FieldError> {
        if self.kind == "purchaser" {
            Ok(())
        } else {
            Err(FieldError::new(
                field,
                "org.not_purchaser",
                Text::new(
                    "该单位不是采购人（预算单位）",
                    "This organisation is not a purchaser (budget unit)",
                ),
            ))
        }
    }

    /// The organisation as a [`ProjectRecord`] lists it.
    pub fn to_organisation(&self, id: &str) -> Organisation {
        Organisation {
            id: id.to_owned(),
            name: self.name.clone(),
            kind: match self.kind.as_str() {
                "purchaser" => OrgKind::Purchaser,
                "procurement_center" => OrgKind::CentralizedProcurementCenter,
                "agency" => OrgKind::PrivateAgency,
                "regulator" => OrgKind::Regulator,
                _ => OrgKind::Other,
            },
            credit_code: self.credit_code.clone(),
            jurisdiction_code: Some(self.jurisdiction_code.clone()),
            // Every unit on this platform belongs to Changzhou: city or county level.
            gov_level: Some(GovLevel::CityCounty),
        }
    }
}

const JSON_INVALID: &str = "json.invalid";

/// Reads a JSON request body into `T`. serde stops at the first problem; the error names its
/// field path (`bids[1].price`), as `yiwang check` does.
pub fn from_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, FieldErrors> {
    let text = std::str::from_utf8(body).map_err(|_| {
        one(FieldError::new(
            "$",
            JSON_INVALID,
            Text::new("请求内容不是 UTF-8 文本", "The body is not UTF-8 text"),
        ))
    })?;
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_owned(),
            None => message,
        };
        let path = json_path_at(
            text,
            e.line(),
            e.column(),
            message.starts_with("missing field"),
        );
        let field = path.strip_prefix("$.").map(str::to_owned).unwrap_or(path);
        one(FieldError::with_message(
            &field,
            JSON_INVALID,
            format!("内容格式有误：{message}"),
            format!("Invalid content: {message}"),
        ))
    })
}

/// The field error for arguments that could not be read from `sent` (the JSON body of a
/// server function), from serde_json's `message` (its text is not shown: only the field and
/// what is wrong with it, in Chinese and English). The web app answers 400 with it.
pub fn unreadable_arguments(sent: &[u8], message: &str) -> FieldError {
    let whole = |code: &str, zh: &'static str, en: &'static str| {
        FieldError::new("$", code, Text::new(zh, en))
    };
    let Ok(text) = std::str::from_utf8(sent) else {
        return whole(
            "json.syntax",
            "请求内容不是 UTF-8 文本",
            "The body is not UTF-8 text",
        );
    };
    if text.trim().is_empty() {
        return whole(
            "json.empty",
            "请求内容为空：须为 JSON 对象，以参数名为键",
            "The body is empty: it must be a JSON object of the arguments by name",
        );
    }
    let value = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => value,
        Err(_) => {
            return whole(
                "json.syntax",
                "请求内容不是有效的 JSON",
                "The body is not valid JSON",
            )
        }
    };
    if !value.is_object() {
        return whole(
            "json.object",
            "请求内容须为 JSON 对象，以参数名为键",
            "The body must be a JSON object of the arguments by name",
        );
    }
    // serde_json ends its message with " at line L column C": where the value in error is.
    let position = message.rsplit_once(" at line ").and_then(|(_, at)| {
        let (line, column) = at.split_once(" column ")?;
        Some((
            line.trim().parse::<usize>().ok()?,
            column.trim().parse::<usize>().ok()?,
        ))
    });
    let quoted = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned)
    };
    let path_at = |container_only: bool| match position {
        Some((line, column)) => json_path_at(text, line, column, container_only),
        None => "$".to_owned(),
    };
    let field_of = |path: String| match path.strip_prefix("$.") {
        Some(f) => f.to_owned(),
        None => path,
    };
    if let Some(name) = quoted("missing field `") {
        let container = path_at(true);
        let path = field_of(format!("{container}.{name}"));
        return FieldError::with_message(
            &path,
            "json.missing",
            format!("缺少字段 {path}"),
            format!("The field {path} is missing"),
        );
    }
    if let Some(name) = quoted("unknown field `") {
        let container = path_at(true);
        let path = field_of(format!("{container}.{name}"));
        return FieldError::with_message(
            &path,
            "json.unknown",
            format!("未知字段 {path}"),
            format!("Unknown field {path}"),
        );
    }
    let path = field_of(path_at(false));
    if path == "$" {
        return whole(
            "json.invalid",
            "请求内容不符合参数的格式",
            "The body does not fit the arguments",
        );
    }
    FieldError::with_message(
        &path,
        "json.invalid",
        format!("字段 {path} 的值无效（类型或取值不符）"),
        format!("The value of the field {path} is invalid (wrong type or value)"),
    )
}

fn one(e: FieldError) -> FieldErrors {
    FieldErrors(vec![e])
}

/// `POST /api/v1/budget-lines`: a budget line (预算指标) of a unit, from the finance system.
/// Checked by the web app's own form parser ([`BudgetLineForm::parse`]), amounts in fen.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetLineInput {
    /// The budget unit: credit code or platform id.
    pub unit: String,
    pub fiscal_year: i64,
    /// The finance system's line code.
    pub code: String,
    pub name: String,
    /// Fen.
    pub approved_amount: i64,
    /// Fen, after a budget adjustment.
    #[serde(default)]
    pub adjusted_amount: Option<i64>,
}

/// A budget line that passed [`BudgetLineInput::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLineEntry {
    pub unit: OrgRef,
    pub line: NewBudgetLine,
    pub adjusted_amount: Option<Fen>,
}

impl BudgetLineInput {
    /// Every field's error at once.
    pub fn parse(&self) -> Result<BudgetLineEntry, FieldErrors> {
        let mut e = FieldErrors::new();
        let unit = e.take(OrgRef::parse("unit", &self.unit));
        let form = BudgetLineForm {
            code: self.code.clone(),
            name: self.name.clone(),
            fiscal_year: self.fiscal_year.to_string(),
            approved_amount: Fen(self.approved_amount).to_string(),
        };
        let line = form.parse().map_err(|f| e.0.extend(f.0)).ok();
        let adjusted = match self.adjusted_amount {
            Some(a) if a < 0 => {
                e.push(FieldError::new(
                    "adjusted_amount",
                    "negative",
                    Text::new(
                        "金额不能为负（单位：分）",
                        "The amount must not be negative (in fen)",
                    ),
                ));
                None
            }
            a => a.map(Fen),
        };
        match (unit, line) {
            (Some(unit), Some(line)) if e.is_empty() => Ok(BudgetLineEntry {
                unit,
                line,
                adjusted_amount: adjusted,
            }),
            _ => Err(e),
        }
    }
}

/// `POST /api/v1/plans`: a procurement plan (采购实施计划) charged to a budget line. The fields
/// of the web app's plan form ([`PlanForm::parse`], the same rules), amounts in fen; the budget
/// line is named by the unit, the fiscal year and the line's code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    /// The budget unit: credit code or platform id.
    pub unit: String,
    pub fiscal_year: i64,
    /// The code of the unit's budget line of that year the plan is charged to.
    pub budget_line_code: String,
    pub name: String,
    /// `goods`, `services` or `works`.
    pub object_type: String,
    /// 政府采购品目分类目录 code, of the plan's object type.
    pub category_code: String,
    /// Fen.
    pub amount: i64,
    /// One of the six legal methods (`public_tender`, …).
    pub method: String,
    #[serde(default)]
    pub imports_wanted: bool,
    /// Intended start, `YYYY-MM-DD` (China date).
    pub planned_date: String,
}

/// A plan that passed [`PlanInput::parse`]; [`PlanEntry::plan`] makes the plan once the
/// server found the budget line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanEntry {
    pub unit: OrgRef,
    pub fiscal_year: i32,
    pub budget_line_code: String,
    form: PlanForm,
}

impl PlanInput {
    /// Every field's error at once.
    pub fn parse(&self) -> Result<PlanEntry, FieldErrors> {
        let mut e = FieldErrors::new();
        let unit = e.take(OrgRef::parse("unit", &self.unit));
        let year = i32::try_from(self.fiscal_year)
            .ok()
            .filter(|y| crate::plan::YEARS.contains(y));
        if year.is_none() {
            e.push(FieldError::with_message(
                "fiscal_year",
                "out_of_range",
                format!(
                    "预算年度应在{}–{}之间",
                    crate::plan::YEARS.start(),
                    crate::plan::YEARS.end()
                ),
                format!(
                    "The fiscal year must lie in {}–{}",
                    crate::plan::YEARS.start(),
                    crate::plan::YEARS.end()
                ),
            ));
        }
        let code = self.budget_line_code.trim();
        if code.is_empty() {
            e.push(FieldError::new(
                "budget_line_code",
                "required",
                Text::new(
                    "请填写预算指标编码：无预算不得采购",
                    "Name the budget line: no procurement without a budget",
                ),
            ));
        }
        // The line's id is known once the server has found it; any valid id checks the rest.
        let form = PlanForm {
            budget_line_id: String::new(),
            name: self.name.clone(),
            object_type: self.object_type.clone(),
            category_code: self.category_code.clone(),
            amount: Fen(self.amount).to_string(),
            method: self.method.clone(),
            imports_wanted: if self.imports_wanted { "true" } else { "" }.to_owned(),
            planned_date: self.planned_date.clone(),
        };
        let probe = PlanForm {
            budget_line_id: "1".to_owned(),
            ..form.clone()
        };
        if let Err(errors) = probe.parse() {
            e.0.extend(errors.0);
        }
        match (unit, year) {
            (Some(unit), Some(fiscal_year)) if e.is_empty() => Ok(PlanEntry {
                unit,
                fiscal_year,
                budget_line_code: code.to_owned(),
                form,
            }),
            _ => Err(e),
        }
    }
}

impl PlanEntry {
    /// The plan charged to the budget line `line_id`.
    pub fn plan(&self, line_id: i64) -> Result<NewPlan, FieldErrors> {
        PlanForm {
            budget_line_id: line_id.to_string(),
            ..self.form.clone()
        }
        .parse()
    }
}

/// The flags the checks of `kind`'s nodes raise on `record`, each check once, in catalogue order
/// (as [`PlanFinding`]s: a flag ready to show and store, whatever the node).
pub fn run_kind(record: &ProjectRecord, kind: Kind, ctx: &CheckContext) -> Vec<PlanFinding> {
    let mut flags: Vec<PlanFinding> = Vec::new();
    for node in kind.nodes() {
        for (meta, outcome) in run_node(record, *node, ctx) {
            if let Outcome::Flagged(f) = outcome {
                if !flags.iter().any(|x| x.check_id == meta.id) {
                    flags.push(PlanFinding {
                        check_id: meta.id.to_owned(),
                        title_zh: meta.title.zh.to_owned(),
                        title_en: meta.title.en.to_owned(),
                        stage: meta.stage,
                        severity: meta.severity,
                        message_zh: f.message_zh,
                        message_en: f.message_en,
                        evidence: serde_json::to_value(&f.evidence)
                            .unwrap_or(serde_json::Value::Null),
                    });
                }
            }
        }
    }
    flags
}

/// `POST /api/v1/projects/{project_id}/notices`: a published notice. The first notice of a
/// project carries the project itself; a later one may carry it again to update its facts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeInput {
    #[serde(default)]
    pub project: Option<Project>,
    #[serde(default)]
    pub lots: Option<Vec<Lot>>,
    pub notice: Notice,
    #[serde(default)]
    pub documents: Option<ProcurementDocuments>,
    #[serde(default)]
    pub deadline: Option<Instant>,
    #[serde(default)]
    pub opening_at: Option<Instant>,
}

/// `POST /api/v1/projects/{project_id}/bids`: the bids as opened (only after the opening).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BidsInput {
    pub bids: Vec<Bid>,
}

/// `POST /api/v1/projects/{project_id}/evaluations`: one evaluation report version, with the
/// panel and score sheets when known.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationInput {
    #[serde(default)]
    pub panel: Option<Panel>,
    #[serde(default)]
    pub score_sheets: Vec<ScoreSheet>,
    pub report: EvaluationReport,
}

/// `POST /api/v1/projects/{project_id}/awards`: the award of the project or of one lot.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AwardInput {
    pub award: Award,
}

/// `POST /api/v1/projects/{project_id}/contracts`: a signed contract.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContractInput {
    pub contract: Contract,
}

/// `POST /api/v1/payments`: a treasury payment for a project a trading system sent.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentInput {
    /// The name of the trading system's API key that sent the project.
    pub project_source: String,
    /// The trading system's project id.
    pub project_id: String,
    pub payment: Payment,
}

/// What a request adds to a project's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Patch {
    Notice(Box<NoticeInput>),
    Bids(Vec<Bid>),
    Evaluation(Box<EvaluationInput>),
    Award(Award),
    Contract(Box<Contract>),
    Payment(Payment),
}

/// Why a patch was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatchError {
    /// No such project (for this source).
    UnknownProject,
    Invalid(FieldErrors),
}

impl Patch {
    pub fn kind(&self) -> Kind {
        match self {
            Patch::Notice(_) => Kind::Notice,
            Patch::Bids(_) => Kind::Bid,
            Patch::Evaluation(_) => Kind::Evaluation,
            Patch::Award(_) => Kind::Award,
            Patch::Contract(_) => Kind::Contract,
            Patch::Payment(_) => Kind::Payment,
        }
    }

    /// The project a notice brings (the first notice of a project must bring it).
    pub fn project(&self) -> Option<&Project> {
        match self {
            Patch::Notice(n) => n.project.as_ref(),
            _ => None,
        }
    }

    /// Adds the patch to the stored record (`None`: the project is not known yet). `external_id`
    /// is the project id of the request's path; `purchaser` the organisation the server found
    /// for `project.purchaser_id` when the patch brings the project. `now` decides whether the
    /// bids were opened.
    pub fn apply(
        self,
        stored: Option<ProjectRecord>,
        external_id: &str,
        purchaser: Option<&OrgFacts>,
        now: Instant,
    ) -> Result<ProjectRecord, PatchError> {
        let invalid = |field: &str, code: &str, text: Text| {
            PatchError::Invalid(one(FieldError::new(field, code, text)))
        };
        match self {
            Patch::Notice(n) => {
                let NoticeInput {
                    project,
                    lots,
                    notice,
                    documents,
                    deadline,
                    opening_at,
                } = *n;
                let mut record = match (stored, project) {
                    (None, None) => {
                        return Err(invalid(
                            "project",
                            "project.required",
                            Text::new(
                                "该项目的第一条公告须包含项目信息（project）",
                                "The first notice of a project must include the project",
                            ),
                        ))
                    }
                    (stored, Some(project)) => {
                        let project = bind_project(project, external_id, purchaser)?;
                        match stored {
                            Some(mut r) => {
                                if r.project.purchaser_id != project.purchaser_id {
                                    return Err(invalid(
                                        "project.purchaser_id",
                                        "project.purchaser_changed",
                                        Text::new(
                                            "项目的采购人不能更改",
                                            "The purchaser of a project cannot change",
                                        ),
                                    ));
                                }
                                r.project = project;
                                r
                            }
                            None => {
                                let mut r = ProjectRecord::empty(project);
                                if let Some(org) = purchaser {
                                    r.organisations
                                        .push(org.to_organisation(&r.project.purchaser_id));
                                }
                                r
                            }
                        }
                    }
                    (Some(r), None) => r,
                };
                if let Some(lots) = lots {
                    record.lots = lots;
                }
                if documents.is_some() {
                    record.documents = documents;
                }
                if deadline.is_some() {
                    record.deadline = deadline;
                }
                if opening_at.is_some() {
                    record.opening_at = opening_at;
                }
                if let Some(id) = &notice.id {
                    if record.notices.iter().any(|n| n.id.as_ref() == Some(id)) {
                        return Err(invalid(
                            "notice.id",
                            "notice.duplicate",
                            Text::new("该公告已收到", "This notice was received already"),
                        ));
                    }
                }
                record.notices.push(notice);
                Ok(record)
            }
            other => {
                let mut record = stored.ok_or(PatchError::UnknownProject)?;
                other.add_to(&mut record, now)?;
                Ok(record)
            }
        }
    }

    fn add_to(self, record: &mut ProjectRecord, now: Instant) -> Result<(), PatchError> {
        let mut errors = FieldErrors::new();
        match self {
            Patch::Notice(_) => {}
            Patch::Bids(bids) => {
                if bids.is_empty() {
                    errors.push(FieldError::new(
                        "bids",
                        "bids.empty",
                        Text::new("至少需要一份投标", "Send at least one bid"),
                    ));
                }
                match record.opening_at {
                    Some(opened) if opened <= now => {}
                    Some(_) => errors.push(FieldError::new(
                        "bids",
                        "bids.before_opening",
                        Text::new(
                            "尚未开标：开标后才能报送投标信息",
                            "Not opened yet: bids are accepted after the opening only",
                        ),
                    )),
                    None => errors.push(FieldError::new(
                        "bids",
                        "bids.opening_unknown",
                        Text::new(
                            "开标时间未知：请先通过公告报送开标时间（opening_at）",
                            "The opening time is unknown: send it with a notice (opening_at) first",
                        ),
                    )),
                }
                for (i, bid) in bids.iter().enumerate() {
                    let seen_before = record.bids.iter().any(|b| b.id == bid.id)
                        || bids[..i].iter().any(|b| b.id == bid.id);
                    if seen_before {
                        errors.push(FieldError::new(
                            &format!("bids[{i}].id"),
                            "bid.duplicate",
                            Text::new("该投标已收到", "This bid was received already"),
                        ));
                    }
                    for (field, price) in [("price", bid.price), ("final_price", bid.final_price)] {
                        if price.is_some_and(|p| p.0 < 0) {
                            errors.push(FieldError::new(
                                &format!("bids[{i}].{field}"),
                                "amount.negative",
                                Text::new("报价不能为负", "A price must not be negative"),
                            ));
                        }
                    }
                }
                if errors.is_empty() {
                    record.bids.extend(bids);
                }
            }
            Patch::Evaluation(input) => {
                let EvaluationInput {
                    panel,
                    score_sheets,
                    report,
                } = *input;
                let newest = record
                    .reports
                    .iter()
                    .filter(|r| r.lot_id == report.lot_id)
                    .map(|r| r.version)
                    .max();
                if newest.is_some_and(|v| report.version <= v) || report.version == 0 {
                    errors.push(FieldError::new(
                        "report.version",
                        "report.version",
                        Text::new(
                            "报告版本须大于已收到的版本（从 1 开始）",
                            "The report version must be above the versions received (from 1)",
                        ),
                    ));
                } else {
                    if panel.is_some() {
                        record.panel = panel;
                    }
                    record.score_sheets.extend(score_sheets);
                    record.reports.push(report);
                }
            }
            Patch::Award(award) => {
                if record.awards.iter().any(|a| a.lot_id == award.lot_id) {
                    errors.push(FieldError::new(
                        "award.lot_id",
                        "award.duplicate",
                        Text::new(
                            "该项目（包）的中标结果已收到",
                            "The award of this project (lot) was received already",
                        ),
                    ));
                } else if award.amount.is_some_and(|a| a.0 < 0) {
                    errors.push(FieldError::new(
                        "award.amount",
                        "amount.negative",
                        Text::new("金额不能为负", "The amount must not be negative"),
                    ));
                } else {
                    record.awards.push(award);
                }
            }
            Patch::Contract(contract) => {
                if record.contract(&contract.id).is_some() {
                    errors.push(FieldError::new(
                        "contract.id",
                        "contract.duplicate",
                        Text::new("该合同已收到", "This contract was received already"),
                    ));
                } else if contract.amount.is_some_and(|a| a.0 < 0) {
                    errors.push(FieldError::new(
                        "contract.amount",
                        "amount.negative",
                        Text::new("金额不能为负", "The amount must not be negative"),
                    ));
                } else {
                    record.contracts.push(*contract);
                }
            }
            Patch::Payment(payment) => {
                if payment.amount.0 <= 0 {
                    errors.push(FieldError::new(
                        "payment.amount",
                        "amount.not_positive",
                        Text::new(
                            "金额须大于零（单位：分）",
                            "The amount must be above zero (in fen)",
                        ),
                    ));
                } else {
                    record.payments.push(payment);
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(PatchError::Invalid(errors))
        }
    }
}

/// The project as stored: its id is the path's, its jurisdiction the purchaser's (a different
/// one given is refused), its level of government Changzhou's when not given.
fn bind_project(
    mut project: Project,
    external_id: &str,
    purchaser: Option<&OrgFacts>,
) -> Result<Project, PatchError> {
    let mut errors = FieldErrors::new();
    if project.id != external_id {
        errors.push(FieldError::new(
            "project.id",
            "project.id_mismatch",
            Text::new(
                "项目编号须与请求地址中的编号一致",
                "The project id must match the id in the request path",
            ),
        ));
    }
    if let Some(org) = purchaser {
        match &project.jurisdiction_code {
            Some(code) if code.trim() != org.jurisdiction_code => errors.push(FieldError::new(
                "project.jurisdiction_code",
                "project.jurisdiction_mismatch",
                Text::new(
                    "与采购人所属行政区划不一致",
                    "Differs from the purchaser's jurisdiction",
                ),
            )),
            _ => project.jurisdiction_code = Some(org.jurisdiction_code.clone()),
        }
    }
    if project.gov_level.is_none() {
        project.gov_level = Some(GovLevel::CityCounty);
    }
    if project.budget_amount.is_some_and(|b| b.0 < 0) {
        errors.push(FieldError::new(
            "project.budget_amount",
            "amount.negative",
            Text::new("金额不能为负", "The amount must not be negative"),
        ));
    }
    if errors.is_empty() {
        Ok(project)
    } else {
        Err(PatchError::Invalid(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_field_of_unreadable_arguments() {
        let f = unreadable_arguments(
            br#"{"form":{"name":5}}"#,
            "invalid type: integer `5`, expected a string at line 1 column 17",
        );
        assert_eq!(
            (f.field.as_str(), f.code.as_str()),
            ("form.name", "json.invalid")
        );
        let f = unreadable_arguments(b"{}", "missing field `id` at line 1 column 2");
        assert_eq!((f.field.as_str(), f.code.as_str()), ("id", "json.missing"));
        let f = unreadable_arguments(
            br#"{"filter":{}}"#,
            "missing field `year` at line 1 column 12",
        );
        assert_eq!(f.field, "filter.year");
        assert_eq!(unreadable_arguments(b"{", "EOF").code, "json.syntax");
        assert_eq!(unreadable_arguments(b" ", "EOF").code, "json.empty");
        assert_eq!(unreadable_arguments(b"[1]", "x").code, "json.object");
        assert_eq!(unreadable_arguments(b"\xff", "x").code, "json.syntax");
    }

    fn unit() -> OrgFacts {
        OrgFacts {
            id: 7,
            name: "常州市天宁区教育局".into(),
            kind: "purchaser".into(),
            credit_code: None,
            jurisdiction_code: "320402".into(),
        }
    }

    #[test]
    fn kinds_parse_and_print() {
        assert_eq!(
            parse_kinds(" payment, budget_line,payment").unwrap(),
            vec![Kind::BudgetLine, Kind::Payment]
        );
        assert!(parse_kinds("plan,bogus").unwrap_err().contains("bogus"));
        assert!(parse_kinds(" , ").is_err());
        assert_eq!(kinds_list(&[Kind::Plan, Kind::Bid]), "plan,bid");
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Some(k));
            let json = serde_json::to_value(k).unwrap();
            assert_eq!(json.as_str(), Some(k.code()));
        }
    }

    #[test]
    fn org_refs() {
        assert_eq!(OrgRef::parse("unit", " 42 "), Ok(OrgRef::Id(42)));
        assert!(matches!(
            OrgRef::parse("unit", "91320400MA1XXXXXXX"),
            Err(e) if e.field == "unit"
        ));
        assert!(OrgRef::parse("unit", "").is_err());
    }

    #[test]
    fn json_errors_name_the_field() {
        let e = from_json::<BudgetLineInput>(br#"{"unit": "1", "fiscal_year": "x"}"#).unwrap_err();
        assert_eq!(e.0[0].field, "fiscal_year", "{e}");
        let e = from_json::<BudgetLineInput>(br#"{"unit": "1"}"#).unwrap_err();
        assert!(e.0[0].en.contains("missing field"), "{e}");
        assert!(from_json::<BudgetLineInput>(b"\xff").is_err());
    }

    fn plan_input() -> PlanInput {
        PlanInput {
            unit: "7".into(),
            fiscal_year: 2026,
            budget_line_code: "BL-1".into(),
            name: "计算机".into(),
            object_type: "goods".into(),
            category_code: "A02010104".into(),
            amount: 50_000_000,
            method: "public_tender".into(),
            imports_wanted: false,
            planned_date: "2026-03-01".into(),
        }
    }

    #[test]
    fn plan_input_goes_through_the_plan_form() {
        let entry = plan_input().parse().unwrap();
        let plan = entry.plan(3).unwrap();
        assert_eq!(plan.budget_line_id(), 3);
        assert_eq!(
            plan.amount(),
            Fen(50_000_000),
            "fen survive the form's yuan"
        );
        assert_eq!(plan.category().code, "A02010104");
        let bad = PlanInput {
            unit: "".into(),
            fiscal_year: 1999,
            budget_line_code: " ".into(),
            name: " ".into(),
            object_type: "food".into(),
            category_code: "A02".into(),
            amount: 0,
            method: "auction".into(),
            imports_wanted: false,
            planned_date: "2026-02-30".into(),
        };
        let e = bad.parse().unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "unit",
            "fiscal_year",
            "budget_line_code",
            "name",
            "object_type",
            "category_code",
            "amount",
            "method",
            "planned_date",
        ] {
            assert!(fields.contains(&f), "{f}: {fields:?}");
        }
        assert!(!fields.contains(&"budget_line_id"), "{fields:?}");
        assert!(e.iter().all(|e| !e.zh.is_empty() && !e.en.is_empty()));
    }

    #[test]
    fn budget_line_input_goes_through_the_line_form() {
        let input = BudgetLineInput {
            unit: "7".into(),
            fiscal_year: 2026,
            code: "BL-1".into(),
            name: "设备购置".into(),
            approved_amount: 123_456,
            adjusted_amount: Some(100_000),
        };
        let entry = input.parse().unwrap();
        assert_eq!(entry.line.approved_amount(), Fen(123_456));
        assert_eq!(entry.adjusted_amount, Some(Fen(100_000)));
        let bad = BudgetLineInput {
            code: "BL 1".into(),
            approved_amount: 0,
            adjusted_amount: Some(-1),
            ..input
        };
        let fields: Vec<String> = bad
            .parse()
            .unwrap_err()
            .iter()
            .map(|e| e.field.clone())
            .collect();
        assert_eq!(fields, ["code", "approved_amount", "adjusted_amount"]);
    }

    fn notice_body(opening: &str) -> NoticeInput {
        from_json(
            format!(
                r#"{{"project": {{"id": "X-1", "name": "n", "purchaser_id": "7", "method": "public_tender", "object_type": "goods"}},
                 "notice": {{"id": "N1", "kind": "tender", "published_at": "2026-03-02T09:00"}},
                 "opening_at": "{opening}"}}"#
            )
            .as_bytes(),
        )
        .unwrap()
    }

    #[test]
    fn bids_only_after_the_opening() {
        let now = Instant::parse("2026-03-20T12:00").unwrap();
        let r = Patch::Notice(Box::new(notice_body("2026-03-24T09:30")))
            .apply(None, "X-1", Some(&unit()), now)
            .unwrap();
        assert_eq!(r.project.jurisdiction_code.as_deref(), Some("320402"));
        assert_eq!(r.project.gov_level, Some(GovLevel::CityCounty));
        let bids: BidsInput = from_json(
            br#"{"bids": [{"id": "B1", "supplier_id": "S1", "status": "valid", "price": 100}]}"#,
        )
        .unwrap();
        let e = Patch::Bids(bids.bids.clone())
            .apply(Some(r.clone()), "X-1", None, now)
            .unwrap_err();
        assert!(matches!(e, PatchError::Invalid(e) if e.0[0].code == "bids.before_opening"));
        let later = Instant::parse("2026-03-24T10:00").unwrap();
        let r = Patch::Bids(bids.bids.clone())
            .apply(Some(r), "X-1", None, later)
            .unwrap();
        assert_eq!(r.bids.len(), 1);
        // The same bid again is refused.
        assert!(Patch::Bids(bids.bids)
            .apply(Some(r), "X-1", None, later)
            .is_err());
        // Without the project, nothing to patch.
        assert_eq!(
            Patch::Award(Award {
                lot_id: None,
                supplier_id: "S1".into(),
                bid_id: None,
                amount: None,
                confirmed_at: None,
                notified_at: None,
                published_at: None,
                deviation_reason: None
            })
            .apply(None, "X-1", None, later),
            Err(PatchError::UnknownProject)
        );
    }

    #[test]
    fn a_first_notice_needs_the_project_with_the_paths_id() {
        let now = Instant::parse("2026-03-20T12:00").unwrap();
        let mut body = notice_body("2026-03-24T09:30");
        body.project = None;
        assert!(matches!(
            Patch::Notice(Box::new(body)).apply(None, "X-1", Some(&unit()), now),
            Err(PatchError::Invalid(e)) if e.0[0].field == "project"
        ));
        let e = Patch::Notice(Box::new(notice_body("2026-03-24T09:30")))
            .apply(None, "X-2", Some(&unit()), now)
            .unwrap_err();
        assert!(matches!(e, PatchError::Invalid(e) if e.0[0].field == "project.id"));
    }
}

/// `POST /api/v1/units`: a purchaser unit (预算单位) from the budget system — the units come from
/// there (issue 17 point 4). Sent again with the same credit code, it updates the unit's name
/// and jurisdiction.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitInput {
    /// The unit's 统一社会信用代码 (required: it names the unit across systems).
    pub credit_code: String,
    pub name: String,
    /// The GB/T 2260 code of its jurisdiction (`region::REGIONS`).
    pub jurisdiction: String,
}

/// A unit that passed [`UnitInput::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitEntry {
    pub credit_code: String,
    pub name: String,
    pub jurisdiction: &'static str,
}

impl UnitInput {
    /// The organisation form's rules (`account::check_organisation`), the credit code required;
    /// every field's error at once.
    pub fn parse(&self) -> Result<UnitEntry, FieldErrors> {
        let checked = crate::account::check_organisation(
            "purchaser",
            &self.name,
            Some(&self.credit_code),
            self.jurisdiction.trim(),
        );
        let jurisdiction = crate::region::region(self.jurisdiction.trim()).map(|r| r.code);
        match (checked, jurisdiction) {
            (Ok((name, Some(credit_code))), Some(jurisdiction)) => Ok(UnitEntry {
                credit_code,
                name,
                jurisdiction,
            }),
            (Ok(_), _) => Err(FieldErrors(vec![FieldError::new(
                "credit_code",
                "credit_code.required",
                Text::new("请填写统一社会信用代码", "Enter the credit code"),
            )])),
            (Err(e), _) => Err(e),
        }
    }
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn a_unit_needs_its_credit_code_a_name_and_a_jurisdiction() {
        let code = crate::credit_code::CreditCode::from_first17("11320402MB1234567")
            .unwrap()
            .as_str()
            .to_owned();
        let ok = UnitInput {
            credit_code: code.clone(),
            name: " 常州市天宁区档案馆 ".into(),
            jurisdiction: "320402".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.jurisdiction),
            ("常州市天宁区档案馆", "320402")
        );
        let e = UnitInput {
            credit_code: "".into(),
            name: "常州市天宁区档案馆".into(),
            jurisdiction: "320402".into(),
        }
        .parse()
        .unwrap_err();
        assert!(e.for_field("credit_code").is_some());
        let e = UnitInput {
            credit_code: code,
            name: "x".into(),
            jurisdiction: "110000".into(),
        }
        .parse()
        .unwrap_err();
        assert!(e.for_field("name").is_some() && e.for_field("jurisdiction").is_some());
    }
}
