package io.solstice.io.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.runner.testing.Causes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Beam's JdbcIO on SolsticeRunner against a real PostgreSQL server (Debian's, started by the test
 * on 127.0.0.1): a table read with a query, transformed and written to another table, the same as
 * on DirectRunner; an unreachable database fails the job, naming where it tried.
 */
public class JdbcIoTest {
  private static final int ROWS = 1_000;

  @ClassRule public static PostgresServer postgres = new PostgresServer();

  @BeforeClass
  public static void fillTable() throws Exception {
    try (Connection connection = DriverManager.getConnection(postgres.url());
        Statement statement = connection.createStatement()) {
      statement.execute("create table trips (id bigint primary key, city text not null)");
      try (PreparedStatement insert = connection.prepareStatement("insert into trips values (?, ?)")) {
        for (long id = 0; id < ROWS; id++) {
          insert.setLong(1, id);
          insert.setString(2, "city" + id % 7);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  private static JdbcIO.DataSourceConfiguration database(String url) {
    return JdbcIO.DataSourceConfiguration.create("org.postgresql.Driver", url);
  }

  /** Copies {@code trips} into {@code table}, each city in upper case. */
  private static Pipeline copy(String runner, String url, String table) {
    Pipeline pipeline =
        Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=" + runner, "--parallelism=2").withoutStrictParsing().create());
    pipeline
        .apply(
            JdbcIO.<KV<Long, String>>read()
                .withDataSourceConfiguration(database(url))
                .withQuery("select id, city from trips")
                .withRowMapper(row -> KV.of(row.getLong(1), row.getString(2)))
                .withCoder(KvCoder.of(VarLongCoder.of(), StringUtf8Coder.of())))
        .apply(
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.strings()))
                .via((KV<Long, String> kv) -> KV.of(kv.getKey(), kv.getValue().toUpperCase())))
        .apply(
            JdbcIO.<KV<Long, String>>write()
                .withDataSourceConfiguration(database(url))
                .withStatement("insert into " + table + " values (?, ?)")
                .withPreparedStatementSetter(
                    (kv, statement) -> {
                      statement.setLong(1, kv.getKey());
                      statement.setString(2, kv.getValue());
                    }));
    return pipeline;
  }

  private static List<String> rows(String table) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(postgres.url());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select id, city from " + table + " order by id")) {
      while (result.next()) {
        rows.add(result.getLong(1) + "," + result.getString(2));
      }
    }
    return rows;
  }

  @Test
  public void jdbcIoReadsAndWritesPostgresAsOnDirectRunner() throws Exception {
    for (String table : List.of("copy_direct", "copy_solstice")) {
      try (Connection connection = DriverManager.getConnection(postgres.url());
          Statement statement = connection.createStatement()) {
        statement.execute("create table " + table + " (id bigint primary key, city text not null)");
      }
    }
    assertEquals(PipelineResult.State.DONE, copy("DirectRunner", postgres.url(), "copy_direct").run().waitUntilFinish());
    assertEquals(PipelineResult.State.DONE, copy("SolsticeRunner", postgres.url(), "copy_solstice").run().waitUntilFinish());
    List<String> expected = new ArrayList<>();
    for (long id = 0; id < ROWS; id++) {
      expected.add(id + ",CITY" + id % 7);
    }
    assertEquals(expected, rows("copy_direct"));
    assertEquals(expected, rows("copy_solstice"));
  }

  @Test
  public void anUnreachableDatabaseFailsTheJobNamingIt() throws Exception {
    int nothingThere = PostgresServer.freePort();
    String url = "jdbc:postgresql://127.0.0.1:" + nothingThere + "/postgres?user=" + PostgresServer.USER;
    Pipeline pipeline = copy("SolsticeRunner", url, "copy_nowhere");
    RuntimeException failure = assertThrows(RuntimeException.class, () -> pipeline.run().waitUntilFinish());
    String messages = Causes.describe(failure);
    assertTrue(messages, messages.contains("127.0.0.1:" + nothingThere));
  }
}
