package io.tributary.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.catalog.error.InvalidValueException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a job resumes, what a restart prunes and what a reset moves aside, on the local file system
 * through Flink's file systems (the same code reads {@code s3://}).
 */
class StateStoreTest {
  @TempDir Path root;
  private StateStore state;

  @BeforeEach
  void store() {
    state = new StateStore(StateLocation.of(root));
  }

  @Test
  void aJobResumesFromItsNewestCompleteSavepointOrCheckpoint() throws IOException {
    assertThat(state.latest("landing-orders")).isEmpty();
    Path checkpoint = complete(root.resolve("checkpoints/landing-orders/0a1b/chk-7"), 1_000);
    Path savepoint = complete(root.resolve("savepoints/landing-orders/savepoint-0a1b-1"), 2_000);
    Files.createDirectories(root.resolve("checkpoints/landing-orders/0a1b/chk-8")); // incomplete

    assertThat(state.latest("landing-orders"))
        .map(StateLocation::toString)
        .contains(savepoint.toString());

    Path newer = complete(root.resolve("checkpoints/landing-orders/0c2d/chk-1"), 3_000);
    assertThat(state.latest("landing-orders"))
        .map(StateLocation::toString)
        .contains(newer.toString());
    assertThat(state.latest("landing-clicks")).isEmpty();
    assertThat(checkpoint).exists();
  }

  @Test
  void pruningKeepsTheRunThatHoldsTheStateToResumeFromAndEverySavepoint() throws IOException {
    complete(root.resolve("checkpoints/pipeline-x/old/chk-3"), 1_000);
    Path kept = complete(root.resolve("checkpoints/pipeline-x/new/chk-9"), 2_000);
    Path savepoint = complete(root.resolve("savepoints/pipeline-x/savepoint-1"), 500);

    state.pruneCheckpoints("pipeline-x", StateLocation.of(kept));

    assertThat(root.resolve("checkpoints/pipeline-x/old")).doesNotExist();
    assertThat(kept).exists();
    assertThat(savepoint).exists();
  }

  @Test
  void aResetMovesTheStateAsideAndForgetsItsVersion() throws IOException {
    complete(root.resolve("checkpoints/pipeline-x/run/chk-1"), 1_000);
    complete(root.resolve("savepoints/pipeline-x/savepoint-1"), 2_000);
    state.keepFingerprint("pipeline-x", Optional.of("abc123"));
    assertThat(state.savedFingerprint("pipeline-x")).contains("abc123");

    StateLocation aside = state.reset("pipeline-x");

    assertThat(state.latest("pipeline-x")).isEmpty();
    assertThat(state.savedFingerprint("pipeline-x")).isEmpty();
    Path moved = aside.localPath().orElseThrow();
    assertThat(moved).startsWith(root.resolve("state-reset"));
    assertThat(moved.resolve("checkpoints/run/chk-1/_metadata")).exists();
    assertThat(moved.resolve("savepoints/savepoint-1/_metadata")).exists();
  }

  @Test
  void locationsReadAsPathsLocallyAndAsUrisElsewhere() {
    assertThat(StateLocation.of("file:/tmp/t/savepoints/x/savepoint-1").toString())
        .isEqualTo("/tmp/t/savepoints/x/savepoint-1");
    assertThat(StateLocation.of("file:///tmp/t/").resolve("checkpoints").toString())
        .isEqualTo("/tmp/t/checkpoints");
    assertThat(StateLocation.of("s3://bucket/state/").resolve("savepoints").toString())
        .isEqualTo("s3://bucket/state/savepoints");
    assertThat(StateLocation.of("file:/tmp/a")).isEqualTo(StateLocation.of("file:///tmp/a/"));
    assertThatThrownBy(() -> new StateLocation(URI.create("relative/dir")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "State location 'relative/dir' needs a scheme, such as file:///var/tributary or"
                + " s3://b/p");
  }

  /** A checkpoint or savepoint whose {@code _metadata} was written at {@code millis}. */
  private static Path complete(Path dir, long millis) throws IOException {
    Path metadata = Files.createDirectories(dir).resolve("_metadata");
    Files.writeString(metadata, "state");
    Files.setLastModifiedTime(metadata, FileTime.fromMillis(millis));
    return dir;
  }
}
