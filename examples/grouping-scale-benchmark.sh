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

if [ "$BUILD" = yes ]; then
  echo "Building Solstice (tests skipped)..."
  (cd "$ROOT" && mvn -B -q install -DskipTests)
  for profile in beam273 flink; do
    echo "Building the Nexmark project for profile $profile..."
    (cd "$NEXMARK" && mvn -B -q -P"$profile" package -DskipTests)
  done
fi

OUT="$NEXMARK/target/grouping-scale/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
echo "Grouping scale benchmark directory: $OUT"

OPENS=()
for p in java.lang java.lang.invoke java.math java.io java.net java.nio java.text java.util \
         java.util.concurrent sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  OPENS+=("--add-opens=java.base/$p=ALL-UNNAMED")
done

classpath() {
  case "$1" in
    solstice) echo "$NEXMARK/target/beam273/classes:$(cat "$NEXMARK/target/beam273/classpath.txt")" ;;
    flink) echo "$NEXMARK/target/flink/classes:$(cat "$NEXMARK/target/flink/classpath.txt")" ;;
    *) echo "--runners takes solstice and flink, not $1" >&2; exit 2 ;;
  esac
}

runner_args() {
  case "$1" in
    solstice) echo "--runner=SolsticeRunner --parallelism=$PARALLELISM" ;;
    flink) echo "--runner=FlinkRunner --flinkMaster=[local] --parallelism=$PARALLELISM" ;;
  esac
}

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

# Per run; then the median over a size and runner's runs (of those that gave a figure).
run_job_seconds() { awk '$1=="RESULT" && $3 ~ /^[0-9]+([.][0-9]+)?$/ {print $3}' "$OUT/$1.log" | tail -1; }
# The job exits 0 only when it ended DONE with exact counts (its RESULT line may be cut by a runner's
# log line printed at the same moment, so the exit status decides).
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
  echo "$values" | tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {if (NR == 0) print ""; else if (NR % 2) print a[(NR+1)/2]; else printf "%.2f", (a[NR/2]+a[NR/2+1])/2}'
}
job_seconds() { median_of run_job_seconds "$1"; }
wall() { median_of run_wall "$1"; }
rss_gb() { median_of run_rss_gb "$1"; }
outcome() {
  local outcomes
  outcomes="$(for repeat in $(seq 1 "$REPEATS"); do run_outcome "$1-$repeat"; done | sort | uniq -c | awk '{c=$1; $1=""; printf "%s%s x%d", (NR>1 ? ", " : ""), substr($0, 2), c}')"
  echo "$outcomes"
}
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
