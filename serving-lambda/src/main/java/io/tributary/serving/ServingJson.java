package io.tributary.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.feature.aggregate.TopValue;
import io.tributary.feature.dynamodb.FeatureInfo;
import io.tributary.feature.dynamodb.FeatureRead;
import io.tributary.feature.dynamodb.GroupInfo;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** How the serving API writes what it answers. */
final class ServingJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ServingJson() {}

  /** {@code {"status": 404, "error": "Not Found", "message": "...", "field": "..."}}. */
  static ObjectNode error(int status, String message, Optional<String> field) {
    ObjectNode error = MAPPER.createObjectNode();
    error.put("status", status);
    error.put("error", reason(status));
    error.put("message", message);
    field.ifPresent(f -> error.put("field", f));
    return error;
  }

  static ObjectNode group(GroupInfo group) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("name", group.group());
    node.put("kind", group.kind());
    group.owner().ifPresentOrElse(o -> node.put("owner", o), () -> node.putNull("owner"));
    group
        .description()
        .ifPresentOrElse(d -> node.put("description", d), () -> node.putNull("description"));
    ArrayNode entity = node.putArray("entity");
    group.entity().forEach(entity::add);
    node.put("source", group.source());
    node.put("generation", group.generation());
    if (group.snapshot().isPresent()) {
      ObjectNode snapshot = node.putObject("snapshot");
      snapshot.put("id", group.snapshot().get());
      group.syncedAt().ifPresent(at -> snapshot.put("synced_at", at.toString()));
    } else {
      node.putNull("snapshot");
    }
    ArrayNode features = node.putArray("features");
    for (FeatureInfo feature : group.features()) {
      ObjectNode f = features.addObject();
      f.put("name", feature.name());
      f.put("aggregation", feature.aggregation().yamlName());
      f.put("type", feature.valueType());
      feature.window().ifPresentOrElse(w -> f.put("window", text(w)), () -> f.putNull("window"));
      feature.column().ifPresentOrElse(c -> f.put("column", c), () -> f.putNull("column"));
      if (feature.n() > 0) {
        f.put("n", feature.n());
      }
    }
    return node;
  }

  /**
   * One value: {@code value}, {@code status}, {@code event_time} (the newest event it reflects),
   * {@code age_ms} (how long before {@code now} that was), {@code position} (partition → offset it
   * was computed up to), {@code version}.
   */
  static ObjectNode value(FeatureRead read, Instant now) {
    ObjectNode node = MAPPER.createObjectNode();
    putValue(node, read.value());
    node.put("status", read.status().name());
    if (read.newestEventTime().isPresent()) {
      Instant newest = read.newestEventTime().get();
      node.put("event_time", newest.toString());
      node.put("age_ms", Math.max(0, Duration.between(newest, now).toMillis()));
    } else {
      node.putNull("event_time");
      node.putNull("age_ms");
    }
    ObjectNode position = node.putObject("position");
    read.position().forEach((partition, offset) -> position.put(partition.toString(), offset));
    if (read.newestEventTime().isPresent()) {
      node.put("version", read.version());
    } else {
      node.putNull("version");
    }
    return node;
  }

  private static void putValue(ObjectNode node, Object value) {
    if (value == null) {
      node.putNull("value");
    } else if (value instanceof Long number) {
      node.put("value", number);
    } else if (value instanceof BigDecimal decimal) {
      node.put("value", decimal);
    } else if (value instanceof List<?> list) {
      ArrayNode values = node.putArray("value");
      for (Object item : list) {
        TopValue top = (TopValue) item;
        values.addObject().put("value", top.value()).put("count", top.count());
      }
    } else {
      node.put("value", value.toString());
    }
  }

  /** {@code 10m}, {@code 1h}, {@code 7d}: a window as feature groups write it. */
  static String text(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Content Too Large";
      case 503 -> "Service Unavailable";
      default -> "Internal Server Error";
    };
  }
}
