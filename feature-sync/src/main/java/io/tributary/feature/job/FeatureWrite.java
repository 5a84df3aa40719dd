package io.tributary.feature.job;

import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.feature.dynamodb.FeatureItem;
import io.tributary.feature.dynamodb.GroupStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One write the feature job sends to the online store: a feature's item, or a task's stats. A Flink
 * POJO (public fields, no-argument constructor, no generic field), so it crosses the network
 * without Kryo, and the request entry of the sink, which keeps unsent ones in its state.
 */
public final class FeatureWrite implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final int ITEM = 0;
  public static final int STATS = 1;

  public int kind;
  public String group;
  public String generation;
  public String entity;
  public int part;

  /** The features' definitions, as {@link FeatureDefinition#writeTo} writes them. */
  public byte[] definitions = new byte[0];

  /** The features' states, one after the other. */
  public byte[] states = new byte[0];

  public int[] stateLengths = new int[0];
  public long version;
  public long newestEventTime;
  public int[] partitions = new int[0];
  public long[] offsets = new long[0];
  public long writtenAt;
  public long expiresAt = -1;
  public int task;
  public long events;
  public long late;
  public long entities;
  public long writes;

  public FeatureWrite() {}

  static FeatureWrite item(
      String group,
      String generation,
      String entity,
      int part,
      List<FeatureDefinition> definitions,
      List<byte[]> states,
      long version,
      long newestEventTime,
      Map<Integer, Long> position,
      long writtenAt,
      Optional<Long> expiresAtSeconds) {
    FeatureWrite write = new FeatureWrite();
    write.kind = ITEM;
    write.group = group;
    write.generation = generation;
    write.entity = entity;
    write.part = part;
    int count = definitions.size();
    write.stateLengths = new int[count];
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(written)) {
      for (int i = 0; i < count; i++) {
        definitions.get(i).writeTo(out);
        write.stateLengths[i] = states.get(i).length;
        bytes.writeBytes(states.get(i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail to grow
    }
    write.definitions = written.toByteArray();
    write.states = bytes.toByteArray();
    write.version = version;
    write.newestEventTime = newestEventTime;
    write.setPosition(position);
    write.writtenAt = writtenAt;
    write.expiresAt = expiresAtSeconds.orElse(-1L);
    return write;
  }

  static FeatureWrite stats(String group, String generation, int task, GroupStats stats) {
    FeatureWrite write = new FeatureWrite();
    write.kind = STATS;
    write.group = group;
    write.generation = generation;
    write.task = task;
    write.events = stats.events();
    write.late = stats.late();
    write.entities = stats.entities();
    write.writes = stats.writes();
    write.newestEventTime = stats.newestEventTime();
    write.writtenAt = stats.writtenAt();
    write.setPosition(stats.position());
    return write;
  }

  private void setPosition(Map<Integer, Long> position) {
    partitions = new int[position.size()];
    offsets = new long[position.size()];
    int i = 0;
    for (Map.Entry<Integer, Long> entry : new TreeMap<>(position).entrySet()) {
      partitions[i] = entry.getKey();
      offsets[i] = entry.getValue();
      i++;
    }
  }

  Map<Integer, Long> position() {
    Map<Integer, Long> position = new TreeMap<>();
    for (int i = 0; i < partitions.length; i++) {
      position.put(partitions[i], offsets[i]);
    }
    return position;
  }

  FeatureItem toItem() {
    List<FeatureDefinition> read = new ArrayList<>();
    List<byte[]> parts = new ArrayList<>();
    int offset = 0;
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(definitions))) {
      for (int length : stateLengths) {
        read.add(FeatureDefinition.readFrom(in));
        parts.add(Arrays.copyOfRange(states, offset, offset + length));
        offset += length;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("A feature write's definitions are damaged", e);
    }
    return new FeatureItem(
        group,
        generation,
        entity,
        part,
        read,
        parts,
        version,
        newestEventTime,
        position(),
        writtenAt,
        expiresAt < 0 ? Optional.empty() : Optional.of(expiresAt));
  }

  GroupStats toStats() {
    return new GroupStats(events, late, entities, newestEventTime, writtenAt, position(), writes);
  }

  /**
   * What this write replaces in the store: the entity's item, or the task's stats. A newer write
   * with the same key supersedes an unsent older one.
   */
  String key() {
    return kind == STATS
        ? group + '#' + generation + "#stats#" + task
        : group + '#' + generation + '#' + entity + '#' + part;
  }

  /** The bytes DynamoDB counts, near enough: the state plus the keys and numbers. */
  long sizeInBytes() {
    return states.length
        + definitions.length
        + 2L * (group.length() + generation.length() + (entity == null ? 0 : entity.length()))
        + 160
        + 16L * partitions.length;
  }
}
