package io.solstice.engine.payload;

import java.io.Serializable;

/** A handle on a split's bytes: the executor that holds them, their id there, and their size. */
public final class PayloadRef implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int executor;
  private final long id;
  private final int size;

  public PayloadRef(int executor, long id, int size) {
    this.executor = executor;
    this.id = id;
    this.size = size;
  }

  /** The index of the executor that holds the bytes. */
  public int executor() {
    return executor;
  }

  public long id() {
    return id;
  }

  public int size() {
    return size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PayloadRef && ((PayloadRef) o).id == id && ((PayloadRef) o).executor == executor;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + executor;
  }

  @Override
  public String toString() {
    return "payload#" + executor + "/" + id + "(" + size + " B)";
  }
}
