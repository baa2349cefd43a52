package io.solstice.translation.graph;

import io.solstice.translation.api.ExternalSplitSource;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.values.WindowedValue;

/**
 * Elements the job driver hands to a source transform: before anything runs (the impulse, or the
 * shards of a bounded source), or, from an {@link ExternalSplitSource}, written while the job runs.
 */
public final class Seeds {
  private final List<WindowedValue<?>> elements;
  private final Coder<?> windowedCoder;
  private final ExternalSplitSource external;

  public Seeds(List<WindowedValue<?>> elements, Coder<?> windowedCoder) {
    this(elements, windowedCoder, null);
  }

  private Seeds(List<WindowedValue<?>> elements, Coder<?> windowedCoder, ExternalSplitSource external) {
    this.elements = List.copyOf(elements);
    this.windowedCoder = windowedCoder;
    this.external = external;
  }

  /** Elements an outside system writes while the job runs, coded by {@code windowedCoder}. */
  public static Seeds external(ExternalSplitSource source, Coder<?> windowedCoder) {
    return new Seeds(List.of(), windowedCoder, source);
  }

  /** The outside system writing this source's elements, or null if the driver seeds them all. */
  public ExternalSplitSource external() {
    return external;
  }

  public List<WindowedValue<?>> elements() {
    return elements;
  }

  /** Coder of the seed elements, timestamps and windows included. */
  public Coder<?> windowedCoder() {
    return windowedCoder;
  }
}
