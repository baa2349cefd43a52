package io.solstice.engine.coordinator;

import io.solstice.engine.checkpoint.CheckpointSettings;
import java.io.Serializable;

/**
 * What a job's coordinator starts with.
 *
 * @param workers how many workers the job has; checkpoints start once all have registered
 * @param checkpoints how checkpoints are taken, and where they go
 * @param checkpointJob the job directory, under the checkpoint location, of this job's checkpoints
 * @param lastCheckpointId the newest checkpoint id already used (restored from), 0 if none
 * @param shape the job's shape, kept in each checkpoint's manifest
 * @param clockStart the manual clock's starting time, as every executor has it
 */
public record CoordinatorLaunch(
    int workers,
    CheckpointSettings checkpoints,
    String checkpointJob,
    long lastCheckpointId,
    String shape,
    long clockStart)
    implements Serializable {}
