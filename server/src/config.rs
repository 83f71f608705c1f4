//! Configuration from the environment, with defaults that run the platform on one machine.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `YIWANG_ADDR` | `127.0.0.1:3000` | listen address |
//! | `DATABASE_URL` | `sqlite://data/yiwang.db` | `sqlite://FILE` (embedded) or `postgres://…` |
//! | `YIWANG_SITE` | `target/site` | folder with `pkg/` (the browser bundle and the CSS) |
//! | `RUST_LOG` | `info` | log filter (`tracing_subscriber` syntax, e.g. `yiwang=debug,info`) |
//! | `YIWANG_DEMO` | `1` | load demo data on the first start of an empty database (`0` to skip) |
//! | `YIWANG_SECURE_COOKIES` | `0` | `1`: the session cookie is marked `Secure` (set it when served over TLS) |
//! | `YIWANG_RISK_WEIGHTS` | `critical=40,high=20,medium=8,low=3` | the risk queue's weights by severity (`shared::risk`); a severity not named keeps its default, e.g. `high=10,medium=3,low=1` |
//! | `YIWANG_TEST_CLOCK` | `0` | `1`: browser tests may move the procurement clock forward (`POST /__test/clock?advance=SECONDS`); never in production |

use std::net::SocketAddr;
use std::path::PathBuf;

/// The server's settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub site_root: PathBuf,
    pub demo_on_empty: bool,
    pub secure_cookies: bool,
    /// The risk queue's weights by severity.
    pub risk_weights: shared::risk::RiskWeights,
    /// Browser tests only: the procurement clock may be moved forward over HTTP.
    pub test_clock: bool,
}

/// A setting that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("YIWANG_ADDR={0:?} is not an address like 127.0.0.1:3000")]
    Addr(String),
    #[error("DATABASE_URL must start with sqlite:// or postgres:// (got {0:?})")]
    DatabaseUrl(String),
    #[error("YIWANG_RISK_WEIGHTS: {0}")]
    RiskWeights(#[from] shared::risk::RiskWeightsError),
}

pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/yiwang.db";

impl Config {
    /// Reads the settings from environment variables.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads the settings through `lookup` (tests pass their own).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let addr_text = lookup("YIWANG_ADDR").unwrap_or_else(|| DEFAULT_ADDR.to_owned());
        let addr = addr_text
            .parse()
            .map_err(|_| ConfigError::Addr(addr_text.clone()))?;
        let database_url =
            lookup("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if crate::db::Backend::from_url(&database_url).is_none() {
            return Err(ConfigError::DatabaseUrl(database_url));
        }
        let site_root =
            PathBuf::from(lookup("YIWANG_SITE").unwrap_or_else(|| "target/site".to_owned()));
        let demo_on_empty = lookup("YIWANG_DEMO").map(|v| v != "0").unwrap_or(true);
        let test_clock = lookup("YIWANG_TEST_CLOCK").is_some_and(|v| v == "1");
        let secure_cookies = lookup("YIWANG_SECURE_COOKIES")
            .map(|v| matches!(v.trim(), "1" | "true" | "yes"))
            .unwrap_or(false);
        let risk_weights = match lookup("YIWANG_RISK_WEIGHTS") {
            Some(text) => shared::risk::RiskWeights::parse(&text)?,
            None => shared::risk::RiskWeights::default(),
        };
        Ok(Config {
            addr,
            risk_weights,
            database_url,
            site_root,
            demo_on_empty,
            secure_cookies,
            test_clock,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_errors() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.addr.to_string(), DEFAULT_ADDR);
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert!(Config::from_lookup(|k| (k == "YIWANG_ADDR").then(|| "nope".into())).is_err());
        assert!(
            Config::from_lookup(|k| (k == "DATABASE_URL").then(|| "mysql://x".into())).is_err()
        );
        assert_eq!(c.risk_weights, shared::risk::RiskWeights::default());
        let w = |v: &str| {
            Config::from_lookup(|k| (k == "YIWANG_RISK_WEIGHTS").then(|| v.to_owned()))
                .map(|c| c.risk_weights)
        };
        assert_eq!(w("high=10,medium=3,low=1").unwrap().high, 10);
        assert!(w("high=lots").is_err());
    }
}
