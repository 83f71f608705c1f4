//! `yiwang import` and `yiwang export` on both databases: the fictional OCDS sample and
//! generated releases import once (a re-run stores nothing twice), a stopped run resumes after
//! its last committed batch, skipped lines are reported with their reasons, and the export is
//! valid OCDS 1.1.5 that imports back to the same projects.

mod common;

use common::scalar as count;

#[path = "../../ocds/tests/jsonschema/mod.rs"]
mod jsonschema;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use server::ocds_io::{self, ExportFormat, ImportOptions, Progress};
use shared::model::ProjectRecord;
use sqlx::Row;

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

async fn unit(t: &common::TestDb, n: u64) -> i64 {
    let mut rng = server::demo::Rng::new(7000 + n);
    let code = server::demo::credit_code(&mut rng, "320402")
        .as_str()
        .to_owned();
    sqlx::query(
        "INSERT INTO organisations (kind, name, credit_code, jurisdiction_code, created_at) \
         VALUES ('purchaser', $1, $2, '320402', 0) RETURNING id",
    )
    .bind(format!("导入测试单位{n}"))
    .bind(code)
    .fetch_one(&t.db.pool)
    .await
    .unwrap()
    .try_get(0)
    .unwrap()
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join("yiwang-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let path = dir.join(format!("{}-{nanos}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

async fn import(t: &common::TestDb, path: &Path, opts: &ImportOptions) -> ocds_io::ImportSummary {
    ocds_io::import(&t.db, path, opts, &Progress::hidden(), NOW)
        .await
        .unwrap()
}

fn examples(purchaser: i64) -> Vec<ProjectRecord> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/examples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let mut r = ProjectRecord::from_json(&std::fs::read_to_string(p).unwrap()).unwrap();
            r.project.purchaser_id = purchaser.to_string();
            r
        })
        .collect()
}

/// `n` projects (variations of the examples) as line-delimited releases, oldest first per
/// project, interleaved between projects.
fn generated(purchaser: i64, n: usize) -> (Vec<ProjectRecord>, Vec<Value>) {
    let base = examples(purchaser);
    let mut records = Vec::new();
    let mut per: Vec<Vec<Value>> = Vec::new();
    for i in 0..n {
        let mut r = base[i % base.len()].clone();
        r.project.id = format!("GEN-{i:04}");
        let releases = ocds::project::releases(
            &r,
            &ocds::project::ocid(ocds::project::DEFAULT_OCID_PREFIX, &r),
            shared::time::Instant::from_unix_seconds(NOW),
        );
        records.push(r);
        per.push(releases);
    }
    let mut lines = Vec::new();
    let longest = per.iter().map(Vec::len).max().unwrap_or(0);
    for k in 0..longest {
        for p in &per {
            if let Some(r) = p.get(k) {
                lines.push(r.clone());
            }
        }
    }
    (records, lines)
}

async fn stored(t: &common::TestDb, source: &str) -> Vec<ProjectRecord> {
    let rows = sqlx::query(
        "SELECT record_json FROM ingest_projects WHERE source = $1 ORDER BY external_id",
    )
    .bind(source.to_owned())
    .fetch_all(&t.db.pool)
    .await
    .unwrap();
    rows.iter()
        .map(|r| ProjectRecord::from_json(&r.try_get::<String, _>(0).unwrap()).unwrap())
        .collect()
}

on_both_databases!(the_fictional_sample_imports_once);
async fn the_fictional_sample_imports_once(t: &common::TestDb) {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/ocds/fictional-example/ocds-213czf-000-00001.json"
    ));
    if !path.exists() {
        eprintln!("{} not found: skipped", path.display());
        return;
    }
    // Without a purchaser the buyer (a London borough) is not on the platform.
    let s = import(t, path, &ImportOptions::default()).await;
    assert_eq!(s.releases, 6);
    assert_eq!(s.projects_written, 0);
    assert!(s.skips.iter().any(|k| k.code == "unknown_buyer"), "{s:?}");
    assert_eq!(count(t, "SELECT COUNT(*) FROM ingest_projects").await, 0);

    let u = unit(t, 1).await;
    let opts = ImportOptions {
        source: "sample".into(),
        purchaser: Some(u.to_string()),
        ..ImportOptions::default()
    };
    let s = import(t, path, &opts).await;
    assert!(s.finished && !s.already_finished);
    assert_eq!((s.releases, s.projects_written), (6, 1));
    assert!(s.report().contains("tender.value"), "{}", s.report());
    let projects = stored(t, "sample").await;
    assert_eq!(projects.len(), 1);
    assert_eq!(projects[0].project.id, "ocds-213czf-000-00001");
    assert_eq!(
        projects[0].project.method,
        shared::model::Method::PublicTender
    );
    let findings = count(t, "SELECT COUNT(*) FROM findings WHERE step = 'import'").await;
    // The batch's audit record names the project each of its findings is about, and the
    // monitor's events of those findings name the project.
    assert!(findings > 0, "the sample raises findings on import");
    {
        let audit: String = sqlx::query_scalar(
            "SELECT findings_json FROM audit_log WHERE action = 'import.batch' AND findings_json IS NOT NULL",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        assert!(audit.contains("\"subject\":\"project:"), "{audit}");
        let named = count(
            t,
            "SELECT COUNT(*) FROM events WHERE kind = 'finding' AND action = 'import' AND message_zh LIKE '%：%'",
        )
        .await;
        assert_eq!(named, findings);
    }

    // The same file again: nothing to do.
    let again = import(t, path, &opts).await;
    assert!(again.already_finished);
    // The same releases in another file: each is a duplicate, nothing stored twice.
    let text = std::fs::read_to_string(path).unwrap();
    let package: Value = serde_json::from_str(&text).unwrap();
    let lines: Vec<String> = package["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(Value::to_string)
        .collect();
    let jsonl = temp_file("sample.jsonl", &(lines.join("\n") + "\n"));
    let s = import(t, &jsonl, &opts).await;
    assert_eq!(s.projects_written, 0);
    assert_eq!(
        s.skips
            .iter()
            .filter(|k| k.code == "duplicate_release")
            .count(),
        6
    );
    assert_eq!(count(t, "SELECT COUNT(*) FROM ingest_projects").await, 1);
    assert_eq!(
        count(t, "SELECT COUNT(*) FROM findings WHERE step = 'import'").await,
        findings
    );
    let _ = std::fs::remove_file(jsonl);
}

on_both_databases!(a_stopped_import_resumes_and_skips_are_reported);
async fn a_stopped_import_resumes_and_skips_are_reported(t: &common::TestDb) {
    let u = unit(t, 2).await;
    let (records, releases) = generated(u, 24);
    let mut lines: Vec<String> = releases.iter().map(Value::to_string).collect();
    // Bad lines: invalid JSON, a release without ocid, a foreign method with no Chinese equivalent.
    lines.insert(3, "{\"ocid\": \"broken".into());
    lines.insert(
        7,
        json!({"id": "x", "date": "2024-01-01T00:00:00Z"}).to_string(),
    );
    lines.insert(
        9,
        json!({"ocid": "ocds-foreign-1", "id": "1", "date": "2024-01-01T00:00:00Z",
               "tag": ["tender"], "initiationType": "tender", "buyer": {"id": "B"},
               "tender": {"id": "t", "procurementMethod": "limited", "mainProcurementCategory": "goods"}})
        .to_string(),
    );
    lines.insert(12, String::new());
    let path = temp_file("generated.jsonl", &(lines.join("\n") + "\n"));
    let total = releases.len() as i64 + 1; // and the foreign release

    // Stopped after two batches of 10 releases (as if killed between batches).
    let opts = ImportOptions {
        source: "gen".into(),
        batch_size: 10,
        stop_after_batches: Some(2),
        ..ImportOptions::default()
    };
    let first = import(t, &path, &opts).await;
    assert!(!first.finished);
    let committed = count(t, "SELECT COUNT(*) FROM import_releases").await;
    assert_eq!(first.releases, committed);
    assert!(committed > 0 && committed < total);
    let line_no = count(t, "SELECT line_no FROM import_runs").await;

    // A batch that fails midway stores nothing of it: the checkpoint moves with the commit only.
    let s = import(
        t,
        &path,
        &ImportOptions {
            stop_after_batches: None,
            ..opts.clone()
        },
    )
    .await;
    assert!(s.finished);
    assert_eq!(s.resumed_after, line_no);
    assert_eq!(s.releases, total, "{}", s.report());
    assert_eq!(
        count(t, "SELECT COUNT(*) FROM import_releases").await,
        total
    );
    assert_eq!(count(t, "SELECT COUNT(*) FROM import_runs").await, 1);
    let codes: Vec<(&str, i64)> = s
        .skips
        .iter()
        .map(|k| (k.code.as_str(), k.line_no))
        .collect();
    assert!(codes.contains(&("invalid_json", 4)), "{codes:?}");
    assert!(codes.contains(&("missing_ocid", 8)), "{codes:?}");
    // A process that is no project at the end is reported once, at the end.
    assert!(codes.contains(&("unmappable_method", 0)), "{codes:?}");
    assert_eq!(s.skips.len(), 3, "{}", s.report());
    let report = s.report();
    assert!(report.contains("skipped invalid_json: 1") && report.contains("line 4"));
    assert!(report.contains("at the end (ocds-foreign-1)"), "{report}");

    // Every project as generated (the stored record maps back exactly).
    let mut got = stored(t, "gen").await;
    got.sort_by(|a, b| a.project.id.cmp(&b.project.id));
    assert_eq!(got, records);
    // Each project has its import findings once (replaced when a later batch re-checks it).
    let dup = count(
        t,
        "SELECT COUNT(*) FROM (SELECT subject_id, check_id FROM findings WHERE step = 'import' \
         GROUP BY subject_id, check_id HAVING COUNT(*) > 1) AS d",
    )
    .await;
    assert_eq!(dup, 0);

    // A second run of the finished file stores nothing.
    let before = count(t, "SELECT COUNT(*) FROM findings").await;
    let again = import(t, &path, &opts).await;
    assert!(again.already_finished);
    assert_eq!(count(t, "SELECT COUNT(*) FROM findings").await, before);
    let _ = std::fs::remove_file(path);
}

on_both_databases!(the_export_is_valid_ocds_and_imports_back);
async fn the_export_is_valid_ocds_and_imports_back(t: &common::TestDb) {
    let u = unit(t, 3).await;
    let (records, releases) = generated(u, 12);
    let lines: Vec<String> = releases.iter().map(Value::to_string).collect();
    let path = temp_file("export-src.jsonl", &(lines.join("\n") + "\n"));
    let s = import(t, &path, &ImportOptions::default()).await;
    assert!(s.skips.is_empty(), "{}", s.report());

    let v = jsonschema::ocds_validator();
    let mut out = Vec::new();
    let e = ocds_io::export(&t.db, &mut out, ExportFormat::Releases, "ocds-yiwang-", NOW)
        .await
        .unwrap();
    assert_eq!(e.projects, 12);
    let package: Value = serde_json::from_slice(&out).unwrap();
    let errors = v.validate(jsonschema::RELEASE_PACKAGE, &package);
    assert!(errors.is_empty(), "{errors:#?}");
    let mut out = Vec::new();
    ocds_io::export(&t.db, &mut out, ExportFormat::Record, "ocds-yiwang-", NOW)
        .await
        .unwrap();
    let records_package: Value = serde_json::from_slice(&out).unwrap();
    let errors = v.validate(jsonschema::RECORD_PACKAGE, &records_package);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(records_package["records"].as_array().unwrap().len(), 12);

    // The release package imports back to the same projects under another source.
    let exported = temp_file("export.json", &package.to_string());
    let back = import(
        t,
        &exported,
        &ImportOptions {
            source: "again".into(),
            ..ImportOptions::default()
        },
    )
    .await;
    assert!(back.finished && back.skips.is_empty(), "{}", back.report());
    let mut got = stored(t, "again").await;
    got.sort_by(|a, b| a.project.id.cmp(&b.project.id));
    assert_eq!(got, records);
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(exported);
}
