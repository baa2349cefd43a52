package io.solstice.runner;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertThrows;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Test;

/** Bad options are refused before anything runs, with the option and the fix named. */
public class OptionsValidationTest {

  private static String refusal(String... args) {
    PipelineOptions options = PipelineOptionsFactory.fromArgs(args).create();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pipeline.create(options));
    return e.getMessage();
  }

  @Test
  public void zeroParallelism() {
    String message = refusal("--runner=SolsticeRunner", "--parallelism=0");
    assertThat(message, containsString("--parallelism=0"));
    assertThat(message, containsString("at least 1"));
  }

  @Test
  public void parallelismAboveTheKeyGroups() {
    String message = refusal("--runner=SolsticeRunner", "--parallelism=16", "--maxParallelism=8");
    assertThat(message, containsString("--maxParallelism=8"));
    assertThat(message, containsString("raise --maxParallelism or lower --parallelism"));
  }

  @Test
  public void tinySplits() {
    assertThat(refusal("--runner=SolsticeRunner", "--targetSplitBytes=10"), containsString("between 1 KiB and 64 MiB"));
  }

  @Test
  public void checkpointIntervalTooShort() {
    String message = refusal("--runner=SolsticeRunner", "--checkpointingInterval=5");
    assertThat(message, containsString("--checkpointingInterval=5"));
    assertThat(message, containsString("-1 (off) or at least 10 milliseconds"));
  }

  @Test
  public void clusterAddressThatIsNotHostAndPort() {
    String message = refusal("--runner=SolsticeRunner", "--rayMode=CLUSTER", "--rayAddress=head-without-port");
    assertThat(message, containsString("--rayAddress=head-without-port"));
    assertThat(message, containsString("host:port"));
  }

  @Test
  public void clusterExecutorsThatCannotRun() {
    assertThat(
        refusal("--runner=SolsticeRunner", "--rayMode=CLUSTER", "--executors=0"),
        containsString("--executors=0"));
    assertThat(
        refusal("--runner=SolsticeRunner", "--rayMode=CLUSTER", "--executorCpus=0"),
        containsString("--executorCpus=0.0"));
    assertThat(
        refusal("--runner=SolsticeRunner", "--rayMode=CLUSTER", "--executorMemoryMb=64"),
        containsString("at least 128"));
  }

  @Test
  public void stateDirectoryThatIsAFile() throws IOException {
    File file = File.createTempFile("solstice", ".state");
    file.deleteOnExit();
    String message = refusal("--runner=SolsticeRunner", "--stateDirectory=" + file);
    assertThat(message, containsString("--stateDirectory=" + file));
    assertThat(message, containsString("writable directory"));
  }

  @Test
  public void unknownTransport() {
    String message = refusal("--runner=SolsticeRunner", "--solsticeTransport=carrier-pigeon");
    assertThat(message, containsString("--solsticeTransport=carrier-pigeon"));
    assertThat(message, containsString("--solsticeTransport=kafka"));
  }

  @Test
  public void kafkaWithoutBrokers() {
    assertThat(refusal("--runner=SolsticeRunner", "--solsticeTransport=kafka"), containsString("--kafkaBootstrapServers=embedded"));
  }

  @Test
  public void kafkaBrokerThatIsNotHostAndPort() {
    String message = refusal("--runner=SolsticeRunner", "--solsticeTransport=kafka", "--kafkaBootstrapServers=localhost");
    assertThat(message, containsString("not host:port"));
  }

  @Test
  public void inlineSplitsLargerThanAKafkaRecord() {
    String message =
        refusal(
            "--runner=SolsticeRunner",
            "--solsticeTransport=kafka",
            "--kafkaBootstrapServers=embedded",
            "--targetSplitBytes=4194304",
            "--inlineSplitBytes=2097152");
    assertThat(message, containsString("--inlineSplitBytes=2097152"));
    assertThat(message, containsString("lower --inlineSplitBytes"));
  }

  @Test
  public void unreachableKafkaBrokerFailsTheRunWithinSecondsNamingIt() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    Pipeline pipeline =
        Pipeline.create(
            PipelineOptionsFactory.fromArgs(
                    "--runner=SolsticeRunner", "--solsticeTransport=kafka", "--kafkaBootstrapServers=" + address)
                .create());
    pipeline.apply(Create.of(1, 2, 3));
    long start = System.nanoTime();
    IllegalStateException e = assertThrows(IllegalStateException.class, pipeline::run);
    assertThat((System.nanoTime() - start) / 1e9, lessThan(20.0));
    assertThat(e.getMessage(), containsString("Cannot reach the Kafka broker at " + address));
    assertThat(e.getMessage(), containsString("--kafkaBootstrapServers"));
  }
}
