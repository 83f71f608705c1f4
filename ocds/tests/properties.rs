//! Fuzzing (issue 8): the `ocds` crate's outside input — the settings file (INI), the
//! indicators' line input, the merge input and the import mapping (OCDS release → project) —
//! never panics on arbitrary and on structured-but-mutated input, and agrees where two paths
//! must agree.
//!
//! `ocds` has no proptest dependency: each target draws its inputs from a seeded SplitMix64
//! (`shared::panel::SplitMix64`, through `shared/tests/common/mutate.rs`); a failure prints the
//! case's seed, which reproduces it alone (`YIWANG_FUZZ_SEED`, `YIWANG_PROPTEST_CASES=1`).
//! Budget as in `shared/tests/properties.rs`: `YIWANG_PROPTEST_CASES` cases per target
//! (default 256) or `YIWANG_FUZZ_SECONDS` seconds per target.

#[path = "../../shared/tests/common/mutate.rs"]
mod mutate;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant as Clock};

use mutate::{mutate_text, mutate_value, mutated_json_text, odd_text, random_value, Rng};
use ocds::merge::{compile, version, MergeRules};
use ocds::project;
use ocds::{indicators_str, Options, Settings};
use serde_json::Value;
use shared::model::ProjectRecord;
use shared::time::Instant;

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Runs `test` with one seeded generator per case for the configured budget; a panic or a
/// failed property is reported with the case's seed.
fn fuzz(name: &str, test: impl Fn(&mut Rng) -> Result<(), String>) {
    let cases = env_u64("YIWANG_PROPTEST_CASES").unwrap_or(256).max(1);
    let seconds = env_u64("YIWANG_FUZZ_SECONDS").map(Duration::from_secs);
    let seed = env_u64("YIWANG_FUZZ_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    });
    let mut seeds = Rng::new(seed);
    let start = Clock::now();
    let mut executions = 0u64;
    let mut accepted = 0u64;
    loop {
        let case_seed = if executions == 0 { seed } else { seeds.u64() };
        executions += 1;
        let outcome = catch_unwind(AssertUnwindSafe(|| test(&mut Rng::new(case_seed))));
        match outcome {
            Ok(Ok(())) => accepted += 1,
            Ok(Err(e)) if e.is_empty() => {}
            Ok(Err(e)) => {
                println!("fuzz: target={name} executions={executions} result=FAILED case_seed={case_seed}");
                panic!("{name}: property failed for case seed {case_seed}: {e}");
            }
            Err(_) => {
                println!("fuzz: target={name} executions={executions} result=PANIC case_seed={case_seed}");
                panic!("{name}: panicked for case seed {case_seed}");
            }
        }
        match seconds {
            Some(budget) if start.elapsed() < budget => {}
            Some(_) => break,
            None if executions < cases => {}
            None => break,
        }
    }
    println!(
        "fuzz: target={name} executions={executions} accepted={accepted} seconds={:.1} panics=0 result=ok seed={seed}",
        start.elapsed().as_secs_f64()
    );
}

/// `Err(String::new())`: the input was refused (not a failure; not counted as accepted).
fn refused() -> Result<(), String> {
    Err(String::new())
}

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

fn files(dir: &Path, ext: &str) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("read"))
        .collect()
}

/// Lines of the Cardinal fixtures (the indicators' input).
fn cardinal_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for sub in ["examples", "indicators"] {
        for text in files(&fixtures().join("cardinal").join(sub), "jsonl") {
            lines.extend(
                text.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_owned),
            );
        }
    }
    assert!(lines.len() > 50, "{}", lines.len());
    lines
}

fn all_indicators() -> Settings {
    Settings::parse("[R003]\n[R018]\n[R024]\n[R025]\n[R028]\n[R030]\n[R035]\n[R036]\n[R038]\n[R048]\nminimum_contracting_processes = 1\n[R058]\n")
        .expect("settings")
}

fn one_thread(map: bool) -> Options {
    Options {
        no_meta: false,
        map,
        threads: 1,
    }
}

// ---------------------------------------------------------------------------------------------
// Settings (INI)

const SETTINGS_KEYS: &[&str] = &[
    "currency",
    "threshold",
    "minimum_contracting_processes",
    "procurement_methods",
    "procurement_method_details",
    "price_comparison_procurement_methods",
    "no_price_comparison_procurement_methods",
    "R024.threshold",
    "R048.digits",
    "[R003]",
    "[R048]",
    "[exclusions]",
    "[defaults]",
    "[",
    "]",
    "=",
    ";",
    "#",
    "\"",
    "'",
];

/// Cardinal's settings files with lines deleted, duplicated, swapped or damaged, keys and values
/// replaced, and arbitrary text.
#[test]
fn settings_parse() {
    let seeds = files(&fixtures().join("cardinal").join("examples"), "ini");
    let seeds: Vec<String> = seeds
        .into_iter()
        .chain(files(
            &fixtures().join("cardinal").join("indicators"),
            "ini",
        ))
        .collect();
    fuzz("settings.Settings::parse", |rng| {
        let text = if rng.chance(8) {
            odd_text(rng, 200)
        } else {
            let mut lines: Vec<String> = rng.pick(&seeds).lines().map(str::to_owned).collect();
            for _ in 0..1 + rng.below(4) {
                let n = lines.len();
                let at = rng.below(n + 1);
                match rng.below(6) {
                    0 if n > 0 => {
                        lines.remove(at.min(n - 1));
                    }
                    1 if n > 0 => {
                        let l = lines[rng.below(n)].clone();
                        lines.insert(at, l);
                    }
                    2 if n > 0 => {
                        let mut l = lines[at.min(n - 1)].clone();
                        mutate_text(&mut l, rng);
                        lines[at.min(n - 1)] = l;
                    }
                    3 => {
                        let key = *rng.pick(SETTINGS_KEYS);
                        let value = match rng.below(4) {
                            0 => odd_text(rng, 12),
                            1 => format!("{}", rng.u64() as i64),
                            2 => "1e400".to_owned(),
                            _ => "0.5|open|".to_owned(),
                        };
                        lines.insert(at, format!("{key} = {value}"));
                    }
                    4 if n > 1 => {
                        let j = rng.below(n);
                        lines.swap(at.min(n - 1), j);
                    }
                    _ => lines.insert(at, (*rng.pick(SETTINGS_KEYS)).to_owned()),
                }
            }
            lines.join(if rng.chance(4) { "\r\n" } else { "\n" })
        };
        match Settings::parse(&text) {
            Ok(s) => {
                // Parsing is a function of the text.
                if Settings::parse(&text).as_ref() != Ok(&s) {
                    return Err(format!("two parses differ: {text:?}"));
                }
                // A settings file that parses runs (empty input).
                indicators_str("", &s, &one_thread(false)).map_err(|e| e.to_string())?;
                Ok(())
            }
            Err(e) => {
                if e.to_string().is_empty() {
                    return Err("an empty error message".to_owned());
                }
                refused()
            }
        }
    });
}

/// A global dotted key (`R024.threshold = x`) means the same as the key in its section.
#[test]
fn settings_dotted_keys_agree_with_sections() {
    const CASES: &[(&str, &str)] = &[
        ("R024", "threshold"),
        ("R058", "threshold"),
        ("R048", "minimum_contracting_processes"),
        ("R048", "digits"),
        ("R003", "threshold"),
        ("R003", "procurement_methods"),
        ("R035", "threshold"),
        ("R038", "threshold"),
        ("R025", "percentile"),
        ("R018", "procurement_methods"),
        ("exclusions", "procurement_method_details"),
        ("R099", "x"),
    ];
    fuzz("settings.dotted-key-vs-section", |rng| {
        let (section, key) = *rng.pick(CASES);
        let value = match rng.below(5) {
            0 => format!("{}", rng.below(1000)),
            1 => format!("0.{}", rng.below(1000)),
            2 => "open|selective".to_owned(),
            3 => format!("-{}", rng.below(10)),
            _ => odd_text(rng, 8).replace(['\n', '\r'], ""),
        };
        let dotted = Settings::parse(&format!("{section}.{key} = {value}\n"));
        let sectioned = Settings::parse(&format!("[{section}]\n{key} = {value}\n"));
        match (&dotted, &sectioned) {
            (Ok(a), Ok(b)) if a == b => Ok(()),
            (Err(_), Err(_)) => refused(),
            _ => Err(format!(
                "{section}.{key} = {value:?}: {dotted:?} vs {sectioned:?}"
            )),
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Indicators: line input

/// Arbitrary bytes (invalid UTF-8 included) and damaged releases, one line: warned as invalid
/// exactly when `serde_json::Value` refuses the line (blank lines are no input).
#[test]
fn indicators_line_accepts_what_value_accepts() {
    let lines = cardinal_lines();
    let settings = all_indicators();
    fuzz("indicators.line-vs-serde_json::Value", |rng| {
        let line: Vec<u8> = match rng.below(4) {
            0 => (0..rng.below(64)).map(|_| rng.u64() as u8).collect(),
            1 => {
                let mut b = rng.pick(&lines).clone().into_bytes();
                for _ in 0..1 + rng.below(3) {
                    if b.is_empty() {
                        break;
                    }
                    let i = rng.below(b.len());
                    b[i] = rng.u64() as u8;
                }
                b
            }
            _ => {
                let doc: Value = serde_json::from_str(rng.pick(&lines).as_str()).expect("fixture");
                mutated_json_text(&doc, rng).replace('\n', " ").into_bytes()
            }
        };
        let line: Vec<u8> = line.into_iter().filter(|b| *b != b'\n').collect();
        let report = run_bytes(&line, &settings, rng.chance(3))?;
        let value_ok = serde_json::from_slice::<Value>(&line).is_ok();
        let blank = line.iter().all(u8::is_ascii_whitespace);
        let warned = !report.warnings.is_empty();
        if warned == (!value_ok && !blank) {
            if value_ok {
                Ok(())
            } else {
                refused()
            }
        } else {
            Err(format!(
                "Value accepts: {value_ok}, warned: {warned}: {:?}",
                String::from_utf8_lossy(&line)
            ))
        }
    });
}

fn run_bytes(input: &[u8], settings: &Settings, map: bool) -> Result<ocds::Report, String> {
    ocds::indicators::run(input, settings, &one_thread(map)).map_err(|e| e.to_string())
}

/// The output over damaged releases equals the output over the same releases re-serialised
/// from a `serde_json::Value` (the borrowed fast reader and a full parse read the same), and
/// does not depend on the number of threads.
#[test]
fn indicators_fast_reader_agrees_with_value() {
    let lines = cardinal_lines();
    let settings = all_indicators();
    fuzz("indicators.fast-reader-vs-Value+threads", |rng| {
        let mut input = Vec::new();
        let mut canonical = Vec::new();
        for _ in 0..1 + rng.below(12) {
            let doc: Value = serde_json::from_str(rng.pick(&lines).as_str()).expect("fixture");
            let text = if rng.chance(3) {
                mutated_json_text(&doc, rng).replace('\n', " ")
            } else {
                let mut d = doc;
                mutate_value(&mut d, rng);
                d.to_string()
            };
            let again = match serde_json::from_str::<Value>(&text) {
                // Integers and short decimals only: the re-serialised text must read as the same
                // numbers (floats of many digits may move by one unit in the last place).
                Ok(v) if !has_long_float(&v) => v.to_string(),
                Ok(_) => continue,
                Err(_) => String::new(),
            };
            input.push(text);
            canonical.push(again);
        }
        let map = rng.chance(2);
        let a = run_bytes(input.join("\n").as_bytes(), &settings, map)?;
        let b = run_bytes(canonical.join("\n").as_bytes(), &settings, map)?;
        if a.output_json() != b.output_json() {
            return Err(format!(
                "fast reader and Value differ:\n{}\n{}\ninput: {input:?}",
                a.output_json(),
                b.output_json()
            ));
        }
        let two = indicators_str(
            &input.join("\n"),
            &settings,
            &Options {
                no_meta: false,
                map,
                threads: 2,
            },
        )
        .map_err(|e| e.to_string())?;
        if two.output_json() != a.output_json() {
            return Err("one thread and two threads differ".to_owned());
        }
        Ok(())
    });
}

fn has_long_float(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.is_f64() && n.to_string().len() > 8,
        Value::Array(a) => a.iter().any(has_long_float),
        Value::Object(m) => m.values().any(has_long_float),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Merge

/// ocds-merge's fixtures and the fictional example, damaged: compile and version never panic,
/// and compiling is a function of the releases.
#[test]
fn merge_mutated_releases() {
    let dir = fixtures().join("ocds-merge");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("release-schema-1__1__4.json")).expect("schema"),
    )
    .expect("json");
    let rules = MergeRules::from_schema(&schema).expect("rules");
    let yiwang_rules = project::merge_rules().expect("rules");
    let mut seeds: Vec<Value> = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            n.ends_with(".json")
                && !n.contains("-compiled")
                && !n.contains("-versioned")
                && !n.starts_with("release-schema")
        })
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("json"))
        .collect();
    let fictional: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("fictional-example/ocds-213czf-000-00001.json"))
            .expect("read"),
    )
    .expect("json");
    seeds.push(fictional["releases"].clone());
    assert!(seeds.len() >= 17);
    fuzz("merge.compile+version", |rng| {
        let mut releases = rng.pick(&seeds).clone();
        match rng.below(4) {
            0 => {
                let text = mutated_json_text(&releases, rng);
                match serde_json::from_str(&text) {
                    Ok(v) => releases = v,
                    Err(_) => return refused(),
                }
            }
            1 => releases = random_value(rng, 4),
            _ => mutate_value(&mut releases, rng),
        }
        let list = match releases {
            Value::Array(a) => a,
            other => vec![other],
        };
        let rules = if rng.chance(2) { &rules } else { &yiwang_rules };
        let compiled = compile(&list, rules);
        let _ = version(&list, rules);
        match compiled {
            Ok(c) => {
                if compile(&list, rules).as_ref().ok() != Some(&c) {
                    return Err("compile is not deterministic".to_owned());
                }
                Ok(())
            }
            Err(_) => refused(),
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Import: OCDS release → project

fn examples() -> Vec<ProjectRecord> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/examples");
    files(Path::new(dir), "json")
        .iter()
        .map(|t| ProjectRecord::from_json(t).expect("example"))
        .collect()
}

/// The examples' exported releases and compiled releases, and the fictional example, damaged:
/// the mapping never panics, and what it maps is a valid project file for `yiwang check`.
#[test]
fn project_import_mutated() {
    let fallback = Instant::parse("2026-01-01T00:00:00+08:00").expect("instant");
    let rules = project::merge_rules().expect("rules");
    let mut seeds: Vec<Value> = Vec::new();
    for r in examples() {
        let ocid = project::ocid(project::DEFAULT_OCID_PREFIX, &r);
        let releases = project::releases(&r, &ocid, fallback);
        let rec = project::record(releases.clone(), &rules).expect("record");
        seeds.push(rec["compiledRelease"].clone());
        seeds.extend(releases);
    }
    let fictional: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("fictional-example/ocds-213czf-000-00001.json"))
            .expect("read"),
    )
    .expect("json");
    if let Some(a) = fictional["releases"].as_array() {
        seeds.extend(a.iter().cloned());
    }
    fuzz("project.to_project/mutated", |rng| {
        let mut release = rng.pick(&seeds).clone();
        if rng.chance(3) {
            match serde_json::from_str(&mutated_json_text(&release, rng)) {
                Ok(v) => release = v,
                Err(_) => return refused(),
            }
        } else {
            mutate_value(&mut release, rng);
        }
        match project::to_project(&release) {
            Ok(mapped) => {
                let _ = mapped.notes.len();
                let text = serde_json::to_string(&mapped.record).map_err(|e| e.to_string())?;
                let back = ProjectRecord::from_json(&text)
                    .map_err(|e| format!("the mapped project does not read back: {e}"))?;
                if back != mapped.record {
                    return Err("the mapped project changes on the way through JSON".to_owned());
                }
                // And it exports again.
                let ocid = project::ocid(project::DEFAULT_OCID_PREFIX, &back);
                let _ = project::releases(&back, &ocid, fallback);
                Ok(())
            }
            Err(e) => {
                let _ = e.code();
                refused()
            }
        }
    });
}
