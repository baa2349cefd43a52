#!/usr/bin/env bash
# The full fault-injection trials of exactly-once (the CI runs a short version, FaultTrialsTest):
# a stateful Kafka-to-Kafka job over 1,000,000 records on an embedded Apache Kafka broker
# (127.0.0.1), one failure-free run, then TRIALS runs that each kill a worker (mid-bundle, while
# aligning, after writing its snapshot, after acknowledging it), two workers at once, or a stage
# master, at a random point drawn from SEED. Each run's output topic, read with read_committed, must
# be identical as a multiset to the failure-free run's. The job's log goes to a file; the runs'
# outcomes and the summary are printed. Exit status 1 if any trial differs.
# Usage: examples/fault-trials.sh [--records=N] [--trials=N] [--seed=N] [--checkpointingInterval=MS] [--cluster] [--no-build]
# --cluster: on a private Ray cluster (Ray 2.58, two executors of one slot), where a fault halts the
# executor process that hosts the role, as kill -9 would.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
ARGS=()
BUILD=yes
JAR=solstice-examples.jar
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=no ;;
    --cluster) JAR=solstice-examples-cluster.jar; ARGS+=(--rayMode=CLUSTER --executorSlots=1 --executorMemoryMb=1536) ;;
    --records=*|--trials=*|--seed=*|--checkpointingInterval=*|--parallelism=*|--keys=*) ARGS+=("$arg") ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

# The defaults go last: the harness takes the first value of each option.
ARGS+=(--records=1000000 --trials=20 --seed=1)

if [ "$BUILD" = yes ] || [ ! -f "$ROOT/examples/target/$JAR" ]; then
  (cd "$ROOT" && mvn -B -q install -DskipTests -pl examples -am)
fi
LOG="$ROOT/examples/target/fault-trials-$(date +%Y%m%d-%H%M%S).log"
echo "Fault-injection trials ${ARGS[*]}; the job's log: $LOG"
set +e
java -Xmx6g -jar "$ROOT/examples/target/$JAR" fault-trials "${ARGS[@]}" >"$LOG" 2>&1
STATUS=$?
set -e
grep -a -E '^(reference|trial-[0-9]+) |^Records ' "$LOG" || true
if [ $STATUS -ne 0 ]; then
  echo "fault-trials exited with status $STATUS; see $LOG" >&2
fi
exit $STATUS
