//! OCDS (Open Contracting Data Standard) for Yiwang.
//!
//! - [`indicators`]: Cardinal 0.0.8's red-flag indicators (R003 … R058) over line-delimited
//!   compiled releases, with its settings file ([`settings`]) and output format.
//! - The statistics (type-8 quartiles, Tukey fences, ratio tallies) are `shared::checks::stats`,
//!   the same code as the platform's portfolio checks A17/A18/A19 (see `docs/indicators.md`).

pub mod indicators;
pub mod merge;
pub mod project;
mod rfc3339;
pub mod settings;

use std::path::Path;

pub use indicators::{IndicatorsError, Options, Report};
pub use settings::{Settings, SettingsError};

/// What the `indicators` command prints: `stdout` (the JSON object and a newline) and `stderr`
/// (warnings about skipped lines, and the counts with `--count`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOutput {
    pub stdout: String,
    pub stderr: String,
}

/// A command-line error: the message names the file, line or key at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CommandError(pub String);

/// The `indicators` command: reads the settings file and the input (`-` for standard input),
/// runs the indicators on all cores and formats the output as Cardinal does.
pub fn indicators_command(
    settings: &Path,
    file: &Path,
    no_meta: bool,
    map: bool,
    count: bool,
) -> Result<CommandOutput, CommandError> {
    indicators_command_with(settings, file, no_meta, map, count, &|_| {})
}

/// A reader that tells `read` how many bytes each read brought (a progress bar's position).
struct Counting<'a, R> {
    inner: R,
    read: &'a (dyn Fn(usize) + Sync),
}

impl<R: std::io::Read> std::io::Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.read)(n);
        Ok(n)
    }
}

/// [`indicators_command`], calling `read` with the number of bytes of the input file read so far
/// in each step (not for standard input).
pub fn indicators_command_with(
    settings: &Path,
    file: &Path,
    no_meta: bool,
    map: bool,
    count: bool,
    read: &(dyn Fn(usize) + Sync),
) -> Result<CommandOutput, CommandError> {
    let text = std::fs::read_to_string(settings)
        .map_err(|e| CommandError(format!("{}: {e}", settings.display())))?;
    let settings =
        Settings::parse(&text).map_err(|e| CommandError(format!("{}: {e}", settings.display())))?;
    let opts = Options {
        no_meta,
        map,
        ..Options::default()
    };
    let report = if file == Path::new("-") {
        indicators::run(std::io::stdin().lock(), &settings, &opts)
    } else {
        if file.is_dir() {
            return Err(CommandError(format!(
                "{}: is a directory, not a file",
                file.display()
            )));
        }
        let f = std::fs::File::open(file)
            .map_err(|e| CommandError(format!("{}: {e}", file.display())))?;
        indicators::run(
            std::io::BufReader::with_capacity(1 << 20, Counting { inner: f, read }),
            &settings,
            &opts,
        )
    }
    .map_err(|e| CommandError(format!("{}: {e}", file.display())))?;
    Ok(format_report(&report, count))
}

/// Formats a report as the command prints it.
pub fn format_report(report: &Report, count: bool) -> CommandOutput {
    let mut stderr = String::new();
    for w in &report.warnings {
        stderr.push_str(w);
        stderr.push('\n');
    }
    if count {
        for (group, n) in &report.counts {
            stderr.push_str(&format!("{group}: {n}\n"));
        }
    }
    CommandOutput {
        stdout: {
            let mut out = report.output_json();
            out.push('\n');
            out
        },
        stderr,
    }
}

/// Runs the indicators over an in-memory input (tests, the browser).
pub fn indicators_str(
    input: &str,
    settings: &Settings,
    opts: &Options,
) -> Result<Report, IndicatorsError> {
    indicators::run(input.as_bytes(), settings, opts)
}
