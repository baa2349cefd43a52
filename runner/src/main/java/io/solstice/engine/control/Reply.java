package io.solstice.engine.control;

import io.solstice.engine.RemoteFailure;
import java.io.Serializable;

/** The answer to a {@link RoleRequest}: a value, or the failure it raised. */
public final class Reply implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Serializable value;
  private final RemoteFailure failure;

  private Reply(Serializable value, RemoteFailure failure) {
    this.value = value;
    this.failure = failure;
  }

  public static Reply of(Serializable value) {
    return new Reply(value, null);
  }

  public static Reply failed(Throwable failure) {
    return new Reply(null, RemoteFailure.of(failure));
  }

  /** The value, or the request's failure rethrown. */
  public Serializable value() {
    if (failure != null) {
      Throwable cause = failure.toThrowable();
      throw new IllegalStateException("The request failed: " + failure.description(), cause);
    }
    return value;
  }
}
