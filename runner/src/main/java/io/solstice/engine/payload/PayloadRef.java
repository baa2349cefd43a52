package io.solstice.engine.payload;

import java.io.Serializable;

/** A handle on a split's bytes held by a {@link PayloadStore}. */
public final class PayloadRef implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long id;
  private final int size;

  public PayloadRef(long id, int size) {
    this.id = id;
    this.size = size;
  }

  public long id() {
    return id;
  }

  public int size() {
    return size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PayloadRef && ((PayloadRef) o).id == id;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "payload#" + id + "(" + size + " B)";
  }
}
