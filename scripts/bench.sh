#!/usr/bin/env bash
# Prints the figures recorded in BENCHMARKS.md. Measurements, not tests: nothing here fails on
# a slow machine.
#   scripts/bench.sh                 bundle sizes, browser validation time, check-engine throughput
#   scripts/bench.sh --clean-build   also: clean build time of the README run command, in a fresh
#                                    clone with an empty target directory (takes a while)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n\033[1;34m%s\033[0m\n' "$*"; }

if [ "${1:-}" = "--clean-build" ]; then
  say "clean build of the run command (fresh clone, empty target dir)"
  tmp=$(mktemp -d)
  git clone -q . "$tmp/yiwang"
  ( cd "$tmp/yiwang"
    export CARGO_TARGET_DIR="$tmp/target"
    start=$(date +%s)
    scripts/setup.sh >/dev/null
    cargo xtask build >/dev/null 2>&1
    mid=$(date +%s)
    cargo build --release -p server --bin yiwang >/dev/null 2>&1
    end=$(date +%s)
    echo "clean build: browser bundle $((mid - start)) s, server (release) $((end - mid)) s, total $((end - start)) s"
  )
  rm -rf "$tmp"
fi

say "browser bundle (release, wasm-opt -Oz)"
cargo xtask sizes

say "browser: one supplier-form validation in the page's wasm (headless Chromium)"
cargo build -q -p server --bin yiwang
cargo test -q -p end2end --test browser invalid_credit_code -- --nocapture 2>/dev/null | grep '^BENCH' || echo "(browser test did not run: scripts/setup.sh --test)"

say "check engine (criterion; shared/benches/checks.rs)"
if [ -f shared/benches/checks.rs ]; then
  cargo bench -q -p shared --bench checks 2>/dev/null | grep -E 'time:|thrpt:|^[a-z_/ ]+$' || true
fi
