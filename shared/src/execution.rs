//! Procurement execution (issue 5): the steps a project goes through after its plan is released,
//! the workflow events each step is ([`crate::workflow::next`] decides whether it may happen
//! now), the nodes whose checks each step runs ([`crate::checks::run_node`]), and the checks
//! that forbid a step (like [`crate::plan::forbidding_checks`]). The forms of the steps are
//! parsed here, so the browser and the server read them the same way.
//!
//! | step | events | checks run (nodes) | forbidden by |
//! |---|---|---|---|
//! | notice + documents | 公告发布, 文件发出 (single source: 公示 only) | 文件编制, 公告/邀请, 文件发出 | P19 (等标期不足), P23 (价格分值比重) |
//! | clarification | 澄清修改 | 澄清修改 | P21 (late without extending the deadline) |
//! | bid submit / withdraw / replace | — | — | [`crate::bidding::check_bid_action`] (deadline) |
//! | opening | 开标 | 截止/开标 | [`crate::bidding::check_opening`]; M18 |
//! | expert draw | 专家抽取 | 专家抽取 | [`crate::panel::draw`] errors; M03, M06, M07, M08, M09 |
//! | declaration / score sheet | — | — | [`crate::panel::Draw::gate`]; [`crate::scoring::ScoreSheetForm::parse`] |
//! | report | 评审完成, 报告送交 | 评审, 报告/确认 | [`crate::scoring::missing_sheets`] |
//! | confirmation | 确定中标 | 报告/确认 | [`crate::award::award_follows_ranking`] (M23's rule) |
//! | result notice | 通知书发出 | 报告/确认 | — |
//! | contract | 合同签订 | 合同, 质疑投诉 | [`crate::award::contract_matches_award`]; [`crate::challenge::signing_gate`]; A04, M26 |
//! | amendment | — | 合同 | — (A05 flags) |
//! | acceptance / payment | 验收, 支付 | 履约/验收/支付 | — (A10–A12 flag) |
//! | security refund | — | 合同 | — (A09 flags) |
//! | challenge filed / answered | 质疑提出, 质疑处理 | 质疑投诉 | — (M25 flags) |

use serde::{Deserialize, Serialize};

use crate::checks::framework::{CheckMeta, Outcome};
use crate::field::{FieldError, FieldErrors};
use crate::i18n::Text;
use crate::model::Method;
use crate::money::Fen;
use crate::plan::{parse_amount, PlanFinding};
use crate::scoring::{Criterion, PriceCriterion, PriceFormula, ScoringScheme, TOTAL_HUNDREDTHS};
use crate::time::Instant;
use crate::workflow::{EventKind, Node, ProcState};

/// A step of a project's execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStep {
    Create,
    Notice,
    Invite,
    Clarify,
    BidSubmit,
    BidWithdraw,
    BidReplace,
    Open,
    /// 资格审查: the purchaser or its agency records, after the opening and before the panel
    /// scores, which bids pass the qualification review and why the others do not (财政部令第87号
    /// Art 44, 69).
    Qualify,
    Draw,
    Declare,
    Score,
    Report,
    Confirm,
    ResultNotice,
    Contract,
    Amend,
    Accept,
    Pay,
    RefundSecurity,
    ChallengeFile,
    ChallengeAnswer,
    /// 废标 / 终止: the procurement fails or ends (GP Law Art 36) with a stated ground and reason.
    Terminate,
}

impl ProjectStep {
    /// The code stored in `findings.step` and the audit trail.
    pub fn code(self) -> &'static str {
        match self {
            ProjectStep::Create => "project.create",
            ProjectStep::Notice => "project.notice",
            ProjectStep::Invite => "project.invite",
            ProjectStep::Clarify => "project.clarify",
            ProjectStep::BidSubmit => "bid.submit",
            ProjectStep::BidWithdraw => "bid.withdraw",
            ProjectStep::BidReplace => "bid.replace",
            ProjectStep::Open => "project.open",
            ProjectStep::Qualify => "project.qualify",
            ProjectStep::Draw => "project.draw",
            ProjectStep::Declare => "panel.declare",
            ProjectStep::Score => "panel.score",
            ProjectStep::Report => "project.report",
            ProjectStep::Confirm => "project.confirm",
            ProjectStep::ResultNotice => "project.result_notice",
            ProjectStep::Contract => "project.contract",
            ProjectStep::Amend => "project.amend",
            ProjectStep::Accept => "project.accept",
            ProjectStep::Pay => "project.pay",
            ProjectStep::RefundSecurity => "project.refund_security",
            ProjectStep::ChallengeFile => "challenge.file",
            ProjectStep::ChallengeAnswer => "challenge.answer",
            ProjectStep::Terminate => "project.terminate",
        }
    }

    /// The workflow events the step is, in order (empty: the step does not move the node).
    pub fn events(self, method: Method) -> &'static [EventKind] {
        use EventKind::*;
        let single = method == Method::SingleSource;
        match self {
            ProjectStep::Create => &[PlanFiled],
            ProjectStep::Notice if single => &[NoticePublished],
            ProjectStep::Notice => &[NoticePublished, DocumentsIssued],
            ProjectStep::Clarify => &[Clarified],
            ProjectStep::Open => &[BidsOpened],
            ProjectStep::Draw => &[ExpertsDrawn],
            ProjectStep::Report if single => &[ReportDelivered],
            ProjectStep::Report => &[EvaluationDone, ReportDelivered],
            ProjectStep::Confirm => &[WinnerConfirmed],
            ProjectStep::ResultNotice => &[AwardNoticeSent],
            ProjectStep::Contract => &[ContractSigned],
            ProjectStep::Accept => &[Accepted],
            ProjectStep::Pay => &[PaymentMade],
            ProjectStep::ChallengeFile => &[ChallengeFiled],
            ProjectStep::ChallengeAnswer => &[ChallengeResolved],
            ProjectStep::Terminate => &[Terminated],
            ProjectStep::Invite
            | ProjectStep::BidSubmit
            | ProjectStep::BidWithdraw
            | ProjectStep::BidReplace
            | ProjectStep::Qualify
            | ProjectStep::Declare
            | ProjectStep::Score
            | ProjectStep::Amend
            | ProjectStep::RefundSecurity => &[],
        }
    }

    /// The nodes whose checks the step runs.
    pub fn check_nodes(self) -> &'static [Node] {
        match self {
            ProjectStep::Notice => &[
                Node::DocumentPreparation,
                Node::NoticeInvitation,
                Node::DocumentIssue,
            ],
            ProjectStep::Clarify => &[Node::Clarification],
            ProjectStep::Open => &[Node::DeadlineOpening],
            ProjectStep::Draw => &[Node::ExpertDraw],
            ProjectStep::Report => &[Node::Evaluation, Node::ReportAward],
            ProjectStep::Confirm | ProjectStep::ResultNotice => &[Node::ReportAward],
            ProjectStep::Contract => &[Node::Contract, Node::Challenge],
            ProjectStep::Amend | ProjectStep::RefundSecurity => &[Node::Contract],
            ProjectStep::Accept | ProjectStep::Pay => &[Node::Performance],
            ProjectStep::ChallengeFile | ProjectStep::ChallengeAnswer => &[Node::Challenge],
            ProjectStep::Create
            | ProjectStep::Invite
            | ProjectStep::BidSubmit
            | ProjectStep::BidWithdraw
            | ProjectStep::BidReplace
            | ProjectStep::Qualify
            | ProjectStep::Declare
            | ProjectStep::Score
            | ProjectStep::Terminate => &[],
        }
    }

    /// Whether the step may happen in `state` apart from its events (for the steps without an
    /// event: bids before the opening, declarations and scores between the draw and the report,
    /// amendments and refunds after the contract or the result notice).
    pub fn allowed_in(self, method: Method, state: &ProcState) -> Result<(), Text> {
        // After 废标 / 终止 the bid securities are still refunded (财政部令第87号 Art 38: within
        // 5 working days of the termination), and a supplier may still challenge the failure —
        // it is a result of the procurement (财政部令第94号 Art 10) — and be answered; nothing
        // else happens on the project.
        if state.terminated {
            return match self {
                ProjectStep::RefundSecurity
                | ProjectStep::ChallengeFile
                | ProjectStep::ChallengeAnswer => Ok(()),
                _ => Err(Text::new("采购已终止", "the procurement has ended")),
            };
        }
        let node = state.node;
        match self {
            ProjectStep::Invite => match node {
                Some(Node::BudgetPlan | Node::NoticeInvitation | Node::DocumentIssue) => Ok(()),
                _ => Err(Text::new(
                    "开标后不能再邀请供应商",
                    "no invitation after the opening",
                )),
            },
            ProjectStep::BidSubmit | ProjectStep::BidWithdraw | ProjectStep::BidReplace => {
                if method == Method::SingleSource {
                    return Err(Text::new(
                        "单一来源采购不接收投标",
                        "single source takes no bids",
                    ));
                }
                match node {
                    Some(Node::NoticeInvitation | Node::DocumentIssue | Node::Clarification) => {
                        Ok(())
                    }
                    _ => Err(Text::new(
                        "当前不接收投标文件",
                        "the project takes no bids now",
                    )),
                }
            }
            ProjectStep::Qualify => match node {
                Some(Node::DeadlineOpening | Node::ExpertDraw) => Ok(()),
                _ => Err(Text::new(
                    "开标后、评审前进行资格审查",
                    "the qualification review comes after the opening, before the evaluation",
                )),
            },
            ProjectStep::Declare | ProjectStep::Score => match node {
                Some(Node::ExpertDraw) => Ok(()),
                _ => Err(Text::new("当前不在评审阶段", "the evaluation is not open")),
            },
            ProjectStep::Amend => match node {
                Some(Node::Contract | Node::Performance) => Ok(()),
                _ => Err(Text::new(
                    "合同签订前不能补充或变更",
                    "no amendment before the contract",
                )),
            },
            ProjectStep::RefundSecurity => {
                if state.award_notice_sent {
                    Ok(())
                } else {
                    Err(Text::new(
                        "通知书发出前不退还投标保证金",
                        "securities are refunded after the award notice",
                    ))
                }
            }
            _ => Ok(()),
        }
    }
}

/// The checks whose flag forbids `step`: nothing is stored when one of them flags.
pub fn forbidding_checks(step: ProjectStep) -> &'static [&'static str] {
    match step {
        ProjectStep::Notice => &["P19", "P23"],
        ProjectStep::Clarify => &["P21"],
        ProjectStep::Open => &["M18"],
        ProjectStep::Draw => &["M03", "M06", "M07", "M08", "M09"],
        ProjectStep::Contract => &["A04", "M26"],
        _ => &[],
    }
}

/// The findings that forbid `step`.
pub fn refusals(findings: &[PlanFinding], step: ProjectStep) -> Vec<&PlanFinding> {
    let ids = forbidding_checks(step);
    findings
        .iter()
        .filter(|f| ids.contains(&f.check_id.as_str()))
        .collect()
}

/// The flags among check outcomes, one per check (the first).
pub fn findings(outcomes: &[(&'static CheckMeta, Outcome)]) -> Vec<PlanFinding> {
    let mut out: Vec<PlanFinding> = Vec::new();
    for (meta, outcome) in outcomes {
        if out.iter().any(|f| f.check_id == meta.id) {
            continue;
        }
        if let Some(f) = PlanFinding::new(meta, outcome) {
            out.push(f);
        }
    }
    out
}

fn required(field: &str) -> FieldError {
    FieldError::new(
        field,
        "required",
        Text::new("此项必填", "This field is required"),
    )
}

/// Reads a China-time instant as typed (`2026-04-01 09:30` or `2026-04-01T09:30`).
pub fn parse_instant(field: &str, value: &str) -> Result<Instant, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(required(field));
    }
    Instant::parse(v).map_err(|_| {
        FieldError::new(
            field,
            "bad_time",
            Text::new(
                "时间格式应为 2026-04-01 09:30（北京时间）",
                "Write the time as 2026-04-01 09:30 (China time)",
            ),
        )
    })
}

fn parse_optional_amount(field: &str, value: &str) -> Result<Option<Fen>, FieldError> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        parse_amount(field, value).map(Some)
    }
}

fn parse_count(field: &str, value: &str, max: u32) -> Result<u32, FieldError> {
    match value.trim().parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(FieldError::with_message(
            field,
            "out_of_range",
            format!("应为0–{max}的整数"),
            format!("A whole number, 0–{max}"),
        )),
    }
}

/// The scoring scheme of the documents as stored (the scheme itself is rebuilt and validated by
/// [`ScoringScheme::new`] whenever it is used).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemeSpec {
    pub criteria: Vec<Criterion>,
    pub price: Option<PriceCriterion>,
    pub decimals: u8,
}

impl SchemeSpec {
    pub fn scheme(&self) -> Option<ScoringScheme> {
        ScoringScheme::new(self.criteria.clone(), self.price.clone(), self.decimals).ok()
    }
}

/// The terms of the procurement documents that later steps need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    pub max_price: Option<Fen>,
    pub bid_security: Option<Fen>,
    pub min_validity_days: Option<u32>,
    /// `None`: lowest evaluated price wins (最低评标价法 / 询价 / 谈判).
    pub scheme: Option<SchemeSpec>,
    /// Specialties (category codes) of the experts to draw.
    pub specialties: Vec<String>,
}

/// The notice-and-documents form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NoticeForm {
    /// 最高限价 (yuan); empty: none.
    pub max_price: String,
    /// The bid / response deadline, China time.
    pub deadline: String,
    /// 投标保证金 (yuan); empty: none.
    pub bid_security: String,
    /// Required bid validity, days; empty: none.
    pub min_validity_days: String,
    /// `lowest_price` or `comprehensive`.
    pub scoring_method: String,
    /// Points of the price item (comprehensive scoring).
    pub price_points: String,
    /// One criterion a line: `名称|分值|主观` or `名称|分值|客观`.
    pub criteria: String,
    /// Media the notice is published in (one a line); empty: the province's designated site.
    pub media: String,
    /// The lots, one a line `名称|预算|最高限价` (`crate::lots::parse_lots`); empty: none.
    pub lots: String,
}

/// A parsed notice-and-documents form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewNotice {
    pub terms: Terms,
    pub deadline: Instant,
    pub media: Vec<String>,
    /// The lots (分包); empty: the project is one process.
    #[serde(default)]
    pub lots: Vec<crate::model::Lot>,
}

/// The designated medium used when a notice names none.
pub const DEFAULT_MEDIUM: &str = "中国政府采购网江苏分网";

impl NoticeForm {
    /// Every field error at once. `budget`: the plan's amount (the ceiling may not exceed it);
    /// `now`: the deadline must lie after it; `method`: single source has no scoring.
    pub fn parse(
        &self,
        method: Method,
        budget: Fen,
        now: Instant,
    ) -> Result<NewNotice, FieldErrors> {
        let mut e = FieldErrors::new();
        let max_price = e
            .take(parse_optional_amount("max_price", &self.max_price))
            .flatten();
        if let Some(m) = max_price {
            if m > budget {
                e.push(FieldError::with_message(
                    "max_price",
                    "above_budget",
                    format!("最高限价不得超过预算金额{budget}元"),
                    format!("The ceiling may not exceed the budget of CNY {budget}"),
                ));
            }
        }
        let deadline = e.take(parse_instant("deadline", &self.deadline));
        if let Some(d) = deadline {
            if d <= now {
                e.push(FieldError::new(
                    "deadline",
                    "past",
                    Text::new("截止时间应晚于现在", "The deadline must lie in the future"),
                ));
            }
        }
        let bid_security = e
            .take(parse_optional_amount("bid_security", &self.bid_security))
            .flatten();
        if let (Some(s), Some(limit)) =
            (bid_security, max_price.unwrap_or(budget).mul_ratio(2, 100))
        {
            if s > limit {
                e.push(FieldError::new(
                    "bid_security",
                    "above_two_percent",
                    Text::new(
                        "投标保证金不得超过采购项目预算金额的2%",
                        "The bid security may not exceed 2 % of the budget",
                    ),
                ));
            }
        }
        let min_validity_days = if self.min_validity_days.trim().is_empty() {
            None
        } else {
            e.take(parse_count(
                "min_validity_days",
                &self.min_validity_days,
                crate::bidding::VALIDITY_MAX_DAYS,
            ))
        };
        let scheme = match self.scoring_method.trim() {
            "" | "lowest_price" => None,
            "comprehensive" if method != Method::SingleSource => {
                e.take(parse_scheme(&self.price_points, &self.criteria))
            }
            _ => {
                e.push(FieldError::new(
                    "scoring_method",
                    "unknown",
                    Text::new("请选择评审方法", "Choose a scoring method"),
                ));
                None
            }
        };
        let lots = if self.lots.trim().is_empty() {
            Vec::new()
        } else if method == Method::SingleSource {
            e.push(FieldError::new(
                "lots",
                "single_source",
                Text::new("单一来源采购不分包", "single source has no lots"),
            ));
            Vec::new()
        } else {
            match crate::lots::parse_lots(&self.lots, budget) {
                Ok(l) => l,
                Err(errors) => {
                    e.0.extend(errors.0);
                    Vec::new()
                }
            }
        };
        let media: Vec<String> = self
            .media
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        match deadline {
            Some(deadline) if e.is_empty() => Ok(NewNotice {
                terms: Terms {
                    max_price,
                    bid_security,
                    min_validity_days,
                    scheme,
                    specialties: Vec::new(),
                },
                deadline,
                media: if media.is_empty() {
                    vec![DEFAULT_MEDIUM.to_owned()]
                } else {
                    media
                },
                lots,
            }),
            _ => Err(e),
        }
    }
}

fn parse_points(field: &str, v: &str) -> Result<i64, FieldError> {
    let bad = || {
        FieldError::new(
            field,
            "bad_points",
            Text::new(
                "分值应为正数，最多两位小数",
                "Points: a positive number, at most 2 decimals",
            ),
        )
    };
    let fen = Fen::parse_yuan(v.trim()).map_err(|_| bad())?;
    if fen.fen() <= 0 {
        return Err(bad());
    }
    Ok(fen.fen())
}

/// The comprehensive scheme from the typed price points and criteria lines.
fn parse_scheme(price_points: &str, criteria: &str) -> Result<SchemeSpec, FieldError> {
    let price = if price_points.trim().is_empty() {
        None
    } else {
        Some(PriceCriterion {
            id: "price".into(),
            max_hundredths: parse_points("price_points", price_points)?,
            formula: PriceFormula::LowestBase,
        })
    };
    let mut list = Vec::new();
    for (i, line) in criteria
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let bad = || {
            FieldError::with_message(
                "criteria",
                "bad_line",
                format!("第{}行应写作“名称|分值|主观”或“名称|分值|客观”", i + 1),
                format!(
                    "Line {}: write “name|points|subjective” or “name|points|objective”",
                    i + 1
                ),
            )
        };
        let [name, points, kind] = parts.as_slice() else {
            return Err(bad());
        };
        let subjective = match *kind {
            "主观" | "subjective" => true,
            "客观" | "objective" => false,
            _ => return Err(bad()),
        };
        if name.is_empty() {
            return Err(bad());
        }
        list.push(Criterion {
            id: format!("c{}", i + 1),
            name: (*name).to_owned(),
            max_hundredths: parse_points("criteria", points).map_err(|_| bad())?,
            subjective,
        });
    }
    let spec = SchemeSpec {
        criteria: list,
        price,
        decimals: 2,
    };
    ScoringScheme::new(spec.criteria.clone(), spec.price.clone(), spec.decimals).map_err(
        |err| {
            FieldError::with_message(
                "criteria",
                "bad_scheme",
                format!(
                    "{}（各项分值合计应为{}分）",
                    err.message(crate::i18n::Lang::Zh),
                    TOTAL_HUNDREDTHS / 100
                ),
                err.message(crate::i18n::Lang::En),
            )
        },
    )?;
    Ok(spec)
}

/// A clarification: its text and, optionally, the new deadline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClarifyForm {
    pub text: String,
    pub deadline: String,
}

impl ClarifyForm {
    pub fn parse(&self, current: Instant) -> Result<(String, Option<Instant>), FieldErrors> {
        let mut e = FieldErrors::new();
        let text = self.text.trim().to_owned();
        if text.is_empty() {
            e.push(required("text"));
        }
        let deadline = if self.deadline.trim().is_empty() {
            None
        } else {
            e.take(parse_instant("deadline", &self.deadline))
        };
        if deadline.is_some_and(|d| d < current) {
            e.push(FieldError::new(
                "deadline",
                "earlier",
                Text::new(
                    "澄清不能提前截止时间",
                    "A clarification may not bring the deadline forward",
                ),
            ));
        }
        if e.is_empty() {
            Ok((text, deadline))
        } else {
            Err(e)
        }
    }
}

/// The purchaser's confirmation of the winner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConfirmForm {
    /// The supplier's id (the ranking's choice).
    pub supplier_id: String,
    /// Single source without bids: the supplier by its credit code or full name.
    pub supplier: String,
    /// Why another than the first-ranked (M23); empty otherwise.
    pub deviation_reason: String,
    /// Single source only: the negotiated amount (yuan).
    pub amount: String,
    /// The lot (`crate::lots`); empty for a project without lots.
    pub lot: String,
}

/// A contract as signed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContractForm {
    pub amount: String,
    /// Days after acceptance within which payment is due.
    pub payment_term_days: String,
    /// The lot whose award the contract is for; empty for a project without lots.
    pub lot: String,
}

impl ContractForm {
    pub fn parse(&self) -> Result<(Fen, u32), FieldErrors> {
        let mut e = FieldErrors::new();
        let amount = e.take(parse_amount("amount", &self.amount));
        let term = if self.payment_term_days.trim().is_empty() {
            Some(30)
        } else {
            e.take(parse_count(
                "payment_term_days",
                &self.payment_term_days,
                365,
            ))
        };
        match (amount, term) {
            (Some(a), Some(t)) if e.is_empty() => Ok((a, t)),
            _ => Err(e),
        }
    }
}

/// An add-on amendment (补充合同).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AmendForm {
    pub delta: String,
    pub justification: String,
    /// The lot of the contract; empty for a project without lots.
    pub lot: String,
}

impl AmendForm {
    pub fn parse(&self) -> Result<(Fen, String), FieldErrors> {
        let mut e = FieldErrors::new();
        let delta = e.take(parse_amount("delta", &self.delta));
        let j = self.justification.trim().to_owned();
        if j.is_empty() {
            e.push(required("justification"));
        }
        match delta {
            Some(d) if e.is_empty() => Ok((d, j)),
            _ => Err(e),
        }
    }
}

/// A payment under the contract.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentForm {
    pub amount: String,
    /// `on` for the final payment.
    pub is_final: String,
    /// The lot of the contract; empty for a project without lots.
    pub lot: String,
}

impl PaymentForm {
    pub fn parse(&self) -> Result<(Fen, bool), FieldErrors> {
        let amount = parse_amount("amount", &self.amount).map_err(|e| FieldErrors(vec![e]))?;
        Ok((amount, !self.is_final.trim().is_empty()))
    }
}

/// A supplier's inquiry (询问) or challenge (质疑).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChallengeForm {
    /// `inquiry` or `challenge`.
    pub kind: String,
    /// `documents` (the default when left out), `process` or `result`
    /// (`crate::disclosure::ChallengeSubject`).
    pub subject: String,
    pub text: String,
    /// `on` when it may affect the result.
    pub affects_result: String,
}

/// A parsed inquiry or challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeFiling {
    pub kind: crate::model::ChallengeKind,
    pub subject: crate::disclosure::ChallengeSubject,
    pub text: String,
    pub affects_result: bool,
}

impl ChallengeForm {
    pub fn parse(&self) -> Result<ChallengeFiling, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = match self.kind.trim() {
            "inquiry" => Some(crate::model::ChallengeKind::Inquiry),
            "challenge" => Some(crate::model::ChallengeKind::Challenge),
            _ => {
                e.push(FieldError::new(
                    "kind",
                    "unknown",
                    Text::new("请选择询问或质疑", "Choose inquiry or challenge"),
                ));
                None
            }
        };
        let subject = if self.subject.trim().is_empty() {
            Some(crate::disclosure::ChallengeSubject::Documents)
        } else {
            let s = crate::disclosure::ChallengeSubject::from_code(&self.subject);
            if s.is_none() {
                e.push(FieldError::new(
                    "subject",
                    "unknown",
                    Text::new(
                        "请选择质疑事项：采购文件、采购过程或采购结果",
                        "Choose what it is about: the documents, the process or the result",
                    ),
                ));
            }
            s
        };
        let text = self.text.trim().to_owned();
        if text.is_empty() {
            e.push(required("text"));
        }
        match (kind, subject) {
            (Some(kind), Some(subject)) if e.is_empty() => Ok(ChallengeFiling {
                kind,
                subject,
                text,
                affects_result: !self.affects_result.trim().is_empty(),
            }),
            _ => Err(e),
        }
    }
}

/// An expert's declaration: the bidders (supplier ids) with which the expert has a conflict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeclarationForm {
    pub conflicts: Vec<String>,
    /// `on`: the expert confirms the declaration is complete.
    pub confirm: String,
}

impl DeclarationForm {
    pub fn parse(&self) -> Result<Vec<String>, FieldErrors> {
        if self.confirm.trim().is_empty() {
            return Err(FieldErrors(vec![FieldError::new(
                "confirm",
                "required",
                Text::new(
                    "请确认已如实声明与投标人的利害关系",
                    "Confirm that the declaration is complete",
                ),
            )]));
        }
        let mut c: Vec<String> = self
            .conflicts
            .iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        c.sort();
        c.dedup();
        Ok(c)
    }
}

fn parse_id(field: &str, value: &str) -> Result<i64, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(required(field));
    }
    match v.parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(FieldError::new(
            field,
            "unknown",
            Text::new("请从列表中选择", "Choose one from the list"),
        )),
    }
}

/// The purchaser starts the procurement of a released plan: entrusted to an agency, or run by
/// the unit itself (`agency_id` empty or `self`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateForm {
    pub plan_id: String,
    /// The agency's organisation id; empty or `self`: self-procurement (自行采购).
    pub agency_id: String,
}

impl CreateForm {
    /// The plan and the agency (`None`: self-procurement).
    pub fn parse(&self) -> Result<(i64, Option<i64>), FieldErrors> {
        let mut e = FieldErrors::new();
        let plan = e.take(parse_id("plan_id", &self.plan_id));
        let agency = match self.agency_id.trim() {
            "" | "self" => Some(None),
            a => e.take(parse_id("agency_id", a)).map(Some),
        };
        match (plan, agency) {
            (Some(p), Some(a)) if e.is_empty() => Ok((p, a)),
            _ => Err(e),
        }
    }
}

/// One bid's verdict of the qualification review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qualification {
    pub bid_id: i64,
    pub qualified: bool,
    /// Why it failed (told to the bidder, 财政部令第87号 Art 69); `None` when it passed.
    pub reason: Option<String>,
}

/// The qualification review as posted: for each bid in force `verdict.{bid}` — `pass` or
/// `fail` — and, for a failed bid, `reason.{bid}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QualificationForm {
    pub verdict: std::collections::BTreeMap<String, String>,
    pub reason: std::collections::BTreeMap<String, String>,
}

impl QualificationForm {
    /// The verdicts on the bids in force (`bids`): every bid needs one; a failed bid needs its
    /// reason (at most 500 characters). Verdicts on other bids are not read.
    pub fn parse(&self, bids: &[i64]) -> Result<Vec<Qualification>, FieldErrors> {
        let mut errors = Vec::new();
        let mut out = Vec::new();
        for bid in bids {
            let key = bid.to_string();
            let reason = self
                .reason
                .get(&key)
                .map(|r| r.trim().to_owned())
                .unwrap_or_default();
            let reason_field = format!("reason.{bid}");
            match self.verdict.get(&key).map(|v| v.trim()) {
                Some("pass") => out.push(Qualification {
                    bid_id: *bid,
                    qualified: true,
                    reason: None,
                }),
                Some("fail") if reason.is_empty() => errors.push(FieldError::new(
                    &reason_field,
                    "required",
                    Text::new(
                        "请写明资格审查不通过的原因（将告知投标人）",
                        "Say why the bid fails the review (the bidder is told)",
                    ),
                )),
                Some("fail") if reason.chars().count() > 500 => errors.push(FieldError::new(
                    &reason_field,
                    "too_long",
                    Text::new("原因不超过 500 字", "At most 500 characters"),
                )),
                Some("fail") => out.push(Qualification {
                    bid_id: *bid,
                    qualified: false,
                    reason: Some(reason),
                }),
                _ => errors.push(FieldError::new(
                    &format!("verdict.{bid}"),
                    "required",
                    Text::new(
                        "请为每份投标选择通过或不通过",
                        "Choose pass or fail for every bid",
                    ),
                )),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(FieldErrors(errors))
        }
    }
}

/// An invitation of one registered supplier: by its 统一社会信用代码 or its full name as the
/// purchaser knows it (`supplier`), or — for programs — by the platform's number
/// (`supplier_id`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub supplier: String,
    pub supplier_id: String,
}

/// Whom an invitation names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invitee {
    /// The platform's number of the supplier.
    Id(i64),
    /// Its unified social credit code.
    Code(crate::credit_code::CreditCode),
    /// Its full registered name.
    Name(String),
}

impl InviteForm {
    pub fn parse(&self) -> Result<Invitee, FieldErrors> {
        if !self.supplier_id.trim().is_empty() {
            return parse_id("supplier_id", &self.supplier_id)
                .map(Invitee::Id)
                .map_err(|e| FieldErrors(vec![e]));
        }
        let typed = self.supplier.trim();
        if typed.is_empty() {
            return Err(FieldErrors(vec![required("supplier")]));
        }
        if let Ok(code) = crate::credit_code::CreditCode::parse(typed) {
            return Ok(Invitee::Code(code));
        }
        // 18 letters and digits that are not a valid code: a mistyped code, not a name.
        if typed.chars().count() == 18 && typed.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(FieldErrors(vec![FieldError::new(
                "supplier",
                "invalid",
                Text::new(
                    "统一社会信用代码无效，请核对",
                    "This unified social credit code is not valid: check it",
                ),
            )]));
        }
        if typed.chars().count() > 200 {
            return Err(FieldErrors(vec![FieldError::new(
                "supplier",
                "too_long",
                Text::new("单位名称过长", "The name is too long"),
            )]));
        }
        Ok(Invitee::Name(typed.to_owned()))
    }
}

/// Several registered suppliers have the name a form gives: the credit code tells them apart.
pub fn ambiguous_invitee() -> FieldError {
    FieldError::new(
        "supplier",
        "ambiguous",
        Text::new(
            "有多家供应商使用这个名称：请填写统一社会信用代码",
            "Several suppliers have this name: give the unified social credit code",
        ),
    )
}

/// No registered supplier has the code or the name an invitation gives.
/// The name typed is only that of suppliers whose identity is not verified yet: a name is
/// anyone's to type, so they are named by their code.
pub fn unverified_invitee() -> FieldError {
    FieldError::new(
        "supplier",
        "unverified",
        Text::new(
            "该单位名称的供应商尚未完成身份核验：请填写其统一社会信用代码",
            "No supplier of this name has its identity verified yet: give its unified social credit code",
        ),
    )
}

pub fn unknown_invitee() -> FieldError {
    FieldError::new(
        "supplier",
        "unknown",
        Text::new(
            "平台上没有这个供应商：请核对统一社会信用代码或单位全称",
            "No registered supplier has this code or name: check the unified social credit code or the full name",
        ),
    )
}

/// What the purchaser confirms: the winner, why not the first-ranked, the single-source amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    pub supplier: Invitee,
    pub deviation_reason: Option<String>,
    pub amount: Option<Fen>,
    /// The lot (`None`: the project has none).
    pub lot: Option<String>,
}

impl ConfirmForm {
    pub fn parse(&self) -> Result<Confirmation, FieldErrors> {
        let mut e = FieldErrors::new();
        // The ranking's choice by number, or a supplier named by code or name (single source).
        let supplier = if self.supplier_id.trim().is_empty() && !self.supplier.trim().is_empty() {
            match (InviteForm {
                supplier: self.supplier.clone(),
                supplier_id: String::new(),
            })
            .parse()
            {
                Ok(s) => Some(s),
                Err(errors) => {
                    e.0.extend(errors.0);
                    None
                }
            }
        } else {
            e.take(parse_id("supplier_id", &self.supplier_id))
                .map(Invitee::Id)
        };
        let amount = e
            .take(parse_optional_amount("amount", &self.amount))
            .flatten();
        let reason = self.deviation_reason.trim();
        match supplier {
            Some(supplier) if e.is_empty() => Ok(Confirmation {
                supplier,
                deviation_reason: (!reason.is_empty()).then(|| reason.to_owned()),
                amount,
                lot: crate::lots::lot_field(&self.lot),
            }),
            _ => Err(e),
        }
    }
}

/// The acceptance of the contract's performance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AcceptForm {
    /// `passed` or `failed`.
    pub result: String,
    /// The lot of the contract; empty for a project without lots.
    pub lot: String,
}

impl AcceptForm {
    /// Whether the performance passed.
    pub fn parse(&self) -> Result<bool, FieldErrors> {
        match self.result.trim() {
            "passed" => Ok(true),
            "failed" => Ok(false),
            _ => Err(FieldErrors(vec![FieldError::new(
                "result",
                "unknown",
                Text::new("请选择验收结论", "Choose the result of the acceptance"),
            )])),
        }
    }
}

/// Why a procurement fails or ends (政府采购法 第36条 for tenders; the same grounds end the other
/// methods under 财政部令第74号 and 财库〔2014〕214号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureGround {
    /// (一) 符合专业条件的供应商或者对招标文件作实质响应的供应商不足三家
    TooFewSuppliers,
    /// (二) 出现影响采购公正的违法、违规行为
    Violation,
    /// (三) 投标人的报价均超过了采购预算，采购人不能支付
    OverBudget,
    /// (四) 因重大变故，采购任务取消
    Cancelled,
}

impl FailureGround {
    pub const ALL: [FailureGround; 4] = [
        FailureGround::TooFewSuppliers,
        FailureGround::Violation,
        FailureGround::OverBudget,
        FailureGround::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FailureGround::TooFewSuppliers => "too_few_suppliers",
            FailureGround::Violation => "violation",
            FailureGround::OverBudget => "over_budget",
            FailureGround::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<FailureGround> {
        FailureGround::ALL.into_iter().find(|g| g.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            FailureGround::TooFewSuppliers => Text::new(
                "合格或实质响应的供应商不足三家",
                "Fewer than three qualified or responsive suppliers",
            ),
            FailureGround::Violation => Text::new(
                "出现影响采购公正的违法、违规行为",
                "A violation affecting the fairness of the procurement",
            ),
            FailureGround::OverBudget => Text::new(
                "报价均超过采购预算，采购人不能支付",
                "Every price exceeds the budget the purchaser can pay",
            ),
            FailureGround::Cancelled => Text::new(
                "因重大变故，采购任务取消",
                "The procurement task is cancelled after a major change",
            ),
        }
    }
}

/// The longest stated reason of a termination (it is published with the termination notice).
pub const TERMINATION_REASON_MAX_CHARS: usize = 500;

/// The termination of a procurement as the runner states it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TerminateForm {
    /// A [`FailureGround`] code.
    pub ground: String,
    /// The reason told to every bidder and published with the notice.
    pub reason: String,
    /// One lot that fails alone (`crate::lots`); empty: the whole procurement.
    pub lot: String,
}

/// A parsed termination: a ground and a reason of 1–500 characters, of the whole procurement or
/// of one lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Termination {
    ground: FailureGround,
    reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    lot: Option<String>,
}

impl Termination {
    pub fn ground(&self) -> FailureGround {
        self.ground
    }
    pub fn reason(&self) -> &str {
        &self.reason
    }
    /// The lot that fails alone; `None`: the whole procurement ends.
    pub fn lot(&self) -> Option<&str> {
        self.lot.as_deref()
    }
}

impl<'de> Deserialize<'de> for Termination {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            ground: FailureGround,
            reason: String,
            #[serde(default)]
            lot: Option<String>,
        }
        let raw = Raw::deserialize(d)?;
        TerminateForm {
            ground: raw.ground.code().to_owned(),
            reason: raw.reason,
            lot: raw.lot.unwrap_or_default(),
        }
        .parse()
        .map_err(|e| serde::de::Error::custom(e.to_string()))
    }
}

impl TerminateForm {
    pub fn parse(&self) -> Result<Termination, FieldErrors> {
        let mut errors = FieldErrors::new();
        let ground = FailureGround::from_code(self.ground.trim());
        if ground.is_none() {
            errors.push(FieldError::new(
                "ground",
                "unknown",
                Text::new("请选择废标或终止的事由", "Choose the ground"),
            ));
        }
        let reason = self.reason.trim();
        if reason.is_empty() {
            errors.push(FieldError::new(
                "reason",
                "required",
                Text::new(
                    "请说明理由（将告知所有投标人并公告）",
                    "State the reason (told to every bidder and published)",
                ),
            ));
        } else if reason.chars().count() > TERMINATION_REASON_MAX_CHARS {
            errors.push(FieldError::new(
                "reason",
                "too_long",
                Text::new("理由不超过500字", "The reason has at most 500 characters"),
            ));
        }
        match ground {
            Some(ground) if errors.is_empty() => Ok(Termination {
                ground,
                reason: reason.to_owned(),
                lot: crate::lots::lot_field(&self.lot),
            }),
            _ => Err(errors),
        }
    }
}

/// The refund of one bid's security.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RefundForm {
    pub bid_id: String,
}

impl RefundForm {
    pub fn parse(&self) -> Result<i64, FieldErrors> {
        parse_id("bid_id", &self.bid_id).map_err(|e| FieldErrors(vec![e]))
    }
}

/// The answer to an inquiry or a challenge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    pub answer: String,
}

impl AnswerForm {
    pub fn parse(&self) -> Result<String, FieldErrors> {
        let a = self.answer.trim();
        if a.is_empty() {
            Err(FieldErrors(vec![required("answer")]))
        } else {
            Ok(a.to_owned())
        }
    }
}

impl ProjectStep {
    /// The name of the step's form post (the refusal banner's `form`, the `?done=` flag).
    pub fn form(self) -> &'static str {
        match self {
            ProjectStep::Create => "create",
            ProjectStep::Notice => "notice",
            ProjectStep::Invite => "invite",
            ProjectStep::Clarify => "clarify",
            ProjectStep::BidSubmit => "bid",
            ProjectStep::BidWithdraw => "withdraw",
            ProjectStep::BidReplace => "replace",
            ProjectStep::Open => "open",
            ProjectStep::Qualify => "qualification",
            ProjectStep::Draw => "draw",
            ProjectStep::Declare => "declaration",
            ProjectStep::Score => "score",
            ProjectStep::Report => "report",
            ProjectStep::Confirm => "confirm",
            ProjectStep::ResultNotice => "result_notice",
            ProjectStep::Contract => "contract",
            ProjectStep::Amend => "amendment",
            ProjectStep::Accept => "acceptance",
            ProjectStep::Pay => "payment",
            ProjectStep::RefundSecurity => "security_refund",
            ProjectStep::ChallengeFile => "challenge",
            ProjectStep::ChallengeAnswer => "answer",
            ProjectStep::Terminate => "terminate",
        }
    }

    /// The step whose form post is named `form`.
    pub fn of_form(form: &str) -> Option<ProjectStep> {
        crate::steps::STEPS
            .into_iter()
            .chain([ProjectStep::Create])
            .find(|s| s.form() == form)
    }

    /// The step's name for people (the monitor, the audit view).
    pub fn name(self) -> Text {
        match self {
            ProjectStep::Create => Text::new("采购项目立项", "Project started"),
            ProjectStep::Notice => {
                Text::new("发布公告和采购文件", "Notice and documents published")
            }
            ProjectStep::Invite => Text::new("邀请供应商", "Supplier invited"),
            ProjectStep::Clarify => Text::new("澄清或修改", "Clarification"),
            ProjectStep::BidSubmit => Text::new("递交投标文件", "Bid submitted"),
            ProjectStep::BidWithdraw => Text::new("撤回投标文件", "Bid withdrawn"),
            ProjectStep::BidReplace => Text::new("修改投标文件", "Bid replaced"),
            ProjectStep::Open => Text::new("开标", "Bids opened"),
            ProjectStep::Qualify => Text::new("资格审查", "Qualification review"),
            ProjectStep::Draw => Text::new("抽取评审专家", "Experts drawn"),
            ProjectStep::Declare => Text::new("专家回避声明", "Expert declaration"),
            ProjectStep::Score => Text::new("专家评分", "Score sheet"),
            ProjectStep::Report => Text::new("送交评审报告", "Evaluation report"),
            ProjectStep::Confirm => Text::new("确定中标（成交）供应商", "Winner confirmed"),
            ProjectStep::ResultNotice => Text::new("发布结果公告", "Result notice"),
            ProjectStep::Contract => Text::new("签订合同", "Contract signed"),
            ProjectStep::Amend => Text::new("补充合同", "Contract amended"),
            ProjectStep::Accept => Text::new("履约验收", "Acceptance"),
            ProjectStep::Pay => Text::new("支付资金", "Payment"),
            ProjectStep::RefundSecurity => Text::new("退还投标保证金", "Bid security refunded"),
            ProjectStep::ChallengeFile => Text::new("提出询问或质疑", "Inquiry or challenge"),
            ProjectStep::ChallengeAnswer => Text::new("答复询问或质疑", "Challenge answered"),
            ProjectStep::Terminate => Text::new("废标 / 终止采购", "Procurement failed / ended"),
        }
    }
}

/// A20's findings of a report: each score more than `threshold_hundredths` from the median of
/// its bid's scores (`scoring::deviating_scores`), naming the expert and the bid by number.
pub fn score_deviation_findings(
    sheets: &[crate::model::ScoreSheet],
    threshold_hundredths: i64,
) -> Vec<PlanFinding> {
    let Some(m) = crate::checks::meta("A20") else {
        return Vec::new();
    };
    crate::scoring::deviating_scores(sheets, threshold_hundredths)
        .into_iter()
        .map(|d| {
            let score = crate::scoring::points(d.total_hundredths);
            let off = crate::scoring::points(d.deviation_x2.abs() / 2);
            PlanFinding {
                check_id: m.id.to_owned(),
                title_zh: m.title.zh.to_owned(),
                title_en: m.title.en.to_owned(),
                stage: m.stage,
                severity: m.severity,
                message_zh: format!(
                    "专家{}对投标{}的评分{score}偏离中位数{off}",
                    d.person_id, d.bid_id
                ),
                message_en: format!(
                    "Expert {}'s score for bid {} ({score}) deviates from the median by {off}",
                    d.person_id, d.bid_id
                ),
                evidence: serde_json::to_value(&d).unwrap_or(serde_json::Value::Null),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Instant {
        Instant::parse("2026-03-02T09:00").unwrap()
    }

    #[test]
    fn notice_form_reads_every_field_and_the_scheme() {
        let f = NoticeForm {
            max_price: "900,000".into(),
            deadline: "2026-03-23 09:30".into(),
            bid_security: "10,000".into(),
            min_validity_days: "90".into(),
            scoring_method: "comprehensive".into(),
            price_points: "30".into(),
            criteria: "技术方案|40|主观\n售后服务|20|主观\n业绩|10|客观".into(),
            media: String::new(),
            lots: "电脑|600,000|550,000\n打印机|300,000".into(),
        };
        let n = f
            .parse(Method::PublicTender, Fen(100_000_000), now())
            .unwrap();
        assert_eq!(n.lots.len(), 2);
        assert_eq!(n.lots[1].budget_amount, Some(Fen(30_000_000)));
        let e = NoticeForm {
            lots: "电脑|600,000\n打印机|600,000".into(),
            ..f.clone()
        }
        .parse(Method::PublicTender, Fen(100_000_000), now())
        .unwrap_err();
        assert!(e.for_field("lots").is_some());
        assert!(NoticeForm {
            scoring_method: "lowest_price".into(),
            ..f.clone()
        }
        .parse(Method::SingleSource, Fen(100_000_000), now())
        .unwrap_err()
        .for_field("lots")
        .is_some());
        assert_eq!(n.terms.max_price, Some(Fen(90_000_000)));
        assert!(n.terms.scheme.as_ref().unwrap().scheme().is_some());
        assert_eq!(n.media, vec![DEFAULT_MEDIUM.to_owned()]);
        let bad = NoticeForm {
            max_price: "2,000,000".into(),
            deadline: "2026-03-01 09:30".into(),
            scoring_method: "comprehensive".into(),
            price_points: "30".into(),
            criteria: "技术方案|40|主观".into(),
            ..f
        };
        let e = bad
            .parse(Method::PublicTender, Fen(100_000_000), now())
            .unwrap_err();
        for field in ["max_price", "deadline", "criteria"] {
            assert!(e.for_field(field).is_some(), "{field}: {e:?}");
        }
    }

    #[test]
    fn small_forms_read_ids_and_choices() {
        let c = CreateForm {
            plan_id: "7".into(),
            agency_id: "self".into(),
        };
        assert_eq!(c.parse().unwrap(), (7, None));
        let c = CreateForm {
            plan_id: "x".into(),
            agency_id: "-3".into(),
        };
        let e = c.parse().unwrap_err();
        assert!(e.for_field("plan_id").is_some() && e.for_field("agency_id").is_some());
        let f = ConfirmForm {
            supplier_id: "4".into(),
            supplier: String::new(),
            deviation_reason: " ".into(),
            amount: "1,000".into(),
            lot: " 2 ".into(),
        };
        let ok = f.parse().unwrap();
        assert_eq!(ok.lot.as_deref(), Some("2"));
        assert_eq!((ok.supplier, ok.deviation_reason), (Invitee::Id(4), None));
        // Single source: the supplier by name (no number to know).
        let named = ConfirmForm {
            supplier: "常州太湖信息技术有限公司".into(),
            amount: "1,000".into(),
            ..ConfirmForm::default()
        };
        assert_eq!(
            named.parse().unwrap().supplier,
            Invitee::Name("常州太湖信息技术有限公司".into())
        );
        assert!(ConfirmForm::default().parse().is_err());
        assert_eq!(ok.amount, Some(Fen(100_000)));
        assert!(AcceptForm::default().parse().is_err());
        assert!(AcceptForm {
            result: "failed".into(),
            lot: String::new(),
        }
        .parse()
        .is_ok_and(|p| !p));
        assert!(AnswerForm::default().parse().is_err());
        let invite = |supplier: &str, id: &str| {
            InviteForm {
                supplier: supplier.into(),
                supplier_id: id.into(),
            }
            .parse()
        };
        assert_eq!(invite("", "9").unwrap(), Invitee::Id(9));
        assert_eq!(
            invite(" 常州某某科技有限公司 ", "").unwrap(),
            Invitee::Name("常州某某科技有限公司".into())
        );
        assert!(matches!(
            invite("91320402mA1xxxxxxx", "").unwrap_err().0[0]
                .code
                .as_str(),
            "invalid"
        ));
        assert_eq!(invite("", "").unwrap_err().0[0].field, "supplier");
        assert!(RefundForm::default().parse().is_err());
    }

    #[test]
    fn steps_name_their_forbidding_checks() {
        assert_eq!(forbidding_checks(ProjectStep::Notice), &["P19", "P23"]);
        assert!(forbidding_checks(ProjectStep::Contract).contains(&"A04"));
        assert_eq!(
            ProjectStep::Notice.events(Method::SingleSource),
            &[EventKind::NoticePublished]
        );
        let st = ProcState {
            node: Some(Node::DeadlineOpening),
            ..ProcState::default()
        };
        assert!(ProjectStep::BidSubmit
            .allowed_in(Method::PublicTender, &st)
            .is_err());
    }
}
