package io.tributary.stream.testkit;

import io.tributary.catalog.LakeCatalog;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;

/**
 * What a bronze orders table holds, computed from its committed rows: the figures an exactly-once
 * test compares with what was produced.
 *
 * @param rows rows in the table
 * @param distinctKeys distinct {@code order_id} values
 * @param distinctOffsets distinct ({@code _kafka_partition}, {@code _kafka_offset}) pairs; equal to
 *     {@code rows} unless an event landed twice
 * @param sumOfAmounts the sum of {@code amount}
 * @param days the distinct {@code ds} values
 */
public record BronzeSummary(
    long rows, long distinctKeys, long distinctOffsets, BigDecimal sumOfAmounts, Set<String> days) {

  public static final TableIdentifier ORDERS = TableIdentifier.of("bronze", "orders");
  public static final TableIdentifier CLICKS = TableIdentifier.of("bronze", "clicks");
  public static final TableIdentifier ORDERS_REJECTS =
      TableIdentifier.of("bronze", "orders_rejects");

  public static BronzeSummary ofOrders(LakeCatalog lake) {
    return ofOrders(lake, ORDERS);
  }

  /** The same for the bronze table of a source declared as the example orders are. */
  public static BronzeSummary ofOrders(LakeCatalog lake, TableIdentifier table) {
    List<Record> records = LakeRows.read(lake, table);
    Set<Object> keys = new HashSet<>();
    Set<String> offsets = new HashSet<>();
    Set<String> days = new TreeSet<>();
    BigDecimal sum = BigDecimal.ZERO;
    for (Record record : records) {
      keys.add(record.getField("order_id"));
      offsets.add(record.getField("_kafka_partition") + "@" + record.getField("_kafka_offset"));
      days.add((String) record.getField("ds"));
      BigDecimal amount = (BigDecimal) record.getField("amount");
      sum = amount == null ? sum : sum.add(amount);
    }
    return new BronzeSummary(records.size(), keys.size(), offsets.size(), sum, days);
  }
}
