#!/usr/bin/env bash
# Ray cluster mode against Ray local mode and the Flink runner, in one run on this machine:
#  - WordCount on a generated text file (default 100 MB), ROUNDS rounds per runner, each runner in
#    its own JVM (io.solstice.nexmark.WordCountRun, built for each runner family);
#  - Nexmark's SMOKE suite in batch (default 100,000 events) through examples/nexmark/run-nexmark.sh.
# Cluster mode starts a private single-node Ray head (ray 2.58.0, scripts/install-ray.sh) per JVM.
# Prints medians, totals and the ratios cluster/local and cluster/Flink, and where cluster mode's
# start-up time goes. Usage: examples/cluster-benchmark.sh [--sizeMb=N] [--numEvents=N] [--rounds=N] [--no-build]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
NEXMARK="$HERE/nexmark"
SIZE_MB=100
EVENTS=100000
ROUNDS=3
BUILD=--build
for arg in "$@"; do
  case "$arg" in
    --sizeMb=*) SIZE_MB="${arg#*=}" ;;
    --numEvents=*) EVENTS="${arg#*=}" ;;
    --rounds=*) ROUNDS="${arg#*=}" ;;
    --no-build) BUILD=--no-build ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

OUT="$NEXMARK/target/cluster-benchmark/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
echo "Cluster benchmark directory: $OUT"

# --- Nexmark (also builds Solstice and the beam273 and flink harness classpaths) -------------------
nexmark_args=(--numEvents="$EVENTS" --runners=direct,solstice,solstice-cluster,flink)
[[ "$BUILD" == --no-build ]] && nexmark_args+=(--no-build)
"$NEXMARK/run-nexmark.sh" "${nexmark_args[@]}" 2>&1 | tee "$OUT/nexmark.txt"
RUN_DIR="$(sed -n 's/^Nexmark run directory: //p' "$OUT/nexmark.txt" | head -1)"

nexmark_total() {
  awk -F'\t' '$1=="RESULT" && $4=="OK" {s += $5; n++} END {printf "%.1f %d", s, n}' "$RUN_DIR/$1.results.tsv"
}

# --- WordCount, each runner in its own JVM -------------------------------------------------------
OPENS=()
for p in java.lang java.lang.invoke java.math java.io java.net java.nio java.text java.util \
         java.util.concurrent sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  OPENS+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
VENV="$("$ROOT/scripts/install-ray.sh")"
BEAM273="$NEXMARK/target/beam273/classes:$(cat "$NEXMARK/target/beam273/classpath.txt")"
CLUSTER_CP="$(echo "$BEAM273" | tr ':' '\n' | grep -v -E '/ray-(api|runtime)-[0-9.]+\.jar$' | paste -sd: -)"
CLUSTER_CP="$CLUSTER_CP:$VENV/lib/python3.11/site-packages/ray/jars/ray_dist.jar"
FLINK="$NEXMARK/target/flink/classes:$(cat "$NEXMARK/target/flink/classpath.txt")"
INPUT="$NEXMARK/target/wordcount-input/text-${SIZE_MB}mb.txt"

wordcount() {
  local name="$1" cp="$2"; shift 2
  echo "WordCount ${SIZE_MB} MB on $name ($ROUNDS rounds)..."
  /usr/bin/time -v -o "$OUT/wordcount-$name.time.txt" \
    java -Xmx4g "${OPENS[@]}" -cp "$cp" io.solstice.nexmark.WordCountRun \
      "$INPUT" "$SIZE_MB" "$OUT/wordcount-$name-output" "$ROUNDS" "$@" > "$OUT/wordcount-$name.log" 2>&1
  grep '^ROUND' "$OUT/wordcount-$name.log"
}
wordcount solstice-local "$BEAM273" --runner=SolsticeRunner
wordcount solstice-cluster "$CLUSTER_CP" --runner=SolsticeRunner --rayMode=CLUSTER
wordcount flink "$FLINK" --runner=FlinkRunner --flinkMaster=[local]

median() { grep '^ROUND' "$OUT/wordcount-$1.log" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1" | sort -n | tail -1 | awk '{printf "%.2f GB", $1/1024/1024}'; }

wl=$(median solstice-local); wc=$(median solstice-cluster); wf=$(median flink)
read -r nl nln <<<"$(nexmark_total solstice)"
read -r nc ncn <<<"$(nexmark_total solstice-cluster)"
read -r nf nfn <<<"$(nexmark_total flink)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf (b > 0 ? "%.2f" : "n/a"), a / b}'; }

{
  echo
  echo "Cluster mode vs local mode vs Flink, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  printf '%-46s | %-16s | %-16s | %-16s\n' "" "Solstice local" "Solstice cluster" "Flink (Beam 2.70)"
  printf '%-46s | %-16s | %-16s | %-16s\n' "WordCount ${SIZE_MB} MB, median of $ROUNDS s" "$wl" "$wc" "$wf"
  printf '%-46s | %-16s | %-16s | %-16s\n' "WordCount peak RSS (driver JVM)" "$(rss "$OUT/wordcount-solstice-local.time.txt")" \
    "$(rss "$OUT/wordcount-solstice-cluster.time.txt")" "$(rss "$OUT/wordcount-flink.time.txt")"
  printf '%-46s | %-16s | %-16s | %-16s\n' "Nexmark SMOKE ${EVENTS}: total query time s" "$nl ($nln q)" "$nc ($ncn q)" "$nf ($nfn q)"
  echo
  echo "WordCount: cluster/local $(ratio "$wc" "$wl"), cluster/Flink $(ratio "$wc" "$wf"), local/Flink $(ratio "$wl" "$wf")"
  echo "Nexmark:   cluster/local $(ratio "$nc" "$nl"), cluster/Flink $(ratio "$nc" "$nf"), local/Flink $(ratio "$nl" "$nf")"
  echo
  echo "Where cluster mode's time goes (WordCount JVM log):"
  grep -h -E "Started a Ray head|Attached to the Ray cluster|executors ready in" "$OUT/wordcount-solstice-cluster.log" \
    | sed 's/^.*INFO [^ ]* - /  /' | cut -c1-200
  echo "  rounds (s): $(grep '^ROUND' "$OUT/wordcount-solstice-cluster.log" | awk '{printf "%s ", $3}')"
} | tee "$OUT/report.txt"
