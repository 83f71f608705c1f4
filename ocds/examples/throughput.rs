//! Throughput of the indicators: `cargo run --release -p ocds --example throughput -- FILE.jsonl SETTINGS.ini`
//! (default: a generated file of 100 000 releases shaped like Chinese procurement in the system temp folder, every indicator).
//! Prints releases/s and MB/s for 1 thread and for all cores, and checks that both outputs are equal.

use std::io::Write;
use std::time::Instant;

use ocds::{indicators, Options, Settings};

#[path = "support/generator.rs"]
mod generator;

fn generate(path: &std::path::Path, n: usize) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    generator::write_releases(&mut f, n, 2026)?;
    f.flush()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, settings) = match args.as_slice() {
        [file, ini, ..] => (
            std::path::PathBuf::from(file),
            Settings::parse(&std::fs::read_to_string(ini)?)?,
        ),
        _ => {
            let path = std::env::temp_dir().join("ocds-throughput-cn.jsonl");
            if !path.exists() {
                generate(&path, 100_000)?;
            }
            let all = "[R003]\n[R018]\n[R024]\n[R025]\n[R028]\n[R030]\n[R035]\n[R036]\n[R038]\n[R048]\n[R058]\n";
            (path, Settings::parse(all)?)
        }
    };
    let bytes = std::fs::metadata(&path)?.len() as f64;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut outputs = Vec::new();
    for threads in [1, cores] {
        let t = Instant::now();
        let file = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(&path)?);
        let map = std::env::var_os("NO_MAP").is_none();
        let report = indicators::run(
            file,
            &settings,
            &Options {
                no_meta: false,
                map,
                threads,
            },
        )?;
        let s = t.elapsed().as_secs_f64();
        println!(
            "{threads} thread(s): {} releases in {s:.2} s = {:.0} releases/s, {:.1} MB/s",
            report.lines,
            report.lines as f64 / s,
            bytes / s / 1e6
        );
        outputs.push(report.output);
    }
    assert_eq!(
        outputs[0], outputs[1],
        "the output depends on the number of threads"
    );
    println!("outputs equal; {:.1} MB input", bytes / 1e6);
    Ok(())
}
