package io.tributary.stream.sql.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SqlIntervalsTest {
  @Test
  void writesDaysHoursMinutesSecondsAndMillis() {
    assertThat(SqlIntervals.of(Duration.ofHours(1)))
        .isEqualTo("INTERVAL '0 01:00:00.000' DAY TO SECOND(3)");
    assertThat(SqlIntervals.of(Duration.ofDays(3).plusMinutes(2).plusMillis(5)))
        .isEqualTo("INTERVAL '3 00:02:00.005' DAY TO SECOND(3)");
    assertThat(SqlIntervals.of(Duration.ZERO))
        .isEqualTo("INTERVAL '0 00:00:00.000' DAY TO SECOND(3)");
  }
}
