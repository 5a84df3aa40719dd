package io.tributary.stream.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.maintenance.policy.MaintenancePolicy;
import io.tributary.stream.maintenance.policy.MaintenanceSettings;
import io.tributary.stream.maintenance.policy.MaintenanceSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceSpecParserTest {
  @TempDir Path dir;

  private static final String ORDERS =
      """
      name: orders
      format: json
      key: order_id
      event_time: event_time
      max_out_of_orderness: 5s
      columns:
        - {name: order_id, type: STRING, required: true}
        - {name: amount, type: "DECIMAL(10,2)"}
        - {name: event_time, type: "TIMESTAMP_LTZ(3)", required: true}
      """;

  @Test
  void theShippedExampleSourcesParse() {
    Sources sources = Sources.load(Path.of("../examples/sources"));
    SourceSpec orders = sources.get("orders");
    assertThat(orders.topic()).isEqualTo("src.orders");
    assertThat(orders.format()).isEqualTo(SourceFormat.JSON);
    assertThat(orders.key()).isEqualTo("order_id");
    assertThat(orders.maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(5));
    assertThat(orders.columns())
        .extracting(ColumnSpec::name, ColumnSpec::typeName, ColumnSpec::required)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("order_id", "STRING", true),
            org.assertj.core.groups.Tuple.tuple("customer_id", "STRING", false),
            org.assertj.core.groups.Tuple.tuple("restaurant_id", "STRING", false),
            org.assertj.core.groups.Tuple.tuple("dish", "STRING", false),
            org.assertj.core.groups.Tuple.tuple("amount", "DECIMAL(10,2)", false),
            org.assertj.core.groups.Tuple.tuple("event_time", "TIMESTAMP_LTZ(3)", true));
    assertThat(sources.get("clicks").topic()).isEqualTo("src.clicks");
    assertThat(sources.get("clicks").key()).isEqualTo("user_id");
  }

  @Test
  void defaultsApplyWhenOptionalFieldsAreOmitted() throws IOException {
    SourceSpec spec =
        SourceSpecParser.parse(
            write(
                "s.yaml",
                """
                name: pings
                key: id
                event_time: at
                columns:
                  - {name: id, type: BIGINT}
                  - {name: at, type: "TIMESTAMP(3)"}
                """));
    assertThat(spec.topic()).isEqualTo("src.pings");
    assertThat(spec.deadLetterTopic()).isEqualTo("dlq.pings");
    assertThat(spec.format()).isEqualTo(SourceFormat.JSON);
    assertThat(spec.maxOutOfOrderness()).isZero();
    assertThat(spec.partitions()).isEqualTo(SourceSpec.DEFAULT_PARTITIONS);
  }

  @Test
  void unknownTypeNamesFileLineAndField() throws IOException {
    Path file = write("orders.yaml", ORDERS.replace("\"DECIMAL(10,2)\"", "\"DECIMEL(10,2)\""));
    assertThatThrownBy(() -> SourceSpecParser.parse(file))
        .isInstanceOfSatisfying(
            DeclarationException.class,
            e -> {
              assertThat(e.line()).isEqualTo(OptionalInt.of(8));
              assertThat(e.field()).isEqualTo("columns[1].type");
            })
        .hasMessage(
            file + ", line 8, field columns[1].type: 'DECIMEL(10,2)' is not a Flink SQL type");
  }

  private static final String CUSTOMERS =
      """
      name: customers
      key: customer_id
      event_time: updated_at
      current: {key: [customer_id], order_by: updated_at, deleted: deleted}
      columns:
        - {name: customer_id, type: STRING, required: true}
        - {name: city, type: STRING}
        - {name: version, type: DOUBLE, required: true}
        - {name: deleted, type: BOOLEAN}
        - {name: updated_at, type: "TIMESTAMP_LTZ(3)", required: true}
      """;

  @Test
  void aCurrentOnlyTableIsDeclaredWithKeyOrderAndDeletedColumns() throws IOException {
    SourceSpec spec = SourceSpecParser.parse(write("customers.yaml", CUSTOMERS));

    assertThat(spec.current())
        .contains(new CurrentSpec(List.of("customer_id"), "updated_at", Optional.of("deleted")));
  }

  @Test
  void aCurrentOnlyTableRefusesColumnsThatCannotKeyOrOrderRows() throws IOException {
    Path optionalKey =
        write("customers.yaml", CUSTOMERS.replace("key: [customer_id]", "key: [city]"));
    assertThatThrownBy(() -> SourceSpecParser.parse(optionalKey))
        .hasMessage(
            optionalKey
                + ", line 4, field current.key[0]: key column 'city' must be declared required:"
                + " true; a current table cannot key rows on a missing value");

    Path doubleOrder =
        write("customers.yaml", CUSTOMERS.replace("order_by: updated_at", "order_by: version"));
    assertThatThrownBy(() -> SourceSpecParser.parse(doubleOrder))
        .hasMessage(
            doubleOrder
                + ", line 4, field current.order_by: column 'version' is DOUBLE; order by a"
                + " TIMESTAMP, TIMESTAMP_LTZ, DATE or whole-number column");

    Path textDeleted =
        write("customers.yaml", CUSTOMERS.replace("deleted: deleted}", "deleted: city}"));
    assertThatThrownBy(() -> SourceSpecParser.parse(textDeleted))
        .hasMessage(
            textDeleted
                + ", line 4, field current.deleted: column 'city' is STRING; it must be BOOLEAN");

    Path unknown =
        write("customers.yaml", CUSTOMERS.replace("order_by: updated_at", "orderby: updated_at"));
    assertThatThrownBy(() -> SourceSpecParser.parse(unknown))
        .hasMessageStartingWith(
            unknown
                + ", line 4, field current.orderby: unknown field 'orderby' (known: deleted, key, order_by)");
  }

  @Test
  void aMaintenanceBlockOverridesThePlatformsDefaultsForTheSourcesTables() throws IOException {
    SourceSpec spec =
        SourceSpecParser.parse(
            write(
                "orders.yaml",
                ORDERS
                    + """
                    maintenance:
                      interval: 30min
                      target_file_size: 256MB
                      snapshot_retention: 7d
                    """));

    assertThat(spec.maintenance().resolve(MaintenanceSettings.DEFAULT))
        .contains(
            new MaintenancePolicy(
                Duration.ofMinutes(30),
                256L << 20,
                Duration.ofDays(7),
                MaintenanceSettings.DEFAULT.minSnapshots(),
                MaintenanceSettings.DEFAULT.orphanMinAge()));
    assertThat(SourceSpecParser.parse(write("plain.yaml", ORDERS)).maintenance())
        .isEqualTo(MaintenanceSpec.DEFAULTS);
  }

  @Test
  void maintenanceCanBeTurnedOffBySourceOrForThePlatform() throws IOException {
    SourceSpec off =
        SourceSpecParser.parse(write("off.yaml", ORDERS + "maintenance: {enabled: false}\n"));
    assertThat(off.maintenance().resolve(MaintenanceSettings.DEFAULT)).isEmpty();

    SourceSpec on =
        SourceSpecParser.parse(write("on.yaml", ORDERS + "maintenance: {enabled: true}\n"));
    assertThat(on.maintenance().resolve(MaintenanceSettings.DEFAULT)).isPresent();
    assertThat(on.maintenance().resolve(MaintenanceSettings.DEFAULT.off()))
        .as("the platform's switch wins")
        .isEmpty();
  }

  @Test
  void aWrongMaintenanceValueNamesFileLineAndField() throws IOException {
    Path shortAge =
        write("a.yaml", ORDERS + "maintenance:\n  interval: 1h\n  orphan_min_age: 10min\n");
    assertThatThrownBy(() -> SourceSpecParser.parse(shortAge))
        .hasMessage(
            shortAge
                + ", line 12, field maintenance.orphan_min_age: Orphan minimum age 10min is too"
                + " short: a younger file may belong to a commit still in progress; use at least"
                + " 1h");
    Path notASize = write("b.yaml", ORDERS + "maintenance: {target_file_size: big}\n");
    assertThatThrownBy(() -> SourceSpecParser.parse(notASize))
        .hasMessage(
            notASize
                + ", line 10, field maintenance.target_file_size: 'big' is not a size; write it"
                + " like 64MB, 128MB or 1GB");
    Path misspelled = write("c.yaml", ORDERS + "maintenance: {retention: 1d}\n");
    assertThatThrownBy(() -> SourceSpecParser.parse(misspelled))
        .hasMessageStartingWith(
            misspelled
                + ", line 10, field maintenance.retention: unknown field 'retention' (known:"
                + " enabled, interval, min_snapshots, orphan_min_age, snapshot_retention,"
                + " target_file_size)");
  }

  @Test
  void keyThatIsNotAColumnIsRefusedOnTheKeyLine() throws IOException {
    Path file = write("orders.yaml", ORDERS.replace("key: order_id", "key: order_idd"));
    assertThatThrownBy(() -> SourceSpecParser.parse(file))
        .hasMessage(
            file + ", line 3, field key: key column 'order_idd' is not declared in columns");
  }

  @Test
  void duplicateColumnNamesTheSecondOccurrence() throws IOException {
    Path file =
        write(
            "orders.yaml",
            ORDERS.replace(
                "  - {name: amount, type: \"DECIMAL(10,2)\"}",
                "  - {name: amount, type: \"DECIMAL(10,2)\"}\n  - {name: Amount, type: DOUBLE}"));
    assertThatThrownBy(() -> SourceSpecParser.parse(file))
        .hasMessage(
            file + ", line 9, field columns[2].name: duplicate column 'Amount' (also columns[1])");
  }

  @Test
  void reservedColumnNamesAreRefused() throws IOException {
    Path file = write("orders.yaml", ORDERS.replace("name: amount,", "name: ds,"));
    assertThatThrownBy(() -> SourceSpecParser.parse(file))
        .hasMessageStartingWith(file + ", line 8, field columns[1].name: 'ds' is reserved");
  }

  @Test
  void eventTimeMustBeATimestampOfMillisecondPrecisionAtMost() throws IOException {
    Path file =
        write("orders.yaml", ORDERS.replace("event_time: event_time", "event_time: amount"));
    assertThatThrownBy(() -> SourceSpecParser.parse(file))
        .hasMessage(
            file
                + ", line 4, field event_time: event time column 'amount' is DECIMAL(10,2); it must be"
                + " TIMESTAMP_LTZ(p) or TIMESTAMP(p) with p from 0 to 3");
  }

  @Test
  void misspelledFieldIsNamedWithASuggestion() throws IOException {
    Path file = write("orders.yaml", ORDERS.replace("max_out_of_orderness", "max_out_of_ordernes"));
    assertThatThrownBy(() -> SourceSpecParser.parse(file))
        .hasMessageStartingWith(file + ", line 5, field max_out_of_ordernes: unknown field")
        .hasMessageEndingWith("did you mean 'max_out_of_orderness'?");
  }

  @Test
  void missingRequiredFieldIsNamed() throws IOException {
    Path file = write("orders.yaml", ORDERS.replace("key: order_id\n", ""));
    assertThatThrownBy(() -> SourceSpecParser.parse(file))
        .hasMessage(file + ", field key: is required");
  }

  @Test
  void badFormatAndDurationAreExplained() throws IOException {
    Path badFormat = write("a.yaml", ORDERS.replace("format: json", "format: avro"));
    assertThatThrownBy(() -> SourceSpecParser.parse(badFormat))
        .hasMessage(badFormat + ", line 2, field format: 'avro' is not a format; use json | csv");
    Path badDuration =
        write("b.yaml", ORDERS.replace("max_out_of_orderness: 5s", "max_out_of_orderness: soon"));
    assertThatThrownBy(() -> SourceSpecParser.parse(badDuration))
        .hasMessage(
            badDuration
                + ", line 5, field max_out_of_orderness: 'soon' is not a duration; write it like 500ms,"
                + " 5s, 1min or 2h");
  }

  @Test
  void invalidYamlSyntaxNamesTheLine() throws IOException {
    Path file =
        write(
            "orders.yaml",
            ORDERS.replace(
                "  - {name: amount, type: \"DECIMAL(10,2)\"}",
                "  - {name: amount, type: \"DECIMAL(10,2)\""));
    assertThatThrownBy(() -> SourceSpecParser.parse(file))
        .isInstanceOf(DeclarationException.class)
        .hasMessage(
            file
                + ", line 9: not valid YAML: while parsing a flow mapping: expected ',' or '}', but got -");
  }

  @Test
  void metadataIsReadWithTheColumns() {
    SourceSpec orders = Sources.load(Path.of("../examples/sources")).get("orders");

    assertThat(orders.metadata().owner()).contains("ordering-team");
    assertThat(orders.metadata().domain()).contains("ordering");
    assertThat(orders.metadata().columns().get("customer_id").tags())
        .containsExactly(io.tributary.catalog.metadata.SensitivityTag.PII);
    assertThat(orders.metadata().columns().get("customer_id").description())
        .contains("who ordered");
  }

  @Test
  void unknownTagNamesItsPlace() throws IOException {
    Path file =
        write(
            "orders.yaml",
            ORDERS.replace(
                "  - {name: amount, type: \"DECIMAL(10,2)\"}",
                "  - {name: amount, type: \"DECIMAL(10,2)\", tags: [financial, piii]}"));
    assertThatThrownBy(() -> SourceSpecParser.parse(file))
        .hasMessage(
            file
                + ", line 8, field columns[1].tags[1]: 'piii' is not a tag; use pii, secret,"
                + " confidential, financial");
  }

  @Test
  void nestedTypesAreRefused() throws IOException {
    Path file = write("orders.yaml", ORDERS.replace("\"DECIMAL(10,2)\"", "\"ARRAY<INT>\""));
    assertThatThrownBy(() -> SourceSpecParser.parse(file))
        .hasMessageStartingWith(
            file
                + ", line 8, field columns[1].type: ARRAY<INT> is not supported for source columns");
  }

  @Test
  void twoFilesDeclaringOneSourceAreRefused() throws IOException {
    write("a.yaml", ORDERS);
    write("b.yaml", ORDERS);
    assertThatThrownBy(() -> Sources.load(dir))
        .hasMessage(
            dir.resolve("b.yaml")
                + ", field name: source 'orders' is also declared in "
                + dir.resolve("a.yaml"));
  }

  @Test
  void unknownSourceListsTheDeclaredOnes() {
    Sources sources = Sources.load(Path.of("../examples/sources"));
    assertThatThrownBy(() -> sources.get("payments"))
        .hasMessage("Unknown source 'payments'; declared sources: clicks, orders");
  }

  @Test
  void missingDirectoryIsNamed() {
    assertThatThrownBy(() -> Sources.load(dir.resolve("nope")))
        .hasMessage("Sources directory " + dir.resolve("nope") + " does not exist");
  }

  @Test
  void aKinesisStreamIsDeclaredWithItsRegionEndpointAndStart() throws IOException {
    SourceSpec spec =
        SourceSpecParser.parse(
            write(
                "orders.yaml",
                ORDERS
                    + "kinesis: {stream: orders-stream, region: eu-west-1, endpoint:"
                    + " \"http://127.0.0.1:4568\", start: latest}\n"));

    assertThat(spec.kinesis())
        .contains(
            new KinesisSpec(
                "orders-stream",
                Optional.of("eu-west-1"),
                Optional.of(URI.create("http://127.0.0.1:4568")),
                KinesisSpec.Start.LATEST));
    assertThat(spec.kinesis().orElseThrow().isLocal()).isTrue();
    assertThat(spec.kinesisPositionsTopic()).isEqualTo("_tributary.kinesis.orders");
    SourceSpec plain = SourceSpecParser.parse(write("plain.yaml", ORDERS));
    assertThat(plain.kinesis()).isEmpty();
  }

  @Test
  void aProfilesKinesisEndpointAppliesOnlyWhereTheDeclarationNamesNone() throws IOException {
    URI local = URI.create("http://127.0.0.1:4567");
    SourceSpec bare =
        SourceSpecParser.parse(
            write("bare.yaml", ORDERS + "kinesis: {stream: orders-stream, region: eu-west-1}\n"));
    assertThat(
            bare.withKinesisEndpointIfUnset(Optional.of(local)).kinesis().orElseThrow().endpoint())
        .contains(local);
    assertThat(bare.withKinesisEndpointIfUnset(Optional.empty())).isEqualTo(bare);

    SourceSpec declared =
        SourceSpecParser.parse(
            write(
                "declared.yaml",
                ORDERS
                    + "kinesis: {stream: orders-stream, endpoint: \"http://127.0.0.1:4568\"}\n"));
    assertThat(declared.withKinesisEndpointIfUnset(Optional.of(local))).isEqualTo(declared);
    SourceSpec plain = SourceSpecParser.parse(write("plain2.yaml", ORDERS));
    assertThat(plain.withKinesisEndpointIfUnset(Optional.of(local)).kinesis()).isEmpty();
  }

  @Test
  void aKinesisDeclarationNamesTheFieldItGetsWrong() throws IOException {
    Path badStart = write("a.yaml", ORDERS + "kinesis: {stream: orders-stream, start: oldest}\n");
    assertThatThrownBy(() -> SourceSpecParser.parse(badStart))
        .hasMessage(
            badStart
                + ", line 10, field kinesis.start: 'oldest' is not a start position; use"
                + " trim_horizon, latest");
    Path badEndpoint =
        write("b.yaml", ORDERS + "kinesis: {stream: orders-stream, endpoint: \"ftp://x\"}\n");
    assertThatThrownBy(() -> SourceSpecParser.parse(badEndpoint))
        .hasMessageContaining("field kinesis.endpoint: 'ftp://x' is not an http:// or https://");
    Path noStream = write("c.yaml", ORDERS + "kinesis: {region: eu-west-1}\n");
    assertThatThrownBy(() -> SourceSpecParser.parse(noStream))
        .hasMessageContaining("field kinesis.stream: is required");
    Path badRegion = write("d.yaml", ORDERS + "kinesis: {stream: s, region: Europe}\n");
    assertThatThrownBy(() -> SourceSpecParser.parse(badRegion))
        .hasMessageContaining("field kinesis.region: 'Europe' is not an AWS region name");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
