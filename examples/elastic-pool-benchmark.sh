#!/usr/bin/env bash
# Elastic pools under a load step (a stream whose rate steps up 5x and back down, through a keyed
# stateful stage that costs 2 ms an element): the stage's pool autoscaled between MIN and MAX,
# fixed at MIN and fixed at MAX, one after another in one JVM (Ray's local mode). Prints latency
# percentiles, how long after the step down the stage ran behind, and the stage's worker-seconds.
# Builds Solstice and the examples jar first, unless --no-build.
# Usage: examples/elastic-pool-benchmark.sh [--rate=200] [--step=5] [--phaseSeconds=10]
#        [--costMillis=2] [--min=1] [--max=4] [--cooldown=3000] [--parallelism=2] [--repeats=1] [--no-build]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ARGS=()
BUILD=yes
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=no ;;
    --rate=*|--step=*|--phaseSeconds=*|--costMillis=*|--min=*|--max=*|--cooldown=*|--parallelism=*|--repeats=*) ARGS+=("$arg") ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

if [ "$BUILD" = yes ]; then
  echo "Building Solstice and the examples (tests skipped)..."
  (cd "$ROOT" && mvn -B -q install -DskipTests)
fi
exec java -Xmx2g -jar "$ROOT/examples/target/solstice-examples.jar" elastic-pool-benchmark "${ARGS[@]}"
