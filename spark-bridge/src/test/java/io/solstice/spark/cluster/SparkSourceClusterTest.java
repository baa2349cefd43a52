package io.solstice.spark.cluster;

import io.solstice.spark.LocalSpark;
import io.solstice.runner.testing.RayClusterRule;
import io.solstice.spark.RowTotals;
import java.util.ArrayList;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * SparkSource in Ray's cluster mode: Spark runs in the driver's JVM ({@code local[2]}), its tasks
 * reach the job's executors (JVMs of their own) through Ray, leave each batch with the executor
 * whose worker reads it, and those workers decode the rows.
 */
public class SparkSourceClusterTest {
  @ClassRule public static final RayClusterRule CLUSTER = RayClusterRule.withHead(2);

  @ClassRule public static final LocalSpark SPARK = new LocalSpark();

  @Test
  public void aMillionRowsReachWorkersInOtherProcessesOnce() {
    long rows = 1_000_000;
    List<String> args = new ArrayList<>(List.of(CLUSTER.jobArgs("--parallelism=2")));
    args.add("--runner=TestSolsticeRunner");
    RowTotals.assertArriveOnce(
        SPARK.session().range(0, rows, 1, 4).selectExpr("id", "CAST(id AS DOUBLE) * 0.5 AS d", "CAST(id AS STRING) AS s"),
        rows,
        args.toArray(new String[0]));
  }
}
