//! Cardinal's red-flag indicators over line-delimited OCDS compiled releases.
//!
//! The work is Cardinal's fold / reduce / finalize: each thread folds the releases it reads into
//! an [`Acc`] (per-process results, and per-organisation tallies), the partial results merge, and
//! `finalize` computes the statistics across processes (quartiles and fences from
//! `shared::checks::stats`, type 8 as Cardinal's statrs) and the flags that depend on them.
//! The input is streamed: one line at a time is parsed, and memory grows with the number of
//! organisations and flagged processes, not with the size of the file.

mod model;
mod output;
mod r003;
mod r018;
mod r024;
mod r025;
mod r028;
mod r030;
mod r035;
mod r036;
mod r038;
mod r048;
mod r058;
mod second_lowest;
mod util;

use std::cell::OnceCell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::BufRead;
use std::sync::{mpsc, Mutex};

use serde_json::Value;
use shared::checks::stats::{Method, Quartiles, Tally};
use thiserror::Error;

use crate::settings::{pipe_list, Settings, SettingsError};
use util::{FastMap, Release};

/// Why the indicators could not be computed.
#[derive(Debug, Error)]
pub enum IndicatorsError {
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error("reading the input: {0}")]
    Io(#[from] std::io::Error),
}

/// Options of the `indicators` command.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Omit the `Meta` key.
    pub no_meta: bool,
    /// Add the `Maps` key.
    pub map: bool,
    /// Worker threads (1: fold on the calling thread).
    pub threads: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            no_meta: false,
            map: false,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
        }
    }
}

/// The result of a run. The output object is built from it as a [`Value`] ([`Report::output`])
/// or written as JSON text straight away ([`Report::output_json`]).
#[derive(Debug, Clone)]
pub struct Report {
    /// The number of results per group (`--count`), in output order.
    pub counts: Vec<(String, usize)>,
    /// Lines skipped, with the reason (Cardinal warns and skips, it does not stop).
    pub warnings: Vec<String>,
    /// Lines read.
    pub lines: u64,
    results: BTreeMap<Group, BTreeMap<String, Values>>,
    meta: Option<BTreeMap<&'static str, BTreeMap<String, f64>>>,
    maps: Option<Maps>,
}

impl Report {
    fn view(&self) -> output::Output<'_> {
        output::Output {
            results: &self.results,
            meta: self.meta.as_ref(),
            maps: self.maps.as_ref(),
        }
    }
    /// Cardinal's output object.
    pub fn output(&self) -> Value {
        serde_json::to_value(self.view()).unwrap_or_default()
    }
    /// Cardinal's output object as JSON text (keys sorted), the same as `output().to_string()`.
    pub fn output_json(&self) -> String {
        serde_json::to_string(&self.view()).unwrap_or_default()
    }
}

/// The groups of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Group {
    Ocid,
    Buyer,
    ProcuringEntity,
    Tenderer,
}

impl Group {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Group::Ocid => "OCID",
            Group::Buyer => "Buyer",
            Group::ProcuringEntity => "ProcuringEntity",
            Group::Tenderer => "Tenderer",
        }
    }
}

/// The resolved settings.
pub(crate) struct Ctx {
    exclude_details: HashSet<String>,
    price_include: HashSet<String>,
    price_exclude: HashSet<String>,
    pub(crate) currency: Option<String>,
    pub(crate) map: bool,
    tenderers_map: bool,
    pub(crate) r003: Option<R003Cfg>,
    pub(crate) r018: Option<HashSet<String>>,
    pub(crate) second_lowest: bool,
    pub(crate) r024: Option<Option<f64>>,
    /// (percentile, threshold)
    pub(crate) r025: Option<(usize, Option<f64>)>,
    pub(crate) r028: bool,
    pub(crate) r030: bool,
    pub(crate) r035: Option<usize>,
    pub(crate) r036: bool,
    /// (threshold, minimum submitted bids, minimum contracting processes)
    pub(crate) r038: Option<(Option<f64>, usize, usize)>,
    /// (digits, threshold, minimum contracting processes)
    pub(crate) r048: Option<(usize, Option<usize>, usize)>,
    pub(crate) r058: Option<Option<f64>>,
}

pub(crate) struct R003Cfg {
    pub(crate) threshold: i64,
    pub(crate) procurement_methods: HashSet<String>,
    pub(crate) details: BTreeMap<String, i64>,
}

impl Ctx {
    fn new(s: &Settings, map: bool) -> Ctx {
        Ctx {
            exclude_details: pipe_list(s.exclude_procurement_method_details.as_deref()),
            price_include: pipe_list(s.price_comparison_procurement_methods.as_deref()),
            price_exclude: pipe_list(s.no_price_comparison_procurement_methods.as_deref()),
            currency: s.currency.clone(),
            map,
            tenderers_map: map && (s.r025.is_some() || s.r038.is_some() || s.r048.is_some()),
            r003: s.r003.as_ref().map(|r| R003Cfg {
                threshold: r.threshold.unwrap_or(15),
                procurement_methods: pipe_list(r.procurement_methods.as_deref()),
                details: r.procurement_method_details.clone().unwrap_or_default(),
            }),
            r018: s.r018.as_ref().map(|r| {
                pipe_list(Some(
                    r.procurement_methods.as_deref().unwrap_or("open|selective"),
                ))
            }),
            second_lowest: s.r024.is_some() || s.r058.is_some(),
            r024: s.r024.as_ref().map(|r| r.threshold),
            r025: s
                .r025
                .as_ref()
                .map(|r| (r.percentile.unwrap_or(75), r.threshold)),
            r028: s.r028.is_some(),
            r030: s.r030.is_some(),
            r035: s.r035.as_ref().map(|r| r.threshold.map_or(1, |t| t.max(1))),
            r036: s.r036.is_some(),
            r038: s.r038.as_ref().map(|r| {
                (
                    r.threshold,
                    r.minimum_submitted_bids.unwrap_or(2),
                    r.minimum_contracting_processes.unwrap_or(2),
                )
            }),
            r048: s.r048.as_ref().map(|r| {
                (
                    r.digits.unwrap_or(2),
                    r.threshold,
                    r.minimum_contracting_processes.unwrap_or(20),
                )
            }),
            r058: s.r058.as_ref().map(|r| r.threshold),
        }
    }

    /// Bid prices may be compared (`price_comparison_procurement_methods`,
    /// `no_price_comparison_procurement_methods`).
    pub(crate) fn price_comparison(&self, release: &Release) -> bool {
        util::matches_procurement_method_details(release, &self.price_include, &self.price_exclude)
    }
}

/// The second-lowest-bid difference of one process (kept for every such process until the
/// fences are known, so it is small: the tenderers are numbers in [`Names`]).
#[derive(Debug, Clone)]
pub(crate) struct Second {
    /// The line it comes from (the last line of a process wins).
    pub(crate) seq: u64,
    pub(crate) ratio: f64,
    pub(crate) winner: usize,
    pub(crate) other: usize,
}

/// The second-lowest-bid differences in the main currency, for R024 and R058 (which share
/// their quartiles).
pub(crate) struct Seconds {
    pub(crate) map: FastMap<Box<str>, Second>,
    pub(crate) names: Names,
    quartiles: OnceCell<(f64, f64, (f64, f64))>,
}

impl Seconds {
    pub(crate) fn quartiles(&self) -> (f64, f64, (f64, f64)) {
        *self.quartiles.get_or_init(|| {
            let values: Vec<f64> = self.map.values().map(|s| s.ratio).collect();
            quartiles(&values)
        })
    }
}

/// Identifiers stored once, referred to by number.
#[derive(Debug, Default)]
pub(crate) struct Names {
    index: FastMap<Box<str>, usize>,
    names: Vec<Box<str>>,
}

impl Names {
    pub(crate) fn intern(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len();
        self.names.push(name.into());
        self.index.insert(name.into(), i);
        i
    }
    pub(crate) fn get(&self, i: usize) -> &str {
        self.names.get(i).map_or("", |n| n)
    }
}

/// The `Maps` key.
#[derive(Debug, Default, Clone)]
pub(crate) struct Maps {
    /// ocid → (the line it comes from, buyer): the last line of a process wins, as in a
    /// sequential fold, whichever thread read it.
    pub(crate) ocid_buyer_r038: BTreeMap<String, (u64, String)>,
    /// ocid → (line, procuring entity).
    pub(crate) ocid_procuringentity_r038: BTreeMap<String, (u64, String)>,
    /// Map name → ocid → tenderers (sorted, distinct: a list takes less room than a set).
    pub(crate) tenderers: BTreeMap<&'static str, BTreeMap<String, Vec<Box<str>>>>,
}

const TENDERER_MAPS: [&str; 6] = [
    "ocid_tenderer",
    "ocid_tenderer_r024",
    "ocid_tenderer_r028",
    "ocid_tenderer_r030",
    "ocid_tenderer_r035",
    "ocid_tenderer_r058",
];

/// (indicator code, line that set it, value), sorted by code: one entry for most results.
type Values = Vec<(&'static str, u64, f64)>;

/// Sets a code's value (`keep_newer`: unless the value there comes from a later line).
fn put(values: &mut Values, (code, seq, v): (&'static str, u64, f64), keep_newer: bool) {
    match values.binary_search_by(|e| e.0.cmp(code)) {
        Ok(i) => {
            if !keep_newer || seq >= values[i].1 {
                values[i] = (code, seq, v);
            }
        }
        Err(i) => values.insert(i, (code, seq, v)),
    }
}

/// The partial (per thread) and final state.
#[derive(Debug, Default)]
pub(crate) struct Acc {
    /// Group → id → code → (line that set it, value). A process that appears on several lines
    /// keeps the value of the last line, as in a sequential fold, whichever thread read it.
    results: BTreeMap<Group, BTreeMap<String, Values>>,
    /// The line being folded (`u64::MAX` in finalize).
    seq: u64,
    meta: BTreeMap<&'static str, BTreeMap<String, f64>>,
    pub(crate) maps: Maps,
    /// The first currency observed, with the line it was observed on.
    first_currency: Option<(u64, String)>,
    /// Per candidate currency, per ocid.
    pub(crate) second_lowest: HashMap<String, FastMap<Box<str>, Second>>,
    /// The tenderers of `second_lowest`.
    pub(crate) names: Names,
    /// Per candidate currency, the ocids flagged by R036.
    pub(crate) r036: HashMap<String, BTreeSet<String>>,
    pub(crate) r025: FastMap<String, Tally>,
    pub(crate) r038_buyer: FastMap<String, Tally>,
    pub(crate) r038_procuring_entity: FastMap<String, Tally>,
    pub(crate) r038_tenderer: FastMap<String, Tally>,
    /// Per supplier: processes and classification prefixes.
    pub(crate) r048: FastMap<String, (usize, BTreeSet<String>)>,
    warnings: Vec<(u64, String)>,
    lines: u64,
}

const MAX_WARNINGS: usize = 1000;

impl Acc {
    pub(crate) fn set(&mut self, group: Group, id: &str, code: &'static str, v: f64) {
        let ids = self.results.entry(group).or_default();
        let value = (code, self.seq, v);
        match ids.get_mut(id) {
            Some(values) => put(values, value, false),
            None => {
                ids.insert(id.to_owned(), vec![value]);
            }
        }
    }
    pub(crate) fn set_ocid(&mut self, ocid: &str, code: &'static str, v: f64) {
        self.set(Group::Ocid, ocid, code, v);
    }
    pub(crate) fn set_tenderer(&mut self, id: &str, code: &'static str, v: f64) {
        self.set(Group::Tenderer, id, code, v);
    }
    pub(crate) fn set_meta(&mut self, code: &'static str, key: &str, v: f64) {
        self.meta.entry(code).or_default().insert(key.to_owned(), v);
    }
    pub(crate) fn map_tenderer(&mut self, map: &'static str, ocid: &str, id: &str) {
        let ocids = self.maps.tenderers.entry(map).or_default();
        match ocids.get_mut(ocid) {
            Some(ids) => {
                if let Err(at) = ids.binary_search_by(|x| (**x).cmp(id)) {
                    ids.insert(at, id.into());
                }
            }
            None => {
                ocids.insert(ocid.to_owned(), vec![id.into()]);
            }
        }
    }
    pub(crate) fn observe_currency(&mut self, seq: u64, currency: &str) {
        if self.first_currency.as_ref().is_none_or(|(s, _)| seq < *s) {
            self.first_currency = Some((seq, currency.to_owned()));
        }
    }

    /// The main currency: configured, or the first observed.
    fn main_currency(&self, ctx: &Ctx) -> Option<String> {
        ctx.currency
            .clone()
            .or_else(|| self.first_currency.as_ref().map(|(_, c)| c.clone()))
    }

    /// The second-lowest-bid differences in the main currency (taken out: finalize only).
    fn take_second_lowest(&mut self, ctx: &Ctx) -> FastMap<Box<str>, Second> {
        self.main_currency(ctx)
            .and_then(|c| self.second_lowest.remove(&c))
            .unwrap_or_default()
    }

    pub(crate) fn fold_line(&mut self, ctx: &Ctx, line: &[u8], seq: u64) {
        self.lines += 1;
        self.seq = seq;
        // Only the members the indicators read are built, borrowing the line's strings; the
        // rest is parsed and dropped. A line is accepted exactly when it is JSON (see `model`).
        // UTF-8 is checked once for the whole line (an invalid line fails the full parse too).
        let parsed = match std::str::from_utf8(line) {
            Ok(text) => serde_json::from_str::<model::Line>(text),
            Err(_) => serde_json::from_slice::<model::Line>(line),
        };
        match parsed {
            Ok(model::Line(Some(release))) => self.fold_object(ctx, &release, seq),
            Ok(model::Line(None)) => {}
            Err(_) => {
                // The warning quotes the error of a full parse, as before.
                match serde_json::from_slice::<Value>(line) {
                    Err(e) => {
                        if !line.iter().all(u8::is_ascii_whitespace)
                            && self.warnings.len() < MAX_WARNINGS
                        {
                            self.warnings.push((
                                seq,
                                format!("line {} is invalid JSON, skipping. [{e}]", seq + 1),
                            ));
                        }
                    }
                    Ok(value) => {
                        if let Ok(model::Line(Some(release))) =
                            <model::Line as serde::Deserialize>::deserialize(&value)
                        {
                            self.fold_object(ctx, &release, seq);
                        }
                    }
                }
            }
        }
    }

    fn fold_object(&mut self, ctx: &Ctx, release: &Release, seq: u64) {
        let Some(ocid) = util::s(&release.ocid) else {
            return;
        };
        if util::is_cancelled(release)
            || !util::matches_procurement_method_details(
                release,
                &HashSet::new(),
                &ctx.exclude_details,
            )
        {
            return;
        }
        self.fold_release(ctx, release, ocid, seq);
    }

    fn fold_release(&mut self, ctx: &Ctx, release: &Release, ocid: &str, seq: u64) {
        if ctx.tenderers_map {
            for bid in util::submitted_bids(release) {
                if let Some(tenderers) = util::tenderer_ids(bid) {
                    for id in tenderers {
                        self.map_tenderer("ocid_tenderer", ocid, id);
                    }
                }
            }
        }
        let touched = second_lowest::fold(ctx, self, release, ocid, seq);
        r003::fold(ctx, self, release, ocid);
        r018::fold(ctx, self, release, ocid);
        r025::fold(ctx, self, release);
        r028::fold(ctx, self, release, ocid);
        r030::fold(ctx, self, release, ocid);
        r035::fold(ctx, self, release, ocid);
        r036::fold(ctx, self, release, ocid, seq, touched);
        r038::fold(ctx, self, release, ocid);
        r048::fold(ctx, self, release);
    }

    /// Merges another partial result into this one.
    fn merge(&mut self, other: Acc) {
        for (group, ids) in other.results {
            let mine = self.results.remove(&group).unwrap_or_default();
            let merged = merge_sorted(mine, ids, |entry, values| {
                for value in values {
                    put(entry, value, true);
                }
            });
            self.results.insert(group, merged);
        }
        if let Some((seq, c)) = other.first_currency {
            self.observe_currency(seq, &c);
        }
        let renumber: Vec<usize> = other
            .names
            .names
            .iter()
            .map(|n| self.names.intern(n))
            .collect();
        for (c, m) in other.second_lowest {
            let mine = self.second_lowest.entry(c).or_default();
            mine.reserve(m.len());
            for (ocid, mut s) in m {
                s.winner = renumber.get(s.winner).copied().unwrap_or_default();
                s.other = renumber.get(s.other).copied().unwrap_or_default();
                if mine.get(&ocid).is_none_or(|x| s.seq >= x.seq) {
                    mine.insert(ocid, s);
                }
            }
        }
        for (c, s) in other.r036 {
            self.r036.entry(c).or_default().extend(s);
        }
        util::merge_tallies(&mut self.r025, other.r025);
        util::merge_tallies(&mut self.r038_buyer, other.r038_buyer);
        util::merge_tallies(&mut self.r038_procuring_entity, other.r038_procuring_entity);
        util::merge_tallies(&mut self.r038_tenderer, other.r038_tenderer);
        for (k, (n, codes)) in other.r048 {
            let e = self.r048.entry(k).or_default();
            e.0 += n;
            e.1.extend(codes);
        }
        let later = |mine: &mut (u64, String), other: (u64, String)| {
            if other.0 >= mine.0 {
                *mine = other;
            }
        };
        let buyers = std::mem::take(&mut self.maps.ocid_buyer_r038);
        self.maps.ocid_buyer_r038 = merge_sorted(buyers, other.maps.ocid_buyer_r038, later);
        let entities = std::mem::take(&mut self.maps.ocid_procuringentity_r038);
        self.maps.ocid_procuringentity_r038 =
            merge_sorted(entities, other.maps.ocid_procuringentity_r038, later);
        for (name, m) in other.maps.tenderers {
            let mine = self.maps.tenderers.remove(name).unwrap_or_default();
            let merged = merge_sorted(mine, m, |ids, more| {
                for id in more {
                    if let Err(at) = ids.binary_search(&id) {
                        ids.insert(at, id);
                    }
                }
            });
            self.maps.tenderers.insert(name, merged);
        }
        self.warnings.extend(other.warnings);
        self.lines += other.lines;
    }

    fn finalize(mut self, ctx: &Ctx, opts: &Options) -> Report {
        self.seq = u64::MAX;
        if ctx.r036 {
            let flagged = self
                .main_currency(ctx)
                .and_then(|c| self.r036.remove(&c))
                .unwrap_or_default();
            for ocid in flagged {
                self.set_ocid(&ocid, "R036", 1.0);
            }
        }
        let seconds = Seconds {
            map: self.take_second_lowest(ctx),
            names: std::mem::take(&mut self.names),
            quartiles: OnceCell::new(),
        };
        r024::finalize(ctx, &mut self, &seconds);
        r025::finalize(ctx, &mut self);
        r038::finalize(ctx, &mut self);
        r048::finalize(ctx, &mut self);
        r058::finalize(ctx, &mut self, &seconds);

        let counts = self
            .results
            .iter()
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(group, ids)| (group.name().to_owned(), ids.len()))
            .collect();
        self.warnings.sort();
        Report {
            counts,
            warnings: self.warnings.into_iter().map(|(_, w)| w).collect(),
            lines: self.lines,
            results: self.results,
            meta: (!opts.no_meta).then_some(self.meta),
            maps: opts.map.then_some(self.maps),
        }
    }
}

/// Merges two sorted maps in one pass (`both` combines the values of a key in both), instead of
/// inserting one into the other key by key.
fn merge_sorted<K: Ord, V>(
    a: BTreeMap<K, V>,
    b: BTreeMap<K, V>,
    mut both: impl FnMut(&mut V, V),
) -> BTreeMap<K, V> {
    if a.is_empty() {
        return b;
    }
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut a = a.into_iter().peekable();
    let mut b = b.into_iter().peekable();
    while let (Some((ka, _)), Some((kb, _))) = (a.peek(), b.peek()) {
        match ka.cmp(kb) {
            Ordering::Less => out.extend(a.next()),
            Ordering::Greater => out.extend(b.next()),
            Ordering::Equal => {
                if let (Some((k, mut va)), Some((_, vb))) = (a.next(), b.next()) {
                    both(&mut va, vb);
                    out.push((k, va));
                }
            }
        }
    }
    out.extend(a);
    out.extend(b);
    // Already sorted: collecting builds the tree in one pass.
    out.into_iter().collect()
}

/// NaN for a missing statistic (Cardinal's statrs returns NaN for an empty sample).
pub(crate) fn nan_or(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::NAN)
}

/// Type-8 Q1, Q3 and the (lower, upper) 1.5·IQR fences; NaN for an empty sample.
pub(crate) fn quartiles(values: &[f64]) -> (f64, f64, (f64, f64)) {
    match Quartiles::of_by(values, Method::MedianUnbiased) {
        Some(q) => {
            let f = q.fences(1.5);
            (q.q1, q.q3, (f.lower, f.upper))
        }
        None => (f64::NAN, f64::NAN, (f64::NAN, f64::NAN)),
    }
}

/// A batch of lines: the number of the first line, the bytes, and the end of each line. Batches
/// are reused once folded (no fresh pages to fault in for every megabyte read).
#[derive(Default)]
struct Batch {
    first: u64,
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

const BATCH_BYTES: usize = 1 << 20;

fn fold_batch(ctx: &Ctx, acc: &mut Acc, batch: &Batch) {
    let mut start = 0;
    for (i, &end) in batch.ends.iter().enumerate() {
        let line = batch.bytes.get(start..end).unwrap_or_default();
        acc.fold_line(ctx, line, batch.first + i as u64);
        start = end;
    }
}

/// Reads the next batch into `batch`; `false` at the end of the input.
fn read_batch(reader: &mut impl BufRead, first: u64, batch: &mut Batch) -> std::io::Result<bool> {
    batch.first = first;
    batch.bytes.clear();
    batch.ends.clear();
    batch.bytes.reserve(BATCH_BYTES + 4096);
    while batch.bytes.len() < BATCH_BYTES {
        let n = reader.read_until(b'\n', &mut batch.bytes)?;
        if n == 0 {
            break;
        }
        batch.ends.push(batch.bytes.len());
    }
    Ok(!batch.ends.is_empty())
}

/// Computes the enabled indicators over the releases read from `reader` (one JSON text a line),
/// with Cardinal's output object. Invalid lines are skipped with a warning, as Cardinal does.
pub fn run(
    mut reader: impl BufRead,
    settings: &Settings,
    opts: &Options,
) -> Result<Report, IndicatorsError> {
    let ctx = Ctx::new(settings, opts.map);
    // The calling thread reads and folds too: it hands a batch to the other threads while one
    // of them has room for it, and folds it itself otherwise, so `threads` threads are busy.
    let helpers = opts.threads.max(1) - 1;
    let mut total = Acc::default();
    if helpers == 0 {
        let mut first = 0;
        let mut batch = Batch::default();
        while read_batch(&mut reader, first, &mut batch)? {
            first += batch.ends.len() as u64;
            fold_batch(&ctx, &mut total, &batch);
        }
        return Ok(total.finalize(&ctx, opts));
    }
    // Bounded: memory does not grow with the file.
    let (tx, rx) = mpsc::sync_channel::<Batch>(helpers * 4);
    let rx = Mutex::new(rx);
    // Folded batches come back to be filled again.
    let (free_tx, free_rx) = mpsc::channel::<Batch>();
    let ctx_ref = &ctx;
    let rx_ref = &rx;
    let (read_result, partials) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..helpers)
            .map(|_| {
                let free_tx = free_tx.clone();
                scope.spawn(move || {
                    let mut acc = Acc::default();
                    loop {
                        let next = match rx_ref.lock() {
                            Ok(guard) => guard.recv(),
                            Err(poisoned) => poisoned.into_inner().recv(),
                        };
                        match next {
                            Ok(batch) => {
                                fold_batch(ctx_ref, &mut acc, &batch);
                                // The reader may be gone already: the batch is then dropped.
                                let _ = free_tx.send(batch);
                            }
                            Err(_) => break,
                        }
                    }
                    acc
                })
            })
            .collect();
        let mut first = 0;
        let mut spare: Option<Batch> = None;
        let read_result = loop {
            let mut batch = spare
                .take()
                .or_else(|| free_rx.try_recv().ok())
                .unwrap_or_default();
            match read_batch(&mut reader, first, &mut batch) {
                Ok(true) => {
                    first += batch.ends.len() as u64;
                    match tx.try_send(batch) {
                        Ok(()) => {}
                        Err(mpsc::TrySendError::Full(batch)) => {
                            fold_batch(ctx_ref, &mut total, &batch);
                            spare = Some(batch);
                        }
                        Err(mpsc::TrySendError::Disconnected(_)) => break Ok(()),
                    }
                }
                Ok(false) => break Ok(()),
                Err(e) => break Err(e),
            }
        };
        drop(tx);
        let partials: Vec<std::thread::Result<Acc>> =
            handles.into_iter().map(|h| h.join()).collect();
        (read_result, partials)
    });
    read_result?;
    for p in partials {
        match p {
            Ok(acc) => total.merge(acc),
            Err(_) => {
                return Err(IndicatorsError::Io(std::io::Error::other(
                    "a worker thread failed",
                )))
            }
        }
    }
    Ok(total.finalize(&ctx, opts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn process(ocid: &str, currency: &str, winner: f64, other: f64) -> String {
        format!(
            r#"{{"ocid":"{ocid}","awards":[{{"status":"active","suppliers":[{{"id":"W"}}]}}],"bids":{{"details":[{{"status":"valid","value":{{"amount":{winner},"currency":"{currency}"}},"tenderers":[{{"id":"W"}}]}},{{"status":"valid","value":{{"amount":{other},"currency":"{currency}"}},"tenderers":[{{"id":"L"}}]}}]}}}}"#
        )
    }

    /// The main currency is the first in file order, whichever thread read it.
    #[test]
    fn first_currency_is_first_in_file_order_across_partials() {
        let settings = Settings::parse("[R058]\nthreshold = 0.5\n").unwrap();
        let ctx = Ctx::new(&settings, false);
        let mut late = Acc::default();
        late.fold_line(&ctx, process("eur", "EUR", 100.0, 300.0).as_bytes(), 7);
        let mut early = Acc::default();
        early.fold_line(&ctx, process("usd", "USD", 100.0, 200.0).as_bytes(), 3);
        late.merge(early);
        let report = late.finalize(
            &ctx,
            &Options {
                no_meta: true,
                map: false,
                threads: 1,
            },
        );
        assert_eq!(
            report.output(),
            serde_json::json!({"OCID": {"usd": {"R058": 1.0}}, "Tenderer": {"W": {"R058": 0.0}}})
        );
    }

    /// Folding every line into its own partial result and merging them in reverse order gives
    /// the same output, meta and maps as one sequential fold (the fold/merge is order-free).
    #[test]
    fn merging_partials_in_any_order_equals_one_fold() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cardinal");
        let all = "[R003]\n[R018]\n[R024]\n[R025]\n[R028]\n[R030]\n[R035]\n[R036]\n[R038]\nminimum_submitted_bids = 1\nminimum_contracting_processes = 1\n[R048]\nminimum_contracting_processes = 1\n[R058]\n";
        let settings = Settings::parse(all).unwrap();
        let opts = Options {
            no_meta: false,
            map: true,
            threads: 1,
        };
        let ctx = Ctx::new(&settings, true);
        let mut input = String::new();
        for sub in ["indicators", "examples"] {
            let mut files: Vec<_> = std::fs::read_dir(dir.join(sub))
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .collect();
            files.sort();
            for f in files
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            {
                input.push_str(&std::fs::read_to_string(f).unwrap());
                input.push('\n');
            }
        }
        // A process on two lines: the later line's buyer and procuring entity are mapped.
        for n in [1, 2] {
            input.push_str(&format!(
                r#"{{"ocid":"twice","buyer":{{"id":"B{n}"}},"tender":{{"procuringEntity":{{"id":"P{n}"}}}},"bids":{{"details":[{{"status":"disqualified","tenderers":[{{"id":"T"}}]}}]}}}}"#
            ));
            input.push('\n');
        }
        let sequential = run(input.as_bytes(), &settings, &opts).unwrap();
        assert_eq!(
            sequential.output()["Maps"]["ocid_buyer_r038"]["twice"],
            "B2"
        );
        assert_eq!(
            sequential.output()["Maps"]["ocid_procuringentity_r038"]["twice"],
            "P2"
        );
        let mut partials: Vec<Acc> = input
            .lines()
            .enumerate()
            .map(|(i, line)| {
                let mut acc = Acc::default();
                acc.fold_line(&ctx, line.as_bytes(), i as u64);
                acc
            })
            .collect();
        let mut total = Acc::default();
        while let Some(p) = partials.pop() {
            total.merge(p);
        }
        let merged = total.finalize(&ctx, &opts);
        assert_eq!(merged.output(), sequential.output());
        // The text (with Meta and Maps) is the object with its keys sorted.
        assert_eq!(sequential.output_json(), sequential.output().to_string());
        assert!(
            sequential.output().get("OCID").is_some()
                && sequential.output().get("Tenderer").is_some()
        );
    }
}
