package io.solstice.translation.translators;

import io.solstice.translation.UnsupportedFeatureException;
import io.solstice.translation.graph.Seeds;
import io.solstice.translation.runtime.operators.BoundedSourceReadSpec;
import io.solstice.translation.graph.TransformNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.util.construction.SplittableParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;

/**
 * A bounded Read: the driver splits the source into shards up front and seeds them; workers read
 * whole shards.
 */
final class ReadTranslator implements TransformTranslator {
  /**
   * How many shards a source is split into (within the sizes below): four per worker, so that
   * workers finishing early can take more, but never fewer than 64, so that up to 16 workers the
   * shards are the same at any parallelism and a checkpoint's record of the shards read holds when a
   * job restores with another --parallelism.
   */
  private static final int SHARDS_PER_WORKER = 4;
  private static final int MIN_TARGET_SHARDS = 64;
  private static final long MIN_SHARD_BYTES = 1 << 20;
  /**
   * A worker takes a checkpoint between two shards, never inside one: shards of a few seconds'
   * reading keep a batch job's checkpoints, and what a restart reads again, that small.
   */
  private static final long MAX_SHARD_BYTES = 16 << 20;

  @Override
  public void translate(TransformHierarchy.Node node, TranslationContext context) {
    if (!(node.getTransform() instanceof SplittableParDo.PrimitiveBoundedRead)) {
      throw new UnsupportedFeatureException(node.getFullName(), "an unbounded Read (streaming)");
    }
    BoundedSource<?> source = ((SplittableParDo.PrimitiveBoundedRead<?>) node.getTransform()).getSource();
    List<WindowedValue<?>> shards = new ArrayList<>();
    List<? extends BoundedSource<?>> split;
    // Sources may report metrics while splitting; they belong to this step.
    try (Closeable scope =
        MetricsEnvironment.scopedMetricsContainer(context.driverMetrics().getContainer(node.getFullName()))) {
      split = split(source, context.options(), context.parallelism(), node.getFullName());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (BoundedSource<?> shard : split) {
      shards.add(WindowedValues.valueInGlobalWindow(shard));
    }
    Map.Entry<TupleTag<?>, PCollection<?>> output = Nodes.onlyOutput(node);
    Seeds seeds =
        new Seeds(
            shards,
            WindowedValues.getFullCoder(SourceShardCoder.INSTANCE, GlobalWindow.Coder.INSTANCE));
    context.add(
        new TransformNode.Builder(node.getFullName(), new BoundedSourceReadSpec<>(output.getKey()))
            .output(output.getKey(), context.output(output.getValue()))
            .seeds(seeds)
            .maxParallelism(Math.max(1, shards.size())));
  }

  private static List<? extends BoundedSource<?>> split(
      BoundedSource<?> source, PipelineOptions options, int parallelism, String name) {
    try {
      long estimated = source.getEstimatedSizeBytes(options);
      long shards = Math.max(MIN_TARGET_SHARDS, (long) parallelism * SHARDS_PER_WORKER);
      long desired = Math.min(MAX_SHARD_BYTES, Math.max(MIN_SHARD_BYTES, estimated / shards));
      return source.split(desired, options);
    } catch (Exception e) {
      throw new IllegalArgumentException("Could not split the source of " + name + ": " + e.getMessage(), e);
    }
  }
}
