//! `yiwang indicators` without the server crate (quick to build, for development and
//! comparisons): `cargo run --release -p ocds --example indicators -- SETTINGS FILE [--no-meta] [--map] [--count]`.

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |f: &str| args.iter().any(|a| a == f);
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [settings, file] = files.as_slice() else {
        eprintln!("usage: indicators SETTINGS FILE [--no-meta] [--map] [--count]");
        std::process::exit(2);
    };
    match ocds::indicators_command(
        Path::new(settings),
        Path::new(file),
        flag("--no-meta"),
        flag("--map"),
        flag("--count"),
    ) {
        Ok(out) => {
            eprint!("{}", out.stderr);
            print!("{}", out.stdout);
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
