//! Table exports: CSV (UTF-8 with a byte-order mark, so Excel opens Chinese text correctly; CRLF
//! lines; RFC 4180 quoting) and the cells of an XLSX sheet.
//!
//! Cells are typed: numbers (counts, amounts) are [`Cell::Int`] / [`Cell::Money`] and are written
//! as numbers (a negative amount keeps its `-`); everything else is [`Cell::Text`]. In a CSV file
//! every cell is text to the spreadsheet, so a text cell that starts like a formula (`=`, `+`,
//! `-`, `@`, tab, CR, or the full-width `＝＋－＠`) gets a leading `'` — always, also when it
//! looks like a number (`-1+HYPERLINK(…)` is a formula to Excel): an export can never run a
//! formula on the regulator's computer. An XLSX text cell is an inline string, never a formula,
//! so it is written as it is, without the `'`.

use crate::time::{Date, Instant};

/// One cell of an exported table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// An integer (counts, fen).
    Int(i64),
    /// An amount in fen, written in yuan with two decimals.
    Money(i64),
    /// A moment, shown in China time (`YYYY-MM-DD HH:MM`); a date-time cell in a workbook.
    Time(Instant),
    /// A calendar date (`YYYY-MM-DD`); a date cell in a workbook.
    Day(Date),
    /// Nothing (an absent optional value): an empty cell.
    Empty,
}

impl Cell {
    /// The cell as it is: the text of a text cell unchanged, a number in decimal (an amount in
    /// yuan with two decimals). What an XLSX cell holds (a text cell is an inline string there,
    /// never a formula).
    pub fn value(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Money(f) => {
                let sign = if *f < 0 { "-" } else { "" };
                let a = f.unsigned_abs();
                format!("{sign}{}.{:02}", a / 100, a % 100)
            }
            Cell::Time(at) => at.china_display(),
            Cell::Day(d) => d.to_string(),
            Cell::Empty => String::new(),
        }
    }

    /// The cell as a CSV field's text: a text cell neutralised ([`neutralise`]), a number as in
    /// [`Cell::value`].
    pub fn csv_text(&self) -> String {
        match self {
            Cell::Text(s) => neutralise(s),
            _ => self.value(),
        }
    }
}

/// Whether a spreadsheet could read text starting with `c` as a formula: `=`, `+`, `-`, `@`,
/// tab, CR, and the full-width `＝＋－＠` (which some spreadsheets fold to their ASCII forms).
pub fn starts_formula(s: &str) -> bool {
    matches!(
        s.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
    )
}

/// Text for a CSV cell: text that starts like a formula gets a leading `'`, whatever follows
/// (`-1+HYPERLINK(…)` too).
pub fn neutralise(s: &str) -> String {
    if starts_formula(s) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The first line of a CSV file: the byte-order mark and the headers.
pub fn csv_head(headers: &[&str]) -> String {
    let mut out = String::from("\u{FEFF}");
    out.push_str(
        &headers
            .iter()
            .map(|h| csv_field(&neutralise(h)))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    out
}

/// One row of a CSV file, with its line end (a file is [`csv_head`] then its rows, which a server
/// can send as they come).
pub fn csv_row(row: &[Cell]) -> String {
    let mut out = row
        .iter()
        .map(|c| csv_field(&c.csv_text()))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// The table as CSV text, starting with the byte-order mark.
pub fn csv(headers: &[&str], rows: &[Vec<Cell>]) -> String {
    let mut out = csv_head(headers);
    for row in rows {
        out.push_str(&csv_row(row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_bom_crlf_quoting_and_no_formulas() {
        let text = csv(
            &["项目", "金额"],
            &[
                vec![Cell::Text("服务器, \"A\"".into()), Cell::Money(123_456)],
                vec![Cell::Text("=HYPERLINK(\"x\")".into()), Cell::Money(-5)],
                vec![Cell::Text("-2 正常".into()), Cell::Int(3)],
            ],
        );
        assert!(text.starts_with('\u{FEFF}'));
        assert_eq!(
            text,
            "\u{FEFF}项目,金额\r\n\"服务器, \"\"A\"\"\",1234.56\r\n\"'=HYPERLINK(\"\"x\"\")\",-0.05\r\n'-2 正常,3\r\n"
        );
        assert_eq!(Cell::Text("-abc".into()).csv_text(), "'-abc");
    }

    #[test]
    fn text_starting_like_a_formula_is_always_neutralised_in_csv() {
        let hyperlink = "-1+HYPERLINK(\"http://evil.example\",\"点击\")";
        let text = csv(
            &["供应商", "金额", "数量"],
            &[vec![
                Cell::Text(hyperlink.into()),
                Cell::Money(-123_456),
                Cell::Int(-3),
            ]],
        );
        // The name is text: `'` in front (and quoted for its quotes and comma); the negative
        // amount and count are numbers and keep their `-`.
        assert_eq!(
            text,
            "\u{FEFF}供应商,金额,数量\r\n\"'-1+HYPERLINK(\"\"http://evil.example\"\",\"\"点击\"\")\",-1234.56,-3\r\n"
        );
        for risky in [
            "=1+1",
            "+1",
            "-1",
            "-1.5",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "＝1+1",
            "＋1",
            "－1",
            "＠SUM(A1)",
        ] {
            assert_eq!(Cell::Text(risky.into()).csv_text(), format!("'{risky}"));
        }
        for plain in ["常州市", "1-2", "A=B", "", " -1", "2025-01-01"] {
            assert_eq!(Cell::Text(plain.into()).csv_text(), plain);
        }
        // A risky header too.
        assert!(csv(&["=x"], &[]).contains("'=x"));
    }

    #[test]
    fn numbers_are_numbers_and_values_are_unchanged() {
        assert_eq!(Cell::Money(-5).csv_text(), "-0.05");
        assert_eq!(Cell::Money(-123_456).value(), "-1234.56");
        assert_eq!(Cell::Int(-7).csv_text(), "-7");
        assert_eq!(Cell::Text("=1+1".into()).value(), "=1+1");
        let at = Instant::from_unix_seconds(1_700_000_000);
        assert_eq!(Cell::Time(at).csv_text(), "2023-11-15 06:13");
        let day: Date = "2025-10-08".parse().unwrap();
        assert_eq!(Cell::Day(day).csv_text(), "2025-10-08");
        assert_eq!(Cell::Empty.csv_text(), "");
    }
}
