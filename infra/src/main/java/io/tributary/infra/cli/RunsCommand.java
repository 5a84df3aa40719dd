package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.infra.local.RuntimeInfo;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tributary runs}: the replay run history. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description =
        "List replay runs (scheduled daily replays, manual replays, backfills): day, attempt,"
            + " status, rows, and for a failed one why and when it is tried again; then the table"
            + " group syncs (at start, after a replay, daily, by hand): snapshots, rows, writes.")
final class RunsCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Override
  public Integer call() {
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    ApiClient api = ApiClient.of(runtime.api());
    JsonNode runs = api.get("/api/v1/runs");
    JsonNode syncs = api.get("/api/v1/syncs");
    PrintWriter out = command.commandLine().getOut();
    if (runs.isEmpty()) {
      out.println("no replay runs yet");
    }
    for (JsonNode run : runs) {
      out.printf(
          Locale.ROOT,
          "#%d  %-16s %s  %-8s try %d  %-9s %s%n",
          run.path("id").asLong(),
          run.path("pipeline").asText(),
          run.path("day").asText(),
          run.path("trigger").asText(),
          run.path("attempt").asInt(),
          run.path("status").asText(),
          run.path("status").asText().equals("SUCCEEDED")
              ? run.path("rowsWritten").asLong() + " rows"
              : run.path("error").asText()
                  + (run.path("nextAttempt").isTextual()
                      ? " (next try " + run.path("nextAttempt").asText() + ")"
                      : ""));
    }
    for (JsonNode sync : syncs) {
      out.println(FeatureSyncCommand.line(sync));
    }
    out.flush();
    return 0;
  }
}
