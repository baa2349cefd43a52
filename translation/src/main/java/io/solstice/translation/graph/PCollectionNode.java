package io.solstice.translation.graph;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.values.WindowedValues;
import org.apache.beam.sdk.values.WindowingStrategy;

/** A PCollection of the pipeline: its coder, windowing and boundedness. */
public final class PCollectionNode {
  private final int id;
  private final String name;
  private final Coder<?> coder;
  private final WindowingStrategy<?, ?> windowing;
  private final boolean bounded;

  PCollectionNode(int id, String name, Coder<?> coder, WindowingStrategy<?, ?> windowing, boolean bounded) {
    this.id = id;
    this.name = name;
    this.coder = coder;
    this.windowing = windowing;
    this.bounded = bounded;
  }

  public int id() {
    return id;
  }

  public String name() {
    return name;
  }

  public Coder<?> coder() {
    return coder;
  }

  public WindowingStrategy<?, ?> windowing() {
    return windowing;
  }

  public boolean bounded() {
    return bounded;
  }

  /** The coder of the PCollection's elements with their timestamps, windows and panes. */
  public Coder<?> windowedCoder() {
    return WindowedValues.getFullCoder(coder, windowing.getWindowFn().windowCoder());
  }

  @Override
  public String toString() {
    return name;
  }
}
