//! Registry entries: jurisdictions, organisations, suppliers and people (experts, purchaser
//! representatives). A project record carries the entries of everyone involved in it.

use serde::{Deserialize, Serialize};

use crate::time::Date;

/// A jurisdiction: the city, a district, the county-level city (GB/T 2260 code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jurisdiction {
    /// GB/T 2260 administrative-division code, six digits (常州市 `320400`).
    pub code: String,
    pub name: String,
    pub kind: JurisdictionKind,
    /// The code of the enclosing jurisdiction (a district's city).
    #[serde(default)]
    pub parent_code: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JurisdictionKind {
    /// 省
    Province,
    /// 地级市
    City,
    /// 市辖区
    District,
    /// 县级市
    CountyLevelCity,
    /// 县
    County,
}

/// An organisation other than a supplier: purchaser units, the centralized procurement center,
/// private agencies, the regulator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Stable id inside the platform (the credit code is preferred when known).
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
    /// 统一社会信用代码, 18 characters, as given (not validated here).
    #[serde(default)]
    pub credit_code: Option<String>,
    /// GB/T 2260 code of the jurisdiction the organisation belongs to.
    #[serde(default)]
    pub jurisdiction_code: Option<String>,
    /// Level of government (purchasers only; decides thresholds).
    #[serde(default)]
    pub gov_level: Option<crate::model::GovLevel>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 采购人 (a budget unit)
    Purchaser,
    /// 集中采购机构
    CentralizedProcurementCenter,
    /// 社会代理机构
    PrivateAgency,
    /// 财政部门 (the regulator)
    Regulator,
    /// Any other organisation (an employer in someone's history, …)
    Other,
}

/// Enterprise size under 工信部联企业〔2011〕300号, as declared for SME policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseSize {
    Large,
    Medium,
    Small,
    Micro,
}

impl EnterpriseSize {
    /// Small or micro (小微企业).
    pub fn is_small_or_micro(self) -> bool {
        matches!(self, EnterpriseSize::Small | EnterpriseSize::Micro)
    }
    /// Any SME (中小企业).
    pub fn is_sme(self) -> bool {
        !matches!(self, EnterpriseSize::Large)
    }
}

/// A natural person referred to by a registry entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// A stable person id (e.g. a hash of the ID-card number); used to match people across entries.
    #[serde(default)]
    pub id: Option<String>,
    pub name: String,
}

/// A supplier (供应商) as known from the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supplier {
    pub id: String,
    /// 统一社会信用代码 as given (validation lives in `credit_code`).
    #[serde(default)]
    pub credit_code: Option<String>,
    pub name: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub size: Option<EnterpriseSize>,
    /// 法定代表人
    #[serde(default)]
    pub legal_rep: Option<Person>,
    /// 单位负责人 (条例 Art 18 ¶1); often the same person as the legal representative.
    #[serde(default)]
    pub responsible_person: Option<Person>,
    #[serde(default)]
    pub shareholders: Vec<Shareholder>,
    /// Directors, supervisors, managers (董事、监事、高级管理人员).
    #[serde(default)]
    pub officers: Vec<Officer>,
    /// Bans and major-violation records (GP Law Art 22(五), 77).
    #[serde(default)]
    pub debarments: Vec<Debarment>,
}

/// One shareholder of a supplier: a person or another organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shareholder {
    /// Supplier or organisation id when the holder is an organisation; person id when a person.
    #[serde(default)]
    pub holder_id: Option<String>,
    pub name: String,
    /// Share in permille (‰): 515 = 51.5 %.
    #[serde(default)]
    pub share_permille: Option<i64>,
    /// Controlling shareholder or actual controller (控股股东 / 实际控制人).
    #[serde(default)]
    pub controlling: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Officer {
    pub person: Person,
    /// `director`, `supervisor`, `manager`, … (free text).
    pub role: String,
    #[serde(default)]
    pub from: Option<Date>,
    #[serde(default)]
    pub until: Option<Date>,
}

/// A ban from government procurement or a recorded major violation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Debarment {
    /// First day of the ban (or the date of the penalty decision for a violation record).
    pub from: Date,
    /// Last day of the ban; `None` = open-ended or a record without ban.
    #[serde(default)]
    pub until: Option<Date>,
    /// A 重大违法记录 (条例 Art 19): counts for 3 years even without a ban.
    #[serde(default)]
    pub major_violation: bool,
    #[serde(default)]
    pub authority: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// A person who may sit on an evaluation panel: a registered expert, or a purchaser
/// representative (`registered = false`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expert {
    pub id: String,
    pub name: String,
    /// In the provincial (or higher) expert database.
    #[serde(default)]
    pub registered: Option<bool>,
    #[serde(default)]
    pub specialties: Vec<String>,
    /// Professional title (`senior`, `intermediate`, free text).
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub birth_date: Option<Date>,
    /// Employers, newest last (for the 3-year look-back of 条例 Art 9).
    #[serde(default)]
    pub employment_history: Vec<Employment>,
    /// Known relatives (spouse, lineal, collateral within 3 generations, close in-laws).
    #[serde(default)]
    pub relatives: Vec<Relative>,
    /// The 统一社会信用代码 of suppliers the expert itself declared a relation with (at
    /// enrolment or later on its profile, 财库〔2016〕198号 Art 16; 条例 Art 9): a declared
    /// relation counts as one, whatever its kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub declared_relations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Employment {
    /// Organisation or supplier id when known.
    #[serde(default)]
    pub org_id: Option<String>,
    pub org_name: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub from: Option<Date>,
    /// `None` = current employer.
    #[serde(default)]
    pub until: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relative {
    pub person: Person,
    pub relation: Kinship,
}

/// Kinship under 条例 Art 9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kinship {
    Spouse,
    /// 直系血亲
    Lineal,
    /// 三代以内旁系血亲
    CollateralWithinThree,
    /// 近姻亲
    CloseInLaw,
}
