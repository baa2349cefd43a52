package io.solstice.examples;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The foundation's end-to-end pipelines with every shuffle on a real Kafka broker give the same
 * output as on the in-process transport; a broker that dies mid-job fails the job.
 */
public class KafkaTransportTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static EmbeddedKafkaBroker broker;

  @BeforeClass
  public static void startBroker() {
    broker = EmbeddedKafkaBroker.start();
  }

  @AfterClass
  public static void stopBroker() {
    broker.close();
  }

  private void assertSameOutputOnKafka(PipelineShapes.Shape shape, int minimumLines) throws IOException {
    Path root = folder.getRoot().toPath();
    List<String> inProcess =
        PipelineOutputs.run(root.resolve("inprocess"), shape, "--runner=SolsticeRunner", "--parallelism=2");
    List<String> kafka =
        PipelineOutputs.run(
            root.resolve("kafka"),
            shape,
            "--runner=SolsticeRunner",
            "--parallelism=2",
            "--solsticeTransport=kafka",
            "--kafkaBootstrapServers=" + broker.bootstrapServers());
    assertThat("the pipeline produced output", inProcess.size(), greaterThan(minimumLines - 1));
    assertEquals(inProcess, kafka);
    assertThat("the job deleted its topics", jobTopics(broker.bootstrapServers()), empty());
  }

  private static Set<String> jobTopics(String bootstrap) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(config)) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(name -> !name.startsWith("__"))
          .collect(Collectors.toSet());
    } catch (Exception e) {
      throw new AssertionError("Could not list the broker's topics", e);
    }
  }

  @Test
  public void wordCountOfTheShippedText() throws IOException {
    assertSameOutputOnKafka(PipelineShapes::wordCountOfTheShippedText, 300);
  }

  @Test
  public void joinWithCoGroupByKey() throws IOException {
    assertSameOutputOnKafka(PipelineShapes::joinWithCoGroupByKey, 600);
  }

  @Test
  public void liftedCombinesInWindows() throws IOException {
    assertSameOutputOnKafka(PipelineShapes::liftedCombinesInWindows, 100);
  }

  @Test
  public void sideInputsSingletonAndMapPerWindow() throws IOException {
    assertSameOutputOnKafka(PipelineShapes::sideInputsSingletonAndMapPerWindow, 3000);
  }

  @Test
  public void embeddedBrokerOptionStartsAndStopsItsOwnBroker() throws IOException {
    Path root = folder.getRoot().toPath();
    List<String> inProcess =
        PipelineOutputs.run(root.resolve("inprocess"), PipelineShapes::wordCountOfTheShippedText, "--runner=SolsticeRunner");
    List<String> kafka =
        PipelineOutputs.run(
            root.resolve("embedded"),
            PipelineShapes::wordCountOfTheShippedText,
            "--runner=SolsticeRunner",
            "--solsticeTransport=kafka",
            "--kafkaBootstrapServers=embedded");
    assertEquals(inProcess, kafka);
  }

  @Test
  public void brokerDyingMidJobFailsTheJobAndWritesNoOutput() throws Exception {
    EmbeddedKafkaBroker doomed = EmbeddedKafkaBroker.start();
    Path out = folder.newFolder("doomed").toPath();
    WordCount.Options options =
        PipelineOptionsFactory.fromArgs(
                "--runner=SolsticeRunner",
                "--parallelism=2",
                "--solsticeTransport=kafka",
                "--kafkaBootstrapServers=" + doomed.bootstrapServers())
            .as(WordCount.Options.class);
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply(GenerateSequence.from(0).to(200_000))
        .apply(ParDo.of(new Slowly()))
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptors.longs())).via(n -> KV.of(n % 100, n)))
        .apply(Count.perKey())
        .apply(MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getKey() + " " + kv.getValue()))
        .apply(TextIO.write().to(out.resolve("counts").toString()));
    Thread killer =
        new Thread(
            () -> {
              try {
                Thread.sleep(4_000);
              } catch (InterruptedException e) {
                return;
              }
              doomed.close();
            });
    killer.start();
    long start = System.nanoTime();
    RuntimeException failure = assertThrows(RuntimeException.class, () -> pipeline.run().waitUntilFinish());
    killer.join();
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat("fails promptly, never hangs", seconds, lessThan(120.0));
    assertThat(messages(failure), containsString("Kafka broker at " + doomed.bootstrapServers()));
    try (Stream<Path> files = Files.list(out)) {
      assertThat("a failed job finalizes no output", files.filter(p -> p.getFileName().toString().startsWith("counts")).collect(Collectors.toList()), empty());
    }
  }

  private static String messages(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c.getMessage()).append('\n');
    }
    return all.toString();
  }

  /** Makes the job last long enough for the broker to die during it. */
  static final class Slowly extends DoFn<Long, Long> {
    @ProcessElement
    public void process(@Element Long n, OutputReceiver<Long> out) throws InterruptedException {
      if (n % 1000 == 0) {
        Thread.sleep(50);
      }
      out.output(n);
    }
  }
}
