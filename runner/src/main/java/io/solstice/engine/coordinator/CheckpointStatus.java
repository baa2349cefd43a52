package io.solstice.engine.coordinator;

import java.io.Serializable;

/**
 * How a job's checkpoints went so far, as its coordinator answers the driver.
 *
 * @param completed how many completed in this run of the job
 * @param lastCompleted the newest completed checkpoint's id, 0 if none
 * @param failure why the job must fail (more checkpoints failed in a row than it tolerates), or null
 */
public record CheckpointStatus(long completed, long lastCompleted, String failure) implements Serializable {}
