package io.solstice.translation.translators;

import io.solstice.translation.graph.TransformNode;
import io.solstice.translation.overrides.CombineAlsoByWindow;
import io.solstice.translation.overrides.MergeAccumulators;
import io.solstice.translation.overrides.PartialCombine;
import io.solstice.translation.runtime.OperatorSpec;
import io.solstice.translation.runtime.operators.AccumulatorMergingFn;
import io.solstice.translation.runtime.operators.GroupAlsoByWindowSpec;
import io.solstice.translation.runtime.operators.PartialCombineSpec;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.util.AppliedCombineFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;

/** The keyed halves of GroupByKey and of Combine.perKey, lifted or not. */
final class GroupingTranslators {
  private GroupingTranslators() {}

  private static void add(TransformHierarchy.Node node, TranslationContext context, OperatorSpec spec) {
    Map.Entry<TupleTag<?>, PCollection<?>> output = Nodes.onlyOutput(node);
    context.add(
        new TransformNode.Builder(node.getFullName(), spec)
            .mainInput(context.input(Nodes.onlyInput(node)))
            .output(output.getKey(), context.output(output.getValue())));
  }

  /** Combines the values of each key and window with {@code applied}, as the input's windowing fires. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void addCombining(TransformHierarchy.Node node, TranslationContext context, AppliedCombineFn applied) {
    PCollection<?> input = Nodes.onlyInput(node);
    KvCoder coder = (KvCoder) input.getCoder();
    add(
        node,
        context,
        GroupAlsoByWindowSpec.combining(
            coder.getKeyCoder(),
            coder.getValueCoder(),
            input.getWindowingStrategy(),
            applied,
            (TupleTag<KV<Object, Object>>) Nodes.onlyOutput(node).getKey(),
            input.isBounded() == PCollection.IsBounded.BOUNDED));
  }

  /** Groups the values of each key and window. */
  static final class GroupAlsoByWindow implements TransformTranslator {
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void translate(TransformHierarchy.Node node, TranslationContext context) {
      PCollection<?> input = Nodes.onlyInput(node);
      KvCoder<?, ?> coder = (KvCoder<?, ?>) input.getCoder();
      add(
          node,
          context,
          GroupAlsoByWindowSpec.grouping(
              (Coder) coder.getKeyCoder(),
              (Coder) coder.getValueCoder(),
              input.getWindowingStrategy(),
              (TupleTag) Nodes.onlyOutput(node).getKey(),
              input.isBounded() == PCollection.IsBounded.BOUNDED));
    }
  }

  /** Combines the values of each key and window into one accumulator as they arrive. */
  static final class CombineInWindows implements TransformTranslator {
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void translate(TransformHierarchy.Node node, TranslationContext context) {
      PCollection<?> input = Nodes.onlyInput(node);
      KvCoder coder = (KvCoder) input.getCoder();
      CombineFn fn = ((CombineAlsoByWindow<?, ?, ?>) node.getTransform()).combineFn();
      // The override took only combines whose accumulator coder the registry provides.
      AppliedCombineFn applied = AppliedCombineFn.withInputCoder(fn, input.getPipeline().getCoderRegistry(), coder);
      addCombining(node, context, applied);
    }
  }

  /** Folds inputs into accumulators ahead of the shuffle. */
  static final class Partial implements TransformTranslator {
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void translate(TransformHierarchy.Node node, TranslationContext context) {
      PCollection<?> input = Nodes.onlyInput(node);
      KvCoder<?, ?> coder = (KvCoder<?, ?>) input.getCoder();
      CombineFn fn = ((PartialCombine<?, ?, ?>) node.getTransform()).combineFn();
      add(
          node,
          context,
          new PartialCombineSpec(
              fn,
              coder.getKeyCoder(),
              input.getWindowingStrategy().getTimestampCombiner(),
              (TupleTag) Nodes.onlyOutput(node).getKey()));
    }
  }

  /** Merges the accumulators of each key and window, then extracts the output. */
  static final class Merge implements TransformTranslator {
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void translate(TransformHierarchy.Node node, TranslationContext context) {
      PCollection<?> input = Nodes.onlyInput(node);
      KvCoder coder = (KvCoder) input.getCoder();
      CombineFn fn = ((MergeAccumulators<?, ?, ?>) node.getTransform()).combineFn();
      AppliedCombineFn applied =
          AppliedCombineFn.withAccumulatorCoder(
              new AccumulatorMergingFn(fn, coder.getValueCoder()), coder.getValueCoder());
      addCombining(node, context, applied);
    }
  }
}
