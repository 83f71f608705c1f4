//! `yiwang` — the platform's server and command-line tool.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use server::config::Config;
use server::db::Db;
use server::store::Store;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "yiwang",
    version,
    about = "一网 · 常州市政府采购监管平台 (Yiwang procurement supervision platform)"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default): migrations at start; demo data only when asked for
    /// (`YIWANG_DEMO=full|small`, into an empty database).
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Load the deterministic demo data into an empty database.
    Demo,
    /// API keys of external systems for the ingest API (docs/ingest.md).
    Apikey {
        #[command(subcommand)]
        command: ApikeyCommand,
    },
    /// Import an OCDS file (release package, line-delimited releases or packages; docs/ocds.md)
    /// into the database in batches; running it again continues after the last committed batch.
    Import {
        /// The file, or "-" for standard input (read into memory first).
        file: std::path::PathBuf,
        /// The source the projects are stored under.
        #[arg(long, default_value = "import")]
        source: String,
        /// The purchaser (platform id or 统一社会信用代码) for releases whose buyer is not on the platform.
        #[arg(long)]
        purchaser: Option<String>,
        /// Releases per transaction.
        #[arg(long, default_value_t = 1000)]
        batch_size: usize,
        /// No progress on standard error.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Export every stored project as OCDS 1.1.5 (docs/ocds.md).
    Export {
        /// The folder to write `release-package.json` or `record-package.json` into, or "-" for
        /// standard output.
        #[arg(long, default_value = "-")]
        out: std::path::PathBuf,
        /// `releases` (a release package) or `record` (a record package).
        #[arg(long, default_value = "releases", value_parser = ["releases", "record"])]
        format: String,
        /// The ocid prefix (the one registered with the Open Contracting Partnership).
        #[arg(long, default_value = ocds::project::DEFAULT_OCID_PREFIX)]
        ocid_prefix: String,
    },
    /// Write a consistent copy of the SQLite database while the platform runs.
    Backup {
        /// The backup file to create (must not exist).
        file: std::path::PathBuf,
    },
    /// Restore a backup as the (absent) SQLite database of DATABASE_URL and verify its audit chain.
    Restore {
        /// The backup file.
        file: std::path::PathBuf,
    },
    /// The database itself.
    Db {
        #[command(subcommand)]
        command: DbCommand,
    },
    /// The tamper-evident audit trail (docs/audit.md).
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// The supervision checks.
    Checks {
        #[command(subcommand)]
        command: ChecksCommand,
    },
    /// Administrators' accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Accounts: create staff accounts (a temporary password, changed at the first sign-in),
    /// list, disable (sessions end at once), enable, reset a password.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Organisations: purchaser units (from the budget system), the procurement centre,
    /// agencies (from their 名录登记), regulators' bureaus.
    Org {
        #[command(subcommand)]
        command: OrgCommand,
    },
    /// The development entity verifier (binds supplier accounts to their legal entity).
    Verifier {
        #[command(subcommand)]
        command: VerifierCommand,
    },
    /// Threshold values kept in the database (the built-in table's values are listed on the
    /// page /regulator/thresholds).
    Thresholds {
        #[command(subcommand)]
        command: ThresholdsCommand,
    },
    /// The legal clock: working days on the holiday calendar in the database (the shipped years
    /// 2007–2026 and the years the bureau loaded), and loading a year.
    Calendar {
        #[command(subcommand)]
        command: CalendarCommand,
    },
    /// Run every applicable check over one project file (format: docs/project-json.md).
    Check {
        /// The project file (JSON).
        file: std::path::PathBuf,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
        /// The time the checks treat as "now" (RFC 3339, e.g. 2026-05-01T09:00:00+08:00); default: now.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Cardinal's red-flag indicators over OCDS compiled releases, one JSON text a line
    /// (docs/indicators.md); the same output as `ocdscardinal indicators`.
    Indicators {
        /// The settings file (INI, Cardinal's format).
        #[arg(long, short)]
        settings: std::path::PathBuf,
        /// Omit the "Meta" key (quartiles and fences).
        #[arg(long)]
        no_meta: bool,
        /// Add the "Maps" key (processes to organisations).
        #[arg(long)]
        map: bool,
        /// Print the number of results per group to standard error.
        #[arg(long, short)]
        count: bool,
        /// The input file, or "-" for standard input.
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain and name the first record that was changed, removed or
    /// inserted (exit code 1 when the chain is broken).
    Verify {
        /// Verify an exported file (`yiwang audit export`) instead of the database; needs no
        /// database.
        #[arg(long)]
        file: Option<std::path::PathBuf>,
        /// The head hash kept from an earlier export: the chain must end there.
        #[arg(long)]
        head: Option<String>,
    },
    /// Write the chain as JSON lines with its head hash last.
    Export {
        /// The file to write, or "-" for standard output.
        #[arg(long, default_value = "-")]
        out: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum DbCommand {
    /// Check the database without changing it: SQLite's integrity check over every page
    /// (PostgreSQL checks its own), then the audit chain; exit code 1 when something is wrong.
    Check,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an administrator's account (the first one on a new database). The password is
    /// typed twice on the terminal (not shown), or read from the first line of standard input
    /// with --password-stdin. At least 10 characters of three kinds, not the user name, not a
    /// common password.
    Create {
        #[arg(long)]
        username: String,
        /// The name shown on the pages (default: the user name).
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account with a temporary password (printed once).
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// purchaser, agency, supplier, expert, regulator or admin.
        #[arg(long)]
        role: String,
        /// The organisation's id (`yiwang org list`), for purchaser, agency and regulator accounts.
        #[arg(long)]
        organisation: Option<i64>,
        /// The supplier's credit code, for a supplier account.
        #[arg(long)]
        supplier: Option<String>,
        #[arg(long)]
        mobile: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// The account's duty beyond its role: for an administrator `system`, `security` or
        /// `audit` (三员); for a purchaser's or an agency's account `unit_admin`.
        #[arg(long)]
        duty: Option<String>,
    },
    /// List accounts (50 a page).
    List {
        #[arg(long, default_value = "")]
        search: String,
        #[arg(long)]
        role: Option<String>,
        #[arg(long, default_value_t = 1)]
        page: u32,
    },
    /// Disable an account: its sessions end at once.
    Disable { username: String },
    /// Enable a disabled account.
    Enable { username: String },
    /// Reset a password to a temporary one (printed once; changed at the next sign-in).
    ResetPassword { username: String },
}

#[derive(Subcommand)]
enum OrgCommand {
    /// Create an organisation.
    Create {
        /// purchaser, procurement_center, agency or regulator.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        name: String,
        /// The jurisdiction's GB/T 2260 code (e.g. 320402).
        #[arg(long)]
        jurisdiction: String,
        #[arg(long)]
        credit_code: Option<String>,
    },
    /// List organisations (50 a page).
    List {
        #[arg(long, default_value = "")]
        search: String,
        #[arg(long, default_value = "")]
        kind: String,
        #[arg(long, default_value_t = 1)]
        page: u32,
    },
}

#[derive(Subcommand)]
enum VerifierCommand {
    /// Print the development verifier's evidence for a credit code (YIWANG_DEV_VERIFIER_KEY).
    Token { credit_code: String },
}

#[derive(Subcommand)]
enum ThresholdsCommand {
    /// Load values set by another issuer (a province, the central government) from a file: a
    /// JSON list of {"source": "文号", "entry": {override}} (override: docs/thresholds, e.g.
    /// {"param": "procurement_limit", "level": "city_county", "province": 32,
    /// "object_type": "goods", "valid_from": "2027-01-01", "value": {"wan": 50},
    /// "confidence": "verified"}). Each is checked, stored with an audit record and in force at once.
    Import {
        file: std::path::PathBuf,
        /// The issuing jurisdiction (GB/T 2260, e.g. 320000 for Jiangsu).
        #[arg(long)]
        issuer: String,
    },
}

#[derive(Subcommand)]
enum ChecksCommand {
    /// The catalogue of checks, from the checks' own metadata.
    List {
        /// Print the full metadata as JSON.
        #[arg(long)]
        json: bool,
        /// Print the catalogue page (docs/checks.md).
        #[arg(long, conflicts_with = "json")]
        markdown: bool,
    },
    /// Write every platform project's record as the checks read it (one JSON text a line), for
    /// `cargo run -p shared --example tally -- FILE` (each check's answers over them).
    Dump { out: std::path::PathBuf },
}

#[derive(Subcommand)]
enum ApikeyCommand {
    /// Create a key; it is printed once and cannot be shown again.
    Create {
        /// The system's name (also the source of the projects it sends).
        #[arg(long)]
        name: String,
        /// The jurisdiction it writes for (GB/T 2260 code; 320400, the city, covers every district).
        #[arg(long)]
        jurisdiction: String,
        /// The kinds of data it may send, comma-separated: budget_line, plan, notice, bid,
        /// evaluation, award, contract, payment.
        #[arg(long)]
        kinds: String,
    },
    /// List the keys (never their secrets).
    List,
    /// Revoke a key: its requests are refused from now on.
    Revoke { id: i64 },
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// Whether DATE (YYYY-MM-DD) is a working day (exit code 0) or not (exit code 1).
    IsWorkday { date: String },
    /// The N-th working day after DATE (before it when N is negative).
    AddWorkdays {
        date: String,
        #[arg(allow_hyphen_values = true)]
        n: String,
    },
    /// The number of working days in (A, B].
    WorkdaysBetween { a: String, b: String },
    /// Load a year of the State Council's holiday notice (the shipped per-year format, e.g.
    /// shared/data/holidays-cn/2026.json): prints which days change, then loads it with an
    /// audit record and re-computes what depended on it.
    Import {
        file: std::path::PathBuf,
        /// Print what would change and load nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Reads a password from the terminal without showing it (`stty -echo` on /dev/tty).
fn read_hidden(prompt: &str) -> Result<String, String> {
    use std::io::BufRead;
    eprint!("{prompt}");
    let tty = std::fs::File::open("/dev/tty")
        .map_err(|e| format!("no terminal ({e}): use --password-stdin"))?;
    let stty = |arg: &str| {
        tty.try_clone().ok().and_then(|t| {
            std::process::Command::new("stty")
                .arg(arg)
                .stdin(t)
                .status()
                .ok()
        })
    };
    stty("-echo");
    let mut line = String::new();
    let read = tty.try_clone().map_err(|e| e.to_string()).and_then(|t| {
        std::io::BufReader::new(t)
            .read_line(&mut line)
            .map_err(|e| e.to_string())
    });
    stty("echo");
    eprintln!();
    read?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

/// `yiwang verifier token CODE`: the development verifier's evidence, with the database's key.
async fn verifier_token(config: Config, credit_code: &str) -> Result<(), String> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let store = Store::new(db);
    let key = server::accounts::verifier_key(&store, config.dev_verifier_key.as_deref())
        .await
        .map_err(|e| e.to_string())?;
    println!("{}", server::identity::dev_token(&key, credit_code));
    Ok(())
}

enum AccountsCommand {
    User(UserCommand),
    Org(OrgCommand),
}

/// `yiwang user …` and `yiwang org …`.
async fn accounts_command(config: Config, command: AccountsCommand) -> Result<(), String> {
    use server::accounts_cli as c;
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let store = Store::new(db);
    let out = match command {
        AccountsCommand::User(UserCommand::Create {
            username,
            display_name,
            role,
            organisation,
            supplier,
            mobile,
            email,
            duty,
        }) => {
            c::user_create(
                &store,
                &username,
                &display_name,
                &role,
                organisation,
                supplier.as_deref(),
                mobile.as_deref(),
                email.as_deref(),
                duty.as_deref(),
            )
            .await
        }
        AccountsCommand::User(UserCommand::List { search, role, page }) => {
            c::user_list(&store, &search, role.as_deref(), page).await
        }
        AccountsCommand::User(UserCommand::Disable { username }) => {
            c::user_enable(&store, &username, false).await
        }
        AccountsCommand::User(UserCommand::Enable { username }) => {
            c::user_enable(&store, &username, true).await
        }
        AccountsCommand::User(UserCommand::ResetPassword { username }) => {
            c::user_reset(&store, &username).await
        }
        AccountsCommand::Org(OrgCommand::Create {
            kind,
            name,
            jurisdiction,
            credit_code,
        }) => c::org_create(&store, &kind, &name, &jurisdiction, credit_code.as_deref()).await,
        AccountsCommand::Org(OrgCommand::List { search, kind, page }) => {
            c::org_list(&store, &search, &kind, page).await
        }
    }?;
    println!("{}", out.trim_end());
    Ok(())
}

/// `yiwang admin create --username NAME [--display-name N] [--password-stdin]`.
async fn create_admin(
    config: Config,
    username: &str,
    display_name: Option<&str>,
    password_stdin: bool,
) -> Result<(), String> {
    let password = if password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| format!("standard input: {e}"))?;
        line.trim_end_matches(['\n', '\r']).to_owned()
    } else {
        let first = read_hidden("password / 密码: ")?;
        let again = read_hidden("again / 再输一次: ")?;
        if first != again {
            return Err("the two passwords differ / 两次输入的密码不一致".into());
        }
        first
    };
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let store = Store::new(db);
    match store
        .create_admin(
            username,
            display_name.unwrap_or(username),
            &password,
            server::store::now_unix(),
        )
        .await
    {
        Ok(id) => {
            println!(
                "administrator {} created (account {id}); sign in at /login",
                username.trim()
            );
            Ok(())
        }
        Err(server::admin::CreateError::Invalid(problems)) => Err(problems.join("; ")),
        Err(server::admin::CreateError::Taken) => Err(format!(
            "the user name {} is taken / 用户名已被使用",
            username.trim()
        )),
        Err(server::admin::CreateError::Store(e)) => Err(format!("not created: {e}")),
    }
}

/// `yiwang thresholds import FILE --issuer CODE`.
async fn import_thresholds(
    config: Config,
    file: &std::path::Path,
    issuer: &str,
) -> Result<(), String> {
    if issuer.len() != 6 || !issuer.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("--issuer {issuer}: a GB/T 2260 code of six digits"));
    }
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let entries: Vec<server::thresholds::FileEntry> =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let store = Store::new(db);
    let ids = store
        .import_thresholds(issuer, entries, server::store::now_unix())
        .await
        .map_err(|e| format!("not loaded: {e:?}"))?;
    println!("{} values loaded (ids {:?}), in force now", ids.len(), ids);
    Ok(())
}

/// `yiwang checks dump FILE`: the records the checks read, one JSON text a line.
async fn dump_records(config: Config, out: &std::path::Path) -> Result<(), String> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let store = Store::new(db);
    let records = store
        .portfolio_records(
            &shared::access::JurisdictionFilter::All,
            &Default::default(),
            server::store::now_unix(),
        )
        .await
        .map_err(|e| e.to_string())?;
    let mut text = String::new();
    for r in &records {
        text.push_str(&serde_json::to_string(r).map_err(|e| e.to_string())?);
        text.push('\n');
    }
    std::fs::write(out, text).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("{} records written to {}", records.len(), out.display());
    Ok(())
}

/// `yiwang calendar …`: on the calendar stored in the database (opening it installs it).
async fn calendar(config: Config, command: CalendarCommand) -> ExitCode {
    use server::cli;
    let db = match Db::connect(&config.database_url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("yiwang: {e}");
            return ExitCode::FAILURE;
        }
    };
    match command {
        CalendarCommand::IsWorkday { date } => match cli::calendar_is_workday(&date) {
            Ok((yes, text)) => {
                println!("{text}");
                if yes {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                }
            }
            Err(e) => print_result(Err(e)),
        },
        CalendarCommand::AddWorkdays { date, n } => {
            print_result(cli::calendar_add_workdays(&date, &n))
        }
        CalendarCommand::WorkdaysBetween { a, b } => {
            print_result(cli::calendar_workdays_between(&a, &b))
        }
        CalendarCommand::Import { file, dry_run } => {
            let text = match std::fs::read_to_string(&file) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("yiwang: {}: {e}", file.display());
                    return ExitCode::from(2);
                }
            };
            let year = match shared::calendar::YearData::parse(&text) {
                Ok(y) => y,
                Err(e) => {
                    eprintln!(
                        "yiwang: {}: {}",
                        file.display(),
                        e.message(shared::i18n::Lang::Zh)
                    );
                    return ExitCode::from(2);
                }
            };
            match cli::calendar_preview(&year) {
                Ok(text) => println!("{}", text.trim_end()),
                Err(e) => return print_result(Err(e)),
            }
            if dry_run {
                println!("--dry-run: nothing loaded");
                return ExitCode::SUCCESS;
            }
            let store = Store::new(db);
            match store
                .import_calendar_year(None, year, server::store::now_unix())
                .await
            {
                Ok(r) => {
                    println!(
                        "loaded {}: {} days changed, {} challenge answer deadlines re-computed, {} findings raised",
                        r.year, r.changed_days, r.moved_dues, r.findings
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("yiwang: the year was not loaded: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn print_result(result: Result<String, server::cli::CliError>) -> ExitCode {
    match result {
        Ok(text) => {
            println!("{}", text.trim_end());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("yiwang: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}

/// The subcommands that need no configuration or database.
fn offline(command: &Command) -> Option<ExitCode> {
    use server::cli;
    Some(match command {
        Command::Checks {
            command: ChecksCommand::List { json, markdown },
        } => {
            let format = if *json {
                cli::ListFormat::Json
            } else if *markdown {
                cli::ListFormat::Markdown
            } else {
                cli::ListFormat::Text
            };
            print_result(Ok(cli::checks_list(format)))
        }
        Command::Check { file, json, as_of } => {
            let as_of = match as_of {
                Some(s) => match shared::time::Instant::parse(s) {
                    Ok(i) => i,
                    Err(e) => {
                        return Some(print_result(Err(cli::CliError {
                            message: format!("--as-of: {e}"),
                            code: 2,
                        })))
                    }
                },
                None => shared::time::Instant::from_unix_seconds(server::store::now_unix()),
            };
            match std::fs::read_to_string(file) {
                Ok(text) => print_result(cli::check_project(&text, as_of, *json)),
                Err(e) => print_result(Err(cli::CliError {
                    message: format!("{}: {e}", file.display()),
                    code: 2,
                })),
            }
        }
        Command::Indicators {
            settings,
            no_meta,
            map,
            count,
            file,
        } => match indicators(settings, file, *no_meta, *map, *count) {
            Ok(out) => {
                eprint!("{}", out.stderr);
                print!("{}", out.stdout);
                ExitCode::SUCCESS
            }
            Err(e) => print_result(Err(cli::CliError {
                message: e.to_string(),
                code: 2,
            })),
        },
        Command::Audit {
            command:
                AuditCommand::Verify {
                    file: Some(file),
                    head,
                },
        } => {
            let progress = server::progress::Progress::for_terminal(false);
            let answer = std::fs::File::open(file)
                .map_err(server::audit::anyhow_like::Error::from)
                .and_then(|f| {
                    let size = f.metadata().ok().map(|m| m.len());
                    progress.begin("verify", size, 0, server::progress::Unit::Bytes);
                    let mut reader = std::io::BufReader::new(progress.reading(f));
                    server::audit::verify_export(&mut reader, head.as_deref())
                });
            progress.finish();
            match answer {
                Ok(v) => report_verified(&v),
                Err(e) => print_result(Err(cli::CliError {
                    message: format!("{}: {e}", file.display()),
                    code: 2,
                })),
            }
        }
        _ => return None,
    })
}

/// `yiwang indicators`, with the file's reading on a progress bar (on a terminal).
fn indicators(
    settings: &std::path::Path,
    file: &std::path::Path,
    no_meta: bool,
    map: bool,
    count: bool,
) -> Result<ocds::CommandOutput, ocds::CommandError> {
    let progress = server::progress::Progress::for_terminal(false);
    let size = std::fs::metadata(file)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    progress.begin("indicators", size, 0, server::progress::Unit::Bytes);
    let answer = ocds::indicators_command_with(settings, file, no_meta, map, count, &|n| {
        progress.inc(n as u64)
    });
    progress.finish();
    answer
}

/// Prints a verification; exit code 0 when the chain holds, 1 when it is broken.
fn report_verified(v: &server::audit::Verified) -> ExitCode {
    match &v.problem {
        None => {
            println!(
                "audit chain intact: {} records, head {} at place {}{}",
                v.records,
                v.head.hash,
                v.head.seq,
                if v.before_chain > 0 {
                    format!(" ({} older records from before the chain)", v.before_chain)
                } else {
                    String::new()
                }
            );
            ExitCode::SUCCESS
        }
        Some(p) => {
            println!("audit chain BROKEN: {p}");
            ExitCode::from(1)
        }
    }
}

fn init_logging() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .init();
}

fn main() -> ExitCode {
    // Deep page views need more stack than the default in unoptimised builds.
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 * 1024 * 1024)
        .build()
    {
        Ok(rt) => rt.block_on(run()),
        Err(e) => {
            eprintln!("yiwang: cannot start the runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Some(code) = offline(&command) {
        return code;
    }
    init_logging();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("yiwang: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Db {
            command: DbCommand::Check,
        } => {
            let check = server::cli::db_check(&config.database_url).await;
            print!("{}", check.text);
            return if check.healthy {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            };
        }
        Command::Migrate => Db::connect(&config.database_url)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Command::Demo => demo(config).await,
        Command::Audit { command } => return audit(config, command).await,
        Command::Backup { file } => match Db::connect(&config.database_url).await {
            Ok(db) => server::backup::backup_with(
                &db,
                &file,
                &server::progress::Progress::for_terminal(false),
            )
            .await
            .map(|bytes| println!("backup written: {} ({bytes} bytes)", file.display()))
            .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        },
        Command::Restore { file } => server::backup::restore(&file, &config.database_url)
            .await
            .map(|v| {
                println!(
                    "restored {} into {}; audit chain intact: {} records, head {}",
                    file.display(),
                    config.database_url,
                    v.records,
                    v.head.hash
                )
            })
            .map_err(|e| e.to_string()),
        Command::Apikey { command } => apikey(config, command).await,
        Command::Calendar { command } => return calendar(config, command).await,
        Command::Admin {
            command:
                AdminCommand::Create {
                    username,
                    display_name,
                    password_stdin,
                },
        } => create_admin(config, &username, display_name.as_deref(), password_stdin).await,
        Command::User { command } => accounts_command(config, AccountsCommand::User(command)).await,
        Command::Org { command } => accounts_command(config, AccountsCommand::Org(command)).await,
        Command::Verifier {
            command: VerifierCommand::Token { credit_code },
        } => verifier_token(config, &credit_code).await,
        Command::Thresholds {
            command: ThresholdsCommand::Import { file, issuer },
        } => import_thresholds(config, &file, &issuer).await,
        Command::Checks {
            command: ChecksCommand::Dump { out },
        } => dump_records(config, &out).await,
        Command::Import {
            file,
            source,
            purchaser,
            batch_size,
            quiet,
        } => {
            import(
                config,
                &file,
                server::ocds_io::ImportOptions {
                    source,
                    purchaser,
                    batch_size,
                    stop_after_batches: None,
                },
                quiet,
            )
            .await
        }
        Command::Export {
            out,
            format,
            ocid_prefix,
        } => export(config, &out, &format, &ocid_prefix).await,
        _ => serve(config).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("yiwang: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn audit(config: Config, command: AuditCommand) -> ExitCode {
    let db = match Db::connect(&config.database_url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("yiwang: {e}");
            return ExitCode::from(2);
        }
    };
    match command {
        AuditCommand::Verify { head, .. } => match server::audit::verify_with(
            &db.pool,
            &server::progress::Progress::for_terminal(false),
        )
        .await
        {
            Ok(mut v) => {
                if let (Some(kept), None) = (head, &v.problem) {
                    if kept != v.head.hash {
                        println!("audit chain BROKEN: the head is {} but {kept} was kept: records were changed, removed or inserted since", v.head.hash);
                        return ExitCode::from(1);
                    }
                    v.head.hash = kept;
                }
                report_verified(&v)
            }
            Err(e) => {
                eprintln!("yiwang: {e}");
                ExitCode::from(2)
            }
        },
        AuditCommand::Export { out } => {
            let progress = server::progress::Progress::for_terminal(false);
            let result = if out.as_os_str() == "-" {
                let stdout = std::io::stdout();
                let mut lock = stdout.lock();
                server::audit::export_with(&db.pool, &mut lock, &progress).await
            } else {
                match std::fs::File::create(&out) {
                    Ok(f) => {
                        let mut w = std::io::BufWriter::new(f);
                        let r = server::audit::export_with(&db.pool, &mut w, &progress).await;
                        r.and_then(|h| {
                            use std::io::Write;
                            w.flush()?;
                            Ok(h)
                        })
                    }
                    Err(e) => Err(e.into()),
                }
            };
            match result {
                Ok(head) => {
                    eprintln!(
                        "audit chain exported: head {} at place {}",
                        head.hash, head.seq
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("yiwang: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// The scale `yiwang demo` loads: `YIWANG_DEMO` (`small`: organisations, suppliers, demo
/// accounts, expert library, 3 plans), the full demo when it names none.
fn demo_scale(config: &Config) -> server::demo::DemoScale {
    config.demo.unwrap_or(server::demo::DemoScale::Full)
}

async fn demo(config: Config) -> Result<(), String> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let store = Store::new(db);
    let progress = server::progress::Progress::for_terminal(false);
    match server::demo::load_if_empty_progress(&store, demo_scale(&config), &progress)
        .await
        .map_err(|e| e.to_string())?
    {
        Some(s) => println!(
            "demo data loaded: {} jurisdictions, {} organisations, {} suppliers, {} accounts (password: {})",
            s.jurisdictions, s.organisations, s.suppliers, s.users, server::demo::DEMO_PASSWORD
        ),
        None => println!("the database is not empty; demo data not loaded"),
    }
    Ok(())
}

async fn apikey(config: Config, command: ApikeyCommand) -> Result<(), String> {
    use server::ingest::keys;
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let now = server::store::now_unix();
    match command {
        ApikeyCommand::Create {
            name,
            jurisdiction,
            kinds,
        } => {
            let key = keys::create_key(&db, &name, &jurisdiction, &kinds, now)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "API key {} created. Store it now: it is not shown again.",
                key.id
            );
            println!("{}", key.key);
        }
        ApikeyCommand::List => {
            let list = keys::list_keys(&db).await.map_err(|e| e.to_string())?;
            println!("id\tprefix\tname\tjurisdiction\tkinds\tcreated (China time)\trevoked");
            for k in list {
                let at = |s: i64| shared::time::Instant::from_unix_seconds(s).china_display();
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    k.id,
                    k.prefix,
                    k.name,
                    k.jurisdiction_code,
                    k.kinds,
                    at(k.created_at),
                    k.revoked_at.map(at).unwrap_or_else(|| "-".to_owned())
                );
            }
        }
        ApikeyCommand::Revoke { id } => {
            if keys::revoke_key(&db, id, now)
                .await
                .map_err(|e| e.to_string())?
            {
                println!("API key {id} revoked.");
            } else {
                return Err(format!("no live API key with id {id}"));
            }
        }
    }
    Ok(())
}

async fn import(
    config: Config,
    file: &std::path::Path,
    opts: server::ocds_io::ImportOptions,
    quiet: bool,
) -> Result<(), String> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let progress = server::progress::Progress::for_terminal(quiet);
    let summary = server::ocds_io::import(&db, file, &opts, &progress, server::store::now_unix())
        .await
        .map_err(|e| e.to_string())?;
    print!("{}", summary.report());
    Ok(())
}

async fn export(
    config: Config,
    out: &std::path::Path,
    format: &str,
    prefix: &str,
) -> Result<(), String> {
    use server::ocds_io::ExportFormat;
    let format = if format == "record" {
        ExportFormat::Record
    } else {
        ExportFormat::Releases
    };
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let now = server::store::now_unix();
    let summary = if out == std::path::Path::new("-") {
        let mut w = std::io::BufWriter::new(std::io::stdout().lock());
        server::ocds_io::export(&db, &mut w, format, prefix, now).await
    } else {
        std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        let name = match format {
            ExportFormat::Releases => "release-package.json",
            ExportFormat::Record => "record-package.json",
        };
        let path = out.join(name);
        let f = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut w = std::io::BufWriter::new(f);
        let s = server::ocds_io::export(&db, &mut w, format, prefix, now).await;
        if s.is_ok() {
            eprintln!("written: {}", path.display());
        }
        s
    }
    .map_err(|e| e.to_string())?;
    eprintln!(
        "exported {} projects ({} releases){}",
        summary.projects,
        summary.releases,
        if summary.unreadable.is_empty() {
            String::new()
        } else {
            format!(
                "; unreadable stored projects (row ids): {:?}",
                summary.unreadable
            )
        }
    );
    Ok(())
}

async fn serve(config: Config) -> Result<(), String> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| format!("database: {e}"))?;
    tracing::info!(backend = ?db.backend, "database ready, migrations applied");
    let mut store = Store::new(db);
    store.secure_cookies = config.secure_cookies;
    store.risk_weights = config.risk_weights;
    store.trusted_proxies = config.trusted_proxies.clone();
    server::accounts::configure(&mut store, &config);
    server::accounts::install_verifier(&mut store, config.dev_verifier_key.as_deref())
        .await
        .map_err(|e| format!("database: {e}"))?;
    // Demo data only when asked for (`YIWANG_DEMO=full|small`), and only into an empty database.
    if let Some(scale) = config.demo {
        if let Some(s) = server::demo::load_if_empty_with(&store, scale)
            .await
            .map_err(|e| format!("demo data: {e}"))?
        {
            tracing::info!(
                suppliers = s.suppliers,
                organisations = s.organisations,
                "empty database: demo data loaded (YIWANG_DEMO)"
            );
        }
    }
    store.demo_data = server::demo::is_demo(&store)
        .await
        .map_err(|e| format!("database: {e}"))?;
    if store.demo_data {
        tracing::warn!(
            "this database holds DEMO DATA: the demo accounts share the published password; \
             never use it for real procurement (every page shows the banner \"演示数据 · Demo data\")"
        );
    }
    // Another server sharing the database may load a year of the holiday calendar or store a
    // threshold: read them again every minute (installing what is in force is a no-op).
    {
        let db = store.db.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            tick.tick().await;
            loop {
                tick.tick().await;
                if let Err(e) = db.load_calendar().await {
                    tracing::warn!(error = %e, "the holiday calendar could not be read again");
                }
                if let Err(e) = db.load_thresholds().await {
                    tracing::warn!(error = %e, "the threshold values could not be read again");
                }
            }
        });
    }
    if !config.site_root.join("pkg").join("yiwang.wasm").exists() {
        tracing::warn!(site = %config.site_root.display(), "no browser bundle found: pages render but do not hydrate (build it with `cargo xtask build`)");
    }
    let options = server::web::leptos_options(&config.site_root, config.addr);
    if config.test_clock {
        tracing::warn!(
            "YIWANG_TEST_CLOCK=1: the procurement clock can be moved over HTTP (tests only)"
        );
    }
    // A new database without demo data and without an administrator: only the sign-in page,
    // and how to create the first administrator (there is no default password).
    let has_admin = server::admin::has_admin(&store.db)
        .await
        .map_err(|e| format!("database: {e}"))?;
    if !has_admin && !store.demo_data {
        tracing::warn!("no administrator yet: create one with `yiwang admin create --username NAME`; until then only the sign-in page is served");
        eprintln!(
            "yiwang: no administrator yet. Create one with: yiwang admin create --username NAME"
        );
    }
    let gate_db = store.db.clone();
    let app = server::web::router_with(
        options,
        store,
        server::web::RouterOptions {
            test_clock: config.test_clock,
        },
    );
    let open = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(has_admin));
    let app = app.layer(axum::middleware::from_fn(move |request, next| {
        server::admin::gate(gate_db.clone(), open.clone(), request, next)
    }));
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!("listening on http://{local}");
    println!("Yiwang is running at http://{local}");
    server::serve::serve_listener(listener, app, config.limits, shutdown())
        .await
        .map_err(|e| e.to_string())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
