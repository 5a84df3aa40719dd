package io.tributary.feature.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.table.SourceTables;
import io.tributary.stream.testkit.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query a group's job runs: it plans over the source's table, and its indexes say true. */
class FeatureQueryTest {
  private static final SourceSpec ORDERS = Examples.orders();
  private static TableEnvironment tableEnv;

  @TempDir Path dir;

  @BeforeAll
  static void declareTheSources() {
    tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    // declarations only: planning never reaches this address
    new SourceTables(KafkaConnection.of("127.0.0.1:9"))
        .upToLatestStatements(List.of(ORDERS))
        .forEach(tableEnv::executeSql);
  }

  @Test
  void theQueryPlansAndEachIndexPointsAtItsColumn() throws IOException {
    FeatureGroupSpec group =
        parse(
            """
            name: pairs
            entity: [restaurant_id, customer_id]
            source: orders
            filter: amount > 0 -- paid only
            features:
              - {name: orders_10m, agg: count, window: 10m}
              - {name: revenue_1h, agg: sum, column: amount * 2, window: 1h}
              - {name: orders_total, agg: count}
              - {name: last_dish, agg: last, column: UPPER(dish)}
            """);
    FeatureQuery query = FeatureQuery.of(group, ORDERS, "`src`.`orders`");
    assertThat(query.sql())
        .startsWith("SELECT `restaurant_id`, `customer_id`, `event_time`, `_kafka_partition`")
        .contains("(amount * 2\n) AS `f1`")
        .endsWith("FROM `src`.`orders` WHERE (amount > 0 -- paid only\n)");

    ResolvedSchema schema = tableEnv.sqlQuery(query.sql()).getResolvedSchema();
    assertThat(schema.getColumnCount()).isEqualTo(7);
    assertThat(query.entityColumns()).isEqualTo(2);
    assertThat(schema.getColumnNames().subList(0, 2))
        .containsExactly("restaurant_id", "customer_id");
    assertThat(root(schema, query.eventTimeIndex()))
        .isEqualTo(LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
    assertThat(schema.getColumnNames().get(query.partitionIndex())).isEqualTo("_kafka_partition");
    assertThat(schema.getColumnNames().get(query.offsetIndex())).isEqualTo("_kafka_offset");
    assertThat(query.valueIndex(0)).isEmpty();
    assertThat(query.valueIndex(1)).hasValue(5);
    assertThat(root(schema, 5)).isEqualTo(LogicalTypeRoot.DECIMAL);
    assertThat(query.valueIndex(2)).isEmpty();
    assertThat(query.valueIndex(3)).hasValue(6);
    assertThat(root(schema, 6)).isEqualTo(LogicalTypeRoot.VARCHAR);
  }

  @Test
  void aGroupWithoutFilterOrValuesReadsEveryEvent() throws IOException {
    FeatureGroupSpec group =
        parse(
            """
            name: counts
            entity: restaurant_id
            source: orders
            features:
              - {name: orders_total, agg: count}
            """);
    FeatureQuery query = FeatureQuery.of(group, ORDERS, "`src`.`orders`");
    assertThat(query.sql())
        .isEqualTo(
            "SELECT `restaurant_id`, `event_time`, `_kafka_partition`, `_kafka_offset`"
                + " FROM `src`.`orders`");
    assertThat(tableEnv.sqlQuery(query.sql()).getResolvedSchema().getColumnCount()).isEqualTo(4);
    assertThat(query.offsetIndex()).isEqualTo(3);
  }

  private static LogicalTypeRoot root(ResolvedSchema schema, int index) {
    return schema.getColumnDataTypes().get(index).getLogicalType().getTypeRoot();
  }

  private FeatureGroupSpec parse(String yaml) throws IOException {
    return FeatureGroupParser.parse(Files.writeString(dir.resolve("group.yaml"), yaml));
  }
}
