package io.solstice.translation.overrides;

import io.solstice.translation.UnsupportedFeatureException;
import java.lang.reflect.Field;
import java.util.Map;
import org.apache.beam.sdk.io.BoundedReadFromUnboundedSource;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.PTransformOverrideFactory;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.construction.ReplacementOutputs;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.ValueWithRecordId;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Replaces Beam's {@link BoundedReadFromUnboundedSource} ({@code Read.from(unbounded)
 * .withMaxNumRecords/withMaxReadTime}, {@code GenerateSequence...withMaxReadTime}) with a
 * primitive bounded read of a {@link TimeBoundedUnboundedSource}: split to the stage's
 * parallelism up front, each split read until its bound, then deduplicated by record id if the
 * source asks for it, as Beam's expansion does.
 */
final class BoundedUnboundedReadOverrideFactory<T>
    implements PTransformOverrideFactory<PBegin, PCollection<T>, BoundedReadFromUnboundedSource<T>> {
  private final int parallelism;

  BoundedUnboundedReadOverrideFactory(int parallelism) {
    this.parallelism = parallelism;
  }

  @Override
  public PTransformReplacement<PBegin, PCollection<T>> getReplacementTransform(
      AppliedPTransform<PBegin, PCollection<T>, BoundedReadFromUnboundedSource<T>> transform) {
    BoundedReadFromUnboundedSource<T> read = transform.getTransform();
    @SuppressWarnings("unchecked")
    UnboundedSource<T, ?> source = (UnboundedSource<T, ?>) field(read, "source", transform.getFullName());
    long maxNumRecords = (Long) field(read, "maxNumRecords", transform.getFullName());
    Duration maxReadTime = (Duration) field(read, "maxReadTime", transform.getFullName());
    return PTransformReplacement.of(
        transform.getPipeline().begin(),
        new BoundedRead<>(new TimeBoundedUnboundedSource<>(source, maxNumRecords, maxReadTime, parallelism)));
  }

  /**
   * The bounds Beam keeps in private fields (it has no getters for them). Read once, at
   * translation; a Beam version that renamed them fails here, naming the transform.
   */
  private static @Nullable Object field(BoundedReadFromUnboundedSource<?> read, String name, String transform) {
    try {
      Field field = BoundedReadFromUnboundedSource.class.getDeclaredField(name);
      field.setAccessible(true);
      return field.get(read);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new UnsupportedFeatureException(
          transform, "a bounded read of an unbounded source whose '" + name + "' this Beam version hides (" + e + ")");
    }
  }

  @Override
  public Map<PCollection<?>, ReplacementOutput> mapOutputs(
      Map<TupleTag<?>, PCollection<?>> outputs, PCollection<T> newOutput) {
    return ReplacementOutputs.singleton(outputs, newOutput);
  }

  /** The replacement: the bounded read, deduplication by record id if needed, ids stripped. */
  private static final class BoundedRead<T> extends PTransform<PBegin, PCollection<T>> {
    private final TimeBoundedUnboundedSource<T> source;

    BoundedRead(TimeBoundedUnboundedSource<T> source) {
      this.source = source;
    }

    @Override
    public PCollection<T> expand(PBegin input) {
      PCollection<ValueWithRecordId<T>> read = input.apply("Read", Read.from(source));
      if (source.requiresDeduping()) {
        read =
            read.apply(
                "Deduplicate",
                Distinct.<ValueWithRecordId<T>, byte[]>withRepresentativeValueFn(ValueWithRecordId::getId)
                    .withRepresentativeType(TypeDescriptor.of(byte[].class)));
      }
      return read.apply("StripIds", ParDo.of(new ValueWithRecordId.StripIdsDoFn<T>()))
          .setCoder(source.unboundedOutputCoder());
    }
  }
}
