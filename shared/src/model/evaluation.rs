//! Evaluation panels, score sheets, reports and awards.

use serde::{Deserialize, Serialize};

use crate::money::Fen;
use crate::time::Instant;

/// The evaluation committee / negotiation or consultation panel (评标委员会 / 谈判小组 / 磋商小组).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    #[serde(default)]
    pub members: Vec<PanelMember>,
    /// Evaluation started.
    #[serde(default)]
    pub started_at: Option<Instant>,
    /// Evaluation ended (report signed).
    #[serde(default)]
    pub ended_at: Option<Instant>,
    /// Off-site (异地) evaluation: the 2-working-day draw rule does not apply.
    #[serde(default)]
    pub off_site: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PanelMember {
    /// Id of the person in the record's `experts` registry.
    pub person_id: String,
    pub role: MemberRole,
    pub source: MemberSource,
    #[serde(default)]
    pub drawn_at: Option<Instant>,
    #[serde(default)]
    pub is_legal_expert: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    /// 采购人代表
    PurchaserRep,
    /// 评审专家
    Expert,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberSource {
    /// Drawn at random from the expert database.
    Random,
    /// Selected by the purchaser (自行选定).
    SelfSelected,
}

/// One member's scores for one bid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSheet {
    pub person_id: String,
    pub bid_id: String,
    /// Total score in hundredths of a point (8750 = 87.50 points).
    pub total_hundredths: i64,
    #[serde(default)]
    pub items: Vec<ItemScore>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemScore {
    pub item: String,
    pub score_hundredths: i64,
    /// Maximum for the item, hundredths.
    #[serde(default)]
    pub max_hundredths: Option<i64>,
    /// A subjective item (主观分).
    #[serde(default)]
    pub subjective: Option<bool>,
}

/// One version of the evaluation report (评审报告). Version 1 is the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationReport {
    pub version: u32,
    #[serde(default)]
    pub lot_id: Option<String>,
    #[serde(default)]
    pub signed_at: Option<Instant>,
    /// Delivered to the purchaser.
    #[serde(default)]
    pub delivered_at: Option<Instant>,
    /// Recommended suppliers (supplier ids), best first.
    #[serde(default)]
    pub ranking: Vec<String>,
    /// Why this version replaces the previous one (versions ≥ 2).
    #[serde(default)]
    pub change_reason: Option<ReEvaluationReason>,
    /// The re-evaluation was reported in writing to the finance department.
    #[serde(default)]
    pub reported_to_finance: Option<bool>,
}

/// The permitted grounds for re-evaluation (条例 Art 44; 87号令 Art 64), plus `other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReEvaluationReason {
    SumError,
    ItemScoreOutOfRange,
    InconsistentObjectiveScores,
    AbnormalScore,
    Other,
}

/// The award (中标 / 成交) of the project or of one lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Award {
    #[serde(default)]
    pub lot_id: Option<String>,
    pub supplier_id: String,
    #[serde(default)]
    pub bid_id: Option<String>,
    #[serde(default)]
    pub amount: Option<Fen>,
    /// The purchaser confirmed the winner.
    #[serde(default)]
    pub confirmed_at: Option<Instant>,
    /// The award notice (中标 / 成交通知书) was sent.
    #[serde(default)]
    pub notified_at: Option<Instant>,
    /// The result notice was published.
    #[serde(default)]
    pub published_at: Option<Instant>,
    /// Why the winner is not the first of the ranking (first-ranked refused, …).
    #[serde(default)]
    pub deviation_reason: Option<String>,
}
