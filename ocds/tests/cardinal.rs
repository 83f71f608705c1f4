//! Every fixture of Cardinal's test suite (`fixtures/cardinal/indicators/`) and every documented
//! example (`fixtures/cardinal/examples/`), compared with the expected output as JSON values.
//! One test per directory, reporting every failing file by name.

use std::path::{Path, PathBuf};

use ocds::{indicators_str, Options, Settings};
use serde_json::Value;

fn dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cardinal")
        .join(name)
}

/// The settings a fixture's name encodes (see fixtures/cardinal/README.md).
fn fixture_settings(stem: &str) -> String {
    let parts: Vec<&str> = stem.split('-').collect();
    let code = parts[0];
    let mut ini = String::from("no_price_comparison_procurement_methods = NPC\n[exclusions]\nprocurement_method_details = EXC\n");
    let rest = &parts[1..];
    if rest.first() == Some(&"procurement_method_details") {
        ini.push_str(&format!("[{code}.procurement_method_details]\n"));
        for pair in rest[1..].chunks(2) {
            ini.push_str(&format!(
                "{} = {}\n",
                pair[0],
                pair.get(1).copied().unwrap_or("")
            ));
        }
    } else {
        ini.push_str(&format!("[{code}]\n"));
        if rest.len() == 2 {
            ini.push_str(&format!("{} = {}\n", rest[0], rest[1].replace('+', "|")));
        }
    }
    ini
}

fn check(input: &Path, settings: &str, expected: &Path, threads: usize) -> Result<(), String> {
    let settings = Settings::parse(settings).map_err(|e| format!("settings: {e}"))?;
    let text = std::fs::read_to_string(input).map_err(|e| e.to_string())?;
    let opts = Options {
        no_meta: true,
        map: false,
        threads,
    };
    let report = indicators_str(&text, &settings, &opts).map_err(|e| e.to_string())?;
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(expected).map_err(|e| format!("{}: {e}", expected.display()))?,
    )
    .map_err(|e| e.to_string())?;
    let output = report.output();
    if output != expected {
        return Err(format!("got {output}\n    expected {expected}"));
    }
    // The text the command prints is the same object, keys sorted.
    let text = output.to_string();
    if report.output_json() != text {
        return Err(format!(
            "text {} differs from {output}",
            report.output_json()
        ));
    }
    Ok(())
}

fn report(failures: Vec<String>, total: usize) {
    assert!(total > 0, "no fixtures found");
    assert!(
        failures.is_empty(),
        "{} of {total} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn cardinal_indicator_fixtures() {
    let mut failures = Vec::new();
    let mut total = 0;
    let mut entries: Vec<_> = std::fs::read_dir(dir("indicators"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
    {
        total += 1;
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let settings = fixture_settings(&stem);
        for threads in [1, 2] {
            if let Err(e) = check(path, &settings, &path.with_extension("expected"), threads) {
                failures.push(format!("{stem}.jsonl ({threads} threads): {e}"));
            }
        }
    }
    report(failures, total);
}

#[test]
fn cardinal_documented_examples() {
    let mut failures = Vec::new();
    let mut total = 0;
    let d = dir("examples");
    let mut entries: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
    {
        total += 1;
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let ini = path.with_extension("ini");
        let ini = if ini.exists() {
            ini
        } else {
            d.join("settings.ini")
        };
        let settings = std::fs::read_to_string(&ini).unwrap();
        for threads in [1, 2] {
            if let Err(e) = check(path, &settings, &path.with_extension("expected"), threads) {
                failures.push(format!("{stem}.jsonl ({threads} threads): {e}"));
            }
        }
    }
    report(failures, total);
}

/// Odd lines never panic: invalid JSON is skipped with a warning naming the line, other values
/// and wrong types are ignored, and the result is the same as without them.
#[test]
fn odd_input_is_skipped_not_fatal() {
    let settings = Settings::parse("[R003]\n[R018]\n[R024]\n[R025]\n[R028]\n[R030]\n[R035]\n[R036]\n[R038]\n[R048]\nminimum_contracting_processes = 1\n[R058]\n").unwrap();
    let good = std::fs::read_to_string(dir("examples").join("024.jsonl")).unwrap();
    let odd = [
        "{not json",
        "[\"F\", null, {\"status\": \"x\"}, 1, 2]",
        "\"a string\"",
        "42",
        "null",
        "",
        "   ",
        "{\"ocid\": 5}",
        "{\"ocid\": \"dup\", \"ocid\": \"dup2\", \"tender\": {\"numberOfTenderers\": 1, \"procurementMethod\": \"open\"}}",
        "{\"ocid\": \"t\", \"tender\": [], \"bids\": {\"details\": {\"a\": 1}}, \"awards\": \"none\", \"buyer\": 3}",
        "{\"ocid\": \"u\", \"tender\": {\"tenderPeriod\": {\"startDate\": \"2024-13-01T00:00:00Z\", \"endDate\": 7}}, \"bids\": {\"details\": [{\"status\": \"valid\", \"value\": {\"amount\": 0, \"currency\": \"X\"}, \"tenderers\": [{\"id\": \"W\"}]}, 3, null]}, \"awards\": [{\"status\": \"active\", \"suppliers\": [{\"id\": \"W\"}], \"items\": [{\"classification\": {\"id\": \"\"}}]}, 7]}",
    ];
    let mixed = format!("{}\n{good}", odd.join("\n"));
    for threads in [1, 2] {
        let opts = Options {
            no_meta: true,
            map: true,
            threads,
        };
        let report = indicators_str(&mixed, &settings, &opts).unwrap();
        assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
        assert!(
            report.warnings[0].starts_with("line 1 is invalid JSON"),
            "{:?}",
            report.warnings
        );
        let output = report.output_json();
        assert!(
            output.contains("\"dup2\""),
            "the last duplicate member wins: {output}"
        );
    }
}
