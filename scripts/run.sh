#!/usr/bin/env bash
# One command from a fresh machine to the running platform at http://127.0.0.1:3000:
# installs the tools (scripts/setup.sh), builds the browser bundle and the server (release), and
# starts it on the embedded SQLite database ./data/yiwang.db (created, migrated and filled with
# demo data on first start). Settings: see README.md (YIWANG_ADDR, DATABASE_URL, RUST_LOG).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo xtask build
cargo build --release -p server --bin yiwang
mkdir -p data
exec target/release/yiwang serve
