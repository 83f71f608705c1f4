//! Notices, documents, clarifications, invited suppliers and bids.

use serde::{Deserialize, Serialize};

use crate::money::Fen;
use crate::time::{Date, Instant};

/// A published notice (公告 / 公示).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    #[serde(default)]
    pub id: Option<String>,
    pub kind: NoticeKind,
    #[serde(default)]
    pub lot_id: Option<String>,
    pub published_at: Instant,
    /// Where it was published (`ccgp.gov.cn`, `ccgp-jiangsu.gov.cn`, …).
    #[serde(default)]
    pub media: Vec<String>,
    /// The last day of the publication period (公告期 / 公示期) as stated in the notice.
    #[serde(default)]
    pub period_end: Option<Date>,
    /// The budget amount disclosed in the notice; `None` = not disclosed (or not known).
    #[serde(default)]
    pub budget_amount: Option<Fen>,
    /// What the notice contains (for the content checks).
    #[serde(default)]
    pub content: Option<NoticeContent>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// 招标公告 (open tender)
    Tender,
    /// 资格预审公告
    Prequalification,
    /// 投标邀请书 / invitation (invited tender, negotiation, RFQ, consultation by invitation)
    Invitation,
    /// 竞争性谈判公告
    Negotiation,
    /// 竞争性磋商公告
    Consultation,
    /// 询价公告
    RequestForQuotation,
    /// 单一来源采购公示
    SingleSourcePublic,
    /// 更正公告
    Correction,
    /// 中标 / 成交结果公告
    Result,
    /// 废标 / 终止公告
    Termination,
    /// 合同公告
    Contract,
}

impl NoticeKind {
    /// Notices that open the procurement activity (the "first notice").
    pub fn starts_activity(self) -> bool {
        matches!(
            self,
            NoticeKind::Tender
                | NoticeKind::Prequalification
                | NoticeKind::Invitation
                | NoticeKind::Negotiation
                | NoticeKind::Consultation
                | NoticeKind::RequestForQuotation
                | NoticeKind::SingleSourcePublic
        )
    }
}

/// Which required elements a notice contains. `None` = not known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeContent {
    #[serde(default)]
    pub supplier_name: Option<bool>,
    #[serde(default)]
    pub supplier_address: Option<bool>,
    #[serde(default)]
    pub amount: Option<bool>,
    #[serde(default)]
    pub main_items: Option<bool>,
    #[serde(default)]
    pub expert_list: Option<bool>,
    #[serde(default)]
    pub reason: Option<bool>,
    #[serde(default)]
    pub documents_attached: Option<bool>,
}

/// The procurement documents (招标文件 / 谈判文件 / 磋商文件 / 询价通知书).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcurementDocuments {
    /// Documents start being issued (开始发出 / 发售).
    #[serde(default)]
    pub issued_from: Option<Instant>,
    /// End of the provision / sale period.
    #[serde(default)]
    pub issued_until: Option<Instant>,
    /// Pre-qualification: application deadline (资格预审申请截止).
    #[serde(default)]
    pub prequal_application_deadline: Option<Instant>,
    /// Pre-qualification documents provision start / end.
    #[serde(default)]
    pub prequal_issued_from: Option<Instant>,
    #[serde(default)]
    pub prequal_issued_until: Option<Instant>,
    /// The documents exclude domestic products although imports are approved (P10).
    #[serde(default)]
    pub excludes_domestic_products: Option<bool>,
    /// Full text (or the qualification/scoring/specification parts) for the text rules.
    #[serde(default)]
    pub text: Option<String>,
}

/// A clarification or modification of the documents (澄清或修改).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clarification {
    pub issued_at: Instant,
    /// It may affect the preparation of bids / responses.
    #[serde(default)]
    pub affects_preparation: Option<bool>,
    /// It concerns the pre-qualification documents.
    #[serde(default)]
    pub prequalification: bool,
    /// The deadline in force before this clarification.
    #[serde(default)]
    pub deadline_before: Option<Instant>,
    /// The deadline after it (equal to `deadline_before` when not extended).
    #[serde(default)]
    pub deadline_after: Option<Instant>,
}

/// A supplier invited to an invited tender, negotiation, consultation or RFQ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvitedSupplier {
    pub supplier_id: String,
    pub source: SupplierSource,
    #[serde(default)]
    pub invited_at: Option<Instant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupplierSource {
    /// Public call for suppliers (发布公告征集).
    PublicCall,
    /// Drawn at random from the supplier library.
    RandomFromLibrary,
    /// Written recommendation by the purchaser.
    PurchaserRecommended,
    /// Written recommendation by experts.
    ExpertRecommended,
    Other,
}

/// One bid / response (投标 / 响应文件).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bid {
    pub id: String,
    /// The bidder (lead member for a consortium).
    pub supplier_id: String,
    #[serde(default)]
    pub lot_id: Option<String>,
    #[serde(default)]
    pub received_at: Option<Instant>,
    /// Price as opened / first quotation.
    #[serde(default)]
    pub price: Option<Fen>,
    /// Final quotation (最后报价) in negotiation / consultation / RFQ; present = took part in the final round.
    #[serde(default)]
    pub final_price: Option<Fen>,
    pub status: BidStatus,
    #[serde(default)]
    pub disqualification_reason: Option<String>,
    /// Passed the qualification review.
    #[serde(default)]
    pub qualified: Option<bool>,
    /// Passed the compliance (responsiveness) review.
    #[serde(default)]
    pub responsive: Option<bool>,
    /// Brand of the core product.
    #[serde(default)]
    pub brand: Option<String>,
    #[serde(default)]
    pub device: Option<DeviceFingerprint>,
    /// Other consortium members (supplier ids), empty when not a consortium.
    #[serde(default)]
    pub consortium_members: Vec<String>,
    /// Bank account the bid security was paid from.
    #[serde(default)]
    pub deposit_payer_account: Option<String>,
    /// When the bid security was refunded.
    #[serde(default)]
    pub deposit_refunded_at: Option<Instant>,
    /// A written justification of an abnormally low price is on file (87号令 Art 60).
    #[serde(default)]
    pub low_price_explanation: Option<bool>,
    /// Contact phone numbers / e-mails / preparer names as given in the bid.
    #[serde(default)]
    pub contacts: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BidStatus {
    Valid,
    Disqualified,
    Withdrawn,
}

/// Technical traces of how a bid file was made (87号令 Art 37 "视为串通").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceFingerprint {
    #[serde(default)]
    pub mac: Option<String>,
    #[serde(default)]
    pub ip: Option<String>,
    #[serde(default)]
    pub ca_lock_id: Option<String>,
    /// File creator / machine code in the bid file's metadata.
    #[serde(default)]
    pub file_creator: Option<String>,
    /// Hash of the bid document (identical documents).
    #[serde(default)]
    pub file_hash: Option<String>,
}
