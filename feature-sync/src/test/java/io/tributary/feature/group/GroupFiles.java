package io.tributary.feature.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.source.Sources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Feature group files as the declaration tests write them, and the refusals they expect. */
final class GroupFiles {
  /** A valid group of one feature (5 lines); a test appends a feature at line 6. */
  static final String HEAD =
      """
      name: restaurant_activity
      entity: restaurant_id
      source: orders
      features:
        - {name: orders_10m, agg: count, window: 10m}
      """;

  private GroupFiles() {}

  /** {@code yaml} as the only group of a new directory under {@code dir}. */
  static Path directory(Path dir, String yaml) throws IOException {
    Path sub = Files.createDirectories(dir.resolve("d" + System.nanoTime()));
    Files.writeString(sub.resolve("restaurant_activity.yaml"), yaml);
    return sub;
  }

  /** The refusal of loading {@code yaml} against {@code sources}, which names its file. */
  static DeclarationException refused(Path dir, Sources sources, String yaml) throws IOException {
    Path sub = directory(dir, yaml);
    DeclarationException e =
        catchThrowableOfType(
            DeclarationException.class, () -> FeatureGroups.load(List.of(sub), sources));
    assertThat(e).as("refused:\n" + yaml).isNotNull();
    assertThat(e.file()).isEqualTo(sub.resolve("restaurant_activity.yaml"));
    return e;
  }
}
