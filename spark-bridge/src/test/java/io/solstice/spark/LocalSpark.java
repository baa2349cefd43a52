package io.solstice.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.spark.sql.SparkSession;

/**
 * The tests' Spark: in this JVM, two task threads, bound to 127.0.0.1, no UI, its warehouse in a
 * temporary directory rather than the working directory.
 */
public final class LocalSpark {
  private LocalSpark() {}

  public static SparkSession start() {
    try {
      java.nio.file.Path warehouse = Files.createTempDirectory("spark-warehouse");
      warehouse.toFile().deleteOnExit();
      return SparkSession.builder()
          .appName("solstice-spark-bridge-test")
          .master("local[2]")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.session.timeZone", "America/Los_Angeles")
          .config("spark.sql.datetime.java8API.enabled", "true")
          .config("spark.sql.warehouse.dir", warehouse.toString())
          .getOrCreate();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
