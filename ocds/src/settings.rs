//! Cardinal's settings file: INI, with the same sections, keys and meaning as Cardinal 0.0.8.
//!
//! The file is split into `[sections]` of `key = value` properties; global properties come before
//! the first section. Lines starting with `;` or `#` are comments, and so is the rest of a value
//! after `;` or `#` (`threshold = 15 # default`). A value may be quoted. `[R003.procurement_method_details]`
//! is the `procurement_method_details` table of `[R003]` (and enables R003). An indicator is
//! enabled by its section, even when empty. An unknown section or key, or a value of the wrong
//! type, is an error that names the line and the key.

use std::collections::BTreeMap;

use thiserror::Error;

/// A problem with the settings file.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("settings line {line}: {message}")]
pub struct SettingsError {
    /// 1-based line number in the settings file (0 when not tied to a line).
    pub line: usize,
    pub message: String,
}

fn err(line: usize, message: impl Into<String>) -> SettingsError {
    SettingsError {
        line,
        message: message.into(),
    }
}

/// `[R003]`
#[derive(Debug, Clone, Default, PartialEq)]
pub struct R003 {
    pub threshold: Option<i64>,
    pub procurement_methods: Option<String>,
    pub procurement_method_details: Option<BTreeMap<String, i64>>,
}

/// `[R018]`
#[derive(Debug, Clone, Default, PartialEq)]
pub struct R018 {
    pub procurement_methods: Option<String>,
}

/// `[R024]`, `[R058]`: a ratio threshold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FloatThreshold {
    pub threshold: Option<f64>,
}

/// `[R025]`
#[derive(Debug, Clone, Default, PartialEq)]
pub struct R025 {
    pub percentile: Option<usize>,
    pub threshold: Option<f64>,
}

/// `[R035]`
#[derive(Debug, Clone, Default, PartialEq)]
pub struct R035 {
    pub threshold: Option<usize>,
}

/// `[R038]`
#[derive(Debug, Clone, Default, PartialEq)]
pub struct R038 {
    pub threshold: Option<f64>,
    pub minimum_submitted_bids: Option<usize>,
    pub minimum_contracting_processes: Option<usize>,
}

/// `[R048]`
#[derive(Debug, Clone, Default, PartialEq)]
pub struct R048 {
    pub digits: Option<usize>,
    pub threshold: Option<usize>,
    pub minimum_contracting_processes: Option<usize>,
}

/// The settings of the `indicators` command (sections of the `prepare` command are accepted and
/// checked, but have no effect here).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// The main currency; otherwise the first observed currency.
    pub currency: Option<String>,
    pub no_price_comparison_procurement_methods: Option<String>,
    pub price_comparison_procurement_methods: Option<String>,
    /// `[exclusions] procurement_method_details`
    pub exclude_procurement_method_details: Option<String>,
    pub r003: Option<R003>,
    pub r018: Option<R018>,
    pub r024: Option<FloatThreshold>,
    pub r025: Option<R025>,
    pub r028: Option<()>,
    pub r030: Option<()>,
    pub r035: Option<R035>,
    pub r036: Option<()>,
    pub r038: Option<R038>,
    pub r048: Option<R048>,
    pub r058: Option<FloatThreshold>,
}

/// A pipe-separated list (`open|selective`), as Cardinal splits it (no trimming; a trailing `|`
/// adds nothing).
pub fn pipe_list(value: Option<&str>) -> std::collections::HashSet<String> {
    value
        .unwrap_or_default()
        .split_terminator('|')
        .map(str::to_owned)
        .collect()
}

struct Prop {
    line: usize,
    key: String,
    value: String,
}

fn strip_value(raw: &str) -> String {
    let raw = raw.trim();
    for q in ['"', '\''] {
        if raw.len() >= 2 && raw.starts_with(q) {
            if let Some(end) = raw[1..].find(q) {
                return raw[1..1 + end].to_owned();
            }
        }
    }
    let cut = raw.find([';', '#']).unwrap_or(raw.len());
    raw[..cut].trim().to_owned()
}

/// Parses the INI text into (section, properties), the global section being "".
fn parse_ini(text: &str) -> Result<Vec<(String, usize, Vec<Prop>)>, SettingsError> {
    let mut sections: Vec<(String, usize, Vec<Prop>)> = vec![(String::new(), 0, Vec::new())];
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let t = raw.trim().trim_start_matches('\u{feff}');
        if t.is_empty() || t.starts_with(';') || t.starts_with('#') {
            continue;
        }
        if let Some(rest) = t.strip_prefix('[') {
            let Some(end) = rest.find(']') else {
                return Err(err(line, format!("section header without `]`: {t}")));
            };
            let name = rest[..end].trim();
            if name.is_empty() {
                return Err(err(line, "empty section name"));
            }
            sections.push((name.to_owned(), line, Vec::new()));
            continue;
        }
        let Some((k, v)) = t.split_once('=') else {
            return Err(err(
                line,
                format!("expected `key = value` or `[section]`, found `{t}`"),
            ));
        };
        let key = k.trim();
        if key.is_empty() {
            return Err(err(line, "empty key"));
        }
        let prop = Prop {
            line,
            key: key.to_owned(),
            value: strip_value(v),
        };
        if let Some(last) = sections.last_mut() {
            last.2.push(prop);
        }
    }
    Ok(sections)
}

fn parse_num<T: std::str::FromStr>(
    p: &Prop,
    section: &str,
    what: &str,
) -> Result<T, SettingsError> {
    p.value.parse::<T>().map_err(|_| {
        let path = if section.is_empty() {
            p.key.clone()
        } else {
            format!("{section}.{}", p.key)
        };
        err(
            p.line,
            format!("{path}: invalid value `{}`, expected {what}", p.value),
        )
    })
}

fn parse_bool(p: &Prop, section: &str) -> Result<bool, SettingsError> {
    match p.value.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Ok(true),
        "false" | "no" | "off" | "0" => Ok(false),
        _ => Err(err(
            p.line,
            format!(
                "{section}.{}: invalid value `{}`, expected a boolean",
                p.key, p.value
            ),
        )),
    }
}

fn unknown(p: &Prop, section: &str, expected: &[&str]) -> SettingsError {
    let path = if section.is_empty() {
        p.key.clone()
    } else {
        format!("{section}.{}", p.key)
    };
    let expected = if expected.is_empty() {
        "this section takes no properties".to_owned()
    } else {
        format!("expected one of {}", expected.join(", "))
    };
    err(
        p.line,
        format!("{path}: unknown key `{}`, {expected}", p.key),
    )
}

impl Settings {
    /// Parses a settings file.
    pub fn parse(text: &str) -> Result<Settings, SettingsError> {
        let mut s = Settings::default();
        // Global keys may name a section with a dot (`R024.threshold = 0.1`), as Cardinal's
        // configuration library reads them.
        let mut sections = parse_ini(text)?;
        let mut moved = Vec::new();
        if let Some(global) = sections.first_mut() {
            let props = std::mem::take(&mut global.2);
            for p in props {
                if let Some((sec, key)) = p.key.rsplit_once('.') {
                    moved.push((
                        sec.to_owned(),
                        p.line,
                        vec![Prop {
                            line: p.line,
                            key: key.to_owned(),
                            value: p.value,
                        }],
                    ));
                } else {
                    global.2.push(p);
                }
            }
        }
        sections.extend(moved);
        for (name, line, props) in &sections {
            s.apply(name, *line, props)?;
        }
        Ok(s)
    }

    fn apply(&mut self, name: &str, line: usize, props: &[Prop]) -> Result<(), SettingsError> {
        match name {
            "" => {
                for p in props {
                    match p.key.as_str() {
                        "currency" => self.currency = Some(p.value.clone()),
                        "no_price_comparison_procurement_methods" => {
                            self.no_price_comparison_procurement_methods = Some(p.value.clone())
                        }
                        "price_comparison_procurement_methods" => {
                            self.price_comparison_procurement_methods = Some(p.value.clone())
                        }
                        _ => {
                            return Err(unknown(
                                p,
                                "",
                                &[
                                    "currency",
                                    "no_price_comparison_procurement_methods",
                                    "price_comparison_procurement_methods",
                                    "a [section]",
                                ],
                            ))
                        }
                    }
                }
            }
            "exclusions" => {
                for p in props {
                    match p.key.as_str() {
                        "procurement_method_details" => {
                            self.exclude_procurement_method_details = Some(p.value.clone())
                        }
                        _ => return Err(unknown(p, name, &["procurement_method_details"])),
                    }
                }
            }
            // The `prepare` command's sections: accepted and checked, no effect on indicators.
            "defaults" => check_keys(
                name,
                props,
                &[
                    "currency",
                    "item_classification_scheme",
                    "bid_status",
                    "award_status",
                ],
                &["party_roles"],
            )?,
            "redactions" => check_keys(name, props, &["amount", "organization_id"], &[])?,
            "corrections" => check_keys(name, props, &[], &["award_status_by_contract_status"])?,
            "modifications" => check_keys(
                name,
                props,
                &[
                    "prefix_buyer_or_procuring_entity_id",
                    "prefix_tenderer_or_supplier_id",
                    "split_procurement_method_details",
                ],
                &["move_auctions"],
            )?,
            "codelists" => check_keys(name, props, &[], &[])?,
            "codelists.bid_status" | "codelists.award_status" => {}
            "R003" => {
                let r = self.r003.get_or_insert_with(R003::default);
                for p in props {
                    match p.key.as_str() {
                        "threshold" => r.threshold = Some(parse_num(p, name, "an integer")?),
                        "procurement_methods" => r.procurement_methods = Some(p.value.clone()),
                        _ => {
                            return Err(unknown(
                                p,
                                name,
                                &["threshold", "procurement_methods", "[R003.procurement_method_details]"],
                            ))
                        }
                    }
                }
            }
            "R003.procurement_method_details" => {
                let r = self.r003.get_or_insert_with(R003::default);
                let map = r.procurement_method_details.get_or_insert_with(BTreeMap::new);
                for p in props {
                    map.insert(p.key.clone(), parse_num(p, name, "an integer")?);
                }
            }
            "R018" => {
                let r = self.r018.get_or_insert_with(R018::default);
                for p in props {
                    match p.key.as_str() {
                        "procurement_methods" => r.procurement_methods = Some(p.value.clone()),
                        _ => return Err(unknown(p, name, &["procurement_methods"])),
                    }
                }
            }
            "R024" | "R058" => {
                let slot = if name == "R024" {
                    &mut self.r024
                } else {
                    &mut self.r058
                };
                let r = slot.get_or_insert_with(FloatThreshold::default);
                for p in props {
                    match p.key.as_str() {
                        "threshold" => r.threshold = Some(parse_num(p, name, "a decimal")?),
                        _ => return Err(unknown(p, name, &["threshold"])),
                    }
                }
            }
            "R025" => {
                let r = self.r025.get_or_insert_with(R025::default);
                for p in props {
                    match p.key.as_str() {
                        "percentile" => {
                            r.percentile = Some(parse_num(p, name, "a natural number")?)
                        }
                        "threshold" => r.threshold = Some(parse_num(p, name, "a decimal")?),
                        _ => return Err(unknown(p, name, &["percentile", "threshold"])),
                    }
                }
            }
            "R028" | "R030" | "R036" => {
                if let Some(p) = props.first() {
                    return Err(unknown(p, name, &[]));
                }
                match name {
                    "R028" => self.r028 = Some(()),
                    "R030" => self.r030 = Some(()),
                    _ => self.r036 = Some(()),
                }
            }
            "R035" => {
                let r = self.r035.get_or_insert_with(R035::default);
                for p in props {
                    match p.key.as_str() {
                        "threshold" => r.threshold = Some(parse_num(p, name, "a natural number")?),
                        _ => return Err(unknown(p, name, &["threshold"])),
                    }
                }
            }
            "R038" => {
                let r = self.r038.get_or_insert_with(R038::default);
                for p in props {
                    match p.key.as_str() {
                        "threshold" => r.threshold = Some(parse_num(p, name, "a decimal")?),
                        "minimum_submitted_bids" => {
                            r.minimum_submitted_bids =
                                Some(parse_num(p, name, "a natural number")?)
                        }
                        "minimum_contracting_processes" => {
                            r.minimum_contracting_processes =
                                Some(parse_num(p, name, "a natural number")?)
                        }
                        _ => {
                            return Err(unknown(
                                p,
                                name,
                                &[
                                    "threshold",
                                    "minimum_submitted_bids",
                                    "minimum_contracting_processes",
                                ],
                            ))
                        }
                    }
                }
            }
            "R048" => {
                let r = self.r048.get_or_insert_with(R048::default);
                for p in props {
                    let n: usize = match p.key.as_str() {
                        "digits" | "threshold" | "minimum_contracting_processes" => {
                            parse_num(p, name, "a natural number")?
                        }
                        _ => {
                            return Err(unknown(
                                p,
                                name,
                                &["digits", "threshold", "minimum_contracting_processes"],
                            ))
                        }
                    };
                    match p.key.as_str() {
                        "digits" => r.digits = Some(n),
                        "threshold" => r.threshold = Some(n),
                        _ => r.minimum_contracting_processes = Some(n),
                    }
                }
            }
            _ => {
                return Err(err(
                    line,
                    format!(
                        "unknown section [{name}]: expected an indicator (R003, R018, R024, R025, R028, R030, R035, R036, R038, R048, R058), exclusions, or a section of the prepare command"
                    ),
                ))
            }
        }
        Ok(())
    }
}

fn check_keys(
    section: &str,
    props: &[Prop],
    strings: &[&str],
    bools: &[&str],
) -> Result<(), SettingsError> {
    for p in props {
        if bools.contains(&p.key.as_str()) {
            parse_bool(p, section)?;
        } else if !strings.contains(&p.key.as_str()) {
            let all: Vec<&str> = strings.iter().chain(bools).copied().collect();
            return Err(unknown(p, section, &all));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_keys_comments_and_errors() {
        let s = Settings::parse(
            "currency = USD\n; comment\n[exclusions]\nprocurement_method_details = A|B\n[R003]\nthreshold = 10 # default\n[R003.procurement_method_details]\nLicitación de Seguros = 7\n[R028]\n",
        )
        .unwrap();
        assert_eq!(s.currency.as_deref(), Some("USD"));
        assert_eq!(s.exclude_procurement_method_details.as_deref(), Some("A|B"));
        let r = s.r003.unwrap();
        assert_eq!(r.threshold, Some(10));
        assert_eq!(
            r.procurement_method_details.unwrap()["Licitación de Seguros"],
            7
        );
        assert_eq!(s.r028, Some(()));
        assert_eq!(s.r024, None);

        let e = Settings::parse("[R024]\nthreshhold = 1\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("R024.threshhold"), "{e}");
        let e = Settings::parse("[R035]\nthreshold = -1\n").unwrap_err();
        assert!(e.message.contains("R035.threshold"), "{e}");
        let e = Settings::parse("[R999]\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(Settings::parse("bogus = 1").is_err());
        assert!(Settings::parse("[R028]\nx = 1").is_err());
        assert_eq!(pipe_list(Some("a|b|")).len(), 2);
        assert!(pipe_list(None).is_empty());
    }
}
