package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Replays of a range of days, each asked of the platform API ({@code POST /api/v1/replays}) and run
 * on the platform's cluster; prints each day as it starts and its report when it ends. The first
 * day that fails stops the range with the platform's reason.
 */
final class PlatformReplays {
  private PlatformReplays() {}

  static void run(
      ApiClient api,
      String pipeline,
      LocalDate from,
      LocalDate to,
      boolean backfill,
      PrintWriter out) {
    long days = from.datesUntil(to.plusDays(1)).count();
    int index = 0;
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      index++;
      out.printf(
          Locale.ROOT,
          "%sreplaying %s of %s on the platform's cluster...%n",
          days > 1 ? "[" + index + "/" + days + "] " : "",
          day,
          pipeline);
      out.flush();
      JsonNode run =
          api.post(
              "/api/v1/replays",
              new ObjectMapper()
                  .createObjectNode()
                  .put("pipeline", pipeline)
                  .put("date", day.toString())
                  .put("backfill", backfill));
      Duration took =
          Duration.between(
              Instant.parse(run.path("startedAt").asText()),
              Instant.parse(run.path("finishedAt").asText()));
      out.printf(
          Locale.ROOT,
          "  %s: %,d rows written (the stream had %,d); %,d late events included; %,d events"
              + " read in %.1f s%n",
          day,
          run.path("rowsWritten").asLong(),
          run.path("rowsBefore").asLong(),
          run.path("lateEvents").asLong(),
          run.path("eventsRead").asLong(),
          took.toMillis() / 1000.0);
      out.flush();
    }
  }
}
