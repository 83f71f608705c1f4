#!/usr/bin/env bash
# Load test (issue 8): the release `yiwang` on loopback on a fresh database with the small demo,
# 200 experts scoring, 50 suppliers bidding, 20 regulators on the live monitor and ingest at 200
# writes a second, for a bounded time; prints errors and p50/p99 response times per kind of request
# (server/examples/load.rs). Loopback only; nothing is downloaded (the build uses the lock file).
#
#   scripts/load.sh [sqlite|postgres] [SECONDS] [more options of the generator, e.g. --experts 100]
#
# PostgreSQL: a new database on YIWANG_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/postgres),
# dropped afterwards. Exit status 1 if any request failed.
set -euo pipefail
cd "$(dirname "$0")/.."
database=${1:-sqlite}
seconds=${2:-60}
shift $(( $# > 2 ? 2 : $# ))
target=${CARGO_TARGET_DIR:-target}
# One build for both, so that they share one feature set (the generator is an example: dev-deps).
cargo build --offline --release -p server --bin yiwang --example load
exec "$target/release/examples/load" \
  --yiwang "$target/release/yiwang" \
  --database "$database" \
  --postgres "${YIWANG_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}" \
  --seconds "$seconds" \
  "$@"
