#!/usr/bin/env bash
# One command that sets up and runs every check and test: formatting, clippy for each package and
# feature set, unit/property/integration tests on SQLite and PostgreSQL, and the browser tests in
# headless Chromium against the release browser bundle. `.ci/run` runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
# No incremental caches: a test run builds every crate once, and the caches would double the
# size of target/ (a CI machine once ran out of disk in the middle of the build).
export CARGO_INCREMENTAL=0
# No debug info in the test build: with line tables, each test binary of `server` was ~950 MB (the
# names of Leptos' and sqlx's generic types), ~30 GB in all. Panics still name file and line.
export CARGO_PROFILE_DEV_DEBUG=false
step() { printf '\n\033[1;32m== %s\033[0m (%ss)\n' "$*" "$(( $(date +%s) - started ))"; }

step "setup"
# Free disk first: the debug and release builds need about 10 GB.
df -h . | tail -1 | awk '{ print "disk: " $4 " free of " $2 }'
scripts/setup.sh --test

step "format"
cargo fmt --all --check

step "clippy: shared, app (ssr), server, xtask, end2end — native"
cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
step "clippy: shared and app (hydrate) — wasm32"
cargo clippy -p shared -p frontend --target wasm32-unknown-unknown -- -D warnings

step "browser bundle (release, size-optimised)"
cargo xtask build

step "all tests: unit, property, integration (SQLite and PostgreSQL), browser (headless Chromium)"
# One cargo invocation for every package but the wasm entry, so every crate is compiled once with
# one feature resolution; the browser tests start the `yiwang` binary built by this same command.
cargo test --workspace --exclude frontend

step "all tests passed"
