package io.tributary.infra.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** The closing lines of {@code bench ingest}: each figure beside its same-run baselines. */
final class IngestSummary {
  private IngestSummary() {}

  static void print(
      PrintWriter out,
      IngestBenchmark.Result result,
      BenchStack.Produced produced,
      Duration commitInterval) {
    long n = result.events();
    out.printf(
        Locale.ROOT,
        "best of the counted rounds:   ceiling %,.0f events/s | landing %,.0f events/s |"
            + " landing/ceiling %.2f%n",
        result.ceiling().bestPerSecond(n),
        result.landing().bestPerSecond(n),
        result.landing().bestPerSecond(n) / result.ceiling().bestPerSecond(n));
    out.printf(
        Locale.ROOT,
        "median of the counted rounds: ceiling %,.0f events/s | landing %,.0f events/s |"
            + " landing/ceiling %.2f%n",
        result.ceiling().medianPerSecond(n),
        result.landing().medianPerSecond(n),
        result.landing().medianPerSecond(n) / result.ceiling().medianPerSecond(n));
    out.printf(
        Locale.ROOT,
        "against plain Flink SQL:      plain SQL %,.0f events/s median (best %,.0f) |"
            + " landing/plain SQL %.2f median (best %.2f)%s%n",
        result.plainSql().medianPerSecond(n),
        result.plainSql().bestPerSecond(n),
        result.landing().medianPerSecond(n) / result.plainSql().medianPerSecond(n),
        result.landing().bestPerSecond(n) / result.plainSql().bestPerSecond(n),
        produced.bad() > 0
            ? String.format(
                Locale.ROOT, "; lost %,d bad events without a trace", produced.malformed())
            : "");
    if (result.connect().isPresent()) {
      Rounds connect = result.connect().get();
      out.printf(
          Locale.ROOT,
          "against Kafka Connect sink:   sink %,.0f events/s median (best %,.0f) |"
              + " landing/sink %.2f median (best %.2f); commit interval %.1f s%n",
          connect.medianPerSecond(n),
          connect.bestPerSecond(n),
          result.landing().medianPerSecond(n) / connect.medianPerSecond(n),
          result.landing().bestPerSecond(n) / connect.bestPerSecond(n),
          commitInterval.toMillis() / 1000.0);
    } else {
      out.printf(
          Locale.ROOT,
          "against Kafka Connect sink:   no figure: %s%n",
          result.connectFailure().orElse("not run"));
    }
    if (produced.bad() > 0) {
      out.printf(
          Locale.ROOT,
          "bad events (%,d malformed, %,d without order_id): landing rejected all %,d with their"
              + " reasons; plain SQL dropped the malformed ones silently and kept those without"
              + " order_id with a null key; the sink sent the malformed ones to its dead-letter"
              + " topic and kept those without order_id with a null key%n",
          produced.malformed(),
          produced.withoutKey(),
          produced.bad());
    }
  }
}
