//! `cargo xtask` — builds the browser bundle without cargo-leptos or any global tool:
//! `cargo build` of the wasm entry crate, wasm-bindgen through its library (pinned to the exact
//! version of the `wasm-bindgen` crate), `wasm-opt` from the npm package `binaryen` when
//! installed (`scripts/setup.sh`), the stylesheet, and gzip copies for the server to send.
//!
//! ```text
//! cargo xtask build [--dev]    # target/site/pkg/{yiwang.js, yiwang.wasm, yiwang.css} (+ .gz)
//! cargo xtask sizes            # prints the bundle's sizes, raw and gzip
//! ```

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const OUTPUT_NAME: &str = "yiwang";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => build(!args.iter().any(|a| a == "--dev")),
        Some("sizes") => sizes(&site_pkg()),
        _ => Err("usage: cargo xtask build [--dev] | cargo xtask sizes".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

fn site_pkg() -> PathBuf {
    std::env::var_os("YIWANG_SITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("site"))
        .join("pkg")
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed with {status}"))
    }
}

fn build(release: bool) -> Result<(), String> {
    let started = Instant::now();
    let root = workspace_root();
    let profile = if release { "wasm-release" } else { "dev" };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    println!("xtask: building the wasm bundle (profile {profile})");
    run(Command::new(&cargo).current_dir(&root).args([
        "build",
        "-p",
        "frontend",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        profile,
    ]))?;
    let profile_dir = if release { "wasm-release" } else { "debug" };
    let wasm = target_dir()
        .join("wasm32-unknown-unknown")
        .join(profile_dir)
        .join("frontend.wasm");
    let pkg = site_pkg();
    fs::create_dir_all(&pkg).map_err(|e| format!("cannot create {}: {e}", pkg.display()))?;

    println!("xtask: wasm-bindgen {}", wasm.display());
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(&wasm)
        .out_name(OUTPUT_NAME)
        .web(true)
        .map_err(|e| e.to_string())?;
    bindgen
        .debug(!release)
        .keep_debug(!release)
        .typescript(false);
    bindgen
        .generate(&pkg)
        .map_err(|e| format!("wasm-bindgen: {e}"))?;
    let bg = pkg.join(format!("{OUTPUT_NAME}_bg.wasm"));
    let out = pkg.join(format!("{OUTPUT_NAME}.wasm"));
    fs::rename(&bg, &out).map_err(|e| format!("cannot rename {}: {e}", bg.display()))?;
    let _ = fs::remove_file(pkg.join(format!("{OUTPUT_NAME}_bg.wasm.d.ts")));

    if release {
        match wasm_opt(&root) {
            Some(tool) => {
                println!("xtask: wasm-opt -Oz ({})", tool.display());
                let tmp = pkg.join(format!("{OUTPUT_NAME}.opt.wasm"));
                run(Command::new(&tool).arg(&out).arg("-o").arg(&tmp).args([
                    "-Oz",
                    "--strip-debug",
                    "--strip-producers",
                    "--enable-bulk-memory",
                    "--enable-nontrapping-float-to-int",
                    "--enable-sign-ext",
                    "--enable-mutable-globals",
                    "--enable-reference-types",
                    "--enable-multivalue",
                ]))?;
                fs::rename(&tmp, &out).map_err(|e| e.to_string())?;
            }
            None => println!("xtask: wasm-opt not installed (scripts/setup.sh installs it); the bundle stays unoptimised"),
        }
    }

    let css = stylesheet(&root.join("style"))?;
    fs::write(pkg.join(format!("{OUTPUT_NAME}.css")), css).map_err(|e| e.to_string())?;
    for ext in ["js", "wasm", "css"] {
        let file = pkg.join(format!("{OUTPUT_NAME}.{ext}"));
        let gz = gzip(&fs::read(&file).map_err(|e| e.to_string())?)?;
        fs::write(pkg.join(format!("{OUTPUT_NAME}.{ext}.gz")), gz).map_err(|e| e.to_string())?;
    }
    println!(
        "xtask: bundle ready in {} ({:.1} s)",
        pkg.display(),
        started.elapsed().as_secs_f64()
    );
    sizes(&pkg)
}

/// `wasm-opt` from `$WASM_OPT`, else from the npm package `binaryen` in `.tools/`. Debian's
/// `binaryen` (version 108) is deliberately not used: its output from this wasm-bindgen never
/// hydrates (see docs/build.md).
fn wasm_opt(root: &Path) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("WASM_OPT").map(PathBuf::from) {
        return p.exists().then_some(p);
    }
    let p = root.join(".tools/node_modules/.bin/wasm-opt");
    p.exists().then_some(p)
}

/// The stylesheet: every `.css` file of `style/`, in name order.
fn stylesheet(dir: &Path) -> Result<String, String> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "css"))
        .collect();
    files.sort();
    let mut css = String::new();
    for f in files {
        css.push_str(&fs::read_to_string(&f).map_err(|e| e.to_string())?);
        css.push('\n');
    }
    Ok(css)
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    enc.finish().map_err(|e| e.to_string())
}

fn sizes(pkg: &Path) -> Result<(), String> {
    for ext in ["wasm", "js", "css"] {
        let file = pkg.join(format!("{OUTPUT_NAME}.{ext}"));
        let raw = fs::read(&file)
            .map_err(|e| format!("{}: {e} (run `cargo xtask build` first)", file.display()))?;
        let gz = gzip(&raw)?;
        println!(
            "size {OUTPUT_NAME}.{ext}: {} bytes raw, {} bytes gzip ({:.1} KB gzip)",
            raw.len(),
            gz.len(),
            gz.len() as f64 / 1024.0
        );
    }
    Ok(())
}
