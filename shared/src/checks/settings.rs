//! Per-check settings. One optional section per configurable check, each with
//! `deny_unknown_fields` so a typo in a settings file is an error naming the key; a missing
//! section or key takes the catalogue's default (`Default` of the section). Sections hold values
//! only; the checks read them with the accessor of the same name (`settings.m16()`).

use serde::{Deserialize, Serialize};

/// All check settings. `CheckSettings::default()` = every default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    #[serde(default)]
    pub p12: Option<P12Settings>,
    #[serde(default)]
    pub m16: Option<M16Settings>,
    #[serde(default)]
    pub m27: Option<M27Settings>,
    #[serde(default)]
    pub a13: Option<A13Settings>,
    #[serde(default)]
    pub a14: Option<A14Settings>,
    #[serde(default)]
    pub a15: Option<A15Settings>,
    #[serde(default)]
    pub a16: Option<A16Settings>,
    #[serde(default)]
    pub a17: Option<A17Settings>,
    #[serde(default)]
    pub a18: Option<A18Settings>,
    #[serde(default)]
    pub a19: Option<A19Settings>,
    #[serde(default)]
    pub a20: Option<A20Settings>,
    #[serde(default)]
    pub a21: Option<A21Settings>,
    #[serde(default)]
    pub a22: Option<A22Settings>,
}

/// Why a settings file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("settings: {0}")]
pub struct SettingsError(pub String);

impl CheckSettings {
    /// Reads settings, e.g. `{"m16": {"discount_permille": 300}}`.
    pub fn from_json(text: &str) -> Result<CheckSettings, SettingsError> {
        serde_json::from_str(text).map_err(|e| SettingsError(e.to_string()))
    }
    pub fn p12(&self) -> P12Settings {
        self.p12.unwrap_or_default()
    }
    pub fn m16(&self) -> M16Settings {
        self.m16.unwrap_or_default()
    }
    pub fn m27(&self) -> M27Settings {
        self.m27.unwrap_or_default()
    }
    pub fn a13(&self) -> A13Settings {
        self.a13.unwrap_or_default()
    }
    pub fn a14(&self) -> A14Settings {
        self.a14.unwrap_or_default()
    }
    pub fn a15(&self) -> A15Settings {
        self.a15.unwrap_or_default()
    }
    pub fn a16(&self) -> A16Settings {
        self.a16.unwrap_or_default()
    }
    pub fn a17(&self) -> A17Settings {
        self.a17.unwrap_or_default()
    }
    pub fn a18(&self) -> A18Settings {
        self.a18.unwrap_or_default()
    }
    pub fn a19(&self) -> A19Settings {
        self.a19.unwrap_or_default()
    }
    pub fn a20(&self) -> A20Settings {
        self.a20.unwrap_or_default()
    }
    pub fn a21(&self) -> A21Settings {
        self.a21.unwrap_or_default()
    }
    pub fn a22(&self) -> A22Settings {
        self.a22.unwrap_or_default()
    }
}

/// P12 near-threshold clustering: ≥ `min_count` purchases of one unit and category within
/// `window_days` whose amount lies in [(1000 − near_permille)‰ · T, T) for a threshold T.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct P12Settings {
    pub window_days: i64,
    pub min_count: u32,
    /// How far below a threshold counts as "near", permille (100 = within 10 %).
    pub near_permille: i64,
}
impl Default for P12Settings {
    fn default() -> Self {
        P12Settings {
            window_days: 90,
            min_count: 2,
            near_permille: 100,
        }
    }
}

/// M16 abnormally low price: winner < (1000 − discount_permille)‰ × median of the other valid bids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct M16Settings {
    pub discount_permille: i64,
}
impl Default for M16Settings {
    fn default() -> Self {
        M16Settings {
            discount_permille: 200,
        }
    }
}

/// M27 decision period: flag below the `low_percentile` or above the `high_percentile` of the
/// peer group (same method and category) with at least `min_peer_group` projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct M27Settings {
    pub low_percentile: u8,
    pub high_percentile: u8,
    pub min_peer_group: u32,
    /// Leading characters of the 品目 code that make the peer category (3 = first level, `A02`).
    pub category_chars: usize,
}
impl Default for M27Settings {
    fn default() -> Self {
        M27Settings {
            low_percentile: 5,
            high_percentile: 95,
            min_peer_group: 20,
            category_chars: 3,
        }
    }
}

/// A13 savings: flag projects with award / budget ≥ `high_ratio_permille` or ≤ `low_ratio_permille`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct A13Settings {
    pub high_ratio_permille: i64,
    pub low_ratio_permille: i64,
    /// Completed projects needed before the portfolio savings rate is reported.
    pub min_projects: u32,
}
impl Default for A13Settings {
    fn default() -> Self {
        A13Settings {
            high_ratio_permille: 990,
            low_ratio_permille: 500,
            min_projects: 1,
        }
    }
}

/// A14 low competition: share of processes with < `max_bids_low` valid bids per unit / agency /
/// category, flagged at the peer upper fence; subjects need ≥ `min_processes`, the fence needs
/// ≥ `min_subjects`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct A14Settings {
    pub max_bids_low: u32,
    pub min_processes: u32,
    pub min_subjects: u32,
}
impl Default for A14Settings {
    fn default() -> Self {
        A14Settings {
            max_bids_low: 3,
            min_processes: 5,
            min_subjects: 5,
        }
    }
}

/// A15 supplier concentration: top supplier's share of a unit's value > `top_share_permille`
/// with ≥ `min_contracts` contracts; HHI above the peer fence (≥ `min_subjects` units).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct A15Settings {
    pub top_share_permille: i64,
    pub min_contracts: u32,
    pub min_subjects: u32,
}
impl Default for A15Settings {
    fn default() -> Self {
        A15Settings {
            top_share_permille: 500,
            min_contracts: 5,
            min_subjects: 5,
        }
    }
}

/// A16 rotation: a pair co-bids ≥ `min_co_bids` times and between them wins every shared process
/// (alternating winners), or one of them wins them all (recurrent winner).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct A16Settings {
    pub min_co_bids: u32,
}
impl Default for A16Settings {
    fn default() -> Self {
        A16Settings { min_co_bids: 3 }
    }
}

/// A17 disqualification rate at the upper fence; subjects need ≥ `min_bids` bids over
/// ≥ `min_processes` processes; the fence needs ≥ `min_subjects`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct A17Settings {
    pub min_bids: u32,
    pub min_processes: u32,
    pub min_subjects: u32,
}
impl Default for A17Settings {
    fn default() -> Self {
        A17Settings {
            min_bids: 2,
            min_processes: 2,
            min_subjects: 5,
        }
    }
}

/// A18 serial losers (Cardinal R025): bids count ≥ the `percentile` of bid counts and win ratio
/// at the lower fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct A18Settings {
    pub percentile: u8,
    pub min_subjects: u32,
}
impl Default for A18Settings {
    fn default() -> Self {
        A18Settings {
            percentile: 75,
            min_subjects: 5,
        }
    }
}

/// A19 heterogeneous supplier: distinct first-level 品目 among suppliers with ≥ `min_awards`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct A19Settings {
    pub min_awards: u32,
    pub min_subjects: u32,
    /// Leading characters of the 品目 code that make a first-level category (3: `A02`, `C16`).
    pub category_chars: usize,
}
impl Default for A19Settings {
    fn default() -> Self {
        A19Settings {
            min_awards: 20,
            min_subjects: 5,
            category_chars: 3,
        }
    }
}

/// A20 expert behaviour: > `max_panels_per_year` panels of one unit or agency in a year; score
/// deviation from the panel median ≥ `deviation_hundredths` in favour of the winner on
/// ≥ `min_panels` panels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct A20Settings {
    pub max_panels_per_year: u32,
    pub deviation_hundredths: i64,
    pub min_panels: u32,
}
impl Default for A20Settings {
    fn default() -> Self {
        A20Settings {
            max_panels_per_year: 5,
            deviation_hundredths: 1000,
            min_panels: 3,
        }
    }
}

/// A21 non-competitive methods: a unit's share of 单一来源 / 谈判 by value or count above the
/// peer fence, or above `ceiling_permille` when set; units need ≥ `min_processes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct A21Settings {
    pub ceiling_permille: Option<i64>,
    pub min_processes: u32,
    pub min_subjects: u32,
}
impl Default for A21Settings {
    fn default() -> Self {
        A21Settings {
            ceiling_permille: None,
            min_processes: 5,
            min_subjects: 5,
        }
    }
}

/// A22 frequent amendments: ≥ `min_amendments` amendments or ≥ `min_quality_changes` changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct A22Settings {
    pub min_amendments: u32,
    pub min_quality_changes: u32,
}
impl Default for A22Settings {
    fn default() -> Self {
        A22Settings {
            min_amendments: 3,
            min_quality_changes: 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_partial_sections_and_typos() {
        let s = CheckSettings::from_json("{}").unwrap();
        assert_eq!(s.m16().discount_permille, 200);
        let s = CheckSettings::from_json(r#"{"p12": {"window_days": 60}}"#).unwrap();
        assert_eq!(
            s.p12(),
            P12Settings {
                window_days: 60,
                min_count: 2,
                near_permille: 100
            }
        );
        let e = CheckSettings::from_json(r#"{"m16": {"discount_permile": 300}}"#).unwrap_err();
        assert!(e.0.contains("discount_permile"), "{e}");
        let e = CheckSettings::from_json(r#"{"m61": {}}"#).unwrap_err();
        assert!(e.0.contains("m61"), "{e}");
    }
}
