package io.tributary.stream.replay;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a bounded read of a topic starts and ends, per partition: from {@code start} (inclusive) to
 * {@code end} (exclusive).
 */
record OffsetRange(Map<Integer, Long> start, Map<Integer, Long> end) {
  public OffsetRange {
    start = Map.copyOf(start);
    end = Map.copyOf(end);
    if (!start.keySet().equals(end.keySet())) {
      throw new IllegalArgumentException(
          "Cannot bound a read: start covers partitions "
              + start.keySet()
              + " but end covers "
              + end.keySet());
    }
    for (Map.Entry<Integer, Long> partition : start.entrySet()) {
      if (partition.getValue() > end.get(partition.getKey())) {
        throw new IllegalArgumentException(
            "Cannot bound a read of partition "
                + partition.getKey()
                + ": it starts at "
                + partition.getValue()
                + ", after its end "
                + end.get(partition.getKey()));
      }
    }
  }

  /** Records in the range, over all partitions. */
  public long records() {
    return start.entrySet().stream().mapToLong(e -> end.get(e.getKey()) - e.getValue()).sum();
  }

  @Override
  public String toString() {
    return new TreeMap<>(start)
        .entrySet().stream()
            .map(e -> "p" + e.getKey() + " " + e.getValue() + ".." + end.get(e.getKey()))
            .collect(Collectors.joining(", "));
  }
}
