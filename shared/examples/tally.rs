//! Tallies every check's answers over project records (JSON lines of `ProjectRecord`, as
//! `yiwang checks tally --dump FILE` writes them): per check, how many subjects were flagged,
//! clear, or had insufficient data, and which inputs were missing most often.
//!
//! `cargo run -p shared --example tally -- FILE [AS_OF]` (AS_OF: RFC 3339; default: now).
//! The server's `yiwang checks tally` prints the same table from the database; this runs on the
//! records alone, so an older revision of the checks can be compared on the same data.

use std::collections::BTreeMap;
use std::io::BufRead;

use shared::checks::{run_all, run_portfolio, CheckContext, Outcome};
use shared::model::ProjectRecord;
use shared::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next() else {
        eprintln!("usage: tally FILE [AS_OF]");
        std::process::exit(2);
    };
    let fail = |msg: String| -> ! {
        eprintln!("tally: {msg}");
        std::process::exit(2);
    };
    let as_of = args
        .next()
        .map(|s| Instant::parse(&s).unwrap_or_else(|e| fail(format!("AS_OF {s}: {e}"))))
        .unwrap_or_else(|| {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            Instant::from_unix_seconds(secs)
        });
    let reader = std::io::BufReader::new(
        std::fs::File::open(&file).unwrap_or_else(|e| fail(format!("{file}: {e}"))),
    );
    let records: Vec<ProjectRecord> = reader
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let l = l.unwrap_or_else(|e| fail(format!("{file}: {e}")));
            serde_json::from_str(&l).unwrap_or_else(|e| {
                fail(format!("{file} line {}: not a project record: {e}", i + 1))
            })
        })
        .collect();
    let ctx = CheckContext::builtin(as_of);
    // check id → (flagged, clear, insufficient, missing input → count)
    let mut t: BTreeMap<String, (u64, u64, u64, BTreeMap<String, u64>)> = BTreeMap::new();
    let mut add = |id: &str, o: &Outcome| {
        let e = t.entry(id.to_owned()).or_default();
        match o {
            Outcome::Flagged(_) => e.0 += 1,
            Outcome::Clear(_) => e.1 += 1,
            Outcome::InsufficientData { missing } => {
                e.2 += 1;
                for m in missing {
                    *e.3.entry((*m).to_owned()).or_default() += 1;
                }
            }
        }
    };
    for r in &records {
        for (m, o) in run_all(r, &ctx) {
            add(m.id, &o);
        }
    }
    for p in run_portfolio(&records, &ctx) {
        add(p.check.id, &p.outcome);
    }
    println!("{} records, as of {}", records.len(), as_of);
    println!("check\tflagged\tclear\tinsufficient\tmost often missing");
    for (id, (f, c, i, missing)) in &t {
        let mut m: Vec<_> = missing.iter().collect();
        m.sort_by(|a, b| b.1.cmp(a.1));
        let top: Vec<String> = m
            .iter()
            .take(3)
            .map(|(k, n)| format!("{k} ({n})"))
            .collect();
        println!("{id}\t{f}\t{c}\t{i}\t{}", top.join("; "));
    }
}
