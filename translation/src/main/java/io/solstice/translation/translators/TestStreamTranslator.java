package io.solstice.translation.translators;

import io.solstice.translation.graph.Seeds;
import io.solstice.translation.graph.TransformNode;
import io.solstice.translation.runtime.operators.TestStreamSpec;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValues;

/**
 * TestStream: a one-worker source stage, started by one seed element, that replays the stream's
 * events against the job's manual clock.
 */
final class TestStreamTranslator implements TransformTranslator {

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void translate(TransformHierarchy.Node node, TranslationContext context) {
    Map.Entry<TupleTag<?>, PCollection<?>> output = Nodes.onlyOutput(node);
    TestStream<?> stream = (TestStream<?>) node.getTransform();
    Seeds start =
        new Seeds(
            List.of(WindowedValues.valueInGlobalWindow(new byte[0])),
            WindowedValues.getFullCoder(ByteArrayCoder.of(), GlobalWindow.Coder.INSTANCE));
    context.add(
        new TransformNode.Builder(node.getFullName(), new TestStreamSpec(output.getKey(), stream))
            .output(output.getKey(), context.output(output.getValue()))
            .seeds(start)
            .maxParallelism(1));
  }
}
