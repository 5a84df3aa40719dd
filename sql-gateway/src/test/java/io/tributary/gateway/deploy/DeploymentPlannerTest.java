package io.tributary.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.pipeline.Pipelines;
import io.tributary.stream.pipeline.StreamingPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a deployment would do, from what runs and what the directory holds: new, changed (with the
 * diff of the files), unchanged (a diff of metadata only) and removed pipelines, in name order.
 */
class DeploymentPlannerTest {
  private static final String SQL =
      "INSERT INTO lake.silver.%s\nSELECT order_id, amount, ds FROM src.orders\n";

  @TempDir Path running;
  @TempDir Path deploying;
  @TempDir Path deployed;

  private DeployedFiles files;
  private DeploymentPlanner planner;

  @BeforeEach
  void planner() {
    files = new DeployedFiles(deployed);
    planner =
        new DeploymentPlanner(spec -> StreamingPipeline.fingerprint(spec, List.of()), files::diff);
  }

  @Test
  void everyPipelineGetsOneActionInNameOrder() throws IOException {
    PipelineSpec kept = write(running, "kept", "ops", String.format(SQL, "kept"));
    PipelineSpec gone = write(running, "gone", "ops", String.format(SQL, "gone"));
    PipelineSpec changed = write(running, "changed", "ops", String.format(SQL, "changed"));
    List.of(kept, gone, changed).forEach(files::keep);
    write(deploying, "kept", "ops", String.format(SQL, "kept"));
    write(deploying, "changed", "ops", String.format(SQL, "changed") + "WHERE amount >= 20\n");
    write(deploying, "added", "ops", String.format(SQL, "added"));

    DeployPlan plan = plan(Map.of("kept", kept, "gone", gone, "changed", changed));

    assertThat(plan.changes())
        .extracting(c -> c.pipeline() + " " + c.action() + " " + c.target())
        .containsExactly(
            "added NEW lake.silver.added",
            "changed CHANGED lake.silver.changed",
            "gone REMOVED lake.silver.gone",
            "kept UNCHANGED lake.silver.kept");
    assertThat(plan.changes().get(1).diff())
        .containsSubsequence(
            "--- running/changed/transform.sql",
            "+++ deploying/changed/transform.sql",
            "+WHERE amount >= 20");
    assertThat(plan.changes().get(3).diff()).isEmpty();
    assertThat(plan.changesAnything()).isTrue();
    assertThat(DeploymentPlanner.toStart(plan, Pipelines.load(List.of(deploying)).all()))
        .extracting(PipelineSpec::name)
        .containsExactly("added", "changed");
  }

  @Test
  void aChangeOfMetadataOnlyLeavesThePipelineUnchangedWithItsDiff() throws IOException {
    PipelineSpec before = write(running, "counts", "ops", String.format(SQL, "counts"));
    files.keep(before);
    write(deploying, "counts", "growth", String.format(SQL, "counts"));

    DeployPlan plan = plan(Map.of("counts", before));

    assertThat(plan.changes()).hasSize(1);
    DeployPlan.Change change = plan.changes().get(0);
    assertThat(change.action()).isEqualTo(DeployPlan.Action.UNCHANGED);
    assertThat(change.diff()).contains("-owner: ops", "+owner: growth");
    assertThat(plan.changesAnything()).isFalse();
  }

  @Test
  void theSameDirectoryAgainChangesNothing() throws IOException {
    PipelineSpec counts = write(running, "counts", "ops", String.format(SQL, "counts"));
    files.keep(counts);

    DeployPlan plan = planner.plan(Map.of("counts", counts), List.of(counts));

    assertThat(plan.changes())
        .extracting(c -> c.action() + " " + c.diff())
        .containsExactly("UNCHANGED []");
    assertThat(plan.changesAnything()).isFalse();
  }

  private DeployPlan plan(Map<String, PipelineSpec> runningNow) {
    return planner.plan(runningNow, Pipelines.load(List.of(deploying)).all());
  }

  private static PipelineSpec write(Path root, String name, String owner, String sql)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.writeString(
        dir.resolve("pipeline.yaml"),
        "name: "
            + name
            + "\nowner: "
            + owner
            + "\ntarget: lake.silver."
            + name
            + "\npartition: ds\n");
    Files.writeString(dir.resolve("transform.sql"), sql);
    return Pipelines.load(List.of(root)).get(name);
  }
}
