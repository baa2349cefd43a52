#!/usr/bin/env bash
# The Spark bridge from a cached DataFrame of ROWS rows (long, double and string columns) to Beam
# rows counted in the first stage: SparkSource on SolsticeRunner, against Spark's own Arrow
# conversion (toArrowBatchRdd) and against the naive path (collect to the driver, then Create.of on
# SolsticeRunner). Each mode runs in a JVM of its own (for its peak RSS), REPEATS times,
# interleaved; within a JVM the first of RUNS runs warms up and the median of the rest counts.
# Prints each mode's median rows/s, MB/s (the DataFrame as Arrow batches) and peak RSS, and the
# ratios. Runs from spark-bridge's test classes: Spark stays off the examples jar's classpath.
# Builds Solstice first, unless --no-build.
# Usage: examples/spark-bridge-benchmark.sh [--rows=10000000] [--repeats=3] [--runs=5]
#        [--naiveRuns=1] [--modes=spark-arrow,solstice,naive] [--heap=8g] [--no-build]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ROWS=10000000
REPEATS=3
RUNS=5
NAIVE_RUNS=1
MODES=spark-arrow,solstice,naive
HEAP=8g
BUILD=yes
for arg in "$@"; do
  case "$arg" in
    --rows=*) ROWS="${arg#*=}" ;;
    --repeats=*) REPEATS="${arg#*=}" ;;
    --runs=*) RUNS="${arg#*=}" ;;
    --naiveRuns=*) NAIVE_RUNS="${arg#*=}" ;;
    --modes=*) MODES="${arg#*=}" ;;
    --heap=*) HEAP="${arg#*=}" ;;
    --no-build) BUILD=no ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/spark-bridge-benchmark.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=spark-bridge-java.sh
source "$HERE/spark-bridge-java.sh"

IFS=, read -r -a MODE_LIST <<< "$MODES"
for repeat in $(seq 1 "$REPEATS"); do
  for mode in "${MODE_LIST[@]}"; do
    runs="$RUNS"
    [ "$mode" = naive ] && runs="$NAIVE_RUNS"
    echo "== repeat $repeat, $mode ($runs runs of $ROWS rows)"
    if ! spark_bridge_java "$HEAP" io.solstice.spark.bench.SparkBridgeBenchmark \
        --mode="$mode" --rows="$ROWS" --runs="$runs" >"$WORK/$mode-$repeat.out" 2>"$WORK/$mode-$repeat.log" \
        || ! grep -q '^RESULT' "$WORK/$mode-$repeat.out"; then
      echo "The $mode run failed; the end of its output:" >&2
      tail -30 "$WORK/$mode-$repeat.out" "$WORK/$mode-$repeat.log" >&2
      exit 1
    fi
    grep -E '^(RESULT|PEAK_RSS_MB)' "$WORK/$mode-$repeat.out"
  done
done

python3 - "$WORK" "$MODES" <<'PY'
import glob, re, statistics, sys
work, modes = sys.argv[1], sys.argv[2].split(",")
figures = {}
for mode in modes:
    rates, mbs, rss = [], [], []
    for out in sorted(glob.glob(f"{work}/{mode}-*.out")):
        text = open(out).read()
        m = re.search(r"RESULT \S+ seconds=(\S+) rows_per_s=(\S+) mb_per_s=(\S+)", text)
        r = re.search(r"PEAK_RSS_MB (\d+)", text)
        if m and r:
            rates.append(float(m.group(2))); mbs.append(float(m.group(3))); rss.append(int(r.group(1)))
    if rates:
        figures[mode] = (statistics.median(rates), statistics.median(mbs), statistics.median(rss), len(rates))
print()
print(f"{'mode':<12} {'rows/s':>12} {'MB/s':>8} {'peak RSS MB':>12}  repeats")
for mode, (rate, mb, rss, n) in figures.items():
    print(f"{mode:<12} {rate:>12,.0f} {mb:>8.1f} {rss:>12,}  {n}")
if "solstice" in figures:
    s = figures["solstice"][0]
    if "spark-arrow" in figures:
        print(f"SparkSource on Solstice / Spark's own Arrow conversion: {s / figures['spark-arrow'][0]:.2f} (goal: at least 0.70)")
    if "naive" in figures:
        print(f"SparkSource on Solstice / naive collect + Create.of:    {s / figures['naive'][0]:.1f}x (goal: more than 5x)")
PY
