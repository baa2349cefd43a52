package io.solstice.translation.plan;

import io.solstice.translation.graph.Seeds;
import org.apache.beam.sdk.coders.Coder;

/** A PCollection crossing from one stage to another, or seeded by the driver into a stage. */
public final class PlannedEdge {
  /** Producer stage of an edge the driver seeds. */
  public static final int SEEDED = -1;

  private final int id;
  private final String name;
  private final int producerStage;
  private final int consumerStage;
  private final EdgeKind kind;
  private final int partitions;
  private final Coder<?> windowedCoder;
  private final Coder<?> keyCoder;
  private final Seeds seeds;

  PlannedEdge(
      int id,
      String name,
      int producerStage,
      int consumerStage,
      EdgeKind kind,
      int partitions,
      Coder<?> windowedCoder,
      Coder<?> keyCoder,
      Seeds seeds) {
    this.id = id;
    this.name = name;
    this.producerStage = producerStage;
    this.consumerStage = consumerStage;
    this.kind = kind;
    this.partitions = partitions;
    this.windowedCoder = windowedCoder;
    this.keyCoder = keyCoder;
    this.seeds = seeds;
  }

  public int id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** The producing stage, or {@link #SEEDED}. */
  public int producerStage() {
    return producerStage;
  }

  public int consumerStage() {
    return consumerStage;
  }

  public EdgeKind kind() {
    return kind;
  }

  public int partitions() {
    return partitions;
  }

  /** Coder of the elements with timestamps, windows and panes. */
  public Coder<?> windowedCoder() {
    return windowedCoder;
  }

  /** For a keyed edge, the coder of the key that routes each element. */
  public Coder<?> keyCoder() {
    return keyCoder;
  }

  /** For a seeded edge, its elements; else null. */
  public Seeds seeds() {
    return seeds;
  }

  @Override
  public String toString() {
    return "edge " + id + " " + kind + " '" + name + "'";
  }
}
