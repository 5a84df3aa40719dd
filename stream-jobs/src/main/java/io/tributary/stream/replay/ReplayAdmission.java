package io.tributary.stream.replay;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.flink.FlinkRest;
import io.tributary.stream.pipeline.PipelineSpec;
import io.tributary.stream.source.SourceSpec;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a day may be replayed now, before anything is read or written: the day must be closed
 * (its end plus the pipeline's lateness has passed), the pipeline's streaming job must have moved
 * its event time past it (or it would write the day again after the replay), and the log must still
 * hold the start of the day. Each refusal is a {@link ReplayException} that says why.
 */
final class ReplayAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayAdmission.class);

  private final PipelineSpec pipeline;
  private final Clock clock;
  private final Optional<String> streamingJob;
  private final FlinkRest flink;
  private final Duration streamWait;
  private final ReplayListener listener;

  /**
   * @param streamingJob the Flink job id of the pipeline's streaming job, when it runs
   * @param flink the cluster's REST API, to read that job's watermark
   * @param streamWait how long to wait for the stream to finish the day before refusing
   */
  ReplayAdmission(
      PipelineSpec pipeline,
      Clock clock,
      Optional<String> streamingJob,
      FlinkRest flink,
      Duration streamWait,
      ReplayListener listener) {
    this.pipeline = requireNonNull(pipeline, "pipeline is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.streamingJob = requireNonNull(streamingJob, "streamingJob is null");
    this.flink = requireNonNull(flink, "flink is null");
    this.streamWait = requireNonNull(streamWait, "streamWait is null");
    this.listener = requireNonNull(listener, "listener is null");
  }

  /**
   * Admits {@code day}, replayed over {@code used}: refuses a day that is still open, and waits (up
   * to the stream wait) until the streaming job has finished it.
   */
  void admit(LocalDate day, List<SourceSpec> used) throws InterruptedException {
    Instant closes = closingTime(day, used);
    refuseOpenDay(day, closes);
    awaitStreamPast(day, closes);
  }

  /** Refuses the day when a source's topic no longer holds its start. */
  void refuseGaps(LocalDate day, Map<String, ReplayOffsets.Bounds> bounds) {
    for (Map.Entry<String, ReplayOffsets.Bounds> source : bounds.entrySet()) {
      ReplayOffsets.Bounds b = source.getValue();
      b.gap()
          .ifPresent(
              gap -> {
                String available =
                    gap.earliestAvailable()
                        .map(t -> "the earliest time still available is " + t)
                        .orElse(
                            gap.empty()
                                ? "no records remain in it"
                                : "its first record could not be read");
                throw new ReplayException(
                    "Cannot replay pipeline "
                        + pipeline.name()
                        + " for "
                        + day
                        + ": topic "
                        + b.topic()
                        + " (source "
                        + source.getKey()
                        + ") no longer holds the start of that day; partition "
                        + gap.partition()
                        + " now starts at offset "
                        + gap.logStart()
                        + " (older records were removed by retention) and "
                        + available
                        + ", while the day needs the log from "
                        + b.readFrom()
                        + ". Nothing was written.");
              });
    }
  }

  /** When the day closes: its end plus the lateness of the pipeline over the sources it reads. */
  private Instant closingTime(LocalDate day, List<SourceSpec> used) {
    Duration lateness =
        used.stream()
            .map(s -> pipeline.latenessFor(s.maxOutOfOrderness()))
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(lateness);
  }

  private void refuseOpenDay(LocalDate day, Instant closes) {
    Duration lateness =
        Duration.between(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), closes);
    if (clock.instant().isBefore(closes)) {
      throw new ReplayException(
          "Cannot replay pipeline "
              + pipeline.name()
              + " for "
              + day
              + ": the day is still open; its events may arrive on time until "
              + closes
              + " (lateness "
              + TimeUtils.formatWithHighestUnit(lateness)
              + "), and the stream is still writing them. Replay it after that.");
    }
  }

  /**
   * Waits until the pipeline's streaming job, when it runs, has moved its event time past the day:
   * from then on the stream writes nothing more into the day (later events of it are late), so the
   * replay's overwrite stands. A stream that is behind (catching up, or waiting for events to close
   * the day's windows) would otherwise write the day again after the replay.
   */
  private void awaitStreamPast(LocalDate day, Instant closes) throws InterruptedException {
    if (streamingJob.isEmpty()) {
      return;
    }
    String job = streamingJob.get();
    long deadline = System.nanoTime() + streamWait.toNanos();
    Optional<Instant> watermark = Optional.empty();
    while (true) {
      try {
        Optional<String> state = flink.state(job);
        if (state.isEmpty() || !state.get().equals("RUNNING")) {
          return;
        }
        watermark = flink.sinkWatermark(job);
      } catch (IOException e) {
        LOG.warn("Cannot read the watermark of job {} from Flink; trying again", job, e);
      }
      if (watermark.isPresent() && !watermark.get().isBefore(closes)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new ReplayException(
            "Cannot replay pipeline "
                + pipeline.name()
                + " for "
                + day
                + " yet: its streaming job "
                + job
                + " has not finished the day ("
                + watermark.map(w -> "its watermark is at " + w).orElse("no watermark yet")
                + "; it must pass "
                + closes
                + ", the day's end plus the lateness), so it could still write the day after"
                + " the replay. The stream moves on as newer events arrive; replay then. Nothing"
                + " was written.");
      }
      listener.waitingForStream(day, watermark, closes);
      TimeUnit.SECONDS.sleep(2);
    }
  }
}
