#!/usr/bin/env bash
# One command from a fresh machine to the running platform at http://127.0.0.1:3000:
# installs the tools (scripts/setup.sh), builds the browser bundle and the server (release), and
# starts it on the embedded SQLite database ./data/yiwang.db (created, migrated and filled with
# the full demo data on first start: YIWANG_DEMO=full, set here; YIWANG_DEMO=0 for none). Settings:
# see README.md (YIWANG_ADDR, DATABASE_URL, YIWANG_DEMO, RUST_LOG).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo xtask build
cargo build --release -p server --bin yiwang
mkdir -p data
# The demo data (accounts with the published password, README) is asked for explicitly.
exec env YIWANG_DEMO="${YIWANG_DEMO:-full}" target/release/yiwang serve
