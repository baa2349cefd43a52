package io.solstice.translation.runtime.operators;

/**
 * Starts a DoFn's bundle on its first element or timer and finishes only the bundles it started,
 * so a DoFn never sees an empty bundle, as on the Flink and Direct runners. Stage bundles often
 * carry nothing for a step (a watermark, another input's data), and a {@code @FinishBundle} that
 * fails or emits should only run after elements it has seen.
 */
final class LazyBundle {
  private final Runnable start;
  private final Runnable finish;
  private boolean started;

  /** Takes the runner's {@code startBundle} and {@code finishBundle}. */
  LazyBundle(Runnable start, Runnable finish) {
    this.start = start;
    this.finish = finish;
  }

  /** Call before handing the runner an element or a timer. */
  void ensureStarted() {
    if (!started) {
      started = true;
      start.run();
    }
  }

  void finish() {
    if (started) {
      started = false;
      finish.run();
    }
  }
}
