package io.solstice.engine.coordinator;

import java.io.Serializable;

/**
 * One checkpoint that failed, as the job reports it.
 *
 * @param id the checkpoint's id
 * @param failedAtMillis when it was given up (epoch milliseconds)
 * @param reason why: a worker could not write its state, the manifest could not be written, a timeout
 */
public record FailedCheckpoint(long id, long failedAtMillis, String reason) implements Serializable {}
