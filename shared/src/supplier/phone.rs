//! 联系电话: a mainland mobile number or a landline with its area code.

use crate::field::FieldError;

use super::field_label;

/// Anything longer than this is not a phone number (the longest accepted form,
/// `+86 138-1234-5678` or `0519-88881234转123456`, is well under it).
const MAX_INPUT: usize = 40;

/// What kind of number a [`Phone`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhoneKind {
    /// 手机: `1[3-9]` + 9 digits.
    Mobile,
    /// 固定电话: area code, local number, optional extension.
    Landline,
}

/// A phone number in canonical form: `13812345678` for a mobile, `0519-88881234` or
/// `0519-88881234-123` for a landline. The canonical form parses back to itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone {
    kind: PhoneKind,
    number: String,
}

/// Why a phone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("required")]
    Empty,
    #[error("not a mainland mobile or landline number")]
    Invalid,
}

impl PhoneError {
    pub fn reason(&self) -> &'static str {
        match self {
            PhoneError::Empty => "required",
            PhoneError::Invalid => "invalid",
        }
    }

    pub fn to_field_error(&self, field: &str) -> FieldError {
        let label = field_label(field);
        let (zh, en) = match self {
            PhoneError::Empty => (format!("请填写{}", label.zh), format!("{} is required", label.en)),
            PhoneError::Invalid => (
                format!("{}应为 11 位手机号码，或带区号的固定电话（如 0519-88881234）", label.zh),
                format!(
                    "{} must be an 11-digit mobile number or a landline number with its area code (e.g. 0519-88881234)",
                    label.en
                ),
            ),
        };
        FieldError::with_message(field, &format!("{field}.{}", self.reason()), zh, en)
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Mobile: optional `+86` / `86`, then `1[3-9]` and 9 more digits; spaces and hyphens anywhere.
fn mobile(s: &str) -> Option<String> {
    let (plus, body) = match s.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let mut digits = String::with_capacity(13);
    for c in body.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' => {}
            _ => return None,
        }
    }
    let digits = match digits.strip_prefix("86") {
        Some(rest) if plus || rest.len() == 11 => rest,
        _ if plus => return None,
        _ => digits.as_str(),
    };
    let b = digits.as_bytes();
    (b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && all_digits(digits))
        .then(|| digits.to_owned())
}

/// `010` and `02x` are the three-digit area codes; every other area code is `0` + three digits.
fn is_area_code(a: &str) -> bool {
    let b = a.as_bytes();
    all_digits(a)
        && match b.len() {
            3 => a == "010" || b[1] == b'2',
            4 => b[0] == b'0' && (b'3'..=b'9').contains(&b[1]),
            _ => false,
        }
}

/// Local numbers have 7 or 8 digits and never start with 0 or 1.
fn is_local(l: &str) -> bool {
    all_digits(l) && (7..=8).contains(&l.len()) && !l.starts_with(['0', '1'])
}

fn is_extension(e: &str) -> bool {
    all_digits(e) && e.len() <= 6
}

/// Splits `0519888812345` into its area code and local number.
fn split_area(g: &str) -> Option<(&str, &str)> {
    let n = if g.starts_with("01") || g.starts_with("02") {
        3
    } else {
        4
    };
    if !g.is_ascii() || g.len() <= n {
        return None;
    }
    Some(g.split_at(n))
}

/// Landline: area code and local number separated by '-', a space or nothing, then optionally
/// an extension after '-' or '转'.
fn landline(s: &str) -> Option<String> {
    let (main, ext) = match s.split_once('转') {
        Some((m, e)) => (m, Some(e.trim())),
        None => (s, None),
    };
    let groups: Vec<&str> = main.split([' ', '-']).filter(|g| !g.is_empty()).collect();
    if groups.len() > 3 {
        return None;
    }
    let (area, local, ext) = match (groups.as_slice(), ext) {
        ([g], e) => {
            let (a, l) = split_area(g)?;
            (a, l, e)
        }
        ([a, l], e) if is_area_code(a) => (*a, *l, e),
        ([g, x], None) => {
            let (a, l) = split_area(g)?;
            (a, l, Some(*x))
        }
        ([a, l, x], None) => (*a, *l, Some(*x)),
        _ => return None,
    };
    if !is_area_code(area) || !is_local(local) || !ext.is_none_or(is_extension) {
        return None;
    }
    Some(match ext {
        Some(x) => format!("{area}-{local}-{x}"),
        None => format!("{area}-{local}"),
    })
}

impl Phone {
    /// Parses a number as typed. See the module documentation for the accepted forms.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(PhoneError::Empty);
        }
        if s.len() > MAX_INPUT * 4 || s.chars().count() > MAX_INPUT {
            return Err(PhoneError::Invalid);
        }
        if let Some(number) = mobile(s) {
            return Ok(Phone {
                kind: PhoneKind::Mobile,
                number,
            });
        }
        landline(s)
            .map(|number| Phone {
                kind: PhoneKind::Landline,
                number,
            })
            .ok_or(PhoneError::Invalid)
    }

    /// The canonical form.
    pub fn as_str(&self) -> &str {
        &self.number
    }

    pub fn kind(&self) -> PhoneKind {
        self.kind
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn phone_table() {
        use PhoneKind::*;
        let cases: &[(&str, Option<(PhoneKind, &str)>)] = &[
            ("13812345678", Some((Mobile, "13812345678"))),
            (" 138 1234 5678 ", Some((Mobile, "13812345678"))),
            ("138-1234-5678", Some((Mobile, "13812345678"))),
            ("+86 138 1234 5678", Some((Mobile, "13812345678"))),
            ("+8613812345678", Some((Mobile, "13812345678"))),
            ("8613812345678", Some((Mobile, "13812345678"))),
            ("86-199-0000-1111", Some((Mobile, "19900001111"))),
            ("0519-88881234", Some((Landline, "0519-88881234"))),
            ("0519 88881234", Some((Landline, "0519-88881234"))),
            ("051988881234", Some((Landline, "0519-88881234"))),
            ("010-62345678", Some((Landline, "010-62345678"))),
            ("01062345678", Some((Landline, "010-62345678"))),
            ("025-8765432", Some((Landline, "025-8765432"))),
            ("0519-88881234-123", Some((Landline, "0519-88881234-123"))),
            ("0519-88881234转123", Some((Landline, "0519-88881234-123"))),
            ("0519 88881234 转 8", Some((Landline, "0519-88881234-8"))),
            ("051988881234-66", Some((Landline, "0519-88881234-66"))),
            ("12812345678", None),  // 12x is not a mobile prefix
            ("1381234567", None),   // 10 digits
            ("138123456789", None), // 12 digits
            ("+85 13812345678", None),
            ("+8613812345678x", None),
            ("0519-0888123", None), // local starts with 0
            ("0519-123456", None),  // 6-digit local
            ("0519-888812345", None),
            ("019-88881234", None), // no such area code form
            ("05-88881234", None),
            ("0519-88881234-1234567", None),
            ("0519-88881234转", None),
            ("0519-88881234转12转3", None),
            ("0519-8888-1234", None),
            ("8888 1234", None),
            ("１３８１２３４５６７８", None),
            ("", None),
            ("abc", None),
        ];
        for (input, want) in cases {
            let got = Phone::parse(input)
                .ok()
                .map(|p| (p.kind(), p.as_str().to_owned()));
            assert_eq!(got, want.map(|(k, s)| (k, s.to_owned())), "{input:?}");
        }
        assert_eq!(Phone::parse(" "), Err(PhoneError::Empty));
        assert_eq!(Phone::parse(&"1".repeat(1000)), Err(PhoneError::Invalid));
    }

    #[test]
    fn message() {
        let e = PhoneError::Invalid.to_field_error("phone");
        assert_eq!(e.code, "phone.invalid");
        assert!(e.zh.starts_with("联系电话应为 11 位手机号码"), "{}", e.zh);
    }

    proptest! {
        #[test]
        fn never_panics_and_canonical_form_reparses(s in proptest::collection::vec(any::<char>(), 0..300)) {
            let s: String = s.into_iter().collect();
            if let Ok(p) = Phone::parse(&s) {
                prop_assert_eq!(Phone::parse(p.as_str()), Ok(p.clone()));
            }
        }

        #[test]
        fn phone_like_text_never_panics(s in "[+0-9 转\\-]{0,30}") {
            if let Ok(p) = Phone::parse(&s) {
                prop_assert_eq!(Phone::parse(p.as_str()), Ok(p.clone()));
            }
        }

        #[test]
        fn every_mobile_prefix_is_accepted(second in 3u8..=9, rest in "[0-9]{9}") {
            let n = format!("1{second}{rest}");
            prop_assert_eq!(Phone::parse(&n).map(|p| p.kind()), Ok(PhoneKind::Mobile));
            let with_prefix = format!("+86 {n}");
            prop_assert!(Phone::parse(&with_prefix).is_ok());
        }
    }
}
