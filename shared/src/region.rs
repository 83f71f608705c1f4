//! The administrative regions of the platform: 常州市 and its districts and county-level city,
//! with their GB/T 2260 codes (since the 2015 changes: 金坛市 became 金坛区 320413, 戚墅堰区 320405
//! was merged into 武进区 and 钟楼区).

use serde::Serialize;

use crate::i18n::Text;

/// The level of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionKind {
    /// 地级市
    City,
    /// 市辖区
    District,
    /// 县级市
    CountyLevelCity,
}

/// One administrative region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Region {
    /// The six-digit GB/T 2260 code.
    pub code: &'static str,
    pub name: Text,
    pub kind: RegionKind,
    /// The code of the region this one belongs to (`None` for the city).
    pub parent: Option<&'static str>,
}

const CITY: &str = "320400";

/// The city first, then its districts and county-level city in code order.
pub const REGIONS: &[Region] = &[
    Region {
        code: CITY,
        name: Text::new("常州市", "Changzhou"),
        kind: RegionKind::City,
        parent: None,
    },
    Region {
        code: "320402",
        name: Text::new("天宁区", "Tianning District"),
        kind: RegionKind::District,
        parent: Some(CITY),
    },
    Region {
        code: "320404",
        name: Text::new("钟楼区", "Zhonglou District"),
        kind: RegionKind::District,
        parent: Some(CITY),
    },
    Region {
        code: "320411",
        name: Text::new("新北区", "Xinbei District"),
        kind: RegionKind::District,
        parent: Some(CITY),
    },
    Region {
        code: "320412",
        name: Text::new("武进区", "Wujin District"),
        kind: RegionKind::District,
        parent: Some(CITY),
    },
    Region {
        code: "320413",
        name: Text::new("金坛区", "Jintan District"),
        kind: RegionKind::District,
        parent: Some(CITY),
    },
    Region {
        code: "320481",
        name: Text::new("溧阳市", "Liyang"),
        kind: RegionKind::CountyLevelCity,
        parent: Some(CITY),
    },
];

/// The region with this code (surrounding whitespace ignored).
pub fn region(code: &str) -> Option<&'static Region> {
    let code = code.trim();
    REGIONS.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_table() {
        let cases: &[(&str, Option<(&str, RegionKind)>)] = &[
            ("320400", Some(("常州市", RegionKind::City))),
            ("320402", Some(("天宁区", RegionKind::District))),
            ("320404", Some(("钟楼区", RegionKind::District))),
            ("320411", Some(("新北区", RegionKind::District))),
            ("320412", Some(("武进区", RegionKind::District))),
            (" 320413 ", Some(("金坛区", RegionKind::District))),
            ("320481", Some(("溧阳市", RegionKind::CountyLevelCity))),
            ("320405", None), // 戚墅堰区, abolished in 2015
            ("320482", None), // 金坛市, now 320413
            ("320100", None), // 南京市: not on this platform
            ("", None),
            ("32041", None),
            ("3204111", None),
            ("三二〇四一一", None),
        ];
        for (code, want) in cases {
            let got = region(code).map(|r| (r.name.zh, r.kind));
            assert_eq!(got, *want, "{code:?}");
        }
    }

    #[test]
    fn regions_are_consistent() {
        for (i, r) in REGIONS.iter().enumerate() {
            assert_eq!(r.code.len(), 6);
            assert!(r.code.bytes().all(|b| b.is_ascii_digit()));
            assert!(r.code.starts_with("3204"), "{}", r.code);
            assert_eq!(r.parent.is_none(), r.kind == RegionKind::City);
            if let Some(p) = r.parent {
                assert!(region(p).is_some());
            }
            assert!(
                REGIONS[..i].iter().all(|o| o.code != r.code),
                "duplicate {}",
                r.code
            );
            assert!(!r.name.en.is_empty());
        }
        assert_eq!(REGIONS.len(), 7);
    }
}
