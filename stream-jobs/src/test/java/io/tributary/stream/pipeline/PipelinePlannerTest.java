package io.tributary.stream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.Sources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelines are checked against the real catalog and source tables by Flink's planner before
 * anything runs (no cluster or broker is needed to plan).
 */
class PipelinePlannerTest {
  private static final String YAML =
      """
      name: %s
      target: lake.silver.%s
      partition: ds
      lateness: 1h
      """;

  @TempDir Path dataDir;
  @TempDir Path pipelines;

  private LakeCatalog lake;
  private PipelineTables tables;

  @BeforeEach
  void openCatalog() {
    lake = LakeCatalog.open(LakeCatalogConfig.local(dataDir)).ensureLayers();
    tables =
        new PipelineTables(
            Sources.load(Path.of("../examples/sources")).all(),
            KafkaConnection.of("127.0.0.1:9"),
            lake.config());
  }

  @AfterEach
  void closeCatalog() throws IOException {
    lake.close();
  }

  @Test
  void examplePipelinesPlanAndTheirTargetsAreCreatedPartitionedByDay() {
    List<PipelineSpec> examples = Pipelines.load(List.of(Path.of("../examples/pipelines"))).all();

    List<PlannedPipeline> planned = new PipelinePlanner(lake).planStreaming(examples, tables);

    assertThat(planned)
        .extracting(p -> p.spec().name())
        .containsExactly("big_orders", "daily_revenue");
    Table revenue = lake.loadTable(TargetTable.parse("lake.gold.daily_revenue").identifier());
    assertThat(revenue.schema().columns())
        .extracting(Types.NestedField::name)
        .containsExactly("restaurant_id", "ds", "orders", "revenue");
    assertThat(revenue.spec().fields())
        .singleElement()
        .satisfies(f -> assertThat(f.name()).isEqualTo("ds"));
    assertThat(revenue.properties())
        .containsEntry("owner", "analytics")
        .containsEntry("tributary.pipeline", "daily_revenue");
    Table bigOrders = lake.loadTable(TargetTable.parse("lake.silver.big_orders").identifier());
    assertThat(bigOrders.schema().findField("event_time").type())
        .isEqualTo(Types.TimestampType.withZone());
  }

  @Test
  void syntaxErrorNamesTheFileLineAndColumn() throws IOException {
    PipelineSpec spec =
        pipeline(
            "bad_syntax",
            "INSERT INTO lake.silver.bad_syntax\nSELECT order_id, ds\nFROMM src.orders\n");

    assertThatThrownBy(() -> plan(spec))
        .isInstanceOfSatisfying(
            DeclarationException.class,
            e -> {
              assertThat(e.file()).isEqualTo(spec.transform().file());
              assertThat(e.line()).isEqualTo(OptionalInt.of(3));
            })
        .hasMessageStartingWith(spec.transform().file() + ", line 3, column ");
  }

  @Test
  void unknownTableNamesItsPosition() throws IOException {
    PipelineSpec spec =
        pipeline(
            "unknown_table",
            "INSERT INTO lake.silver.unknown_table\nSELECT order_id, ds\n  FROM src.payments\n");

    assertThatThrownBy(() -> plan(spec))
        .hasMessage(
            spec.transform().file()
                + ", line 3, column 8: Object 'payments' not found within 'default_catalog.src'");
  }

  @Test
  void unknownColumnNamesItsPosition() throws IOException {
    PipelineSpec spec =
        pipeline(
            "unknown_column",
            "INSERT INTO lake.silver.unknown_column\nSELECT order_id, amout, ds FROM src.orders\n");

    assertThatThrownBy(() -> plan(spec))
        .hasMessage(
            spec.transform().file() + ", line 2, column 18: Column 'amout' not found in any table");
  }

  @Test
  void queryWithoutThePartitionColumnIsRefused() throws IOException {
    PipelineSpec spec =
        pipeline(
            "no_day", "INSERT INTO lake.silver.no_day SELECT order_id, amount FROM src.orders");

    assertThatThrownBy(() -> plan(spec))
        .hasMessage(
            spec.directory().resolve("pipeline.yaml")
                + ", field partition: the query produces no column 'ds'; its columns are order_id,"
                + " amount");
  }

  @Test
  void describingAColumnTheQueryDoesNotProduceIsRefused() throws IOException {
    Path dir = Files.createDirectories(pipelines.resolve("described"));
    Files.writeString(
        dir.resolve("pipeline.yaml"),
        YAML.formatted("described", "described") + "columns:\n  - {name: customer, tags: [pii]}\n");
    Files.writeString(
        dir.resolve("transform.sql"),
        "INSERT INTO lake.silver.described SELECT order_id, customer_id, ds FROM src.orders");
    PipelineSpec spec = PipelineSpecParser.parse(dir);

    assertThatThrownBy(() -> plan(spec))
        .hasMessage(
            dir.resolve("pipeline.yaml")
                + ", field columns: describes column 'customer', which the query does not"
                + " produce; its columns are order_id, customer_id, ds");
  }

  @Test
  void queryThatUpdatesItsRowsIsRefusedWithFlinksReason() throws IOException {
    PipelineSpec spec =
        pipeline(
            "running_totals",
            "INSERT INTO lake.silver.running_totals\n"
                + "SELECT restaurant_id, ds, SUM(amount) AS revenue FROM src.orders"
                + " GROUP BY restaurant_id, ds");

    assertThatThrownBy(() -> plan(spec))
        .hasMessage(
            spec.transform().file()
                + ": the query changes rows it has already produced (Flink's changelog mode is"
                + " [I,UA]), but a pipeline appends to its target; aggregate over a window"
                + " (TUMBLE, HOP, CUMULATE) so that each result is final when it is written");
  }

  @Test
  void queryThatReadsNoSourceStreamIsRefused() throws IOException {
    new PipelinePlanner(lake)
        .planStreaming(Pipelines.load(List.of(Path.of("../examples/pipelines"))).all(), tables);
    PipelineSpec spec =
        pipeline(
            "silver_copy",
            "INSERT INTO lake.silver.silver_copy\n"
                + "SELECT order_id, amount, ds FROM lake.silver.big_orders");

    assertThatThrownBy(() -> plan(spec))
        .hasMessage(
            spec.transform().file()
                + ": the query reads no source stream (src.<name>); a pipeline runs continuously"
                + " over the log, but a query over lake tables alone would read them once and"
                + " stop. Read a source stream, or query the lake tables with `tributary sql`");
  }

  @Test
  void existingTargetPartitionedOtherwiseIsRefused() throws IOException {
    Schema schema =
        new Schema(
            Types.NestedField.optional(1, "order_id", Types.StringType.get()),
            Types.NestedField.optional(2, "ds", Types.StringType.get()));
    lake.createTableIfMissing(
        TargetTable.parse("lake.silver.unpartitioned").identifier(),
        schema,
        PartitionSpec.unpartitioned(),
        java.util.Map.of());
    PipelineSpec spec =
        pipeline(
            "unpartitioned",
            "INSERT INTO lake.silver.unpartitioned SELECT order_id, ds FROM src.orders");

    assertThatThrownBy(() -> plan(spec))
        .hasMessageStartingWith(
            spec.directory().resolve("pipeline.yaml")
                + ", field partition: target lake.silver.unpartitioned exists but is partitioned"
                + " by []");
  }

  private void plan(PipelineSpec spec) {
    new PipelinePlanner(lake).planStreaming(List.of(spec), tables);
  }

  private PipelineSpec pipeline(String name, String sql) throws IOException {
    Path dir = Files.createDirectories(pipelines.resolve(name));
    Files.writeString(dir.resolve("pipeline.yaml"), YAML.formatted(name, name));
    Files.writeString(dir.resolve("transform.sql"), sql);
    return PipelineSpecParser.parse(dir);
  }
}
