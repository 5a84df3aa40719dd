package io.tributary.catalog.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.error.InvalidValueException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * The glue backend against a local server of Glue's and S3's protocols (moto): the layers become
 * Glue databases, a table created and written through the lake is listed by Glue as an Iceberg
 * table of format 2 with its data on S3, and reads back what was written.
 */
class GlueLakeIT {
  @TempDir static Path dir;
  private static MotoServer moto;
  private static LakeCatalog lake;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start(dir.resolve("moto.log"));
    moto.createBucket("lake");
    lake =
        LakeCatalog.open(
                LakeCatalogConfig.glue(
                    "s3://lake/warehouse", MotoServer.REGION, Optional.of(moto.endpoint())))
            .ensureLayers();
  }

  @AfterAll
  static void stop() throws Exception {
    lake.close();
    moto.close();
  }

  @Test
  void aTableWrittenThroughTheLakeIsAnIcebergTableInGlueWithItsDataOnS3() throws Exception {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "order_id", Types.StringType.get()),
            Types.NestedField.optional(2, "amount", Types.DecimalType.of(10, 2)));
    TableIdentifier id = TableIdentifier.of("bronze", "orders");
    Table table =
        lake.createTableIfMissing(id, schema, PartitionSpec.unpartitioned(), java.util.Map.of());
    GenericRecord record = GenericRecord.create(schema);
    List<Record> rows =
        List.of(
            record.copy(
                java.util.Map.of("order_id", "o-1", "amount", new java.math.BigDecimal("12.50"))),
            record.copy(
                java.util.Map.of("order_id", "o-2", "amount", new java.math.BigDecimal("7.25"))));
    OutputFile out =
        table
            .io()
            .newOutputFile(
                table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet"));
    DataWriter<Record> writer =
        new GenericAppenderFactory(schema)
            .newDataWriter(table.encryption().encrypt(out), FileFormat.PARQUET, null);
    try (writer) {
      rows.forEach(writer::write);
    }
    DataFile file = writer.toDataFile();
    table.newAppend().appendFile(file).commit();

    assertThat(file.location()).startsWith("s3://lake/warehouse/bronze.db/orders/");
    try (GlueClient glue = moto.glue()) {
      assertThat(glue.getDatabases(r -> {}).databaseList())
          .extracting(software.amazon.awssdk.services.glue.model.Database::name)
          .contains("bronze", "silver", "gold");
      software.amazon.awssdk.services.glue.model.Table listed =
          glue.getTable(r -> r.databaseName("bronze").name("orders")).table();
      assertThat(listed.parameters()).containsEntry("table_type", "ICEBERG");
      assertThat(listed.parameters().get("metadata_location")).startsWith("s3://lake/warehouse/");
    }
    Table reloaded = lake.loadTable(id);
    // Athena reads Iceberg format 2
    assertThat(((HasTableOperations) reloaded).operations().current().formatVersion()).isEqualTo(2);
    try (CloseableIterable<Record> read = IcebergGenerics.read(reloaded).build()) {
      assertThat(read)
          .extracting(r -> r.getField("order_id"))
          .containsExactlyInAnyOrder("o-1", "o-2");
    }
  }

  @Test
  void aTableWithAColumnAthenaCannotReadIsRefusedNamingTheColumn() {
    Schema schema =
        new Schema(
            Types.NestedField.required(1, "id", Types.StringType.get()),
            Types.NestedField.optional(2, "opens_at", Types.TimeType.get()),
            Types.NestedField.optional(3, "digest", Types.FixedType.ofLength(16)));
    TableIdentifier id = TableIdentifier.of("silver", "shops");
    assertThatThrownBy(
            () ->
                lake.createTableIfMissing(
                    id, schema, PartitionSpec.unpartitioned(), java.util.Map.of()))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "Cannot create lake.silver.shops in Glue: Athena cannot read opens_at (time): declare"
                + " STRING, or a TIMESTAMP; digest (fixed[16]): declare BYTES (VARBINARY)");
    try (GlueClient glue = moto.glue()) {
      assertThat(glue.getTables(r -> r.databaseName("silver")).tableList())
          .extracting(software.amazon.awssdk.services.glue.model.Table::name)
          .doesNotContain("shops");
    }
  }
}
