//! Budget lines, procurement plans and procurement intentions (预算指标 → 采购计划 → 采购意向).

use serde::{Deserialize, Serialize};

use crate::model::{Method, ObjectType};
use crate::money::Fen;
use crate::time::Instant;

/// A budget line (预算指标).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    pub id: String,
    /// The budget unit (purchaser organisation id).
    pub unit_id: String,
    pub fiscal_year: i32,
    pub approved_amount: Fen,
    /// Amount after budget adjustment (调整后), if adjusted.
    #[serde(default)]
    pub adjusted_amount: Option<Fen>,
    /// Σ amounts of all plans and projects already charged to this line, this project included.
    #[serde(default)]
    pub committed_amount: Option<Fen>,
}

impl BudgetLine {
    /// The amount available: the adjusted amount when adjusted, else the approved amount.
    pub fn available(&self) -> Fen {
        self.adjusted_amount.unwrap_or(self.approved_amount)
    }
}

/// A procurement implementation plan (采购实施计划 / 计划备案).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub id: String,
    pub unit_id: String,
    #[serde(default)]
    pub budget_line_id: Option<String>,
    /// 政府采购品目分类目录 code (e.g. `A02010104`).
    #[serde(default)]
    pub category_code: Option<String>,
    pub object_type: ObjectType,
    pub amount: Fen,
    #[serde(default)]
    pub planned_method: Option<Method>,
    /// When the plan was filed with the finance department (备案).
    #[serde(default)]
    pub filed_at: Option<Instant>,
}

/// A published procurement intention (采购意向公开, 财库〔2020〕10号).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intention {
    #[serde(default)]
    pub plan_id: Option<String>,
    pub published_at: Instant,
    #[serde(default)]
    pub media: Option<String>,
}
