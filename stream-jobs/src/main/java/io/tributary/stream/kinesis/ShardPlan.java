package io.tributary.stream.kinesis;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which shards of a stream the bridge reads now. A reshard closes a shard and opens children that
 * take over its hash keys; a key's records are in order across it only if the parent is read to its
 * end before its children are read at all. So a shard is read once every parent is finished, or is
 * no longer listed by the stream (its records past retention), and until it is finished.
 */
final class ShardPlan {
  /**
   * One shard as the stream lists it.
   *
   * @param id the shard id
   * @param parents its parent shard and, after a merge, the adjacent parent
   */
  record Shard(String id, List<String> parents) {
    Shard {
      requireNonNull(id, "id is null");
      parents = List.copyOf(requireNonNull(parents, "parents is null"));
    }
  }

  private ShardPlan() {}

  /** The shards to read now, in the stream's order. */
  static List<Shard> readable(List<Shard> shards, Map<String, ShardPosition> positions) {
    Set<String> listed = shards.stream().map(Shard::id).collect(Collectors.toSet());
    List<Shard> readable = new ArrayList<>();
    for (Shard shard : shards) {
      if (positions.getOrDefault(shard.id(), ShardPosition.NONE).finished()) {
        continue;
      }
      boolean parentsDone = true;
      for (String parent : shard.parents()) {
        if (listed.contains(parent)
            && !positions.getOrDefault(parent, ShardPosition.NONE).finished()) {
          parentsDone = false;
        }
      }
      if (parentsDone) {
        readable.add(shard);
      }
    }
    return readable;
  }

  /**
   * Whether the bridge follows {@code shard} from its parents, so reads it from its first record
   * whatever the declared start: a child of a shard the bridge has read or still lists.
   */
  static boolean isChild(Shard shard, List<Shard> shards, Map<String, ShardPosition> positions) {
    Set<String> listed = shards.stream().map(Shard::id).collect(Collectors.toSet());
    return shard.parents().stream().anyMatch(p -> listed.contains(p) || positions.containsKey(p));
  }
}
