package io.tributary.infra.cli;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.metadata.MaintenanceRecord;
import io.tributary.catalog.metadata.TableDescription;
import io.tributary.infra.local.RuntimeInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
    description =
        "List the lake's tables with owner, domain, rows, data files, average file size, delete"
            + " files, snapshots, last commit and last maintenance run.")
final class TablesCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "Only this namespace: bronze, silver, gold.")
  String namespace;

  /** One line, in at most about 120 columns: names longer than their column push the rest. */
  private static final String ROW = "%-29s %-13s %-9s %10s %6s %8s %7s %5s  %-11s  %s%n";

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
          ROW,
          "table",
          "owner",
          "domain",
          "rows",
          "files",
          "avg file",
          "deletes",
          "snaps",
          "last commit",
          "maintained");
      for (Namespace ns : listed) {
        List<TableIdentifier> ids =
            lake.iceberg().listTables(ns).stream()
                .sorted(Comparator.comparing(TableIdentifier::name))
                .toList();
        for (TableIdentifier id : ids) {
          String name = runtime.catalogName() + "." + id;
          TableDescription table = TableDescription.of(name, lake.loadTable(id));
          Optional<TableDescription.FileStats> files = table.files();
          out.printf(
              Locale.ROOT,
              ROW,
              name,
              table.metadata().owner().orElse("-"),
              table.metadata().domain().orElse("-"),
              String.format(Locale.ROOT, "%,d", table.rows()),
              files.map(f -> String.format(Locale.ROOT, "%,d", f.dataFiles())).orElse("-"),
              files.map(f -> bytes(f.averageFileBytes())).orElse("-"),
              files.map(f -> String.format(Locale.ROOT, "%,d", f.deleteFiles())).orElse("-"),
              String.format(Locale.ROOT, "%,d", table.snapshots()),
              table.lastCommit().map(TablesCommand::ago).orElse("-"),
              maintained(table.lastMaintenance()));
        }
      }
    }
    out.flush();
    return 0;
  }

  /** {@code 3m12s ago}. */
  static String ago(Instant instant) {
    return StatusCommand.human(Duration.between(instant, Instant.now())) + " ago";
  }

  /** When maintenance last ran, {@code never}, or {@code FAILED 2h5m ago}. */
  static String maintained(Optional<MaintenanceRecord> run) {
    return run.map(r -> (r.succeeded() ? "" : "FAILED ") + ago(r.finishedAt())).orElse("never");
  }

  /** {@code 812 B}, {@code 6.1 KiB}, {@code 128 MiB}: at most seven characters. */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = bytes / 1024.0;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
  }
}
