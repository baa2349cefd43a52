# Sourced by the Spark bridge's scripts: builds Solstice and the bridge's test classes (unless
# BUILD=no), and defines spark_bridge_java, which runs a class of spark-bridge's test classes with
# its classpath and the --add-opens flags Ray, Spark and Arrow need. Needs ROOT and WORK set.
BRIDGE="$ROOT/spark-bridge"
if [ "${BUILD:-yes}" = yes ]; then
  echo "Building Solstice and the Spark bridge (tests compiled, not run)..."
  (cd "$ROOT" && mvn -B -q install -DskipTests -pl translation,runner,spark-bridge -am)
  (cd "$BRIDGE" && mvn -B -q test-compile)
fi
if ! (cd "$BRIDGE" && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >"$WORK/mvn.log" 2>&1); then
  echo "Could not work out spark-bridge's classpath (build first, without --no-build):" >&2
  tail -20 "$WORK/mvn.log" >&2
  exit 1
fi
SPARK_BRIDGE_CP="$BRIDGE/target/classes:$BRIDGE/target/test-classes:$(cat "$WORK/cp.txt")"
SPARK_BRIDGE_OPENS=()
for pkg in java.lang java.math java.util java.util.concurrent java.net java.text java.nio sun.nio.ch java.lang.invoke sun.util.calendar java.io; do
  SPARK_BRIDGE_OPENS+=("--add-opens=java.base/$pkg=ALL-UNNAMED")
done

# spark_bridge_java HEAP CLASS ARGS...
spark_bridge_java() {
  local heap="$1"
  shift
  java "${SPARK_BRIDGE_OPENS[@]}" "-Xmx$heap" -Dray.session-dir="$WORK/ray-session" -cp "$SPARK_BRIDGE_CP" "$@"
}
