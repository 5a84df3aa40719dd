package io.tributary.catalog.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MaintenanceRecordTest {
  @Test
  void aRecordReadsBackAsWritten() {
    MaintenanceRecord record =
        new MaintenanceRecord(
            Instant.parse("2026-12-02T03:00:00Z"),
            "maintenance-orders",
            false,
            120,
            3,
            7,
            40,
            2,
            Optional.of("rewrite failed: disk full"));

    assertThat(MaintenanceRecord.parse(record.toJson())).contains(record);
  }

  @Test
  void aMissingOrForeignPropertyIsNoRecord() {
    assertThat(MaintenanceRecord.parse(null)).isEmpty();
    assertThat(MaintenanceRecord.parse("not json")).isEmpty();
    assertThat(MaintenanceRecord.parse("{\"finished_at\": \"yesterday\"}")).isEmpty();
  }
}
