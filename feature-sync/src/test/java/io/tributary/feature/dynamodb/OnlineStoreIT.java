package io.tributary.feature.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.feature.aggregate.Aggregation;
import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.aggregate.FeatureState;
import io.tributary.feature.testkit.DynamoServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The online store on a real local DynamoDB (dynalite): conditional writes that never let an older
 * version in, reads with their statuses and positions, the pointer switch, removal of a generation,
 * and items that survive a restart of the server.
 */
class OnlineStoreIT {
  @RegisterExtension static final DynamoServer DYNAMO = new DynamoServer();

  private static final Instant T = Instant.parse("2026-11-20T12:00:00Z");
  private static final FeatureDefinition ORDERS_1H =
      new FeatureDefinition(
          "orders_1h",
          Aggregation.COUNT,
          Optional.of(Duration.ofHours(1)),
          Duration.ofMinutes(1),
          0);
  private static final FeatureDefinition REVENUE =
      new FeatureDefinition(
          "revenue", Aggregation.SUM, Optional.empty(), FeatureDefinition.LIFETIME_SLICE, 0);

  @Test
  void anOlderVersionIsRefusedAndTheStoredValueStays() {
    try (OnlineStore store = DYNAMO.store()) {
      publish(store, "refusals", "g1", Optional.empty());
      assertThat(store.write(item("refusals", "g1", "r-1", ORDERS_1H, 3, 10))).isTrue();
      assertThat(store.write(item("refusals", "g1", "r-1", ORDERS_1H, 1, 9)))
          .as("an older version")
          .isFalse();
      assertThat(store.write(item("refusals", "g1", "r-1", ORDERS_1H, 3, 10)))
          .as("the same version again")
          .isTrue();
      FeatureRead read = read(store, "refusals", "r-1", "orders_1h", T);
      assertThat(read.value()).isEqualTo(3L);
      assertThat(read.version()).isEqualTo(10);
      assertThat(read.position()).containsEntry(0, 10L);
    }
  }

  @Test
  void readsSayPresentNotFoundAndStaleAndDecay() {
    try (OnlineStore store = DYNAMO.store()) {
      publish(store, "statuses", "g1", Optional.of(Duration.ofMinutes(30)));
      store.write(item("statuses", "g1", "r-1", ORDERS_1H, 2, 2));
      List<FeatureRead> reads =
          store.read("statuses", List.of("r-1", "r-404"), List.of("orders_1h"), T);
      assertThat(reads)
          .extracting(FeatureRead::status)
          .containsExactly(FeatureStatus.PRESENT, FeatureStatus.NOT_FOUND);
      assertThat(reads.get(0).newestEventTime()).contains(T.minusSeconds(60));
      FeatureRead later = read(store, "statuses", "r-1", "orders_1h", T.plus(Duration.ofHours(2)));
      assertThat(later.status()).isEqualTo(FeatureStatus.STALE);
      assertThat(later.value()).as("decayed out of its window").isEqualTo(0L);
      assertThatThrownBy(() -> store.read("statuses", List.of("r-1"), List.of("nope"), T))
          .hasMessageContaining("has no feature nope")
          .hasMessageContaining("orders_1h");
      assertThatThrownBy(() -> store.read("no_such_group", List.of("r-1"), List.of(), T))
          .isInstanceOf(UnknownFeatureGroupException.class);
    }
  }

  @Test
  void aReadOfMoreThanAHundredKeysGetsThemAll() {
    try (OnlineStore store = DYNAMO.store()) {
      publish(store, "many", "g1", Optional.empty());
      List<String> entities = new ArrayList<>();
      for (int i = 0; i < 130; i++) {
        entities.add("r-" + i);
        store.write(item("many", "g1", "r-" + i, ORDERS_1H, i + 1, i + 1));
        store.write(item("many", "g1", "r-" + i, REVENUE, i + 1, i + 1));
      }
      List<FeatureRead> reads = store.read("many", entities, List.of(), T);
      assertThat(reads).hasSize(260).allMatch(r -> r.status() == FeatureStatus.PRESENT);
      assertThat(reads.get(2 * 129).value()).isEqualTo(130L);
      assertThat((BigDecimal) reads.get(2 * 129 + 1).value()).isEqualByComparingTo("1300");
    }
  }

  @Test
  void readsSwitchGenerationsInOneStepAndTheOldOneIsRemoved() {
    try (OnlineStore store = DYNAMO.store()) {
      publish(store, "switch", "old", Optional.empty());
      store.write(item("switch", "old", "r-1", ORDERS_1H, 1, 1));
      store.write(item("switch", "new", "r-1", ORDERS_1H, 5, 5));
      GroupPointer next =
          new GroupPointer(
              "switch",
              "new",
              Optional.empty(),
              List.of("orders_1h"),
              List.of("restaurant_id"),
              Optional.empty(),
              List.of(0));
      assertThat(store.switchTo("switch", "elsewhere", next)).as("a stale switch").isFalse();
      assertThat(read(store, "switch", "r-1", "orders_1h", T).value()).isEqualTo(1L);
      assertThat(store.switchTo("switch", "old", next)).isTrue();
      assertThat(read(store, "switch", "r-1", "orders_1h", T).value()).isEqualTo(5L);
      assertThat(store.deleteGeneration("switch", "old")).isEqualTo(1);
      assertThat(store.entities("switch", "new", 10)).containsExactly("r-1");
      assertThat(store.entities("switch", "old", 10)).isEmpty();
    }
  }

  @Test
  void itemsSurviveARestartOfTheServer() {
    try (OnlineStore store = DYNAMO.store()) {
      publish(store, "durable", "g1", Optional.empty());
      store.write(item("durable", "g1", "r-1", ORDERS_1H, 4, 4));
      store.writeStats(
          "durable", "g1", 0, new GroupStats(10, 2, 3, T.toEpochMilli(), 1, Map.of(0, 9L), 20));
      store.writeStats(
          "durable", "g1", 1, new GroupStats(5, 1, 2, T.toEpochMilli() + 1, 2, Map.of(1, 4L), 7));
    }
    DYNAMO.stop();
    DYNAMO.start();
    try (OnlineStore store = DYNAMO.store()) {
      assertThat(read(store, "durable", "r-1", "orders_1h", T).value()).isEqualTo(4L);
      GroupStats stats = store.stats("durable", "g1");
      assertThat(stats.events()).isEqualTo(15);
      assertThat(stats.late()).isEqualTo(3);
      assertThat(stats.entities()).isEqualTo(5);
      assertThat(stats.position()).containsEntry(0, 9L).containsEntry(1, 4L);
      assertThat(stats.writes()).isEqualTo(27);
    }
  }

  @Test
  void entityKeysOfSeveralColumnsRoundTrip() {
    String key = EntityKeys.of(java.util.Arrays.asList("eu|west", "c\\42", null));
    assertThat(key).isEqualTo("eu\\|west|c\\\\42|");
    assertThat(EntityKeys.parse(key)).containsExactly("eu|west", "c\\42", "");
    assertThat(EntityKeys.of(List.of("r-17"))).isEqualTo("r-17");
  }

  private static void publish(
      OnlineStore store, String group, String generation, Optional<Duration> maxAge) {
    store.publish(
        new GroupPointer(
            group,
            generation,
            Optional.empty(),
            List.of("orders_1h", "revenue"),
            List.of("restaurant_id"),
            maxAge,
            // one item each, to read across parts
            List.of(0, 1)));
  }

  /** {@code count} events a minute before T; revenue 10 each. */
  private static FeatureItem item(
      String group,
      String generation,
      String entity,
      FeatureDefinition definition,
      int count,
      long version) {
    FeatureState state = FeatureState.empty(definition);
    long at = T.minusSeconds(60).toEpochMilli();
    for (int i = 0; i < count; i++) {
      state.add(at, definition.aggregation() == Aggregation.COUNT ? "" : BigDecimal.TEN);
    }
    return new FeatureItem(
        group,
        generation,
        entity,
        definition == REVENUE ? 1 : 0,
        List.of(definition),
        List.of(state.encode()),
        version,
        at,
        Map.of(0, version),
        System.currentTimeMillis(),
        state.expiresAtMillis().map(m -> m / 1000));
  }

  private static FeatureRead read(
      OnlineStore store, String group, String entity, String feature, Instant at) {
    return store.read(group, List.of(entity), List.of(feature), at).get(0);
  }
}
