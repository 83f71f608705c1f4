//! The domain model of the procurement chain (budget line → plan → project → award → contract →
//! acceptance → payment). The basic enums come first; the rest of the model is built on them.
//!
//! Submodules (all re-exported here): `registry` (jurisdictions, organisations, suppliers,
//! experts), `planning` (budget lines, plans, intentions), `project` (project, lots, items,
//! scoring, deposits), `tendering` (notices, documents, clarifications, bids), `evaluation`
//! (panel, score sheets, reports, awards), `contract` (contracts, amendments, acceptance,
//! payments), `oversight` (approvals, challenges) and `record` (`ProjectRecord`, the input file).
//!
//! Conventions: money is [`Fen`](crate::money::Fen); instants are
//! [`Instant`](crate::time::Instant) (UTC, read in China time); dates are
//! [`Date`](crate::time::Date); rates are permille (`i64`, 20 = 2 %). Every input struct denies
//! unknown fields; every fact that may be unknown is an `Option` (a check then answers
//! "insufficient data", never a guess).

use serde::{Deserialize, Serialize};

use crate::i18n::Text;

mod contract;
mod evaluation;
mod oversight;
mod planning;
mod project;
mod record;
mod registry;
mod tendering;

pub use contract::*;
pub use evaluation::*;
pub use oversight::*;
pub use planning::*;
pub use project::*;
pub use record::*;
pub use registry::*;
pub use tendering::*;

/// The legal procurement methods. The first six are the methods of the Government Procurement
/// Law (Art 26) and 财库〔2014〕214号; the last two were added later and may have no rules yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// 公开招标
    PublicTender,
    /// 邀请招标
    InvitedTender,
    /// 竞争性谈判
    CompetitiveNegotiation,
    /// 竞争性磋商
    CompetitiveConsultation,
    /// 单一来源
    SingleSource,
    /// 询价
    RequestForQuotation,
    /// 框架协议采购 (财政部令第110号, 2022-03-01)
    FrameworkAgreement,
    /// 合作创新采购 (财库〔2024〕13号, 2024-04-01)
    InnovationPartnership,
}

impl Method {
    pub const ALL: [Method; 8] = [
        Method::PublicTender,
        Method::InvitedTender,
        Method::CompetitiveNegotiation,
        Method::CompetitiveConsultation,
        Method::SingleSource,
        Method::RequestForQuotation,
        Method::FrameworkAgreement,
        Method::InnovationPartnership,
    ];

    /// The six methods of the seed platform.
    pub const SIX: [Method; 6] = [
        Method::PublicTender,
        Method::InvitedTender,
        Method::CompetitiveNegotiation,
        Method::CompetitiveConsultation,
        Method::SingleSource,
        Method::RequestForQuotation,
    ];

    pub fn name(self) -> Text {
        match self {
            Method::PublicTender => Text::new("公开招标", "Open tender"),
            Method::InvitedTender => Text::new("邀请招标", "Invited tender"),
            Method::CompetitiveNegotiation => Text::new("竞争性谈判", "Competitive negotiation"),
            Method::CompetitiveConsultation => Text::new("竞争性磋商", "Competitive consultation"),
            Method::SingleSource => Text::new("单一来源", "Single source"),
            Method::RequestForQuotation => Text::new("询价", "Request for quotation"),
            Method::FrameworkAgreement => Text::new("框架协议采购", "Framework agreement"),
            Method::InnovationPartnership => Text::new("合作创新采购", "Innovation partnership"),
        }
    }

    /// The stable code, as in JSON (`public_tender` …).
    pub fn code(self) -> &'static str {
        match self {
            Method::PublicTender => "public_tender",
            Method::InvitedTender => "invited_tender",
            Method::CompetitiveNegotiation => "competitive_negotiation",
            Method::CompetitiveConsultation => "competitive_consultation",
            Method::SingleSource => "single_source",
            Method::RequestForQuotation => "request_for_quotation",
            Method::FrameworkAgreement => "framework_agreement",
            Method::InnovationPartnership => "innovation_partnership",
        }
    }

    /// Reads a code as [`Method::code`] writes it (surrounding whitespace ignored).
    pub fn from_code(code: &str) -> Option<Method> {
        let code = code.trim();
        Method::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Whether this is a tender (公开招标 or 邀请招标).
    pub fn is_tender(self) -> bool {
        matches!(self, Method::PublicTender | Method::InvitedTender)
    }
}

/// What is procured (政府采购对象).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectType {
    /// 货物
    Goods,
    /// 服务
    Services,
    /// 工程
    Works,
}

impl ObjectType {
    pub const ALL: [ObjectType; 3] = [ObjectType::Goods, ObjectType::Services, ObjectType::Works];

    pub fn name(self) -> Text {
        match self {
            ObjectType::Goods => Text::new("货物", "Goods"),
            ObjectType::Services => Text::new("服务", "Services"),
            ObjectType::Works => Text::new("工程", "Works"),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ObjectType::Goods => "goods",
            ObjectType::Services => "services",
            ObjectType::Works => "works",
        }
    }

    /// Reads a code as [`ObjectType::code`] writes it (surrounding whitespace ignored).
    pub fn from_code(code: &str) -> Option<ObjectType> {
        let code = code.trim();
        ObjectType::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// The level of government a budget unit belongs to; thresholds differ by level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GovLevel {
    /// 中央预算单位
    Central,
    /// 省级
    Provincial,
    /// 市、县级 (Changzhou and its districts and county-level city)
    CityCounty,
}
