package io.solstice.translation.runtime;

import org.joda.time.Duration;

/** The job-wide processing-time clock as a TestStream drives it. */
public interface JobClock {

  /** Moves the job's processing time forward; only a job run on a manual clock allows it. */
  void advance(Duration by);

  /**
   * True when everything sent between stages has been handled and no other worker has
   * processing-time work due, so that the pipeline has done all it will for the events so far.
   */
  boolean quiescent();
}
