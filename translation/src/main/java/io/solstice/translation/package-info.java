/**
 * Turns a Beam pipeline into an {@link io.solstice.translation.plan.ExecutionPlan}: runner
 * overrides rewrite the pipeline into Solstice primitives, a URN-keyed registry of translators
 * builds a {@link io.solstice.translation.graph.LogicalGraph}, and the {@link
 * io.solstice.translation.plan.StageFuser} groups its transforms into stages. The {@code runtime}
 * packages run those stages with beam-runners-core-java. Nothing here knows of Ray.
 */
package io.solstice.translation;
