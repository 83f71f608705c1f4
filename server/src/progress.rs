//! Progress of the long commands (demo load, OCDS import, audit verify and export, indicators,
//! backup) on a terminal, with `indicatif`: a bar redrawn in place on standard error with the
//! position, the rate and the time left. When standard error is not a terminal (a log, a pipe, a
//! test) or the command was asked to be quiet, nothing is drawn: the bar is hidden and costs
//! nothing but a counter.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// What the position of a bar counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Bytes (of a file read or written).
    Bytes,
    /// Things with a name (`releases`, `records`, `steps`).
    Items(&'static str),
}

/// A progress bar, drawn only on a terminal.
#[derive(Clone)]
pub struct Progress {
    bar: ProgressBar,
    drawn: bool,
}

impl Progress {
    /// A bar on standard error if it is a terminal and `quiet` is not set; hidden otherwise.
    pub fn for_terminal(quiet: bool) -> Progress {
        if !quiet && std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(5));
            Progress { bar, drawn: true }
        } else {
            Progress::hidden()
        }
    }

    /// A bar that never draws (the server, the tests, a quiet command).
    pub fn hidden() -> Progress {
        Progress {
            bar: ProgressBar::hidden(),
            drawn: false,
        }
    }

    /// Whether this bar draws at all.
    pub fn is_drawn(&self) -> bool {
        self.drawn
    }

    /// Starts a phase: `what` (`importing`), its total if known, the position it starts at.
    pub fn begin(&self, what: &str, total: Option<u64>, start: u64, unit: Unit) {
        let template = match (total.is_some(), unit) {
            (true, Unit::Bytes) => "{msg} [{bar:30}] {percent:>3}% {bytes}/{total_bytes} · {binary_bytes_per_sec} · {eta} left".to_owned(),
            (true, Unit::Items(name)) => format!("{{msg}} [{{bar:30}}] {{percent:>3}}% {{human_pos}}/{{human_len}} {name} · {{eta}} left"),
            (false, Unit::Bytes) => "{spinner} {msg} {bytes} · {binary_bytes_per_sec} · {elapsed}".to_owned(),
            (false, Unit::Items(name)) => format!("{{spinner}} {{msg}} {{human_pos}} {name} · {{elapsed}}"),
        };
        if let Ok(style) = ProgressStyle::with_template(&template) {
            self.bar.set_style(style.progress_chars("#>-"));
        }
        self.bar.set_length(total.unwrap_or(0));
        if total.is_none() {
            self.bar.unset_length();
        }
        self.bar.reset();
        self.bar.set_position(start);
        self.bar.set_message(what.to_owned());
        if self.drawn {
            self.bar.enable_steady_tick(Duration::from_millis(200));
        }
    }

    /// Moves to `position`.
    pub fn set(&self, position: u64) {
        self.bar.set_position(position);
    }

    /// Moves on by `n`.
    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
    }

    /// A note beside the bar (what is being done now).
    pub fn note(&self, text: &str) {
        self.bar.set_message(text.to_owned());
    }

    /// The current position.
    pub fn position(&self) -> u64 {
        self.bar.position()
    }

    /// `inner`, moving this bar on by the bytes each read brings.
    pub fn reading<R: std::io::Read>(&self, inner: R) -> Reading<R> {
        Reading {
            inner,
            progress: self.clone(),
        }
    }

    /// Ends the bar and clears it from the terminal (the command prints its own summary).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// A reader that moves a bar on by the bytes read ([`Progress::reading`]).
pub struct Reading<R> {
    inner: R,
    progress: Progress,
}

impl<R: std::io::Read> std::io::Read for Reading<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.inc(n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_counts_even_when_hidden_and_draws_nothing_off_a_terminal() {
        let p = Progress::hidden();
        assert!(!p.is_drawn());
        p.begin("importing", Some(100), 10, Unit::Bytes);
        p.inc(5);
        assert_eq!(p.position(), 15);
        p.set(40);
        assert_eq!(p.position(), 40);
        p.begin("verifying", None, 0, Unit::Items("records"));
        p.inc(3);
        assert_eq!(p.position(), 3);
        p.finish();
        let mut r = p.reading(&b"12345"[..]);
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut r, &mut out).unwrap();
        assert_eq!(p.position(), 8);
        // Quiet: hidden whatever standard error is.
        assert!(!Progress::for_terminal(true).is_drawn());
    }
}
