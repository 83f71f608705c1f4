//! Configuration from the environment, with defaults that run the platform on one machine.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `YIWANG_ADDR` | `127.0.0.1:3000` | listen address |
//! | `DATABASE_URL` | `sqlite://data/yiwang.db` | `sqlite://FILE` (embedded) or `postgres://…` |
//! | `YIWANG_SITE` | `target/site` | folder with `pkg/` (the browser bundle and the CSS) |
//! | `RUST_LOG` | `info` | log filter (`tracing_subscriber` syntax, e.g. `yiwang=debug,info`) |
//! | `YIWANG_DEMO` | (none) | demo data, only when asked for: `full` (the seed platform's scale) or `small` (organisations, suppliers, the demo accounts, experts, 3 plans) is loaded on the first start of an empty database; unset, empty, `0` or `off`: none. Any other value stops the start with an error. The demo accounts share one published password: never on a real installation. A database holding demo data shows the banner "演示数据 · Demo data" on every page |
//! | `YIWANG_SECURE_COOKIES` | `0` | `1`: the site is served over TLS: the session cookie is marked `Secure`, responses carry `Strict-Transport-Security`, and posts must come from `https://` pages of the site (the origin check compares the scheme) |
//! | `YIWANG_TRUSTED_PROXIES` | (none) | the reverse proxies (addresses or CIDR blocks, comma-separated, e.g. `127.0.0.1,10.0.0.0/8`) whose `Forwarded` / `X-Forwarded-For` headers name the client for the login throttle (`crate::client_addr`); without it the TCP peer is the client and those headers are ignored. A bad entry stops the start |
//! | `YIWANG_FORWARDED_HEADER` | `x-forwarded-for` | the one header the trusted proxies set: `x-forwarded-for` or `forwarded` (RFC 7239); the other is ignored. The proxy must append to (or overwrite) it |
//! | `YIWANG_RISK_WEIGHTS` | `critical=40,high=20,medium=8,low=3` | the risk queue's weights by severity (`shared::risk`); a severity not named keeps its default, e.g. `high=10,medium=3,low=1` |
//! | `YIWANG_HEADER_TIMEOUT_SECS` | `10` | a connection whose request line and headers have not all arrived within this time is closed (slow clients, idle keep-alive connections) |
//! | `YIWANG_SEND_TIMEOUT_SECS` | `60` | a client that takes nothing of a response for this long is cut; streams (the live monitor) and exports that flow are never cut |
//! | `YIWANG_MAX_CONNECTIONS` | `1024` | connections served at once; beyond it new ones wait until one closes |
//! | `YIWANG_TEST_CLOCK` | `0` | `1`: browser tests may move the procurement clock forward (`POST /__test/clock?advance=SECONDS`, inside the router's layers: a same-origin POST only); never in production |

use std::net::SocketAddr;
use std::path::PathBuf;

/// The server's settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub database_url: String,
    pub site_root: PathBuf,
    /// The demo data to load into an empty database at start (`YIWANG_DEMO`); `None`: none.
    pub demo: Option<crate::demo::DemoScale>,
    pub secure_cookies: bool,
    /// The risk queue's weights by severity.
    pub risk_weights: shared::risk::RiskWeights,
    /// Browser tests only: the procurement clock may be moved forward over HTTP.
    pub test_clock: bool,
    /// Header read timeout, send timeout and connection cap of the HTTP server.
    pub limits: crate::serve::Limits,
    /// The reverse proxies whose `Forwarded` / `X-Forwarded-For` name the client
    /// (`YIWANG_TRUSTED_PROXIES`; none by default: the TCP peer is the client).
    pub trusted_proxies: crate::client_addr::TrustedProxies,
    /// The development outbox file for one-time codes (`YIWANG_OUTBOX`, `data/outbox.jsonl` by
    /// default; `off`: kept in memory only).
    pub outbox: Option<PathBuf>,
    /// E-mail through SMTP: `YIWANG_SMTP=host:port` and `YIWANG_SMTP_FROM` (both, or neither).
    pub smtp: Option<(String, String)>,
    /// The development entity verifier's key (`YIWANG_DEV_VERIFIER_KEY`); unset: a random key
    /// the database keeps for itself (`crate::accounts::verifier_key`).
    pub dev_verifier_key: Option<String>,
    /// Staff passwords expire after this many days (`YIWANG_PASSWORD_MAX_AGE_DAYS`, 90; 0: never).
    pub password_max_age_days: u64,
    /// Administrators, regulators and agency staff sign in with a second factor
    /// (`YIWANG_REQUIRE_2FA`, on unless `0`/`off`).
    pub require_second_factor: bool,
    /// Anonymous sign-ups per client address and hour (`YIWANG_SIGNUPS_PER_HOUR`, 10; 0: none).
    pub signups_per_hour: u64,
    /// The key that seals personal data (`YIWANG_DATA_KEY`, 64 hex digits; the development key
    /// when unset, with a warning).
    pub data_key: Option<String>,
    /// The jurisdiction whose regulators keep the expert library (`YIWANG_EXPERT_KEEPER`,
    /// `320400` by default: the demo city; the province's code, e.g. `320000`, in production).
    pub expert_keeper: String,
}

/// A setting that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("YIWANG_ADDR={0:?} is not an address like 127.0.0.1:3000")]
    Addr(String),
    #[error("YIWANG_TRUSTED_PROXIES: {0}")]
    TrustedProxies(#[from] crate::client_addr::ProxyListError),
    #[error("DATABASE_URL must start with sqlite:// or postgres:// (got {0:?})")]
    DatabaseUrl(String),
    #[error("YIWANG_DEMO={0:?} is not allowed: use full, small or sample to load demo data into an empty database, or leave it unset (or empty, 0, off) for none")]
    Demo(String),
    #[error("{name}={value:?} must be a whole number from {min} to {max}")]
    Number {
        name: &'static str,
        value: String,
        min: u64,
        max: u64,
    },
    #[error("YIWANG_SMTP and YIWANG_SMTP_FROM go together (host:port and the sender's address)")]
    Smtp,
    #[error("YIWANG_DATA_KEY must be 64 hex digits (a 256-bit key)")]
    DataKey,
    #[error(
        "YIWANG_EXPERT_KEEPER={0:?} is not a jurisdiction of this platform nor a province (NN0000)"
    )]
    ExpertKeeper(String),
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
        let demo = parse_demo(lookup("YIWANG_DEMO").as_deref())?;
        let test_clock = lookup("YIWANG_TEST_CLOCK").is_some_and(|v| v == "1");
        let secure_cookies = lookup("YIWANG_SECURE_COOKIES")
            .map(|v| matches!(v.trim(), "1" | "true" | "yes"))
            .unwrap_or(false);
        let risk_weights = match lookup("YIWANG_RISK_WEIGHTS") {
            Some(text) => shared::risk::RiskWeights::parse(&text)?,
            None => shared::risk::RiskWeights::default(),
        };
        let number = |name: &'static str, default: u64, min: u64, max: u64| match lookup(name) {
            None => Ok(default),
            Some(value) => match value.trim().parse::<u64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(ConfigError::Number {
                    name,
                    value,
                    min,
                    max,
                }),
            },
        };
        use crate::serve;
        let limits = serve::Limits {
            header_read_timeout: std::time::Duration::from_secs(number(
                "YIWANG_HEADER_TIMEOUT_SECS",
                serve::DEFAULT_HEADER_READ_TIMEOUT.as_secs(),
                1,
                3600,
            )?),
            send_timeout: std::time::Duration::from_secs(number(
                "YIWANG_SEND_TIMEOUT_SECS",
                serve::DEFAULT_SEND_TIMEOUT.as_secs(),
                1,
                86_400,
            )?),
            max_connections: number(
                "YIWANG_MAX_CONNECTIONS",
                serve::DEFAULT_MAX_CONNECTIONS as u64,
                1,
                1_000_000,
            )? as usize,
        };
        let trusted_proxies = match lookup("YIWANG_TRUSTED_PROXIES") {
            Some(text) => crate::client_addr::TrustedProxies::parse(&text)?,
            None => crate::client_addr::TrustedProxies::none(),
        }
        .with_header(crate::client_addr::ForwardedHeader::parse(
            &lookup("YIWANG_FORWARDED_HEADER").unwrap_or_default(),
        )?);
        let outbox = match lookup("YIWANG_OUTBOX").as_deref().map(str::trim) {
            None | Some("") => Some(PathBuf::from("data/outbox.jsonl")),
            Some("off") | Some("0") => None,
            Some(path) => Some(PathBuf::from(path)),
        };
        let smtp = match (
            lookup("YIWANG_SMTP").filter(|v| !v.trim().is_empty()),
            lookup("YIWANG_SMTP_FROM").filter(|v| !v.trim().is_empty()),
        ) {
            (Some(addr), Some(from)) => Some((addr.trim().to_owned(), from.trim().to_owned())),
            (None, None) => None,
            _ => return Err(ConfigError::Smtp),
        };
        let dev_verifier_key = lookup("YIWANG_DEV_VERIFIER_KEY").filter(|k| !k.is_empty());
        let password_max_age_days = number("YIWANG_PASSWORD_MAX_AGE_DAYS", 90, 0, 3650)?;
        let require_second_factor = !matches!(
            lookup("YIWANG_REQUIRE_2FA").as_deref().map(str::trim),
            Some("0") | Some("off") | Some("false") | Some("no")
        );
        let data_key = lookup("YIWANG_DATA_KEY").filter(|k| !k.trim().is_empty());
        if let Some(k) = &data_key {
            if crate::sealed::DataKey::from_hex(k).is_none() {
                return Err(ConfigError::DataKey);
            }
        }
        let expert_keeper = lookup("YIWANG_EXPERT_KEEPER")
            .map(|k| k.trim().to_owned())
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| "320400".to_owned());
        if shared::region::region(&expert_keeper).is_none() && !expert_keeper.ends_with("0000") {
            return Err(ConfigError::ExpertKeeper(expert_keeper));
        }
        let signups_per_hour = number(
            "YIWANG_SIGNUPS_PER_HOUR",
            crate::accounts::SIGNUPS_PER_HOUR as u64,
            0,
            1_000_000,
        )?;
        Ok(Config {
            signups_per_hour,
            data_key,
            expert_keeper,
            require_second_factor,
            outbox,
            smtp,
            dev_verifier_key,
            password_max_age_days,
            addr,
            trusted_proxies,
            limits,
            risk_weights,
            database_url,
            site_root,
            demo,
            secure_cookies,
            test_clock,
        })
    }
}

/// `YIWANG_DEMO`: `full`, `small` or `sample`; unset, empty, `0` or `off`: no demo data; anything else is
/// an error (a typo must not load, or silently skip, demo data).
pub fn parse_demo(value: Option<&str>) -> Result<Option<crate::demo::DemoScale>, ConfigError> {
    use crate::demo::DemoScale;
    match value.map(str::trim) {
        None | Some("" | "0" | "off") => Ok(None),
        Some("full") => Ok(Some(DemoScale::Full)),
        Some("small") => Ok(Some(DemoScale::Small)),
        Some("sample") => Ok(Some(DemoScale::Sample)),
        Some(other) => Err(ConfigError::Demo(other.to_owned())),
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

    #[test]
    fn serving_limits() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.limits, crate::serve::Limits::default());
        assert_eq!(c.limits.header_read_timeout.as_secs(), 10);
        assert_eq!(c.limits.max_connections, 1024);
        let set = |k: &'static str, v: &'static str| {
            Config::from_lookup(move |key| (key == k).then(|| v.to_owned()))
        };
        assert_eq!(
            set("YIWANG_HEADER_TIMEOUT_SECS", "3")
                .unwrap()
                .limits
                .header_read_timeout
                .as_secs(),
            3
        );
        assert_eq!(
            set("YIWANG_MAX_CONNECTIONS", " 50 ")
                .unwrap()
                .limits
                .max_connections,
            50
        );
        assert_eq!(
            set("YIWANG_SEND_TIMEOUT_SECS", "5")
                .unwrap()
                .limits
                .send_timeout
                .as_secs(),
            5
        );
        for (k, v) in [
            ("YIWANG_HEADER_TIMEOUT_SECS", "0"),
            ("YIWANG_HEADER_TIMEOUT_SECS", "ten"),
            ("YIWANG_HEADER_TIMEOUT_SECS", "-1"),
            ("YIWANG_MAX_CONNECTIONS", "0"),
            ("YIWANG_MAX_CONNECTIONS", ""),
            ("YIWANG_SEND_TIMEOUT_SECS", "1.5"),
        ] {
            let e = set(k, v).unwrap_err().to_string();
            assert!(e.contains(k), "{e}");
        }
    }

    #[test]
    fn demo_data_only_when_asked_for() {
        use crate::demo::DemoScale;
        let demo = |v: Option<&str>| {
            Config::from_lookup(|k| (k == "YIWANG_DEMO").then(|| v.map(str::to_owned)).flatten())
                .map(|c| c.demo)
        };
        assert_eq!(demo(None).unwrap(), None, "unset: no demo data");
        assert_eq!(demo(Some("")).unwrap(), None);
        assert_eq!(demo(Some("0")).unwrap(), None);
        assert_eq!(demo(Some("off")).unwrap(), None);
        assert_eq!(demo(Some("full")).unwrap(), Some(DemoScale::Full));
        assert_eq!(demo(Some("small")).unwrap(), Some(DemoScale::Small));
        assert_eq!(demo(Some("sample")).unwrap(), Some(DemoScale::Sample));
        for bad in ["1", "yes", "true", "on", "Full ", "fulll", "demo"] {
            let e = demo(Some(bad)).expect_err(bad).to_string();
            assert!(e.contains("YIWANG_DEMO"), "{e}");
            assert!(e.contains("full") && e.contains("small"), "{e}");
        }
    }
}
