package io.solstice.translation.graph;

import io.solstice.translation.runtime.OperatorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.values.TupleTag;

/** A translated primitive transform: the operator that runs it and how it connects. */
public final class TransformNode {
  private final int id;
  private final String name;
  private final OperatorSpec operator;
  private final List<Integer> mainInputs;
  private final List<SideInputRef> sideInputs;
  private final Map<TupleTag<?>, Integer> outputs;
  private final InputPartitioning inputPartitioning;
  private final Coder<?> keyCoder;
  private final Seeds seeds;
  private final int maxParallelism;

  private TransformNode(Builder b, int id) {
    this.id = id;
    this.name = b.name;
    this.operator = b.operator;
    this.mainInputs = List.copyOf(b.mainInputs);
    this.sideInputs = List.copyOf(b.sideInputs);
    this.outputs = new LinkedHashMap<>(b.outputs);
    this.inputPartitioning = b.inputPartitioning;
    this.keyCoder = b.keyCoder;
    this.seeds = b.seeds;
    this.maxParallelism = b.maxParallelism;
  }

  public int id() {
    return id;
  }

  /** The transform's full name in the pipeline; also the step name of its metrics. */
  public String name() {
    return name;
  }

  public OperatorSpec operator() {
    return operator;
  }

  public List<Integer> mainInputs() {
    return mainInputs;
  }

  public List<SideInputRef> sideInputs() {
    return sideInputs;
  }

  public Map<TupleTag<?>, Integer> outputs() {
    return outputs;
  }

  public InputPartitioning inputPartitioning() {
    return inputPartitioning;
  }

  /** Coder of the key that partitions a {@link InputPartitioning#KEYED} input, else null. */
  public Coder<?> keyCoder() {
    return keyCoder;
  }

  /** The elements a source transform starts from, or null for any other transform. */
  public Seeds seeds() {
    return seeds;
  }

  /** Upper bound on the workers of a stage this transform heads (Integer.MAX_VALUE: none). */
  public int maxParallelism() {
    return maxParallelism;
  }

  @Override
  public String toString() {
    return name;
  }

  /** Builds a node; {@link LogicalGraph#add(Builder)} assigns its id. */
  public static final class Builder {
    private final String name;
    private final OperatorSpec operator;
    private final List<Integer> mainInputs = new ArrayList<>();
    private final List<SideInputRef> sideInputs = new ArrayList<>();
    private final Map<TupleTag<?>, Integer> outputs = new LinkedHashMap<>();
    private InputPartitioning inputPartitioning = InputPartitioning.PIPELINED;
    private Coder<?> keyCoder;
    private Seeds seeds;
    private int maxParallelism = Integer.MAX_VALUE;

    public Builder(String name, OperatorSpec operator) {
      this.name = name;
      this.operator = operator;
    }

    public Builder mainInput(int pcollection) {
      mainInputs.add(pcollection);
      return this;
    }

    public Builder sideInput(SideInputRef sideInput) {
      sideInputs.add(sideInput);
      return this;
    }

    public Builder output(TupleTag<?> tag, int pcollection) {
      outputs.put(tag, pcollection);
      return this;
    }

    public Builder keyedBy(Coder<?> keyCoder) {
      this.inputPartitioning = InputPartitioning.KEYED;
      this.keyCoder = keyCoder;
      return this;
    }

    /** Keyed by random unique keys, which the runner may replace (see {@link InputPartitioning#RANDOM_KEYS}). */
    public Builder keyedByRandomKeys(Coder<?> keyCoder) {
      this.inputPartitioning = InputPartitioning.RANDOM_KEYS;
      this.keyCoder = keyCoder;
      return this;
    }

    public Builder rebalanced() {
      this.inputPartitioning = InputPartitioning.REBALANCE;
      return this;
    }

    public Builder seeds(Seeds seeds) {
      this.seeds = seeds;
      return this;
    }

    public Builder maxParallelism(int max) {
      this.maxParallelism = max;
      return this;
    }

    TransformNode build(int id) {
      return new TransformNode(this, id);
    }
  }
}
