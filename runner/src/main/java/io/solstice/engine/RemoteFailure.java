package io.solstice.engine;

import java.io.Serializable;

/**
 * Carries a failure from a worker to the driver. The original throwable travels as is when it can
 * be serialized; otherwise it is replaced by a {@link RemoteException} that keeps its class name,
 * message and stack trace.
 */
public final class RemoteFailure implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] serialized;
  private final String description;

  private RemoteFailure(byte[] serialized, String description) {
    this.serialized = serialized;
    this.description = description;
  }

  public static RemoteFailure of(Throwable failure) {
    byte[] bytes;
    try {
      bytes = Serialization.toBytes(failure);
    } catch (IllegalArgumentException e) {
      bytes = Serialization.toBytes(RemoteException.copyOf(failure));
    }
    return new RemoteFailure(bytes, failure.toString());
  }

  public Throwable toThrowable() {
    try {
      return Serialization.fromBytes(serialized, Throwable.class);
    } catch (IllegalArgumentException e) {
      return new RemoteException(description, null);
    }
  }

  public String description() {
    return description;
  }

  /** Stands in for a throwable that could not be serialized. */
  public static final class RemoteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RemoteException(String message, Throwable cause) {
      super(message, cause);
    }

    static RemoteException copyOf(Throwable t) {
      Throwable cause = t.getCause() == null || t.getCause() == t ? null : t.getCause();
      RemoteException copy =
          new RemoteException(t.getClass().getName() + ": " + t.getMessage(), cause == null ? null : copyOf(cause));
      copy.setStackTrace(t.getStackTrace());
      return copy;
    }
  }
}
