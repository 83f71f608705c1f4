#!/usr/bin/env bash
# Dashboard response time (issue 6 point 8): POST /api/dashboard (the server function) and
# GET /regulator/dashboard (the page) for the city regulator (czczj) and a district regulator
# (tnczj), default filter and others, on the full demo data and on a generated database of
# PROJECTS projects (default 1,000,000; bulk SQL, server/examples/bench.rs `dashboard-gen`), each
# on SQLite and PostgreSQL. Measurements, not a test.
#   scripts/bench-dashboard.sh                  demo + 1,000,000, both databases
#   PROJECTS=100000 BACKENDS=sqlite scripts/bench-dashboard.sh
#   SETS=generated scripts/bench-dashboard.sh   only the generated database (SETS=demo: only the demo)
# SQLite files go to $TMPDIR (default /tmp); PostgreSQL (YIWANG_BENCH_POSTGRES, default
# postgres://root@127.0.0.1:5432) gets databases yiwang_bench_dash_*; all are removed at the end
# unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
projects=${PROJECTS:-1000000}
backends=${BACKENDS:-sqlite postgres}
sets=${SETS:-demo generated}
runs=${RUNS:-30}
pg=${YIWANG_BENCH_POSTGRES:-postgres://root@127.0.0.1:5432}
tmp=${TMPDIR:-/tmp}
cargo build -q --release -p server --bin yiwang --example bench
bench="$target/release/examples/bench"
yiwang="$target/release/yiwang"
echo "machine: $(nproc) cores, $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %H:%M UTC')"
cleanup=()
finish() {
  [ "${KEEP:-0}" = 1 ] && return
  for c in "${cleanup[@]}"; do eval "$c" || true; done
}
trap finish EXIT
for set in $sets; do
  for backend in $backends; do
    name="yiwang_bench_dash_${set}_$$"
    if [ "$backend" = sqlite ]; then
      url="sqlite://$tmp/$name.db"
      rm -f "$tmp/$name.db"*
      cleanup+=("rm -f '$tmp/$name.db' '$tmp/$name.db-wal' '$tmp/$name.db-shm'")
    else
      url="$pg/$name"
      psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
      cleanup+=("psql -q '$pg/postgres' -c 'DROP DATABASE IF EXISTS $name WITH (FORCE)'")
    fi
    echo
    if [ "$set" = demo ]; then
      echo "== $backend: the full demo (loaded at the server's first start)"
      "$bench" dashboard --bin "$yiwang" --url "$url" --demo full --runs "$runs"
    else
      echo "== $backend: $projects generated projects"
      start=$(date +%s)
      "$bench" dashboard-gen --url "$url" --projects "$projects"
      echo "generated in $(( $(date +%s) - start )) s"
      [ "$backend" = sqlite ] && ls -l "$tmp/$name.db" | awk '{printf "database file: %d MB\n", $5 / 1e6}'
      "$bench" dashboard --bin "$yiwang" --url "$url" --demo 0 --runs "$runs"
    fi
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
