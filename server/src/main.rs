//! `yiwang` — the platform's server and command-line tool.

use std::process::ExitCode;
use std::sync::Arc;

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
    /// Run the web server (the default): migrations at start, demo data on an empty database.
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Load the deterministic demo data into an empty database.
    Demo,
}

fn init_logging() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .init();
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("yiwang: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Migrate => Db::connect(&config.database_url)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Command::Demo => demo(config).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("yiwang: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn demo(config: Config) -> Result<(), String> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    let store = Store::new(db);
    match server::demo::load_if_empty(&store)
        .await
        .map_err(|e| e.to_string())?
    {
        Some(s) => println!(
            "demo data loaded: {} jurisdictions, {} organisations, {} suppliers",
            s.jurisdictions, s.organisations, s.suppliers
        ),
        None => println!("the database is not empty; demo data not loaded"),
    }
    Ok(())
}

async fn serve(config: Config) -> Result<(), String> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| format!("database: {e}"))?;
    tracing::info!(backend = ?db.backend, "database ready, migrations applied");
    let store = Store::new(db);
    if config.demo_on_empty {
        if let Some(s) = server::demo::load_if_empty(&store)
            .await
            .map_err(|e| format!("demo data: {e}"))?
        {
            tracing::info!(
                suppliers = s.suppliers,
                organisations = s.organisations,
                "empty database: demo data loaded"
            );
        }
    }
    if !config.site_root.join("pkg").join("yiwang.wasm").exists() {
        tracing::warn!(site = %config.site_root.display(), "no browser bundle found: pages render but do not hydrate (build it with `cargo xtask build`)");
    }
    let options = server::web::leptos_options(&config.site_root, config.addr);
    let app = server::web::router(options, Arc::new(store));
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!("listening on http://{local}");
    println!("Yiwang is running at http://{local}");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
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
