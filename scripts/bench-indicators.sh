#!/usr/bin/env bash
# Throughput of `yiwang indicators` (crate ocds, Cardinal's 11 red flags) over generated releases
# shaped like Chinese procurement (ocds/examples/support/generator.rs: bids, awards, tenderers,
# methods, amounts in CNY; fixed seed). Measurements, not a test: nothing fails on a slow machine.
#   scripts/bench-indicators.sh              100,000 and 1,000,000 releases, 3 runs each
#   scripts/bench-indicators.sh 200000 ...   other sizes
#   RUNS=5 MAP=1 scripts/bench-indicators.sh also with --map (RUNS: runs per size)
# The files go to a temporary folder, removed at the end. The figures in BENCHMARKS.md come from here.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n\033[1;34m%s\033[0m\n' "$*"; }
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
runs=${RUNS:-3}
target=${CARGO_TARGET_DIR:-target}

say "building (release): the generator and yiwang"
cargo build -q --release -p ocds --example gen_releases
cargo build -q --release -p server --bin yiwang
yiwang="$target/release/yiwang"
gen="$target/release/examples/gen_releases"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Every indicator, with the legal minimum periods of each method for R003.
cat > "$tmp/settings.ini" <<'INI'
currency = CNY
[R003]
[R003.procurement_method_details]
公开招标 = 20
邀请招标 = 20
竞争性磋商 = 10
竞争性谈判 = 3
询价 = 3
[R018]
[R024]
[R025]
[R028]
[R030]
[R035]
[R036]
[R038]
[R048]
[R058]
INI

flags=("")
[ "${MAP:-0}" = 1 ] && flags+=("--map")
echo "machine: $(nproc) cores, $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${sizes[@]}"; do
  file="$tmp/releases-$n.jsonl"
  "$gen" "$n" "$file"
  bytes=$(stat -c %s "$file")
  cat "$file" > /dev/null # into the page cache, as for every run after the first
  for flag in "${flags[@]}"; do
    say "$n releases, $((bytes / 1000000)) MB: yiwang indicators --settings settings.ini ${flag:+$flag }FILE"
    for run in $(seq "$runs"); do
      if [ -x /usr/bin/time ]; then # GNU time: also the peak memory
        /usr/bin/time -o "$tmp/time" -f '%e %U %S %M' \
          "$yiwang" indicators --settings "$tmp/settings.ini" $flag "$file" > "$tmp/out.json" 2> "$tmp/err"
      else
        TIMEFORMAT='%R %U %S 0'
        { time "$yiwang" indicators --settings "$tmp/settings.ini" $flag "$file" > "$tmp/out.json" 2> "$tmp/err"; } 2> "$tmp/time"
      fi
      read -r wall user sys rss < "$tmp/time"
      awk -v n="$n" -v b="$bytes" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" -v run="$run" -v out="$(stat -c %s "$tmp/out.json")" 'BEGIN {
        printf "run %d: %7.0f releases/s  %6.1f MB/s  wall %.2f s  CPU %.2f s (user %.2f + sys %.2f)  peak %d MB  output %d KB\n",
          run, n / w, b / w / 1e6, w, u + s, u, s, m / 1024, out / 1000 }'
    done
  done
  rm -f "$file"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
