package io.solstice.engine.graph;

import io.solstice.engine.operator.StageOperator;
import java.io.Serializable;

/** Creates one stage operator per worker. Shipped to workers by Java serialization. */
@FunctionalInterface
public interface OperatorFactory extends Serializable {
  StageOperator create() throws Exception;
}
