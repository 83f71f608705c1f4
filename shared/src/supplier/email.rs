//! 电子邮箱: `local@domain`, ASCII only (internationalised addresses are refused: the platform's
//! mail relay does not support SMTPUTF8).

use crate::field::FieldError;

use super::field_label;

/// RFC 5321: a forward path is at most 256 octets including the angle brackets.
pub const EMAIL_MAX: usize = 254;
const LOCAL_MAX: usize = 64;
const LABEL_MAX: usize = 63;

/// An e-mail address: trimmed, domain lower-cased, local part as typed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

/// Why an e-mail address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("required")]
    Empty,
    #[error("longer than 254 characters")]
    TooLong,
    #[error("not an e-mail address")]
    Invalid,
}

impl EmailError {
    pub fn reason(&self) -> &'static str {
        match self {
            EmailError::Empty => "required",
            EmailError::TooLong => "too_long",
            EmailError::Invalid => "invalid",
        }
    }

    pub fn to_field_error(&self, field: &str) -> FieldError {
        let label = field_label(field);
        let (zh, en) = match self {
            EmailError::Empty => (
                format!("请填写{}", label.zh),
                format!("{} is required", label.en),
            ),
            EmailError::TooLong => (
                format!("{}最多 {EMAIL_MAX} 个字符", label.zh),
                format!("{} must have at most {EMAIL_MAX} characters", label.en),
            ),
            EmailError::Invalid => (
                format!("{}格式不正确，应如 name@example.com", label.zh),
                format!(
                    "{} is not a valid address; it should look like name@example.com",
                    label.en
                ),
            ),
        };
        FieldError::with_message(field, &format!("{field}.{}", self.reason()), zh, en)
    }
}

fn local_ok(local: &str) -> bool {
    const SPECIALS: &[u8] = b".!#$%&'*+/=?^_`{|}~-";
    !local.is_empty()
        && local.len() <= LOCAL_MAX
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || SPECIALS.contains(&b))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= LABEL_MAX
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    labels.len() >= 2
        && labels.iter().all(label_ok)
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && !tld.bytes().all(|b| b.is_ascii_digit()))
}

impl Email {
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        if s.chars().count() > EMAIL_MAX {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = s.split_once('@').ok_or(EmailError::Invalid)?;
        if !local_ok(local) || !domain_ok(domain) {
            return Err(EmailError::Invalid);
        }
        Ok(Email(format!("{local}@{}", domain.to_ascii_lowercase())))
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
    fn email_table() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("zhang.san@example.com", Ok("zhang.san@example.com")),
            ("  Li_Si+gp@Mail.CZ.gov.cn ", Ok("Li_Si+gp@mail.cz.gov.cn")),
            ("a@b.cn", Ok("a@b.cn")),
            ("o'brien@x-y.com.cn", Ok("o'brien@x-y.com.cn")),
            ("", Err("required")),
            ("zhangsan", Err("invalid")),
            ("zhangsan@", Err("invalid")),
            ("@example.com", Err("invalid")),
            ("zhang san@example.com", Err("invalid")),
            ("a@@example.com", Err("invalid")),
            ("a@b@example.com", Err("invalid")),
            ("a@localhost", Err("invalid")),
            ("a@example.c", Err("invalid")),
            ("a@1.2.3.4", Err("invalid")),
            ("a@-x.com", Err("invalid")),
            ("a@x-.com", Err("invalid")),
            ("a@x..com", Err("invalid")),
            (".a@x.com", Err("invalid")),
            ("a.@x.com", Err("invalid")),
            ("a..b@x.com", Err("invalid")),
            ("张三@例子.中国", Err("invalid")),
            ("a@x.com\u{200B}", Err("invalid")),
        ];
        for (input, want) in cases {
            let got = Email::parse(input);
            match want {
                Ok(v) => assert_eq!(got.as_ref().map(|e| e.as_str()), Ok(*v), "{input:?}"),
                Err(r) => assert_eq!(got.map_err(|e| e.reason()), Err(*r), "{input:?}"),
            }
        }
        let long_local = format!("{}@example.com", "a".repeat(65));
        assert_eq!(Email::parse(&long_local), Err(EmailError::Invalid));
        let long = format!("a@{}.com", vec!["b".repeat(63); 4].join("."));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
        let ok = format!("a@{}.cn", vec!["b".repeat(60); 4].join("."));
        assert!(ok.len() <= 254 && Email::parse(&ok).is_ok());
    }

    proptest! {
        #[test]
        fn never_panics_and_output_reparses(s in proptest::collection::vec(any::<char>(), 0..300)) {
            let s: String = s.into_iter().collect();
            if let Ok(e) = Email::parse(&s) {
                prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
                prop_assert!(e.as_str().len() <= EMAIL_MAX && !e.as_str().contains(' '));
            }
        }

        #[test]
        fn plausible_addresses_are_accepted(local in "[a-z0-9_]{1,20}", host in "[a-z0-9]{1,20}", tld in "[a-z]{2,6}") {
            let s = format!("{local}@{host}.{tld}");
            prop_assert_eq!(Email::parse(&s).map(|e| e.as_str().to_owned()), Ok(s));
        }
    }
}
