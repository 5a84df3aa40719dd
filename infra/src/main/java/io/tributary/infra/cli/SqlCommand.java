package io.tributary.infra.cli;

import io.tributary.infra.local.RuntimeInfo;
import io.tributary.infra.query.QueryResult;
import io.tributary.infra.query.ResultFormat;
import io.tributary.infra.query.SqlRunner;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary sql}: one Flink SQL statement through the running platform's SQL gateway. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description =
        "Run one Flink SQL statement through the running platform's SQL gateway, in a new session (batch mode): tables lake.<layer>.<table> (Iceberg) and src.<source> (the source's valid events in Kafka, up to now). Timestamps are shown in UTC.")
final class SqlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CliOptions.DataDir dataDir;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      converter = FormatConverter.class,
      description =
          "table, csv (header row, then one line per row) or json (one object per row); default: ${DEFAULT-VALUE}.")
  ResultFormat format;

  @Parameters(
      index = "0",
      paramLabel = "SQL",
      description = "The statement, e.g. \"SELECT COUNT(*) FROM lake.bronze.orders\".")
  String statement;

  @Override
  public Integer call() throws Exception {
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    SqlRunner runner = new SqlRunner(runtime.gateway());
    QueryResult result = runner.run(statement);
    PrintWriter out = spec.commandLine().getOut();
    format.print(result, out);
    out.flush();
    return 0;
  }

  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<ResultFormat> {
    @Override
    public ResultFormat convert(String value) {
      try {
        return ResultFormat.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not a format; use table, csv or json");
      }
    }
  }
}
