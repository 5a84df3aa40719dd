package io.tributary.stream.produce;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.stream.landing.BronzeTables;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.testkit.ExampleFiles;
import io.tributary.stream.testkit.Examples;
import io.tributary.stream.testkit.LakeRows;
import io.tributary.stream.testkit.TestEvents;
import io.tributary.stream.testkit.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files into a source's topic, on a real broker: every row of a JSON-lines, a CSV and a Parquet
 * file becomes one record keyed by the source's key, in the source's wire format; a row that cannot
 * be read as fields is published as it was, and landing rejects it with its reason. A run that
 * cannot start publishes nothing.
 */
class FileProducerIT {
  private static final Path CSV = Examples.DATA.resolve("orders-2026-11-20.csv");
  private static final Path JSON_LINES = Examples.DATA.resolve("orders-2026-11-21.jsonl");

  @RegisterExtension static final TestStack STACK = new TestStack();

  @TempDir Path files;

  @Test
  void publishesEveryRowOfEachFormatKeyedByTheSourceKey() throws Exception {
    SourceSpec source = Examples.orders("produced");
    STACK.broker().createTopics(List.of(source));
    Path parquet = ExampleFiles.parquetOrders(files.resolve("orders.parquet"));

    ProduceReport report =
        new FileProducer(STACK.kafka())
            .produce(source, List.of(CSV, JSON_LINES, parquet), ProgressListener.NONE);

    assertThat(report.files()).isEqualTo(3);
    assertThat(report.records()).isEqualTo(17);
    assertThat(report.verbatim()).as("the rows that are not fields").isEqualTo(2);
    Map<String, String> byKey =
        TestEvents.readCommitted(STACK.broker().bootstrapServers(), source.topic()).stream()
            .filter(r -> r.key() != null)
            .collect(Collectors.toMap(r -> text(r.key()), r -> text(r.value())));
    assertThat(byKey)
        .hasSize(14)
        .containsEntry(
            "o-1002",
            "{\"order_id\":\"o-1002\",\"customer_id\":\"c-42\",\"restaurant_id\":\"r-7\","
                + "\"dish\":\"pad thai, extra spicy\",\"amount\":\"15.90\","
                + "\"event_time\":\"2026-11-20T11:05:40Z\"}")
        .containsEntry("o-2001", Files.readAllLines(JSON_LINES).get(0))
        .containsEntry(
            "p-2",
            "{\"order_id\":\"p-2\",\"dish\":\"poke\",\"amount\":0.01,"
                + "\"event_time\":\"2026-11-21T18:45:00.000001Z\"}");
    assertThat(
            TestEvents.readCommitted(STACK.broker().bootstrapServers(), source.topic()).stream()
                .filter(r -> r.key() == null)
                .map(r -> text(r.value())))
        .as("unkeyed: the rows without an order id, published as they were read")
        .containsExactlyInAnyOrder(
            // the CSV reader writes the fields it read back as one line, quoting as it goes
            "o-1008,c-8,\"broken row\"",
            "{\"customer_id\":\"c-70\",\"restaurant_id\":\"r-1\",\"dish\":\"margherita\","
                + "\"amount\":14.00,\"event_time\":\"2026-11-21T19:12:10Z\"}",
            "not even JSON");
  }

  @Test
  void landingRejectsTheRowsThatCouldNotBeReadWithTheirReason() throws Exception {
    SourceSpec source = Examples.orders("unreadable");
    STACK.broker().createTopics(List.of(source));
    STACK.launcher().launch(STACK.landing(source));

    new FileProducer(STACK.kafka())
        .produce(source, List.of(CSV, JSON_LINES), ProgressListener.NONE);

    awaitRows(BronzeTables.rejects(source), 6);
    Map<String, String> reasons =
        LakeRows.read(STACK.lake(), BronzeTables.rejects(source)).stream()
            .collect(
                Collectors.toMap(
                    r -> (String) r.getField("payload"), r -> (String) r.getField("reason")));
    assertThat(reasons.get("o-1008,c-8,\"broken row\""))
        .startsWith("not valid JSON: Unrecognized token 'o");
    assertThat(reasons.get("not even JSON")).startsWith("not valid JSON: Unrecognized token 'not'");
    assertThat(reasons.values())
        .contains(
            "amount: 'twenty' is not a DECIMAL(10,2)",
            "event_time: required field is null",
            "order_id: required field is missing",
            "event_time: 'yesterday evening' is not a TIMESTAMP_LTZ(3) (expected ISO-8601 such as"
                + " 2026-11-20T14:01:34Z)");
    awaitRows(BronzeTables.bronze(source), 8);
    assertThat(LakeRows.read(STACK.lake(), BronzeTables.bronze(source)))
        .extracting(r -> (String) r.getField("order_id"))
        .containsExactlyInAnyOrder(
            "o-1001", "o-1002", "o-1003", "o-1004", "o-1007", "o-2001", "o-2002", "o-2003");
  }

  @Test
  void aRunThatCannotStartPublishesNothing() throws Exception {
    SourceSpec source = Examples.orders("refused");
    STACK.broker().createTopics(List.of(source));
    Path missing = files.resolve("missing.jsonl");
    Path unknown = Files.writeString(files.resolve("orders.txt"), "o-1,c-1\n");
    FileProducer producer = new FileProducer(STACK.kafka());

    assertThatThrownBy(() -> producer.produce(source, List.of(CSV, missing), ProgressListener.NONE))
        .isInstanceOf(ProduceException.class)
        .hasMessage("Cannot produce to source refused: file " + missing + " does not exist");
    assertThatThrownBy(() -> producer.produce(source, List.of(unknown), ProgressListener.NONE))
        .isInstanceOf(ProduceException.class)
        .hasMessage(
            "Cannot produce to source refused: file "
                + unknown
                + ": cannot tell its format; name it .jsonl, .json, .csv or .parquet");
    SourceSpec topicless = Examples.orders("topicless");
    assertThatThrownBy(() -> producer.produce(topicless, List.of(CSV), ProgressListener.NONE))
        .isInstanceOf(ProduceException.class)
        .hasMessage(
            "Cannot produce to source topicless: topic src.topicless does not exist; it is"
                + " created when `tributary up` starts with this source");
    assertThat(TestEvents.readCommitted(STACK.broker().bootstrapServers(), source.topic()))
        .as("nothing of the CSV file before the missing one")
        .isEmpty();
  }

  private static void awaitRows(TableIdentifier table, long rows) {
    await(table + " to hold " + rows + " rows")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> LakeRows.count(STACK.lake(), table) == rows);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, UTF_8);
  }
}
