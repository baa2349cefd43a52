#!/usr/bin/env bash
# Nexmark suite (batch, or streaming with --streaming) on DirectRunner, SolsticeRunner, FlinkRunner
# and SparkRunner, one JVM process per runner (each with its own classpath), then a side-by-side
# table. Exits non-zero if a query fails on any runner or a result count differs from
# DirectRunner's (queries whose counts depend on trigger timing excepted: see README.md).
# Usage: examples/nexmark/run-nexmark.sh --help
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

NUM_EVENTS=100000
SUITE=SMOKE
RUNNERS=
RERUN_DIRECT=false
STREAMING=false
BUILD=true
XMX=8g
QUERY_TIMEOUT=3600
EXTRA=()

usage() {
  cat <<EOF
Usage: $0 [options] [-- extra Nexmark arguments for every runner]
  --numEvents=N        events per query (default $NUM_EVENTS; overrides every suite configuration)
  --suite=NAME         Nexmark suite (default $SUITE)
  --runners=LIST       subset of direct,solstice,solstice-cluster,flink,spark (default: direct,
                       solstice,flink,spark in batch, and direct,solstice,flink in streaming; direct is
                       the reference). solstice-cluster runs SolsticeRunner in Ray cluster mode, on a
                       private single-node head it starts (ray 2.58.0 from scripts/install-ray.sh)
  --streaming          streaming mode: Nexmark's unbounded event source; each job runs until its
                       source has emitted every event and its watermark reaches the end. The Spark
                       runner's streaming jobs (Beam 2.70, Spark 3 DStreams) do not end when their
                       source does, so every query would time out: it is left out unless asked for.
  --rerun-direct       run DirectRunner even if counts for these settings are cached
  --no-build           skip the Maven builds (use what target/ holds)
  --xmx=SIZE           heap of every runner JVM (default $XMX)
  --query-timeout=SEC  give up on a query after SEC seconds (default $QUERY_TIMEOUT)
Results, logs and the Direct cache go under examples/nexmark/target/.
EOF
}

for arg in "$@"; do
  if [[ ${#EXTRA[@]} -gt 0 || "$arg" == "--" ]]; then
    [[ "$arg" == "--" && ${#EXTRA[@]} -eq 0 ]] && { EXTRA=("--"); continue; }
    EXTRA+=("$arg"); continue
  fi
  case "$arg" in
    --numEvents=*) NUM_EVENTS="${arg#*=}" ;;
    --suite=*) SUITE="${arg#*=}" ;;
    --runners=*) RUNNERS="${arg#*=}" ;;
    --rerun-direct) RERUN_DIRECT=true ;;
    --streaming) STREAMING=true ;;
    --no-build) BUILD=false ;;
    --xmx=*) XMX="${arg#*=}" ;;
    --query-timeout=*) QUERY_TIMEOUT="${arg#*=}" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $arg" >&2; usage >&2; exit 2 ;;
  esac
done
[[ ${#EXTRA[@]} -gt 0 ]] && EXTRA=("${EXTRA[@]:1}")
if [[ -z "$RUNNERS" ]]; then
  if $STREAMING; then RUNNERS=direct,solstice,flink; else RUNNERS=direct,solstice,flink,spark; fi
fi

has_runner() { [[ ",$RUNNERS," == *",$1,"* ]]; }

# The same Nexmark flags for every runner (no cloud resources; Nexmark's monitors on).
NEXMARK_ARGS=(--suite="$SUITE" --numEvents="$NUM_EVENTS" --streaming="$STREAMING" --manageResources=false
  --monitorJobs=true --enforceEncodability=false --enforceImmutability=false ${EXTRA[@]+"${EXTRA[@]}"})

# Union of what Ray (local mode), Flink and Spark need opened on JDK 17; the same for every runner.
JVM_OPENS=()
for p in java.lang java.lang.invoke java.math java.io java.net java.nio java.text java.util \
         java.util.concurrent sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  JVM_OPENS+=("--add-opens=java.base/$p=ALL-UNNAMED")
done

TARGET="$HERE/target"
STAMP="$(date +%Y%m%d-%H%M%S)"
MODE=batch
$STREAMING && MODE=streaming
RUN_DIR="$TARGET/runs/$STAMP-$SUITE-$MODE-$NUM_EVENTS"
mkdir -p "$RUN_DIR"
echo "Nexmark run directory: $RUN_DIR"

# ---------------------------------------------------------------------------------------------
# Build: Solstice into the local repository, then one Nexmark build per Beam/runner family.
# ---------------------------------------------------------------------------------------------
if $BUILD; then
  if has_runner solstice || has_runner solstice-cluster || has_runner direct; then
    echo "Building Solstice (mvn install at the repo root, tests skipped)..."
    (cd "$ROOT" && mvn -B -q -Dstyle.color=never install -DskipTests) 2>&1 | sed "s/\x1b\[[0-9;]*m//g"
  fi
  profiles=()
  { has_runner solstice || has_runner solstice-cluster || has_runner direct; } && profiles+=(beam273)
  has_runner flink && profiles+=(flink)
  has_runner spark && profiles+=(spark)
  for p in "${profiles[@]}"; do
    echo "Building Nexmark for profile $p..."
    (cd "$HERE" && mvn -B -q -Dstyle.color=never -P"$p" package -DskipTests) 2>&1 | sed "s/\x1b\[[0-9;]*m//g"
  done
fi

# ---------------------------------------------------------------------------------------------
# Run one runner: java -cp under /usr/bin/time -v; if the process dies part-way (crash, timeout),
# record the query it was running and start a new process at the next query.
# ---------------------------------------------------------------------------------------------
run_runner() {
  local name="$1" profile="$2"; shift 2
  local build="$TARGET/$profile"
  local cp="$build/classes:$(cat "$build/classpath.txt")"
  if [[ "$name" == solstice-cluster ]]; then
    cp="$(cluster_classpath "$cp")"
  fi
  local results="$RUN_DIR/$name.results.tsv" log="$RUN_DIR/$name.log"
  local from=0 proc=0 rc total
  : > "$results"
  echo "Running $name (log: $log)..."
  local starts_before starts_after
  while true; do
    proc=$((proc + 1))
    starts_before=$(awk -F'\t' '$1=="START"' "$results" | wc -l)
    set +e
    /usr/bin/time -v -o "$RUN_DIR/$name.time.$proc.txt" \
      java -Xmx"$XMX" "${JVM_OPENS[@]}" "$@" \
        -Dnexmark.harness.out="$results" -Dnexmark.harness.from="$from" \
        -Dnexmark.harness.queryTimeoutSec="$QUERY_TIMEOUT" \
        -cp "$cp" io.solstice.nexmark.NexmarkHarness "${NEXMARK_ARGS[@]}" "${RUNNER_ARGS[@]}" \
        >> "$log" 2>&1
    rc=$?
    set -e
    total=$(awk -F'\t' '$1=="CONF"' "$results" | wc -l)
    local last_start last_result
    last_start=$(awk -F'\t' '$1=="START"{i=$2} END{print (i==""?-1:i)}' "$results")
    last_result=$(awk -F'\t' '$1=="RESULT"{i=$2} END{print (i==""?-1:i)}' "$results")
    starts_after=$(awk -F'\t' '$1=="START"' "$results" | wc -l)
    if [[ "$total" -eq 0 || "$starts_after" -eq "$starts_before" ]]; then
      echo "  $name: the harness ran no query (exit $rc); see $log" >&2
      return 0
    fi
    if [[ "$last_start" -gt "$last_result" ]]; then
      local q
      q=$(awk -F'\t' -v i="$last_start" '$1=="START" && $2==i {print $3}' "$results" | tail -1)
      printf 'RESULT\t%s\t%s\tCRASHED\t-1\t-1\t-1\t-1\tprocess exited with code %s during this query (see %s)\n' \
        "$last_start" "$q" "$rc" "$log" >> "$results"
      last_result=$last_start
    fi
    if [[ "$last_result" -ge $((total - 1)) ]]; then
      [[ $rc -ne 0 ]] && echo "  $name: last process exited with code $rc"
      break
    fi
    from=$((last_result + 1))
    echo "  $name: process $proc ended (exit $rc) after query $last_result; restarting at $from"
  done
  awk -F'\t' '$1=="RESULT"{printf "  %-4s %-32s %-8s %8s s %10s results\n", $2, $3, $4, $5, $8}' "$results"
}

# Cluster mode runs on the ray wheel's ray_dist.jar (Ray 2.58.0) instead of Maven's Ray 2.39 jars.
cluster_classpath() {
  local venv maven
  venv="$("$ROOT/scripts/install-ray.sh")"
  maven="$(echo "$1" | tr ':' '\n' | grep -v -E '/ray-(api|runtime)-[0-9.]+\.jar$' | paste -sd: -)"
  echo "$maven:$venv/lib/python3.11/site-packages/ray/jars/ray_dist.jar"
}

if has_runner solstice; then
  RUNNER_ARGS=(--runner=SolsticeRunner)
  run_runner solstice beam273
fi
if has_runner solstice-cluster; then
  RUNNER_ARGS=(--runner=SolsticeRunner --rayMode=CLUSTER)
  run_runner solstice-cluster beam273
fi
if has_runner flink; then
  RUNNER_ARGS=(--runner=FlinkRunner --flinkMaster=[local])
  run_runner flink flink
fi
if has_runner spark; then
  RUNNER_ARGS=(--runner=SparkRunner --sparkMaster=local[2])
  run_runner spark spark -Dspark.ui.enabled=false -Dspark.ui.showConsoleProgress=false
fi


# ---------------------------------------------------------------------------------------------
# DirectRunner (the reference), last because it is the slowest; possibly from the cache.
# ---------------------------------------------------------------------------------------------
CACHE_DIR="$TARGET/direct-cache"
mkdir -p "$CACHE_DIR"
cache_key="$(printf '%s\n' "${NEXMARK_ARGS[@]}" | sha1sum | cut -c1-12)"
CACHE="$CACHE_DIR/direct-$SUITE-$NUM_EVENTS-$cache_key"

# A committed reference (reference/, same file names) is used when target/ has no cache.
REFERENCE="$HERE/reference/direct-$SUITE-$NUM_EVENTS-$cache_key"
if [[ ! -f "$CACHE.results.tsv" && -f "$REFERENCE.results.tsv" ]]; then
  CACHE="$REFERENCE"
fi
DIRECT_LABEL="DirectRunner 2.73.0"

if has_runner direct; then
  if ! $RERUN_DIRECT && [[ -f "$CACHE.results.tsv" ]]; then
    DIRECT_LABEL="DirectRunner 2.73.0 (CACHED)"
    cp "$CACHE.results.tsv" "$RUN_DIR/direct.results.tsv"
    for f in "$CACHE".time.*.txt; do [[ -f "$f" ]] && cp "$f" "$RUN_DIR/direct.time.${f##*.time.}"; done
    echo "CACHED counts and times, not run now: from $(cat "$CACHE.produced") ($CACHE.results.tsv); --rerun-direct runs it again" \
      > "$RUN_DIR/direct.note"
    echo "DirectRunner: using cached results from $(cat "$CACHE.produced")"
  else
    RUNNER_ARGS=(--runner=DirectRunner)
    run_runner direct beam273
    if ! awk -F'\t' '$1=="RESULT" && $4!="OK" && $4!="SKIPPED"{bad=1} END{exit bad}' "$RUN_DIR/direct.results.tsv"; then
      echo "DirectRunner had failures: not caching its results"
    else
      CACHE="$CACHE_DIR/direct-$SUITE-$NUM_EVENTS-$cache_key"
      cp "$RUN_DIR/direct.results.tsv" "$CACHE.results.tsv"
      rm -f "$CACHE".time.*.txt
      for f in "$RUN_DIR"/direct.time.*.txt; do cp "$f" "$CACHE.time.${f##*direct.time.}"; done
      echo "$(date +%Y-%m-%d) run $STAMP (Beam 2.73.0; args: ${NEXMARK_ARGS[*]})" > "$CACHE.produced"
    fi
    echo "run now ($STAMP)" > "$RUN_DIR/direct.note"
  fi
fi

# ---------------------------------------------------------------------------------------------
# Report.
# ---------------------------------------------------------------------------------------------
columns=()
has_runner direct && columns+=("direct=$DIRECT_LABEL")
has_runner solstice && columns+=("solstice=SolsticeRunner 2.73.0")
has_runner solstice-cluster && columns+=("solstice-cluster=SolsticeRunner 2.73.0, Ray cluster mode")
has_runner flink && columns+=("flink=FlinkRunner 2.70.0")
has_runner spark && columns+=("spark=SparkRunner 2.70.0")

{
  echo
  echo "Nexmark $MODE, suite $SUITE, numEvents=$NUM_EVENTS, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  echo "Nexmark args (every runner): ${NEXMARK_ARGS[*]}; JVM -Xmx$XMX"
  if ! has_runner direct; then
    echo "NO DirectRunner in this run: result counts are compared with the first runner, ${columns[0]#*=}."
  fi
  echo
} | tee "$RUN_DIR/report.txt"
set +e
java -Dnexmark.mode="$MODE" "$HERE/src/main/java/io/solstice/nexmark/NexmarkReport.java" "$RUN_DIR" "${columns[@]}" | tee -a "$RUN_DIR/report.txt"
status=${PIPESTATUS[0]}
echo "Report: $RUN_DIR/report.txt"
exit "$status"
