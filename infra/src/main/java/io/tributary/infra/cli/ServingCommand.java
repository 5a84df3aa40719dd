package io.tributary.infra.cli;

import io.tributary.infra.local.RuntimeInfo;
import io.tributary.serving.ApiKey;
import io.tributary.serving.ApiKeys;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary serving keys add|list|revoke}: the serving API's keys. */
@Command(
    name = "serving",
    mixinStandardHelpOptions = true,
    subcommands = {ServingCommand.Keys.class},
    description =
        "The serving API (features over REST, the serving Lambda's handler): its API keys. Keys"
            + " live hashed in the online store, where the Lambda reads them.")
final class ServingCommand implements Runnable {
  @Spec CommandSpec command;

  @Override
  public void run() {
    command.commandLine().usage(command.commandLine().getOut());
  }

  /** {@code tributary serving keys}. */
  @Command(
      name = "keys",
      mixinStandardHelpOptions = true,
      subcommands = {Add.class, ListKeys.class, Revoke.class},
      description = "Add, list and revoke the serving API's keys.")
  static final class Keys implements Runnable {
    @Spec CommandSpec command;

    @Override
    public void run() {
      command.commandLine().usage(command.commandLine().getOut());
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Add a key that may read the given groups, and print it: the only time it is shown"
              + " (the store keeps its SHA-256). The serving API takes it within 10 s.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin CliOptions.DataDir dataDir;

    @Parameters(index = "0", description = "Who holds the key, such as partner-app.")
    String name;

    @Option(
        names = "--groups",
        required = true,
        split = ",",
        description = "The feature groups it may read, comma-separated; * for every group.")
    List<String> groups;

    @Override
    public Integer call() {
      try (ApiKeys keys = keys(dataDir)) {
        String key;
        try {
          key = keys.add(name, groups);
        } catch (IllegalArgumentException e) {
          throw new CliException(e.getMessage());
        }
        PrintWriter out = command.commandLine().getOut();
        out.println(key);
        out.flush();
        command
            .commandLine()
            .getErr()
            .println(
                "key "
                    + name
                    + " may read "
                    + String.join(", ", groups)
                    + "; send it as the x-api-key header. It is not shown again.");
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys.")
  static final class ListKeys implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin CliOptions.DataDir dataDir;

    @Override
    public Integer call() {
      PrintWriter out = command.commandLine().getOut();
      try (ApiKeys keys = keys(dataDir)) {
        List<ApiKey> all = keys.list();
        if (all.isEmpty()) {
          out.println(
              "no API keys: the serving API answers anyone on 127.0.0.1 (`serving keys add NAME"
                  + " --groups G` makes one)");
        } else {
          out.printf("%-24s %-12s %-26s %s%n", "NAME", "SHA-256", "CREATED", "GROUPS");
          for (ApiKey key : all) {
            out.printf(
                "%-24s %-12s %-26s %s%n",
                key.name(),
                key.sha256().substring(0, 10) + "…",
                key.created(),
                String.join(",", key.groups()));
          }
        }
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a key; the serving API refuses it within 10 s.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec command;
    @Mixin CliOptions.DataDir dataDir;

    @Parameters(index = "0", description = "The key's name.")
    String name;

    @Override
    public Integer call() {
      try (ApiKeys keys = keys(dataDir)) {
        if (!keys.revoke(name)) {
          throw new CliException(
              "There is no key named "
                  + name
                  + "; `tributary serving keys list` shows them: "
                  + Arrays.toString(keys.list().stream().map(ApiKey::name).toArray()));
        }
      }
      command.commandLine().getOut().println("revoked key " + name);
      command.commandLine().getOut().flush();
      return 0;
    }
  }

  private static ApiKeys keys(CliOptions.DataDir dataDir) {
    return ApiKeys.connect(FeaturesCommand.store(RuntimeInfo.running(dataDir.dataDir)));
  }
}
