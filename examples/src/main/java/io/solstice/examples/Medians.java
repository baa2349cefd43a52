package io.solstice.examples;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The median run of a benchmark's rounds, by a measure such as seconds taken. */
final class Medians {
  private Medians() {}

  static <T> T median(List<T> runs, ToDoubleFunction<T> measure) {
    List<T> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(measure));
    return sorted.get(sorted.size() / 2);
  }
}
