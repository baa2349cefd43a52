package io.solstice.translation;

import io.solstice.translation.overrides.SolsticeOverrides;
import io.solstice.translation.plan.ExecutionPlan;
import io.solstice.translation.plan.StageFuser;
import io.solstice.translation.translators.ExternalSourceTranslator;
import io.solstice.translation.translators.TransformTranslator;
import io.solstice.translation.translators.TranslationContext;
import io.solstice.translation.translators.TranslatorRegistry;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.util.construction.PTransformTranslation;

/** Beam pipeline in, execution plan out: overrides, then translation by URN, then fusion. */
public final class SolsticeTranslator {
  private SolsticeTranslator() {}

  /**
   * Translates the pipeline, rewriting it in place with Solstice's overrides first.
   *
   * @throws UnsupportedFeatureException if a transform uses something Solstice cannot run
   */
  public static ExecutionPlan translate(Pipeline pipeline, PipelineOptions options, int parallelism) {
    SolsticeOverrides.apply(pipeline, parallelism);
    TranslationContext context = new TranslationContext(pipeline, options, parallelism);
    TranslatorRegistry registry = TranslatorRegistry.standard();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (ExternalSourceTranslator.applies(node)) {
              ExternalSourceTranslator.translate(node, context);
              return CompositeBehavior.DO_NOT_ENTER_TRANSFORM;
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            TransformTranslator translator = registry.lookup(node, context);
            if (translator == null) {
              throw new UnsupportedFeatureException(node.getFullName(), describe(node));
            }
            translator.translate(node, context);
          }
        });
    return StageFuser.fuse(context.graph(), parallelism, context.driverMetrics());
  }

  /**
   * Whether the pipeline reads a TestStream: its job then runs on a manual processing-time clock
   * that only the TestStream moves.
   */
  public static boolean usesTestStream(Pipeline pipeline) {
    boolean[] found = {false};
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            found[0] |= node.getTransform() instanceof TestStream;
          }
        });
    return found[0];
  }

  private static String describe(TransformHierarchy.Node node) {
    String urn = PTransformTranslation.urnForTransformOrNull(node.getTransform());
    if (PTransformTranslation.SPLITTABLE_PROCESS_KEYED_URN.equals(urn)) {
      return "an unbounded splittable DoFn (streaming)";
    }
    return "the primitive transform "
        + node.getTransform().getClass().getName()
        + (urn == null ? "" : " (URN " + urn + ")");
  }
}
