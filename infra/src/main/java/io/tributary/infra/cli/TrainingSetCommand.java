package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.infra.local.RuntimeInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary features training-set}: a point-in-time training set into the lake. */
@Command(
    name = "training-set",
    mixinStandardHelpOptions = true,
    description =
        "Write a point-in-time training set: for each row (entity, time) of a spine table, every"
            + " feature of the group as a read of the store at that time gives it, computed from"
            + " the log by the group's own query and aggregation (late events left out as the"
            + " stream leaves them out), with the log position each row reflects. Replaces the"
            + " output table if it is a training set.")
final class TrainingSetCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Option(names = "--group", required = true, description = "The feature group.")
  String group;

  @Option(
      names = "--spine",
      required = true,
      description = "The spine table, such as lake.gold.labels.")
  String spine;

  @Option(
      names = "--entity-column",
      required = true,
      description = "The spine's column of the entity key.")
  String entityColumn;

  @Option(
      names = "--time-column",
      required = true,
      description = "The spine's column of the time (a timestamp).")
  String timeColumn;

  @Option(
      names = "--out",
      required = true,
      description = "The table to write, such as lake.gold.restaurant_training.")
  String out;

  @Override
  public Integer call() {
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    ObjectNode body =
        new ObjectMapper()
            .createObjectNode()
            .put("spine", spine)
            .put("entityColumn", entityColumn)
            .put("timeColumn", timeColumn)
            .put("out", out);
    PrintWriter out = command.commandLine().getOut();
    out.println(
        "computing "
            + group
            + " at each row of "
            + spine
            + " from the log on the platform's cluster...");
    out.flush();
    JsonNode report =
        ApiClient.of(runtime.api()).post("/api/v1/features/" + group + "/training-set", body);
    out.printf(
        Locale.ROOT,
        "wrote %,d rows to %s (snapshot %d, generation %s of %s) in %.1f s%n",
        report.path("rows").asLong(),
        report.path("out").asText(),
        report.path("snapshot").asLong(),
        report.path("generation").asText(),
        report.path("group").asText(),
        Duration.between(
                    Instant.parse(report.path("startedAt").asText()),
                    Instant.parse(report.path("finishedAt").asText()))
                .toMillis()
            / 1000.0);
    out.flush();
    return 0;
  }
}
