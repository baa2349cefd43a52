package io.solstice.engine.graph;

import io.solstice.engine.operator.Partitioning;

import java.io.Serializable;

/**
 * A data edge between two stages, carried by one queue topic.
 *
 * <p>A seeded edge has no producer stage: the job driver writes its splits before any stage runs
 * (an impulse, or the shards of a bounded source).
 */
public final class EdgeSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Producer id of a seeded edge's only writer, the job driver. */
  public static final int SEED_PRODUCER = -1;

  private final int id;
  private final String name;
  private final int producerStage;
  private final int consumerStage;
  private final Partitioning partitioning;
  private final int partitions;

  public EdgeSpec(
      int id,
      String name,
      int producerStage,
      int consumerStage,
      Partitioning partitioning,
      int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("Edge " + name + " needs at least one partition");
    }
    if (partitioning == Partitioning.SINGLETON && partitions != 1) {
      throw new IllegalArgumentException("SINGLETON edge " + name + " must have one partition");
    }
    this.id = id;
    this.name = name;
    this.producerStage = producerStage;
    this.consumerStage = consumerStage;
    this.partitioning = partitioning;
    this.partitions = partitions;
  }

  public int id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** The producing stage's id, or {@link #SEED_PRODUCER} for a seeded edge. */
  public int producerStage() {
    return producerStage;
  }

  public int consumerStage() {
    return consumerStage;
  }

  public boolean isSeeded() {
    return producerStage == SEED_PRODUCER;
  }

  public Partitioning partitioning() {
    return partitioning;
  }

  public int partitions() {
    return partitions;
  }

  @Override
  public String toString() {
    return "edge " + id + " '" + name + "' (" + partitioning + " x" + partitions + ")";
  }
}
