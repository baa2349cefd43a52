package io.solstice.translation.runtime.operators;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.core.InMemoryStateInternals;
import org.apache.beam.runners.core.LateDataUtils;
import org.apache.beam.runners.core.ReadyCheckingSideInputReader;
import org.apache.beam.runners.core.SideInputHandler;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.IterableCoder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.joda.time.Instant;

/**
 * The side inputs of one ParDo on one worker. Values arrive as one list per window (a pane of the
 * view's materialization) and are kept by runners-core's {@link SideInputHandler}. A window is
 * ready once a pane arrived for it, or once the side input's watermark passed the window's
 * expiry (its end plus the view's allowed lateness), which means no pane will ever come: until
 * then a late element can still open the window (a view triggered only at expiry, as
 * {@code Wait.on}'s signal is), as on the Direct runner.
 */
final class SideInputStore implements ReadyCheckingSideInputReader {
  private final List<PCollectionView<?>> views;
  private final SideInputHandler handler;
  private final Instant[] watermarks;
  // The value a view's ViewFn made of a window's contents, per view index. SideInputHandler would
  // build it again (a map view: a multimap of every entry) on each element that reads it; a new
  // pane of the window replaces it. Side-input values are immutable to user code, so one instance
  // serves every element, as on the Flink and Direct runners.
  private final List<Map<BoundedWindow, Object>> values = new ArrayList<>();
  // The latest pane per window and view, as it arrived: what a checkpoint keeps. Upstream does not
  // send a pane again after a restore, so the contents must come back from the snapshot.
  private final List<Map<BoundedWindow, WindowedValue<Iterable<?>>>> panes = new ArrayList<>();

  SideInputStore(List<PCollectionView<?>> views) {
    this.views = views;
    for (int i = 0; i < views.size(); i++) {
      values.add(new HashMap<>());
      panes.add(new HashMap<>());
    }
    this.handler = new SideInputHandler(views, InMemoryStateInternals.forKey(null));
    this.watermarks = new Instant[views.size()];
    Arrays.fill(watermarks, BoundedWindow.TIMESTAMP_MIN_VALUE);
  }

  @SuppressWarnings("unchecked")
  void add(int index, WindowedValue<?> pane) {
    handler.addSideInputValue(views.get(index), (WindowedValue<Iterable<?>>) pane);
    for (BoundedWindow window : pane.getWindows()) {
      values.get(index).remove(window);
      panes.get(index).put(window, (WindowedValue<Iterable<?>>) pane);
    }
  }

  /** Writes the latest pane of every window of every view. */
  void snapshot(DataOutputStream out) throws IOException {
    for (int i = 0; i < views.size(); i++) {
      Coder<WindowedValue<Iterable<?>>> coder = paneCoder(views.get(i));
      out.writeInt(panes.get(i).size());
      for (Map.Entry<BoundedWindow, WindowedValue<Iterable<?>>> pane : panes.get(i).entrySet()) {
        WindowedValue<Iterable<?>> value = pane.getValue();
        coder.encode(WindowedValues.of(value.getValue(), value.getTimestamp(), pane.getKey(), value.getPaneInfo()), out);
      }
    }
  }

  /** Reads what {@link #snapshot} wrote back into this empty store. */
  void restore(DataInputStream in) throws IOException {
    for (int i = 0; i < views.size(); i++) {
      Coder<WindowedValue<Iterable<?>>> coder = paneCoder(views.get(i));
      for (int n = in.readInt(); n > 0; n--) {
        add(i, coder.decode(in));
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Coder<WindowedValue<Iterable<?>>> paneCoder(PCollectionView<?> view) {
    Coder<?> element = view.getCoderInternal();
    return (Coder)
        WindowedValues.getFullCoder(
            IterableCoder.of(element), view.getWindowingStrategyInternal().getWindowFn().windowCoder());
  }

  void advanceWatermark(int index, Instant watermark) {
    watermarks[index] = watermark;
  }

  @Override
  public boolean isReady(PCollectionView<?> view, BoundedWindow window) {
    return handler.isReady(view, window)
        || watermarks[indexOf(view)].isAfter(
            LateDataUtils.garbageCollectionTime(window, view.getWindowingStrategyInternal()));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(PCollectionView<T> view, BoundedWindow window) {
    Map<BoundedWindow, Object> cache = values.get(indexOf(view));
    Object value = cache.get(window);
    if (value == null) {
      value = handler.get(view, window);
      if (value != null) {
        cache.put(window, value);
      }
    }
    return (T) value;
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
