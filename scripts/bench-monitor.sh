#!/usr/bin/env bash
# Monitor latency (issue 6 point 8): from an event being stored to its arrival on a connected
# regulator's monitor (server-sent events), at steady write rates, on SQLite and on PostgreSQL.
# Starts the release `yiwang` on loopback on a fresh database of each kind (small demo), signs in
# the city regulator, opens /regulator/monitor/stream and stores budget lines through the ingest
# API (one `step` event each). Measurements, not a test. The program: server/examples/bench.rs.
#   scripts/bench-monitor.sh                                 100/s and 500/s, 20 s each, both databases
#   scripts/bench-monitor.sh --seconds 10 --rates 100,500,1000 --backends sqlite
# PostgreSQL: YIWANG_BENCH_POSTGRES (default postgres://root@127.0.0.1:5432); a database
# yiwang_bench_monitor_<pid> is created and dropped. SQLite: a file in $TMPDIR (default /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
cargo build -q --release -p server --bin yiwang --example bench
echo "machine: $(nproc) cores, $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %H:%M UTC')"
"$target/release/examples/bench" monitor --bin "$target/release/yiwang" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
