# Shared by the benchmarks that run a job of the Nexmark project (examples/nexmark) once per JVM on
# SolsticeRunner and on the Flink runner, under /usr/bin/time -v: sourced, not run. The sourcing
# script sets ROOT, NEXMARK, PARALLELISM, REPEATS, BUILD and (before the figures are read) OUT;
# each run leaves OUT/<name>.log (the job's stdout, with its RESULT line, whose third field is the
# job's seconds) and OUT/<name>.time.txt (time -v), names ending in -<repeat>.

if [ ! -x /usr/bin/time ]; then
  echo "This benchmark needs GNU time at /usr/bin/time (Debian's package: time)" >&2
  exit 2
fi

# Builds Solstice, then the Nexmark project for SolsticeRunner (beam273) and the Flink runner.
build_nexmark_runners() {
  echo "Building Solstice (tests skipped)..."
  (cd "$ROOT" && mvn -B -q install -DskipTests)
  for profile in beam273 flink; do
    echo "Building the Nexmark project for profile $profile..."
    (cd "$NEXMARK" && mvn -B -q -P"$profile" package -DskipTests)
  done
}

OPENS=()
for p in java.lang java.lang.invoke java.math java.io java.net java.nio java.text java.util \
         java.util.concurrent sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  OPENS+=("--add-opens=java.base/$p=ALL-UNNAMED")
done

classpath() {
  case "$1" in
    solstice) echo "$NEXMARK/target/beam273/classes:$(cat "$NEXMARK/target/beam273/classpath.txt")" ;;
    flink) echo "$NEXMARK/target/flink/classes:$(cat "$NEXMARK/target/flink/classpath.txt")" ;;
    *) echo "the runners are solstice and flink, not $1" >&2; exit 2 ;;
  esac
}

runner_args() {
  case "$1" in
    solstice) echo "--runner=SolsticeRunner --parallelism=$PARALLELISM" ;;
    flink) echo "--runner=FlinkRunner --flinkMaster=[local] --parallelism=$PARALLELISM" ;;
  esac
}

# Per run. The RESULT line's time only if it is a number: a runner's log line must never pass for one.
run_job_seconds() { awk '$1=="RESULT" && $3 ~ /^[0-9]+([.][0-9]+)?$/ {print $3}' "$OUT/$1.log" | tail -1; }
# The jobs exit 0 only when they ended DONE with exact counts, so the exit status decides.
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

# The median over a name's runs (of those that gave a figure).
median_of() {
  local figure="$1" prefix="$2" values=""
  for repeat in $(seq 1 "$REPEATS"); do values="$values $("$figure" "$prefix-$repeat")"; done
  echo "$values" | tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {if (NR == 0) print ""; else if (NR % 2) print a[(NR+1)/2]; else printf "%.3f", (a[NR/2]+a[NR/2+1])/2}'
}
job_seconds() { median_of run_job_seconds "$1"; }
wall() { median_of run_wall "$1"; }
rss_gb() { median_of run_rss_gb "$1"; }
outcome() {
  for repeat in $(seq 1 "$REPEATS"); do run_outcome "$1-$repeat"; done | sort | uniq -c | awk '{c=$1; $1=""; printf "%s%s x%d", (NR>1 ? ", " : ""), substr($0, 2), c}'
}
