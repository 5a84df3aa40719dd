package io.tributary.infra.bench;

import io.tributary.stream.landing.BronzeTables;
import io.tributary.stream.source.SourceSpec;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The case the timed rounds leave out because a peer cannot run it: an event whose field has the
 * wrong type ({@code "amount": "twelve"}) among good ones. Landing rejects it with its reason;
 * plain Flink SQL keeps it with the field null (its value lost without a trace); Iceberg's Kafka
 * Connect sink fails its task (the error happens in the sink, after Connect's error handling), and
 * what follows the event waits until someone removes it. Each outcome is checked and printed.
 */
final class WrongTypeCase {
  private static final String TOPIC = "bench.orders.wrong-type";
  private static final int GOOD = 100;

  private WrongTypeCase() {}

  static void run(
      BenchStack stack,
      SourceSpec orders,
      Optional<IcebergConnectSink> sink,
      int parallelism,
      PrintWriter out)
      throws Exception {
    stack.createTopic(TOPIC, 1);
    Instant now = Instant.now();
    PrintWriter quiet = new PrintWriter(Writer.nullWriter());
    stack.produceOrders(
        TOPIC, GOOD / 2, now.minusSeconds(60), Duration.ofSeconds(30), false, quiet);
    stack.publish(
        TOPIC,
        "order-wrong-type",
        "{\"order_id\":\"order-wrong-type\",\"customer_id\":\"customer-000001\","
            + "\"restaurant_id\":\"restaurant-0001\",\"dish\":\"margherita pizza\","
            + "\"amount\":\"twelve\",\"event_time\":\""
            + now.minusSeconds(20)
            + "\"}");
    stack.produceOrders(TOPIC, GOOD / 2, now.minusSeconds(10), Duration.ofSeconds(5), false, quiet);
    out.printf(
        Locale.ROOT,
        "case: one event of %d with a wrong-typed field (\"amount\":\"twelve\"), not timed:%n",
        GOOD + 1);

    SourceSpec source = IngestBenchmark.renamed(orders, "bench_case_landing", TOPIC);
    IngestBenchmark.landingJob(stack, source, parallelism, GOOD);
    long rejects = stack.committedRows(BronzeTables.rejects(source));
    if (rejects != 1) {
      throw new IllegalStateException("Landing rejected " + rejects + " events, 1 was bad");
    }
    out.printf(Locale.ROOT, "  landing: %d rows; the bad event in rejects with its reason%n", GOOD);

    PlainFlinkSql.run(
        stack, stack.kafka().connection(), TOPIC, "bench_case_plain_sql", parallelism);
    TableIdentifier plain = TableIdentifier.of("bronze", "bench_case_plain_sql");
    long rows = stack.committedRows(plain);
    long nullAmounts;
    try (CloseableIterable<Record> nulls =
        IcebergGenerics.read(stack.lake().loadTable(plain))
            .where(Expressions.isNull("amount"))
            .build()) {
      nullAmounts = StreamSupport.stream(nulls.spliterator(), false).count();
    }
    out.printf(
        Locale.ROOT,
        "  plain SQL: %d rows; the bad event kept with amount NULL in %d of them, its value lost"
            + " without a trace%n",
        rows,
        nullAmounts);

    if (sink.isEmpty()) {
      return;
    }
    ConnectSinkPeer.Run run =
        ConnectSinkPeer.run(
            stack, sink.get(), TOPIC, "bench_case_connect", 1, Duration.ofSeconds(1), GOOD + 1);
    out.printf(
        Locale.ROOT,
        "  Kafka Connect sink: %s; %d of %d rows committed%n",
        run.failure().map(why -> "its task failed: " + why).orElse("landed every event"),
        run.rows(),
        GOOD + 1);
  }
}
