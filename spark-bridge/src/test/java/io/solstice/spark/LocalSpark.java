package io.solstice.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.rules.ExternalResource;

/**
 * The tests' Spark, as a class rule: in this JVM, two task threads, bound to 127.0.0.1, no UI, its
 * warehouse in a temporary directory rather than the working directory; stopped after the class.
 */
public final class LocalSpark extends ExternalResource {
  private SparkSession session;

  @Override
  protected void before() throws Exception {
    Path warehouse = Files.createTempDirectory("spark-warehouse");
    warehouse.toFile().deleteOnExit();
    session =
        SparkSession.builder()
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
  }

  @Override
  protected void after() {
    session.stop();
  }

  public SparkSession session() {
    return session;
  }
}
