package io.tributary.infra.cli;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.metadata.TableDescription;
import io.tributary.infra.local.RuntimeInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary tables}: the data map's table list. */
@Command(
    name = "tables",
    mixinStandardHelpOptions = true,
    description = "List the lake's tables with owner, domain, rows and last commit.")
final class TablesCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "Only this namespace: bronze, silver, gold.")
  String namespace;

  @Override
  public Integer call() throws Exception {
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    PrintWriter out = command.commandLine().getOut();
    try (LakeCatalog lake = LakeCatalog.open(runtime.catalog())) {
      SupportsNamespaces namespaces = (SupportsNamespaces) lake.iceberg();
      List<Namespace> listed =
          namespace == null
              ? namespaces.listNamespaces().stream()
                  .sorted(Comparator.comparing(Namespace::toString))
                  .toList()
              : List.of(Namespace.of(namespace));
      if (namespace != null && !namespaces.namespaceExists(listed.get(0))) {
        throw new CliException(
            "Namespace '"
                + namespace
                + "' does not exist; namespaces: "
                + namespaces.listNamespaces().stream().map(Namespace::toString).sorted().toList());
      }
      out.printf(
          Locale.ROOT,
          "%-34s %-16s %-12s %12s  %s%n",
          "table",
          "owner",
          "domain",
          "rows",
          "last commit");
      for (Namespace ns : listed) {
        List<TableIdentifier> ids =
            lake.iceberg().listTables(ns).stream()
                .sorted(Comparator.comparing(TableIdentifier::name))
                .toList();
        for (TableIdentifier id : ids) {
          String name = runtime.catalogName() + "." + id;
          TableDescription table = TableDescription.of(name, lake.loadTable(id));
          out.printf(
              Locale.ROOT,
              "%-34s %-16s %-12s %,12d  %s%n",
              name,
              table.metadata().owner().orElse("-"),
              table.metadata().domain().orElse("-"),
              table.rows(),
              table
                  .lastCommit()
                  .map(t -> StatusCommand.human(Duration.between(t, Instant.now())) + " ago")
                  .orElse("no commits yet"));
        }
      }
    }
    out.flush();
    return 0;
  }
}
