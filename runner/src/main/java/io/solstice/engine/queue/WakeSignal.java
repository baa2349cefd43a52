package io.solstice.engine.queue;

/** Wakes a waiting consumer when data arrives on any of its partitions, without lost wake-ups. */
final class WakeSignal {
  private boolean pending;

  synchronized void wake() {
    pending = true;
    notifyAll();
  }

  /** Forgets earlier wake-ups; call before looking for data. */
  synchronized void clear() {
    pending = false;
  }

  /** Waits until woken (since the last {@link #clear()}) or the timeout passes. */
  synchronized void await(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!pending) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return;
      }
      wait(left);
    }
  }
}
