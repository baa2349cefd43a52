package io.solstice.translation.runtime.operators;

import java.util.Arrays;
import java.util.List;
import org.apache.beam.runners.core.InMemoryStateInternals;
import org.apache.beam.runners.core.ReadyCheckingSideInputReader;
import org.apache.beam.runners.core.SideInputHandler;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.WindowedValue;
import org.joda.time.Instant;

/**
 * The side inputs of one ParDo on one worker. Values arrive as one list per window (a pane of the
 * view's materialization) and are kept by runners-core's {@link SideInputHandler}. A window is
 * ready once a pane arrived for it, or once the side input's watermark passed the window, which
 * means it is empty.
 */
final class SideInputStore implements ReadyCheckingSideInputReader {
  private final List<PCollectionView<?>> views;
  private final SideInputHandler handler;
  private final Instant[] watermarks;

  SideInputStore(List<PCollectionView<?>> views) {
    this.views = views;
    this.handler = new SideInputHandler(views, InMemoryStateInternals.forKey(null));
    this.watermarks = new Instant[views.size()];
    Arrays.fill(watermarks, BoundedWindow.TIMESTAMP_MIN_VALUE);
  }

  @SuppressWarnings("unchecked")
  void add(int index, WindowedValue<?> pane) {
    handler.addSideInputValue(views.get(index), (WindowedValue<Iterable<?>>) pane);
  }

  void advanceWatermark(int index, Instant watermark) {
    watermarks[index] = watermark;
  }

  @Override
  public boolean isReady(PCollectionView<?> view, BoundedWindow window) {
    return handler.isReady(view, window) || watermarks[indexOf(view)].isAfter(window.maxTimestamp());
  }

  @Override
  public <T> T get(PCollectionView<T> view, BoundedWindow window) {
    return handler.get(view, window);
  }

  @Override
  public <T> boolean contains(PCollectionView<T> view) {
    return handler.contains(view);
  }

  @Override
  public boolean isEmpty() {
    return views.isEmpty();
  }

  private int indexOf(PCollectionView<?> view) {
    int index = views.indexOf(view);
    if (index < 0) {
      throw new IllegalArgumentException("Unknown side input " + view.getTagInternal().getId());
    }
    return index;
  }
}
