//! Throughput of the check engine: every per-project check ([`run_all`]) and every portfolio
//! check ([`run_portfolio`]) over 100,000 generated projects (all six methods, dates 2019–2026;
//! see `generator/mod.rs`). Run with `cargo bench -p shared --bench checks`; criterion reports
//! the time per 100,000 projects and the throughput in projects per second ("elem/s").
//!
//! The work is heavy (seconds per iteration), so each group takes the minimum of 10 samples of
//! one iteration each; a full run takes about two and a half minutes on two cores (1.4 GB).

mod generator;

use std::hint::black_box;
use std::time::{Duration, Instant as Clock};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use shared::checks::{run_all, run_portfolio, CheckContext};
use shared::model::Method;
use shared::time::Instant;

const PROJECTS: usize = 100_000;
const SEED: u64 = 0x5945_5741_4E47; // "YIWANG"

fn checks(c: &mut Criterion) {
    let started = Clock::now();
    let projects = generator::Generator::new(SEED).projects(PROJECTS);
    eprintln!(
        "generated {} projects in {:.1} s",
        projects.len(),
        started.elapsed().as_secs_f64()
    );
    for m in Method::SIX {
        let n = projects.iter().filter(|p| p.project.method == m).count();
        assert!(n > 0, "the generator covers every method ({m:?})");
    }
    let as_of = Instant::parse("2026-11-26T09:00").expect("a valid instant");
    let ctx = CheckContext::builtin(as_of);

    let mut g = c.benchmark_group("run_all");
    g.throughput(Throughput::Elements(PROJECTS as u64));
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(1));
    g.measurement_time(Duration::from_secs(1));
    g.bench_function("100k_projects", |b| {
        b.iter(|| {
            let mut outcomes = 0usize;
            for p in &projects {
                outcomes += run_all(black_box(p), &ctx).len();
            }
            outcomes
        })
    });
    g.finish();

    let mut g = c.benchmark_group("run_portfolio");
    g.throughput(Throughput::Elements(PROJECTS as u64));
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(1));
    g.measurement_time(Duration::from_secs(1));
    g.bench_function("100k_projects", |b| {
        b.iter(|| run_portfolio(black_box(&projects), &ctx).len())
    });
    g.finish();
}

criterion_group!(benches, checks);
criterion_main!(benches);
