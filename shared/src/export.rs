//! Table exports: CSV (UTF-8 with a byte-order mark, so Excel opens Chinese text correctly; CRLF
//! lines; RFC 4180 quoting) and the cells of an XLSX sheet. Text that a spreadsheet would take
//! for a formula (`=`, `+`, `@`, or `-` not starting a number) is prefixed with `'` so an export
//! can never run a formula on the regulator's computer.

/// One cell of an exported table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// An integer (counts, fen).
    Int(i64),
    /// An amount in fen, written in yuan with two decimals.
    Money(i64),
}

impl Cell {
    /// The text of the cell as a CSV field or an inline string.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => defuse(s),
            Cell::Int(i) => i.to_string(),
            Cell::Money(f) => {
                let sign = if *f < 0 { "-" } else { "" };
                let a = f.unsigned_abs();
                format!("{sign}{}.{:02}", a / 100, a % 100)
            }
        }
    }
}

/// Text a spreadsheet would evaluate gets a leading `'`.
fn defuse(s: &str) -> String {
    let risky = match s.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => !s[1..].starts_with(|c: char| c.is_ascii_digit()),
        _ => false,
    };
    if risky {
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

/// The table as CSV text, starting with the byte-order mark.
pub fn csv(headers: &[&str], rows: &[Vec<Cell>]) -> String {
    let mut out = String::from("\u{FEFF}");
    out.push_str(
        &headers
            .iter()
            .map(|h| csv_field(&defuse(h)))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
    for row in rows {
        out.push_str(
            &row.iter()
                .map(|c| csv_field(&c.text()))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
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
            "\u{FEFF}项目,金额\r\n\"服务器, \"\"A\"\"\",1234.56\r\n\"'=HYPERLINK(\"\"x\"\")\",-0.05\r\n-2 正常,3\r\n"
        );
        assert_eq!(Cell::Text("-abc".into()).text(), "'-abc");
    }
}
