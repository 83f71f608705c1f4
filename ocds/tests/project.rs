//! Projects as OCDS: every export of the example projects (and of a generated set) is valid
//! against the OCDS 1.1.5 schemas (with the bid and `yiwang` extensions), and maps back to the
//! same project; foreign releases map as far as they can.

mod jsonschema;

use jsonschema::{ocds_validator, RECORD_PACKAGE, RELEASE, RELEASE_PACKAGE};
use ocds::project::{self, Unmappable};
use serde_json::{json, Value};
use shared::model::ProjectRecord;
use shared::time::Instant;

fn examples() -> Vec<(String, ProjectRecord)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/examples");
    let mut out: Vec<(String, ProjectRecord)> = std::fs::read_dir(dir)
        .expect("docs/examples")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read");
            let record = ProjectRecord::from_json(&text).expect("example parses");
            (p.display().to_string(), record)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 6);
    out
}

/// Variations of the examples: dates removed, payments without contract, ids changed.
fn generated() -> Vec<(String, ProjectRecord)> {
    let mut out = Vec::new();
    for (name, base) in examples() {
        for n in 0..8u32 {
            let mut r = base.clone();
            r.project.id = format!("{}-G{n}", r.project.id);
            if n % 2 == 1 {
                r.notices.clear();
                r.documents = None;
            }
            if n % 3 == 1 {
                for p in &mut r.payments {
                    p.contract_id = None;
                }
            }
            if n % 4 == 2 {
                r.project.budget_amount = Some(shared::money::Fen(i64::from(n) * 12_345 + 1));
                r.awards.clear();
            }
            if n == 7 {
                r.bids.clear();
                r.contracts.clear();
                r.payments.clear();
                r.acceptances.clear();
                r.budget_line = None;
                r.plan = None;
                r.intention = None;
            }
            out.push((format!("{name}#{n}"), r));
        }
    }
    out
}

fn fallback() -> Instant {
    Instant::parse("2026-01-01T00:00:00+08:00").expect("instant")
}

fn assert_valid(v: &jsonschema::Validator, uri: &str, value: &Value, what: &str) {
    let errors = v.validate(uri, value);
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn the_validator_accepts_the_fictional_sample_and_rejects_broken_releases() {
    let v = ocds_validator();
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/ocds/fictional-example"
    );
    let path = format!("{dir}/ocds-213czf-000-00001.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("{path} not found: skipped");
        return;
    };
    let package: Value = serde_json::from_str(&text).expect("json");
    assert_valid(&v, RELEASE_PACKAGE, &package, "fictional package");
    let mut broken = package["releases"][0].clone();
    broken.as_object_mut().expect("object").remove("ocid");
    broken["date"] = json!("yesterday");
    broken["tag"] = json!(["nonsense"]);
    let errors = v.validate(RELEASE, &broken);
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn every_export_is_valid_and_maps_back_to_the_same_project() {
    let v = ocds_validator();
    let rules = project::merge_rules().expect("rules");
    let mut all_releases = Vec::new();
    let mut records = Vec::new();
    for (name, record) in examples().into_iter().chain(generated()) {
        let ocid = project::ocid(project::DEFAULT_OCID_PREFIX, &record);
        let releases = project::releases(&record, &ocid, fallback());
        assert!(!releases.is_empty());
        for r in &releases {
            assert_valid(&v, RELEASE, r, &format!("{name}: release {}", r["id"]));
        }
        let dates: Vec<&str> = releases.iter().filter_map(|r| r["date"].as_str()).collect();
        let mut sorted = dates.clone();
        sorted.sort();
        assert_eq!(dates, sorted, "{name}: releases in date order");
        let rec = project::record(releases.clone(), &rules).expect("record");
        assert_valid(
            &v,
            RELEASE,
            &rec["compiledRelease"],
            &format!("{name}: compiled"),
        );
        let mapped = project::to_project(&rec["compiledRelease"]).expect("maps back");
        assert!(mapped.yiwang);
        assert!(mapped.notes.is_empty(), "{name}: {:?}", mapped.notes);
        assert_eq!(mapped.ocid, ocid);
        assert_eq!(mapped.record, record, "{name}: round trip");
        all_releases.extend(releases);
        records.push(rec);
    }
    let mut package =
        project::package_metadata("https://yiwang.invalid/export", fallback(), "一网");
    package.insert("releases".into(), Value::Array(all_releases));
    assert_valid(
        &v,
        RELEASE_PACKAGE,
        &Value::Object(package),
        "release package",
    );
    let mut package =
        project::package_metadata("https://yiwang.invalid/export", fallback(), "一网");
    package.insert("records".into(), Value::Array(records));
    assert_valid(
        &v,
        RECORD_PACKAGE,
        &Value::Object(package),
        "record package",
    );
}

#[test]
fn the_fictional_sample_maps_with_notes() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/ocds/fictional-example"
    );
    let Ok(text) = std::fs::read_to_string(format!("{dir}/ocds-213czf-000-00001.json")) else {
        return;
    };
    let package: Value = serde_json::from_str(&text).expect("json");
    let releases = package["releases"].as_array().expect("releases").clone();
    let compiled =
        ocds::merge::compile(&releases, &project::merge_rules().expect("rules")).expect("compile");
    let mapped = project::to_project(&compiled).expect("maps");
    assert!(!mapped.yiwang);
    let p = &mapped.record;
    assert_eq!(p.project.id, "ocds-213czf-000-00001");
    assert_eq!(p.project.method, shared::model::Method::PublicTender);
    assert_eq!(p.project.object_type, shared::model::ObjectType::Works);
    assert_eq!(p.project.budget_amount, None, "GBP is not mapped");
    assert!(mapped
        .notes
        .iter()
        .any(|(path, why)| path == "tender.value" && why.contains("GBP")));
    assert!(!p.awards.is_empty() && !p.contracts.is_empty());
    assert!(p.suppliers.iter().any(|s| p.awards[0].supplier_id == s.id));
    assert!(p
        .organisations
        .iter()
        .any(|o| o.id == p.project.purchaser_id));
}

#[test]
fn releases_that_cannot_be_projects_say_why() {
    let base = json!({
        "ocid": "ocds-x-1", "id": "1", "date": "2024-01-01T00:00:00Z", "tag": ["tender"],
        "initiationType": "tender", "buyer": {"id": "B"},
        "tender": {"id": "t", "procurementMethod": "open", "mainProcurementCategory": "goods"}
    });
    assert!(project::to_project(&base).is_ok());
    let case = |f: &dyn Fn(&mut Value)| {
        let mut v = base.clone();
        f(&mut v);
        project::to_project(&v).map(|_| ()).unwrap_err()
    };
    assert_eq!(case(&|v| v["ocid"] = Value::Null), Unmappable::MissingOcid);
    assert_eq!(
        case(&|v| {
            v.as_object_mut().expect("object").remove("buyer");
        }),
        Unmappable::NoBuyer
    );
    assert_eq!(
        case(&|v| v["tender"]["procurementMethod"] = json!("limited")),
        Unmappable::UnmappableMethod("limited".into())
    );
    assert_eq!(
        case(&|v| v["tender"]["procurementMethod"] = Value::Null),
        Unmappable::MissingMethod
    );
    assert_eq!(
        case(&|v| v["tender"]["mainProcurementCategory"] = json!("consultingServices")),
        Unmappable::UnmappableCategory("consultingServices".into())
    );
    // "limited" with the Chinese method in the details maps.
    let mut v = base.clone();
    v["tender"]["procurementMethod"] = json!("limited");
    v["tender"]["procurementMethodDetails"] = json!("竞争性磋商");
    let m = project::to_project(&v).expect("maps");
    assert_eq!(
        m.record.project.method,
        shared::model::Method::CompetitiveConsultation
    );
}
