#!/usr/bin/env bash
# The Spark DataFrame example: Spark writes N random purchases as Parquet, then reads them back as a
# DataFrame; Beam (on SolsticeRunner, or --runner=DirectRunner) windows them by the minute and totals
# each user's amount per window. Prints the first lines of the output. Runs from spark-bridge's test
# classes, where the example lives (Spark stays off the examples jar's classpath).
# Builds Solstice first, unless --no-build.
# Usage: examples/spark-dataframe-example.sh [--rows=1000000] [--runner=SolsticeRunner] [--no-build]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ROWS=1000000
RUNNER=SolsticeRunner
BUILD=yes
for arg in "$@"; do
  case "$arg" in
    --rows=*) ROWS="${arg#*=}" ;;
    --runner=*) RUNNER="${arg#*=}" ;;
    --no-build) BUILD=no ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

BRIDGE="$ROOT/spark-bridge"
if [ "$BUILD" = yes ]; then
  echo "Building Solstice and the Spark bridge (tests compiled, not run)..."
  (cd "$ROOT" && mvn -B -q install -DskipTests -pl translation,runner,spark-bridge -am)
  (cd "$BRIDGE" && mvn -B -q test-compile)
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/spark-dataframe-example.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
(cd "$BRIDGE" && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
OPENS=""
for pkg in java.lang java.math java.util java.util.concurrent java.net java.text java.nio sun.nio.ch java.lang.invoke sun.util.calendar java.io; do
  OPENS="$OPENS --add-opens=java.base/$pkg=ALL-UNNAMED"
done
# shellcheck disable=SC2086
java $OPENS -Xmx3g -Dray.session-dir="$WORK/ray-session" \
  -cp "$BRIDGE/target/classes:$BRIDGE/target/test-classes:$(cat "$WORK/cp.txt")" \
  io.solstice.spark.examples.SparkParquetWindowedTotals \
  --runner="$RUNNER" --generate="$ROWS" --input="$WORK/purchases" --output="$WORK/totals.csv" 2>"$WORK/log.txt" \
  | grep -v ' INFO \| WARN ' || { tail -40 "$WORK/log.txt" >&2; exit 1; }
echo "First lines of $(wc -l < "$WORK/totals.csv") (window start, user, total cents):"
sort "$WORK/totals.csv" | head -5
