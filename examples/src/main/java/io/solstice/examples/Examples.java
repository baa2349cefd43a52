package io.solstice.examples;

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
          "kafka-shuffle-benchmark", Examples::kafkaShuffleBenchmark);

  private Examples() {}

  private static void kafkaShuffleBenchmark(String[] args) {
    try {
      KafkaShuffleBenchmark.main(args);
    } catch (Exception e) {
      throw new IllegalStateException("The Kafka shuffle benchmark failed", e);
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
