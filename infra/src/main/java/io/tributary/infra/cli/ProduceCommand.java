package io.tributary.infra.cli;

import io.tributary.infra.local.RuntimeInfo;
import io.tributary.stream.produce.FileProducer;
import io.tributary.stream.produce.ProduceReport;
import io.tributary.stream.produce.ProgressListener;
import io.tributary.stream.source.SourceSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tributary produce}: a batch file becomes a stream in the source's topic. */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description =
        "Publish every row of JSON-lines (.jsonl/.json), CSV (.csv, with a header row) or Parquet (.parquet) files to a source's topic, keyed by the source's key column. Rows that cannot be read are published as they are; landing sorts them into the source's rejects.")
final class ProduceCommand implements Callable<Integer> {
  @Spec CommandSpec command;

  @Mixin CliOptions.DataDir dataDir;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "NAME",
      description = "The declared source whose topic receives the rows.")
  String source;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to publish, in order.")
  List<Path> files;

  @Override
  public Integer call() throws Exception {
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    SourceSpec spec = runtime.sources().get(source);
    PrintWriter out = command.commandLine().getOut();
    ProduceReport report =
        new FileProducer(runtime.kafkaConnection())
            .produce(spec, files, new BarListener(spec.topic()));
    out.printf(
        Locale.ROOT,
        "produced %,d records from %d file%s to %s in %.1f s (%,.0f records/s)%n",
        report.records(),
        report.files(),
        report.files() == 1 ? "" : "s",
        spec.topic(),
        report.elapsed().toMillis() / 1000.0,
        report.recordsPerSecond());
    if (report.verbatim() > 0) {
      out.printf(
          Locale.ROOT,
          "%,d row%s could not be read as fields and went as they were; landing will reject them"
              + " into lake.bronze.%s_rejects with the reason%n",
          report.verbatim(),
          report.verbatim() == 1 ? "" : "s",
          spec.name());
    }
    return 0;
  }

  /** Draws progress by bytes read, with the record count beside it. */
  private static final class BarListener implements ProgressListener {
    private final String topic;
    private ProgressBar bar;

    BarListener(String topic) {
      this.topic = topic;
    }

    @Override
    public void started(long totalBytes) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(topic)
              .setInitialMax(Math.max(totalBytes, 1))
              .setStyle(ProgressBarStyle.ASCII)
              .setUnit(" KiB", 1024)
              .showSpeed()
              .setUpdateIntervalMillis(200)
              .build();
    }

    @Override
    public void advanced(long bytesRead, long records) {
      bar.stepTo(bytesRead);
      bar.setExtraMessage(String.format(Locale.ROOT, " %,d records", records));
    }

    @Override
    public void finished(ProduceReport report) {
      bar.stepTo(bar.getMax());
      bar.close();
    }
  }
}
