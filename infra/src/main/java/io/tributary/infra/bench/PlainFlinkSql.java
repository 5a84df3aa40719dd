package io.tributary.infra.bench;

import io.tributary.catalog.LakeCatalog;
import io.tributary.stream.kafka.KafkaConnection;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * What a user would write without Tributary to land the orders topic: a {@code kafka} table with
 * Flink's {@code json} format ({@code json.ignore-parse-errors}, which drops a bad row without a
 * trace) and an {@code INSERT INTO} an Iceberg table partitioned by day, with bronze's Parquet
 * settings, bounded at the topic's end as the benchmark's landing is.
 */
final class PlainFlinkSql {
  private PlainFlinkSql() {}

  /**
   * Runs the plain job from {@code topic} into {@code lake.bronze.<table>} and returns its wall
   * time; the rows it committed are {@link BenchStack#committedRows}.
   */
  static Duration run(
      BenchStack stack, KafkaConnection kafka, String topic, String table, int parallelism)
      throws InterruptedException {
    return stack.runBounded(
        table.replace('_', '-'),
        env -> {
          StreamTableEnvironment sql =
              StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
          sql.getConfig().set("parallelism.default", Integer.toString(parallelism));
          sql.getConfig().set("table.local-time-zone", "UTC");
          LakeCatalog.registerIn(sql, stack.lake().config());
          Map<String, String> kafkaOptions = new java.util.TreeMap<>(kafka.tableOptions());
          kafkaOptions.put("connector", "kafka");
          kafkaOptions.put("topic", topic);
          kafkaOptions.put("properties.group.id", "bench-" + table);
          kafkaOptions.put("scan.startup.mode", "earliest-offset");
          kafkaOptions.put("scan.bounded.mode", "latest-offset");
          kafkaOptions.put("format", "json");
          kafkaOptions.put("json.ignore-parse-errors", "true");
          kafkaOptions.put("json.timestamp-format.standard", "ISO-8601");
          sql.executeSql(
              "CREATE TEMPORARY TABLE kafka_orders (order_id STRING, customer_id STRING,"
                  + " restaurant_id STRING, dish STRING, amount DECIMAL(10, 2), event_time"
                  + " TIMESTAMP_LTZ(3)) WITH ("
                  + options(kafkaOptions)
                  + ")");
          sql.executeSql(
              "CREATE TABLE IF NOT EXISTS lake.bronze."
                  + table
                  + " (order_id STRING, customer_id STRING, restaurant_id STRING, dish STRING,"
                  + " amount DECIMAL(10, 2), event_time TIMESTAMP_LTZ(3), ds STRING) PARTITIONED"
                  + " BY (ds) WITH ('format-version' = '2', 'write.parquet.compression-codec' ="
                  + " 'zstd', 'write.parquet.page-size-bytes' = '65536')");
          StreamStatementSet statements = sql.createStatementSet();
          statements.addInsertSql(
              "INSERT INTO lake.bronze."
                  + table
                  + " SELECT order_id, customer_id, restaurant_id, dish, amount, event_time,"
                  + " DATE_FORMAT(event_time, 'yyyy-MM-dd') FROM kafka_orders");
          statements.attachAsDataStream();
        });
  }

  private static String options(Map<String, String> options) {
    return options.entrySet().stream()
        .map(e -> "'" + e.getKey() + "' = '" + e.getValue().replace("'", "''") + "'")
        .collect(Collectors.joining(", "));
  }
}
