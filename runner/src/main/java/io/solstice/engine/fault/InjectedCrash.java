package io.solstice.engine.fault;

/**
 * An injected fault in Ray's local mode, where roles share the driver's process: thrown where the
 * role dies, an {@link Error} so that no handler meant for user failures cleans up after it.
 */
public final class InjectedCrash extends Error {
  private static final long serialVersionUID = 1L;

  public InjectedCrash(String message) {
    super(message);
  }

  /** Whether {@code failure} or one of its causes is an injected crash. */
  public static boolean causedBy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InjectedCrash) {
        return true;
      }
    }
    return false;
  }
}
