//! Enterprise size (企业规模, per 工信部联企业〔2011〕300号, used for the SME policies of
//! 财库〔2020〕46号) and the procurement categories a supplier offers (政府采购品目分类目录,
//! 财库〔2022〕31号).

use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::model::ObjectType;

/// 企业规模 as declared by the supplier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseSize {
    /// 大型企业
    Large,
    /// 中型企业
    Medium,
    /// 小型企业
    Small,
    /// 微型企业
    Micro,
}

impl EnterpriseSize {
    pub const ALL: [EnterpriseSize; 4] = [
        EnterpriseSize::Large,
        EnterpriseSize::Medium,
        EnterpriseSize::Small,
        EnterpriseSize::Micro,
    ];

    /// The form and JSON code: `large`, `medium`, `small`, `micro`.
    pub fn code(self) -> &'static str {
        match self {
            EnterpriseSize::Large => "large",
            EnterpriseSize::Medium => "medium",
            EnterpriseSize::Small => "small",
            EnterpriseSize::Micro => "micro",
        }
    }

    pub fn name(self) -> Text {
        match self {
            EnterpriseSize::Large => Text::new("大型", "Large"),
            EnterpriseSize::Medium => Text::new("中型", "Medium"),
            EnterpriseSize::Small => Text::new("小型", "Small"),
            EnterpriseSize::Micro => Text::new("微型", "Micro"),
        }
    }

    /// 中小企业 (medium, small or micro): eligible for the SME set-asides of 财库〔2020〕46号.
    pub fn is_sme(self) -> bool {
        self != EnterpriseSize::Large
    }

    /// 小微企业: eligible for the price deduction of 财库〔2020〕46号 Art 9.
    pub fn is_small_or_micro(self) -> bool {
        matches!(self, EnterpriseSize::Small | EnterpriseSize::Micro)
    }

    /// Reads a code exactly as [`EnterpriseSize::code`] writes it (surrounding whitespace ignored).
    pub fn from_code(code: &str) -> Option<EnterpriseSize> {
        let code = code.trim();
        EnterpriseSize::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A procurement category (品目) a supplier can register for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Category {
    /// The nine-character code of 政府采购品目分类目录 (A… goods, B… works, C… services).
    pub code: &'static str,
    pub name: Text,
    pub object_type: ObjectType,
}

const fn goods(code: &'static str, zh: &'static str, en: &'static str) -> Category {
    Category {
        code,
        name: Text::new(zh, en),
        object_type: ObjectType::Goods,
    }
}
const fn works(code: &'static str, zh: &'static str, en: &'static str) -> Category {
    Category {
        code,
        name: Text::new(zh, en),
        object_type: ObjectType::Works,
    }
}
const fn services(code: &'static str, zh: &'static str, en: &'static str) -> Category {
    Category {
        code,
        name: Text::new(zh, en),
        object_type: ObjectType::Services,
    }
}

/// The categories suppliers can register for, goods first, then works, then services.
///
/// Codes of the 2022 catalogue (财库〔2022〕31号). Note that it renumbered computers: in the 2013
/// catalogue A02010104 was 台式计算机; in 2022 it is 服务器 and 台式计算机 is A02010105.
pub const CATEGORIES: &[Category] = &[
    goods("A02010104", "服务器", "Servers"),
    goods("A02010105", "台式计算机", "Desktop computers"),
    goods("A02010108", "便携式计算机", "Laptop computers"),
    goods("A02021000", "打印机", "Printers"),
    goods("A02061804", "空调机", "Air conditioners"),
    works("B01000000", "房屋施工", "Building construction"),
    works("B07000000", "装修工程", "Decoration works"),
    works("B08000000", "修缮工程", "Repair and renovation works"),
    services(
        "C16000000",
        "信息技术服务",
        "Information technology services",
    ),
    services(
        "C16070000",
        "信息系统集成实施服务",
        "Information system integration services",
    ),
    services("C21040000", "物业管理服务", "Property management services"),
];

/// The category with this code (surrounding whitespace ignored; codes are upper-case).
pub fn category(code: &str) -> Option<&'static Category> {
    let code = code.trim();
    CATEGORIES.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_codes_round_trip() {
        for s in EnterpriseSize::ALL {
            assert_eq!(EnterpriseSize::from_code(s.code()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.code())
            );
        }
        assert_eq!(
            EnterpriseSize::from_code(" micro "),
            Some(EnterpriseSize::Micro)
        );
        assert_eq!(EnterpriseSize::from_code("Micro"), None);
        assert_eq!(EnterpriseSize::from_code("微型"), None);
        assert_eq!(EnterpriseSize::from_code(""), None);
        let sme: Vec<bool> = EnterpriseSize::ALL.iter().map(|s| s.is_sme()).collect();
        assert_eq!(sme, [false, true, true, true]);
        let sm: Vec<bool> = EnterpriseSize::ALL
            .iter()
            .map(|s| s.is_small_or_micro())
            .collect();
        assert_eq!(sm, [false, false, true, true]);
        assert_eq!(EnterpriseSize::Micro.name().zh, "微型");
    }

    #[test]
    fn category_table() {
        let cases: &[(&str, Option<ObjectType>)] = &[
            ("A02010105", Some(ObjectType::Goods)),
            (" A02010104 ", Some(ObjectType::Goods)),
            ("B07000000", Some(ObjectType::Works)),
            ("C21040000", Some(ObjectType::Services)),
            ("a02010105", None),
            ("A0201010", None),
            ("A020101050", None),
            ("Z99999999", None),
            ("", None),
        ];
        for (code, want) in cases {
            assert_eq!(category(code).map(|c| c.object_type), *want, "{code:?}");
        }
    }

    #[test]
    fn catalogue_is_consistent() {
        for (i, c) in CATEGORIES.iter().enumerate() {
            assert_eq!(c.code.len(), 9, "{}", c.code);
            let prefix = match c.object_type {
                ObjectType::Goods => 'A',
                ObjectType::Works => 'B',
                ObjectType::Services => 'C',
            };
            assert!(c.code.starts_with(prefix), "{}", c.code);
            assert!(
                c.code[1..].bytes().all(|b| b.is_ascii_digit()),
                "{}",
                c.code
            );
            assert!(
                CATEGORIES[..i].iter().all(|o| o.code != c.code),
                "duplicate {}",
                c.code
            );
        }
        for t in ObjectType::ALL {
            assert!(
                CATEGORIES.iter().filter(|c| c.object_type == t).count() >= 3,
                "{t:?}"
            );
        }
    }
}
