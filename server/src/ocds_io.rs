//! OCDS import and export (`yiwang import`, `yiwang export`; docs/ocds.md).
//!
//! Import reads a release package (`.json`), line-delimited releases, or line-delimited
//! packages; merges each release into the compiled release of its `ocid` (kept in
//! `import_compiled`), maps it to a project (`ocds::project::to_project`) and stores it in
//! `ingest_projects` under the run's source, running the ingest API's checks and storing its
//! findings through the same functions (`db::ingest::store_project`, the step log's tail).
//! It commits in batches; each batch also records the run's checkpoint (`import_runs`), the
//! releases it merged (`import_releases`) and what it skipped (`import_skips`), so a run that
//! stops continues after its last committed batch and nothing is stored twice. The queries live
//! in [`crate::db::ocds`].

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};
use shared::checks::CheckContext;
use shared::ingest::{run_kind, Kind};
use shared::model::ProjectRecord;
use shared::plan::PlanFinding;
use shared::time::Instant;
use sqlx::AnyConnection;
use thiserror::Error;

use crate::db::ingest::{store_project, ProjectRow};
use crate::db::ocds as repo;
use crate::db::Db;

/// Why an import or export stopped. Messages name the file or the position, never SQL.
#[derive(Debug, Error)]
pub enum IoError {
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("{0}")]
    Input(String),
    #[error("the database is unavailable; nothing of the current batch was stored")]
    Database(#[from] sqlx::Error),
    #[error("the OCDS schema could not be read: {0}")]
    Schema(String),
}

/// What to import and how.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The source the projects are stored under (`ingest_projects.source`).
    pub source: String,
    /// The purchaser for releases whose buyer is not found on the platform (platform id or
    /// 统一社会信用代码); without it such releases are skipped.
    pub purchaser: Option<String>,
    /// Releases per transaction.
    pub batch_size: usize,
    /// Stop after this many committed batches (as if killed; for tests).
    pub stop_after_batches: Option<usize>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            source: "import".into(),
            purchaser: None,
            batch_size: 1000,
            stop_after_batches: None,
        }
    }
}

/// One skipped line or release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub line_no: i64,
    pub ocid: Option<String>,
    pub code: String,
    pub message: String,
}

/// What a run did (over all its invocations when resumed).
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    pub run_id: i64,
    /// The run had finished before: nothing was read.
    pub already_finished: bool,
    /// The line (or release number) this invocation started after.
    pub resumed_after: i64,
    pub finished: bool,
    /// Releases merged, over the whole run.
    pub releases: i64,
    /// Projects written by this invocation (a project written in two batches counts twice).
    pub projects_written: i64,
    pub skips: Vec<Skip>,
    /// Fields left out while mapping: `(path pattern, reason) → count` (this invocation).
    pub notes: BTreeMap<(String, String), u64>,
}

impl ImportSummary {
    /// The report printed at the end of `yiwang import`.
    pub fn report(&self) -> String {
        let mut out = String::new();
        if self.already_finished {
            out.push_str("this file was imported before under this source; nothing to do\n");
        } else if self.resumed_after > 0 {
            out.push_str(&format!(
                "resumed after line/release {}\n",
                self.resumed_after
            ));
        }
        out.push_str(&format!(
            "run {}: {} releases merged, {} project writes now, {} skipped{}\n",
            self.run_id,
            self.releases,
            self.projects_written,
            self.skips.len(),
            if self.finished {
                ""
            } else {
                " (stopped before the end: run again to continue)"
            }
        ));
        let mut by_code: BTreeMap<&str, Vec<&Skip>> = BTreeMap::new();
        for s in &self.skips {
            by_code.entry(&s.code).or_default().push(s);
        }
        for (code, list) in by_code {
            out.push_str(&format!("skipped {code}: {}\n", list.len()));
            for s in list.iter().take(10) {
                let at = if s.line_no == 0 {
                    "at the end".to_owned()
                } else {
                    format!("line {}", s.line_no)
                };
                out.push_str(&format!(
                    "  {at}{}: {}\n",
                    s.ocid
                        .as_ref()
                        .map(|o| format!(" ({o})"))
                        .unwrap_or_default(),
                    s.message
                ));
            }
            if list.len() > 10 {
                out.push_str(&format!("  … and {} more\n", list.len() - 10));
            }
        }
        for ((path, why), n) in &self.notes {
            out.push_str(&format!("not mapped {path}: {why} ({n}×)\n"));
        }
        out
    }
}

pub use crate::progress::Progress;

/// The input, in memory or as a file.
enum Input {
    File(std::fs::File),
    Memory(std::io::Cursor<Vec<u8>>),
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Input::File(f) => f.read(buf),
            Input::Memory(m) => m.read(buf),
        }
    }
}

impl Seek for Input {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            Input::File(f) => f.seek(pos),
            Input::Memory(m) => m.seek(pos),
        }
    }
}

/// One unit read: the releases of a line (or one release of a package), or why not.
struct Unit {
    line_no: i64,
    /// Position after this unit (bytes for lines, releases for a package).
    position: i64,
    releases: Result<Vec<Value>, (String, String)>,
}

fn releases_of(v: Value) -> Result<Vec<Value>, (String, String)> {
    match v {
        Value::Object(mut m) => {
            if let Some(Value::Array(r)) = m.remove("releases") {
                Ok(r)
            } else if let Some(Value::Array(records)) = m.remove("records") {
                let mut out = Vec::new();
                for r in records {
                    match r.get("releases").and_then(Value::as_array) {
                        Some(list) if list.iter().all(|x| x.get("ocid").is_some()) => {
                            out.extend(list.iter().cloned())
                        }
                        _ => match r.get("compiledRelease") {
                            Some(c) => out.push(c.clone()),
                            None => {
                                return Err((
                                    "no_releases".into(),
                                    "a record without embedded releases or compiled release".into(),
                                ))
                            }
                        },
                    }
                }
                Ok(out)
            } else {
                Ok(vec![Value::Object(m)])
            }
        }
        _ => Err(("not_an_object".into(), "not a JSON object".into())),
    }
}

fn ocid_of(v: &Value) -> Option<String> {
    v.get("ocid")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
}

/// The checks of every project node (as the ingest API runs them per kind), each check once.
pub fn import_checks(record: &ProjectRecord, ctx: &CheckContext) -> Vec<PlanFinding> {
    let mut flags: Vec<PlanFinding> = Vec::new();
    for kind in [
        Kind::Notice,
        Kind::Bid,
        Kind::Evaluation,
        Kind::Award,
        Kind::Contract,
        Kind::Payment,
    ] {
        for f in run_kind(record, kind, ctx) {
            if !flags.iter().any(|x| x.check_id == f.check_id) {
                flags.push(f);
            }
        }
    }
    flags
}

/// A buyer as looked up: (credit code, platform id).
type BuyerKey = (Option<String>, Option<String>);

struct Purchaser {
    id: i64,
    jurisdiction: String,
}

async fn find_purchaser(
    conn: &mut AnyConnection,
    credit_code: Option<&str>,
    platform_id: Option<&str>,
) -> Result<Option<Purchaser>, sqlx::Error> {
    let row = if let Some(code) = credit_code {
        repo::organisation_by_credit_code(conn, code).await?
    } else {
        None
    };
    let row = match (row, platform_id.and_then(|p| p.parse::<i64>().ok())) {
        (Some(r), _) => Some(r),
        (None, Some(id)) => repo::organisation_by_id(conn, id).await?,
        (None, None) => None,
    };
    let Some(r) = row else { return Ok(None) };
    if r.kind != "purchaser" {
        return Ok(None);
    }
    Ok(Some(Purchaser {
        id: r.id,
        jurisdiction: r.jurisdiction_code,
    }))
}

/// Imports `path` (`-`: standard input, read into memory first) into the database.
pub async fn import(
    db: &Db,
    path: &Path,
    opts: &ImportOptions,
    progress: &Progress,
    now: i64,
) -> Result<ImportSummary, IoError> {
    let file_err = |e: std::io::Error| IoError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut input = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(file_err)?;
        Input::Memory(std::io::Cursor::new(buf))
    } else {
        if path.is_dir() {
            return Err(IoError::File {
                path: path.display().to_string(),
                message: "is a directory, not a file".into(),
            });
        }
        Input::File(std::fs::File::open(path).map_err(file_err)?)
    };
    let size = input.seek(SeekFrom::End(0)).map_err(file_err)?;
    input.seek(SeekFrom::Start(0)).map_err(file_err)?;
    let mut head = Vec::new();
    (&mut input)
        .take(1 << 20)
        .read_to_end(&mut head)
        .map_err(file_err)?;
    let mut hasher = Sha256::new();
    hasher.update(size.to_le_bytes());
    hasher.update(&head);
    let hash: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    // Line-delimited when the first non-empty line is a JSON value by itself.
    let first_line = head
        .split(|b| *b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        .unwrap_or(&[]);
    // (A pretty-printed package starts with a line `{` alone, which is no JSON value.)
    let lines = serde_json::from_slice::<Value>(first_line).is_ok();
    let format = if lines { "lines" } else { "package" };
    input.seek(SeekFrom::Start(0)).map_err(file_err)?;

    // The run: new, or the one this file started before.
    let file_name = path.display().to_string();
    let existing = repo::find_run(&db.pool, &opts.source, &hash, size as i64).await?;
    let mut summary = ImportSummary::default();
    let (run_id, mut position, mut line_no) = match existing {
        Some(r) => {
            summary.releases = r.releases;
            summary.run_id = r.id;
            if r.finished_at.is_some() {
                summary.already_finished = true;
                summary.finished = true;
                summary.skips = stored_skips(db, r.id).await?;
                return Ok(summary);
            }
            (r.id, r.position, r.line_no)
        }
        None => {
            let id = repo::insert_run(
                &db.pool,
                &opts.source,
                &file_name,
                size as i64,
                &hash,
                format,
                now,
            )
            .await?;
            (id, 0, 0)
        }
    };
    summary.run_id = run_id;
    summary.resumed_after = line_no;

    let rules = ocds::project::merge_rules().map_err(|e| IoError::Schema(e.to_string()))?;
    let ctx = CheckContext::builtin(Instant::from_unix_seconds(now));
    let fallback = opts.purchaser.clone();

    // The units, read lazily for lines; a package is parsed whole.
    let mut package: Option<std::vec::IntoIter<Value>> = None;
    let mut reader = None;
    if lines {
        input
            .seek(SeekFrom::Start(position as u64))
            .map_err(file_err)?;
        reader = Some(BufReader::with_capacity(1 << 20, input));
        progress.begin(
            "import",
            Some(size),
            position as u64,
            crate::progress::Unit::Bytes,
        );
    } else {
        let mut text = Vec::new();
        input.read_to_end(&mut text).map_err(file_err)?;
        let value: Value = serde_json::from_slice(&text)
            .map_err(|e| IoError::Input(format!("{}: not JSON: {e}", path.display())))?;
        let list = releases_of(value).map_err(|(_, m)| IoError::Input(m))?;
        progress.begin(
            "import",
            Some(list.len() as u64),
            position as u64,
            crate::progress::Unit::Items("releases"),
        );
        let mut it = list.into_iter();
        for _ in 0..position {
            it.next();
        }
        package = Some(it);
    }
    let mut next_unit = |line_no: i64, position: i64| -> Result<Option<Unit>, IoError> {
        if let Some(r) = reader.as_mut() {
            let mut buf = Vec::new();
            let n = r.read_until(b'\n', &mut buf).map_err(file_err)?;
            if n == 0 {
                return Ok(None);
            }
            let position = position + n as i64;
            let line_no = line_no + 1;
            if buf.iter().all(u8::is_ascii_whitespace) {
                return Ok(Some(Unit {
                    line_no,
                    position,
                    releases: Ok(Vec::new()),
                }));
            }
            let releases = match serde_json::from_slice::<Value>(&buf) {
                Ok(v) => releases_of(v),
                Err(e) => Err(("invalid_json".into(), format!("not JSON: {e}"))),
            };
            Ok(Some(Unit {
                line_no,
                position,
                releases,
            }))
        } else if let Some(it) = package.as_mut() {
            Ok(it.next().map(|r| Unit {
                line_no: line_no + 1,
                position: position + 1,
                releases: Ok(vec![r]),
            }))
        } else {
            Ok(None)
        }
    };

    let mut batches = 0usize;
    let mut purchasers: HashMap<BuyerKey, Option<(i64, String)>> = HashMap::new();
    loop {
        // Read one batch.
        let mut units = Vec::new();
        let mut count = 0usize;
        let mut end = false;
        while count < opts.batch_size.max(1) {
            match next_unit(line_no, position)? {
                None => {
                    end = true;
                    break;
                }
                Some(u) => {
                    line_no = u.line_no;
                    position = u.position;
                    count += u.releases.as_ref().map(|r| r.len().max(1)).unwrap_or(1);
                    units.push(u);
                }
            }
        }
        let mut tx = db.pool.begin().await?;
        let mut skips: Vec<Skip> = Vec::new();
        let mut merged = 0i64;
        // ocid → (compiled, last line, project row if any, touched)
        let mut compiled: HashMap<String, (Value, i64, Option<i64>)> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for unit in units {
            let releases = match unit.releases {
                Ok(r) => r,
                Err((code, message)) => {
                    skips.push(Skip {
                        line_no: unit.line_no,
                        ocid: None,
                        code,
                        message,
                    });
                    continue;
                }
            };
            for release in releases {
                let skip = |code: &str, message: String, ocid: Option<String>| Skip {
                    line_no: unit.line_no,
                    ocid,
                    code: code.to_owned(),
                    message,
                };
                let Some(ocid) = ocid_of(&release) else {
                    skips.push(skip(
                        "missing_ocid",
                        "a release without `ocid`".into(),
                        None,
                    ));
                    continue;
                };
                let Some(release_id) = release.get("id").and_then(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .or(v.as_i64().map(|n| n.to_string()))
                }) else {
                    skips.push(skip(
                        "missing_id",
                        "a release without `id`".into(),
                        Some(ocid),
                    ));
                    continue;
                };
                if repo::release_seen(&mut tx, &opts.source, &ocid, &release_id).await? {
                    skips.push(skip(
                        "duplicate_release",
                        format!("release {release_id} was imported before"),
                        Some(ocid),
                    ));
                    continue;
                }
                if !compiled.contains_key(&ocid) {
                    let (prev, project) = repo::compiled(&mut tx, &opts.source, &ocid)
                        .await?
                        .unwrap_or((Value::Null, None));
                    compiled.insert(ocid.clone(), (prev, unit.line_no, project));
                }
                let entry = compiled.get_mut(&ocid).expect("inserted above");
                let list: Vec<Value> = if entry.0.is_null() {
                    vec![release]
                } else {
                    vec![entry.0.clone(), release]
                };
                match ocds::merge::compile(&list, &rules) {
                    Ok(c) => {
                        entry.0 = c;
                        entry.1 = unit.line_no;
                    }
                    Err(e) => {
                        skips.push(skip("invalid_release", e.to_string(), Some(ocid)));
                        continue;
                    }
                }
                repo::record_release(&mut tx, &opts.source, &ocid, &release_id, run_id).await?;
                merged += 1;
                if !order.contains(&ocid) {
                    order.push(ocid);
                }
            }
        }
        // Each process touched: map, check and store once per batch.
        let mut written = 0i64;
        // The findings of each project written: (id, jurisdiction, flags), stored by the tail.
        let mut flagged: Vec<(i64, String, String, Vec<PlanFinding>)> = Vec::new();
        for ocid in order {
            let (value, _, mut project_id) = compiled
                .remove(&ocid)
                .expect("touched processes are compiled");
            match ocds::project::to_project(&value) {
                // Not a project yet: a later release may complete it (reported at the end).
                Err(_) => {}
                Ok(mapped) => {
                    for (path, why) in &mapped.notes {
                        let pattern = strip_indices(path);
                        *summary.notes.entry((pattern, why.clone())).or_default() += 1;
                    }
                    let jurisdiction = match project_id {
                        Some(id) => Some(repo::project_jurisdiction(&mut tx, id).await?),
                        None => None,
                    };
                    let target: Option<(Option<i64>, i64, String)> =
                        match (project_id, jurisdiction) {
                            (Some(id), Some(j)) => Some((Some(id), 0, j)),
                            _ => {
                                let platform_id = mapped
                                    .yiwang
                                    .then(|| mapped.record.project.purchaser_id.clone());
                                let key = (mapped.buyer_credit_code.clone(), platform_id.clone());
                                let found = match purchasers.get(&key) {
                                    Some(f) => f.clone(),
                                    None => {
                                        let mut f = find_purchaser(
                                            &mut tx,
                                            mapped.buyer_credit_code.as_deref(),
                                            platform_id.as_deref(),
                                        )
                                        .await?;
                                        if f.is_none() {
                                            if let Some(fb) = &fallback {
                                                let numeric = fb.parse::<i64>().is_ok();
                                                f = find_purchaser(
                                                    &mut tx,
                                                    (!numeric).then_some(fb.as_str()),
                                                    numeric.then_some(fb.as_str()),
                                                )
                                                .await?;
                                            }
                                        }
                                        let f = f.map(|p| (p.id, p.jurisdiction));
                                        purchasers.insert(key, f.clone());
                                        f
                                    }
                                };
                                found.map(|(id, j)| (None, id, j))
                            }
                        };
                    let Some((existing, purchaser_id, jurisdiction)) = target else {
                        // Reported at the end of the run, if still without a purchaser then.
                        repo::save_compiled(&mut tx, &opts.source, &ocid, &value, None, now)
                            .await?;
                        continue;
                    };
                    let row = match existing {
                        Some(id) => ProjectRow::Existing(id),
                        None => ProjectRow::New {
                            jurisdiction: &jurisdiction,
                            purchaser_id,
                        },
                    };
                    let flags = import_checks(&mapped.record, &ctx);
                    let id = store_project(&mut tx, row, &opts.source, &ocid, &mapped.record, now)
                        .await?;
                    project_id = Some(id);
                    // The import's findings describe the project as now known: replace them.
                    repo::delete_import_findings(&mut tx, id).await?;
                    let name = mapped.record.project.name.clone();
                    flagged.push((id, jurisdiction, name, flags));
                    written += 1;
                }
            }
            repo::save_compiled(&mut tx, &opts.source, &ocid, &value, project_id, now).await?;
        }
        if end {
            skips.extend(pending(&mut tx, &opts.source, run_id).await?);
        }
        for s in &skips {
            repo::insert_skip(
                &mut tx,
                run_id,
                s.line_no,
                s.ocid.as_deref(),
                &s.code,
                &s.message,
            )
            .await?;
        }
        repo::save_checkpoint(
            &mut tx,
            run_id,
            &repo::Checkpoint {
                position,
                line_no,
                releases: merged,
                skipped: skips.len() as i64,
                updated_at: now,
                finished_at: if end { Some(now) } else { None },
            },
        )
        .await?;
        // The batch's tail through the step log: the projects' findings (with their monitor
        // events) and one audit record of the batch.
        let mut tail = crate::steplog::Tail::new(crate::audit::AuditEntry {
            at: now,
            action: "import.batch",
            subject_type: Some("import_run"),
            subject_id: Some(run_id.to_string()),
            after: Some(serde_json::json!({
                "source": opts.source,
                "line_no": line_no,
                "releases": merged,
                "projects": written,
                "skipped": skips.len(),
                "finished": end,
            })),
            ..Default::default()
        });
        for (id, jurisdiction, name, flags) in &flagged {
            tail = tail.flags(
                &crate::steplog::Subject {
                    kind: "project",
                    id: id.to_string(),
                    jurisdiction,
                    step: "import",
                    method: None,
                    name: (!name.trim().is_empty()).then_some(name.as_str()),
                },
                flags,
            );
        }
        crate::steplog::write(&mut tx, tail).await?;
        tx.commit().await?;
        summary.releases += merged;
        summary.projects_written += written;
        progress.set(position as u64);
        progress.note(&format!("import: {} releases merged", summary.releases));
        batches += 1;
        if end {
            summary.finished = true;
            break;
        }
        if opts.stop_after_batches.is_some_and(|n| batches >= n) {
            break;
        }
    }
    progress.finish();
    summary.skips = stored_skips(db, run_id).await?;
    Ok(summary)
}

/// The processes this run merged releases into that are still no project at its end, and why.
async fn pending(
    conn: &mut AnyConnection,
    source: &str,
    run_id: i64,
) -> Result<Vec<Skip>, sqlx::Error> {
    let rows = repo::unlinked_processes(conn, source, run_id).await?;
    let mut out = Vec::new();
    for (ocid, value) in rows {
        let (code, message) = match ocds::project::to_project(&value) {
            Err(e) => (e.code().to_owned(), e.to_string()),
            Ok(m) => (
                "unknown_buyer".to_owned(),
                format!(
                    "the buyer {} is no purchaser on the platform (by credit code{}); name one with --purchaser",
                    m.record.project.purchaser_id,
                    if m.yiwang { " or platform id" } else { "" }
                ),
            ),
        };
        out.push(Skip {
            line_no: 0,
            ocid: Some(ocid),
            code,
            message,
        });
    }
    Ok(out)
}

fn strip_indices(path: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for c in path.chars() {
        match c {
            '[' => {
                skipping = true;
                out.push_str("[]");
            }
            ']' => skipping = false,
            _ if skipping => {}
            _ => out.push(c),
        }
    }
    out
}

async fn stored_skips(db: &Db, run_id: i64) -> Result<Vec<Skip>, sqlx::Error> {
    Ok(repo::skips(&db.pool, run_id)
        .await?
        .into_iter()
        .map(|r| Skip {
            line_no: r.line_no,
            ocid: r.ocid,
            code: r.code,
            message: r.message,
        })
        .collect())
}

/// What `yiwang export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// A release package: every release of every project.
    Releases,
    /// A record package: one record (releases and compiled release) per project.
    Record,
}

/// What was exported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub projects: u64,
    pub releases: u64,
    /// Projects whose stored record could not be read (by row id).
    pub unreadable: Vec<i64>,
}

/// Writes every stored project (`ingest_projects`, by id) to `out` as one package. The ocid is
/// `prefix` + the project id (a project id that is already an ocid, `ocds-…`, is kept; an ocid
/// already written gets the source in it).
pub async fn export(
    db: &Db,
    out: &mut dyn Write,
    format: ExportFormat,
    prefix: &str,
    now: i64,
) -> Result<ExportSummary, IoError> {
    let io = |e: std::io::Error| IoError::Input(format!("cannot write the export: {e}"));
    let rules = ocds::project::merge_rules().map_err(|e| IoError::Schema(e.to_string()))?;
    let published = Instant::from_unix_seconds(now);
    let meta = ocds::project::package_metadata(
        &format!("https://yiwang.invalid/export/{now}"),
        published,
        "一网 · 常州市政府采购监管平台",
    );
    let head =
        serde_json::to_string(&Value::Object(meta)).map_err(|e| IoError::Input(e.to_string()))?;
    let key = match format {
        ExportFormat::Releases => "releases",
        ExportFormat::Record => "records",
    };
    write!(out, "{},\"{key}\":[", &head[..head.len() - 1]).map_err(io)?;
    let mut summary = ExportSummary::default();
    let mut seen = std::collections::HashSet::new();
    let mut after = 0i64;
    let mut first = true;
    loop {
        let rows = repo::projects_after(&db.pool, after).await?;
        if rows.is_empty() {
            break;
        }
        for r in rows {
            let id = r.id;
            after = id;
            let Ok(record) = r.record() else {
                summary.unreadable.push(id);
                continue;
            };
            let source = &r.source;
            let pid = &record.project.id;
            let mut ocid = if pid.starts_with("ocds-") {
                pid.clone()
            } else {
                ocds::project::ocid(prefix, &record)
            };
            if !seen.insert(ocid.clone()) {
                ocid = format!("{prefix}{source}-{pid}");
                seen.insert(ocid.clone());
            }
            let releases = ocds::project::releases(&record, &ocid, published);
            summary.projects += 1;
            summary.releases += releases.len() as u64;
            let items = match format {
                ExportFormat::Releases => releases,
                ExportFormat::Record => vec![ocds::project::record(releases, &rules)
                    .map_err(|e| IoError::Schema(e.to_string()))?],
            };
            for item in items {
                if !first {
                    out.write_all(b",").map_err(io)?;
                }
                first = false;
                serde_json::to_writer(&mut *out, &item)
                    .map_err(|e| IoError::Input(e.to_string()))?;
            }
        }
    }
    out.write_all(b"]}\n").map_err(io)?;
    out.flush().map_err(io)?;
    Ok(summary)
}
