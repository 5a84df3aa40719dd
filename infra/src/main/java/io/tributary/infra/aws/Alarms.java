package io.tributary.infra.aws;

import io.tributary.stream.landing.LandingJob;
import io.tributary.stream.source.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * What the people who run such a platform ask to be told, each an alarm on one SNS topic: a landing
 * job's checkpoints stopped or grown old (no new bronze commits), a source's Kafka lag growing
 * (landing falls behind), a replay failed, the serving Lambda failing or slow at p99.
 *
 * <p>Checkpoint age and failed replays are published by the platform under the namespace {@value
 * #NAMESPACE} (per job: {@code CheckpointAgeSeconds}; {@code ReplayFailed}); a missing checkpoint
 * age counts as breaching, since a job that stopped publishing has stopped checkpointing too.
 */
final class Alarms extends Construct {
  static final String NAMESPACE = "Tributary";

  private final Topic topic;
  private final List<Alarm> alarms = new ArrayList<>();

  Alarms(
      Construct scope,
      String id,
      AwsSettings settings,
      Optional<KafkaCluster> kafka,
      Alias serving) {
    super(scope, id);
    topic =
        Topic.Builder.create(this, "Topic")
            .displayName("Tributary " + settings.name() + " alarms")
            .masterKey(
                Key.Builder.create(this, "TopicKey")
                    .description("Encrypts the alarms of " + settings.name())
                    .enableKeyRotation(true)
                    .build())
            .enforceSsl(true)
            .build();
    settings.alarmEmail().ifPresent(mail -> topic.addSubscription(new EmailSubscription(mail)));
    long staleSeconds = Math.max(3 * settings.checkpointInterval().toSeconds(), 60);
    for (SourceSpec source : settings.sources()) {
      String job = LandingJob.jobName(source);
      add(
          "Checkpoints" + source.name(),
          "Job " + job + " has not completed a checkpoint for " + staleSeconds + " s",
          Metric.Builder.create()
              .namespace(NAMESPACE)
              .metricName("CheckpointAgeSeconds")
              .dimensionsMap(Map.of("Job", job))
              .statistic("Maximum")
              .period(Duration.minutes(1))
              .build(),
          staleSeconds,
          3,
          TreatMissingData.BREACHING);
      kafka.ifPresent(
          cluster ->
              add(
                  "KafkaLag" + source.name(),
                  "Landing of " + source.name() + " is more than 100,000 events behind for 15 min",
                  Metric.Builder.create()
                      .namespace("AWS/Kafka")
                      .metricName("SumOffsetLag")
                      .dimensionsMap(
                          Map.of(
                              "Cluster Name", cluster.clusterName(),
                              "Consumer Group", LandingJob.consumerGroup(source),
                              "Topic", source.topic()))
                      .statistic("Maximum")
                      .period(Duration.minutes(5))
                      .build(),
                  100_000,
                  3,
                  TreatMissingData.NOT_BREACHING));
    }
    add(
        "ReplayFailed",
        "A replay of a day failed after its retries",
        Metric.Builder.create()
            .namespace(NAMESPACE)
            .metricName("ReplayFailed")
            .statistic("Sum")
            .period(Duration.minutes(5))
            .build(),
        1,
        1,
        TreatMissingData.NOT_BREACHING);
    add(
        "ServingErrors",
        "The serving Lambda failed invocations",
        serving.metricErrors(),
        1,
        1,
        TreatMissingData.NOT_BREACHING);
    add(
        "ServingLatencyP99",
        "The serving Lambda's p99 duration is above 1 s",
        serving
            .metricDuration()
            .with(
                software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                    .statistic("p99")
                    .period(Duration.minutes(5))
                    .build()),
        1_000,
        3,
        TreatMissingData.NOT_BREACHING);
  }

  private void add(
      String id,
      String description,
      software.amazon.awscdk.services.cloudwatch.IMetric metric,
      double threshold,
      int periods,
      TreatMissingData missing) {
    Alarm alarm =
        Alarm.Builder.create(this, id)
            .alarmDescription(description)
            .metric(metric)
            .threshold(threshold)
            .evaluationPeriods(periods)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .treatMissingData(missing)
            .build();
    alarm.addAlarmAction(new SnsAction(topic));
    alarms.add(alarm);
  }

  Topic topic() {
    return topic;
  }

  List<Alarm> alarms() {
    return List.copyOf(alarms);
  }
}
