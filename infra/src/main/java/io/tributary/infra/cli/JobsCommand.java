package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.infra.local.RuntimeInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary jobs}: every job with what an operator needs to see. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description =
        "List every landing and pipeline job: state, uptime, last checkpoint and its age,"
            + " restarts, Kafka lag per source partition (records and seconds) and, for a failing"
            + " job, its root cause in one line.")
final class JobsCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Option(names = "--format", defaultValue = "table", description = "table or json.")
  String format;

  @Override
  public Integer call() {
    if (!format.equals("table") && !format.equals("json")) {
      throw new CliException("'" + format + "' is not a format; use table or json");
    }
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    JsonNode jobs = ApiClient.of(runtime.api()).get("/api/v1/jobs");
    PrintWriter out = command.commandLine().getOut();
    if (format.equals("json")) {
      out.println(jobs.toPrettyString());
      out.flush();
      return 0;
    }
    out.printf(
        Locale.ROOT,
        "%-28s %-11s %-9s %-9s %-11s %-8s %s%n",
        "JOB",
        "KIND",
        "STATE",
        "UPTIME",
        "CHECKPOINT",
        "RESTARTS",
        "LAG");
    for (JsonNode job : jobs) {
      out.printf(
          Locale.ROOT,
          "%-28s %-11s %-9s %-9s %-11s %-8s %s%n",
          job.path("name").asText(),
          job.path("kind").asText(),
          job.path("state").asText(),
          job.has("uptimeSeconds")
              ? StatusCommand.human(
                  java.time.Duration.ofSeconds(job.path("uptimeSeconds").asLong()))
              : "-",
          job.has("checkpointAgeSeconds")
              ? StatusCommand.human(
                      java.time.Duration.ofSeconds(job.path("checkpointAgeSeconds").asLong()))
                  + " ago"
              : "none",
          job.path("restarts").asText(),
          lag(job.path("lag")));
      if (job.has("rootCause")) {
        out.println("    failure: " + job.path("rootCause").asText());
      }
    }
    out.flush();
    return 0;
  }

  private static String lag(JsonNode partitions) {
    if (partitions.isEmpty()) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode partition : partitions) {
      parts.add(
          partition.path("partition").asInt()
              + ": "
              + partition.path("records").asLong()
              + (partition.has("seconds")
                  ? " (" + partition.path("seconds").asLong() + " s)"
                  : ""));
    }
    return String.join(", ", parts);
  }
}
