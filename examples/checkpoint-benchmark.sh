#!/usr/bin/env bash
# What checkpoints cost and how long recovery takes, on Solstice and on the Flink runner (Beam
# 2.70.0, embedded Flink 1.19), in one run: the streaming benchmark's backlog job (windowed counts
# over a backlog on an embedded Apache Kafka broker, 127.0.0.1), each run in a JVM of its own with
# the same heap, checkpoints off and at each interval; then one failure per run at the backlog's
# middle event. Builds the examples jar and the Nexmark project's Solstice and Flink builds first
# (examples/nexmark, outside the reactor), unless --no-build. The tables go to stdout, the jobs'
# logs to a temporary directory the first line names.
# Usage: examples/checkpoint-benchmark.sh [--backlog=N] [--repeats=N] [--intervals=off,10000,1000]
#        [--runners=solstice,flink] [--parallelism=N] [--heap=4g] [--recoveryInterval=MS|off] [--no-build]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ARGS=()
BUILD=yes
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=no ;;
    --backlog=*|--repeats=*|--intervals=*|--runners=*|--parallelism=*|--heap=*|--recoveryInterval=*) ARGS+=("$arg") ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
ARGS+=(--nexmarkTarget="$HERE/nexmark/target")

if [ "$BUILD" = yes ]; then
  echo "Building Solstice and the examples (tests skipped)..."
  (cd "$ROOT" && mvn -B -q install -DskipTests)
  for profile in beam273 flink; do
    echo "Building the Nexmark project for profile $profile..."
    (cd "$HERE/nexmark" && mvn -B -q -P"$profile" package -DskipTests)
  done
fi
exec java -Xmx2g -jar "$ROOT/examples/target/solstice-examples.jar" checkpoint-benchmark "${ARGS[@]}"
