package io.tributary.cli;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.lineage.Lineage;
import io.tributary.jobs.JobLauncher;
import io.tributary.local.LocalPlatform;
import io.tributary.local.RuntimeInfo;
import io.tributary.pipeline.PipelineSpec;
import io.tributary.pipeline.Pipelines;
import io.tributary.pipeline.StreamingPipeline;
import io.tributary.replay.DayReplay;
import io.tributary.replay.ReplayListener;
import io.tributary.replay.ReplayOffsets;
import io.tributary.replay.ReplayReport;
import io.tributary.source.SourceSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code tributary replay}: the T+1 batch, as a bounded replay of days from the log. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Replay a pipeline for a day (or each day of a range) on the running platform's Flink"
            + " cluster: its own SQL in batch mode over the day's events in the log, replacing"
            + " that day of its target in one commit. Prints rows written, the rows the stream"
            + " had, and the late events the replay added.")
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

  @Option(
      names = "--pipelines",
      paramLabel = "DIR",
      description =
          "Where the pipeline is declared (default: the pipeline directories of the running"
              + " platform).")
  List<Path> pipelineDirs = new ArrayList<>();

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      defaultValue = "2",
      description = "Parallelism of the replay job (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Override
  public Integer call() throws Exception {
    LocalDate last = to == null ? from : to;
    if (last.isBefore(from)) {
      throw new CliException("--to " + last + " is before --date " + from);
    }
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    PipelineSpec spec =
        Pipelines.find(pipelineDirs.isEmpty() ? runtime.pipelineDirs() : pipelineDirs, pipeline);
    List<SourceSpec> sources = runtime.sources().all();
    Optional<String> streamingJob = Optional.ofNullable(runtime.jobs().get(spec.jobName()));
    if (streamingJob.isPresent()) {
      refuseChanged(spec, sources);
    }
    PrintWriter out = command.commandLine().getOut();
    long days = from.datesUntil(last.plusDays(1)).count();
    try (LakeCatalog lake = LakeCatalog.open(runtime.catalog());
        Lineage lineage =
            Lineage.open(dataDir.dataDir.resolve(LocalPlatform.LINEAGE_DIR), runtime.lineage())) {
      DayReplay replay =
          DayReplay.builder()
              .lineage(lineage, LocalPlatform.lineageDatasets(runtime.kafka(), sources, lake))
              .pipeline(spec)
              .sources(sources)
              .streamingJob(streamingJob)
              .bootstrapServers(runtime.kafka())
              .lake(lake)
              .flinkRest(runtime.flink())
              .parallelism(parallelism)
              .listener(new Progress(out, days))
              .build();
      Thread cancel =
          new Thread(
              () ->
                  replay
                      .cancelRunningJob()
                      .ifPresent(
                          job ->
                              out.printf(
                                  Locale.ROOT,
                                  "replay interrupted: job %s cancelled; the day was not replaced%n",
                                  job)),
              "tributary-replay-cancel");
      Runtime.getRuntime().addShutdownHook(cancel);
      for (LocalDate day = from; !day.isAfter(last); day = day.plusDays(1)) {
        replay.replay(day);
      }
    }
    return 0;
  }

  /**
   * A replay must run the SQL that streams; if pipeline.yaml or transform.sql changed since the
   * streaming job started, the two would disagree.
   */
  private void refuseChanged(PipelineSpec spec, List<SourceSpec> sources) throws IOException {
    Path file = JobLauncher.fingerprintFile(dataDir.dataDir, spec.jobName());
    if (Files.exists(file)
        && !Files.readString(file).strip().equals(StreamingPipeline.fingerprint(spec, sources))) {
      throw new CliException(
          "Pipeline "
              + spec.name()
              + " changed since its streaming job started ("
              + spec.directory()
              + " is not what runs); a replay must run what the stream runs. Restart `up` to run"
              + " the new version, then replay.");
    }
  }

  /** Prints one line per step and the report of each day. */
  private static final class Progress implements ReplayListener {
    private final PrintWriter out;
    private final long days;
    private long day;
    private String lastWatermark;

    Progress(PrintWriter out, long days) {
      this.out = out;
      this.days = days;
    }

    @Override
    public void planned(LocalDate date, Map<String, ReplayOffsets.Bounds> bounds) {
      day++;
      String prefix = days > 1 ? "[" + day + "/" + days + "] " : "";
      out.printf(Locale.ROOT, "%sreplaying %s%n", prefix, date);
      bounds.forEach(
          (source, b) ->
              out.printf(
                  Locale.ROOT,
                  "  %s: %,d records from %s (%s)%n",
                  source,
                  b.range().records(),
                  b.readFrom(),
                  b.range()));
    }

    @Override
    public void jobStarted(LocalDate date, String jobId) {
      out.printf(Locale.ROOT, "  job %s running on the cluster%n", jobId);
    }

    @Override
    public void waitingForStream(LocalDate date, Optional<Instant> watermark, Instant needed) {
      String at = watermark.map(Instant::toString).orElse("not reported yet");
      if (!at.equals(lastWatermark)) {
        lastWatermark = at;
        out.printf(
            Locale.ROOT,
            "  waiting for the streaming job to finish %s: its watermark is %s, it must pass %s%n",
            date,
            at,
            needed);
      }
    }

    @Override
    public void stillRunning(LocalDate date, Duration elapsed) {
      out.printf(Locale.ROOT, "  ... %d s%n", elapsed.toSeconds());
    }

    @Override
    public void finished(ReplayReport report) {
      out.printf(
          Locale.ROOT,
          "  %s: %,d rows written (the stream had %,d); %,d late events included; %,d events"
              + " read in %.1f s%n",
          report.day(),
          report.rowsWritten(),
          report.rowsBefore(),
          report.lateEvents(),
          report.eventsRead(),
          report.elapsed().toMillis() / 1000.0);
    }
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
