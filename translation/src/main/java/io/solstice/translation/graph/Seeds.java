package io.solstice.translation.graph;

import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.values.WindowedValue;

/**
 * Elements the job driver hands to a source transform before anything runs: the impulse, or the
 * shards of a bounded source.
 */
public final class Seeds {
  private final List<WindowedValue<?>> elements;
  private final Coder<?> windowedCoder;

  public Seeds(List<WindowedValue<?>> elements, Coder<?> windowedCoder) {
    this.elements = List.copyOf(elements);
    this.windowedCoder = windowedCoder;
  }

  public List<WindowedValue<?>> elements() {
    return elements;
  }

  /** Coder of the seed elements, timestamps and windows included. */
  public Coder<?> windowedCoder() {
    return windowedCoder;
  }
}
