//! Contracts, amendments, subcontracts, acceptance and payments.

use serde::{Deserialize, Serialize};

use crate::money::Fen;
use crate::time::Instant;

/// A signed procurement contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    pub id: String,
    #[serde(default)]
    pub lot_id: Option<String>,
    pub supplier_id: String,
    #[serde(default)]
    pub amount: Option<Fen>,
    #[serde(default)]
    pub signed_at: Option<Instant>,
    /// Published (合同公告).
    #[serde(default)]
    pub published_at: Option<Instant>,
    /// Copy filed with the finance department (备案).
    #[serde(default)]
    pub filed_at: Option<Instant>,
    /// Key terms (delivery, payment, quantity) match the documents and the winning bid.
    #[serde(default)]
    pub terms_match_award: Option<bool>,
    /// Payment term agreed in the contract, calendar days after delivery / acceptance.
    #[serde(default)]
    pub payment_term_days: Option<i64>,
    /// Payment is conditioned on acceptance (the SME clock starts at acceptance).
    #[serde(default)]
    pub payment_after_acceptance: Option<bool>,
    /// Whether the contract agrees a payment term: `Some(false)` = it records that none was
    /// agreed (the statutory term applies, 保障中小企业款项支付条例 Art 9); `None` = not captured.
    /// A `payment_term_days` implies one was agreed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_term_agreed: Option<bool>,
    #[serde(default)]
    pub amendments: Vec<Amendment>,
    #[serde(default)]
    pub subcontracts: Vec<Subcontract>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    pub kind: AmendmentKind,
    #[serde(default)]
    pub signed_at: Option<Instant>,
    /// Change of the contract amount (positive for additions).
    #[serde(default)]
    pub delta_amount: Option<Fen>,
    /// A lawful ground is recorded (e.g. public interest, GP Law Art 50).
    #[serde(default)]
    pub legal_ground: Option<bool>,
    #[serde(default)]
    pub justification: Option<String>,
    /// Also extends the contract period.
    #[serde(default)]
    pub extends_period: Option<bool>,
    /// Made on the "quality improvement" ground (a better product or service than contracted;
    /// Prozorro `qualityImprovement`, rule ari-1-2). `None` = not known.
    #[serde(default)]
    pub quality_improvement: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmendmentKind {
    /// 追加 (additional purchase, GP Law Art 49)
    AddOn,
    /// 变更
    Change,
    /// 中止
    Suspend,
    /// 解除 / 终止
    Terminate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subcontract {
    pub supplier_id: String,
    #[serde(default)]
    pub amount: Option<Fen>,
    #[serde(default)]
    pub purchaser_consent: Option<bool>,
    /// The whole contract is passed on (转包).
    #[serde(default)]
    pub whole_contract: bool,
}

/// Delivery and acceptance (验收) of a contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    pub contract_id: String,
    #[serde(default)]
    pub delivered_at: Option<Instant>,
    #[serde(default)]
    pub done_at: Option<Instant>,
    #[serde(default)]
    pub passed: Option<bool>,
    /// A third-party inspector took part.
    #[serde(default)]
    pub third_party: Option<bool>,
    /// Service recipients took part (public services).
    #[serde(default)]
    pub recipients_involved: Option<bool>,
    /// The contract delivers a public service to the public (向社会公众提供的公共服务项目), so
    /// the service recipients must be invited to the acceptance (条例 Art 45 ¶2). `None` = not known.
    #[serde(default)]
    pub public_service: Option<bool>,
}

/// A treasury payment (国库支付).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// `None` = a payment no contract is known for.
    #[serde(default)]
    pub contract_id: Option<String>,
    pub paid_at: Instant,
    pub amount: Fen,
    pub payee_id: String,
    /// The final (balance) payment.
    #[serde(default)]
    pub is_final: Option<bool>,
}
