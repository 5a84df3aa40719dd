package io.tributary.stream.maintenance;

import java.io.Serializable;
import org.apache.iceberg.flink.maintenance.api.TriggerLockFactory;

/**
 * Where a maintenance run takes the lock of its table, so that two jobs (a job and its restarted
 * self, two platforms on one catalog) never maintain one table at the same time. Iceberg's
 * optimistic commits keep the table right without it; the lock saves the work a second compaction
 * of the same files would throw away. Locks are Iceberg's {@link TriggerLockFactory}, the interface
 * its Flink table maintenance takes, so a lock on DynamoDB or ZooKeeper is one more implementation.
 * Serializable: a maintenance job carries it to its task.
 */
public interface MaintenanceLocks extends Serializable {
  /** A lock factory for the runs of {@code table} ({@code lake.bronze.orders}); not yet opened. */
  TriggerLockFactory forTable(String table);
}
