package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import io.tributary.gateway.jobs.ManagedJobs;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.job.LaunchedJob;
import io.tributary.stream.kinesis.KinesisBridge;
import io.tributary.stream.landing.LandingJob;
import io.tributary.stream.lineage.JobLineage;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.SourceTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * One landing job per declared source, started side by side once the sources' topics exist: each
 * resumes from its own state, so a restart lands no event twice. A source on a Kinesis stream also
 * gets its bridge, which moves the stream into the topic exactly once ({@link KinesisBridge}).
 */
final class Landing {
  private Landing() {}

  static void start(
      CoreStack stack,
      ManagedJobs jobs,
      List<SourceSpec> sources,
      LineageDatasets datasets,
      LocalConfig config,
      Shutdown shutdown,
      Banner banner)
      throws InterruptedException, ExecutionException, TimeoutException {
    requireNonNull(sources, "sources is null");
    SourceTopics.ensure(stack.kafkaConnection(), sources);
    for (SourceSpec declared : sources) {
      if (declared.kinesis().isPresent()) {
        SourceSpec source = declared.withKinesisEndpointIfUnset(config.kinesisEndpoint());
        shutdown.add(
            "the Kinesis bridge of " + source.name(),
            KinesisBridge.start(source, stack.kafkaConnection()));
        banner.kinesisBridge(source);
      }
    }
    List<JobDefinition> definitions = new ArrayList<>();
    for (SourceSpec source : sources) {
      definitions.add(
          LandingJob.builder()
              .source(source)
              .kafka(stack.kafkaConnection())
              .lake(stack.lake())
              .parallelism(config.jobs().parallelism())
              .build()
              .definition(JobLineage.landing(source, datasets, stack.lake().config().name())));
    }
    List<LaunchedJob> started = jobs.startAll(definitions);
    for (int i = 0; i < started.size(); i++) {
      banner.landing(sources.get(i), stack.lake().config().name(), started.get(i));
    }
    if (sources.isEmpty()) {
      banner.noSources();
    }
  }
}
