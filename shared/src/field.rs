//! Field-level validation errors: a stable code for programs and tests, a message in both
//! languages for people. A form validator returns every error at once, keyed by field name.

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Text};

/// One problem with one field of a form or a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's name, as in the form and the JSON body (e.g. `credit_code`).
    pub field: String,
    /// A stable, machine-readable code (e.g. `credit_code.check_char`). Never changes once released.
    pub code: String,
    /// The message in Chinese.
    pub zh: String,
    /// The message in English.
    pub en: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, text: Text) -> FieldError {
        FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            zh: text.zh.to_owned(),
            en: text.en.to_owned(),
        }
    }

    /// A message with values filled in (both languages already formatted by the caller).
    pub fn with_message(field: &str, code: &str, zh: String, en: String) -> FieldError {
        FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            zh,
            en,
        }
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// All problems found in one form, in the order of the form's fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> FieldErrors {
        FieldErrors(Vec::new())
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// Records the error of a field parser, if any, and passes the parsed value on.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The first error of one field (a form shows one message per field).
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {} ({})", e.field, e.en, e.code)?;
        }
        Ok(())
    }
}

impl std::error::Error for FieldErrors {}
