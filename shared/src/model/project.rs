//! The procurement project (采购项目) and its lots (包), items, scoring and deposit terms.

use serde::{Deserialize, Serialize};

use crate::model::{GovLevel, Method, ObjectType};
use crate::money::Fen;
use crate::time::Date;

/// One procurement project as announced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub id: String,
    pub name: String,
    /// The purchaser (organisation id).
    pub purchaser_id: String,
    #[serde(default)]
    pub agency: Option<AgencyRef>,
    pub method: Method,
    /// The legal ground claimed for the method (GP Law Art 29–32, 214号 Art 3).
    #[serde(default)]
    pub method_ground: Option<MethodGround>,
    /// The reason in the purchaser's words.
    #[serde(default)]
    pub method_reason: Option<String>,
    pub object_type: ObjectType,
    /// GB/T 2260 code of the purchaser's jurisdiction.
    #[serde(default)]
    pub jurisdiction_code: Option<String>,
    #[serde(default)]
    pub gov_level: Option<GovLevel>,
    #[serde(default)]
    pub fiscal_year: Option<i32>,
    /// Main 品目 code of the project.
    #[serde(default)]
    pub category_code: Option<String>,
    /// 采购预算 (tender.value).
    #[serde(default)]
    pub budget_amount: Option<Fen>,
    /// 最高限价 (ceiling price).
    #[serde(default)]
    pub max_price: Option<Fen>,
    /// 最低限价 (a floor price; forbidden by 87号令 Art 12).
    #[serde(default)]
    pub min_price: Option<Fen>,
    /// The items fall under the centralized-procurement catalogue (集中采购目录).
    #[serde(default)]
    pub centralized_catalogue_item: Option<bool>,
    /// The documents allow imported products.
    #[serde(default)]
    pub imports_allowed: Option<bool>,
    #[serde(default)]
    pub items: Vec<Item>,
    #[serde(default)]
    pub scoring: Option<Scoring>,
    #[serde(default)]
    pub deposit: Option<DepositTerms>,
    #[serde(default)]
    pub sme: Option<SmePolicy>,
    /// Technically complex or specialised (技术复杂或专业性强).
    #[serde(default)]
    pub complex: Option<bool>,
    /// High social impact (社会影响较大).
    #[serde(default)]
    pub high_impact: Option<bool>,
    /// Secret or unforeseeable-urgent (exempt from intention publication).
    #[serde(default)]
    pub secret_or_urgent: Option<bool>,
    /// 政府购买服务 (allows two suppliers in consultation, 财库〔2015〕124号).
    #[serde(default)]
    pub government_purchased_service: Option<bool>,
    /// 需求调查 done (财库〔2021〕22号).
    #[serde(default)]
    pub demand_survey_done: Option<bool>,
    /// 重点审查 done (财库〔2021〕22号).
    #[serde(default)]
    pub key_review_done: Option<bool>,
    /// For single source ground "add-on": the original contract.
    #[serde(default)]
    pub original_contract: Option<OriginalContract>,
    /// Suppliers that designed, specified, managed, supervised or tested this project (条例 Art 18 ¶2).
    #[serde(default)]
    pub consultants: Vec<Consultant>,
    #[serde(default)]
    pub records: Option<RecordSet>,
    #[serde(default)]
    pub status: Option<ProjectStatus>,
}

/// Who runs the procurement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyRef {
    pub kind: AgencyKind,
    /// Organisation id of the agency; `None` for self-procurement.
    #[serde(default)]
    pub org_id: Option<String>,
    /// Entrustment outside the centralized center is covered by 部门集中采购 or an approval.
    #[serde(default)]
    pub self_procurement_approved: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// 集中采购机构
    CentralizedCenter,
    /// 社会代理机构
    PrivateAgency,
    /// 自行采购
    SelfProcurement,
}

/// Legal grounds for the methods other than open tender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodGround {
    /// GP Law Art 29(一): special nature, only a few suppliers.
    InvitedFewSuppliers,
    /// GP Law Art 29(二): open-tender cost disproportionate to the value.
    InvitedCostDisproportionate,
    /// GP Law Art 30(一): no bids, or no qualified bids, or re-tender failed.
    NegotiationTenderFailed,
    /// GP Law Art 30(二): technically complex, specifications cannot be fixed.
    NegotiationComplex,
    /// GP Law Art 30(三): urgent, tendering takes too long.
    NegotiationUrgent,
    /// GP Law Art 30(四): total price cannot be calculated in advance.
    NegotiationPriceNotCalculable,
    /// GP Law Art 31(一): only one possible supplier.
    SingleOnlySupplier,
    /// GP Law Art 31(二): unforeseeable emergency.
    SingleEmergency,
    /// GP Law Art 31(三): add-on to the original contract (≤ 10 %).
    SingleAddOn,
    /// GP Law Art 32: standard goods, stable prices (询价).
    RfqStandardGoods,
    /// 214号 Art 3(一): government-purchased services.
    ConsultationPurchasedService,
    /// 214号 Art 3(二): technically complex or special.
    ConsultationComplex,
    /// 214号 Art 3(三): market research, scarce supply.
    ConsultationScarceMarket,
    /// 214号 Art 3(四): price cannot be calculated in advance.
    ConsultationPriceNotCalculable,
    /// 214号 Art 3(五): works outside the Bidding Law tender scope.
    ConsultationWorksOutsideTender,
    /// A ground in no list above.
    Other,
}

/// A lot (包 / 标项).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lot {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub budget_amount: Option<Fen>,
    #[serde(default)]
    pub max_price: Option<Fen>,
}

/// One procured item (tender.items).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    #[serde(default)]
    pub lot_id: Option<String>,
    pub name: String,
    #[serde(default)]
    pub category_code: Option<String>,
    #[serde(default)]
    pub quantity: Option<i64>,
    #[serde(default)]
    pub is_imported: Option<bool>,
    /// Unified-price / fixed-price item: price is not to be scored.
    #[serde(default)]
    pub unified_price: Option<bool>,
}

/// The evaluation method and weights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    pub method: ScoringMethod,
    /// Price weight in permille (300 = 30 %), for the comprehensive method.
    #[serde(default)]
    pub price_weight_permille: Option<i64>,
    /// A finance-department approval of a weight outside the normal range (214号 Art 24).
    #[serde(default)]
    pub weight_approved: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoringMethod {
    /// 最低评标价法
    LowestPrice,
    /// 综合评分法
    Comprehensive,
}

/// Deposit terms stated in the documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepositTerms {
    /// 投标保证金 amount.
    #[serde(default)]
    pub bid_security: Option<Fen>,
    /// Non-cash forms (保函 etc.) are accepted for the bid security.
    #[serde(default)]
    pub bid_security_guarantee_accepted: Option<bool>,
    /// 履约保证金 rate in permille of the contract amount (100 = 10 %).
    #[serde(default)]
    pub performance_bond_permille: Option<i64>,
    /// Non-cash forms are accepted for the performance bond.
    #[serde(default)]
    pub performance_bond_guarantee_accepted: Option<bool>,
}

/// SME measures in the documents (财库〔2020〕46号, 〔2022〕19号).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmePolicy {
    /// The purchaser judged the project suitable for SMEs.
    #[serde(default)]
    pub suitable_for_sme: Option<bool>,
    /// The whole project is reserved for SMEs (专门面向中小企业).
    #[serde(default)]
    pub reserved_for_sme: Option<bool>,
    /// Share reserved for SMEs, permille.
    #[serde(default)]
    pub reserved_share_permille: Option<i64>,
    /// Share of the reservation for small/micro enterprises, permille.
    #[serde(default)]
    pub small_micro_share_permille: Option<i64>,
    /// Price deduction for small/micro bidders, permille (100 = 10 %).
    #[serde(default)]
    pub price_deduction_permille: Option<i64>,
}

/// The original contract a single-source add-on extends (GP Law Art 31(三)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OriginalContract {
    #[serde(default)]
    pub contract_id: Option<String>,
    pub amount: Fen,
    /// Σ of all add-ons to it, this one included.
    pub add_on_total: Fen,
}

/// A supplier that served this project as a consultant (条例 Art 18 ¶2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consultant {
    pub supplier_id: String,
    /// `design`, `specification`, `project_management`, `supervision`, `testing`.
    pub role: String,
}

/// Which records of GP Law Art 42 are on file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSet {
    #[serde(default)]
    pub method_reason: Option<bool>,
    #[serde(default)]
    pub supplier_selection_reason: Option<bool>,
    #[serde(default)]
    pub evaluation_criteria: Option<bool>,
    #[serde(default)]
    pub award_or_cancellation_reason: Option<bool>,
    /// Records are kept until this date (≥ 15 years from the end of the procurement).
    #[serde(default)]
    pub retained_until: Option<Date>,
}

/// Where the project stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    Planned,
    InProgress,
    Awarded,
    Contracted,
    Completed,
    /// 废标 / 流标
    Failed,
    Cancelled,
}
