package io.tributary.stream.job;

/**
 * The kinds of job the platform runs. Each long-running kind builds its {@link JobDefinition} in
 * one place ({@code LandingJob.definition}, {@code StreamingPipeline.definition}, {@code
 * MaintenanceJobs.source} and {@code .pipeline}, {@code FeatureJob.definition}).
 */
public enum JobKind {
  /**
   * A source's topic into its bronze tables, rejects and dead letters; runs as long as the source.
   */
  LANDING,
  /** A pipeline's SQL over the live source tables; runs until it is removed or changed. */
  PIPELINE,
  /**
   * A pipeline's SQL over one day of the log, overwriting that day; ends when the day is written.
   */
  REPLAY,
  /**
   * The upkeep of the tables of one source or pipeline: compaction of closed days, snapshot expiry,
   * orphan removal, at an interval; runs as long as what it maintains.
   */
  MAINTENANCE,
  /**
   * A feature group's aggregation of a source's events into the online store; runs until the group
   * is removed or replaced by a new generation.
   */
  FEATURE,
  /** A feature group recomputed from the log, bounded at the log's end when it started. */
  FEATURE_BACKFILL
}
