//! The desk: what concerns an account now — each item what to do, on what (by name, linked),
//! the legal due date in the unit the law counts it, and how much time is left, overdue first.
//!
//! The items are not a second set of rules. A project's items are the steps
//! [`crate::steps::offered`] lets the account take now (the same list the project page offers),
//! kept when [`to_do`] says the step is something waiting to be done (not a permission such as
//! clarifying or withdrawing a bid); a plan's are [`crate::plan_steps`]'s. The due date of a
//! step is the time limit of catalogue B.2 the checks judge it by, computed by
//! [`crate::challenge::due`] (working days from the calendar; calendar days moved off a rest
//! day, 民法典 Art 203):
//!
//! | step | due | counted from |
//! |---|---|---|
//! | submit a bid (invited) / open the bids | the bid deadline in force | — |
//! | confirm the winner | T17: 5 working days | the report delivered to the purchaser |
//! | result notice | T18: 2 working days | the winner confirmed |
//! | contract | T20: 30 days | the award notice sent |
//! | refund bid security | T23: 5 working days | the award notice sent |
//! | pay an SME | the agreed term, else T30's 30 days, at most 60 | acceptance (or delivery) |
//! | answer an inquiry / challenge | T29 / T25 (`challenge::answer_due`) | received |
//!
//! Other steps (publish the notice, draw the panel, declare, score, report, accept) have no
//! period of their own in the catalogue: they are listed without a due date, after the dated
//! ones.

use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::challenge::{answer_due, due};
use crate::execution::ProjectStep;
use crate::i18n::{Both, Lang, Text};
use crate::steps::{Part, Situation};
use crate::thresholds::{DayUnit, ThresholdTable, TimeLimitId};
use crate::time::{Date, Instant};

/// What is to be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// A step of a project ([`crate::steps::offered`]).
    Step(ProjectStep),
    /// 下达执行: a plan filed by a colleague waits for this reviewer.
    ReleasePlan,
    /// 开始采购: a released plan without a round under way.
    StartRound,
    /// A request to the finance department waits for its decision.
    DecideRequest,
    /// The regulator asked a question or ordered a rectification: reply.
    ReplyCase,
    /// A supervision case waits for the regulator's next step.
    PursueCase,
    /// Critical findings of the jurisdiction not yet looked at (triage state new).
    TriageFindings,
    /// An expert's application to the library waits for admission.
    AdmitExpert,
    /// The holiday arrangement of a year needed now is not loaded.
    LoadHolidays,
}

impl Task {
    /// The order of undated items of the same day: a project's steps in procedure order, then
    /// the plans, the regulator's and the administrator's items.
    fn order(self) -> u16 {
        match self {
            Task::Step(step) => step as u16,
            Task::ReplyCase => 100,
            Task::ReleasePlan => 101,
            Task::StartRound => 102,
            Task::DecideRequest => 103,
            Task::PursueCase => 104,
            Task::TriageFindings => 107,
            Task::AdmitExpert => 105,
            Task::LoadHolidays => 106,
        }
    }

    pub fn name(self) -> Text {
        match self {
            Task::Step(step) => step_task_name(step),
            Task::ReleasePlan => Text::new("审核并下达采购计划", "Review and release the plan"),
            Task::StartRound => Text::new("开始采购", "Start the procurement"),
            Task::DecideRequest => Text::new("审批申请待决定", "Decide the request"),
            Task::ReplyCase => Text::new("答复监管部门", "Reply to the regulator"),
            Task::PursueCase => Text::new("推进监督案件", "Take the case further"),
            Task::TriageFindings => Text::new("处置严重预警", "Triage the critical findings"),
            Task::AdmitExpert => Text::new("审核专家入库申请", "Decide an expert's application"),
            Task::LoadHolidays => Text::new("导入节假日安排", "Load the holiday arrangement"),
        }
    }
}

/// A step as a thing to do (the imperative, where [`ProjectStep::name`] names the act).
fn step_task_name(step: ProjectStep) -> Text {
    match step {
        ProjectStep::Notice => Text::new("发布采购公告", "Publish the procurement notice"),
        ProjectStep::BidSubmit => Text::new("递交投标（响应）文件", "Submit a bid"),
        ProjectStep::Open => Text::new("开标", "Open the bids"),
        ProjectStep::Qualify => Text::new("进行资格审查", "Review the bidders' qualification"),
        ProjectStep::Draw => Text::new("抽取评审专家", "Draw the evaluation panel"),
        ProjectStep::Declare => Text::new("签署回避声明", "Declare conflicts of interest"),
        ProjectStep::Score => Text::new("提交评分表", "Submit the score sheet"),
        ProjectStep::Report => Text::new("出具评审报告", "Deliver the evaluation report"),
        ProjectStep::Confirm => Text::new("确定中标（成交）供应商", "Confirm the winner"),
        ProjectStep::ResultNotice => Text::new(
            "发布结果公告并发出通知书",
            "Publish the result and send the award notice",
        ),
        ProjectStep::Contract => Text::new("签订采购合同", "Sign the contract"),
        ProjectStep::Accept => Text::new("履约验收", "Accept the delivery"),
        ProjectStep::Pay => Text::new("支付合同款项", "Pay the supplier"),
        ProjectStep::RefundSecurity => Text::new("退还投标保证金", "Refund the bid security"),
        ProjectStep::ChallengeAnswer => {
            Text::new("答复询问、质疑", "Answer an inquiry or challenge")
        }
        other => other.name(),
    }
}

/// What an item is about, and where the account acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Target {
    Project(i64),
    Plan(i64),
    /// A supervision case, as the regulator works it.
    Case(i64),
    /// A case's question or order addressed to the account's organisation, by the event that
    /// asked it (its replies page).
    PartyCase(i64),
    /// The regulator's approvals page.
    Request(i64),
    /// An application in the expert library.
    Expert(i64),
    /// An expert's seat on a project's panel (its page of panels, where it declares and scores).
    Seat(i64),
    /// The regulator's findings, filtered to the new critical ones.
    NewCriticalFindings,
    Calendar,
}

impl Target {
    /// The page where the account acts on it.
    pub fn href(self) -> String {
        match self {
            Target::Project(id) => format!("/projects/{id}"),
            Target::Plan(id) => format!("/plans/{id}"),
            Target::Case(id) => format!("/regulator/cases/{id}"),
            Target::PartyCase(event) => format!("/cases#item-{event}"),
            Target::Request(id) => format!("/regulator/approvals#request-{id}"),
            Target::Expert(_) => "/regulator/experts?status=applied".to_owned(),
            Target::Seat(project) => format!("/expert/panels#seat-{project}"),
            Target::NewCriticalFindings => {
                "/regulator/findings?state=new&severity=critical".to_owned()
            }
            Target::Calendar => "/admin/calendar".to_owned(),
        }
    }

    /// The kind of record, for people.
    pub fn kind(self) -> Text {
        match self {
            Target::Project(_) | Target::Seat(_) => Text::new("采购项目", "Project"),
            Target::Plan(_) => Text::new("采购计划", "Plan"),
            Target::Case(_) | Target::PartyCase(_) => Text::new("监督案件", "Case"),
            Target::Request(_) => Text::new("审批申请", "Request"),
            Target::Expert(_) => Text::new("专家申请", "Application"),
            Target::NewCriticalFindings => Text::new("预警", "Findings"),
            Target::Calendar => Text::new("节假日历", "Holiday calendar"),
        }
    }
}

/// How a due date is counted, as the law states the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Counted {
    /// At an instant (the bid deadline).
    At { at: Instant },
    /// A period of `amount` days in `unit`, from the catalogue's limit `basis` (or the
    /// contract's agreed payment term when `basis` is `None`).
    Period {
        amount: i64,
        unit: DayUnit,
        basis: Option<TimeLimitId>,
    },
    /// Set by someone (the regulator's reply date): no period of its own.
    Set,
}

/// A due date: the last day (China date) on which the act is in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub last_day: Date,
    pub counted: Counted,
    /// The last day lies in a year whose holiday arrangement is not loaded: provisional.
    pub provisional: bool,
}

impl Deadline {
    /// A deadline at an instant.
    pub fn at(at: Instant, calendar: &Calendar) -> Deadline {
        let last_day = at.china_date();
        Deadline {
            last_day,
            counted: Counted::At { at },
            provisional: calendar.is_provisional(last_day),
        }
    }

    /// A date someone set (a reply asked by a given day).
    pub fn set(last_day: Date, calendar: &Calendar) -> Deadline {
        Deadline {
            last_day,
            counted: Counted::Set,
            provisional: calendar.is_provisional(last_day),
        }
    }

    /// The period `id` of the catalogue counted from `start` (the start day not counted).
    pub fn period(
        calendar: &Calendar,
        thresholds: &ThresholdTable,
        id: TimeLimitId,
        start: Instant,
    ) -> Option<Deadline> {
        let d = due(calendar, thresholds, id, start.china_date(), 0).ok()?;
        Some(Deadline {
            last_day: d.date,
            counted: Counted::Period {
                amount: d.limit.value.amount,
                unit: d.limit.value.unit,
                basis: Some(id),
            },
            provisional: calendar.is_provisional(d.date),
        })
    }

    /// How the period is stated, e.g. 「法定5个工作日」, 「开标时间 2026-12-08 09:30」.
    pub fn rule(&self, lang: Lang) -> String {
        match (self.counted, lang) {
            (Counted::At { at }, Lang::Zh) => format!("截止时间 {}", at.china_display()),
            (Counted::At { at }, Lang::En) => format!("deadline {}", at.china_display()),
            (
                Counted::Period {
                    amount,
                    unit,
                    basis,
                },
                lang,
            ) => {
                let days = match (unit, lang) {
                    (DayUnit::Working, Lang::Zh) => format!("{amount}个工作日"),
                    (DayUnit::Working, Lang::En) => format!("{amount} working days"),
                    (_, Lang::Zh) => format!("{amount}日"),
                    (_, Lang::En) => format!("{amount} days"),
                };
                match (basis, lang) {
                    (Some(_), Lang::Zh) => format!("法定{days}"),
                    (Some(_), Lang::En) => format!("{days} by law"),
                    (None, Lang::Zh) => format!("合同约定{days}"),
                    (None, Lang::En) => format!("{days} as agreed"),
                }
            }
            (Counted::Set, Lang::Zh) => "监管部门限定日期".to_owned(),
            (Counted::Set, Lang::En) => "date set by the regulator".to_owned(),
        }
    }

    /// How much time is left on `today` (China date).
    pub fn left(&self, today: Date, calendar: &Calendar) -> Left {
        if today > self.last_day {
            return Left::Overdue {
                days: today.to_days() - self.last_day.to_days(),
            };
        }
        if today == self.last_day {
            return Left::Today;
        }
        let working = matches!(
            self.counted,
            Counted::Period {
                unit: DayUnit::Working,
                ..
            }
        );
        let calendar_days = self.last_day.to_days() - today.to_days();
        match working.then(|| calendar.workdays_between(today, self.last_day)) {
            Some(Ok(count)) => Left::Remaining {
                count,
                working: true,
            },
            // Outside the calendar: counted in calendar days, and said so.
            _ => Left::Remaining {
                count: calendar_days,
                working: false,
            },
        }
    }
}

/// The time left before a due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Left {
    /// Past the last day by `days` calendar days.
    Overdue { days: i64 },
    /// Today is the last day.
    Today,
    /// `count` days (working days when `working`) after today, up to the last day included.
    Remaining { count: i64, working: bool },
}

impl Left {
    pub fn text(self, lang: Lang) -> String {
        match (self, lang) {
            (Left::Overdue { days }, Lang::Zh) => format!("已逾期{days}日"),
            (Left::Overdue { days }, Lang::En) => {
                format!("{days} day{} overdue", if days == 1 { "" } else { "s" })
            }
            (Left::Today, Lang::Zh) => "今日到期".to_owned(),
            (Left::Today, Lang::En) => "due today".to_owned(),
            (Left::Remaining { count, working }, Lang::Zh) => {
                format!("还剩{count}{}", if working { "个工作日" } else { "日" })
            }
            (Left::Remaining { count, working }, Lang::En) => format!(
                "{count} {}day{} left",
                if working { "working " } else { "" },
                if count == 1 { "" } else { "s" }
            ),
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, Left::Overdue { .. })
    }

    /// Due today or within one more day: shown as urgent.
    pub fn is_urgent(self) -> bool {
        match self {
            Left::Overdue { .. } | Left::Today => true,
            Left::Remaining { count, .. } => count <= 1,
        }
    }
}

/// One item of a desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub task: Task,
    pub target: Target,
    /// The project's, plan's, case's or expert's name.
    pub name: String,
    /// A second line: the unit, the kind of request, the case's state… in both languages
    /// (names as they are).
    pub detail: Option<Both>,
    pub due: Option<Deadline>,
}

/// Orders a desk: dated items by their last day (so the overdue come first, the soonest next),
/// then the undated ones; a tie keeps the task order and the name.
pub fn sort(items: &mut [Item]) {
    items.sort_by(|a, b| {
        let key = |i: &Item| {
            (
                i.due.is_none(),
                i.due.map(|d| d.last_day),
                i.due.and_then(|d| match d.counted {
                    Counted::At { at } => Some(at),
                    _ => None,
                }),
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.task.order().cmp(&b.task.order()))
            .then_with(|| a.name.cmp(&b.name))
    });
}

/// Whether the project can put nothing on anyone's desk any more, whatever the time: no
/// question or challenge is unanswered, no bid's security is held (`securities_held`: a bid
/// not replaced whose security is not refunded), and the procurement ended (废标 / 终止) or
/// every lot that did not fail alone has its contract accepted and paid in full. Only a new
/// step on the project (a challenge filed) can change it, and every step records it anew: the
/// desk reads only the projects not settled.
pub fn settled(s: &Situation<'_>, securities_held: bool) -> bool {
    if s.unanswered > 0 || securities_held {
        return false;
    }
    if s.state.terminated {
        return true;
    }
    let r = s.record;
    crate::lots::live_keys(r).iter().all(|k| {
        r.contract_for_lot(k.as_deref()).is_some_and(|c| {
            r.acceptances
                .iter()
                .any(|a| a.contract_id == c.id && a.done_at.is_some())
                && crate::steps::paid_in_full(r, c)
        })
    })
}

/// Whether an offered step is something waiting to be done (a desk item), rather than a
/// permission the account may use (clarify, invite, withdraw or replace a bid, amend, end the
/// procurement, challenge). A supplier's bid is a to-do where it was invited; a public tender
/// is an opportunity, found on the open tenders list. Acceptance waits while a contract has
/// none.
pub fn to_do(step: ProjectStep, s: &Situation<'_>, part: &Part) -> bool {
    match step {
        ProjectStep::BidSubmit => part.supplier.is_some_and(|p| p.invited),
        ProjectStep::Accept => s.record.contracts.iter().any(|c| {
            !s.record
                .acceptances
                .iter()
                .any(|a| a.contract_id == c.id && a.done_at.is_some())
        }),
        ProjectStep::Notice
        | ProjectStep::Open
        | ProjectStep::Qualify
        | ProjectStep::Draw
        | ProjectStep::Declare
        | ProjectStep::Score
        | ProjectStep::Report
        | ProjectStep::Confirm
        | ProjectStep::ResultNotice
        | ProjectStep::Contract
        | ProjectStep::Pay
        | ProjectStep::RefundSecurity
        | ProjectStep::ChallengeAnswer => true,
        ProjectStep::Create
        | ProjectStep::Invite
        | ProjectStep::Clarify
        | ProjectStep::BidWithdraw
        | ProjectStep::BidReplace
        | ProjectStep::Amend
        | ProjectStep::ChallengeFile
        | ProjectStep::Terminate => false,
    }
}

/// The due date of an offered step, where the law sets one (the table in the module's doc);
/// with several lots or contracts, the earliest.
pub fn step_deadline(
    step: ProjectStep,
    s: &Situation<'_>,
    calendar: &Calendar,
    thresholds: &ThresholdTable,
) -> Option<Deadline> {
    let r = s.record;
    let period =
        |id: TimeLimitId, start: Instant| Deadline::period(calendar, thresholds, id, start);
    let earliest = |ds: Vec<Deadline>| ds.into_iter().min_by_key(|d| d.last_day);
    match step {
        ProjectStep::BidSubmit | ProjectStep::Open => {
            s.state.deadline.map(|at| Deadline::at(at, calendar))
        }
        ProjectStep::Confirm => earliest(
            r.reports
                .iter()
                // The latest version of each lot's report is the one to confirm from.
                .filter(|rep| {
                    !r.reports
                        .iter()
                        .any(|o| o.lot_id == rep.lot_id && o.version > rep.version)
                })
                .filter(|rep| {
                    !r.awards
                        .iter()
                        .any(|a| a.lot_id == rep.lot_id && a.confirmed_at.is_some())
                })
                .filter_map(|rep| rep.delivered_at)
                .filter_map(|at| period(TimeLimitId::T17, at))
                .collect(),
        ),
        ProjectStep::ResultNotice => earliest(
            r.awards
                .iter()
                .filter(|a| a.notified_at.is_none())
                .filter_map(|a| a.confirmed_at)
                .filter_map(|at| period(TimeLimitId::T18, at))
                .collect(),
        ),
        ProjectStep::Contract => earliest(
            r.awards
                .iter()
                .filter(|a| r.contract_for_lot(a.lot_id.as_deref()).is_none())
                .filter_map(|a| a.notified_at)
                .filter_map(|at| period(TimeLimitId::T20, at))
                .collect(),
        ),
        // The bids whose security is still held decide it: [`refund_deadline`].
        ProjectStep::RefundSecurity => None,
        ProjectStep::Pay => earliest(
            r.contracts
                .iter()
                .filter_map(|c| sme_payment_deadline(s, c, calendar, thresholds))
                .collect(),
        ),
        ProjectStep::ChallengeAnswer => earliest(
            r.challenges
                .iter()
                .filter(|c| c.answered_at.is_none())
                .filter_map(|c| {
                    let d = answer_due(calendar, thresholds, c).ok()?;
                    Some(Deadline {
                        last_day: d.date,
                        counted: Counted::Period {
                            amount: d.limit.value.amount,
                            unit: d.limit.value.unit,
                            basis: Some(match c.kind {
                                crate::model::ChallengeKind::Inquiry => TimeLimitId::T29,
                                crate::model::ChallengeKind::Challenge => TimeLimitId::T25,
                                crate::model::ChallengeKind::Complaint => TimeLimitId::T27,
                            }),
                        },
                        provisional: calendar.is_provisional(d.date),
                    })
                })
                .collect(),
        ),
        _ => None,
    }
}

/// A bid whose security is still held (not refunded), by its supplier and lot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldSecurity {
    pub supplier_id: String,
    pub lot: Option<String>,
}

/// T23 for the securities still held (A09's reading, `award::security_refund_due`): a losing
/// bidder's within 5 working days of its lot's award notice, the winner's of the contract's
/// signature; the earliest. `None` while none is due yet (e.g. the winner's before signing).
pub fn refund_deadline(
    record: &crate::model::ProjectRecord,
    held: &[HeldSecurity],
    calendar: &Calendar,
    thresholds: &ThresholdTable,
) -> Option<Deadline> {
    held.iter()
        .filter_map(|h| {
            let award = record
                .awards
                .iter()
                .find(|a| a.lot_id == h.lot && a.notified_at.is_some())?;
            let from = if award.supplier_id == h.supplier_id {
                record.contract_for_lot(h.lot.as_deref())?.signed_at?
            } else {
                award.notified_at?
            };
            Deadline::period(calendar, thresholds, TimeLimitId::T23, from)
        })
        .min_by_key(|d| d.last_day)
}

/// A contract with an SME not yet paid in full: the agreed term (at most the legal maximum),
/// else the statutory term, from acceptance or delivery as the contract says (保障中小企业款项支付
/// 条例; the same reading as A11). `None` for a contract with a larger firm, or before the start.
fn sme_payment_deadline(
    s: &Situation<'_>,
    c: &crate::model::Contract,
    calendar: &Calendar,
    thresholds: &ThresholdTable,
) -> Option<Deadline> {
    let r = s.record;
    if !r.supplier(&c.supplier_id)?.size?.is_sme() {
        return None;
    }
    let paid: i64 = r
        .payments
        .iter()
        .filter(|p| p.contract_id.as_deref() == Some(c.id.as_str()))
        .map(|p| p.amount.0)
        .sum();
    if c.amount.is_some_and(|a| paid >= a.0)
        || r.payments
            .iter()
            .any(|p| p.contract_id.as_deref() == Some(c.id.as_str()) && p.is_final == Some(true))
    {
        return None;
    }
    let after_acceptance = c.payment_after_acceptance.unwrap_or(true);
    let start = r
        .acceptances
        .iter()
        .filter(|a| a.contract_id == c.id)
        .filter_map(|a| {
            if after_acceptance {
                a.done_at.filter(|_| a.passed != Some(false))
            } else {
                a.delivered_at
            }
        })
        .min()?
        .china_date();
    let default = thresholds.sme_payment_days(start)?.value;
    let max = thresholds.sme_payment_max_days(start)?.value;
    let (amount, basis) = match c.payment_term_days {
        Some(t) => (t.min(max), None),
        None => (default, Some(TimeLimitId::T30)),
    };
    let last_day = calendar.period_end_calendar_days(start, amount).ok()?;
    Some(Deadline {
        last_day,
        counted: Counted::Period {
            amount,
            unit: DayUnit::Calendar,
            basis,
        },
        provisional: calendar.is_provisional(last_day),
    })
}

/// How many items are overdue or due today: the navigation's urgent mark.
pub fn urgent_count(items: &[Item], today: Date, calendar: &Calendar) -> usize {
    count_left(items, today, calendar, Left::is_urgent)
}

/// How many items are overdue: the desk's summary.
pub fn overdue_count(items: &[Item], today: Date, calendar: &Calendar) -> usize {
    count_left(items, today, calendar, Left::is_overdue)
}

fn count_left(items: &[Item], today: Date, calendar: &Calendar, when: fn(Left) -> bool) -> usize {
    items
        .iter()
        .filter(|i| i.due.is_some_and(|d| when(d.left(today, calendar))))
        .count()
}

#[cfg(test)]
mod tests;
