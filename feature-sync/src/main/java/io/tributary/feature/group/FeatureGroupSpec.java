package io.tributary.feature.group;

import io.tributary.feature.aggregate.FeatureDefinition;
import io.tributary.stream.source.SourceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One feature group as declared in its YAML file.
 *
 * @param name the group's name: {@code [a-z][a-z0-9_]*}
 * @param owner for the data map
 * @param description for the data map
 * @param entity the key columns of the source that identify an entity, in order
 * @param source the source whose valid events it aggregates
 * @param filter a Flink SQL predicate over the source's columns
 * @param features in declared order
 * @param lateness how far behind the watermark an event may be and still count; empty takes the
 *     source's max_out_of_orderness
 * @param maxAge past which a read reports a value STALE
 * @param file the declaration
 */
public record FeatureGroupSpec(
    String name,
    Optional<String> owner,
    Optional<String> description,
    List<String> entity,
    String source,
    Optional<String> filter,
    List<FeatureSpec> features,
    Optional<Duration> lateness,
    Optional<Duration> maxAge,
    Path file) {

  public FeatureGroupSpec {
    entity = List.copyOf(entity);
    features = List.copyOf(features);
  }

  /** The features as the aggregation and the reader see them, in declared order. */
  public List<FeatureDefinition> definitions() {
    return features.stream().map(FeatureSpec::definition).toList();
  }

  /** The declared lateness, else the source's {@code max_out_of_orderness}. */
  public Duration lateness(SourceSpec declared) {
    return lateness.orElse(declared.maxOutOfOrderness());
  }

  /**
   * The generation: the first 8 hex digits of the SHA-256 of what the values depend on (entity,
   * source, filter, lateness, each feature's aggregation, column, n, window and slice), not of what
   * the data map says (owner, description) or of how reads judge them (max_age). The same
   * declaration always has the same generation; one whose values differ has another.
   */
  public String generation() {
    StringBuilder identity =
        new StringBuilder()
            .append(entity)
            .append('\n')
            .append(source)
            .append('\n')
            .append(filter.orElse(""))
            .append('\n')
            .append(lateness.map(Duration::toMillis).map(Object::toString).orElse("source"));
    for (FeatureSpec feature : features) {
      identity
          .append('\n')
          .append(
              List.of(
                  feature.name(),
                  feature.aggregation().yamlName(),
                  feature.column().orElse(""),
                  feature.n(),
                  feature.window().map(Duration::toMillis).orElse(-1L),
                  feature.slice().toMillis()));
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(identity.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
