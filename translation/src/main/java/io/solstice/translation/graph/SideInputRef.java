package io.solstice.translation.graph;

import org.apache.beam.sdk.values.PCollectionView;

/** A side input of a transform: the view, and the PCollection that carries its materialized data. */
public final class SideInputRef {
  private final PCollectionView<?> view;
  private final int data;

  public SideInputRef(PCollectionView<?> view, int data) {
    this.view = view;
    this.data = data;
  }

  public PCollectionView<?> view() {
    return view;
  }

  /** Id of the PCollection of per-window lists that materializes the view. */
  public int data() {
    return data;
  }
}
