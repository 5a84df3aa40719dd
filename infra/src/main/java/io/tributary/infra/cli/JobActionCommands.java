package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.infra.local.RuntimeInfo;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary stop|restart|savepoint JOB}: one operation on one job, through the API. */
final class JobActionCommands {
  private JobActionCommands() {}

  /** What the three commands share: the job, the data dir, the call. */
  abstract static class JobAction implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin CliOptions.DataDir dataDir;

    @Parameters(
        index = "0",
        paramLabel = "JOB",
        description = "landing-<source> or pipeline-<name>")
    String job;

    abstract String action();

    @Override
    public Integer call() {
      RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
      JsonNode result =
          ApiClient.of(runtime.api())
              .post(
                  "/api/v1/jobs/" + URLEncoder.encode(job, StandardCharsets.UTF_8) + "/" + action(),
                  new ObjectMapper().createObjectNode());
      PrintWriter out = command.commandLine().getOut();
      StringBuilder line = new StringBuilder(job).append(": ");
      switch (action()) {
        case "stop" ->
            line.append("stopped")
                .append(
                    result.has("savepoint")
                        ? " with savepoint " + result.path("savepoint").asText()
                        : "");
        case "restart" ->
            line.append("running again as job ")
                .append(result.path("id").asText())
                .append(
                    result.has("restoredFrom")
                        ? ", from " + result.path("restoredFrom").asText()
                        : "");
        default -> line.append("savepoint ").append(result.path("savepoint").asText());
      }
      out.println(line);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop a job with a savepoint; `restart` starts it again from there.")
  static final class Stop extends JobAction {
    @Override
    String action() {
      return "stop";
    }
  }

  @Command(
      name = "restart",
      mixinStandardHelpOptions = true,
      description = "Stop a job with a savepoint and start it again from it.")
  static final class Restart extends JobAction {
    @Override
    String action() {
      return "restart";
    }
  }

  @Command(
      name = "savepoint",
      mixinStandardHelpOptions = true,
      description = "Take a savepoint of a running job.")
  static final class Savepoint extends JobAction {
    @Override
    String action() {
      return "savepoint";
    }
  }
}
