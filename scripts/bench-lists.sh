#!/usr/bin/env bash
# List pages at scale (issue 18 point 3): a page of the project list and of the findings, with
# searches (one, two, four and more characters, a number, no match) and filters, for the city's and
# a district's regulator, on a generated database of PROJECTS projects (default 1,000,000; bulk SQL,
# server/examples/bench.rs `dashboard-gen`, names shaped like the platform's) and/or the full demo.
# Measurements, not a test.
#   scripts/bench-lists.sh                               1,000,000 generated projects on PostgreSQL
#   BACKENDS="sqlite postgres" SETS="demo generated" scripts/bench-lists.sh
# SQLite files go to $TMPDIR; PostgreSQL (YIWANG_BENCH_POSTGRES, default
# postgres://root@127.0.0.1:5432) gets databases yiwang_bench_lists_*; removed at the end unless
# KEEP=1 (KEEP_URL= reuses a kept generated database).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
projects=${PROJECTS:-1000000}
backends=${BACKENDS:-postgres}
sets=${SETS:-generated}
runs=${RUNS:-20}
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
    if [ -n "${KEEP_URL:-}" ] && [ "$set" = generated ]; then
      echo "== $KEEP_URL (kept)"
      "$bench" lists --bin "$yiwang" --url "$KEEP_URL" --demo 0 --runs "$runs"
      continue
    fi
    name="yiwang_bench_lists_${set}_$$"
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
      "$bench" lists --bin "$yiwang" --url "$url" --demo full --runs "$runs"
    else
      echo "== $backend: $projects generated projects ($url)"
      start=$(date +%s)
      "$bench" dashboard-gen --url "$url" --projects "$projects"
      echo "generated in $(( $(date +%s) - start )) s"
      [ "$backend" = postgres ] && psql -q "$url" -c "ANALYZE" >/dev/null
      "$bench" lists --bin "$yiwang" --url "$url" --demo 0 --runs "$runs"
    fi
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
