package io.solstice.engine.coordinator;

import java.io.Serializable;

/**
 * One completed checkpoint, as the job reports it.
 *
 * @param id the checkpoint's id
 * @param completedAtMillis when its manifest was written (epoch milliseconds)
 * @param durationMillis from its start to its manifest
 * @param longestAlignmentMillis the longest any worker spent aligning its barriers
 * @param bytes the size of its state files together
 * @param workers how many workers wrote state for it (ended workers write none)
 */
public record CompletedCheckpoint(
    long id, long completedAtMillis, long durationMillis, long longestAlignmentMillis, long bytes, int workers)
    implements Serializable {}
