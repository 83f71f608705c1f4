//! Helpers for check tests: a minimal record per method, instants and dates from strings, and
//! the built-in context. Test-only.

use crate::checks::framework::CheckContext;
use crate::model::{Method, ObjectType, Project, ProjectRecord};
use crate::time::{Date, Instant};

/// `"2026-03-02 09:00"` (China time) or `"2026-03-02"` (00:00) → instant. Panics on a typo (tests only).
pub fn at(s: &str) -> Instant {
    Instant::parse(&s.replace(' ', "T")).unwrap_or_else(|e| panic!("bad instant {s}: {e}"))
}

/// `"2026-03-02"` → date.
pub fn day(s: &str) -> Date {
    Date::parse(s).unwrap_or_else(|e| panic!("bad date {s}: {e}"))
}

/// The built-in context with "now" at `as_of`.
pub fn ctx(as_of: &str) -> CheckContext<'static> {
    CheckContext::builtin(at(as_of))
}

/// A record with only the mandatory fields: a goods project of `method`, nothing else known.
pub fn record(method: Method) -> ProjectRecord {
    ProjectRecord::empty(Project {
        name: "测试项目".to_owned(),
        purchaser_id: "ORG-P".to_owned(),
        jurisdiction_code: Some("320400".to_owned()),
        ..Project::minimal("TEST-1", method, ObjectType::Goods)
    })
}

/// Short name of an outcome for table-driven tests: `"flag"`, `"clear"` or `"missing"`.
pub fn kind(o: &crate::checks::framework::Outcome) -> &'static str {
    use crate::checks::framework::Outcome::*;
    match o {
        Flagged(_) => "flag",
        Clear(_) => "clear",
        InsufficientData { .. } => "missing",
    }
}
