package io.solstice.translation.overrides;

import java.util.List;
import org.apache.beam.model.pipeline.v1.RunnerApi.FunctionSpec;
import org.apache.beam.sdk.util.construction.PTransformTranslation.RawPTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Runner primitive: the contents of a side-input view, one list per window pane, broadcast to the
 * workers of every stage that reads the view.
 */
public final class MaterializeView<T> extends RawPTransform<PCollection<List<T>>, PCollection<List<T>>> {
  public static final String URN = "solstice:transform:materialize_view:v1";

  private final PCollectionView<?> view;

  MaterializeView(PCollectionView<?> view) {
    this.view = view;
  }

  public PCollectionView<?> view() {
    return view;
  }

  @Override
  public String getUrn() {
    return URN;
  }

  @Override
  public FunctionSpec getSpec() {
    return null;
  }

  @Override
  public PCollection<List<T>> expand(PCollection<List<T>> input) {
    return PCollection.createPrimitiveOutputInternal(
        input.getPipeline(), input.getWindowingStrategy(), input.isBounded(), input.getCoder());
  }
}
