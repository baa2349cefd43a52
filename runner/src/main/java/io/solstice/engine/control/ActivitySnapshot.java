package io.solstice.engine.control;

import java.io.Serializable;
import java.util.Map;

/**
 * What one executor's workers have sent and handled on the job's queues, and when each next needs
 * the clock: the inputs of the coordinator's quiescence check.
 */
public final class ActivitySnapshot implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long sent;
  private final long handled;
  private final Map<String, Long> clockNeeds;

  public ActivitySnapshot(long sent, long handled, Map<String, Long> clockNeeds) {
    this.sent = sent;
    this.handled = handled;
    this.clockNeeds = Map.copyOf(clockNeeds);
  }

  public long sent() {
    return sent;
  }

  public long handled() {
    return handled;
  }

  /** Per worker: when it next needs the clock ({@code Long.MAX_VALUE}: never). */
  public Map<String, Long> clockNeeds() {
    return clockNeeds;
  }
}
