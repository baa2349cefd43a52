package io.solstice.translation.translators;

import io.solstice.translation.api.ElementDecoder;
import io.solstice.translation.api.ExternalSplitSource;
import io.solstice.translation.graph.Seeds;
import io.solstice.translation.graph.TransformNode;
import io.solstice.translation.runtime.operators.DecodingSourceSpec;
import io.solstice.translation.runtime.operators.PassThroughSpec;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValues;

/**
 * A composite that is an {@link ExternalSplitSource}: translated whole, not expanded. Its byte
 * arrays reach the stage that reads them in the global window, written by the outside system while
 * the job runs; the node decodes them into its output elements, or forwards them.
 */
public final class ExternalSourceTranslator {
  private ExternalSourceTranslator() {}

  public static boolean applies(TransformHierarchy.Node node) {
    return node.getTransform() instanceof ExternalSplitSource;
  }

  public static void translate(TransformHierarchy.Node node, TranslationContext context) {
    ExternalSplitSource source = (ExternalSplitSource) node.getTransform();
    Map.Entry<TupleTag<?>, PCollection<?>> output = Nodes.onlyOutput(node);
    ElementDecoder<?> decoder = source.decoder();
    if (decoder == null && !(output.getValue().getCoder() instanceof ByteArrayCoder)) {
      throw new IllegalArgumentException(
          node.getFullName() + " is an ExternalSplitSource, whose output must be byte arrays coded with"
              + " ByteArrayCoder unless it has a decoder; its coder is " + output.getValue().getCoder());
    }
    Seeds seeds =
        Seeds.external(source, WindowedValues.getFullCoder(ByteArrayCoder.of(), GlobalWindow.Coder.INSTANCE));
    context.add(
        new TransformNode.Builder(
                node.getFullName(),
                decoder == null ? new PassThroughSpec(output.getKey()) : new DecodingSourceSpec(output.getKey(), decoder))
            .output(output.getKey(), context.output(output.getValue()))
            .seeds(seeds));
  }
}
