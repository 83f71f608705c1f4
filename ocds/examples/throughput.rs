//! Throughput of the indicators: `cargo run --release -p ocds --example throughput -- FILE.jsonl SETTINGS.ini`
//! (default: a generated file of 200 000 releases in the system temp folder, every indicator).
//! Prints releases/s and MB/s for 1 thread and for all cores, and checks that both outputs are equal.

use std::io::Write;
use std::time::Instant;

use ocds::{indicators, Options, Settings};

/// A deterministic generator (SplitMix64) of compiled releases with bids and awards.
fn generate(path: &std::path::Path, n: usize) -> std::io::Result<()> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |m: u64| {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % m
    };
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    let methods = ["open", "selective", "limited", "direct"];
    for i in 0..n {
        let bidders = 1 + next(6) as usize;
        let winner = next(bidders as u64) as usize;
        let mut bids = Vec::new();
        for b in 0..bidders {
            let status = if b == winner {
                "valid"
            } else if next(4) == 0 {
                "disqualified"
            } else {
                "valid"
            };
            let amount = 1000 + next(900) * 10 + if b == winner { 0 } else { 500 };
            let day = 10 + next(10);
            bids.push(format!(
                r#"{{"id":"{b}","status":"{status}","date":"2024-03-{day:02}T10:00:00Z","value":{{"amount":{amount},"currency":"CNY"}},"tenderers":[{{"id":"T{}","name":"Supplier"}}]}}"#,
                next(400)
            ));
        }
        let winner_id = bids[winner]
            .split("\"tenderers\":[{\"id\":\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("T0")
            .to_owned();
        let start = 1 + next(20);
        writeln!(
            f,
            r#"{{"ocid":"ocds-213czf-{i:08}","id":"{i}","date":"2024-04-01T00:00:00Z","tag":["compiled"],"buyer":{{"id":"B{}","name":"Buyer"}},"tender":{{"id":"{i}","status":"complete","procurementMethod":"{}","procurementMethodDetails":"D{}","numberOfTenderers":{bidders},"procuringEntity":{{"id":"P{}"}},"tenderPeriod":{{"startDate":"2024-02-{start:02}T09:00:00+08:00","endDate":"2024-03-15T09:00:00+08:00"}}}},"bids":{{"details":[{}]}},"awards":[{{"id":"1","status":"active","suppliers":[{{"id":"{winner_id}"}}],"items":[{{"id":"1","classification":{{"scheme":"CPV","id":"{:08}"}}}}]}}]}}"#,
            next(50),
            methods[next(4) as usize],
            next(5),
            next(30),
            bids.join(","),
            next(40) * 1_000_000
        )?;
    }
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
            let path = std::env::temp_dir().join("ocds-throughput.jsonl");
            if !path.exists() {
                generate(&path, 200_000)?;
            }
            let all = "[R003]\n[R018]\n[R024]\n[R025]\n[R028]\n[R030]\n[R035]\n[R036]\n[R038]\n[R048]\nminimum_contracting_processes = 1\n[R058]\n";
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
