package io.tributary.infra.cli;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.metadata.SensitivityTag;
import io.tributary.catalog.metadata.TableMetadata;
import io.tributary.infra.local.RuntimeInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary tag}: marks a column as sensitive. */
@Command(
    name = "tag",
    mixinStandardHelpOptions = true,
    description =
        "Add a sensitivity tag (pii, secret, confidential, financial) to a column of a lake table;"
            + " tags are kept in the table, for every engine, and never removed by a restart.")
final class TagCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Parameters(index = "0", paramLabel = "TABLE", description = "lake.<namespace>.<table>")
  String table;

  @Parameters(index = "1", paramLabel = "COLUMN", description = "The column to tag.")
  String column;

  @Parameters(
      index = "2",
      paramLabel = "TAG",
      description = "pii, secret, confidential or financial.")
  String tag;

  @Override
  public Integer call() throws Exception {
    SensitivityTag known =
        SensitivityTag.of(tag)
            .orElseThrow(
                () ->
                    new CliException(
                        "'" + tag + "' is not a tag; use " + SensitivityTag.choices()));
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    PrintWriter out = command.commandLine().getOut();
    try (LakeCatalog lake = LakeCatalog.open(runtime.catalog())) {
      Table found = lake.findTable(table);
      if (found.schema().findField(column) == null) {
        throw new CliException(
            "Table "
                + table
                + " has no column '"
                + column
                + "'; its columns: "
                + found.schema().columns().stream().map(Types.NestedField::name).toList());
      }
      boolean added = TableMetadata.tag(found, column, known);
      out.println(
          table + "." + column + (added ? " tagged " : " already tagged ") + known.tagName());
    }
    out.flush();
    return 0;
  }
}
