package io.solstice.runner.testing;

/** A failure and its causes, for tests that look for a message anywhere along the chain. */
public final class Causes {
  private Causes() {}

  /** Each of the failure's causes (the failure first) as {@code class: message}, a line each. */
  public static String describe(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }
}
