//! The forms of a supervision case as typed, and their parsing into checked values: opening a
//! case from findings, the regulator's steps (ask, conclude, order rectification, close) and the
//! questioned party's replies (answer, rectification report). Every problem is reported by field,
//! in Chinese and English; the transition itself is decided by [`super::next`].

use serde::{Deserialize, Serialize};

use super::{next, CaseAction, CaseState, IllegalCaseTransition};
use crate::calendar::{Calendar, CalendarError};
use crate::field::{FieldError, FieldErrors};
use crate::i18n::Text;
use crate::time::Date;

/// The longest text of a case (question, answer, conclusion, requirements, report), characters.
pub const MAX_CASE_TEXT: usize = 4000;
/// The longest case title, characters.
pub const MAX_CASE_TITLE: usize = 100;
/// The most findings one case is opened from.
pub const MAX_CASE_FINDINGS: usize = 50;
/// The longest period for an answer or a rectification, working days.
pub const MAX_DUE_WORKDAYS: i64 = 60;

/// A text of a case: trimmed, at least a few characters, at most [`MAX_CASE_TEXT`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseText(String);

impl CaseText {
    /// Parses `raw` for `field`: at least `min_chars` characters after trimming, at most `max`.
    pub fn parse(field: &str, raw: &str, min_chars: usize, max: usize) -> Result<Self, FieldError> {
        let t = raw.trim();
        let n = t.chars().count();
        if n < min_chars.max(1) {
            return Err(FieldError::with_message(
                field,
                "required",
                format!("请填写内容（至少{}个字）", min_chars.max(1)),
                format!("Please write at least {} characters", min_chars.max(1)),
            ));
        }
        if n > max {
            return Err(FieldError::with_message(
                field,
                "too_long",
                format!("内容过长（最多{max}个字）"),
                format!("Too long (at most {max} characters)"),
            ));
        }
        Ok(CaseText(t.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A violation code: the id of a check of the catalogue (`P04`, `M25`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ViolationCode(&'static str);

impl ViolationCode {
    /// The catalogue's check with this id (case-insensitive), if any.
    pub fn parse(code: &str) -> Option<ViolationCode> {
        crate::checks::meta(code.trim()).map(|m| ViolationCode(m.id))
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The check's title.
    pub fn title(self) -> Text {
        crate::checks::meta(self.0)
            .map(|m| m.title)
            .unwrap_or(Text::new("", ""))
    }
}

/// Reads violation codes typed as a list (commas, 、, semicolons or spaces between them): each a
/// check id of the catalogue; duplicates once; in catalogue order of typing. Empty: no violation
/// found.
pub fn parse_violations(raw: &str) -> Result<Vec<ViolationCode>, FieldError> {
    let mut out: Vec<ViolationCode> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    for part in raw
        .split(|c: char| matches!(c, ',' | '，' | '、' | ';' | '；') || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        match ViolationCode::parse(part) {
            Some(v) if !out.contains(&v) => out.push(v),
            Some(_) => {}
            None => unknown.push(part),
        }
    }
    if !unknown.is_empty() {
        let list: String = unknown
            .iter()
            .take(5)
            .map(|u| u.chars().take(10).collect::<String>())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(FieldError::with_message(
            "violations",
            "unknown_check",
            format!("违规代码不在检查目录中：{list}"),
            format!("Not a check id of the catalogue: {list}"),
        ));
    }
    Ok(out)
}

/// A period in working days (1 ..= [`MAX_DUE_WORKDAYS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueWorkdays(i64);

impl DueWorkdays {
    pub fn parse(raw: &str) -> Result<DueWorkdays, FieldError> {
        match raw.trim().parse::<i64>() {
            Ok(n) if (1..=MAX_DUE_WORKDAYS).contains(&n) => Ok(DueWorkdays(n)),
            _ => Err(FieldError::with_message(
                "workdays",
                "range",
                format!("期限为1至{MAX_DUE_WORKDAYS}个工作日"),
                format!("The period is 1 to {MAX_DUE_WORKDAYS} working days"),
            )),
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }

    /// The last day of the period counted from `today` (not counted) on the working-day
    /// calendar (holidays and 调休 make-up days included).
    pub fn due_from(self, today: Date, calendar: &Calendar) -> Result<Date, CalendarError> {
        calendar.period_end_workdays(today, self.0)
    }
}

/// Opening a case, as typed: the ids of the findings (checkboxes) and a title.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpenCaseForm {
    pub findings: Vec<String>,
    pub title: String,
}

/// A valid case opening: distinct finding ids (in the order given) and the title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub findings: Vec<i64>,
    pub title: CaseText,
}

impl OpenCaseForm {
    pub fn parse(&self) -> Result<NewCase, FieldErrors> {
        let mut e = FieldErrors::new();
        let mut ids: Vec<i64> = Vec::new();
        let mut bad = false;
        for f in &self.findings {
            match f.trim().parse::<i64>() {
                Ok(id) if id > 0 => {
                    if !ids.contains(&id) {
                        ids.push(id)
                    }
                }
                _ => bad = true,
            }
        }
        if bad || ids.is_empty() {
            e.push(FieldError::new(
                "findings",
                "required",
                Text::new("请选择至少一条预警", "Choose at least one finding"),
            ));
        } else if ids.len() > MAX_CASE_FINDINGS {
            e.push(FieldError::with_message(
                "findings",
                "too_many",
                format!("一个案件最多关联{MAX_CASE_FINDINGS}条预警"),
                format!("A case has at most {MAX_CASE_FINDINGS} findings"),
            ));
        }
        let title = e.take(CaseText::parse("title", &self.title, 2, MAX_CASE_TITLE));
        match title {
            Some(title) if e.is_empty() => Ok(NewCase {
                findings: ids,
                title,
            }),
            _ => Err(e),
        }
    }
}

/// A regulator's step on a case, as typed. `action` is a [`CaseAction`] code; the other fields
/// are used by the actions that need them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseStepForm {
    pub action: String,
    /// The questions, the conclusion, the rectification requirements or the closing note.
    pub text: String,
    /// The organisation addressed (ask, order rectification): its id.
    pub addressee: String,
    /// The period for the answer or the rectification, working days.
    pub workdays: String,
    /// The violation codes of the conclusion (check ids; empty: no violation found).
    pub violations: String,
}

/// A valid step of the regulator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseStep {
    Ask {
        addressee: i64,
        questions: CaseText,
        due: Date,
    },
    Conclude {
        violations: Vec<ViolationCode>,
        conclusion: CaseText,
    },
    OrderRectification {
        addressee: i64,
        requirements: CaseText,
        due: Date,
    },
    Close {
        note: Option<CaseText>,
    },
}

impl CaseStep {
    pub fn action(&self) -> CaseAction {
        match self {
            CaseStep::Ask { .. } => CaseAction::Ask,
            CaseStep::Conclude { .. } => CaseAction::Conclude,
            CaseStep::OrderRectification { .. } => CaseAction::OrderRectification,
            CaseStep::Close { .. } => CaseAction::Close,
        }
    }
}

/// What a step is checked against: the case as stored and today's date (China time).
#[derive(Debug, Clone, Copy)]
pub struct CaseSituation<'a> {
    pub state: CaseState,
    /// Whether the recorded conclusion names violations (false before a conclusion).
    pub violations_found: bool,
    /// The organisations the case may address (the purchaser units and agencies behind its
    /// findings).
    pub parties: &'a [i64],
    pub today: Date,
    pub calendar: &'a Calendar,
}

fn not_allowed(e: &IllegalCaseTransition) -> FieldError {
    FieldError::new("action", "not_allowed", e.message())
}

/// Parses a regulator's step against the case: the step and the state it leads to. The
/// transition is [`next`]'s; the questioned party's actions (answer, report) are not the
/// regulator's and are refused here.
pub fn parse_case_step(
    form: &CaseStepForm,
    s: &CaseSituation<'_>,
) -> Result<(CaseStep, CaseState), FieldErrors> {
    let mut e = FieldErrors::new();
    let Some(action) = CaseAction::from_code(&form.action).filter(|a| a.by_regulator()) else {
        e.push(FieldError::new(
            "action",
            "unknown",
            Text::new("请选择操作", "Choose an action"),
        ));
        return Err(e);
    };
    let violations = if action == CaseAction::Conclude {
        e.take(parse_violations(&form.violations))
    } else {
        None
    };
    let found = match action {
        CaseAction::Conclude => violations.as_ref().is_some_and(|v| !v.is_empty()),
        _ => s.violations_found,
    };
    let to = match next(s.state, action, found) {
        Ok(to) => Some(to),
        Err(x) => {
            e.push(not_allowed(&x));
            None
        }
    };
    let addressee = || -> Result<i64, FieldError> {
        match form.addressee.trim().parse::<i64>() {
            Ok(id) if s.parties.contains(&id) => Ok(id),
            _ => Err(FieldError::new(
                "addressee",
                "unknown",
                Text::new(
                    "请选择本案涉及的采购人或代理机构",
                    "Choose a purchaser or agency of this case",
                ),
            )),
        }
    };
    let due = |e: &mut FieldErrors| -> Option<Date> {
        let n = e.take(DueWorkdays::parse(&form.workdays))?;
        match n.due_from(s.today, s.calendar) {
            Ok(d) => Some(d),
            Err(_) => {
                e.push(FieldError::new(
                    "workdays",
                    "calendar",
                    Text::new(
                        "期限超出节假日日历的范围，无法计算工作日",
                        "The period runs past the holiday calendar; working days cannot be counted",
                    ),
                ));
                None
            }
        }
    };
    let step = match action {
        CaseAction::Ask => {
            let addressee = e.take(addressee());
            let questions = e.take(CaseText::parse("text", &form.text, 4, MAX_CASE_TEXT));
            let due = due(&mut e);
            match (addressee, questions, due) {
                (Some(addressee), Some(questions), Some(due)) => Some(CaseStep::Ask {
                    addressee,
                    questions,
                    due,
                }),
                _ => None,
            }
        }
        CaseAction::Conclude => {
            let conclusion = e.take(CaseText::parse("text", &form.text, 4, MAX_CASE_TEXT));
            match (violations, conclusion) {
                (Some(violations), Some(conclusion)) => Some(CaseStep::Conclude {
                    violations,
                    conclusion,
                }),
                _ => None,
            }
        }
        CaseAction::OrderRectification => {
            let addressee = e.take(addressee());
            let requirements = e.take(CaseText::parse("text", &form.text, 4, MAX_CASE_TEXT));
            let due = due(&mut e);
            match (addressee, requirements, due) {
                (Some(addressee), Some(requirements), Some(due)) => {
                    Some(CaseStep::OrderRectification {
                        addressee,
                        requirements,
                        due,
                    })
                }
                _ => None,
            }
        }
        CaseAction::Close => {
            let note = if form.text.trim().is_empty() {
                Some(None)
            } else {
                e.take(CaseText::parse("text", &form.text, 1, MAX_CASE_TEXT))
                    .map(Some)
            };
            note.map(|note| CaseStep::Close { note })
        }
        CaseAction::Answer | CaseAction::ReceiveReport => None,
    };
    match (step, to) {
        (Some(step), Some(to)) if e.is_empty() => Ok((step, to)),
        _ => Err(e),
    }
}

/// The questioned party's reply (an answer, or the rectification report), as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplyForm {
    pub text: String,
}

impl ReplyForm {
    pub fn parse(&self) -> Result<CaseText, FieldErrors> {
        CaseText::parse("text", &self.text, 4, MAX_CASE_TEXT).map_err(|e| FieldErrors(vec![e]))
    }
}

/// The refusal of a reply the case's state does not allow (already answered, no report awaited).
pub fn reply_not_allowed() -> FieldErrors {
    FieldErrors(vec![FieldError::new(
        "text",
        "not_allowed",
        Text::new(
            "当前案件状态下不能提交",
            "Nothing of this is awaited in the case's current state",
        ),
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn sit(state: CaseState, found: bool, today: &str) -> CaseSituation<'static> {
        CaseSituation {
            state,
            violations_found: found,
            parties: &[7, 9],
            today: day(today),
            calendar: crate::calendar::china(),
        }
    }

    fn form(action: &str, text: &str, addressee: &str, workdays: &str, v: &str) -> CaseStepForm {
        CaseStepForm {
            action: action.into(),
            text: text.into(),
            addressee: addressee.into(),
            workdays: workdays.into(),
            violations: v.into(),
        }
    }

    fn fields(e: &FieldErrors) -> Vec<&str> {
        e.0.iter().map(|x| x.field.as_str()).collect()
    }

    #[test]
    fn a_question_is_due_in_working_days_across_the_national_day() {
        // 2026-09-30 (Wed): 5 working days later skips 10-01..10-07 (国庆节/中秋节), and 10-10
        // (Sat) is a make-up working day in 2026's notice — the calendar decides, not weekdays.
        let (step, to) = parse_case_step(
            &form("ask", "请说明采购方式变更的理由", "7", "5", ""),
            &sit(CaseState::Open, false, "2026-09-30"),
        )
        .unwrap();
        let expect = crate::calendar::china()
            .add_workdays(day("2026-09-30"), 5)
            .unwrap();
        assert_eq!(
            step,
            CaseStep::Ask {
                addressee: 7,
                questions: CaseText("请说明采购方式变更的理由".into()),
                due: expect,
            }
        );
        assert!(expect > day("2026-10-08"), "{expect}");
        assert_eq!(to, CaseState::Inquiry);
    }

    #[test]
    fn each_field_is_named() {
        let e = parse_case_step(
            &form("ask", "", "8", "0", ""),
            &sit(CaseState::Open, false, "2026-05-06"),
        )
        .unwrap_err();
        assert_eq!(fields(&e), ["addressee", "text", "workdays"]);
        let e = parse_case_step(
            &form("conclude", "存在拆分采购", "", "", "P12, X99"),
            &sit(CaseState::Open, false, "2026-05-06"),
        )
        .unwrap_err();
        assert_eq!(fields(&e), ["violations"]);
        assert!(e.0[0].zh.contains("X99"));
        // Past the calendar's last year.
        let e = parse_case_step(
            &form("ask", "请说明情况", "7", "30", ""),
            &sit(CaseState::Open, false, "2026-12-20"),
        )
        .unwrap_err();
        assert_eq!(e.0[0].code, "calendar");
    }

    #[test]
    fn transitions_are_next_s() {
        let s = sit(CaseState::Inquiry, false, "2026-05-06");
        let e = parse_case_step(&form("conclude", "未发现违规", "", "", ""), &s).unwrap_err();
        assert_eq!(e.0[0].code, "not_allowed");
        // The party's actions are not the regulator's.
        let e = parse_case_step(&form("answer", "答复内容", "", "", ""), &s).unwrap_err();
        assert_eq!(e.0[0].code, "unknown");
        // A conclusion without violations may be closed, not rectified.
        let (step, to) = parse_case_step(
            &form("conclude", "未发现违规", "", "", " "),
            &sit(CaseState::Open, false, "2026-05-06"),
        )
        .unwrap();
        assert_eq!(to, CaseState::Concluded);
        assert!(matches!(step, CaseStep::Conclude { ref violations, .. } if violations.is_empty()));
        let concluded = sit(CaseState::Concluded, false, "2026-05-06");
        assert!(parse_case_step(
            &form("order_rectification", "整改", "7", "10", ""),
            &concluded
        )
        .is_err());
        assert_eq!(
            parse_case_step(&form("close", "", "", "", ""), &concluded)
                .unwrap()
                .1,
            CaseState::Closed
        );
        let with = sit(CaseState::Concluded, true, "2026-05-06");
        assert!(parse_case_step(&form("close", "", "", "", ""), &with).is_err());
        let (_, to) = parse_case_step(
            &form("order_rectification", "限期整改", "9", "10", ""),
            &with,
        )
        .unwrap();
        assert_eq!(to, CaseState::Rectifying);
    }

    #[test]
    fn violations_are_catalogue_ids() {
        let v = parse_violations("p04，M25、P04 a11").unwrap();
        let ids: Vec<&str> = v.iter().map(|v| v.as_str()).collect();
        assert_eq!(ids, ["P04", "M25", "A11"]);
        assert!(parse_violations("").unwrap().is_empty());
        assert!(parse_violations("P99").is_err());
    }

    #[test]
    fn opening_needs_findings_and_a_title() {
        let ok = OpenCaseForm {
            findings: vec!["3".into(), "1".into(), "3".into()],
            title: " 拆分采购核查 ".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.findings, [3, 1]);
        assert_eq!(ok.title.as_str(), "拆分采购核查");
        let e = OpenCaseForm {
            findings: vec!["x".into()],
            title: String::new(),
        }
        .parse()
        .unwrap_err();
        assert_eq!(fields(&e), ["findings", "title"]);
        assert!(ReplyForm { text: "  ".into() }.parse().is_err());
    }
}
