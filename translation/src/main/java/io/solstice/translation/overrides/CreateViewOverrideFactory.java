package io.solstice.translation.overrides;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.core.Concatenate;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.runners.AppliedPTransform;
import org.apache.beam.sdk.runners.PTransformOverrideFactory;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.util.construction.CreatePCollectionViewTranslation;
import org.apache.beam.sdk.util.construction.PTransformReplacements;
import org.apache.beam.sdk.util.construction.ReplacementOutputs;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PCollectionViews;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Replaces CreatePCollectionView: the view's elements are gathered into one list per window and
 * pane (each element of a singleton view is already one pane of a combine), then handed to {@link
 * MaterializeView}, which the readers' side-input handlers receive.
 */
final class CreateViewOverrideFactory<T>
    implements PTransformOverrideFactory<PCollection<T>, PCollection<T>, PTransform<PCollection<T>, PCollection<T>>> {

  @Override
  public PTransformReplacement<PCollection<T>, PCollection<T>> getReplacementTransform(
      AppliedPTransform<PCollection<T>, PCollection<T>, PTransform<PCollection<T>, PCollection<T>>> transform) {
    PCollectionView<?> view;
    try {
      view = CreatePCollectionViewTranslation.getView(transform);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the view of " + transform.getFullName(), e);
    }
    return PTransformReplacement.of(
        PTransformReplacements.getSingletonMainInput(transform), new GatherAndMaterialize<>(view));
  }

  @Override
  public Map<PCollection<?>, ReplacementOutput> mapOutputs(
      Map<TupleTag<?>, PCollection<?>> outputs, PCollection<T> newOutput) {
    return ReplacementOutputs.singleton(outputs, newOutput);
  }

  private static final class GatherAndMaterialize<T> extends PTransform<PCollection<T>, PCollection<T>> {
    private final PCollectionView<?> view;

    GatherAndMaterialize(PCollectionView<?> view) {
      this.view = view;
    }

    @Override
    public PCollection<T> expand(PCollection<T> input) {
      PCollection<List<T>> lists;
      if (view.getViewFn() instanceof PCollectionViews.IsSingletonView) {
        lists = input.apply("AsSingletonList", MapElements.via(new SingletonList<T>()));
      } else {
        lists = input.apply("Concatenate", Combine.globally(new Concatenate<T>()).withoutDefaults());
      }
      lists.setCoder(ListCoder.of(input.getCoder())).apply("Materialize", new MaterializeView<>(view));
      return input;
    }
  }

  private static final class SingletonList<T> extends SimpleFunction<T, List<T>> {
    @Override
    public List<T> apply(T value) {
      List<T> list = new ArrayList<>(1);
      list.add(value);
      return list;
    }
  }
}
