package io.tributary.gateway.feature;

import static java.util.Objects.requireNonNull;

import io.tributary.feature.dynamodb.OnlineStoreConfig;
import io.tributary.feature.group.FeatureGroupSpec;
import io.tributary.feature.job.FeatureJob;
import io.tributary.stream.job.JobDefinition;
import io.tributary.stream.job.JobKind;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.lineage.JobLineage;
import io.tributary.stream.lineage.LineageDatasets;
import io.tributary.stream.source.Sources;
import java.time.Duration;

/**
 * How the platform builds a feature group's jobs: its streaming job and its backfill, each with the
 * lineage of what it reads (the source's topic) and writes (the group's items in the store).
 *
 * @param coalesce how long an entity's changes gather before they are written
 */
public record FeatureJobs(
    KafkaConnection kafka,
    OnlineStoreConfig store,
    Sources sources,
    LineageDatasets datasets,
    int parallelism,
    Duration coalesce) {
  public FeatureJobs {
    requireNonNull(kafka, "kafka is null");
    requireNonNull(store, "store is null");
    requireNonNull(sources, "sources is null");
    requireNonNull(datasets, "datasets is null");
    requireNonNull(coalesce, "coalesce is null");
  }

  public JobDefinition streaming(FeatureGroupSpec group) {
    return definition(job(group, false), JobKind.FEATURE);
  }

  public JobDefinition backfill(FeatureGroupSpec group) {
    return definition(job(group, true), JobKind.FEATURE_BACKFILL);
  }

  /** The bounded recomputation of some entities that {@code features verify} compares. */
  public JobDefinition recompute(FeatureGroupSpec group, FeatureJob.Recompute recompute) {
    return definition(
        FeatureJob.builder()
            .group(group)
            .source(sources.get(group.source()))
            .kafka(kafka)
            .store(store)
            .parallelism(parallelism)
            .coalesce(coalesce)
            .recompute(recompute)
            .build(),
        JobKind.FEATURE_BACKFILL);
  }

  FeatureJob job(FeatureGroupSpec group, boolean backfill) {
    return FeatureJob.builder()
        .group(group)
        .source(sources.get(group.source()))
        .kafka(kafka)
        .store(store)
        .parallelism(parallelism)
        .coalesce(coalesce)
        .backfill(backfill)
        .build();
  }

  String topic(FeatureGroupSpec group) {
    return sources.get(group.source()).topic();
  }

  private JobDefinition definition(FeatureJob job, JobKind kind) {
    FeatureGroupSpec group = job.group();
    return job.definition(
        JobLineage.feature(
            job.jobName(),
            kind,
            sources.get(group.source()),
            "dynamodb://" + store.endpoint().map(e -> e.getAuthority()).orElse(store.region()),
            store.table(),
            group.name(),
            datasets));
  }
}
