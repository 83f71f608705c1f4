//! Writes N generated releases shaped like Chinese procurement (see `support/generator.rs`):
//! `cargo run --release -p ocds --example gen_releases -- N FILE [SEED]`.

#[path = "support/generator.rs"]
mod generator;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(path)) = (args.first(), args.get(1)) else {
        return Err("usage: gen_releases N FILE [SEED]".into());
    };
    let seed = args.get(2).map_or(Ok(2026), |s| s.parse())?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    generator::write_releases(&mut out, n.parse()?, seed)?;
    std::io::Write::flush(&mut out)?;
    Ok(())
}
