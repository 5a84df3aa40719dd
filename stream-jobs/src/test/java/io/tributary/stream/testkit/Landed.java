package io.tributary.stream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.catalog.LakeCatalog;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Waits for what landing committed, and checks it against what was published. */
public final class Landed {
  private static final Duration LANDING_TIMEOUT = Duration.ofMinutes(2);

  private Landed() {}

  /**
   * Waits until bronze holds {@code expected.count()} orders and keeps holding exactly that many
   * over several checkpoints (a late duplicate would show), then checks count, keys, offsets and
   * the sum of amounts against what was produced.
   */
  public static BronzeSummary awaitOrders(LakeCatalog lake, Orders.Batch expected) {
    return awaitOrders(lake, expected.count(), expected.sumOfAmounts());
  }

  /** As {@link #awaitOrders(LakeCatalog, Orders.Batch)}, for orders produced some other way. */
  public static BronzeSummary awaitOrders(LakeCatalog lake, long count, BigDecimal sumOfAmounts) {
    return awaitOrders(lake, BronzeSummary.ORDERS, count, sumOfAmounts);
  }

  /** As {@link #awaitOrders(LakeCatalog, Orders.Batch)}, in the bronze table {@code bronze}. */
  public static BronzeSummary awaitOrders(
      LakeCatalog lake, TableIdentifier bronze, long count, BigDecimal sumOfAmounts) {
    awaitCount(lake, bronze, count);
    BronzeSummary summary = BronzeSummary.ofOrders(lake, bronze);
    assertThat(summary.rows()).as("bronze rows").isEqualTo(count);
    assertThat(summary.distinctKeys()).as("distinct order ids").isEqualTo(count);
    assertThat(summary.distinctOffsets()).as("distinct Kafka offsets").isEqualTo(count);
    assertThat(summary.sumOfAmounts()).as("sum of amounts").isEqualByComparingTo(sumOfAmounts);
    return summary;
  }

  /**
   * Waits until {@code table} holds {@code count} rows and keeps holding exactly that many over
   * several checkpoints, so that a late duplicate commit would fail the wait.
   */
  public static void awaitCount(LakeCatalog lake, TableIdentifier table, long count) {
    await(table + " to reach " + count + " rows")
        .atMost(LANDING_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> LakeRows.count(lake, table) >= count);
    await(table + " to stay at " + count + " rows")
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(30))
        .until(() -> LakeRows.count(lake, table) == count);
  }

  /**
   * Waits until the rejects table of {@code source} and its dead-letter topic each hold exactly
   * {@code malformed}, and checks that every one carries its payload and the expected reason.
   */
  public static void awaitRejects(
      LakeCatalog lake, String bootstrap, String source, List<Orders.Malformed> malformed) {
    TableIdentifier table = TableIdentifier.of("bronze", source + "_rejects");
    String deadLetterTopic = "dlq." + source;
    await(table + " to reach " + malformed.size() + " rows")
        .atMost(LANDING_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> LakeRows.count(lake, table) >= malformed.size());
    List<Record> rejects = LakeRows.read(lake, table);
    assertThat(rejects).hasSize(malformed.size());
    List<Record> unmatched = new ArrayList<>(rejects);
    for (Orders.Malformed bad : malformed) {
      Record match =
          unmatched.stream()
              .filter(r -> Objects.equals(r.getField("payload"), bad.event().payload()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no reject for " + bad.kind() + ": " + bad));
      unmatched.remove(match);
      assertThat((String) match.getField("reason")).as(bad.kind()).contains(bad.reason());
      assertThat(match.getField("source")).isEqualTo(source);
    }

    await(deadLetterTopic + " to hold " + malformed.size() + " committed records")
        .atMost(LANDING_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> TestEvents.readCommitted(bootstrap, deadLetterTopic).size() >= malformed.size());
    List<ConsumerRecord<byte[], byte[]>> letters =
        TestEvents.readCommitted(bootstrap, deadLetterTopic);
    assertThat(letters).hasSize(malformed.size());
    for (ConsumerRecord<byte[], byte[]> letter : letters) {
      assertThat(letter.headers().lastHeader("tributary.reason")).isNotNull();
      assertThat(
              new String(
                  letter.headers().lastHeader("tributary.reason").value(), StandardCharsets.UTF_8))
          .isNotBlank();
    }
  }
}
