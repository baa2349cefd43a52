#!/usr/bin/env bash
# Parquet read: ArrowParquetIO (Arrow's C++ Parquet reader, rows built from Arrow vectors) against
# Beam's ParquetIO (GenericRecords converted to rows), on SolsticeRunner and on the Flink runner
# (Beam 2.70.0, embedded Flink 1.19). The job (io.solstice.nexmark.parquet.ParquetReadRun) reads
# --rows rows of (id long, value double, name string) from --files Parquet files (written once by
# ParquetIO, snappy) and counts rows and sums ids in a DoFn. Each run is a JVM of its own with the
# same heap and parallelism, under /usr/bin/time -v, --repeats times (modes alternating). Prints per
# mode the medians of job time, process wall time, peak RSS and rows/s, whether every run's counts
# were exact, and ratios against ParquetIO on each runner.
# Builds Solstice and the Nexmark project's Solstice and Flink builds first, unless --no-build.
# Usage: examples/parquet-read-benchmark.sh [--rows=10000000] [--files=8]
#        [--modes=solstice-arrow,solstice-parquetio,flink-parquetio,flink-arrow]
#        [--repeats=3] [--heap=4g] [--parallelism=2] [--timeout=900] [--no-build]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
NEXMARK="$HERE/nexmark"
ROWS=10000000
FILES=8
MODES=solstice-arrow,solstice-parquetio,flink-parquetio,flink-arrow
HEAP=4g
PARALLELISM=2
TIMEOUT=900
REPEATS=3
BUILD=yes
for arg in "$@"; do
  case "$arg" in
    --rows=*) ROWS="${arg#*=}" ;;
    --files=*) FILES="${arg#*=}" ;;
    --modes=*) MODES="${arg#*=}" ;;
    --heap=*) HEAP="${arg#*=}" ;;
    --parallelism=*) PARALLELISM="${arg#*=}" ;;
    --timeout=*) TIMEOUT="${arg#*=}" ;;
    --repeats=*) REPEATS="${arg#*=}" ;;
    --no-build) BUILD=no ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

IFS=',' read -r -a modes <<<"$MODES"
for mode in "${modes[@]}"; do
  case "$mode" in
    solstice-arrow|solstice-parquetio|flink-arrow|flink-parquetio) ;;
    *) echo "--modes take solstice-arrow, solstice-parquetio, flink-arrow and flink-parquetio, not $mode" >&2; exit 2 ;;
  esac
done
# shellcheck source=examples/nexmark-job-runs.sh
source "$HERE/nexmark-job-runs.sh"
if [ "$BUILD" = yes ]; then
  build_nexmark_runners
fi

OUT="$NEXMARK/target/parquet-read/$(date +%Y%m%d-%H%M%S)"
DATA="$NEXMARK/target/parquet-read/data-$ROWS-$FILES"
mkdir -p "$OUT"
echo "Parquet read benchmark directory: $OUT"

if [ ! -f "$DATA/complete" ]; then
  echo "Writing $ROWS rows into $FILES Parquet files with ParquetIO on SolsticeRunner ($DATA)..."
  rm -rf "$DATA"
  # shellcheck disable=SC2046
  if ! java "-Xmx$HEAP" "${OPENS[@]}" -cp "$(classpath solstice)" io.solstice.nexmark.parquet.ParquetReadRun \
      generate "$DATA" "$ROWS" "$FILES" $(runner_args solstice) > "$OUT/generate.log" 2>&1; then
    echo "Writing the input failed; its log:" >&2
    tail -30 "$OUT/generate.log" >&2
    exit 1
  fi
  touch "$DATA/complete"
fi
INPUT_MB="$(du -cm "$DATA"/*.parquet | tail -1 | cut -f1)"

# One run: RESULT line (job seconds, counts) from the job, wall time and peak RSS from time -v.
run() {
  local mode="$1" runner="${1%%-*}" reader="${1#*-}" name="$1-$2"
  echo "$reader on $runner (-Xmx$HEAP, parallelism $PARALLELISM), run $2 of $REPEATS..."
  # shellcheck disable=SC2046
  /usr/bin/time -v -o "$OUT/$name.time.txt" \
    timeout --kill-after=30 "$TIMEOUT" \
    java "-Xmx$HEAP" "${OPENS[@]}" -cp "$(classpath "$runner")" io.solstice.nexmark.parquet.ParquetReadRun \
      read "$reader" "$DATA/*.parquet" "$ROWS" $(runner_args "$runner") > "$OUT/$name.log" 2> "$OUT/$name.err" || true
}

for repeat in $(seq 1 "$REPEATS"); do
  for mode in "${modes[@]}"; do
    run "$mode" "$repeat"
  done
done

rows_per_second() { awk -v s="$(job_seconds "$1")" -v n="$ROWS" 'BEGIN {if (s > 0) printf "%.0f", n / s; else printf "n/a"}'; }
# How many times faster the first mode is than the second (job-time medians).
speedup() { awk -v a="$(job_seconds "$1")" -v b="$(job_seconds "$2")" 'BEGIN {if (a > 0 && b > 0) printf "%.2fx", b / a; else printf "n/a"}'; }
has_mode() { [[ ",$MODES," == *",$1,"* ]]; }

{
  echo
  echo "Parquet read of $ROWS rows (id, value, name) in $FILES files, $INPUT_MB MB, -Xmx$HEAP, parallelism $PARALLELISM, medians of $REPEATS runs, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  printf '%-20s | %-8s | %-10s | %-11s | %-12s | %-10s\n' "mode" "job s" "process s" "rows/s" "peak RSS GB" "results"
  for mode in "${modes[@]}"; do
    printf '%-20s | %-8s | %-10s | %-11s | %-12s | %-10s\n' "$mode" "$(job_seconds "$mode")" "$(wall "$mode")" "$(rows_per_second "$mode")" "$(rss_gb "$mode")" "$(outcome "$mode")"
  done
  echo
  for pair in solstice-arrow:solstice-parquetio solstice-arrow:flink-parquetio flink-arrow:flink-parquetio solstice-parquetio:flink-parquetio; do
    a="${pair%%:*}" b="${pair##*:}"
    if has_mode "$a" && has_mode "$b"; then echo "$a is $(speedup "$a" "$b") as fast as $b (job time)"; fi
  done
} | tee "$OUT/report.txt"
