package io.solstice.translation.translators;

import io.solstice.translation.graph.Seeds;
import io.solstice.translation.graph.TransformNode;
import io.solstice.translation.overrides.MaterializeView;
import io.solstice.translation.runtime.operators.PassThroughSpec;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;

/**
 * Transforms whose operator only forwards elements: what they do is decided by where they put
 * stage boundaries and what data the driver seeds.
 */
final class PassThroughTranslators {
  private PassThroughTranslators() {}

  private static TransformNode.Builder forward(TransformHierarchy.Node node, TranslationContext context) {
    Map.Entry<TupleTag<?>, PCollection<?>> output = Nodes.onlyOutput(node);
    return new TransformNode.Builder(node.getFullName(), new PassThroughSpec(output.getKey()))
        .output(output.getKey(), context.output(output.getValue()));
  }

  /** Impulse: one empty byte array in the global window, seeded by the driver, on one worker. */
  static final class Impulse implements TransformTranslator {
    @Override
    public void translate(TransformHierarchy.Node node, TranslationContext context) {
      TransformNode.Builder builder = forward(node, context);
      PCollection<?> output = Nodes.onlyOutput(node).getValue();
      WindowedValue<?> impulse = WindowedValues.valueInGlobalWindow(new byte[0]);
      Seeds seeds =
          new Seeds(
              List.of(impulse),
              WindowedValues.getFullCoder(
                  output.getCoder(), output.getWindowingStrategy().getWindowFn().windowCoder()));
      context.add(builder.seeds(seeds).maxParallelism(1));
    }
  }

  /** Flatten: every input feeds one output; with no input, an empty seeded source. */
  static final class Flatten implements TransformTranslator {
    @Override
    public void translate(TransformHierarchy.Node node, TranslationContext context) {
      TransformNode.Builder builder = forward(node, context);
      if (node.getInputs().isEmpty()) {
        PCollection<?> output = Nodes.onlyOutput(node).getValue();
        builder
            .seeds(
                new Seeds(
                    List.of(),
                    WindowedValues.getFullCoder(
                        output.getCoder(), output.getWindowingStrategy().getWindowFn().windowCoder())))
            .maxParallelism(1);
      }
      for (PCollection<?> input : node.getInputs().values()) {
        builder.mainInput(context.input(input));
      }
      context.add(builder);
    }
  }

  /** The head of a keyed shuffle: its stage reads the input partitioned by key. */
  static final class KeyedShuffle implements TransformTranslator {
    private final boolean randomKeys;

    /** @param randomKeys the keys are random and unique, and the runner may replace them */
    KeyedShuffle(boolean randomKeys) {
      this.randomKeys = randomKeys;
    }

    @Override
    public void translate(TransformHierarchy.Node node, TranslationContext context) {
      PCollection<?> input = Nodes.onlyInput(node);
      Coder<?> keyCoder = ((KvCoder<?, ?>) input.getCoder()).getKeyCoder();
      TransformNode.Builder shuffle = forward(node, context).mainInput(context.input(input));
      context.add(randomKeys ? shuffle.keyedByRandomKeys(keyCoder) : shuffle.keyedBy(keyCoder));
    }
  }

  /** The head of a rebalance: its stage reads the input dealt evenly over its workers. */
  static final class Rebalance implements TransformTranslator {
    @Override
    public void translate(TransformHierarchy.Node node, TranslationContext context) {
      context.add(forward(node, context).mainInput(context.input(Nodes.onlyInput(node))).rebalanced());
    }
  }

  /** A view's materialization, which the stages reading the view receive by broadcast. */
  static final class Materialize implements TransformTranslator {
    @Override
    public void translate(TransformHierarchy.Node node, TranslationContext context) {
      TransformNode created = context.add(forward(node, context).mainInput(context.input(Nodes.onlyInput(node))));
      int data = created.outputs().values().iterator().next();
      context.materializes(((MaterializeView<?>) node.getTransform()).view(), data);
    }
  }
}
