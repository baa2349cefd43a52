package io.solstice.engine.host;

/** An executor's process is gone (killed, crashed, or its node lost): every role it hosted with it. */
public final class ExecutorLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int executor;

  public ExecutorLostException(int executor, String description, Throwable cause) {
    super(description + " is gone: its process died or was killed (" + rootMessage(cause) + ")", cause);
    this.executor = executor;
  }

  /** The index of the lost executor. */
  public int executor() {
    return executor;
  }

  private static String rootMessage(Throwable t) {
    String message = t.getMessage();
    if (message == null) {
      return t.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
