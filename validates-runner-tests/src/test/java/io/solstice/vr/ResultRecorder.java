package io.solstice.vr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.experimental.categories.Category;
import org.junit.runner.Description;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

/**
 * Surefire listener: appends one line per finished test (outcome, test, categories) to a file per
 * fork under {@code target/vr-results}, from which {@link VrSummary} builds the suite's summary.
 * Categories include those a test inherits, so that a {@code UsesMapState} test also counts as
 * {@code UsesStatefulParDo}, as JUnit's category filter sees it.
 */
@RunListener.ThreadSafe
public final class ResultRecorder extends RunListener {
  private final Path file =
      Paths.get(
          System.getProperty("vr.resultsDir", "target/vr-results"),
          "fork-" + ManagementFactory.getRuntimeMXBean().getName().replace('@', '-') + ".tsv");
  private final Map<Description, String> outcomes = new ConcurrentHashMap<>();

  @Override
  public void testStarted(Description description) {
    outcomes.put(description, "PASSED");
  }

  @Override
  public void testFailure(Failure failure) {
    outcomes.put(failure.getDescription(), "FAILED");
  }

  @Override
  public void testAssumptionFailure(Failure failure) {
    outcomes.put(failure.getDescription(), "SKIPPED");
  }

  @Override
  public void testFinished(Description description) {
    record(outcomes.getOrDefault(description, "PASSED"), description);
    outcomes.remove(description);
  }

  @Override
  public void testIgnored(Description description) {
    record("SKIPPED", description);
  }

  private synchronized void record(String outcome, Description description) {
    String line =
        outcome + "\t" + description.getClassName() + "#" + description.getMethodName() + "\t"
            + String.join(",", categories(description)) + "\n";
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Set<String> categories(Description description) {
    Set<String> names = new TreeSet<>();
    Deque<Class<?>> pending = new ArrayDeque<>();
    Category onMethod = description.getAnnotation(Category.class);
    if (onMethod != null) {
      pending.addAll(List.of(onMethod.value()));
    }
    for (Class<?> c = description.getTestClass(); c != null; c = c.getSuperclass()) {
      Category onClass = c.getAnnotation(Category.class);
      if (onClass != null) {
        pending.addAll(List.of(onClass.value()));
      }
    }
    while (!pending.isEmpty()) {
      Class<?> category = pending.pop();
      if (names.add(category.getName().replace("org.apache.beam.sdk.testing.", ""))) {
        pending.addAll(List.of(category.getInterfaces()));
      }
    }
    return names;
  }
}
