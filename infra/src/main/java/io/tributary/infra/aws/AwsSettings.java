package io.tributary.infra.aws;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.constructs.Node;

/**
 * What one AWS environment of Tributary is made of, read from the CDK context ({@code cdk synth -c
 * key=value} or {@code cdk.json}), with the sources it runs read from their declarations.
 *
 * @param name the environment's name, which prefixes its resources: {@code tributary-dev}
 * @param sources the declared sources: their Kinesis streams and their landing jobs' alarms
 * @param kafkaBootstrap an existing Kafka cluster to use instead of creating an MSK cluster
 * @param servingJar the serving Lambda's deployment jar ({@code serving-lambda/target/})
 * @param checkpointInterval the jobs' checkpoint interval, which the checkpoint alarms follow
 * @param alarmEmail where alarms are mailed, if anywhere
 */
public record AwsSettings(
    String name,
    List<SourceSpec> sources,
    Optional<String> kafkaBootstrap,
    Path servingJar,
    Duration checkpointInterval,
    Optional<String> alarmEmail) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{2,30}");

  public AwsSettings {
    requireNonNull(name, "name is null");
    sources = List.copyOf(requireNonNull(sources, "sources is null"));
    requireNonNull(kafkaBootstrap, "kafkaBootstrap is null");
    requireNonNull(servingJar, "servingJar is null");
    requireNonNull(checkpointInterval, "checkpointInterval is null");
    requireNonNull(alarmEmail, "alarmEmail is null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Context value environment is '"
              + name
              + "': use 3 to 31 lower-case letters, digits and -, from a-z (it names S3 buckets)");
    }
  }

  /**
   * The settings the context gives, with paths relative to {@code home} (the checkout): {@code
   * environment} (default {@code tributary-dev}), {@code sources} (a directory of source
   * declarations, default {@code examples/sources}), {@code kafka-bootstrap}, {@code serving-jar},
   * {@code checkpoint-interval} (seconds, default 10) and {@code alarm-email}.
   */
  public static AwsSettings fromContext(Node context, Path home) {
    Path sources = home.resolve(text(context, "sources").orElse("examples/sources"));
    return new AwsSettings(
        text(context, "environment").orElse("tributary-dev"),
        Sources.load(sources).all(),
        text(context, "kafka-bootstrap"),
        home.resolve(
            text(context, "serving-jar").orElse("serving-lambda/target/serving-lambda.jar")),
        Duration.ofSeconds(Long.parseLong(text(context, "checkpoint-interval").orElse("10"))),
        text(context, "alarm-email"));
  }

  /** The online store's table: {@code <name>_features}, as the serving Lambda is told. */
  public String featureTable() {
    return name.replace('-', '_') + "_features";
  }

  private static Optional<String> text(Node context, String key) {
    Object value = context.tryGetContext(key);
    return value == null || value.toString().isBlank()
        ? Optional.empty()
        : Optional.of(value.toString().strip());
  }
}
