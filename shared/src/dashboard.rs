//! The regulator's dashboard: the seed's key figures and the charts, as pure functions. The
//! server sums the figures in the database; this module defines what they mean (the savings
//! rate over completed procurements), formats them, and draws the charts as SVG text so they
//! render on the server and work without JavaScript. A project's risk score from its findings is
//! here too (weights by severity, configurable).

use serde::{Deserialize, Serialize};

use crate::checks::framework::Severity;
use crate::money::Fen;

/// The key figures for a period and scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kpis {
    pub plans: i64,
    pub suppliers: i64,
    pub contracts: i64,
    /// Σ budget of the completed procurements (those with a contract).
    pub budget_total: Fen,
    /// Σ contract amounts of the same procurements.
    pub actual_total: Fen,
}

impl Kpis {
    /// (Σbudget − Σactual) / Σbudget in basis points (1/100 of a percent), rounded half up;
    /// `None` without a budget.
    pub fn savings_bp(&self) -> Option<i64> {
        if self.budget_total.fen() <= 0 {
            return None;
        }
        let b = i128::from(self.budget_total.fen());
        let saved = (b - i128::from(self.actual_total.fen())) * 10_000;
        let q = (2 * saved + b) / (2 * b);
        i64::try_from(q).ok()
    }

    /// `13.33%`.
    pub fn savings_text(&self) -> String {
        match self.savings_bp() {
            Some(bp) => format!("{}.{:02}%", bp / 100, (bp % 100).abs()),
            None => "—".to_owned(),
        }
    }
}

/// An amount in 亿元 with two decimals (`92.47亿元`).
pub fn yi(amount: Fen) -> String {
    // 1 亿元 = 10^8 yuan = 10^10 fen; round half up to 0.01 亿.
    let hundredths = (i128::from(amount.fen()) * 100 + 5_000_000_000) / 10_000_000_000;
    format!("{}.{:02}亿元", hundredths / 100, hundredths % 100)
}

/// One bar of a chart: a label, a value and where the bar leads (the records behind it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub href: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A horizontal bar chart as SVG text: one bar a row, each a link to its records; `format`
/// prints a value. Deterministic (tests compare it) and self-contained (no script, no style).
pub fn bar_chart_svg(title: &str, bars: &[Bar], format: impl Fn(i64) -> String) -> String {
    const ROW: i64 = 26;
    const LABEL: i64 = 150;
    const WIDTH: i64 = 640;
    const BAR: i64 = 360;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = 30 + ROW * bars.len() as i64;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"group\" aria-label=\"{t}\"><title>{t}</title>",
        t = escape(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 24 + ROW * i as i64;
        let w = (i128::from(b.value.max(0)) * i128::from(BAR) / i128::from(max)) as i64;
        s.push_str(&format!(
            "<a href=\"{href}\"><text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" font-size=\"13\">{label}</text><rect x=\"{LABEL}\" y=\"{y}\" width=\"{w}\" height=\"18\" fill=\"#2b6cb0\"/><text x=\"{vx}\" y=\"{ty}\" font-size=\"12\">{value}</text></a>",
            href = escape(&b.href),
            lx = LABEL - 8,
            ty = y + 14,
            label = escape(&b.label),
            vx = LABEL + w + 6,
            value = escape(&format(b.value)),
        ));
    }
    s.push_str("</svg>");
    s
}

/// Weights of the risk score by severity (configurable by the regulator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskWeights {
    pub critical: i64,
    pub high: i64,
    pub medium: i64,
    pub low: i64,
}

impl Default for RiskWeights {
    fn default() -> RiskWeights {
        RiskWeights {
            critical: 40,
            high: 20,
            medium: 8,
            low: 3,
        }
    }
}

impl RiskWeights {
    pub fn of(&self, s: Severity) -> i64 {
        match s {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
        }
    }
}

/// A project's risk score: the sum of its open findings' weights (each check counted once, at
/// its highest severity), capped at 100.
pub fn risk_score(findings: &[(String, Severity)], weights: &RiskWeights) -> i64 {
    let mut best: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
    for (check, sev) in findings {
        let w = weights.of(*sev);
        let e = best.entry(check.as_str()).or_insert(0);
        *e = (*e).max(w);
    }
    best.values().sum::<i64>().min(100)
}

/// A money value for a chart bar (`1,234.56万元`).
pub fn wan(fen: i64) -> String {
    let hundredths = (i128::from(fen) + 5_000) / 10_000; // 1 万元 = 10^6 fen → hundredths of 万
    format!("{}万元", Fen((hundredths) as i64))
}

/// A large amount in English, in millions of yuan (`CNY 12.35 m`): English readers count in
/// thousands and millions, not in 万 and 亿.
pub fn millions(fen: i64) -> String {
    // 1 million yuan = 10^8 fen → hundredths of a million = 10^6 fen.
    let hundredths = (i128::from(fen) + 500_000) / 1_000_000;
    format!("CNY {} m", Fen(hundredths as i64))
}

/// A large amount in the page's language: 亿元 in Chinese, millions of yuan in English.
pub fn big_amount(amount: Fen, lang: crate::i18n::Lang) -> String {
    match lang {
        crate::i18n::Lang::Zh => yi(amount),
        crate::i18n::Lang::En => millions(amount.fen()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_amounts_are_in_millions() {
        assert_eq!(millions(12_345_678_900), "CNY 123.46 m");
        assert_eq!(
            big_amount(Fen(924_700_000_000), crate::i18n::Lang::En),
            "CNY 9,247.00 m"
        );
        assert_eq!(
            big_amount(Fen(924_700_000_000), crate::i18n::Lang::Zh),
            "92.47亿元"
        );
    }

    #[test]
    fn the_seed_figures() {
        let k = Kpis {
            plans: 1864,
            suppliers: 409,
            contracts: 565,
            budget_total: Fen(924_700_000_000),
            actual_total: Fen(801_400_000_000),
        };
        assert_eq!(k.savings_bp(), Some(1333));
        assert_eq!(k.savings_text(), "13.33%");
        assert_eq!(yi(k.budget_total), "92.47亿元");
        assert_eq!(yi(k.actual_total), "80.14亿元");
        assert_eq!(Kpis::default().savings_text(), "—");
    }

    #[test]
    fn bars_are_links_to_their_records_and_escaped() {
        let svg = bar_chart_svg(
            "按方式",
            &[
                Bar {
                    label: "公开招标".into(),
                    value: 300,
                    href: "/regulator/records?method=public_tender".into(),
                },
                Bar {
                    label: "询价 <x>".into(),
                    value: 100,
                    href: "/r?a=1&b=2".into(),
                },
            ],
            |v| v.to_string(),
        );
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("width=\"360\""));
        assert!(svg.contains("width=\"120\""));
        assert!(svg.contains("&lt;x&gt;"));
        assert!(svg.contains("href=\"/r?a=1&amp;b=2\""));
    }

    #[test]
    fn risk_counts_each_check_once_at_its_highest_severity() {
        let w = RiskWeights::default();
        let f = vec![
            ("P04".to_owned(), Severity::Critical),
            ("P04".to_owned(), Severity::Critical),
            ("A20".to_owned(), Severity::Medium),
        ];
        assert_eq!(risk_score(&f, &w), 48);
        let many: Vec<_> = (0..10)
            .map(|i| (format!("C{i}"), Severity::Critical))
            .collect();
        assert_eq!(risk_score(&many, &w), 100);
    }

    #[test]
    fn wan_formats() {
        assert_eq!(wan(400_000_000), "400.00万元");
    }
}
