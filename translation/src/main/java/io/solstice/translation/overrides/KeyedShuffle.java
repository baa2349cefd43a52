package io.solstice.translation.overrides;

import org.apache.beam.model.pipeline.v1.RunnerApi.FunctionSpec;
import org.apache.beam.sdk.util.construction.PTransformTranslation.RawPTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Runner primitive: moves every element to the worker that owns its key's key group. The elements
 * are unchanged; GroupByKey's first half, and the input of stateful and combining steps.
 */
public final class KeyedShuffle<K, V> extends RawPTransform<PCollection<KV<K, V>>, PCollection<KV<K, V>>> {
  public static final String URN = "solstice:transform:keyed_shuffle:v1";
  /** A keyed shuffle whose keys are random and unique, which the runner may replace by others. */
  public static final String RANDOM_KEYS_URN = "solstice:transform:keyed_shuffle_random_keys:v1";

  private final boolean randomKeys;

  public KeyedShuffle() {
    this(false);
  }

  private KeyedShuffle(boolean randomKeys) {
    this.randomKeys = randomKeys;
  }

  /**
   * A keyed shuffle of elements whose keys mean nothing (a splittable DoFn's random unique keys):
   * the runner may give each element another random key, to deal them evenly over the workers.
   */
  public static <K, V> KeyedShuffle<K, V> ofRandomKeys() {
    return new KeyedShuffle<>(true);
  }

  @Override
  public String getUrn() {
    return randomKeys ? RANDOM_KEYS_URN : URN;
  }

  @Override
  public FunctionSpec getSpec() {
    return null;
  }

  @Override
  public PCollection<KV<K, V>> expand(PCollection<KV<K, V>> input) {
    return PCollection.createPrimitiveOutputInternal(
        input.getPipeline(), input.getWindowingStrategy(), input.isBounded(), input.getCoder());
  }
}
