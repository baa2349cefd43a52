package io.solstice.runner;

import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Options for tests that run pipelines on SolsticeRunner and inspect the result. */
final class TestOptions {
  private TestOptions() {}

  static SolsticePipelineOptions solstice(int parallelism) {
    SolsticePipelineOptions options = PipelineOptionsFactory.as(SolsticePipelineOptions.class);
    options.setRunner(SolsticeRunner.class);
    options.setParallelism(parallelism);
    return options;
  }

  /** Options for {@code transport}: "inprocess", or "kafka" with a broker embedded for the job. */
  static SolsticePipelineOptions solstice(int parallelism, String transport) {
    SolsticePipelineOptions options = solstice(parallelism);
    options.setSolsticeTransport(transport);
    if (transport.equals("kafka")) {
      options.setKafkaBootstrapServers("embedded");
    }
    return options;
  }

  /** The transports a parameterized test runs on. */
  static List<Object[]> transports() {
    return List.of(new Object[] {"inprocess"}, new Object[] {"kafka"});
  }
}
