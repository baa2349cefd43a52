package io.solstice.vr;

import io.solstice.engine.queue.kafka.EmbeddedKafkaBroker;
import org.junit.runner.Description;
import org.junit.runner.notification.RunListener;

/**
 * Surefire listener for the suite's Kafka-transport run: before the fork's first test it starts
 * one embedded Kafka broker (127.0.0.1) for all the fork's tests and points the test pipelines'
 * options at it, replacing the placeholder {@code --kafkaBootstrapServers=suite}. The broker
 * stops when the fork's JVM exits.
 */
@RunListener.ThreadSafe
public final class KafkaSuiteBroker extends RunListener {
  static final String OPTIONS_PROPERTY = "beamTestPipelineOptions";
  static final String PLACEHOLDER = "--kafkaBootstrapServers=suite";

  private static EmbeddedKafkaBroker broker;

  /** Surefire creates its listeners before the first test class builds its TestPipeline. */
  public KafkaSuiteBroker() {
    ensureStarted();
  }

  @Override
  public void testRunStarted(Description description) {
    ensureStarted();
  }

  @Override
  public void testStarted(Description description) {
    ensureStarted();
  }

  private static synchronized void ensureStarted() {
    String options = System.getProperty(OPTIONS_PROPERTY, "");
    if (broker != null || !options.contains(PLACEHOLDER)) {
      return;
    }
    broker = EmbeddedKafkaBroker.start();
    EmbeddedKafkaBroker started = broker;
    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-suite-kafka-broker"));
    System.setProperty(
        OPTIONS_PROPERTY, options.replace(PLACEHOLDER, "--kafkaBootstrapServers=" + started.bootstrapServers()));
  }
}
