//! The procurement project (采购项目) and its lots (包), items, scoring and deposit terms.

use serde::{Deserialize, Serialize};

use crate::i18n::Text;
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

impl Project {
    /// A project with only its id, method and object type known (name = id, no purchaser);
    /// fill the rest with struct update syntax.
    pub fn minimal(id: &str, method: Method, object_type: ObjectType) -> Project {
        Project {
            id: id.to_owned(),
            name: id.to_owned(),
            purchaser_id: String::new(),
            agency: None,
            method,
            method_ground: None,
            method_reason: None,
            object_type,
            jurisdiction_code: None,
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
        }
    }
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

impl MethodGround {
    pub const ALL: [MethodGround; 16] = [
        MethodGround::InvitedFewSuppliers,
        MethodGround::InvitedCostDisproportionate,
        MethodGround::NegotiationTenderFailed,
        MethodGround::NegotiationComplex,
        MethodGround::NegotiationUrgent,
        MethodGround::NegotiationPriceNotCalculable,
        MethodGround::SingleOnlySupplier,
        MethodGround::SingleEmergency,
        MethodGround::SingleAddOn,
        MethodGround::RfqStandardGoods,
        MethodGround::ConsultationPurchasedService,
        MethodGround::ConsultationComplex,
        MethodGround::ConsultationScarceMarket,
        MethodGround::ConsultationPriceNotCalculable,
        MethodGround::ConsultationWorksOutsideTender,
        MethodGround::Other,
    ];

    /// The ground in words, with the method it allows.
    pub fn name(self) -> Text {
        match self {
            MethodGround::InvitedFewSuppliers => Text::new(
                "具有特殊性，只能从有限范围的供应商处采购（邀请招标）",
                "special nature, few suppliers (invited tender)",
            ),
            MethodGround::InvitedCostDisproportionate => Text::new(
                "公开招标费用占采购总价比例过大（邀请招标）",
                "open-tender cost disproportionate (invited tender)",
            ),
            MethodGround::NegotiationTenderFailed => Text::new(
                "招标后没有供应商投标或没有合格标的（谈判）",
                "tender failed (negotiation)",
            ),
            MethodGround::NegotiationComplex => Text::new(
                "技术复杂或性质特殊（谈判）",
                "technically complex or special (negotiation)",
            ),
            MethodGround::NegotiationUrgent => Text::new(
                "采用招标所需时间不能满足紧急需要（谈判）",
                "urgent, tendering too slow (negotiation)",
            ),
            MethodGround::NegotiationPriceNotCalculable => Text::new(
                "不能事先计算出价格总额（谈判）",
                "total price not calculable (negotiation)",
            ),
            MethodGround::SingleOnlySupplier => Text::new(
                "只能从唯一供应商处采购（单一来源）",
                "only one supplier (single source)",
            ),
            MethodGround::SingleEmergency => Text::new(
                "发生不可预见的紧急情况（单一来源）",
                "unforeseeable emergency (single source)",
            ),
            MethodGround::SingleAddOn => Text::new(
                "需从原供应商处添购（单一来源）",
                "add-on to the original contract (single source)",
            ),
            MethodGround::RfqStandardGoods => Text::new(
                "货物规格标准统一、现货充足且价格变化小（询价）",
                "standard goods, stable prices (RFQ)",
            ),
            MethodGround::ConsultationPurchasedService => Text::new(
                "政府购买服务项目（磋商）",
                "government-purchased services (consultation)",
            ),
            MethodGround::ConsultationComplex => Text::new(
                "技术复杂或性质特殊（磋商）",
                "technically complex or special (consultation)",
            ),
            MethodGround::ConsultationScarceMarket => Text::new(
                "市场竞争不充分的科研项目等（磋商）",
                "research with a scarce market (consultation)",
            ),
            MethodGround::ConsultationPriceNotCalculable => Text::new(
                "不能事先计算出价格总额（磋商）",
                "total price not calculable (consultation)",
            ),
            MethodGround::ConsultationWorksOutsideTender => Text::new(
                "必须招标以外的工程建设项目（磋商）",
                "works outside the must-tender scope (consultation)",
            ),
            MethodGround::Other => Text::new("其他理由", "another reason"),
        }
    }

    /// The method this ground allows (`None` for [`MethodGround::Other`]).
    pub fn method(self) -> Option<Method> {
        match self {
            MethodGround::InvitedFewSuppliers => Some(Method::InvitedTender),
            MethodGround::InvitedCostDisproportionate => Some(Method::InvitedTender),
            MethodGround::NegotiationTenderFailed => Some(Method::CompetitiveNegotiation),
            MethodGround::NegotiationComplex => Some(Method::CompetitiveNegotiation),
            MethodGround::NegotiationUrgent => Some(Method::CompetitiveNegotiation),
            MethodGround::NegotiationPriceNotCalculable => Some(Method::CompetitiveNegotiation),
            MethodGround::SingleOnlySupplier => Some(Method::SingleSource),
            MethodGround::SingleEmergency => Some(Method::SingleSource),
            MethodGround::SingleAddOn => Some(Method::SingleSource),
            MethodGround::RfqStandardGoods => Some(Method::RequestForQuotation),
            MethodGround::ConsultationPurchasedService => Some(Method::CompetitiveConsultation),
            MethodGround::ConsultationComplex => Some(Method::CompetitiveConsultation),
            MethodGround::ConsultationScarceMarket => Some(Method::CompetitiveConsultation),
            MethodGround::ConsultationPriceNotCalculable => Some(Method::CompetitiveConsultation),
            MethodGround::ConsultationWorksOutsideTender => Some(Method::CompetitiveConsultation),
            MethodGround::Other => None,
        }
    }

    /// The stable code, as in JSON (`negotiation_urgent` …).
    pub fn code(self) -> &'static str {
        match self {
            MethodGround::InvitedFewSuppliers => "invited_few_suppliers",
            MethodGround::InvitedCostDisproportionate => "invited_cost_disproportionate",
            MethodGround::NegotiationTenderFailed => "negotiation_tender_failed",
            MethodGround::NegotiationComplex => "negotiation_complex",
            MethodGround::NegotiationUrgent => "negotiation_urgent",
            MethodGround::NegotiationPriceNotCalculable => "negotiation_price_not_calculable",
            MethodGround::SingleOnlySupplier => "single_only_supplier",
            MethodGround::SingleEmergency => "single_emergency",
            MethodGround::SingleAddOn => "single_add_on",
            MethodGround::RfqStandardGoods => "rfq_standard_goods",
            MethodGround::ConsultationPurchasedService => "consultation_purchased_service",
            MethodGround::ConsultationComplex => "consultation_complex",
            MethodGround::ConsultationScarceMarket => "consultation_scarce_market",
            MethodGround::ConsultationPriceNotCalculable => "consultation_price_not_calculable",
            MethodGround::ConsultationWorksOutsideTender => "consultation_works_outside_tender",
            MethodGround::Other => "other",
        }
    }

    /// Reads a code as [`MethodGround::code`] writes it.
    pub fn from_code(code: &str) -> Option<MethodGround> {
        let code = code.trim();
        MethodGround::ALL.into_iter().find(|g| g.code() == code)
    }
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
    /// 废标 of this lot alone (the other lots go on, 政府采购法 Art 36 per lot); `None` while the
    /// lot is live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<LotFailure>,
}

/// Why and when one lot failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LotFailure {
    pub ground: crate::execution::FailureGround,
    /// The reason told to every bidder and published with the lot's termination notice.
    pub reason: String,
    pub at: crate::time::Instant,
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
