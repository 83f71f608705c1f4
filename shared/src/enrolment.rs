//! Expert enrolment (专家入库, 财库〔2016〕198号): an expert applies with its identity, employer,
//! title and specialties; the finance department that keeps the library admits, suspends or
//! removes it with a reason and a legal basis; the draw takes only admitted experts available on
//! the day. One check each for the browser and the server.

use serde::{Deserialize, Serialize};

use crate::account::{validate_account, AccountForm, NewAccount};
use crate::field::{FieldError, FieldErrors};
use crate::i18n::Text;

/// The specialties an expert declares (the library's codes: the first three characters of the
/// 品目 codes of `supplier::CATEGORIES`).
pub const SPECIALTIES: &[(&str, Text)] = &[
    ("A02", Text::new("通用设备", "General equipment")),
    ("B01", Text::new("房屋施工", "Building construction")),
    ("B07", Text::new("装修工程", "Decoration works")),
    ("B08", Text::new("修缮工程", "Repair works")),
    ("C16", Text::new("信息技术服务", "IT services")),
    ("C21", Text::new("物业管理服务", "Property management")),
];

/// The name of a specialty code.
pub fn specialty_name(code: &str) -> Option<Text> {
    SPECIALTIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
}

/// Professional titles (198号 Art 6(2): intermediate with 8 years in the field, or senior).
pub const TITLES: &[(&str, Text)] = &[
    (
        "senior",
        Text::new("高级职称或同等专业水平", "Senior title or equivalent"),
    ),
    (
        "intermediate",
        Text::new(
            "中级职称（从业满8年）",
            "Intermediate title (8 years in the field)",
        ),
    ),
];

/// An expert's place in the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpertStatus {
    Applied,
    Active,
    Suspended,
    Dismissed,
}

impl ExpertStatus {
    pub fn code(self) -> &'static str {
        match self {
            ExpertStatus::Applied => "applied",
            ExpertStatus::Active => "active",
            ExpertStatus::Suspended => "suspended",
            ExpertStatus::Dismissed => "dismissed",
        }
    }
    pub fn from_code(code: &str) -> Option<ExpertStatus> {
        [
            ExpertStatus::Applied,
            ExpertStatus::Active,
            ExpertStatus::Suspended,
            ExpertStatus::Dismissed,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
    pub fn name(self) -> Text {
        match self {
            ExpertStatus::Applied => Text::new("待审核入库", "Applied"),
            ExpertStatus::Active => Text::new("在库", "In the library"),
            ExpertStatus::Suspended => Text::new("暂停", "Suspended"),
            ExpertStatus::Dismissed => Text::new("已解聘", "Removed"),
        }
    }
    /// The decisions the library's keeper may take from this state, and the basis each cites.
    pub fn decisions(self) -> &'static [(&'static str, Text)] {
        const ADMIT: (&str, Text) = (
            "admit",
            Text::new(
                "准予入库（财库〔2016〕198号第九条）",
                "Admit (MOF 2016 No. 198 Art 9)",
            ),
        );
        const REFUSE: (&str, Text) = ("refuse", Text::new("不予入库", "Refuse"));
        const SUSPEND: (&str, Text) = ("suspend", Text::new("暂停评审资格", "Suspend"));
        const RESTORE: (&str, Text) = ("restore", Text::new("恢复评审资格", "Restore"));
        const DISMISS: (&str, Text) = ("dismiss", Text::new("解聘（第十一条）", "Remove (Art 11)"));
        match self {
            ExpertStatus::Applied => &[ADMIT, REFUSE],
            ExpertStatus::Active => &[SUSPEND, DISMISS],
            ExpertStatus::Suspended => &[RESTORE, DISMISS],
            ExpertStatus::Dismissed => &[],
        }
    }
    /// The state a decision leads to, if the decision is open from this state.
    pub fn after(self, decision: &str) -> Option<ExpertStatus> {
        if !self.decisions().iter().any(|(d, _)| *d == decision) {
            return None;
        }
        Some(match decision {
            "admit" | "restore" => ExpertStatus::Active,
            "suspend" => ExpertStatus::Suspended,
            _ => ExpertStatus::Dismissed,
        })
    }
}

/// Checks the keeper's reason (2–500 characters) and legal basis (2–200): both trimmed, or each
/// one's error.
pub fn check_decision<'a>(
    reason: &'a str,
    basis: &'a str,
) -> Result<(&'a str, &'a str), FieldErrors> {
    let (reason, basis) = (reason.trim(), basis.trim());
    let mut errors = FieldErrors::new();
    if !(2..=500).contains(&reason.chars().count()) {
        errors.push(crate::account::refusal::reason_required());
    }
    if !(2..=200).contains(&basis.chars().count()) {
        errors.push(crate::account::refusal::basis_required());
    }
    if errors.is_empty() {
        Ok((reason, basis))
    } else {
        Err(errors)
    }
}

/// A mainland resident ID number (GB 11643-1999): 18 characters, the last a check character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber(String);

impl IdNumber {
    pub fn parse(input: &str) -> Result<IdNumber, FieldError> {
        let s: String = input.trim().to_uppercase();
        let bad = || {
            FieldError::new(
                "id_number",
                "id_number.invalid",
                Text::new(
                    "身份证号码有误：应为18位数字（最后一位可为X），且校验码须正确，请核对",
                    "The ID number is wrong: 18 digits (the last may be X) with a matching check character; please check it",
                ),
            )
        };
        if !s.is_ascii() || s.len() != 18 || !s[..17].bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        const CHECK: &[u8; 11] = b"10X98765432";
        let sum: u32 = s
            .bytes()
            .take(17)
            .zip(W)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        if s.as_bytes()[17] != CHECK[(sum % 11) as usize] {
            return Err(bad());
        }
        Ok(IdNumber(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The form every view but the expert's own shows: `3204**********123X`.
    pub fn masked(&self) -> String {
        format!("{}**********{}", &self.0[..4], &self.0[14..])
    }
}

/// The application form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    #[serde(flatten)]
    pub account: AccountForm,
    pub id_number: String,
    pub employer: String,
    pub title: String,
    pub specialties: Vec<String>,
    /// Declared relations with suppliers (198号 Art 16, 条例 Art 9): one credit code a line.
    pub relations: String,
    /// Where the expert works: a jurisdiction of the platform (`region::REGIONS`), which the
    /// draw's jurisdiction filter reads.
    pub region: String,
    /// 「1」: a legal expert (法律专家, with a legal qualification), whom some panels require.
    pub legal: String,
}

/// A valid application.
#[derive(Debug, Clone)]
pub struct Application {
    pub account: NewAccount,
    pub id_number: IdNumber,
    pub employer: String,
    pub title: &'static str,
    pub specialties: Vec<&'static str>,
    pub relations: Vec<String>,
    /// The jurisdiction code (`region::REGIONS`).
    pub region: &'static str,
    pub legal: bool,
}

/// Checks an application: every field's error at once.
pub fn validate_application(form: &ApplicationForm) -> Result<Application, FieldErrors> {
    let mut errors = FieldErrors::new();
    let account = validate_account(&form.account)
        .map_err(|e| errors.0.extend(e.0))
        .ok();
    let id_number = errors.take(IdNumber::parse(&form.id_number));
    let employer = form.employer.trim();
    if employer.chars().count() < 2
        || employer.chars().count() > 100
        || employer.contains(['<', '>'])
    {
        errors.push(FieldError::new(
            "employer",
            "employer.invalid",
            Text::new(
                "请填写工作单位（2至100个字符）",
                "Enter the employer (2 to 100 characters)",
            ),
        ));
    }
    let title = TITLES
        .iter()
        .find(|(c, _)| *c == form.title.trim())
        .map(|(c, _)| *c);
    if title.is_none() {
        errors.push(FieldError::new(
            "title",
            "title.required",
            Text::new("请选择职称", "Choose the title"),
        ));
    }
    let specialties: Vec<&'static str> = SPECIALTIES
        .iter()
        .filter(|(c, _)| form.specialties.iter().any(|s| s.trim() == *c))
        .map(|(c, _)| *c)
        .collect();
    if specialties.is_empty()
        || specialties.len()
            != form
                .specialties
                .iter()
                .filter(|s| !s.trim().is_empty())
                .count()
    {
        errors.push(FieldError::new(
            "specialties",
            "specialties.required",
            Text::new(
                "请从目录中选择至少一个评审专业",
                "Choose at least one specialty from the catalogue",
            ),
        ));
    }
    let region = crate::region::REGIONS
        .iter()
        .find(|r| r.code == form.region.trim())
        .map(|r| r.code);
    if region.is_none() {
        errors.push(FieldError::new(
            "region",
            "region.required",
            Text::new("请选择所在地区", "Choose the region where you work"),
        ));
    }
    let relations = match parse_relations(&form.relations) {
        Ok(r) => r,
        Err(e) => {
            errors.push(e);
            Vec::new()
        }
    };
    match (account, id_number, title, region) {
        (Some(account), Some(id_number), Some(title), Some(region)) if errors.is_empty() => {
            Ok(Application {
                account,
                id_number,
                employer: employer.to_owned(),
                title,
                specialties,
                relations,
                region,
                legal: form.legal.trim() == "1",
            })
        }
        _ => Err(errors),
    }
}

/// The most relations one expert declares.
pub const MAX_RELATIONS: usize = 50;

/// Reads declared relations: one 统一社会信用代码 a line (blank lines skipped, each code once,
/// at most [`MAX_RELATIONS`]), or the error of the first line that is not one. The same check
/// for the application and the expert's own profile.
pub fn parse_relations(text: &str) -> Result<Vec<String>, FieldError> {
    let mut relations: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match crate::credit_code::CreditCode::parse(line) {
            Ok(c) => {
                if !relations.iter().any(|r| r == c.as_str()) {
                    relations.push(c.as_str().to_owned());
                }
            }
            Err(_) => {
                return Err(FieldError::with_message(
                    "relations",
                    "relations.code",
                    format!(
                        "「{}」不是有效的统一社会信用代码",
                        line.chars().take(20).collect::<String>()
                    ),
                    format!(
                        "'{}' is not a valid credit code",
                        line.chars().take(20).collect::<String>()
                    ),
                ));
            }
        }
    }
    if relations.len() > MAX_RELATIONS {
        return Err(FieldError::new(
            "relations",
            "relations.too_many",
            Text::new(
                "申报的关联供应商最多50个",
                "At most 50 related suppliers can be declared",
            ),
        ));
    }
    Ok(relations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_carry_their_check_character() {
        let id = IdNumber::parse("11010519491231002x").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.masked(), "1101**********002X");
        assert!(IdNumber::parse("110105194912310021").is_err());
        assert!(IdNumber::parse("1101051949").is_err());
        assert!(
            IdNumber::parse("1234567890123456é").is_err(),
            "no panic on other characters"
        );
    }

    #[test]
    fn an_application_names_its_region_and_its_relations() {
        let code = crate::credit_code::CreditCode::from_first17("91320412MA1ABCDE1")
            .unwrap()
            .as_str()
            .to_owned();
        let mut form = ApplicationForm {
            account: AccountForm {
                username: "zhangsan".into(),
                display_name: "张三".into(),
                mobile: "13900000001".into(),
                email: "zs@example.cn".into(),
                password: crate::account::Secret("Yiwang-2026x".into()),
                password2: crate::account::Secret("Yiwang-2026x".into()),
            },
            id_number: "11010519491231002X".into(),
            employer: "常州大学".into(),
            title: "senior".into(),
            specialties: vec!["C16".into()],
            relations: format!("\n{}\n{}\n", code.to_lowercase(), code),
            region: "320412".into(),
            legal: "1".into(),
        };
        let a = validate_application(&form).unwrap();
        assert_eq!(a.region, "320412");
        assert!(a.legal);
        assert_eq!(a.relations, vec![code.clone()], "each code once");
        form.region = "110000".into();
        form.relations = "not-a-code".into();
        let e = validate_application(&form).unwrap_err();
        assert!(e.for_field("region").is_some());
        assert!(e.for_field("relations").is_some());
        assert!(parse_relations(&format!("{code}\n").repeat(60)).is_ok());
    }

    #[test]
    fn decisions_follow_the_states() {
        assert_eq!(
            ExpertStatus::Applied.after("admit"),
            Some(ExpertStatus::Active)
        );
        assert_eq!(ExpertStatus::Applied.after("suspend"), None);
        assert_eq!(
            ExpertStatus::Active.after("suspend"),
            Some(ExpertStatus::Suspended)
        );
        assert_eq!(
            ExpertStatus::Suspended.after("restore"),
            Some(ExpertStatus::Active)
        );
        assert_eq!(
            ExpertStatus::Applied.after("refuse"),
            Some(ExpertStatus::Dismissed)
        );
        assert!(ExpertStatus::Dismissed.decisions().is_empty());
    }
}
