//! XLSX exports with `rust_xlsxwriter`: one worksheet in constant-memory mode (each row goes to a
//! temporary file as soon as the next one starts, so a sheet of a million rows does not sit in
//! memory), written into a file the caller gives (an unlinked temporary file that the server then
//! streams).
//!
//! The sheet: a bold header row, frozen, with filters on every column; columns as wide as their
//! content (Chinese characters count double, within 6 … 60); money as numbers in yuan with a
//! `¥#,##0.00` format; counts as numbers; times as date-time cells in China time; dates as date
//! cells. Text cells are always strings (`write_string`), never formulas, so a name such as
//! `=HYPERLINK(…)` stays text and needs no `'` as in a CSV file.

use std::io::Write;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};
use shared::export::Cell;

/// The most rows a worksheet holds (Excel's limit), the header included.
pub const SHEET_ROWS: usize = 1_048_576;

/// The most data rows an export writes to a workbook (the header takes the first row); a larger
/// table is offered as CSV.
pub const MAX_DATA_ROWS: usize = SHEET_ROWS - 1;

/// How wide `text` shows in a spreadsheet's character units: a CJK or full-width character
/// counts double.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            if (c as u32) >= 0x1100
                && (('\u{1100}'..='\u{115F}').contains(&c)
                    || ('\u{2E80}'..='\u{A4CF}').contains(&c)
                    || ('\u{AC00}'..='\u{D7A3}').contains(&c)
                    || ('\u{F900}'..='\u{FAFF}').contains(&c)
                    || ('\u{FE30}'..='\u{FE4F}').contains(&c)
                    || ('\u{FF00}'..='\u{FF60}').contains(&c)
                    || ('\u{FFE0}'..='\u{FFE6}').contains(&c))
            {
                2
            } else {
                1
            }
        })
        .sum()
}

/// The width a cell's shown text needs.
fn cell_width(cell: &Cell) -> usize {
    match cell {
        Cell::Text(s) => display_width(s),
        // `¥1,234,567.89`: the digits, a separator per three, the sign and decimals.
        Cell::Money(f) => {
            let digits = (f.unsigned_abs() / 100).max(1).ilog10() as usize + 1;
            digits + (digits - 1) / 3 + 4
        }
        Cell::Int(i) => i.to_string().len(),
        Cell::Time(_) => 16,
        Cell::Day(_) => 10,
        Cell::Empty => 0,
    }
}

/// The column widths of a table: the widest of the header (plus room for the filter button) and
/// the cells, within 6 … 60.
pub fn column_widths(headers: &[&str], rows: &[Vec<Cell>]) -> Vec<f64> {
    headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let widest = rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(cell_width)
                .max()
                .unwrap_or(0)
                .max(display_width(h) + 3);
            (widest + 2).clamp(6, 60) as f64
        })
        .collect()
}

/// A moment as a spreadsheet date-time in China time.
fn china_datetime(at: shared::time::Instant) -> Result<ExcelDateTime, XlsxError> {
    let d = at.china_date();
    let s = at.china_seconds_of_day();
    ExcelDateTime::from_ymd(d.year().clamp(1900, 9999) as u16, d.month(), d.day())?.and_hms(
        (s / 3600) as u16,
        ((s % 3600) / 60) as u8,
        (s % 60) as f64,
    )
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    let name: String = title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    if name.is_empty() {
        "Sheet1".to_owned()
    } else {
        name
    }
}

/// Writes the table as a workbook of one sheet named after `title` into `out`. At most
/// [`MAX_DATA_ROWS`] rows: the caller offers CSV for a larger table (an error here otherwise).
pub fn write<W: Write + Send>(
    out: W,
    title: &str,
    headers: &[&str],
    rows: &[Vec<Cell>],
) -> Result<(), XlsxError> {
    if rows.len() > MAX_DATA_ROWS {
        return Err(XlsxError::RowColumnLimitError);
    }
    let mut workbook = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(0xE8EEF7)
        .set_align(FormatAlign::Center);
    let money = Format::new().set_num_format("¥#,##0.00");
    let time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(sheet_name(title))?;
    for (c, w) in column_widths(headers, rows).into_iter().enumerate() {
        sheet.set_column_width(c as u16, w)?;
    }
    let last_col = headers.len().saturating_sub(1) as u16;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, last_col)?;
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) if s.is_empty() => {}
                Cell::Text(s) => {
                    sheet.write_string(r, c, s.as_str())?;
                }
                Cell::Int(i) => {
                    sheet.write_number(r, c, *i as f64)?;
                }
                Cell::Money(f) => {
                    sheet.write_number_with_format(r, c, *f as f64 / 100.0, &money)?;
                }
                Cell::Time(at) => {
                    sheet.write_datetime_with_format(r, c, china_datetime(*at)?, &time)?;
                }
                Cell::Day(d) => {
                    let dt = ExcelDateTime::from_ymd(
                        d.year().clamp(1900, 9999) as u16,
                        d.month(),
                        d.day(),
                    )?;
                    sheet.write_datetime_with_format(r, c, dt, &day)?;
                }
                Cell::Empty => {}
            }
        }
    }
    workbook.save_to_writer(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// The workbook's files by name (the ZIP read back).
    fn unzip(bytes: &[u8]) -> std::collections::HashMap<String, String> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut files = std::collections::HashMap::new();
        for i in 0..archive.len() {
            let mut f = archive.by_index(i).expect("entry");
            let mut text = String::new();
            if f.read_to_string(&mut text).is_ok() {
                let name = f.name().map(|n| n.to_string()).unwrap_or_default();
                files.insert(name, text);
            }
        }
        files
    }

    fn workbook(title: &str, headers: &[&str], rows: &[Vec<Cell>]) -> Vec<u8> {
        let mut out = Vec::new();
        write(&mut out, title, headers, rows).expect("written");
        out
    }

    #[test]
    fn widths_count_chinese_double_and_stay_within_bounds() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("常州市"), 6);
        assert_eq!(display_width("（元）"), 6);
        let w = column_widths(
            &["名称", "金额（元）", "x"],
            &[vec![
                Cell::Text("常州市第一人民医院医疗设备采购项目".repeat(3)),
                Cell::Money(123_456_789),
                Cell::Int(1),
            ]],
        );
        assert_eq!(w[0], 60.0, "capped");
        // ¥1,234,567.89 is 13 wide; the header 金额（元） 10 + 3 for the filter button.
        assert_eq!(w[1], 15.0);
        assert_eq!(w[2], 6.0, "at least 6");
    }

    #[test]
    fn a_sheet_has_a_frozen_filtered_header_typed_cells_and_widths() {
        let at = shared::time::Instant::from_unix_seconds(1_700_000_000);
        let day: shared::time::Date = "2025-10-08".parse().unwrap();
        let b = workbook(
            "成交记录",
            &["项目", "金额（元）", "签订时间", "公示期至", "数量"],
            &[vec![
                Cell::Text("服务器 <A&B>".into()),
                Cell::Money(123_456),
                Cell::Time(at),
                Cell::Day(day),
                Cell::Int(7),
            ]],
        );
        assert_eq!(&b[..4], b"PK\x03\x04");
        let files = unzip(&b);
        let sheet = &files["xl/worksheets/sheet1.xml"];
        let strings = files
            .get("xl/sharedStrings.xml")
            .cloned()
            .unwrap_or_default();
        let all = format!("{sheet}{strings}");
        assert!(all.contains("服务器 &lt;A&amp;B&gt;"), "{all}");
        assert!(sheet.contains("<v>1234.56</v>"), "{sheet}");
        assert!(
            sheet.contains("<pane ySplit=\"1\""),
            "frozen header: {sheet}"
        );
        assert!(
            sheet.contains("<autoFilter ref=\"A1:E2\""),
            "filters: {sheet}"
        );
        assert!(sheet.contains("<col "), "widths: {sheet}");
        // 2023-11-15 06:13:20 China time: serial 45245 + 0.2592…
        assert!(
            sheet.contains("<v>45245.259259"),
            "a date-time cell: {sheet}"
        );
        assert!(
            sheet.contains("<v>45938</v>"),
            "a date cell (2025-10-08): {sheet}"
        );
        assert!(sheet.contains("<v>7</v>"));
        let styles = &files["xl/styles.xml"];
        assert!(styles.contains("¥#,##0.00"), "{styles}");
        assert!(styles.contains("yyyy-mm-dd hh:mm"));
        assert!(files["xl/workbook.xml"].contains("成交记录"));
    }

    #[test]
    fn text_cells_are_strings_never_formulas() {
        let hyperlink = "-1+HYPERLINK(\"http://evil.example\",\"点击\")";
        let b = workbook(
            "成交记录",
            &["=供应商", "金额"],
            &[vec![Cell::Text(hyperlink.into()), Cell::Money(-123_456)]],
        );
        let files = unzip(&b);
        let sheet = &files["xl/worksheets/sheet1.xml"];
        let strings = files
            .get("xl/sharedStrings.xml")
            .cloned()
            .unwrap_or_default();
        let all = format!("{sheet}{strings}");
        assert!(
            all.contains("-1+HYPERLINK(&quot;http://evil.example&quot;,&quot;点击&quot;)")
                || all.contains("-1+HYPERLINK(\"http://evil.example\",\"点击\")"),
            "{all}"
        );
        assert!(all.contains("=供应商"));
        assert!(
            !all.contains("'-1"),
            "no visible quote in an XLSX text cell"
        );
        assert!(!sheet.contains("<f>"), "no formula cells");
        assert!(sheet.contains("<v>-1234.56</v>"));
    }

    #[test]
    fn more_rows_than_a_sheet_holds_are_refused() {
        assert_eq!(MAX_DATA_ROWS, 1_048_575);
        assert_eq!(sheet_name("a/b:c[1]"), "abc1");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }
}
