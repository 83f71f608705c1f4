//! 统一社会信用代码 (unified social credit code), GB 32100-2015.
//!
//! Eighteen characters from a 31-character alphabet (digits and capital letters except I, O, Z, S, V):
//!
//! | position | meaning |
//! | --- | --- |
//! | 1 | 登记管理部门代码 (registration authority) |
//! | 2 | 机构类别代码 (organisation type, valid per authority: see [`ORG_TYPES`]) |
//! | 3–8 | 登记管理机关行政区划码 (GB/T 2260 division of the registering office; 6 digits) |
//! | 9–17 | 主体标识码 (the GB 11714 organisation code, itself with a check digit) |
//! | 18 | 校验码: `31 − (Σ value(c_i) · 3^(i−1) mod 31) mod 31`, `i = 1..=17`, mapped back through the alphabet |
//!
//! The GB 11714 check digit inside positions 9–17 is deliberately *not* verified: codes issued since
//! 2015 to bodies that never had an organisation code, and some legacy records, do not all satisfy it,
//! while the 18th character already protects the whole code. Refusing a real supplier's real code
//! is worse than accepting a code that the registry itself issued.
//!
//! Because 31 is prime and every weight `3^i mod 31` is non-zero, changing any one character to any
//! other character of the alphabet always changes the check character: every single substitution is
//! detected (and, since 3 ≠ 1, so is every swap of two neighbouring characters among the first 17).

use serde::{Deserialize, Serialize, Serializer};

use crate::field::FieldError;

/// The 31 characters a credit code is written with, in value order (`'0'` = 0 … `'Y'` = 30).
pub const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1–17: `3^(i−1) mod 31`.
pub const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The length of a credit code, in characters.
pub const LENGTH: usize = 18;

/// Registration authorities (position 1) and the organisation types (position 2) each may issue,
/// per GB 32100-2015 appendix A as amended (A = 中央军委改革和编制办公室, N = 农业):
///
/// | 1 | authority | 2 |
/// | --- | --- | --- |
/// | 1 | 机构编制 | 1 机关, 2 事业单位, 3 中央编办直接管理机构编制的群众团体, 9 其他 |
/// | 2 | 外交 | 1 外国常驻新闻机构, 9 其他 |
/// | 3 | 司法行政 | 1 律师执业机构, 2 公证处, 3 基层法律服务所, 4 司法鉴定机构, 5 仲裁委员会, 9 其他 |
/// | 4 | 文化 | 1 外国在华文化中心, 9 其他 |
/// | 5 | 民政 | 1 社会团体, 2 民办非企业单位, 3 基金会, 9 其他 |
/// | 6 | 旅游 | 1 外国旅游部门常驻代表机构, 2 港澳台地区旅游部门常驻内地（大陆）代表机构, 9 其他 |
/// | 7 | 宗教 | 1 宗教活动场所, 2 宗教院校, 9 其他 |
/// | 8 | 工会 | 1 基层工会, 9 其他 |
/// | 9 | 工商（市场监管） | 1 企业, 2 个体工商户, 3 农民专业合作社 |
/// | A | 中央军委改革和编制办公室 | 1 军队事业单位, 9 其他 |
/// | N | 农业 | 1 组级, 2 村级, 3 乡镇级集体经济组织, 9 其他 |
/// | Y | 其他 | 1 |
pub const ORG_TYPES: &[(char, &str)] = &[
    ('1', "1239"),
    ('2', "19"),
    ('3', "123459"),
    ('4', "19"),
    ('5', "1239"),
    ('6', "129"),
    ('7', "129"),
    ('8', "19"),
    ('9', "123"),
    ('A', "19"),
    ('N', "1239"),
    ('Y', "1"),
];

/// First two digits of a division code: the GB/T 2260 provincial-level codes, plus `10` used by
/// national (central) registration offices (e.g. 中国工商银行's code starts `911000001…`).
const PROVINCES: &[&str] = &[
    "10", "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82",
];

/// A valid 统一社会信用代码, upper-case, exactly 18 characters. Only [`CreditCode::parse`] (and
/// deserialisation, which calls it) creates one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct CreditCode(String);

/// Why a text is not a valid credit code. Positions are 1-based characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    #[error("the credit code is empty")]
    Empty,
    #[error("the credit code must have 18 characters; it has {found}")]
    Length { found: usize },
    #[error("character {position} of the credit code ({ch:?}) is not allowed")]
    Charset { position: usize, ch: char },
    #[error("registration-authority code {ch:?} does not exist")]
    RegistrationAuthority { ch: char },
    #[error("organisation-type code {ch:?} is not valid for registration authority {authority:?}")]
    OrgType { authority: char, ch: char },
    #[error("characters 3–8 of the credit code are not an administrative-division code")]
    Division,
    #[error("the check character of the credit code is wrong: expected {expected}, found {found}")]
    CheckChar { expected: char, found: char },
}

impl CreditCodeError {
    /// The reason part of the stable code (`credit_code.<reason>`).
    pub fn reason(&self) -> &'static str {
        match self {
            CreditCodeError::Empty => "required",
            CreditCodeError::Length { .. } => "length",
            CreditCodeError::Charset { .. } => "charset",
            CreditCodeError::RegistrationAuthority { .. } => "registration_authority",
            CreditCodeError::OrgType { .. } => "org_type",
            CreditCodeError::Division => "division",
            CreditCodeError::CheckChar { .. } => "check_char",
        }
    }

    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            CreditCodeError::Empty => "请填写统一社会信用代码".to_owned(),
            CreditCodeError::Length { found } => format!("统一社会信用代码应为 18 位，当前为 {found} 位"),
            CreditCodeError::Charset { position, ch } => format!(
                "统一社会信用代码第 {position} 位{}无效：只能是数字或大写字母（不含 I、O、Z、S、V）",
                shown_zh(*ch)
            ),
            CreditCodeError::RegistrationAuthority { ch } => {
                format!("统一社会信用代码第 1 位（登记管理部门代码）「{ch}」不存在")
            }
            CreditCodeError::OrgType { authority, ch } => {
                format!("统一社会信用代码第 2 位（机构类别代码）「{ch}」与登记管理部门代码「{authority}」不匹配")
            }
            CreditCodeError::Division => "统一社会信用代码第 3–8 位应为行政区划代码（6 位数字）".to_owned(),
            CreditCodeError::CheckChar { expected, .. } => {
                format!("统一社会信用代码校验位错误：应为 {expected}（请先逐位核对前 17 位）")
            }
        }
    }

    /// The message in English.
    pub fn en(&self) -> String {
        match self {
            CreditCodeError::Empty => "Enter the unified social credit code".to_owned(),
            CreditCodeError::Length { found } => {
                format!("The credit code must have 18 characters; it has {found}")
            }
            CreditCodeError::Charset { position, ch } => format!(
                "Character {position} of the credit code ({}) is not allowed: use digits and capital letters except I, O, Z, S, V",
                shown_en(*ch)
            ),
            CreditCodeError::RegistrationAuthority { ch } => {
                format!("The first character of the credit code (registration authority) '{ch}' does not exist")
            }
            CreditCodeError::OrgType { authority, ch } => format!(
                "The second character of the credit code (organisation type) '{ch}' is not valid for registration authority '{authority}'"
            ),
            CreditCodeError::Division => {
                "Characters 3–8 of the credit code must be an administrative-division code (6 digits)".to_owned()
            }
            CreditCodeError::CheckChar { expected, .. } => format!(
                "The check character of the credit code is wrong: expected {expected} (first check the other 17 characters)"
            ),
        }
    }

    /// The error as a form-field error (`credit_code.<reason>` when `field` is `credit_code`).
    pub fn to_field_error(&self, field: &str) -> FieldError {
        FieldError::with_message(
            field,
            &format!("{field}.{}", self.reason()),
            self.zh(),
            self.en(),
        )
    }
}

/// A character as shown inside a Chinese message: control and invisible characters as `U+XXXX`.
pub(crate) fn shown_zh(ch: char) -> String {
    if is_invisible(ch) {
        format!("（U+{:04X}）", ch as u32)
    } else {
        format!("「{ch}」")
    }
}

/// A character as shown inside an English message.
pub(crate) fn shown_en(ch: char) -> String {
    if is_invisible(ch) {
        format!("U+{:04X}", ch as u32)
    } else {
        format!("'{ch}'")
    }
}

/// Control characters and the invisible format characters used to spoof text (zero-width and
/// bidirectional controls, the byte-order mark).
pub(crate) fn is_invisible(ch: char) -> bool {
    ch.is_control()
        || matches!(ch, '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// The value (0–30) of an upper-case alphabet character.
fn value(ch: char) -> Option<u32> {
    let b = u8::try_from(ch).ok()?;
    ALPHABET.iter().position(|&a| a == b).map(|p| p as u32)
}

/// Upper-cases ASCII letters and folds full-width ASCII (as typed with a Chinese input method).
fn normalise(ch: char) -> char {
    let ch = match ch {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
        _ => ch,
    };
    ch.to_ascii_uppercase()
}

/// The check character for the values of positions 1–17.
fn check_for(values: &[u32; 17]) -> char {
    let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let c = (31 - sum % 31) % 31;
    char::from(ALPHABET[c as usize])
}

/// The organisation types a registration authority may issue, if the authority exists.
fn org_types(authority: char) -> Option<&'static str> {
    ORG_TYPES
        .iter()
        .find(|(a, _)| *a == authority)
        .map(|(_, t)| *t)
}

impl CreditCode {
    /// Parses a credit code as typed: trims it, upper-cases it (full-width characters are folded to
    /// ASCII) and checks length, alphabet, authority, organisation type, division and check character,
    /// in that order. Never panics; work is bounded by the input length.
    pub fn parse(s: &str) -> Result<CreditCode, CreditCodeError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(CreditCodeError::Empty);
        }
        let found = s.chars().count();
        if found != LENGTH {
            return Err(CreditCodeError::Length { found });
        }
        let mut code = String::with_capacity(LENGTH);
        let mut values = [0u32; 17];
        for (i, raw) in s.chars().enumerate() {
            let ch = normalise(raw);
            let v = value(ch).ok_or(CreditCodeError::Charset {
                position: i + 1,
                ch: raw,
            })?;
            if let Some(slot) = values.get_mut(i) {
                *slot = v;
            }
            code.push(ch);
        }
        // From here on `code` is 18 ASCII characters, so byte indexing is character indexing.
        let bytes = code.as_bytes();
        let authority = char::from(bytes[0]);
        let org_type = char::from(bytes[1]);
        let types =
            org_types(authority).ok_or(CreditCodeError::RegistrationAuthority { ch: authority })?;
        if !types.contains(org_type) {
            return Err(CreditCodeError::OrgType {
                authority,
                ch: org_type,
            });
        }
        let division = &code[2..8];
        if !division.bytes().all(|b| b.is_ascii_digit()) || !PROVINCES.contains(&&division[..2]) {
            return Err(CreditCodeError::Division);
        }
        let expected = check_for(&values);
        let found = char::from(bytes[17]);
        if expected != found {
            return Err(CreditCodeError::CheckChar { expected, found });
        }
        Ok(CreditCode(code))
    }

    /// The code, upper-case, 18 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The check character for the first 17 characters of a code (upper- or lower-case), or `None`
    /// unless `first17` is exactly 17 characters of the alphabet. Only the check sum is computed:
    /// authority, type and division are not looked at (see [`CreditCode::from_first17`]).
    pub fn check_char(first17: &str) -> Option<char> {
        let mut values = [0u32; 17];
        let mut n = 0;
        for ch in first17.chars() {
            *values.get_mut(n)? = value(ch.to_ascii_uppercase())?;
            n += 1;
        }
        (n == 17).then(|| check_for(&values))
    }

    /// Completes 17 characters with their check character into a valid code; `None` if the result
    /// would not be valid (wrong length or alphabet, unknown authority or type, bad division).
    pub fn from_first17(first17: &str) -> Option<CreditCode> {
        let check = CreditCode::check_char(first17)?;
        let mut full = String::with_capacity(LENGTH);
        full.push_str(first17);
        full.push(check);
        CreditCode::parse(&full).ok()
    }

    /// Position 1: the registration-authority code (e.g. `'9'` for 工商/市场监管).
    pub fn registration_authority(&self) -> char {
        char::from(self.0.as_bytes()[0])
    }

    /// Position 2: the organisation-type code (e.g. `'1'` for 企业 under authority 9).
    pub fn org_type(&self) -> char {
        char::from(self.0.as_bytes()[1])
    }

    /// Positions 3–8: the division code of the registering office.
    pub fn division(&self) -> &str {
        &self.0[2..8]
    }

    /// Positions 9–17: the 主体标识码 (GB 11714 organisation code).
    pub fn organisation_code(&self) -> &str {
        &self.0[8..17]
    }
}

impl Serialize for CreditCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl TryFrom<String> for CreditCode {
    type Error = CreditCodeError;
    fn try_from(s: String) -> Result<CreditCode, CreditCodeError> {
        CreditCode::parse(&s)
    }
}

impl std::str::FromStr for CreditCode {
    type Err = CreditCodeError;
    fn from_str(s: &str) -> Result<CreditCode, CreditCodeError> {
        CreditCode::parse(s)
    }
}

impl AsRef<str> for CreditCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CreditCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Real codes of well-known companies, as printed in their public annual reports and business
    /// licences. Each was checked with `check_char` before it was kept here.
    pub(crate) const REAL: &[(&str, &str)] = &[
        ("914403001922038216", "华为技术有限公司"),
        ("91440300708461136T", "深圳市腾讯计算机系统有限公司"),
        ("91520000214434146R", "贵州茅台酒股份有限公司"),
        ("91440300192317458F", "比亚迪股份有限公司"),
        ("91100000100003962T", "中国工商银行股份有限公司"),
        ("91110108551385082Q", "小米科技有限责任公司"),
        ("91440400192548256N", "珠海格力电器股份有限公司"),
    ];

    #[test]
    fn real_codes_validate() {
        for (code, company) in REAL {
            let parsed = CreditCode::parse(code);
            assert!(parsed.is_ok(), "{company}: {code}: {parsed:?}");
            assert_eq!(
                CreditCode::check_char(&code[..17]),
                code.chars().last(),
                "{company}"
            );
        }
    }

    #[test]
    fn every_single_substitution_of_real_codes_is_refused() {
        for (code, _) in REAL {
            let chars: Vec<char> = code.chars().collect();
            for pos in 0..LENGTH {
                for &b in ALPHABET {
                    let c = char::from(b);
                    if c == chars[pos] {
                        continue;
                    }
                    let mut changed = chars.clone();
                    changed[pos] = c;
                    let changed: String = changed.into_iter().collect();
                    assert!(
                        CreditCode::parse(&changed).is_err(),
                        "{changed} (from {code}) validated"
                    );
                }
            }
        }
    }

    /// The arithmetic behind the property: Δ = (b − a) · w_i ≢ 0 (mod 31) for every position and
    /// every pair of distinct values, and the check character is a bijection of the residue.
    #[test]
    fn mod31_scheme_detects_every_single_substitution() {
        for (i, w) in WEIGHTS.iter().enumerate() {
            assert_eq!(*w, (0..i).fold(1u32, |acc, _| acc * 3 % 31), "weight {i}");
            for a in 0..31u32 {
                for b in 0..31u32 {
                    if a != b {
                        assert_ne!((31 + b - a) * w % 31, 0);
                    }
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        for r in 0..31u32 {
            seen.insert(char::from(ALPHABET[((31 - r) % 31) as usize]));
        }
        assert_eq!(seen.len(), 31);
    }

    #[test]
    fn errors_in_order() {
        assert_eq!(CreditCode::parse("  "), Err(CreditCodeError::Empty));
        assert_eq!(
            CreditCode::parse("91320400"),
            Err(CreditCodeError::Length { found: 8 })
        );
        assert_eq!(
            CreditCode::parse("9144030019220382160"),
            Err(CreditCodeError::Length { found: 19 })
        );
        assert_eq!(
            CreditCode::parse("91440300192203821I"),
            Err(CreditCodeError::Charset {
                position: 18,
                ch: 'I'
            })
        );
        assert_eq!(
            CreditCode::parse("Z14403001922038216"),
            Err(CreditCodeError::Charset {
                position: 1,
                ch: 'Z'
            })
        );
        assert_eq!(
            CreditCode::parse("B14403001922038216"),
            Err(CreditCodeError::RegistrationAuthority { ch: 'B' })
        );
        assert_eq!(
            CreditCode::parse("944403001922038216"),
            Err(CreditCodeError::OrgType {
                authority: '9',
                ch: '4'
            })
        );
        assert_eq!(
            CreditCode::parse("91A403001922038216"),
            Err(CreditCodeError::Division)
        );
        assert_eq!(
            CreditCode::parse("919903001922038216"),
            Err(CreditCodeError::Division)
        );
        assert_eq!(
            CreditCode::parse("914403001922038217"),
            Err(CreditCodeError::CheckChar {
                expected: '6',
                found: '7'
            })
        );
    }

    #[test]
    fn trims_upper_cases_and_folds_full_width() {
        let c = CreditCode::parse(" 91440300708461136t\n").unwrap();
        assert_eq!(c.as_str(), "91440300708461136T");
        let c = CreditCode::parse("９１４４０３００７０８４６１１３６Ｔ").unwrap();
        assert_eq!(c.as_str(), "91440300708461136T");
        assert_eq!(c.registration_authority(), '9');
        assert_eq!(c.org_type(), '1');
        assert_eq!(c.division(), "440300");
        assert_eq!(c.organisation_code(), "708461136");
        assert_eq!(c.to_string(), "91440300708461136T");
    }

    #[test]
    fn org_type_table() {
        for (auth, ok) in [('1', "1239"), ('5', "1239"), ('9', "123"), ('Y', "1")] {
            for t in "0123456789".chars() {
                let first17 = format!("{auth}{t}320400MA1234567");
                let built = CreditCode::from_first17(&first17);
                assert_eq!(built.is_some(), ok.contains(t), "{first17}");
            }
        }
    }

    #[test]
    fn check_char_and_from_first17() {
        assert_eq!(CreditCode::check_char("91440300192203821"), Some('6'));
        assert_eq!(CreditCode::check_char("91440300708461136"), Some('T'));
        assert_eq!(CreditCode::check_char("9144030070846113"), None);
        assert_eq!(CreditCode::check_char("914403007084611361"), None);
        assert_eq!(CreditCode::check_char("9144030070846113I"), None);
        assert_eq!(CreditCode::check_char("9144030070846113中"), None);
        assert_eq!(
            CreditCode::from_first17("91320412MA1ABCDE1").map(|c| c.as_str().len()),
            Some(18)
        );
        assert_eq!(CreditCode::from_first17("94320412MA1ABCDE1"), None);
    }

    #[test]
    fn messages_and_field_codes() {
        let e = CreditCode::parse("914403001922038217")
            .unwrap_err()
            .to_field_error("credit_code");
        assert_eq!(e.code, "credit_code.check_char");
        assert!(
            e.zh.starts_with("统一社会信用代码校验位错误：应为 6"),
            "{}",
            e.zh
        );
        assert!(
            e.en.starts_with("The check character of the credit code is wrong: expected 6"),
            "{}",
            e.en
        );
        let e = CreditCode::parse("")
            .unwrap_err()
            .to_field_error("credit_code");
        assert_eq!(e.code, "credit_code.required");
        let e = CreditCodeError::Charset {
            position: 3,
            ch: '\u{202E}',
        };
        assert!(e.en().contains("U+202E"), "{}", e.en());
        assert!(e.zh().contains("U+202E"), "{}", e.zh());
    }

    #[test]
    fn serde_round_trip_rechecks() {
        let c = CreditCode::parse("91440300708461136T").unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, "\"91440300708461136T\"");
        assert_eq!(serde_json::from_str::<CreditCode>(&json).unwrap(), c);
        assert!(serde_json::from_str::<CreditCode>("\"91440300708461136X\"").is_err());
        assert!(serde_json::from_str::<CreditCode>("42").is_err());
    }

    /// A valid prefix: a real authority/type pair, a plausible division and any 9 characters.
    pub(crate) fn first17() -> impl Strategy<Value = String> {
        let pair = proptest::sample::select(
            ORG_TYPES
                .iter()
                .flat_map(|(a, ts)| ts.chars().map(move |t| format!("{a}{t}")))
                .collect::<Vec<_>>(),
        );
        let province = proptest::sample::select(PROVINCES.to_vec());
        let body = proptest::collection::vec(proptest::sample::select(ALPHABET.to_vec()), 9);
        (pair, province, 0u32..10_000, body).prop_map(|(p, prov, rest, body)| {
            format!(
                "{p}{prov}{rest:04}{}",
                body.into_iter().map(char::from).collect::<String>()
            )
        })
    }

    proptest! {
        #[test]
        fn computed_check_char_always_validates(first in first17()) {
            let code = CreditCode::from_first17(&first);
            prop_assert!(code.is_some(), "{}", first);
            let code = code.unwrap();
            prop_assert_eq!(CreditCode::parse(code.as_str()), Ok(code.clone()));
            prop_assert_eq!(CreditCode::parse(&code.as_str().to_lowercase()), Ok(code));
        }

        #[test]
        fn any_single_substitution_never_validates(first in first17(), pos in 0usize..18, k in 1usize..31) {
            let code = CreditCode::from_first17(&first).unwrap();
            let mut chars: Vec<u8> = code.as_str().bytes().collect();
            let old = ALPHABET.iter().position(|&a| a == chars[pos]).unwrap();
            chars[pos] = ALPHABET[(old + k) % 31];
            let changed = String::from_utf8(chars).unwrap();
            prop_assert!(CreditCode::parse(&changed).is_err(), "{} validated", changed);
        }

        #[test]
        fn arbitrary_text_never_panics(s in proptest::collection::vec(any::<char>(), 0..300)) {
            let s: String = s.into_iter().collect();
            let _ = CreditCode::parse(&s);
            let _ = CreditCode::check_char(&s);
            let _ = CreditCode::from_first17(&s);
        }

        #[test]
        fn arbitrary_alphabet_text_never_panics(s in "[0-9A-Za-z ]{0,40}") {
            if let Ok(c) = CreditCode::parse(&s) {
                prop_assert_eq!(c.as_str().len(), 18);
            }
        }
    }
}
