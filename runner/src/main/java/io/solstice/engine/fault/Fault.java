package io.solstice.engine.fault;

import java.io.Serializable;

/**
 * One fault to inject: kill the role of stage {@code stage} (a stage whose name contains it) and
 * worker {@code worker} (ignored for a stage master) the {@code hit}-th time it reaches {@code
 * point}, in the job's {@code attempt}-th attempt (1 is the first run, 2 the first restart).
 */
public record Fault(FaultPoint point, String stage, int worker, int hit, int attempt) implements Serializable {
  public Fault {
    if (stage == null || stage.isEmpty()) {
      throw new IllegalArgumentException("A fault needs the name, or part of the name, of a stage");
    }
    if (worker < 0 || hit < 1 || attempt < 1) {
      // Not "+ this": a compact constructor's fields are not assigned yet.
      throw new IllegalArgumentException(
          "A fault needs worker >= 0, hit >= 1 and attempt >= 1, not worker " + worker + ", hit " + hit + ", attempt " + attempt);
    }
  }

  /** As the option writes it: {@code point:stage:worker:hit:attempt}. */
  @Override
  public String toString() {
    return point + ":" + stage + ":" + worker + ":" + hit + ":" + attempt;
  }
}
