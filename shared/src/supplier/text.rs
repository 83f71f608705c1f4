//! Free-text fields: company name, person names, address. Lengths are counted in characters
//! (`char`s), never bytes, so a Chinese name of 100 characters is 100, not 300.

use crate::credit_code::{is_invisible, shown_en, shown_zh};
use crate::field::FieldError;

use super::field_label;

/// 单位名称: 1–100 characters.
pub const NAME_MAX: usize = 100;
/// 姓名: 2–30 characters (two-character Chinese names; long transliterated names with '·').
pub const PERSON_MIN: usize = 2;
pub const PERSON_MAX: usize = 30;
/// 详细地址: 5–200 characters (a street and number is at least five).
pub const ADDRESS_MIN: usize = 5;
pub const ADDRESS_MAX: usize = 200;

/// Why a text field was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("required")]
    Empty,
    #[error("shorter than {min} characters")]
    TooShort { min: usize },
    #[error("longer than {max} characters ({found})")]
    TooLong { max: usize, found: usize },
    #[error("character {ch:?} is not allowed")]
    InvalidChar { ch: char },
    #[error("not a valid value")]
    Invalid,
}

impl TextError {
    /// The reason part of the stable code (`<field>.<reason>`).
    pub fn reason(&self) -> &'static str {
        match self {
            TextError::Empty => "required",
            TextError::TooShort { .. } => "too_short",
            TextError::TooLong { .. } => "too_long",
            TextError::InvalidChar { .. } => "invalid_char",
            TextError::Invalid => "invalid",
        }
    }

    /// The error as a form-field error, with the field's label in the messages.
    pub fn to_field_error(&self, field: &str) -> FieldError {
        let label = field_label(field);
        let (l, le) = (label.zh, label.en);
        let (zh, en) = match self {
            TextError::Empty => (format!("请填写{l}"), format!("{le} is required")),
            TextError::TooShort { min } => (
                format!("{l}至少 {min} 个字"),
                format!("{le} must have at least {min} characters"),
            ),
            TextError::TooLong { max, found } => (
                format!("{l}最多 {max} 个字，当前 {found} 个"),
                format!("{le} must have at most {max} characters; it has {found}"),
            ),
            TextError::InvalidChar { ch } => (
                format!("{l}不能包含字符{}", shown_zh(*ch)),
                format!("{le} must not contain the character {}", shown_en(*ch)),
            ),
            TextError::Invalid => (format!("{l}格式不正确"), format!("{le} is not valid")),
        };
        FieldError::with_message(field, &format!("{field}.{}", self.reason()), zh, en)
    }
}

/// Trims, then checks the length in characters and refuses control and invisible characters.
fn plain_text(input: &str, min: usize, max: usize) -> Result<String, TextError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(TextError::Empty);
    }
    // Count at most max+1 characters for the decision, then the rest only for the message.
    let found = s.chars().count();
    if found > max {
        return Err(TextError::TooLong { max, found });
    }
    if let Some(ch) = s.chars().find(|c| is_invisible(*c)) {
        return Err(TextError::InvalidChar { ch });
    }
    if found < min {
        return Err(TextError::TooShort { min });
    }
    Ok(s.to_owned())
}

/// 单位名称: the supplier's registered name, 1–100 characters, trimmed, with at least one letter
/// or digit and no control or invisible characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CompanyName(String);

impl CompanyName {
    pub fn parse(input: &str) -> Result<CompanyName, TextError> {
        let s = plain_text(input, 1, NAME_MAX)?;
        if !s.chars().any(char::is_alphanumeric) {
            return Err(TextError::Invalid);
        }
        Ok(CompanyName(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 详细地址: 5–200 characters, trimmed, no control or invisible characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Address(String);

impl Address {
    pub fn parse(input: &str) -> Result<Address, TextError> {
        plain_text(input, ADDRESS_MIN, ADDRESS_MAX).map(Address)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's name (法定代表人, 联系人): 2–30 characters of letters (any script, so Chinese and
/// Latin names), with single spaces, the middle dot '·' (欧阳·娜娜, 阿依古丽·买买提), hyphens,
/// apostrophes and periods between them (Jean-Luc O'Brien, J. Smith). Runs of whitespace become one
/// space; the look-alike dots • ・ ‧ become '·'. No digits, no symbols, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

const MIDDLE_DOT: char = '·';

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | MIDDLE_DOT | '-' | '\'' | '.')
}

impl PersonName {
    pub fn parse(input: &str) -> Result<PersonName, TextError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(TextError::Empty);
        }
        let mut out = String::with_capacity(s.len());
        let mut count = 0usize;
        let mut prev: Option<char> = None;
        for raw in s.chars() {
            let c = match raw {
                '\u{2022}' | '\u{30FB}' | '\u{2027}' | '\u{FF65}' => MIDDLE_DOT,
                c if c.is_whitespace() => ' ',
                c => c,
            };
            if c == ' ' && prev == Some(' ') {
                continue;
            }
            count += 1;
            if count > PERSON_MAX {
                return Err(TextError::TooLong {
                    max: PERSON_MAX,
                    found: s.chars().count(),
                });
            }
            let combining = ('\u{0300}'..='\u{036F}').contains(&c);
            if !(c.is_alphabetic() || is_separator(c) || combining) {
                return Err(TextError::InvalidChar { ch: raw });
            }
            // A separator or a combining mark needs a letter before it; two separators may only
            // meet as ". " (J. Smith).
            match prev {
                None if !c.is_alphabetic() => return Err(TextError::Invalid),
                Some(p)
                    if is_separator(p)
                        && (is_separator(c) || combining)
                        && !(p == '.' && c == ' ') =>
                {
                    return Err(TextError::Invalid)
                }
                _ => {}
            }
            out.push(c);
            prev = Some(c);
        }
        if matches!(prev, Some(p) if is_separator(p) && p != '.') {
            return Err(TextError::Invalid);
        }
        if count < PERSON_MIN {
            return Err(TextError::TooShort { min: PERSON_MIN });
        }
        Ok(PersonName(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn company_name_counts_characters() {
        let hundred = "中".repeat(100);
        assert_eq!(
            CompanyName::parse(&hundred).map(|n| n.as_str().chars().count()),
            Ok(100)
        );
        assert_eq!(
            CompanyName::parse(&"中".repeat(101)),
            Err(TextError::TooLong {
                max: 100,
                found: 101
            })
        );
        assert_eq!(
            CompanyName::parse(&format!("  {hundred}  ")).map(|n| n.0.len()),
            Ok(300)
        );
        assert_eq!(
            CompanyName::parse(&"a".repeat(100)).map(|n| n.0.len()),
            Ok(100)
        );
        assert!(CompanyName::parse(&"a".repeat(101)).is_err());
    }

    #[test]
    fn company_name_table() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("常州市某某科技有限公司", Ok("常州市某某科技有限公司")),
            (
                "  江苏天合（常州）光电有限公司 ",
                Ok("江苏天合（常州）光电有限公司"),
            ),
            ("A", Ok("A")),
            ("3M", Ok("3M")),
            ("", Err("required")),
            ("   \t", Err("required")),
            ("某某\n公司", Err("invalid_char")),
            ("某某\u{200B}公司", Err("invalid_char")),
            ("某某\u{202E}公司", Err("invalid_char")),
            ("——", Err("invalid")),
        ];
        for (input, want) in cases {
            let got = CompanyName::parse(input);
            match want {
                Ok(v) => assert_eq!(got.as_ref().map(|n| n.as_str()), Ok(*v), "{input:?}"),
                Err(r) => assert_eq!(got.map_err(|e| e.reason()), Err(*r), "{input:?}"),
            }
        }
    }

    #[test]
    fn person_name_table() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("张三", Ok("张三")),
            (" 欧阳娜娜 ", Ok("欧阳娜娜")),
            ("阿依古丽·买买提", Ok("阿依古丽·买买提")),
            ("阿依古丽•买买提", Ok("阿依古丽·买买提")),
            ("阿依古丽・买买提", Ok("阿依古丽·买买提")),
            ("Jean-Luc O'Brien", Ok("Jean-Luc O'Brien")),
            ("J. Smith", Ok("J. Smith")),
            ("John   Smith", Ok("John Smith")),
            ("Smith Jr.", Ok("Smith Jr.")),
            ("José Núñez", Ok("José Núñez")),
            ("Jose\u{301} Nun\u{303}ez", Ok("Jose\u{301} Nun\u{303}ez")),
            ("王", Err("too_short")),
            ("", Err("required")),
            ("张3", Err("invalid_char")),
            ("张３", Err("invalid_char")),
            ("张三!", Err("invalid_char")),
            ("张\u{0}三", Err("invalid_char")),
            ("·张三", Err("invalid")),
            ("张三·", Err("invalid")),
            ("张··三", Err("invalid")),
            ("Jean--Luc", Err("invalid")),
            ("\u{301}ab", Err("invalid")),
        ];
        for (input, want) in cases {
            let got = PersonName::parse(input);
            match want {
                Ok(v) => assert_eq!(got.as_ref().map(|n| n.as_str()), Ok(*v), "{input:?}"),
                Err(r) => assert_eq!(got.map_err(|e| e.reason()), Err(*r), "{input:?}"),
            }
        }
        assert!(PersonName::parse(&"李".repeat(30)).is_ok());
        assert_eq!(
            PersonName::parse(&"李".repeat(31)),
            Err(TextError::TooLong { max: 30, found: 31 })
        );
    }

    #[test]
    fn address_bounds() {
        assert_eq!(
            Address::parse("新北区").map_err(|e| e.reason()),
            Err("too_short")
        );
        assert!(Address::parse("新北区太湖东路9号").is_ok());
        assert!(Address::parse(&"路".repeat(200)).is_ok());
        assert_eq!(
            Address::parse(&"路".repeat(201)).map_err(|e| e.reason()),
            Err("too_long")
        );
        assert_eq!(
            Address::parse("新北区\u{7}太湖东路").map_err(|e| e.reason()),
            Err("invalid_char")
        );
    }

    #[test]
    fn messages_name_the_field() {
        let e = TextError::TooLong {
            max: 100,
            found: 101,
        }
        .to_field_error("name");
        assert_eq!(e.code, "name.too_long");
        assert_eq!(e.zh, "单位名称最多 100 个字，当前 101 个");
        assert_eq!(
            e.en,
            "Company name must have at most 100 characters; it has 101"
        );
        let e = TextError::Empty.to_field_error("legal_rep");
        assert_eq!(
            (e.code.as_str(), e.zh.as_str()),
            ("legal_rep.required", "请填写法定代表人")
        );
    }

    proptest! {
        #[test]
        fn never_panics_and_output_reparses(s in proptest::collection::vec(any::<char>(), 0..300)) {
            let s: String = s.into_iter().collect();
            if let Ok(n) = CompanyName::parse(&s) {
                prop_assert_eq!(CompanyName::parse(n.as_str()), Ok(n.clone()));
            }
            if let Ok(n) = PersonName::parse(&s) {
                prop_assert_eq!(PersonName::parse(n.as_str()), Ok(n.clone()));
                prop_assert!(!n.as_str().chars().any(|c| c.is_numeric() || c.is_control()));
            }
            if let Ok(a) = Address::parse(&s) {
                prop_assert_eq!(Address::parse(a.as_str()), Ok(a.clone()));
            }
        }

        #[test]
        fn length_is_counted_in_chars(n in 1usize..=130, c in proptest::sample::select(vec!['a', '中', '𠀀'])) {
            let s: String = std::iter::repeat_n(c, n).collect();
            prop_assert_eq!(CompanyName::parse(&s).is_ok(), n <= NAME_MAX);
            prop_assert_eq!(PersonName::parse(&s).is_ok(), (PERSON_MIN..=PERSON_MAX).contains(&n));
            prop_assert_eq!(Address::parse(&s).is_ok(), (ADDRESS_MIN..=ADDRESS_MAX).contains(&n));
        }
    }
}
