package io.tributary.feature.dynamodb;

import java.util.Map;

/**
 * What one task of a group's job has done so far (one item per task, summed by {@link
 * OnlineStore#stats}).
 *
 * @param events events read
 * @param late events later than the lateness, left out of the values
 * @param entities entities seen
 * @param newestEventTime newest event time read, epoch millis
 * @param writtenAt when the task last wrote, epoch millis
 * @param position per partition the offset of the newest event read
 * @param writes feature items written (what the group costs in DynamoDB writes; each task's stats
 *     item adds about one a second)
 */
public record GroupStats(
    long events,
    long late,
    long entities,
    long newestEventTime,
    long writtenAt,
    Map<Integer, Long> position,
    long writes) {}
