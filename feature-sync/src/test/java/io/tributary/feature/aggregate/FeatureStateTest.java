package io.tributary.feature.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every aggregation, read at several times (long after the last event too), against a naive
 * computation over the raw events with the documented window rule; its encoding; its size bound.
 */
class FeatureStateTest {
  private static final long BASE = Instant.parse("2026-11-20T08:00:00Z").toEpochMilli();
  private static final List<String> VALUES = List.of("pho", "ramen", "pizza", "curry", "tacos");

  private record Event(long time, BigDecimal amount, String text) {}

  @ParameterizedTest
  @EnumSource(value = Aggregation.class, mode = EnumSource.Mode.EXCLUDE, names = "VALUE")
  void windowedValuesEqualTheNaiveComputationAndDecay(Aggregation aggregation) {
    for (Duration window :
        List.of(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofDays(1))) {
      FeatureDefinition definition = definition(aggregation, Optional.of(window));
      List<Event> events = events(new Random(aggregation.ordinal() * 31L + window.toMinutes()));
      FeatureState state = FeatureState.empty(definition);
      events.forEach(e -> state.add(e.time(), input(aggregation, e)));
      long last = events.stream().mapToLong(Event::time).max().orElseThrow();
      state.prune(last);
      FeatureState decoded = FeatureState.decode(definition, state.encode());
      for (long at :
          List.of(
              last,
              last + 60_000,
              last + 30 * 60_000,
              last + 3 * 3_600_000L,
              last + 172_800_000L)) {
        Object expected = naive(definition, events, at);
        assertValue(aggregation, state.valueAt(at), expected, definition.name() + " at " + at);
        assertValue(aggregation, decoded.valueAt(at), expected, "decoded " + definition.name());
      }
      assertThat(state.expiresAtMillis()).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(Aggregation.class)
  void lifetimeValuesCoverEveryEvent(Aggregation aggregation) {
    FeatureDefinition definition = definition(aggregation, Optional.empty());
    List<Event> events = events(new Random(7));
    FeatureState state = FeatureState.empty(definition);
    events.forEach(e -> state.add(e.time(), input(aggregation, e)));
    long far = BASE + 365L * 86_400_000;
    assertValue(aggregation, state.valueAt(far), naive(definition, events, far), "lifetime");
    assertThat(state.expiresAtMillis()).isEmpty();
  }

  @Test
  void anEmptyWindowReadsZeroForCountsAndNothingForTheRest() {
    FeatureState count =
        FeatureState.empty(definition(Aggregation.COUNT, Optional.of(Duration.ofMinutes(10))));
    FeatureState avg =
        FeatureState.empty(definition(Aggregation.AVG, Optional.of(Duration.ofMinutes(10))));
    count.add(BASE, "");
    avg.add(BASE, BigDecimal.TEN);
    assertThat(count.valueAt(BASE)).isEqualTo(1L);
    assertThat(count.valueAt(BASE + 3_600_000)).isEqualTo(0L);
    assertThat(avg.valueAt(BASE + 3_600_000)).isNull();
  }

  @Test
  void aCorruptStateIsRefusedWithAClearError() {
    FeatureDefinition definition = definition(Aggregation.SUM, Optional.of(Duration.ofHours(1)));
    assertThatThrownBy(() -> FeatureState.decode(definition, new byte[] {9, 9, 9}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format");
    FeatureState count =
        FeatureState.empty(definition(Aggregation.COUNT, Optional.of(Duration.ofHours(1))));
    assertThatThrownBy(() -> FeatureState.decode(definition, count.encode()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another aggregation");
  }

  @Test
  void aBusyKeyStaysFarBelowTheItemLimit() {
    for (Aggregation aggregation :
        List.of(Aggregation.COUNT_DISTINCT, Aggregation.TOP_N, Aggregation.LAST)) {
      for (Duration window : List.of(Duration.ofDays(1), Duration.ofDays(30))) {
        FeatureDefinition definition = definition(aggregation, Optional.of(window));
        FeatureState state = FeatureState.empty(definition);
        long span = window.toMillis();
        // a million events over the window, half a million distinct long values
        String padding = "-".repeat(300);
        for (int i = 0; i < 1_000_000; i++) {
          state.add(BASE + span * i / 1_000_000, "customer-" + (i % 500_000) + padding);
        }
        state.prune(BASE + span - 1);
        int size = state.encode().length;
        assertThat(size)
            .as("%s over %s", aggregation, window)
            .isLessThanOrEqualTo(FeatureState.maxEncodedBytes(definition))
            .isLessThan(350 * 1024);
        if (aggregation == Aggregation.COUNT_DISTINCT) {
          assertThat(((Long) state.valueAt(BASE + span - 1)).doubleValue())
              .isCloseTo(500_000, within(500_000 * 3 * 0.0163));
        }
      }
    }
  }

  @Test
  void theBoundOfEveryAcceptedDefinitionIsBelowTheItemLimit() {
    for (Aggregation aggregation : Aggregation.values()) {
      if (aggregation == Aggregation.VALUE) {
        continue; // lifetime only: valueIsKeptWholeAndHasNoWindow
      }
      int slices =
          FeatureDefinition.sketch(aggregation)
              ? FeatureDefinition.MAX_SKETCH_SLICES
              : FeatureDefinition.MAX_SLICES;
      for (int m : List.of(1, 60, 61, 120, 121, slices)) {
        FeatureDefinition definition =
            new FeatureDefinition(
                "f",
                aggregation,
                Optional.of(Duration.ofMinutes(m)),
                Duration.ofMinutes(1),
                aggregation == Aggregation.TOP_N ? 100 : 0);
        assertThat(FeatureState.maxEncodedBytes(definition))
            .as("%s over %d slices", aggregation, m)
            .isLessThan(300 * 1024);
      }
    }
  }

  @Test
  void longTextsAreCutToTheirFirst64Bytes() {
    FeatureDefinition last = definition(Aggregation.LAST, Optional.empty());
    FeatureState state = FeatureState.empty(last);
    state.add(BASE, "寿司".repeat(40));
    String kept = (String) state.valueAt(BASE);
    assertThat(kept.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(64);
    assertThat("寿司".repeat(40)).startsWith(kept);
  }

  @Test
  void longValuesThatShareTheirFirst64BytesAreStillDistinct() {
    FeatureState state =
        FeatureState.empty(
            definition(Aggregation.COUNT_DISTINCT, Optional.of(Duration.ofHours(1))));
    String prefix = "customer-".repeat(10);
    for (int i = 0; i < 20; i++) {
      state.add(BASE + i, prefix + i);
    }
    assertThat((Long) state.valueAt(BASE + 20)).isEqualTo(20L);
  }

  @Test
  void slicesAreASixtiethOfTheWindowWhereThatIsWhole() {
    assertThat(FeatureDefinition.defaultSlice(Duration.ofMinutes(1)))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(FeatureDefinition.defaultSlice(Duration.ofMinutes(10)))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(FeatureDefinition.defaultSlice(Duration.ofHours(1)))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(FeatureDefinition.defaultSlice(Duration.ofDays(1)))
        .isEqualTo(Duration.ofMinutes(24));
    assertThat(FeatureDefinition.defaultSlice(Duration.ofDays(30))).isEqualTo(Duration.ofHours(12));
    Duration odd = FeatureDefinition.defaultSlice(Duration.ofSeconds(100));
    assertThat(Duration.ofSeconds(100).toMillis() % odd.toMillis()).isZero();
    assertThat(odd.toMillis()).isLessThanOrEqualTo(100_000 / 60);
  }

  private static FeatureDefinition definition(Aggregation aggregation, Optional<Duration> window) {
    return new FeatureDefinition(
        aggregation.yamlName(),
        aggregation,
        window,
        window.map(FeatureDefinition::defaultSlice).orElse(FeatureDefinition.LIFETIME_SLICE),
        aggregation == Aggregation.TOP_N ? 3 : 0);
  }

  /** Five hours of events, one in five up to 10 s out of order, unique times. */
  private static List<Event> events(Random random) {
    List<Event> events = new ArrayList<>();
    HashSet<Long> times = new HashSet<>();
    for (int i = 0; i < 3_000; i++) {
      long time = BASE + 5L * 3_600_000 * i / 3_000;
      if (random.nextInt(5) == 0) {
        time -= random.nextInt(10_000);
      }
      while (!times.add(time)) {
        time++;
      }
      events.add(
          new Event(
              time,
              BigDecimal.valueOf(500 + random.nextInt(10_000), 2),
              VALUES.get(Math.min(random.nextInt(VALUES.size() * 2), VALUES.size() - 1))
                  + (random.nextInt(4) == 0 ? "-" + random.nextInt(8) : "")));
    }
    return events;
  }

  private static Object input(Aggregation aggregation, Event event) {
    return switch (aggregation) {
      case COUNT -> "";
      case SUM, AVG, MIN, MAX -> event.amount();
      default -> event.text();
    };
  }

  @Test
  void valueIsKeptWholeAndHasNoWindow() {
    FeatureDefinition definition = definition(Aggregation.VALUE, Optional.empty());
    String long4k = "é".repeat(3000); // 6,000 UTF-8 bytes
    FeatureState text = FeatureState.empty(definition);
    text.add(BASE, long4k);
    String kept = (String) FeatureState.decode(definition, text.encode()).valueAt(BASE);
    assertThat(kept).isEqualTo("é".repeat(2048));
    assertThat(text.encode().length).isLessThanOrEqualTo(FeatureState.maxEncodedBytes(definition));
    FeatureState number = FeatureState.empty(definition);
    number.add(BASE, new BigDecimal("12345678901234567890.125"));
    assertThat(FeatureState.decode(definition, number.encode()).valueAt(BASE + 1))
        .isEqualTo(new BigDecimal("12345678901234567890.125"));
    assertThat(
            FeatureState.decode(definition, FeatureState.empty(definition).encode()).valueAt(BASE))
        .isNull();
    assertThatThrownBy(
            () ->
                new FeatureDefinition(
                    "v",
                    Aggregation.VALUE,
                    Optional.of(Duration.ofHours(1)),
                    Duration.ofMinutes(1),
                    0))
        .hasMessageContaining("no window");
  }

  private static Object naive(FeatureDefinition definition, List<Event> events, long at) {
    List<Event> seen = new ArrayList<>();
    for (Event event : events) {
      if (definition.window().isEmpty()) {
        seen.add(event);
        continue;
      }
      long slice = definition.slice().toMillis();
      long current = Math.floorDiv(at, slice);
      long index = Math.floorDiv(event.time(), slice);
      if (index > current - definition.slices() && index <= current) {
        seen.add(event);
      }
    }
    List<BigDecimal> amounts = seen.stream().map(Event::amount).toList();
    return switch (definition.aggregation()) {
      case COUNT -> (long) seen.size();
      case SUM -> amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
      case AVG ->
          seen.isEmpty()
              ? null
              : amounts.stream()
                  .reduce(BigDecimal.ZERO, BigDecimal::add)
                  .divide(BigDecimal.valueOf(seen.size()), MathContext.DECIMAL64);
      case MIN -> amounts.stream().min(Comparator.naturalOrder()).orElse(null);
      case MAX -> amounts.stream().max(Comparator.naturalOrder()).orElse(null);
      case COUNT_DISTINCT -> (long) new HashSet<>(seen.stream().map(Event::text).toList()).size();
      case TOP_N -> {
        Map<String, Long> counts = new HashMap<>();
        seen.forEach(e -> counts.merge(e.text(), 1L, Long::sum));
        yield counts.entrySet().stream()
            .sorted(
                Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                    .reversed()
                    .thenComparing(Map.Entry::getKey))
            .limit(definition.n())
            .map(e -> new TopValue(e.getKey(), e.getValue()))
            .toList();
      }
      case LAST ->
          seen.stream().max(Comparator.comparingLong(Event::time)).map(Event::text).orElse(null);
      case VALUE -> seen.isEmpty() ? null : seen.get(seen.size() - 1).text();
    };
  }

  private static void assertValue(
      Aggregation aggregation, Object actual, Object expected, String what) {
    if (expected == null) {
      assertThat(actual).as(what).isNull();
    } else if (expected instanceof BigDecimal decimal) {
      assertThat((BigDecimal) actual).as(what).isEqualByComparingTo(decimal);
    } else if (aggregation == Aggregation.COUNT_DISTINCT) {
      long exact = (Long) expected;
      assertThat(((Long) actual).doubleValue())
          .as(what + " (HLL, 3 standard errors)")
          .isCloseTo(exact, within(Math.max(1.0, exact * 3 * 0.0163)));
    } else {
      assertThat(actual).as(what).isEqualTo(expected);
    }
  }
}
