#!/usr/bin/env bash
# Batch at scale: a GroupByKey of N distinct keys (GenerateSequence -> KV<Long, String> ->
# GroupByKey -> a DoFn counting groups and values; io.solstice.nexmark.DistinctKeysGroupRun) on
# Solstice and on the Flink runner (Beam 2.70.0, embedded Flink 1.19), each run a JVM of its own
# with the same heap and parallelism, under /usr/bin/time -v, --repeats times (sizes and runners
# alternating). Prints, per size and runner, the medians of the job's time, the process's wall time
# and peak RSS, whether every run's counts were exact, and Solstice/Flink ratios of the medians. A
# run that fails or passes --timeout shows as such (a hang is stopped, never waited out).
# Builds Solstice and the Nexmark project's Solstice and Flink builds first, unless --no-build.
# Usage: examples/grouping-scale-benchmark.sh [--sizes=2000000,10000000,50000000] [--runners=solstice,flink]
#        [--repeats=3] [--heap=2g] [--parallelism=2] [--timeout=1200] [--no-build]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
NEXMARK="$HERE/nexmark"
SIZES=2000000,10000000,50000000
RUNNERS=solstice,flink
HEAP=2g
PARALLELISM=2
TIMEOUT=1200
REPEATS=3
BUILD=yes
for arg in "$@"; do
  case "$arg" in
    --sizes=*) SIZES="${arg#*=}" ;;
    --runners=*) RUNNERS="${arg#*=}" ;;
    --heap=*) HEAP="${arg#*=}" ;;
    --parallelism=*) PARALLELISM="${arg#*=}" ;;
    --timeout=*) TIMEOUT="${arg#*=}" ;;
    --repeats=*) REPEATS="${arg#*=}" ;;
    --no-build) BUILD=no ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

# shellcheck source=examples/nexmark-job-runs.sh
source "$HERE/nexmark-job-runs.sh"
if [ "$BUILD" = yes ]; then
  build_nexmark_runners
fi

OUT="$NEXMARK/target/grouping-scale/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
echo "Grouping scale benchmark directory: $OUT"

# One run: RESULT line (job seconds, counts) from the job, wall time and peak RSS from time -v.
run() {
  local runner="$1" keys="$2" name="$1-$2-$3"
  echo "GroupByKey of $keys distinct keys on $runner (-Xmx$HEAP, parallelism $PARALLELISM), run $3 of $REPEATS..."
  # shellcheck disable=SC2046
  /usr/bin/time -v -o "$OUT/$name.time.txt" \
    timeout --kill-after=30 "$TIMEOUT" \
    java "-Xmx$HEAP" "${OPENS[@]}" -cp "$(classpath "$runner")" io.solstice.nexmark.DistinctKeysGroupRun \
      "$keys" $(runner_args "$runner") > "$OUT/$name.log" 2>&1 || true
}

IFS=',' read -r -a sizes <<<"$SIZES"
IFS=',' read -r -a runners <<<"$RUNNERS"
for repeat in $(seq 1 "$REPEATS"); do
  for keys in "${sizes[@]}"; do
    for runner in "${runners[@]}"; do
      run "$runner" "$keys" "$repeat"
    done
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf (a > 0 && b > 0 ? "%.2f" : "n/a"), a / b}'; }

{
  echo
  echo "GroupByKey of N distinct keys, -Xmx$HEAP, parallelism $PARALLELISM, medians of $REPEATS runs, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  printf '%-12s | %-9s | %-10s | %-10s | %-12s | %-10s\n' "keys" "runner" "job s" "process s" "peak RSS GB" "results"
  for keys in "${sizes[@]}"; do
    for runner in "${runners[@]}"; do
      name="$runner-$keys"
      printf '%-12s | %-9s | %-10s | %-10s | %-12s | %-10s\n' "$keys" "$runner" "$(job_seconds "$name")" "$(wall "$name")" "$(rss_gb "$name")" "$(outcome "$name")"
    done
  done
  if [[ ",$RUNNERS," == *",solstice,"* && ",$RUNNERS," == *",flink,"* ]]; then
    echo
    for keys in "${sizes[@]}"; do
      echo "$keys keys: Solstice/Flink job time $(ratio "$(job_seconds "solstice-$keys")" "$(job_seconds "flink-$keys")"), peak RSS $(ratio "$(rss_gb "solstice-$keys")" "$(rss_gb "flink-$keys")")"
    done
  fi
} | tee "$OUT/report.txt"
