//! Supervision cases (监督检查案件) and the triage of findings: the states and the transitions a
//! regulator may make, as pure functions. A case is opened from one or more findings; the
//! regulator asks the purchaser or agency questions with a due date in working days, records
//! the conclusion with violation codes (check ids), orders rectification (整改), receives the
//! report, and closes it. Nothing is ever deleted: every transition is appended to the history.

use serde::{Deserialize, Serialize};

use crate::i18n::Text;

mod forms;
pub use forms::*;

/// The state of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// 立案: opened from findings.
    Open,
    /// 询问中: questions sent, answer awaited (due in working days).
    Inquiry,
    /// 已认定: a conclusion with violation codes is recorded.
    Concluded,
    /// 整改中: rectification ordered, report awaited.
    Rectifying,
    /// 整改报告已收到.
    Reported,
    /// 结案.
    Closed,
}

impl CaseState {
    pub const ALL: [CaseState; 6] = [
        CaseState::Open,
        CaseState::Inquiry,
        CaseState::Concluded,
        CaseState::Rectifying,
        CaseState::Reported,
        CaseState::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseState::Open => "open",
            CaseState::Inquiry => "inquiry",
            CaseState::Concluded => "concluded",
            CaseState::Rectifying => "rectifying",
            CaseState::Reported => "reported",
            CaseState::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseState> {
        CaseState::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    pub fn name(self) -> Text {
        match self {
            CaseState::Open => Text::new("已立案", "Open"),
            CaseState::Inquiry => Text::new("询问中", "Inquiry"),
            CaseState::Concluded => Text::new("已认定", "Concluded"),
            CaseState::Rectifying => Text::new("整改中", "Rectifying"),
            CaseState::Reported => Text::new("整改报告已收到", "Report received"),
            CaseState::Closed => Text::new("已结案", "Closed"),
        }
    }
}

/// What a regulator (or the questioned party) does to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseAction {
    /// Send questions (with a due date).
    Ask,
    /// The purchaser or agency answers.
    Answer,
    /// Record the conclusion (violation codes, or none found).
    Conclude,
    /// Order rectification (with a due date).
    OrderRectification,
    /// The rectification report arrives.
    ReceiveReport,
    /// Close the case.
    Close,
}

impl CaseAction {
    pub const ALL: [CaseAction; 6] = [
        CaseAction::Ask,
        CaseAction::Answer,
        CaseAction::Conclude,
        CaseAction::OrderRectification,
        CaseAction::ReceiveReport,
        CaseAction::Close,
    ];

    /// The code stored in the case history and posted by the forms.
    pub fn code(self) -> &'static str {
        match self {
            CaseAction::Ask => "ask",
            CaseAction::Answer => "answer",
            CaseAction::Conclude => "conclude",
            CaseAction::OrderRectification => "order_rectification",
            CaseAction::ReceiveReport => "receive_report",
            CaseAction::Close => "close",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseAction> {
        CaseAction::ALL
            .into_iter()
            .find(|a| a.code() == code.trim())
    }

    pub fn name(self) -> Text {
        match self {
            CaseAction::Ask => Text::new("询问", "Ask"),
            CaseAction::Answer => Text::new("答复", "Answer"),
            CaseAction::Conclude => Text::new("作出认定", "Conclude"),
            CaseAction::OrderRectification => Text::new("责令整改", "Order rectification"),
            CaseAction::ReceiveReport => Text::new("提交整改报告", "Rectification report"),
            CaseAction::Close => Text::new("结案", "Close"),
        }
    }

    /// Whether the regulator takes this action (the others are the questioned party's: the
    /// answer and the rectification report).
    pub fn by_regulator(self) -> bool {
        !matches!(self, CaseAction::Answer | CaseAction::ReceiveReport)
    }
}

/// Why a transition is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{action:?} is not allowed in state {state:?}")]
pub struct IllegalCaseTransition {
    pub state: CaseState,
    pub action: CaseAction,
}

impl IllegalCaseTransition {
    pub fn message(&self) -> Text {
        Text::new(
            "当前案件状态下不能进行此操作",
            "This action is not allowed in the case's current state",
        )
    }
}

/// The state after `action`, or why it is not allowed. Questions may be asked again while
/// waiting and after an answer; a conclusion needs the inquiry to be answered or no inquiry at
/// all; a case is closed after a conclusion without violations, or after the rectification
/// report; a closed case stays closed.
pub fn next(
    state: CaseState,
    action: CaseAction,
    violations_found: bool,
) -> Result<CaseState, IllegalCaseTransition> {
    use CaseAction::*;
    use CaseState::*;
    let to = match (state, action) {
        (Open | Inquiry, Ask) => Some(Inquiry),
        (Inquiry, Answer) => Some(Open),
        (Open, Conclude) => Some(Concluded),
        (Concluded, OrderRectification) if violations_found => Some(Rectifying),
        (Rectifying, ReceiveReport) => Some(Reported),
        (Concluded, Close) if !violations_found => Some(Closed),
        (Reported, Close) => Some(Closed),
        _ => None,
    };
    to.ok_or(IllegalCaseTransition { state, action })
}

/// The state after an answer: [`next`]`(state, Answer)` once no question stays unanswered;
/// while `still_unanswered` other questions wait, the case stays in inquiry (the answer is
/// recorded all the same).
pub fn after_answer(
    state: CaseState,
    still_unanswered: usize,
) -> Result<CaseState, IllegalCaseTransition> {
    let to = next(state, CaseAction::Answer, false)?;
    Ok(if still_unanswered > 0 { state } else { to })
}

/// The actions allowed in a state (for the page's buttons).
pub fn allowed(state: CaseState, violations_found: bool) -> Vec<CaseAction> {
    [
        CaseAction::Ask,
        CaseAction::Answer,
        CaseAction::Conclude,
        CaseAction::OrderRectification,
        CaseAction::ReceiveReport,
        CaseAction::Close,
    ]
    .into_iter()
    .filter(|a| next(state, *a, violations_found).is_ok())
    .collect()
}

/// The triage state of one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriageState {
    New,
    Acknowledged,
    Assigned,
    Resolved,
    FalsePositive,
}

impl TriageState {
    pub const ALL: [TriageState; 5] = [
        TriageState::New,
        TriageState::Acknowledged,
        TriageState::Assigned,
        TriageState::Resolved,
        TriageState::FalsePositive,
    ];
    pub fn code(self) -> &'static str {
        match self {
            TriageState::New => "new",
            TriageState::Acknowledged => "acknowledged",
            TriageState::Assigned => "assigned",
            TriageState::Resolved => "resolved",
            TriageState::FalsePositive => "false_positive",
        }
    }
    pub fn from_code(code: &str) -> Option<TriageState> {
        TriageState::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
    }
    pub fn name(self) -> Text {
        match self {
            TriageState::New => Text::new("新预警", "New"),
            TriageState::Acknowledged => Text::new("已知悉", "Acknowledged"),
            TriageState::Assigned => Text::new("已分派", "Assigned"),
            TriageState::Resolved => Text::new("已处理", "Resolved"),
            TriageState::FalsePositive => Text::new("误报", "False positive"),
        }
    }
}

/// A case's findings must be of one jurisdiction (the regulator that opens it answers for it).
pub const ONE_JURISDICTION: Text = Text::new(
    "一个案件的预警须属于同一辖区",
    "The findings of a case must be of one jurisdiction",
);

/// What a regulator does with a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriageAction {
    Acknowledge,
    Assign,
    Resolve,
    MarkFalsePositive,
    Reopen,
}

impl TriageAction {
    pub const ALL: [TriageAction; 5] = [
        TriageAction::Acknowledge,
        TriageAction::Assign,
        TriageAction::Resolve,
        TriageAction::MarkFalsePositive,
        TriageAction::Reopen,
    ];
    pub fn code(self) -> &'static str {
        match self {
            TriageAction::Acknowledge => "acknowledge",
            TriageAction::Assign => "assign",
            TriageAction::Resolve => "resolve",
            TriageAction::MarkFalsePositive => "mark_false_positive",
            TriageAction::Reopen => "reopen",
        }
    }
    pub fn from_code(code: &str) -> Option<TriageAction> {
        TriageAction::ALL
            .into_iter()
            .find(|a| a.code() == code.trim())
    }
    pub fn name(self) -> Text {
        match self {
            TriageAction::Acknowledge => Text::new("知悉", "Acknowledge"),
            TriageAction::Assign => Text::new("分派", "Assign"),
            TriageAction::Resolve => Text::new("处理完毕", "Resolve"),
            TriageAction::MarkFalsePositive => Text::new("标记误报", "False positive"),
            TriageAction::Reopen => Text::new("重新打开", "Reopen"),
        }
    }
}

/// The triage form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TriageForm {
    pub action: String,
    pub note: String,
    pub assignee: String,
}

/// A valid triage step from `state`: the new state, the note and the assignee.
pub fn parse_triage(
    form: &TriageForm,
    state: TriageState,
) -> Result<(TriageAction, TriageState, Option<String>, Option<String>), crate::field::FieldErrors>
{
    use crate::field::{FieldError, FieldErrors};
    let mut e = FieldErrors::new();
    let action = TriageAction::from_code(&form.action);
    let note = form.note.trim();
    let assignee = form.assignee.trim();
    let to = match action {
        None => {
            e.push(FieldError::new(
                "action",
                "unknown",
                Text::new("请选择处理方式", "Choose an action"),
            ));
            None
        }
        Some(a) => match triage_next(state, a) {
            None => {
                e.push(FieldError::new(
                    "action",
                    "not_allowed",
                    Text::new(
                        "当前状态下不能这样处理",
                        "Not allowed in the finding's state",
                    ),
                ));
                None
            }
            Some(to) => Some(to),
        },
    };
    if let Some(a) = action {
        if triage_note_required(a) && note.chars().count() < 4 {
            e.push(FieldError::new(
                "note",
                "required",
                Text::new(
                    "请填写说明（至少4个字）",
                    "Write a note (at least 4 characters)",
                ),
            ));
        }
        if a == TriageAction::Assign && assignee.is_empty() {
            e.push(FieldError::new(
                "assignee",
                "required",
                Text::new("请填写承办人", "Name the assignee"),
            ));
        }
    }
    if note.chars().count() > 1000 || assignee.chars().count() > 50 {
        e.push(FieldError::new(
            "note",
            "too_long",
            Text::new("内容过长", "Too long"),
        ));
    }
    match (action, to) {
        (Some(a), Some(to)) if e.is_empty() => Ok((
            a,
            to,
            (!note.is_empty()).then(|| note.to_owned()),
            (!assignee.is_empty()).then(|| assignee.to_owned()),
        )),
        _ => Err(e),
    }
}

/// The triage state after `action`; a note is required for resolving, marking a false
/// positive and reopening (checked by [`triage_note_required`]).
pub fn triage_next(state: TriageState, action: TriageAction) -> Option<TriageState> {
    use TriageAction::*;
    use TriageState::*;
    match (state, action) {
        (New, Acknowledge) => Some(Acknowledged),
        (New | Acknowledged | Assigned, Assign) => Some(Assigned),
        (New | Acknowledged | Assigned, Resolve) => Some(Resolved),
        (New | Acknowledged | Assigned, MarkFalsePositive) => Some(FalsePositive),
        (Resolved | FalsePositive, Reopen) => Some(Acknowledged),
        _ => None,
    }
}

/// Whether an action needs a note (why it was resolved, why it is a false positive).
pub fn triage_note_required(action: TriageAction) -> bool {
    matches!(
        action,
        TriageAction::Resolve | TriageAction::MarkFalsePositive | TriageAction::Reopen
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseAction::*;
    use CaseState::*;

    #[test]
    fn a_case_runs_from_open_to_closed() {
        let mut s = Open;
        for (a, v) in [
            (Ask, true),
            (Answer, true),
            (Conclude, true),
            (OrderRectification, true),
            (ReceiveReport, true),
            (Close, true),
        ] {
            s = next(s, a, v).unwrap();
        }
        assert_eq!(s, Closed);
    }

    #[test]
    fn no_violation_closes_after_the_conclusion() {
        assert_eq!(next(Concluded, Close, false), Ok(Closed));
        assert!(next(Concluded, Close, true).is_err());
        assert!(next(Concluded, OrderRectification, false).is_err());
    }

    #[test]
    fn illegal_transitions_are_refused() {
        assert!(next(Closed, Ask, true).is_err());
        assert!(next(Inquiry, Conclude, true).is_err());
        assert!(next(Open, ReceiveReport, true).is_err());
        assert_eq!(allowed(Closed, true), vec![]);
        assert_eq!(allowed(Open, true), vec![Ask, Conclude]);
    }

    #[test]
    fn triage() {
        use TriageAction::*;
        use TriageState::*;
        assert_eq!(triage_next(New, Acknowledge), Some(Acknowledged));
        assert_eq!(triage_next(Resolved, Acknowledge), None);
        assert_eq!(triage_next(FalsePositive, Reopen), Some(Acknowledged));
        assert!(triage_note_required(MarkFalsePositive));
        assert!(!triage_note_required(Assign));
    }

    #[test]
    fn an_answer_reopens_only_when_nothing_waits() {
        assert_eq!(after_answer(Inquiry, 0), Ok(Open));
        assert_eq!(after_answer(Inquiry, 1), Ok(Inquiry));
        assert!(after_answer(Open, 0).is_err());
        assert!(after_answer(Closed, 0).is_err());
    }

    #[test]
    fn codes_round_trip() {
        for a in CaseAction::ALL {
            assert_eq!(CaseAction::from_code(a.code()), Some(a));
            assert_eq!(serde_json::to_value(a).unwrap(), a.code());
        }
        for s in CaseState::ALL {
            assert_eq!(CaseState::from_code(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
    }
}
