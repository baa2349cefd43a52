package io.solstice.translation.overrides;

import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.BoundedReadFromUnboundedSource;
import org.apache.beam.sdk.runners.PTransformOverride;
import org.apache.beam.sdk.util.construction.PTransformMatchers;
import org.apache.beam.sdk.util.construction.PTransformTranslation;
import org.apache.beam.sdk.util.construction.SplittableParDo;

/** Rewrites a pipeline so that only primitives Solstice translates remain. */
public final class SolsticeOverrides {
  private SolsticeOverrides() {}

  /** @param parallelism workers per stage, to which unbounded sources read with a bound are split */
  public static void apply(Pipeline pipeline, int parallelism) {
    // Before the bounded-read override below: this one's replacement is a bounded Read.
    pipeline.replaceAll(
        List.of(
            PTransformOverride.of(
                PTransformMatchers.classEqualTo(BoundedReadFromUnboundedSource.class),
                new BoundedUnboundedReadOverrideFactory<>(parallelism))));
    // Bounded reads go back to primitive reads, which split up front. Unbounded reads stay Beam's
    // splittable-DoFn wrapper of the UnboundedSource, which keeps checkpoint marks as restrictions
    // and finalizes them through the bundle finalizer.
    pipeline.replaceAll(List.of(SplittableParDo.PRIMITIVE_BOUNDED_READ_OVERRIDE));
    // Order matters: later overrides rewrite transforms that earlier ones introduce (a view
    // materialization uses Combine, a lifted Combine uses a shuffle).
    pipeline.replaceAll(
        List.of(
            PTransformOverride.of(
                PTransformMatchers.urnEqualTo(PTransformTranslation.CREATE_VIEW_TRANSFORM_URN),
                new CreateViewOverrideFactory<>()),
            PTransformOverride.of(
                PTransformMatchers.splittableParDo(), new SplittableParDo.OverrideFactory<>()),
            PTransformOverride.of(
                PTransformMatchers.classEqualTo(SplittableParDo.ProcessKeyedElements.class),
                new SplittableProcessOverrideFactory<>()),
            PTransformOverride.of(
                PTransformMatchers.urnEqualTo(PTransformTranslation.RESHUFFLE_URN),
                new KeyedShuffleOverrideFactory<>()),
            PTransformOverride.of(
                PTransformMatchers.urnEqualTo(PTransformTranslation.REDISTRIBUTE_ARBITRARILY_URN),
                new RebalanceOverrideFactory<>()),
            PTransformOverride.of(
                PTransformMatchers.urnEqualTo(PTransformTranslation.REDISTRIBUTE_BY_KEY_URN),
                new KeyedShuffleOverrideFactory<>()),
            PTransformOverride.of(
                PTransformMatchers.stateOrTimerParDo(), new StatefulParDoOverrideFactory<>()),
            PTransformOverride.of(CombineLiftingOverrideFactory.matcher(), new CombineLiftingOverrideFactory<>()),
            PTransformOverride.of(CombineInWindowsOverrideFactory.matcher(), new CombineInWindowsOverrideFactory<>()),
            PTransformOverride.of(
                PTransformMatchers.urnEqualTo(PTransformTranslation.GROUP_BY_KEY_TRANSFORM_URN),
                new GroupByKeyOverrideFactory<>())));
  }
}
