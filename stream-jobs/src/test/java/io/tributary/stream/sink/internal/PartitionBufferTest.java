package io.tributary.stream.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.sink.FlinkFileWriterFactory;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The partition buffer on a real Iceberg table with real Parquet files. */
class PartitionBufferTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.StringType.get()),
          Types.NestedField.required(2, "ds", Types.StringType.get()));
  private static final RowType TYPE = FlinkSchemaUtil.convert(SCHEMA);
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

  @TempDir Path warehouse;
  private Table table;

  @BeforeEach
  void createTable() {
    table =
        new HadoopTables()
            .create(
                SCHEMA,
                PartitionSpec.builderFor(SCHEMA).identity("ds").build(),
                warehouse.resolve("t").toString());
  }

  @Test
  void keepsNoMoreFilesOpenThanItsCapAndWritesEveryRow() {
    PartitionBuffer buffer = buffer(new WriteLimits(4, 2_000, Long.MAX_VALUE));
    for (int i = 0; i < 1_000; i++) {
      buffer.add(row(i, TODAY.minusDays(i % 50)));
    }
    List<DataFile> files = buffer.complete(Duration.ofDays(2));

    assertThat(files.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(1_000);
    assertThat(files).extracting(f -> f.partition().get(0, String.class)).hasSize(files.size());
    assertThat(buffer.filesClosedEarly())
        .as("files closed because a fifth one opened")
        .isPositive();
    assertThat(buffer.bufferedRowCount()).isZero();
  }

  @Test
  void aCheckpointWithoutTimeWritesTheNewestDayAndKeepsTheRestForTheNext() throws IOException {
    PartitionBuffer buffer = buffer(new WriteLimits(32, 1L << 30, Long.MAX_VALUE));
    for (int i = 0; i < 300; i++) {
      buffer.add(row(i, TODAY.minusDays(i % 30)));
    }

    List<DataFile> first = buffer.complete(Duration.ZERO);

    assertThat(first)
        .extracting(f -> f.partition().get(0, String.class))
        .containsOnly("2026-12-02");
    assertThat(first.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(10);
    assertThat(buffer.bufferedRowCount()).isEqualTo(290);

    // what waits survives a restart through the writer's state
    PartitionBuffer restored = buffer(new WriteLimits(32, 1L << 30, Long.MAX_VALUE));
    restored.restore(buffer.bufferedRows());
    List<DataFile> rest = restored.complete(Duration.ofDays(2));
    assertThat(rest.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(290);
    assertThat(rest).hasSize(29);
  }

  @Test
  void aFullBufferWritesItsLargestPartitionsBeforeTheCheckpoint() {
    PartitionBuffer buffer = buffer(new WriteLimits(32, 20_000, Long.MAX_VALUE));
    for (int i = 0; i < 2_000; i++) {
      buffer.add(row(i, TODAY.minusDays(i % 3)));
    }
    assertThat(buffer.bufferedRowCount()).as("rows still buffered").isLessThan(2_000);
    List<DataFile> files = buffer.complete(Duration.ofDays(2));
    assertThat(files.stream().mapToLong(DataFile::recordCount).sum()).isEqualTo(2_000);
  }

  @Test
  void limitsComeFromTheTablesPropertiesWithDefaults() {
    Map<String, String> properties = new HashMap<>();
    assertThat(WriteLimits.of(properties).maxOpenFiles()).isEqualTo(32);
    properties.put(WriteLimits.MAX_OPEN_FILES, "64");
    properties.put(WriteLimits.BUFFER_BYTES, "1024");
    assertThat(WriteLimits.of(properties))
        .extracting(WriteLimits::maxOpenFiles, WriteLimits::bufferBytes)
        .containsExactly(64, 1024L);
  }

  private PartitionBuffer buffer(WriteLimits limits) {
    return new PartitionBuffer(
        SCHEMA,
        table.spec(),
        TYPE,
        new FlinkFileWriterFactory.Builder(table)
            .dataFileFormat(FileFormat.PARQUET)
            .dataSchema(SCHEMA)
            .dataFlinkType(TYPE)
            .build(),
        OutputFileFactory.builderFor(table, 0, 0)
            .format(FileFormat.PARQUET)
            .operationId(UUID.randomUUID().toString())
            .build(),
        table.io(),
        limits);
  }

  private static RowData row(int i, LocalDate day) {
    return GenericRowData.of(
        StringData.fromString("o-" + i), StringData.fromString(day.toString()));
  }
}
