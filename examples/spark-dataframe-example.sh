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

WORK="$(mktemp -d "${TMPDIR:-/tmp}/spark-dataframe-example.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=spark-bridge-java.sh
source "$HERE/spark-bridge-java.sh"
spark_bridge_java 3g io.solstice.spark.examples.SparkParquetWindowedTotals \
  --runner="$RUNNER" --generate="$ROWS" --input="$WORK/purchases" --output="$WORK/totals.csv" 2>"$WORK/log.txt" \
  | grep -v ' INFO \| WARN ' || { tail -40 "$WORK/log.txt" >&2; exit 1; }
echo "First lines of $(wc -l < "$WORK/totals.csv") (window start, user, total cents):"
sort "$WORK/totals.csv" > "$WORK/sorted.csv"
head -5 "$WORK/sorted.csv"
