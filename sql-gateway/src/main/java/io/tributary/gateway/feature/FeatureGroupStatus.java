package io.tributary.gateway.feature;

import io.tributary.gateway.jobs.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code tributary features} shows of one group.
 *
 * @param group its name
 * @param source the source it aggregates
 * @param generation the generation reads use
 * @param building a generation being built beside it, if any
 * @param features its features' names
 * @param job the job of the generation reads use
 * @param state that job's state
 * @param entities entities seen
 * @param events events read
 * @param late events later than the lateness, left out (a backfill brings them in)
 * @param lastWrite when its job last wrote
 * @param newestEvent the newest event time read
 * @param lag records its job is behind the end of the log
 */
public record FeatureGroupStatus(
    String group,
    String source,
    String generation,
    Optional<String> building,
    List<String> features,
    String job,
    JobState state,
    long entities,
    long events,
    long late,
    Optional<Instant> lastWrite,
    Optional<Instant> newestEvent,
    long lag) {}
