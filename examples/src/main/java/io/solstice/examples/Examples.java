package io.solstice.examples;

import io.solstice.examples.faults.FaultTrials;
import io.solstice.examples.streaming.WindowedCountsExample;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Entry point of the runnable examples jar: {@code java -jar solstice-examples.jar <example>
 * [--option=value ...]}. The jar's manifest opens the JDK packages Ray needs.
 */
public final class Examples {
  private static final Map<String, Consumer<String[]>> EXAMPLES =
      Map.of(
          "wordcount", WordCount::main,
          "wordcount-benchmark", args -> WordCountBenchmark.main(args),
          "kafka-shuffle-benchmark", args -> runChecked("kafka-shuffle-benchmark", () -> KafkaShuffleBenchmark.main(args)),
          "windowed-counts", args -> runChecked("windowed-counts", () -> WindowedCountsExample.main(args)),
          "streaming-benchmark", args -> runChecked("streaming-benchmark", () -> StreamingBenchmark.main(args)),
          "checkpoint-benchmark", args -> runChecked("checkpoint-benchmark", () -> CheckpointBenchmark.main(args)),
          "fault-trials", args -> runChecked("fault-trials", () -> FaultTrials.main(args)),
          "elastic-pool-benchmark", args -> runChecked("elastic-pool-benchmark", () -> ElasticPoolBenchmark.main(args)));

  private Examples() {}

  /** An example's main that may throw. */
  private interface Main {
    void run() throws Exception;
  }

  private static void runChecked(String name, Main main) {
    try {
      main.run();
    } catch (Exception e) {
      throw new IllegalStateException(name + " failed", e);
    }
  }

  public static void main(String[] args) {
    if (args.length == 0 || !EXAMPLES.containsKey(args[0])) {
      System.err.println("Usage: java -jar solstice-examples.jar <example> [--option=value ...]");
      System.err.println("Examples: " + String.join(", ", EXAMPLES.keySet()));
      System.exit(2);
    }
    EXAMPLES.get(args[0]).accept(Arrays.copyOfRange(args, 1, args.length));
  }
}
