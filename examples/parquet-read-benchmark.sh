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
if [ ! -x /usr/bin/time ]; then
  echo "This benchmark needs GNU time at /usr/bin/time (Debian's package: time)" >&2
  exit 2
fi

if [ "$BUILD" = yes ]; then
  echo "Building Solstice (tests skipped)..."
  (cd "$ROOT" && mvn -B -q install -DskipTests)
  for profile in beam273 flink; do
    echo "Building the Nexmark project for profile $profile..."
    (cd "$NEXMARK" && mvn -B -q -P"$profile" package -DskipTests)
  done
fi

OUT="$NEXMARK/target/parquet-read/$(date +%Y%m%d-%H%M%S)"
DATA="$NEXMARK/target/parquet-read/data-$ROWS-$FILES"
mkdir -p "$OUT"
echo "Parquet read benchmark directory: $OUT"

OPENS=()
for p in java.lang java.lang.invoke java.math java.io java.net java.nio java.text java.util \
         java.util.concurrent sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  OPENS+=("--add-opens=java.base/$p=ALL-UNNAMED")
done

classpath() {
  case "$1" in
    solstice) echo "$NEXMARK/target/beam273/classes:$(cat "$NEXMARK/target/beam273/classpath.txt")" ;;
    flink) echo "$NEXMARK/target/flink/classes:$(cat "$NEXMARK/target/flink/classpath.txt")" ;;
    *) echo "--modes take solstice-... and flink-..., not $1" >&2; exit 2 ;;
  esac
}

runner_args() {
  case "$1" in
    solstice) echo "--runner=SolsticeRunner --parallelism=$PARALLELISM" ;;
    flink) echo "--runner=FlinkRunner --flinkMaster=[local] --parallelism=$PARALLELISM" ;;
  esac
}

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

# The RESULT line's time, if it is a number (a runner's log line must never pass for one).
run_job_seconds() { awk '$1=="RESULT" && $3 ~ /^[0-9]+([.][0-9]+)?$/ {print $3}' "$OUT/$1.log" | tail -1; }
# The job exits 0 only when it ended DONE with exact counts.
run_outcome() {
  local exit_status
  exit_status="$(sed -n 's/.*Exit status: //p' "$OUT/$1.time.txt")"
  case "$exit_status" in
    0) echo "exact" ;;
    124|137) echo "timed out" ;;
    1) if grep -q '^RESULT' "$OUT/$1.log"; then echo "WRONG counts"; else echo "failed (1)"; fi ;;
    *) echo "failed ($exit_status)" ;;
  esac
}
run_wall() { sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/$1.time.txt" | awk -F: '{s=0; for (i=1; i<=NF; i++) s = s*60 + $i; printf "%.1f", s}'; }
run_rss_gb() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/$1.time.txt" | awk '{printf "%.2f", $1/1024/1024}'; }
median_of() {
  local figure="$1" prefix="$2" values=""
  for repeat in $(seq 1 "$REPEATS"); do values="$values $("$figure" "$prefix-$repeat")"; done
  echo "$values" | tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {if (NR == 0) print ""; else if (NR % 2) print a[(NR+1)/2]; else printf "%.3f", (a[NR/2]+a[NR/2+1])/2}'
}
job_seconds() { median_of run_job_seconds "$1"; }
wall() { median_of run_wall "$1"; }
rss_gb() { median_of run_rss_gb "$1"; }
rows_per_second() { awk -v s="$(job_seconds "$1")" -v n="$ROWS" 'BEGIN {if (s > 0) printf "%.0f", n / s; else printf "n/a"}'; }
outcome() {
  for repeat in $(seq 1 "$REPEATS"); do run_outcome "$1-$repeat"; done | sort | uniq -c | awk '{c=$1; $1=""; printf "%s%s x%d", (NR>1 ? ", " : ""), substr($0, 2), c}'
}
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
