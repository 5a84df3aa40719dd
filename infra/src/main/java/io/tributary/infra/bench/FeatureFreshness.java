package io.tributary.infra.bench;

import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.group.FeatureGroupSpec;
import io.tributary.stream.source.SourceSpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;

/**
 * A feature group's freshness: its streaming job runs over a topic of its own while orders are
 * published at a steady rate, and probes (orders of restaurants of their own) are timed from
 * Kafka's acknowledgement until their effect is readable in the online store. Shared by {@code
 * bench features} and {@code bench freshness}.
 */
final class FeatureFreshness {
  /**
   * The probes' times from append to readable in DynamoDB, sorted, in ms, and the group as it ran
   * (under its own name, for its stats in the store).
   */
  record Result(FeatureGroupSpec group, List<Long> millis, long writeLagMillis) {
    long percentile(double p) {
      return millis.get(Math.min(millis.size() - 1, (int) (millis.size() * p)));
    }

    long max() {
      return millis.get(millis.size() - 1);
    }
  }

  private FeatureFreshness() {}

  static Result measure(
      BenchStack stack,
      OnlineStore store,
      FeatureLoad load,
      SourceSpec orders,
      FeatureGroupSpec example,
      String name,
      int entities,
      int rate,
      int seconds,
      int parallelism)
      throws Exception {
    String topic = "bench.features.fresh." + name;
    stack.createTopic(topic, 2);
    SourceSpec source = IngestBenchmark.renamed(orders, name, topic);
    FeatureGroupSpec group = FeatureBenchmark.renamed(example, name, source.name());
    JobClient client = FeatureBenchmark.submit(stack, store, group, source, parallelism);
    try {
      // the job reads from the end of an empty topic once it runs
      TimeUnit.SECONDS.sleep(5); // a benchmark's warm-up, not a test's wait
      List<Long> millis =
          load.paced(topic, rate, seconds, entities, 50, store, group.name()).stream()
              .sorted()
              .toList();
      if (millis.isEmpty()) {
        throw new IllegalStateException("No probe of " + name + " reached the online store");
      }
      return new Result(group, millis, load.lastWriteLag);
    } finally {
      client.cancel().get(1, TimeUnit.MINUTES);
    }
  }
}
