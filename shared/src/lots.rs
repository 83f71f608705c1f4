//! Lots (分包 / 标项): one procurement in several parts, each with its own bids, evaluation,
//! award and contract.
//!
//! The procurement documents may divide a project into lots (财政部令第87号 Art 20: the
//! documents state the lots; a supplier bids on one or more). The notice form lists them, one a
//! line as `名称|预算|最高限价` (yuan, the ceiling optional); they become the record's `lots`
//! with the ids `1`, `2`, … in that order. A project without lots is one process: its key is
//! `None` everywhere a lot is named (bids, reports, awards, contracts).
//!
//! What is per lot: a supplier has at most one bid in force per lot; the bids of a lot are
//! opened together with the others but ranked among themselves (the price score compares the
//! lot's prices); the panel reports one ranking per lot; the purchaser confirms one winner per
//! lot; the result notice goes out once every lot has its winner; a contract is signed per lot,
//! and accepted and paid per contract. The gate ([`crate::steps::lots_for`]) says which lots a
//! step may act on now; pages offer exactly those.

use crate::field::{FieldError, FieldErrors};
use crate::i18n::{Lang, Text};
use crate::model::{Lot, ProjectRecord};
use crate::money::Fen;

/// The most lots a notice may list (a set of lots fits a [`LotSet`]).
pub const MAX_LOTS: usize = 64;

/// The keys of a project's processes: `[None]` without lots, else each lot's id in order.
pub fn lot_keys(record: &ProjectRecord) -> Vec<Option<String>> {
    if record.lots.is_empty() {
        vec![None]
    } else {
        record.lots.iter().map(|l| Some(l.id.clone())).collect()
    }
}

/// [`lot_keys`] without the lots that failed on their own: the processes still going on.
pub fn live_keys(record: &ProjectRecord) -> Vec<Option<String>> {
    if record.lots.is_empty() {
        vec![None]
    } else {
        record
            .lots
            .iter()
            .filter(|l| l.failed.is_none())
            .map(|l| Some(l.id.clone()))
            .collect()
    }
}

/// Whether `lot` failed on its own (`None`: the project without lots never does).
pub fn failed(record: &ProjectRecord, lot: Option<&str>) -> bool {
    self::lot(record, lot).is_some_and(|l| l.failed.is_some())
}

/// The position of `lot` among [`lot_keys`] (`None` when the project has no such lot).
pub fn lot_index(record: &ProjectRecord, lot: Option<&str>) -> Option<usize> {
    match lot {
        None if record.lots.is_empty() => Some(0),
        None => None,
        Some(id) => record.lots.iter().position(|l| l.id == id),
    }
}

/// The lot of a record by id.
pub fn lot<'a>(record: &'a ProjectRecord, id: Option<&str>) -> Option<&'a Lot> {
    id.and_then(|id| record.lots.iter().find(|l| l.id == id))
}

/// How a page names a lot: 「第1包 办公电脑」 / "Lot 1 Office PCs".
pub fn label(lot: &Lot, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("第{}包 {}", lot.id, lot.name),
        Lang::En => format!("Lot {} {}", lot.id, lot.name),
    }
}

/// [`label`] of a record's lot by id; empty without lots.
pub fn lot_label(record: &ProjectRecord, id: Option<&str>, lang: Lang) -> String {
    lot(record, id).map(|l| label(l, lang)).unwrap_or_default()
}

/// A set of lots by their position among [`lot_keys`] (a project has at most [`MAX_LOTS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LotSet(u64);

impl LotSet {
    pub const EMPTY: LotSet = LotSet(0);

    /// The set with `index` added (an index past [`MAX_LOTS`] is ignored).
    pub fn with(self, index: usize) -> LotSet {
        if index < MAX_LOTS {
            LotSet(self.0 | (1u64 << index))
        } else {
            self
        }
    }

    pub fn contains(self, index: usize) -> bool {
        index < MAX_LOTS && self.0 & (1u64 << index) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// Reads the lot a form names (`lot`): empty = the project's only process.
pub fn lot_field(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

/// The error of a form that names a lot the step may not act on now.
pub fn not_this_lot() -> FieldError {
    FieldError::new(
        "lot",
        "lot",
        Text::new(
            "该包当前不能办理此事项",
            "this lot does not take this step now",
        ),
    )
}

fn amount(field: &str, line: usize, v: &str) -> Result<Fen, FieldError> {
    Fen::parse_yuan(v.trim())
        .ok()
        .filter(|f| f.fen() > 0)
        .ok_or_else(|| {
            FieldError::with_message(
                field,
                "bad_amount",
                format!("第{line}行：金额应为正数（元），最多两位小数"),
                format!("Line {line}: an amount in yuan, above 0, at most two decimals"),
            )
        })
}

/// The lots of a notice form (`lots`): one a line, `名称|预算|最高限价` in yuan (the ceiling
/// may be left out); blank lines are skipped; none = a project without lots. A lot's ceiling
/// may not exceed its budget, and the lots' budgets together may not exceed the project's
/// `budget`. Two or more lots, at most [`MAX_LOTS`].
pub fn parse_lots(text: &str, budget: Fen) -> Result<Vec<Lot>, FieldErrors> {
    let mut e = FieldErrors::new();
    let mut lots = Vec::new();
    for (n, line) in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let line_no = n + 1;
        let parts: Vec<&str> = line.split(['|', '｜']).map(str::trim).collect();
        let (name, lot_budget, ceiling) = match parts.as_slice() {
            [name, b] => (*name, *b, None),
            [name, b, c] => (*name, *b, Some(*c).filter(|c| !c.is_empty())),
            _ => {
                e.push(FieldError::with_message(
                    "lots",
                    "bad_line",
                    format!("第{line_no}行应写作：名称|预算|最高限价（元，最高限价可省）"),
                    format!("Line {line_no}: write name|budget|ceiling (yuan; the ceiling may be left out)"),
                ));
                continue;
            }
        };
        if name.is_empty() {
            e.push(FieldError::with_message(
                "lots",
                "no_name",
                format!("第{line_no}行：请填写分包名称"),
                format!("Line {line_no}: name the lot"),
            ));
            continue;
        }
        let Some(lot_budget) = e.take(amount("lots", line_no, lot_budget)) else {
            continue;
        };
        let max_price = match ceiling {
            None => None,
            Some(c) => match e.take(amount("lots", line_no, c)) {
                Some(c) if c > lot_budget => {
                    e.push(FieldError::with_message(
                        "lots",
                        "above_budget",
                        format!("第{line_no}行：最高限价不得超过该包预算"),
                        format!("Line {line_no}: the ceiling may not exceed the lot's budget"),
                    ));
                    continue;
                }
                Some(c) => Some(c),
                None => continue,
            },
        };
        lots.push(Lot {
            failed: None,
            id: (lots.len() + 1).to_string(),
            name: name.to_owned(),
            budget_amount: Some(lot_budget),
            max_price,
        });
    }
    if !e.is_empty() {
        return Err(e);
    }
    if lots.len() == 1 {
        e.push(FieldError::new(
            "lots",
            "one_lot",
            Text::new(
                "分包至少两个；不分包请留空",
                "At least two lots; leave it empty for none",
            ),
        ));
    }
    if lots.len() > MAX_LOTS {
        e.push(FieldError::with_message(
            "lots",
            "too_many",
            format!("分包最多{MAX_LOTS}个"),
            format!("At most {MAX_LOTS} lots"),
        ));
    }
    let total: i64 = lots
        .iter()
        .filter_map(|l| l.budget_amount)
        .map(Fen::fen)
        .fold(0i64, i64::saturating_add);
    if total > budget.fen() {
        e.push(FieldError::with_message(
            "lots",
            "above_budget",
            format!("各包预算合计{}元，超过项目预算{budget}元", Fen(total)),
            format!(
                "The lots' budgets add up to CNY {}, above the project's CNY {budget}",
                Fen(total)
            ),
        ));
    }
    if e.is_empty() {
        Ok(lots)
    } else {
        Err(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lots_are_read_line_by_line() {
        let lots = parse_lots("电脑|60000|55000\n\n打印机 | 30000", Fen(10_000_000)).unwrap();
        assert_eq!(lots.len(), 2);
        assert_eq!(lots[0].id, "1");
        assert_eq!(lots[0].max_price, Some(Fen(5_500_000)));
        assert_eq!(lots[1].name, "打印机");
        assert_eq!(lots[1].max_price, None);
        assert!(parse_lots("  \n", Fen(1)).unwrap().is_empty());
    }

    #[test]
    fn bad_lots_say_why() {
        let codes = |t: &str| {
            parse_lots(t, Fen(10_000_000))
                .unwrap_err()
                .0
                .iter()
                .map(|e| e.code.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("电脑|60000"), ["one_lot"]);
        assert_eq!(codes("电脑\n打印机|1"), ["bad_line"]);
        assert_eq!(codes("电脑|abc\n打印机|1"), ["bad_amount"]);
        assert_eq!(codes("电脑|10|20\n打印机|1"), ["above_budget"]);
        assert_eq!(codes("电脑|60000\n打印机|50000"), ["above_budget"]);
        assert_eq!(codes("|60000\n打印机|50"), ["no_name"]);
    }

    #[test]
    fn a_lot_set_holds_positions() {
        let s = LotSet::EMPTY.with(0).with(3).with(200);
        assert!(s.contains(0) && s.contains(3) && !s.contains(1) && !s.contains(200));
        assert!(LotSet::EMPTY.is_empty() && !s.is_empty());
    }
}
