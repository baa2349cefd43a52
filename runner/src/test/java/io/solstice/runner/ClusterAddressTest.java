package io.solstice.runner;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertThrows;

import java.net.ServerSocket;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Test;

/** A Ray cluster that cannot be reached fails the job at once, naming the address and the option. */
public class ClusterAddressTest {

  @Test
  public void anUnreachableClusterIsNamedNotWaitedFor() throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    String address = "127.0.0.2:" + freePort;
    SolsticePipelineOptions options =
        PipelineOptionsFactory.fromArgs("--rayMode=CLUSTER", "--rayAddress=" + address).as(SolsticePipelineOptions.class);
    options.setRunner(SolsticeRunner.class);
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply(Create.of(1, 2, 3));
    long start = System.nanoTime();
    IllegalStateException failure = assertThrows(IllegalStateException.class, pipeline::run);
    assertThat(failure.getMessage(), containsString("Cannot reach the Ray cluster at " + address));
    assertThat(failure.getMessage(), containsString("--rayAddress"));
    assertThat("it failed within seconds", (System.nanoTime() - start) / 1_000_000_000L, lessThan(30L));
  }
}
