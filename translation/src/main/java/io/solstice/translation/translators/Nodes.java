package io.solstice.translation.translators;

import java.util.Map;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.Iterables;

/** Shortcuts for reading the inputs and outputs of a transform hierarchy node. */
final class Nodes {
  private Nodes() {}

  static PCollection<?> onlyInput(TransformHierarchy.Node node) {
    return Iterables.getOnlyElement(node.getInputs().values());
  }

  /** The main input of a transform that may also have side inputs. */
  static PCollection<?> onlyMainInput(TransformHierarchy.Node node, TranslationContext context) {
    return Iterables.getOnlyElement(context.applied(node).getMainInputs().values());
  }

  static Map.Entry<TupleTag<?>, PCollection<?>> onlyOutput(TransformHierarchy.Node node) {
    return Iterables.getOnlyElement(node.getOutputs().entrySet());
  }
}
