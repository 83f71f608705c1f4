//! A small JSON Schema (draft 4) validator for the tests: the subset the OCDS 1.1.5 schemas use
//! (`type`, `properties`, `required`, `items`, `enum`, `$ref`, `oneOf`, `minProperties`,
//! `minItems`, `minLength`, `uniqueItems`, `patternProperties`, `pattern`, `format` date-time and
//! uri). Annotations (`title`, `codelist`, `deprecated`, merge rules, …) are ignored. A keyword
//! or pattern outside the subset panics, so nothing passes unchecked.
#![allow(dead_code)]

use std::collections::HashMap;

use serde_json::Value;

/// Schemas by their `id` (absolute `$ref`s resolve to them).
pub struct Validator {
    docs: HashMap<String, Value>,
}

const IGNORED: &[&str] = &[
    "id",
    "$schema",
    "title",
    "description",
    "codelist",
    "openCodelist",
    "deprecated",
    "deprecatedVersion",
    "omitWhenMerged",
    "wholeListMerge",
    "versionId",
    "default",
    "definitions",
    "mergeStrategy",
    "mergeOptions",
];

impl Validator {
    /// `docs`: `(uri, schema)`; the first is the root.
    pub fn new(docs: Vec<(&str, Value)>) -> Validator {
        Validator {
            docs: docs.into_iter().map(|(u, v)| (u.to_owned(), v)).collect(),
        }
    }

    /// The errors of `value` against the schema `uri` (empty: valid).
    pub fn validate(&self, uri: &str, value: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        let root = &self.docs[uri];
        self.check(root, root, value, "$", &mut errors);
        errors
    }

    fn resolve<'a>(&'a self, doc: &'a Value, r: &str) -> (&'a Value, &'a Value) {
        let (base, pointer) = r.split_once('#').unwrap_or((r, ""));
        let doc = if base.is_empty() {
            doc
        } else {
            self.docs
                .get(base)
                .unwrap_or_else(|| panic!("unknown schema {base}"))
        };
        let target = doc
            .pointer(pointer)
            .unwrap_or_else(|| panic!("unresolved $ref {r}"));
        (doc, target)
    }

    fn check(&self, doc: &Value, schema: &Value, v: &Value, path: &str, e: &mut Vec<String>) {
        let Some(s) = schema.as_object() else {
            panic!("schema at {path} is not an object")
        };
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let (doc, target) = self.resolve(doc, r);
            self.check(doc, target, v, path, e);
            return;
        }
        for key in s.keys() {
            let known = IGNORED.contains(&key.as_str())
                || matches!(
                    key.as_str(),
                    "type"
                        | "properties"
                        | "required"
                        | "items"
                        | "enum"
                        | "oneOf"
                        | "minProperties"
                        | "minItems"
                        | "minLength"
                        | "uniqueItems"
                        | "patternProperties"
                        | "pattern"
                        | "format"
                );
            assert!(known, "unsupported keyword {key} at {path}");
        }
        if let Some(t) = s.get("type") {
            let types: Vec<&str> = match t {
                Value::String(t) => vec![t.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => panic!("bad type at {path}"),
            };
            let ok = types.iter().any(|t| match *t {
                "string" => v.is_string(),
                "number" => v.is_number(),
                "integer" => v.as_i64().is_some() || v.as_u64().is_some(),
                "boolean" => v.is_boolean(),
                "object" => v.is_object(),
                "array" => v.is_array(),
                "null" => v.is_null(),
                other => panic!("unknown type {other}"),
            });
            if !ok {
                e.push(format!("{path}: expected {types:?}, got {v}"));
                return;
            }
        }
        if let Some(Value::Array(options)) = s.get("enum") {
            if !options.contains(v) {
                e.push(format!("{path}: {v} not in the enum"));
            }
        }
        if let Some(Value::Array(options)) = s.get("oneOf") {
            let passing = options
                .iter()
                .filter(|o| {
                    let mut inner = Vec::new();
                    self.check(doc, o, v, path, &mut inner);
                    inner.is_empty()
                })
                .count();
            if passing != 1 {
                e.push(format!("{path}: {passing} of oneOf match, not exactly 1"));
            }
        }
        if let Some(text) = v.as_str() {
            if let Some(n) = s.get("minLength").and_then(Value::as_u64) {
                if (text.chars().count() as u64) < n {
                    e.push(format!("{path}: shorter than {n}"));
                }
            }
            if let Some(p) = s.get("pattern").and_then(Value::as_str) {
                let ok = match p {
                    r"^(\d+\.)(\d+)$" => text
                        .split_once('.')
                        .is_some_and(|(a, b)| digits(a) && digits(b)),
                    other => panic!("unsupported pattern {other}"),
                };
                if !ok {
                    e.push(format!("{path}: {text:?} does not match {p}"));
                }
            }
            match s.get("format").and_then(Value::as_str) {
                Some("date-time") if !date_time(text) => {
                    e.push(format!("{path}: {text:?} is not an RFC 3339 date-time"))
                }
                Some("uri") if !uri(text) => e.push(format!("{path}: {text:?} is not a URI")),
                Some("date-time" | "uri") | None => {}
                Some(other) => panic!("unsupported format {other}"),
            }
        }
        if let Some(m) = v.as_object() {
            if let Some(Value::Array(req)) = s.get("required") {
                for r in req.iter().filter_map(Value::as_str) {
                    if !m.contains_key(r) {
                        e.push(format!("{path}: missing required {r}"));
                    }
                }
            }
            if let Some(n) = s.get("minProperties").and_then(Value::as_u64) {
                if (m.len() as u64) < n {
                    e.push(format!("{path}: fewer than {n} properties"));
                }
            }
            if let Some(Value::Object(props)) = s.get("properties") {
                for (k, sub) in props {
                    if let Some(x) = m.get(k) {
                        self.check(doc, sub, x, &format!("{path}.{k}"), e);
                    }
                }
            }
            if let Some(Value::Object(pp)) = s.get("patternProperties") {
                for (pattern, sub) in pp {
                    // OCDS's patterns are `^(FIELD_(language tag))$`: a key FIELD_xx.
                    let field = pattern
                        .strip_prefix("^(")
                        .and_then(|p| p.split_once('_'))
                        .map(|(f, _)| f)
                        .filter(|f| f.chars().all(|c| c.is_ascii_alphanumeric()))
                        .unwrap_or_else(|| panic!("unsupported patternProperties {pattern}"));
                    for (k, x) in m {
                        let tagged = k
                            .strip_prefix(field)
                            .and_then(|r| r.strip_prefix('_'))
                            .is_some_and(|tag| !tag.is_empty());
                        if tagged {
                            self.check(doc, sub, x, &format!("{path}.{k}"), e);
                        }
                    }
                }
            }
        }
        if let Some(a) = v.as_array() {
            if let Some(n) = s.get("minItems").and_then(Value::as_u64) {
                if (a.len() as u64) < n {
                    e.push(format!("{path}: fewer than {n} items"));
                }
            }
            if s.get("uniqueItems").and_then(Value::as_bool) == Some(true) {
                for (i, x) in a.iter().enumerate() {
                    if a[..i].contains(x) {
                        e.push(format!("{path}[{i}]: duplicate item"));
                    }
                }
            }
            if let Some(items) = s.get("items") {
                for (i, x) in a.iter().enumerate() {
                    self.check(doc, items, x, &format!("{path}[{i}]"), e);
                }
            }
        }
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// RFC 3339 `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
pub fn date_time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 {
        return false;
    }
    let d = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let shape = d(0..4)
        && b[4] == b'-'
        && d(5..7)
        && b[7] == b'-'
        && d(8..10)
        && matches!(b[10], b'T' | b't')
        && d(11..13)
        && b[13] == b':'
        && d(14..16)
        && b[16] == b':'
        && d(17..19);
    if !shape {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(f) = rest.strip_prefix('.') {
        let n = f.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &f[n..];
    }
    let r = rest.as_bytes();
    rest == "Z"
        || rest == "z"
        || (r.len() == 6
            && matches!(r[0], b'+' | b'-')
            && r[1..3].iter().all(u8::is_ascii_digit)
            && r[3] == b':'
            && r[4..6].iter().all(u8::is_ascii_digit))
}

/// An absolute URI: a scheme, a colon, no spaces.
pub fn uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut c = scheme.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic())
        && c.all(|x| x.is_ascii_alphanumeric() || matches!(x, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.contains(char::is_whitespace)
}

pub const RELEASE: &str =
    "https://standard.open-contracting.org/schema/1__1__5/release-schema.json";
pub const RELEASE_PACKAGE: &str = "release-package";
pub const RECORD_PACKAGE: &str = "record-package";

/// The 1.1.5 release, release package and record package schemas, the release schema extended
/// (bid and `yiwang` extensions). The record's `versionedRelease` is not checked (its
/// validation schema is not in the repository): remove it before validating.
pub fn ocds_validator() -> Validator {
    let parse = |s: &str| -> Value { serde_json::from_str(s).expect("schema JSON") };
    let release = ocds::project::extended_release_schema().expect("extended schema");
    Validator::new(vec![
        (RELEASE, release),
        (
            RELEASE_PACKAGE,
            parse(include_str!(
                "../../schema/release-package-schema-1.1.5.json"
            )),
        ),
        (
            RECORD_PACKAGE,
            parse(include_str!(
                "../../schema/record-package-schema-1.1.5.json"
            )),
        ),
    ])
}
