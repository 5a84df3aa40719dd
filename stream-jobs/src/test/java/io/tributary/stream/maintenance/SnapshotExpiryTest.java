package io.tributary.stream.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotExpiryTest {
  @TempDir Path dir;
  private LakeCatalog lake;
  private Table table;

  @BeforeEach
  void aTable() {
    lake = LakeCatalog.open(LakeCatalogConfig.local(dir)).ensureLayers();
    table =
        lake.createTableIfMissing(
            TableIdentifier.of("bronze", "pings"),
            new Schema(Types.NestedField.required(1, "id", Types.LongType.get())),
            PartitionSpec.unpartitioned(),
            Map.of(TableProperties.FORMAT_VERSION, "2"));
  }

  @AfterEach
  void close() throws Exception {
    lake.close();
  }

  @Test
  void snapshotsBeyondTheRetentionGoButTheNewestOnesAndEachCommittersLastStay() {
    long landing = commit(SnapshotExpiry.TRIBUTARY_COMMITTER, "landing-1");
    long pipeline = commit(SnapshotExpiry.FLINK_OPERATOR, "op-1");
    List<Long> others = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      others.add(commit(MaintenanceRun.RUN_PROPERTY, "run-" + i));
    }

    long expired = new SnapshotExpiry(table).expire(Instant.now().plus(1, ChronoUnit.DAYS), 2);

    table.refresh();
    List<Long> kept = new ArrayList<>();
    table.snapshots().forEach(snapshot -> kept.add(snapshot.snapshotId()));
    assertThat(kept).containsExactlyInAnyOrder(landing, pipeline, others.get(3), others.get(4));
    assertThat(expired).isEqualTo(3);
    assertThat(new SnapshotExpiry(table).expire(Instant.now().plus(1, ChronoUnit.DAYS), 2))
        .as("nothing more to expire")
        .isZero();
  }

  @Test
  void snapshotsInsideTheRetentionStay() {
    for (int i = 0; i < 4; i++) {
      commit(MaintenanceRun.RUN_PROPERTY, "run-" + i);
    }

    assertThat(new SnapshotExpiry(table).expire(Instant.now().minus(1, ChronoUnit.HOURS), 1))
        .isZero();
    assertThat(table.snapshots()).hasSize(4);
  }

  private long commit(String key, String value) {
    AppendFiles append = table.newAppend();
    append.set(key, value);
    append.commit();
    Snapshot snapshot = table.currentSnapshot();
    return snapshot.snapshotId();
  }
}
