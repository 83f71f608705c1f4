//! The engine on the command line, without the web app: the check catalogue, the legal clock,
//! and checking one project file. Every function here returns the text to print, so tests call
//! them directly; `main.rs` only prints and sets the exit code.

use shared::calendar::china;
use shared::checks::{all_metas, run_all, CheckContext, CheckMeta, Outcome};
use shared::i18n::Lang;
use shared::model::ProjectRecord;
use shared::time::{Date, Instant};

/// A command-line error: what to print, and the exit code (2 = bad input).
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub code: u8,
}

impl CliError {
    fn input(message: impl Into<String>) -> CliError {
        CliError {
            message: message.into(),
            code: 2,
        }
    }
}

fn confidence_tag(c: &shared::checks::Confidence) -> &'static str {
    use shared::checks::Confidence::*;
    match c {
        Verified => "[V]",
        Known => "[K]",
        Literature => "[L]",
    }
}

fn legal_basis(m: &CheckMeta) -> String {
    m.legal_basis
        .iter()
        .map(|b| {
            // 《政府采购法》第27条, but "OCP Red Flags (2024) R011".
            let sep = if b.instrument.ends_with(|c: char| c.is_ascii()) {
                " "
            } else {
                ""
            };
            format!(
                "{}{sep}{} {}",
                b.instrument,
                b.article,
                confidence_tag(&b.confidence)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn methods(m: &CheckMeta, lang: Lang) -> String {
    if m.methods.len() >= 6
        && shared::model::Method::SIX
            .iter()
            .all(|x| m.methods.contains(x))
    {
        return match lang {
            Lang::Zh => "全部".into(),
            Lang::En => "all".into(),
        };
    }
    m.methods
        .iter()
        .map(|x| x.name().get(lang))
        .collect::<Vec<_>>()
        .join("、")
}

/// `yiwang checks list`: one line per check; `--json`: the full metadata; `--markdown`: the
/// catalogue page (docs/checks.md is this output).
pub fn checks_list(format: ListFormat) -> String {
    let metas = all_metas();
    match format {
        ListFormat::Json => serde_json::to_string_pretty(&metas)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")),
        ListFormat::Text => {
            let mut out = String::new();
            for m in &metas {
                out.push_str(&format!(
                    "{}  {}  {:<8}  {}  {}\n      {}\n      {}\n",
                    m.id,
                    m.stage.name().zh,
                    format!("{:?}", m.severity),
                    m.title.zh,
                    m.title.en,
                    legal_basis(m),
                    match m.nature {
                        shared::checks::Nature::Violation => "违法违规 / legal violation",
                        shared::checks::Nature::RiskIndicator => "风险指标 / risk indicator",
                    }
                ));
            }
            out.push_str(&format!("{} checks\n", metas.len()));
            out
        }
        ListFormat::Markdown => checks_markdown(&metas),
    }
}

/// How `checks list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    Text,
    Json,
    Markdown,
}

fn checks_markdown(metas: &[&'static CheckMeta]) -> String {
    let mut out = String::from(
        "# 监管检查目录 · Check catalogue\n\n\
         Generated from the checks' own metadata by `yiwang checks list --markdown`; do not edit by hand \
         (a test fails when this file and the code differ). Specification: `../shared/reference/checks-catalogue.md`.\n\n\
         Confidence of a citation: [V] verified against the official text, [K] from knowledge of the official text, \
         [L] literature or international practice (a risk indicator, not a legal rule).\n",
    );
    for stage in [
        shared::checks::Stage::Pre,
        shared::checks::Stage::During,
        shared::checks::Stage::Post,
    ] {
        out.push_str(&format!(
            "\n## {} · {}\n\n",
            stage.name().zh,
            stage.name().en
        ));
        out.push_str("| ID | 检查 · Check | 严重程度 · Severity | 性质 · Nature | 方式 · Methods | 节点 · Nodes | 依据 · Legal basis |\n|---|---|---|---|---|---|---|\n");
        for m in metas.iter().filter(|m| m.stage == stage) {
            out.push_str(&format!(
                "| {} | {}<br>{} | {} · {} | {} | {} | {} | {} |\n",
                m.id,
                m.title.zh,
                m.title.en,
                m.severity.name().zh,
                m.severity.name().en,
                match m.nature {
                    shared::checks::Nature::Violation => "违法违规 · violation",
                    shared::checks::Nature::RiskIndicator => "风险指标 · risk indicator",
                },
                methods(m, Lang::Zh),
                m.nodes
                    .iter()
                    .map(|n| n.name().zh)
                    .collect::<Vec<_>>()
                    .join("、"),
                legal_basis(m),
            ));
        }
        for m in metas.iter().filter(|m| m.stage == stage) {
            out.push_str(&format!(
                "\n### {} {} · {}\n\n",
                m.id, m.title.zh, m.title.en
            ));
            out.push_str(&format!(
                "- 提示 · Message: {} · {}\n",
                m.message.zh, m.message.en
            ));
            out.push_str(&format!(
                "- 为何重要 · Why it matters: {} {}\n",
                m.why.zh, m.why.en
            ));
            if m.valid_from.is_some() || m.valid_to.is_some() {
                let d = |x: Option<shared::checks::LawDate>| {
                    x.and_then(|d| d.date())
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "—".into())
                };
                out.push_str(&format!(
                    "- 适用期间 · Valid: {} – {}\n",
                    d(m.valid_from),
                    d(m.valid_to)
                ));
            }
        }
    }
    out.push_str(
        "\n## 数据不足 · When a check answers \"insufficient data\"\n\n\
         A check never guesses a missing fact: it answers 「数据不足」 and names what is missing \
         (the analytics page counts them per check). Below, for each check, the inputs it reads and \
         when it answers so — from the check's own doc — and, where the law itself supplies the \
         missing value, the default it uses instead (its evidence says so).\n\n\
         | ID | 输入与数据不足的情形 · Inputs, and when data is insufficient | 法定默认 · Statutory default |\n|---|---|---|\n",
    );
    for m in metas {
        let data = shared::checks::data_paragraph(m.id)
            .unwrap_or("—")
            .replace('|', "\\|");
        let default = shared::checks::STATUTORY_DEFAULTS
            .iter()
            .find(|(id, _)| *id == m.id)
            .map(|(_, t)| format!("{}<br>{}", t.zh, t.en))
            .unwrap_or_else(|| "—".to_owned());
        out.push_str(&format!("| {} | {data} | {default} |\n", m.id));
    }
    out
}

fn parse_date(s: &str) -> Result<Date, CliError> {
    Date::parse(s).map_err(|e| CliError::input(format!("{e} (日期格式 YYYY-MM-DD)")))
}

fn calendar_error(e: shared::calendar::CalendarError) -> CliError {
    CliError::input(format!("{} / {}", e.message(Lang::Zh), e.message(Lang::En)))
}

/// `yiwang calendar is-workday DATE`: whether DATE is a working day, and why — in a year whose
/// holiday notice is not loaded, on the provisional calendar, marked so.
pub fn calendar_is_workday(date: &str) -> Result<(bool, String), CliError> {
    let d = parse_date(date)?;
    let cal = shared::calendar::provisional();
    let kind = cal.day_kind(d).map_err(calendar_error)?;
    let yes = kind.is_workday();
    let why = format!(
        "{} / {}",
        shared::calendar::provisional_label(cal, d, kind, Lang::Zh),
        shared::calendar::provisional_label(cal, d, kind, Lang::En)
    );
    Ok((
        yes,
        format!(
            "{d} {} ({why})",
            if yes {
                "是工作日 / is a working day"
            } else {
                "不是工作日 / is not a working day"
            }
        ),
    ))
}

/// `yiwang calendar add-workdays DATE N`: the N-th working day after DATE (before, if N < 0).
pub fn calendar_add_workdays(date: &str, n: &str) -> Result<String, CliError> {
    let d = parse_date(date)?;
    let n: i64 = n
        .trim()
        .parse()
        .map_err(|_| CliError::input(format!("N 须为整数 / N must be a whole number: {n:?}")))?;
    let cal = shared::calendar::provisional();
    cal.add_workdays(d, n)
        .map(|r| {
            if cal.is_provisional(r) {
                format!("{r} （暂定 / provisional）")
            } else {
                r.to_string()
            }
        })
        .map_err(calendar_error)
}

/// What loading a year would change (`yiwang calendar import`): one line a changed day.
pub fn calendar_preview(year: &shared::calendar::YearData) -> Result<String, CliError> {
    use shared::i18n::Lang;
    let changes = shared::calendar::preview(year).map_err(|e| CliError {
        message: e.message(Lang::Zh),
        code: 2,
    })?;
    let (off, work) = year.counts();
    let mut out = format!(
        "{}: {off} days off, {work} make-up working days; {} days change:\n",
        year.year(),
        changes.len()
    );
    for c in &changes {
        let before = match c.before {
            Some(k) => shared::calendar::provisional_label(
                shared::calendar::provisional(),
                c.date,
                k,
                Lang::Zh,
            ),
            None => "未覆盖".to_owned(),
        };
        out.push_str(&format!(
            "  {}  {before} → {}\n",
            c.date,
            c.after.label(Lang::Zh)
        ));
    }
    Ok(out)
}

/// `yiwang calendar workdays-between A B`: working days in (A, B] (negative when B < A).
pub fn calendar_workdays_between(a: &str, b: &str) -> Result<String, CliError> {
    let (a, b) = (parse_date(a)?, parse_date(b)?);
    china()
        .workdays_between(a, b)
        .map(|n| n.to_string())
        .map_err(calendar_error)
}

/// `yiwang check FILE.json`: runs every applicable per-project check over one project file.
/// `as_of` is "now" for checks such as "no contract after 30 days" (default: the current time).
pub fn check_project(json: &str, as_of: Instant, as_json: bool) -> Result<String, CliError> {
    let project = ProjectRecord::from_json(json)
        .map_err(|e| CliError::input(format!("项目文件有误 / invalid project file: {e}")))?;
    let ctx = CheckContext::builtin(as_of);
    let results = run_all(&project, &ctx);
    if as_json {
        let items: Vec<serde_json::Value> = results
            .iter()
            .map(|(m, o)| {
                serde_json::json!({
                    "id": m.id,
                    "title": m.title,
                    "stage": m.stage,
                    "severity": m.severity,
                    "nature": m.nature,
                    "legal_basis": m.legal_basis,
                    "outcome": o,
                })
            })
            .collect();
        let doc = serde_json::json!({ "project": project.project.id, "as_of": as_of.to_string(), "results": items });
        return serde_json::to_string_pretty(&doc).map_err(|e| CliError {
            message: e.to_string(),
            code: 1,
        });
    }
    let mut out = format!(
        "项目 / project {} {}  ({})\n",
        project.project.id,
        project.project.name,
        project.project.method.name().zh
    );
    let (mut flagged, mut clear, mut missing) = (0, 0, 0);
    for (m, o) in &results {
        match o {
            Outcome::Flagged(f) => {
                flagged += 1;
                out.push_str(&format!(
                    "\n⚑ {} [{}] {} / {}\n",
                    m.id,
                    m.severity.name().zh,
                    m.title.zh,
                    m.title.en
                ));
                out.push_str(&format!(
                    "  {}\n  {}\n",
                    f.message(Lang::Zh),
                    f.message(Lang::En)
                ));
                for item in &f.evidence.0 {
                    out.push_str(&format!(
                        "  · {} = {}\n",
                        item.name,
                        item.value.display(Lang::Zh)
                    ));
                }
                out.push_str(&format!("  依据 / legal basis: {}\n", legal_basis(m)));
            }
            Outcome::Clear(_) => clear += 1,
            Outcome::InsufficientData { .. } => missing += 1,
        }
    }
    if missing > 0 {
        out.push_str("\n数据不足 / insufficient data:\n");
        for (m, o) in &results {
            if let Outcome::InsufficientData { missing } = o {
                out.push_str(&format!(
                    "  {} {}: {}\n",
                    m.id,
                    m.title.zh,
                    missing.join(", ")
                ));
            }
        }
    }
    out.push_str(&format!(
        "\n{} checks applied: {flagged} flagged, {clear} clear, {missing} insufficient data\n",
        results.len()
    ));
    Ok(out)
}

/// What `yiwang db check` found: the text to print, and whether everything held (exit code 0;
/// 1 otherwise).
#[derive(Debug, Clone)]
pub struct DbCheck {
    pub text: String,
    pub healthy: bool,
}

impl DbCheck {
    fn note(&mut self, line: String) {
        self.text.push_str(&line);
        self.text.push('\n');
    }

    fn problem(&mut self, line: String) {
        self.healthy = false;
        self.note(line);
    }
}

/// `yiwang db check`: SQLite's `PRAGMA integrity_check` over every page of the file (PostgreSQL
/// checks its own pages), then the audit chain (`audit::verify`). Opens the database without
/// migrating it and changes nothing, so it also runs on a damaged file and while the server runs.
pub async fn db_check(database_url: &str) -> DbCheck {
    use crate::db::{sqlite_file, Backend};
    let mut out = DbCheck {
        text: String::new(),
        healthy: true,
    };
    sqlx::any::install_default_drivers();
    let backend = match Backend::from_url(database_url) {
        Some(b) => b,
        None => {
            out.problem(format!(
                "DATABASE_URL {database_url:?} is not sqlite://FILE or postgres://…"
            ));
            return out;
        }
    };
    let url = match backend {
        Backend::Sqlite => {
            let Some(path) = sqlite_file(database_url) else {
                out.problem("an in-memory database: nothing to check".to_owned());
                return out;
            };
            if !path.is_file() {
                out.problem(format!("{}: no database file there", path.display()));
                return out;
            }
            out.note(format!("database file: {}", path.display()));
            // Open the existing file as it is: never create, never migrate.
            let base = database_url.split('?').next().unwrap_or(database_url);
            format!("{base}?mode=rw")
        }
        Backend::Postgres => database_url.to_owned(),
    };
    let pool = match sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(std::time::Duration::from_secs(10))
        .connect(&url)
        .await
    {
        Ok(pool) => pool,
        Err(e) => {
            out.problem(open_failure(backend, &e));
            if crate::db::is_damaged_sqlite(&e) {
                out.note(RECOVER.to_owned());
            }
            return out;
        }
    };
    match backend {
        Backend::Sqlite => match crate::db::maintenance::sqlite_integrity_check(&pool).await {
            Ok(lines) => {
                if lines.len() == 1 && lines[0] == "ok" {
                    out.note("SQLite integrity check: ok".to_owned());
                } else {
                    out.problem(format!(
                        "SQLite integrity check: DAMAGED ({} problems{})",
                        lines.len(),
                        if lines.len() > 20 {
                            ", the first 20"
                        } else {
                            ""
                        }
                    ));
                    for line in lines.iter().take(20) {
                        out.note(format!("  {line}"));
                    }
                }
            }
            Err(e) if crate::db::is_not_a_database(&e) => {
                out.problem(open_failure(backend, &e));
                pool.close().await;
                out.note(RECOVER.to_owned());
                return out;
            }
            Err(e) if crate::db::is_damaged_sqlite(&e) => out.problem(format!(
                "SQLite integrity check: DAMAGED (it stopped at: {})",
                short_cause(&e)
            )),
            Err(e) => out.problem(format!(
                "SQLite integrity check could not run: {}",
                short_cause(&e)
            )),
        },
        Backend::Postgres => {
            out.note(
                "PostgreSQL checks its own pages (data checksums, `amcheck`); not checked here"
                    .to_owned(),
            );
        }
    }
    match crate::audit::verify(&pool).await {
        Ok(v) => match &v.problem {
            None => {
                out.note(format!(
                    "audit chain intact: {} records, head {} at place {}",
                    v.records, v.head.hash, v.head.seq
                ));
            }
            Some(p) => out.problem(format!("audit chain BROKEN: {p}")),
        },
        Err(e) => out.problem(format!("audit chain: cannot be read ({})", short_cause(&e))),
    }
    pool.close().await;
    if out.healthy {
        out.note("no problem found".to_owned());
    } else if backend == Backend::Sqlite {
        out.note(RECOVER.to_owned());
    }
    out
}

/// What `yiwang db check` advises for a damaged SQLite file.
const RECOVER: &str = "to recover: stop the server, move the file away and restore the latest \
                       backup with `yiwang restore BACKUP-FILE` (README, Backups)";

/// The database's own message of an error (without sqlx's wrapping).
fn short_cause(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    }
}

fn open_failure(backend: crate::db::Backend, e: &sqlx::Error) -> String {
    if crate::db::is_damaged_sqlite(e) {
        format!("not a usable SQLite database: {}", short_cause(e))
    } else {
        match backend {
            crate::db::Backend::Sqlite => format!("cannot open the database: {}", short_cause(e)),
            crate::db::Backend::Postgres => format!("cannot reach PostgreSQL: {}", short_cause(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_commands() {
        assert!(
            calendar_is_workday("2019-10-12").unwrap().0,
            "a make-up working Saturday"
        );
        assert!(!calendar_is_workday("2019-10-01").unwrap().0);
        assert_eq!(
            calendar_add_workdays("2019-09-30", "1").unwrap(),
            "2019-10-08"
        );
        assert_eq!(
            calendar_workdays_between("2019-09-30", "2019-10-08").unwrap(),
            "1"
        );
        assert_eq!(calendar_is_workday("2036-01-01").unwrap_err().code, 2);
        // A year whose notice is not loaded: answered on the provisional calendar, marked.
        assert!(calendar_is_workday("2031-01-01")
            .unwrap()
            .1
            .contains("暂定"));
        assert_eq!(
            calendar_add_workdays("2019-13-01", "1").unwrap_err().code,
            2
        );
        assert_eq!(
            calendar_add_workdays("2019-10-01", "x").unwrap_err().code,
            2
        );
    }

    #[test]
    fn catalogue_lists_79_checks() {
        let text = checks_list(ListFormat::Text);
        assert!(text.ends_with("79 checks\n"));
        let json: serde_json::Value = serde_json::from_str(&checks_list(ListFormat::Json)).unwrap();
        assert_eq!(json.as_array().unwrap().len(), 79);
        assert_eq!(json[0]["id"], "P01");
    }

    #[test]
    fn docs_checks_md_is_generated_from_the_metadata() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/checks.md");
        let generated = checks_list(ListFormat::Markdown);
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "docs/checks.md is out of date: run `cargo run -p server --bin yiwang -- checks list --markdown > docs/checks.md`"
        );
    }

    #[test]
    fn check_reports_bad_input_by_field() {
        let e = check_project(
            "{\"project\": {\"id\": 5}}",
            Instant::from_unix_seconds(0),
            false,
        )
        .unwrap_err();
        assert_eq!(e.code, 2);
        assert!(e.message.contains("project"), "{}", e.message);
        let e = check_project("not json", Instant::from_unix_seconds(0), false).unwrap_err();
        assert_eq!(e.code, 2);
    }

    #[test]
    fn check_runs_every_example() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples");
        let mut n = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let json = std::fs::read_to_string(&path).unwrap();
                let as_of = Instant::parse("2026-11-26T12:00:00+08:00").unwrap();
                let text = check_project(&json, as_of, false)
                    .unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message));
                assert!(text.contains("checks applied"), "{text}");
                let out: serde_json::Value =
                    serde_json::from_str(&check_project(&json, as_of, true).unwrap()).unwrap();
                assert!(!out["results"].as_array().unwrap().is_empty());
                n += 1;
            }
        }
        assert!(n >= 6, "one example per method");
    }
}
