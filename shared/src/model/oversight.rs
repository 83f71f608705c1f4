//! Approvals by the finance department and supplier challenges (询问 / 质疑 / 投诉).

use serde::{Deserialize, Serialize};

use crate::model::Method;
use crate::time::Instant;

/// A request for approval and its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub kind: ApprovalKind,
    #[serde(default)]
    pub submitted_at: Option<Instant>,
    #[serde(default)]
    pub decided_at: Option<Instant>,
    /// `None` = not decided yet.
    #[serde(default)]
    pub result: Option<ApprovalResult>,
    /// For a method change: the approved method.
    #[serde(default)]
    pub to_method: Option<Method>,
}

impl Approval {
    pub fn is_approved(&self) -> bool {
        self.result == Some(ApprovalResult::Approved)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalKind {
    /// 采购进口产品
    Import,
    /// 变更采购方式 (a method other than open tender)
    MethodChange,
    /// 单一来源 approval after the public notice
    SingleSource,
    /// 自行选定评审专家
    ExpertSelfSelection,
    /// Continuing with two suppliers (74号令 Art 27 ¶2)
    TwoSupplierContinuation,
    /// Price weight outside the normal range (214号 Art 24)
    PriceWeight,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalResult {
    Approved,
    Rejected,
}

/// A supplier's inquiry, challenge or complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Challenge {
    pub kind: ChallengeKind,
    #[serde(default)]
    pub supplier_id: Option<String>,
    pub filed_at: Instant,
    /// Answered by the purchaser / agency (询问, 质疑).
    #[serde(default)]
    pub answered_at: Option<Instant>,
    /// Decided by the finance department (投诉).
    #[serde(default)]
    pub decided_at: Option<Instant>,
    /// It may affect the award result (条例 Art 54).
    #[serde(default)]
    pub affects_result: Option<bool>,
    /// Working days excluded from the complaint clock (testing, expert review; 条例 Art 58).
    #[serde(default)]
    pub excluded_workdays: Option<i64>,
    #[serde(default)]
    pub suspended_from: Option<Instant>,
    #[serde(default)]
    pub suspended_until: Option<Instant>,
    /// The challenge was upheld (成立).
    #[serde(default)]
    pub upheld: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeKind {
    /// 询问
    Inquiry,
    /// 质疑
    Challenge,
    /// 投诉
    Complaint,
}

impl ChallengeKind {
    /// The stored code (as serialised).
    pub fn code(self) -> &'static str {
        match self {
            ChallengeKind::Inquiry => "inquiry",
            ChallengeKind::Challenge => "challenge",
            ChallengeKind::Complaint => "complaint",
        }
    }

    /// Its name, as pages and exports write it.
    pub fn name(self) -> crate::i18n::Text {
        match self {
            ChallengeKind::Inquiry => crate::i18n::Text::new("询问", "Inquiry"),
            ChallengeKind::Challenge => crate::i18n::Text::new("质疑", "Challenge"),
            ChallengeKind::Complaint => crate::i18n::Text::new("投诉", "Complaint"),
        }
    }
}
