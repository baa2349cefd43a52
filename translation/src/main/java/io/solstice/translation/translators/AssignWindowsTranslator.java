package io.solstice.translation.translators;

import io.solstice.translation.graph.TransformNode;
import io.solstice.translation.runtime.OperatorSpec;
import io.solstice.translation.runtime.operators.AssignWindowsSpec;
import io.solstice.translation.runtime.operators.PassThroughSpec;
import java.util.Map;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;

/** Window.into: assigns windows; without a WindowFn it only changes the trigger, so it forwards. */
final class AssignWindowsTranslator implements TransformTranslator {

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void translate(TransformHierarchy.Node node, TranslationContext context) {
    WindowFn<?, ?> windowFn = ((Window.Assign<?>) node.getTransform()).getWindowFn();
    Map.Entry<TupleTag<?>, PCollection<?>> output = Nodes.onlyOutput(node);
    OperatorSpec spec =
        windowFn == null
            ? new PassThroughSpec(output.getKey())
            : new AssignWindowsSpec(windowFn, output.getKey());
    context.add(
        new TransformNode.Builder(node.getFullName(), spec)
            .mainInput(context.input(Nodes.onlyInput(node)))
            .output(output.getKey(), context.output(output.getValue())));
  }
}
