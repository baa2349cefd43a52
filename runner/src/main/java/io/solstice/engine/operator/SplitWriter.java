package io.solstice.engine.operator;

import java.io.OutputStream;

/**
 * Writes elements to one output edge. Elements are buffered into splits per partition and shipped
 * when a split is full or the bundle finishes.
 *
 * <p>Write an element by encoding it into the stream returned by {@link #beginElement(int)}, then
 * calling {@link #endElement()}. {@code endElement} may block while the edge is backpressured.
 */
public interface SplitWriter {

  Partitioning partitioning();

  /**
   * Starts an element. {@code keyGroup} routes it on a {@link Partitioning#HASH} edge (see {@link
   * KeyGroups}); other partitionings ignore it.
   */
  OutputStream beginElement(int keyGroup);

  void endElement();
}
