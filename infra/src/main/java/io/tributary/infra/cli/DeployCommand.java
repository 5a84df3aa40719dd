package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.infra.local.PlatformOptions;
import io.tributary.infra.local.RuntimeInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary deploy}: the pipelines of a directory onto the running platform. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description =
        "Deploy the pipelines of DIR (a git checkout, typically) onto the running platform: show"
            + " the plan (new, changed with a diff, removed, unchanged), then apply it. Everything"
            + " is validated first; a changed pipeline restarts from a savepoint and keeps its"
            + " state when Flink can map it, else the deployment is refused.")
final class DeployCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      defaultValue = PlatformOptions.DEFAULT_PIPELINES_DIR,
      description = "The pipelines directory (default: ${DEFAULT-VALUE}).")
  Path directory;

  @Option(names = "--plan", description = "Only show what would change.")
  boolean planOnly;

  @Option(
      names = "--allow-state-reset",
      description =
          "Start a changed pipeline with fresh state when its old state does not fit the new"
              + " version (it then reads its sources from the beginning; the old state is kept"
              + " aside).")
  boolean allowStateReset;

  @Option(
      names = "--features",
      paramLabel = "DIR",
      description =
          "Also deploy the feature groups of DIR: new ones start, removed ones stop, a changed one"
              + " is rebuilt from the log beside the old one, and reads switch once it has caught"
              + " up. Without a pipelines directory, only the feature groups are deployed.")
  Path features;

  @Override
  public Integer call() throws Exception {
    boolean pipelines = Files.isDirectory(directory);
    if (features != null && !Files.isDirectory(features)) {
      throw new CliException("Features directory " + features + " does not exist");
    }
    if (!pipelines
        && (features == null
            || !directory.equals(Path.of(PlatformOptions.DEFAULT_PIPELINES_DIR)))) {
      throw new CliException("Pipelines directory " + directory + " does not exist");
    }
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    ApiClient api = ApiClient.of(runtime.api());
    PrintWriter out = command.commandLine().getOut();
    if (pipelines) {
      deployPipelines(api, out);
    }
    if (features != null) {
      FeatureDeploy.run(api, features.toAbsolutePath().normalize(), planOnly, out);
    }
    out.flush();
    return 0;
  }

  private void deployPipelines(ApiClient api, PrintWriter out) {
    Path absolute = directory.toAbsolutePath().normalize();
    ObjectNode request = JSON.createObjectNode().put("directory", absolute.toString());
    JsonNode plan = api.post("/api/v1/deployments/plan", request);
    printPlan(absolute, plan, out);
    if (planOnly) {
      return;
    }
    Optional<String> commit = commit(absolute);
    request.put("user", System.getProperty("user.name", "unknown"));
    commit.ifPresent(c -> request.put("commit", c));
    request.put("allowStateReset", allowStateReset);
    JsonNode deployment = api.postAllowingConflict("/api/v1/deployments", request);
    out.printf(
        Locale.ROOT,
        "deployment %d by %s%s: %s%n",
        deployment.path("id").asLong(),
        deployment.path("user").asText(),
        commit.map(c -> " at commit " + c).orElse(""),
        deployment.path("status").asText());
    printOutcomes(deployment, "  ", out);
    out.flush();
    if (deployment.path("status").asText().equals("REFUSED")) {
      throw new CliException(
          "Deployment " + deployment.path("id").asLong() + " refused; see above for the reason");
    }
  }

  /** One line per pipeline of a deployment: what was done to it and what came of it. */
  static void printOutcomes(JsonNode deployment, String indent, PrintWriter out) {
    for (JsonNode outcome : deployment.path("outcomes")) {
      out.printf(
          Locale.ROOT,
          "%s%-20s %-9s %s%n",
          indent,
          outcome.path("pipeline").asText(),
          outcome.path("action").asText(),
          outcome.path("result").asText());
    }
  }

  static void printPlan(Path directory, JsonNode plan, PrintWriter out) {
    out.println("plan for " + directory + ":");
    for (JsonNode change : plan.path("changes")) {
      String action = change.path("action").asText();
      String mark =
          switch (action) {
            case "NEW" -> "+";
            case "CHANGED" -> "~";
            case "REMOVED" -> "-";
            default -> "=";
          };
      out.printf(
          Locale.ROOT,
          "  %s %-20s %-9s %s%n",
          mark,
          change.path("pipeline").asText(),
          action,
          change.path("target").asText());
      for (JsonNode line : change.path("diff")) {
        out.println("      " + line.asText());
      }
    }
    if (plan.path("changes").isEmpty()) {
      out.println("  (no pipelines)");
    }
  }

  /** The commit of the checkout holding {@code directory}, marked when it has local changes. */
  private static Optional<String> commit(Path directory) {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(directory.toFile());
    if (builder.getGitDir() == null) {
      return Optional.empty();
    }
    try (Repository repository = builder.build();
        Git git = new Git(repository)) {
      ObjectId head = repository.resolve("HEAD");
      if (head == null) {
        return Optional.empty();
      }
      boolean clean = git.status().call().isClean();
      return Optional.of(head.name() + (clean ? "" : "+local-changes"));
    } catch (IOException | GitAPIException e) {
      return Optional.empty();
    }
  }
}
