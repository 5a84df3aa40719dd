package io.tributary.stream.source;

import io.tributary.stream.kafka.KafkaConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of declared sources: {@code src.<name>} with its declared partitions and
 * {@code dlq.<name>}. What {@code up} does before its landing jobs start, and a landing job on
 * Kubernetes before it is submitted.
 */
public final class SourceTopics {
  private static final Logger LOG = LoggerFactory.getLogger(SourceTopics.class);

  private SourceTopics() {}

  /** Creates the missing topics of {@code sources} on the log {@code kafka} reaches. */
  public static void ensure(KafkaConnection kafka, List<SourceSpec> sources)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      ensure(admin, sources);
    }
  }

  /** Creates the missing topics of {@code sources} through {@code admin}. */
  public static void ensure(Admin admin, List<SourceSpec> sources)
      throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
    List<NewTopic> missing = new ArrayList<>();
    for (SourceSpec source : sources) {
      if (!existing.contains(source.topic())) {
        missing.add(
            new NewTopic(source.topic(), Optional.of(source.partitions()), Optional.empty()));
      }
      if (!existing.contains(source.deadLetterTopic())) {
        missing.add(new NewTopic(source.deadLetterTopic(), Optional.of(1), Optional.empty()));
      }
    }
    if (!missing.isEmpty()) {
      admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      LOG.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
    }
    // only topics that were there before: a topic just created has the declared count, and the
    // broker may not list it to describeTopics for a moment yet
    warnAboutPartitionCounts(
        admin, sources.stream().filter(s -> existing.contains(s.topic())).toList());
  }

  private static void warnAboutPartitionCounts(Admin admin, List<SourceSpec> sources)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<String> names = sources.stream().map(SourceSpec::topic).toList();
    if (names.isEmpty()) {
      return;
    }
    Map<String, TopicDescription> descriptions =
        admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
    for (SourceSpec source : sources) {
      int actual = descriptions.get(source.topic()).partitions().size();
      if (actual != source.partitions()) {
        LOG.warn(
            "Topic {} has {} partitions but source {} declares {}; Tributary does not repartition"
                + " an existing topic",
            source.topic(),
            actual,
            source.name(),
            source.partitions());
      }
    }
  }
}
