package io.solstice.engine.control;

import java.io.Serializable;

/** A stage's number of workers from {@code sinceMillis} (epoch) on: its first pool's, or a rescale's. */
public record PoolSize(long sinceMillis, int workers) implements Serializable {}
