package io.tributary.gateway.feature;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A table group as operators see it.
 *
 * @param table the lake table it reads
 * @param sync when it syncs: {@code after <pipeline>} or {@code daily HH:MM}
 * @param snapshot the snapshot it serves, if synced
 * @param syncedAt when that sync finished
 * @param lastRun its newest sync run
 */
public record TableGroupStatus(
    String group,
    String table,
    String generation,
    String sync,
    Optional<Long> snapshot,
    Optional<Instant> syncedAt,
    List<String> columns,
    Optional<SyncRun> lastRun) {}
