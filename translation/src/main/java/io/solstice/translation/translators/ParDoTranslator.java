package io.solstice.translation.translators;

import io.solstice.translation.UnsupportedFeatureException;
import io.solstice.translation.graph.TransformNode;
import io.solstice.translation.runtime.operators.ParDoSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.reflect.DoFnSignature;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/** A stateless ParDo with any number of outputs and side inputs. */
final class ParDoTranslator implements TransformTranslator {

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void translate(TransformHierarchy.Node node, TranslationContext context) {
    ParDo.MultiOutput<?, ?> parDo = (ParDo.MultiOutput<?, ?>) node.getTransform();
    DoFn<?, ?> fn = parDo.getFn();
    rejectUnsupported(node.getFullName(), DoFnSignatures.getSignature(fn.getClass()));

    PCollection<?> input = (PCollection<?>) context.applied(node).getMainInputs().values().iterator().next();
    Map<TupleTag<?>, Coder<?>> outputCoders = new HashMap<>();
    for (Map.Entry<TupleTag<?>, PCollection<?>> output : node.getOutputs().entrySet()) {
      outputCoders.put(output.getKey(), output.getValue().getCoder());
    }
    List<PCollectionView<?>> views = new ArrayList<>(parDo.getSideInputs().values());
    ParDoSpec<?, ?> spec =
        new ParDoSpec(
            fn,
            input.getCoder(),
            outputCoders,
            parDo.getMainOutputTag(),
            parDo.getAdditionalOutputTags().getAll(),
            input.getWindowingStrategy(),
            views,
            ParDo.getDoFnSchemaInformation(fn, input),
            parDo.getSideInputs());

    TransformNode.Builder builder =
        new TransformNode.Builder(node.getFullName(), spec).mainInput(context.input(input));
    for (PCollectionView<?> view : views) {
      builder.sideInput(context.sideInput(view));
    }
    for (Map.Entry<TupleTag<?>, PCollection<?>> output : node.getOutputs().entrySet()) {
      builder.output(output.getKey(), context.output(output.getValue()));
    }
    context.add(builder);
  }

  private static void rejectUnsupported(String name, DoFnSignature signature) {
    if (signature.processElement().isSplittable()) {
      throw new IllegalStateException(name + ": a splittable DoFn should have been expanded by the overrides");
    }
  }
}
