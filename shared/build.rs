//! Turns the State Council holiday calendar (`data/holidays-cn/*.json`, from NateScarlet/holiday-cn,
//! MIT) into a compact sorted static table, so the crate carries no JSON and parses nothing at run
//! time (in the browser or on the server).
//!
//! Output: `$OUT_DIR/holidays_cn.rs` with `FIRST_YEAR`, `LAST_YEAR`, `BASE_DAY` and `END_DAY`
//! (days since 1970-01-01 of `FIRST_YEAR`-01-01 and of the first day after `LAST_YEAR`), `NAMES`
//! (holiday names, zh/en) and `DAYS`: one entry per listed date inside the covered years, sorted,
//! as `(day offset from BASE_DAY, flags)` where `flags & 0x80` means "off day" (放假) and
//! `flags & 0x40` means "listed by the next year's file" (the 2019 notice lists 2018-12-29…31;
//! a run-time import of a year replaces what its file listed, see `calendar::data`) and
//! `flags & 0x3f` is the index into `NAMES`.
//!
//! The years after `LAST_YEAR` up to `PROVISIONAL_LAST` come from `data/holidays-cn/statutory/`:
//! only the statutory days the law fixes in advance (全国年节及纪念日放假办法 Art 2), without the
//! State Council's yearly 调休, which is not published yet. They form the provisional calendar
//! (`PROVISIONAL_FROM`..=`PROVISIONAL_LAST`): `shared::calendar::china()` stops at `LAST_YEAR`, and
//! only `shared::calendar::provisional()` reaches into them.
//!
//! The build fails (rather than guessing) on: a missing year file, an unreadable date, a date
//! listed twice with different meanings, or a holiday name without an English translation.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const FIRST_YEAR: i32 = 2007;
const LAST_YEAR: i32 = 2026;
/// The last year of the provisional calendar (statutory days only).
const PROVISIONAL_LAST: i32 = 2035;

// The canonical (zh, en) names, shared with the run-time import (`src/calendar/names.rs`).
include!("src/calendar/names.rs");

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn parse_date(s: &str) -> Result<(i32, i64), String> {
    let bad = || format!("bad date {s:?}");
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let y: i32 = s[0..4].parse().map_err(|_| bad())?;
    let m: i64 = s[5..7].parse().map_err(|_| bad())?;
    let d: i64 = s[8..10].parse().map_err(|_| bad())?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let dim = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if d < 1 || d > dim {
        return Err(bad());
    }
    Ok((y, days_from_civil(y as i64, m, d)))
}

/// The index of holiday `name`'s canonical (zh, en) pair in `names`, added if new.
fn name_index(
    names: &mut Vec<(&'static str, &'static str)>,
    name: &str,
    path: &Path,
) -> Result<usize, String> {
    let &(_, zh, en) = NAME_MAP
        .iter()
        .find(|(raw, _, _)| *raw == name)
        .ok_or_else(|| {
            format!(
                "{}: holiday name {name:?} has no English name in build.rs",
                path.display()
            )
        })?;
    let idx = match names.iter().position(|n| *n == (zh, en)) {
        Some(i) => i,
        None => {
            names.push((zh, en));
            names.len() - 1
        }
    };
    if idx > 0x3f {
        return Err("too many holiday names".into());
    }
    Ok(idx)
}

fn main() {
    if let Err(e) = run() {
        panic!("holiday table: {e}");
    }
}

fn run() -> Result<(), String> {
    let dir = Path::new("data/holidays-cn");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", dir.display());

    let base_day = days_from_civil(FIRST_YEAR as i64, 1, 1);
    let end_day = days_from_civil(LAST_YEAR as i64 + 1, 1, 1); // exclusive
    let provisional_end = days_from_civil(PROVISIONAL_LAST as i64 + 1, 1, 1); // exclusive
    let mut names: Vec<(&str, &str)> = Vec::new();
    // day -> (off, name index, file, listed by the next year's file)
    let mut days: BTreeMap<i64, (bool, usize, String, bool)> = BTreeMap::new();

    for year in FIRST_YEAR..=LAST_YEAR {
        let path = dir.join(format!("{year}.json"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if json.get("year").and_then(|y| y.as_i64()) != Some(year as i64) {
            return Err(format!("{}: \"year\" is not {year}", path.display()));
        }
        let list = json
            .get("days")
            .and_then(|d| d.as_array())
            .ok_or_else(|| format!("{}: no \"days\" array", path.display()))?;
        for item in list {
            let field = |k: &str| {
                item.get(k)
                    .ok_or_else(|| format!("{}: entry without {k:?}", path.display()))
            };
            let date = field("date")?.as_str().ok_or("date is not a string")?;
            let name = field("name")?.as_str().ok_or("name is not a string")?;
            let off = field("isOffDay")?
                .as_bool()
                .ok_or("isOffDay is not a boolean")?;
            let (date_year, day) =
                parse_date(date).map_err(|e| format!("{}: {e}", path.display()))?;
            let spill = date_year != year;
            // A year's file may list days of the adjacent year (2019.json lists 2018-12-29); the
            // table keeps every listed day inside the covered years, whichever file lists it.
            if day < base_day || day >= end_day {
                continue;
            }
            let idx = name_index(&mut names, name, &path)?;
            let file = path.display().to_string();
            if let Some((prev_off, _, prev_file, _)) = days.get(&day) {
                if *prev_off != off {
                    return Err(format!("{date} is an off day in one file and a working day in another ({prev_file}, {file})"));
                }
                continue;
            }
            days.insert(day, (off, idx, file, spill));
        }
    }

    // The provisional years: statutory days off, nothing else.
    for year in LAST_YEAR + 1..=PROVISIONAL_LAST {
        let path = dir.join("statutory").join(format!("{year}.json"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if json.get("year").and_then(|y| y.as_i64()) != Some(year as i64) {
            return Err(format!("{}: \"year\" is not {year}", path.display()));
        }
        let list = json
            .get("days")
            .and_then(|d| d.as_array())
            .ok_or_else(|| format!("{}: no \"days\" array", path.display()))?;
        for item in list {
            let date = item
                .get("date")
                .and_then(|d| d.as_str())
                .ok_or_else(|| format!("{}: entry without a date", path.display()))?;
            let name = item
                .get("name")
                .and_then(|d| d.as_str())
                .ok_or_else(|| format!("{}: entry without a name", path.display()))?;
            let (y, day) = parse_date(date).map_err(|e| format!("{}: {e}", path.display()))?;
            if y != year || day < end_day || day >= provisional_end {
                return Err(format!("{}: {date} is not in {year}", path.display()));
            }
            let idx = name_index(&mut names, name, &path)?;
            if days
                .insert(day, (true, idx, path.display().to_string(), false))
                .is_some()
            {
                return Err(format!("{}: {date} listed twice", path.display()));
            }
        }
    }

    let mut out = String::new();
    out.push_str("// @generated by shared/build.rs from data/holidays-cn/*.json — do not edit.\n");
    let _ = writeln!(out, "const FIRST_YEAR: i32 = {FIRST_YEAR};");
    let _ = writeln!(out, "const LAST_YEAR: i32 = {LAST_YEAR};");
    let _ = writeln!(out, "const BASE_DAY: i64 = {base_day};");
    let _ = writeln!(out, "const END_DAY: i64 = {end_day};");
    let _ = writeln!(
        out,
        "const PROVISIONAL_LAST_YEAR: i32 = {PROVISIONAL_LAST};"
    );
    let _ = writeln!(out, "const PROVISIONAL_END_DAY: i64 = {provisional_end};");
    let _ = writeln!(out, "static NAMES: [Text; {}] = [", names.len());
    for (zh, en) in &names {
        let _ = writeln!(out, "    Text::new({zh:?}, {en:?}),");
    }
    out.push_str("];\n");
    let _ = writeln!(out, "static DAYS: [(u16, u8); {}] = [", days.len());
    for (day, (off, idx, _, spill)) in &days {
        let offset = day - base_day;
        let flags = (*idx as u8) | if *off { 0x80 } else { 0 } | if *spill { 0x40 } else { 0 };
        let _ = writeln!(out, "    ({offset}, {flags}),");
    }
    out.push_str("];\n");

    // The shipped year files as they are, for the server to seed its database with (the browser
    // never names this table, so the wasm bundle does not carry it).
    let manifest = std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?;
    let _ = writeln!(
        out,
        "static SHIPPED_JSON: [(i32, &str); {}] = [",
        LAST_YEAR - FIRST_YEAR + 1
    );
    for year in FIRST_YEAR..=LAST_YEAR {
        let path = Path::new(&manifest).join(dir).join(format!("{year}.json"));
        let _ = writeln!(
            out,
            "    ({year}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");

    let out_dir = std::env::var("OUT_DIR").map_err(|e| e.to_string())?;
    std::fs::write(Path::new(&out_dir).join("holidays_cn.rs"), out).map_err(|e| e.to_string())?;
    Ok(())
}
