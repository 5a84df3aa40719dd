package io.tributary.stream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.catalog.error.InvalidValueException;
import io.tributary.stream.job.JobOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A setting is declared once: its option, its default as written, and the rule of its values. */
class SettingTest {
  @Test
  void theDeclarationSaysTheOptionAndTheDefaultAsAUserWritesThem() {
    assertThat(JobOptions.CHECKPOINT_INTERVAL.option()).isEqualTo("--checkpoint-interval");
    assertThat(JobOptions.CHECKPOINT_INTERVAL.defaultText()).contains("10s");
    assertThat(JobOptions.CHECKPOINT_INTERVAL.label()).isEqualTo("DURATION");
    assertThat(JobOptions.PARALLELISM.defaultValue()).contains(1);
  }

  @Test
  void aValueThatBreaksTheRuleIsRefusedInTheRulesOwnWords() {
    Setting<Integer> port =
        Setting.port("kafka-port", "kafka").defaultValue(9092).description("d").build();

    assertThat(port.check(0)).isZero();
    assertThatThrownBy(() -> port.check(70_000))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("The kafka port 70000 is not in 0..65535");
    assertThatThrownBy(() -> JobOptions.CHECKPOINT_INTERVAL.check(Duration.ofMillis(50)))
        .hasMessage("Checkpoint interval PT0.05S is too short; use at least 100 ms");
    assertThatThrownBy(() -> JobOptions.STATE_BACKEND.check("memory"))
        .hasMessage("State backend 'memory' is not one of hashmap, rocksdb");
  }

  @Test
  void aDeclarationWithoutADescriptionOrWithABrokenDefaultIsAMistake() {
    assertThatThrownBy(() -> Setting.of("x", Integer.class).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Setting x has no description");
    assertThatThrownBy(() -> Setting.port("p", "api").defaultValue(-1).description("d").build())
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("The api port -1 is not in 0..65535");
  }
}
