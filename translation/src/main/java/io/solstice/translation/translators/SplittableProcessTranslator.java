package io.solstice.translation.translators;

import io.solstice.translation.graph.TransformNode;
import io.solstice.translation.overrides.SplittableProcess;
import io.solstice.translation.runtime.operators.SplittableProcessSpec;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.util.construction.SplittableParDo.ProcessKeyedElements;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/** The restriction processing of a splittable DoFn, fused after the keyed shuffle before it. */
final class SplittableProcessTranslator implements TransformTranslator {

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void translate(TransformHierarchy.Node node, TranslationContext context) {
    ProcessKeyedElements original = ((SplittableProcess<?, ?, ?, ?>) node.getTransform()).original();
    Map<TupleTag<?>, Coder<?>> outputCoders = new HashMap<>();
    node.getOutputs().forEach((tag, pcollection) -> outputCoders.put(tag, pcollection.getCoder()));
    SplittableProcessSpec spec =
        new SplittableProcessSpec(
            original.getFn(),
            original.getElementCoder(),
            original.getRestrictionCoder(),
            original.getWatermarkEstimatorStateCoder(),
            original.getInputWindowingStrategy(),
            original.getSideInputs(),
            original.getSideInputMapping(),
            original.getMainOutputTag(),
            original.getAdditionalOutputTags().getAll(),
            outputCoders);
    TransformNode.Builder builder =
        new TransformNode.Builder(node.getFullName(), spec).mainInput(context.input(Nodes.onlyMainInput(node, context)));
    for (Object view : original.getSideInputs()) {
      builder.sideInput(context.sideInput((PCollectionView<?>) view));
    }
    node.getOutputs().forEach((tag, pcollection) -> builder.output(tag, context.output(pcollection)));
    context.add(builder);
  }
}
