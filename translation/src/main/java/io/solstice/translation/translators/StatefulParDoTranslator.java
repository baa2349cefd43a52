package io.solstice.translation.translators;

import io.solstice.translation.graph.TransformNode;
import io.solstice.translation.overrides.StatefulParDo;
import io.solstice.translation.runtime.operators.ParDoSpec;
import io.solstice.translation.runtime.operators.StatefulParDoSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/** A ParDo with state or timers, fused after the keyed shuffle that precedes it. */
final class StatefulParDoTranslator implements TransformTranslator {

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void translate(TransformHierarchy.Node node, TranslationContext context) {
    ParDo.MultiOutput parDo = ((StatefulParDo<?, ?, ?>) node.getTransform()).parDo();
    PCollection<?> input = (PCollection<?>) context.applied(node).getMainInputs().values().iterator().next();
    Map<TupleTag<?>, Coder<?>> outputCoders = new HashMap<>();
    node.getOutputs().forEach((tag, pcollection) -> outputCoders.put(tag, pcollection.getCoder()));
    List<PCollectionView<?>> views = new ArrayList<>(parDo.getSideInputs().values());
    ParDoSpec spec =
        new ParDoSpec(
            parDo.getFn(),
            input.getCoder(),
            outputCoders,
            parDo.getMainOutputTag(),
            parDo.getAdditionalOutputTags().getAll(),
            input.getWindowingStrategy(),
            views,
            ParDo.getDoFnSchemaInformation(parDo.getFn(), input),
            parDo.getSideInputs());
    // The override nests this primitive under the replaced ParDo; metrics belong to the ParDo's name.
    String name = node.getEnclosingNode().getFullName();
    TransformNode.Builder builder =
        new TransformNode.Builder(name, new StatefulParDoSpec(spec, ((KvCoder<?, ?>) input.getCoder()).getKeyCoder()))
            .mainInput(context.input(input));
    for (PCollectionView<?> view : views) {
      builder.sideInput(context.sideInput(view));
    }
    node.getOutputs().forEach((tag, pcollection) -> builder.output(tag, context.output(pcollection)));
    context.add(builder);
  }
}
