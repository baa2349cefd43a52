package io.solstice.spark;

import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where the fallback source finds its DataFrame again once Beam has serialized it: a global
 * temporary view in the DataFrame's own Spark session (Spark's catalog, so a DataFrame is found only
 * in the JVM that made it).
 */
final class SparkViews {
  private static final String GLOBAL_TEMP_DATABASE = "spark.sql.globalTempDatabase";

  private SparkViews() {}

  static String register(Dataset<Row> dataFrame) {
    String name = "solstice_source_" + UUID.randomUUID().toString().replace('-', '_');
    dataFrame.createOrReplaceGlobalTempView(name);
    return name;
  }

  static Dataset<Row> lookUp(String name) {
    SparkSession session;
    try {
      session = SparkSession.active();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "SparkSource reads a DataFrame of the Spark session that built the pipeline, and no Spark session runs in"
              + " this JVM: run the pipeline in the JVM that made the DataFrame, with its session open",
          e);
    }
    return session.table(session.conf().get(GLOBAL_TEMP_DATABASE, "global_temp") + "." + name);
  }
}
