package io.solstice.engine.host;

/** The JVM a role runs in is spiralling in garbage collection; the message says how badly. */
public final class GcThrashingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  GcThrashingException(String explanation) {
    super("its JVM " + explanation);
  }
}
