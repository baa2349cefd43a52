package io.solstice.translation.runtime.operators;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.core.ReadyCheckingSideInputReader;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.WindowedValue;
import org.joda.time.Instant;

/**
 * Holds back the elements of a ParDo whose side-input windows are not ready, and hands them over
 * once side-input data or watermarks make them ready. Held elements hold the watermark.
 *
 * <p>Done here rather than with runners-core's SimplePushbackSideInputDoFnRunner, which remembers
 * a window as not ready for the rest of the bundle: here side inputs can become ready in the middle
 * of a bundle.
 */
final class SideInputPushback<T> {
  /** Processes an element whose side inputs are ready. */
  interface Processor<T> {
    void process(WindowedValue<T> element) throws Exception;
  }

  private final List<PCollectionView<?>> views;
  private final SideInputStore store;
  private final Processor<T> processor;
  private List<WindowedValue<T>> waiting = new ArrayList<>();
  private Instant hold = BoundedWindow.TIMESTAMP_MAX_VALUE;

  SideInputPushback(List<PCollectionView<?>> views, Processor<T> processor) {
    this.views = views;
    this.store = new SideInputStore(views);
    this.processor = processor;
  }

  ReadyCheckingSideInputReader reader() {
    return store;
  }

  /** Processes the element in each of its windows whose side inputs are ready; holds the rest. */
  void offer(WindowedValue<T> element) throws Exception {
    // Each window separately: side inputs are read per window.
    for (WindowedValue<T> single : element.explodeWindows()) {
      if (ready(single.getWindows().iterator().next())) {
        processor.process(single);
      } else {
        waiting.add(single);
        hold = single.getTimestamp().isBefore(hold) ? single.getTimestamp() : hold;
      }
    }
  }

  void addSideInput(int index, WindowedValue<?> pane) throws Exception {
    store.add(index, pane);
    retry();
  }

  void advanceSideInputWatermark(int index, Instant watermark) throws Exception {
    store.advanceWatermark(index, watermark);
    retry();
  }

  /** The earliest timestamp of a held element, {@code TIMESTAMP_MAX_VALUE} if none. */
  Instant hold() {
    return hold;
  }

  private boolean ready(BoundedWindow mainWindow) {
    for (PCollectionView<?> view : views) {
      if (!store.isReady(view, view.getWindowMappingFn().getSideInputWindow(mainWindow))) {
        return false;
      }
    }
    return true;
  }

  /** Writes the side inputs and the waiting elements, encoded with {@code elementCoder}. */
  void snapshot(DataOutputStream out, Coder<WindowedValue<T>> elementCoder) throws IOException {
    store.snapshot(out);
    out.writeInt(waiting.size());
    for (WindowedValue<T> element : waiting) {
      elementCoder.encode(element, out);
    }
  }

  /** Reads what {@link #snapshot} wrote back into this empty pushback. */
  void restore(DataInputStream in, Coder<WindowedValue<T>> elementCoder) throws IOException {
    store.restore(in);
    for (int n = in.readInt(); n > 0; n--) {
      WindowedValue<T> element = elementCoder.decode(in);
      waiting.add(element);
      hold = element.getTimestamp().isBefore(hold) ? element.getTimestamp() : hold;
    }
  }

  private void retry() throws Exception {
    if (waiting.isEmpty()) {
      return;
    }
    List<WindowedValue<T>> retry = waiting;
    waiting = new ArrayList<>();
    hold = BoundedWindow.TIMESTAMP_MAX_VALUE;
    for (WindowedValue<T> element : retry) {
      offer(element);
    }
  }
}
