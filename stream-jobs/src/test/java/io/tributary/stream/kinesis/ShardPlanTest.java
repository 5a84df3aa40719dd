package io.tributary.stream.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.stream.kinesis.ShardPlan.Shard;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShardPlanTest {
  private static final ShardPosition READING = new ShardPosition(Optional.of("49"), false);
  private static final ShardPosition DONE = new ShardPosition(Optional.of("99"), true);

  // shard 0 split into 2 and 3; 1 and 3 merged into 4
  private static final List<Shard> STREAM =
      List.of(
          new Shard("0", List.of()),
          new Shard("1", List.of()),
          new Shard("2", List.of("0")),
          new Shard("3", List.of("0")),
          new Shard("4", List.of("1", "3")));

  private static List<String> readable(Map<String, ShardPosition> positions) {
    return ShardPlan.readable(STREAM, positions).stream().map(Shard::id).toList();
  }

  @Test
  void childrenWaitUntilEveryParentIsFinished() {
    assertThat(readable(Map.of())).containsExactly("0", "1");
    assertThat(readable(Map.of("0", READING, "1", DONE))).containsExactly("0");
    assertThat(readable(Map.of("0", DONE, "1", READING))).containsExactly("1", "2", "3");
    // a merged shard needs both of its parents finished
    assertThat(readable(Map.of("0", DONE, "1", DONE, "3", READING))).containsExactly("2", "3");
    assertThat(readable(Map.of("0", DONE, "1", DONE, "2", DONE, "3", DONE))).containsExactly("4");
  }

  @Test
  void aParentNoLongerListedDoesNotHoldItsChildrenBack() {
    // shard 0 has passed the stream's retention: 2 and 3 start at once
    List<Shard> trimmed = STREAM.subList(1, STREAM.size());
    assertThat(ShardPlan.readable(trimmed, Map.of()).stream().map(Shard::id))
        .containsExactly("1", "2", "3");
  }

  @Test
  void aShardIsAChildWhenItsParentIsListedOrWasRead() {
    assertThat(ShardPlan.isChild(STREAM.get(2), STREAM, Map.of())).isTrue();
    assertThat(ShardPlan.isChild(STREAM.get(0), STREAM, Map.of())).isFalse();
    List<Shard> trimmed = STREAM.subList(2, STREAM.size());
    assertThat(ShardPlan.isChild(trimmed.get(0), trimmed, Map.of())).isFalse();
    assertThat(ShardPlan.isChild(trimmed.get(0), trimmed, Map.of("0", DONE))).isTrue();
  }
}
