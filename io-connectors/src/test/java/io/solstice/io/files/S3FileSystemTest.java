package io.solstice.io.files;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.solstice.engine.checkpoint.S3ProxyServer;
import io.solstice.runner.SolsticePipelineResult;
import io.solstice.runner.testing.DifferentialRun;
import io.solstice.runner.testing.LinesSink;
import io.solstice.runner.testing.ShardedBatchJob;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.TestName;

/**
 * S3 as a file system for Beam's file-based IO, through Beam's own Amazon Web Services v2 module,
 * against a real S3-compatible server (s3proxy, in this JVM on 127.0.0.1): what SolsticeRunner
 * writes and reads equals what DirectRunner does with the same pipeline.
 */
public class S3FileSystemTest {
  private static final List<String> RUNNERS = List.of("DirectRunner", "SolsticeRunner");
  private static final Schema PERSON =
      Schema.builder()
          .addInt64Field("id")
          .addStringField("name")
          .addDoubleField("score")
          .addNullableField("note", Schema.FieldType.STRING)
          .build();

  @ClassRule public static S3ProxyServer s3 = new S3ProxyServer();
  @Rule public TemporaryFolder folder = new TemporaryFolder();
  @Rule public TestName test = new TestName();
  private static S3Objects objects;

  @BeforeClass
  public static void openClient() {
    objects = new S3Objects(URI.create(s3.endpoint()));
  }

  @AfterClass
  public static void closeClient() {
    objects.close();
  }

  /** Beam's AWS options, pointing its S3 file system at the test's server. */
  static List<String> awsArgs(String endpoint) {
    return List.of(
        "--endpoint=" + endpoint,
        "--awsRegion=us-east-1",
        "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\""
            + S3ProxyServer.ACCESS_KEY + "\",\"secretAccessKey\":\"" + S3ProxyServer.SECRET_KEY + "\"}");
  }

  private Pipeline pipeline(String runner, String... more) {
    List<String> args = new ArrayList<>(awsArgs(s3.endpoint()));
    args.addAll(List.of(more));
    args.add("--runner=" + runner);
    if (runner.equals("SolsticeRunner")) {
      args.add("--parallelism=2");
    }
    return Pipeline.create(PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).create());
  }

  /** This test's key prefix for one runner's output, relative to the bucket. */
  private String prefix(String runner) {
    return test.getMethodName() + "/" + runner + "/";
  }

  private String url(String runner) {
    return "s3://" + S3ProxyServer.BUCKET + "/" + prefix(runner);
  }

  private static void runToDone(Pipeline pipeline) {
    assertEquals(PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
  }

  @Test
  public void textIoWritesAndReadsS3() throws Exception {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      words.add("word" + (i * 7 % 311));
    }
    for (String runner : RUNNERS) {
      Pipeline pipeline = pipeline(runner);
      pipeline
          .apply(Create.of(words))
          .apply(Count.perElement())
          .apply(MapElements.into(TypeDescriptors.strings()).via((KV<String, Long> kv) -> kv.getKey() + "," + kv.getValue()))
          .apply(TextIO.write().to(url(runner) + "counts").withNumShards(3));
      runToDone(pipeline);
    }
    List<String> expected = objects.lines(prefix("DirectRunner"));
    assertEquals(311, expected.size());
    assertEquals(expected, objects.lines(prefix("SolsticeRunner")));
    assertEquals(3, objects.keys(prefix("SolsticeRunner")).size());

    // And SolsticeRunner reads DirectRunner's files back from S3.
    Pipeline read = pipeline("SolsticeRunner");
    read.apply(TextIO.read().from(url("DirectRunner") + "counts*")).apply(ParDo.of(new LinesSink(folder.getRoot().toPath())));
    runToDone(read);
    assertEquals(expected, DifferentialRun.readLines(folder.getRoot().toPath()));
  }

  @Test
  public void fileIoWritesWindowedDynamicDestinationsToS3() {
    List<TimestampedValue<String>> events = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      events.add(TimestampedValue.of("k" + (i % 3) + ":" + i, new Instant(0).plus(Duration.standardSeconds(i))));
    }
    for (String runner : RUNNERS) {
      Pipeline pipeline = pipeline(runner);
      pipeline
          .apply(Create.timestamped(events))
          .apply(Window.into(FixedWindows.of(Duration.standardMinutes(2))))
          .apply(
              FileIO.<String, String>writeDynamic()
                  .by(event -> event.substring(0, event.indexOf(':')))
                  .withDestinationCoder(StringUtf8Coder.of())
                  .via(TextIO.sink())
                  .to(url(runner) + "events")
                  .withNaming(key -> FileIO.Write.defaultNaming(key, ".txt"))
                  .withNumShards(1));
      runToDone(pipeline);
    }
    Map<String, List<String>> expected = objects.linesByObject(prefix("DirectRunner"));
    // Three keys, five two-minute windows: a file each.
    assertEquals(expected.keySet().toString(), 15, expected.size());
    assertEquals(expected, objects.linesByObject(prefix("SolsticeRunner")));
  }

  @Test
  public void avroIoWritesAndReadsRowsOnS3() throws Exception {
    avroRoundTrip(this::url);
  }

  /** The same on local files: AvroIO needs nothing of S3 from SolsticeRunner, but it is tested. */
  @Test
  public void avroIoWritesAndReadsRowsOnLocalFiles() throws Exception {
    java.nio.file.Path local = folder.newFolder("avro").toPath();
    avroRoundTrip(runner -> local.resolve(runner) + "/");
  }

  /** Rows written as Avro records under {@code location(runner)} and read back, on both runners. */
  private void avroRoundTrip(java.util.function.Function<String, String> location) throws Exception {
    List<Row> people = new ArrayList<>();
    for (long id = 0; id < 1_000; id++) {
      people.add(Row.withSchema(PERSON).addValues(id, "person " + id, id / 8.0, id % 5 == 0 ? null : "n" + id).build());
    }
    org.apache.avro.Schema avroSchema = AvroUtils.toAvroSchema(PERSON);
    List<List<String>> read = new ArrayList<>();
    for (String runner : RUNNERS) {
      Pipeline write = pipeline(runner);
      write
          .apply(Create.of(people).withRowSchema(PERSON))
          .apply(MapElements.into(TypeDescriptor.of(GenericRecord.class)).via(AvroUtils.getRowToGenericRecordFunction(avroSchema)))
          .setCoder(AvroCoder.of(GenericRecord.class, avroSchema))
          .apply(AvroIO.writeGenericRecords(avroSchema).to(location.apply(runner) + "people").withSuffix(".avro").withNumShards(2));
      runToDone(write);

      Pipeline readBack = pipeline(runner);
      PCollection<Row> rows =
          readBack.apply(AvroIO.readGenericRecords(avroSchema).withBeamSchemas(true).from(location.apply(runner) + "people*")).apply(Convert.toRows());
      java.nio.file.Path out = folder.newFolder(runner).toPath();
      rows.apply(MapElements.into(TypeDescriptors.strings()).via((Row row) -> row.getValues().toString())).apply(ParDo.of(new LinesSink(out)));
      runToDone(readBack);
      read.add(DifferentialRun.readLines(out));
    }
    assertEquals(people.size(), read.get(0).size());
    assertFalse(read.get(0).isEmpty());
    assertEquals(read.get(0), read.get(1));
    List<String> expected = new ArrayList<>();
    people.forEach(person -> expected.add(person.getValues().toString()));
    expected.sort(null);
    assertEquals(expected, read.get(1));
  }

  @Test
  public void checkpointsGoToS3WithBeamsSettings() {
    // No --s3Endpoint or credentials of Solstice's own: the checkpoint store takes Beam's.
    Pipeline pipeline =
        pipeline(
            "SolsticeRunner",
            "--checkpointingInterval=300",
            "--checkpointLocation=" + url("SolsticeRunner") + "checkpoints");
    ShardedBatchJob.build(pipeline, 8, 200, 400, null);
    SolsticePipelineResult result = (SolsticePipelineResult) pipeline.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    assertTrue("checkpoints completed: " + result.completedCheckpoints(), result.completedCheckpoints() > 0);
    List<String> manifests = new ArrayList<>(objects.keys(prefix("SolsticeRunner") + "checkpoints/"));
    manifests.removeIf(key -> !key.endsWith("_manifest"));
    assertFalse("manifests in the bucket", manifests.isEmpty());
  }

  @Test
  public void aMissingBucketFailsTheJobBeforeItStarts() {
    Pipeline pipeline = pipeline("SolsticeRunner");
    pipeline.apply(Create.of("a", "b")).apply("WriteLines", TextIO.write().to("s3://no-such-bucket/out/part"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, pipeline::run);
    assertTrue(e.getMessage(), e.getMessage().contains("WriteLines"));
    assertTrue(e.getMessage(), e.getMessage().contains("'s3://no-such-bucket/out/'"));
    assertTrue(e.getMessage(), e.getMessage().contains("NoSuchBucket"));
    assertTrue(e.getMessage(), e.getMessage().contains("--endpoint"));
  }

  @Test
  public void theCheckCanBeSkipped() {
    Pipeline pipeline = pipeline("SolsticeRunner", "--checkOutputLocations=false");
    pipeline.apply(Create.of("a", "b")).apply("WriteLines", TextIO.write().to("s3://no-such-bucket/out/part"));
    // The job starts; its first write then meets the missing bucket.
    RuntimeException e = assertThrows(RuntimeException.class, () -> pipeline.run().waitUntilFinish());
    assertTrue(e.toString(), e.toString().contains("NoSuchBucket"));
  }

  @Test
  public void wrongCredentialsFailTheJobBeforeItStarts() {
    List<String> args = new ArrayList<>(List.of("--runner=SolsticeRunner", "--endpoint=" + s3.endpoint(), "--awsRegion=us-east-1"));
    args.add("--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"access\",\"secretAccessKey\":\"wrong\"}");
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).create());
    pipeline.apply(Create.of("a", "b")).apply("WriteLines", TextIO.write().to(url("SolsticeRunner") + "part"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, pipeline::run);
    assertTrue(e.getMessage(), e.getMessage().contains(url("SolsticeRunner")));
    // The cause as S3 gave it: the request's signature is refused.
    assertTrue(e.getMessage(), e.getMessage().matches("(?s).*(Status Code: 403|SignatureDoesNotMatch|Access Denied).*"));
    assertTrue("nothing written", objects.keys(prefix("SolsticeRunner")).isEmpty());
  }

  @Test
  public void aLocalDirectoryNotMadeYetIsNoProblem() throws Exception {
    java.nio.file.Path out = folder.getRoot().toPath().resolve("not/made/yet");
    Pipeline pipeline = pipeline("SolsticeRunner");
    pipeline.apply(Create.of("a", "b")).apply(TextIO.write().to(out.resolve("part").toString()).withNumShards(1));
    runToDone(pipeline);
    assertEquals(List.of("a", "b"), DifferentialRun.readLines(out));
  }
}
