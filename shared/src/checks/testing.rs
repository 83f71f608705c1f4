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
    ProjectRecord {
        project: Project {
            id: "TEST-1".to_owned(),
            name: "测试项目".to_owned(),
            purchaser_id: "ORG-P".to_owned(),
            agency: None,
            method,
            method_ground: None,
            method_reason: None,
            object_type: ObjectType::Goods,
            jurisdiction_code: Some("320400".to_owned()),
            gov_level: None,
            fiscal_year: None,
            category_code: None,
            budget_amount: None,
            max_price: None,
            min_price: None,
            centralized_catalogue_item: None,
            imports_allowed: None,
            items: Vec::new(),
            scoring: None,
            deposit: None,
            sme: None,
            complex: None,
            high_impact: None,
            secret_or_urgent: None,
            government_purchased_service: None,
            demand_survey_done: None,
            key_review_done: None,
            original_contract: None,
            consultants: Vec::new(),
            records: None,
            status: None,
        },
        lots: Vec::new(),
        budget_line: None,
        plan: None,
        intention: None,
        approvals: Vec::new(),
        notices: Vec::new(),
        documents: None,
        clarifications: Vec::new(),
        invited_suppliers: Vec::new(),
        invitation_pool_size: None,
        deadline: None,
        opening_at: None,
        bids: Vec::new(),
        panel: None,
        score_sheets: Vec::new(),
        reports: Vec::new(),
        awards: Vec::new(),
        contracts: Vec::new(),
        acceptances: Vec::new(),
        payments: Vec::new(),
        challenges: Vec::new(),
        suppliers: Vec::new(),
        experts: Vec::new(),
        organisations: Vec::new(),
    }
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
