package io.tributary.gateway.feature;

import java.time.Instant;

/**
 * A training set written.
 *
 * @param group the feature group
 * @param generation the group's generation the rows are of
 * @param spine the spine table read
 * @param out the table written (replaced)
 * @param rows rows written: one per spine row
 * @param snapshot the output's snapshot holding them
 */
public record TrainingSetReport(
    String group,
    String generation,
    String spine,
    String out,
    long rows,
    long snapshot,
    Instant startedAt,
    Instant finishedAt) {}
