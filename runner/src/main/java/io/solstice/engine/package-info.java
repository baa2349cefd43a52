/**
 * The Solstice engine: stages, splits, partitioned queues, watermarks and worker actors on Ray.
 *
 * <p>The engine knows nothing of Beam. It moves opaque, coder-encoded element batches ("splits")
 * between the stages of a {@link io.solstice.engine.graph.JobGraph} and drives each stage's {@link
 * io.solstice.engine.operator.StageOperator}. {@code EngineIsolationTest} enforces that no class in
 * this package tree depends on {@code org.apache.beam}.
 */
package io.solstice.engine;
