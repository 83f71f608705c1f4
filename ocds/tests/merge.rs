//! Every case of ocds-merge's OCDS 1.1 fixtures: `NAME.json` (releases) must compile to
//! `NAME-compiled.json` and version to `NAME-versioned.json` (compared as JSON values), with the
//! fixtures' own schema. One test reporting every failing case by name.

use std::path::Path;

use ocds::merge::{compile, version, MergeRules};
use serde_json::Value;

fn read(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn ocds_merge_fixtures_1_1() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ocds-merge");
    let rules = MergeRules::from_schema(&read(&dir.join("release-schema-1__1__4.json"))).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| n.ends_with("-compiled.json"))
        .map(|n| n.trim_end_matches("-compiled.json").to_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 17, "fixtures missing: {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let releases = read(&dir.join(format!("{name}.json")));
        let releases = releases.as_array().cloned().unwrap_or_default();
        for (kind, expected, got) in [
            (
                "compiled",
                read(&dir.join(format!("{name}-compiled.json"))),
                compile(&releases, &rules),
            ),
            (
                "versioned",
                read(&dir.join(format!("{name}-versioned.json"))),
                version(&releases, &rules),
            ),
        ] {
            match got {
                Ok(v) if v == expected => {}
                Ok(v) => failures.push(format!(
                    "{name} {kind}:\n  got      {v}\n  expected {expected}"
                )),
                Err(e) => failures.push(format!("{name} {kind}: {e}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        names.len() * 2,
        failures.join("\n")
    );
}

#[test]
fn the_embedded_1_1_5_schema_gives_the_same_results() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ocds-merge");
    let rules = MergeRules::ocds_1_1().unwrap();
    for name in [
        "contextual",
        "lists",
        "mergeid",
        "string-list",
        "unit",
        "null",
    ] {
        let releases = read(&dir.join(format!("{name}.json")));
        let releases = releases.as_array().cloned().unwrap_or_default();
        assert_eq!(
            compile(&releases, &rules).unwrap(),
            read(&dir.join(format!("{name}-compiled.json"))),
            "{name}"
        );
        assert_eq!(
            version(&releases, &rules).unwrap(),
            read(&dir.join(format!("{name}-versioned.json"))),
            "{name}"
        );
    }
}

/// The standard's fictional example: its six releases against the record's compiled and
/// versioned releases.
#[test]
fn fictional_example_record() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fictional-example");
    let package = read(&dir.join("ocds-213czf-000-00001.json"));
    let releases = package["releases"].as_array().cloned().unwrap_or_default();
    let record = read(&dir.join("ocds-213czf-000-00001-withversions.json"));
    let record = &record["records"][0];
    let rules = MergeRules::ocds_1_1().unwrap();
    let compiled = compile(&releases, &rules).unwrap();
    let versioned = version(&releases, &rules).unwrap();
    let diff = |a: &Value, b: &Value| -> Vec<String> {
        let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
            return vec!["not objects".into()];
        };
        let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .filter(|k| a.get(*k) != b.get(*k))
            .map(|k| {
                format!(
                    "{k}: got {:?}\n expected {:?}",
                    a.get(k).map(|v| v.to_string()),
                    b.get(k).map(|v| v.to_string())
                )
            })
            .collect()
    };
    let d1 = diff(&compiled, &record["compiledRelease"]);
    let d2 = diff(&versioned, &record["versionedRelease"]);
    assert!(
        d1.is_empty() && d2.is_empty(),
        "compiled:\n{}\nversioned:\n{}",
        d1.join("\n"),
        d2.join("\n")
    );
}
