package io.tributary.feature.dynamodb;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a reader may know of a feature group without its YAML: the registry item the platform keeps
 * for each group in the online store, beside its pointer, so that a server (the serving Lambda)
 * lists groups and their features from the store alone.
 *
 * @param group the group's name
 * @param kind where its values come from: {@code stream} (a feature job over a source) or {@code
 *     table} (synced from a lake table)
 * @param owner who answers for it
 * @param description what it is
 * @param entity the entity's key columns
 * @param features its features, in declared order
 * @param generation the generation reads use
 * @param source the source (stream) or table its values come from
 * @param snapshot for a table group, the Iceberg snapshot its values are synced from
 * @param syncedAt for a table group, when that sync finished
 */
public record GroupInfo(
    String group,
    String kind,
    Optional<String> owner,
    Optional<String> description,
    List<String> entity,
    List<FeatureInfo> features,
    String generation,
    String source,
    Optional<Long> snapshot,
    Optional<Instant> syncedAt) {
  public static final String STREAM = "stream";
  public static final String TABLE = "table";

  public GroupInfo {
    entity = List.copyOf(entity);
    features = List.copyOf(features);
  }

  /** A stream group's entry: no snapshot. */
  public GroupInfo(
      String group,
      String kind,
      Optional<String> owner,
      Optional<String> description,
      List<String> entity,
      List<FeatureInfo> features,
      String generation,
      String source) {
    this(
        group,
        kind,
        owner,
        description,
        entity,
        features,
        generation,
        source,
        Optional.empty(),
        Optional.empty());
  }

  /** This entry, synced from {@code snapshot} at {@code at}. */
  public GroupInfo synced(long snapshot, Instant at) {
    return new GroupInfo(
        group,
        kind,
        owner,
        description,
        entity,
        features,
        generation,
        source,
        Optional.of(snapshot),
        Optional.of(at));
  }

  /** The feature called {@code name}, if the group has one. */
  public Optional<FeatureInfo> feature(String name) {
    return features.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
