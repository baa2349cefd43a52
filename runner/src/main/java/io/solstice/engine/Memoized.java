package io.solstice.engine;

import java.util.function.Supplier;

/** A value made on first use, and kept. */
public final class Memoized<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private T value;

  public Memoized(Supplier<T> factory) {
    this.factory = factory;
  }

  /** Hands the value to {@code action} if it was ever made (to close it, say). */
  public synchronized void ifMade(java.util.function.Consumer<T> action) {
    if (value != null) {
      action.accept(value);
    }
  }

  @Override
  public synchronized T get() {
    if (value == null) {
      value = factory.get();
    }
    return value;
  }
}
