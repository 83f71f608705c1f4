#!/usr/bin/env bash
# Fuzzing (issue 8): runs every property of shared/tests/properties.rs and
# ocds/tests/properties.rs for a fixed budget and prints, per target, the executions, the
# inputs the parser accepted, the time and the result.
#
#   scripts/fuzz.sh                      # 40 s per target (25 targets: about 17 min on 2 cores)
#   FUZZ_SECONDS=5 scripts/fuzz.sh       # a quick pass
#   FUZZ_CASES=100000 scripts/fuzz.sh    # a fixed number of cases per target instead of time
#   FUZZ_SEED=42 scripts/fuzz.sh         # reproduce a run (default: a seed from the clock, printed)
#
# Debug build on purpose: integer overflow panics there. One test thread: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
if [[ -n "${FUZZ_CASES:-}" ]]; then
  export YIWANG_PROPTEST_CASES="$FUZZ_CASES"
  unset YIWANG_FUZZ_SECONDS
  budget="$FUZZ_CASES cases per target"
else
  export YIWANG_FUZZ_SECONDS="${FUZZ_SECONDS:-40}"
  budget="$YIWANG_FUZZ_SECONDS s per target"
fi
export YIWANG_FUZZ_SEED="${FUZZ_SEED:-$(date +%s)}"

cargo test -p shared -p ocds --test properties --no-run --quiet

log="$(mktemp)"
lines="$(mktemp)"
trap 'rm -f "$log" "$lines"' EXIT
status=0
start=$(date +%s)
for crate in shared ocds; do
  if ! cargo test -p "$crate" --test properties --quiet -- --nocapture --test-threads=1 >"$log" 2>&1; then
    status=1
  fi
  grep -oE 'fuzz: .*|panicked.*|FAILED.*' "$log" | tee -a "$lines" || true
done
awk -v budget="$budget" '
  /^fuzz: / {
    n++
    delete f
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    printf "| %-48s | %10s | %9s | %6s s | %s |\n", f["target"], f["executions"], f["accepted"], f["seconds"], f["result"]
    total += f["executions"]
  }
  END { printf "\n%d targets, %d executions in all (%s)\n", n, total, budget }
' "$lines"
echo "seed $YIWANG_FUZZ_SEED, wall $(( $(date +%s) - start )) s"
if [[ $status -ne 0 ]]; then
  echo "FAILED: see the lines above (a failing case names the seed that reproduces it)" >&2
fi
exit $status
