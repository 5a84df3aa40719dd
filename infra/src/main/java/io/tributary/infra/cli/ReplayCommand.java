package io.tributary.infra.cli;

import io.tributary.infra.local.RuntimeInfo;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code tributary replay}: the T+1 batch, as a bounded replay of days from the log, asked of the
 * platform (its API) and run on its cluster with the version of the pipeline that streams.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Replay a pipeline for a day (or each day of a range) on the running platform: the SQL of"
            + " the version that streams, in batch mode over the day's events in the log,"
            + " replacing that day of its target in one commit. Prints rows written, the rows the"
            + " stream had, and the late events the replay added; recorded in `runs`.")
final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec command;
  @Mixin CliOptions.DataDir dataDir;

  @Option(
      names = "--pipeline",
      required = true,
      paramLabel = "NAME",
      description = "The pipeline to replay.")
  String pipeline;

  @Option(
      names = "--date",
      required = true,
      paramLabel = "YYYY-MM-DD",
      converter = DayConverter.class,
      description = "The (first) day to replay, UTC.")
  LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM-DD",
      converter = DayConverter.class,
      description = "The last day to replay; each day from --date to --to is replayed in turn.")
  LocalDate to;

  @Override
  public Integer call() {
    LocalDate last = to == null ? from : to;
    if (last.isBefore(from)) {
      throw new CliException("--to " + last + " is before --date " + from);
    }
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    PlatformReplays.run(
        ApiClient.of(runtime.api()), pipeline, from, last, false, command.commandLine().getOut());
    return 0;
  }

  static final class DayConverter implements ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' is not a day; write it as YYYY-MM-DD");
      }
    }
  }
}
