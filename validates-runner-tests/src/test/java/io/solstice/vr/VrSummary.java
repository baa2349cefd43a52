package io.solstice.vr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds the ValidatesRunner summary from what {@link ResultRecorder} wrote: tests run, passed,
 * failed and skipped, overall and per category; lists the failures; writes it to {@code
 * target/vr-summary.md}, prints it, and exits non-zero if any test failed.
 *
 * <p>Arguments: the results directory, the exclusions file, the summary file, the run's title.
 */
public final class VrSummary {
  private VrSummary() {}

  public static void main(String[] args) throws IOException {
    Path results = Paths.get(args[0]);
    Path exclusions = Paths.get(args[1]);
    Path summaryFile = Paths.get(args[2]);
    String title = args.length > 3 ? args[3] : "SolsticeRunner";
    Map<String, int[]> perCategory = new TreeMap<>();
    int[] total = new int[3];
    List<String> failures = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    if (Files.isDirectory(results)) {
      try (Stream<Path> files = Files.list(results)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
      }
    }
    for (String line : lines) {
      String[] parts = line.split("\t", -1);
      int outcome = parts[0].equals("PASSED") ? 0 : parts[0].equals("FAILED") ? 1 : 2;
      total[outcome]++;
      if (outcome == 1) {
        failures.add(parts[1]);
      }
      for (String category : parts[2].split(",")) {
        if (!category.isEmpty()) {
          perCategory.computeIfAbsent(category, c -> new int[3])[outcome]++;
        }
      }
    }
    long excludedCategories = 0;
    long excludedTests = 0;
    for (String line : Files.readAllLines(exclusions, StandardCharsets.UTF_8)) {
      excludedCategories += line.startsWith("category ") ? 1 : 0;
      excludedTests += line.startsWith("test ") ? 1 : 0;
    }

    StringBuilder out = new StringBuilder();
    out.append("## ValidatesRunner summary (").append(title).append(")\n\n");
    out.append(String.format("Tests run: %d, passed: %d, failed: %d, skipped: %d%n", lines.size(), total[0], total[1], total[2]));
    out.append(
        String.format(
            "Excluded: %d categories and %d single tests, each with its reason in %s%n%n",
            excludedCategories, excludedTests, exclusions.getFileName()));
    out.append("| category | run | passed | failed | skipped |\n|---|---:|---:|---:|---:|\n");
    for (Map.Entry<String, int[]> entry : perCategory.entrySet()) {
      int[] c = entry.getValue();
      out.append(String.format("| %s | %d | %d | %d | %d |%n", entry.getKey(), c[0] + c[1] + c[2], c[0], c[1], c[2]));
    }
    if (!failures.isEmpty()) {
      out.append("\nFailed tests:\n");
      failures.stream().sorted().forEach(f -> out.append("- ").append(f).append('\n'));
    }
    Files.createDirectories(summaryFile.toAbsolutePath().getParent());
    Files.writeString(summaryFile, out.toString(), StandardCharsets.UTF_8);
    System.out.print(out);
    if (lines.isEmpty()) {
      System.err.println("No ValidatesRunner results were recorded");
      System.exit(1);
    }
    if (total[1] > 0) {
      System.exit(1);
    }
  }
}
